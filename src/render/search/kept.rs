//! What a build keeps of a search index for the next build of the same
//! output (in `serve`'s memory, and in the build cache with the engine's
//! records): each document's path, digest and count of distinct tokens in
//! id order, and the text of every file. The next build compares digests:
//! documents whose digest is unchanged are not tokenised again; their
//! postings stay in the kept lines (moved to new ids where documents were
//! inserted or removed), the changed documents' old postings are dropped
//! and their new ones merged in, and only the files whose bytes change are
//! written. Many documents changed at once (over half) are cheaper
//! tokenised all again.
//!
//! A changed document's old postings are looked for first only in the
//! lines of its new tokens (a text edit mostly keeps the tokens it had):
//! when that finds as many as it had tokens, no other line holds it;
//! otherwise every line is searched for it. When no other document moves,
//! the lines of its new tokens are only read first: a shard is rewritten
//! only where a token's postings differ (a sentence added to a report
//! rewrites the few shards of its new tokens, not the hundreds its text
//! touches).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::documents::Source;
use super::gather;
use super::marks::{self, ShardMarks};
use super::postings::{self, Moves, Posting, GONE};
use super::script::unigram;

/// One search index as a build left it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Kept {
    /// Digest of what the index depends on besides its documents.
    setting: u64,
    /// Each document, in id order.
    docs: Vec<KeptDoc>,
    /// The text of each `t/<k>.txt`.
    pub(super) shards: Vec<String>,
    /// The text of each `d/<n>.json`.
    pub(super) chunks: Vec<String>,
    pub(super) meta: String,
    pub(super) script: Option<String>,
    /// With `script.json`: each Han character's postings length (how often it occurs).
    unigrams: BTreeMap<char, u32>,
    /// Each character's form in the other script (`script::script_json`).
    forms: BTreeMap<char, char>,
    /// Each shard's marks (`marks`), in memory only.
    #[serde(skip)]
    marks: Vec<ShardMarks>,
    /// The documents' order as sorted last (`documents::Sources::order`), in memory only.
    #[serde(skip)]
    order: Vec<u32>,
}

/// A document as the index holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeptDoc {
    path: String,
    digest: u64,
    /// Its key (`Source::key`) in the build that last saw it.
    key: u64,
    /// Its distinct tokens: the lines its id is in.
    tokens: u32,
}

impl KeptDoc {
    /// Whether `s` is this document as it was: its key the same, or else its digest.
    fn same(&self, s: &Source) -> bool {
        (s.key != 0 && s.key == self.key) || s.digest() == self.digest
    }

    const EMPTY: KeptDoc = KeptDoc { path: String::new(), digest: 0, key: 0, tokens: 0 };
}

/// The kept indexes of one output folder, by language version folder.
pub type KeptIndexes = BTreeMap<String, Kept>;

/// Which files of the index a build must write (the others are as kept).
#[derive(Debug)]
pub(super) struct Changed {
    pub shards: Vec<bool>,
    pub chunks: Vec<bool>,
    pub meta: bool,
    pub script: bool,
    /// Documents tokenised by this build.
    pub tokenised: usize,
    /// Whether every line was searched for the changed documents' old
    /// postings (some lost a token).
    pub searched_all: bool,
}

/// What the index is made of this build, besides the documents.
pub(super) struct Making<'a> {
    pub setting: u64,
    pub base_url: &'a str,
    /// A document in the index's script (its text left empty), by id.
    pub doc: super::DocAt<'a>,
    /// A document's body text in the index's script, by id.
    pub text: &'a (dyn Fn(usize) -> String + Sync),
    pub other_script: Option<super::OtherScript<'a>>,
}

impl Kept {
    pub(super) fn order(&self) -> &[u32] {
        &self.order
    }

    pub(super) fn keep_order(&mut self, order: &[u32]) {
        self.order.clear();
        self.order.extend_from_slice(order);
    }

