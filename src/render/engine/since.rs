//! What changed since an output folder was last built, when the caller
//! knows it (`Changes`: the model and derived values kept, only some files'
//! texts different), and the index that turns it into the outputs to check
//! again: each folder's reads inverted (`Readers`, from a read to the
//! outputs that recorded it). With both, a build takes every other page's
//! body from the last build (`Latest`) and keeps every other output's file
//! without comparing anything; without them it compares every read.
//!
//! Reads are recorded where values are read (`record`, `note`): a body read
//! through `jobs::Inputs` while a list page's recipe is made is noted in the
//! page's record, however the recipe came to read it.

use ahash::HashMap;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Dep, Made, Memory, Read, Records};
use crate::model::{IdVec, PageId};
use crate::render::{job_kinds::Job, Body};

/// What the caller knows changed since the last build with this memory.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// The model and derived values are the last build's: only bodies
    /// (the text after the front-matter) may differ.
    pub model_kept: bool,
    /// The files whose text may differ, as source paths (`content/a.md`);
    /// `None`: unknown.
    pub sources: Option<Vec<PathBuf>>,
    /// Where the model was made again from the last build's: the entities
    /// whose values may differ (`None`: unknown, or the model kept).
    pub made: Option<Changed>,
}

/// The pages, campaigns and projects whose values may differ from the last
/// build's, by stable key (source path, id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    pub pages: Vec<String>,
    pub campaigns: Vec<String>,
    pub projects: Vec<String>,
}

impl Changed {
    /// The reads a change to these entities reaches (`Readers::of_deps`):
    /// their values (`Dep::Made`) and the changed pages' bodies, which lists
    /// showing them note.
    pub fn reads(&self) -> impl Iterator<Item = Dep> + '_ {
        let pages = self.pages.iter().flat_map(|p| [Made::Page(p).dep(), Dep::Body(p.into())]);
        let campaigns = self.campaigns.iter().map(|c| Made::Campaign(c).dep());
        pages.chain(campaigns).chain(self.projects.iter().map(|p| Made::Project(p).dep()))
    }
}

/// A build's changes as the log keeps them: the sources told changed, and
/// the reads whose values may differ besides their bodies.
pub(super) type Logged = Option<(Vec<String>, Vec<Dep>)>;

/// The last build's page bodies, and the page each list job makes, for the
/// next build when only some texts changed (kept in `serve` only).
#[derive(Debug, Default)]
pub struct Latest {
    pub(in crate::render) build: u64,
    pub(in crate::render) pages: IdVec<PageId, Body>,
    /// The list job making each site path.
    pub(in crate::render) jobs: HashMap<String, Job>,
    /// Pages whose body the memory does not keep (`page_pass::Pages`).
    pub(in crate::render) uncached: Vec<PageId>,
}

/// One output folder's reads inverted: for each read, the outputs (by
/// record key) that made it. Reads are indexed by their digest, so two
/// reads whose digests collide find each other's outputs too (checked for
/// nothing); each output's key is shared by all its reads. A build that
/// compared everything updates it for the outputs whose reads differ
/// (`reindex`) rather than making it again from ~20,000 outputs' reads.
#[derive(Debug, Default)]
pub struct Readers {
    /// The build that made the records this index describes.
    pub build: u64,
    by_dep: crate::digest::DigestMap<Vec<Arc<str>>>,
    /// Every output indexed, whatever it reads.
    keys: ahash::HashSet<Arc<str>>,
}

/// A read's place in the index: a page's entry and a campaign's box on
/// any day are in the place of the entity they read (`Dep::Made`).
fn dep_digest(dep: &Dep) -> u64 {
    let mut h = crate::digest::hasher();
    match dep {
        Dep::Page(key) => Made::Page(key).dep().hash(&mut h),
        Dep::CampaignAsOf(id, _) => Made::Campaign(id).dep().hash(&mut h),
        dep => dep.hash(&mut h),
    }
    h.finish()
}

