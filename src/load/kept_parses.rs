//! Reports' front-matter as earlier builds parsed it, kept in
//! `<root>/.gongjian/cache/front-matter.parses`, so a build reads and hashes
//! every file but parses the YAML only of those whose front-matter is new
//! (YAML parsing was most of a warm build's load).
//!
//! Keyed by the digest of the front-matter's text: the same text always
//! parses to the same value, whatever the file is called. A parse is kept
//! in its stored form (`kept_meta`), and only when reading that back gives
//! what the YAML gave (same serialised form, and for free `extra` values
//! the same `Debug` form too);
//! anything else is parsed every time. Everything a file is warned about
//! comes from checks made after parsing, which run on every build.
//!
//! The file is a version line, then records (key, length, check digest,
//! stored form). A build appends what it parsed; when most records are no longer
//! used, it writes the used ones afresh. A record is checked against its
//! digest when a build uses it (the ~25 MB are then hashed side by side, and
//! only the records used): one that does not check out is parsed again, one
//! cut short ends the file there, and a file of another version is replaced.

use crate::guard::lock;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::PageMeta;
use crate::digest::{digest_bytes, digest_debug, digest_value};

const FILE: &str = "front-matter.parses";

/// Bumped whenever what is stored changes meaning.
const FORMAT: u32 = 2;

fn header() -> String {
    format!("gongjian {} front-matter cache format {FORMAT}\n", env!("CARGO_PKG_VERSION"))
}

/// Key, length and digest of the stored form, before each record's stored form.
const RECORD_HEAD: usize = 8 + 4 + 8;

/// The kept parses of one site, for one load.
#[derive(Debug, Default)]
pub struct KeptParses {
    path: PathBuf,
    /// The file as read; `index` points into it.
    stored: Vec<u8>,
    /// Each kept record's stored form in `stored`, the digest it must have, and its place in `used`.
    index: crate::digest::DigestMap<(Range<usize>, u64, usize)>,
    /// Which records this load used.
    used: Vec<AtomicBool>,
    /// Where the last good record of `stored` ends (0: the file must be written afresh).
    good_end: usize,
    /// Parses made by this load, by key.
    added: Mutex<Vec<(u64, Arc<PageMeta>)>>,
}

impl KeptParses {
    /// The parses kept in `state_dir` (the site's `.gongjian/`); none when
    /// there are none, or they are of another version or damaged.
    pub fn open(state_dir: &Path) -> KeptParses {
        let path = state_dir.join(crate::render::engine::CACHE_DIR).join(FILE);
        let stored = std::fs::read(&path).unwrap_or_default();
        let head = header();
        if !stored.starts_with(head.as_bytes()) {
            return KeptParses { path, ..KeptParses::default() };
        }
        let (mut index, mut at, mut records) = (crate::digest::DigestMap::default(), head.len(), 0);
        // Of two records of one key (one parsed again after the other did not check out), the later.
        while let Some((key, record, check)) = record_at(&stored, at) {
            at = record.end;
            index.insert(key, (record, check, records));
            records += 1;
        }
        let used = (0..records).map(|_| AtomicBool::new(false)).collect();
        KeptParses { path, stored, index, used, good_end: at, ..KeptParses::default() }
    }

    /// Removes the parses and stamps kept in `state_dir` (`--no-cache` leaves no cache behind).
    pub fn forget(state_dir: &Path) {
        let _ = std::fs::remove_file(state_dir.join(crate::render::engine::CACHE_DIR).join(FILE));
        super::stamps::Stamps::forget(state_dir);
    }

    /// The front-matter `yaml` parses to, as kept.
    pub(super) fn page(&self, yaml: &str) -> Option<PageMeta> {
        let (record, check, n) = self.index.get(&key(yaml))?;
        let record = &self.stored[record.clone()];
        if digest_bytes(record) != *check {
            return None;
        }
        let meta = super::kept_meta::decode(record)?;
        self.used[*n].store(true, Ordering::Relaxed);
        Some(meta)
    }

