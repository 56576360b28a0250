//! gongjian (攻坚): a static site generator for county campaign-progress
//! publications. A build is one pipeline:
//!
//! load (walk, front-matter, validate) → model (sections, pages, campaigns,
//! taxonomies) → derive (series, pace, projects, counties) → render
//! (Markdown, charts, Tera, feeds, sitemap) → write (atomic swap).

// Diagnostics are rich on purpose (file, line, field, quote, hint) and only
// travel on the error path, so their size does not matter.
#![allow(clippy::result_large_err)]

mod analysis;
pub mod charts;
pub mod check;
pub mod config;
pub mod dates;
pub mod derive;
pub mod diag;
mod digest;
pub mod guard;
pub mod images;
pub mod import;
pub mod load;
pub mod markdown;
mod memory_load;
pub mod messages;
pub mod model;
pub mod raster;
pub mod render;
pub mod scaffold;
pub mod serve;
#[cfg(test)]
mod test_rng;
pub mod text;
mod timings;
mod whole_file;
pub mod write;

use crate::guard::lock;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use analysis::{analyse, Analysis, Reuse, StageMemo, Warnings};
use diag::{Diagnostic, Diagnostics};
use messages::output::Output;
pub use timings::{peak_rss_kib, print_timings, timing, Timing};

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Also publish reports dated after today (`--future`).
    pub future: bool,
    /// The day the build counts as today (`--today`); default: the current
    /// date in site.yaml's `timezone`.
    pub today: Option<chrono::NaiveDate>,
    /// Charts kept from earlier builds (`serve` passes the same cache every time).
    pub chart_cache: Option<Arc<render::chart::ChartCache>>,
    /// What earlier builds rendered and read (`serve` passes its own); by
    /// default a build of the user's output keeps it in `.gongjian/cache/`.
    pub memory: Option<Arc<std::sync::Mutex<render::engine::Memory>>>,
    /// Content files parsed by earlier builds (`serve` passes the same every
    /// time): a file whose bytes did not change is not parsed again.
    pub parsed: Option<Arc<load::ParsedFiles>>,
    /// The last build's model and derived values (`serve` passes the same
    /// every time): taken again while what they read is the same.
    pub stages: Option<Arc<StageMemo>>,
    /// Ignore and leave alone the cache in `.gongjian/cache/` (`--no-cache`):
    /// every page is rendered; the output is the same either way.
    pub no_cache: bool,
    /// Counts files as the build writes them, for a progress display.
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    /// Write straight into the output folder, only what changed (`serve`,
    /// whose output folders are not served while they are built; only for
    /// folders gongjian made itself: without a manifest it is emptied) ...
    pub in_place: bool,
    /// ... given what the folder holds (from the last build there's report),
    /// handed over for the build to take (a large site's has an entry per
    /// file: a save does not copy it).
    pub manifest: Option<Arc<Mutex<Option<write::Manifest>>>>,
    /// Keep every file's Markdown body in the returned site (`check` reads
    /// them); a build otherwise frees each body once its page is rendered.
    pub keep_bodies: bool,
    /// The files changed since the last build with the same `memory` and
    /// `stages`, as `serve`'s watcher told them (`None`: unknown). While the
    /// model is kept, render checks again only what read them.
    pub changed: Option<Vec<PathBuf>>,
    /// Once set, the build ends at once, failed, writing nothing more
    /// (`serve` stopping: it need not wait for a whole site's render).
    pub stop: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// The report keeps only the first this many warnings, counting the
    /// others (`Diagnostics::showing`): what `gongjian build` prints.
    pub warnings_shown: Option<usize>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            today: None,
            chart_cache: None,
            memory: None,
            parsed: None,
            stages: None,
            no_cache: false,
            progress: None,
            in_place: false,
            manifest: None,
            keep_bodies: false,
            changed: None,
            stop: None,
            warnings_shown: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// How a build went: counts for the summary line, and every diagnostic.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub diagnostics: Diagnostics,
    /// Charts drawn rather than taken from `BuildOptions::chart_cache`.
    pub charts_drawn: usize,
    /// Pages rendered again; the others kept their files, as nothing they read changed.
    pub rendered: usize,
    /// List views of pages and projects digested (`render::Stats::views_made`).
    pub views_made: usize,
    /// Charts resolved to digest them (`render::Stats::chart_digests_made`).
    pub chart_digests_made: usize,
    /// Report and plain pages compared or made again (`render::Stats::pages_checked`).
    pub pages_checked: usize,
    /// Open-data texts made or checked (`render::Stats::open_data_looked_at`).
    pub open_data_looked_at: usize,
    /// Photos processed by this build, and those taken from `.gongjian/images/`.
    pub images_processed: usize,
    pub images_cached: usize,
    /// After an in-place build: what the output folder now holds.
    pub manifest: Option<write::Manifest>,
    /// Time per stage, printed with `GONGJIAN_TIMINGS=1`.
    pub timings: Vec<Timing>,
    /// Reports dated after today (left out unless `BuildOptions::future`); `check` lists them.
    pub scheduled: Vec<model::Scheduled>,
    /// `check`: how many findings of each inspection item, in the form's order.
    pub inspection: Vec<(&'static str, usize)>,
    /// What the analysis took from the last build of the process (`serve`).
    pub reuse: analysis::Reuse,
}

