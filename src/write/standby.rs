//! A build into the user's output folder, double-buffered: beside the live
//! output a standby folder holds the site as the build before last wrote
//! it. A build brings the standby up to date in place — writes the files
//! whose bytes changed, removes pages no longer built, keeps what the user
//! put into the output — and then swaps the two folders (`swap`). So the
//! output changes in one step, and a rebuild costs the files that changed:
//! whole trees are never created or deleted (on ext4 that costs minutes
//! after a large site). Files unchanged since the live output are staged as
//! hard links to it, so the two folders share their bytes.
//!
//! Every skipped file is checked against its manifest entry (length and
//! modification time); the standby's manifest is set aside while it is
//! being changed, so after a kill the next build starts it afresh.

use crate::guard::lock;
use crate::messages::output::Output;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::state::State;
use super::update::{self, Entry, Files};
use super::users::{self, Entries};
use super::{digest, resolved, swap, Staging};

/// What a build into the user's output knows and holds.
#[derive(Debug)]
pub struct Build {
    state: State,
    _lock: std::fs::File,
    /// What the live output holds, by its manifest.
    live: Option<Files>,
    /// What the standby held when the build began.
    standby: Files,
    /// The user's files and folders the standby holds, when known (else
    /// its tree is read to find them).
    standby_users: Option<Entries>,
    /// When the live output was swapped in, if known (`users::find_since`).
    live_since: Option<users::Since>,
    /// Set once a staged file is not, byte for byte, the live output's
    /// untouched file: the output then changes (`output_unchanged`).
    differs: AtomicBool,
    /// Set once the build changed the standby folder (wrote, linked or
    /// removed a file there): its held manifests (`State::held`) no longer
    /// describe it.
    touched: AtomicBool,
    /// Files kept as the live output holds them before any file differed,
    /// staged only if the standby is swapped in (`commit`): a build that
    /// keeps the live output need not look at the standby's copies.
    kept_live: Mutex<Files>,
    /// In a standby that began empty, the folders this build made in it:
    /// every other folder is missing, so a file's folder is made before the
    /// file, not after a first try fails (~20,000 failed calls into the
    /// system in a first build of 10,000 reports). None: folders mostly
    /// exist, and are made only when a file cannot be.
    made_folders: Option<Mutex<ahash::AHashSet<String>>>,
    committed: bool,
}

impl Build {
    /// `make` at `path` (the standby's `rel`), its folder made when missing:
    /// first where the standby began empty (`made_folders`), else once
    /// `make` fails for want of it.
    fn making<T>(&self, rel: &str, path: &Path, make: impl Fn() -> io::Result<T>) -> io::Result<T> {
        let (Some(made), Some((folder, _)), Some(parent)) = (&self.made_folders, rel.rsplit_once('/'), path.parent())
        else {
            return super::creating_folders(path, make);
        };
        if !lock(made).contains(folder) {
            std::fs::create_dir_all(parent)?;
            lock(made).insert(folder.to_string());
        }
        make()
    }
}

