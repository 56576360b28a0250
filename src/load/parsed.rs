//! Content files as a process last read them, kept between the builds of
//! one process (`serve`): a file whose bytes are the same is not parsed
//! again. Keyed by the file's path and the digest of its bytes, so an
//! editor's save that keeps the size and time is still seen.
//!
//! An owner that is told of changes (`ParsedFiles::told`, serve's watcher)
//! reports them with `changed`; its loads then read only those files, and
//! walk `content/` again only when a reported path is not a file the last
//! walk listed (a new, deleted or renamed file or folder). What the events
//! may miss is found by `stale`, a little at a time so that a quiet preview
//! of a large site stays quiet: each check compares a share of the listed
//! files' sizes and times with those they had when read (every file in
//! turn), and walks the folder again only when one of its folders' times
//! moved (a file added, removed or renamed there).

use crate::guard::lock;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};

/// What reading one file gave: the parsed file, or why it could not be.
pub type ReadResult = Result<SourceFile, Vec<Diagnostic>>;

/// A file's size and modification time when it was read.
pub(super) type Stamp = (u64, u128);

/// One file as last read: the digest of its bytes, its stamp, what parsing
/// gave and its fields' own checks (`validate_file`).
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub digest: u64,
    pub stamp: Stamp,
    pub read: ReadResult,
    pub checks: Diagnostics,
}

/// The files under `content/` as a walk found them, with its warnings.
#[derive(Debug, Clone, Default)]
pub(super) struct Listing {
    pub md: Vec<PathBuf>,
    pub other: Vec<PathBuf>,
    pub notes: Diagnostics,
    pub folders: Folders,
}

/// The folders a walk went through, each with its stamp right after it:
/// a file added, removed or renamed in one moves its time.
#[derive(Debug, Clone, Default)]
pub(super) struct Folders {
    stamps: Vec<(PathBuf, Option<Stamp>)>,
    /// When they were stamped (nanoseconds since 1970).
    at: u128,
}

impl Folders {
    pub fn stamp(folders: Vec<PathBuf>) -> Folders {
        let at = now_nanos();
        Folders { stamps: folders.into_iter().map(|d| (d.clone(), stamp(&d))).collect(), at }
    }

    /// Whether a folder's stamp moved, or may move unseen: a folder changed
    /// in the same tick of a coarse clock as its stamp keeps its time.
    fn moved(&self) -> bool {
        let racy = |s: &Option<Stamp>| s.is_none_or(|(_, t)| t + SAME_TICK.as_nanos() >= self.at);
        self.stamps.is_empty() || self.stamps.iter().any(|(d, s)| racy(s) || stamp(d) != *s)
    }
}

/// Coarser than any file system's clock (FAT's is two seconds).
const SAME_TICK: std::time::Duration = std::time::Duration::from_secs(3);

/// How many listed files one `stale` check compares (the next check goes on
/// from there): at 10,000 files every file is compared every few checks.
const STAMPS_PER_CHECK: usize = 2000;

/// Now, in nanoseconds since 1970.
pub(super) fn now_nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// The files of the last load, each where the listing it was read by has
/// its path: a save takes every file it did not read again in the listing's
/// order, with no lookup.
#[derive(Debug, Default)]
struct Aligned {
    listing: Option<std::sync::Arc<Listing>>,
    /// By the index of its path in `listing.md`.
    files: Vec<Option<Kept>>,
}

impl Aligned {
    /// The files set out by `listing`'s paths (those it no longer lists are
    /// forgotten); as they are when it lists the same paths.
    fn align(&mut self, listing: &std::sync::Arc<Listing>) {
        let same = self.listing.as_ref().is_some_and(|l| std::sync::Arc::ptr_eq(l, listing) || l.md == listing.md);
        if !same {
            let was = self.listing.as_ref().map_or(&[][..], |l| &l.md[..]);
            let mut by_path: HashMap<&std::ffi::OsStr, Kept, ahash::RandomState> = was
                .iter()
                .map(|p| p.as_os_str())
                .zip(std::mem::take(&mut self.files))
                .filter_map(|(p, k)| Some((p, k?)))
                .collect();
            self.files = listing.md.iter().map(|p| by_path.remove(p.as_os_str())).collect();
        }
        self.listing = Some(listing.clone());
    }

    /// Where `path` is in the listing.
    fn index(&self, path: &Path) -> Option<usize> {
        self.listing.as_ref()?.md.binary_search_by(|p| p.as_path().cmp(path)).ok()
    }
}

