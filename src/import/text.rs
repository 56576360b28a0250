//! Plain text and Markdown files: UTF-8, GBK (GB18030) or UTF-16, one
//! paragraph per line as Chinese text files are written; short lines with
//! no closing punctuation are subheadings, `●`/`•` lines list items.

use super::article::{escape, escape_line_start, Article, Block};
use super::ImportError;
use crate::messages::import::Import;

/// The file's text and the encoding it was read as when that was not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), None))
            .map_err(|e| ImportError::NotUtf8AfterMark { why: e.to_string() });
    }
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some((encoding_rs::UTF_16LE, &bytes[2..]))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((encoding_rs::UTF_16BE, &bytes[2..]))
    } else {
        // Without a BOM, UTF-16 shows as a zero in every other byte of ASCII text.
        let zeros = |odd: usize| bytes.iter().skip(odd).step_by(2).filter(|&&b| b == 0).count();
        let half = bytes.len() / 4;
        if bytes.len() >= 4 && zeros(1) > half {
            Some((encoding_rs::UTF_16LE, bytes))
        } else if bytes.len() >= 4 && zeros(0) > half {
            Some((encoding_rs::UTF_16BE, bytes))
        } else {
            None
        }
    };
    if let Some((enc, body)) = utf16 {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(ImportError::NotUtf16);
        }
        return Ok((text.into_owned(), Some("UTF-16")));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), None));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(ImportError::UnknownEncoding);
    }
    Ok((text.into_owned(), Some("GBK")))
}

/// Whether a line reads as a heading: short (up to `max` characters), no
/// sentence punctuation (a closing quote may end it: 吹响“集结号”), words in it.
fn is_heading(line: &str, max: usize) -> bool {
    let n = line.chars().count();
    let last = line.chars().last().unwrap_or('。');
    (2..=max).contains(&n)
        && !line.contains(['。', '，', '；', '！', '？', ',', ';', '!', '?'])
        && !"：、…:.)）".contains(last)
        && line.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Reads a text file into an article. Markdown (`markdown: true`) keeps its
/// markup, a front-matter block of it included (title and date are read from it).
pub fn read(bytes: &[u8], markdown: bool) -> Result<Article, ImportError> {
    let (text, encoding) = decode(bytes)?;
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    // Readings go first: a line reads as a title or subheading by its length without them.
    super::clean::mark_lost(&mut text);
    let pattern = super::clean::pinyin_pattern(std::iter::once(text.as_str()));
    let readings_removed = super::clean::strip_pinyin(&mut text, &pattern);
    let mut a = Article { encoding, markdown, readings_removed, ..Article::default() };
    let body = if markdown { take_front_matter(&text, &mut a) } else { &text };
    if markdown {
        read_markdown(body, &mut a);
    } else {
        read_lines(body, &mut a);
    }
    Ok(a)
}

fn read_lines(text: &str, a: &mut Article) {
    let lines: Vec<&str> = text.lines().map(super::clean::trim_indent).filter(|l| !l.is_empty()).collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(item) = line.strip_prefix(['●', '•', '·', '■', '◆', '▲', '★']).or_else(|| line.strip_prefix("- "))
        {
            a.blocks.push(Block::Item { ordered: false, depth: 0, text: escape(item.trim()) });
        } else if i == 0 && lines.len() > 1 && is_heading(line, 40) && !line.contains(['，', ',', '。']) {
            a.title = Some(line.to_string());
        } else if i > 0 && i + 1 < lines.len() && is_heading(line, 20) {
            a.blocks.push(Block::Heading(2, escape(line)));
        } else {
            a.blocks.push(Block::Para(escape_line_start(&escape(line))));
        }
    }
}

/// Markdown keeps its blocks: paragraphs are split at blank lines only,
/// and a leading `# title` becomes the title.
fn read_markdown(text: &str, a: &mut Article) {
    for chunk in text.split("\n\n").map(str::trim).filter(|c| !c.is_empty()) {
        if a.title.is_none() && a.blocks.is_empty() {
            if let Some(t) = chunk.strip_prefix("# ").filter(|t| !t.contains('\n')) {
                a.title = Some(t.trim().to_string());
                continue;
            }
        }
        // Multi-line chunks (lists, tables, code) stay as written.
        a.blocks.push(Block::Para(chunk.to_string()));
    }
}

fn take_front_matter<'t>(text: &'t str, a: &mut Article) -> &'t str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let Some(end) = rest.find("\n---") else {
        return text;
    };
    let yaml = &rest[..end];
    let body = rest[end + 4..].trim_start_matches('-');
    if let Ok(serde_yaml::Value::Mapping(m)) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        let get = |k: &str| m.get(k).and_then(|v| v.as_str().map(str::to_string));
        a.title = get("title");
        a.source = get("source");
        a.page_date = get("date").and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
        if m.len()
            > usize::from(a.title.is_some()) + usize::from(a.source.is_some()) + usize::from(a.page_date.is_some())
        {
            a.note(Import::OtherFields, yaml.replace('\n', " "));
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_editors_save_in() {
        let s = "项目建设";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode(&gbk).unwrap(), (s.to_string(), Some("GBK")));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), (s.to_string(), Some("UTF-16")));
        assert_eq!(decode(s.as_bytes()).unwrap(), (s.to_string(), None));
    }
}
