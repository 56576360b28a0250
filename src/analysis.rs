//! Load → model → derive, the stages every build runs before rendering,
//! and the memo `serve` keeps of the last model and derived values: while
//! what every page reads besides its own file digests as before
//! (`model::site_inputs`), pages whose front-matter is the same are taken
//! again, and campaigns and projects whose reports are (`derive::keep`);
//! when no front-matter changed, both are taken whole.

use crate::guard::lock;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diag::Diagnostics;
use crate::model::Id;
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
    let Analysed { site, derived, .. } = analyse_timed(&opts, diags, &mut Vec::new());
    // The values are shared with their file's writer until it is done.
    derive::kept_values_written(&opts.root.join(crate::write::STATE_DIR));
    let derived = Arc::into_inner(derived).unwrap_or_default();
    Analysis { site, derived }
}

/// The last build's model (its texts taken out) and derived values, keyed
/// by what they were made from, and what model and derive reported.
#[derive(Debug)]
struct Kept {
    model: model::KeptModel,
    derived: derive::KeptDerived,
    /// All the model and derive stages reported, as one shared block: a
    /// build that keeps them whole, or whose model and values made again
    /// report what they did, carries it as it is.
    reported: Diagnostics,
    /// What the model stage reported, sorted (part of `reported`).
    model_reported: Vec<crate::diag::Diagnostic>,
    /// What pages showing each campaign and project see of it.
    shown: derive::Shown,
}

/// What a build leaves for `keep`: all of `Kept` but the site.
#[derive(Debug)]
struct Pending {
    inputs: u64,
    stamps: model::IdVec<model::PageId, u64>,
    metas: model::IdVec<model::PageId, Arc<crate::load::PageMeta>>,
    structure: u64,
    shapes: model::IdVec<model::PageId, u64>,
    clean: bool,
    derived: derive::KeptDerived,
    reported: Diagnostics,
    model_reported: Vec<crate::diag::Diagnostic>,
    shown: derive::Shown,
}

/// The model and derived values of the last build, kept between builds of one process (`serve`).
#[derive(Debug, Default)]
pub struct StageMemo {
    kept: Mutex<Option<Kept>>,
    /// This build's keys, derived values and reports, until its site is handed back (`keep`).
    pending: Mutex<Option<Pending>>,
    /// Whether the last build took the model and derived values whole.
    kept_last: std::sync::atomic::AtomicBool,
}

/// What a build's analysis took from the last build's (`StageMemo`), for
/// the stages after it: which pages were made again and which campaigns and
/// projects derived again, by stable key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Nothing was taken: no memo, or what every page reads changed
    /// (settings, campaign or section files, ledgers, what is published).
    pub fresh: bool,
    /// The model and derived values were taken whole: no front-matter changed.
    pub whole: bool,
    /// The sections' page lists, the chronological order, taxonomies,
    /// archives and campaigns' reports were the last build's (what they
    /// read of every page was the same).
    pub structure_kept: bool,
    /// Pages made again (new, or their file's front-matter changed), by source path.
    pub pages_made: Vec<std::path::PathBuf>,
    /// Campaigns derived again, by id (also in a build whose cache held
    /// the last build's values: `derive::derive_cached`).
    pub campaigns_derived: Vec<String>,
    /// Campaigns whose values or reports' entries differ from the last
    /// build's (`derive::Shown`), by id.
    pub campaigns_changed: Vec<String>,
    /// Projects made again, by id (as `campaigns_derived`).
    pub projects_derived: Vec<String>,
    /// Projects whose values or reports' entries differ from the last build's, by id.
    pub projects_changed: Vec<String>,
    /// How what model and derive reported was had: the last build's taken
    /// as it was or patched, or collected and sorted.
    pub warnings: Warnings,
}

