//! The live file count on a terminal while a long build or check runs.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongjian::messages::cli::Cli as Msg;

#[derive(Clone, Copy)]
pub enum Verb {
    Building,
    Checking,
}

/// Runs `work`, showing a live file count on a terminal when it takes a
/// while. Without a terminal (CI, pipes) nothing is shown: logs stay clean.
/// `files` is the counter the build's writes increment.
pub fn shown<T>(verb: Verb, files: &Arc<AtomicUsize>, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return work();
    }
    let done = Arc::new(AtomicBool::new(false));
    let shown = {
        let (done, files) = (done.clone(), files.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                // Small sites finish before this: no flicker for them.
                if started.elapsed() < Duration::from_millis(500) || done.load(Ordering::Relaxed) {
                    continue;
                }
                let (files, secs) = (files.load(Ordering::Relaxed), format!("{:.1}", started.elapsed().as_secs_f64()));
                let line = match verb {
                    Verb::Building => Msg::Building { files, secs },
                    Verb::Checking => Msg::Checking { files, secs },
                };
                eprint!("\r\x1b[2K{line}");
                shown = true;
            }
            shown
        })
    };
    let out = work();
    done.store(true, Ordering::Relaxed);
    if shown.join().unwrap_or(false) {
        eprint!("\r\x1b[2K");
    }
    out
}
