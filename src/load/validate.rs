//! Field checks that need only the file itself: required fields, dates,
//! enums and ranges. Every problem becomes a diagnostic with its line.

use super::frontmatter::Seg;
use super::schema::{self, Field, UnknownKeys};
use super::{CampaignMeta, FileKind, PageMeta, SourceFile, CAMPAIGN_FIELDS, PAGE_FIELDS, SECTION_FIELDS};
use crate::dates;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::load::{Load, NumberKind};

pub fn file(f: &SourceFile, diags: &mut Diagnostics) {
    let (unknown, known) = match &f.kind {
        FileKind::Page(m) => {
            page(f, m, diags);
            (&m.unknown, PAGE_FIELDS)
        }
        FileKind::Campaign(m) => {
            campaign(f, m, diags);
            (&m.unknown, CAMPAIGN_FIELDS)
        }
        FileKind::Section(m) => {
            if m.paginate_by == Some(0) {
                diags.push(err(f, &[Seg::Key("paginate_by")], "paginate_by", Load::PaginateZero));
            }
            (&m.unknown, SECTION_FIELDS)
        }
    };
    unknown_keys(f, unknown, known, diags);
}

fn err(f: &SourceFile, path: &[Seg], field: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(&f.path, f.line_of(path), msg).field(field).quoting(&f.source)
}

fn page(f: &SourceFile, m: &PageMeta, diags: &mut Diagnostics) {
    if m.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(
            Diagnostic::error(&f.path, f.yaml_line.saturating_sub(1).max(1), Load::NeedsTitle)
                .field("title")
                .hint(Load::NeedsTitleHint),
        );
    }
    let is_report = f.section == "reports" || m.campaign.is_some();
    match &m.date {
        None if is_report => diags.push(
            Diagnostic::error(&f.path, f.yaml_line.saturating_sub(1).max(1), Load::NeedsDate)
                .field("date")
                .hint(Load::NeedsDateHint),
        ),
        Some(d) => date_field(f, "date", d, diags),
        None => {}
    }
    if let Some(d) = &m.updated {
        date_field(f, "updated", d, diags);
    }
    if let Some(d) = &m.expires {
        date_field(f, "expires", d, diags);
    }
    if let Some(s) = &m.slug {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            diags.push(err(f, &[Seg::Key("slug")], "slug", Load::BadSlug { found: s.clone() }).hint(Load::BadSlugHint));
        } else if s.len() > crate::text::MAX_SLUG_BYTES {
            diags.push(
                err(f, &[Seg::Key("slug")], "slug", Load::LongSlug { len: s.len(), max: crate::text::MAX_SLUG_BYTES })
                    .hint(Load::LongSlugHint),
            );
        }
    }
    if let Some(c) = &m.county {
        url_name(f, &[Seg::Key("county")], format_args!("county"), c, diags);
    }
    for (i, t) in m.tags.iter().enumerate() {
        url_name(f, &[Seg::Key("tags"), Seg::Index(i)], format_args!("tags[{i}]"), t, diags);
    }
    for (k, &v) in &m.metrics {
        number(f, &[Seg::Key("metrics"), Seg::Key(k)], format_args!("metrics.{k}"), v, METRIC, diags);
    }
    for (i, t) in m.targets.iter().enumerate() {
        for (name, v) in [("target", t.target), ("actual", t.actual)] {
            let at = [Seg::Key("targets"), Seg::Index(i), Seg::Key(name)];
            number(f, &at, format_args!("targets[{i}].{name}"), v, AMOUNT, diags);
        }
    }
    for (i, p) in m.projects.iter().enumerate() {
        let at = |k: &'static str| [Seg::Key("projects"), Seg::Index(i), Seg::Key(k)];
        if let Some(v) = p.progress {
            number(f, &at("progress"), format_args!("projects[{i}].progress"), v, PERCENT, diags);
        }
        if let Some(v) = p.investment {
            number(f, &at("investment"), format_args!("projects[{i}].investment"), v, INVESTMENT, diags);
        }
        if let Some(v) = p.completed_investment {
            let field = format_args!("projects[{i}].completed_investment");
            number(f, &at("completed_investment"), field, v, INVESTMENT, diags);
        }
        if let Some(s) = &p.started {
            if dates::parse_month_or_date(s).is_none() {
                let d = err(
                    f,
                    &at("started"),
                    &format!("projects[{i}].started"),
                    Load::BadMonthOrDate { found: s.clone() },
                );
                diags.push(year_hint(d, s));
            }
        }
        match &p.id {
            Some(id) => url_name(f, &at("id"), format_args!("projects[{i}].id"), id, diags),
            None if !p.name.trim().is_empty() => {
                url_name(f, &at("name"), format_args!("projects[{i}].name"), &p.name, diags)
            }
            None => {}
        }
        if p.name.trim().is_empty() {
            diags.push(err(f, &at("name"), &format!("projects[{i}].name"), Load::ProjectNeedsName));
        }
    }
    for (i, r) in m.rankings.iter().enumerate() {
        let at = [Seg::Key("rankings"), Seg::Index(i), Seg::Key("score")];
        number(f, &at, format_args!("rankings[{i}].score"), r.score, SCORE, diags);
        if let Some(g) = &r.grade {
            if !matches!(g.as_str(), "优" | "中" | "差") {
                diags.push(err(
                    f,
                    &[Seg::Key("rankings"), Seg::Index(i), Seg::Key("grade")],
                    &format!("rankings[{i}].grade"),
                    Load::BadGrade { found: g.clone() },
                ));
            }
        }
    }
}

