//! Tera setup: the theme's templates (built in, or from `themes/<name>/`),
//! site overrides from `templates/`, and the filters and functions a Chinese
//! web editor needs (dates as 2021年8月10日, amounts as 371.3亿元, …),
//! and which of a context's values each template can read
//! (`Templates::reads`). A process that builds again (`serve`) keeps them
//! parsed while their sources are the same, their functions bound to each
//! build's links and charts anew.

use crate::messages::render::Render;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use super::chart::ChartMaker;
use super::Links;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text;

/// The default theme, compiled in so a site needs no theme folder of its own.
pub const DEFAULT_THEME: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The templates a site is rendered with, and the context values each of
/// them can read: a list page whose template cannot read a value is not
/// made again when that value changes (`job_parts::Ctx::digest`).
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    /// By template name, the top-level names it, its parents and includes
    /// can read; `None`: the whole context (`__tera_context`, or not known).
    reads: HashMap<String, Option<HashSet<String>>>,
    /// Digest of the templates' names and texts they were parsed from.
    sources: u64,
}

impl Templates {
    /// Kept for the next build, which binds its own (`load`): the functions
    /// let go of this build's links, charts and data files, and with them of
    /// its site and derived values (which `serve` then keeps by themselves).
    pub fn unbound(mut self) -> Templates {
        for name in BOUND_FUNCTIONS {
            let unbound = |_: Kwargs, _: &State| -> tera::TeraResult<String> { Err(tera::Error::message("unbound")) };
            self.tera.register_function(name, unbound);
        }
        self
    }

    /// Whether rendering `template` can read the context value `name`.
    pub fn reads(&self, template: &str, name: &str) -> bool {
        match self.reads.get(template) {
            Some(Some(names)) => names.contains(name),
            _ => true,
        }
    }
}

impl Deref for Templates {
    type Target = Tera;
    fn deref(&self) -> &Tera {
        &self.tera
    }
}

impl DerefMut for Templates {
    fn deref_mut(&mut self) -> &mut Tera {
        &mut self.tera
    }
}

/// The functions that work with one build's links, charts or data files (`register`).
const BOUND_FUNCTIONS: [&str; 3] = ["url_for", "load_data", "chart"];

/// Names our functions read from the context of the page they are called
/// on (`state.get`), whether or not its template mentions them.
const READ_BY_FUNCTIONS: &[&str] = &["current_path"];

/// What each template can read (`Templates::reads`). Tera lists the names a
/// template, its parents and includes mention, but not those it reads
/// where a `set` it made elsewhere did not run (a `set` in an `if` or in
/// another block hides the name from the rest of the template), nor a
/// component's `@implicit` arguments, nor the whole context dumped by
/// `__tera_context`: the names set anywhere and every implicit argument
/// count as read by every template, and a theme naming `__tera_context`
/// reads everything.
fn context_reads<'s>(
    tera: &Tera,
    sources: impl Iterator<Item = &'s str> + Clone,
) -> HashMap<String, Option<HashSet<String>>> {
    let whole = sources.clone().any(|s| s.contains("__tera_context"));
    let mut hidden: HashSet<String> = READ_BY_FUNCTIONS.iter().map(|s| s.to_string()).collect();
    hidden.extend(sources.flat_map(set_names));
    for component in tera.get_component_names().filter_map(|c| tera.get_component_definition(c)) {
        hidden.extend(component.args().iter().filter(|a| a.is_implicit()).map(|a| a.name().to_string()));
    }
    let of = |name: &str| -> Option<HashSet<String>> {
        let mentioned = tera.get_template_variables(name).ok().filter(|_| !whole)?;
        Some(mentioned.into_iter().map(str::to_string).chain(hidden.iter().cloned()).collect())
    };
    tera.get_template_names().map(|name| (name.to_string(), of(name))).collect()
}

/// The names a template's `{% set name … %}` and `{% set_global name … %}` tags assign.
fn set_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in source.split("{%").skip(1) {
        let tag = tag.strip_prefix('-').unwrap_or(tag).trim_start();
        let Some(rest) = tag.strip_prefix("set_global").or_else(|| tag.strip_prefix("set")) else { continue };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let name: String = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            names.push(name);
        }
    }
    names
}

