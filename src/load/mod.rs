//! Load stage: walk `content/`, read every file, split and parse front-matter
//! into typed structs and validate each field on its own. Cross-file checks
//! (does the campaign exist, is the metric declared) belong to `model`.

pub mod frontmatter;
pub mod meta;
mod validate;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use frontmatter::{split, yaml_error};
pub use meta::*;

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
    /// This file parsed again from `text` (what it holds now), as the load
    /// stage parsed it; field validation is not included.
    pub fn reparse(&self, text: String) -> Result<SourceFile, Vec<Diagnostic>> {
        let in_content = self.path.strip_prefix("content").unwrap_or(&self.path).to_path_buf();
        parse_source(self.path.clone(), &in_content, text)
    }
    /// The same front-matter at the same lines (so the model and every line
    /// number in messages stay as they were).
    pub fn same_front_matter(&self, other: &SourceFile) -> bool {
        self.yaml() == other.yaml() && self.yaml_line == other.yaml_line && self.body_line == other.body_line
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
    let config = SiteConfig::load(root, diags);
    let content = root.join("content");
    let mut md = Vec::new();
    let mut other = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", 0, "no content/ folder here")
                .hint("run gongjian in the site's folder, pass --root DIR, or create one with `gongjian init DIR`"),
        );
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

    let results: Vec<Result<SourceFile, Vec<Diagnostic>>> =
        md.par_iter().map(|p| read_file(root, &content, p, &config)).collect();
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
    Loaded {
        root: root.to_path_buf(),
        config,
        files,
        content_assets: content_assets.iter().map(|a| crate::diag::rel(root, a)).collect(),
    }
}

/// The checks of one file's fields on their own (dates, enums, ranges, required fields).
pub fn validate_file(f: &SourceFile, diags: &mut Diagnostics) {
    validate::file(f, diags);
}

fn read_file(root: &Path, content: &Path, path: &Path, config: &SiteConfig) -> Result<SourceFile, Vec<Diagnostic>> {
    let rel = crate::diag::rel(root, path);
    let err = |msg: String| vec![Diagnostic::error(rel.clone(), 0, msg)];
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            rel.clone(),
            0,
            format!(
                "file is {:.1} MB; content files are limited to {} MB",
                meta.len() as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
        )
        .hint("split it into several reports, or move large data out of the Markdown")]);
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
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
        return Err(vec![Diagnostic::error(rel, 0, "file is empty")
            .hint("write front-matter with at least a `title:` between two `---` lines, or delete the file")]);
    }
    let s = split(&text).map_err(|m| {
        vec![Diagnostic::error(rel.clone(), 1, m)
            .quoting(&text)
            .hint("add a line with only `---` after the last front-matter field")]
    })?;
    let base = text.as_ptr() as usize;
    let yaml = (s.yaml.as_ptr() as usize - base)..(s.yaml.as_ptr() as usize - base + s.yaml.len());
    let body = (s.body.as_ptr() as usize - base)..text.len();
    let (yaml_line, body_line, has_fm) = (s.yaml_line, s.body_line, s.has_front_matter);
    let yaml_text = &text[yaml.clone()];
    let parse_err = |e: serde_yaml::Error| vec![yaml_error(&rel, yaml_text, yaml_line - 1, &e)];
    let is_campaign = section == "campaigns" && !is_section;
    if !has_fm && !is_section {
        return Err(vec![Diagnostic::error(rel.clone(), 1, "no front-matter: the first line must be `---`")
            .quoting(&text)
            .hint("start the file with `---`, then `title: ...`, then `---`")]);
    }
    if let Some((line, col)) = frontmatter::too_deep(yaml_text) {
        return Err(vec![Diagnostic::error(
            rel.clone(),
            line + yaml_line - 1,
            format!("brackets nest more than {} deep here", frontmatter::MAX_FLOW_DEPTH),
        )
        .column(col)
        .hint("front-matter needs no more than a few levels of `[` and `{`; close the brackets")]);
    }
    let empty = yaml_text.trim().is_empty();
    let kind = if is_section {
        FileKind::Section(if empty {
            SectionMeta::default()
        } else {
            serde_yaml::from_str(yaml_text).map_err(parse_err)?
        })
    } else if is_campaign {
        FileKind::Campaign(Box::new(if empty {
            CampaignMeta::default()
        } else {
            serde_yaml::from_str(yaml_text).map_err(parse_err)?
        }))
    } else {
        FileKind::Page(Box::new(if empty {
            PageMeta::default()
        } else {
            serde_yaml::from_str(yaml_text).map_err(parse_err)?
        }))
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
    })
}

type DecodeError = (usize, String, String);

/// Content must be UTF-8; Word on Chinese Windows often saves GBK, which is
/// named as such (or decoded, when the site opts in with `decode_gbk: true`).
fn decode(bytes: Vec<u8>, decode_gbk: bool) -> Result<String, DecodeError> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _, had_errors) = encoding_rs::GBK.decode(&bytes);
            let looks_gbk = !had_errors;
            if looks_gbk && decode_gbk {
                return Ok(text.into_owned());
            }
            let valid_up_to = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to()).unwrap_or(0);
            let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
            if looks_gbk {
                Err((
                    line,
                    "file is not UTF-8; it looks like GBK (GB2312), as saved by Word or Notepad on Chinese Windows".into(),
                    "convert it with `iconv -f GBK -t UTF-8 FILE > FILE.new`, save it as \"UTF-8\" in your editor, or set `decode_gbk: true` in site.yaml".into(),
                ))
            } else {
                Err((line, "file is not UTF-8 text".into(), "save it as UTF-8 in your editor".into()))
            }
        }
    }
}
