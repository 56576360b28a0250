//! The index's `script.json`: with the 繁體 mirror, the characters a reader
//! may type in the other script mapped to the index's own, so `search.js`
//! converts a query before cutting it.

use std::collections::BTreeMap;

use super::{json_str, OtherScript};

/// The character of a one-character Han token (a unigram line of the index).
pub(super) fn unigram(token: &str) -> Option<char> {
    let mut chars = token.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if crate::text::is_han(c) => Some(c),
        _ => None,
    }
}

/// For an index in one script, the characters of the other script a reader
/// may type (東 in a Simplified index, 东 in a Traditional one) → the index's
/// own, as `script.json`. Built from the index's characters with the length
/// of their postings (how often they occur), most frequent first, so where
/// two characters share one form (髮 and 發 are both 发) the commoner one
/// wins. `forms` remembers each character's other form between builds
/// (itself when it has no single other one).
pub(super) fn script_json(
    unigrams: &BTreeMap<char, u32>,
    forms: &mut BTreeMap<char, char>,
    other: OtherScript,
) -> String {
    let mut chars: Vec<(u32, char)> = unigrams.iter().map(|(&c, &n)| (n, c)).collect();
    chars.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut map = BTreeMap::new();
    for (_, c) in chars {
        let o = *forms.entry(c).or_insert_with(|| {
            let converted = other(&c.to_string());
            let mut it = converted.chars();
            match (it.next(), it.next()) {
                (Some(o), None) => o,
                _ => c,
            }
        });
        if o != c && !unigrams.contains_key(&o) {
            map.entry(o).or_insert(c);
        }
    }
    let pairs: Vec<String> =
        map.iter().map(|(from, to)| format!("{}:{}", json_str(&from.to_string()), json_str(&to.to_string()))).collect();
    format!("{{{}}}\n", pairs.join(","))
}