/// The files of the last load, set out by its listing's paths.
#[derive(Debug, Default)]
pub struct ParsedFiles {
    last: Mutex<Aligned>,
    /// The files this load read, by their index in its listing.
    now: Mutex<Vec<(usize, Kept)>>,
    /// Whether the owner reports every change (`changed`).
    told: bool,
    /// Paths reported since the last load; `None`: every file is read.
    pending: Mutex<Option<BTreeSet<PathBuf>>>,
    /// The last load's walk of `content/` (shared: a save hands it on as it is).
    listing: Mutex<Option<std::sync::Arc<Listing>>>,
    /// Where the next `stale` check goes on comparing listed files.
    next_stamp: std::sync::atomic::AtomicUsize,
}

/// What a load reads again: `None`, every file; else the files named (and
/// those it has not kept).
pub(super) type Reread = Option<BTreeSet<PathBuf>>;

impl ParsedFiles {
    /// For an owner that reports every change of the site's files with
    /// `changed` (serve's watcher): loads read only what it reported.
    pub fn told() -> ParsedFiles {
        ParsedFiles { told: true, ..ParsedFiles::default() }
    }

    /// Files (or folders) created, written, renamed or deleted since the last load.
    pub fn changed(&self, paths: &[PathBuf]) {
        if let Some(pending) = lock(&self.pending).as_mut() {
            pending.extend(paths.iter().cloned());
        }
    }

    /// The next load reads and walks everything (events may have been lost).
    pub fn check_all(&self) {
        *lock(&self.pending) = None;
        *lock(&self.listing) = None;
    }

    /// Starts a load: what it must read again.
    pub(super) fn begin(&self) -> Reread {
        let reread = match self.told {
            true => lock(&self.pending).replace(BTreeSet::new()),
            false => None,
        };
        if reread.is_none() {
            *lock(&self.listing) = None;
        }
        reread
    }

    /// The walk of `content/`: the last one while every reported path under
    /// `content` is a file it listed and still is a file, else `walk()`.
    pub(super) fn listing(
        &self,
        content: &Path,
        reread: &Reread,
        walk: impl FnOnce() -> Listing,
    ) -> std::sync::Arc<Listing> {
        let mut kept = lock(&self.listing);
        let still = |l: &Listing| {
            reread.as_ref().is_some_and(|paths| {
                paths.iter().filter(|p| p.starts_with(content)).all(|p| {
                    let listed = l.md.binary_search(p).is_ok() || l.other.binary_search(p).is_ok();
                    listed && p.is_file()
                })
            })
        };
        if let Some(l) = kept.as_ref().filter(|l| still(l)) {
            return l.clone();
        }
        let mut fresh = walk();
        fresh.md.sort();
        fresh.other.sort();
        let fresh = std::sync::Arc::new(fresh);
        *kept = Some(fresh.clone());
        fresh
    }

    /// Which files of `listing` a load reads: those `reread` names and
    /// those not kept (every one, when `reread` is `None`). The others are
    /// taken as last read (`with_files`).
    pub(super) fn to_read(&self, listing: &std::sync::Arc<Listing>, reread: &Reread) -> Vec<bool> {
        let mut last = lock(&self.last);
        last.align(listing);
        let Some(reread) = reread.as_ref() else { return vec![true; listing.md.len()] };
        let reread: std::collections::HashSet<&std::ffi::OsStr, ahash::RandomState> =
            reread.iter().map(|p| p.as_os_str()).collect();
        let again = |(p, k): (&PathBuf, &Option<Kept>)| k.is_none() || reread.contains(p.as_os_str());
        listing.md.iter().zip(&last.files).map(again).collect()
    }

    /// `f` of the files as last read, set out by the paths of the listing
    /// `to_read` was given (`None`: not kept).
    pub(super) fn with_files<R>(&self, f: impl FnOnce(&[Option<Kept>]) -> R) -> R {
        f(&lock(&self.last).files)
    }

    /// The result of reading `path` (a file of the listing `to_read` was
    /// given) last time, when its bytes (and the decoding setting) digest
    /// to `digest` now.
    pub(super) fn get(&self, path: &Path, digest: u64, stamp: Stamp) -> Option<Kept> {
        let mut last = lock(&self.last);
        let at = last.index(path)?;
        let mut kept = last.files[at].take().filter(|k| k.digest == digest)?;
        drop(last);
        kept.stamp = stamp;
        lock(&self.now).push((at, kept.clone()));
        Some(kept)
    }

    pub(super) fn put(&self, path: &Path, kept: &Kept) {
        let at = lock(&self.last).index(path);
        if let Some(at) = at {
            lock(&self.now).push((at, kept.clone()));
        }
    }

    /// Ends a load: the files it read again join those it did not.
    pub(super) fn finish(&self) {
        let now = std::mem::take(&mut *lock(&self.now));
        let mut last = lock(&self.last);
        for (at, kept) in now {
            last.files[at] = Some(kept);
        }
    }

