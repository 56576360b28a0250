//! The WeChat files: one article per report (`wechat/<page>.html`) and the
//! editors' list (`wechat/index.html`) with each article's images to upload.

use crate::messages::outputs::Outputs as Msg;
use crate::messages::render::Render;
use std::path::Path;

use super::wechat::{self, Look, MAX_CHARS};
use super::{missing_warning, Export, Outputs};
use crate::charts::escape;
use crate::diag::Diagnostic;
use crate::raster::{Rasterizer, CHART_PX};
use crate::render::jobs::Inputs;
use crate::render::{Body, Links};
use crate::write::Staging;

/// Charts drawn to PNG into `wechat/img/`, photos linked where the site has them.
pub(super) struct SiteAssets<'a> {
    pub outputs: &'a Outputs,
    pub raster: &'a Rasterizer,
    pub links: &'a Links,
    pub out: &'a Staging,
    pub source: &'a Path,
    pub warnings: &'a mut Vec<Diagnostic>,
}

impl wechat::Assets for SiteAssets<'_> {
    fn chart(&mut self, svg: &str) -> Option<String> {
        let key = self.raster.key(svg, CHART_PX);
        let (rel, beside_articles) = crate::model::urls::wechat_image(&key);
        let title = svg.split_once("<title>").and_then(|(_, t)| t.split_once("</title>")).map_or("", |(t, _)| t);
        let missing = self.raster.missing(svg);
        if !missing.is_empty() {
            self.warnings.push(missing_warning(self.source, Msg::ChartName { title: title.to_string() }, &missing));
        }
        // Written once per build, by whichever article shows it first.
        if self.outputs.charts.lock().expect("charts").insert(key.clone()) {
            let written = match self.raster.png(svg, CHART_PX) {
                Ok(png) => self.out.write(&rel, &png.bytes).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            if let Err(why) = written {
                self.warnings.push(Diagnostic::warning(self.source, 0, Msg::NoPng { title: title.to_string(), why }));
                return None;
            }
        }
        Some(beside_articles)
    }

    fn relative(&self, url: &str) -> String {
        match url.strip_prefix(self.links.base_path.as_str()) {
            Some(rest) if !url.contains("://") => format!("../{rest}"),
            _ => url.to_string(),
        }
    }
}

/// The file name of page `path`'s article (`reports/a/` → `reports-a.html`).
/// A paragraph in the article's small grey text.
fn note_p(text: &str) -> String {
    format!("<p style=\"margin:0 0 0.6em;font-size:14px;color:#888888\">{text}</p>")
}

/// Writes page `i`'s article; what the list shows of it.
pub(super) fn write(
    inp: &Inputs,
    i: crate::model::PageId,
    body: &Body,
    assets: &mut SiteAssets,
    out: &Staging,
) -> Result<Export, Diagnostic> {
    let (site, p) = (inp.site, &inp.site.pages[i]);
    let w = &site.config.wechat;
    let look = Look { accent: assets.outputs.accent.clone(), text: w.text.clone() };
    let article = wechat::convert(&body.html, &look, assets);
    let mut html = String::with_capacity(article.html.len() + 2048);
    let h1 = format!("margin:0 0 0.4em;font-size:22px;font-weight:bold;line-height:1.4;color:{}", look.text);
    html.push_str(&format!("<h1 style=\"{h1}\">{}</h1>", escape(&p.title)));
    let date = p.date.as_ref().map(|d| crate::text::date_cn(d.date())).unwrap_or_default();
    let by = [w.account.as_str(), &date].iter().filter(|s| !s.is_empty()).map(|s| escape(s)).collect::<Vec<_>>();
    html.push_str(&note_p(&by.join(" · ")));
    if !w.header.trim().is_empty() {
        html.push_str(&format!("<p style=\"margin:0 0 1.2em;color:{}\">{}</p>", look.accent, escape(w.header.trim())));
    }
    html.push_str(&article.html);
    if !article.notes.is_empty() {
        html.push_str(&format!("<p style=\"{}\">注释</p>", wechat::style("h3", &look).unwrap_or_default()));
        for (n, note) in article.notes.iter().enumerate() {
            html.push_str(&note_p(&format!("[{}] {}", n + 1, escape(note))));
        }
    }
    if !w.footer.trim().is_empty() {
        html.push_str(&format!("<p style=\"margin:1.6em 0 0.6em;color:#666666\">{}</p>", escape(w.footer.trim())));
    }
    if w.original_link {
        html.push_str(&note_p(&format!("原文链接：{}", escape(&inp.links.permalink(&p.path)))));
    }
    let chars = crate::render::strip_tags(&html).chars().filter(|c| !c.is_whitespace()).count();
    let (rel, file) = crate::model::urls::wechat_article(&p.path);
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<title>{}</title>\n</head>\n<body style=\"margin:0;background:#ffffff\">\n<section style=\"max-width:677px;margin:0 auto;padding:16px;font-size:16px;line-height:1.75;letter-spacing:0.5px;color:{}\">\n{html}\n</section>\n</body>\n</html>\n",
        escape(&p.title),
        look.text
    );
    out.write(&rel, page.as_bytes())
        .map_err(|e| Diagnostic::error(&rel, 0, Render::CannotWrite { why: e.to_string() }))?;
    if chars > MAX_CHARS {
        assets
            .warnings
            .push(Diagnostic::warning(assets.source, 0, Msg::TooLong { chars, max: MAX_CHARS }).hint(Msg::TooLongHint));
    }
    Ok(Export { page: i, file, chars, images: article.images })
}

/// `wechat/index.html`: every article with its length and images, newest first.
pub(super) fn write_index(inp: &Inputs, exports: &[Export], out: &Staging) -> Result<(), Diagnostic> {
    let mut rows = String::new();
    for e in exports.iter().rev() {
        let p = &inp.site.pages[e.page];
        let date = p.date.as_ref().map(|d| d.date().to_string()).unwrap_or_default();
        let over = if e.chars > MAX_CHARS { " <strong>超过 2 万字，请删减或拆分</strong>" } else { "" };
        let images: Vec<String> =
            e.images.iter().map(|src| format!("<a href=\"{0}\" download>{0}</a>", escape(src))).collect();
        rows.push_str(&format!(
            "<tr><td>{date}</td><td><a href=\"{}\">{}</a></td><td>{}{over}</td><td>{}</td></tr>\n",
            escape(&e.file),
            escape(&p.title),
            e.chars,
            if images.is_empty() { "—".to_string() } else { images.join("<br>") }
        ));
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<title>公众号稿件 - {title}</title>\n</head>\n<body style=\"margin:0 auto;max-width:960px;padding:16px;font-family:sans-serif;line-height:1.6\">\n<h1>公众号稿件</h1>\n<p>打开一篇稿件，全选复制，粘贴到公众号编辑器；图表和照片请先上传右栏的图片，再替换稿件中的图片。</p>\n<table style=\"border-collapse:collapse;width:100%\" border=\"1\" cellpadding=\"6\">\n<thead><tr><th>日期</th><th>稿件</th><th>字数</th><th>需上传的图片</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n",
        title = escape(&inp.site.config.title)
    );
    let rel = crate::model::urls::output_file(crate::model::urls::fixed::WECHAT);
    out.write(&rel, html.as_bytes()).map_err(|e| Diagnostic::error(&rel, 0, Render::CannotWrite { why: e.to_string() }))
}
