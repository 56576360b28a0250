//! A shared block of diagnostics (`Diagnostics::shared`): sorted, each
//! once, held in runs. A save patches the last build's block: the runs it
//! does not change are shared with it, so patching tens of thousands of
//! warnings copies a few runs, not a handle to every warning.

use std::sync::{Arc, Weak};

use super::Diagnostic;

/// How many diagnostics a run holds at most.
const RUN: usize = 64;

/// Diagnostics sorted and without repeats, with how many are errors.
#[derive(Debug, Default)]
pub struct Block {
    /// The diagnostics in order, a run at a time (none empty).
    runs: Vec<Arc<[Diagnostic]>>,
    /// Where each run starts among them.
    starts: Vec<usize>,
    len: usize,
    errors: usize,
    /// No finding was made twice (none was dropped as a repeat): each item
    /// stands for one, so one dropped goes (`Diagnostics::patched`).
    pub(super) exact: bool,
    /// The block this one was patched from, with what it added and dropped.
    patch: Option<Patch>,
}

/// How a block differs from the one it was patched from (`Diagnostics::patched`).
#[derive(Debug)]
pub struct Patch {
    from: Weak<Block>,
    pub added: Vec<Diagnostic>,
    pub dropped: Vec<Diagnostic>,
}

impl Block {
    /// `items` (sorted, each once) as a block.
    pub(super) fn of(items: Vec<Diagnostic>, exact: bool) -> Block {
        let errors = items.iter().filter(|d| d.is_error()).count();
        let mut runs = Vec::with_capacity(items.len().div_ceil(RUN));
        let mut items = items.into_iter();
        loop {
            let run: Arc<[Diagnostic]> = items.by_ref().take(RUN).collect();
            if run.is_empty() {
                break;
            }
            runs.push(run);
        }
        Block::of_runs(runs, errors, exact, None)
    }

