//! A report body as a WeChat 公众号 article: the editor keeps only inline
//! styles, so every element gets its look in `style=` (no `<style>`,
//! `<script>`, classes or ids), charts become `<img>` of their PNGs, photos
//! their largest size up to 1080 px, and footnotes and web links end notes
//! (the editor drops outside links).

use super::tags::{attr, tokens, Token};
use crate::charts::escape;

/// WeChat refuses an article whose text is longer than this.
pub const MAX_CHARS: usize = 20_000;
/// Photos wider than this are not needed on a phone and slow the editor.
const MAX_PHOTO_PX: u32 = 1080;

/// Colours of an article.
pub struct Look {
    pub accent: String,
    pub text: String,
}

/// What the article needs from the site: the URL of a chart's PNG (drawn
/// and written on the way) and of a photo file.
pub trait Assets {
    /// The PNG of chart `svg`, as a URL relative to the article.
    fn chart(&mut self, svg: &str) -> Option<String>;
    /// A site URL (`/reports/a/p-960.jpg`) as the article links it.
    fn relative(&self, url: &str) -> String;
}

/// The converted body, its end notes and the images it shows.
#[derive(Default)]
pub struct Article {
    pub html: String,
    /// Footnotes and link targets, numbered in order ([1], [2], …).
    pub notes: Vec<String>,
    pub images: Vec<String>,
}

/// The inline style of each element kept.
pub fn style(tag: &str, look: &Look) -> Option<String> {
    let a = &look.accent;
    Some(match tag {
        "p" => "margin:0 0 1em;text-align:justify".into(),
        "h1" | "h2" => format!("margin:1.6em 0 0.8em;padding-left:8px;border-left:4px solid {a};font-size:18px;font-weight:bold;color:{a};line-height:1.5"),
        "h3" | "h4" | "h5" | "h6" => format!("margin:1.2em 0 0.6em;font-size:16px;font-weight:bold;color:{a}"),
        "ul" | "ol" => "margin:0 0 1em;padding-left:1.6em".into(),
        "li" => "margin:0.3em 0".into(),
        "blockquote" => "margin:1em 0;padding:8px 12px;border-left:3px solid #cccccc;background:#f7f7f7;color:#666666".into(),
        "table" => "width:100%;margin:1em 0;border-collapse:collapse;font-size:14px".into(),
        "thead" | "tbody" | "tr" => "border:0".into(),
        "th" => format!("padding:6px 8px;border:1px solid #dddddd;background:{a};color:#ffffff;text-align:left"),
        "td" => "padding:6px 8px;border:1px solid #dddddd".into(),
        "caption" => "padding:4px 0;font-size:14px;color:#888888".into(),
        "strong" | "b" => "font-weight:bold".into(),
        "em" | "i" => "font-style:italic".into(),
        "del" | "s" => "text-decoration:line-through".into(),
        "code" => "padding:0 3px;background:#f5f5f5;font-family:monospace;font-size:14px".into(),
        "pre" => "margin:1em 0;padding:8px;background:#f5f5f5;font-size:13px;white-space:pre-wrap".into(),
        "hr" => "margin:1.5em 0;border:0;border-top:1px solid #dddddd".into(),
        "sup" => "font-size:12px;line-height:0;vertical-align:super".into(),
        "sub" => "font-size:12px;line-height:0;vertical-align:sub".into(),
        "section" | "figure" | "div" => "margin:1em 0".into(),
        "figcaption" => "margin:0.4em 0 0;font-size:14px;color:#888888;text-align:center".into(),
        "span" | "mark" | "abbr" => "color:inherit".into(),
        _ => return None,
    })
}

/// An `<img>` the editor shows full width.
fn img(src: &str, alt: &str) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\" style=\"display:block;max-width:100%;height:auto;margin:0 auto\">",
        escape(src),
        escape(alt)
    )
}

/// The largest candidate of a `srcset` no wider than 1080 px, else the smallest.
fn photo_src(src: &str, srcset: Option<&str>) -> String {
    let Some(set) = srcset else { return src.to_string() };
    let mut candidates: Vec<(u32, &str)> = set
        .split(',')
        .filter_map(|c| {
            let (url, w) = c.trim().rsplit_once(' ')?;
            Some((w.strip_suffix('w')?.parse().ok()?, url.trim()))
        })
        .collect();
    candidates.sort();
    let fits = candidates.iter().rev().find(|(w, _)| *w <= MAX_PHOTO_PX);
    fits.or(candidates.first()).map_or(src.to_string(), |(_, u)| u.to_string())
}