    pub(super) fn docs_len(&self) -> usize {
        self.docs.len()
    }

    /// Brings the index up to date with `sources` (in id order).
    pub(super) fn update(&mut self, sources: &[Source], making: &Making) -> Changed {
        if self.setting != making.setting {
            *self = Kept { setting: making.setting, ..Kept::default() };
        }
        let plan = Plan::new(&self.docs, sources);
        let fresh = self.docs.is_empty() || plan.changed.len() * 2 > sources.len();
        let (mut changed, counts) = match fresh {
            true => self.make(sources, making),
            false => self.patch(sources, &plan, making),
        };
        let mut counts = counts.into_iter();
        // A kept document's entry moves to its new id as it is.
        let mut old = std::mem::take(&mut self.docs);
        let docs = sources.iter().enumerate().map(|(i, s)| match plan.from.get(i).filter(|_| !fresh) {
            Some(&o) if o != GONE => KeptDoc { key: s.key, ..std::mem::replace(&mut old[o as usize], KeptDoc::EMPTY) },
            _ => {
                let tokens = counts.next().unwrap_or(0);
                KeptDoc { path: s.path.to_string(), digest: s.digest(), key: s.key, tokens }
            }
        });
        self.docs = docs.collect();
        let meta = super::meta_json(making.base_url, self.shards.len(), sources.len(), making.other_script.is_some());
        changed.meta = meta != self.meta;
        self.meta = meta;
        let script = making.other_script.map(|o| super::script::script_json(&self.unigrams, &mut self.forms, o));
        changed.script = script.is_some() && script != self.script;
        self.script = script;
        changed
    }

    /// Every document tokenised, every file made; each one's count of tokens.
    fn make(&mut self, sources: &[Source], making: &Making) -> (Changed, Vec<u32>) {
        let docs: Vec<super::Doc> = (0..sources.len()).into_par_iter().map(making.doc).collect();
        let ids: Vec<u32> = (0..docs.len() as u32).collect();
        let gather::Tokenised { lines, counts } = gather::lines(&docs, &ids, making.text);
        self.unigrams.clear();
        if making.other_script.is_some() {
            self.unigrams.extend(lines.iter().filter_map(|(t, v)| Some((unigram(t)?, v.len() as u32))));
        }
        let total: usize = lines.iter().map(|(t, v)| t.len() + v.len() + 2).sum();
        self.shards = bucket(lines, shard_count(total));
        self.marks.clear();
        let entries: Vec<String> = docs.par_iter().map(super::chunk_entry).collect();
        self.chunks = entries.chunks(super::CHUNK).map(|c| super::chunk_text(c.iter().map(String::as_str))).collect();
        let changed = Changed {
            shards: vec![true; self.shards.len()],
            chunks: vec![true; self.chunks.len()],
            meta: true,
            script: true,
            tokenised: docs.len(),
            searched_all: true,
        };
        (changed, counts)
    }

    /// The changed documents tokenised, the rest kept (see the module
    /// comment); the changed documents' counts of tokens.
    fn patch(&mut self, sources: &[Source], plan: &Plan, making: &Making) -> (Changed, Vec<u32>) {
        let docs: Vec<super::Doc> = plan.changed.par_iter().map(|&i| (making.doc)(i)).collect();
        let ids: Vec<u32> = plan.changed.iter().map(|&i| i as u32).collect();
        let (added, counts) = added_postings(&docs, &ids, &|j| (making.text)(plan.changed[j]));
        let script = making.other_script.is_some();
        let (updated, searched_all) = match self.lines_that_differ(&added, plan) {
            Some(differ) => (self.updated_shards(plan.moves(false), &differ, script).0, false),
            None => {
                // The gone documents' postings in the lines of the added tokens (and
                // of the moved ids): all of them, or every line is searched.
                let (updated, dropped) = self.updated_shards(plan.moves(false), &added, script);
                match dropped != plan.gone_tokens {
                    true => (self.updated_shards(plan.moves(true), &added, script).0, true),
                    false => (updated, false),
                }
            }
        };
        let shards = self.patch_shards(updated);
        let entries: Vec<String> = docs.par_iter().map(super::chunk_entry).collect();
        let chunks = self.patch_chunks(sources.len(), plan, &entries);
        let changed = Changed { shards, chunks, meta: false, script: false, tokenised: docs.len(), searched_all };
        (changed, counts)
    }

