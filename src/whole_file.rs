//! Files written whole or not at all: written beside their place under a
//! name of this process, then renamed over it. A build stopped midway
//! leaves the last complete file in place, and two builds of one site at
//! once never write into each other's half file.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Writes `path` through `write`, replacing what was there only once all
/// of it is written. On an error the half file is removed.
pub fn replace(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>) -> std::io::Result<()> {
    let half = beside(path);
    let written = File::create(&half).and_then(|file| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error()).map(drop)
    });
    let placed = written.and_then(|()| std::fs::rename(&half, path));
    if placed.is_err() {
        let _ = std::fs::remove_file(&half);
    }
    placed
}

/// Where this process writes `path` before renaming it into place
/// (`<name>.half-<pid>`).
fn beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{name}.half-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_failed_write_keeps_the_last_file_and_leaves_no_half() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.values");
        replace(&path, |w| w.write_all(b"first")).unwrap();
        let failed = replace(&path, |w| {
            w.write_all(b"second, cut short")?;
            Err(std::io::ErrorKind::Interrupted.into())
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["kept.values"]);
        replace(&path, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
    }
}