/// Converts `body` (a page body as the site renders it).
pub fn convert(body: &str, look: &Look, assets: &mut dyn Assets) -> Article {
    let mut a = Article::default();
    let mut footnotes: Vec<(String, String)> = Vec::new();
    // Inside a footnote definition (collected, not shown in place).
    let mut in_note: Option<(String, String)> = None;
    // Depth of elements skipped with their content (a chart's data table).
    let mut skip = 0usize;
    // The target of the link being read: a web address becomes an end note.
    let mut link: Option<String> = None;
    let mut toks = tokens(body).peekable();
    while let Some(t) = toks.next() {
        let noting = in_note.is_some();
        let out = match in_note.as_mut() {
            Some((_, text)) => text,
            None => &mut a.html,
        };
        match t {
            Token::Text(s) if skip == 0 => out.push_str(s),
            Token::Text(_) => {}
            Token::Open { name: "details", .. } => skip += 1,
            Token::Close("details") if skip > 0 => skip -= 1,
            _ if skip > 0 => {}
            Token::Open { name: "figure", attrs, .. }
                if attr(attrs, "class").is_some_and(|c| c.starts_with("chart")) =>
            {
                chart(&mut toks, out, look, assets, &mut a.images);
            }
            Token::Open { name: "div", attrs, .. } if attr(attrs, "class") == Some("footnote-definition") => {
                in_note = Some((attr(attrs, "id").unwrap_or_default().to_string(), String::new()));
                // The label (<sup class="footnote-definition-label">1</sup>) is dropped.
                if matches!(toks.peek(), Some(Token::Open { name: "sup", .. })) {
                    toks.by_ref().take_while(|t| !matches!(t, Token::Close("sup"))).for_each(drop);
                }
            }
            Token::Close("div") if noting => {
                footnotes.push(in_note.take().expect("in a note"));
            }
            Token::Open { name: "sup", attrs, .. } if attr(attrs, "class") == Some("footnote-reference") => {
                let n = note_number(&mut a.notes, &format!("#{}", footnote_target(&mut toks)));
                out.push_str(&note_mark(n, look));
            }
            Token::Open { name: "a", attrs, .. } => link = attr(attrs, "href").map(str::to_string),
            Token::Close("a") => {
                if let Some(href) = link.take().filter(|h| h.contains("://") || h.starts_with("mailto:")) {
                    out.push_str(&note_mark(note_number(&mut a.notes, &href), look));
                }
            }
            Token::Open { name: "img", attrs, .. } => {
                let src = photo_src(attr(attrs, "src").unwrap_or(""), attr(attrs, "srcset"));
                let src = assets.relative(&src);
                out.push_str(&img(&src, attr(attrs, "alt").unwrap_or("")));
                a.images.push(src);
            }
            Token::Open { name: "br", .. } => out.push_str("<br>"),
            // An SVG outside a chart's figure (a theme's own markup) is shown as its PNG too.
            Token::Svg(s) => {
                if let Some(src) = assets.chart(s) {
                    out.push_str(&img(&src, ""));
                    a.images.push(src);
                }
            }
            Token::Open { name, attrs, closed } => element(out, name, attrs, closed, look),
            Token::Close(name) => {
                if style(name, look).is_some() {
                    out.push_str(&format!("</{name}>"));
                }
            }
        }
    }
    // Footnotes in the order they were referred to; one never referred to goes last.
    for (id, text) in footnotes {
        let key = format!("#{id}");
        match a.notes.iter().position(|n| *n == key) {
            Some(i) => a.notes[i] = crate::render::strip_tags(&text),
            None => a.notes.push(crate::render::strip_tags(&text)),
        }
    }
    a
}

/// The element as kept: its inline style, only the attributes a table
/// needs; an element with no style of its own (a `<div>` wrapper) is left
/// out and its content kept.
fn element(out: &mut String, name: &str, attrs: &str, closed: bool, look: &Look) {
    let Some(st) = style(name, look) else { return };
    out.push('<');
    out.push_str(name);
    for keep in ["colspan", "rowspan"] {
        if let Some(v) = attr(attrs, keep) {
            out.push_str(&format!(" {keep}=\"{}\"", escape(v)));
        }
    }
    out.push_str(&format!(" style=\"{st}\"{}>", if closed { "/" } else { "" }));
}

/// The footnote a reference (`<sup class="footnote-reference"><a href="#id">1</a></sup>`)
/// points at, reading up to its `</sup>`.
fn footnote_target<'a>(toks: &mut impl Iterator<Item = Token<'a>>) -> String {
    let id = toks.find_map(|t| match t {
        Token::Open { name: "a", attrs, .. } => attr(attrs, "href").map(|h| h.trim_start_matches('#').to_string()),
        _ => None,
    });
    toks.take_while(|t| !matches!(t, Token::Close("sup"))).for_each(drop);
    id.unwrap_or_default()
}

