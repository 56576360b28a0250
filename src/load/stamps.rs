//! Reports a build takes without reading them, as git's index does: each
//! report last read is kept in `<root>/.gongjian/cache/content.stamps` with
//! its file's stamp (length, modification and change times, inode) and what
//! the model needs of it (the text before the body, where the body lies,
//! digests). A report whose stamp is the same is taken from there; its body
//! is read again only if its page is made again (`SourceFile::read_again`,
//! which checks it is the text the build took). Reading and hashing every
//! file's ~10 KB was most of a warm build's load.
//!
//! A file's time has a resolution (2 s on FAT): a file changed again within
//! it keeps its stamp. So a file whose time is not older than the build that
//! read it by that much is not kept (the racy-timestamp rule): the next
//! builds read it until it is. Files read with notes or units to convert,
//! campaigns and sections are read every time (few, and not all they give is kept).

use ahash::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::{FileKind, FileText, KeptParses, SourceFile};
use crate::diag::Diagnostic;
use crate::guard::lock;
use crate::messages::load::Load;

const FILE: &str = "content.stamps";

/// Bumped whenever what is stored changes meaning.
const FORMAT: u32 = 2;

/// How much older than the build that read it a file's time must be for
/// its stamp to be trusted: the coarsest resolution of file times (FAT).
const RACY_NANOS: u128 = 2_000_000_000;

fn header() -> String {
    format!("gongjian {} content stamps format {FORMAT}\n", env!("CARGO_PKG_VERSION"))
}

/// What tells a file's bytes changed without reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    /// Modification time in nanoseconds since 1970 (0: unknown).
    mtime: u128,
    /// Where the system has them: the inode's change time and number (a
    /// file put back with its old time, or replaced by another, differs).
    changed: i128,
    file_id: u64,
}

impl Stamp {
    pub(super) fn of(meta: &std::fs::Metadata) -> Stamp {
        let (changed, file_id) = inode(meta);
        Stamp { len: meta.len(), mtime: crate::write::mtime_of(meta), changed, file_id }
    }

    /// Could the file change again without its stamp changing, read by a
    /// build started at `started` (nanoseconds since 1970)?
    fn racy(&self, started: u128) -> bool {
        self.mtime == 0 || self.mtime + RACY_NANOS >= started
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> (i128, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128, meta.ino())
}

/// Windows gives neither on stable Rust: length and time decide there.
#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> (i128, u64) {
    (0, 0)
}

/// One report as a build read it.
#[derive(Debug, Clone)]
struct Entry {
    stamp: Stamp,
    section: String,
    stem: String,
    /// The text before the body (front-matter and fences).
    head: String,
    at: Places,
}

/// Where the parts of a report's text lie, and its digests.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Places {
    yaml_start: usize,
    yaml_end: usize,
    yaml_line: usize,
    body_len: usize,
    body_line: usize,
    head_digest: u64,
    text_key: u64,
}

/// An entry as the file holds it, its texts borrowed from the file's
/// bytes: decoding 10,000 reports' heads (~16 MB) into strings of their
/// own was most of opening the stamps. Each text is checked as UTF-8 when
/// it is taken (SIMD).
#[derive(Serialize, Deserialize)]
struct Record<'a> {
    stamp: Stamp,
    #[serde(borrow)]
    section: Bytes<'a>,
    #[serde(borrow)]
    stem: Bytes<'a>,
    #[serde(borrow)]
    head: Bytes<'a>,
    at: Places,
}

/// Bytes stored as one run (postcard: their length, then them), read in place.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a [u8]>::deserialize(d).map(Bytes)
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Stored<'a> {
    /// What decoding the files depends on (`decode_gbk`).
    settings: bool,
    #[serde(borrow)]
    entries: Vec<(&'a str, Record<'a>)>,
}

/// A report the last load kept: where its texts lie in the file's bytes
/// (`Stamps::stored`), and whether this load took it.
#[derive(Debug)]
struct Kept {
    stamp: Stamp,
    section: Range<usize>,
    stem: Range<usize>,
    head: Range<usize>,
    at: Places,
    taken: AtomicBool,
}

