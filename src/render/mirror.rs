//! The 繁體 mirror: with `hant_mirror: true` every page, feed and the search
//! index are written a second time under `/zh-hant/`, converted to
//! Traditional Chinese; `language: zh-Hant` makes the Traditional text the
//! main version (at the root) and puts the Simplified twin under `/zh-hans/`.
//!
//! Conversion is OpenCC's `s2tw` (`tw2s` back), through `ferrous-opencc`
//! (pure Rust, Apache-2.0, OpenCC's Apache-2.0 tables). It is phrase-level: 发展 → 發展 but 头发 →
//! 頭髮, 后来 → 後來 but 皇后 stays 皇后, which a character table cannot do.
//!
//! A twin is made from the rendered main page rather than by rendering the
//! templates again: the whole HTML is converted (tags and URLs are ASCII and
//! come through unchanged; titles, alt texts and chart labels are converted
//! with the text), then its links into the site are moved into the twin's
//! folder. Which links move, stated once here:
//!
//! - an attribute value (`"…"`, `'…'`, or `&quot;…&quot;` inside escaped feed
//!   content), or in XML a whole text node (`<link>…</link>`, `<id>`, `<loc>`),
//!   that is a URL starting with `base_url` (with or without its host);
//! - whose path is a page (empty or ending in `/`) or a feed (`atom.xml`,
//!   `rss.xml`): those exist in both versions. Stylesheets, scripts, images
//!   and other static files exist once, at the root, and keep their URL;
//! - except in a tag with an `hreflang` attribute: the 简/繁 switch and
//!   `<link rel="alternate" hreflang>` name a language version on purpose.
//!
//! Then `<html lang>` (and a feed's `xml:lang` / `<language>`) is set to the
//! twin's language. The switch itself is rendered by the theme from
//! `lang_versions` (see [`Mirror::lang_versions`]) and is the same in both
//! versions: each page links to itself and to its twin.

use super::RenderError;
use std::borrow::Cow;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use serde::Serialize;

use super::Links;
use crate::config::{Language, SiteConfig};
use crate::model::urls::beside_file::{ATOM, RSS};
use crate::model::urls::fixed;
use crate::write::Staging;

/// One language version of the site.
pub struct Version {
    /// Folder under the output root: "" for the main version.
    pub dir: &'static str,
    pub lang: Language,
    /// `None` when the rendered text is already in this language (Simplified main).
    conv: Option<OpenCC>,
}

impl Version {
    /// Whether `convert` changes any text.
    pub fn converts(&self) -> bool {
        self.conv.is_some()
    }

    /// `text` in this version's script.
    pub fn convert<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.conv {
            Some(c) => Cow::Owned(c.convert(text)),
            None => Cow::Borrowed(text),
        }
    }
}

/// The main version and, with `hant_mirror`, its twin.
pub struct Mirror {
    pub main: Version,
    pub twin: Option<Version>,
    base_path: String,
    origin: String,
}

/// What a written file is, for the parts of the rewriting that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Xml,
}

/// One entry of the 简/繁 switch, as templates see it (`lang_versions[]`).
#[derive(Debug, Serialize)]
pub struct LangLink {
    pub lang: &'static str,
    pub label: &'static str,
    pub url: String,
    pub permalink: String,
}

fn converter(c: BuiltinConfig) -> Result<OpenCC, RenderError> {
    OpenCC::from_config(c).map_err(|e| RenderError::ConversionTables { why: e.to_string() })
}

/// A converter from `lang`'s script into the other one (the search
/// index's `script.json` is made with it).
pub fn other_script(lang: Language) -> Result<OpenCC, RenderError> {
    converter(match lang {
        Language::Hans => BuiltinConfig::S2tw,
        Language::Hant => BuiltinConfig::Tw2s,
    })
}

/// The script tag of a language for RSS `<language>` (RFC 1766 style).
pub fn rss_language(lang: Language) -> &'static str {
    match lang {
        Language::Hans => "zh-cn",
        Language::Hant => "zh-tw",
    }
}

