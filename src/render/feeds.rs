//! Feeds (Atom and RSS 2.0: site-wide, per campaign, per county), the
//! sitemap and robots.txt. Written by hand: the formats are small and fixed,
//! and every URL in them must be absolute.
//!
//! Absolute URLs need a host in `base_url`. Without one (`base_url: /`, the
//! default) links stay root-relative, which feed readers resolve against the
//! feed's own URL; Atom ids, which must be absolute IRIs, then become stable
//! `urn:uuid:` names derived from the page path. Feeds are written through
//! the [`Mirror`](super::mirror::Mirror), so the 繁體 version has its own.
//! A feed keeps its files while the entries it quotes are unchanged, the
//! sitemap while the paths and dates it lists are (`Dep::Context`).

use crate::messages::render::Render;
use std::fmt::Write as _;
use std::hash::Hasher;

use super::engine::{self, Dep, Output, Records};
use super::jobs::{keep_whole, Inputs};
use super::mirror::Kind;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{urls, PageId, Site};
use crate::write::Staging;

mod sitemap;

const FEED_LIMIT: usize = 20;

/// Where a feed of the page at a path is written.
type FeedFile = fn(&str) -> String;
/// A feed's text from its folder, title and reports (`atom`, `rss`).
type Feed = fn(&Inputs, &str, &str, &[PageId]) -> std::io::Result<String>;

/// Plain text for an RSS `<description>`, which readers decode as HTML: the
/// text is escaped as HTML first, so a summary reading `<img onerror=…>`
/// (written as an example, or in inline code) stays text in every reader.
fn rss_text(plain: &str) -> String {
    xml_escape(&crate::charts::escape(plain))
}

/// `s` escaped for XML text and attributes, without the characters XML 1.0
/// forbids (control characters, U+FFFE, U+FFFF). Runs that need nothing are
/// copied whole, stepping a character at a time (`STEP`): a feed quotes
/// every report's HTML, nearly all Chinese.
pub fn xml_escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        let step = STEP[usize::from(bytes[i])];
        if step != 0 {
            i += usize::from(step);
            continue;
        }
        let (swap, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            0xef if bytes[i + 1] == 0xbf && matches!(bytes[i + 2], 0xbe | 0xbf) => ("", 3),
            0xef => {
                i += 3;
                continue;
            }
            _ => ("", 1),
        };
        out.push_str(&s[copied..i]);
        out.push_str(swap);
        i += len;
        copied = i;
    }
    out.push_str(&s[copied..]);
    out
}

/// `xml_escape`'s step at a byte starting a character: the character's
/// length when it is copied as it is, 0 when it needs a closer look.
const STEP: [u8; 256] = {
    let mut step = [1; 256];
    let mut b = 0;
    while b < 256 {
        step[b] = match b as u8 {
            b'&' | b'<' | b'>' | b'"' | b'\'' => 0,
            b'\n' | b'\t' | b'\r' => 1,
            0..=0x1f => 0,
            0xc0..=0xdf => 2,
            0xe0..=0xee => 3,
            0xef => 0,
            0xf0..=0xff => 4,
            _ => 1,
        };
        b += 1;
    }
    step
};

/// Every feed: its folder (site path), title and reports, newest first.
/// The render stage also uses it to know which bodies feeds will need.
pub fn feed_lists(site: &Site) -> Vec<(String, String, Vec<PageId>)> {
    let mut lists =
        vec![(String::new(), site.config.title.clone(), site.chronological.iter().copied().take(FEED_LIMIT).collect())];
    for c in &site.campaigns {
        let mut reports: Vec<PageId> = c.reports.iter().rev().copied().take(FEED_LIMIT).collect();
        reports.sort_by(|&a, &b| site.pages[b].date.cmp(&site.pages[a].date));
        lists.push((c.path.clone(), format!("{} - {}", c.title, site.config.title), reports));
    }
    for t in &site.counties.terms {
        let reports: Vec<PageId> =
            t.pages.iter().copied().filter(|&i| site.pages[i].date.is_some()).take(FEED_LIMIT).collect();
        lists.push((t.path.clone(), format!("{} - {}", t.name, site.config.title), reports));
    }
    lists
}