/// An output's `reads` as its record keeps them to the end of the build:
/// without the entity notes (`Dep::Made`) that find it nowhere its other
/// reads do not (repeats, and its own page's entry or its campaign's box,
/// which a report's charts note: `dep_digest` puts a `Dep::Page` and a
/// `Dep::CampaignAsOf` where their entity is noted), the first of each in
/// its place, and no spare room.
pub fn finish_reads(reads: &mut Vec<Read>) {
    let mut found: std::collections::HashSet<u64> = reads
        .iter()
        .filter_map(|(dep, _)| match dep {
            Dep::Page(key) => Some(Made::Page(key).digest()),
            Dep::CampaignAsOf(id, _) => Some(Made::Campaign(id).digest()),
            _ => None,
        })
        .collect();
    reads.retain(|(dep, _)| match dep {
        Dep::Made(key) => found.insert(*key),
        _ => true,
    });
    reads.shrink_to_fit();
}

impl Readers {
    /// The index of `records`.
    pub fn of(records: &Records, build: u64) -> Readers {
        let by_dep = crate::digest::DigestMap::with_capacity_and_hasher(records.len() * 2, Default::default());
        let mut r = Readers {
            build,
            by_dep,
            keys: ahash::HashSet::with_capacity_and_hasher(records.len(), Default::default()),
        };
        for (key, output) in records {
            r.add(key, &output.reads);
        }
        r
    }

    fn add(&mut self, key: &str, reads: &[Read]) {
        let key: Arc<str> = Arc::from(key);
        self.keys.insert(key.clone());
        for (dep, _) in reads.iter().filter(|(d, _)| *d != Dep::Context) {
            self.by_dep.entry(dep_digest(dep)).or_default().push(key.clone());
        }
    }

    fn remove(&mut self, key: &str, reads: &[Read]) {
        self.keys.remove(key);
        for (dep, _) in reads.iter().filter(|(d, _)| *d != Dep::Context) {
            let d = dep_digest(dep);
            if let Some(keys) = self.by_dep.get_mut(&d) {
                keys.retain(|k| &**k != key);
                if keys.is_empty() {
                    self.by_dep.remove(&d);
                }
            }
        }
    }

    /// Output `key` now reads `now` instead of `was`.
    pub fn replace(&mut self, key: &str, was: Option<&[Read]>, now: Option<&[Read]>) {
        let same = match (was, now) {
            (Some(a), Some(b)) => a.iter().map(|(d, _)| d).eq(b.iter().map(|(d, _)| d)),
            (a, b) => a.is_none() && b.is_none(),
        };
        if same {
            return;
        }
        self.remove(key, was.unwrap_or_default());
        if let Some(now) = now {
            self.add(key, now);
        }
    }

    /// After a build that compared every output: the index of `before`
    /// (the last build's records, less those of pages kept as they were,
    /// which moved to `made` unchanged) made the index of `made`. Only
    /// the outputs whose reads differ are indexed again.
    pub fn reindex(&mut self, before: &Records, made: &Records, build: u64) {
        for (key, now) in made {
            match before.get(key) {
                Some(was) => self.replace(key, Some(&was.reads), Some(&now.reads)),
                None if self.keys.contains(key.as_str()) => {}
                None => self.add(key, &now.reads),
            }
        }
        for (key, was) in before.iter().filter(|(k, _)| !made.contains_key(*k)) {
            self.replace(key, Some(&was.reads), None);
        }
        self.build = build;
    }

    /// The outputs that read any of `deps`.
    pub fn of_deps<'a>(&'a self, deps: impl Iterator<Item = &'a Dep>) -> BTreeSet<&'a str> {
        deps.filter_map(|d| self.by_dep.get(&dep_digest(d))).flatten().map(|k| &**k).collect()
    }
}

/// A build that can re-check only what changed: the last build's bodies
/// and this folder's index, and the sources changed since this folder was
/// last built.
pub struct Since {
    pub latest: Latest,
    pub readers: Readers,
    /// Source paths (`content/a.md`).
    pub sources: BTreeSet<String>,
    /// Reads whose values may differ besides bodies (a model made again:
    /// `Changed::reads`); empty where only texts changed.
    pub reads: Vec<Dep>,
}