impl StageMemo {
    /// After a build: its site (no longer shared with the render stage) goes
    /// with the derived values it was made with. A site still shared is dropped.
    pub fn keep(&self, site: Arc<model::Site>) {
        let pending = lock(&self.pending).take();
        let kept = match (pending, Arc::try_unwrap(site)) {
            (Some(p), Ok(site)) => Some(Kept {
                model: model::KeptModel {
                    inputs: p.inputs,
                    site,
                    stamps: p.stamps,
                    metas: p.metas,
                    structure: p.structure,
                    shapes: p.shapes,
                    clean: p.clean,
                },
                derived: p.derived,
                reported: p.reported,
                model_reported: p.model_reported,
                shown: p.shown,
            }),
            (_, site) => {
                crate::drop_later(site);
                None
            }
        };
        *lock(&self.kept) = kept;
    }

    /// Forgets everything (after a failed build whose state is unknown).
    pub fn clear(&self) {
        *lock(&self.kept) = None;
        *lock(&self.pending) = None;
    }

    /// Whether the last build's model and derived values are those of the
    /// build before it (only bodies differ): render then checks only what
    /// read the bodies that changed.
    pub fn model_was_kept(&self) -> bool {
        self.kept_last.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The model and derived values of one build, with what was taken from the last.
pub(crate) struct Analysed {
    pub site: model::Site,
    pub derived: Arc<derive::Derived>,
    pub reuse: Reuse,
}

/// load → model → derive, each stage's time in `timings`; with
/// `opts.stages`, what the last build made from the same inputs is taken again.
pub(crate) fn analyse_timed(opts: &BuildOptions, diags: &mut Diagnostics, timings: &mut Vec<Timing>) -> Analysed {
    analyse_timed_then(opts, diags, timings, || {})
}

/// `analyse_timed`, calling `after_load` once the files are loaded (model and
/// derive, which follow, keep one core busy: `build` reads its cache beside them).
pub(crate) fn analyse_timed_then(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
    after_load: impl FnOnce(),
) -> Analysed {
    let t = Instant::now();
    // Front-matter parsed by earlier builds, kept beside the build cache.
    let state = (!opts.no_cache && !opts.in_place).then(|| opts.root.join(crate::write::STATE_DIR));
    let loaded = load::load_with(&opts.root, diags, opts.parsed.as_deref(), state.as_deref());
    crate::text::set_percent_style(loaded.config.numbers);
    timings.push(timing("load", t.elapsed()));
    after_load();
    let t = Instant::now();
    let today = opts.today.unwrap_or_else(|| crate::site_today(&loaded.config));
    let publish = model::Publish { drafts: opts.drafts, future: opts.future, today };
    let Some(memo) = &opts.stages else {
        let reuse = Reuse { fresh: true, ..Reuse::default() };
        // A build with its cache keys its values: render takes what the last build made of the same inputs.
        let keyed = state.is_some().then(|| model::site_inputs(&loaded, &publish, opts.base_url.as_deref()));
        let keyed = keyed.zip(state.as_deref());
        let (site, derived, again) = model_and_derive(loaded, publish, keyed, opts, diags, timings, t);
        let reuse = match again {
            Some((campaigns, projects)) => Reuse {
                campaigns_derived: campaigns.iter().map(|&c| site.campaigns[c].id.clone()).collect(),
                projects_derived: projects.iter().map(|&p| derived.projects[p].id.clone()).collect(),
                ..reuse
            },
            None => reuse,
        };
        return Analysed { site, derived, reuse };
    };
    let inputs = model::site_inputs(&loaded, &publish, opts.base_url.as_deref());
    let kept = lock(&memo.kept).take().filter(|k| k.model.inputs == inputs);
    let whole = kept.as_ref().is_some_and(|k| k.model.same_files(&loaded.files));
    memo.kept_last.store(whole, std::sync::atomic::Ordering::Relaxed);
    match kept {
        Some(k) if whole => keep_whole(memo, k, loaded, diags, timings, t),
        kept => make_again(memo, kept, inputs, loaded, publish, opts, diags, timings, t),
    }
}

/// Every file's front-matter is the last build's: its model and values stand.
fn keep_whole(
    memo: &StageMemo,
    kept: Kept,
    loaded: load::Loaded,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
    t: Instant,
) -> Analysed {
    let Kept { model, derived, reported, model_reported, shown } = kept;
    let site = model.site.with_sources(loaded);
    diags.extend(reported.clone());
    let values = derived.derived.clone();
    let (inputs, stamps, metas) = (model.inputs, model.stamps, model.metas);
    let (structure, shapes, clean) = (model.structure, model.shapes, model.clean);
    let pending = Pending { inputs, stamps, metas, structure, shapes, clean, derived, reported, model_reported, shown };
    *lock(&memo.pending) = Some(pending);
    timings.push(timing("model (kept)", t.elapsed()));
    let reuse = Reuse { whole: true, warnings: Warnings::Kept, ..Reuse::default() };
    Analysed { site, derived: values, reuse }
}

/// The model made again, taking the pages of files that are the same, and
/// derived values taken by the digest of what they read.
#[allow(clippy::too_many_arguments)]
fn make_again(
    memo: &StageMemo,
    kept: Option<Kept>,
    inputs: u64,
    loaded: load::Loaded,
    publish: model::Publish,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
    t: Instant,
) -> Analysed {
    let fresh = kept.is_none();
    // What `derive` fills in across campaigns (a kept campaign's own values
    // are the last build's); not the values themselves, which derive takes.
    let before: Option<Vec<derive::CampaignLinks>> =
        kept.as_ref().map(|k| k.derived.derived.campaigns.iter().map(derive::CampaignProgress::links).collect());
    let (mut kept_model, kept_derived, last_reported, last_shown) = match kept {
        Some(k) => (Some(k.model), Some(k.derived), Some((k.reported, k.model_reported)), Some(k.shown)),
        None => (None, None, None, None),
    };
    // What model and derive report, made into one block below.
    let mut reported = Diagnostics::default();
    let made = model::build_keeping(loaded, publish, &mut reported, Some((kept_model.as_mut(), inputs)));
    if let Some(old) = kept_model {
        crate::drop_later(old);
    }
    let model::Made { mut site, stamps, metas, made_again, structure, shapes, kept_structure, clean } = made;
    if let Some(b) = &opts.base_url {
        site.config.base_url = b.clone();
    }
    timings.push(timing("model", t.elapsed()));
    let t = Instant::now();
    let stamped = derive::Stamps { inputs, pages: &stamps };
    let mut derived =
        derive::derive_keeping(&site, Some((stamped, kept_derived.unwrap_or_default())), kept_structure, &mut reported);
    let model_reported = reported.sorted().into_vec();
    let (reported, warnings) = reported_block(last_reported, &model_reported, &mut derived);
    diags.extend(reported.clone());
    let again = (campaigns_again(&site, before, &derived), &derived.projects_again[..]);
    let shown = derive::Shown::of(&site, &derived.derived, last_shown.as_ref(), (&again.0, again.1));
    let (campaigns_changed, projects_changed) = changed(&site, &derived, (last_shown.as_ref(), &shown), again);
    timings.push(timing("derive", t.elapsed()));
    let reuse = Reuse {
        fresh,
        whole: false,
        structure_kept: kept_structure,
        pages_made: made_again.iter().map(|&p| site.sources[site.pages[p].source].path.clone()).collect(),
        campaigns_derived: derived.campaigns_again.iter().map(|&c| site.campaigns[c].id.clone()).collect(),
        campaigns_changed,
        projects_derived: derived.projects_again.iter().map(|&p| derived.derived.projects[p].id.clone()).collect(),
        projects_changed,
        warnings,
    };
    let values = derived.derived.clone();
    let pending = Pending { inputs, stamps, metas, structure, shapes, clean, derived, reported, model_reported, shown };
    *lock(&memo.pending) = Some(pending);
    Analysed { site, derived: values, reuse }
}

/// What model and derive reported, as one sorted shared block (a save that
/// keeps the model carries it as it is): the last build's, `last`, while
/// the model reported what it did then and the values made again warn as
/// those they replace did; else `last` without what the model and the
/// values replaced reported and with what they report now (tens of
/// thousands of warnings at 10,000 reports are then neither collected nor
/// sorted again); else made anew. With how it was made.
fn reported_block(
    last: Option<(Diagnostics, Vec<crate::diag::Diagnostic>)>,
    model: &[crate::diag::Diagnostic],
    derived: &mut derive::KeptDerived,
) -> (Diagnostics, Warnings) {
    let mut rewarned = std::mem::take(&mut derived.warnings);
    if let Some((block, was)) = last {
        if rewarned.same() && was == model {
            return (block, Warnings::Kept);
        }
        rewarned.dropped.extend(was);
        rewarned.added.extend(model.iter().cloned());
        if let Some(patched) = block.patched(rewarned.dropped, rewarned.added) {
            return (patched, Warnings::Patched);
        }
    }
    let mut all = derived.all_warnings();
    model.iter().cloned().for_each(|d| all.push(d));
    (all.shared(), Warnings::Made)
}

/// How what model and derive reported was had (`Reuse::warnings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Warnings {
    /// Collected from every value and sorted.
    #[default]
    Made,
    /// The last build's, without what the values made again replaced and with what they report.
    Patched,
    /// The last build's as it was.
    Kept,
}

/// The campaigns of `derived` derived again or whose values filled in from
/// other campaigns differ from `before`'s (the last build's, of the same
/// campaign files).
fn campaigns_again(
    site: &model::Site,
    before: Option<Vec<derive::CampaignLinks>>,
    derived: &derive::KeptDerived,
) -> Vec<model::CampaignId> {
    let now = &derived.derived.campaigns;
    let differs = |c: model::CampaignId| {
        let was = before.as_ref().and_then(|b| b.get(c.index()));
        derived.campaigns_again.contains(&c) || !was.is_some_and(|w| now[c].has_links(w))
    };
    site.campaigns.ids().filter(|&c| differs(c)).collect()
}

/// Of the campaigns and projects made again (`again`), those whose digest
/// (`derive::Shown`) differs from the last build's, by id: what pages
/// showing the others see of them is as it was.
fn changed(
    site: &model::Site,
    derived: &derive::KeptDerived,
    (last, now): (Option<&derive::Shown>, &derive::Shown),
    (campaigns, projects): (Vec<model::CampaignId>, &[model::ProjectId]),
) -> (Vec<String>, Vec<String>) {
    let campaign = |&c: &model::CampaignId| last.and_then(|l| l.campaigns.get(c)) != now.campaigns.get(c);
    let campaigns = campaigns.iter().filter(|c| campaign(c)).map(|&c| site.campaigns[c].id.clone()).collect();
    let all = &derived.derived.projects;
    let project = |&p: &model::ProjectId| last.and_then(|l| l.project_at(p, &all[p].id)) != Some(now.projects[p].1);
    let projects = projects.iter().filter(|p| project(p)).map(|&p| all[p].id.clone()).collect();
    (campaigns, projects)
}

/// The model and derived values made afresh; keyed (`derive::Keys`) under
/// the site-wide inputs of `keyed`, when given, with the values of the last
/// build kept in its state folder taken again (`derive::derive_cached`).
fn model_and_derive(
    loaded: load::Loaded,
    publish: model::Publish,
    keyed: Option<(u64, &std::path::Path)>,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timings: &mut Vec<Timing>,
    t: Instant,
) -> (model::Site, Arc<derive::Derived>, Option<derive::Again>) {
    let model::Made { mut site, stamps, .. } = match keyed {
        Some((inputs, _)) => model::build_stamped(loaded, publish, diags, inputs),
        None => model::build_keeping(loaded, publish, diags, None),
    };
    if let Some(b) = &opts.base_url {
        site.config.base_url = b.clone();
    }
    timings.push(timing("model", t.elapsed()));
    let t = Instant::now();
    let (derived, again) = match keyed {
        Some((inputs, state)) => derive::derive_cached(&site, derive::Stamps { inputs, pages: &stamps }, state, diags),
        None => (Arc::new(derive::derive(&site, diags)), None),
    };
    timings.push(timing("derive", t.elapsed()));
    (site, derived, again)
}

#[cfg(test)]
#[path = "analysis_tests.rs"]
mod tests;
