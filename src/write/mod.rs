//! Write stage: a build writes into a fresh staging folder beside the output
//! and swaps it in only when everything succeeded, so a failed or killed
//! build never leaves a half-written site behind. Over an output it wrote
//! before, it stages only the files that changed and moves those in
//! (`update`).
//!
//! `serve` instead rebuilds into a folder that is not being served and knows
//! what it holds (`Manifest`): only files whose bytes changed are written and
//! files no longer produced are removed, so a save costs the files it changed.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod update;

/// What a folder written in place holds: site-relative path → hash of its bytes.
pub type Manifest = HashMap<String, u64>;

/// The folder a build writes into before it becomes the output.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    /// Counts files as they are written, for a progress display.
    written: Arc<AtomicUsize>,
    /// Set when writing in place: what the folder held, and what this build produced.
    in_place: Option<(Manifest, Mutex<Manifest>)>,
    /// A patch of a folder being served: how each file is replaced
    /// (nothing is removed).
    patch: Option<Replace>,
    /// A build over an output it wrote before: what that output holds.
    known: Option<update::Files>,
    /// What this build produced (for the output's manifest).
    produced: Mutex<update::Files>,
    /// Files a patch removed.
    removed: Mutex<Vec<String>>,
}

/// A file's fingerprint in the manifest. aHash with fixed seeds: every byte
/// a build writes goes through here, and SipHash took ~4% of a build's CPU.
/// A later version hashing differently only makes a rebuild rewrite files.
fn digest(bytes: &[u8]) -> u64 {
    ahash::RandomState::with_seeds(0x6761_6e67, 0x6a69_616e, 0x6d61_6e69, 0x6665_7374).hash_one(bytes)
}

/// Writes into `dir` in place, skipping files whose bytes `previous` says are
/// already there. With no manifest the folder is emptied first.
pub fn begin_in_place(dir: &Path, previous: Option<Manifest>, written: Arc<AtomicUsize>) -> io::Result<Staging> {
    let dir = absolute(dir)?;
    if previous.is_none() && dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(Staging {
        output: dir.clone(),
        dir,
        written,
        in_place: Some((previous.unwrap_or_default(), Mutex::new(Manifest::new()))),
        patch: None,
        known: None,
        produced: Mutex::default(),
        removed: Mutex::default(),
    })
}

/// How a patch replaces a file of a folder that is being served.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Replace {
    /// Written beside it, then renamed over it: a reader gets it whole, old or new.
    Rename,
    /// Written over it: no new file, which after many deletions costs up to
    /// a millisecond on ext4; whoever serves it keeps readers out meanwhile.
    Overwrite,
}

/// Rewrites some files of `dir` (an absolute path), a folder that may be
/// served meanwhile, replacing each as `replace` says. `manifest` is what
/// the folder holds; files whose bytes it already has are not written.
/// `finish_patch` hands the updated manifest back.
pub fn begin_patch(dir: &Path, manifest: Manifest, replace: Replace) -> Staging {
    Staging {
        output: dir.to_path_buf(),
        dir: dir.to_path_buf(),
        written: Arc::default(),
        in_place: Some((manifest, Mutex::new(Manifest::new()))),
        patch: Some(replace),
        known: None,
        produced: Mutex::default(),
        removed: Mutex::default(),
    }
}

const TMP_MARK: &str = ".gongjian-tmp-";

fn sibling(output: &Path, tag: &str) -> PathBuf {
    beside(output, &format!("{TMP_MARK}{tag}"))
}

/// `.public<suffix>` next to the output `public/`: hidden, and on the same
/// filesystem (renames between the two are atomic).
fn beside(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}{suffix}"))
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
                // Leave a staging folder of a build that is still running alone;
                // complete the update a killed one was moving in.
                let alive = pid.split('-').next().and_then(|p| p.parse::<u32>().ok()).is_some_and(process_alive);
                if !alive && !update::finish_interrupted(&e.path(), &output) {
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
    let known = if output.is_dir() { update::load(&output) } else { None };
    Ok(Staging {
        dir,
        output,
        written,
        in_place: None,
        patch: None,
        known,
        produced: Mutex::default(),
        removed: Mutex::default(),
    })
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

/// Writes a file, making its folders first if they are missing.
fn write_creating_dirs(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        }
        done => done,
    }
}

