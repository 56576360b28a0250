//! The URL table: slugs and every generated page's site path, made here
//! and nowhere else (the model stores them; views and jobs read them), and
//! the check that no two pages claim one URL.

use crate::messages::model::{Generated, Model};
use std::collections::BTreeMap;
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

/// URL path of a section folder (each segment slugified), without slashes around.
pub fn section_path(dir: &str) -> String {
    dir.split('/').filter(|s| !s.is_empty()).map(slug_or_keep).collect::<Vec<_>>().join("/")
}

/// A campaign's page, from its URL segment (`slug_or_keep` of its id).
pub fn campaign(seg: &str) -> String {
    format!("campaigns/{seg}/")
}

/// A term's page of taxonomy `base` (`tags`, `counties`).
pub fn term(base: &str, slug: &str) -> String {
    format!("{base}/{slug}/")
}

/// A tag's page.
pub fn tag(slug: &str) -> String {
    term("tags", slug)
}

/// A county's page.
pub fn county(slug: &str) -> String {
    term("counties", slug)
}

/// A project's page, from its id (already a slug).
pub fn project(id: &str) -> String {
    format!("projects/{id}/")
}

/// A series' page.
pub fn series(id: &str) -> String {
    format!("series/{}/", slug_or_keep(id))
}

/// A year's archive.
pub fn archive_year(year: i32) -> String {
    format!("archives/{year}/")
}

/// A month's archive (`archives/2021/08/`); with `alias`, the same page at
/// `archives/2021/8/`.
pub fn archive_month(year: i32, month: u32, alias: bool) -> String {
    match alias {
        true => format!("archives/{year}/{month}/"),
        false => format!("archives/{year}/{month:02}/"),
    }
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
    ("tags/", Generated::TagPages),
    ("projects/", Generated::ProjectPages),
    ("counties/", Generated::CountyPages),
    ("series/", Generated::SeriesPages),
    ("archives/", Generated::ArchivePages),
    ("search/", Generated::Search),
    ("zh-hant/", Generated::HantMirror),
    ("zh-hans/", Generated::HansMirror),
];

/// Files the generator writes at the top of the site.
const GENERATED_FILES: &[&str] = &["index.html", "404.html", "atom.xml", "rss.xml", "sitemap.xml", "robots.txt"];

/// What the generator itself writes at output path `rel` (`tags/x/index.html`,
/// `robots.txt`), given the folders of every content page; `None` when the
/// path is free for a file of the site's own.
pub fn generated_at(rel: &str, page_dirs: &std::collections::HashSet<&str>) -> Option<Generated> {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (&rel[..d.len() + 1], n));
    if dir.is_empty() && (GENERATED_FILES.contains(&name) || (name.starts_with("sitemap-") && name.ends_with(".xml"))) {
        return Some(Generated::File);
    }
    if let Some((_, what)) = GENERATED_DIRS.iter().find(|(d, _)| rel.starts_with(d)) {
        if name == "index.html" || rel.starts_with("search/") || rel.starts_with("zh-han") {
            return Some(*what);
        }
    }
    let feed = (matches!(name, "atom.xml" | "rss.xml" | "data.csv" | "data.json") && dir.starts_with("campaigns/"))
        || rel == "projects/data.csv";
    (feed || (name == "index.html" && page_dirs.contains(dir))).then_some(Generated::Page)
}

/// A content page whose URL lies in a folder the generator fills itself.
fn generated_dir(path: &str) -> Option<Generated> {
    GENERATED_DIRS.iter().find(|(d, _)| path.starts_with(d)).map(|(_, what)| *what)
}

/// Two files written to the same URL would overwrite each other silently.
pub fn check_unique(site: &Site, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    let claims = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), &site.sources[p.source].path))
        .chain(site.campaigns.iter().map(|c| (c.path.as_str(), &site.sources[c.source].path)))
        .chain(site.sections.iter().filter_map(|s| s.source.map(|i| (s.path.as_str(), &site.sources[i].path))));
    for (path, file) in claims {
        if let Some(what) = generated_dir(path) {
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
    fn default_slugs_drop_the_date() {
        assert_eq!(default_slug("2021-08-10-dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("2021-08-10"), "2021-08-10");
        assert_eq!(default_slug("东光县"), "dong-guang-xian");
        assert_eq!(section_path("news/本地"), "news/ben-di");
    }
}
