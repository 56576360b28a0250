//! The format-neutral article every reader produces: blocks of Markdown
//! inline text, footnotes, images and what could not be converted. The
//! cleaning, byline and front-matter steps work on this alone.

use chrono::NaiveDate;

/// A run of text with one formatting, as Word and HTML both hand it over.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
    /// Already Markdown (an image, a footnote reference): not escaped or wrapped.
    pub raw: bool,
}

impl Segment {
    pub fn plain(text: impl Into<String>) -> Segment {
        Segment { text: text.into(), ..Segment::default() }
    }
    pub fn raw(text: impl Into<String>) -> Segment {
        Segment { text: text.into(), raw: true, ..Segment::default() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Para(String),
    Item { ordered: bool, depth: usize, text: String },
    Table(Vec<Vec<String>>),
    Quote(String),
}

impl Block {
    pub fn text_mut(&mut self) -> Vec<&mut String> {
        match self {
            Block::Heading(_, t) | Block::Para(t) | Block::Item { text: t, .. } | Block::Quote(t) => vec![t],
            Block::Table(rows) => rows.iter_mut().flatten().collect(),
        }
    }
}

/// A picture to write beside the report (the page bundle), under `file`.
#[derive(Debug, Clone)]
pub struct Image {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Something left out or changed that the editor should look at, with the
/// source text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: String,
    pub quote: String,
}

#[derive(Debug, Default)]
pub struct Article {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    /// Footnote texts; `[^n]` in the blocks refers to the n-th (1-based).
    pub footnotes: Vec<String>,
    pub images: Vec<Image>,
    /// A date the page itself states (HTML meta, "发布时间").
    pub page_date: Option<NaiveDate>,
    pub source: Option<String>,
    /// When the document says it was last saved (a .docx's properties):
    /// better than the file's time, which copying changes.
    pub saved: Option<NaiveDate>,
    pub notes: Vec<Note>,
    /// What the reader decoded the file as, when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// The input is Markdown already: its text is not escaped.
    pub markdown: bool,
    /// Pinyin readings the reader already removed (text files: before lines are classified).
    pub readings_removed: usize,
}

impl Article {
    pub fn note(&mut self, message: impl Into<String>, quote: impl Into<String>) {
        let quote: String = quote.into();
        let quote = if quote.chars().count() > 80 { quote.chars().take(80).collect::<String>() + "…" } else { quote };
        self.notes.push(Note { message: message.into(), quote });
    }

    /// Every piece of text cleaning and conversion apply to.
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut v: Vec<&mut String> = self.title.iter_mut().collect();
        v.extend(self.blocks.iter_mut().flat_map(|b| b.text_mut()));
        v.extend(self.footnotes.iter_mut());
        v.extend(self.source.iter_mut());
        v
    }
}

/// Escapes what Markdown would read as markup in plain text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a line start Markdown would read as a heading, list or quote.
pub fn escape_line_start(text: &str) -> String {
    let t = text.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let numbered = digits > 0 && matches!(t[digits..].chars().next(), Some('.' | ')'));
    if t.starts_with(['#', '-', '+', '=']) || numbered {
        let at = if numbered { digits } else { 0 };
        format!("{}\\{}", &t[..at], &t[at..])
    } else {
        t.to_string()
    }
}

/// Segments to Markdown: neighbours with the same formatting merged, marks
/// put outside the spaces they would otherwise not close around.
pub fn render_inline(segments: &[Segment]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < segments.len() {
        let s = &segments[i];
        if s.raw {
            out.push_str(&s.text);
            i += 1;
            continue;
        }
        let mut text = escape(&s.text);
        let mut j = i + 1;
        while j < segments.len() && !segments[j].raw && same_format(s, &segments[j]) {
            text.push_str(&escape(&segments[j].text));
            j += 1;
        }
        out.push_str(&wrap(&text, s));
        i = j;
    }
    out
}

fn same_format(a: &Segment, b: &Segment) -> bool {
    a.bold == b.bold && a.italic == b.italic && a.link == b.link
}

fn wrap(text: &str, s: &Segment) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let tail = &text[text.trim_end().len()..];
    let mut inner = core.to_string();
    if s.italic {
        inner = format!("*{inner}*");
    }
    if s.bold {
        inner = format!("**{inner}**");
    }
    if let Some(url) = &s.link {
        inner = format!("[{inner}](<{}>)", url.replace(['<', '>', '\n'], ""));
    }
    format!("{lead}{inner}{tail}")
}

/// The article's body as Markdown.
pub fn body_markdown(a: &Article) -> String {
    let mut out = String::new();
    let mut prev_item = false;
    for b in &a.blocks {
        let is_item = matches!(b, Block::Item { .. });
        // List items follow each other without a blank line, so they stay one list.
        if !(out.is_empty() || prev_item && is_item) {
            out.push('\n');
        }
        prev_item = is_item;
        match b {
            Block::Heading(level, t) => {
                out.push_str(&"#".repeat(usize::from((*level).clamp(2, 6))));
                out.push(' ');
                out.push_str(t);
            }
            Block::Para(t) => out.push_str(t),
            Block::Quote(t) => {
                out.push_str("> ");
                out.push_str(t);
            }
            Block::Item { ordered, depth, text } => {
                out.push_str(&"    ".repeat(*depth));
                out.push_str(if *ordered { "1. " } else { "- " });
                out.push_str(text);
            }
            Block::Table(rows) => out.push_str(&table_markdown(rows)),
        }
        out.push('\n');
    }
    for (i, f) in a.footnotes.iter().enumerate() {
        if i == 0 {
            out.push('\n');
        }
        out.push_str(&format!("[^{}]: {}\n", i + 1, f));
    }
    out
}

fn table_markdown(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row.get(c).map(|s| s.replace('\n', " ")).unwrap_or_default();
            out.push_str(&format!(" {} |", cell.trim()));
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out.pop();
    out
}
