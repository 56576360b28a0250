//! `gongjian serve`: the editor's live preview. Owns the serve loop: the
//! first build, the rebuild after every debounced change, which built copy of
//! the site is being served, the last build error, and telling open tabs
//! (over server-sent events) to reload or show that error.
//!
//! The preview is built into two folders under the system temp dir, never
//! into the user's `public/`: each full rebuild goes into the folder that is
//! not being served and only becomes the served one when it succeeded, so a
//! broken file leaves the last good site on screen and no request ever sees
//! a half-written site. Every build goes through the one build path with
//! what the process keeps between builds (`load::ParsedFiles`, told by the
//! watcher which files changed; `StageMemo`; the engine's `Memory`), so a
//! save costs what it changed. While idle, the preview looks for changes
//! the watcher missed (`ParsedFiles::stale`) and builds them.

mod error;
mod http;
mod watch;

pub use error::ServeError;

use crate::guard::lock;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::messages::serve::Serve;
use crate::{BuildOptions, BuildReport};

/// What `gongjian serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Port on 127.0.0.1; 0 asks for any free port. A taken port falls back to a free one.
    pub port: u16,
    pub drafts: bool,
    /// The day the preview counts as today (`--today`); reports after it are shown marked 待发布.
    pub today: Option<chrono::NaiveDate>,
}

/// A message to the open tabs.
#[derive(Debug, Clone)]
pub(crate) enum LiveEvent {
    /// A build succeeded; tabs showing an older generation reload.
    Reload(u64),
    /// A build failed with this text; tabs show it over the page.
    Failed(String),
}

/// What is being served right now.
#[derive(Debug, Default)]
pub(crate) struct Current {
    /// Number of successful builds; a tab knows which one it shows.
    pub gen: u64,
    /// Folder of the last good build (None until one succeeded).
    pub site: Option<PathBuf>,
    /// Errors of the latest build when it failed.
    pub error: Option<String>,
}

/// State shared by the HTTP threads and the rebuild thread.
#[derive(Default)]
pub(crate) struct Shared {
    pub current: Mutex<Current>,
    clients: Mutex<Vec<Sender<LiveEvent>>>,
}

impl Shared {
    pub fn snapshot(&self) -> (u64, Option<PathBuf>, Option<String>) {
        let c = lock(&self.current);
        (c.gen, c.site.clone(), c.error.clone())
    }

    pub fn subscribe(&self, tx: Sender<LiveEvent>) {
        lock(&self.clients).push(tx);
    }

    /// Sends to every open tab, forgetting tabs that went away.
    fn broadcast(&self, ev: LiveEvent) {
        lock(&self.clients).retain(|tx| tx.send(ev.clone()).is_ok());
    }
}

/// The site's builder: alternates between two output folders.
struct Builder {
    root: PathBuf,
    slots: [PathBuf; 2],
    base_url: String,
    drafts: bool,
    today: Option<chrono::NaiveDate>,
    shared: Arc<Shared>,
    /// What each slot folder holds, when known (after a good build there).
    manifests: [Option<crate::write::Manifest>; 2],
    /// Charts of earlier builds: a save redraws only the charts it changed.
    charts: Arc<crate::render::chart::ChartCache>,
    /// Warnings already printed.
    warned: Warned,
    /// What each folder's pages read when last built (`render::engine`).
    memory: Arc<Mutex<crate::render::engine::Memory>>,
    /// Content files as last parsed: a save reads only the files the watcher
    /// saw change (what it may miss is found while idle).
    parsed: Arc<crate::load::ParsedFiles>,
    /// The last model and derived values: a save that changes only bodies keeps them.
    stages: Arc<crate::StageMemo>,
    /// Held while a build writes: a stop waits for it before removing the folders.
    busy: Arc<Mutex<()>>,
    /// Set when the preview stops: a build under way ends at its next file.
    stop: Arc<AtomicBool>,
}

/// A panic in a rebuild is shown like a failed build (`survive`); the
/// rebuild thread goes on and the next save builds again.
impl watch::Rebuild for Builder {
    fn rebuild(&mut self, changed: &[PathBuf]) {
        let root = self.root.clone();
        let busy = self.busy.clone();
        let _writing = lock(&busy);
        // Stopping: the lock goes to the stop, which removes the folders.
        if self.stopping() {
            return;
        }
        if let Err(d) = crate::guard::catch(&root, || Builder::rebuild(self, changed)) {
            self.survive(&d, changed);
        }
    }

