//! A page's body: its Markdown rendered, with chart shortcodes drawn and
//! photos and links rewritten, and what a build keeps of it between builds
//! (`engine::CachedBody`).

use super::chart::{ChartMaker, ChartRequest};
use super::{engine, media, spool, Links, RenderError};
use crate::diag::Diagnostic;
use crate::markdown::{self, MarkdownOptions, Shortcode, ShortcodeArg};
use crate::text::find_byte;

/// A page body after Markdown.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    /// Plain-text summary (front-matter `summary`, else text before `<!-- more -->`, else first paragraph).
    pub summary: String,
    /// Plain text for the search index, set aside until the index is built.
    pub text: spool::Text,
    pub char_count: usize,
    pub reading_minutes: u32,
    pub headings: Vec<markdown::Heading>,
    /// What its charts read beyond the file itself (numbers derived across
    /// the site, another page's data): the cached body is used again only
    /// while those are unchanged.
    pub reads: Vec<engine::Read>,
    /// The kinds of the charts the text draws (`page.charts` in templates,
    /// so a template can leave out a chart the text already shows).
    pub charts: Vec<&'static str>,
    /// Found while rendering, for the build's list (a photo that could not be processed).
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// Its first photo, processed (never in a cached body: see `cacheable`).
    pub photo: Option<media::FirstPhoto>,
    /// Digest of what pages show of it (`Dep::Body`).
    pub digest: u64,
    /// The HTML feeds quote, set aside in the spool once the page is
    /// written (`set_aside_html`): memory then holds no page's HTML.
    pub quoted: spool::Text,
}

impl Body {
    pub(super) fn seal(mut self) -> Body {
        use std::hash::Hasher;
        let mut h = crate::digest::hasher();
        for s in [&self.html, &self.summary] {
            h.write_usize(s.len());
            h.write(s.as_bytes());
        }
        h.write_usize(self.char_count);
        h.write_u32(self.reading_minutes);
        h.write_usize(self.headings.len());
        for head in &self.headings {
            h.write_u8(head.level);
            for s in [&head.id, &head.text] {
                h.write_usize(s.len());
                h.write(s.as_bytes());
            }
        }
        h.write_usize(self.charts.len());
        for kind in &self.charts {
            h.write_usize(kind.len());
            h.write(kind.as_bytes());
        }
        self.digest = h.finish();
        self
    }

    /// Once its page is written: the HTML leaves memory, and waits in
    /// `spool` where feeds quote it (`in_feed`). `spooled` is the same HTML
    /// the memory's cached body already set aside there, if any.
    pub(super) fn set_aside_html(&mut self, in_feed: bool, spooled: Option<spool::Text>, spool: &spool::Spool) {
        let html = std::mem::take(&mut self.html);
        if in_feed {
            self.quoted = spooled.unwrap_or_else(|| spool.put(html));
        }
    }

    /// A cached body, without its HTML (read from the memory's spool only
    /// where it is needed). Its text stays where the memory keeps it; its
    /// reads stay with the cached body (a page reads only its digest).
    pub(super) fn from_cached(c: &engine::CachedBody) -> Body {
        let charts =
            c.charts.iter().filter_map(|k| crate::charts::ChartKind::named(k).ok().map(|k| k.name())).collect();
        Body {
            html: String::new(),
            summary: c.summary.clone(),
            text: c.text.clone(),
            char_count: c.char_count,
            reading_minutes: c.reading_minutes,
            headings: c.headings.clone(),
            reads: Vec::new(),
            charts,
            warnings: Vec::new(),
            photo: None,
            digest: c.digest,
            quoted: spool::Text::Empty,
        }
    }

    /// What the memory keeps of a new body (its reads move there, its
    /// HTML, if kept, into `spool`).
    pub(super) fn take_cached(&mut self, spool: &spool::Spool, keep_html: bool) -> engine::CachedBody {
        engine::CachedBody {
            html: keep_html.then(|| spool.put(self.html.clone())),
            summary: self.summary.clone(),
            text: self.text.clone(),
            char_count: self.char_count,
            reading_minutes: self.reading_minutes,
            headings: self.headings.clone(),
            charts: self.charts.iter().map(|k| k.to_string()).collect(),
            reads: std::mem::take(&mut self.reads),
            digest: self.digest,
        }
    }
}

