//! A build's state between runs, kept in `<root>/.gongjian/` and never
//! beside or inside the output: per output folder, the manifest of what the
//! build wrote there and the lock that keeps two builds from writing it at
//! once. The lock is an OS file lock, released by the system when its
//! process ends, however it ends: a killed build never blocks the next one.

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The folder under the site root that holds the build state.
pub const STATE_DIR: &str = ".gongjian";

/// Creates the state folder `dir` where there is none, with a `.gitignore`:
/// state is not source.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(".gitignore"), "# gongjian's build state (manifests, locks): not source\n*\n")?;
    }
    Ok(())
}

/// Where the state of builds into `output` (an absolute path) lives.
#[derive(Debug, Clone)]
pub struct State {
    /// `.gongjian/<output name>-<hash of its path>` (add an extension).
    stem: PathBuf,
}

impl State {
    pub fn new(state_dir: &Path, output: &Path) -> State {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let key = fnv1a(output.to_string_lossy().as_bytes());
        State { stem: state_dir.join(format!("{name}-{key:08x}")) }
    }

    pub fn manifest(&self) -> PathBuf {
        self.stem.with_extension("manifest")
    }

    /// The manifest of a build that was swapping its output in: kept until
    /// the swap is done, so a build killed meanwhile leaves both lists.
    pub fn pending_manifest(&self) -> PathBuf {
        self.stem.with_extension("manifest-new")
    }

    /// What the standby folder held when a build left it complete.
    pub fn standby_manifest(&self) -> PathBuf {
        self.stem.with_extension("standby-manifest")
    }

    /// The user's files both folders hold after a build (`users`).
    pub fn users_manifest(&self) -> PathBuf {
        self.stem.with_extension("users")
    }

    /// The standby's manifest and its record of the user's files, set aside
    /// while a build may change the standby (a build that did not is
    /// spared writing them again; after a kill neither is trusted).
    pub fn held(&self) -> [(PathBuf, PathBuf); 2] {
        [
            (self.standby_manifest(), self.stem.with_extension("standby-manifest-held")),
            (self.users_manifest(), self.stem.with_extension("users-held")),
        ]
    }

    pub fn lock_path(&self) -> PathBuf {
        self.stem.with_extension("lock")
    }

    /// The standby folder of `output`: in `.gongjian/` when that is on the
    /// output's filesystem (renames between the two are atomic), else
    /// hidden beside the output.
    pub fn standby_dir(&self, output: &Path) -> PathBuf {
        let here = self.stem.with_extension("standby");
        match (self.stem.parent(), output.parent()) {
            (Some(state), Some(parent)) if same_filesystem(state, parent) => here,
            _ => super::swap::beside(output, ".gongjian-standby"),
        }
    }

    /// Creates the state folder (`create_dir`) and takes the output's lock, waiting for a build that holds it.
    pub fn lock(&self, output: &Path) -> io::Result<File> {
        create_dir(self.stem.parent().unwrap_or(Path::new(".")))?;
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(self.lock_path())?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(TryLockError::WouldBlock) => {
                eprintln!("{}", crate::messages::output::Output::Waiting { output: output.display().to_string() });
                file.lock()?;
                Ok(file)
            }
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(unix)]
fn same_filesystem(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    matches!((std::fs::metadata(a), std::fs::metadata(b)), (Ok(x), Ok(y)) if x.dev() == y.dev())
}

/// Without a device number to compare, the standby stays beside the output.
#[cfg(not(unix))]
fn same_filesystem(_: &Path, _: &Path) -> bool {
    false
}

/// A stable 32-bit hash (FNV-1a): the same output path names the same state on every run.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_until_the_first_is_released() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::new(&tmp.path().join(STATE_DIR), Path::new("/site/public"));
        let first = state.lock(Path::new("/site/public")).unwrap();
        let second = std::fs::File::open(state.stem.with_extension("lock")).unwrap();
        assert!(matches!(second.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        assert!(second.try_lock().is_ok(), "released with its file");
        assert!(tmp.path().join(STATE_DIR).join(".gitignore").is_file());
    }
}