/// Starts a build of `output`: takes its lock in `state_dir` (the site's
/// `.gongjian/`), puts right what a killed build left, and readies the
/// standby folder. `written` counts the files the build writes.
pub fn begin(state_dir: &Path, output: &Path, written: Arc<AtomicUsize>) -> io::Result<Staging> {
    let output = resolved(output);
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let state = State::new(state_dir, &output);
    let lock = state.lock(&output).map_err(|e| {
        io::Error::new(
            e.kind(),
            Output::CannotLock { path: state.lock_path().display().to_string(), why: e.to_string() }.to_string(),
        )
    })?;
    swap::recover(&output)?;
    let dir = state.standby_dir(&output);
    // The two manifests (~22,000 lines each at 10,000 reports) read side by side.
    let (live, standby) = rayon::join(
        || if output.is_dir() { update::load(&state, &output) } else { None },
        // Trusted only if it was left complete; set aside while the build changes the folder.
        || if dir.is_dir() { update::read(&state.standby_manifest()) } else { None },
    );
    let known_users = standby.as_ref().and_then(|_| users::read(&state.users_manifest(), &state.standby_manifest()));
    let (known_users, live_since) = known_users.map_or((None, None), |(users, since)| (Some(users), since));
    for (path, held) in state.held() {
        let _ = std::fs::remove_file(&held);
        if path.exists() && std::fs::rename(&path, &held).is_err() {
            let _ = std::fs::remove_file(&path);
        }
    }
    let touched = AtomicBool::new(standby.is_none());
    let made_folders = standby.is_none().then(Mutex::default);
    let (standby, standby_users) = match standby {
        Some(files) => (files, known_users),
        None => {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            (Files::default(), Some(Entries::new()))
        }
    };
    std::fs::create_dir_all(&dir)?;
    let differs = AtomicBool::new(live.is_none());
    let kept_live = Mutex::default();
    // Most of a site is what the live output holds: sized for it at once.
    let produced = Files::with_capacity_and_hasher(live.as_ref().map_or(0, |l| l.len()), Default::default());
    let build = Build {
        state,
        _lock: lock,
        live,
        standby,
        standby_users,
        live_since,
        differs,
        touched,
        kept_live,
        made_folders,
        committed: false,
    };
    Ok(Staging {
        dir,
        output,
        written,
        in_place: None,
        patch: None,
        produced: Mutex::new(produced),
        removed: Mutex::default(),
        build: Some(build),
        stop: None,
    })
}

impl Staging {
    /// A build's file in the standby: left alone when it has these bytes
    /// already, a hard link to the live output's when that has them, else
    /// written as a new file (never through a link into the live output).
    pub(super) fn stage(&self, build: &Build, rel: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let (hash, len) = (digest(bytes), bytes.len() as u64);
        self.written.fetch_add(1, Ordering::Relaxed);
        let in_live = || build.live.as_ref().and_then(|k| update::unchanged(k, &self.output, rel, hash, len));
        let entry = if let Some(e) = update::unchanged(&build.standby, &self.dir, rel, hash, len) {
            // Once the output is known to change, the live file need not be looked at.
            if !build.differs.load(Ordering::Relaxed) && in_live().is_none() {
                build.differs.store(true, Ordering::Relaxed);
            }
            e
        } else {
            build.touched.store(true, Ordering::Relaxed);
            // The standby's file is replaced, never written through (it may be
            // a link into the live output); its folder is there unless new.
            if build.standby.contains_key(rel) {
                let _ = std::fs::remove_file(path);
            }
            let live = in_live();
            if live.is_none() {
                build.differs.store(true, Ordering::Relaxed);
            }
            match live {
                Some(e) if build.making(rel, path, || update::link_or_copy(&self.output.join(rel), path)).is_ok() => e,
                _ => {
                    let mut f = build.making(rel, path, || update::create_fresh(path))?;
                    std::io::Write::write_all(&mut f, bytes)?;
                    Entry { hash, len, mtime: update::mtime(&f.metadata()?) }
                }
            }
        };
        self.produced.lock().expect("manifest").insert(rel.to_string(), entry);
        Ok(())
    }