/// Writes over a file without first cutting it to nothing: ext4 starts
/// writing a file back to disk at once when it is truncated to zero or
/// renamed over (`auto_da_alloc`), which costs ~0.3 ms a file.
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = match std::fs::OpenOptions::new().write(true).open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return write_creating_dirs(path, bytes),
        f => f?,
    };
    io::Write::write_all(&mut f, bytes)?;
    f.set_len(bytes.len() as u64)
}

impl Staging {
    /// Writes `bytes` to `rel` (e.g. `reports/x/index.html`) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        crate::guard::test_panic(rel);
        let path = self.dir.join(safe_rel(rel)?);
        if self.in_place.is_none() {
            return self.stage(rel, &path, bytes);
        }
        if let Some((previous, produced)) = &self.in_place {
            let h = digest(bytes);
            produced.lock().expect("manifest").insert(rel.to_string(), h);
            if previous.get(rel) == Some(&h) {
                return Ok(());
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        match self.patch {
            Some(Replace::Rename) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let tmp = path.with_file_name(format!(".{name}{TMP_MARK}{}", std::process::id()));
                write_creating_dirs(&tmp, bytes)?;
                std::fs::rename(&tmp, &path)
            }
            Some(Replace::Overwrite) => overwrite(&path, bytes),
            None => write_creating_dirs(&path, bytes),
        }
    }