impl BuildReport {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// The current date in the site's `timezone` (an unknown zone is reported
/// by `SiteConfig::load`; China Standard Time is used then).
pub fn site_today(config: &config::SiteConfig) -> chrono::NaiveDate {
    config::today_in(&config.timezone)
        .or_else(|| config::today_in(config::DEFAULT_TIMEZONE))
        .expect("the default zone is known")
}

/// Builds the site at `opts.root`. The output folder is replaced only when
/// the whole build succeeds; a panic fails the build with an error (`guarded`).
pub fn build(opts: &BuildOptions) -> BuildReport {
    guarded(&opts.root, || {
        let (report, site) = build_site(opts);
        match &opts.stages {
            Some(memo) => memo.keep(site),
            None => drop_later(site),
        }
        report
    })
}

/// Runs a build (or check) of the site at `root`, turning a panic in it into
/// a failed report with one "internal error" diagnostic (see `guard`).
pub fn guarded(root: &Path, work: impl FnOnce() -> BuildReport) -> BuildReport {
    guard::catch(root, work).unwrap_or_else(|d| {
        let mut report = BuildReport::default();
        report.diagnostics.push(d);
        report
    })
}

/// Frees `value` on a thread of its own. A build's model and rendering state
/// are hundreds of thousands of small allocations: freeing them took the
/// last ~200 ms of a 10,000-report build on one core, after the output was
/// complete. A command that exits next does not wait for it; once it said
/// so (`exit_frees`), nothing is freed: that thread's work competed with the
/// build's for the cores, and the exit returns the whole heap at once.
pub fn drop_later<T: Send + 'static>(value: T) {
    if EXIT_FREES.load(std::sync::atomic::Ordering::Relaxed) {
        std::mem::forget(value);
        return;
    }
    // Where no thread can be started, spawn drops the closure, value and all, here.
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

/// Set by `exit_frees`.
static EXIT_FREES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says the process ends after its one command: what `drop_later` is given
/// is left for the exit to free. Not for `serve`, whose builds go on.
pub fn exit_frees() {
    EXIT_FREES.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// `build`, also handing back the site model (for `check`'s rules, which
/// then need not load the content a second time). Its files hold their
/// texts only with `keep_bodies`; their front-matter text also with `stages`.
pub fn build_site(opts: &BuildOptions) -> (BuildReport, Arc<model::Site>) {
    let started = Instant::now();
    let mut diags = opts.warnings_shown.map_or_else(Diagnostics::default, Diagnostics::showing);
    let mut report = BuildReport::default();
    let mut memory_load = memory_load::start(opts);
    // The front-matter parses load keeps are written into the state folder
    // while the build goes on: a first build makes it now, not after load.
    // (Where it cannot, the write stage says why.)
    if !opts.no_cache && !opts.in_place {
        let _ = write::create_state_dir(&opts.root.join(write::STATE_DIR));
    }
    let analysis::Analysed { mut site, derived, reuse } =
        analysis::analyse_timed_then(opts, &mut diags, &mut report.timings, || memory_load.read_beside());
    report.reuse = reuse;
    // Only a process that builds again (`stages`) reads the files' front-matter after the render.
    let texts = match opts.keep_bodies {
        true => model::IdVec::from_vec(vec![None; site.sources.len()]),
        false => site.take_texts(opts.stages.is_some()),
    };
    let site = Arc::new(site);
    let report = render_site(opts, site.clone(), texts, derived, diags, report, started, memory_load);
    // The front-matter parses this build kept, written beside it.
    load::parses_saved(&opts.root.join(write::STATE_DIR));
    derive::kept_values_written(&opts.root.join(write::STATE_DIR));
    if !report.ok() {
        // What a failed build changed is not what the memory describes.
        if let Some(memory) = &opts.memory {
            lock(memory).forget_changes();
        }
    }
    (report, site)
}

#[allow(clippy::too_many_arguments)]
fn render_site(
    opts: &BuildOptions,
    site: Arc<model::Site>,
    texts: model::IdVec<model::SourceId, Option<Arc<str>>>,
    derived: Arc<derive::Derived>,
    mut diags: Diagnostics,
    mut report: BuildReport,
    started: Instant,
    memory_load: memory_load::MemoryLoad,
) -> BuildReport {
    if diags.has_errors() {
        report.diagnostics = diags.sorted();
        report.elapsed = started.elapsed();
        return report;
    }
    let output = opts.output_dir();
    let beginning = Instant::now();
    // An in-place output is a folder gongjian made for itself (serve's, check's).
    let checked = if opts.in_place { Ok(()) } else { check_output(&opts.root, &output) };
    if let Err(d) = checked {
        diags.push(d);
        report.diagnostics = diags.sorted();
        return report;
    }
    let progress = opts.progress.clone().unwrap_or_default();
    let begun = if opts.in_place {
        write::begin_in_place(&output, opts.manifest.as_ref().and_then(|m| lock(m).take()), progress)
    } else {
        write::begin(&opts.root.join(write::STATE_DIR), &output, progress)
    };
    let staging = match begun {
        Ok(mut s) => {
            s.stop_when(opts.stop.clone());
            s
        }
        Err(e) => {
            diags.push(Diagnostic::error(output.clone(), 0, Output::CannotStart { why: e.to_string() }));
            report.diagnostics = diags.sorted();
            return report;
        }
    };
    report.timings.push(timing("begin", beginning.elapsed()));
    let cache = opts.chart_cache.clone().unwrap_or_default();
    let loading = Instant::now();
    let (memory, as_loaded) = match &opts.memory {
        Some(m) => (m.clone(), None),
        None => {
            // With what it holds as read from disk, to tell whether saving it again is needed.
            let (memory, as_loaded) = memory_load.finish(&mut diags);
            (Arc::new(Mutex::new(memory)), as_loaded)
        }
    };
    report.timings.push(timing("cache", loading.elapsed()));
    let mut kept = lock(&memory);
    kept.note_build(&changes_of(opts, &report.reuse));
    // Freeing the derived values (every project's and county's) took ~25 ms
    // on one core as `render` returned: when this is the last hold on them,
    // they are freed on a thread of their own.
    let derived_held = derived.clone();
    let stats = render::render(site, texts, derived, cache, &staging, &mut diags, &mut kept);
    if Arc::strong_count(&derived_held) == 1 {
        drop_later(derived_held);
    }
    report.charts_drawn = stats.charts_drawn;
    report.rendered = stats.rendered;
    report.views_made = stats.views_made;
    report.chart_digests_made = stats.chart_digests_made;
    report.pages_checked = stats.pages_checked;
    report.open_data_looked_at = stats.open_data_looked_at;
    report.images_processed = stats.images_processed;
    report.images_cached = stats.images_cached;
    report.timings.extend(stats.timings.iter().copied());
    let (mut swap, mut swap_name) = (Instant::now(), "swap");
    if diags.has_errors() {
        staging.abort();
    } else if opts.in_place {
        match staging.finish_in_place() {
            Ok(m) => report.manifest = Some(m),
            Err(e) => diags.push(Diagnostic::error(output, 0, Output::CannotUpdate { why: e.to_string() })),
        }
    } else {
        // Kept only with the output it describes: gone while the output changes.
        let (state, out) = (opts.root.join(write::STATE_DIR), write::resolved(&output));
        let persist = opts.memory.is_none() && !opts.no_cache;
        // The live output already is this site: no swap, and the memory on
        // disk, which describes it, is written again only if it changed.
        let unchanged = staging.output_unchanged();
        let save = persist && !(unchanged && as_loaded == Some(render::engine::memory_fingerprint(&kept)));
        if persist && !unchanged {
            render::engine::set_aside_memory(&state, &out);
        }
        let memory: &mut render::engine::Memory = &mut kept;
        let (done, aside) = finish_saving(staging, unchanged, save.then_some((&state, &out, memory)));
        match done {
            Err(e) => {
                diags.push(Diagnostic::error(output, 0, Output::CannotReplace { why: e.to_string() }));
                aside.into_iter().for_each(render::engine::SavedAside::discard);
            }
            Ok(()) => {
                if let Some(aside) = aside {
                    report.timings.push(timing(swap_name, swap.elapsed()));
                    swap = Instant::now();
                    // A failed save costs the next build its speed, nothing else.
                    drop(aside.install());
                    swap_name = "save";
                }
            }
        }
    }
    if diags.has_errors() {
        // What the output holds is unknown now: the next build renders it all.
        kept.outputs.clear();
    }
    drop(kept);
    // Freeing the records of ~20,000 outputs took ~40 ms at the end of a
    // build (a memory the caller keeps is only let go of here).
    drop_later(memory);
    report.timings.push(timing(swap_name, swap.elapsed()));
    report.pages = stats.pages;
    report.files = stats.files;
    report.diagnostics = diags.sorted();
    report.elapsed = started.elapsed();
    report
}

/// Ends a build of the user's output: swaps its site in (or keeps the live
/// output, which already is it) while the memory, when given, is written
/// beside its place on another thread (it is put there once the output it
/// describes is in place: `SavedAside::install`).
fn finish_saving(
    staging: write::Staging,
    unchanged: bool,
    save: Option<(&Path, &Path, &mut render::engine::Memory)>,
) -> (std::io::Result<()>, Option<render::engine::SavedAside>) {
    let finish = move || if unchanged { staging.keep_output() } else { staging.commit() };
    let Some((state, out, memory)) = save else { return (finish(), None) };
    let aside = |memory: &mut render::engine::Memory| render::engine::save_memory_aside(state, out, memory).ok();
    let memory = Mutex::new(Some(memory));
    std::thread::scope(|s| {
        let writing = std::thread::Builder::new().spawn_scoped(s, || lock(&memory).take().and_then(aside));
        let done = finish();
        // Where no thread could be started, the memory is written here.
        let written = match writing {
            Ok(w) => w.join().ok().flatten(),
            Err(_) => lock(&memory).take().and_then(aside),
        };
        (done, written)
    })
}

/// What changed since the last build with `opts.memory`, as far as known:
/// whether the model was kept, else what of it was made again (`reuse`),
/// and the files `serve`'s watcher told.
fn changes_of(opts: &BuildOptions, reuse: &Reuse) -> render::engine::Changes {
    let model_kept = opts.stages.as_ref().is_some_and(|m| m.model_was_kept());
    let sources = opts.changed.as_ref().map(|files| {
        // Named as the loader names them.
        files.iter().map(|f| diag::rel(&opts.root, f)).collect()
    });
    let made = (opts.stages.is_some() && !reuse.fresh && !reuse.whole).then(|| render::engine::Changed {
        pages: reuse.pages_made.iter().map(|p| p.to_string_lossy().into_owned()).collect(),
        campaigns: reuse.campaigns_changed.clone(),
        projects: reuse.projects_changed.clone(),
    });
    render::engine::Changes { model_kept, sources, made }
}

/// What a site root holds that is its source (or gongjian's state): an
/// output folder there would delete it or nest a copy of the site into it.
const SOURCES: [&str; 8] = ["content", "static", "templates", "themes", "data", "site.yaml", write::STATE_DIR, ".git"];

/// Refuses an output folder a build would destroy something in: the site
/// root or a folder holding it, a source folder or file of the site (or a
/// folder inside one), a file, a symbolic link, or a folder holding files
/// that no build of this site wrote (dotfiles such as `.git` and `CNAME`
/// are kept, so they may be there). `gongjian build` exits 2 on this.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |message: Output, hint: Output| Err(Diagnostic::error(output, 0, message).hint(hint));
    let elsewhere = Output::OwnFolderHint;
    if let Ok(meta) = std::fs::symlink_metadata(output) {
        if meta.file_type().is_symlink() {
            return refuse(Output::IsLink, Output::IsLinkHint);
        }
        if !meta.is_dir() {
            return refuse(Output::IsFile, elsewhere);
        }
    }
    let (root_abs, out) = (write::resolved(root), write::resolved(output));
    if root_abs.starts_with(&out) {
        return refuse(Output::HoldsSite, elsewhere);
    }
    for name in SOURCES {
        let source = write::resolved(&root_abs.join(name));
        if out == source || out.starts_with(&source) {
            let name = name.to_string();
            let what = if out == source { Output::IsSource { name } } else { Output::InsideSource { name } };
            return refuse(what, elsewhere);
        }
    }
    let foreign = write::foreign_files(&root_abs.join(write::STATE_DIR), &out);
    if !foreign.is_empty() {
        let more = if foreign.len() > 3 { ", …" } else { "" };
        let shown: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
        return refuse(Output::Foreign { shown: format!("{}{more}", shown.join(", ")) }, Output::ForeignHint);
    }
    Ok(())
}
