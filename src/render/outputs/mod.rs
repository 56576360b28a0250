//! The outputs made besides the website, from the same build (`outputs:` in
//! site.yaml): WeChat 公众号 articles with PNG charts (`wechat/`), share
//! cards (`<page>/share.png`, the pages' `og:image`) and each campaign's A4
//! 简报 page (`<campaign>/jianbao/`).
//!
//! The render stage calls two hooks: `page` for each dated page, written or
//! kept from the last build (while its body's HTML is held), and `finish`
//! once the pages are done.

mod article;
mod bulletin;
pub(crate) use bulletin::Kept as BulletinInputs;
mod tags;
mod wechat;

use crate::messages::outputs::Outputs as Msg;
use std::collections::HashSet;
use std::sync::Mutex;

use super::chart::{ChartMaker, ChartRequest};
use super::engine::Records;
use super::jobs::Inputs;
use super::Body;
use crate::charts::ChartKind;
use crate::config::Output;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Page, PageId, Site};
use crate::raster::{card::Card, Rasterizer};
use crate::write::Staging;

/// One exported article, for the editors' list.
struct Export {
    page: PageId,
    file: String,
    chars: usize,
    images: Vec<String>,
}

/// What the build makes besides the website, and what it made so far.
pub struct Outputs {
    wechat: bool,
    share: bool,
    print: bool,
    /// Draws PNGs; `None` when no output needs one (or the fonts failed).
    raster: Option<Rasterizer>,
    /// Chart PNGs written (by cache key): a chart shown twice is written once.
    charts: Mutex<HashSet<String>>,
    exports: Mutex<Vec<Export>>,
    /// Headings, rules and card bands: `wechat.accent`, else the theme's primary colour.
    accent: String,
}

impl Outputs {
    /// An error in `fonts:` is reported here; the website is still made.
    pub fn new(site: &Site, primary: &str, diags: &mut Diagnostics) -> Outputs {
        let c = &site.config;
        let (wechat, share, print) = (c.makes(Output::Wechat), c.makes(Output::Share), c.makes(Output::Print));
        let raster = match (wechat || share).then(|| Rasterizer::new(&site.root, &c.fonts)) {
            Some(Ok(r)) => Some(r),
            Some(Err(d)) => {
                diags.push(d);
                None
            }
            None => None,
        };
        let accent = match c.wechat.accent.trim() {
            "" => primary.to_string(),
            own => own.to_string(),
        };
        Outputs { wechat, share, print, raster, charts: Mutex::default(), exports: Mutex::default(), accent }
    }

    /// A report's article and share card, made from its body; the warnings found.
    /// Whether `page` reads each report's HTML (the WeChat export and share cards).
    pub fn reads_bodies(&self) -> bool {
        self.raster.is_some()
    }

    pub fn page(&self, inp: &Inputs, i: PageId, body: &Body, out: &Staging) -> Vec<Diagnostic> {
        let p = &inp.site.pages[i];
        let (Some(raster), Some(_)) = (&self.raster, &p.date) else { return Vec::new() };
        let source = &inp.site.source_of(p).path;
        let mut warnings = Vec::new();
        if self.wechat {
            let mut assets =
                article::SiteAssets { outputs: self, raster, links: inp.links, out, source, warnings: &mut warnings };
            match article::write(inp, i, body, &mut assets, out) {
                Ok(export) => self.exports.lock().expect("exports").push(export),
                Err(d) => warnings.push(d),
            }
        }
        if self.share {
            let chart = first_svg(&body.html);
            let byline = byline(inp.site, p);
            let card =
                Card { title: &p.title, site: &inp.site.config.title, byline: &byline, accent: &self.accent, chart };
            if let Err(d) = self.write_card(raster, &card, &format!("{}share.png", p.path), source, out) {
                warnings.push(d);
            }
        }
        warnings
    }

    /// The editors' list of articles, the campaigns' share cards and 简报
    /// pages; how many files were written, and what the 简报 pages read.
    pub(crate) fn finish(
        &self,
        inp: &Inputs,
        charts: &ChartMaker,
        kept: &bulletin::Kept,
        out: &Staging,
        diags: &mut Diagnostics,
    ) -> (usize, Records) {
        let mut files = self.charts.lock().expect("charts").len();
        if self.wechat {
            let mut exports = std::mem::take(&mut *self.exports.lock().expect("exports"));
            files += exports.len();
            exports.sort_by_key(|e| e.page);
            match article::write_index(inp, &exports, out) {
                Ok(()) => files += 1,
                Err(d) => diags.push(d),
            }
        }
        if let (true, Some(raster)) = (self.share, &self.raster) {
            for (i, c) in inp.site.campaigns.iter_enumerated() {
                let svg = [ChartKind::Pace, ChartKind::Targets].into_iter().find_map(|kind| {
                    let req = ChartRequest { campaign: Some(c.id.clone()), ..ChartRequest::new(kind) };
                    charts.html(&req, None).ok()
                });
                let byline = format!("{}至\n{}", crate::text::date_cn(c.start), crate::text::date_cn(c.end));
                let card = Card {
                    title: &c.title,
                    site: &inp.site.config.title,
                    byline: &byline,
                    accent: &self.accent,
                    chart: svg.as_deref().and_then(first_svg),
                };
                let source = &inp.site.sources[inp.site.campaigns[i].source].path;
                match self.write_card(raster, &card, &format!("{}share.png", c.path), source, out) {
                    Ok(()) => files += 1,
                    Err(d) => diags.push(d),
                }
            }
        }
        let mut records = Records::default();
        if self.print {
            let (n, read) = bulletin::write_all(inp, kept, out, diags);
            files += n;
            records = read;
        }
        (files, records)
    }

    fn write_card(
        &self,
        raster: &Rasterizer,
        card: &Card,
        rel: &str,
        source: &std::path::Path,
        out: &Staging,
    ) -> Result<(), Diagnostic> {
        let png = raster
            .card(card)
            .map_err(|e| Diagnostic::error(source, 0, Msg::CardFailed { path: rel.to_string(), why: e.to_string() }))?;
        out.write(rel, &png.bytes).map_err(|e| {
            Diagnostic::error(rel, 0, crate::messages::render::Render::CannotWrite { why: e.to_string() })
        })?;
        match png.missing.is_empty() {
            true => Ok(()),
            false => Err(missing_warning(source, Msg::CardName { path: rel.to_string() }, &png.missing)),
        }
    }
}

/// The warning for characters a PNG could not draw.
fn missing_warning(source: &std::path::Path, what: Msg, missing: &[char]) -> Diagnostic {
    let chars: String = missing.iter().collect();
    Diagnostic::warning(source, 0, Msg::NoGlyphs { what: what.to_string(), chars }).hint(Msg::NoGlyphsHint)
}

/// The first inline chart of a page body.
fn first_svg(html: &str) -> Option<&str> {
    let start = html.find("<svg")?;
    let end = html[start..].find("</svg>")? + start + 6;
    Some(&html[start..end])
}

/// Date and campaign of a report, for its card.
fn byline(site: &Site, p: &Page) -> String {
    let date = p.date.as_ref().map(|d| crate::text::date_cn(d.date())).unwrap_or_default();
    match p.campaign {
        Some(c) => format!("{date}\n{}", site.campaigns[c].title),
        None => date,
    }
}