    /// Files under `content/` whose size or time differ from when they were
    /// last read (a share of the listed files each check, in turn), and
    /// those a walk finds added or gone when a folder's time moved: what
    /// lost events would hide. A change younger than `settle` (by the time
    /// of the file, or of the folder a file left) is left out: it may be
    /// half written, and its events may still be on their way. Empty until
    /// a load has read the site.
    pub fn stale(&self, root: &Path, settle: std::time::Duration) -> Vec<PathBuf> {
        let Some(listed) = lock(&self.listing).clone() else { return Vec::new() };
        let mut found = match listed.folders.moved() {
            true => self.walked_again(root, &listed),
            false => BTreeSet::new(),
        };
        let share = STAMPS_PER_CHECK.min(listed.md.len());
        let from = self.next_stamp.fetch_add(share, std::sync::atomic::Ordering::Relaxed);
        let last = lock(&self.last);
        // The files as read by this listing (a walk that found nothing new keeps its paths).
        let files = match last.listing.as_ref().is_some_and(|l| l.md == listed.md) {
            true => &last.files[..],
            false => &[],
        };
        let read = listed.md.iter().zip(files).cycle().skip(from % files.len().max(1)).take(share.min(files.len()));
        for (p, k) in read {
            let seen = k.as_ref().map(|k| k.stamp);
            if seen.is_some() && seen != stamp(p) {
                found.insert(p.clone());
            }
        }
        let recent = now_nanos().saturating_sub(settle.as_nanos());
        let settled = |p: &PathBuf| {
            let at = stamp(p).or_else(|| p.parent().and_then(stamp)).map_or(0, |(_, t)| t);
            at <= recent
        };
        found.into_iter().filter(settled).collect()
    }

    /// The files a new walk of `content/` finds added to or gone from
    /// `listed`; with none, the folders' stamps are taken again, so the
    /// next check walks only when they move again.
    fn walked_again(&self, root: &Path, listed: &Listing) -> BTreeSet<PathBuf> {
        let content = root.join("content");
        let (now, folders) =
            super::walk::site_tree(root, &content, super::walk::OutsideLink::Warn, &mut Diagnostics::default());
        let folders = Folders::stamp(folders);
        let was: Vec<&PathBuf> = listed.md.iter().chain(&listed.other).collect();
        let found = added_or_gone(now.iter().collect(), was);
        if found.is_empty() {
            let mut kept = lock(&self.listing);
            if let Some(l) = kept.as_mut().filter(|l| std::ptr::eq(&***l, listed)) {
                std::sync::Arc::make_mut(l).folders = folders;
            }
        }
        found
    }
}

/// The paths in one of `a` and `b` but not both. Sorted by their bytes, not
/// `Path`'s component order (only equality matters here, and comparing
/// components was most of an idle check over 10,000 files), then walked
/// side by side.
fn added_or_gone<'a>(mut a: Vec<&'a PathBuf>, mut b: Vec<&'a PathBuf>) -> BTreeSet<PathBuf> {
    fn bytes<'p>(p: &&'p PathBuf) -> &'p [u8] {
        p.as_os_str().as_encoded_bytes()
    }
    a.sort_unstable_by(|x, y| bytes(x).cmp(bytes(y)));
    b.sort_unstable_by(|x, y| bytes(x).cmp(bytes(y)));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    let mut found = BTreeSet::new();
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match bytes(x).cmp(bytes(y)) {
                std::cmp::Ordering::Less => a.next(),
                std::cmp::Ordering::Greater => b.next(),
                std::cmp::Ordering::Equal => {
                    a.next();
                    b.next();
                    continue;
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => return found,
        };
        found.extend(next.cloned());
    }
}

/// `path`'s size and modification time now.
pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), crate::write::mtime_of(&m)))
}

