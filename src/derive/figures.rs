//! Figures that must not reach the site by accident: a cumulative metric
//! going down (an error unless the report declares it a correction), figures
//! dated before their campaign starts (an error) or long after it ends, and
//! a value ten times or a tenth of the one before (a misplaced decimal point).

use chrono::NaiveDate;

use super::{MetricProgress, Point};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Seg;
use crate::model::{Campaign, Site};

/// Figures dated this many days after a campaign's end are worth a look.
const LATE_DAYS: i64 = 30;

/// Report `pi` (dated `date`) of campaign `c`: its figures must fall within the campaign.
pub(super) fn dated_within(site: &Site, c: &Campaign, pi: usize, date: NaiveDate, diags: &mut Diagnostics) {
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
                format!("this report, dated {date}, carries campaign figures (`{field}`) but campaign {:?} starts on {}", c.id, c.start),
            )
            .field(field)
            .quoting(&f.source)
            .hint(format!(
                "check the report's `date` and the campaign's `start` ({campaign_file}); a kickoff report before the start may have no figures"
            )),
        );
    } else if late {
        diags.push(
            Diagnostic::warning(
                &f.path,
                line,
                format!(
                    "figures (`{field}`) dated {date}, {} days after campaign {:?} ended on {}",
                    (date - c.end).num_days(),
                    c.id,
                    c.end
                ),
            )
            .field(field)
            .hint(format!("check the report's `date` and `campaign`, and the campaign's `end` ({campaign_file})")),
        );
    }
    for (k, key) in m.corrections.iter().enumerate() {
        if !m.metrics.contains_key(key) {
            diags.push(
                Diagnostic::error(
                    &f.path,
                    f.line_of(&[Seg::Key("corrections"), Seg::Index(k)]),
                    format!("`corrections` names `{key}`, which this report's `metrics` do not give"),
                )
                .field(format!("corrections[{k}]"))
                .quoting(&f.source)
                .hint(format!("list only metrics this report corrects; it gives: {}", keys(m))),
            );
        }
    }
}

fn keys(m: &crate::load::PageMeta) -> String {
    let k: Vec<&str> = m.metrics.keys().map(String::as_str).collect();
    if k.is_empty() {
        "(none)".into()
    } else {
        k.join(", ")
    }
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
                format!(
                    "cumulative metric `{}` goes down from {was} ({}, {}) to {value}",
                    m.key,
                    earlier.display(),
                    last.date
                ),
            )
            .field(format!("metrics.{}", m.key))
            .quoting(&f.source)
            .hint(format!(
                "correct the figure; if the earlier one was wrong, add `corrections: [{}]` (the page then shows a 数据更正 note), or declare the metric `cumulative: false`",
                m.key
            )),
        );
        return;
    }
    if tenfold && !corrected {
        diags.push(
            Diagnostic::warning(
                &f.path,
                line,
                format!(
                    "metric `{}` jumps from {was} ({}) to {value}: a misplaced decimal point?",
                    m.key,
                    earlier.display()
                ),
            )
            .field(format!("metrics.{}", m.key))
            .quoting(&f.source)
            .hint("check the figure against the source; if it is right, nothing needs to change"),
        );
    }
}
