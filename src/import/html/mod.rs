//! Saved article pages (.html/.htm) of an old site or a portal: the article
//! body is the block holding the most text that is not links (navigation,
//! footers, related-article lists and ads are mostly links, or are marked
//! as such by their tag, id or class). Title, date and source come from the
//! page around it; pictures are taken only from files beside the page.

mod dom;

use crate::messages::import::Import;
use std::path::{Path, PathBuf};

use dom::{Dom, Node};

use super::article::{render_inline, Article, Block, Image, Segment};
use super::clean::split_breaks;
use super::meta::{find_date, read_byline, Byline, Written};

/// Containers the body may be, and the ones whose text counts for an ancestor.
const CONTAINERS: [&str; 9] = ["div", "article", "section", "main", "td", "body", "#root", "center", "font"];
const NOISE_TAGS: [&str; 6] = ["nav", "header", "footer", "aside", "form", "select"];
const NOISE_WORDS: [&str; 16] = [
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "banner",
    "comment",
    "related",
    "share",
    "breadcrumb",
    "copyright",
    "login",
    "toolbar",
    "recommend",
    "advert",
    "links",
];

fn is_noise(d: &Dom, id: usize) -> bool {
    if NOISE_TAGS.contains(&d.name(id)) {
        return true;
    }
    let marks = format!("{} {}", d.attr(id, "id").unwrap_or(""), d.attr(id, "class").unwrap_or("")).to_lowercase();
    marks.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| NOISE_WORDS.contains(&w) || w == "ad" || w == "ads")
}

fn visible_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{A0}' && *c != '\u{3000}').count()
}

/// (text, link text) directly in `id`: not inside a nested container.
fn own_text(d: &Dom, id: usize, in_link: bool, acc: &mut (usize, usize)) {
    for &c in d.children(id) {
        match &d.nodes[c] {
            Node::Text(t) => {
                let n = visible_len(t);
                acc.0 += n;
                if in_link {
                    acc.1 += n;
                }
            }
            Node::Element { name, .. } => {
                if CONTAINERS.contains(&name.as_str())
                    || is_noise(d, c)
                    || matches!(name.as_str(), "script" | "style" | "title" | "noscript")
                {
                    continue;
                }
                own_text(d, c, in_link || name == "a", acc);
            }
        }
    }
}

/// The container holding the article: most text that is not links. A
/// container also earns half the text of the containers right inside it,
/// so a body whose paragraphs are each wrapped in a `<div>` still wins
/// over its longest paragraph.
fn body(d: &Dom, parents: &[Option<usize>]) -> usize {
    let candidate = |id: usize| CONTAINERS.contains(&d.name(id)) && !is_noise(d, id) && !inside_noise(d, parents, id);
    let mut own = vec![0i64; d.nodes.len()];
    for (id, score) in own.iter_mut().enumerate() {
        if candidate(id) {
            let mut acc = (0, 0);
            own_text(d, id, false, &mut acc);
            *score = acc.0 as i64 - 2 * acc.1 as i64;
        }
    }
    let mut total = own.clone();
    for id in (0..d.nodes.len()).filter(|&id| own[id] > 0) {
        let mut at = parents[id];
        while let Some(p) = at {
            if candidate(p) {
                total[p] += own[id] / 2;
                break;
            }
            at = parents[p];
        }
    }
    // The first of equals: an outer container ties with its only child.
    let best = total.iter().copied().max().unwrap_or(0);
    if best <= 0 {
        return 0;
    }
    total.iter().position(|&t| t == best).unwrap_or(0)
}

fn inside_noise(d: &Dom, parents: &[Option<usize>], id: usize) -> bool {
    let mut at = id;
    while let Some(&p) = parents.get(at).and_then(|p| p.as_ref()) {
        if is_noise(d, p) {
            return true;
        }
        at = p;
    }
    false
}