/// Loads the theme then the site's overrides, file by file; `kept` (the
/// last build's) is taken when parsed from the same texts.
/// Filters and functions are registered first: tera 2 checks every name a
/// template uses when the template is added.
pub fn load(
    root: &Path,
    theme: &str,
    (links, charts): (Arc<Links>, Arc<ChartMaker>),
    kept: Option<Templates>,
    diags: &mut Diagnostics,
) -> Option<Templates> {
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
    let digest = sources_digest(&sources);
    let data = Arc::new(super::data_files::DataFiles::new(root));
    if let Some(mut kept) = kept.filter(|k| k.sources == digest) {
        // Tera looks functions up by name as it renders: this build's replace the last one's.
        register(&mut kept.tera, links, charts, data);
        return Some(kept);
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register(&mut tera, links, charts, data);
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
    let reads = context_reads(&tera, sources.values().map(|(_, body)| body.as_str()));
    Some(Templates { tera, reads, sources: digest })
}

/// Digest of the templates' names, where they are shown from and texts.
fn sources_digest(sources: &BTreeMap<String, (String, String)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::digest::hasher();
    sources.hash(&mut h);
    h.finish()
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
            let read = (super::engine::Dep::Url(path.into()), crate::digest::digest_bytes(url.as_bytes()));
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
        let (mut html, drawn) = c.html_for_template(&req, on_page).map_err(tera::Error::message)?;
        // On a campaign's (project's, county's, series') own page the caption
        // says what the chart shows, not the page's title again.
        if let Some(heading) = path.as_deref().filter(|_| on_page.is_none()).and_then(|p| c.heading_at(p)) {
            let repeated = format!("<figcaption>{}：", crate::charts::escape(heading));
            html = html.replacen(&repeated, "<figcaption>", 1);
        }
        // The page is rendered again when what its chart is drawn from changes.
        if let Some(path) = path {
            c.note_template_read(&path, &req, drawn);
        }
        Ok(Value::safe_string(&html))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_of(templates: &[(&str, &str)]) -> HashMap<String, Option<HashSet<String>>> {
        let mut tera = Tera::new();
        tera.add_raw_templates(templates.iter().copied()).expect("templates");
        context_reads(&tera, templates.iter().map(|(_, body)| *body))
    }

    fn names(reads: &HashMap<String, Option<HashSet<String>>>, template: &str) -> Vec<String> {
        let mut names: Vec<String> = reads[template].clone().expect("known names").into_iter().collect();
        names.sort();
        names
    }

    #[test]
    fn a_template_reads_what_it_its_parents_and_includes_name_and_what_is_set_anywhere() {
        let reads = reads_of(&[
            ("base.html", "{{ a }}{% block body %}{{ hidden_by_child }}{% endblock body %}"),
            ("part.html", "{% for x in b %}{{ x }}{% endfor %}"),
            (
                "child.html",
                r#"{% extends "base.html" %}{% block body %}{% if c %}{% set d = 1 %}{% endif %}{{ d }}{% include "part.html" %}{% endblock body %}"#,
            ),
            ("other.html", "{{ e }}{%- set_global f = 2 -%}"),
        ]);
        // `d` is read where the `set` did not run; `f` is set elsewhere: both count.
        let child = ["a", "b", "c", "current_path", "d", "f", "hidden_by_child"];
        assert_eq!(names(&reads, "child.html"), child);
        assert_eq!(names(&reads, "other.html"), ["current_path", "d", "e", "f"]);
    }

    #[test]
    fn a_theme_that_dumps_the_context_reads_all_of_it() {
        let reads = reads_of(&[("a.html", "{{ a }}"), ("debug.html", "{{ __tera_context }}")]);
        assert!(reads.values().all(Option::is_none), "{reads:?}");
    }

    #[test]
    fn set_tags_are_found_with_their_whitespace_control() {
        let names = set_names("{% set a = 1 %}{%- set_global b = 2 %}{%set c %}x{% endset %}{% settle %}{{ set }}");
        assert_eq!(names, ["a", "b", "c"]);
    }
}
