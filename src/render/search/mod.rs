//! The search index: built here at build time, queried by
//! `themes/default/static/search.js` in the reader's browser, so search works
//! on any static web server with no search service and no CDN.
//!
//! Chinese has no spaces, so words cannot be split off the way an English
//! index does. Instead every run of Han characters is cut into overlapping
//! character bigrams (百日攻坚 → 百日 日攻 攻坚); a query is cut the same way
//! and a document matches when it holds all the query's bigrams. That finds
//! 攻坚 inside 百日攻坚 and 格锐恩 inside 格锐恩绿色钢能 without a dictionary.
//! Runs of ASCII letters and digits are whole words (`gdp`, `2021`).
//!
//! # Tokens (identical in `search.js`)
//!
//! - Full-width ASCII (`ＧＤＰ２０２１`) becomes half-width, A–Z becomes a–z.
//! - A Han character is U+3007, U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF or
//!   U+20000–2FFFF. In a query, a Han run of one character is a token by
//!   itself; a longer run gives all its bigrams. The index holds the bigrams
//!   and also every character alone, so a one-character query (县, 桥) finds
//!   it anywhere.
//! - A run of `[a-z0-9]` is one token (cut at 32 characters).
//! - Everything else separates tokens.
//!
//! # Files (under `search/index/` of the site, and of each language version)
//!
//! - `meta.json`: `{"v":2,"base":"/news/","shards":K,"chunk":C,"docs":N}`.
//!   `base` is the URL every document path is relative to.
//! - Document ids `0..N` count from the oldest document: every page,
//!   campaign (by its start) and project (by its latest report) in date
//!   order, undated pages first; on one day a project, then a campaign,
//!   then pages by time. So a new report is appended (the ids of the others
//!   stay, and so do most files), and "newest first" is "highest id first":
//!   the browser ranks equal scores that way.
//! - `t/<k>.txt`, `k` in `0..K`: the postings of the tokens that hash to
//!   `k` (32-bit FNV-1a over the token's code points, modulo K), one line per
//!   token, sorted: `token postings`. Hashing whole tokens spreads them
//!   evenly: keying shards by first character instead (so a one-character
//!   query could scan its bigrams) made the shard of 项 or 县 30 times the
//!   mean at 10,000 reports.
//!   `postings` is a list of integers in base-64 VLQ (as in source maps:
//!   alphabet `A–Z a–z 0–9 + /`, 5 bits a digit, low digit first, bit 32 set
//!   on every digit but the last). Each integer is `gap * 16 + weight`: `gap`
//!   is the document id minus the previous one in the list (the first is the
//!   id itself); `weight` has bit 8 when the token is in the title, bit 4
//!   when in the summary or the county, campaign, tags or project names, and
//!   in its low two bits how often it is in the text (0–3, capped).
//! - `script.json` (with the 繁體 mirror; `meta.json` says `"script":1`):
//!   `{"東":"东",…}`, the other script's form of the index's characters →
//!   the index's own; the browser converts a query with it before cutting
//!   it, so either script finds either version's pages.
//! - `d/<n>.json`: documents `n*C .. n*C+C-1`, a JSON array of
//!   `[path, title, date, county, campaign, summary]` (summary cut to 80
//!   characters). The browser fetches only the chunks of the results it
//!   shows (20 at a time).
//!
//! K grows with the index so a shard stays near 16 KB: a query downloads
//! `meta.json`, one shard per distinct token and the chunks of the results
//! shown, not the site's text.
//!
//! # Builds again (`kept`)
//!
//! A build brings the index its output's last build left (`Kept`, in
//! `serve`'s memory and the build cache) up to date: only documents whose
//! digest changed are tokenised, and only files whose bytes change are
//! written; the others are kept as the output holds them. Made from
//! scratch or brought up to date, the files are the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::Hasher;

use super::jobs::Inputs;
use super::mirror::Version;
use crate::write::Staging;

mod documents;
mod gather;
mod kept;
mod marks;
mod postings;
mod script;
mod tokens;
pub use kept::{Kept, KeptIndexes};
pub use tokens::tokenize;

