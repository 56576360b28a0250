//! Messages about the outputs besides the website: PNG images, fonts,
//! WeChat articles, share cards and 简报 pages.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outputs {
    FontUnreadable {
        path: String,
        why: String,
    },
    FontUnreadableHint,
    NotAFont {
        path: String,
    },
    NotAFontHint,
    /// `what` is a chart or card, already named in the run's language.
    NoGlyphs {
        what: String,
        chars: String,
    },
    NoGlyphsHint,
    ChartName {
        title: String,
    },
    CardName {
        path: String,
    },
    NoPng {
        title: String,
        why: String,
    },
    CardFailed {
        path: String,
        why: String,
    },
    TooLong {
        chars: usize,
        max: usize,
    },
    TooLongHint,
    SvgUnreadable {
        why: String,
    },
    PngUnencodable {
        why: String,
    },
    EmptyImage {
        width: u32,
    },
}

impl Message for Outputs {
    fn text(&self, lang: Lang) -> String {
        use Outputs::*;
        match self {
            FontUnreadable { path, why } => {
                tr!(lang, "无法读取字体文件 {path:?}：{why}", "cannot read the font file {path:?}: {why}")
            }
            FontUnreadableHint => tr!(
                lang,
                "写网站文件夹下的 .ttf、.otf 或 .ttc 文件路径，或删去这一项以使用自带字体",
                "give a .ttf, .otf or .ttc path under the site folder, or remove the entry to use the bundled font"
            ),
            NotAFont { path } => {
                tr!(lang, "{path:?} 不是 gongjian 能读取的字体文件", "{path:?} is not a font file gongjian can read")
            }
            NotAFontHint => {
                tr!(
                    lang,
                    "请用 TrueType 或 OpenType 字体（.ttf、.otf、.ttc）",
                    "use a TrueType or OpenType font (.ttf, .otf, .ttc)"
                )
            }
            NoGlyphs { what, chars } => tr!(
                lang,
                "{what}中有字体里没有的字：{chars}（PNG 中留空）",
                "{what} has characters no font draws: {chars} (left blank in the PNG)"
            ),
            NoGlyphsHint => tr!(
                lang,
                "在 site.yaml 的 `fonts:` 中指定含有这些字的字体（如完整的思源黑体 Noto Sans SC）",
                "name a font that has them in site.yaml `fonts:` (e.g. a full Noto Sans SC or Source Han Sans)"
            ),
            ChartName { title } => tr!(lang, "图表“{title}”", "the chart “{title}”"),
            CardName { path } => tr!(lang, "分享图 {path} ", "the share card {path}"),
            NoPng { title, why } => {
                tr!(lang, "图表“{title}”无法生成 PNG：{why}", "the chart “{title}” has no PNG: {why}")
            }
            CardFailed { path, why } => tr!(lang, "分享图 {path}：{why}", "share card {path}: {why}"),
            TooLong { chars, max } => tr!(
                lang,
                "它的微信文章有 {chars} 个字，公众号编辑器最多接受 {max} 个",
                "its WeChat article has {chars} characters; the 公众号 editor takes at most {max}"
            ),
            TooLongHint => tr!(
                lang,
                "粘贴到编辑器之前，请缩短报道或分成两篇",
                "shorten the report or split it in two before pasting it into the editor"
            ),
            SvgUnreadable { why } => tr!(lang, "无法读取 SVG：{why}", "cannot read the SVG: {why}"),
            PngUnencodable { why } => tr!(lang, "无法编码 PNG：{why}", "cannot encode PNG: {why}"),
            EmptyImage { width } => {
                tr!(lang, "SVG 按 {width} 像素宽绘制时没有面积", "the SVG drawn {width} px wide has no area")
            }
        }
    }
}

catalogue!(Outputs);

#[cfg(test)]
impl Outputs {
    pub(crate) fn samples() -> Vec<Outputs> {
        use Outputs::*;
        let s = || "值".to_string();
        vec![
            FontUnreadable { path: s(), why: s() },
            FontUnreadableHint,
            NotAFont { path: s() },
            NotAFontHint,
            NoGlyphs { what: s(), chars: s() },
            NoGlyphsHint,
            ChartName { title: s() },
            CardName { path: s() },
            NoPng { title: s(), why: s() },
            CardFailed { path: s(), why: s() },
            TooLong { chars: 1, max: 2 },
            TooLongHint,
            SvgUnreadable { why: s() },
            PngUnencodable { why: s() },
            EmptyImage { width: 1 },
        ]
    }
}
