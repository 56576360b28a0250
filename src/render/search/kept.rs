//! What a build keeps of a search index for the next build of the same
//! output (in `serve`'s memory, and in the build cache with the engine's
//! records): each document's path and digest in id order, and the text of
//! every file. The next build compares digests: documents whose digest is
//! unchanged are not tokenised again; their postings stay in the kept lines
//! (moved to new ids where documents were inserted or removed), the
//! changed documents' old postings are dropped and their new ones merged
//! in, and only the files whose bytes change are written. Many documents
//! changed at once (over half) are cheaper tokenised all again.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::documents::Source;
use super::postings::{self, Posting, Remap, GONE};
use super::script::unigram;

/// One search index as a build left it.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Kept {
    /// Digest of what the index depends on besides its documents.
    setting: u64,
    /// Each document's path and digest, in id order.
    docs: Vec<(String, u64)>,
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
}

/// What the index is made of this build, besides the documents.
pub(super) struct Making<'a> {
    pub setting: u64,
    pub base_url: &'a str,
    /// A document in the index's script (its text left empty).
    pub in_script: &'a (dyn Fn(&super::Doc) -> super::Doc + Sync),
    /// A document's body text in the index's script, by id.
    pub text: &'a (dyn Fn(usize) -> String + Sync),
    pub other_script: Option<super::OtherScript<'a>>,
}