    /// A build's file: staged unless the output already has these bytes.
    fn stage(&self, rel: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let (hash, len) = (digest(bytes), bytes.len() as u64);
        self.written.fetch_add(1, Ordering::Relaxed);
        let known = self.known.as_ref().and_then(|k| update::unchanged(k, &self.output, rel, hash, len));
        let entry = match known {
            Some(e) => e,
            None => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut f = std::fs::File::create(path)?;
                std::io::Write::write_all(&mut f, bytes)?;
                update::Entry { hash, len, mtime: update::mtime(&f.metadata()?) }
            }
        };
        self.produced.lock().expect("manifest").insert(rel.to_string(), entry);
        Ok(())
    }

    /// How many files were written (not skipped as unchanged).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let _working_on = crate::guard::working_on(from);
        self.write(rel, &std::fs::read(from)?)
    }

    /// Makes the staged site the output. Over an output this tool wrote
    /// (its manifest matches), the changed files are moved in and the files
    /// no longer produced removed; otherwise the old output is moved aside,
    /// the new one renamed into place, then the old one removed. Then the
    /// output's manifest is written.
    pub fn commit(self) -> io::Result<()> {
        let produced = std::mem::take(&mut *self.produced.lock().expect("manifest"));
        match &self.known {
            Some(known) => {
                let gone: Vec<String> = known.keys().filter(|r| !produced.contains_key(*r)).cloned().collect();
                update::apply(&self.dir, &self.output, &gone)?;
            }
            None => self.swap()?,
        }
        update::save(&self.output, &produced)
    }

    fn swap(&self) -> io::Result<()> {
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

    /// Removes `rel` from the folder of a patch (a page no longer built), and
    /// the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(safe_rel(rel)?);
        if let Some((previous, _)) = &self.in_place {
            if !previous.contains_key(rel) {
                return Ok(());
            }
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        self.removed.lock().expect("removed").push(rel.to_string());
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    /// What the folder of a patch (`begin_patch`) holds now.
    pub fn finish_patch(self) -> Manifest {
        let (mut previous, produced) = self.in_place.expect("a patch writes in place");
        for rel in self.removed.into_inner().expect("removed") {
            previous.remove(&rel);
        }
        previous.extend(produced.into_inner().expect("manifest"));
        previous
    }

    /// Finishes an in-place build: removes files it no longer produced and
    /// returns what the folder now holds (for the next build of this folder).
    pub fn finish_in_place(self) -> io::Result<Manifest> {
        let Some((previous, produced)) = self.in_place else {
            return Err(io::Error::other("not an in-place build"));
        };
        let produced = produced.into_inner().expect("manifest");
        for rel in previous.keys().filter(|r| !produced.contains_key(*r)) {
            let _ = std::fs::remove_file(self.dir.join(safe_rel(rel)?));
        }
        Ok(produced)
    }

    /// Throws the staged files away; the previous output stays as it was.
    /// (An in-place folder is left as it is; without its manifest the next
    /// build there starts afresh.)
    pub fn abort(self) {
        if self.in_place.is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mtime(p: &Path) -> std::time::SystemTime {
        std::fs::metadata(p).unwrap().modified().unwrap()
    }

    #[test]
    fn in_place_writes_only_what_changed_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("slot");
        let s = begin_in_place(&dir, None, Arc::default()).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b/index.html", b"two").unwrap();
        let m = s.finish_in_place().unwrap();
        let a_time = mtime(&dir.join("a/index.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = begin_in_place(&dir, Some(m), Arc::default()).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("c/index.html", b"three").unwrap();
        let m = s.finish_in_place().unwrap();
        assert_eq!(mtime(&dir.join("a/index.html")), a_time, "unchanged file is not rewritten");
        assert!(!dir.join("b/index.html").exists(), "a file no longer produced is removed");
        assert_eq!(std::fs::read(dir.join("c/index.html")).unwrap(), b"three");
        assert_eq!(m.len(), 2);
    }

    #[cfg(unix)]
    fn build(out: &Path, files: &[(&str, &str)]) {
        let s = begin(out, Arc::default()).unwrap();
        for (rel, text) in files {
            s.write(rel, text.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_moves_in_only_what_changed_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "一"), ("b/index.html", "二"), ("c/index.html", "三")]);
        let (a, b) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")));
        build(&out, &[("a/index.html", "一"), ("b/index.html", "二改"), ("d/index.html", "四")]);
        assert_eq!(inode(&out.join("a/index.html")), a, "an unchanged file is left as it was");
        assert_ne!(inode(&out.join("b/index.html")), b, "a changed file is replaced");
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二改");
        assert_eq!(std::fs::read_to_string(out.join("d/index.html")).unwrap(), "四");
        assert!(!out.join("c").exists(), "a page no longer built is removed, folder and all");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 2, "only the output and its manifest: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_put_into_the_output_by_hand_means_a_whole_new_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "一")]);
        std::fs::write(out.join("stray.txt"), "手放的").unwrap();
        let a = inode(&out.join("a/index.html"));
        build(&out, &[("a/index.html", "一")]);
        assert!(!out.join("stray.txt").exists(), "the output is exactly what the build wrote");
        assert_ne!(inode(&out.join("a/index.html")), a, "so it was swapped in whole");
        // A file edited by hand (same length, new time) is written again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a/index.html"), "二").unwrap();
        build(&out, &[("a/index.html", "一")]);
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
    }

    #[cfg(unix)]
    #[test]
    fn an_update_killed_while_moving_files_in_is_completed_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "一"), ("b/index.html", "二")]);
        // What a killed build leaves: a journal, one move done, one not, a removal pending.
        let dead = sibling(&out, "999999999");
        std::fs::create_dir_all(dead.join("c")).unwrap();
        std::fs::write(dead.join("c/index.html"), "三").unwrap();
        std::fs::write(out.join("a/index.html"), "一改").unwrap();
        std::fs::write(dead.join(".gongjian-journal"), "move a/index.html\nmove c/index.html\nremove b/index.html\n")
            .unwrap();
        let s = begin(&out, Arc::default()).unwrap();
        assert!(!dead.exists(), "the killed build's folder is gone");
        assert_eq!(std::fs::read_to_string(out.join("c/index.html")).unwrap(), "三");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一改");
        assert!(!out.join("b").exists());
        s.abort();
    }

    #[test]
    fn paths_cannot_leave_the_output() {
        for bad in ["../x", "/etc/passwd", "a/../../x", ""] {
            assert!(safe_rel(bad).is_err(), "{bad:?}");
        }
        assert!(safe_rel("reports/a/index.html").is_ok());
    }
}
