//! Slugs and site paths as the content model's URL table defines them, and
//! the check that no two pages claim one URL.

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

pub fn default_section_title(dir: &str) -> String {
    match dir {
        "" => "首页".into(),
        "reports" => "工作动态".into(),
        "campaigns" => "攻坚行动".into(),
        other => other.rsplit('/').next().unwrap_or(other).to_string(),
    }
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
        if let Some(first) = seen.insert(path, file) {
            if first != file {
                diags.push(
                    Diagnostic::error(
                        file,
                        0,
                        format!("two pages have the URL /{path}: this one and {}", first.display()),
                    )
                    .field("slug")
                    .hint("give one of them a different `slug:`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_slugs_drop_the_date() {
        assert_eq!(default_slug("2021-08-10-dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("dongguang-r7"), "dongguang-r7");
        assert_eq!(default_slug("2021-08-10"), "2021-08-10");
        assert_eq!(default_slug("东光县"), "dong-guang-xian");
        assert_eq!(section_path("news/本地"), "news/ben-di");
    }
}