/// The mark of end note `n` in the text: [n].
fn note_mark(n: usize, look: &Look) -> String {
    format!("<sup style=\"{}\">[{n}]</sup>", style("sup", look).unwrap_or_default())
}

/// The number of end note `key` (added when new).
fn note_number(notes: &mut Vec<String>, key: &str) -> usize {
    match notes.iter().position(|n| n == key) {
        Some(i) => i + 1,
        None => {
            notes.push(key.to_string());
            notes.len()
        }
    }
}

/// A chart's `<figure>` (up to its `</figure>`) as its PNG and caption.
fn chart<'a>(
    toks: &mut impl Iterator<Item = Token<'a>>,
    out: &mut String,
    look: &Look,
    assets: &mut dyn Assets,
    images: &mut Vec<String>,
) {
    let (mut caption, mut svg, mut depth) = (String::new(), None, 0usize);
    let mut in_caption = false;
    for t in toks.by_ref() {
        match t {
            Token::Open { name: "figure", .. } => depth += 1,
            Token::Close("figure") if depth == 0 => break,
            Token::Close("figure") => depth -= 1,
            Token::Open { name: "figcaption", .. } => in_caption = true,
            Token::Close("figcaption") => in_caption = false,
            Token::Text(s) if in_caption => caption.push_str(s),
            Token::Svg(s) if svg.is_none() => svg = Some(s),
            _ => {}
        }
    }
    let Some(src) = svg.and_then(|s| assets.chart(s)) else { return };
    out.push_str(&format!("<section style=\"{}\">", style("section", look).unwrap_or_default()));
    out.push_str(&img(&src, &crate::render::strip_tags(&caption)));
    out.push_str(&format!("<p style=\"{}\">{caption}</p></section>", style("figcaption", look).unwrap_or_default()));
    images.push(src);
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Assets for Fake {
        fn chart(&mut self, svg: &str) -> Option<String> {
            Some(format!("img/{}.png", svg.len()))
        }
        fn relative(&self, url: &str) -> String {
            format!("..{url}")
        }
    }

    fn look() -> Look {
        Look { accent: "#b71c1c".into(), text: "#333333".into() }
    }

    #[test]
    fn charts_become_images_and_their_tables_go() {
        let body = "<p class=\"x\">前文</p><figure id=\"c1\" class=\"chart chart-pace\">\n<figcaption>时间进度</figcaption>\n<svg viewBox=\"0 0 4 4\"><text>55%</text></svg>\n<details><summary>查看数据</summary>\n<table><tr><td>1</td></tr></table>\n</details>\n</figure>";
        let a = convert(body, &look(), &mut Fake);
        assert!(!a.html.contains("class="), "{}", a.html);
        assert!(!a.html.contains("<svg") && !a.html.contains("<table") && !a.html.contains("查看数据"), "{}", a.html);
        assert!(a.html.contains("<img src=\"img/"), "{}", a.html);
        assert!(a.html.contains(">时间进度</p>"), "{}", a.html);
        assert_eq!(a.images.len(), 1);
    }

    #[test]
    fn photos_take_the_largest_size_up_to_1080() {
        let body = "<picture><source type=\"image/webp\" srcset=\"/r/a-480.webp 480w\"><img src=\"/r/a-480.jpg\" srcset=\"/r/a-480.jpg 480w, /r/a-960.jpg 960w, /r/a-1600.jpg 1600w\" alt=\"工地\"></picture>";
        let a = convert(body, &look(), &mut Fake);
        assert_eq!(a.images, vec!["../r/a-960.jpg"]);
        assert!(!a.html.contains("<picture") && !a.html.contains("<source"), "{}", a.html);
    }

    #[test]
    fn footnotes_and_web_links_become_end_notes() {
        let body = "<p>见<a href=\"https://example.gov.cn/x\">通知</a>和说明<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>。</p>\n<div class=\"footnote-definition\" id=\"n\"><sup class=\"footnote-definition-label\">1</sup>\n<p>数据截至9月底。</p>\n</div>";
        let a = convert(body, &look(), &mut Fake);
        assert_eq!(a.notes.len(), 2, "{:?}", a.notes);
        assert_eq!(a.notes[0], "https://example.gov.cn/x");
        assert!(a.notes[1].contains("数据截至9月底"), "{:?}", a.notes);
        assert!(a.html.contains("通知<sup") && a.html.contains("[2]</sup>"), "{}", a.html);
        assert!(!a.html.contains("<a ") && !a.html.contains("数据截至"), "{}", a.html);
    }
}