    /// The shards that change with `added` merged in and old ids moved
    /// (the lines looked in: see `Moves`), not yet applied; how many
    /// postings of gone ids they dropped.
    fn updated_shards(
        &self,
        moves: Moves,
        added: &BTreeMap<String, Vec<Posting>>,
        script: bool,
    ) -> (Vec<ShardUpdate>, usize) {
        let k = self.shards.len();
        let mut by_shard: Vec<Vec<(&str, &[Posting])>> = vec![Vec::new(); k];
        for (token, list) in added {
            by_shard[super::fnv1a(token) as usize % k].push((token, list));
        }
        // Without a range to look in only the shards of the added tokens change.
        let updated: Vec<(Option<ShardUpdate>, usize)> = (0..k)
            .into_par_iter()
            .filter(|&s| moves.lo <= moves.hi || !by_shard[s].is_empty())
            .map(|s| {
                let mut chars = Vec::new();
                let mut heard = |token: &str, vlq: &str| {
                    if let Some(c) = unigram(token).filter(|_| script) {
                        chars.push((c, vlq.len() as u32));
                    }
                };
                let mut dropped = 0;
                let text = postings::update_shard(&self.shards[s], moves, &by_shard[s], &mut heard, &mut dropped);
                (text.map(|text| (s, text, chars)), dropped)
            })
            .collect();
        let dropped = updated.iter().map(|u| u.1).sum();
        (updated.into_iter().filter_map(|u| u.0).collect(), dropped)
    }

