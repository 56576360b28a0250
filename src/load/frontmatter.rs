//! Splitting a content file into YAML front-matter and Markdown body, and
//! pointing YAML problems at the line a writer has to fix.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::messages::load::Load;
use crate::messages::yaml::Yaml;

/// A content file cut at its front-matter fences.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the fences ("" when the file has none).
    pub yaml: &'a str,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
    pub has_front_matter: bool,
}

/// Cuts `text` (BOM removed, LF line endings) at the `---` fences.
/// Errors when the opening fence has no closing one.
pub fn split(text: &str) -> Result<Split<'_>, super::LoadError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split { yaml: &text[..0], yaml_line: 1, body: text, body_line: 1, has_front_matter: false });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
                has_front_matter: true,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(super::LoadError::UnclosedFrontMatter)
}

/// How deep `[` and `{` may nest in front-matter. Real front-matter nests
/// three or four levels; the YAML parser takes minutes on 100,000.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column where flow brackets first nest deeper than
/// `MAX_FLOW_DEPTH`, outside quotes and comments.
pub fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    // Nearly every file opens a few brackets: too few to nest too deep,
    // told by counting bytes instead of walking its characters.
    if yaml.bytes().filter(|&b| b == b'[' || b == b'{').count() <= MAX_FLOW_DEPTH {
        return None;
    }
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        let mut quote = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                (None, '#') if prev == ' ' || col == 0 => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// Turns a serde_yaml error into a diagnostic on the right file line.
/// `line_offset` is the file line of the YAML's first line minus one.
pub fn yaml_error(file: &Path, yaml: &str, line_offset: usize, e: &serde_yaml::Error) -> Diagnostic {
    let mut msg = e.to_string();
    // The location goes into the diagnostic itself, not the sentence.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    let (mut line, mut col) = match e.location() {
        Some(l) => (l.line(), l.column()),
        None => (0, 0),
    };
    // An unclosed bracket or quote is reported at the end of the YAML; the
    // writer needs the last line they wrote, not the closing fence.
    let last = yaml.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).last().map(|(i, _)| i + 1);
    if let Some(last) = last {
        if line > last {
            line = last;
            col = 0;
        }
    }
    // The parser counts bytes from the document's start; the writer needs
    // the line, the column and which invisible character it is.
    if msg.contains("control characters are not allowed") {
        if let Some((l, c, ch)) = first_control(yaml) {
            return Diagnostic::error(
                file,
                l + line_offset,
                Load::ControlChar { code: format!("U+{:04X}", ch as u32) },
            )
            .column(c)
            .quoting_yaml(yaml, l)
            .hint(Load::ControlCharHint);
        }
    }
    // A duplicate is located at its mapping's start; the writer needs the
    // second occurrence, the one to remove.
    if let Some(dup) = duplicate_line(yaml, &msg, line) {
        (line, col) = (dup, 0);
    }
    // serde_yaml prefixes the field path ("projects[0].progress: invalid type ...").
    let (field, message) = match msg.split_once(": ") {
        Some((f, m)) if !f.contains(' ') && !f.is_empty() => (Some(f.to_string()), m.to_string()),
        _ => (None, msg.clone()),
    };
    let said = Yaml::from_serde(&message);
    let mut d = Diagnostic::error(file, if line > 0 { line + line_offset } else { 0 }, said.clone())
        .column(col)
        .quoting_yaml(yaml, line);
    if let Some(f) = field {
        d = d.field(f);
    }
    if said.is_unclosed() {
        d = d.hint(Load::UnclosedBracketHint);
    } else if said == Yaml::ColonInValue {
        d = d.hint(Load::ColonInValueHint);
    }
    d
}

/// 1-based line and column of the first control character other than tab
/// and line breaks, and the character.
fn first_control(yaml: &str) -> Option<(usize, usize, char)> {
    yaml.lines().enumerate().find_map(|(i, l)| {
        l.chars().enumerate().find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r')).map(|(j, c)| (i + 1, j + 1, c))
    })
}