fn parents(d: &Dom) -> Vec<Option<usize>> {
    let mut out = vec![None; d.nodes.len()];
    for id in 0..d.nodes.len() {
        for &c in d.children(id) {
            out[c] = Some(id);
        }
    }
    out
}

/// Reads a saved page; pictures are looked up in `dir`, the page's folder.
pub fn read(bytes: &[u8], dir: &Path) -> Result<Article, super::ImportError> {
    let (text, encoding) = decode(bytes)?;
    let d = dom::parse(&text);
    let mut a = Article { encoding, ..Article::default() };
    let parents = parents(&d);
    let body_id = body(&d, &parents);
    a.title = title(&d, &parents);
    let mut w = Writer { d: &d, dir, a, segs: Vec::new(), bold: 0, italic: 0, link: None, copied: Vec::new() };
    w.block(body_id);
    w.flush(Block::Para);
    let mut a = w.a;
    if let Some(t) = &a.title {
        // The page's own <h1> repeats the title at the top of the body.
        if matches!(a.blocks.first(), Some(Block::Heading(_, h)) if h.replace('\\', "") == *t) {
            a.blocks.remove(0);
        }
    }
    page_facts(&d, body_id, &mut a);
    Ok(a)
}

/// The page's encoding: a BOM, `<meta charset>`, else UTF-8, else GBK.
fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), super::ImportError> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let gbk = ["charset=gb2312", "charset=gbk", "charset=gb18030", "charset=\"gb2312", "charset=\"gbk"]
        .iter()
        .any(|m| head.contains(m));
    if gbk && std::str::from_utf8(bytes).is_err() {
        let (t, _, _) = encoding_rs::GB18030.decode(bytes);
        return Ok((t.into_owned(), Some("GBK")));
    }
    super::text::decode(bytes)
}

/// The article's title: the heading the page's `<title>` repeats (old
/// sites put the site name in `<h1>` and the article in `<h2>`), else the
/// first `<h1>`, `og:title`, or `<title>` without the site name.
fn title(d: &Dom, parents: &[Option<usize>]) -> Option<String> {
    let clean = |s: String| Some(split_breaks(&s).join(" ")).filter(|s| !s.is_empty());
    let page_title = d.find_all("title").first().map(|&t| d.text(t)).unwrap_or_default();
    let headings: Vec<String> = (0..d.nodes.len())
        .filter(|&h| matches!(d.name(h), "h1" | "h2" | "h3") && !inside_noise(d, parents, h))
        .filter_map(|h| clean(d.text(h)))
        .collect();
    // "标题_栏目_网站名" / "标题 - 网站名": the site's name goes.
    let cut = page_title.split(['_', '|']).next().unwrap_or("").split(" - ").next().unwrap_or("").trim().to_string();
    let repeated = headings
        .iter()
        .filter(|h| h.chars().count() >= 4 && cut.contains(h.as_str()))
        .max_by_key(|h| h.chars().count())
        .cloned();
    let h1 = d.find_all("h1").into_iter().find(|&h| !inside_noise(d, parents, h)).and_then(|h| clean(d.text(h)));
    let og = d
        .find_all("meta")
        .into_iter()
        .find(|&m| d.attr(m, "property") == Some("og:title"))
        .and_then(|m| clean(d.attr(m, "content")?.to_string()));
    repeated.or(h1).or(og).or(clean(cut))
}