    /// When no kept document moves: the added tokens whose lines change
    /// (the changed documents' postings in them differ from those they
    /// held), looked up in their lines without rewriting a shard, so a
    /// text edit rewrites only the shards of what it changed. `None` when
    /// documents move, or when the lines of the added tokens do not hold
    /// every posting of the documents that go (some lost a token: every
    /// line must be searched).
    fn lines_that_differ<'a>(
        &mut self,
        added: &'a BTreeMap<String, Vec<Posting>>,
        plan: &Plan,
    ) -> Option<BTreeMap<String, Vec<Posting>>> {
        if plan.moved.0 <= plan.moved.1 || self.shards.is_empty() {
            return None;
        }
        let k = self.shards.len();
        self.marks.resize_with(k, ShardMarks::default);
        let (shards, marks) = (&self.shards, &self.marks);
        let looked: Vec<Looked<'a>> = added
            .par_iter()
            .map(|(token, list)| {
                let s = super::fnv1a(token) as usize % k;
                let Some(line) = marks[s].find_line(&shards[s], token) else {
                    return Looked { token, list, held: Vec::new(), passed: (s, 0, Vec::new()) };
                };
                let at = marks::offset(&shards[s], line);
                let (held, passed) = marks::held_by_gone(marks[s].of_line(at), line, plan.moves(false));
                Looked { token, list, held, passed: (s, at, passed) }
            })
            .collect();
        for Looked { passed: (s, at, passed), .. } in looked.iter().filter(|l| !l.passed.2.is_empty()) {
            self.marks[*s].add(*at, passed);
        }
        let found: usize = looked.iter().map(|l| l.held.len()).sum();
        (found == plan.gone_tokens).then(|| {
            looked.into_iter().filter(|l| l.held != *l.list).map(|l| (l.token.clone(), l.list.clone())).collect()
        })
    }

    /// The shards with `updated` applied; which changed.
    fn patch_shards(&mut self, updated: Vec<ShardUpdate>) -> Vec<bool> {
        let k = self.shards.len();
        let mut changed = vec![false; k];
        for (s, text, chars) in updated {
            self.shards[s] = text;
            if let Some(m) = self.marks.get_mut(s) {
                *m = ShardMarks::default();
            }
            changed[s] = true;
            for (c, len) in chars {
                match len {
                    0 => self.unigrams.remove(&c),
                    n => self.unigrams.insert(c, n),
                };
            }
        }
        let total: usize = self.shards.iter().map(String::len).sum();
        let count = shard_count(total);
        if count != k {
            // Tokens hash to other shards: every shard is made again.
            let lines =
                self.shards.iter().flat_map(|s| postings::parse(s)).map(|(t, v)| (t.to_string(), v.to_string()));
            self.shards = bucket(lines.collect(), count);
            self.marks.clear();
            return vec![true; count];
        }
        changed
    }

    /// The chunk files with `entries` (the changed documents', in order)
    /// and the kept documents' entries at their new ids; which changed.
    /// Only the kept files that entries are taken from are parsed.
    fn patch_chunks(&mut self, docs: usize, plan: &Plan, entries: &[String]) -> Vec<bool> {
        use super::CHUNK;
        let kept_docs = plan.to.len();
        let mut old: Vec<Option<Vec<&str>>> = vec![None; self.chunks.len()];
        let mut fresh = entries.iter();
        let mut made = Vec::new();
        let mut changed = Vec::new();
        for (n, ids) in (0..docs).collect::<Vec<_>>().chunks(CHUNK).enumerate() {
            let kept_len = kept_docs.saturating_sub(n * CHUNK).min(CHUNK);
            if kept_len == ids.len() && ids.iter().all(|&i| plan.from[i] == i as u32) {
                made.push(None);
                changed.push(false);
                continue;
            }
            let mut entry = |i: usize| match plan.from[i] {
                GONE => fresh.next().map_or("", String::as_str),
                o => {
                    let (c, k) = (o as usize / CHUNK, o as usize % CHUNK);
                    old[c].get_or_insert_with(|| chunk_entries(&self.chunks[c]))[k]
                }
            };
            let text = super::chunk_text(ids.iter().map(|&i| entry(i)));
            made.push(Some(text));
            changed.push(true);
        }
        drop(old);
        self.chunks.truncate(made.len());
        for (n, text) in made.into_iter().enumerate() {
            match (text, n < self.chunks.len()) {
                (Some(t), true) => self.chunks[n] = t,
                (Some(t), false) => self.chunks.push(t),
                (None, _) => {}
            }
        }
        changed
    }
}

/// An added token's line looked up: the postings the documents that go
/// hold in it, and the marks passed (shard, line, marks) to keep.
struct Looked<'a> {
    token: &'a String,
    list: &'a Vec<Posting>,
    held: Vec<Posting>,
    passed: (usize, u32, Vec<marks::Mark>),
}

/// A shard's new text and the new postings lengths of its Han characters.
type ShardUpdate = (usize, String, Vec<(char, u32)>);

/// How this build's documents relate to the kept ones.
struct Plan {
    /// For each new id, the old id of the same document unchanged, or `GONE`.
    from: Vec<u32>,
    /// For each old id, its new id, or `GONE` (removed or changed).
    to: Vec<u32>,
    /// New ids of the documents to tokenise, in order.
    changed: Vec<usize>,
    /// The lowest and highest old ids that move to another id (`lo > hi`: none).
    moved: (u32, u32),
    /// The same with the ids that go.
    moved_or_gone: (u32, u32),
    /// The postings of the ids that go (their counts of tokens).
    gone_tokens: usize,
    /// The lowest old id that goes (`GONE` for none) and the highest (0 for none).
    first_gone: u32,
    last_gone: u32,
    /// `Moves::order` of `to`.
    order: (bool, u32),
}

