//! `gongjian import`: turns what editors already have — Word/WPS .docx
//! drafts, saved pages of an old site, .txt and .md files — into draft
//! reports of the content model. Each format has a reader producing an
//! `Article`; cleaning, bylines, dates, metric suggestions and writing are
//! shared. A file that cannot be read is listed and the batch goes on.

pub mod article;
pub mod clean;
mod docx;
mod error;
mod html;
pub mod meta;
pub mod metrics;
mod text;
mod write;

use crate::messages::import::Import;
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use article::{Article, Block, Note};
pub use error::ImportError;
use metrics::Declared;

/// What `gongjian import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// Files, and folders to import every importable file of.
    pub inputs: Vec<PathBuf>,
    pub section: String,
    pub campaign: Option<String>,
    /// The report's date when the text has none, and the year of a `8月10日` dateline.
    pub date: Option<NaiveDate>,
    /// Keep Traditional characters in a zh-Hans site.
    pub keep_script: bool,
}

/// One file turned into a report.
#[derive(Debug)]
pub struct Imported {
    pub input: PathBuf,
    pub report: PathBuf,
    pub images: Vec<PathBuf>,
    /// What cleaning changed (`removed 812 pinyin readings`), for the summary.
    pub changes: Vec<String>,
    pub notes: Vec<Note>,
}

/// A file that was not imported, and why.
#[derive(Debug)]
pub struct Failed {
    pub input: PathBuf,
    pub reason: ImportError,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub failed: Vec<Failed>,
}

/// The kinds of file `import` reads, by extension.
const IMPORTABLE: [&str; 6] = ["docx", "html", "htm", "txt", "md", "markdown"];

/// What every file of a batch shares: the section folder, the campaign, the script.
struct Batch {
    dir: PathBuf,
    county: Option<String>,
    metrics: Vec<Declared>,
    simplifier: Option<clean::Simplifier>,
}

/// Imports every input. `Err` is a problem with the command itself
/// (no site, a wrong section or campaign); a file that fails is in `failed`.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let batch = prepare(opts)?;
    let mut report = ImportReport::default();
    for input in expand(&opts.inputs, &mut report.failed) {
        match import_one(&input, opts, &batch) {
            Ok(done) => report.imported.push(done),
            Err(reason) => report.failed.push(Failed { input, reason }),
        }
    }
    Ok(report)
}

fn prepare(opts: &ImportOptions) -> Result<Batch, ImportError> {
    if !opts.root.join("content").is_dir() && !opts.root.join("site.yaml").is_file() {
        return Err(ImportError::NoSite { root: opts.root.clone() });
    }
    let section = Path::new(opts.section.trim_matches('/'));
    let plain = section.components().all(|c| matches!(c, Component::Normal(_)));
    if opts.section.trim_matches('/').is_empty() || !plain || section.starts_with("campaigns") {
        return Err(ImportError::BadSection { section: opts.section.clone() });
    }
    let mut diags = crate::diag::Diagnostics::default();
    let config = crate::config::SiteConfig::load(&opts.root, &mut diags);
    let simplify = config.language == crate::config::Language::Hans && !opts.keep_script;
    let simplifier = if simplify { Some(clean::Simplifier::new()?) } else { None };
    let (county, metrics) = match &opts.campaign {
        Some(id) => campaign(&opts.root, id)?,
        None => (None, Vec::new()),
    };
    Ok(Batch { dir: opts.root.join("content").join(section), county, metrics, simplifier })
}

/// The campaign's county and declared metrics; an unknown id is refused.
fn campaign(root: &Path, id: &str) -> Result<(Option<String>, Vec<Declared>), ImportError> {
    let mut diags = crate::diag::Diagnostics::default();
    let a = crate::analyse(&crate::BuildOptions { drafts: true, ..crate::BuildOptions::new(root) }, &mut diags);
    let Some(c) = a.site.campaigns.iter().find(|c| c.id == id) else {
        let known: Vec<String> = a.site.campaigns.iter().map(|c| c.id.clone()).collect();
        let id = id.to_string();
        return Err(match known.is_empty() {
            true => ImportError::NoCampaigns { id },
            false => ImportError::UnknownCampaign { id, known },
        });
    };
    let metrics = c
        .meta
        .metrics
        .iter()
        .map(|(key, m)| Declared {
            key: key.clone(),
            label: m.label.clone().unwrap_or_else(|| key.clone()),
            unit: m.unit.clone().unwrap_or_default(),
        })
        .collect();
    Ok((c.meta.county.clone(), metrics))
}