/// The 1-based line of the second `key:` at one indentation, from `from`
/// on, when `message` is about a duplicate key.
fn duplicate_line(yaml: &str, message: &str, from: usize) -> Option<usize> {
    let key = message
        .split_once("duplicate field `")
        .and_then(|(_, r)| r.split_once('`'))
        .or_else(|| message.split_once("duplicate entry with key \"").and_then(|(_, r)| r.split_once('"')))
        .map(|(k, _)| k)?;
    let mut first_indent = None;
    for (i, l) in yaml.lines().enumerate().skip(from.saturating_sub(1)) {
        let body = l.trim_start_matches([' ', '-']);
        let indent = l.len() - body.len();
        if !has_key(body, key) || !body.starts_with(|c: char| c == '"' || c == '\'' || body.starts_with(key)) {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(x) if x == indent => return Some(i + 1),
            _ => {}
        }
    }
    None
}

trait QuoteYaml {
    fn quoting_yaml(self, yaml: &str, yaml_line: usize) -> Self;
}

impl QuoteYaml for Diagnostic {
    fn quoting_yaml(mut self, yaml: &str, yaml_line: usize) -> Self {
        if yaml_line > 0 {
            self.quote = yaml.lines().nth(yaml_line - 1).map(str::to_string);
        }
        self
    }
}

/// The top-level keys of a YAML mapping with their 0-based line index, read
/// from the text (so unknown ones can be named with their line).
pub fn top_level_keys(yaml: &str) -> impl Iterator<Item = (usize, &str)> {
    yaml.lines().enumerate().filter_map(|(i, line)| {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        Some((i, key.trim().trim_matches(['"', '\''])))
    })
}

/// One step of a path into the front-matter: a key or a list index.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds the 1-based line (within `yaml`) where the value at `path` is written.
/// A textual search, good enough for the block and flow styles editors use; falls
/// back to the deepest part of the path it could find.
pub fn locate(yaml: &str, path: &[Seg]) -> Option<usize> {
    // One pass over the lines, split as they are searched: a build locates
    // tens of thousands of warnings, most near the top of the text.
    let mut lines = yaml.lines().enumerate().peekable();
    let mut found = None;
    for seg in path {
        // The search starts at the line found last (left unconsumed).
        let hit = match *seg {
            Seg::Key(k) => {
                while lines.next_if(|&(_, l)| !has_key(l, k)).is_some() {}
                lines.peek().map(|&(i, _)| i)
            }
            Seg::Index(n) => {
                lines.next();
                nth_item(&mut lines, n)
            }
        };
        // A flow list (`tags: [a, b]`) has its items on the key's line.
        let Some(hit) = hit else { return found };
        found = Some(hit + 1);
    }
    found
}

/// Item `n` of the list starting at the next line: lines starting with `-`
/// at the indentation of the first item. Leaves `lines` at it.
fn nth_item<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = (usize, &'a str)>>, n: usize) -> Option<usize> {
    let (mut indent, mut count) = (None, 0);
    while let Some(&(i, l)) = lines.peek() {
        let t = l.trim_start();
        let ind = l.len() - t.len();
        if !(t.is_empty() || t.starts_with('#')) {
            match indent {
                None if t.starts_with('-') => indent = Some(ind),
                None => return None,
                Some(x) if ind < x => return None,
                _ => {}
            }
            if Some(ind) == indent && t.starts_with('-') {
                if count == n {
                    return Some(i);
                }
                count += 1;
            }
        }
        lines.next();
    }
    None
}

