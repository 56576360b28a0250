//! Which files the preview watches (content/, templates/, static/, themes/
//! and site.yaml) and how saves become rebuilds: notify's events, debounced
//! so one save (often a write plus a rename) is one rebuild, filtered so the
//! build's own reading and editors' swap files do not trigger another.

use crate::messages::serve::Serve;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::ServeError;

/// What the watcher drives: a rebuild for each batch of changes, and work
/// deferred until no change is waiting.
pub trait Rebuild {
    fn rebuild(&mut self, changed: &[PathBuf]);
    /// Does deferred work, stopping early when `stop()` (a change came in);
    /// returns whether none is left. Also called every `CHECK_EVERY` while
    /// nothing happens, to find changes no event told of.
    fn idle(&mut self, stop: &dyn Fn() -> bool) -> bool;
    /// Events may have been lost (the watcher failed or overflowed): the
    /// next rebuild must not trust them.
    fn missed(&mut self);
}

/// Folders of a site whose changes change the output.
/// `data/` holds project ledgers (`projects_file:`).
const WATCHED_DIRS: [&str; 5] = ["content", "templates", "static", "themes", "data"];
/// Short enough to feel instant, long enough to gather an editor's write + rename.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// How often a quiet preview looks for changes no event told of.
const CHECK_EVERY: Duration = Duration::from_secs(3);

pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Set when events come in: idle work stops for them.
    arrived: Arc<AtomicBool>,
    /// Which of WATCHED_DIRS have a recursive watch (a folder made later gets one then).
    watching: Vec<&'static str>,
}

impl Watcher {
    pub fn new(root: &Path) -> Result<Watcher, ServeError> {
        let (tx, events) = mpsc::channel();
        let arrived = Arc::new(AtomicBool::new(false));
        let flag = arrived.clone();
        // Sent first, flagged after: once the flag is seen the event can be received.
        let on_event = move |result: DebounceEventResult| {
            let _ = tx.send(result);
            flag.store(true, Ordering::SeqCst);
        };
        let debouncer =
            new_debouncer(DEBOUNCE, None, on_event).map_err(|e| ServeError::CannotWatchAtAll { why: e.to_string() })?;
        let mut w = Watcher { root: root.to_path_buf(), debouncer, events, arrived, watching: Vec::new() };
        // The root itself, not recursively: site.yaml, and folders created after start.
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| ServeError::CannotWatch { what: root.to_path_buf(), why: e.to_string() })?;
        w.watch_new_dirs();
        Ok(w)
    }

    fn watch_new_dirs(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if !self.watching.contains(&name) && dir.is_dir() {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watching.push(name),
                    Err(e) => {
                        eprintln!("{}", Serve::CannotWatch { what: dir.display().to_string(), why: e.to_string() })
                    }
                }
            }
        }
    }

    /// Calls `rebuild` with the changed files after every relevant change,
    /// forever, and its idle work while no change is waiting. Changes made
    /// during a build are gathered into the next one.
    pub fn run(mut self, target: &mut impl Rebuild) {
        // The first build may have left work (`Rebuild::idle`).
        let mut owed = true;
        loop {
            // Cleared before looking, so a change that comes in later stops the idle work.
            self.arrived.store(false, Ordering::SeqCst);
            let first = match self.events.try_recv() {
                Ok(first) => first,
                Err(TryRecvError::Empty) if owed => {
                    owed = !target.idle(&|| self.arrived.load(Ordering::SeqCst));
                    continue;
                }
                Err(TryRecvError::Empty) => match self.events.recv_timeout(CHECK_EVERY) {
                    Ok(first) => first,
                    Err(RecvTimeoutError::Timeout) => {
                        owed = true;
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                Err(TryRecvError::Disconnected) => return,
            };
            let mut changed = Vec::new();
            let mut lost = self.collect(first, &mut changed);
            while let Ok(more) = self.events.try_recv() {
                lost |= self.collect(more, &mut changed);
            }
            if lost {
                target.missed();
            }
            if changed.is_empty() && !lost {
                continue;
            }
            self.watch_new_dirs();
            changed.sort();
            changed.dedup();
            target.rebuild(&changed);
            owed = true;
        }
    }

    /// Adds the relevant paths of `result` to `changed`; returns whether
    /// events may have been lost (an error, or the system asking for a rescan).
    fn collect(&self, result: DebounceEventResult, changed: &mut Vec<PathBuf>) -> bool {
        match result {
            Ok(events) => {
                let mut lost = false;
                for ev in events {
                    lost |= ev.need_rescan();
                    // Access events are the build reading files: never a reason to rebuild.
                    if matches!(ev.kind, EventKind::Access(_)) {
                        continue;
                    }
                    changed.extend(ev.paths.iter().filter(|p| relevant(&self.root, p)).cloned());
                }
                lost
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("{}", Serve::WatcherFailed { why: e.to_string() });
                }
                true
            }
        }
    }
}

/// Is `path` one whose change can change the site?
pub(crate) fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components();
    let Some(first) = parts.next() else { return false };
    let first = first.as_os_str().to_string_lossy();
    let in_site = first == "site.yaml" || WATCHED_DIRS.contains(&first.as_ref());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    in_site && !editor_scratch(&name)
}

/// Files editors write next to the real one (vim swap and probe files, emacs
/// locks and backups); the real save follows as its own event.
fn editor_scratch(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_count() {
        let root = Path::new("/site");
        for yes in ["/site/site.yaml", "/site/content/reports/a.md", "/site/themes/default/templates/base.html"] {
            assert!(relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/.git/index",
            "/site/content/reports/.a.md.swp",
            "/site/content/reports/a.md~",
            "/site/content/reports/4913",
            "/elsewhere/content/a.md",
            "/site/notes.txt",
        ] {
            assert!(!relevant(root, Path::new(no)), "{no}");
        }
    }
}