impl Kept {
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
        let mut changed = match fresh {
            true => self.make(sources, making),
            false => self.patch(sources, &plan, making),
        };
        self.docs = sources.iter().map(|s| (s.doc.path.clone(), s.digest)).collect();
        let meta = super::meta_json(making.base_url, self.shards.len(), sources.len(), making.other_script.is_some());
        changed.meta = meta != self.meta;
        self.meta = meta;
        let script = making.other_script.map(|o| super::script::script_json(&self.unigrams, &mut self.forms, o));
        changed.script = script.is_some() && script != self.script;
        self.script = script;
        changed
    }

    /// Every document tokenised, every file made.
    fn make(&mut self, sources: &[Source], making: &Making) -> Changed {
        let docs: Vec<super::Doc> = sources.par_iter().map(|s| (making.in_script)(&s.doc)).collect();
        let ids: Vec<u32> = (0..docs.len() as u32).collect();
        let lines = postings::lines(&docs, &ids, making.text);
        self.unigrams.clear();
        if making.other_script.is_some() {
            self.unigrams.extend(lines.iter().filter_map(|(t, v)| Some((unigram(t)?, v.len() as u32))));
        }
        let total: usize = lines.iter().map(|(t, v)| t.len() + v.len() + 2).sum();
        self.shards = bucket(lines, shard_count(total));
        let entries: Vec<String> = docs.par_iter().map(super::chunk_entry).collect();
        self.chunks = entries.chunks(super::CHUNK).map(|c| super::chunk_text(c.iter().map(String::as_str))).collect();
        Changed {
            shards: vec![true; self.shards.len()],
            chunks: vec![true; self.chunks.len()],
            meta: true,
            script: true,
            tokenised: docs.len(),
        }
    }

    /// The changed documents tokenised, the rest kept (see the module comment).
    fn patch(&mut self, sources: &[Source], plan: &Plan, making: &Making) -> Changed {
        let docs: Vec<super::Doc> = plan.changed.par_iter().map(|&i| (making.in_script)(&sources[i].doc)).collect();
        let ids: Vec<u32> = plan.changed.iter().map(|&i| i as u32).collect();
        let added = added_postings(&docs, &ids, &|j| (making.text)(plan.changed[j]));
        let shards = self.patch_shards(plan.remap(), &added, making.other_script.is_some());
        let entries: Vec<String> = docs.par_iter().map(super::chunk_entry).collect();
        let chunks = self.patch_chunks(sources.len(), plan, &entries);
        Changed { shards, chunks, meta: false, script: false, tokenised: docs.len() }
    }

    /// The shards with `added` merged in and old ids moved; which changed.
    fn patch_shards(&mut self, remap: Remap, added: &BTreeMap<String, Vec<Posting>>, script: bool) -> Vec<bool> {
        let k = self.shards.len();
        let mut by_shard: Vec<Vec<(&str, &[Posting])>> = vec![Vec::new(); k];
        for (token, list) in added {
            by_shard[super::fnv1a(token) as usize % k].push((token, list));
        }
        // Without moved ids only the shards of the added tokens change.
        let updated: Vec<ShardUpdate> = (0..k)
            .into_par_iter()
            .filter(|&s| remap.is_some() || !by_shard[s].is_empty())
            .filter_map(|s| {
                let mut chars = Vec::new();
                let mut heard = |token: &str, vlq: &str| {
                    if let Some(c) = unigram(token).filter(|_| script) {
                        chars.push((c, vlq.len() as u32));
                    }
                };
                let text = postings::update_shard(&self.shards[s], remap, &by_shard[s], &mut heard)?;
                Some((s, text, chars))
            })
            .collect();
        let mut changed = vec![false; k];
        for (s, text, chars) in updated {
            self.shards[s] = text;
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
            return vec![true; count];
        }
        changed
    }

    /// The chunk files with `entries` (the changed documents', in order)
    /// and the kept documents' entries at their new ids; which changed.
    fn patch_chunks(&mut self, docs: usize, plan: &Plan, entries: &[String]) -> Vec<bool> {
        let old: Vec<Vec<&str>> = self.chunks.iter().map(|c| chunk_entries(c)).collect();
        let mut fresh = entries.iter();
        let mut made = Vec::new();
        let mut changed = Vec::new();
        for (n, ids) in (0..docs).collect::<Vec<_>>().chunks(super::CHUNK).enumerate() {
            let same =
                old.get(n).is_some_and(|o| o.len() == ids.len()) && ids.iter().all(|&i| plan.from[i] == i as u32);
            if same {
                made.push(None);
                changed.push(false);
                continue;
            }
            let text = super::chunk_text(ids.iter().map(|&i| match plan.from[i] {
                GONE => fresh.next().map_or("", String::as_str),
                o => old[o as usize / super::CHUNK][o as usize % super::CHUNK],
            }));
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
    /// The lowest and highest old ids that move or go (`lo > hi`: none).
    lo: u32,
    hi: u32,
}

impl Plan {
    fn new(kept: &[(String, u64)], sources: &[Source]) -> Plan {
        let by_path: ahash::AHashMap<&str, u32> =
            kept.iter().enumerate().map(|(i, (p, _))| (p.as_str(), i as u32)).collect();
        let mut to = vec![GONE; kept.len()];
        let mut from = vec![GONE; sources.len()];
        let mut changed = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            match by_path.get(s.doc.path.as_str()).filter(|&&o| kept[o as usize].1 == s.digest) {
                Some(&o) => (to[o as usize], from[i]) = (i as u32, o),
                None => changed.push(i),
            }
        }
        let moving = || to.iter().enumerate().filter(|&(o, &n)| n != o as u32).map(|(o, _)| o as u32);
        let (lo, hi) = (moving().next().unwrap_or(1), moving().next_back().unwrap_or(0));
        Plan { from, to, changed, lo, hi }
    }

    fn remap(&self) -> Remap<'_> {
        (self.lo <= self.hi).then_some(postings::Moves { to: &self.to, lo: self.lo, hi: self.hi })
    }
}

/// The postings of `docs` (ids `ids`) by token, each list in id order.
fn added_postings(
    docs: &[super::Doc],
    ids: &[u32],
    text: &(dyn Fn(usize) -> String + Sync),
) -> BTreeMap<String, Vec<Posting>> {
    let mut out = BTreeMap::new();
    for (token, vlq) in postings::lines(docs, ids, text) {
        let mut list = Vec::new();
        postings::decode_into(&vlq, &mut list);
        out.insert(token, list);
    }
    out
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