impl Mirror {
    pub fn new(config: &SiteConfig) -> Result<Mirror, RenderError> {
        // Traditional is OpenCC's s2tw: the character forms readers of
        // Traditional text know (為, 裡, 著), without swapping mainland
        // vocabulary (项目 stays 項目, not 專案) in a mainland publication.
        // Sources are written in Simplified by default. A Traditional main
        // version converts s2tw (harmless on text already Traditional); its
        // Simplified twin converts back with tw2s rather than trusting the source.
        let (main, twin) = match config.language {
            Language::Hans => (
                Version { dir: "", lang: Language::Hans, conv: None },
                config.hant_mirror.then_some(BuiltinConfig::S2tw).map(|c| (c, fixed::HANT_MIRROR, Language::Hant)),
            ),
            Language::Hant => (
                Version { dir: "", lang: Language::Hant, conv: Some(converter(BuiltinConfig::S2tw)?) },
                config.hant_mirror.then_some(BuiltinConfig::Tw2s).map(|c| (c, fixed::HANS_MIRROR, Language::Hans)),
            ),
        };
        let twin = match twin {
            Some((c, dir, lang)) => Some(Version { dir, lang, conv: Some(converter(c)?) }),
            None => None,
        };
        Ok(Mirror { main, twin, base_path: config.base_path(), origin: config.origin() })
    }

    pub fn versions(&self) -> impl Iterator<Item = &Version> {
        std::iter::once(&self.main).chain(self.twin.as_ref())
    }

    /// The switch between `path`'s Simplified and Traditional versions
    /// (empty without a mirror), Simplified first.
    pub fn lang_versions(&self, links: &Links, path: &str) -> Vec<LangLink> {
        let Some(twin) = &self.twin else { return Vec::new() };
        let mut v: Vec<LangLink> = [&self.main, twin]
            .into_iter()
            .map(|ver| {
                let p = format!("{}{path}", ver.dir);
                let (lang, label) = match ver.lang {
                    Language::Hans => ("zh-Hans", "简体"),
                    Language::Hant => ("zh-Hant", "繁體"),
                };
                LangLink { lang, label, url: links.url(&p), permalink: links.permalink(&p) }
            })
            .collect();
        v.sort_by_key(|l| l.lang);
        v
    }

    /// Writes `text` (rendered in Simplified from the sources) to `rel` in
    /// every version: converted where the version needs it, links moved
    /// into the twin's folder in the twin.
    pub fn write(&self, out: &Staging, rel: &str, text: &str, kind: Kind) -> std::io::Result<()> {
        out.write(rel, self.main.convert(text).as_bytes())?;
        if let Some(twin) = &self.twin {
            out.write(&format!("{}{rel}", twin.dir), self.twin_text(twin, text, kind).as_bytes())?;
        }
        Ok(())
    }

    /// `write` for bytes a template rendered: with no conversion to make
    /// (a Simplified site without a mirror) they are written as they are,
    /// without checking their UTF-8 again (~4% of a build, on every page).
    pub fn write_rendered(&self, out: &Staging, rel: &str, bytes: Vec<u8>, kind: Kind) -> std::io::Result<()> {
        if self.main.conv.is_none() && self.twin.is_none() {
            return out.write(rel, &bytes);
        }
        let text = String::from_utf8(bytes).map_err(std::io::Error::other)?;
        self.write(out, rel, &text, kind)
    }

    /// The files `write` makes of `rel`: it, and its twin in a mirror.
    pub fn files(&self, rel: &str) -> Vec<String> {
        let mut files = vec![rel.to_string()];
        files.extend(self.twin.as_ref().map(|twin| format!("{}{rel}", twin.dir)));
        files
    }

    fn twin_text(&self, twin: &Version, text: &str, kind: Kind) -> String {
        let converted = twin.convert(text);
        let moved = move_links(&converted, &self.base_path, &self.origin, twin.dir, kind);
        set_language(&moved, self.main.lang, twin.lang, kind)
    }
}

/// A page or a feed: the only URLs that exist in both versions.
fn is_versioned(path: &str) -> bool {
    !path.starts_with(fixed::HANT_MIRROR)
        && !path.starts_with(fixed::HANS_MIRROR)
        && (path.is_empty() || path.ends_with('/') || path.ends_with(ATOM) || path.ends_with(RSS))
}

/// Whether byte `i` of `text` is inside a tag that has an `hreflang` attribute.
fn in_hreflang_tag(text: &str, i: usize) -> bool {
    let before = &text[..i];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(lt), gt) if gt.is_none_or(|gt| gt < lt) => {
            let end = text[i..].find('>').map_or(text.len(), |e| i + e);
            text[lt..end].contains(" hreflang=")
        }
        _ => false,
    }
}

