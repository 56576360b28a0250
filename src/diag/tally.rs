//! Warnings a report shows only the first of (`Diagnostics::showing`):
//! those first ones, in order, are kept; the others are counted, not held.
//! A one-shot `build` shows 20 of a site's tens of thousands of warnings
//! (~13 MB held through the render at 10,000 reports).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use super::Diagnostic;
use crate::digest::ByDigest;

/// The first `shown` distinct warnings (in their order) and how many
/// distinct ones there were besides.
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    shown: usize,
    /// The least `shown` warnings offered, in order.
    first: Vec<Diagnostic>,
    /// Each warning offered, by digest: one offered again is not counted again.
    seen: HashSet<u64, ByDigest>,
    /// Distinct warnings offered and not among `first`.
    beyond: usize,
}

impl Tally {
    pub(super) fn new(shown: usize) -> Tally {
        Tally { shown, ..Tally::default() }
    }

    /// Counts `d` (a warning) and keeps it while it is among the first.
    pub(super) fn offer(&mut self, d: Diagnostic) {
        if let Some(at) = self.place(&d) {
            self.keep(at, d);
        }
    }

    /// `offer` of a warning held elsewhere: copied only if kept.
    pub(super) fn offer_copy(&mut self, d: &Diagnostic) {
        if let Some(at) = self.place(d) {
            self.keep(at, d.clone());
        }
    }

    /// Counts `d`: where among the first it is to be kept, if it is.
    fn place(&mut self, d: &Diagnostic) -> Option<usize> {
        let mut h = crate::digest::hasher();
        d.hash(&mut h);
        if !self.seen.insert(h.finish()) {
            return None;
        }
        // Most of a site's warnings come after those kept: one comparison
        // (paths compare component by component) instead of a search.
        if self.first.len() == self.shown && self.first.last().is_some_and(|last| d > last) {
            self.beyond += 1;
            return None;
        }
        match self.first.binary_search(d) {
            Err(at) if at < self.shown => Some(at),
            // An equal one is kept (its digest was seen): not reached.
            Ok(_) => None,
            Err(_) => {
                self.beyond += 1;
                None
            }
        }
    }

    fn keep(&mut self, at: usize, d: Diagnostic) {
        self.first.insert(at, d);
        if self.first.len() > self.shown {
            self.first.pop();
            self.beyond += 1;
        }
    }

    /// The warnings kept, in order.
    pub(super) fn first(&self) -> &[Diagnostic] {
        &self.first
    }

    /// Those of `other` in these: its first offered, the rest counted (they
    /// were told apart among themselves only).
    pub(super) fn absorb(&mut self, other: Tally) {
        self.beyond += other.beyond;
        other.first.into_iter().for_each(|d| self.offer(d));
    }

    /// Warnings held (`first`) and counted only.
    pub(super) fn len(&self) -> usize {
        self.first.len() + self.beyond
    }
}

#[cfg(test)]
mod tests {
    use super::super::Diagnostics;
    use super::*;

    /// Some warnings of a few files, many given twice, and a few errors.
    fn findings(seed: u64) -> Vec<Diagnostic> {
        let mut rng = crate::test_rng::Rng(seed * 2 + 1);
        (0..400)
            .map(|_| {
                let file = format!("content/r{}.md", rng.below(7));
                let (line, message) = (rng.below(9), format!("m{}", rng.below(5)));
                match rng.below(20) {
                    0 => Diagnostic::error(file, line, message),
                    _ => Diagnostic::warning(file, line, message),
                }
            })
            .collect()
    }

    #[test]
    fn warnings_found_in_order_are_shown_until_the_report_is_full() {
        let warning = |i: usize| Diagnostic::warning(format!("content/r{i:02}.md"), 1, "m");
        for (found, listed) in [(5, 5), (20, 20), (30, 20)] {
            for ascending in [true, false] {
                let mut shown = Diagnostics::showing(20);
                let order: Vec<usize> = if ascending { (0..found).collect() } else { (0..found).rev().collect() };
                order.into_iter().for_each(|i| shown.push(warning(i)));
                let shown = shown.sorted();
                let files: Vec<String> = shown.iter().map(|d| d.file.display().to_string()).collect();
                let expected: Vec<String> = (0..listed).map(|i| format!("content/r{i:02}.md")).collect();
                assert_eq!(files, expected, "{found} found, ascending {ascending}");
                assert_eq!(shown.warning_count(), found);
            }
        }
    }

    #[test]
    fn a_report_showing_some_warnings_lists_the_first_and_counts_them_all() {
        for seed in 0..20 {
            let (mut all, mut shown) = (Diagnostics::default(), Diagnostics::showing(20));
            let mut stage = Diagnostics::default();
            for (i, d) in findings(seed).into_iter().enumerate() {
                all.push(d.clone());
                // Found by a stage of its own, handed on whole, or directly.
                if i % 3 == 0 {
                    stage.push(d);
                } else {
                    shown.push(d);
                }
            }
            shown.extend(stage);
            let (all, shown) = (all.sorted(), shown.sorted());
            let mut warnings = 0;
            let listed: Vec<&Diagnostic> = all
                .iter()
                .filter(|d| {
                    warnings += usize::from(!d.is_error());
                    d.is_error() || warnings <= 20
                })
                .collect();
            assert_eq!(shown.iter().collect::<Vec<_>>(), listed, "seed {seed}");
            assert!(all.warning_count() > 20, "seed {seed}: more than those shown");
            assert_eq!(
                (shown.len(), shown.error_count(), shown.warning_count()),
                (all.len(), all.error_count(), all.warning_count())
            );
        }
    }
}