/// Date and source from `<meta>` and from the text around the body (the
/// "发布时间：… 来源：…" line under the title).
fn page_facts(d: &Dom, body_id: usize, a: &mut Article) {
    for m in d.find_all("meta") {
        let key = d.attr(m, "name").or(d.attr(m, "property")).unwrap_or("").to_ascii_lowercase();
        let value = d.attr(m, "content").unwrap_or("");
        if ["article:published_time", "publishdate", "pubdate", "date", "firstpublishedtime"].contains(&key.as_str()) {
            if let Some((Written::Full(date), _)) = find_date(value) {
                a.page_date = a.page_date.or(Some(date));
            }
        } else if key == "source" || key == "contentsource" {
            a.source = a.source.take().or(Some(value.trim().to_string()).filter(|s| !s.is_empty()));
        }
    }
    let mut outside = String::new();
    outside_text(d, 0, body_id, &mut outside);
    for line in outside.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if a.page_date.is_none() {
            if let Some((Written::Full(date), _)) = find_date(line).filter(|_| line.chars().count() <= 80) {
                a.page_date = Some(date);
            }
        }
        if a.source.is_none() {
            if let Some(at) = line.find("来源") {
                let mut b = Byline::default();
                let rest: String = line[at..].split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                if read_byline(&rest, &mut b) {
                    a.source = b.source;
                }
            }
        }
    }
}

/// Text of the page outside the body, one line per text node (no script or style).
fn outside_text(d: &Dom, id: usize, body_id: usize, out: &mut String) {
    if id == body_id || matches!(d.name(id), "script" | "style" | "title" | "noscript") {
        return;
    }
    match &d.nodes[id] {
        Node::Text(t) => {
            out.push_str(t);
            out.push('\n');
        }
        Node::Element { children, .. } => {
            for &c in children {
                outside_text(d, c, body_id, out);
            }
        }
    }
}

/// Turns the body's tree into blocks.
struct Writer<'d> {
    d: &'d Dom,
    dir: &'d Path,
    a: Article,
    segs: Vec<Segment>,
    bold: usize,
    italic: usize,
    link: Option<String>,
    /// Pictures copied so far: where each came from and its name beside the report.
    copied: Vec<(PathBuf, String)>,
}

