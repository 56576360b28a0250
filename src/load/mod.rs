//! Load stage: walk `content/`, read every file, split and parse front-matter
//! into typed structs and validate each field on its own. Cross-file checks
//! (does the campaign exist, is the metric declared) belong to `model`.

mod error;
pub mod frontmatter;
mod ime;
pub mod ledger;
pub mod meta;
mod parsed;
pub mod schema;
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
use frontmatter::split;
pub use meta::*;
pub use parsed::ParsedFiles;

/// Files larger than this are refused: no report is this long, and a runaway
/// paste should fail loudly instead of slowing every build.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A content file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages (`content/reports/a.md`).
    pub path: PathBuf,
    /// Folder of the section it belongs to, relative to `content/` ("" is the home section).
    pub section: String,
    /// File stem, or folder name for a page bundle (`foo/index.md`).
    pub stem: String,
    pub kind: FileKind,
    /// The whole text (BOM removed, LF endings), for quoting lines in messages.
    pub source: String,
    /// Byte range of the front-matter YAML in `source`.
    pub yaml: std::ops::Range<usize>,
    pub yaml_line: usize,
    /// Byte range of the Markdown body in `source`.
    pub body: std::ops::Range<usize>,
    pub body_line: usize,
    /// Other files of a page bundle, relative to the root.
    pub assets: Vec<PathBuf>,
    /// Warnings from reading the text (full-width digits read as ASCII).
    pub notes: Vec<Diagnostic>,
    /// Metric values written with a unit (`52亿元`), to convert into the
    /// declared unit once the campaign is known.
    pub written_units: Vec<units::Written>,
}