impl Plan {
    fn new(kept: &[KeptDoc], sources: &[Source]) -> Plan {
        // Most documents keep their id: looked up by path only when one moved.
        let mut by_path: Option<ahash::AHashMap<&str, u32>> = None;
        let mut old_id = |i: usize, path: &str| match kept.get(i).filter(|d| d.path == path) {
            Some(_) => Some(i as u32),
            None => by_path
                .get_or_insert_with(|| kept.iter().enumerate().map(|(i, d)| (d.path.as_str(), i as u32)).collect())
                .get(path)
                .copied(),
        };
        let mut to = vec![GONE; kept.len()];
        let mut from = vec![GONE; sources.len()];
        let mut changed = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            match old_id(i, s.path).filter(|&o| kept[o as usize].same(s)) {
                Some(o) => (to[o as usize], from[i]) = (i as u32, o),
                None => changed.push(i),
            }
        }
        let range = |gone: bool| {
            let moving = || to.iter().enumerate().filter(|&(o, &n)| n != o as u32 && (gone || n != GONE));
            let ids = || moving().map(|(o, _)| o as u32);
            (ids().next().unwrap_or(1), ids().next_back().unwrap_or(0))
        };
        let gone_tokens = kept.iter().zip(&to).filter(|&(_, &n)| n == GONE).map(|(d, _)| d.tokens as usize).sum();
        let first_gone = to.iter().position(|&n| n == GONE).map_or(GONE, |o| o as u32);
        let last_gone = to.iter().rposition(|&n| n == GONE).unwrap_or(0) as u32;
        let (moved, moved_or_gone) = (range(false), range(true));
        let order = Moves::order(&to);
        Plan { moved, moved_or_gone, from, to, changed, gone_tokens, first_gone, last_gone, order }
    }

    /// The lines to look in: those of moved ids (`gone`: or of gone ones).
    fn moves(&self, gone: bool) -> Moves<'_> {
        let (lo, hi) = if gone { self.moved_or_gone } else { self.moved };
        let (in_order, settled) = self.order;
        Moves { to: &self.to, lo, hi, first_gone: self.first_gone, last_gone: self.last_gone, in_order, settled }
    }
}

/// The postings of `docs` (ids `ids`) by token, each list in id order;
/// each document's count of tokens.
fn added_postings(
    docs: &[super::Doc],
    ids: &[u32],
    text: &(dyn Fn(usize) -> String + Sync),
) -> (BTreeMap<String, Vec<Posting>>, Vec<u32>) {
    let mut out = BTreeMap::new();
    let gather::Tokenised { lines, counts } = gather::lines(docs, ids, text);
    for (token, vlq) in lines {
        let mut list = Vec::new();
        postings::decode_into(&vlq, &mut list);
        out.insert(token, list);
    }
    (out, counts)
}

/// How many shards an index of `total` bytes of lines has: near
/// `SHARD_BYTES` each, a power of two.
fn shard_count(total: usize) -> usize {
    total.div_ceil(super::SHARD_BYTES).next_power_of_two().clamp(1, super::MAX_SHARDS)
}

/// Each token's line to the shard its hash picks, in token order there.
fn bucket(lines: Vec<(String, String)>, shards: usize) -> Vec<String> {
    let mut by_shard: Vec<Vec<(String, String)>> = vec![Vec::new(); shards];
    for (token, vlq) in lines {
        by_shard[super::fnv1a(&token) as usize % shards].push((token, vlq));
    }
    by_shard
        .into_par_iter()
        .map(|mut lines| {
            lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            postings::shard_text(lines.iter().map(|(t, v)| (t.as_str(), v.as_str())))
        })
        .collect()
}

/// The entries of a chunk file's text (`chunk_text`'s inverse).
fn chunk_entries(text: &str) -> Vec<&str> {
    let inner = text.strip_prefix('[').and_then(|t| t.strip_suffix("]\n")).unwrap_or("");
    match inner.is_empty() {
        true => Vec::new(),
        false => inner.split(",\n").collect(),
    }
}