/// Inserts `dir` after the base path of every link into the site that
/// the module comment describes.
pub fn move_links(text: &str, base_path: &str, origin: &str, dir: &str, kind: Kind) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut done = 0;
    for (i, _) in text.match_indices(base_path) {
        if i < done {
            continue;
        }
        let before = &text[..i];
        let before = if origin.is_empty() { before } else { before.strip_suffix(origin).unwrap_or(before) };
        let close = if before.ends_with('"') {
            "\""
        } else if before.ends_with('\'') {
            "'"
        } else if before.ends_with("&quot;") {
            "&"
        } else if kind == Kind::Xml && before.ends_with('>') {
            "<"
        } else {
            continue;
        };
        let start = i + base_path.len();
        let Some(len) = text[start..].find(close) else { continue };
        let tail = &text[start..start + len];
        if tail.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'')) {
            continue;
        }
        let path = tail.split(['#', '?']).next().unwrap_or("");
        if !is_versioned(path) || in_hreflang_tag(text, i) {
            continue;
        }
        out.push_str(&text[done..start]);
        out.push_str(dir);
        done = start;
    }
    out.push_str(&text[done..]);
    out
}

/// Sets the document's language: `<html lang>` in a page; `xml:lang` and
/// RSS `<language>` in a feed.
fn set_language(text: &str, from: Language, to: Language, kind: Kind) -> String {
    match kind {
        Kind::Html => {
            let Some(start) = text.find("<html") else { return text.to_string() };
            let end = text[start..].find('>').map_or(text.len(), |e| start + e);
            let tag =
                text[start..end].replace(&format!("lang=\"{}\"", from.code()), &format!("lang=\"{}\"", to.code()));
            format!("{}{tag}{}", &text[..start], &text[end..])
        }
        Kind::Xml => {
            text.replacen(&format!("xml:lang=\"{}\"", from.code()), &format!("xml:lang=\"{}\"", to.code()), 1).replacen(
                &format!("<language>{}</language>", rss_language(from)),
                &format!("<language>{}</language>", rss_language(to)),
                1,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_feeds_move_static_files_and_language_links_stay() {
        let html = concat!(
            "<html lang=\"zh-Hans\"><a href=\"/news/reports/a/#x\">a</a>",
            "<link rel=\"stylesheet\" href=\"/news/style.css\">",
            "<a href=\"/news/zh-hant/reports/a/\" hreflang=\"zh-Hant\">繁體</a>",
            "<link rel=\"canonical\" href=\"https://x.cn/news/reports/a/\">",
            "<a href=\"/news/\">首页</a><a href=\"/news/atom.xml\">Atom</a><p>/news/ 不是链接</p></html>"
        );
        let out = move_links(html, "/news/", "https://x.cn", "zh-hant/", Kind::Html);
        assert!(out.contains("href=\"/news/zh-hant/reports/a/#x\""), "{out}");
        assert!(out.contains("href=\"/news/style.css\""), "{out}");
        assert!(out.contains("href=\"/news/zh-hant/reports/a/\" hreflang"), "{out}");
        assert!(!out.contains("zh-hant/zh-hant"), "{out}");
        assert!(out.contains("href=\"https://x.cn/news/zh-hant/reports/a/\""), "{out}");
        assert!(out.contains("href=\"/news/zh-hant/\">首页"), "{out}");
        assert!(out.contains("href=\"/news/zh-hant/atom.xml\""), "{out}");
        assert!(out.contains("<p>/news/ 不是链接</p>"), "{out}");
    }

    #[test]
    fn feed_text_nodes_and_escaped_content_move() {
        let xml =
            "<id>https://x.cn/reports/a/</id><content>&lt;a href=&quot;/reports/b/&quot;&gt;</content><title>/</title>";
        let out = move_links(xml, "/", "https://x.cn", "zh-hant/", Kind::Xml);
        assert!(out.contains("<id>https://x.cn/zh-hant/reports/a/</id>"), "{out}");
        assert!(out.contains("href=&quot;/zh-hant/reports/b/&quot;"), "{out}");
    }

    #[test]
    fn conversion_is_phrase_level() {
        let c = Mirror::new(&SiteConfig { hant_mirror: true, ..Default::default() }).unwrap();
        let t = c.twin.as_ref().unwrap();
        assert_eq!(t.convert("头发和发展，后来的皇后"), "頭髮和發展，後來的皇后");
        assert_eq!(t.convert("百日攻坚 <a href=\"/x/\">"), "百日攻堅 <a href=\"/x/\">");
    }
}