/// The outputs a build checks again (`None`: every output); the others
/// keep their files unseen.
pub type Checked<'a> = Option<&'a BTreeSet<String>>;

/// Output `key`'s record, kept unseen: `checked` does not name it and its
/// files are as written.
pub fn keep_unseen(
    checked: Checked,
    before: &Records,
    key: &str,
    out: &crate::write::Staging,
) -> Option<super::Output> {
    if checked?.contains(key) {
        return None;
    }
    let old = before.get(key)?;
    old.files.iter().all(|f| out.keep(f)).then(|| old.clone())
}

impl Memory {
    /// Notes the next build's `changes` (before it renders); its number.
    pub fn note_build(&mut self, changes: &Changes) -> u64 {
        self.builds += 1;
        let reads = match (changes.model_kept, &changes.made) {
            (true, _) => Some(Vec::new()),
            (false, Some(made)) => Some(made.reads().collect()),
            (false, None) => None,
        };
        let sources = changes.sources.as_ref().map(|s| s.iter().map(|p| p.to_string_lossy().into_owned()).collect());
        self.log.push((self.builds, sources.zip(reads)));
        self.builds
    }

    /// Forgets what earlier builds left for the next to re-check only what
    /// changed (a build that did not render: its changes are unknown).
    pub fn forget_changes(&mut self) {
        self.latest = None;
        self.readers.clear();
        self.log.clear();
    }

    /// What this build (the last noted) of `output` may re-check only,
    /// when everything since that folder's last build is known. (Else the
    /// folder's index stays, for `reindex` to bring up to date.)
    pub fn since(&mut self, output: &std::path::Path) -> Option<Since> {
        let build = self.builds;
        let latest = self.latest.take();
        // Entries an index still needs stay.
        let oldest = self.readers.values().map(|r| r.build).min().unwrap_or(build);
        self.log.retain(|(n, _)| *n > oldest);
        let indexed = self.readers.get(output)?.build;
        let latest = latest.filter(|l| l.build + 1 == build)?;
        let (mut sources, mut reads) = (BTreeSet::new(), Vec::new());
        // Each build's reads are told from the builds' before by a set: a
        // search of the list grew with the square of a save that changes many
        // entities (a campaign file re-derives every project it names).
        let mut seen: ahash::HashSet<&Dep> = ahash::HashSet::default();
        for (n, changed) in &self.log {
            if *n > indexed {
                let (s, r) = changed.as_ref()?;
                sources.extend(s.iter().cloned());
                let new: Vec<&Dep> = r.iter().filter(|d| !seen.contains(d)).collect();
                seen.extend(new.iter().copied());
                reads.extend(new.into_iter().cloned());
            }
        }
        let readers = self.readers.remove(output)?;
        Some(Since { latest, readers, sources, reads })
    }

    /// The index of `output`'s reads as its last build left it, for a build
    /// that compared everything (`since` gave nothing) to bring up to date.
    pub fn take_readers(&mut self, output: &std::path::Path) -> Option<Readers> {
        self.readers.remove(output)
    }

    /// This build's number (`note_build`).
    pub fn build(&self) -> u64 {
        self.builds
    }

    /// After a good build kept in the process: what the next may re-check from.
    pub fn keep_latest(&mut self, output: &std::path::Path, latest: Latest, readers: Readers) {
        self.latest = Some(latest);
        self.readers.insert(output.to_path_buf(), readers);
    }
}

thread_local! {
    /// The reads noted on this thread by the value being made (`record`).
    static RECORDING: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Runs `make`, returning what it noted (`note`); reads noted by a
/// recording inside it stay that recording's.
pub fn record<R>(make: impl FnOnce() -> R) -> (R, Vec<Read>) {
    let outer = RECORDING.with(|r| r.borrow_mut().replace(Vec::new()));
    let value = make();
    let reads = RECORDING.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer)).unwrap_or_default();
    (value, reads)
}

