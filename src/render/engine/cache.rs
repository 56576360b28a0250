//! The engine's memory on disk, per output folder in `<root>/.gongjian/cache/`
//! (builds of one output take turns by its lock), so a build (CI restoring
//! `.gongjian/`) renders in proportion to the change.
//!
//! Two files: `engine-<output>.bin`, a line naming the binary's version and
//! the format, then the records and bodies in a compact binary encoding
//! (postcard) with every read's `Dep` stored once; and
//! `engine-<output>-<id>.texts`, the bodies' plain texts, which is also the
//! spool of the next build (new texts are written after the ones it holds,
//! so an unchanged body's text is never copied). A memory file of another
//! version, one that does not decode, or whose texts file is missing or
//! shorter than it says, is ignored (the build is then a full one) and
//! replaced after the build. The memory file is removed before the output is
//! swapped and written after: a build killed in between leaves no memory
//! that the output no longer matches.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CacheError, CachedBody, Dep, Memory};
use crate::render::spool::{self, Spool, Text};

mod stored;
use stored::{Stored, StoredReads};

/// Under the site's `.gongjian/`.
pub const CACHE_DIR: &str = "cache";

/// Bumped whenever what is stored changes meaning.
const FORMAT: u32 = 10;

/// What a texts file starts with: this, then its id (8 bytes, little-endian).
const TEXTS_MAGIC: &[u8; 8] = b"gjtexts\0";
const TEXTS_HEADER: u64 = 16;

/// The first line of a memory file, before the id of the save that wrote it.
fn header() -> String {
    format!("gongjian {} cache format {FORMAT} ", env!("CARGO_PKG_VERSION"))
}

/// A new id for each save (of any process), so a reader can tell whether
/// the file it read is still the one there (`saved_id`).
fn new_save_id() -> u64 {
    static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    crate::digest::digest_bytes(format!("{:?} {} {n}", std::time::SystemTime::now(), std::process::id()).as_bytes())
}

/// The id of the save that wrote the memory file of `output` (none: no
/// file, or not one of this version).
pub fn saved_id(state_dir: &Path, output: &Path) -> Option<u64> {
    let file = std::fs::File::open(file(state_dir, output)).ok()?;
    let mut first = Vec::new();
    std::io::Read::take(std::io::BufReader::new(file), 200).read_until(b'\n', &mut first).ok()?;
    id_in(&first)
}

/// The save id a memory file's first line names, if it is of this version.
fn id_in(first: &[u8]) -> Option<u64> {
    let id = first.strip_prefix(header().as_bytes())?.strip_suffix(b"\n")?;
    u64::from_str_radix(std::str::from_utf8(id).ok()?, 16).ok()
}

/// Where a memory kept on disk lies: its folder, the stem of its files
/// (per output folder) and the id of its texts file.
#[derive(Debug, Clone)]
pub struct Disk {
    dir: PathBuf,
    stem: String,
    id: u64,
}

impl Disk {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn stem(&self) -> &str {
        &self.stem
    }

    fn texts(&self) -> PathBuf {
        self.dir.join(format!("{}-{:016x}.texts", self.stem, self.id))
    }

    /// A new, empty texts file and the spool on it.
    pub fn create(dir: &Path, stem: &str) -> std::io::Result<(Disk, Spool)> {
        std::fs::create_dir_all(dir)?;
        let id = crate::digest::digest_bytes(
            format!("{:?} {}", std::time::SystemTime::now(), std::process::id()).as_bytes(),
        );
        let disk = Disk { dir: dir.to_path_buf(), stem: stem.to_string(), id };
        let file = open_rw(&disk.texts(), true)?;
        let mut head = TEXTS_MAGIC.to_vec();
        head.extend(id.to_le_bytes());
        spool::write_at(&file, &head, 0)?;
        Ok((disk, Spool::on(file, TEXTS_HEADER)))
    }

    /// The spool on this texts file, whose first `end` bytes it checks it holds.
    fn open(&self, end: u64) -> Result<Spool, CacheError> {
        let path = self.texts();
        let missing = || CacheError::TextsMissing { file: path.clone() };
        let file = open_rw(&path, false).map_err(|_| missing())?;
        let mut head = [0; TEXTS_HEADER as usize];
        let len = file.metadata().map_err(|_| missing())?.len();
        spool::read_at(&file, &mut head, 0).map_err(|_| missing())?;
        if len < end || head[..8] != TEXTS_MAGIC[..] || head[8..] != self.id.to_le_bytes() {
            return Err(missing());
        }
        Ok(Spool::on(file, end))
    }
}

fn open_rw(path: &Path, create: bool) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().read(true).write(true).create(create).truncate(create).open(path)
}

fn stem(output: &Path) -> String {
    format!("engine-{:016x}", crate::digest::digest_bytes(output.to_string_lossy().as_bytes()))
}

/// The memory file of the build of `output` (an absolute path).
pub fn file(state_dir: &Path, output: &Path) -> PathBuf {
    state_dir.join(CACHE_DIR).join(format!("{}.bin", stem(output)))
}