fn campaign(f: &SourceFile, m: &CampaignMeta, diags: &mut Diagnostics) {
    if m.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(Diagnostic::error(&f.path, 1, Load::CampaignNeedsTitle).field("title"));
    }
    url_name(f, &[], format_args!("(file name)"), &f.stem, diags);
    if let Some(s) = &m.series {
        url_name(f, &[Seg::Key("series")], format_args!("series"), s, diags);
    }
    if let Some(c) = &m.county {
        url_name(f, &[Seg::Key("county")], format_args!("county"), c, diags);
    }
    let mut window = [None, None];
    for (slot, (name, v)) in window.iter_mut().zip([("start", &m.start), ("end", &m.end)]) {
        match v {
            None => diags.push(
                Diagnostic::error(&f.path, 1, Load::CampaignNeedsDate { name: name.to_string() })
                    .field(name)
                    .hint(Load::AddDateHint { name: name.to_string() }),
            ),
            Some(d) => match dates::parse(d) {
                Some(w) => *slot = Some(w.date()),
                None => date_field(f, name, d, diags),
            },
        }
    }
    if let [Some(s), Some(e)] = window {
        if e < s {
            diags.push(err(
                f,
                &[Seg::Key("end")],
                "end",
                Load::EndsBeforeStart { end: e.to_string(), start: s.to_string() },
            ));
        }
    }
    for (name, v) in [("date", &m.date), ("updated", &m.updated)] {
        if let Some(d) = v {
            date_field(f, name, d, diags);
        }
    }
    if m.metrics.values().filter(|d| d.headline).count() > 1 {
        diags.push(err(f, &[Seg::Key("metrics")], "metrics", Load::OneHeadline));
    }
    for (k, d) in &m.metrics {
        if let Some(t) = d.target {
            let at = [Seg::Key("metrics"), Seg::Key(k), Seg::Key("target")];
            number(f, &at, format_args!("metrics.{k}.target"), t, AMOUNT, diags);
        }
    }
}

/// A name that becomes part of a URL (`/projects/<slug>/`) must give a slug:
/// `！！！` would make `/projects//`, and the page would vanish.
/// (`field` is written out only for a message: most values pass.)
fn url_name(f: &SourceFile, at: &[Seg], field: std::fmt::Arguments, value: &str, diags: &mut Diagnostics) {
    if crate::text::slug::has_slug(value) {
        return;
    }
    let line = if at.is_empty() { 0 } else { f.line_of(at) };
    diags.push(
        Diagnostic::error(&f.path, line, Load::NoSlug { value: value.to_string() })
            .field(field.to_string())
            .quoting(&f.source)
            .hint(if at.is_empty() { Load::NoSlugFileHint } else { Load::NoSlugHint }),
    );
}