/// The stamps of one site, for one load.
#[derive(Default)]
pub(super) struct Stamps {
    path: PathBuf,
    /// When this load began, in nanoseconds since 1970.
    started: u128,
    settings: bool,
    /// The file as read: the kept entries' texts lie in it.
    stored: Vec<u8>,
    /// Entries of the last load by site-relative path.
    kept: HashMap<String, Kept>,
    /// Entries of the files this load read.
    read: Mutex<Vec<(String, Entry)>>,
}

/// Where `part`, a slice of `whole`, lies in it.
fn place(whole: &[u8], part: &[u8]) -> Option<Range<usize>> {
    if part.is_empty() {
        return Some(0..0);
    }
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let range = start..start.checked_add(part.len())?;
    (range.end <= whole.len()).then_some(range)
}

/// The entries of a stamps file's bytes (none when damaged or of another version).
fn decode(stored: &[u8]) -> Option<(bool, HashMap<String, Kept>)> {
    let body = stored.strip_prefix(header().as_bytes())?;
    let Stored { settings, entries } = postcard::from_bytes::<Stored>(body).ok()?;
    let mut kept = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (rel, r) in entries {
        let (section, stem, head) = (place(stored, r.section.0)?, place(stored, r.stem.0)?, place(stored, r.head.0)?);
        let taken = AtomicBool::new(false);
        kept.insert(rel.to_string(), Kept { stamp: r.stamp, section, stem, head, at: r.at, taken });
    }
    Some((settings, kept))
}

impl Stamps {
    /// The stamps kept in `state_dir` (the site's `.gongjian/`), for a load
    /// that began at `started`; none when damaged or of another version.
    pub fn open(state_dir: &Path, started: u128) -> Stamps {
        let path = state_dir.join(crate::render::engine::CACHE_DIR).join(FILE);
        let stored = std::fs::read(&path).unwrap_or_default();
        let (settings, kept) = decode(&stored).unwrap_or_default();
        Stamps { path, started, settings, stored, kept, read: Mutex::default() }
    }

    /// Removes the stamps kept in `state_dir`.
    pub fn forget(state_dir: &Path) {
        let _ = std::fs::remove_file(state_dir.join(crate::render::engine::CACHE_DIR).join(FILE));
    }

    /// These stamps for files decoded with `decode_gbk`: none kept are
    /// trusted if they were decoded otherwise.
    pub fn decoding(mut self, decode_gbk: bool) -> Stamps {
        if self.settings != decode_gbk {
            self.kept.clear();
            self.settings = decode_gbk;
        }
        self
    }

    /// A text of a kept entry.
    fn text(&self, at: &Range<usize>) -> Option<&str> {
        simdutf8::basic::from_utf8(self.stored.get(at.clone())?).ok()
    }

    /// Report `rel` at `path` as last read, when its stamp is the same;
    /// its front-matter from `parses` (or parsed again).
    pub fn unread(&self, rel: &Path, path: &Path, parses: Option<&KeptParses>) -> Option<SourceFile> {
        let e = self.kept.get(rel.to_str()?)?;
        let meta = std::fs::metadata(path).ok()?;
        if Stamp::of(&meta) != e.stamp {
            return None;
        }
        let (head, at) = (self.text(&e.head)?, e.at);
        let yaml = at.yaml_start..at.yaml_end;
        let meta = super::kept_parses::page_meta(rel, head.get(yaml.clone())?, at.yaml_line, parses).ok()?;
        let (section, stem) = (self.text(&e.section)?.to_string(), self.text(&e.stem)?.to_string());
        e.taken.store(true, Ordering::Relaxed);
        let body_start = head.len();
        let text = FileText {
            path: rel.to_path_buf(),
            section,
            stem,
            source: Arc::from(head),
            yaml,
            yaml_line: at.yaml_line,
            body: body_start..body_start + at.body_len,
            head_digest: at.head_digest,
            text_key: at.text_key,
            unread: Some(Arc::new(Unread { file: path.to_path_buf(), decode_gbk: self.settings })),
            body_line: at.body_line,
            notes: Vec::new(),
            written_units: Vec::new(),
        };
        Some(SourceFile { text: Arc::new(text), kind: FileKind::Page(meta), assets: Vec::new() })
    }

