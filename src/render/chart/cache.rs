//! Drawn charts kept across the builds of one process (`serve`), keyed by
//! everything a drawing depends on, and the count of charts each build drew.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Drawn charts kept across builds (by `serve`), keyed by everything a
/// drawing depends on, so a rebuild redraws only charts whose data changed.
#[derive(Default, Debug)]
pub struct ChartCache {
    /// A one-off build has no later build to keep charts for: at 10,000
    /// reports they would be ~90 MB held to the end for nothing.
    keeps: bool,
    entries: Mutex<crate::digest::DigestMap<(u64, Arc<str>)>>,
    generation: AtomicU64,
    drawn: AtomicUsize,
}

/// Builds a chart no page drew is kept for.
const CHARTS_KEPT_FOR: u64 = 16;

impl ChartCache {
    /// A cache that keeps charts for the builds after this one.
    pub fn keeping() -> ChartCache {
        ChartCache { keeps: true, ..Default::default() }
    }

    /// Charts drawn (not taken from the cache) since the last `begin_build`.
    pub fn drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
    }

    pub(crate) fn begin_build(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
        self.drawn.store(0, Ordering::Relaxed);
    }

    /// Forgets charts the last builds did not use, so the cache tracks the
    /// site. Not only the last build: a page it kept unrendered still shows
    /// its charts, and a later edit may render it again.
    pub(crate) fn end_build(&self) {
        let g = self.generation.load(Ordering::Relaxed);
        self.entries.lock().expect("chart cache").retain(|_, (used, _)| g - *used < CHARTS_KEPT_FOR);
    }

    /// The fingerprint is taken only by a keeping cache: a one-off build
    /// would spend ~2% of its time formatting chart data for keys it never reads.
    pub(super) fn get_or_draw(&self, fingerprint: impl FnOnce() -> u64, draw: impl FnOnce() -> String) -> String {
        if !self.keeps {
            self.drawn.fetch_add(1, Ordering::Relaxed);
            return draw();
        }
        let fingerprint = fingerprint();
        let g = self.generation.load(Ordering::Relaxed);
        if let Some((used, html)) = self.entries.lock().expect("chart cache").get_mut(&fingerprint) {
            *used = g;
            return html.to_string();
        }
        let html = draw();
        self.drawn.fetch_add(1, Ordering::Relaxed);
        self.entries.lock().expect("chart cache").insert(fingerprint, (g, html.as_str().into()));
        html
    }
}
