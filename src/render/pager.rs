//! A list's pages: how many, their paths, and the pager every list page
//! shows (the first, the last and the neighbours of the current page).

use serde::Serialize;

use super::Links;
use crate::model::urls;

#[derive(Serialize)]
pub(super) struct Paginator {
    current: usize,
    total: usize,
    first_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for the pages left out between two links (shown as "…").
    gap: bool,
}

/// Pager links shown in full up to this many pages; beyond, the first, the
/// last and the two either side of the current one (a list of every page
/// would make each of a 5,000-page section's pagers 5,000 links long).
const PAGER_FULL: usize = 9;

/// The page numbers a pager shows, 0 for a gap.
fn pager_numbers(current: usize, total: usize) -> Vec<usize> {
    if total <= PAGER_FULL {
        return (1..=total).collect();
    }
    let (mut from, mut to) = (current.saturating_sub(2).max(2), (current + 2).min(total - 1));
    // A gap would hide a single page: show that page instead.
    if from == 3 {
        from = 2;
    }
    if to + 2 == total {
        to = total - 1;
    }
    let mut v = vec![1];
    if from > 2 {
        v.push(0);
    }
    v.extend(from..=to);
    if to < total - 1 {
        v.push(0);
    }
    v.push(total);
    v
}

pub(super) fn pager_path(base: &str, n: usize) -> String {
    urls::pager(base, n)
}

pub(super) fn pager_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

pub(super) fn paginator(links: &Links, base: &str, current: usize, total: usize) -> Paginator {
    Paginator {
        current,
        total,
        first_url: links.url(base),
        prev_url: (current > 1).then(|| links.url(&pager_path(base, current - 1))),
        next_url: (current < total).then(|| links.url(&pager_path(base, current + 1))),
        pages: pager_numbers(current, total)
            .into_iter()
            .map(|n| PagerLink {
                number: n,
                url: if n == 0 { String::new() } else { links.url(&pager_path(base, n)) },
                current: n == current,
                gap: n == 0,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::pager_numbers;

    #[test]
    fn long_pagers_show_the_ends_and_the_neighbourhood() {
        assert_eq!(pager_numbers(3, 9), (1..=9).collect::<Vec<_>>());
        assert_eq!(pager_numbers(1, 5000), [1, 2, 3, 0, 5000]);
        assert_eq!(pager_numbers(4, 5000), [1, 2, 3, 4, 5, 6, 0, 5000]);
        assert_eq!(pager_numbers(2500, 5000), [1, 0, 2498, 2499, 2500, 2501, 2502, 0, 5000]);
        assert_eq!(pager_numbers(5000, 5000), [1, 0, 4998, 4999, 5000]);
        assert_eq!(pager_numbers(6, 10), [1, 0, 4, 5, 6, 7, 8, 9, 10], "no gap for one page");
        assert_eq!(pager_numbers(5, 10), [1, 2, 3, 4, 5, 6, 7, 0, 10]);
    }
}