impl SourceFile {
    pub fn yaml(&self) -> &str {
        &self.source[self.yaml.clone()]
    }
    pub fn body(&self) -> &str {
        self.body_of(&self.source)
    }
    /// Moves the whole text out, so the render stage can free it once the
    /// body is rendered (`body_of` finds the body in it); `source` keeps only
    /// the front-matter, for line numbers and quotes in later messages, and
    /// `body()` is empty from then on.
    pub fn take_text(&mut self) -> String {
        let head = self.source[..self.body.start].to_string();
        std::mem::replace(&mut self.source, head)
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

#[derive(Debug, Clone)]
pub enum FileKind {
    Page(Box<PageMeta>),
    Campaign(Box<CampaignMeta>),
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
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_keeping(root, diags, None)
}

/// `load`, taking the files whose bytes did not change from `parsed` (and
/// keeping this load's files there for the next).
pub fn load_keeping(root: &Path, diags: &mut Diagnostics, parsed: Option<&ParsedFiles>) -> Loaded {
    let config = SiteConfig::load(root, diags);
    let content = root.join("content");
    let mut md = Vec::new();
    let mut other = Vec::new();
    if !content.is_dir() {
        diags.push(Diagnostic::error("content", 0, Load::NoContentFolder).hint(Load::NoContentFolderHint));
    }
    for path in walk::site_files(root, &content, walk::OutsideLink::Warn, diags) {
        if path.extension().is_some_and(|x| x == "md") {
            md.push(path);
        } else {
            other.push(path);
        }
    }
    // Page bundles: non-Markdown files in a folder holding index.md belong to that page.
    let bundle_dirs: std::collections::BTreeSet<PathBuf> = md
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    let (bundle_assets, content_assets): (Vec<PathBuf>, Vec<PathBuf>) =
        other.into_iter().partition(|p| p.parent().is_some_and(|d| bundle_dirs.contains(d)));

    if !config.unsafe_html {
        for path in bundle_assets.iter().chain(&content_assets) {
            walk::refuse_active_markup(root, path, diags);
        }
    }
    let results: Vec<Result<SourceFile, Vec<Diagnostic>>> =
        md.par_iter().map(|p| read_file(root, &content, p, &config, parsed)).collect();
    if let Some(parsed) = parsed {
        parsed.finish();
    }
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    for f in &mut files {
        if f.path.file_name().is_some_and(|n| n == "index.md") {
            let dir = root.join(f.path.parent().unwrap_or(Path::new("")));
            f.assets = bundle_assets
                .iter()
                .filter(|a| a.parent() == Some(dir.as_path()))
                .map(|a| crate::diag::rel(root, a))
                .collect();
        }
    }
    // Checked in parallel, reported in file order.
    let checked: Vec<Diagnostics> = files
        .par_iter()
        .map(|f| {
            let mut d = Diagnostics::default();
            validate_file(f, &mut d);
            d
        })
        .collect();
    checked.into_iter().for_each(|d| diags.extend(d));
    convert_units(&mut files, diags);
    read_ledgers(root, &mut files, diags);
    Loaded {
        root: root.to_path_buf(),
        config,
        files,
        content_assets: content_assets.iter().map(|a| crate::diag::rel(root, a)).collect(),
    }
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
        let units = m.campaign.as_ref().and_then(|c| declared.get(c));
        for w in &f.written_units {
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

/// Rows of each report's `projects_file` (else its campaign's) join its
/// projects (after field validation: ledger cells are checked with their
/// row and column). A ledger several reports share is read, and its errors
/// reported, once.
fn read_ledgers(root: &Path, files: &mut [SourceFile], diags: &mut Diagnostics) {
    let campaigns: std::collections::HashMap<&str, (&Path, &CampaignMeta)> = files
        .iter()
        .filter_map(|f| match &f.kind {
            FileKind::Campaign(c) => Some((f.stem.as_str(), (f.path.as_path(), &**c))),
            _ => None,
        })
        .collect();
    let none = indexmap::IndexMap::new();
    // (file naming the ledger, ledger, sheet, campaign for `columns:`) → reports reading it.
    type Key<'a> = (&'a Path, &'a str, Option<&'a str>, Option<&'a str>);
    let mut readers: std::collections::BTreeMap<Key, Vec<usize>> = Default::default();
    for (i, f) in files.iter().enumerate() {
        let FileKind::Page(m) = &f.kind else { continue };
        let campaign = m.campaign.as_deref().and_then(|c| campaigns.get(c).map(|x| (c, x)));
        let (owner, file) = match (m.projects_file.as_deref(), campaign) {
            (Some(file), _) => (f.path.as_path(), file),
            (None, Some((_, (path, c)))) => match c.projects_file.as_deref() {
                Some(file) => (*path, file),
                None => continue,
            },
            (None, None) => continue,
        };
        // `projects_file: ""` keeps a report (a kickoff article) off its campaign's ledger.
        if file.trim().is_empty() {
            continue;
        }
        let sheet = m.sheet.as_deref().or_else(|| campaign.and_then(|(_, (_, c))| c.sheet.as_deref()));
        readers.entry((owner, file, sheet, campaign.map(|(id, _)| id))).or_default().push(i);
    }
    let read: Vec<(Vec<usize>, Vec<ProjectEntry>, Diagnostics)> = readers
        .into_par_iter()
        .map(|((owner, file, sheet, campaign), reports)| {
            let cols = campaign.and_then(|c| campaigns.get(c)).map_or(&none, |(_, c)| &c.columns);
            let at = ledger::LedgerRef { report: owner, file, sheet, columns: cols };
            let mut d = Diagnostics::default();
            let rows = ledger::read(root, &at, &mut d);
            (reports, rows, d)
        })
        .collect();
    for (reports, rows, mut d) in read {
        for i in reports {
            let f = &mut files[i];
            let line = f.line_of(&[frontmatter::Seg::Key("projects_file")]);
            if let FileKind::Page(m) = &mut f.kind {
                ledger::merge(&f.path, line, &mut m.projects, rows.clone(), &mut d);
            }
        }
        diags.extend(d);
    }
}

/// The checks of one file's fields on their own (dates, enums, ranges, required fields).
pub fn validate_file(f: &SourceFile, diags: &mut Diagnostics) {
    f.notes.iter().cloned().for_each(|d| diags.push(d));
    validate::file(f, diags);
}

fn read_file(
    root: &Path,
    content: &Path,
    path: &Path,
    config: &SiteConfig,
    parsed: Option<&ParsedFiles>,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let rel = crate::diag::rel(root, path);
    let _at = crate::guard::working_on(&rel);
    let err = |msg: Load| vec![Diagnostic::error(rel.clone(), 0, msg)];
    let meta = std::fs::metadata(path).map_err(|e| err(Load::CannotRead { why: e.to_string() }))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            rel.clone(),
            0,
            Load::TooLarge { mb: format!("{:.1}", meta.len() as f64 / 1048576.0), limit: MAX_FILE_BYTES / 1048576 },
        )
        .hint(Load::TooLargeHint)]);
    }
    let bytes = std::fs::read(path).map_err(|e| err(Load::CannotRead { why: e.to_string() }))?;
    let Some(parsed) = parsed else { return parse_bytes(rel, content, path, bytes, config) };
    let digest = parsed::digest(&bytes, config.decode_gbk);
    if let Some(read) = parsed.get(path, digest) {
        return read;
    }
    let read = parse_bytes(rel, content, path, bytes, config);
    parsed.put(path, digest, &read);
    read
}