    fn of_runs(runs: Vec<Arc<[Diagnostic]>>, errors: usize, exact: bool, patch: Option<Patch>) -> Block {
        let mut starts = Vec::with_capacity(runs.len());
        let mut len = 0;
        for run in &runs {
            starts.push(len);
            len += run.len();
        }
        Block { runs, starts, len, errors, exact, patch }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.runs.iter().flat_map(|run| run.iter())
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Where `d` is among the items.
    pub(super) fn find(&self, d: &Diagnostic) -> Option<usize> {
        let at = self.before(d);
        self.get(at).filter(|x| *x == d).map(|_| at)
    }

    /// How many items are less than `d`.
    fn before(&self, d: &Diagnostic) -> usize {
        let k = self.runs.partition_point(|run| run[run.len() - 1] < *d);
        self.runs.get(k).map_or(self.len, |run| self.starts[k] + run.partition_point(|x| x < d))
    }

    fn get(&self, at: usize) -> Option<&Diagnostic> {
        let k = self.starts.partition_point(|&s| s <= at).checked_sub(1)?;
        self.runs[k].get(at - self.starts[k])
    }

    /// What this block added to and dropped from `base`, when it was patched from it.
    pub fn patch_of(&self, base: &Arc<Block>) -> Option<&Patch> {
        self.patch.as_ref().filter(|p| std::ptr::eq(p.from.as_ptr(), Arc::as_ptr(base)))
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// `base` without `dropped` (each one of its items) and with `added`
    /// (both sorted, each once, none in both); `None` when one of `dropped`
    /// is not in it. Runs neither touches are shared with `base`; an added
    /// one equal to an item is that item, and the block is then not exact.
    pub(super) fn patched(base: &Arc<Block>, dropped: Vec<Diagnostic>, added: Vec<Diagnostic>) -> Option<Block> {
        let gone: Vec<usize> = dropped.iter().map(|d| base.find(d)).collect::<Option<_>>()?;
        let mut exact = true;
        // Each added one with where it goes, those equal to an item left out.
        let mut new: Vec<(usize, &Diagnostic)> = Vec::with_capacity(added.len());
        for a in &added {
            let at = base.before(a);
            match base.get(at) == Some(a) {
                true => exact = false,
                false => new.push((at, a)),
            }
        }
        let errors = base.errors + new.iter().filter(|(_, d)| d.is_error()).count()
            - dropped.iter().filter(|d| d.is_error()).count();
        let (mut gone, mut new) = (gone.into_iter().peekable(), new.into_iter().peekable());
        let mut runs = Vec::with_capacity(base.runs.len() + 1);
        for (k, run) in base.runs.iter().enumerate() {
            // The last run takes what goes after every item.
            let end = if k + 1 == base.runs.len() { usize::MAX } else { base.starts[k] + run.len() };
            let touched = gone.peek().is_some_and(|&g| g < end) || new.peek().is_some_and(|&(at, _)| at < end);
            if !touched {
                runs.push(run.clone());
                continue;
            }
            let mut items = Vec::with_capacity(run.len() + 1);
            for (i, d) in run.iter().enumerate() {
                let at = base.starts[k] + i;
                while let Some((_, a)) = new.next_if(|&(n, _)| n <= at) {
                    items.push(a.clone());
                }
                if gone.next_if_eq(&at).is_none() {
                    items.push(d.clone());
                }
            }
            while let Some((_, a)) = new.next_if(|&(n, _)| n < end) {
                items.push(a.clone());
            }
            runs.extend(items.chunks(RUN).map(Arc::from));
        }
        if base.runs.is_empty() {
            let items: Vec<Diagnostic> = new.map(|(_, a)| a.clone()).collect();
            runs.extend(items.chunks(RUN).map(Arc::from));
        }
        let patch = Patch { from: Arc::downgrade(base), added, dropped };
        Some(Block::of_runs(runs, errors, exact, Some(patch)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    fn w(n: usize) -> Diagnostic {
        Diagnostic::warning(format!("content/reports/{:04}.md", n / 3), n % 3 + 1, "w")
    }

    fn block(list: impl IntoIterator<Item = Diagnostic>) -> Diagnostics {
        let mut all = Diagnostics::default();
        list.into_iter().for_each(|d| all.push(d));
        all.shared()
    }

    #[test]
    fn a_patch_over_many_runs_is_the_block_made_afresh_and_shares_the_runs_it_left() {
        // Even numbers are kept; odd ones are added, at a run's edges, inside runs (one no drop touches) and past the end.
        let before: Vec<Diagnostic> = (0..1200).step_by(2).map(w).chain([Diagnostic::error("a.md", 1, "e")]).collect();
        let was = block(before.clone());
        let dropped: Vec<Diagnostic> = [0, 2, 126, 128, 130, 300, 1198].into_iter().map(w).collect();
        let dropped = dropped.into_iter().chain([Diagnostic::error("a.md", 1, "e")]).collect::<Vec<_>>();
        let added: Vec<Diagnostic> = [1, 127, 129, 255, 257, 451, 1201, 1203].into_iter().map(w).collect();
        let now: Vec<Diagnostic> =
            before.iter().filter(|d| !dropped.contains(d)).cloned().chain(added.iter().cloned()).collect();
        let patched = was.patched(dropped, added).expect("each finding was made once");
        let fresh = block(now);
        assert_eq!(patched.iter().collect::<Vec<_>>(), fresh.iter().collect::<Vec<_>>());
        assert_eq!((patched.error_count(), patched.len()), (fresh.error_count(), fresh.len()));
        let (a, b) = (was.block().unwrap(), patched.block().unwrap());
        let shared = b.runs.iter().filter(|r| a.runs.iter().any(|s| Arc::ptr_eq(r, s))).count();
        assert!(shared > 0 && shared < a.runs.len(), "{shared} of {} runs shared", a.runs.len());
        // Patched again, from the patched block.
        let again = patched.patched(vec![w(1), w(1203)], vec![w(3)]).expect("patched again");
        let items: Vec<Diagnostic> = fresh.iter().filter(|d| **d != w(1) && **d != w(1203)).cloned().collect();
        let fresh = block(items.into_iter().chain([w(3)]));
        assert_eq!(again.iter().collect::<Vec<_>>(), fresh.iter().collect::<Vec<_>>());
        assert!(again.patched(vec![w(5)], Vec::new()).is_none(), "a finding it does not hold");
        // One added that it holds is that one: the block no longer knows each finding was made once.
        let same = was.patched(Vec::new(), vec![w(4)]).expect("patched");
        assert_eq!(same.iter().collect::<Vec<_>>(), was.iter().collect::<Vec<_>>());
        assert!(same.patched(vec![w(4)], Vec::new()).is_none(), "w(4) may stand for two findings");
    }
}
