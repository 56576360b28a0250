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

use crate::guard::lock;
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
pub use state::{create_dir as create_state_dir, STATE_DIR};
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
    /// Once set, the next write or keep ends the build (`stop_when`).
    stop: Option<Arc<std::sync::atomic::AtomicBool>>,
}

/// What a folder written in place held, and what this build produced of
/// it: the files it wrote, and the digests (`digest`) of the paths it kept
/// as they were. A save keeps tens of thousands of files: noting each costs
/// a hash, not a copy of its path.
#[derive(Debug, Default)]
struct InPlace {
    previous: Manifest,
    written: Mutex<Manifest>,
    kept: Mutex<KeptPaths>,
    /// Set by `keep_held`: what the folder held stays but what is `released`.
    held: Mutex<Option<Released>>,
}

/// Files a build keeping what the folder held (`Staging::keep_held`) may
/// have stopped making: each stays only if written or kept again.
#[derive(Debug, Default)]
struct Released {
    files: Vec<String>,
    folders: Vec<String>,
}

/// Digests of paths: already hashes, so the set takes them as they are.
type KeptPaths = std::collections::HashSet<u64, crate::digest::ByDigest>;

impl InPlace {
    fn new(previous: Manifest) -> InPlace {
        let kept = Mutex::new(KeptPaths::with_capacity_and_hasher(previous.len(), Default::default()));
        InPlace { previous, kept, ..InPlace::default() }
    }
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
        stop: None,
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
        stop: None,
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
    creating_folders(path, || std::fs::write(path, bytes))
}

/// `make` at `path`, its folders made first when it fails for want of
/// them (a written file's folder mostly exists: a check for each costs two
/// calls into the system).
fn creating_folders<T>(path: &Path, make: impl Fn() -> io::Result<T>) -> io::Result<T> {
    match make() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            make()
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
    /// Ends the build at its next write or keep once `stop` is set
    /// (`guard::stop_if`): every output passes through one of them.
    pub fn stop_when(&mut self, stop: Option<Arc<std::sync::atomic::AtomicBool>>) {
        self.stop = stop;
    }

    /// Writes `bytes` to `rel` (e.g. `reports/x/index.html`) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        crate::guard::stop_if(self.stop.as_deref());
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
        crate::guard::stop_if(self.stop.as_deref());
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

    /// From now on every file the in-place folder held stays as it is,
    /// unless `release`d, without being kept one by one: a save that
    /// rewrites a few outputs of tens of thousands touches only those.
    /// False (nothing changes) when the folder is not written in place or
    /// held nothing.
    pub fn keep_held(&self) -> bool {
        match &self.in_place {
            Some(at) if !at.previous.is_empty() => {
                lock(&at.held).get_or_insert_with(Released::default);
                true
            }
            _ => false,
        }
    }

    /// After `keep_held`: file `rel` (of an output made again) stays only
    /// if this build writes or keeps it.
    pub fn release(&self, rel: &str) {
        self.add_released(|r| r.files.push(rel.to_string()));
    }

    /// After `keep_held`: the files under folder `rel` (ending in `/`) stay
    /// only if this build writes or keeps them (their number may change).
    /// A folder the output does not have holds none: finding a folder's
    /// files looks at every file the output holds (~2 ms a save at 10,000
    /// reports), and most sites have no photos.
    pub fn release_folder(&self, rel: &str) {
        if self.in_place.is_some() && !self.dir.join(rel).is_dir() {
            return;
        }
        self.add_released(|r| r.folders.push(rel.to_string()));
    }

    fn add_released(&self, add: impl FnOnce(&mut Released)) {
        let Some(at) = &self.in_place else { return };
        if let Some(released) = lock(&at.held).as_mut() {
            add(released);
        }
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
        let mut held = at.previous;
        if let Some(released) = at.held.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return self.finish_held(held, now, &kept, released);
        }
        // Every file it held was kept or written again (a save): nothing to
        // remove, and the few written join the rest.
        let was_kept = |rel: &String| kept.contains(&digest(rel.as_bytes()));
        let rewritten = now.keys().filter(|rel| held.contains_key(*rel) && !was_kept(rel)).count();
        if kept.len() + rewritten == held.len() {
            held.extend(now);
            return Ok(held);
        }
        let mut gone = Vec::new();
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

    /// `finish_in_place` after `keep_held`: only released files neither
    /// written nor kept go.
    fn finish_held(
        &self,
        mut held: Manifest,
        now: Manifest,
        kept: &KeptPaths,
        released: Released,
    ) -> io::Result<Manifest> {
        let stays = |rel: &str| now.contains_key(rel) || kept.contains(&digest(rel.as_bytes()));
        let mut gone: Vec<String> = released.files.into_iter().filter(|rel| !stays(rel)).collect();
        if !released.folders.is_empty() {
            let under = |rel: &str| released.folders.iter().any(|f| rel.starts_with(f.as_str()));
            gone.extend(held.keys().filter(|rel| under(rel) && !stays(rel)).cloned());
        }
        for rel in gone {
            if held.remove(&rel).is_some() {
                let _ = std::fs::remove_file(self.dir.join(safe_rel(&rel)?));
            }
        }
        held.extend(now);
        Ok(held)
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
mod tests;
