//! Write stage. A build writes into a standby copy of the output and swaps
//! it in whole (`standby`, `swap`) only when everything succeeded, so a
//! failed or killed build never leaves a half-written or mixed site behind,
//! and a rebuild writes only the files whose bytes changed. Files in the
//! output it did not write (`.git`, `CNAME`) are kept. One build at a time
//! writes an output: the lock and the manifests live in `<root>/.gongjian/`
//! (`state`).
//!
//! `serve` instead rebuilds into a folder that is not being served and knows
//! what it holds (`Manifest`): only files whose bytes changed are written and
//! files no longer produced are removed, so a save costs the files it changed.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod standby;
mod state;
mod swap;
mod update;
mod users;

pub use standby::begin;
pub use state::STATE_DIR;
pub use update::mtime as mtime_of;

/// What a folder written in place holds: site-relative path → hash of its
/// bytes (aHash: a save looks up every file the site has).
pub type Manifest = HashMap<String, u64, ahash::RandomState>;

/// The folder a build writes into before it becomes the output.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    /// Counts files as they are written, for a progress display.
    written: Arc<AtomicUsize>,
    /// Set when writing in place: what the folder held, and what this build produced.
    in_place: Option<InPlace>,
    /// A patch of a folder being served: how each file is replaced
    /// (nothing is removed).
    patch: Option<Replace>,
    /// What this build produced (for the output's manifest).
    produced: Mutex<update::Files>,
    /// Files a patch removed.
    removed: Mutex<Vec<String>>,
    /// A build into the user's output (through its standby folder).
    build: Option<standby::Build>,
}

/// What a folder written in place held, and what this build produced of
/// it: the files it wrote, and the digests (`digest`) of the paths it kept
/// as they were. A save keeps tens of thousands of files: noting each costs
/// a hash, not a copy of its path.
#[derive(Debug, Default)]
struct InPlace {
    previous: Manifest,
    written: Mutex<Manifest>,
    kept: Mutex<std::collections::HashSet<u64>>,
}

impl InPlace {
    fn new(previous: Manifest) -> InPlace {
        let kept = Mutex::new(std::collections::HashSet::with_capacity(previous.len()));
        InPlace { previous, kept, ..InPlace::default() }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
        in_place: Some(InPlace::new(previous.unwrap_or_default())),
        patch: None,
        produced: Mutex::default(),
        removed: Mutex::default(),
        build: None,
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
        in_place: Some(InPlace::new(manifest)),
        patch: Some(replace),
        produced: Mutex::default(),
        removed: Mutex::default(),
        build: None,
    }
}

/// `p` as one absolute spelling: `.` and `..` resolved, symbolic links in
/// the part that exists followed, so two spellings of one folder compare
/// equal (and share one lock and manifest).
pub fn resolved(p: &Path) -> PathBuf {
    let mut abs = PathBuf::new();
    for c in absolute(p).unwrap_or_else(|_| p.to_path_buf()).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                abs.pop();
            }
            c => abs.push(c),
        }
    }
    let mut missing = Vec::new();
    let mut existing = abs.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return missing.iter().rev().fold(real, |p: PathBuf, n| p.join(n));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(up), Some(name)) => {
                missing.push(name.to_os_string());
                existing = up;
            }
            _ => return abs,
        }
    }
}

