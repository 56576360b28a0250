//! Messages about photos: why one could not be resized, and what to do.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Images {
    Unreadable { path: String, why: String },
    UnreadableHint,
    UnknownFormat { why: String },
    Undecodable { why: String },
    Resize { width: u32, why: String },
    Encode { format: String, why: String },
    SaveAgainHint,
    CacheWrite { dir: String, why: String },
    CacheWriteHint,
}

impl Message for Images {
    fn text(&self, lang: Lang) -> String {
        use Images::*;
        match self {
            Unreadable { path, why } => tr!(lang, "无法读取 {path}：{why}", "cannot read {path}: {why}"),
            UnreadableHint => tr!(
                lang,
                "检查文件是否还在、能否打开（权限，或文件还在复制中）",
                "check that the file is there and can be opened (permissions, or a copy still in progress)"
            ),
            UnknownFormat { why } => tr!(lang, "无法读取图片：{why}", "cannot read the image: {why}"),
            Undecodable { why } => tr!(lang, "无法解码图片：{why}", "cannot decode the image: {why}"),
            Resize { width, why } => {
                tr!(lang, "无法缩小到 {width} 像素宽：{why}", "cannot resize it to {width} px wide: {why}")
            }
            Encode { format, why } => tr!(lang, "无法编码为 {format}：{why}", "cannot encode {format}: {why}"),
            SaveAgainHint => tr!(
                lang,
                "把照片重新另存为 JPEG 或 PNG，或换一个文件",
                "save the photo again as JPEG or PNG, or replace the file"
            ),
            CacheWrite { dir, why } => {
                tr!(lang, "无法写入图片缓存 {dir}：{why}", "cannot write the image cache {dir}: {why}")
            }
            CacheWriteHint => tr!(
                lang,
                "检查网站文件夹中的 .gongjian/images 能否写入（磁盘空间、权限）；照片在此之前按原样发布",
                "check that .gongjian/images in the site folder can be written (disk space, permissions); until then the photo is published as it is"
            ),
        }
    }
}

catalogue!(Images);

#[cfg(test)]
impl Images {
    pub(crate) fn samples() -> Vec<Images> {
        use Images::*;
        let s = || "值".to_string();
        vec![
            Unreadable { path: s(), why: s() },
            UnreadableHint,
            UnknownFormat { why: s() },
            Undecodable { why: s() },
            Resize { width: 1, why: s() },
            Encode { format: s(), why: s() },
            SaveAgainHint,
            CacheWrite { dir: s(), why: s() },
            CacheWriteHint,
        ]
    }
}