/// A new memory to be kept in `state_dir`, its texts file started (the
/// memory of a process when no file can be made).
pub fn fresh(state_dir: &Path, output: &Path) -> Memory {
    if !Spool::positioned() {
        return Memory::default();
    }
    match Disk::create(&state_dir.join(CACHE_DIR), &stem(output)) {
        Ok((disk, spool)) => Memory { texts: Arc::new(spool), disk: Some(disk), ..Memory::default() },
        Err(_) => Memory::default(),
    }
}

/// The memory kept in `state_dir`: `Ok(None)` when there is none, `Err`
/// with why it was ignored.
pub fn load(state_dir: &Path, output: &Path) -> Result<Option<Memory>, CacheError> {
    if !Spool::positioned() {
        return Ok(None);
    }
    let Ok(stored) = std::fs::File::open(file(state_dir, output)) else { return Ok(None) };
    let stored = read_stored(stored)?;
    let disk = Disk { dir: state_dir.join(CACHE_DIR), stem: stem(output), id: stored.texts_id };
    let texts = disk.open(stored.texts_end)?;
    stored.into_memory(texts, disk).map(Some).ok_or(CacheError::Damaged)
}

/// The memory file read whole and decoded from memory (decoding as it is
/// read called into the reader for every byte of every number: ~2 million
/// calls at 10,000 reports), or why it is ignored. The bytes are let go of
/// before the stages that reach a build's peak.
fn read_stored(mut file: std::fs::File) -> Result<Stored<'static, StoredReads, Vec<Dep>>, CacheError> {
    let unreadable = |why: String| CacheError::Unreadable { why };
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| unreadable(e.to_string()))?;
    let first =
        bytes.iter().take(200).position(|&b| b == b'\n').map_or(&bytes[..bytes.len().min(200)], |at| &bytes[..=at]);
    if id_in(first).is_none() {
        let version = String::from_utf8_lossy(&first[..first.len().min(80)]).trim_end().to_string();
        return Err(CacheError::OtherVersion { version });
    }
    postcard::from_bytes(&bytes[first.len()..]).map_err(|e| unreadable(e.to_string()))
}

/// Writes the memory into `state_dir` (atomically: a killed build leaves the
/// old one, or none), its texts all in its texts file; removes texts files
/// it no longer uses.
pub fn save(state_dir: &Path, output: &Path, memory: &mut Memory) -> std::io::Result<()> {
    save_aside(state_dir, output, memory)?.install()
}

/// A memory written beside its place (`save_aside`), put there by `install`
/// (a build writes it while its output is swapped in, and installs it after).
#[derive(Debug)]
pub struct SavedAside {
    tmp: PathBuf,
    path: PathBuf,
    texts: PathBuf,
    stem: String,
}

/// `save` up to its last step: the memory file is written beside its place.
pub fn save_aside(state_dir: &Path, output: &Path, memory: &mut Memory) -> std::io::Result<SavedAside> {
    let path = file(state_dir, output);
    let dir = state_dir.join(CACHE_DIR);
    if memory.disk.is_none() {
        let (disk, spool) = Disk::create(&dir, &stem(output))?;
        memory.move_texts(spool, Some(disk))?;
    }
    for t in memory.bodies.values_mut().flat_map(CachedBody::texts_mut) {
        if let Text::Kept { text, .. } = t {
            *t = memory.texts.put(text.to_string());
            if let Text::Kept { .. } = t {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
        }
    }
    let disk = memory.disk.clone().expect("set above");
    let tmp = path.with_extension("tmp");
    write_stored(&tmp, memory, disk.id)?;
    Ok(SavedAside { tmp, path, texts: disk.texts(), stem: disk.stem })
}

impl SavedAside {
    /// Puts the memory file in its place and removes texts files it does not use.
    pub fn install(self) -> std::io::Result<()> {
        std::fs::rename(&self.tmp, &self.path)?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        for e in std::fs::read_dir(dir)?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = name.starts_with(&self.stem) && (name.ends_with(".texts") || name.ends_with(".json"));
            if ours && e.path() != self.texts {
                let _ = std::fs::remove_file(e.path());
            }
        }
        Ok(())
    }

    /// Drops the memory written (its output was not swapped in).
    pub fn discard(self) {
        let _ = std::fs::remove_file(self.tmp);
    }
}

/// Writes the memory file straight into `tmp` through a small buffer: at
/// 10,000 reports it is ~34 MB, which as one vector (grown by doubling)
/// was the build's peak of memory.
fn write_stored(tmp: &Path, memory: &Memory, texts_id: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(tmp)?);
    file.write_all(format!("{}{:016x}\n", header(), new_save_id()).as_bytes())?;
    let file = stored::write(memory, texts_id, file)?;
    file.into_inner().map_err(std::io::IntoInnerError::into_error).map(drop)
}

/// Removes the memory file kept in `state_dir` (the output it describes is
/// being replaced); its texts file stays for the memory saved after.
pub fn set_aside(state_dir: &Path, output: &Path) {
    let _ = std::fs::remove_file(file(state_dir, output));
}

