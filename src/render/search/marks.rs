//! Marks in a shard's postings lines where decoding may start: every
//! `EVERY`-th posting's end, with the id it ends at. A changed document's
//! old postings are found in a line of thousands by decoding from the
//! last mark before it, not from the line's start (at 10,000 reports that
//! decoding was most of a text save's time in the index).
//!
//! Marks are kept in memory only, beside the shard texts (`Kept`), and
//! made on the way: a lookup that decodes past a line's last mark adds
//! the marks it passes. A shard also keeps where each of its lines starts
//! (made when it is first looked in), so a token's line is found by
//! halving its lines, not by reading past every line before it. A
//! rewritten shard's marks are dropped.

use std::sync::OnceLock;

use ahash::AHashMap;

use super::postings::{self, Moves, Posting, GONE};

/// A mark every this many postings of a line.
const EVERY: usize = 64;

/// A place in a line's postings where a posting starts (a byte offset),
/// and the id of the posting before it (the base of its gap).
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    at: u32,
    last: u32,
}

/// A shard's marks: where each of its lines starts, and by where each
/// line's postings start in the shard's text, the line's marks in order.
#[derive(Debug, Clone, Default)]
pub(super) struct ShardMarks {
    lines: OnceLock<Vec<u32>>,
    postings: AHashMap<u32, Vec<Mark>>,
}

impl ShardMarks {
    /// The postings of `token` in `text` (this shard's text, lines in token order).
    pub fn find_line<'a>(&self, text: &'a str, token: &str) -> Option<&'a str> {
        let starts = self.lines.get_or_init(|| postings::line_starts(text));
        postings::find_line(text, starts, token)
    }

    /// The marks of the line whose postings start at `at`.
    pub fn of_line(&self, at: u32) -> &[Mark] {
        self.postings.get(&at).map_or(&[], Vec::as_slice)
    }

    /// Adds marks passed beyond the last of the line whose postings start at `at`.
    pub fn add(&mut self, at: u32, passed: &[Mark]) {
        self.postings.entry(at).or_default().extend_from_slice(passed);
    }
}

/// The postings of `list` (a line's postings, whose marks are `line`) of
/// the documents that go (`moves.to` is `GONE`), in order: decoded from the
/// last mark before the first that goes, no further than the last; and the
/// marks passed beyond the line's last one (to add to it).
pub(super) fn held_by_gone(line: &[Mark], list: &str, moves: Moves) -> (Vec<Posting>, Vec<Mark>) {
    let k = line.partition_point(|m| m.last < moves.first_gone);
    let (from, last) = match k {
        0 => (0, 0),
        k => (line[k - 1].at as usize, line[k - 1].last),
    };
    // Marks continue from the line's last one only.
    let marking = k == line.len();
    let (mut held, mut passed) = (Vec::new(), Vec::new());
    for (n, ((doc, weight), end)) in postings::decode_with_ends(&list[from..], last).enumerate() {
        if doc > moves.last_gone {
            break;
        }
        if moves.to.get(doc as usize) == Some(&GONE) {
            held.push((doc, weight));
        }
        if marking && n % EVERY == EVERY - 1 {
            passed.push(Mark { at: (from + end) as u32, last: doc });
        }
    }
    (held, passed)
}

/// Where `part` (a slice of `text`) starts in it.
pub(super) fn offset(text: &str, part: &str) -> u32 {
    (part.as_ptr() as usize - text.as_ptr() as usize) as u32
}