/// Writes the feeds, sitemap and robots.txt but those whose reads are as
/// `before` recorded (their files are kept); how many files, and each
/// feed's and the sitemap's record.
/// Those `checked` does not name keep their files unseen.
pub fn write(
    inp: &Inputs,
    before: &Records,
    checked: engine::Checked,
    digester: &engine::Digester,
    out: &Staging,
    diags: &mut Diagnostics,
) -> (usize, Records) {
    use rayon::prelude::*;
    let site = inp.site;
    let lists = feed_lists(site);
    // Each feed is written as soon as it is made: together they quote
    // thousands of texts, too much to hold at once.
    let results: Vec<Result<(String, Output), Diagnostic>> = lists
        .par_iter()
        .map(|(path, title, reports)| feed_files(inp, before, checked, digester, out, (path, title, reports)))
        .collect();
    let mut records = Records::default();
    let mut n = 0;
    for r in results {
        match r {
            Ok((key, output)) => {
                n += output.files.len();
                records.insert(key, output);
            }
            Err(d) => diags.push(d),
        }
    }
    match engine::keep_unseen(checked, before, urls::fixed::SITEMAP, out) {
        Some(kept) => {
            n += kept.files.len();
            records.insert(urls::fixed::SITEMAP.into(), kept);
        }
        None => n += sitemap::write(inp, before, out, diags, &mut records),
    }
    (n, records)
}

/// A feed's Atom and RSS files, kept when what it quotes is unchanged: each
/// report's model entry (`Digester::page_digest`) and body, in order, under its title.
/// The bodies are noted as reads too, so a changed body finds the feed.
fn feed_files(
    inp: &Inputs,
    before: &Records,
    checked: engine::Checked,
    digester: &engine::Digester,
    out: &Staging,
    (path, title, reports): (&str, &str, &[PageId]),
) -> Result<(String, Output), Diagnostic> {
    let key = urls::atom(path);
    if let Some(kept) = engine::keep_unseen(checked, before, &key, out) {
        return Ok((key, kept));
    }
    let (digest, mut reads) = engine::record(|| {
        let mut h = crate::digest::hasher();
        h.write(title.as_bytes());
        for &i in reports {
            h.write_u64(digester.page_digest(i));
            h.write_u64(inp.page_body(i).digest);
        }
        h.finish()
    });
    if let Some(kept) = keep_whole(before, &key, digest, out) {
        return Ok((key, kept));
    }
    let make: [(FeedFile, Feed); 2] = [(urls::atom, atom), (urls::rss, rss)];
    let mut files = Vec::new();
    for (file, feed) in make {
        let rel = file(path);
        let text = feed(inp, path, title, reports)
            .map_err(|e| Diagnostic::error(rel.clone(), 0, Render::CannotReadBack { why: e.to_string() }))?;
        inp.mirror
            .write(out, &rel, &text, Kind::Xml)
            .map_err(|e| Diagnostic::error(rel.clone(), 0, Render::CannotWrite { why: e.to_string() }))?;
        files.extend(inp.mirror.files(&rel));
    }
    reads.insert(0, (Dep::Context, digest));
    engine::finish_reads(&mut reads);
    Ok((key, Output { reads, files }))
}

