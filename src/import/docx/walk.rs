//! One pass over `word/document.xml`, tracking the paragraph, run, link,
//! table and picture being read.

use crate::messages::import::Import;
use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::parts::attr;
use crate::import::article::{render_inline, Article, Block, Image, Segment};
use crate::import::clean::split_breaks;

pub struct Context {
    pub rels: HashMap<String, (String, bool)>,
    pub styles: HashMap<String, String>,
    pub numbering: HashMap<(String, usize), bool>,
    pub footnotes: HashMap<String, String>,
}

#[derive(Default)]
struct Para {
    style: String,
    list: Option<(String, usize)>,
    outline: Option<u8>,
    centered: bool,
    segs: Vec<Segment>,
    /// Some run has visible text, every such run is bold; the largest run size in half-points.
    has_text: bool,
    all_bold: bool,
    max_size: u32,
}

#[derive(Default)]
struct Cell {
    text: String,
    span: usize,
    continued: bool,
}

/// A paragraph of the body and what could make it the title.
struct Candidate {
    block: Block,
    /// Has words (not only a picture).
    words: bool,
    title_style: bool,
    large_bold: bool,
}

struct Walker<'c> {
    ctx: &'c Context,
    out: Vec<Candidate>,
    /// Open paragraphs: a text box in a paragraph holds paragraphs of its own.
    para: Vec<Para>,
    bold: bool,
    italic: bool,
    size: u32,
    in_ppr: bool,
    in_t: bool,
    skip: usize,
    link: Option<String>,
    /// Open tables: rows of cells.
    tables: Vec<Vec<Vec<Cell>>>,
    picture: Option<(Option<String>, String)>,
    footnote_order: Vec<String>,
    article: Article,
}

