//! Load stage: walk `content/`, read every file, split and parse front-matter
//! into typed structs and validate each field on its own. Cross-file checks
//! (does the campaign exist, is the metric declared) belong to `model`.

mod decode;
mod error;
pub mod frontmatter;
mod ime;
mod kept_meta;
mod kept_parses;
pub mod ledger;
pub mod meta;
mod parsed;
pub mod schema;
mod source;
mod stamps;
mod survey;
mod typed;
pub mod units;
mod validate;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::load::Load;
pub use error::LoadError;
pub use kept_parses::{saved as parses_saved, KeptParses};
pub use meta::*;
pub use parsed::ParsedFiles;
pub use source::parse_source;
use source::{normalised, parse_kept, typed};
pub use stamps::Unread;

/// Files larger than this are refused: no report is this long, and a runaway
/// paste should fail loudly instead of slowing every build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A content file as read from disk: what reading it gave, shared (a
/// process that keeps its files, `ParsedFiles`, hands a kept one out
/// without copying it), and what later stages set on it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its path and text as read (fields read through `Deref`).
    pub text: std::sync::Arc<FileText>,
    pub kind: FileKind,
    /// Other files of a page bundle, relative to the root.
    pub assets: Vec<PathBuf>,
}

/// What reading a content file gave, but its typed front-matter.
#[derive(Debug)]
pub struct FileText {
    /// Path relative to the site root, as shown in messages (`content/reports/a.md`).
    pub path: PathBuf,
    /// Folder of the section it belongs to, relative to `content/` ("" is the home section).
    pub section: String,
    /// File stem, or folder name for a page bundle (`foo/index.md`).
    pub stem: String,
    /// The whole text (BOM removed, LF endings), for quoting lines in messages.
    pub source: std::sync::Arc<str>,
    /// Byte range of the front-matter YAML in `source`.
    pub yaml: std::ops::Range<usize>,
    pub yaml_line: usize,
    /// Byte range of the Markdown body in `source`.
    pub body: std::ops::Range<usize>,
    /// Digest of the text before the body (front-matter and all), made
    /// once when the file is parsed: what the model reads of it.
    pub head_digest: u64,
    /// Digest of the path and the whole text as decoded
    /// (`engine::body_key`): a page's body is kept by it.
    pub text_key: u64,
    /// Set when `source` holds only the text before the body (the file was
    /// taken unread, `stamps`): `read_again` reads the rest.
    pub unread: Option<std::sync::Arc<Unread>>,
    pub body_line: usize,
    /// Warnings from reading the text (full-width digits read as ASCII).
    pub notes: Vec<Diagnostic>,
    /// Metric values written with a unit (`52亿元`), to convert into the
    /// declared unit once the campaign is known.
    pub written_units: Vec<units::Written>,
}

impl std::ops::Deref for SourceFile {
    type Target = FileText;
    fn deref(&self) -> &FileText {
        &self.text
    }
}

impl SourceFile {
    /// Its front-matter; empty once the text went with `take_text(false)`.
    pub fn yaml(&self) -> &str {
        self.source.get(self.yaml.clone()).unwrap_or("")
    }
    pub fn body(&self) -> &str {
        self.body_of(&self.source)
    }
    /// Moves the whole text out, so the render stage can free it once the
    /// body is rendered (`body_of` finds the body in it); `source` keeps only
    /// the front-matter, for line numbers and quotes in later messages, and
    /// `body()` is empty from then on — unless the text is shared (with
    /// `ParsedFiles`), which cutting would not free: then it stays whole.
    /// Without `keep_head` (no stage reads the file after the render), the
    /// front-matter goes too: a copy of every report's (~15 MB at 10,000)
    /// is then not held while the lists are made. A file taken unread
    /// (`stamps`) keeps it: `read_again` puts its body after it.
    pub fn take_text(&mut self, keep_head: bool) -> std::sync::Arc<str> {
        // A text the parse kept by a process holds too would not be freed:
        // it stays whole (a save keeps every file).
        let only = std::sync::Arc::get_mut(&mut self.text).filter(|t| std::sync::Arc::strong_count(&t.source) == 1);
        let Some(text) = only else { return self.source.clone() };
        let head = if keep_head || text.unread.is_some() { &text.source[..text.body.start] } else { "" };
        let head = std::sync::Arc::from(head);
        std::mem::replace(&mut text.source, head)
    }
    /// The Markdown body within `text`, this file's text from `take_text`.
    pub fn body_of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.body.clone()).unwrap_or("")
    }
    /// File line where the value at `path` is written (line of the front-matter start if not found).
    pub fn line_of(&self, path: &[frontmatter::Seg]) -> usize {
        frontmatter::locate(self.yaml(), path).map(|l| l + self.yaml_line - 1).unwrap_or(1)
    }
}