    fn idle(&mut self, stop: &dyn Fn() -> bool) -> bool {
        let root = self.root.clone();
        let busy = self.busy.clone();
        let _writing = lock(&busy);
        // Stopping: nothing is owed, and the lock goes to the stop.
        if self.stopping() {
            return true;
        }
        if let Err(d) = crate::guard::catch(&root, || self.prepare_standby()) {
            self.survive(&d, &[]);
        }
        if self.stopping() {
            return true;
        }
        if stop() {
            return false;
        }
        let missed = self.parsed.stale(&root, SETTLE);
        if missed.is_empty() {
            return true;
        }
        if let Err(d) = crate::guard::catch(&root, || Builder::rebuild(self, &missed)) {
            self.survive(&d, &missed);
        }
        false
    }

    fn missed(&mut self) {
        self.parsed.check_all();
    }
}

impl Builder {
    /// After a panic: the error is shown as a build error, and everything
    /// kept between builds is dropped, so the next save builds afresh.
    fn survive(&mut self, error: &crate::diag::Diagnostic, changed: &[PathBuf]) {
        if self.stopping() {
            return;
        }
        let text = error.to_string();
        eprintln!("{}{text}\n{}", describe_changes(&self.root, changed), Serve::StillServingSite);
        lock(&self.shared.current).error = Some(text.clone());
        self.shared.broadcast(LiveEvent::Failed(text));
        self.manifests = [None, None];
        self.charts = Arc::new(crate::render::chart::ChartCache::keeping());
        self.memory = Arc::new(Mutex::new(crate::render::engine::Memory::in_process()));
        self.parsed = Arc::new(crate::load::ParsedFiles::told());
        self.stages = Arc::default();
    }

    /// Builds what `changed` affects.
    fn rebuild(&mut self, changed: &[PathBuf]) {
        self.parsed.changed(changed);
        self.build(changed);
    }

    /// Builds slot `n` (not being served) in place: only files that changed
    /// since it was last built are written.
    /// `changed`: the files changed since the last build, as far as told.
    fn build_slot(&mut self, n: usize, changed: Option<Vec<PathBuf>>) -> BuildReport {
        let opts = BuildOptions {
            root: self.root.clone(),
            output: Some(self.slots[n].clone()),
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            future: true,
            today: self.today,
            chart_cache: Some(self.charts.clone()),
            in_place: true,
            manifest: self.manifests[n].take().map(|m| Arc::new(Mutex::new(Some(m)))),
            memory: Some(self.memory.clone()),
            parsed: Some(self.parsed.clone()),
            stages: Some(self.stages.clone()),
            changed,
            stop: Some(self.stop.clone()),
            ..BuildOptions::new(&self.root)
        };
        let mut report = crate::build(&opts);
        self.manifests[n] = report.manifest.take();
        report
    }

    /// Whether the preview is stopping (a build then ends early, failed).
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// After a good build, builds the folder not being served too, while
    /// no save is waiting: the first save then renders only what it changed.
    fn prepare_standby(&mut self) {
        let (_, serving, _) = self.shared.snapshot();
        let Some(serving) = serving else { return };
        let n = usize::from(serving == self.slots[0]);
        if self.manifests[n].is_none() {
            let started = Instant::now();
            if self.build_slot(n, Some(Vec::new())).ok() && !self.stopping() {
                println!("{}", Serve::SecondFolderReady { ms: started.elapsed().as_millis() });
            }
        }
    }