/// An Atom id: the permalink when `base_url` has a host, else a name-based
/// `urn:uuid:` (an id must be an absolute IRI; a root-relative path is not).
fn atom_id(inp: &Inputs, path: &str) -> String {
    let url = inp.links.permalink(path);
    if url.contains("://") {
        return url;
    }
    // Two 64-bit FNV-1a hashes of the site title and path: stable across builds, unique within a site.
    let hash = |seed: u64| {
        let mut h = seed;
        for b in inp.site.config.title.bytes().chain([0]).chain(path.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x6c62_272e_07bb_0142));
    // RFC 9562 version 8 (custom), variant 10.
    let a = (a & !0xf000) | 0x8000;
    let b = (b & !(0xc << 60)) | (0x8 << 60);
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

fn atom(inp: &Inputs, path: &str, title: &str, pages: &[PageId]) -> std::io::Result<String> {
    let (site, links) = (inp.site, inp.links);
    let updated = pages
        .iter()
        .filter_map(|&i| site.pages[i].updated.or(site.pages[i].date))
        .max()
        .map(|w| w.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    let mut s = String::with_capacity(4096 + pages.len() * 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}</updated>\n<generator>gongjian</generator>\n",
        site.config.language.code(),
        xml_escape(title),
        xml_escape(&links.permalink(&urls::atom(path))),
        xml_escape(&links.permalink(path)),
        xml_escape(&atom_id(inp, &urls::atom(path))),
    );
    for &i in pages {
        let p = &site.pages[i];
        let Some(date) = p.date else { continue };
        let url = links.permalink(&p.path);
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{}</published>\n<updated>{}</updated>\n",
            xml_escape(&p.title),
            xml_escape(&url),
            xml_escape(&atom_id(inp, &p.path)),
            date.rfc3339(),
            p.updated.unwrap_or(date).rfc3339(),
        );
        for a in &p.meta.authors {
            let _ = writeln!(s, "<author><name>{}</name></author>", xml_escape(a));
        }
        if p.meta.authors.is_empty() {
            let _ = writeln!(s, "<author><name>{}</name></author>", xml_escape(&site.config.title));
        }
        for t in &p.meta.tags {
            let _ = writeln!(s, "<category term=\"{}\"/>", xml_escape(t));
        }
        let b = &inp.pages[i];
        let _ = write!(
            s,
            "<summary type=\"text\">{}</summary>\n<content type=\"html\" xml:base=\"{}\">{}</content>\n</entry>\n",
            xml_escape(&b.summary),
            xml_escape(&url),
            xml_escape(&inp.spool.read(&b.quoted)?)
        );
    }
    s.push_str("</feed>\n");
    Ok(s)
}

fn rss(inp: &Inputs, path: &str, title: &str, pages: &[PageId]) -> std::io::Result<String> {
    let (site, links) = (inp.site, inp.links);
    let mut s = String::with_capacity(4096 + pages.len() * 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let last = pages.iter().filter_map(|&i| site.pages[i].date).max();
    let _ = write!(
        s,
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<generator>gongjian</generator>\n",
        xml_escape(title),
        xml_escape(&links.permalink(path)),
        xml_escape(if site.config.description.is_empty() { title } else { &site.config.description }),
        super::mirror::rss_language(site.config.language),
        xml_escape(&links.permalink(&urls::rss(path))),
    );
    if let Some(d) = last {
        let _ = writeln!(s, "<lastBuildDate>{}</lastBuildDate>", d.rfc2822());
    }
    for &i in pages {
        let p = &site.pages[i];
        let Some(date) = p.date else { continue };
        let url = links.permalink(&p.path);
        let _ = write!(
            s,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"{}\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n",
            xml_escape(&p.title),
            xml_escape(&url),
            url.contains("://"),
            xml_escape(&atom_id(inp, &p.path)),
            date.rfc2822(),
            rss_text(&inp.pages[i].summary),
        );
        for a in &p.meta.authors {
            let _ = writeln!(s, "<dc:creator>{}</dc:creator>", xml_escape(a));
        }
        for t in &p.meta.tags {
            let _ = writeln!(s, "<category>{}</category>", xml_escape(t));
        }
        s.push_str("</item>\n");
    }
    s.push_str("</channel>\n</rss>\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    /// The char-by-char escape the byte runs replaced, as the reference.
    fn escape_by_char(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
                '\u{fffe}' | '\u{ffff}' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn xml_escape_escapes_as_the_char_by_char_reference() {
        let samples = "<p>攻坚&“项目”</p>\u{1}\u{1f}\n\t\r'\"\u{fffe}\u{ffff}\u{fffd}\u{effe}\u{ffbe}\u{ff3f}ｿ﾿𠀀é>，：\u{7f}\u{7ff}";
        for s in crate::text::sample_slices(samples, &[1, 2, 3, 5, 40]) {
            assert_eq!(xml_escape(&s), escape_by_char(&s), "{s:?}");
        }
    }
}
