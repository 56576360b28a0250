//! Tera setup: the theme's templates (built in, or from `themes/<name>/`),
//! site overrides from `templates/`, and the filters and functions a Chinese
//! web editor needs (dates as 2021年8月10日, amounts as 371.3亿元, …).

use crate::messages::render::Render;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::chart::ChartMaker;
use super::Links;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text;

/// The default theme, compiled in so a site needs no theme folder of its own.
pub const DEFAULT_THEME: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Loads the theme then the site's overrides, file by file.
/// Filters and functions are registered first: tera 2 checks every name a
/// template uses when the template is added.
pub fn load(
    root: &Path,
    theme: &str,
    links: Arc<Links>,
    charts: Arc<ChartMaker>,
    diags: &mut Diagnostics,
) -> Option<Tera> {
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
            Diagnostic::error("site.yaml", 0, Render::ThemeNotFound { theme: theme.to_string() })
                .field("theme")
                .hint(Render::ThemeNotFoundHint),
        );
        return None;
    }
    read_dir_templates(&root.join("templates"), root, &mut sources, diags);
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register(&mut tera, links, charts, Arc::new(super::data_files::DataFiles::new(root)));
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
    Some(tera)
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
            Err(err) => diags.push(Diagnostic::error(shown, 0, Render::CannotReadTemplate { why: err.to_string() })),
        }
    }
}

/// A template error as a diagnostic: tera 2 reports the template and line.
pub fn template_error(template: &str, e: &tera::Error) -> Diagnostic {
    use crate::messages::tera::{TemplateLead, Tera};
    use tera::ErrorKind as K;
    let full = e.to_string();
    // Tera's reports: an `error: <sentence>` line, then its `-->` excerpt.
    let reported = full.lines().any(|l| l.starts_with("error: "));
    let mut msg = if reported {
        let said: Vec<String> = full
            .trim_end()
            .lines()
            .map(|l| l.strip_prefix("error: ").map_or(l.to_string(), |m| Tera::from_tera(m).to_string()))
            .collect();
        said.join("\n")
    } else {
        match e.kind() {
            // Our own filters' and functions' messages, already in the catalogue's words.
            K::Msg(m) => m.clone(),
            kind => Tera::from_kind(kind).to_string(),
        }
    };
    let syntax = reported && !matches!(e.kind(), K::RenderingError(_));
    if reported {
        let detail = std::mem::take(&mut msg);
        msg = if syntax { TemplateLead::Syntax { detail } } else { TemplateLead::Rendering { detail } }.to_string();
    }
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    let line = full
        .split("-->")
        .nth(1)
        .and_then(|s| s.trim().split(':').nth(1))
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let d = Diagnostic::error(Render::TemplateFile { name: template.to_string() }.to_string(), line, msg);
    if syntax {
        d.hint(TemplateLead::SyntaxHint)
    } else {
        d
    }
}

fn register(tera: &mut Tera, links: Arc<Links>, charts: Arc<ChartMaker>, data: Arc<super::data_files::DataFiles>) {
    tera.register_filter("date_cn", |v: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
        crate::dates::parse(v)
            .map(|w| text::date_cn(w.date()))
            .or_else(|| chrono::NaiveDate::parse_from_str(v, "%Y-%m").ok().map(|d| d.format("%Y年%-m月").to_string()))
            .ok_or_else(|| tera::Error::message(Render::NotADate { filter: "date_cn".into(), value: v.to_string() }))
    });
    tera.register_filter("month_cn", |v: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
        crate::dates::parse_month_or_date(v)
            .map(|d| d.format("%Y年%-m月").to_string())
            .ok_or_else(|| tera::Error::message(Render::NotADate { filter: "month_cn".into(), value: v.to_string() }))
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
    let (l, c) = (links.clone(), charts.clone());
    tera.register_function("url_for", move |kw: Kwargs, state: &State| -> tera::TeraResult<String> {
        let path: &str = kw.must_get("path")?;
        let url = l.resolve(path).ok_or_else(|| tera::Error::message(Render::NoPageAt { path: path.to_string() }))?;
        // A content file's URL is another page's: the page read it.
        if let (true, Some(current)) = (path.starts_with("@/"), state.get::<String>("current_path")?) {
            let read = (super::engine::Dep::Url(path.to_string()), crate::digest::digest_bytes(url.as_bytes()));
            c.template_reads.note(&current, read);
        }
        Ok(url)
    });
    tera.register_function("load_data", move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let path: &str = kw.must_get("path")?;
        let sheet: Option<&str> = kw.get("sheet")?;
        data.load(path, sheet).map_err(tera::Error::message)
    });
    let c = charts;
    tera.register_function("chart", move |kw: Kwargs, state: &State| -> tera::TeraResult<Value> {
        // Every argument as text (a number or boolean as written); `none` is left out.
        let mut kind = None;
        let mut args = Vec::new();
        for (k, v) in kw.iter() {
            let name = k.as_str().unwrap_or("");
            if v.is_none() {
                continue;
            }
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            if name == "kind" {
                kind = Some(text);
            } else {
                args.push((name.to_string(), text));
            }
        }
        let req = super::chart::ChartRequest::parse(kind.as_deref(), args.iter().map(|(k, v)| (k.as_str(), v.clone())))
            .map_err(|e| tera::Error::message(e.to_string()))?;
        let path = state.get::<String>("current_path")?;
        // On a report page, numbers across reports are drawn as of its date.
        let on_page = path.as_deref().and_then(|p| c.page_at(p));
        let (mut html, _) = c.html_reading(&req, None, on_page).map_err(tera::Error::message)?;
        // On a campaign's (project's, county's, series') own page the caption
        // says what the chart shows, not the page's title again.
        if let Some(heading) = path.as_deref().filter(|_| on_page.is_none()).and_then(|p| c.heading_at(p)) {
            let repeated = format!("<figcaption>{}：", crate::charts::escape(heading));
            html = html.replacen(&repeated, "<figcaption>", 1);
        }
        // The page is rendered again when what its chart is drawn from changes.
        if let Some(path) = path {
            c.note_template_read(&path, &req);
        }
        Ok(Value::safe_string(&html))
    });
}
