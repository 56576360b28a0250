//! `gongjian check`: the whole build without keeping its output, plus the
//! rules a site is inspected against before publishing — broken internal
//! links, stale sections (no new report for `check.stale_days`), and the
//! `check.banned_terms` word list — and the list of reports scheduled after
//! today. Missing report dates and figures that cannot be right (cumulative
//! metrics going down, …) are already found by the build (load, model, derive).
//!
//! Links are read from the Markdown, so each broken one names its file and
//! line; whether its target exists is decided against the files the build
//! really wrote, so every page kind (tags, archives, feeds, assets) counts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::messages::check::Check;
use crate::model::Site;
use crate::render::Links;
use crate::{BuildOptions, BuildReport};

mod inspection;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Also check reports dated after today as if published (`--future`).
    pub future: bool,
    /// The day the check counts as today (`--today`); default: the current
    /// date in site.yaml's timezone.
    pub today: Option<NaiveDate>,
    /// Counts files as the check's build writes them, for a progress display.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

/// Builds into a scratch folder (removed afterwards) and applies every rule.
pub fn check(opts: &CheckOptions) -> BuildReport {
    let scratch = std::env::temp_dir().join(format!("gongjian-check-{}-{}", std::process::id(), unique()));
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        output: Some(scratch.join("site")),
        base_url: None,
        drafts: opts.drafts,
        future: opts.future,
        today: opts.today,
        progress: opts.progress.clone(),
        keep_bodies: true,
        // A scratch folder: written directly, with no swap, lock or state in `.gongjian/`.
        in_place: true,
        ..BuildOptions::new(&opts.root)
    };
    let (mut report, site) = crate::build_site(&build_opts);
    let outputs = report.ok().then(|| list_files(&scratch.join("site")));
    let _ = std::fs::remove_dir_all(&scratch);

    let mut diags = std::mem::take(&mut report.diagnostics);
    report.scheduled = site.scheduled.clone();
    let today = site.publish.today;
    let mut count = |category: &'static str, diags: &mut Diagnostics, rule: &dyn Fn(&mut Diagnostics)| {
        let before = diags.warning_count() + diags.error_count();
        rule(diags);
        report.inspection.push((category, diags.warning_count() + diags.error_count() - before));
    };
    count("链接不可用", &mut diags, &|d| links(&site, outputs.as_ref(), d));
    count("首页更新不及时", &mut diags, &|d| inspection::home_page_updates(&site, today, d));
    count("栏目更新不及时", &mut diags, &|d| stale_sections(&site, today, d));
    count("空白栏目", &mut diags, &|d| inspection::empty_columns(&site, d));
    count("页脚信息缺失", &mut diags, &|d| inspection::footer_items(&site, d));
    count("图片缺少替代文字", &mut diags, &|d| inspection::images_without_alt(&site, d));
    count("图片附件过大", &mut diags, &|d| oversized_files(&site, d));
    count("缺少发布日期", &mut diags, &|d| inspection::undated_news(&site, d));
    count("未来日期", &mut diags, &|d| inspection::future_dates(&site, today, d));
    count("错别字敏感词", &mut diags, &|d| banned_terms(&site, d));
    report.diagnostics = diags.sorted();
    report
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Site-relative paths (`reports/a/index.html`) of every file under `dir`.
fn list_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
        .collect()
}

/// Every Markdown link of every page, campaign and section body.
fn links(site: &Site, outputs: Option<&BTreeSet<String>>, diags: &mut Diagnostics) {
    let resolver = Links::new(site);
    let base = site.config.base_path();
    let mut bodies: Vec<(&SourceFile, &str)> = Vec::new();
    bodies.extend(site.pages.iter().map(|p| (&site.sources[p.source], p.path.as_str())));
    bodies.extend(site.campaigns.iter().map(|c| (&site.sources[c.source], c.path.as_str())));
    bodies.extend(site.sections.iter().filter_map(|s| s.source.map(|i| (&site.sources[i], s.path.as_str()))));
    for (f, page_path) in bodies {
        for (line, column, dest) in markdown_links(f) {
            // Files beside the report, in static/ or under `@/`: the build resolved them or failed.
            if !matches!(resolver.media.locate(&f.path, &dest), crate::images::Target::Other) {
                continue;
            }
            let problem = match dest.strip_prefix("@/") {
                Some(file) => check_file_link(site, &resolver, file),
                None => match outputs {
                    Some(outputs) => check_url_link(&dest, page_path, &base, outputs),
                    // The build failed: which pages exist is unknown, so only `@/` links are checked.
                    None => None,
                },
            };
            if let Some(d) = problem {
                diags.push(d.at(f, line, &dest).column(column));
            }
        }
    }
}