    /// Keeps what `yaml` parsed to (checked and written by `save`).
    pub(super) fn keep(&self, yaml: &str, meta: &Arc<PageMeta>) {
        lock(&self.added).push((key(yaml), meta.clone()));
    }

    /// `save` (and the load's `stamps`) on a thread of its own: a first
    /// build parses every report, and checking and writing them all would
    /// lengthen its load by half. `saved` waits for it.
    pub(super) fn save_later(self, stamps: Option<super::stamps::Stamps>) {
        let file = self.path.clone();
        let mut saving = lock(&SAVING);
        let save = move || {
            self.save();
            if let Some(stamps) = stamps {
                stamps.save();
            }
        };
        // Where no thread can be started, the closure is dropped unrun: none is written.
        if let Ok(thread) = std::thread::Builder::new().name("front-matter".into()).spawn(save) {
            saving.push((file, thread));
        }
    }

    /// Writes what this load parsed anew, each parse only when its stored
    /// form reads back the same: appended, or, when most kept records went
    /// unused, the used ones and the new afresh. Each parse is written as
    /// it is stored, and let go then (a first build's are ~25 MB). A
    /// failure costs the next build its speed, nothing else.
    pub fn save(self) {
        let KeptParses { path, stored, index, used, good_end, added } = self;
        let added = added.into_inner().unwrap_or_else(|e| e.into_inner());
        let is_used = |n: usize| used[n].load(Ordering::Relaxed);
        let afresh = good_end == 0 || (0..used.len()).filter(|&n| is_used(n)).count() * 2 < used.len();
        if added.is_empty() && !afresh {
            return;
        }
        let added = added.into_iter().filter_map(|(key, meta)| Some((key, as_stored(&meta)?)));
        let _ = if afresh {
            let kept = index.iter().filter(|(_, (_, _, n))| is_used(*n));
            let mut kept: Vec<(u64, &[u8])> = kept.map(|(k, (record, _, _))| (*k, &stored[record.clone()])).collect();
            kept.sort_by_key(|(k, _)| *k);
            write_afresh(&path, &kept, added)
        } else {
            append(&path, good_end, added)
        };
    }
}

/// The builds' `save_later` still running, by the file they write.
static SAVING: Mutex<Vec<(PathBuf, std::thread::JoinHandle<()>)>> = Mutex::new(Vec::new());

/// Waits until the parses and stamps kept in `state_dir` are written (`save_later`).
pub fn saved(state_dir: &Path) {
    let path = state_dir.join(crate::render::engine::CACHE_DIR).join(FILE);
    let mut saving = lock(&SAVING);
    let (ours, others) = std::mem::take(&mut *saving).into_iter().partition(|(p, _)| *p == path);
    *saving = others;
    drop(saving);
    for (_, thread) in ours {
        let _ = thread.join();
    }
}

/// `meta` in its stored form, when reading that back gives the same value.
fn as_stored(meta: &PageMeta) -> Option<Vec<u8>> {
    let stored = super::kept_meta::encode(meta)?;
    let back = super::kept_meta::decode(&stored)?;
    // Every field serialises, so the value digest compares all of them
    // exactly (floats by their bits). Only free YAML values can differ
    // where their serialised forms agree (a tagged value comes back a
    // mapping), so they alone are compared by `Debug` too: the `Debug` text
    // of a whole front-matter escapes every Chinese character, a tenth of
    // a first build's CPU.
    let same = digest_value(&back) == digest_value(meta)
        && (meta.extra.is_empty() || digest_debug(&back.extra) == digest_debug(&meta.extra));
    same.then_some(stored)
}

/// A report's front-matter, as kept or parsed (and then kept).
pub(super) fn page_meta(
    rel: &Path,
    yaml: &str,
    yaml_line: usize,
    kept: Option<&KeptParses>,
) -> Result<Arc<PageMeta>, Vec<crate::diag::Diagnostic>> {
    if let Some(meta) = kept.and_then(|k| k.page(yaml)) {
        return Ok(Arc::new(meta));
    }
    let meta = Arc::new(super::typed(rel, yaml, yaml_line)?);
    if let Some(k) = kept {
        k.keep(yaml, &meta);
    }
    Ok(meta)
}