    /// Builds into the folder not being served; on success, serves it.
    fn build(&mut self, changed: &[PathBuf]) -> BuildReport {
        let (_, serving, _) = self.shared.snapshot();
        let n = usize::from(serving.as_deref() == Some(self.slots[0].as_path()));
        let slot = self.slots[n].clone();
        let started = Instant::now();
        let report = self.build_slot(n, Some(changed.to_vec()));
        if self.stopping() {
            // Stopped, not failed: the folders go with the preview.
            return report;
        }
        let what = describe_changes(&self.root, changed);
        self.warned.print_new(&report.diagnostics);
        crate::print_timings(&report);
        if report.ok() {
            let gen = {
                let mut c = lock(&self.shared.current);
                c.gen += 1;
                c.site = Some(slot);
                c.error = None;
                c.gen
            };
            self.shared.broadcast(LiveEvent::Reload(gen));
            let (pages, rendered, ms, charts) =
                (report.pages, report.rendered, started.elapsed().as_millis(), report.charts_drawn);
            let warnings = report.diagnostics.warning_count();
            println!("{what}{}", Serve::Built { pages, rendered, ms, charts, warnings });
        } else {
            let text = error_text(&report);
            {
                let mut c = lock(&self.shared.current);
                c.error = Some(text.clone());
            }
            self.shared.broadcast(LiveEvent::Failed(text));
            let (errors, warnings) = (report.diagnostics.error_count(), report.diagnostics.warning_count());
            eprintln!("{what}{}", Serve::BuildFailed { errors, warnings });
        }
        report
    }
}

/// Warnings already printed, known by digest: a rebuild repeats only new
/// ones, so the terminal shows what this save changed rather than the same
/// list again. A site may have tens of thousands; those of a shared block
/// (the kept model's, `Diagnostics::shared`) are digested once per block.
#[derive(Default)]
struct Warned {
    block: Option<Arc<crate::diag::Block>>,
    in_block: HashSet<u64>,
    own: HashSet<u64>,
}

impl Warned {
    /// Prints the errors of `diags` and its warnings not printed before;
    /// from then on, `diags` are what was printed.
    fn print_new(&mut self, diags: &crate::diag::Diagnostics) {
        let same_block = match (diags.block(), &self.block) {
            (Some(now), Some(was)) => Arc::ptr_eq(now, was) || self.print_patch(now),
            (now, was) => now.is_none() && was.is_none(),
        };
        let in_block: HashSet<u64> = match (same_block, diags.block()) {
            (false, Some(b)) => b.iter().filter(|d| !d.is_error()).map(digest).collect(),
            _ => HashSet::new(),
        };
        let seen = |key: &u64| self.in_block.contains(key) || self.own.contains(key);
        let mut own = HashSet::new();
        // A block printed before is passed over, but for its errors.
        let skip_block = same_block && diags.block().is_none_or(|b| b.error_count() == 0);
        let shown: Box<dyn Iterator<Item = (&crate::diag::Diagnostic, bool)>> = match skip_block {
            true => Box::new(diags.own().iter().map(|d| (d, false))),
            false => Box::new(diags.iter_marked()),
        };
        for (d, from_block) in shown {
            if from_block && same_block {
                if d.is_error() {
                    eprintln!("{d}");
                }
                continue;
            }
            let key = digest(d);
            if d.is_error() || !seen(&key) {
                eprintln!("{d}");
            }
            if !from_block && !d.is_error() {
                own.insert(key);
            }
        }
        if !same_block {
            self.block = diags.block().cloned();
            self.in_block = in_block;
        }
        self.own = own;
    }

    /// Where `now` is the block printed last patched (`Diagnostics::patched`)
    /// and holds no error: prints the warnings it added not printed before,
    /// and from then on `now` is what was printed of it.
    fn print_patch(&mut self, now: &Arc<crate::diag::Block>) -> bool {
        let Some(was) = &self.block else { return false };
        let Some(patch) = now.patch_of(was).filter(|_| now.error_count() == 0) else { return false };
        for d in &patch.dropped {
            self.in_block.remove(&digest(d));
        }
        for d in &patch.added {
            let key = digest(d);
            if !self.in_block.contains(&key) && !self.own.contains(&key) {
                eprintln!("{d}");
            }
            self.in_block.insert(key);
        }
        // The last of the block printed before: tens of thousands of warnings freed aside.
        crate::drop_later(self.block.replace(now.clone()));
        true
    }
}

fn digest(d: &crate::diag::Diagnostic) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::digest::hasher();
    d.hash(&mut h);
    h.finish()
}