/// The values a kind of number may take: wider than any county reports,
/// narrow enough that a value past it is a typo and every chart can draw it
/// (a chart's scale over ±1e308 overflows).
#[derive(Clone, Copy)]
struct Limit {
    min: f64,
    max: f64,
    /// What the number is, for the message.
    what: NumberKind,
}

/// A reported figure (a count, an amount in its unit, a rate that may fall).
const METRIC: Limit = Limit { min: -1e9, max: 1e12, what: NumberKind::Figure };
/// Targets and actuals: counts or amounts, never negative.
const AMOUNT: Limit = Limit { min: 0.0, max: 1e12, what: NumberKind::Amount };
/// A project's investment in 亿元: 100,000 亿元 is past any single project.
const INVESTMENT: Limit = Limit { min: 0.0, max: 1e5, what: NumberKind::Investment };
const PERCENT: Limit = Limit { min: 0.0, max: 100.0, what: NumberKind::Percent };
/// A ranking score: points or a percent, possibly negative (deductions).
const SCORE: Limit = Limit { min: -1e6, max: 1e6, what: NumberKind::Score };

fn number(f: &SourceFile, at: &[Seg], field: std::fmt::Arguments, v: f64, limit: Limit, diags: &mut Diagnostics) {
    if v.is_finite() && (limit.min..=limit.max).contains(&v) {
        return;
    }
    let found = if v.is_nan() { Load::NotANumber.to_string() } else { format!("{v}") };
    diags.push(
        err(f, at, &field.to_string(), Load::OutOfRange { kind: limit.what, min: limit.min, max: limit.max, found })
            .hint(Load::OutOfRangeHint),
    );
}

fn year_hint(d: Diagnostic, value: &str) -> Diagnostic {
    if let Some(why) = dates::why_impossible(value) {
        return d.hint(Load::NoSuchDay { why });
    }
    match dates::year_out_of_range(value) {
        Some(year) => d.hint(Load::YearOutOfRange { year, from: *dates::YEARS.start(), to: *dates::YEARS.end() }),
        None => d.hint(Load::DateExample),
    }
}

fn date_field(f: &SourceFile, name: &str, value: &str, diags: &mut Diagnostics) {
    if dates::parse(value).is_none() {
        let d = err(f, &[Seg::Key(name)], name, Load::BadDate { found: value.to_string() });
        diags.push(year_hint(d, value));
    }
}

/// Unknown top-level keys (as serde collected them) are warnings: usually a
/// typo (`tittle`), and the value would silently be ignored.
fn unknown_keys(f: &SourceFile, unknown: &UnknownKeys, known: &[Field], diags: &mut Diagnostics) {
    if unknown.0.is_empty() {
        return;
    }
    // Each occurrence at its own line, in file order; a key serde saw but the
    // line scan cannot place (written in flow style) points at the front-matter.
    let mut lines: Vec<(usize, &str)> = super::frontmatter::top_level_keys(f.yaml())
        .filter(|(_, k)| unknown.0.iter().any(|u| u == k))
        .map(|(i, k)| (f.yaml_line + i, k))
        .collect();
    for key in &unknown.0 {
        if !lines.iter().any(|(_, k)| k == key) {
            lines.push((f.yaml_line.saturating_sub(1).max(1), key));
        }
    }
    let known: Vec<&str> = schema::keys(known).collect();
    for (line, key) in lines {
        let hint = match crate::text::closest::closest(key, known.iter().copied()) {
            Some(near) => Load::UnknownKeyNear { near: near.to_string(), known: known.join(", ") },
            None => Load::UnknownKeyHint { known: known.join(", ") },
        };
        diags.push(
            Diagnostic::warning(&f.path, line, Load::UnknownKey { key: key.to_string() })
                .field(key)
                .quoting(&f.source)
                .hint(hint),
        );
    }
}