    /// `keep` for a build: the live output's file, untouched since it was
    /// written, kept; staged in the standby at once when the output is known
    /// to change, else by `commit` if the standby is swapped in after all.
    pub(super) fn keep_staged(&self, build: &Build, rel: &str) -> bool {
        let Some(live) = build.live.as_ref() else { return false };
        let Some(&listed) = live.get(rel) else { return false };
        // Once the output is known to change, the standby is swapped in: a
        // standby file with the bytes the live one was written with, untouched
        // since, is what the output will hold, and the live one need not be
        // looked at (a stat less for each of the ~20,000 files a build keeps).
        let changes = build.differs.load(Ordering::Relaxed);
        let staged = changes.then(|| update::unchanged(&build.standby, &self.dir, rel, listed.hash, listed.len));
        if let Some(staged) = staged.flatten() {
            self.produced.lock().expect("manifest").insert(rel.to_string(), staged);
            return true;
        }
        let Some((e, linked)) = update::unchanged_linked(live, &self.output, rel, listed.hash, listed.len) else {
            return false;
        };
        if changes {
            let Ok(staged) = self.link_kept(build, rel, e) else { return false };
            self.produced.lock().expect("manifest").insert(rel.to_string(), staged);
            return true;
        }
        // A standby file listed as the live one is (same bytes, length and
        // time to the nanosecond), while the live one has a second name, is
        // the hard link a build made to it: the check of the live file just
        // made is the check of that one too, so it is staged as it stands (a
        // stat less for each of the ~10,000 files a build keeps before its
        // output is known to change). One removed by hand leaves the live
        // file a single name, and is staged again (`stage_all_kept`).
        if linked && e.mtime != 0 && build.standby.get(rel) == Some(&e) {
            self.produced.lock().expect("manifest").insert(rel.to_string(), e);
            return true;
        }
        lock(&build.kept_live).insert(rel.to_string(), e);
        true
    }

    /// The live output's file `rel` (as `e`) in the standby: already
    /// there, or a hard link to it (a copy where there are none).
    fn stage_kept(&self, build: &Build, rel: &str, e: Entry) -> io::Result<Entry> {
        if let Some(staged) = update::unchanged(&build.standby, &self.dir, rel, e.hash, e.len) {
            return Ok(staged);
        }
        self.link_kept(build, rel, e)
    }

    /// A hard link in the standby to the live output's file `rel` (as `e`).
    fn link_kept(&self, build: &Build, rel: &str, e: Entry) -> io::Result<Entry> {
        build.touched.store(true, Ordering::Relaxed);
        let path = self.dir.join(super::safe_rel(rel)?);
        if build.standby.contains_key(rel) {
            let _ = std::fs::remove_file(&path);
        }
        build.making(rel, &path, || update::link_or_copy(&self.output.join(rel), &path))?;
        Ok(e)
    }

    /// Every file kept as the live output holds it, staged (side by side).
    fn stage_all_kept(&self, build: &Build, produced: &mut Files) -> io::Result<()> {
        use rayon::prelude::*;
        let kept: Vec<(String, Entry)> = std::mem::take(&mut *lock(&build.kept_live)).into_iter().collect();
        let staged: Vec<io::Result<Entry>> = kept.par_iter().map(|(rel, e)| self.stage_kept(build, rel, *e)).collect();
        let mut failed = Ok(());
        for ((rel, _), e) in kept.into_iter().zip(staged) {
            match e {
                Ok(e) => drop(produced.insert(rel, e)),
                Err(e) => failed = Err(e),
            }
        }
        failed
    }

    /// Whether the live output already is this build's site: every file the
    /// build produced is the live output's, untouched since it was written,
    /// and it holds no other file of an earlier build. Nothing need be
    /// swapped then (`keep_output`).
    pub fn output_unchanged(&self) -> bool {
        let Some(build) = &self.build else { return false };
        let Some(live) = &build.live else { return false };
        // A build killed while swapping, or one of an earlier version, left lists to merge.
        let state = &build.state;
        let leftovers = [state.pending_manifest(), update::legacy_manifest(&self.output)].iter().any(|p| p.exists());
        let produced = self.produced.lock().expect("manifest");
        let kept = lock(&build.kept_live);
        let count = produced.len() + kept.keys().filter(|rel| !produced.contains_key(*rel)).count();
        // Each file was checked against the live one: equal counts are equal sets.
        !leftovers && !build.differs.load(Ordering::Relaxed) && count == live.len()
    }