/// Documents per `d/<n>.json` file.
const CHUNK: usize = 50;
/// The size a token shard aims at.
const SHARD_BYTES: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;
const SUMMARY_CHARS: usize = 80;
/// Bumped when what a kept index holds changes meaning.
const KEPT_FORMAT: u64 = 5;

/// One searchable document, its strings already in the language of the index.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Site path relative to the index's base (`reports/x/`).
    pub path: String,
    pub title: String,
    pub date: String,
    pub county: String,
    pub campaign: String,
    pub summary: String,
    /// Tags, project names, industries and townships: shown on the page, weighted like the summary.
    pub keywords: String,
    pub text: String,
}

impl AsRef<Doc> for Doc {
    fn as_ref(&self) -> &Doc {
        self
    }
}

/// What a build wrote, for the build summary and the size report.
#[derive(Debug, Default, Clone, Copy)]
pub struct IndexSize {
    /// Files of the index, and of them those written (the others were kept).
    pub files: usize,
    pub written: usize,
    pub bytes: usize,
    pub docs: usize,
    pub shards: usize,
    /// Documents tokenised (the others' postings were kept).
    pub tokenised: usize,
    /// Whether every line was searched for changed documents' old postings.
    pub searched_all: bool,
}

pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Document `i` in the index's script (its text left empty).
type DocAt<'a> = &'a (dyn Fn(usize) -> Doc + Sync);

/// Converts one character into the other script (繁↔简), for `script.json`.
type OtherScript<'a> = &'a (dyn Fn(&str) -> String + Sync);

fn meta_json(base_url: &str, shards: usize, docs: usize, script: bool) -> String {
    format!(
        "{{\"v\":2,\"base\":{},\"shards\":{shards},\"chunk\":{CHUNK},\"docs\":{docs}{}}}\n",
        json_str(base_url),
        if script { ",\"script\":1" } else { "" }
    )
}

/// A document as `d/<n>.json` lists it.
fn chunk_entry(d: &Doc) -> String {
    let summary = crate::text::truncate_cjk(&d.summary, SUMMARY_CHARS);
    let mut s = String::new();
    let _ = write!(
        s,
        "[{},{},{},{},{},{}]",
        json_str(&d.path),
        json_str(&d.title),
        json_str(&d.date),
        json_str(&d.county),
        json_str(&d.campaign),
        json_str(&summary)
    );
    s
}

/// A `d/<n>.json` file of these entries.
fn chunk_text<'a>(entries: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from("[");
    for (i, e) in entries.enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(e);
    }
    s.push_str("]\n");
    s
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // U+2028/2029 are valid JSON but break some older JavaScript parsers.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The search index of every language version, brought up to date from
/// what `kept` holds of this output's last build (and left there for the
/// next): files whose bytes are unchanged are kept, not written.
pub fn write_all(inp: &Inputs, out: &Staging, kept: &mut KeptIndexes) -> Vec<(String, std::io::Result<IndexSize>)> {
    let sources = documents::sources(inp, kept.values().next().map_or(&[][..], Kept::order));
    let mut done = Vec::new();
    let versions: Vec<&Version> = inp.mirror.versions().collect();
    kept.retain(|dir, _| versions.iter().any(|v| v.dir == dir));
    for v in versions {
        let index = kept.entry(v.dir.to_string()).or_default();
        let written = write(inp, out, v, &sources, index);
        index.keep_order(&sources.order);
        if written.is_err() {
            // What the output holds of it is unknown: made whole next time.
            kept.remove(v.dir);
        }
        done.push((crate::model::urls::search_index(v.dir), written));
    }
    done
}