/// "content/reports/a.md changed: " — tells the editor which save this build is for.
fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    match changed {
        [] => String::new(),
        [one] => Serve::Changed { file: crate::diag::rel(root, one).display().to_string() }.to_string(),
        [one, rest @ ..] => {
            Serve::ChangedMany { file: crate::diag::rel(root, one).display().to_string(), more: rest.len() }.to_string()
        }
    }
}

/// The errors as the page overlay shows them (warnings stay in the terminal).
fn error_text(report: &BuildReport) -> String {
    let errors: Vec<String> = report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    errors.join("\n\n")
}

/// Runs the preview until the process is stopped. Returns why when it
/// cannot start (no site here, no port, no file watcher).
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| ServeError::CannotOpenRoot { root: opts.root.clone(), why: e.to_string() })?;
    if !root.join("content").is_dir() && !root.join("site.yaml").is_file() {
        return Err(ServeError::NotASite { root });
    }
    let server = http::bind(opts.port)?;
    let addr = server.server_addr().to_ip().ok_or(ServeError::NoIpAddress)?;
    let base_url = format!("http://{addr}/");
    // A killed preview of a large site leaves gigabytes: removed meanwhile, not before serving.
    std::thread::spawn(remove_stale_serve_dirs);
    let work =
        serve_dir().map_err(|e| ServeError::CannotCreatePreview { dir: std::env::temp_dir(), why: e.to_string() })?;
    let busy = Arc::new(Mutex::new(()));
    let stop = Arc::new(AtomicBool::new(false));
    {
        // Ctrl-C, SIGTERM and SIGHUP (a closed terminal) stop a preview: its
        // folder holds drafts, so it goes with it, once no build writes there
        // (a build under way ends at its next file).
        let (work, busy, stop) = (work.clone(), busy.clone(), stop.clone());
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            let _stopped = lock(&busy);
            remove_preview(&work);
            std::process::exit(0);
        });
    }
    let shared = Arc::new(Shared::default());
    let mut builder = Builder {
        charts: Arc::new(crate::render::chart::ChartCache::keeping()),
        manifests: [None, None],
        root: root.clone(),
        slots: [work.join("a"), work.join("b")],
        base_url,
        drafts: opts.drafts,
        today: opts.today,
        shared,
        warned: Warned::default(),
        memory: Arc::new(Mutex::new(crate::render::engine::Memory::in_process())),
        parsed: Arc::new(crate::load::ParsedFiles::told()),
        stages: Arc::default(),
        busy: busy.clone(),
        stop,
    };
    {
        let _writing = lock(&busy);
        builder.build(&[]);
    }
    let watcher = watch::Watcher::new(&root)?;
    let shared = builder.shared.clone();
    std::thread::Builder::new()
        .name("gongjian-rebuild".into())
        .spawn(move || watcher.run(&mut builder))
        .map_err(|e| ServeError::CannotStartThread { why: e.to_string() })?;
    println!("{}", Serve::Serving { root: root.display().to_string(), addr: addr.to_string() });
    http::serve(server, shared);
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// Removes the preview's folder, its two copies of the site side by side
/// (tens of thousands of files each at 10,000 reports).
fn remove_preview(work: &Path) {
    std::thread::scope(|s| {
        for slot in ["a", "b"] {
            s.spawn(move || std::fs::remove_dir_all(work.join(slot)));
        }
    });
    let _ = std::fs::remove_dir_all(work);
}

const SERVE_DIR_PREFIX: &str = "gongjian-serve-";

/// A change the watcher has not reported this long after it was made was
/// missed (a younger one may still be written, its events on their way).
const SETTLE: std::time::Duration = std::time::Duration::from_secs(1);

/// The preview's folder: `gongjian-serve-<pid>-<random>` in the temp dir,
/// made new (a name planted in advance, such as a link, is never used) and
/// readable by this user only, since it holds drafts.
fn serve_dir() -> std::io::Result<PathBuf> {
    let prefix = format!("{SERVE_DIR_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    Ok(builder.tempdir()?.keep())
}

/// A preview killed without a signal it can catch (SIGKILL, a crash)
/// leaves its folder; the next one removes it. Only real folders are
/// removed (a link is left alone), and only where `/proc` tells which
/// processes are gone.
fn remove_stale_serve_dirs() {
    if !Path::new("/proc").is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(SERVE_DIR_PREFIX) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests;