/// The front-matter as typed. Shared with the parse a process keeps
/// (`ParsedFiles`), so handing out a kept file does not copy it.
#[derive(Debug, Clone)]
pub enum FileKind {
    Page(std::sync::Arc<PageMeta>),
    Campaign(std::sync::Arc<CampaignMeta>),
    Section(SectionMeta),
}

/// Everything the load stage hands on.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub files: Vec<SourceFile>,
    /// Non-Markdown files inside `content/` (copied next to their pages).
    pub content_assets: Vec<PathBuf>,
    /// Digest of the ledger rows that joined reports' `projects`.
    pub ledgers: u64,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_keeping(root, diags, None)
}

/// `load`, taking the files whose bytes did not change from `parsed` (and
/// keeping this load's files there for the next). When `parsed` is told of
/// changes (`ParsedFiles::told`), only the files it was told of are read.
pub fn load_keeping(root: &Path, diags: &mut Diagnostics, parsed: Option<&ParsedFiles>) -> Loaded {
    load_with(root, diags, parsed, None)
}

/// `load_keeping`, taking reports' front-matter parsed by earlier builds
/// from the cache in `state_dir` (the site's `.gongjian/`; `None`: no cache)
/// and adding this load's parses to it (written meanwhile: `parses_saved`).
pub fn load_with(
    root: &Path,
    diags: &mut Diagnostics,
    parsed: Option<&ParsedFiles>,
    state_dir: Option<&Path>,
) -> Loaded {
    // The kept parses (~25 MB at 10,000 reports), the stamps and the
    // listing of the content folder are made side by side: all three come
    // before any file is read.
    let started = parsed::now_nanos();
    let keeping = state_dir.filter(|_| parsed.is_none());
    let open = |d| rayon::join(|| KeptParses::open(d), || stamps::Stamps::open(d, started));
    let (kept, survey) = rayon::join(|| state_dir.map(open), || survey::survey(root, diags, parsed));
    let (kept, stamps) = kept.unzip();
    // A process that keeps its files (`serve`) knows which changed: it takes none unread.
    let stamps = stamps.filter(|_| keeping.is_some()).map(|s| s.decoding(survey.config.decode_gbk));
    let loaded = load_reading(root, diags, parsed, (kept.as_ref(), stamps.as_ref()), survey);
    if let Some(kept) = kept {
        kept.save_later(stamps);
    }
    loaded
}

fn load_reading(
    root: &Path,
    diags: &mut Diagnostics,
    parsed: Option<&ParsedFiles>,
    (kept, stamps): (Option<&KeptParses>, Option<&stamps::Stamps>),
    survey: survey::Survey,
) -> Loaded {
    let survey::Survey { config, content, reread, listing } = survey;
    let parsed::Listing { md, other, notes, .. } = &*listing;
    diags.extend(notes.clone());
    // Page bundles: non-Markdown files in a folder holding index.md belong to that page.
    let bundle_dirs: std::collections::BTreeSet<PathBuf> =
        md.iter().filter(|p| is_bundle_index(p)).filter_map(|p| p.parent().map(Path::to_path_buf)).collect();
    let (bundle_assets, content_assets): (Vec<&PathBuf>, Vec<&PathBuf>) =
        other.iter().partition(|p| p.parent().is_some_and(|d| bundle_dirs.contains(d)));

    if !config.unsafe_html {
        for path in bundle_assets.iter().chain(&content_assets).copied() {
            walk::refuse_active_markup(root, path, diags);
        }
    }
    let at = Reading { root, content: &content, config: &config, parsed, kept, stamps };
    // Files not told to change are kept as they are: a copy for this build.
    let to_read = parsed.map_or_else(|| vec![true; md.len()], |p| p.to_read(&listing, &reread));
    let read: Vec<Result<parsed::Kept, Vec<Diagnostic>>> =
        md.par_iter().zip(&to_read).filter(|(_, &again)| again).map(|(p, _)| at.file(p)).collect();
    if let Some(parsed) = parsed {
        parsed.finish();
    }
    let mut files = match parsed {
        Some(p) => p.with_files(|last| gathered(&to_read, read, last, diags)),
        None => gathered(&to_read, read, &[], diags),
    };
    for f in &mut files {
        if is_bundle_index(&f.path) {
            let dir = root.join(f.path.parent().unwrap_or(Path::new("")));
            f.assets = bundle_assets
                .iter()
                .filter(|a| a.parent() == Some(dir.as_path()))
                .map(|a| crate::diag::rel(root, a))
                .collect();
        }
    }
    convert_units(&mut files, diags);
    let ledgers = ledger::join(root, &mut files, diags);
    Loaded {
        ledgers,
        root: root.to_path_buf(),
        config,
        files,
        content_assets: content_assets.iter().map(|a| crate::diag::rel(root, a)).collect(),
    }
}

