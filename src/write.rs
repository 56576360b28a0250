//! Write stage: a build writes into a fresh staging folder beside the output
//! and swaps it in only when everything succeeded, so a failed or killed
//! build never leaves a half-written site behind.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The folder a build writes into before it becomes the output.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    /// Counts files as they are written, for a progress display.
    written: Arc<AtomicUsize>,
}

const TMP_MARK: &str = ".gongjian-tmp-";

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}{TMP_MARK}{tag}"))
}

/// Starts a build into a staging folder, removing what killed builds left.
/// `written` counts the files the build writes (the command line shows it on a terminal).
pub fn begin(output: &Path, written: Arc<AtomicUsize>) -> io::Result<Staging> {
    let output = absolute(output)?;
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)?;
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}{TMP_MARK}");
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = n.strip_prefix(&prefix) {
                // Leave a staging folder of a build that is still running alone.
                let alive = pid.split('-').next().and_then(|p| p.parse::<u32>().ok()).is_some_and(process_alive);
                if !alive {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }
    let dir = sibling(&output, &std::process::id().to_string());
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(Staging { dir, output, written })
}

fn process_alive(pid: u32) -> bool {
    pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// A site-relative output path, refused when it could leave the output folder.
pub fn safe_rel(rel: &str) -> io::Result<&Path> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel:?}"),
        ));
    }
    Ok(p)
}

impl Staging {
    /// Writes `bytes` to `rel` (e.g. `reports/x/index.html`) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(safe_rel(rel)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        std::fs::write(path, bytes)
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.dir.join(safe_rel(rel)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        std::fs::copy(from, path).map(|_| ())
    }

    /// Makes the staged site the output: the old output is moved aside, the
    /// new one renamed into place, then the old one removed.
    pub fn commit(self) -> io::Result<()> {
        let old = sibling(&self.output, &format!("{}-old", std::process::id()));
        let had_old = self.output.exists();
        if had_old {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_old {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws the staged files away; the previous output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
