//! Tera setup: the theme's templates (built in, or from `themes/<name>/`),
//! site overrides from `templates/`, and the filters and functions a Chinese
//! web editor needs (dates as 2021年8月10日, amounts as 371.3亿元, …).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::chart::ChartMaker;
use super::Links;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text;

/// The default theme, compiled in so a site needs no theme folder of its own.
pub const DEFAULT_THEME: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Loads the theme then the site's overrides, file by file, with the names
/// of the templates that may draw charts from the site's numbers (see
/// `reading_numbers`). Filters and functions are registered first: tera 2
/// checks every name a template uses when the template is added.
pub fn load(
    root: &Path,
    theme: &str,
    links: Arc<Links>,
    charts: Arc<ChartMaker>,
    diags: &mut Diagnostics,
) -> Option<(Tera, BTreeSet<String>)> {
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
    let theme_dir = root.join("themes").join(theme).join("templates");
    if theme_dir.is_dir() {
        read_dir_templates(&theme_dir, root, &mut sources, diags);
    } else if theme == "default" {
        for (name, body) in DEFAULT_THEME.iter().filter(|(n, _)| n.starts_with("templates/")) {
            let name = name.trim_start_matches("templates/");
            sources.insert(name.to_string(), (format!("(default theme) templates/{name}"), body.to_string()));
        }
    } else {
        diags.push(
            Diagnostic::error("site.yaml", 0, format!("theme {theme:?} not found: no folder themes/{theme}/templates"))
                .field("theme")
                .hint("use `theme: default` or add the theme's folder"),
        );
        return None;
    }
    read_dir_templates(&root.join("templates"), root, &mut sources, diags);
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register(&mut tera, links, charts);
    let batch = sources.iter().map(|(name, (_, body))| (name.as_str(), body.as_str()));
    if let Err(e) = tera.add_raw_templates(batch) {
        // tera names the template and line in its message; show where that file lives.
        let shown = sources
            .iter()
            .find(|(name, _)| {
                e.to_string().contains(&format!("{name}:")) || e.to_string().contains(&format!("'{name}'"))
            })
            .map(|(_, (shown, _))| shown.as_str())
            .unwrap_or("templates");
        diags.push(template_error(shown, &e));
        return None;
    }
    Some((tera, reading_numbers(&sources)))
}

/// Templates that may draw a chart from the site's derived numbers, themselves
/// or through what they extend, include or import: any `chart(` call but one
/// of the page's own data (`report=page.path`). `serve` renders a page made
/// with one of them again when numbers change, the others only when the page's
/// own data does.
fn reading_numbers(sources: &BTreeMap<String, (String, String)>) -> BTreeSet<String> {
    let own = |body: &str| {
        body.match_indices("chart(").any(|(i, _)| {
            let args: String = body[i..].chars().take_while(|&c| c != ')').filter(|c| !c.is_whitespace()).collect();
            !args.contains("report=page.path")
        })
    };
    let uses = |body: &str| -> Vec<String> {
        let mut names = Vec::new();
        for tag in body.split("{%").skip(1) {
            let tag = tag.split("%}").next().unwrap_or("").trim().trim_start_matches('-').trim_start();
            if ["extends", "include", "import"].iter().any(|k| tag.starts_with(k)) {
                names.extend(tag.split('"').skip(1).step_by(2).map(str::to_string));
            }
        }
        names
    };
    let mut reading: BTreeSet<String> =
        sources.iter().filter(|(_, (_, body))| own(body)).map(|(name, _)| name.clone()).collect();
    let deps: Vec<(&String, Vec<String>)> = sources.iter().map(|(name, (_, body))| (name, uses(body))).collect();
    loop {
        let before = reading.len();
        for (name, used) in &deps {
            if used.iter().any(|u| reading.contains(u)) {
                reading.insert(name.to_string());
            }
        }
        if reading.len() == before {
            return reading;
        }
    }
}

fn read_dir_templates(dir: &Path, root: &Path, out: &mut BTreeMap<String, (String, String)>, diags: &mut Diagnostics) {
    if !dir.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let name = e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
        let shown = crate::diag::rel(root, e.path()).display().to_string();
        match std::fs::read_to_string(e.path()) {
            Ok(body) => {
                out.insert(name, (shown, body));
            }
            Err(err) => diags.push(Diagnostic::error(shown, 0, format!("cannot read template: {err}"))),
        }
    }
}