/// Notes `read` in the recording running on this thread, if any.
pub fn note(read: impl FnOnce() -> Read) {
    RECORDING.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(read());
        }
    });
}

/// Notes `reads` in the recording running on this thread, if any.
pub fn note_all(reads: &[Read]) {
    RECORDING.with(|r| {
        if let Some(all) = r.borrow_mut().as_mut() {
            all.extend_from_slice(reads);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_keeps_its_own_reads_and_not_those_of_one_inside_it() {
        let ((inner, ()), outer) = record(|| {
            note(|| (Dep::Url("a".into()), 1));
            let inner = record(|| note(|| (Dep::Url("b".into()), 2)));
            (inner, ())
        });
        assert_eq!(outer, [(Dep::Url("a".into()), 1)]);
        assert_eq!(inner.1, [(Dep::Url("b".into()), 2)]);
        note(|| (Dep::Url("nobody records".into()), 3));
    }

    #[test]
    fn the_index_follows_an_output_that_starts_and_stops_reading_something() {
        let (a, b) = (Dep::Body("content/a.md".into()), Dep::Body("content/b.md".into()));
        let mut records = Records::default();
        records.insert("x/".into(), super::super::Output { reads: vec![(a.clone(), 1)], files: vec![] });
        let mut r = Readers::of(&records, 1);
        assert_eq!(r.of_deps([&a].into_iter()), ["x/"].into());
        r.replace("x/", Some(&[(a.clone(), 1)]), Some(&[(b.clone(), 1)]));
        assert!(r.of_deps([&a].into_iter()).is_empty(), "stopped reading a");
        assert_eq!(r.of_deps([&b].into_iter()), ["x/"].into());
        r.replace("x/", Some(&[(b.clone(), 1)]), None);
        assert!(r.of_deps([&b].into_iter()).is_empty(), "gone");
    }

    #[test]
    fn a_record_keeps_one_note_of_each_entity_and_is_still_found_by_every_one() {
        let (page, campaign, project) = (Made::Page("content/a.md"), Made::Campaign("c"), Made::Project("p"));
        let mut reads = vec![
            (Dep::Page("content/a.md".into()), 1),
            (Dep::CampaignAsOf("c".into(), Some(7)), 2),
            (page.dep(), 0),
            (project.dep(), 0),
            (campaign.dep(), 0),
            (project.dep(), 0),
        ];
        finish_reads(&mut reads);
        let made: Vec<&Dep> = reads.iter().map(|(d, _)| d).filter(|d| matches!(d, Dep::Made(_))).collect();
        assert_eq!(made, [&project.dep()], "the page's own entry and campaign are found by its reads");
        assert_eq!(reads.len(), 3);
        let mut records = Records::default();
        records.insert("r/".into(), super::super::Output { reads, files: vec![] });
        let index = Readers::of(&records, 1);
        for entity in [page, campaign, project] {
            assert_eq!(index.of_deps([&entity.dep()].into_iter()), ["r/"].into(), "{entity:?}");
        }
    }

    #[test]
    fn a_build_after_one_whose_changes_are_unknown_checks_everything() {
        let mut m = Memory::default();
        let out = std::path::Path::new("public");
        let told = Changes { model_kept: true, sources: Some(vec!["content/a.md".into()]), made: None };
        let n = m.note_build(&told);
        m.keep_latest(out, Latest { build: n, ..Latest::default() }, Readers { build: n, ..Readers::default() });
        m.note_build(&Changes { model_kept: false, sources: None, made: None });
        assert!(m.since(out).is_none());
        let n = m.note_build(&told);
        m.keep_latest(out, Latest { build: n, ..Latest::default() }, Readers { build: n, ..Readers::default() });
        m.note_build(&Changes { model_kept: true, sources: Some(vec!["content/b.md".into()]), made: None });
        let since = m.since(out).expect("known");
        assert_eq!(since.sources, ["content/b.md".to_string()].into());
    }
}
