//! The engine's memory for a build of the user's output, read from
//! `.gongjian/cache/` on a thread of its own while the site is modelled and
//! derived (those stages keep one core busy, so the ~35 MB decode costs no
//! wall time there; beside the load, which keeps both busy, it would), and
//! read again once the build holds the output's lock if the file changed
//! meanwhile (another build of the same output saved its memory): a memory
//! is only ever used under the lock of the output it describes.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::output::Output;
use crate::render::engine::{self, CacheError, Memory};
use crate::{load, write, BuildOptions};

/// What reading the memory file gave: the memory (`None`: there is none)
/// or why it is ignored, and the id of the save that wrote the file there
/// before it was read.
struct Read {
    memory: Result<Option<Memory>, CacheError>,
    saved: Option<u64>,
    /// The memory's fingerprint as read (`memory_fingerprint`).
    fingerprint: Option<u64>,
}

/// The memory being read for a build (`start`), taken by `finish`; none
/// when the build keeps no memory on disk (`--no-cache`, in place, or given one).
pub(crate) struct MemoryLoad(Option<Reading>);

struct Reading {
    state: PathBuf,
    output: PathBuf,
    read: Option<JoinHandle<Read>>,
}

/// The memory `opts`' build may use, to be read by `read_beside` (a
/// `--no-cache` build forgets the one kept, as its output will no longer be
/// what it describes).
pub(crate) fn start(opts: &BuildOptions) -> MemoryLoad {
    if opts.memory.is_some() {
        return MemoryLoad(None);
    }
    let (state, output) = (opts.root.join(write::STATE_DIR), write::resolved(&opts.output_dir()));
    if opts.no_cache {
        engine::forget_memory(&state, &output);
        load::KeptParses::forget(&state);
        crate::derive::forget_kept_values(&state);
    }
    if opts.no_cache || opts.in_place {
        return MemoryLoad(None);
    }
    MemoryLoad(Some(Reading { state, output, read: None }))
}

impl MemoryLoad {
    /// Starts reading the memory on a thread of its own (where none can be
    /// started, `finish` reads it).
    pub(crate) fn read_beside(&mut self) {
        let Some(r) = self.0.as_mut().filter(|r| r.read.is_none()) else { return };
        let (s, o) = (r.state.clone(), r.output.clone());
        r.read = std::thread::Builder::new().name("memory".into()).spawn(move || read(&s, &o)).ok();
    }
}

fn read(state: &Path, output: &Path) -> Read {
    let saved = engine::saved_memory_id(state, output);
    let memory = engine::load_memory(state, output);
    let fingerprint = memory.as_ref().ok().and_then(Option::as_ref).map(engine::memory_fingerprint);
    Read { memory, saved, fingerprint }
}

impl MemoryLoad {
    /// The memory for the build (called holding the output's lock), and
    /// its fingerprint when it was read from disk (to tell whether saving it
    /// again is needed); a memory that cannot be used is noted in `diags`
    /// and a new one started.
    pub(crate) fn finish(self, diags: &mut Diagnostics) -> (Memory, Option<u64>) {
        let Some(Reading { state, output, read: reading }) = self.0 else {
            return (Memory::transient(), None);
        };
        let file = engine::memory_file(&state, &output);
        // Read again if another build saved it since (none: it is read anyway).
        let now = engine::saved_memory_id(&state, &output);
        let done = reading.and_then(|r| r.join().ok()).filter(|r| r.saved.is_some() && r.saved == now);
        let Read { memory, fingerprint, .. } = done.unwrap_or_else(|| read(&state, &output));
        match memory {
            Ok(Some(memory)) => (memory, fingerprint),
            Ok(None) => (engine::fresh_memory(&state, &output), None),
            Err(why) => {
                diags.push(
                    Diagnostic::warning(file, 0, Output::CacheIgnored { why: why.to_string() })
                        .hint(Output::CacheIgnoredHint),
                );
                (engine::fresh_memory(&state, &output), None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_saved_by_another_build_while_it_was_read_is_read_again() {
        if !crate::render::spool::Spool::positioned() {
            return;
        }
        let root = tempfile::tempdir().unwrap();
        let (state, output) = (root.path().join(write::STATE_DIR), root.path().join("public"));
        let save = |global: u64| {
            let mut m = engine::fresh_memory(&state, &output);
            m.global = global;
            engine::save_memory(&state, &output, &mut m).unwrap();
        };
        save(7);
        // Read before the other build saved its memory (as a build's thread may).
        let before = read(&state, &output);
        assert_eq!(before.memory.as_ref().unwrap().as_ref().map(|m| m.global), Some(7));
        save(8);
        let thread = std::thread::spawn(move || before);
        let reading = Reading { state: state.clone(), output: output.clone(), read: Some(thread) };
        let (memory, loaded) = MemoryLoad(Some(reading)).finish(&mut Diagnostics::default());
        assert_eq!(loaded, Some(engine::memory_fingerprint(&memory)));
        assert_eq!(memory.global, 8, "the memory on disk now, not the one read before");
    }
}