/// Whether `path` is a page bundle's `index.md`, told by its last bytes: a
/// save's load asks it of every file, where parsing each path's
/// components took ~1.5 ms at 10,000 reports.
fn is_bundle_index(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.strip_suffix(b"index.md").is_some_and(|folder| match folder.last() {
        Some(&b) => std::path::is_separator(b as char),
        None => true,
    })
}

/// The files of a load in its listing's order: where `to_read`, the next
/// of `read`, else the one `last` keeps (copied); their checks go to `diags`.
fn gathered(
    to_read: &[bool],
    read: Vec<Result<parsed::Kept, Vec<Diagnostic>>>,
    last: &[Option<parsed::Kept>],
    diags: &mut Diagnostics,
) -> Vec<SourceFile> {
    let mut files = Vec::with_capacity(to_read.len());
    let mut read = read.into_iter();
    for (i, &again) in to_read.iter().enumerate() {
        if !again {
            let Some(k) = last.get(i).and_then(Option::as_ref) else { continue };
            diags.extend(k.checks.clone());
            files.extend(k.read.as_ref().ok().cloned());
            continue;
        }
        match read.next() {
            Some(Ok(k)) => {
                diags.extend(k.checks);
                files.extend(k.read.ok());
            }
            Some(Err(ds)) => ds.into_iter().for_each(|d| diags.push(d)),
            None => {}
        }
    }
    files
}

/// Metric values written with a unit become numbers in the unit their
/// campaign declares (`120000万元` in an 亿元 metric is 12).
fn convert_units(files: &mut [SourceFile], diags: &mut Diagnostics) {
    let declared: std::collections::HashMap<String, indexmap::IndexMap<String, String>> = files
        .iter()
        .filter_map(|f| match &f.kind {
            FileKind::Campaign(c) => Some((
                f.stem.clone(),
                c.metrics.iter().map(|(k, d)| (k.clone(), d.unit.clone().unwrap_or_default())).collect(),
            )),
            _ => None,
        })
        .collect();
    for f in files.iter_mut().filter(|f| !f.written_units.is_empty()) {
        let (path, yaml_line, source) = (f.path.clone(), f.yaml_line, f.source.clone());
        let FileKind::Page(m) = &mut f.kind else { continue };
        let m = std::sync::Arc::make_mut(m);
        let units = m.campaign.as_ref().and_then(|c| declared.get(c));
        for w in &f.text.written_units {
            // An undeclared metric is reported by the model with the declared keys.
            let (Some(to), Some(v)) = (units.and_then(|u| u.get(&w.key)), m.metrics.get_mut(&w.key)) else { continue };
            match units::convert(*v, &w.unit, to) {
                Some(x) => *v = x,
                None => diags.push(
                    Diagnostic::error(
                        &path,
                        w.line + yaml_line - 1,
                        Load::UnitMismatch { text: w.text.clone(), from: w.unit.clone(), to: to.clone() },
                    )
                    .field(format!("metrics.{}", w.key))
                    .quoting(&source)
                    .hint(Load::UnitMismatchHint { to: to.clone() }),
                ),
            }
        }
    }
}

