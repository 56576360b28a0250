//! The URL table: slugs and every generated page's site path, made here
//! and nowhere else (the model stores them; views and jobs read them), and
//! the check that no two pages claim one URL.

use crate::messages::model::{Generated, Model};
use std::path::PathBuf;

use super::Site;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::slugify;

/// A value already made of a-z, 0-9 and `-` is kept; anything else is slugified.
pub fn slug_or_keep(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        crate::text::slug::shorten(s.to_string())
    } else {
        slugify(s)
    }
}

/// A file's default slug: its stem without a leading `YYYY-MM-DD-`.
pub fn default_slug(stem: &str) -> String {
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b[10] == b'-';
    slug_or_keep(if dated { &stem[11..] } else { stem })
}

/// The generator's own pages and files at fixed places (site paths, without
/// the base path).
pub mod fixed {
    pub const HOME: &str = "";
    pub const CAMPAIGNS: &str = "campaigns/";
    pub const PROJECTS: &str = "projects/";
    pub const COUNTIES: &str = "counties/";
    pub const SERIES: &str = "series/";
    pub const TAGS: &str = "tags/";
    pub const ARCHIVES: &str = "archives/";
    pub const SEARCH: &str = "search/";
    /// The news column the default menu links to when the site has one.
    pub const REPORTS: &str = "reports/";
    pub const NOT_FOUND: &str = "404.html";
    pub const SITEMAP: &str = "sitemap.xml";
    pub const ROBOTS: &str = "robots.txt";
    /// The 公众号 articles' folder (`outputs: [wechat]`).
    pub const WECHAT: &str = "wechat/";
    pub const HANT_MIRROR: &str = "zh-hant/";
    pub const HANS_MIRROR: &str = "zh-hans/";
    /// The generator's list pages, each in the sitemap.
    pub const LISTS: [&str; 7] = [CAMPAIGNS, PROJECTS, COUNTIES, SERIES, TAGS, ARCHIVES, SEARCH];
}

/// Files beside a page (its feeds and open data).
pub mod beside_file {
    pub const ATOM: &str = "atom.xml";
    pub const RSS: &str = "rss.xml";
    pub const DATA_CSV: &str = "data.csv";
    pub const DATA_JSON: &str = "data.json";
    /// A page's output file inside its folder.
    pub const INDEX: &str = "index.html";
}

/// URL path of a section folder (each segment slugified), without slashes around.
pub fn section_path(dir: &str) -> String {
    dir.split('/').filter(|s| !s.is_empty()).map(slug_or_keep).collect::<Vec<_>>().join("/")
}

/// A section's page (the home page for the content folder itself).
pub fn section(dir: &str) -> String {
    if dir.is_empty() {
        fixed::HOME.to_string()
    } else {
        format!("{}/", section_path(dir))
    }
}

/// A page of the section in `section_dir` (a folder under content/).
pub fn page(section_dir: &str, slug: &str) -> String {
    let prefix = section_path(section_dir);
    if prefix.is_empty() {
        format!("{slug}/")
    } else {
        format!("{prefix}/{slug}/")
    }
}

/// A campaign's page, from its URL segment (`slug_or_keep` of its id).
pub fn campaign(seg: &str) -> String {
    format!("{}{seg}/", fixed::CAMPAIGNS)
}

/// A term's page of the taxonomy listed at `base` (`tags/`, `counties/`).
pub fn term(base: &str, slug: &str) -> String {
    format!("{base}{slug}/")
}

/// A tag's page.
pub fn tag(slug: &str) -> String {
    term(fixed::TAGS, slug)
}

/// A county's page.
pub fn county(slug: &str) -> String {
    term(fixed::COUNTIES, slug)
}

/// A project's page, from its id (already a slug).
pub fn project(id: &str) -> String {
    format!("{}{id}/", fixed::PROJECTS)
}

/// The page of a project named in a report's `projects:` ledger (its `id`,
/// else its name, as the ledger keys it).
pub fn mentioned_project(e: &crate::load::meta::ProjectEntry) -> String {
    project(&slug_or_keep(e.id.as_deref().unwrap_or(&e.name)))
}

/// Project pages by the id or name reports give, each made once: a
/// project is named by many reports, and its slug is pinyin.
#[derive(Default)]
pub struct ProjectPaths(ahash::HashMap<String, String>);

impl ProjectPaths {
    pub fn path(&mut self, e: &crate::load::meta::ProjectEntry) -> String {
        let key = e.id.as_deref().unwrap_or(&e.name);
        if let Some(p) = self.0.get(key) {
            return p.clone();
        }
        let p = mentioned_project(e);
        self.0.insert(key.to_string(), p.clone());
        p
    }
}

/// A series' page.
pub fn series(id: &str) -> String {
    format!("{}{}/", fixed::SERIES, slug_or_keep(id))
}

