//! Messages of loading content: reading files, front-matter, input-method
//! slips, field checks, figures with units.

use super::{catalogue, Lang, Message};
use crate::tr;

/// The words around every diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Error,
    Warning,
    Field,
    Hint,
}

impl Message for Label {
    fn text(&self, lang: Lang) -> String {
        match self {
            Label::Error => tr!(lang, "错误", "error"),
            Label::Warning => tr!(lang, "警告", "warning"),
            Label::Field => tr!(lang, "字段", "field"),
            Label::Hint => tr!(lang, "提示", "hint"),
        }
    }
}

/// What kind of number a field holds, for range messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Figure,
    Amount,
    Investment,
    Percent,
    Score,
}

impl Message for NumberKind {
    fn text(&self, lang: Lang) -> String {
        use NumberKind::*;
        match self {
            Figure => tr!(lang, "数值", "a figure"),
            Amount => tr!(lang, "数量或金额", "an amount"),
            Investment => tr!(lang, "以亿元计的投资额", "an investment in 亿元"),
            Percent => tr!(lang, "百分数", "a percent"),
            Score => tr!(lang, "得分", "a score"),
        }
    }
}

/// Why a date in a date's form does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSuchDay {
    Month { m: u32 },
    NotLeap { y: i32 },
    Day { m: u32, d: u32 },
}