fn on(e: &BytesStart, name: &[u8]) -> bool {
    attr(e, name).is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

pub fn walk(xml: &str, ctx: &Context) -> Article {
    let mut w = Walker {
        ctx,
        out: Vec::new(),
        para: Vec::new(),
        bold: false,
        italic: false,
        size: 0,
        in_ppr: false,
        in_t: false,
        skip: 0,
        link: None,
        tables: Vec::new(),
        picture: None,
        footnote_order: Vec::new(),
        article: Article::default(),
    };
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => w.start(&e, false),
            Ok(Event::Empty(e)) => w.start(&e, true),
            Ok(Event::End(e)) => w.end(e.local_name().as_ref()),
            Ok(Event::Text(t)) if w.in_t && w.skip == 0 => {
                let t = t.unescape().unwrap_or_default().into_owned();
                w.push_text(t);
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                w.article.note(Import::XmlDamaged, e.to_string());
                break;
            }
            _ => {}
        }
    }
    w.finish()
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 {
            self.skip += usize::from(!empty);
            return;
        }
        match name {
            // Deleted revisions, field codes and the fallback copy of a picture are not text.
            b"del" | b"instrText" | b"delText" | b"Fallback" if !empty => self.skip = 1,
            b"oMath" if !empty => {
                self.left_out(Import::Equation);
                self.skip = 1;
            }
            b"chart" => self.left_out(Import::WordChart),
            b"p" => self.para.push(Para { all_bold: true, ..Para::default() }),
            b"pPr" if !empty => self.in_ppr = true,
            b"pStyle" => {
                let style = attr(e, b"val").unwrap_or_default();
                let name = self.ctx.styles.get(&style).cloned().unwrap_or(style.to_lowercase());
                self.with_para(|p| p.style = name);
            }
            b"numId" => {
                let id = attr(e, b"val").unwrap_or_default();
                self.with_para(|p| p.list = Some((id, p.list.as_ref().map_or(0, |l| l.1))));
            }
            b"ilvl" => {
                let lvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                self.with_para(|p| p.list = Some((p.list.take().map(|l| l.0).unwrap_or_default(), lvl)));
            }
            b"outlineLvl" => {
                let lvl = attr(e, b"val").and_then(|v| v.parse().ok());
                self.with_para(|p| p.outline = lvl);
            }
            b"jc" => {
                let center = attr(e, b"val").is_some_and(|v| v == "center");
                if self.in_ppr {
                    self.with_para(|p| p.centered = center);
                }
            }
            b"r" => (self.bold, self.italic, self.size) = (false, false, 0),
            b"b" if !self.in_ppr => self.bold = on(e, b"val"),
            b"i" if !self.in_ppr => self.italic = on(e, b"val"),
            b"sz" if !self.in_ppr => self.size = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
            b"t" if !empty => self.in_t = true,
            b"tab" if !self.in_ppr => self.push_text(" ".into()),
            b"br" | b"cr" if attr(e, b"type").is_none_or(|t| t == "textWrapping") => self.push_text("\n".into()),
            b"hyperlink" => {
                let target = attr(e, b"id").and_then(|id| self.ctx.rels.get(&id).cloned());
                self.link = target.filter(|(_, external)| *external).map(|(t, _)| t);
            }
            b"footnoteReference" => {
                let id = attr(e, b"id").unwrap_or_default();
                self.footnote_order.push(id);
                let n = self.footnote_order.len();
                self.push_seg(Segment::raw(format!("[^{n}]")));
            }
            b"drawing" => self.picture = Some((None, String::new())),
            b"docPr" => {
                let alt = attr(e, b"descr").filter(|d| !d.trim().is_empty()).or_else(|| attr(e, b"title"));
                if let Some(p) = &mut self.picture {
                    p.1 = alt.unwrap_or_default();
                }
            }
            b"blip" => {
                let id = attr(e, b"embed");
                if let Some(p) = &mut self.picture {
                    p.0 = id;
                }
            }
            b"imagedata" => {
                let (id, alt) = (attr(e, b"id"), attr(e, b"title").unwrap_or_default());
                self.push_picture(id, alt);
            }
            b"tbl" => self.tables.push(Vec::new()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            b"tc" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(Cell { span: 1, ..Cell::default() });
                }
            }
            b"gridSpan" => {
                let span = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                self.with_cell(|c| c.span = span);
            }
            b"vMerge" => {
                let continued = attr(e, b"val").is_none_or(|v| v == "continue");
                self.with_cell(|c| c.continued = continued);
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"pPr" => self.in_ppr = false,
            b"t" => self.in_t = false,
            b"hyperlink" => self.link = None,
            b"drawing" => {
                if let Some((id, alt)) = self.picture.take() {
                    self.push_picture(id, alt);
                }
            }
            b"p" => self.end_paragraph(),
            b"tbl" => self.end_table(),
            _ => {}
        }
    }

    /// Notes something not converted, quoting the paragraph it stood in.
    fn left_out(&mut self, message: Import) {
        let quote = self.para.last().map(|p| render_inline(&p.segs)).unwrap_or_default();
        self.article.note(message, quote);
    }

    fn with_para(&mut self, f: impl FnOnce(&mut Para)) {
        if let Some(p) = self.para.last_mut() {
            f(p);
        }
    }

    fn with_cell(&mut self, f: impl FnOnce(&mut Cell)) {
        if let Some(c) = self.tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
            f(c);
        }
    }

    fn push_text(&mut self, text: String) {
        let seg = Segment { text, bold: self.bold, italic: self.italic, link: self.link.clone(), raw: false };
        let (bold, size) = (self.bold, self.size);
        let visible = !seg.text.trim().is_empty();
        self.with_para(|p| {
            if visible {
                p.has_text = true;
                p.all_bold &= bold;
                p.max_size = p.max_size.max(size);
            }
        });
        self.push_seg(seg);
    }

    fn push_seg(&mut self, seg: Segment) {
        self.with_para(|p| p.segs.push(seg));
    }

    fn push_picture(&mut self, id: Option<String>, alt: String) {
        // A drawing without a picture is a shape or text box: its text is read on its own.
        let Some(id) = id else { return };
        let Some((target, false)) = self.ctx.rels.get(&id).cloned() else {
            self.article.note(Import::OutsidePicture, alt);
            return;
        };
        let file = target.rsplit('/').next().unwrap_or("image").to_string();
        let alt = alt.replace(['[', ']', '\n'], " ");
        self.push_seg(Segment::raw(format!("![{}]({file})", alt.trim())));
        self.article.images.push(Image { file: target, bytes: Vec::new() });
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.pop() else { return };
        let text = render_inline(&p.segs);
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
            let text = split_breaks(&text).join(" ");
            if !text.is_empty() {
                if !cell.text.is_empty() {
                    cell.text.push(' ');
                }
                cell.text.push_str(&text);
            }
            return;
        }
        let style = p.style.as_str();
        let title_style = matches!(style, "title" | "标题");
        let heading = style
            .strip_prefix("heading ")
            .or_else(|| style.strip_prefix("标题 "))
            .and_then(|n| n.trim().parse::<u8>().ok())
            .or(p.outline.map(|l| l + 1));
        // A picture alone in a centred paragraph is no title.
        let large_bold = p.has_text && p.all_bold && (p.max_size >= 30 || p.centered);
        for (i, text) in split_breaks(&text).into_iter().enumerate() {
            let block = if let (Some(level), 0) = (heading, i) {
                Block::Heading(level + 1, text)
            } else if let Some((id, lvl)) = &p.list {
                let ordered = self.ctx.numbering.get(&(id.clone(), *lvl)).copied().unwrap_or(false);
                Block::Item { ordered, depth: *lvl, text }
            } else if style.contains("quote") || style.contains("引用") {
                Block::Quote(text)
            } else {
                Block::Para(text)
            };
            let first = i == 0;
            let words = p.has_text;
            self.out.push(Candidate {
                block,
                words,
                title_style: title_style && first,
                large_bold: large_bold && first,
            });
        }
    }

    fn end_table(&mut self) {
        let Some(rows) = self.tables.pop() else { return };
        let mut merged = None;
        let mut out: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let mut cells = Vec::new();
            for c in row {
                if (c.span > 1 || c.continued) && merged.is_none() {
                    merged = Some(c.text.clone());
                }
                cells.push(if c.continued { String::new() } else { c.text });
                cells.extend(std::iter::repeat_n(String::new(), c.span.saturating_sub(1)));
            }
            out.push(cells);
        }
        if let Some(cell) = merged {
            self.article.note(Import::MergedCells, cell);
        }
        if let Some(outer) = self.tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
            // A table inside a cell: its rows become text of that cell.
            let text: Vec<String> = out.iter().map(|r| r.join(" ")).collect();
            outer.text.push_str(&text.join("；"));
        } else if !out.is_empty() {
            self.out.push(Candidate { block: Block::Table(out), words: true, title_style: false, large_bold: false });
        }
    }

    fn finish(mut self) -> Article {
        let pick = self.out.iter().position(|c| c.title_style).or_else(|| {
            let first = self.out.iter().take(3).position(|c| c.words)?;
            self.out[first].large_bold.then_some(first)
        });
        if let Some(i) = pick {
            if let Block::Para(t) | Block::Heading(_, t) = self.out.remove(i).block {
                self.article.title = Some(t.replace("**", ""));
            }
        }
        self.article.blocks = self.out.into_iter().map(|c| c.block).collect();
        let ctx = self.ctx;
        for id in &self.footnote_order {
            self.article.footnotes.push(ctx.footnotes.get(id).cloned().unwrap_or_default());
        }
        self.article
    }
}
