//! Field checks that need only the file itself: required fields, dates,
//! enums and ranges. Every problem becomes a diagnostic with its line.

use super::frontmatter::Seg;
use super::{CampaignMeta, FileKind, PageMeta, SourceFile, CAMPAIGN_KEYS, PAGE_KEYS, SECTION_KEYS};
use crate::dates;
use crate::diag::{Diagnostic, Diagnostics};

pub fn file(f: &SourceFile, diags: &mut Diagnostics) {
    let keys = match &f.kind {
        FileKind::Page(m) => {
            page(f, m, diags);
            PAGE_KEYS
        }
        FileKind::Campaign(m) => {
            campaign(f, m, diags);
            CAMPAIGN_KEYS
        }
        FileKind::Section(m) => {
            if m.paginate_by == Some(0) {
                diags.push(err(f, &[Seg::Key("paginate_by")], "paginate_by", "must be at least 1, found 0"));
            }
            SECTION_KEYS
        }
    };
    unknown_keys(f, keys, diags);
}

fn err(f: &SourceFile, path: &[Seg], field: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(&f.path, f.line_of(path), msg).field(field).quoting(&f.source)
}

fn page(f: &SourceFile, m: &PageMeta, diags: &mut Diagnostics) {
    if m.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(
            Diagnostic::error(&f.path, f.yaml_line.saturating_sub(1).max(1), "every page needs a title")
                .field("title")
                .hint("add `title: ...` to the front-matter"),
        );
    }
    let is_report = f.section == "reports" || m.campaign.is_some();
    match &m.date {
        None if is_report => diags.push(
            Diagnostic::error(&f.path, f.yaml_line.saturating_sub(1).max(1), "a report needs its publication date")
                .field("date")
                .hint("add `date: YYYY-MM-DD`"),
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
            diags.push(
                err(f, &[Seg::Key("slug")], "slug", format!("slug may hold only a-z, 0-9 and -, found {s:?}"))
                    .hint("write it in pinyin, e.g. `dongguang-r7-kickoff`"),
            );
        }
    }
    for (k, v) in &m.metrics {
        if !v.is_finite() {
            diags.push(err(f, &[Seg::Key("metrics"), Seg::Key(k)], &format!("metrics.{k}"), "expected a number"));
        }
    }
    for (i, t) in m.targets.iter().enumerate() {
        for (name, v) in [("target", t.target), ("actual", t.actual)] {
            if !v.is_finite() || v < 0.0 {
                diags.push(err(
                    f,
                    &[Seg::Key("targets"), Seg::Index(i), Seg::Key(name)],
                    &format!("targets[{i}].{name}"),
                    format!("expected a number of 0 or more, found {v}"),
                ));
            }
        }
    }
    for (i, p) in m.projects.iter().enumerate() {
        let at = |k: &'static str| [Seg::Key("projects"), Seg::Index(i), Seg::Key(k)];
        if let Some(v) = p.progress {
            if !(0.0..=100.0).contains(&v) {
                diags.push(err(
                    f,
                    &at("progress"),
                    &format!("projects[{i}].progress"),
                    format!("progress is a percent from 0 to 100, found {v}"),
                ));
            }
        }
        if let Some(v) = p.investment {
            if !v.is_finite() || v < 0.0 {
                diags.push(err(
                    f,
                    &at("investment"),
                    &format!("projects[{i}].investment"),
                    format!("investment (亿元) must be 0 or more, found {v}"),
                ));
            }
        }
        if let Some(s) = &p.started {
            if dates::parse_month_or_date(s).is_none() {
                diags.push(err(
                    f,
                    &at("started"),
                    &format!("projects[{i}].started"),
                    format!("expected YYYY-MM or YYYY-MM-DD, found {s:?}"),
                ));
            }
        }
        if p.name.trim().is_empty() {
            diags.push(err(f, &at("name"), &format!("projects[{i}].name"), "a project needs a name"));
        }
    }
    for (i, r) in m.rankings.iter().enumerate() {
        if let Some(g) = &r.grade {
            if !matches!(g.as_str(), "优" | "中" | "差") {
                diags.push(err(
                    f,
                    &[Seg::Key("rankings"), Seg::Index(i), Seg::Key("grade")],
                    &format!("rankings[{i}].grade"),
                    format!("grade is one of 优, 中, 差, found {g:?}"),
                ));
            }
        }
    }
}

fn campaign(f: &SourceFile, m: &CampaignMeta, diags: &mut Diagnostics) {
    if m.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        diags.push(Diagnostic::error(&f.path, 1, "a campaign needs a title").field("title"));
    }
    let mut window = [None, None];
    for (slot, (name, v)) in window.iter_mut().zip([("start", &m.start), ("end", &m.end)]) {
        match v {
            None => diags.push(
                Diagnostic::error(&f.path, 1, format!("a campaign needs its `{name}` date"))
                    .field(name)
                    .hint(format!("add `{name}: YYYY-MM-DD`")),
            ),
            Some(d) => match dates::parse(d) {
                Some(w) => *slot = Some(w.date()),
                None => date_field(f, name, d, diags),
            },
        }
    }
    if let [Some(s), Some(e)] = window {
        if e < s {
            diags.push(err(f, &[Seg::Key("end")], "end", format!("the campaign ends ({e}) before it starts ({s})")));
        }
    }
    for (name, v) in [("date", &m.date), ("updated", &m.updated)] {
        if let Some(d) = v {
            date_field(f, name, d, diags);
        }
    }
    if m.metrics.values().filter(|d| d.headline).count() > 1 {
        diags.push(err(f, &[Seg::Key("metrics")], "metrics", "only one metric can be `headline: true`"));
    }
    for (k, d) in &m.metrics {
        if let Some(t) = d.target {
            if !t.is_finite() || t < 0.0 {
                diags.push(err(
                    f,
                    &[Seg::Key("metrics"), Seg::Key(k), Seg::Key("target")],
                    &format!("metrics.{k}.target"),
                    format!("expected a number of 0 or more, found {t}"),
                ));
            }
        }
    }
}

fn date_field(f: &SourceFile, name: &str, value: &str, diags: &mut Diagnostics) {
    if dates::parse(value).is_none() {
        diags.push(
            err(f, &[Seg::Key(name)], name, format!("expected a date YYYY-MM-DD (or RFC 3339), found {value:?}"))
                .hint("e.g. 2021-08-10"),
        );
    }
}

/// Unknown top-level keys are warnings: usually a typo (`tittle`), and the
/// value would silently be ignored.
fn unknown_keys(f: &SourceFile, known: &[&str], diags: &mut Diagnostics) {
    for (i, key) in super::frontmatter::top_level_keys(f.yaml()).filter(|(_, k)| !known.contains(k)) {
        diags.push(
            Diagnostic::warning(&f.path, f.yaml_line + i, format!("unknown field `{key}` is ignored"))
                .field(key)
                .quoting(&f.source)
                .hint(format!("known fields: {}; put your own values under `extra:`", known.join(", "))),
        );
    }
}