impl Message for NoSuchDay {
    fn text(&self, lang: Lang) -> String {
        match *self {
            NoSuchDay::Month { m } => tr!(lang, "没有{m}月", "there is no month {m} (没有{m}月)"),
            NoSuchDay::NotLeap { y } => tr!(
                lang,
                "{y}年不是闰年，2月没有29日",
                "{y} is not a leap year: February has 28 days ({y}年2月没有29日)"
            ),
            NoSuchDay::Day { m, d } => tr!(lang, "{m}月没有{d}日", "month {m} has no day {d} ({m}月没有{d}日)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    NoContentFolder,
    NoContentFolderHint,
    CannotRead { why: String },
    ChangedWhileBuilding,
    ChangedWhileBuildingHint,
    TooLarge { mb: String, limit: u64 },
    TooLargeHint,
    EmptyFile,
    EmptyFileHint,
    Unclosed,
    UnclosedHint,
    NoFrontMatter,
    NoFrontMatterHint,
    TooDeep { max: usize },
    TooDeepHint,
    LinkLoop,
    LinkHint,
    LinkOutside { target: String },
    LinkOutsideHint,
    ScriptInContent { ext: String, what: String },
    ScriptInContentHint,
    EventHandler,
    UnitMismatch { text: String, from: String, to: String },
    UnitMismatchHint { to: String },
    // Input-method slips.
    OddIndent { name: String },
    IdeographicSpace,
    OddIndentHint,
    FullWidthColon { key: String },
    FullWidthColonHint { key: String },
    CurlyQuoteInKey { quote: String, key: String },
    CurlyQuoteInKeyHint,
    InvisibleInKey { code: String, key: String },
    InvisibleInKeyHint,
    CurlyQuotedValue { key: String, quote: String },
    CurlyQuotedValueHint,
    FullWidthDigits { written: String, read: String },
    FullWidthDigitsHint,
    InvestmentUnit { value: String },
    InvestmentUnitHint,
    // Field checks.
    NeedsTitle,
    NeedsTitleHint,
    NeedsDate,
    NeedsDateHint,
    CampaignNeedsTitle,
    CampaignNeedsDate { name: String },
    AddDateHint { name: String },
    PaginateZero,
    BadSlug { found: String },
    BadSlugHint,
    LongSlug { len: usize, max: usize },
    LongSlugHint,
    BadMonthOrDate { found: String },
    BadDate { found: String },
    NoSuchDay { why: NoSuchDay },
    YearOutOfRange { year: i32, from: i32, to: i32 },
    DateExample,
    ProjectNeedsName,
    BadGrade { found: String },
    EndsBeforeStart { end: String, start: String },
    OneHeadline,
    NoSlug { value: String },
    NoSlugFileHint,
    NoSlugHint,
    OutOfRange { kind: NumberKind, min: f64, max: f64, found: String },
    NotANumber,
    OutOfRangeHint,
    UnknownKey { key: String },
    UnknownKeyHint { known: String },
    UnknownKeyNear { near: String, known: String },
    ControlChar { code: String },
    ControlCharHint,
    UnclosedBracketHint,
    ColonInValueHint,
}

impl Message for Load {
    fn text(&self, lang: Lang) -> String {
        use Load::*;
        match self {
            NoContentFolder => tr!(lang, "这里没有 content/ 文件夹", "no content/ folder here"),
            NoContentFolderHint => tr!(lang, "请在网站文件夹中运行 gongjian，或用 --root DIR 指定，或用 `gongjian init DIR` 新建网站", "run gongjian in the site's folder, pass --root DIR, or create one with `gongjian init DIR`"),
            CannotRead { why } => tr!(lang, "无法读取：{why}", "cannot read: {why}"),
            ChangedWhileBuilding => tr!(lang, "文件在生成期间被改动了", "the file changed while the site was being built"),
            ChangedWhileBuildingHint => tr!(lang, "保存完毕后再生成一次", "build again once it is saved"),
            TooLarge { mb, limit } => tr!(lang, "文件有 {mb} MB；内容文件最大 {limit} MB", "file is {mb} MB; content files are limited to {limit} MB"),
            TooLargeHint => tr!(lang, "拆成几篇报道，或把大量数据移出 Markdown", "split it into several reports, or move large data out of the Markdown"),
            EmptyFile => tr!(lang, "文件是空的", "file is empty"),
            EmptyFileHint => tr!(lang, "在两行 `---` 之间至少写上 `title:`，或删除这个文件", "write front-matter with at least a `title:` between two `---` lines, or delete the file"),
            Unclosed => tr!(lang, "第 1 行的 `---` 开始了文件头，但没有结束的 `---`", "the front-matter opened by `---` on line 1 is never closed"),
            UnclosedHint => tr!(lang, "在最后一个字段之后加一行只有 `---` 的行", "add a line with only `---` after the last front-matter field"),
            NoFrontMatter => tr!(lang, "没有文件头：第一行必须是 `---`", "no front-matter: the first line must be `---`"),
            NoFrontMatterHint => tr!(lang, "文件以 `---` 开头，接着写 `title: ...`，再写一行 `---`", "start the file with `---`, then `title: ...`, then `---`"),
            TooDeep { max } => tr!(lang, "这里的括号嵌套超过 {max} 层", "brackets nest more than {max} deep here"),
            TooDeepHint => tr!(lang, "文件头只需几层 `[` 和 `{{`；请把括号闭合", "front-matter needs no more than a few levels of `[` and `{{`; close the brackets"),
            LinkLoop => tr!(lang, "符号链接成环：它指回包含它的文件夹", "symbolic link loop: this link points back to a folder that contains it"),
            LinkHint => tr!(lang, "删除这个链接，或让它指向别处", "remove the link or point it elsewhere"),
            LinkOutside { target } => tr!(lang, "指向网站文件夹之外（{target}）的符号链接：不发布", "symbolic link to {target}, outside the site folder: not published"),
            LinkOutsideHint => tr!(lang, "如果要发布，请把文件复制到网站文件夹里", "copy the file into the site folder if it is meant to be published"),
            ScriptInContent { ext, what } => tr!(lang, "这个 {ext} 文件含有 {what}；安全模式下 content/ 不发布脚本", "this {ext} file holds {what}; content/ publishes no script in safe mode"),
            ScriptInContentHint => tr!(lang, "删除脚本；如须原样发布，移到 static/；或在 site.yaml 中设 `unsafe_html: true`", "remove the script, move the file to static/ if it must be published as it is, or set `unsafe_html: true` in site.yaml"),
            EventHandler => tr!(lang, "on…= 事件属性", "an on…= event handler"),
            UnitMismatch { text, from, to } => tr!(lang, "`{text}`：写的单位是 {from}，但指标声明的单位是 {to}，两者无法换算", "`{text}`: written in {from}, but the metric is declared in {to}"),
            UnitMismatchHint { to } => tr!(lang, "用 {to} 或能换算成 {to} 的单位填写", "write the figure in {to}, or a unit that converts to it"),
            OddIndent { name } => tr!(lang, "用 {name} 缩进；YAML 只能用半角空格缩进", "indented with {name}; YAML indents with ASCII spaces only"),
            IdeographicSpace => tr!(lang, "全角空格（U+3000）", "全角空格 (ideographic space U+3000)"),
            OddIndentHint => tr!(lang, "把输入法切换到半角，用普通空格缩进", "switch the input method to half-width (半角) and indent with ordinary spaces"),
            FullWidthColon { key } => tr!(lang, "`{key}` 后面是全角冒号 `：`；YAML 需要半角冒号 `:`", "full-width colon `：` (全角冒号) after `{key}`; YAML needs an ASCII colon `:`"),
            FullWidthColonHint { key } => tr!(lang, "写成 `{key}: …`：半角冒号，后面加一个空格", "write `{key}: …` with a half-width colon and a space after it"),
            CurlyQuoteInKey { quote, key } => tr!(lang, "字段名 `{key}` 中有弯引号 `{quote}`（Word 或 WPS 自动输入的）", "curly quote `{quote}` in the key `{key}` (as Word or WPS types it)"),
            CurlyQuoteInKeyHint => tr!(lang, "字段名不需要引号：直接写，如 `title: …`", "keys need no quotes: write the key bare, e.g. `title: …`"),
            InvisibleInKey { code, key } => tr!(lang, "字段名 `{key}` 中有看不见的字符 {code}", "invisible character {code} inside the key `{key}`"),
            InvisibleInKeyHint => tr!(lang, "删掉这个字段名，重新输入", "delete the key and type it again"),
            CurlyQuotedValue { key, quote } => tr!(lang, "`{key}` 的值两边是弯引号 `{quote}`，它们会成为值的一部分", "the value of `{key}` is wrapped in curly quotes `{quote}`; they become part of it"),
            CurlyQuotedValueHint => tr!(lang, "要给值加引号请用半角引号 \"…\"；若弯引号本就是文字内容，可忽略此提示", "to quote a value use ASCII quotes \"…\"; to keep the curly quotes as text, ignore this"),
            FullWidthDigits { written, read } => tr!(lang, "全角数字 `{written}` 已按 {read} 读取", "full-width digits `{written}` read as {read}"),
            FullWidthDigitsHint => tr!(lang, "输入数字时把输入法切换到半角", "switch the input method to half-width (半角) for numbers"),
            InvestmentUnit { value } => tr!(lang, "investment 是以亿元计的金额；`{value}` 不是金额", "investment is an amount in 亿元; `{value}` is not one"),
            InvestmentUnitHint => tr!(lang, "填写金额，如 `investment: 8000万元` 或 `investment: 0.8`", "write the amount, e.g. `investment: 8000万元` or `investment: 0.8`"),
            NeedsTitle => tr!(lang, "每个页面都要有标题", "every page needs a title"),
            NeedsTitleHint => tr!(lang, "在文件头中加上 `title: ...`", "add `title: ...` to the front-matter"),
            NeedsDate => tr!(lang, "报道需要发布日期", "a report needs its publication date"),
            NeedsDateHint => tr!(lang, "加上 `date: YYYY-MM-DD`", "add `date: YYYY-MM-DD`"),
            CampaignNeedsTitle => tr!(lang, "攻坚行动需要标题", "a campaign needs a title"),
            CampaignNeedsDate { name } => tr!(lang, "攻坚行动需要 `{name}` 日期", "a campaign needs its `{name}` date"),
            AddDateHint { name } => tr!(lang, "加上 `{name}: YYYY-MM-DD`", "add `{name}: YYYY-MM-DD`"),
            PaginateZero => tr!(lang, "至少为 1，写的是 0", "must be at least 1, found 0"),
            BadSlug { found } => tr!(lang, "slug 只能包含 a-z、0-9 和 -，写的是 {found:?}", "slug may hold only a-z, 0-9 and -, found {found:?}"),
            BadSlugHint => tr!(lang, "用拼音写，如 `dongguang-r7-kickoff`", "write it in pinyin, e.g. `dongguang-r7-kickoff`"),
            LongSlug { len, max } => tr!(lang, "slug 有 {len} 个字符；文件名最多稳妥容纳 {max} 个", "slug is {len} characters; at most {max} fit a file name safely"),
            LongSlugHint => tr!(lang, "缩短为几个词", "shorten it to a few words"),
            BadMonthOrDate { found } => tr!(lang, "应为 YYYY-MM 或 YYYY-MM-DD，写的是 {found:?}", "expected YYYY-MM or YYYY-MM-DD, found {found:?}"),
            BadDate { found } => tr!(lang, "应为日期 YYYY-MM-DD（或 RFC 3339），写的是 {found:?}", "expected a date YYYY-MM-DD (or RFC 3339), found {found:?}"),
            NoSuchDay { why } => {
                let why = why.text(lang);
                tr!(lang, "没有这一天：{why}", "no such day: {why}")
            }
            YearOutOfRange { year, from, to } => tr!(lang, "年份 {year} 不在 {from}–{to} 之间：请检查年份是否输错", "the year {year} is outside {from}–{to}: check for a mistyped year"),
            DateExample => tr!(lang, "例如 2021-08-10", "e.g. 2021-08-10"),
            ProjectNeedsName => tr!(lang, "项目需要名称", "a project needs a name"),
            BadGrade { found } => tr!(lang, "等次只能是 优、中、差，写的是 {found:?}", "grade is one of 优, 中, 差, found {found:?}"),
            EndsBeforeStart { end, start } => tr!(lang, "攻坚行动的结束日期（{end}）早于开始日期（{start}）", "the campaign ends ({end}) before it starts ({start})"),
            OneHeadline => tr!(lang, "只能有一个指标设为 `headline: true`", "only one metric can be `headline: true`"),
            NoSlug { value } => tr!(lang, "{value:?} 不能用作页面名：其中没有字母、数字或汉字", "{value:?} cannot name a page: it has no letter, digit or Chinese character"),
            NoSlugFileHint => tr!(lang, "给文件改个名", "rename the file"),
            NoSlugHint => tr!(lang, "用字母、数字或汉字写名称", "write the name with letters, digits or Chinese characters"),
            OutOfRange { kind, min, max, found } => {
                let kind = kind.text(lang);
                tr!(lang, "{kind}应在 {min} 到 {max} 之间，写的是 {found}", "{kind} from {min} to {max}, found {found}")
            }
            NotANumber => tr!(lang, "不是数字（.nan）", "not a number (.nan)"),
            OutOfRangeHint => tr!(lang, "检查小数点位置，或是否多打了数字", "check for a misplaced decimal point or extra digits"),
            UnknownKey { key } => tr!(lang, "不认识的字段 `{key}`，已忽略", "unknown field `{key}` is ignored"),
            UnknownKeyNear { near, known } => tr!(lang, "是不是要写 `{near}`？可用的字段：{known}", "did you mean `{near}`? Known fields: {known}"),
            UnknownKeyHint { known } => tr!(lang, "可用的字段：{known}；自定义的值请放在 `extra:` 下", "known fields: {known}; put your own values under `extra:`"),
            ControlChar { code } => tr!(lang, "文件头中不能有控制字符 {code}", "control character {code} is not allowed in front-matter"),
            ControlCharHint => tr!(lang, "删掉它（它看不见，通常是随文字一起粘贴进来的）", "delete it (it is invisible, usually pasted in along with text)"),
            UnclosedBracketHint => tr!(lang, "这里开始的 `[`、`{{` 或引号没有闭合", "a `[`, `{{` or quote opened here is not closed"),
            ColonInValueHint => tr!(lang, "含有 `: ` 的值要加引号，如 title: \"攻坚：开局\"", "a value containing `: ` must be quoted, e.g. title: \"攻坚：开局\""),
        }
    }
}

catalogue!(Label, NumberKind, NoSuchDay, Load);

#[cfg(test)]
impl Load {
    pub(crate) fn samples() -> Vec<Load> {
        use Load::*;
        let s = || "值".to_string();
        vec![
            NoContentFolder,
            NoContentFolderHint,
            CannotRead { why: s() },
            ChangedWhileBuilding,
            ChangedWhileBuildingHint,
            TooLarge { mb: s(), limit: 1 },
            TooLargeHint,
            EmptyFile,
            EmptyFileHint,
            Unclosed,
            UnclosedHint,
            NoFrontMatter,
            NoFrontMatterHint,
            TooDeep { max: 1 },
            TooDeepHint,
            LinkLoop,
            LinkHint,
            LinkOutside { target: s() },
            LinkOutsideHint,
            ScriptInContent { ext: s(), what: s() },
            ScriptInContentHint,
            EventHandler,
            UnitMismatch { text: s(), from: s(), to: s() },
            UnitMismatchHint { to: s() },
            OddIndent { name: s() },
            IdeographicSpace,
            OddIndentHint,
            FullWidthColon { key: s() },
            FullWidthColonHint { key: s() },
            CurlyQuoteInKey { quote: s(), key: s() },
            CurlyQuoteInKeyHint,
            InvisibleInKey { code: s(), key: s() },
            InvisibleInKeyHint,
            CurlyQuotedValue { key: s(), quote: s() },
            CurlyQuotedValueHint,
            FullWidthDigits { written: s(), read: s() },
            FullWidthDigitsHint,
            InvestmentUnit { value: s() },
            InvestmentUnitHint,
            NeedsTitle,
            NeedsTitleHint,
            NeedsDate,
            NeedsDateHint,
            CampaignNeedsTitle,
            CampaignNeedsDate { name: s() },
            AddDateHint { name: s() },
            PaginateZero,
            BadSlug { found: s() },
            BadSlugHint,
            LongSlug { len: 1, max: 2 },
            LongSlugHint,
            BadMonthOrDate { found: s() },
            BadDate { found: s() },
            NoSuchDay { why: crate::messages::load::NoSuchDay::Day { m: 11, d: 31 } },
            NoSuchDay { why: crate::messages::load::NoSuchDay::NotLeap { y: 2021 } },
            NoSuchDay { why: crate::messages::load::NoSuchDay::Month { m: 13 } },
            YearOutOfRange { year: 1, from: 2, to: 3 },
            DateExample,
            ProjectNeedsName,
            BadGrade { found: s() },
            EndsBeforeStart { end: s(), start: s() },
            OneHeadline,
            NoSlug { value: s() },
            NoSlugFileHint,
            NoSlugHint,
            OutOfRange { kind: NumberKind::Percent, min: 0.0, max: 1.0, found: s() },
            NotANumber,
            OutOfRangeHint,
            UnknownKey { key: s() },
            UnknownKeyHint { known: s() },
            UnknownKeyNear { near: s(), known: s() },
            ControlChar { code: s() },
            ControlCharHint,
            UnclosedBracketHint,
            ColonInValueHint,
        ]
    }
}
