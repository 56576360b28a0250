//! The index's `script.json`: with the 繁體 mirror, the characters a reader
//! may type in the other script mapped to the index's own, so `search.js`
//! converts a query before cutting it.

use std::collections::BTreeMap;

use super::{Key, OtherScript, Postings};

/// For an index in one script, the characters of the other script a reader
/// may type (東 in a Simplified index, 东 in a Traditional one) → the index's
/// own. Built from the index's characters, most frequent first, so where two
/// characters share one form (髮 and 發 are both 发) the commoner one wins.
pub(super) fn script_map(parts: &[ahash::AHashMap<Key, Postings>], other: OtherScript) -> BTreeMap<char, char> {
    let mut chars: Vec<(usize, char)> = parts
        .iter()
        .flatten()
        .filter_map(|(k, p)| match k {
            Key::Han(k) if *k as u32 == 0 => char::from_u32((k >> 32) as u32).map(|c| (p.vlq.len(), c)),
            _ => None,
        })
        .collect();
    chars.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let own: std::collections::HashSet<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut map = BTreeMap::new();
    for (_, c) in chars {
        let converted = other(&c.to_string());
        let mut it = converted.chars();
        if let (Some(o), None) = (it.next(), it.next()) {
            if o != c && !own.contains(&o) {
                map.entry(o).or_insert(c);
            }
        }
    }
    map
}