/// The checks of one file's fields on their own (dates, enums, ranges, required fields).
pub fn validate_file(f: &SourceFile, diags: &mut Diagnostics) {
    f.notes.iter().cloned().for_each(|d| diags.push(d));
    validate::file(f, diags);
}

/// What reading a content file needs.
struct Reading<'a> {
    root: &'a Path,
    content: &'a Path,
    config: &'a SiteConfig,
    parsed: Option<&'a ParsedFiles>,
    kept: Option<&'a KeptParses>,
    stamps: Option<&'a stamps::Stamps>,
}

impl Reading<'_> {
    /// The file at `path` parsed with its fields' checks, or why it cannot
    /// be read; kept from the last load when its bytes are the same.
    fn file(&self, path: &Path) -> Result<parsed::Kept, Vec<Diagnostic>> {
        let rel = crate::diag::rel(self.root, path);
        let _at = crate::guard::working_on(&rel);
        if let Some(f) = self.stamps.and_then(|s| s.unread(&rel, path, self.kept)) {
            let mut checks = Diagnostics::default();
            validate_file(&f, &mut checks);
            return Ok(parsed::Kept { digest: 0, stamp: (0, 0), read: Ok(f), checks });
        }
        let err = |msg: Load| vec![Diagnostic::error(rel.clone(), 0, msg)];
        let cannot_read = |e: std::io::Error| err(Load::CannotRead { why: e.to_string() });
        // Opened once, its length and time taken from the open file: a
        // stat by path less for each of 10,000 files.
        let mut file = std::fs::File::open(path).map_err(cannot_read)?;
        let meta = file.metadata().map_err(cannot_read)?;
        if meta.len() > MAX_FILE_BYTES {
            let mb = format!("{:.1}", meta.len() as f64 / 1048576.0);
            let d = Diagnostic::error(rel.clone(), 0, Load::TooLarge { mb, limit: MAX_FILE_BYTES / 1048576 });
            return Err(vec![d.hint(Load::TooLargeHint)]);
        }
        let stamp = (meta.len(), crate::write::mtime_of(&meta));
        let full_stamp = stamps::Stamp::of(&meta);
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
        drop(file);
        // Only a process that keeps files (`serve`) looks them up by it.
        let digest = self.parsed.map_or(0, |_| parsed::digest(&bytes, self.config.decode_gbk));
        if let Some(kept) = self.parsed.and_then(|p| p.get(path, digest, stamp)) {
            return Ok(kept);
        }
        let read = parse_bytes(rel, self.content, path, bytes, self.config, self.kept);
        let mut checks = Diagnostics::default();
        match &read {
            Ok(f) => {
                validate_file(f, &mut checks);
                if let Some(stamps) = self.stamps {
                    stamps.note_read(full_stamp, f);
                }
            }
            Err(ds) => ds.iter().cloned().for_each(|d| checks.push(d)),
        }
        let kept = parsed::Kept { digest, stamp, read, checks };
        if let Some(parsed) = self.parsed {
            parsed.put(path, &kept);
        }
        Ok(kept)
    }
}

fn parse_bytes(
    rel: PathBuf,
    content: &Path,
    path: &Path,
    bytes: Vec<u8>,
    config: &SiteConfig,
    kept: Option<&KeptParses>,
) -> parsed::ReadResult {
    let text = decode::decode(bytes, config.decode_gbk)
        .map_err(|(line, msg, hint)| vec![Diagnostic::error(rel.clone(), line, msg).hint(hint)])?;
    parse_kept(rel, path.strip_prefix(content).unwrap_or(path), text, kept)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The byte test says what the path's file name says.
    #[test]
    fn a_bundle_index_is_told_as_its_file_name_tells_it() {
        let sep = std::path::MAIN_SEPARATOR;
        for p in [
            "index.md".to_string(),
            "content/index.md".into(),
            "content/news/a/index.md".into(),
            format!("content{sep}a{sep}index.md"),
            "content/a/xindex.md".into(),
            "content/a/index.md.bak".into(),
            "content/a/index.mdx".into(),
            "content/index.md/b.md".into(),
            "content/新闻/index.md".into(),
            "content/新闻index.md".into(),
            "".into(),
        ] {
            let by_name = Path::new(&p).file_name().is_some_and(|n| n == "index.md");
            assert_eq!(super::is_bundle_index(Path::new(&p)), by_name, "{p}");
        }
    }
}
