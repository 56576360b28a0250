//! Documents' tokens counted and gathered into postings lines: each
//! document's distinct tokens with their weights, then every token's
//! postings in document order (`lines`).
//!
//! Nearly every token is a Han unigram or bigram or a short ASCII word, so
//! tokens are keyed by a number (`Packed`) in open-addressing tables of
//! their own, one per thread reused from document to document: at 10,000
//! reports (~90 MB of text) the index bumps ~60 million counts and appends
//! ~12 million postings. Only words over 7 letters are keyed by their text.

use super::postings::{push, W_META, W_TEXT_MAX, W_TITLE};
use super::tokens::{scan, Cut, Tok};
use super::Doc;

/// A token as a number, never 0: a Han unigram or bigram packed as
/// `Tok::Han` or `Tok::Pair` gives it (top bit clear), or an ASCII word of up to
/// `SHORT_WORD` bytes (`WORD` set, its length and bytes below).
type Packed = u64;

const WORD: u64 = 1 << 63;
const SHORT_WORD: usize = 7;

fn pack_word(w: &str) -> Option<Packed> {
    (w.len() <= SHORT_WORD).then(|| {
        let bytes = w.bytes().enumerate().fold(0, |k, (i, b)| k | u64::from(b) << (8 * i));
        WORD | (w.len() as u64) << 56 | bytes
    })
}

/// A packed token's text.
fn text_of(k: Packed) -> String {
    match k & WORD != 0 {
        true => (0..(k >> 56 & 7) as usize).map(|i| char::from((k >> (8 * i)) as u8)).collect(),
        false => [(k >> 32) as u32, k as u32].into_iter().filter(|&c| c != 0).filter_map(char::from_u32).collect(),
    }
}