/// Entries of `output` (an absolute path) no build recorded writing, when no
/// build of this site (state in `state_dir`) wrote there before: not
/// dotfiles, not `CNAME` (kept by every build). Empty when a manifest exists
/// (a build knows what it wrote, and keeps the rest).
pub fn foreign_files(state_dir: &Path, output: &Path) -> Vec<String> {
    let state = state::State::new(state_dir, output);
    // Whether a manifest exists is enough; reading one of a large site takes a while.
    if [state.manifest(), state.pending_manifest(), update::legacy_manifest(output)].iter().any(|p| p.is_file()) {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(output) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "CNAME")
        .collect();
    names.sort();
    names
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
            crate::messages::output::Output::OutsideOutput { rel: rel.to_string() }.to_string(),
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
        if let Some(build) = &self.build {
            return self.stage(build, rel, &path, bytes);
        }
        if let Some(at) = &self.in_place {
            let h = digest(bytes);
            lock(&at.written).insert(rel.to_string(), h);
            if at.previous.get(rel) == Some(&h) {
                return Ok(());
            }
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        match self.patch {
            Some(Replace::Rename) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let tmp = path.with_file_name(format!(".{name}{}{}", swap::TMP_MARK, std::process::id()));
                write_creating_dirs(&tmp, bytes)?;
                std::fs::rename(&tmp, &path)
            }
            Some(Replace::Overwrite) => overwrite(&path, bytes),
            None => write_creating_dirs(&path, bytes),
        }
    }

    /// Keeps `rel` as the output holds it: a page the build did not render
    /// again because nothing it read changed. False when the output does
    /// not hold it as last written (the page must then be rendered).
    pub fn keep(&self, rel: &str) -> bool {
        crate::guard::test_panic(rel);
        if let Some(build) = &self.build {
            return self.keep_staged(build, rel);
        }
        let Some(at) = &self.in_place else { return false };
        if !at.previous.contains_key(rel) {
            return false;
        }
        lock(&at.kept).insert(digest(rel.as_bytes()));
        true
    }

    /// The folder this build's files end up in (the output, not its standby).
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// How many files were written (not skipped as unchanged).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let _working_on = crate::guard::working_on(from);
        self.write(rel, &std::fs::read(from)?)
    }

    /// Removes `rel` from the folder of a patch (a page no longer built), and
    /// the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(safe_rel(rel)?);
        if let Some(at) = &self.in_place {
            if !at.previous.contains_key(rel) {
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
    pub fn finish_patch(mut self) -> Manifest {
        let at = self.in_place.take().expect("a patch writes in place");
        let mut previous = at.previous;
        for rel in std::mem::take(&mut *self.removed.lock().expect("removed")) {
            previous.remove(&rel);
        }
        previous.extend(at.written.into_inner().unwrap_or_else(|e| e.into_inner()));
        previous
    }

    /// Finishes an in-place build: removes files it no longer produced and
    /// returns what the folder now holds (for the next build of this folder).
    pub fn finish_in_place(mut self) -> io::Result<Manifest> {
        let Some(at) = self.in_place.take() else {
            return Err(io::Error::other(crate::messages::output::Output::NotInPlace.to_string()));
        };
        let (mut now, kept) = (std::mem::take(&mut *lock(&at.written)), std::mem::take(&mut *lock(&at.kept)));
        let mut gone = Vec::new();
        let mut held = at.previous;
        // Files kept as they were stay in the manifest without being copied.
        held.retain(|rel, _| match now.contains_key(rel) {
            true => false,
            false if kept.contains(&digest(rel.as_bytes())) => true,
            false => {
                gone.push(rel.clone());
                false
            }
        });
        for rel in gone {
            let _ = std::fs::remove_file(self.dir.join(safe_rel(&rel)?));
        }
        now.extend(held);
        Ok(now)
    }

    /// Throws the staged files away; the previous output stays as it was.
    /// (An in-place folder is left as it is; without its manifest the next
    /// build there starts afresh.)
    pub fn abort(self) {}
}

/// A standby folder not swapped in (a failed build, a panic) is kept, with
/// a manifest of what it now holds, for the next build to bring up to date.
impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(build) = &self.build {
            build.forget(&self.dir, &self.produced);
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

    #[test]
    fn in_place_files_kept_stay_in_the_manifest_and_the_others_go() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("slot");
        let s = begin_in_place(&dir, None, Arc::default()).unwrap();
        for rel in ["a/index.html", "b/index.html", "c/index.html"] {
            s.write(rel, rel.as_bytes()).unwrap();
        }
        let m = s.finish_in_place().unwrap();
        let s = begin_in_place(&dir, Some(m.clone()), Arc::default()).unwrap();
        assert!(s.keep("a/index.html"));
        assert!(!s.keep("d/index.html"), "a file the folder does not hold cannot be kept");
        s.write("b/index.html", b"new").unwrap();
        let now = s.finish_in_place().unwrap();
        assert_eq!(now.get("a/index.html"), m.get("a/index.html"), "kept as it was");
        assert_ne!(now.get("b/index.html"), m.get("b/index.html"), "written again");
        assert_eq!(now.len(), 2);
        assert!(dir.join("a/index.html").exists());
        assert!(!dir.join("c/index.html").exists(), "neither kept nor written: removed");
    }

    #[cfg(unix)]
    fn build(out: &Path, files: &[(&str, &str)]) {
        let state = out.parent().unwrap().join("site").join(STATE_DIR);
        let s = begin(&state, out, Arc::default()).unwrap();
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
    fn a_rebuild_links_what_is_unchanged_and_drops_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "一"), ("b/index.html", "二"), ("c/index.html", "三")]);
        let (a, b) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")));
        build(&out, &[("a/index.html", "一"), ("b/index.html", "二改"), ("d/index.html", "四")]);
        assert_eq!(inode(&out.join("a/index.html")), a, "an unchanged file is the same file");
        assert_ne!(inode(&out.join("b/index.html")), b, "a changed file is replaced");
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "二改");
        assert_eq!(std::fs::read_to_string(out.join("d/index.html")).unwrap(), "四");
        assert!(!out.join("c").exists(), "a page no longer built is removed, folder and all");
        let mut left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        left.sort();
        assert_eq!(left, ["public", "site"], "only the output beside it, the state in the site");
    }

    #[cfg(unix)]
    #[test]
    fn files_gongjian_did_not_write_are_kept_and_its_own_edited_ones_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join(".git/refs/heads")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(out.join("CNAME"), "example.gov.cn\n").unwrap();
        build(&out, &[("a/index.html", "一")]);
        std::fs::write(out.join("a/stray.txt"), "手放的").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a/index.html"), "二").unwrap();
        build(&out, &[("a/index.html", "一")]);
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
        assert_eq!(std::fs::read_to_string(out.join("a/stray.txt")).unwrap(), "手放的");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "example.gov.cn\n");
        assert!(out.join(".git/HEAD").is_file() && out.join(".git/refs/heads").is_dir(), "empty folders too");
    }

    /// Every file and folder under `root`, sorted ("a/", "a/b.txt").
    #[cfg(unix)]
    fn tree(root: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
                if e.file_type().is_dir() {
                    format!("{rel}/")
                } else {
                    rel
                }
            })
            .collect();
        found.sort();
        found
    }

    #[cfg(unix)]
    #[test]
    fn the_users_files_stay_while_they_are_in_the_output_and_go_when_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = [("a/index.html", "一"), ("b/index.html", "二")];
        build(&out, &site);
        std::fs::create_dir_all(out.join(".git/refs")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref\n").unwrap();
        std::fs::write(out.join("b/notes.txt"), "手放的").unwrap();
        let with_users =
            ["a/", "a/index.html", "b/", "b/index.html", "b/notes.txt", ".git/", ".git/HEAD", ".git/refs/"];
        let mut expected: Vec<String> = with_users.iter().map(|s| s.to_string()).collect();
        expected.sort();
        // Builds alternate between the two folders: each must end up with them.
        for _ in 0..3 {
            build(&out, &site);
            assert_eq!(tree(&out), expected);
        }
        std::fs::remove_dir_all(out.join(".git/refs")).unwrap();
        std::fs::write(out.join("c.txt"), "后放的").unwrap();
        std::fs::remove_file(out.join("b/notes.txt")).unwrap();
        let mut expected: Vec<String> = ["a/", "a/index.html", "b/", "b/index.html", ".git/", ".git/HEAD", "c.txt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        expected.sort();
        for _ in 0..3 {
            build(&out, &site);
            assert_eq!(tree(&out), expected);
        }
        // A site folder no longer built that held a user's file: gone with it.
        build(&out, &site[..1]);
        std::fs::write(out.join("a/notes.txt"), "又一个").unwrap();
        for _ in 0..2 {
            build(&out, &site[..1]);
        }
        std::fs::remove_file(out.join("a/notes.txt")).unwrap();
        for _ in 0..3 {
            build(&out, &site[..1]);
            assert_eq!(tree(&out), [".git/", ".git/HEAD", "a/", "a/index.html", "c.txt"]);
        }
    }

    /// A build of `files` that keeps the output when it is already that
    /// site; whether it did.
    #[cfg(unix)]
    fn build_or_keep(out: &Path, files: &[(&str, &str)]) -> bool {
        let state = out.parent().unwrap().join("site").join(STATE_DIR);
        let s = begin(&state, out, Arc::default()).unwrap();
        for (rel, text) in files {
            if !s.keep(rel) {
                s.write(rel, text.as_bytes()).unwrap();
            }
        }
        let unchanged = s.output_unchanged();
        if unchanged { s.keep_output() } else { s.commit() }.unwrap();
        unchanged
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_already_is_the_site_is_kept_without_a_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = [("a/index.html", "一"), ("b/index.html", "二")];
        assert!(!build_or_keep(&out, &site), "a first build swaps");
        std::fs::write(out.join("notes.txt"), "手放的").unwrap();
        let a = inode(&out.join("a/index.html"));
        assert!(build_or_keep(&out, &site), "nothing changed: kept");
        assert_eq!(inode(&out.join("a/index.html")), a);
        assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
        // A page edited by hand in the output, a page more, a page less: swapped.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a/index.html"), "改").unwrap();
        assert!(!build_or_keep(&out, &site));
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
        assert!(!build_or_keep(&out, &[site[0], site[1], ("c/index.html", "三")]));
        assert!(!build_or_keep(&out, &site));
        assert_eq!(tree(&out), ["a/", "a/index.html", "b/", "b/index.html", "notes.txt"]);
        // The standby kept meanwhile still becomes a right output.
        assert!(build_or_keep(&out, &site));
        assert!(!build_or_keep(&out, &site[..1]));
        assert_eq!(tree(&out), ["a/", "a/index.html", "notes.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_staged_twice_never_writes_through_to_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("atom.xml", "旧")]);
        let s = begin(&tmp.path().join("site").join(STATE_DIR), &out, Arc::default()).unwrap();
        s.write("atom.xml", "旧".as_bytes()).unwrap();
        s.write("atom.xml", "新".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("atom.xml")).unwrap(), "旧", "the live output is untouched");
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("atom.xml")).unwrap(), "新");
    }

    #[cfg(unix)]
    #[test]
    fn a_kept_file_the_site_also_builds_alike_is_no_conflict() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("CNAME"), "a.example\n").unwrap();
        build(&out, &[("CNAME", "a.example\n"), ("index.html", "一")]);
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "a.example\n");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_with_a_manifest_beside_it_from_an_earlier_version_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/index.html"), "旧页").unwrap();
        let entry = update::Entry { hash: 1, len: 6, mtime: 0 };
        let legacy = update::legacy_manifest(&out);
        update::save(&legacy, &out, &[("old/index.html".to_string(), entry)].into_iter().collect()).unwrap();
        assert!(foreign_files(&tmp.path().join("site").join(STATE_DIR), &out).is_empty(), "not refused");
        build(&out, &[("index.html", "新")]);
        assert!(!legacy.exists(), "nothing is left beside the output");
        assert!(!out.join("old").exists(), "a page the earlier version wrote is removed");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "新");
    }

    #[cfg(unix)]
    #[test]
    fn what_a_killed_build_left_is_removed_and_the_output_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "一")]);
        let dead = swap::beside(&out, &format!("{}999999999", swap::TMP_MARK));
        std::fs::create_dir_all(dead.join("b")).unwrap();
        std::fs::write(dead.join("b/index.html"), "半").unwrap();
        build(&out, &[("a/index.html", "一")]);
        assert!(!dead.exists(), "the killed build's folder is gone");
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "一");
        assert!(!out.join("b").exists());
    }

    #[test]
    fn paths_cannot_leave_the_output() {
        for bad in ["../x", "/etc/passwd", "a/../../x", ""] {
            assert!(safe_rel(bad).is_err(), "{bad:?}");
        }
        assert!(safe_rel("reports/a/index.html").is_ok());
    }
}
