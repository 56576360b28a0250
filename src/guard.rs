//! Panics inside a build: caught where a build starts (`build`, `check`,
//! each of `serve`'s rebuilds) and turned into an error diagnostic, so a bug
//! in gongjian fails one build with a message instead of killing the command
//! or `serve`'s rebuild thread. Owns the panic hook that records what
//! panicked, where, and the file being worked on.

use crate::messages::output::Output;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use crate::diag::Diagnostic;

/// Guarded builds running now: while any is, panics are recorded quietly
/// (a build's worker threads are not the guarded thread, so this is global).
static GUARDED: AtomicUsize = AtomicUsize::new(0);
/// The first panic of the guarded build (later ones are usually its echoes).
static CAUGHT: Mutex<Option<Caught>> = Mutex::new(None);

thread_local! {
    static WORKING_ON: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

struct Caught {
    message: String,
    location: String,
    file: Option<PathBuf>,
}

/// Names `file` as the one this thread works on until the guard is dropped,
/// so a panic meanwhile names it.
pub fn working_on(file: impl Into<PathBuf>) -> WorkingOn {
    let previous = WORKING_ON.with(|w| w.replace(Some(file.into())));
    WorkingOn { previous }
}

/// Restores the file worked on before (see `working_on`).
pub struct WorkingOn {
    previous: Option<PathBuf>,
}

impl Drop for WorkingOn {
    fn drop(&mut self) {
        let previous = self.previous.take();
        WORKING_ON.with(|w| *w.borrow_mut() = previous);
    }
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let guarded = GUARDED.load(Ordering::SeqCst) > 0;
            // Outside a guarded build, or when a developer asks for a backtrace: the usual report.
            if !guarded || std::env::var_os("RUST_BACKTRACE").is_some() {
                default(info);
            }
            if !guarded {
                return;
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into());
            let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            let file = WORKING_ON.with(|w| w.borrow().clone());
            let mut slot = lock(&CAUGHT);
            slot.get_or_insert(Caught { message, location, file });
        }));
    });
}

/// `m` locked, even when a thread panicked holding it: that panic already
/// fails its build (`catch`), and what the lock guards is still whole, so
/// the next build and `serve` go on with it.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work`; a panic in it (or in the threads it waits for) becomes an
/// error diagnostic naming the panic, where in gongjian it happened and, if
/// known, the file being processed (shown relative to `root`).
pub fn catch<T>(root: &Path, work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    install_hook();
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    let caught = lock(&CAUGHT).take();
    result.map_err(|_| internal_error(root, caught))
}

fn internal_error(root: &Path, caught: Option<Caught>) -> Diagnostic {
    let Caught { message, location, file } =
        caught.unwrap_or(Caught { message: "(no message)".into(), location: String::new(), file: None });
    let (file, processing) = match file {
        Some(f) => {
            let shown = crate::diag::rel(root, &f);
            (shown.clone(), Some(shown.display().to_string()))
        }
        None => (PathBuf::from("gongjian"), None),
    };
    let at = (!location.is_empty()).then_some(location);
    Diagnostic::error(file, 0, Output::Internal { message, file: processing, at }).hint(Output::InternalHint)
}

/// Ends the build at once when `stop` is set: unwinds to where it was
/// started (`catch`, which fails it) without a panic's report.
pub fn stop_if(stop: Option<&std::sync::atomic::AtomicBool>) {
    if stop.is_some_and(|s| s.load(Ordering::Relaxed)) && !std::thread::panicking() {
        panic::resume_unwind(Box::new("stopped"));
    }
}

/// Test hook, in debug builds only: with `GONGJIAN_TEST_PANIC=<text>` in the
/// environment, writing an output file whose site-relative path contains
/// `<text>` panics, so tests can check that a panic anywhere in a build is
/// caught and reported. Release builds ignore the variable.
pub fn test_panic(rel: &str) {
    #[cfg(debug_assertions)]
    {
        static TRIGGER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
        let trigger = TRIGGER.get_or_init(|| std::env::var("GONGJIAN_TEST_PANIC").ok().filter(|t| !t.is_empty()));
        if let Some(t) = trigger.as_deref().filter(|t| rel.contains(t)) {
            panic!("test panic (GONGJIAN_TEST_PANIC={t}) while writing {rel}");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = rel;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_worker_thread_becomes_an_error_naming_the_file() {
        let root = Path::new("/site");
        let err = catch(root, || {
            std::thread::scope(|s| {
                s.spawn(|| {
                    let _w = working_on("/site/content/reports/a.md");
                    panic!("min > max");
                })
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("content/reports/a.md"), "{text}");
        assert!(text.contains("internal error while processing"), "{text}");
        assert!(text.contains("min > max"), "{text}");
        assert!(text.contains("src/guard.rs"), "{text}");
        assert_eq!(catch(root, || 7).unwrap(), 7, "a build that does not panic is untouched");
    }
}
