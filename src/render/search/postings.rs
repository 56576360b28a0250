//! Postings: every token's documents with their weights, as the lines of
//! the shard files (`token postings`, see the module comment of `search`).
//! Made from every document's tokens at once (`gather::lines`), or brought up to
//! date from a kept shard's lines (`update_shard`): documents added,
//! removed or moved to another id, without tokenising the others; only the
//! lines that hold a moved id or gain a posting are decoded.

pub(super) const W_TITLE: u8 = 8;
pub(super) const W_META: u8 = 4;
pub(super) const W_TEXT_MAX: u8 = 3;

/// A document id and its weight for one token.
pub(super) type Posting = (u32, u8);

/// Marks an old document id that has no new one (removed, or changed and
/// tokenised again).
pub(super) const GONE: u32 = u32::MAX;

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

/// Appends `(doc, weight)` to a postings list whose last document is `last`.
pub(super) fn push(out: &mut String, last: u32, doc: u32, weight: u8) {
    vlq(out, u64::from(doc - last) * 16 + u64::from(weight));
}

/// A postings list (documents in id order) as the shard files write it.
pub(super) fn encode(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut last = 0;
    for &(doc, w) in list {
        push(&mut out, last, doc, w);
        last = doc;
    }
    out
}

/// The value of each base-64 digit by byte (64 for none).
const DIGIT: [u8; 256] = {
    let mut t = [64u8; 256];
    let mut i = 0;
    while i < 64 {
        t[B64[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Decodes a postings list into `out` (cleared first).
pub(super) fn decode_into(s: &str, out: &mut Vec<Posting>) {
    out.clear();
    out.extend(decode(s));
}

/// A postings list's entries in order, decoded as they are asked for (a
/// caller that stops early decodes no further).
fn decode(s: &str) -> impl Iterator<Item = Posting> + '_ {
    decode_with_ends(s, 0).map(|(p, _)| p)
}

/// `decode`, each entry with the byte offset just past it; `last` is the
/// id before the first entry's gap (0 at a list's start).
pub(super) fn decode_with_ends(s: &str, last: u32) -> impl Iterator<Item = (Posting, usize)> + '_ {
    let (mut v, mut shift, mut doc) = (0u64, 0u32, last);
    s.as_bytes().iter().enumerate().filter_map(move |(i, &b)| {
        let d = DIGIT[b as usize];
        if d == 64 {
            return None;
        }
        v |= u64::from(d & 31) << shift;
        if d & 32 != 0 {
            shift += 5;
            return None;
        }
        doc += (v >> 4) as u32;
        let posting = (doc, (v & 15) as u8);
        (v, shift) = (0, 0);
        Some((posting, i + 1))
    })
}

/// How the documents of a kept index move: `to[old id]` is the new id, or
/// `GONE` for a document removed or tokenised again (its postings all go).
/// A line is decoded when it holds an id in `lo..=hi` that moves or goes, or
/// when postings are added to it; `lo > hi`: no range to look in. Outside
/// the range no id moves; `first_gone` and `last_gone` are the lowest and
/// highest that go.
#[derive(Clone, Copy)]
pub(super) struct Moves<'a> {
    pub to: &'a [u32],
    pub lo: u32,
    pub hi: u32,
    pub first_gone: u32,
    pub last_gone: u32,
    /// Whether the documents that stay keep their order (`to` rises).
    pub in_order: bool,
    /// The lowest old id from which every id stays and moves by the same
    /// amount (a document inserted before them all: each one up by one).
    pub settled: u32,
}

impl Moves<'_> {
    /// `in_order` and `settled` of `to`.
    pub fn order(to: &[u32]) -> (bool, u32) {
        let mut last = None;
        let in_order = to.iter().filter(|&&n| n != GONE).all(|&n| last.replace(n).is_none_or(|l| l < n));
        let shift = |o: usize| i64::from(to[o]) - o as i64;
        let settled = match to.last() {
            Some(&n) if n != GONE => {
                let tail = shift(to.len() - 1);
                (0..to.len()).rev().find(|&o| to[o] == GONE || shift(o) != tail).map_or(0, |o| o + 1)
            }
            _ => to.len(),
        };
        (in_order, settled as u32)
    }
}

/// The postings of `token` in a shard's text (lines in token order),
/// whose lines start at `starts` (`line_starts`): found by halving the
/// lines, each compared by its token alone.
pub(super) fn find_line<'a>(text: &'a str, starts: &[u32], token: &str) -> Option<&'a str> {
    let line = |k: usize| {
        let end = starts.get(k + 1).map_or(text.len(), |&e| e as usize);
        let line = &text[starts[k] as usize..end];
        line.strip_suffix('\n').unwrap_or(line)
    };
    // The first line whose token (up to its first space) is not before `token`.
    let lo = starts.partition_point(|&s| {
        let rest = &text[s as usize..];
        rest[..rest.find([' ', '\n']).unwrap_or(rest.len())] < *token
    });
    if lo == starts.len() {
        return None;
    }
    let (t, postings) = line(lo).split_once(' ')?;
    (t == token).then_some(postings)
}