impl Writer<'_> {
    fn flush(&mut self, make: impl Fn(String) -> Block) {
        let text = render_inline(&std::mem::take(&mut self.segs));
        for t in split_breaks(&text) {
            self.a.blocks.push(make(t));
        }
    }

    fn block(&mut self, id: usize) {
        let d = self.d;
        for &c in d.children(id) {
            match &d.nodes[c] {
                Node::Text(t) => {
                    let t = t.replace(['\n', '\r', '\t'], " ");
                    let seg = Segment {
                        text: t,
                        bold: self.bold > 0,
                        italic: self.italic > 0,
                        link: self.link.clone(),
                        raw: false,
                    };
                    self.segs.push(seg);
                }
                Node::Element { name, .. } => self.element(c, name),
            }
        }
    }

    fn element(&mut self, id: usize, name: &str) {
        if is_noise(self.d, id) || matches!(name, "script" | "style" | "noscript" | "title" | "button" | "iframe") {
            return;
        }
        match name {
            "br" => self.segs.push(Segment::plain("\n")),
            "b" | "strong" => {
                self.bold += 1;
                self.block(id);
                self.bold -= 1;
            }
            "i" | "em" => {
                self.italic += 1;
                self.block(id);
                self.italic -= 1;
            }
            "a" => {
                let href = self.d.attr(id, "href").unwrap_or("");
                let external =
                    href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:");
                let outer = self.link.take();
                self.link = if external { Some(href.to_string()) } else { outer.clone() };
                self.block(id);
                self.link = outer;
            }
            "img" => self.image(id),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(Block::Para);
                self.block(id);
                // The page's title is its <h1>; the body's headings start at ##.
                let level = name[1..].parse::<u8>().unwrap_or(2).max(2);
                self.flush(|t| Block::Heading(level, t));
            }
            "li" => {
                self.flush(Block::Para);
                let ordered = self.parent_is_ol(id);
                self.block(id);
                self.flush(|t| Block::Item { ordered, depth: 0, text: t });
            }
            "blockquote" => {
                self.flush(Block::Para);
                self.block(id);
                self.flush(Block::Quote);
            }
            "table" => {
                self.flush(Block::Para);
                self.table(id);
            }
            "p" | "div" | "section" | "article" | "ul" | "ol" | "center" | "tr" | "dd" | "dt" | "figure"
            | "figcaption" => {
                self.flush(Block::Para);
                self.block(id);
                self.flush(Block::Para);
            }
            _ => self.block(id),
        }
    }

    fn parent_is_ol(&self, li: usize) -> bool {
        (0..self.d.nodes.len()).any(|p| self.d.name(p) == "ol" && self.d.children(p).contains(&li))
    }

    fn image(&mut self, id: usize) {
        let src = self.d.attr(id, "src").unwrap_or("");
        let alt = self.d.attr(id, "alt").unwrap_or("").replace(['[', ']', '\n'], " ");
        let rel = Path::new(src.split(['?', '#']).next().unwrap_or(""));
        let local = !src.contains(':')
            && !src.starts_with('/')
            && !src.is_empty()
            && rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        let bytes = if local { std::fs::read(self.dir.join(rel)).ok() } else { None };
        let Some(bytes) = bytes else {
            self.a.note(Import::PictureNotBeside, src);
            return;
        };
        let file = match self.copied.iter().find(|(from, _)| from == rel) {
            Some((_, name)) => name.clone(),
            None => {
                let taken: Vec<&str> = self.copied.iter().map(|(_, n)| n.as_str()).collect();
                let name = picture_name(rel, &taken);
                self.copied.push((rel.to_path_buf(), name.clone()));
                self.a.images.push(Image { file: name.clone(), bytes });
                name
            }
        };
        self.segs.push(Segment::raw(format!("![{}]({file})", alt.trim())));
    }

    fn table(&mut self, id: usize) {
        let d = self.d;
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut merged = None;
        let mut stack = vec![id];
        let mut order = Vec::new();
        // Rows of this table, in order (through thead/tbody), not of tables nested in cells.
        while let Some(n) = stack.pop() {
            for &c in d.children(n).iter().rev() {
                match d.name(c) {
                    "tr" => order.push(c),
                    "thead" | "tbody" | "tfoot" => stack.push(c),
                    _ => {}
                }
            }
        }
        order.sort_unstable();
        for tr in order {
            let mut row = Vec::new();
            for &cell in d.children(tr).iter().filter(|&&c| matches!(d.name(c), "td" | "th")) {
                let text = split_breaks(&d.text(cell).replace('\n', " ")).join(" ");
                let span: usize = d.attr(cell, "colspan").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                if (span > 1 || d.attr(cell, "rowspan").is_some_and(|r| r.trim() != "1")) && merged.is_none() {
                    merged = Some(text.clone());
                }
                row.push(super::article::escape(&text));
                row.extend(std::iter::repeat_n(String::new(), span.clamp(1, 50) - 1));
            }
            rows.push(row);
        }
        if let Some(cell) = merged {
            self.a.note(Import::MergedCells, cell);
        }
        if !rows.is_empty() {
            self.a.blocks.push(Block::Table(rows));
        }
    }
}

/// A name for a copied picture that a Markdown link can hold as it is: the
/// slug of its name (pinyin for Chinese) and its extension, `-2`… when taken.
fn picture_name(source: &Path, taken: &[&str]) -> String {
    let stem = source.file_stem().map(|s| crate::text::slug::slugify(&s.to_string_lossy())).unwrap_or_default();
    let stem = if stem.is_empty() { "image".to_string() } else { stem };
    let ext: String = source
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let with_ext = |s: &str| if ext.is_empty() { s.to_string() } else { format!("{s}.{ext}") };
    let mut name = with_ext(&stem);
    let mut n = 2;
    while taken.contains(&name.as_str()) || name == "index.md" {
        name = with_ext(&format!("{stem}-{n}"));
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_names_fit_a_markdown_link() {
        assert_eq!(picture_name(Path::new("现场 照片.JPG"), &[]), "xian-chang-zhao-pian.jpg");
        assert_eq!(picture_name(Path::new("a_files/x.png"), &["x.png"]), "x-2.png");
        assert_eq!(picture_name(Path::new("！！.png"), &[]), "image.png");
    }
}
