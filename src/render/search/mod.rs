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
//! - `meta.json`: `{"v":1,"base":"/news/","shards":K,"chunk":C,"docs":N}`.
//!   `base` is the URL every document path is relative to.
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
//!   characters). Document ids count from the newest report, so the browser
//!   fetches only the chunks of the results it shows (20 at a time).
//!
//! K grows with the index so a shard stays near 16 KB: a query downloads
//! `meta.json`, one shard per distinct token and the chunks of the results
//! shown, not the site's text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::jobs::Inputs;
use super::mirror::Version;
use crate::write::Staging;

mod documents;
mod script;
mod tokens;
pub use tokens::{is_han, tokenize};
use tokens::{scan, Cut, Tok};

/// Documents per `d/<n>.json` file.
const CHUNK: usize = 50;
/// The size a token shard aims at.
const SHARD_BYTES: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;
const SUMMARY_CHARS: usize = 80;

const W_TITLE: u8 = 8;
const W_META: u8 = 4;
const W_TEXT_MAX: u8 = 3;

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

/// What a build wrote, for the build summary and the size report.
#[derive(Debug, Default, Clone, Copy)]
pub struct IndexSize {
    pub files: usize,
    pub bytes: usize,
    pub docs: usize,
    pub shards: usize,
}

pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn vlq(out: &mut String, mut v: u64) {
    loop {
        let mut digit = (v & 31) as usize;
        v >>= 5;
        if v > 0 {
            digit |= 32;
        }
        out.push(B64[digit] as char);
        if v == 0 {
            break;
        }
    }
}

/// A token as a map key: Han unigrams and bigrams packed into a `u64` (no
/// allocation for the bulk of a Chinese index), ASCII words as strings.
#[derive(Hash, PartialEq, Eq, Clone)]
enum Key {
    Han(u64),
    Word(Box<str>),
}

impl Key {
    /// Which of the `PARTS` postings maps holds this token.
    fn part(&self) -> usize {
        let h = match self {
            Key::Han(k) => k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40,
            Key::Word(w) => u64::from(fnv1a(w)),
        };
        h as usize % PARTS
    }

    fn text(&self) -> String {
        match self {
            Key::Han(k) => {
                [(k >> 32) as u32, *k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect()
            }
            Key::Word(w) => w.to_string(),
        }
    }
}

/// A document's distinct tokens with their weights (see the module comment);
/// `text` is its body text (`Doc::text` unless the caller fetches it lazily).
fn doc_tokens(d: &Doc, text: &str) -> Vec<(Key, u8)> {
    // A bigram per character at most (its unigrams repeat: far fewer
    // distinct); Chinese is three bytes a character. The table grows if needed.
    let mut han = HanCounts::with_capacity(text.len() / 3 + 64);
    let mut words: ahash::AHashMap<Box<str>, u8> = ahash::AHashMap::new();
    let bump = |w: &mut u8, field: u8| {
        if field != 0 {
            *w |= field;
        } else if *w & W_TEXT_MAX < W_TEXT_MAX {
            *w += 1;
        }
    };
    let mut add = |text: &str, field: u8| {
        scan(text, Cut { join_breaks: field == 0, unigrams: true }, |t| match t {
            Tok::Han(k) => bump(han.entry(k), field),
            Tok::Word(t) => match words.get_mut(t) {
                Some(w) => bump(w, field),
                None => bump(words.entry(t.into()).or_insert(0), field),
            },
        })
    };
    add(&d.title, W_TITLE);
    for meta in [&d.summary, &d.county, &d.campaign, &d.keywords] {
        add(meta, W_META);
    }
    add(text, 0);
    han.into_iter().map(|(k, w)| (Key::Han(k), w)).chain(words.into_iter().map(|(k, w)| (Key::Word(k), w))).collect()
}

/// A document's Han tokens and their weights: an open-addressing table of
/// packed keys (never 0), sized for the text up front. The bulk of the
/// index's work is bumping these, ~3,000 times a report; a general hash map
/// spent twice as long on it.
struct HanCounts {
    keys: Vec<u64>,
    weights: Vec<u8>,
    len: usize,
}

impl HanCounts {
    fn with_capacity(n: usize) -> Self {
        let slots = (n.max(8) * 2).next_power_of_two();
        HanCounts { keys: vec![0; slots], weights: vec![0; slots], len: 0 }
    }

    fn slot(&self, k: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut i = (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        while self.keys[i] != 0 && self.keys[i] != k {
            i = (i + 1) & mask;
        }
        i
    }

    /// The weight of `k`, inserted as 0 when new.
    fn entry(&mut self, k: u64) -> &mut u8 {
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let i = self.slot(k);
        if self.keys[i] == 0 {
            self.keys[i] = k;
            self.len += 1;
        }
        &mut self.weights[i]
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, HanCounts::with_capacity(self.keys.len()));
        for (k, w) in old.into_iter() {
            *self.entry(k) = w;
        }
    }