/// Where each line of a shard's text starts.
pub(super) fn line_starts(text: &str) -> Vec<u32> {
    let ends = text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len());
    (!text.is_empty()).then_some(0).into_iter().chain(ends).map(|i| i as u32).collect()
}

/// Whether a postings list holds a document of `lo..=hi` that moves or
/// goes; decodes no further than `hi`, without keeping what it decodes.
fn touches(list: &str, moves: Moves) -> bool {
    moves.lo <= moves.hi
        && decode(list)
            .map(|(doc, _)| doc)
            .take_while(|&doc| doc <= moves.hi)
            .any(|doc| doc >= moves.lo && moves.to[doc as usize] != doc)
}

/// A postings list brought up to date: old ids mapped, gone ones dropped
/// (counted in `dropped`), `added` (new ids, in order) merged in. `None`
/// when its text is unchanged; an empty string when no document holds the
/// token any more.
pub(super) fn update_line(
    old: &str,
    moves: Moves,
    added: &[Posting],
    buf: &mut Vec<Posting>,
    dropped: &mut usize,
) -> Option<String> {
    if moves.in_order {
        return match added.is_empty() && moves.lo > moves.hi {
            true => None,
            false => shift(old, moves, added, dropped),
        };
    }
    let touched = touches(old, moves);
    if !touched {
        return match added.is_empty() {
            true => None,
            false => splice(old, moves, added, dropped),
        };
    }
    decode_into(old, buf);
    let mut moved = false;
    let before = buf.len();
    buf.retain_mut(|(doc, _)| {
        let new = moves.to[*doc as usize];
        moved |= new != *doc;
        *doc = new;
        new != GONE
    });
    *dropped += before - buf.len();
    if !moved && added.is_empty() {
        return None;
    }
    // Kept documents keep their order (but for a page's time of day, which
    // its digest does not hold).
    if !buf.is_sorted_by_key(|p| p.0) {
        buf.sort_unstable_by_key(|p| p.0);
    }
    // A changed document often holds a token as it did.
    Some(encode_merged(buf, added)).filter(|v| v != old)
}

/// `update_line` where the documents that stay keep their order: the
/// postings are walked in order, and only one whose gap changes (after an
/// id that moved by another amount or went, or an added one) is encoded
/// again; the others' bytes are copied. From `moves.settled` on every id
/// moves by the same amount, so once `added` is merged the rest of the
/// line is copied as it is (a report inserted in the middle rewrites one
/// posting of a line, not the line).
fn shift(old: &str, moves: Moves, added: &[Posting], dropped: &mut usize) -> Option<String> {
    // Below the first id that moves, goes or is added the line is as it was.
    let lowest_moved = if moves.lo <= moves.hi { moves.lo } else { GONE };
    let bound = lowest_moved.min(moves.first_gone).min(added.first().map_or(GONE, |p| p.0));
    let (skipped, before) = prefix_below(old, bound);
    let mut added = added.iter().peekable();
    // `None`: the line so far is as it was.
    let mut out: Option<String> = None;
    let (mut last_old, mut last_new, mut start) = (before, before, skipped);
    for ((doc, weight), end) in decode_with_ends(&old[skipped..], before) {
        let end = skipped + end;
        let new = moves.to[doc as usize];
        if new == GONE {
            *dropped += 1;
            out.get_or_insert_with(|| old[..start].to_string());
            (last_old, start) = (doc, end);
            continue;
        }
        while let Some(&(a, w)) = added.next_if(|p| p.0 < new) {
            push(out.get_or_insert_with(|| old[..start].to_string()), last_new, a, w);
            last_new = a;
        }
        let same_gap = new - last_new == doc - last_old;
        match (&mut out, same_gap) {
            (None, true) => {}
            (Some(o), true) => o.push_str(&old[start..end]),
            (o, false) => push(o.get_or_insert_with(|| old[..start].to_string()), last_new, new, weight),
        }
        (last_old, last_new, start) = (doc, new, end);
        if doc >= moves.settled && added.peek().is_none() {
            let mut o = out?;
            o.push_str(&old[end..]);
            return Some(o).filter(|v| v != old);
        }
    }
    for &(a, w) in added {
        push(out.get_or_insert_with(|| old.to_string()), last_new, a, w);
        last_new = a;
    }
    // A changed document often holds a token as it did.
    out.filter(|v| v != old)
}

