//! "Did you mean …": the known name nearest to a mistyped one.

/// The candidate within two edits of `word` (one for words of up to three
/// characters), nearest first; ties go to the earlier candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (edits(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters (a swap of two neighbours counts as one).
fn edits(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back for transpositions.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_near_name() {
        let keys = ["title", "date", "tags", "metrics", "projects"];
        assert_eq!(closest("tittle", keys), Some("title"));
        assert_eq!(closest("metircs", keys), Some("metrics"));
        assert_eq!(closest("tag", keys), Some("tags"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("xyz", keys), None);
    }
}