/// A year's archive.
pub fn archive_year(year: i32) -> String {
    format!("{}{year}/", fixed::ARCHIVES)
}

/// A month's archive (`archives/2021/08/`); with `alias`, the same page at
/// `archives/2021/8/`.
pub fn archive_month(year: i32, month: u32, alias: bool) -> String {
    match alias {
        true => format!("{}{year}/{month}/", fixed::ARCHIVES),
        false => format!("{}{year}/{month:02}/", fixed::ARCHIVES),
    }
}

/// The projects or reports of a campaign or county, listed at `owner` (its path).
pub fn projects_of(owner: &str) -> String {
    format!("{owner}{}", fixed::PROJECTS)
}

/// See [`projects_of`].
pub fn reports_of(owner: &str) -> String {
    format!("{owner}{}", fixed::REPORTS)
}

/// A campaign's 简报 page.
pub fn bulletin(campaign: &str) -> String {
    format!("{campaign}jianbao/")
}

/// The Atom feed of the page at `base` (the site, a campaign, a term).
pub fn atom(base: &str) -> String {
    beside(base, beside_file::ATOM)
}

/// The RSS feed beside [`atom`].
pub fn rss(base: &str) -> String {
    beside(base, beside_file::RSS)
}

/// A campaign's open data as CSV.
pub fn data_csv(campaign: &str) -> String {
    beside(campaign, beside_file::DATA_CSV)
}

/// A campaign's open data as JSON.
pub fn data_json(campaign: &str) -> String {
    beside(campaign, beside_file::DATA_JSON)
}

/// The file a page at site path `path` is written to: `index.html` in its
/// folder, or the path itself for a file page (`404.html`).
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        beside(path, beside_file::INDEX)
    } else {
        path.to_string()
    }
}

/// The search index's folder of the language version in `version_dir`
/// (`""` or a mirror's folder); the search page's script reads it.
pub fn search_index(version_dir: &str) -> String {
    format!("{version_dir}{}index/", fixed::SEARCH)
}

/// Part `n` (from 1) of a sitemap too long for one file.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// A file in the 公众号 folder.
pub fn wechat_file(name: &str) -> String {
    beside(fixed::WECHAT, name)
}

/// The 公众号 article of the page at `page`: its file name (the page's path
/// flattened) and its site path.
pub fn wechat_article(page: &str) -> (String, String) {
    let name = format!("{}.html", page.trim_matches('/').replace('/', "-"));
    (wechat_file(&name), name)
}

/// A chart drawn as an image for the 公众号 articles, as the articles name it
/// (beside them) and as a site path.
pub fn wechat_image(key: &str) -> (String, String) {
    let beside_articles = format!("img/{key}.png");
    (wechat_file(&beside_articles), beside_articles)
}

/// Page `n` (from 1) of a list at `base`.
pub fn pager(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// A file beside a page (`atom.xml`, `data.csv`) at `base`.
pub fn beside(base: &str, name: &str) -> String {
    format!("{base}{name}")
}

pub fn default_section_title(dir: &str) -> String {
    match dir {
        "" => "首页".into(),
        "reports" => "工作动态".into(),
        "campaigns" => "攻坚行动".into(),
        other => other.rsplit('/').next().unwrap_or(other).to_string(),
    }
}

/// URL folders whose pages the generator writes itself (with what they hold,
/// for messages). The 繁體/简体 mirror's folders are among them.
const GENERATED_DIRS: &[(&str, Generated)] = &[
    (fixed::TAGS, Generated::TagPages),
    (fixed::PROJECTS, Generated::ProjectPages),
    (fixed::COUNTIES, Generated::CountyPages),
    (fixed::SERIES, Generated::SeriesPages),
    (fixed::ARCHIVES, Generated::ArchivePages),
    (fixed::SEARCH, Generated::Search),
    (fixed::HANT_MIRROR, Generated::HantMirror),
    (fixed::HANS_MIRROR, Generated::HansMirror),
];

/// Files the generator writes at the top of the site.
const GENERATED_FILES: &[&str] =
    &[beside_file::INDEX, fixed::NOT_FOUND, beside_file::ATOM, beside_file::RSS, fixed::SITEMAP, fixed::ROBOTS];

/// What the generator itself writes at output path `rel` (`tags/x/index.html`,
/// `robots.txt`), given the folders of every content page; `None` when the
/// path is free for a file of the site's own.
pub fn generated_at(rel: &str, page_dirs: &std::collections::HashSet<&str>) -> Option<Generated> {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (&rel[..d.len() + 1], n));
    if dir.is_empty() && (GENERATED_FILES.contains(&name) || (name.starts_with("sitemap-") && name.ends_with(".xml"))) {
        return Some(Generated::File);
    }
    if let Some((_, what)) = GENERATED_DIRS.iter().find(|(d, _)| rel.starts_with(d)) {
        let whole_dir = [fixed::SEARCH, fixed::HANT_MIRROR, fixed::HANS_MIRROR].iter().any(|d| rel.starts_with(d));
        if name == beside_file::INDEX || whole_dir {
            return Some(*what);
        }
    }
    use beside_file::{ATOM, DATA_CSV, DATA_JSON, INDEX, RSS};
    let feed = ([ATOM, RSS, DATA_CSV, DATA_JSON].contains(&name) && dir.starts_with(fixed::CAMPAIGNS))
        || rel == data_csv(fixed::PROJECTS);
    (feed || (name == INDEX && page_dirs.contains(dir))).then_some(Generated::Page)
}