/// Removes the memory kept in `state_dir` and its texts (a build that did
/// not use it replaces the output it describes).
pub fn forget(state_dir: &Path, output: &Path) {
    set_aside(state_dir, output);
    let stem = stem(output);
    let Ok(entries) = std::fs::read_dir(state_dir.join(CACHE_DIR)) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&stem) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

impl Memory {
    /// Moves every body's text into `spool` (a memory's new texts file); on
    /// an error the memory is left as it was.
    pub(super) fn move_texts(&mut self, spool: Spool, disk: Option<Disk>) -> std::io::Result<()> {
        let mut moved = Vec::new();
        for b in self.bodies.values() {
            for t in std::iter::once(&b.text).chain(&b.html) {
                moved.push(match t {
                    Text::Spooled { .. } => spool.put(self.texts.read(t)?),
                    t => t.clone(),
                });
            }
        }
        let mut moved = moved.into_iter();
        for t in self.bodies.values_mut().flat_map(CachedBody::texts_mut) {
            *t = moved.next().unwrap_or_default();
        }
        (self.texts, self.disk) = (Arc::new(spool), disk.or(self.disk.take()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Output, Read};
    use super::*;
    use crate::markdown::Heading;
    use crate::render::chart::ChartRequest;

    #[test]
    fn a_memory_comes_back_as_it_was_saved_with_its_texts() {
        if !Spool::positioned() {
            return;
        }
        let state = tempfile::tempdir().unwrap();
        let output = state.path().join("public");
        let mut m = fresh(state.path(), &output);
        m.global = 7;
        let chart = ChartRequest::new(crate::charts::ChartKind::named("trend").unwrap());
        let reads: Vec<Read> = vec![
            (Dep::Page("content/reports/a.md".into()), 1),
            (Dep::CampaignAsOf("dg".into(), Some(738_000)), 2),
            (Dep::Chart(Arc::new(chart), Some("content/reports/a.md".into()), true), 3),
        ];
        let body = CachedBody {
            html: Some(m.texts.put("<p>东光县</p>".into())),
            summary: "东光县开工".into(),
            text: m.texts.put("东光县开工 38 个".into()),
            char_count: 9,
            reading_minutes: 1,
            headings: vec![Heading { level: 2, id: "a".into(), text: "一".into() }],
            charts: vec!["trend".into()],
            reads: reads[2..].to_vec(),
            digest: 42,
        };
        m.bodies.insert(5, body);
        let output_record = Output { reads: reads.clone(), files: vec!["reports/a/index.html".into()] };
        m.outputs.insert(output.clone(), [("reports/a/".to_string(), output_record)].into_iter().collect());
        m.keyed.views = Arc::new([(11, (12, reads[..1].into()))].into_iter().collect());
        m.keyed.open_data = Arc::new([(13, 14)].into_iter().collect());
        m.keyed.boxes = Arc::new([(15, 16)].into_iter().collect());
        m.keyed.charts = Arc::new([(17, 18)].into_iter().collect());
        save(state.path(), &output, &mut m).unwrap();
        let back = load(state.path(), &output).unwrap().expect("saved");
        assert_eq!(back.global, 7);
        let b = &back.bodies[&5];
        assert_eq!((b.summary.as_str(), b.char_count, b.digest, &b.reads), ("东光县开工", 9, 42, &reads[2..].to_vec()));
        assert_eq!((&b.headings, &b.charts), (&m.bodies[&5].headings, &m.bodies[&5].charts));
        assert_eq!(back.texts.get(&b.text), "东光县开工 38 个");
        assert_eq!(back.texts.get(b.html.as_ref().unwrap()), "<p>东光县</p>");
        let r = &back.outputs[&output]["reports/a/"];
        assert_eq!((&r.reads, &r.files), (&reads, &vec!["reports/a/index.html".to_string()]));
        let k = &back.keyed;
        assert_eq!(k.views[&11], (12, reads[..1].into()), "a view's digest and reads, by its key");
        assert_eq!((k.open_data[&13], k.boxes[&15], k.charts[&17], k.metas.len()), (14, 16, 18, 0));
        // The next build's texts go after the kept ones.
        assert_eq!(back.texts.end(), m.texts.end());
    }

    #[test]
    fn texts_no_body_holds_move_out_when_they_are_most_of_the_file() {
        let mut m = Memory::default();
        let big = "字".repeat((super::super::COMPACT_FROM / 3) as usize);
        let gone = m.texts.put(big.clone());
        let kept = m.texts.put("留下".into());
        m.bodies
            .insert(1, CachedBody { text: kept, html: Some(m.texts.put("<p>留</p>".into())), ..Default::default() });
        assert!(gone.spooled_len() > 0);
        m.compact_texts();
        let b = &m.bodies[&1];
        assert_eq!(m.texts.get(&b.text), "留下");
        assert_eq!(m.texts.get(b.html.as_ref().unwrap()), "<p>留</p>");
        assert!(m.texts.end() < 100, "{}", m.texts.end());
    }
}
