//! Load → model → derive, the stages every build runs before rendering,
//! and the memo `serve` keeps of the last model and derived values: a build
//! whose loaded files digest as the last one's did (`model::inputs_digest`:
//! all but the bodies) takes them with the new texts instead of building
//! them again.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diag::Diagnostics;
use crate::{derive, load, model, timing, BuildOptions, Timing};

/// The model and its derived numbers, for commands that need them without rendering.
pub struct Analysis {
    pub site: model::Site,
    pub derived: derive::Derived,
}

/// Runs load → model → derive; errors so far are in `diags`.
pub fn analyse(opts: &BuildOptions, diags: &mut Diagnostics) -> Analysis {
    // Without the memo, the derived values are this call's own.
    let opts = BuildOptions { stages: None, ..opts.clone() };
    let (site, derived) = analyse_timed(&opts, diags, &mut Vec::new());
    let derived = Arc::into_inner(derived).unwrap_or_default();
    Analysis { site, derived }
}

/// The last build's model (its texts taken out) and derived values, with
/// the digest of their inputs and what the two stages reported.
#[derive(Debug)]
struct Kept {
    inputs: u64,
    site: model::Site,
    derived: Arc<derive::Derived>,
    diags: Diagnostics,
}

/// The model and derived values of the last build, kept between builds of one process (`serve`).
#[derive(Debug, Default)]
pub struct StageMemo {
    kept: Mutex<Option<Kept>>,
    /// This build's inputs, derived values and reports, until its site is handed back (`keep`).
    pending: Mutex<Option<(u64, Arc<derive::Derived>, Diagnostics)>>,
    /// Whether the last build took the model and derived values as they were.
    kept_last: std::sync::atomic::AtomicBool,
}

impl StageMemo {
    /// After a build: its site (no longer shared with the render stage) goes
    /// with the derived values it was made with. A site still shared is dropped.
    pub fn keep(&self, site: Arc<model::Site>) {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner()).take();
        let kept = match (pending, Arc::try_unwrap(site)) {
            (Some((inputs, derived, diags)), Ok(site)) => Some(Kept { inputs, site, derived, diags }),
            (_, site) => {
                crate::drop_later(site);
                None
            }
        };
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    }

    /// Forgets everything (after a failed build whose state is unknown).
    pub fn clear(&self) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether the last build's model and derived values are those of the
    /// build before it (only bodies differ): render then checks only what
    /// read the bodies that changed.
    pub fn model_was_kept(&self) -> bool {
        self.kept_last.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn take_if(&self, inputs: u64) -> Option<Kept> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.take().filter(|k| k.inputs == inputs)
    }
}

/// load → model → derive, each stage's time in `timings`; with
/// `opts.stages`, the model and derived values of the last build when
/// their inputs are the same.
pub(crate) fn analyse_timed(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
) -> (model::Site, Arc<derive::Derived>) {
    let t = Instant::now();
    let loaded = load::load_keeping(&opts.root, diags, opts.parsed.as_deref());
    crate::text::set_percent_style(loaded.config.numbers);
    timings.push(timing("load", t.elapsed()));
    let t = Instant::now();
    let today = opts.today.unwrap_or_else(|| crate::site_today(&loaded.config));
    let publish = model::Publish { drafts: opts.drafts, future: opts.future, today };
    let Some(memo) = &opts.stages else {
        let (site, derived) = model_and_derive(loaded, publish, opts, diags, timings, t);
        return (site, Arc::new(derived));
    };
    let inputs = model::inputs_digest(&loaded, &publish, opts.base_url.as_deref());
    let kept = memo.take_if(inputs);
    memo.kept_last.store(kept.is_some(), std::sync::atomic::Ordering::Relaxed);
    if let Some(kept) = kept {
        let site = kept.site.with_sources(loaded);
        diags.extend(kept.diags.clone());
        *memo.pending.lock().unwrap_or_else(|e| e.into_inner()) = Some((inputs, kept.derived.clone(), kept.diags));
        timings.push(timing("model (kept)", t.elapsed()));
        return (site, kept.derived);
    }
    let mut own = Diagnostics::default();
    let (site, derived) = model_and_derive(loaded, publish, opts, &mut own, timings, t);
    let derived = Arc::new(derived);
    // Kept as one sorted block: a save that keeps the model carries it as it is.
    let own = own.shared();
    diags.extend(own.clone());
    *memo.pending.lock().unwrap_or_else(|e| e.into_inner()) = Some((inputs, derived.clone(), own));
    (site, derived)
}

fn model_and_derive(
    loaded: load::Loaded,
    publish: model::Publish,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
    t: Instant,
) -> (model::Site, derive::Derived) {
    let mut site = model::build(loaded, publish, diags);
    if let Some(b) = &opts.base_url {
        site.config.base_url = b.clone();
    }
    timings.push(timing("model", t.elapsed()));
    let t = Instant::now();
    let derived = derive::derive(&site, diags);
    timings.push(timing("derive", t.elapsed()));
    (site, derived)
}