fn has_key(line: &str, key: &str) -> bool {
    let (bytes, wanted) = (line.as_bytes(), key.as_bytes());
    let Some(&first) = wanted.first() else { return false };
    let mut from = 0;
    // Each occurrence of `key` from the left, as `str::find` gives them, found
    // by its first byte: a build locates tens of thousands of warnings, and
    // a searcher set up for each short line costs more than the search.
    while let Some(i) = memchr::memchr(first, &bytes[from..]) {
        let at = from + i;
        if !bytes[at..].starts_with(wanted) {
            from = at + 1;
            continue;
        }
        let before_ok = at == 0 || matches!(bytes[at - 1], b' ' | b'{' | b',' | b'-' | b'\t' | b'"' | b'\'');
        let rest = line[at + key.len()..].trim_start_matches(['"', '\'']);
        if before_ok && rest.starts_with(':') {
            return true;
        }
        from = at + key.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert!(split("---\ntitle: x\nbody\n").is_err());
        assert!(!split("no front matter").unwrap().has_front_matter);
    }

    #[test]
    fn duplicates_point_at_the_second_key() {
        let y = "title: a\ndate: 2021-08-10\ntitle: b\n";
        let e = serde_yaml::from_str::<crate::load::PageMeta>(y).unwrap_err();
        let d = yaml_error(Path::new("a.md"), y, 1, &e);
        assert_eq!((d.line, d.quote.as_deref()), (4, Some("title: b")), "{d}");
        let y = "title: a\nmetrics:\n  a: 1\n  b: 2\n  a: 3\n";
        let e = serde_yaml::from_str::<crate::load::PageMeta>(y).unwrap_err();
        let d = yaml_error(Path::new("a.md"), y, 1, &e);
        assert_eq!(d.line, 6, "{d}");
    }

    #[test]
    fn finds_runaway_nesting() {
        assert_eq!(too_deep("tags: [a, [b]]\nextra: {a: {b: 1}}\ntitle: \"[[[[\"\n"), None);
        let deep = format!("extra: {}", "{a: ".repeat(100_000));
        assert_eq!(too_deep(&deep), Some((1, 8 + 4 * MAX_FLOW_DEPTH)));
    }

    #[test]
    fn locates_nested_fields() {
        let y = "title: x\nprojects:\n  - name: a\n    progress: 1\n  - {name: b, progress: 200}\nmetrics:\n  a: 1\n";
        assert_eq!(locate(y, &[Seg::Key("projects"), Seg::Index(1), Seg::Key("progress")]), Some(5));
        assert_eq!(locate(y, &[Seg::Key("projects"), Seg::Index(0), Seg::Key("progress")]), Some(4));
        assert_eq!(locate(y, &[Seg::Key("metrics"), Seg::Key("a")]), Some(7));
    }

    #[test]
    fn a_key_is_found_where_a_search_of_the_line_finds_it() {
        // `has_key` as a plain substring search writes it: each occurrence
        // from the left, the next looked for after the one rejected.
        fn by_find(line: &str, key: &str) -> bool {
            let mut from = 0;
            while let Some(i) = line[from..].find(key) {
                let at = from + i;
                let before_ok =
                    at == 0 || matches!(line.as_bytes()[at - 1], b' ' | b'{' | b',' | b'-' | b'\t' | b'"' | b'\'');
                if before_ok && line[at + key.len()..].trim_start_matches(['"', '\'']).starts_with(':') {
                    return true;
                }
                from = at + key.len();
            }
            false
        }
        let lines = [
            "status: started",
            "  - {name: \"状态\", status: planned, progress: 4}",
            "  - {name: a, statuses: 1, \"status\": 2}",
            "prestatus: 1",
            "a-a-a: 1",
            "aaa: 1",
            "新开工: 5",
            "  指标新开工: 5",
            "status",
            "",
            "{status:1}",
            "x: 'status': y",
        ];
        let keys = ["status", "a-a", "aa", "新开工", "s", "progress", ":"];
        for line in lines {
            for key in keys {
                assert_eq!(has_key(line, key), by_find(line, key), "{key:?} in {line:?}");
            }
        }
    }
}
