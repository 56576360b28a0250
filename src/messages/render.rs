//! Messages of rendering that are about the writer's files: themes and
//! templates, files that would replace generated ones, pictures and
//! attachments, colours, shortcodes, feeds.

use super::{catalogue, Lang, Message};
use crate::tr;

/// What a Markdown destination points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    Link,
    Image,
}

/// What a shortcode expected at the place it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    ArgumentName,
    Equals { key: String },
    Value { key: String },
    CommaOrClose,
    Braces,
}

/// Where in Markdown a shortcode may not stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    LinkAddress,
    LinkTitle,
    LinkText,
    Heading,
}

impl Message for Place {
    fn text(&self, lang: Lang) -> String {
        match self {
            Place::LinkAddress => tr!(lang, "链接或图片的地址", "a link or image address"),
            Place::LinkTitle => tr!(lang, "链接或图片的标题", "a link or image title"),
            Place::LinkText => tr!(lang, "链接或图片的文字", "link or image text"),
            Place::Heading => tr!(lang, "标题行", "a heading"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Render {
    ThemeNotFound {
        theme: String,
    },
    ThemeNotFoundHint,
    CannotReadTemplate {
        why: String,
    },
    WouldReplace {
        rel: String,
        what: String,
    },
    WouldReplaceHint {
        rel: String,
    },
    CannotCopy {
        why: String,
    },
    CannotWrite {
        why: String,
    },
    /// A page's HTML, set aside in the build's temporary file, cannot be read back for a feed.
    CannotReadBack {
        why: String,
    },
    NoRobots {
        base: String,
    },
    NoRobotsHint {
        sitemap: String,
    },
    Unresized {
        dest: String,
        why: String,
    },
    Broken {
        what: Linked,
        dest: String,
        shown: String,
    },
    BrokenHint,
    UnknownScheme {
        name: String,
    },
    UnknownSchemeHint {
        known: String,
    },
    UnknownColour {
        key: String,
    },
    UnknownColourHint {
        known: String,
    },
    NotAColour {
        key: String,
        value: String,
    },
    NotAColourHint,
    ShortcodeExpected {
        name: String,
        wanted: Wanted,
        found: String,
    },
    ShortcodeNotClosed {
        name: String,
        wanted: Wanted,
    },
    ShortcodeTwice {
        name: String,
        key: String,
    },
    TemplateFile {
        name: String,
    },
    NotADate {
        filter: String,
        value: String,
    },
    NoPageAt {
        path: String,
    },
    LoadData {
        path: String,
        why: String,
    },
    NoSuchDataFile,
    NotUtf8Text {
        why: String,
    },
    AtLine {
        line: usize,
        why: String,
    },
    UnreadableData {
        ext: String,
    },
    ConversionTables {
        why: String,
    },
    UnknownShortcode {
        name: String,
    },
    Rendering {
        path: String,
        message: String,
    },
    ChangedMeanwhile,
    CannotRemove {
        why: String,
    },
    ShortcodeMisplaced {
        place: Place,
    },
}

impl Message for Wanted {
    fn text(&self, lang: Lang) -> String {
        match self {
            Wanted::ArgumentName => tr!(lang, "参数名或 `)`", "an argument name or `)`"),
            Wanted::Equals { key } => tr!(lang, "`{key}` 后面的 `=`", "`=` after `{key}`"),
            Wanted::Value { key } => tr!(lang, "`{key}` 的值", "a value for `{key}`"),
            Wanted::CommaOrClose => tr!(lang, "`,` 或 `)`", "`,` or `)`"),
            Wanted::Braces => tr!(lang, "`}}}}`", "`}}}}`"),
        }
    }
}

impl Message for Render {
    fn text(&self, lang: Lang) -> String {
        use Render::*;
        match self {
            ThemeNotFound { theme } => tr!(lang, "找不到主题 {theme:?}：没有文件夹 themes/{theme}/templates", "theme {theme:?} not found: no folder themes/{theme}/templates"),
            ThemeNotFoundHint => tr!(lang, "写 `theme: default`，或加上该主题的文件夹", "use `theme: default` or add the theme's folder"),
            CannotReadTemplate { why } => tr!(lang, "无法读取模板：{why}", "cannot read template: {why}"),
            WouldReplace { rel, what } => tr!(lang, "会替换生成的 /{rel}（{what}）", "would replace /{rel}, {what}"),
            WouldReplaceHint { rel } => tr!(lang, "给文件改名或移走；如确要替换，在 site.yaml 的 `overrides:` 下列出 `{rel}`", "rename or move the file; to replace it on purpose, list `{rel}` under `overrides:` in site.yaml"),
            CannotCopy { why } => tr!(lang, "无法复制：{why}", "cannot copy: {why}"),
            CannotWrite { why } => tr!(lang, "无法写入：{why}", "cannot write: {why}"),
            CannotReadBack { why } => tr!(lang, "无法从本次生成的临时文件读回报道正文，订阅源未写出：{why}；请检查临时文件夹所在磁盘后重新生成", "cannot read a report's text back from this build's temporary file, so the feed is not written: {why}; check the disk of the temporary folder and build again"),
            NoRobots { base } => tr!(lang, "没有生成 robots.txt：base_url 带子路径 {base}，而搜索引擎只在域名根目录读取 robots.txt", "no robots.txt is written: base_url has the sub-path {base}, and crawlers read robots.txt only at the host's root"),
            NoRobotsHint { sitemap } => tr!(lang, "在域名根目录的 robots.txt 中加上 `Sitemap: {sitemap}`", "add `Sitemap: {sitemap}` to the robots.txt at the root of the host"),
            Unresized { dest, why } => tr!(lang, "图片 `{dest}` 未经缩小直接发布：{why}", "image `{dest}` is published unresized: {why}"),
            Broken { what: Linked::Link, dest, shown } => tr!(lang, "链接不可用 `{dest}`：没有文件 {shown}", "broken link `{dest}`: there is no file {shown}"),
            Broken { what: Linked::Image, dest, shown } => tr!(lang, "图片不可用 `{dest}`：没有文件 {shown}", "broken image `{dest}`: there is no file {shown}"),
            BrokenHint => tr!(lang, "把文件放在报道旁边（`![说明](gongdi.jpg)`）、放在 static/ 中（`/images/x.jpg`），或写 `@/` 加它在 content/ 下的路径", "put the file beside the report (`![说明](gongdi.jpg)`), in static/ (`/images/x.jpg`), or write `@/` and its path under content/"),
            UnknownScheme { name } => tr!(lang, "不认识的配色方案 {name:?}", "unknown colour scheme {name:?}"),
            UnknownSchemeHint { known } => tr!(lang, "可用：{known}", "use one of {known}"),
            UnknownColour { key } => tr!(lang, "不认识的颜色 `{key}`，已忽略", "unknown colour `{key}` is ignored"),
            UnknownColourHint { known } => tr!(lang, "可用的颜色：scheme、{known}", "known colours: scheme, {known}"),
            NotAColour { key, value } => tr!(lang, "colors.{key}：{value:?} 不是颜色", "colors.{key}: {value:?} is not a colour"),
            NotAColourHint => tr!(lang, "写成 #rrggbb，如 #1d4f91", "write it as #rrggbb, e.g. #1d4f91"),
            ShortcodeExpected { name, wanted, found } => {
                let w = wanted.text(lang);
                tr!(lang, "短代码 `{name}`：这里应为 {w}，写的是 `{found}`", "shortcode `{name}`: expected {w}, found `{found}`")
            }
            ShortcodeNotClosed { name, wanted } => {
                let w = wanted.text(lang);
                tr!(lang, "短代码 `{name}` 没有结束：缺少 {w}", "shortcode `{name}` is not closed: expected {w}")
            }
            ShortcodeTwice { name, key } => tr!(lang, "短代码 `{name}`：参数 `{key}` 写了两次", "shortcode `{name}`: argument `{key}` given twice"),
            TemplateFile { name } => tr!(lang, "模板 {name}", "template {name}"),
            NotADate { filter, value } => tr!(lang, "{filter}：{value:?} 不是日期", "{filter}: not a date: {value:?}"),
            NoPageAt { path } => tr!(lang, "url_for：{path:?} 处没有页面", "url_for: no page at {path:?}"),
            LoadData { path, why } => tr!(lang, "load_data：{path}：{why}", "load_data: {path}: {why}"),
            NoSuchDataFile => tr!(lang, "网站文件夹中没有这个文件", "no such file in the site folder"),
            NotUtf8Text { why } => tr!(lang, "无法按 UTF-8 文本读取：{why}", "cannot read as UTF-8 text: {why}"),
            AtLine { line, why } => tr!(lang, "第 {line} 行：{why}", "line {line}: {why}"),
            UnreadableData { ext } => tr!(lang, "无法读取 .{ext} 文件（可读 csv、xlsx、xls、ods、json、yaml、toml）", "cannot read .{ext} files (csv, xlsx, xls, ods, json, yaml, toml)"),
            ConversionTables { why } => tr!(lang, "无法载入繁简转换表：{why}", "cannot load the Chinese conversion tables: {why}"),
            UnknownShortcode { name } => tr!(lang, "没有短代码 `{name}`：唯一的短代码是 chart(kind=\"…\")", "unknown shortcode `{name}`: the only shortcode is chart(kind=\"…\")"),
            Rendering { path, message } => tr!(lang, "生成 /{path} 时：{message}", "rendering /{path}: {message}"),
            ChangedMeanwhile => tr!(lang, "文件在处理期间又被修改了", "changed on disk meanwhile"),
            CannotRemove { why } => tr!(lang, "无法删除：{why}", "cannot remove: {why}"),
            ShortcodeMisplaced { place } => {
                let place = place.text(lang);
                tr!(lang, "短代码不能放在{place}中：它生成的 HTML 会落进标记里；请放在正文中或单独一行", "a shortcode cannot stand in {place}: its HTML would land inside the markup; put it in the text or on a line of its own")
            }
        }
    }
}

catalogue!(Wanted, Place, Render);

#[cfg(test)]
impl Render {
    pub(crate) fn samples() -> Vec<Render> {
        use Render::*;
        let s = || "值".to_string();
        vec![
            ThemeNotFound { theme: s() },
            ThemeNotFoundHint,
            CannotReadTemplate { why: s() },
            WouldReplace { rel: s(), what: s() },
            WouldReplaceHint { rel: s() },
            CannotCopy { why: s() },
            CannotWrite { why: s() },
            CannotReadBack { why: s() },
            NoRobots { base: s() },
            NoRobotsHint { sitemap: s() },
            Unresized { dest: s(), why: s() },
            Broken { what: Linked::Link, dest: s(), shown: s() },
            Broken { what: Linked::Image, dest: s(), shown: s() },
            BrokenHint,
            UnknownScheme { name: s() },
            UnknownSchemeHint { known: s() },
            UnknownColour { key: s() },
            UnknownColourHint { known: s() },
            NotAColour { key: s(), value: s() },
            NotAColourHint,
            ShortcodeExpected { name: s(), wanted: Wanted::ArgumentName, found: s() },
            ShortcodeExpected { name: s(), wanted: Wanted::Equals { key: s() }, found: s() },
            ShortcodeExpected { name: s(), wanted: Wanted::Value { key: s() }, found: s() },
            ShortcodeExpected { name: s(), wanted: Wanted::CommaOrClose, found: s() },
            ShortcodeNotClosed { name: s(), wanted: Wanted::Braces },
            ShortcodeTwice { name: s(), key: s() },
            TemplateFile { name: s() },
            NotADate { filter: s(), value: s() },
            NoPageAt { path: s() },
            LoadData { path: s(), why: s() },
            NoSuchDataFile,
            NotUtf8Text { why: s() },
            AtLine { line: 1, why: s() },
            UnreadableData { ext: s() },
            ConversionTables { why: s() },
        ]
    }
}