    /// Keeps `f`, read with stamp `stamp` (taken before its bytes were),
    /// for the next load, if it may be taken unread then.
    pub fn note_read(&self, stamp: Stamp, f: &SourceFile) {
        let plain = f.notes.is_empty() && f.written_units.is_empty() && f.unread.is_none();
        if stamp.racy(self.started) || !plain || !matches!(f.kind, FileKind::Page(_)) {
            return;
        }
        let Some(rel) = f.path.to_str() else { return };
        let at = Places {
            yaml_start: f.yaml.start,
            yaml_end: f.yaml.end,
            yaml_line: f.yaml_line,
            body_len: f.body.len(),
            body_line: f.body_line,
            head_digest: f.head_digest,
            text_key: f.text_key,
        };
        let head = f.source[..f.body.start].to_string();
        let e = Entry { stamp, section: f.section.clone(), stem: f.stem.clone(), head, at };
        lock(&self.read).push((rel.to_string(), e));
    }

    /// Writes the entries this load took or read, unless they are those it
    /// found. A failure costs the next build its speed, nothing else.
    pub fn save(self) {
        let Stamps { path, settings, stored, kept, read, .. } = self;
        let read = read.into_inner().unwrap_or_else(|e| e.into_inner());
        let taken = kept.values().filter(|k| k.taken.load(Ordering::Relaxed)).count();
        if read.is_empty() && taken == kept.len() {
            return;
        }
        let part = |at: &Range<usize>| stored.get(at.clone()).map(Bytes);
        let kept = kept.iter().filter(|(_, k)| k.taken.load(Ordering::Relaxed)).filter_map(|(rel, k)| {
            let (section, stem, head) = (part(&k.section)?, part(&k.stem)?, part(&k.head)?);
            Some((rel.as_str(), Record { stamp: k.stamp, section, stem, head, at: k.at }))
        });
        let read = read.iter().map(|(rel, e)| {
            let (section, stem, head) =
                (Bytes(e.section.as_bytes()), Bytes(e.stem.as_bytes()), Bytes(e.head.as_bytes()));
            (rel.as_str(), Record { stamp: e.stamp, section, stem, head, at: e.at })
        });
        let mut entries: Vec<(&str, Record)> = kept.chain(read).collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        // Only into a state folder a build made (with its `.gitignore`).
        let Some(dir) = path.parent().filter(|d| d.parent().is_some_and(Path::is_dir)) else { return };
        if std::fs::create_dir_all(dir).is_ok() {
            // Encoded straight into the file: a first build's entries are ~15 MB,
            // and a second copy of them would count towards its peak memory.
            let _ = crate::whole_file::replace(&path, |out| {
                std::io::Write::write_all(out, header().as_bytes())?;
                postcard::to_io(&Stored { settings, entries }, out).map(drop).map_err(std::io::Error::other)
            });
        }
    }
}

/// Where to read again a file taken unread.
#[derive(Debug)]
pub struct Unread {
    pub file: PathBuf,
    pub decode_gbk: bool,
}