/// What is wrong with one link, before it is placed in its file.
struct Problem {
    warning: bool,
    message: Check,
    hint: Check,
}

impl Problem {
    fn at(self, f: &SourceFile, line: usize, dest: &str) -> Diagnostic {
        let (dest, problem) = (dest.to_string(), Box::new(self.message));
        let msg = if self.warning { Check::Link { dest, problem } } else { Check::BrokenLink { dest, problem } };
        let d =
            if self.warning { Diagnostic::warning(&f.path, line, msg) } else { Diagnostic::error(&f.path, line, msg) };
        d.quoting(&f.source).hint(self.hint)
    }
}

/// (file line, column, destination) of every link and image in a body, in order.
fn markdown_links(f: &SourceFile) -> Vec<(usize, usize, String)> {
    let body = f.body();
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    for (ev, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let dest = match ev {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let before = &body[..range.start];
        let line = f.body_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        out.push((line, column, dest.trim().to_string()));
    }
    out
}

/// `@/reports/a.md`: the file must be a page or campaign that is built.
fn check_file_link(site: &Site, resolver: &Links, file: &str) -> Option<Problem> {
    let file = file.split('#').next().unwrap_or(file);
    if resolver.resolve(&format!("@/{file}")).is_some() {
        return None;
    }
    let on_disk = site.root.join("content").join(file);
    let (message, hint) = if !on_disk.is_file() {
        (Check::NoContentFile { file: file.to_string() }, Check::NoContentFileHint)
    } else if site.sources.iter().any(|s| s.path == Path::new("content").join(file)) {
        (Check::NotPublished { file: file.to_string() }, Check::NotPublishedHint)
    } else {
        // It failed to load; its own error says why.
        return None;
    };
    Some(Problem { warning: false, message, hint })
}

/// A relative or root-relative URL: it must reach a file the build wrote.
fn check_url_link(dest: &str, page_path: &str, base: &str, outputs: &BTreeSet<String>) -> Option<Problem> {
    if is_external(dest) {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let path = crate::images::percent_decode(path);
    // Root-relative links get base_url's path when built.
    let absolute = match path.strip_prefix('/') {
        Some(rel) if !path.starts_with(base) => format!("{base}{rel}"),
        Some(_) => path.clone(),
        None => format!("{base}{page_path}{path}"),
    };
    let absolute = normalize(&absolute);
    if let Some(rel) = absolute.strip_prefix(base) {
        if exists(rel, outputs) {
            return None;
        }
    } else if exists(absolute.trim_start_matches('/'), outputs) {
        // `/reports/a/` on a site hosted under /news/: right page, wrong place once published.
        return Some(Problem {
            warning: true,
            message: Check::DomainRoot { base: base.to_string() },
            hint: Check::DomainRootHint { fixed: format!("{}{}", base, absolute.trim_start_matches('/')) },
        });
    }
    let shown = format!("{base}{}", absolute.strip_prefix(base).unwrap_or(absolute.trim_start_matches('/')));
    let mut hint = Check::CheckSlugHint;
    if path.ends_with(".md") {
        hint = Check::MdLinkHint;
    } else if let Some(fixed) = without_date_prefix(&absolute) {
        if fixed.strip_prefix(base).is_some_and(|rel| exists(rel, outputs)) {
            hint = Check::DatedSlugHint { fixed };
        }
    }
    Some(Problem { warning: false, message: Check::NoPage { shown }, hint })
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme (http:, mailto:, tel:, data:) comes before any `/`, `?` or `#`.
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Resolves `.` and `..` the way a browser does (never above the root).
fn normalize(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if trailing && !segs.is_empty() {
        out.push('/');
    }
    out
}

fn exists(rel: &str, outputs: &BTreeSet<String>) -> bool {
    if rel.is_empty() || rel.ends_with('/') {
        outputs.contains(&format!("{rel}index.html"))
    } else {
        outputs.contains(rel) || outputs.contains(&format!("{rel}/index.html"))
    }
}

/// `/reports/2021-08-10-kickoff/` → `/reports/kickoff/`, the usual slip.
fn without_date_prefix(path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('/');
    let (dir, last) = trimmed.rsplit_once('/')?;
    let b = last.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b[10] == b'-';
    dated.then(|| format!("{dir}/{}/", &last[11..]))
}

/// A section whose newest report is older than `check.stale_days` (0 turns
/// the rule off). A section's `_index.md` may set its own limit with
/// `extra: {stale_days: N}` (a monthly ranking column needs ~45; 0 exempts it).
/// Only news columns count: sections holding reports (the `reports` folder,
/// or pages of a campaign) or at least two dated pages — a lone dated
/// "about" page is not a column that should be updated.
fn stale_sections(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    for s in &site.sections {
        let own = s.meta.extra.get("stale_days").and_then(|v| v.as_i64());
        let limit = own.unwrap_or(site.config.check.stale_days);
        let pages: Vec<&crate::model::Page> =
            s.pages.iter().map(|&i| &site.pages[i]).filter(|p| !p.meta.draft && p.date.is_some()).collect();
        let column = site.is_news_column(s);
        let Some(newest) = pages.iter().filter_map(|p| p.date.map(|d| d.date())).max() else { continue };
        let age = (today - newest).num_days();
        if limit <= 0 || !column || age <= limit {
            continue;
        }
        let file = match s.source {
            Some(i) => site.sources[i].path.clone(),
            None => Path::new("content").join(&s.dir),
        };
        let hint = if own.is_some() { Check::StaleOwnHint } else { Check::StaleSiteHint };
        diags.push(
            Diagnostic::warning(
                file,
                0,
                Check::StaleSection {
                    title: s.title.clone(),
                    newest: newest.to_string(),
                    age,
                    today: today.to_string(),
                    limit,
                },
            )
            .hint(hint),
        );
    }
}

/// Every line of every content file (drafts too: they are published later) holding a listed term.
fn banned_terms(site: &Site, diags: &mut Diagnostics) {
    let terms: Vec<&str> = site.config.check.banned_terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
    if terms.is_empty() {
        return;
    }
    for f in &site.sources {
        for (i, line) in f.source.lines().enumerate() {
            for term in &terms {
                for (at, _) in line.match_indices(term) {
                    let column = line[..at].chars().count() + 1;
                    diags.push(
                        Diagnostic::warning(&f.path, i + 1, Check::BannedTerm { term: term.to_string() })
                            .column(column)
                            .quoting(&f.source)
                            .hint(Check::BannedTermHint),
                    );
                }
            }
        }
    }
}

/// Images and attachments over `images.max_mb` (a phone photo of 8 MB on
/// every reader's phone).
fn oversized_files(site: &Site, diags: &mut Diagnostics) {
    let media = crate::images::Media::new(site);
    let limit = site.config.images.max_mb;
    let mut sources: Vec<crate::model::SourceId> = site.pages.iter().map(|p| p.source).collect();
    sources.extend(site.campaigns.iter().map(|c| c.source));
    sources.extend(site.sections.iter().filter_map(|s| s.source));
    for f in sources.into_iter().map(|i| &site.sources[i]) {
        for (line, column, dest) in markdown_links(f) {
            let crate::images::Target::File(local) = media.locate(&f.path, &dest) else { continue };
            let mb = std::fs::metadata(&local.file).map_or(0.0, |m| m.len() as f64 / (1024.0 * 1024.0));
            if mb > limit {
                diags.push(
                    Diagnostic::warning(
                        &f.path,
                        line,
                        Check::Oversized { dest, mb: format!("{mb:.1}"), limit: limit.to_string() },
                    )
                    .column(column)
                    .quoting(&f.source)
                    .hint(Check::OversizedHint),
                );
            }
        }
    }
}

/// (file line, column, destination) of each image whose alt text is empty.
pub(super) fn images_without_alt(f: &SourceFile) -> Vec<(usize, usize, String)> {
    let body = f.body();
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let at = |start: usize, dest: String| {
        let before = &body[..start];
        let line = f.body_line + before.matches('\n').count();
        (line, before.rsplit('\n').next().unwrap_or("").chars().count() + 1, dest)
    };
    for (ev, range) in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).into_offset_iter() {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some((range.start, dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut open {
                    alt.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((start, dest, _)) = open.take().filter(|(_, _, alt)| alt.trim().is_empty()) {
                    out.push(at(start, dest));
                }
            }
            // Raw HTML (pasted from an old site or Word): `<img src=…>` without `alt`.
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &body[range.clone()];
                for (i, _) in html
                    .match_indices('<')
                    .filter(|(i, _)| html[i + 1..].get(..3).is_some_and(|t| t.eq_ignore_ascii_case("img")))
                {
                    let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e + 1)];
                    if html_attr(tag, "alt").is_none_or(|a| a.trim().is_empty()) {
                        out.push(at(range.start + i, html_attr(tag, "src").unwrap_or_default().to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The value of attribute `name` in an HTML tag as written (`alt="…"`,
/// `alt='…'`, `alt=…`; `""` for a bare `alt`); `None` when it is absent.
fn html_attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name).map(|k| k + from) {
        from = k + name.len();
        let before_ok = lower[..k].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        let Some(value) = rest.strip_prefix('=') else { return Some("") };
        let start = tag.len() - value.trim_start().len();
        let v = &tag[start..];
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or(""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_like_a_browser() {
        assert_eq!(normalize("/reports/b/../a/"), "/reports/a/");
        assert_eq!(normalize("/news/reports/x/../../campaigns/c/"), "/news/campaigns/c/");
        assert_eq!(normalize("/../../x"), "/x");
        assert_eq!(normalize("/a/b/.."), "/a/");
        assert!(is_external("https://example.gov.cn/"));
        assert!(is_external("mailto:a@b.cn"));
        assert!(!is_external("../a/"));
        assert!(!is_external("/reports/a:b/"));
        assert_eq!(without_date_prefix("/reports/2021-08-10-kickoff/").as_deref(), Some("/reports/kickoff/"));
        assert_eq!(without_date_prefix("/reports/kickoff/"), None);
        assert_eq!(crate::images::percent_decode("/%E4%B8%9C/"), "/东/");
    }

    #[test]
    fn html_attributes_as_written() {
        assert_eq!(html_attr("<img src=\"a.jpg\" alt=\"现场\">", "alt"), Some("现场"));
        assert_eq!(html_attr("<IMG SRC=a.jpg ALT='x y'>", "alt"), Some("x y"));
        assert_eq!(html_attr("<img src=a.jpg alt>", "alt"), Some(""));
        assert_eq!(html_attr("<img data-alt=\"x\" src=a.jpg>", "alt"), None);
        assert_eq!(html_attr("<img alt-text=\"x\" src=a.jpg>", "alt"), None);
        assert_eq!(html_attr("<img src=a.jpg>", "src"), Some("a.jpg"));
    }

    #[test]
    fn a_link_reaches_an_output_file() {
        let outputs: BTreeSet<String> =
            ["index.html", "reports/a/index.html", "style.css"].into_iter().map(String::from).collect();
        assert!(check_url_link("../a/", "reports/b/", "/", &outputs).is_none());
        assert!(check_url_link("/reports/a", "reports/b/", "/", &outputs).is_none());
        assert!(check_url_link("/style.css", "", "/", &outputs).is_none());
        assert!(check_url_link("../c/", "reports/b/", "/", &outputs).is_some_and(|p| !p.warning));
        assert!(check_url_link("/reports/a/", "reports/b/", "/news/", &outputs).is_none());
        assert!(check_url_link("/news/reports/a/", "reports/b/", "/news/", &outputs).is_none());
        assert!(check_url_link("../a/", "reports/b/", "/news/", &outputs).is_none());
    }
}