/// Mixes a packed token's bits: the top bits pick its part, the next its slot.
fn mix(k: Packed) -> u64 {
    k.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Postings maps merged side by side (a token's part is fixed by its key).
const PARTS: usize = 16;

fn part(k: Packed) -> usize {
    (mix(k) >> 60) as usize % PARTS
}

fn long_part(w: &str) -> usize {
    super::fnv1a(w) as usize % PARTS
}

/// An open-addressing map of packed tokens to small values.
struct Table<V> {
    keys: Vec<Packed>,
    values: Vec<V>,
    /// The slots taken, in the order taken: a document's table is emptied
    /// slot by slot, not by a pass over all of them (a long report's table
    /// has 8,192 slots, most of a short one's empty).
    taken: Vec<u32>,
}

impl<V: Copy + Default> Table<V> {
    fn with_slots(slots: usize) -> Self {
        let slots = slots.max(16).next_power_of_two();
        Table { keys: vec![0; slots], values: vec![V::default(); slots], taken: Vec::new() }
    }

    /// The slot of `k`, and whether `k` was put there now (its value the default).
    /// Inlined into the counting loop: it runs for ~30 million tokens at 10,000 reports.
    /// A table is grown only when a key is put in (most lookups find theirs).
    #[inline(always)]
    fn slot(&mut self, k: Packed) -> (usize, bool) {
        let mask = self.keys.len() - 1;
        let mut i = (mix(k) >> 28) as usize & mask;
        loop {
            match self.keys[i] {
                0 if (self.taken.len() + 1) * 2 > self.keys.len() => return self.grow_and_put(k),
                0 => {
                    self.keys[i] = k;
                    self.taken.push(i as u32);
                    return (i, true);
                }
                x if x == k => return (i, false),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// `slot` for a key not in the table when it is half full: the table doubled first.
    #[cold]
    #[inline(never)]
    fn grow_and_put(&mut self, k: Packed) -> (usize, bool) {
        let old = std::mem::replace(self, Table::with_slots(self.keys.len() * 2));
        for &at in &old.taken {
            let (i, _) = self.slot(old.keys[at as usize]);
            self.values[i] = old.values[at as usize];
        }
        self.slot(k)
    }

    /// Moves every entry out into `out`, leaving the table empty (its memory kept).
    fn drain_into(&mut self, out: &mut Vec<(Packed, V)>) {
        for at in self.taken.drain(..) {
            let at = at as usize;
            out.push((std::mem::take(&mut self.keys[at]), std::mem::take(&mut self.values[at])));
        }
    }
}

/// A document's distinct tokens with their weights, grouped by part.
pub(super) struct DocTokens {
    packed: Vec<(Packed, u8)>,
    /// `packed[ends[p - 1]..ends[p]]` are part `p`'s.
    ends: [u32; PARTS],
    long: Vec<(Box<str>, u8)>,
}

impl DocTokens {
    pub(super) fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    fn part(&self, p: usize) -> &[(Packed, u8)] {
        let start = if p == 0 { 0 } else { self.ends[p - 1] as usize };
        &self.packed[start..self.ends[p] as usize]
    }
}

/// The weights of the unigrams of U+4E00..=U+9FFF (nearly every character
/// of a report), indexed by code point, with the ones set so far: half of
/// all counting, without hashing.
struct Unigrams {
    weights: Vec<u8>,
    set: Vec<u16>,
}

const UNIGRAM_FIRST: u32 = 0x4E00;
const UNIGRAMS: usize = 0x9FFF - 0x4E00 + 1;

impl Unigrams {
    /// The weight of unigram `k` (a `Tok::Han`), if its character is in the block.
    #[inline]
    fn weight(&mut self, k: Packed) -> Option<&mut u8> {
        let at = ((k >> 32) as u32).wrapping_sub(UNIGRAM_FIRST) as usize;
        if at >= UNIGRAMS {
            return None;
        }
        // Every bump leaves a weight above 0: 0 is "not set yet".
        if self.weights[at] == 0 {
            self.set.push(at as u16);
        }
        Some(&mut self.weights[at])
    }

    /// Moves every weight set out into `out`, leaving all at 0.
    fn drain_into(&mut self, out: &mut Vec<(Packed, u8)>) {
        for at in self.set.drain(..) {
            let k = u64::from(UNIGRAM_FIRST + u32::from(at)) << 32;
            out.push((k, std::mem::take(&mut self.weights[at as usize])));
        }
    }
}

/// What one thread reuses from document to document.
pub(super) struct Counter {
    unigrams: Unigrams,
    counts: Table<u8>,
    long: ahash::AHashMap<Box<str>, u8>,
    drained: Vec<(Packed, u8)>,
}

impl Counter {
    pub(super) fn new() -> Counter {
        Counter {
            unigrams: Unigrams { weights: vec![0; UNIGRAMS], set: Vec::new() },
            counts: Table::with_slots(4096),
            long: Default::default(),
            drained: Vec::new(),
        }
    }

    /// A document's distinct tokens with their weights (see the module
    /// comment of `search`); `text` is its body text.
    pub(super) fn doc_tokens(&mut self, d: &Doc, text: &str) -> DocTokens {
        self.add::<W_TITLE>(&d.title);
        for meta in [&d.summary, &d.county, &d.campaign, &d.keywords] {
            self.add::<W_META>(meta);
        }
        self.add::<0>(text);
        self.drained.clear();
        self.unigrams.drain_into(&mut self.drained);
        self.counts.drain_into(&mut self.drained);
        let ends = part_ends(&self.drained);
        DocTokens { packed: by_part(&self.drained, &ends), ends, long: self.long.drain().collect() }
    }

    /// Counts the tokens of one field (`W_TITLE`, `W_META`, or 0 for the
    /// text): a field of its own, so the text's counting tests no field.
    fn add<const FIELD: u8>(&mut self, text: &str) {
        // Inlined into `scan`: a call per token was a tenth of the counting.
        scan(
            text,
            Cut { join_breaks: FIELD == 0, unigrams: true },
            #[inline(always)]
            |t| self.count(t, FIELD),
        )
    }

    /// Counts one token of a field (`W_TITLE`, `W_META`, or 0 for the text).
    #[inline(always)]
    fn count(&mut self, t: Tok, field: u8) {
        let k = match t {
            Tok::Han(k) => match self.unigrams.weight(k) {
                Some(w) => return bump(w, field),
                None => k,
            },
            Tok::Pair(k) => k,
            Tok::Word(w) => match pack_word(w) {
                Some(k) => k,
                None => return self.count_long(w, field),
            },
        };
        let (i, _) = self.counts.slot(k);
        bump(&mut self.counts.values[i], field);
    }

    /// `count` for a word too long to pack (rare).
    #[inline(never)]
    fn count_long(&mut self, w: &str, field: u8) {
        match self.long.get_mut(w) {
            Some(v) => bump(v, field),
            None => bump(self.long.entry(w.into()).or_insert(0), field),
        }
    }
}

/// A token's weight with one more sighting in `field`: the field's bit,
/// or for the text one more (capped at `W_TEXT_MAX`).
#[inline(always)]
fn bump(w: &mut u8, field: u8) {
    if field != 0 {
        *w |= field;
    } else if *w & W_TEXT_MAX < W_TEXT_MAX {
        *w += 1;
    }
}

/// Where each part's tokens end in `by_part(tokens)`.
fn part_ends(tokens: &[(Packed, u8)]) -> [u32; PARTS] {
    let mut ends = [0u32; PARTS];
    tokens.iter().for_each(|&(k, _)| ends[part(k)] += 1);
    for p in 1..PARTS {
        ends[p] += ends[p - 1];
    }
    ends
}

/// `tokens` grouped by part (a counting sort), each part in the order
/// given; `ends` is `part_ends(tokens)`.
fn by_part(tokens: &[(Packed, u8)], ends: &[u32; PARTS]) -> Vec<(Packed, u8)> {
    let mut next: [u32; PARTS] = std::array::from_fn(|p| if p == 0 { 0 } else { ends[p - 1] });
    let mut out = vec![(0, 0); tokens.len()];
    for &(k, w) in tokens {
        let p = part(k);
        out[next[p] as usize] = (k, w);
        next[p] += 1;
    }
    out
}

/// A token's postings, gap-encoded as they arrive (documents come in id order).
#[derive(Default)]
struct Postings {
    last: u32,
    vlq: String,
}

impl Postings {
    fn push(&mut self, id: u32, weight: u8) {
        push(&mut self.vlq, self.last, id, weight);
        self.last = id;
    }
}

/// One part's postings: by packed token (an index into `lists`), and by text for long words.
#[derive(Default)]
struct Part {
    index: Option<Table<u32>>,
    lists: Vec<(Packed, Postings)>,
    long: ahash::AHashMap<Box<str>, Postings>,
}

impl Part {
    fn add(&mut self, id: u32, tokens: &[(Packed, u8)]) {
        let index = self.index.get_or_insert_with(|| Table::with_slots(1024));
        for &(k, w) in tokens {
            let (i, new) = index.slot(k);
            if new {
                index.values[i] = self.lists.len() as u32;
                self.lists.push((k, Postings::default()));
            }
            self.lists[index.values[i] as usize].1.push(id, w);
        }
    }

    fn add_long(&mut self, id: u32, word: &str, w: u8) {
        match self.long.get_mut(word) {
            Some(p) => p.push(id, w),
            None => self.long.entry(word.into()).or_default().push(id, w),
        }
    }

    fn into_lines(self) -> impl Iterator<Item = (String, String)> {
        let long = self.long.into_iter().map(|(w, p)| (w.into_string(), p.vlq));
        self.lists.into_iter().map(|(k, p)| (text_of(k), p.vlq)).chain(long)
    }
}

/// Documents tokenised together; bounds the memory of tokens not yet merged.
const BATCH: usize = 256;

/// Every token's line (`token`, `postings`) of the documents `ids` (in
/// increasing order; `docs[j]` is document `ids[j]`), each document's body
/// text made by `text(j)` when its batch is tokenised, so a site's text is
/// never held twice at once; and how many distinct tokens each document
/// has (the lines its id is in).
pub(super) fn lines<D: AsRef<Doc> + Sync>(
    docs: &[D],
    ids: &[u32],
    text: &(dyn Fn(usize) -> String + Sync),
) -> Tokenised {
    use rayon::prelude::*;
    // Tokenise a batch in parallel, then append each document's postings in
    // id order, so the maps hold compact encoded lists, never all tokens at
    // once. Tokens are split into `PARTS` by hash so the appending runs in
    // parallel too (one part per task, documents in id order within it).
    let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
    let mut counts = Vec::with_capacity(docs.len());
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        let tokens: Vec<DocTokens> = batch
            .par_iter()
            .enumerate()
            .map_init(Counter::new, |counter, (j, d)| counter.doc_tokens(d.as_ref(), &text(b * BATCH + j)))
            .collect();
        counts.extend(tokens.iter().map(|t| t.len() as u32));
        parts.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (j, doc) in tokens.iter().enumerate() {
                let id = ids[b * BATCH + j];
                part.add(id, doc.part(p));
                for (word, w) in doc.long.iter().filter(|(word, _)| long_part(word) == p) {
                    part.add_long(id, word, *w);
                }
            }
        });
    }
    let lines = parts.into_iter().flat_map(Part::into_lines).collect();
    Tokenised { lines, counts }
}

/// Documents tokenised: their lines, and each one's count of distinct tokens.
pub(super) struct Tokenised {
    pub lines: Vec<(String, String)>,
    pub counts: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_tokens_give_back_their_text() {
        for w in ["a", "gdp", "2021", "abcdefg"] {
            assert_eq!(text_of(pack_word(w).unwrap()), w);
        }
        assert_eq!(pack_word("abcdefgh"), None);
        assert_eq!(text_of(u64::from('攻' as u32) << 32 | u64::from('坚' as u32)), "攻坚");
        assert_eq!(text_of(u64::from('县' as u32) << 32), "县");
    }

    #[test]
    fn a_table_keeps_every_key_as_it_grows_and_after_it_is_drained() {
        let mut t: Table<u8> = Table::with_slots(16);
        for round in 0..2u64 {
            for k in 1..=1000u64 {
                let (i, new) = t.slot(k * 7919 + round);
                assert!(new);
                t.values[i] = (k % 200) as u8;
            }
            let mut out = Vec::new();
            t.drain_into(&mut out);
            out.sort();
            assert_eq!(out, (1..=1000u64).map(|k| (k * 7919 + round, (k % 200) as u8)).collect::<Vec<_>>());
        }
    }

    /// Each token's postings counted the plain way: a sorted map per document.
    fn lines_by_map(docs: &[Doc]) -> Vec<(String, String)> {
        let mut all: std::collections::BTreeMap<String, Vec<(u32, u8)>> = Default::default();
        for (id, d) in docs.iter().enumerate() {
            let mut mine: std::collections::BTreeMap<String, u8> = Default::default();
            let fields = [(&d.title, W_TITLE), (&d.summary, W_META), (&d.keywords, W_META), (&d.text, 0)];
            for (text, field) in fields {
                scan(text, Cut { join_breaks: field == 0, unigrams: true }, |t| {
                    let token = match t {
                        Tok::Han(k) | Tok::Pair(k) => text_of(k),
                        Tok::Word(w) => w.to_string(),
                    };
                    let w = mine.entry(token).or_insert(0);
                    if field != 0 {
                        *w |= field;
                    } else if *w & W_TEXT_MAX < W_TEXT_MAX {
                        *w += 1;
                    }
                });
            }
            mine.into_iter().for_each(|(t, w)| all.entry(t).or_default().push((id as u32, w)));
        }
        all.into_iter().map(|(t, list)| (t, super::super::postings::encode(&list))).collect()
    }

    #[test]
    fn gathered_lines_are_those_of_a_plain_count() {
        let words = ["攻坚", "县", "gdp", "2021", "infrastructure", "abcdefg", "abcdefgh", "项目开工", "１２３"];
        let docs: Vec<Doc> = (0..700)
            .map(|i| {
                let pick = |n: usize| words[(i * 7 + n * 3) % words.len()];
                Doc {
                    title: format!("{}{}", pick(1), pick(2)),
                    summary: pick(3).to_string(),
                    keywords: format!("{} {}", pick(4), pick(5)),
                    text: (0..i % 40).map(pick).collect::<Vec<_>>().join(if i % 2 == 0 { " " } else { "" }),
                    ..Default::default()
                }
            })
            .collect();
        let ids: Vec<u32> = (0..docs.len() as u32).collect();
        let mut got = lines(&docs, &ids, &|j| docs[j].text.clone()).lines;
        got.sort();
        assert_eq!(got, lines_by_map(&docs));
    }
}