/// The postings of a list whose ids are below `bound`: the bytes they
/// take and the last one's id (0 and 0 for none). A tight loop: a report
/// inserted in the middle of the index passes over half of every line.
fn prefix_below(list: &str, bound: u32) -> (usize, u32) {
    let (mut v, mut shift, mut doc) = (0u64, 0u32, 0u32);
    let (mut end, mut last) = (0usize, 0u32);
    for (i, &b) in list.as_bytes().iter().enumerate() {
        let d = DIGIT[b as usize];
        if d == 64 {
            continue;
        }
        v |= u64::from(d & 31) << shift;
        if d & 32 != 0 {
            shift += 5;
            continue;
        }
        doc += (v >> 4) as u32;
        if doc >= bound {
            break;
        }
        (end, last, v, shift) = (i + 1, doc, 0, 0);
    }
    (end, last)
}

/// `update_line` for a line in which no id moves: its postings are walked
/// only as far as the last added or gone id (the rest keeps its gaps and
/// is copied as it is), gone ones left out and `added` merged in.
fn splice(old: &str, moves: Moves, added: &[Posting], dropped: &mut usize) -> Option<String> {
    let limit = added.last().map_or(0, |p| p.0).max(moves.last_gone);
    let mut out = String::with_capacity(old.len() + added.len() * 4);
    let mut added = added.iter().peekable();
    let mut last = 0;
    let mut emit = |out: &mut String, doc: u32, weight: u8| {
        push(out, last, doc, weight);
        last = doc;
    };
    let mut rest = "";
    for ((doc, weight), end) in decode_with_ends(old, 0) {
        while let Some(&(a, w)) = added.next_if(|p| p.0 < doc) {
            emit(&mut out, a, w);
        }
        if doc > limit {
            emit(&mut out, doc, weight);
            rest = &old[end..];
            break;
        }
        match moves.to[doc as usize] {
            GONE => *dropped += 1,
            _ => emit(&mut out, doc, weight),
        }
    }
    for &(a, w) in added {
        emit(&mut out, a, w);
    }
    out.push_str(rest);
    // A changed document often holds a token as it did.
    Some(out).filter(|v| v != old)
}

/// Two postings lists in id order (no id in both), merged and encoded.
fn encode_merged(a: &[Posting], b: &[Posting]) -> String {
    let mut out = String::with_capacity((a.len() + b.len()) * 2);
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    let mut last = 0;
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 < y.0 => a.next(),
            (Some(_), None) => a.next(),
            _ => b.next(),
        };
        let Some(&(doc, weight)) = next else { break };
        push(&mut out, last, doc, weight);
        last = doc;
    }
    out
}

/// A shard's lines in token order, from its text.
pub(super) fn parse(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|l| l.split_once(' '))
}

/// A shard's text from its lines, in token order.
pub(super) fn shard_text<'a>(lines: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> String {
    let mut s = String::with_capacity(lines.clone().map(|(t, v)| t.len() + v.len() + 2).sum());
    for (token, vlq) in lines {
        s.push_str(token);
        s.push(' ');
        s.push_str(vlq);
        s.push('\n');
    }
    s
}

/// A shard's text brought up to date (`update_line` for each line; `added`
/// are this shard's tokens of the documents tokenised again, by token).
/// `None` when nothing in it changed. `changed(token, postings)` hears of
/// every line that changed (empty postings: gone); `dropped` counts the
/// postings of gone ids taken out.
pub(super) fn update_shard(
    text: &str,
    moves: Moves,
    added: &[(&str, &[Posting])],
    changed: &mut dyn FnMut(&str, &str),
    dropped: &mut usize,
) -> Option<String> {
    let mut buf = Vec::new();
    let mut lines: Vec<(&str, std::borrow::Cow<str>)> = Vec::new();
    let mut any = false;
    let mut new = added.iter().peekable();
    for (token, vlq) in parse(text) {
        // Tokens new to the shard come first in token order.
        while let Some(&(t, list)) = new.next_if(|(t, _)| *t < token) {
            let v = encode(list);
            changed(t, &v);
            lines.push((t, v.into()));
            any = true;
        }
        let here = new.next_if(|(t, _)| *t == token).map_or(&[][..], |(_, l)| *l);
        match update_line(vlq, moves, here, &mut buf, dropped) {
            None => lines.push((token, vlq.into())),
            Some(v) => {
                changed(token, &v);
                any = true;
                if !v.is_empty() {
                    lines.push((token, v.into()));
                }
            }
        }
    }
    for &(t, list) in new {
        let v = encode(list);
        changed(t, &v);
        lines.push((t, v.into()));
        any = true;
    }
    any.then(|| shard_text(lines.iter().map(|(t, v)| (*t, v.as_ref()))))
}