/// Files as given, folders as the importable files under them (sorted);
/// a missing path is a failure of its own.
fn expand(inputs: &[PathBuf], failed: &mut Vec<Failed>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| importable(p))
                .collect();
            found.sort();
            out.extend(found);
        } else if input.is_file() {
            out.push(input.clone());
        } else {
            failed.push(Failed { input: input.clone(), reason: ImportError::NoSuchFile });
        }
    }
    out
}

fn extension(p: &Path) -> String {
    p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Old binary word-processor formats: in a folder they are listed as
/// failures (with what to do), not passed over in silence.
const OLD_FORMATS: [&str; 3] = ["doc", "wps", "rtf"];

/// Importable (or an old format to report) and not an editor's leftover
/// (Word's `~$x.docx` lock file, dotfiles).
fn importable(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = extension(p);
    (IMPORTABLE.contains(&ext.as_str()) || OLD_FORMATS.contains(&ext.as_str()))
        && !name.starts_with("~$")
        && !name.starts_with('.')
}

fn read_article(input: &Path) -> Result<Article, ImportError> {
    let ext = extension(input);
    if OLD_FORMATS.contains(&ext.as_str()) {
        return Err(ImportError::OldFormat { ext });
    }
    if !IMPORTABLE.contains(&ext.as_str()) {
        return Err(ImportError::NotImportable { ext });
    }
    let bytes = std::fs::read(input).map_err(|e| ImportError::Unreadable { why: e.to_string() })?;
    match ext.as_str() {
        "docx" => docx::read(&bytes),
        "html" | "htm" => html::read(&bytes, input.parent().unwrap_or(Path::new("."))),
        "md" | "markdown" => text::read(&bytes, true),
        _ => text::read(&bytes, false),
    }
}

fn import_one(input: &Path, opts: &ImportOptions, batch: &Batch) -> Result<Imported, ImportError> {
    let mut a = read_article(input)?;
    let mut changes = Vec::new();
    if let Some(enc) = a.encoding {
        changes.push(Import::ReadAs { encoding: enc.to_string() }.to_string());
    }
    clean_article(&mut a, batch.simplifier.as_ref(), &mut changes);
    let byline = meta::take_byline(&mut a);
    let title = title(&mut a);
    let (date, date_note) = date(input, opts, &a, byline.date)?;
    let body = article::body_markdown(&a);
    if body.trim().is_empty() {
        return Err(ImportError::NoText);
    }
    let suggestions = metrics::suggest(&plain_text(&a), &batch.metrics);
    let file_name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let source = a.source.clone().or(byline.source.clone());
    let fm = write::front_matter(&write::FrontMatter {
        title: &title,
        date,
        county: batch.county.as_deref().filter(|_| opts.campaign.is_some()),
        campaign: opts.campaign.as_deref(),
        authors: &byline.authors,
        editor: byline.editor.as_deref(),
        source: source.as_deref(),
        imported_from: &file_name,
        suggestions: &suggestions,
    });
    let text = fm + &body;
    let report = write::target(&batch.dir, date, &write::name_slug(&title), !a.images.is_empty());
    verify(&opts.root, &report, &text)?;
    crate::scaffold::write_new(&report, text.as_bytes())?;
    let mut images = Vec::new();
    for img in &a.images {
        let path = report.with_file_name(&img.file);
        crate::scaffold::write_new(&path, &img.bytes)?;
        images.push(path);
    }
    let mut notes = a.notes;
    notes.extend(date_note);
    Ok(Imported { input: input.to_path_buf(), report, images, changes, notes })
}

/// Parses the new file as a build would, so a draft that would break the site is never written.
fn verify(root: &Path, report: &Path, text: &str) -> Result<(), ImportError> {
    let rel = report.strip_prefix(root).unwrap_or(report).to_path_buf();
    let in_content = rel.strip_prefix("content").unwrap_or(&rel).to_path_buf();
    let problems = match crate::load::parse_source(rel, &in_content, text.to_string()) {
        Ok(f) => {
            let mut d = crate::diag::Diagnostics::default();
            crate::load::validate_file(&f, &mut d);
            d.into_vec().into_iter().filter(|d| d.is_error()).collect()
        }
        Err(ds) => ds,
    };
    match problems.first() {
        None => Ok(()),
        Some(d) => Err(ImportError::WouldNotBuild { why: d.message.clone() }),
    }
}

/// Pinyin readings, Traditional characters, punctuation; lost characters noted.
fn clean_article(a: &mut Article, simplifier: Option<&clean::Simplifier>, changes: &mut Vec<String>) {
    for t in a.texts_mut() {
        clean::mark_lost(t);
    }
    let pattern = clean::pinyin_pattern(a.texts_mut().into_iter().map(|t| t.as_str()));
    let (mut readings, mut simplified) = (a.readings_removed, false);
    let markdown = a.markdown;
    let mut lost = Vec::new();
    for t in a.texts_mut() {
        readings += clean::strip_pinyin(t, &pattern);
        if let Some(s) = simplifier {
            simplified |= s.convert(t);
        }
        if !(markdown && (t.starts_with("```") || t.starts_with("    ") || t.starts_with('|'))) {
            *t = clean::punctuate(t);
        }
        lost.extend(lost_character(t));
    }
    for quote in lost {
        a.note(Import::LostCharacter, quote);
    }
    if readings > 0 {
        changes.push(Import::PinyinRemoved { n: readings }.to_string());
    }
    if simplified {
        changes.push(Import::Simplified.to_string());
    }
}

/// The words around a `�`, a character the source lost.
fn lost_character(t: &str) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let at = chars.iter().position(|&c| c == '\u{FFFD}')?;
    Some(chars[at.saturating_sub(15)..(at + 15).min(chars.len())].iter().collect())
}