/// Whether a body may be taken from the cache when its file is unchanged:
/// not when it links other content files (their URLs may change) or shows
/// photos and attachments (which its rendering registers for publishing);
/// a reference definition (`[r]: gongdi.jpg`) links as `](` does.
pub(super) fn cacheable(text: &str) -> bool {
    !["@/", "](", "]:", "<img", "<a ", "href=", "src="].iter().any(|m| text.contains(m))
}

/// Renders one file's Markdown (the body in `text`, its whole text taken
/// out of the site, else the source's own body), expanding chart shortcodes
/// against its data.
#[allow(clippy::too_many_arguments)]
pub(super) fn body(
    f: &crate::load::SourceFile,
    text: Option<std::sync::Arc<str>>,
    opts: &MarkdownOptions,
    links: &Links,
    charts: &ChartMaker,
    report: Option<crate::model::PageId>,
    summary: Option<&str>,
    spool: &spool::Spool,
) -> Result<Body, Diagnostic> {
    let mut reads = Vec::new();
    let mut kinds: Vec<crate::charts::ChartKind> = Vec::new();
    let mut on_shortcode = |sc: &Shortcode| -> Result<String, RenderError> {
        if sc.name != "chart" {
            return Err(RenderError::UnknownShortcode { name: sc.name.to_string() });
        }
        let mut kind = None;
        let mut args = Vec::new();
        for (k, v) in &sc.args {
            let v = match v {
                ShortcodeArg::Str(s) => s.clone(),
                ShortcodeArg::Num(n) => crate::text::number_cn(*n),
                ShortcodeArg::Bool(b) => b.to_string(),
            };
            match k.as_str() {
                "kind" => kind = Some(v),
                _ => args.push((k.as_str(), v)),
            }
        }
        let req = ChartRequest::parse(kind.as_deref(), args)?;
        let (html, source) = charts.html_reading(&req, report, report)?;
        reads.extend(charts.text_reads(&req, report, source));
        if !kinds.contains(&req.kind) {
            kinds.push(req.kind);
        }
        Ok(html)
    };
    let md = text.as_deref().map_or(f.body(), |t| f.body_of(t));
    let r = markdown::render(md, opts, &mut on_shortcode).map_err(|e| {
        let mut d = Diagnostic::error(&f.path, e.line(), e.message()).quoting(md);
        if e.line() > 0 {
            d.line = e.line() + f.body_line - 1;
        }
        d
    })?;
    let src = media::Source { path: &f.path, markdown: md, first_line: f.body_line };
    let (mut warnings, mut photo) = (Vec::new(), None);
    let html = media::rewrite(&r.html, &src, links, &mut warnings, &mut photo)?;
    let summary = match summary {
        Some(s) => s.trim().to_string(),
        None => match &r.summary_html {
            Some(h) => strip_tags(h),
            None => r.first_paragraph.clone(),
        },
    };
    Ok(Body {
        html,
        summary,
        text: spool.put(r.plain_text),
        char_count: r.char_count,
        reading_minutes: r.reading_minutes,
        headings: r.headings,
        reads,
        charts: kinds.iter().map(|k| k.name()).collect(),
        warnings,
        photo,
        digest: 0,
        quoted: spool::Text::Empty,
    }
    .seal())
}

pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Text runs between tags are copied whole (`<` and `>` are ASCII); a
    // stray `>` outside a tag is dropped, as a tag's end.
    let mut push_text = |t: &str| match find_byte(t, b'>') {
        Some(_) => out.extend(t.chars().filter(|&c| c != '>')),
        None => out.push_str(t),
    };
    while let Some(lt) = find_byte(rest, b'<') {
        push_text(&rest[..lt]);
        rest = find_byte(&rest[lt..], b'>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    push_text(rest);
    let out = match out.contains('&') {
        true => out
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'"),
        false => out,
    };
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    /// The character-by-character version `strip_tags` replaced, as the reference.
    fn strip_tags_by_char(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        let out = out
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn strip_tags_keeps_text_and_entities() {
        for html in [
            "<p>东光县<strong>开工</strong>项目 38 个</p>\n<p>第二段</p>",
            "a > b <em>c</em> &amp;lt; &quot;引号&quot; &#39;x&#39;",
            "<p>未闭合 <a href=\"x\"",
            ">开头 > 中间 <br>  多个   空格\t\n",
            "",
            "没有标签",
        ] {
            assert_eq!(super::strip_tags(html), strip_tags_by_char(html), "{html:?}");
        }
        assert_eq!(super::strip_tags("<p>东光县<b>开工</b>  38 个</p>"), "东光县开工 38 个");
    }
}