/// The key of a report's front-matter text.
fn key(yaml: &str) -> u64 {
    let mut bytes = Vec::with_capacity(yaml.len() + 5);
    bytes.extend_from_slice(b"page\0");
    bytes.extend_from_slice(yaml.as_bytes());
    digest_bytes(&bytes)
}

/// The record at `at`, if whole: its key, where its stored form lies and the
/// digest it must have (checked when it is used).
fn record_at(stored: &[u8], at: usize) -> Option<(u64, Range<usize>, u64)> {
    let head = stored.get(at..at + RECORD_HEAD)?;
    let key = u64::from_le_bytes(head[..8].try_into().ok()?);
    let len = u32::from_le_bytes(head[8..12].try_into().ok()?) as usize;
    let check = u64::from_le_bytes(head[12..].try_into().ok()?);
    let record = at + RECORD_HEAD..at.checked_add(RECORD_HEAD + len)?;
    stored.get(record.clone())?;
    Some((key, record, check))
}

fn put_record(out: &mut impl Write, key: u64, record: &[u8]) -> std::io::Result<()> {
    out.write_all(&key.to_le_bytes())?;
    out.write_all(&(record.len() as u32).to_le_bytes())?;
    out.write_all(&digest_bytes(record).to_le_bytes())?;
    out.write_all(record)
}

/// Appends `added` after the good records (cutting a damaged tail off).
fn append(path: &Path, good_end: usize, added: impl Iterator<Item = (u64, Vec<u8>)>) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.set_len(good_end as u64)?;
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(good_end as u64))?;
    let mut out = std::io::BufWriter::new(file);
    for (key, record) in added {
        put_record(&mut out, key, &record)?;
    }
    out.flush()
}