/// The digest of a file's bytes as `decode_gbk` reads them.
pub(super) fn digest(bytes: &[u8], decode_gbk: bool) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::digest::hasher();
    h.write_u8(u8::from(decode_gbk));
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_or_gone_names_the_paths_in_one_list_only() {
        let p = |s: &str| PathBuf::from(s);
        let (a, b) =
            ([p("content/a.md"), p("content/b/c.md"), p("content/d.md")], [p("content/b/c.md"), p("content/e.md")]);
        let found = added_or_gone(a.iter().rev().collect(), b.iter().collect());
        assert_eq!(found, [p("content/a.md"), p("content/d.md"), p("content/e.md")].into_iter().collect());
        assert!(added_or_gone(a.iter().collect(), a.iter().rev().collect()).is_empty());
    }

    fn load(root: &Path, parsed: &ParsedFiles) -> Vec<SourceFile> {
        let mut diags = crate::diag::Diagnostics::default();
        super::super::load_keeping(root, &mut diags, Some(parsed)).files
    }

    fn titles(files: &[SourceFile]) -> Vec<String> {
        files.iter().map(|f| f.yaml().lines().next().unwrap_or_default().to_string()).collect()
    }

    #[test]
    fn a_file_is_parsed_again_only_when_its_bytes_change() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/reports");
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.md"), dir.join("b.md"));
        std::fs::write(&a, "---\ntitle: 甲\ndate: 2021-03-01\n---\n正文一\n").unwrap();
        std::fs::write(&b, "---\ntitle: 乙\ndate: 2021-03-02\n---\n正文二\n").unwrap();
        let parsed = ParsedFiles::default();
        assert_eq!(load(site.path(), &parsed).len(), 2);
        // Same length, new bytes: seen by the digest, not by size or time.
        std::fs::write(&a, "---\ntitle: 丙\ndate: 2021-03-01\n---\n正文一\n").unwrap();
        std::fs::remove_file(&b).unwrap();
        assert_eq!(titles(&load(site.path(), &parsed)), ["title: 丙"]);
        let kept = parsed.last.lock().unwrap();
        assert_eq!(kept.files.iter().flatten().count(), 1, "the deleted file is forgotten");
    }

    #[test]
    fn a_kept_file_is_handed_out_shared_and_keeps_its_text_whole() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/reports");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.md"), "---\ntitle: 甲\n---\n正文一\n").unwrap();
        std::fs::write(dir.join("b.md"), "---\ntitle: 乙\n---\n正文二\n").unwrap();
        let parsed = ParsedFiles::told();
        let first = load(site.path(), &parsed);
        parsed.changed(&[dir.join("b.md")]);
        let mut second = load(site.path(), &parsed);
        assert!(std::sync::Arc::ptr_eq(&first[0].text, &second[0].text), "a file not told of is not copied");
        // Its text taken for rendering stays whole, for the next save to hand out again.
        assert_eq!(&*second[0].take_text(true), "---\ntitle: 甲\n---\n正文一\n");
        drop((first, second));
        let mut third = load(site.path(), &parsed);
        assert_eq!(third[0].body(), "正文一\n");
        assert_eq!(&*third[0].take_text(false), "---\ntitle: 甲\n---\n正文一\n");
        assert_eq!(third[0].body(), "正文一\n", "kept whole, also where no stage reads it again");
        // A load that keeps nothing gives the body up once taken (memory of a cold build).
        let cold = || super::super::load(site.path(), &mut crate::diag::Diagnostics::default()).files;
        let (mut again, mut once) = (cold(), cold());
        assert_eq!(&*again[0].take_text(true), "---\ntitle: 甲\n---\n正文一\n");
        assert_eq!((again[0].yaml(), again[0].body()), ("title: 甲\n", ""), "only the front-matter is left");
        // And the front-matter too where no stage reads the file after the render (a one-shot build).
        assert_eq!(&*once[0].take_text(false), "---\ntitle: 甲\n---\n正文一\n");
        assert_eq!((once[0].yaml(), once[0].body(), &*once[0].source), ("", "", ""), "nothing of it is left");
    }

    #[test]
    fn a_told_load_reads_what_it_is_told_and_stale_finds_the_rest() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/reports");
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b, c) = (dir.join("a.md"), dir.join("b.md"), dir.join("c.md"));
        std::fs::write(&a, "---\ntitle: 甲\n---\n").unwrap();
        std::fs::write(&b, "---\ntitle: 乙\n---\n").unwrap();
        let parsed = ParsedFiles::told();
        assert_eq!(titles(&load(site.path(), &parsed)), ["title: 甲", "title: 乙"]);
        let stale = || parsed.stale(site.path(), std::time::Duration::ZERO);
        assert!(stale().is_empty(), "nothing changed");
        // Told of b and of a new file c; a changed too, without an event.
        std::fs::write(&a, "---\ntitle: 甲甲\n---\n").unwrap();
        std::fs::write(&b, "---\ntitle: 乙乙\n---\n").unwrap();
        std::fs::write(&c, "---\ntitle: 丙\n---\n").unwrap();
        parsed.changed(&[b.clone(), c.clone()]);
        assert_eq!(titles(&load(site.path(), &parsed)), ["title: 甲", "title: 乙乙", "title: 丙"]);
        // The check a quiet moment runs finds a; told of it, the load reads it.
        assert_eq!(stale(), std::slice::from_ref(&a));
        assert!(parsed.stale(site.path(), std::time::Duration::from_secs(60)).is_empty(), "a change this recent waits");
        parsed.changed(&stale());
        assert_eq!(titles(&load(site.path(), &parsed)), ["title: 甲甲", "title: 乙乙", "title: 丙"]);
        // A file deleted without an event is found by the walk of the check.
        std::fs::remove_file(&c).unwrap();
        assert_eq!(stale(), std::slice::from_ref(&c));
        parsed.changed(&[c]);
        assert_eq!(titles(&load(site.path(), &parsed)), ["title: 甲甲", "title: 乙乙"]);
        assert!(stale().is_empty());
    }
}
