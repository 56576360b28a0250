//! Figures that must not reach the site by accident: a cumulative metric
//! going down (an error unless the report declares it a correction), figures
//! dated before their campaign starts (an error) or long after it ends, and
//! a value ten times or a tenth of the one before (a misplaced decimal point).

use crate::messages::model::Model;
use chrono::NaiveDate;

use super::{MetricProgress, Point};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Seg;
use crate::model::{Campaign, PageId, Site};

/// Figures dated this many days after a campaign's end are worth a look.
const LATE_DAYS: i64 = 30;

/// Report `pi` (dated `date`) of campaign `c`: its figures must fall within the campaign.
pub(super) fn dated_within(site: &Site, c: &Campaign, pi: PageId, date: NaiveDate, diags: &mut Diagnostics) {
    let page = &site.pages[pi];
    let m = &page.meta;
    let field = if !m.metrics.is_empty() {
        "metrics"
    } else if !m.targets.is_empty() {
        "targets"
    } else if m.projects.iter().any(|p| p.status.is_some() || p.progress.is_some() || p.investment.is_some()) {
        "projects"
    } else {
        return;
    };
    let late = (date - c.end).num_days() > LATE_DAYS;
    if date >= c.start && !late && m.corrections.is_empty() {
        return;
    }
    // Looked up only for a message: finding a line means scanning the front-matter.
    let f = site.source_of(page);
    let line = f.line_of(&[Seg::Key(field)]);
    let campaign_file = site.sources[c.source].path.display();
    if date < c.start {
        diags.push(
            Diagnostic::error(
                &f.path,
                line,
                Model::BeforeStart {
                    date: date.to_string(),
                    field: field.to_string(),
                    id: c.id.clone(),
                    start: c.start.to_string(),
                },
            )
            .field(field)
            .quoting(&f.source)
            .hint(Model::BeforeStartHint { file: campaign_file.to_string() }),
        );
    } else if late {
        diags.push(
            Diagnostic::warning(
                &f.path,
                line,
                Model::AfterEnd {
                    field: field.to_string(),
                    date: date.to_string(),
                    days: (date - c.end).num_days(),
                    id: c.id.clone(),
                    end: c.end.to_string(),
                },
            )
            .field(field)
            .hint(Model::AfterEndHint { file: campaign_file.to_string() }),
        );
    }
    for (k, key) in m.corrections.iter().enumerate() {
        if !m.metrics.contains_key(key) {
            diags.push(
                Diagnostic::error(
                    &f.path,
                    f.line_of(&[Seg::Key("corrections"), Seg::Index(k)]),
                    Model::CorrectionNotGiven { key: key.clone() },
                )
                .field(format!("corrections[{k}]"))
                .quoting(&f.source)
                .hint(Model::CorrectionNotGivenHint { keys: keys(m) }),
            );
        }
    }
}

fn keys(m: &crate::load::PageMeta) -> Option<String> {
    let k: Vec<&str> = m.metrics.keys().map(String::as_str).collect();
    (!k.is_empty()).then(|| k.join(", "))
}

/// Metric `m` goes from `last` to `now` (a later report).
pub(super) fn step(site: &Site, m: &MetricProgress, last: &Point, now: &Point, diags: &mut Diagnostics) {
    let page = &site.pages[now.page];
    let (was, value) = (last.value, now.value);
    let down = m.cumulative && value < was;
    let tenfold = was > 0.0 && value > 0.0 && (value >= was * 10.0 || value * 10.0 <= was);
    if !down && !tenfold {
        return;
    }
    let corrected = page.meta.corrections.iter().any(|k| k == &m.key);
    let f = site.source_of(page);
    let line = f.line_of(&[Seg::Key("metrics"), Seg::Key(&m.key)]);
    let earlier = &site.sources[site.pages[last.page].source].path;
    if down && !corrected {
        diags.push(
            Diagnostic::error(
                &f.path,
                line,
                Model::GoesDown {
                    key: m.key.clone(),
                    was: was.to_string(),
                    file: earlier.display().to_string(),
                    date: last.date.to_string(),
                    value: value.to_string(),
                },
            )
            .field(format!("metrics.{}", m.key))
            .quoting(&f.source)
            .hint(Model::GoesDownHint { key: m.key.clone() }),
        );
        return;
    }
    if tenfold && !corrected {
        diags.push(
            Diagnostic::warning(
                &f.path,
                line,
                Model::Jumps {
                    key: m.key.clone(),
                    was: was.to_string(),
                    file: earlier.display().to_string(),
                    value: value.to_string(),
                },
            )
            .field(format!("metrics.{}", m.key))
            .quoting(&f.source)
            .hint(Model::JumpsHint),
        );
    }
}
