//! A value made once for the pages counted to show it, handed to each of
//! them, and let go of when the last has taken it: project rows
//! (`job_rows`) and campaign boxes (`page_boxes`), which kept to the end of
//! a build would raise its peak memory.

use std::sync::Mutex;

use crate::guard::lock;

/// One shared value, while showings counted for it are yet to take it.
pub(super) struct Counted<T> {
    /// Showings counted and not yet taken.
    pub(super) left: u32,
    made: Option<T>,
}

impl<T> Default for Counted<T> {
    fn default() -> Self {
        Counted { left: 0, made: None }
    }
}

impl<T: Clone> Counted<T> {
    /// The value for one showing: the one an earlier showing made while
    /// later ones are counted, else made by `make`. A showing not counted
    /// is made for itself alone.
    pub(super) fn take(slot: &Mutex<Self>, make: impl FnOnce() -> T) -> T {
        let mut slot = lock(slot);
        if slot.left == 0 {
            drop(slot);
            return make();
        }
        slot.left -= 1;
        // Made under the lock: a page asking for it meanwhile waits for it
        // rather than making it too.
        let made = slot.made.take().unwrap_or_else(make);
        if slot.left > 0 {
            slot.made = Some(made.clone());
        }
        made
    }

    /// Whether the value is held (for tests: let go of after the last showing).
    #[cfg(test)]
    pub(super) fn holds(slot: &Mutex<Self>) -> bool {
        lock(slot).made.is_some()
    }
}