/// Writes `kept` and `added` into a new file (atomically).
fn write_afresh(
    path: &Path,
    kept: &[(u64, &[u8])],
    added: impl Iterator<Item = (u64, Vec<u8>)>,
) -> std::io::Result<()> {
    // Only into a state folder a build made (with its `.gitignore`).
    if let Some(dir) = path.parent().filter(|d| d.parent().is_some_and(Path::is_dir)) {
        std::fs::create_dir_all(dir)?;
    }
    crate::whole_file::replace(path, |out| {
        out.write_all(header().as_bytes())?;
        for (key, record) in kept {
            put_record(out, *key, record)?;
        }
        for (key, record) in added {
            put_record(out, key, &record)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: 东光县通报\ndate: 2021-08-10\ntags: 开局\ntittle: 错字\nmetrics:\n  new_projects: 77\n  rate: -0.0\n  nan: .nan\nprojects:\n  - {name: 钢厂, investment: 20, status: 在建, progress: 45}\n  - {id: b, name: 乙厂, started: 2021-02, industry: 钢铁, township: 开发区, responsible_unit: 发改局, completed_investment: 8.5}\ntargets:\n  - {name: 开工, target: 20, actual: 12, unit: 个}\nrankings:\n  - {name: 甘蔗街道, score: 96, grade: 优}\nweight: -3\nextra: {weather: 晴, 1: 一, list: [1, 2.5, null]}\n";

    fn parsed(yaml: &str) -> PageMeta {
        serde_yaml::from_str(yaml).unwrap()
    }

    /// What a page reads of its front-matter, and every field besides.
    fn same(a: &PageMeta, b: &PageMeta) -> bool {
        digest_value(a) == digest_value(b) && format!("{a:?}") == format!("{b:?}")
    }

    fn state() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cache")).unwrap();
        dir
    }

    const A: &str = "title: 甲\n";
    const B: &str = "title: 乙\n";

    /// A state folder whose parse file keeps `A` and `B`, and that file.
    fn two_kept() -> (tempfile::TempDir, PathBuf) {
        let state = state();
        let kept = KeptParses::open(state.path());
        kept.keep(A, &Arc::new(parsed(A)));
        kept.keep(B, &Arc::new(parsed(B)));
        kept.save();
        let file = state.path().join("cache").join(FILE);
        (state, file)
    }

    #[test]
    fn a_kept_parse_is_what_the_yaml_parses_to() {
        let state = state();
        let kept = KeptParses::open(state.path());
        assert!(kept.page(YAML).is_none(), "nothing kept yet");
        kept.keep(YAML, &Arc::new(parsed(YAML)));
        kept.save();
        let kept = KeptParses::open(state.path());
        let back = kept.page(YAML).expect("kept");
        assert!(same(&back, &parsed(YAML)), "{back:?}");
        assert_eq!(back.unknown.0, ["tittle"], "unknown keys are still found");
        assert!(kept.page("title: 另一篇\n").is_none(), "another text is parsed");
    }

    #[test]
    fn a_value_the_stored_form_cannot_give_back_is_not_kept() {
        let state = state();
        let kept = KeptParses::open(state.path());
        // A tagged YAML value has no JSON form of its own (it comes back a mapping).
        let yaml = "title: 甲\nextra:\n  w: !tagged 1\n";
        kept.keep(yaml, &Arc::new(parsed(yaml)));
        kept.save();
        assert!(KeptParses::open(state.path()).page(yaml).is_none());
    }

    #[test]
    fn records_after_a_damaged_one_and_files_of_another_version_are_not_read() {
        let (state, file) = two_kept();
        let (a, b) = (A, B);
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 1]).unwrap();
        let kept = KeptParses::open(state.path());
        assert!(kept.page(a).is_some() && kept.page(b).is_none(), "the cut record is dropped");
        // The next save writes after the last good record.
        kept.keep(b, &Arc::new(parsed(b)));
        kept.save();
        let kept = KeptParses::open(state.path());
        assert!(kept.page(a).is_some() && kept.page(b).is_some());
        std::fs::write(&file, [b"gongjian 0.0.1 front-matter cache format 0\n".as_slice(), &bytes].concat()).unwrap();
        assert!(KeptParses::open(state.path()).page(a).is_none(), "another version's file is ignored");
    }

    #[test]
    fn a_record_whose_bytes_changed_is_parsed_again() {
        let (state, file) = two_kept();
        let (a, b) = (A, B);
        let mut bytes = std::fs::read(&file).unwrap();
        // The first record's title, 甲 (E7 94 B2), becomes 由 (E7 94 B1): still a stored form, not what was kept.
        let at = bytes.windows(3).position(|w| w == "甲".as_bytes()).unwrap();
        bytes[at + 2] = 0xb1;
        std::fs::write(&file, &bytes).unwrap();
        let kept = KeptParses::open(state.path());
        assert!(kept.page(a).is_none(), "the changed record is not used");
        assert!(kept.page(b).is_some(), "the records after it are");
        // Parsed again, it is kept again.
        kept.keep(a, &Arc::new(parsed(a)));
        kept.save();
        let back = KeptParses::open(state.path()).page(a).expect("kept again");
        assert!(same(&back, &parsed(a)));
    }

    #[test]
    fn records_no_load_used_are_dropped_when_they_are_most_of_the_file() {
        let state = state();
        let kept = KeptParses::open(state.path());
        let texts: Vec<String> = (0..4).map(|i| format!("title: 第{i}篇\n")).collect();
        texts.iter().for_each(|t| kept.keep(t, &Arc::new(parsed(t))));
        kept.save();
        let kept = KeptParses::open(state.path());
        assert!(kept.page(&texts[0]).is_some());
        kept.save();
        let kept = KeptParses::open(state.path());
        assert_eq!(kept.index.len(), 1, "only the used record stays");
        assert!(kept.page(&texts[0]).is_some());
    }
}
