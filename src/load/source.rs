//! One content file's text made a `SourceFile`: the byte-order mark and
//! CR line ends dropped, the front-matter fenced off from the body, read
//! past IME slips (full-width digits), and parsed by the file's kind: a
//! section's `_index.md`, a campaign, or a page (whose parse may be kept,
//! `kept_parses`).

use std::path::{Path, PathBuf};

use super::frontmatter::{self, split};
use super::{
    ime, kept_parses, typed as all_typed, CampaignMeta, FileKind, FileText, KeptParses, PageMeta, SectionMeta,
    SourceFile,
};
use crate::diag::Diagnostic;
use crate::messages::load::Load;

/// Parses one content file's text (BOM and CRLF allowed). `rel_in_content`
/// is its path under `content/` (it decides the section and kind); `rel` is
/// the path shown in messages. Field validation is not included (see `validate_file`).
pub fn parse_source(rel: PathBuf, rel_in_content: &Path, text: String) -> Result<SourceFile, Vec<Diagnostic>> {
    parse_kept(rel, rel_in_content, text, None)
}

/// `parse_source`, a report's front-matter taken from `kept` when parsed before.
pub(super) fn parse_kept(
    rel: PathBuf,
    rel_in_content: &Path,
    text: String,
    kept: Option<&KeptParses>,
) -> Result<SourceFile, Vec<Diagnostic>> {
    let path = rel_in_content;
    let mut text = normalised(text);
    let text_key = crate::render::engine::body_key(&rel, &text);
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
    let mut cut = Cut::of(&text, &s);
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
        // Same lines, other lengths: the fences are found again.
        cut = Cut::of(&text, &split(&text).expect("split before"));
    }
    let Cut { yaml, body, body_line } = cut;
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
        FileKind::Campaign(std::sync::Arc::new(if empty {
            CampaignMeta::default()
        } else {
            typed(&rel, yaml_text, yaml_line)?
        }))
    } else {
        FileKind::Page(if empty {
            std::sync::Arc::new(PageMeta::default())
        } else {
            kept_parses::page_meta(&rel, yaml_text, yaml_line, kept)?
        })
    };
    let text = FileText {
        path: rel,
        section,
        stem,
        head_digest: crate::digest::digest_bytes(&text.as_bytes()[..body.start]),
        text_key,
        unread: None,
        source: text.into(),
        yaml,
        yaml_line,
        body,
        body_line,
        notes,
        written_units,
    };
    Ok(SourceFile { text: std::sync::Arc::new(text), kind, assets: Vec::new() })
}

/// `text` without a byte-order mark, its line ends LF.
pub(super) fn normalised(text: String) -> String {
    let mut text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

/// Where a split cut a file's text, as byte ranges of it.
struct Cut {
    yaml: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
    body_line: usize,
}

impl Cut {
    fn of(text: &str, s: &frontmatter::Split) -> Cut {
        let at = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
        Cut { yaml: at(s.yaml)..at(s.yaml) + s.yaml.len(), body: at(s.body)..text.len(), body_line: s.body_line }
    }
}

/// The front-matter as `T`, or every error in it.
pub(super) fn typed<T: serde::de::DeserializeOwned>(
    rel: &Path,
    yaml: &str,
    yaml_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    serde_yaml::from_str(yaml).map_err(|e| all_typed::all_errors::<T>(rel, yaml, yaml_line - 1, e))
}