/// A content page whose URL lies in a folder the generator fills itself.
fn generated_dir(path: &str) -> Option<Generated> {
    GENERATED_DIRS.iter().find(|(d, _)| path.starts_with(d)).map(|(_, what)| *what)
}

/// Two files written to the same URL would overwrite each other silently.
pub fn check_unique(site: &Site, diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<&str, &PathBuf> =
        std::collections::HashMap::with_capacity(site.pages.len());
    let claims = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), &site.sources[p.source].path))
        .chain(site.campaigns.iter().map(|c| (c.path.as_str(), &site.sources[c.source].path)))
        .chain(site.sections.iter().filter_map(|s| s.source.map(|i| (s.path.as_str(), &site.sources[i].path))));
    let wechat = site.config.makes(crate::config::Output::Wechat);
    for (path, file) in claims {
        let export = (wechat && path.starts_with(fixed::WECHAT)).then_some(Generated::WechatArticles);
        if let Some(what) = generated_dir(path).or(export) {
            diags.push(
                Diagnostic::error(file, 0, Model::GeneratedUrl { path: path.to_string(), what })
                    .hint(Model::GeneratedUrlHint),
            );
        }
        if let Some(first) = seen.insert(path, file) {
            if first != file {
                diags.push(
                    Diagnostic::error(
                        file,
                        0,
                        Model::SameUrl { path: path.to_string(), first: first.display().to_string() },
                    )
                    .field("slug")
                    .hint(Model::SameUrlHint),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_paths_are_known() {
        let dirs: std::collections::HashSet<&str> = ["reports/a/", ""].into_iter().collect();
        for rel in ["atom.xml", "robots.txt", "index.html", "sitemap-2.xml", "tags/x/index.html", "search/index/0.json"]
        {
            assert!(generated_at(rel, &dirs).is_some(), "{rel}");
        }
        for rel in ["reports/a/index.html", "campaigns/r7/rss.xml", "campaigns/r7/data.csv", "projects/data.csv"] {
            assert!(generated_at(rel, &dirs).is_some(), "{rel}");
        }
        for rel in ["images/a.png", "tags/logo.png", "reports/a/photo.jpg", "files/atom.xml", "css/site.css"] {
            assert_eq!(generated_at(rel, &dirs), None, "{rel}");
        }
    }

    #[test]
    fn what_the_table_makes_the_generator_claims() {
        let none = std::collections::HashSet::new();
        let made = [
            output_file(&tag("x")),
            output_file(&pager(&tag("x"), 2)),
            output_file(&county("dong-guang")),
            output_file(&project("p1")),
            output_file(&series("S 1")),
            output_file(&archive_month(2021, 8, true)),
            output_file(&projects_of(&county("x"))),
            output_file(fixed::NOT_FOUND),
            output_file(fixed::SEARCH),
            atom(&campaign("r7")),
            data_json(&campaign("r7")),
            data_csv(fixed::PROJECTS),
            sitemap_part(2),
            format!("{}meta.json", search_index(fixed::HANT_MIRROR)),
        ];
        for rel in made {
            assert!(generated_at(&rel, &none).is_some(), "{rel}");
        }
        assert_eq!(output_file(fixed::HOME), "index.html");
        assert_eq!(output_file(fixed::NOT_FOUND), "404.html");
        assert_eq!(archive_month(2021, 8, false), "archives/2021/08/");
        assert_eq!(archive_month(2021, 8, true), "archives/2021/8/");
        assert_eq!(page("", "about"), "about/");
        assert_eq!(page("news/本地", "a"), "news/ben-di/a/");
        assert_eq!(wechat_article("reports/a/"), ("wechat/reports-a.html".to_string(), "reports-a.html".to_string()));
    }

    #[test]
    fn default_slugs_drop_the_date() {
        assert_eq!(default_slug("2021-08-10-dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("2021-08-10"), "2021-08-10");
        assert_eq!(default_slug("东光县"), "dong-guang-xian");
        assert_eq!(section_path("news/本地"), "news/ben-di");
    }
}
