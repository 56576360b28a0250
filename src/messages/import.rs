//! Messages of `gongjian import`: why a file could not be imported, what
//! was changed or left out, and the notes written into an imported report.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Import {
    NoSite { root: String },
    BadSection { section: String },
    UnknownCampaign { id: String, known: String },
    NoCampaigns { id: String },
    NoSuchFile,
    OldFormat { ext: String },
    NotImportable,
    CannotRead { why: String },
    ReadAs { encoding: String },
    NoText,
    WouldNotBuild { why: String },
    LostCharacter,
    PinyinRemoved { n: usize },
    Simplified,
    NoTitle,
    NoDate,
    FileDate,
    AfterEditor { n: usize },
    ConversionTables { why: String },
    NotUtf16,
    NotUtf8AfterMark { why: String },
    UnknownEncoding,
    OtherFields,
    ImportedFrom { file: String },
    SuggestionsHeading,
    CannotReadPart { name: String, why: String },
    NotDocx { why: String },
    NotWordDocument,
    OddPicture { ext: String },
    MissingPicture,
    XmlDamaged,
    Equation,
    WordChart,
    OutsidePicture,
    MergedCells,
    PictureNotBeside,
}

impl Message for Import {
    fn text(&self, lang: Lang) -> String {
        use Import::*;
        match self {
            NoSite { root } => tr!(lang, "{root} 中没有网站（没有 site.yaml 或 content/）；请用 --root DIR 指定，或用 `gongjian init DIR` 新建", "no site in {root} (no site.yaml or content/); pass --root DIR or create one with `gongjian init DIR`"),
            BadSection { section } => tr!(lang, "--section {section:?} 不是放报道的栏目；请写 content/ 下的文件夹名，如 --section reports", "--section {section:?} is not a section for reports; name a folder under content/, e.g. --section reports"),
            UnknownCampaign { id, known } => tr!(lang, "没有攻坚行动 {id:?}；已有：{known}", "unknown campaign {id:?}; known: {known}"),
            NoCampaigns { id } => tr!(lang, "没有攻坚行动 {id:?}；content/campaigns/ 中还没有攻坚行动", "unknown campaign {id:?}; there are no campaigns in content/campaigns/"),
            NoSuchFile => tr!(lang, "没有这个文件或文件夹", "no such file or folder"),
            OldFormat { ext } => tr!(lang, "无法读取 .{ext} 文件；请在 Word 或 WPS 中打开，另存为 .docx 后再导入", "a .{ext} file cannot be read; open it in Word or WPS, save it as .docx and import that"),
            NotImportable => tr!(lang, "gongjian 不导入这种文件（可导入 .docx、.html、.htm、.txt、.md）", "not a kind of file gongjian imports (.docx, .html, .htm, .txt, .md)"),
            CannotRead { why } => tr!(lang, "无法读取：{why}", "cannot read it: {why}"),
            ReadAs { encoding } => tr!(lang, "按 {encoding} 编码读取", "read as {encoding}"),
            NoText => tr!(lang, "其中没有找到文字", "no text found in it"),
            WouldNotBuild { why } => tr!(lang, "转换后的文字无法构建（{why}）；什么也没写", "the converted text would not build ({why}); nothing was written"),
            LostCharacter => tr!(lang, "原文中丢了一个字（显示为 �）；请补上正确的字", "a character was lost in the source (shown as �); put the right one in"),
            PinyinRemoved { n } => tr!(lang, "删去了 {n} 处拼音注音", "removed {n} pinyin reading(s)"),
            Simplified => tr!(lang, "繁体字已转为简体", "converted Traditional characters to Simplified"),
            NoTitle => tr!(lang, "没有找到标题：取了第一段的开头；请写一个正式标题", "no title found: took the start of the first paragraph; write a real title"),
            NoDate => tr!(lang, "正文中没有日期，也没有指定；请用 --date YYYY-MM-DD 导入", "no date in the text and none given; import it with --date YYYY-MM-DD"),
            FileDate => tr!(lang, "正文中没有日期：取了文件的日期；请核对，或用 --date YYYY-MM-DD 导入", "no date in the text: took the file's date; correct it, or import with --date YYYY-MM-DD"),
            AfterEditor { n } => tr!(lang, "未导入：“责任编辑”一行之后的 {n} 段（网页的链接，不是正文）", "left out: {n} paragraph(s) after the 责任编辑 line (the page's links, not the article)"),
            ConversionTables { why } => tr!(lang, "无法载入繁简转换表：{why}", "cannot load the Chinese conversion tables: {why}"),
            UnknownEncoding => tr!(lang, "既不是 UTF-8、UTF-16 也不是 GBK 编码", "it is neither UTF-8, UTF-16 nor GBK"),
            NotUtf8AfterMark { why } => tr!(lang, "开头标明是 UTF-8 编码，但内容不是 UTF-8（{why}）；请在记事本或 WPS 中另存为 UTF-8 后再导入", "it starts with a UTF-8 mark but is not UTF-8 ({why}); save it again as UTF-8 and import that"),
            NotUtf16 => tr!(lang, "看起来是 UTF-16 编码，但无法按它解码", "it looks like UTF-16 but does not decode as it"),
            OtherFields => tr!(lang, "未导入：title、date、source 以外的文件头字段", "left out: front-matter fields other than title, date and source"),
            ImportedFrom { file } => tr!(lang, "# 由 `gongjian import` 从 {file} 导入：请核对，然后改为 draft: false。\n", "# Imported from {file} by `gongjian import`: check it, then set draft: false.\n"),
            SuggestionsHeading => tr!(lang, "# 正文中与攻坚行动指标相符的数字。没有自动填写：\n# 请把属于本期报道的数字抄到 `metrics:` 下。\n", "# Numbers in the text that match the campaign's metrics. Nothing was filled in:\n# copy the ones that are this report's own under `metrics:`.\n"),
            CannotReadPart { name, why } => tr!(lang, "无法读取其中的 {name}：{why}", "cannot read {name} in it: {why}"),
            NotDocx { why } => tr!(lang, "不是 .docx（zip）文件：{why}；旧的 .doc 须先另存为 .docx", "not a .docx (zip) file: {why}; an old .doc must be saved as .docx first"),
            NotWordDocument => tr!(lang, "其中没有 word/document.xml：不是 Word 文档；请在 Word 或 WPS 中另存为 .docx", "no word/document.xml inside: not a Word document; save it as .docx in Word or WPS"),
            OddPicture { ext } => tr!(lang, "复制了一张 .{ext} 图片，但浏览器无法显示；请另存为 PNG 或 JPEG", "a .{ext} picture was copied, but browsers cannot show it; save it as PNG or JPEG"),
            MissingPicture => tr!(lang, "未导入：文档提到但没有包含的一张图片", "left out: a picture the document names but does not contain"),
            XmlDamaged => tr!(lang, "停止读取：文档的 XML 在这里损坏", "stopped reading: the document's XML is damaged here"),
            Equation => tr!(lang, "未导入：一个公式（请写成文字或作为图片插入）", "left out: an equation (type it as text or add it as a picture)"),
            WordChart => tr!(lang, "未导入：一个 Word 图表（请用 {{{{ chart(...) }}}} 根据报道的数字绘制）", "left out: a Word chart (draw it with {{{{ chart(...) }}}} from the report's numbers)"),
            OutsidePicture => tr!(lang, "未导入：一张链接到文档之外的图片", "left out: a picture linked from outside the document"),
            MergedCells => tr!(lang, "已更改：合并的表格单元格已拆开；合并的文字在第一个单元格中", "changed: merged table cells were split; the merged text is in the first cell"),
            PictureNotBeside => tr!(lang, "未导入：一张不在网页旁边的图片（不会下载任何东西）", "left out: a picture that is not a file beside the page (nothing is downloaded)"),
        }
    }
}

catalogue!(Import);

#[cfg(test)]
impl Import {
    pub(crate) fn samples() -> Vec<Import> {
        use Import::*;
        let s = || "值".to_string();
        vec![
            NoSite { root: s() },
            BadSection { section: s() },
            UnknownCampaign { id: s(), known: s() },
            NoCampaigns { id: s() },
            NoSuchFile,
            OldFormat { ext: s() },
            NotImportable,
            CannotRead { why: s() },
            ReadAs { encoding: s() },
            NoText,
            WouldNotBuild { why: s() },
            LostCharacter,
            PinyinRemoved { n: 1 },
            Simplified,
            NoTitle,
            NoDate,
            FileDate,
            AfterEditor { n: 1 },
            ConversionTables { why: s() },
            NotUtf16,
            NotUtf8AfterMark { why: s() },
            UnknownEncoding,
            OtherFields,
            ImportedFrom { file: s() },
            SuggestionsHeading,
            CannotReadPart { name: s(), why: s() },
            NotDocx { why: s() },
            NotWordDocument,
            OddPicture { ext: s() },
            MissingPicture,
            XmlDamaged,
            Equation,
            WordChart,
            OutsidePicture,
            MergedCells,
            PictureNotBeside,
        ]
    }
}
