//! A rendered body's links and images made right for where the page is
//! published: `@/` paths and files beside the report point at their
//! published place, root-relative addresses get `base_url`'s path, photos
//! become `<picture>` (a `<figure>` with caption when alone in a paragraph
//! and titled), attachments (附件) get their type and size. A link to a file
//! that is not there is an error naming file, line and column.

use crate::messages::render::{Linked, Render};
use std::path::Path;

use crate::diag::Diagnostic;
use crate::images::{self, Photo, Target, ATTACHMENT_EXTENSIONS};
use crate::text::find_byte;

use super::Links;

/// Where the body came from, to name the line of a broken link.
pub struct Source<'a> {
    pub path: &'a Path,
    pub markdown: &'a str,
    /// File line of the body's first line.
    pub first_line: usize,
}

/// The largest processed size of a body's first photo: the page's
/// `og:image` when the site makes no share cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstPhoto {
    /// Site-relative (`media/<key>/gongdi-1600.jpg`).
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// Rewrites every `<img>` and `<a href>` of `html`, and notes its first
/// processed photo in `first`. A photo that cannot be decoded is linked as
/// it is, with a warning in `warnings`.
pub fn rewrite(
    html: &str,
    src: &Source,
    links: &Links,
    warnings: &mut Vec<Diagnostic>,
    first: &mut Option<FirstPhoto>,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let mut images_seen = 0;
    let mut pending_meta: Option<String> = None;
    while let Some(i) = find_byte(rest, b'<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = find_byte(rest, b'>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if let Some(meta) = pending_meta.as_ref().filter(|_| tag == "</a>") {
            out.push_str(tag);
            out.push_str(meta);
            pending_meta = None;
        } else if tag.starts_with("<img ") {
            out.push_str(&image(tag, src, links, (images_seen, false), warnings, first)?);
            images_seen += 1;
        } else if tag == "<p>" && rest[end..].starts_with("<img ") {
            // A photo alone in its paragraph can stand as a figure.
            let img_end = find_byte(&rest[end..], b'>').map_or(rest.len(), |e| end + e + 1);
            if rest[img_end..].starts_with("</p>") {
                out.push_str(&image(&rest[end..img_end], src, links, (images_seen, true), warnings, first)?);
                images_seen += 1;
                rest = &rest[img_end + 4..];
                continue;
            }
            out.push_str(tag);
        } else if tag.starts_with("<a ") {
            let (tag, meta) = anchor(tag, src, links)?;
            out.push_str(&tag);
            pending_meta = meta;
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The value of `name="…"` in a tag, as written (still HTML-escaped).
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn with_attr(tag: &str, name: &str, value: &str) -> String {
    match attr(tag, name) {
        Some(old) => tag.replacen(&format!(" {name}=\"{old}\""), &format!(" {name}=\"{value}\""), 1),
        None => tag.to_string(),
    }
}

/// `/images/x.jpg` → `/xmgj/images/x.jpg` under a sub-path; others as they are.
fn rebase(dest: &str, links: &Links) -> Option<String> {
    let root_relative = dest.starts_with('/') && !dest.starts_with("//");
    (root_relative && links.base_path != "/" && !dest.starts_with(&links.base_path)).then(|| links.url(dest))
}

fn anchor(tag: &str, src: &Source, links: &Links) -> Result<(String, Option<String>), Diagnostic> {
    let Some(href) = attr(tag, "href") else { return Ok((tag.to_string(), None)) };
    if href.starts_with("@/") && href.split('#').next().is_some_and(|f| f.ends_with(".md")) {
        return Ok((links.resolve(href).map_or_else(|| tag.to_string(), |u| with_attr(tag, "href", &u)), None));
    }
    match links.media.locate(src.path, href) {
        Target::File(local) => {
            let url = attr_value(&links.url(&local.published));
            let meta = images::has_extension(&local.published, ATTACHMENT_EXTENSIONS)
                .then(|| attachment_meta(&local.published, &local.file));
            Ok((with_attr(tag, "href", &url), meta))
        }
        Target::Missing(shown) => Err(missing(src, href, &shown, Linked::Link)),
        Target::Other => {
            Ok((rebase(href, links).map_or_else(|| tag.to_string(), |u| with_attr(tag, "href", &u)), None))
        }
    }
}

/// `（PDF，1.2 MB）` after an attachment's link.
fn attachment_meta(published: &str, file: &Path) -> String {
    let kind = images::extension(published).unwrap_or_default().to_ascii_uppercase();
    let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
    format!("<span class=\"attachment\">（{kind}，{}）</span>", human_size(bytes))
}

/// 1.2 MB, 356 KB (binary units, as file managers on Windows show them).
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    }
}

/// `at`: how many images came before, and whether it stands alone in its paragraph.
fn image(
    tag: &str,
    src: &Source,
    links: &Links,
    (nth, alone): (usize, bool),
    warnings: &mut Vec<Diagnostic>,
    first: &mut Option<FirstPhoto>,
) -> Result<String, Diagnostic> {
    let Some(dest) = attr(tag, "src") else { return Ok(wrap(tag.to_string(), alone)) };
    let loading = if nth == 0 { "" } else { " loading=\"lazy\"" };
    match links.media.locate(src.path, dest) {
        Target::File(local) if images::is_photo(&local.file, &local.published) => {
            match links.media.photo(&local.file) {
                Ok(photo) => {
                    if first.is_none() {
                        let largest = photo.processed.sizes.last().expect("a processed photo has at least one size");
                        let path = photo.output(largest.width, "jpg");
                        *first = Some(FirstPhoto { path, width: largest.width, height: largest.height });
                    }
                    Ok(picture(&photo, tag, links, loading, alone))
                }
                Err(e) => {
                    let (line, column) = locate_line(src, dest);
                    warnings.push(
                        Diagnostic::warning(
                            src.path,
                            line,
                            Render::Unresized { dest: decoded(dest), why: e.to_string() },
                        )
                        .column(column)
                        .hint(e.hint()),
                    );
                    let tag = with_attr(tag, "src", &attr_value(&links.url(&local.published)));
                    Ok(wrap(lazy(&tag, loading), alone))
                }
            }
        }
        Target::File(local) => {
            let tag = with_attr(tag, "src", &attr_value(&links.url(&local.published)));
            Ok(wrap(lazy(&tag, loading), alone))
        }
        Target::Missing(shown) => Err(missing(src, dest, &shown, Linked::Image)),
        Target::Other => {
            let tag = rebase(dest, links).map_or_else(|| tag.to_string(), |u| with_attr(tag, "src", &u));
            Ok(wrap(tag, alone))
        }
    }
}

/// A URL made from a file name, safe inside `"…"` (and a `srcset`, which splits at spaces).
fn attr_value(url: &str) -> String {
    url.replace('&', "&amp;").replace('"', "%22").replace(' ', "%20").replace(',', "%2C")
}

fn lazy(tag: &str, loading: &str) -> String {
    let body = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
    format!("{body}{loading} decoding=\"async\">")
}

fn wrap(inner: String, alone: bool) -> String {
    if alone {
        format!("<p>{inner}</p>")
    } else {
        inner
    }
}

fn picture(photo: &Photo, tag: &str, links: &Links, loading: &str, alone: bool) -> String {
    let sizes = &photo.processed.sizes;
    let srcset = |ext: &str| {
        let url = |w| attr_value(&links.url(&photo.output(w, ext)));
        sizes.iter().map(|s| format!("{} {}w", url(s.width), s.width)).collect::<Vec<_>>()
    };
    let largest = sizes.last().expect("a processed photo has at least one size");
    let fallback = sizes.iter().rev().find(|s| s.width <= 960).unwrap_or(&sizes[0]);
    let alt = attr(tag, "alt").unwrap_or("");
    let title = attr(tag, "title").filter(|t| !t.is_empty());
    let sizes_attr = links.media.config.sizes.replace('&', "&amp;").replace('"', "&quot;");
    let mut html = String::from("<picture>");
    if photo.processed.webp {
        html.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes_attr}\">",
            srcset("webp").join(", ")
        ));
    }
    html.push_str(&format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes_attr}\" width=\"{}\" height=\"{}\" alt=\"{alt}\"{}{loading} decoding=\"async\"></picture>",
        links.url(&photo.output(fallback.width, "jpg")),
        srcset("jpg").join(", "),
        largest.width,
        largest.height,
        title.filter(|_| !alone).map(|t| format!(" title=\"{t}\"")).unwrap_or_default(),
    ));
    match (alone, title) {
        (true, Some(t)) => format!("<figure>{html}<figcaption>{t}</figcaption></figure>"),
        (true, None) => format!("<figure>{html}</figure>"),
        (false, _) => html,
    }
}

fn decoded(dest: &str) -> String {
    images::decode_dest(dest)
}

fn missing(src: &Source, dest: &str, shown: &str, what: Linked) -> Diagnostic {
    let (line, column) = locate_line(src, dest);
    Diagnostic::error(src.path, line, Render::Broken { what, dest: decoded(dest), shown: shown.to_string() })
        .column(column)
        .hint(Render::BrokenHint)
}

/// File line and column where `dest` is written in the Markdown (line 0 when not found).
fn locate_line(src: &Source, dest: &str) -> (usize, usize) {
    let wanted = decoded(dest);
    for (i, line) in src.markdown.lines().enumerate() {
        if let Some(at) = line.find(&wanted).or_else(|| line.find(dest)) {
            return (src.first_line + i, line[..at].chars().count() + 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(super::human_size(1_258_291), "1.2 MB");
        assert_eq!(super::human_size(364_000), "356 KB");
        assert_eq!(super::human_size(10), "1 KB");
    }
}