/// A template error as a diagnostic: tera 2 reports the template and line.
pub fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    let line = msg
        .split("-->")
        .nth(1)
        .and_then(|s| s.trim().split(':').nth(1))
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    Diagnostic::error(format!("template {template}"), line, msg.trim().to_string())
}

fn register(tera: &mut Tera, links: Arc<Links>, charts: Arc<ChartMaker>) {
    tera.register_filter("date_cn", |v: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
        crate::dates::parse(v)
            .map(|w| text::date_cn(w.date()))
            .or_else(|| chrono::NaiveDate::parse_from_str(v, "%Y-%m").ok().map(|d| d.format("%Y年%-m月").to_string()))
            .ok_or_else(|| tera::Error::message(format!("date_cn: not a date: {v:?}")))
    });
    tera.register_filter("month_cn", |v: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
        crate::dates::parse_month_or_date(v)
            .map(|d| d.format("%Y年%-m月").to_string())
            .ok_or_else(|| tera::Error::message(format!("month_cn: not a month: {v:?}")))
    });
    tera.register_filter("amount", |v: f64, _: Kwargs, _: &State| text::amount_yi(v));
    tera.register_filter("num", |v: f64, _: Kwargs, _: &State| text::number_cn(v));
    tera.register_filter("percent", |v: f64, _: Kwargs, _: &State| text::percent(v));
    tera.register_filter("with_unit", |v: f64, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
        let unit: Option<&str> = kw.get("unit")?;
        Ok(super::views::with_unit(v, unit.unwrap_or("")))
    });
    tera.register_filter("truncate_cjk", |v: &str, kw: Kwargs, _: &State| -> tera::TeraResult<String> {
        let n: Option<i64> = kw.get("length")?;
        Ok(text::truncate_cjk(v, n.unwrap_or(60).max(0) as usize))
    });
    let l = links.clone();
    tera.register_function("url_for", move |kw: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: &str = kw.must_get("path")?;
        l.resolve(path).ok_or_else(|| tera::Error::message(format!("url_for: no page at {path:?}")))
    });
    let c = charts;
    tera.register_function("chart", move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let get = |k: &str| -> tera::TeraResult<Option<String>> {
            Ok(kw.get::<Value>(k)?.filter(|v| !v.is_none()).map(|v| match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            }))
        };
        let req = super::chart::ChartRequest {
            kind: get("kind")?.ok_or_else(|| tera::Error::message("chart() needs kind=\"…\""))?,
            campaign: get("campaign")?,
            metric: get("metric")?,
            series: get("series")?,
            report: get("report")?,
            project: get("project")?,
            county: get("county")?,
            by: get("by")?,
        };
        c.html(&req, None).map(|h| Value::safe_string(&h)).map_err(tera::Error::message)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, (String, String)> {
        files.iter().map(|(n, b)| (n.to_string(), (n.to_string(), b.to_string()))).collect()
    }

    #[test]
    fn templates_drawing_numbers_are_found_through_what_they_use() {
        let theme: Vec<(&str, &str)> =
            DEFAULT_THEME.iter().filter_map(|(n, b)| Some((n.strip_prefix("templates/")?, *b))).collect();
        let found = reading_numbers(&sources(&theme));
        assert!(found.contains("campaign.html") && found.contains("county.html"), "{found:?}");
        // Reports draw only their own targets and rankings: a numbers save need not render them all.
        assert!(!found.contains("report.html") && !found.contains("page.html"), "{found:?}");

        let site = sources(&[
            ("base.html", "{% block content %}{% endblock content %}"),
            ("partials/trend.html", "{{ chart( kind=\"trend\", campaign=\"a\" ) }}"),
            ("report.html", "{% extends \"base.html\" %}{% block content %}{%- include \"partials/trend.html\" -%}{% endblock content %}"),
            ("page.html", "{% extends \"base.html\" %}{{ chart(kind=\"targets\", report = page.path) }}"),
        ]);
        let found = reading_numbers(&site);
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["partials/trend.html", "report.html"]);
    }
}