/// The index of one language version (`dir` is "" or "zh-hant/").
fn write(
    inp: &Inputs,
    out: &Staging,
    version: &Version,
    sources: &documents::Sources,
    kept: &mut Kept,
) -> std::io::Result<IndexSize> {
    let dir = version.dir;
    let base_url = inp.links.url(dir);
    // The text as read back, converted where the version needs it.
    let text = |i: usize| {
        let Some(body) = sources.list[i].body else { return String::new() };
        let t = inp.spool.get(&body.text);
        match version.convert(&t) {
            std::borrow::Cow::Owned(o) => o,
            std::borrow::Cow::Borrowed(_) => t,
        }
    };
    // With a mirror, a query typed in the other script is converted (東光 finds 东光).
    let other = match inp.mirror.twin.is_some() {
        true => super::mirror::other_script(version.lang).ok(),
        false => None,
    };
    let convert = |c: &str| other.as_ref().map_or_else(|| c.to_string(), |o| o.convert(c));
    let doc: DocAt = &|i| documents::in_script(sources.doc(i), version);
    let making = kept::Making {
        setting: setting(dir, &base_url, other.is_some()),
        base_url: &base_url,
        doc,
        text: &text,
        other_script: other.as_ref().map(|_| &convert as OtherScript),
    };
    let files = |k: &Kept| (k.shards.len(), k.chunks.len(), k.script.is_some());
    let before = files(kept);
    let changed = kept.update(&sources.list, &making);
    let same_files = files(kept) == before;
    put_files(out, &crate::model::urls::search_index(dir), kept, (&changed, same_files))
}

/// Digest of what an index depends on besides its documents.
fn setting(dir: &str, base_url: &str, script: bool) -> u64 {
    let mut h = crate::digest::hasher();
    h.write_u64(KEPT_FORMAT);
    h.write(dir.as_bytes());
    h.write_u8(0xff);
    h.write(base_url.as_bytes());
    h.write_u8(u8::from(script));
    h.finish()
}

/// Writes the index's changed files under `index` and keeps the others
/// (written all the same where the output does not hold them as kept).
/// `same_files`: the last build of this output made the same files (as
/// many shards and chunks). Only many files are written in parallel (see
/// `documents::sources`).
fn put_files(
    out: &Staging,
    index: &str,
    kept: &Kept,
    (changed, same_files): (&kept::Changed, bool),
) -> std::io::Result<IndexSize> {
    use rayon::prelude::*;
    // Where its number of shards or chunks changed, what it no longer makes goes.
    if !same_files {
        out.release_folder(index);
    }
    let mut files: Vec<(String, &str, bool)> = vec![(format!("{index}meta.json"), &kept.meta, changed.meta)];
    if let Some(s) = &kept.script {
        files.push((format!("{index}script.json"), s, changed.script));
    }
    let shards = kept.shards.iter().zip(&changed.shards).enumerate();
    files.extend(shards.map(|(k, (text, &c))| (format!("{index}t/{k}.txt"), text.as_str(), c)));
    let chunks = kept.chunks.iter().zip(&changed.chunks).enumerate();
    files.extend(chunks.map(|(n, (text, &c))| (format!("{index}d/{n}.json"), text.as_str(), c)));
    let to_write: Vec<&(String, &str, bool)> =
        files.iter().filter(|(rel, _, changed)| *changed || !out.keep(rel)).collect();
    let write = |(rel, text, _): &&(String, &str, bool)| out.write(rel, text.as_bytes());
    match to_write.len() > WRITTEN_ON_ONE_THREAD {
        true => to_write.par_iter().try_for_each(write)?,
        false => to_write.iter().try_for_each(write)?,
    }
    Ok(IndexSize {
        files: files.len(),
        written: to_write.len(),
        bytes: files.iter().map(|f| f.1.len()).sum(),
        docs: kept.docs_len(),
        shards: kept.shards.len(),
        tokenised: changed.tokenised,
        searched_all: changed.searched_all,
    })
}

/// Up to this many files are written on the index's own thread.
const WRITTEN_ON_ONE_THREAD: usize = 64;

/// Decodes a postings list (the inverse of the format above), for tests.
pub fn decode_postings(s: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    postings::decode_into(s, &mut out);
    out
}

/// Every token's postings in an index's shard files (for tests and the size report).
pub fn read_shards<'a>(files: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, Vec<(u32, u8)>> {
    let mut out = BTreeMap::new();
    for text in files {
        for line in text.lines() {
            if let Some((t, p)) = line.split_once(' ') {
                out.insert(t.to_string(), decode_postings(p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