fn parse_bytes(rel: PathBuf, content: &Path, path: &Path, bytes: Vec<u8>, config: &SiteConfig) -> parsed::ReadResult {
    let text = decode(bytes, config.decode_gbk)
        .map_err(|(line, msg, hint)| vec![Diagnostic::error(rel.clone(), line, msg).hint(hint)])?;
    parse_source(rel, path.strip_prefix(content).unwrap_or(path), text)
}

/// Parses one content file's text (BOM and CRLF allowed). `rel_in_content`
/// is its path under `content/` (it decides the section and kind); `rel` is
/// the path shown in messages. Field validation is not included (see `validate_file`).
pub fn parse_source(rel: PathBuf, rel_in_content: &Path, text: String) -> Result<SourceFile, Vec<Diagnostic>> {
    let path = rel_in_content;
    let mut text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = rel_in_content.parent().unwrap_or(Path::new(""));
    let is_bundle = file_name == "index.md";
    let is_section = file_name == "_index.md";
    let section_dir = if is_bundle { parent.parent().unwrap_or(Path::new("")) } else { parent };
    let section = section_dir.to_string_lossy().replace('\\', "/");
    let stem = if is_bundle {
        parent.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    };
    if text.trim().is_empty() && !is_section {
        return Err(vec![Diagnostic::error(rel, 0, Load::EmptyFile).hint(Load::EmptyFileHint)]);
    }
    let s = split(&text)
        .map_err(|m| vec![Diagnostic::error(rel.clone(), 1, m.to_string()).quoting(&text).hint(Load::UnclosedHint)])?;
    let (yaml_line, has_fm) = (s.yaml_line, s.has_front_matter);
    let ime::Read { yaml: read_as, slips, units: written_units } = ime::read(s.yaml);
    let slip = |x: &ime::Slip| {
        let line = x.line + yaml_line - 1;
        let d = if x.error {
            Diagnostic::error(&rel, line, x.message.clone())
        } else {
            Diagnostic::warning(&rel, line, x.message.clone())
        };
        d.column(x.column).quoting(&text).hint(x.hint.clone())
    };
    if slips.iter().any(|x| x.error) {
        return Err(slips.iter().filter(|x| x.error).map(slip).collect());
    }
    let notes: Vec<Diagnostic> = slips.iter().map(slip).collect();
    // Full-width digits were read as ASCII: the file's text is kept as read.
    if let std::borrow::Cow::Owned(yaml) = read_as {
        let start = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + s.yaml.len();
        text = format!("{}{yaml}{}", &text[..start], &text[end..]);
    }
    let s = split(&text).expect("split before");
    let base = text.as_ptr() as usize;
    let yaml = (s.yaml.as_ptr() as usize - base)..(s.yaml.as_ptr() as usize - base + s.yaml.len());
    let body = (s.body.as_ptr() as usize - base)..text.len();
    let body_line = s.body_line;
    let yaml_text = &text[yaml.clone()];
    let is_campaign = section == "campaigns" && !is_section;
    if !has_fm && !is_section {
        return Err(vec![Diagnostic::error(rel.clone(), 1, Load::NoFrontMatter)
            .quoting(&text)
            .hint(Load::NoFrontMatterHint)]);
    }
    if let Some((line, col)) = frontmatter::too_deep(yaml_text) {
        return Err(vec![Diagnostic::error(
            rel.clone(),
            line + yaml_line - 1,
            Load::TooDeep { max: frontmatter::MAX_FLOW_DEPTH },
        )
        .column(col)
        .hint(Load::TooDeepHint)]);
    }
    let empty = yaml_text.trim().is_empty();
    let kind = if is_section {
        FileKind::Section(if empty { SectionMeta::default() } else { typed(&rel, yaml_text, yaml_line)? })
    } else if is_campaign {
        FileKind::Campaign(Box::new(if empty { CampaignMeta::default() } else { typed(&rel, yaml_text, yaml_line)? }))
    } else {
        FileKind::Page(Box::new(if empty { PageMeta::default() } else { typed(&rel, yaml_text, yaml_line)? }))
    };
    Ok(SourceFile {
        path: rel,
        section,
        stem,
        kind,
        source: text,
        yaml,
        yaml_line,
        body,
        body_line,
        assets: Vec::new(),
        notes,
        written_units,
    })
}