    /// Ends a build whose site the live output already is (`output_unchanged`)
    /// without a swap: the live output and its manifest stay as they are, the
    /// standby keeps what it holds with a manifest saying so.
    pub fn keep_output(mut self) -> io::Result<()> {
        let Some(build) = self.build.as_mut() else { return Err(io::Error::other(Output::NotABuild.to_string())) };
        let state = &build.state;
        // The standby as the build found it: its manifests, set aside, are put back.
        let [manifest, users] = state.held();
        if !build.touched.load(Ordering::Relaxed) && std::fs::rename(&manifest.1, &manifest.0).is_ok() {
            build.committed = true;
            // A rename keeps the manifest's length and time, which the record of the user's files names.
            return if users.1.exists() { std::fs::rename(&users.1, &users.0) } else { Ok(()) };
        }
        let produced = self.produced.lock().expect("manifest");
        let mut files = build.standby.clone();
        files.extend(produced.iter().map(|(rel, e)| (rel.clone(), *e)));
        update::save(&state.standby_manifest(), &self.dir, &files)?;
        build.committed = true;
        // The user's entries the standby holds are as they were, unless a
        // file of the site was staged where one of them lay.
        match build.standby_users.take() {
            Some(users) if !users.keys().any(|rel| produced.contains_key(rel)) => {
                users::save(&state.users_manifest(), &users, &state.standby_manifest(), build.live_since)
            }
            _ => Ok(()),
        }
    }

    /// Makes the standby the output: removes what it holds that this build
    /// did not produce, carries over what the user keeps in the output,
    /// records its manifest as pending, swaps the folders, then makes the
    /// manifests current (the old output is the next build's standby).
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(build) = &self.build {
            // Into `produced` as they are staged: a failed build's standby manifest names them.
            self.stage_all_kept(build, &mut self.produced.lock().expect("manifest"))?;
        }
        let Some(build) = self.build.as_mut() else { return Err(io::Error::other(Output::NotABuild.to_string())) };
        let produced = std::mem::take(&mut *self.produced.lock().expect("manifest"));
        for rel in build.standby.keys().filter(|r| !produced.contains_key(*r)) {
            remove_with_empty_parents(&self.dir, rel, false);
        }
        let mut kept = None;
        if self.output.is_dir() {
            let live = build.live.take().unwrap_or_default();
            let known = build.standby_users.take();
            kept = Some(users::keep(&self.output, &self.dir, &live, &produced, known, build.live_since)?);
        }
        let state = &build.state;
        update::save(&state.pending_manifest(), &self.output, &produced)?;
        // Written after every change to the standby: its folders changed later were changed by others.
        let since = users::since(&state.pending_manifest(), &self.dir);
        let old = [state.manifest(), update::legacy_manifest(&self.output)].into_iter().find(|p| p.is_file());
        let had_output = self.output.exists();
        swap::swap_in(&self.dir, &self.output)?;
        build.committed = true;
        match old {
            Some(old) if had_output => std::fs::rename(old, state.standby_manifest())?,
            _ => {}
        }
        std::fs::rename(state.pending_manifest(), state.manifest())?;
        // Both folders now hold the user's files the old output held: the
        // next build need not read its standby's tree to find them.
        match kept {
            Some(kept) if had_output => users::save(&state.users_manifest(), &kept, &state.standby_manifest(), since),
            _ => Ok(()),
        }
    }
}

impl Build {
    /// A build that did not swap (failed, panicked): the standby holds what
    /// it held plus what this build wrote, so its manifest says so.
    pub fn forget(&self, staging_dir: &Path, produced: &Mutex<Files>) {
        if self.committed {
            return;
        }
        let mut files = self.standby.clone();
        files.extend(lock(produced).drain());
        let _ = update::save(&self.state.standby_manifest(), staging_dir, &files);
    }
}

/// Removes `rel` (a file, or a folder when `is_dir`) and the folders it leaves empty.
pub(super) fn remove_with_empty_parents(root: &Path, rel: &str, is_dir: bool) {
    let Ok(rel) = super::safe_rel(rel) else { return };
    let path = root.join(rel);
    let _ = if is_dir { std::fs::remove_dir(&path) } else { std::fs::remove_file(&path) };
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