    fn into_iter(self) -> impl Iterator<Item = (u64, u8)> {
        self.keys.into_iter().zip(self.weights).filter(|&(k, _)| k != 0)
    }
}

/// A token's postings, gap-encoded as they arrive (documents come in id order).
#[derive(Default)]
struct Postings {
    last: u32,
    vlq: String,
}

/// Documents tokenised together; bounds the memory of tokens not yet merged.
const BATCH: usize = 256;
/// Postings maps merged side by side (a token's part is fixed by its key).
const PARTS: usize = 16;

/// The index's files (site-relative paths under `dir`) for `docs`.
pub fn build(docs: &[Doc], dir: &str, base_url: &str) -> Vec<(String, String)> {
    build_with_text(docs, dir, base_url, &|i| docs[i].text.clone(), None, &|| false).expect("never stopped")
}

/// Converts one character into the other script (繁↔简), for `script.json`.
type OtherScript<'a> = &'a (dyn Fn(&str) -> String + Sync);

/// `build`, with each document's body text produced by `text(id)` when its
/// batch is tokenised, so a site's text is never held twice at once. `None`
/// when `stop()` said so between two batches.
fn build_with_text(
    docs: &[Doc],
    dir: &str,
    base_url: &str,
    text: &(dyn Fn(usize) -> String + Sync),
    other_script: Option<OtherScript>,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<(String, String)>> {
    use rayon::prelude::*;
    // Tokenise a batch in parallel, then append each document's postings in
    // id order, so the maps hold compact encoded lists, never all tokens at
    // once. Tokens are split into `PARTS` maps by hash so the appending runs
    // in parallel too (one part per task, documents in id order within it).
    let mut parts: Vec<ahash::AHashMap<Key, Postings>> = (0..PARTS).map(|_| Default::default()).collect();
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        if stop() {
            return None;
        }
        let tokens: Vec<Vec<Vec<(Key, u8)>>> = batch
            .par_iter()
            .enumerate()
            .map(|(j, d)| {
                let mut split: Vec<Vec<(Key, u8)>> = vec![Vec::new(); PARTS];
                for (k, w) in doc_tokens(d, &text(b * BATCH + j)) {
                    split[k.part()].push((k, w));
                }
                split
            })
            .collect();
        parts.par_iter_mut().enumerate().for_each(|(part, postings)| {
            for (j, doc) in tokens.iter().enumerate() {
                let id = (b * BATCH + j) as u32;
                for (k, w) in &doc[part] {
                    let p = match postings.get_mut(k) {
                        Some(p) => p,
                        None => postings.entry(k.clone()).or_default(),
                    };
                    vlq(&mut p.vlq, u64::from(id - p.last) * 16 + u64::from(*w));
                    p.last = id;
                }
            }
        });
    }
    let script = other_script.map(|other| script::script_map(&parts, other));
    // Each token's line goes to the shard its hash picks, in token order
    // there; the postings move into the shards' lists, not copied.
    let lines: Vec<(String, String)> = parts.into_iter().flatten().map(|(key, p)| (key.text(), p.vlq)).collect();
    let total: usize = lines.iter().map(|(t, v)| t.len() + v.len() + 2).sum();
    let shards = total.div_ceil(SHARD_BYTES).next_power_of_two().clamp(1, MAX_SHARDS);
    let mut by_shard: Vec<Vec<(String, String)>> = vec![Vec::new(); shards];
    for (token, vlq) in lines {
        by_shard[fnv1a(&token) as usize % shards].push((token, vlq));
    }
    let shard_text: Vec<String> = by_shard
        .into_par_iter()
        .map(|mut lines| {
            lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut s = String::with_capacity(lines.iter().map(|(t, v)| t.len() + v.len() + 2).sum());
            for (token, vlq) in lines {
                s.push_str(&token);
                s.push(' ');
                s.push_str(&vlq);
                s.push('\n');
            }
            s
        })
        .collect();
    let index = crate::model::urls::search_index(dir);
    let mut files = Vec::with_capacity(shards + docs.len() / CHUNK + 2);
    files.push((
        format!("{index}meta.json"),
        format!(
            "{{\"v\":1,\"base\":{},\"shards\":{shards},\"chunk\":{CHUNK},\"docs\":{}{}}}\n",
            json_str(base_url),
            docs.len(),
            if script.is_some() { ",\"script\":1" } else { "" }
        ),
    ));
    if let Some(map) = script {
        let pairs: Vec<String> = map
            .iter()
            .map(|(from, to)| format!("{}:{}", json_str(&from.to_string()), json_str(&to.to_string())))
            .collect();
        files.push((format!("{index}script.json"), format!("{{{}}}\n", pairs.join(","))));
    }
    for (k, text) in shard_text.into_iter().enumerate() {
        files.push((format!("{index}t/{k}.txt"), text));
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let mut s = String::from("[");
        for (i, d) in chunk.iter().enumerate() {
            if i > 0 {
                s.push_str(",\n");
            }
            let summary = crate::text::truncate_cjk(&d.summary, SUMMARY_CHARS);
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
        }
        s.push_str("]\n");
        files.push((format!("{index}d/{n}.json"), s));
    }
    Some(files)
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

/// Writes the index of one language version (`dir` is "" or "zh-hant/").
/// Writes nothing and gives `None` when `stop()` says so before it is made.
pub fn write(
    inp: &Inputs,
    out: &Staging,
    version: &Version,
    stop: &dyn Fn() -> bool,
) -> std::io::Result<Option<IndexSize>> {
    let dir = version.dir;
    let (docs, bodies) = documents::documents(inp, version);
    // The text as read back, not copied, where the version needs no conversion.
    let text = |i: usize| {
        let Some(body) = bodies[i] else { return String::new() };
        let t = inp.spool.get(&body.text);
        let converted = match version.convert(&t) {
            std::borrow::Cow::Owned(o) => Some(o),
            std::borrow::Cow::Borrowed(_) => None,
        };
        converted.unwrap_or(t)
    };
    // With a mirror, a query typed in the other script is converted (東光 finds 东光).
    let other = match inp.mirror.twin.is_some() {
        true => super::mirror::other_script(version.lang).ok(),
        false => None,
    };
    let convert = |c: &str| other.as_ref().map_or_else(|| c.to_string(), |o| o.convert(c));
    let other_script: Option<OtherScript> = other.as_ref().map(|_| &convert as OtherScript);
    let Some(files) = build_with_text(&docs, dir, &inp.links.url(dir), &text, other_script, stop) else {
        return Ok(None);
    };
    let shards = files.iter().filter(|f| f.0.contains("/index/t/")).count();
    let mut size = IndexSize { docs: docs.len(), shards, ..Default::default() };
    for (rel, body) in &files {
        out.write(rel, body.as_bytes())?;
        size.files += 1;
        size.bytes += body.len();
    }
    Ok(Some(size))
}

/// Decodes a postings list (the inverse of the format above), for tests.
pub fn decode_postings(s: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    let (mut v, mut shift, mut doc) = (0u64, 0u32, 0u32);
    for b in s.bytes() {
        let Some(d) = B64.iter().position(|&x| x == b) else { continue };
        v |= ((d & 31) as u64) << shift;
        if d & 32 != 0 {
            shift += 5;
            continue;
        }
        doc += (v >> 4) as u32;
        out.push((doc, (v & 15) as u8));
        (v, shift) = (0, 0);
    }
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
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(s, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn han_runs_become_bigrams_and_ascii_words_stay_whole() {
        assert_eq!(toks("百日攻坚"), ["百日", "日攻", "攻坚"]);
        assert_eq!(toks("县，GDP增长８％ 2021年"), ["县", "gdp", "增长", "8", "2021", "年"]);
        assert_eq!(toks("ＧＤＰ"), ["gdp"]);
    }

    #[test]
    fn postings_round_trip_through_vlq() {
        let docs: Vec<Doc> = (0..300)
            .map(|i| Doc {
                path: format!("r/{i}/"),
                title: if i % 7 == 0 { "百日攻坚".into() } else { "项目".into() },
                text: "攻坚 攻坚 攻坚 攻坚".into(),
                ..Default::default()
            })
            .collect();
        let files = build(&docs, "", "/");
        let index = read_shards(files.iter().filter(|f| f.0.contains("/t/")).map(|f| f.1.as_str()));
        let gj = &index["攻坚"];
        assert_eq!(gj.len(), 300);
        assert_eq!(gj[7], (7, W_TITLE | W_TEXT_MAX));
        assert_eq!(gj[8], (8, W_TEXT_MAX));
        assert_eq!(index["百日"].iter().map(|p| p.0).collect::<Vec<_>>(), (0..300).step_by(7).collect::<Vec<_>>());
    }

    #[test]
    fn a_line_break_inside_a_chinese_sentence_does_not_split_a_bigram() {
        let joined = |s: &str| {
            let mut v = Vec::new();
            scan(s, Cut { join_breaks: true, unigrams: false }, |t| match t {
                Tok::Han(k) => v.push(Key::Han(k).text()),
                Tok::Word(w) => v.push(w.to_string()),
            });
            v
        };
        assert_eq!(joined("项目一\n线 工人 and\nmore"), toks("项目一线 工人 and more"));
        assert_eq!(joined("项目一 \n 线"), toks("项目一线"));
        assert_eq!(joined("县 \n,市"), toks("县 市"), "a break before punctuation still ends the run");
    }
}
