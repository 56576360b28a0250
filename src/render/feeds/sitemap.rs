//! The sitemap (`sitemap.xml`, parts under an index past 50,000 URLs)
//! and robots.txt: every public page's path with its last change, kept
//! while what it lists is the same (`Dep::Context`).

use std::fmt::Write as _;
use std::hash::Hasher;

use chrono::NaiveDate;

use super::xml_escape;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::render::Render;
use crate::model::{urls, IdVec, PageId};
use crate::render::engine::{self, Dep, Output, Records};
use crate::render::jobs::{keep_whole, Inputs};
use crate::write::Staging;

/// The sitemap protocol's limit of URLs in one file.
const SITEMAP_MAX: usize = 50_000;

/// `sitemap.xml` (every public page, with `lastmod` from `updated`/`date`
/// where a page has one, and every language version's twin), split into
/// `sitemap-<n>.xml` files under a sitemap index past 50,000 URLs.
/// Writes the sitemap and robots.txt. Crawlers read robots.txt only at the
/// host's root, so under a sub-path it is left out and the build says where
/// the sitemap line belongs instead.
pub(super) fn write(
    inp: &Inputs,
    before: &Records,
    out: &Staging,
    diags: &mut Diagnostics,
    records: &mut Records,
) -> usize {
    let sitemap_url = inp.links.permalink(urls::fixed::SITEMAP);
    let robots = inp.links.base_path == "/";
    if !robots {
        diags.push(
            Diagnostic::warning("site.yaml", 0, Render::NoRobots { base: inp.links.base_path.to_string() })
                .field("base_url")
                .hint(Render::NoRobotsHint { sitemap: sitemap_url.to_string() }),
        );
    }
    // What it lists is what it reads: kept while the list is the same.
    let digest = digest(inp);
    if let Some(kept) = keep_whole(before, urls::fixed::SITEMAP, digest, out) {
        let n = kept.files.len();
        records.insert(urls::fixed::SITEMAP.into(), kept);
        return n;
    }
    let mut plain = sitemap(inp, entries(inp));
    if robots {
        plain.push((urls::fixed::ROBOTS.into(), format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")));
    }
    let mut files = Vec::new();
    for (path, body) in plain {
        match out.write(&path, body.as_bytes()) {
            Ok(()) => files.push(path),
            Err(e) => diags.push(Diagnostic::error(path, 0, Render::CannotWrite { why: e.to_string() })),
        }
    }
    let n = files.len();
    records.insert(urls::fixed::SITEMAP.into(), Output { reads: vec![(Dep::Context, digest)], files });
    n
}

/// Every path the sitemap lists with its last change, in the model's
/// order, unsorted and with repeats (`entries` sorts them).
fn each_entry(inp: &Inputs, mut entry: impl FnMut(&str, Option<NaiveDate>)) {
    let (site, d) = (inp.site, inp.derived);
    // Each page's day, found once: the lists below ask for ~40,000 at
    // 10,000 reports, which looked up in the pages took ~3 ms a save.
    let days: IdVec<PageId, Option<NaiveDate>> =
        site.pages.iter().map(|p| p.updated.or(p.date).map(|w| w.date())).collect();
    let newest = |pages: &[PageId]| pages.iter().filter_map(|&i| days[i]).max();
    entry("", newest(&site.chronological));
    for (p, &day) in site.pages.iter().zip(days.iter()) {
        entry(&p.path, day);
    }
    for s in site.sections.iter().skip(1) {
        entry(&s.path, newest(&s.pages));
    }
    for c in &site.campaigns {
        entry(&c.path, newest(&c.reports));
    }
    for p in &d.projects {
        entry(&p.path, p.latest.date);
    }
    for s in &d.series {
        entry(&s.path, None);
    }
    for t in site.counties.terms.iter().chain(&site.tags.terms) {
        entry(&t.path, newest(&t.pages));
    }
    for a in &site.archives {
        entry(&a.path, newest(&a.pages));
        for m in &a.months {
            entry(&m.path, newest(&m.pages));
        }
    }
    for list in urls::fixed::LISTS {
        entry(list, None);
    }
}

/// The digest of what the sitemap lists, fed straight from the model: a
/// save checks it, and the sorted list of tens of thousands of texts is
/// made only when it differs. (The same entries in another order digest
/// otherwise, and the sitemap is then made again as it was.)
fn digest(inp: &Inputs) -> u64 {
    let mut h = crate::digest::hasher();
    h.write(inp.links.permalink("").as_bytes());
    h.write_u8(0xff);
    h.write(inp.mirror.twin.as_ref().map_or("", |t| t.dir).as_bytes());
    each_entry(inp, |path, day| {
        h.write_usize(path.len());
        h.write(path.as_bytes());
        h.write_i32(day.map_or(i32::MIN, engine::day_number));
    });
    h.finish()
}

/// Every path the sitemap lists with its `lastmod`, sorted, with the twins.
fn entries(inp: &Inputs) -> Vec<(String, Option<String>)> {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    each_entry(inp, |path, day| entries.push((path.to_string(), day.map(|d| d.to_string()))));
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    if let Some(twin) = &inp.mirror.twin {
        let twins: Vec<_> = entries.iter().map(|(p, l)| (format!("{}{p}", twin.dir), l.clone())).collect();
        entries.extend(twins);
    }
    entries
}

/// The sitemap's files: one, or parts under an index past 50,000 URLs.
fn sitemap(inp: &Inputs, entries: Vec<(String, Option<String>)>) -> Vec<(String, String)> {
    let links = inp.links;
    let urlset = |entries: &[(String, Option<String>)]| {
        let mut s = String::with_capacity(entries.len() * 120 + 200);
        s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, lastmod) in entries {
            let _ = write!(s, "<url><loc>{}</loc>", xml_escape(&links.permalink(path)));
            if let Some(l) = lastmod {
                let _ = write!(s, "<lastmod>{l}</lastmod>");
            }
            s.push_str("</url>\n");
        }
        s.push_str("</urlset>\n");
        s
    };
    if entries.len() <= SITEMAP_MAX {
        return vec![(urls::fixed::SITEMAP.into(), urlset(&entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, part) in entries.chunks(SITEMAP_MAX).enumerate() {
        let name = urls::sitemap_part(n + 1);
        let _ = writeln!(index, "<sitemap><loc>{}</loc></sitemap>", xml_escape(&links.permalink(&name)));
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((urls::fixed::SITEMAP.into(), index));
    files
}