/// The front-matter as `T`, or every error in it.
fn typed<T: serde::de::DeserializeOwned>(rel: &Path, yaml: &str, yaml_line: usize) -> Result<T, Vec<Diagnostic>> {
    serde_yaml::from_str(yaml).map_err(|e| typed::all_errors::<T>(rel, yaml, yaml_line - 1, e))
}

type DecodeError = (usize, String, String);

/// Content must be UTF-8. Word on Chinese Windows often saves GBK, which is
/// named as such (or decoded, when the site opts in with `decode_gbk: true`);
/// Notepad's "Unicode" (UTF-16) and Java's CESU-8 are named too, so the hint
/// fits. Only text that reads as GB2312-range GBK is decoded: GBK accepts
/// almost any byte pairs, so Big5 or Latin-1 would otherwise become mojibake.
fn decode(bytes: Vec<u8>, decode_gbk: bool) -> Result<String, DecodeError> {
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return Ok(s),
        Err(e) => e.into_bytes(),
    };
    let valid_up_to = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to()).unwrap_or(0);
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    let save_utf8 = "save it as \"UTF-8\" in your editor (WPS/Word: 另存为 → 编码 UTF-8)";
    let fail = |line: usize, msg: &str, hint: &str| Err((line, msg.to_string(), hint.to_string()));
    if looks_utf16(&bytes) {
        return fail(0, "file is UTF-16 (Notepad's \"Unicode\"), not UTF-8", save_utf8);
    }
    if is_cesu8_at(&bytes, valid_up_to) {
        return fail(
            line,
            "file is CESU-8 (Java's modified UTF-8): a character beyond U+FFFF is written as two surrogate halves",
            "save it again as standard UTF-8; a Java tool that wrote it should use StandardCharsets.UTF_8",
        );
    }
    let (text, _, had_errors) = encoding_rs::GBK.decode(&bytes);
    let looks_gbk = !had_errors && mostly_gb2312(&bytes);
    if looks_gbk && decode_gbk {
        return Ok(text.into_owned());
    }
    if looks_gbk {
        fail(
            line,
            "file is not UTF-8; it looks like GBK (GB2312), as saved by Word or Notepad on Chinese Windows",
            "convert it with `iconv -f GBK -t UTF-8 FILE > FILE.new`, save it as \"UTF-8\" in your editor, or set `decode_gbk: true` in site.yaml",
        )
    } else {
        fail(line, "file is not UTF-8 text (nor GBK: perhaps Big5, Latin-1 or a binary file)", save_utf8)
    }
}

/// A UTF-16 byte order mark, or NUL bytes in every other place of the first
/// bytes (ASCII text in UTF-16).
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(200) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    head.len() >= 8 && (zeros(0) * 2 > head.len() / 2 || zeros(1) * 2 > head.len() / 2)
}

/// A surrogate half (ED A0..BF ..) where UTF-8 decoding stopped.
fn is_cesu8_at(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&0xED) && bytes.get(at + 1).is_some_and(|b| (0xA0..=0xBF).contains(b))
}

/// Most two-byte characters fall in GB2312's rows (lead and trail A1..FE);
/// text in another encoding read as GBK lands mostly in the GBK extension rows.
fn mostly_gb2312(bytes: &[u8]) -> bool {
    let (mut core, mut extension) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&trail) {
            core += 1;
        } else {
            extension += 1;
        }
        i += 2;
    }
    core > 0 && extension * 5 <= core
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn encodings_are_named_right() {
        let (gbk, _, _) = encoding_rs::GBK.encode("东光县第七轮百日攻坚，新开工项目77个。");
        assert_eq!(decode(gbk.to_vec(), true).unwrap(), "东光县第七轮百日攻坚，新开工项目77个。");
        assert!(decode(gbk.to_vec(), false).unwrap_err().1.contains("GBK"));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("标题".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(decode(utf16, true).unwrap_err().1.contains("UTF-16"));
        // U+1F600 as two CESU-8 surrogate halves.
        let cesu = b"title: x\n\xED\xA0\xBD\xED\xB8\x80\n".to_vec();
        let e = decode(cesu, true).unwrap_err();
        assert!(e.1.contains("CESU-8") && e.0 == 2, "{e:?}");
        let (big5, _, _) = encoding_rs::BIG5.encode("東光縣第七輪百日攻堅，新開工項目七十七個。");
        let e = decode(big5.to_vec(), true).unwrap_err();
        assert!(!e.1.contains("looks like GBK"), "Big5 is not decoded as GBK: {e:?}");
    }
}