/// The title, or the start of the first paragraph (noted) when the source has none.
fn title(a: &mut Article) -> String {
    let unmark = |s: &str| s.replace("**", "").replace('\\', "").trim().to_string();
    if let Some(t) = a.title.as_deref().map(unmark).filter(|t| !t.is_empty()) {
        return t;
    }
    let first = a.blocks.iter().find_map(|b| match b {
        Block::Para(t) | Block::Heading(_, t) if meta::has_words(t) => Some(unmark(t)),
        _ => None,
    });
    let first = first.unwrap_or_default();
    // The first sentence when it is short enough to be a headline.
    let sentence = first.split_inclusive(['。', '！', '？']).next().unwrap_or("");
    let t = match sentence.chars().count() {
        8..=31 => sentence.trim_end_matches(['。', '！', '？']).to_string(),
        _ => crate::text::truncate_cjk(&first, 30),
    };
    let t = if t.trim().is_empty() { "导入的稿件".to_string() } else { t };
    a.note(Import::NoTitle, t.clone());
    t
}

/// The date: the page's own, else the dateline (its year from `--date` or
/// the file's date), else `--date`, else the file's date (with a note). A
/// .docx's date is the one saved in its properties.
fn date(
    input: &Path,
    opts: &ImportOptions,
    a: &Article,
    written: Option<meta::Written>,
) -> Result<(NaiveDate, Option<Note>), ImportError> {
    let file_date = a.saved.or_else(|| {
        let modified = std::fs::metadata(input).and_then(|m| m.modified()).ok()?;
        Some(chrono::DateTime::<chrono::Local>::from(modified).date_naive())
    });
    let year = opts.date.or(file_date).map(|d| d.year());
    let from_text = written.and_then(|w| year.and_then(|y| w.in_year(y)));
    if let Some(d) = a.page_date.or(from_text).or(opts.date) {
        return Ok((d, None));
    }
    let d = file_date.ok_or(ImportError::NoDate)?;
    Ok((d, Some(Note { message: Import::FileDate.to_string(), quote: d.to_string() })))
}

/// The body as plain text, for finding numbers.
fn plain_text(a: &Article) -> String {
    let mut out = String::new();
    for b in &a.blocks {
        let texts: Vec<&String> = match b {
            Block::Heading(_, t) | Block::Para(t) | Block::Quote(t) | Block::Item { text: t, .. } => vec![t],
            Block::Table(rows) => rows.iter().flatten().collect(),
        };
        for t in texts {
            out.push_str(&t.replace(['\\', '*'], ""));
            out.push('\n');
        }
    }
    out
}
