//! The new report on disk: front-matter of the content model (`draft:
//! true`), the body, and the pictures beside it as a page bundle. A name
//! already taken in the section (by file name or by slug) gets `-2`, `-3`;
//! nothing is ever written over.

use crate::messages::import::Import;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::metrics::Suggestion;

/// What goes into the front-matter.
pub struct FrontMatter<'a> {
    pub title: &'a str,
    pub date: NaiveDate,
    pub county: Option<&'a str>,
    pub campaign: Option<&'a str>,
    pub authors: &'a [String],
    pub editor: Option<&'a str>,
    pub source: Option<&'a str>,
    pub imported_from: &'a str,
    pub suggestions: &'a [Suggestion],
}

/// A YAML double-quoted string (control characters become spaces).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

pub fn front_matter(f: &FrontMatter) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\ndate: {}\ndraft: true\n", quoted(f.title), f.date));
    if let Some(c) = f.county {
        out.push_str(&format!("county: {}\n", quoted(c)));
    }
    if let Some(c) = f.campaign {
        out.push_str(&format!("campaign: {}\n", quoted(c)));
    }
    if !f.authors.is_empty() {
        let list: Vec<String> = f.authors.iter().map(|a| quoted(a)).collect();
        out.push_str(&format!("authors: [{}]\n", list.join(", ")));
    }
    if let Some(e) = f.editor {
        out.push_str(&format!("editor: {}\n", quoted(e)));
    }
    if let Some(s) = f.source {
        out.push_str(&format!("source: {}\n", quoted(s)));
    }
    out.push_str(&Import::ImportedFrom { file: one_line(f.imported_from) }.to_string());
    if !f.suggestions.is_empty() {
        out.push_str(&Import::SuggestionsHeading.to_string());
        out.push_str("# metrics:\n");
        for s in f.suggestions {
            out.push_str(&format!("#   {}: {}    # {}\n", s.key, s.value, one_line(&s.quote)));
        }
    }
    out.push_str("---\n\n");
    out
}

/// A file name part from the title: its pinyin slug, cut at a syllable to 40 bytes.
pub fn name_slug(title: &str) -> String {
    let slug = crate::text::slug::slugify(title);
    let mut out = String::new();
    for part in slug.split('-') {
        if !out.is_empty() && out.len() + 1 + part.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        "imported".to_string()
    } else {
        out
    }
}

/// The slug of an entry of a section folder (`2021-08-10-x.md`, `x/`): its
/// name without `.md` and without a leading date.
fn entry_slug(name: &str) -> &str {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b[10] == b'-';
    if dated {
        &stem[11..]
    } else {
        stem
    }
}

/// A slug for the new page that no page of `dir` has: `slug`, `slug-2`, …
fn free_slug(dir: &Path, slug: &str) -> String {
    let taken: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| entry_slug(&e.file_name().to_string_lossy()).to_string()).collect())
        .unwrap_or_default();
    let mut candidate = slug.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{slug}-{n}");
        n += 1;
    }
    candidate
}

/// Where the report goes: `dir/<date>-<slug>.md`, or `dir/<date>-<slug>/index.md`
/// when it has pictures.
pub fn target(dir: &Path, date: NaiveDate, slug: &str, bundle: bool) -> PathBuf {
    let name = format!("{date}-{}", free_slug(dir, slug));
    if bundle {
        dir.join(name).join("index.md")
    } else {
        dir.join(format!("{name}.md"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_section_entries() {
        assert_eq!(entry_slug("2021-08-10-dong-guang.md"), "dong-guang");
        assert_eq!(entry_slug("2021-08-10-dong-guang"), "dong-guang");
        assert_eq!(entry_slug("about.md"), "about");
        assert_eq!(name_slug("！！！"), "imported");
        assert!(name_slug("东光县第七个项目建设百日攻坚强势开局的生动写照").len() <= 40);
    }

    #[test]
    fn quoted_strings_survive_yaml() {
        let s = "他说\"干\"字\\";
        let v: String = serde_yaml::from_str(&quoted(s)).unwrap();
        assert_eq!(v, s);
    }
}