impl SourceFile {
    /// The whole text of a file taken unread, read again: `None` when
    /// `source` holds it. A file that is no longer what the build took
    /// (`text_key`) is an error: the build must not mix two versions of it.
    pub fn read_again(&self) -> Option<Result<Arc<str>, Diagnostic>> {
        let unread = self.unread.as_ref()?;
        let changed =
            || Diagnostic::error(&self.path, 0, Load::ChangedWhileBuilding).hint(Load::ChangedWhileBuildingHint);
        let again = || {
            let bytes = std::fs::read(&unread.file)
                .map_err(|e| Diagnostic::error(&self.path, 0, Load::CannotRead { why: e.to_string() }))?;
            let text = super::normalised(super::decode::decode(bytes, unread.decode_gbk).map_err(|_| changed())?);
            if crate::render::engine::body_key(&self.path, &text) != self.text_key {
                return Err(changed());
            }
            // The body as written after the head as read (its front-matter
            // may have been rewritten: `ime`).
            let body = text.get(text.len().saturating_sub(self.body.len())..).ok_or_else(changed)?;
            Ok(Arc::from(format!("{}{body}", &self.source[..self.body.start.min(self.source.len())])))
        };
        Some(again())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(mtime: u128) -> Stamp {
        Stamp { len: 10, mtime, changed: 0, file_id: 1 }
    }

    const REPORT: &str = "---\ntitle: 通报\ndate: 2021-08-02\n---\n正文。\n";

    #[test]
    fn a_file_read_within_its_time_resolution_is_read_again_by_the_next_load() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join(".gongjian");
        std::fs::create_dir_all(state.join("cache")).unwrap();
        let (rel, file) = (Path::new("content/reports/a.md"), dir.path().join("content/reports/a.md"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, REPORT).unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        let f = super::super::parse_source(rel.into(), Path::new("reports/a.md"), REPORT.into()).unwrap();
        let note = |started: u128| {
            let stamps = Stamps::open(&state, started);
            stamps.note_read(stamp, &f);
            stamps.save();
        };
        let later = stamp.mtime + 60_000_000_000;
        // Read in the second it was written: it may change again unseen.
        note(stamp.mtime + 500_000_000);
        assert!(Stamps::open(&state, later).unread(rel, &file, None).is_none(), "taken unread");
        // Read well after: taken unread, its body read again as it was.
        note(stamp.mtime + 3_000_000_000);
        let mut unread = Stamps::open(&state, later).unread(rel, &file, None).expect("read again");
        assert_eq!(unread.body(), "", "the body is not held");
        assert_eq!(unread.read_again().unwrap().unwrap(), f.source);
        // Taken by a build no stage reads the file after: the front-matter stays, to read it again.
        unread.take_text(false);
        assert_eq!(unread.read_again().unwrap().unwrap(), f.source);
        // Changed since it was taken: the build must not use it.
        std::fs::write(&file, REPORT.replace("正文", "改了")).unwrap();
        assert!(unread.read_again().unwrap().is_err());
    }

    #[test]
    fn each_report_taken_unread_is_given_its_own_texts_also_after_a_save_of_the_ones_taken() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join(".gongjian");
        std::fs::create_dir_all(state.join("cache")).unwrap();
        let texts = [("a", REPORT.to_string()), ("b", REPORT.replace("title: 通报", "title: 第二份通报\nslug: er"))];
        let mut files = Vec::new();
        for (stem, text) in &texts {
            let rel = PathBuf::from(format!("content/reports/{stem}.md"));
            let file = dir.path().join(&rel);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
            let f = super::super::parse_source(rel.clone(), Path::new(&format!("reports/{stem}.md")), text.clone());
            files.push((rel, file, stamp, f.unwrap()));
        }
        let later = files[0].2.mtime.max(files[1].2.mtime) + 60_000_000_000;
        let stamps = Stamps::open(&state, later);
        files.iter().for_each(|(_, _, stamp, f)| stamps.note_read(*stamp, f));
        stamps.save();
        let check = |stamps: &Stamps, (rel, file, _, f): &(PathBuf, PathBuf, Stamp, SourceFile)| {
            let unread = stamps.unread(rel, file, None).expect("taken unread");
            assert_eq!((unread.section.as_str(), unread.stem.as_str()), (f.section.as_str(), f.stem.as_str()));
            assert_eq!(&unread.source[..], &f.source[..f.body.start]);
            assert_eq!(unread.read_again().unwrap().unwrap(), f.source);
        };
        let stamps = Stamps::open(&state, later);
        check(&stamps, &files[1]);
        check(&stamps, &files[0]);
        // A load that took only the second keeps only it, its texts as they were.
        let stamps = Stamps::open(&state, later);
        check(&stamps, &files[1]);
        stamps.save();
        let stamps = Stamps::open(&state, later);
        assert!(stamps.unread(&files[0].0, &files[0].1, None).is_none(), "not taken, not kept");
        check(&stamps, &files[1]);
    }

    #[test]
    fn a_file_changed_within_the_time_resolution_of_its_read_is_not_trusted() {
        let started = 1_700_000_000_000_000_000;
        assert!(stamp(started).racy(started), "changed the moment it was read");
        assert!(stamp(started - 1_000_000_000).racy(started), "in the same second");
        assert!(stamp(started + 5).racy(started), "a time ahead of the clock");
        assert!(stamp(0).racy(started), "no time known");
        assert!(!stamp(started - 3_000_000_000).racy(started), "older than the resolution");
    }
}
