//! Messages of the command line: summary lines, progress, scaffolding and import results.

use super::{catalogue, Lang, Message};
use crate::tr;

/// What the command line prints about a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cli {
    /// `, N warning(s)` after a count, empty for none.
    WarningSuffix {
        n: usize,
    },
    Built {
        pages: usize,
        files: usize,
        dir: String,
        ms: u128,
        /// Pages rendered again when the others kept their files.
        rendered: Option<usize>,
        photos: Option<(usize, usize)>,
        warnings: usize,
    },
    BuildFailed {
        errors: usize,
        warnings: usize,
        dir: String,
    },
    MoreWarnings {
        n: usize,
    },
    Timing {
        stage: String,
        ms: String,
        mib: usize,
    },
    Scheduled {
        file: String,
        line: usize,
        date: String,
        title: String,
        future: bool,
    },
    Inspection {
        items: String,
    },
    CheckFailed {
        errors: usize,
        warnings: usize,
    },
    CheckFailedStrict {
        warnings: usize,
    },
    CheckPassed {
        pages: usize,
        warnings: usize,
    },
    CreatedPage {
        file: String,
    },
    CreatedCampaign {
        file: String,
    },
    CreatedSite {
        dir: String,
        files: usize,
    },
    ImportCreated {
        report: String,
        input: String,
        about: String,
    },
    ImportPictures {
        n: usize,
    },
    ImportNote {
        message: String,
        quote: String,
    },
    ImportDone {
        n: usize,
    },
    NothingToImport,
    CouldNotImport {
        n: usize,
    },
    Building {
        files: usize,
        secs: String,
    },
    Checking {
        files: usize,
        secs: String,
    },
    /// An error that is not about one content file.
    Error {
        message: String,
    },
    /// What to do about the error above.
    Hint {
        hint: String,
    },
    BadDate {
        found: String,
    },
    BadLang {
        found: String,
    },
    /// What was wrong with the command line (clap's own texts are English).
    Usage(super::help::Usage),
    MoreHelp {
        command: String,
    },
    UnknownCommandToHelp {
        name: String,
    },
}

impl Message for Cli {
    fn text(&self, lang: Lang) -> String {
        use Cli::*;
        match self {
            WarningSuffix { n: 0 } => String::new(),
            WarningSuffix { n } => tr!(lang, "，{n} 条警告", ", {n} warning(s)"),
            Built { pages, files, dir, ms, rendered, photos, warnings } => {
                let w = WarningSuffix { n: *warnings }.text(lang);
                let r = match rendered {
                    None => String::new(),
                    Some(r) => {
                        tr!(lang, "，其中重新生成 {r} 个，其余未变", "; {r} rendered again, the others unchanged")
                    }
                };
                let p = match photos {
                    None | Some((0, 0)) => String::new(),
                    Some((p, c)) => {
                        tr!(lang, "；图片：处理 {p} 张，缓存 {c} 张", "; photos: {p} processed, {c} from cache")
                    }
                };
                tr!(
                    lang,
                    "已生成 {pages} 个页面（{files} 个文件）到 {dir}，用时 {ms} 毫秒{r}{p}{w}",
                    "built {pages} pages ({files} files) into {dir} in {ms} ms{r}{p}{w}"
                )
            }
            BuildFailed { errors, warnings, dir } => {
                let w = WarningSuffix { n: *warnings }.text(lang);
                tr!(
                    lang,
                    "构建失败：{errors} 个错误{w}；{dir} 保持不变",
                    "build failed: {errors} error(s){w}; {dir} left unchanged"
                )
            }
            MoreWarnings { n } => tr!(
                lang,
                "……还有 {n} 条警告；`gongjian check` 列出全部",
                "… and {n} more warning(s); `gongjian check` lists them all"
            ),
            Timing { stage, ms, mib } => tr!(
                lang,
                "用时 {stage:>18}：{ms:>8} 毫秒   内存峰值 {mib:>5} MiB",
                "timing {stage:>18}: {ms:>8} ms   peak RSS {mib:>5} MiB"
            ),
            Scheduled { file, line, date, title, future: true } => tr!(
                lang,
                "定时发布：{file}:{line}：{date} {title:?}（因 --future 现已发布）",
                "scheduled: {file}:{line}: {date} {title:?} (published now because of --future)"
            ),
            Scheduled { file, line, date, title, future: false } => tr!(
                lang,
                "定时发布：{file}:{line}：{date} {title:?}（尚未发布）",
                "scheduled: {file}:{line}: {date} {title:?} (not published yet)"
            ),
            Inspection { items } => tr!(lang, "巡查：{items}", "inspection: {items}"),
            CheckFailed { errors, warnings } => {
                let w = WarningSuffix { n: *warnings }.text(lang);
                tr!(lang, "检查未通过：{errors} 个错误{w}", "check failed: {errors} error(s){w}")
            }
            CheckFailedStrict { warnings } => {
                tr!(lang, "检查未通过（--strict）：{warnings} 条警告", "check failed (--strict): {warnings} warning(s)")
            }
            CheckPassed { pages, warnings } => {
                let w = WarningSuffix { n: *warnings }.text(lang);
                tr!(lang, "检查通过：{pages} 个页面{w}", "check passed: {pages} pages{w}")
            }
            CreatedPage { file } => tr!(
                lang,
                "已创建 {file}（draft: true：用 `gongjian serve` 预览，改为 draft: false 即发布）",
                "created {file} (draft: true — preview it with `gongjian serve`, set draft: false to publish)"
            ),
            CreatedCampaign { file } => tr!(
                lang,
                "已创建攻坚行动 {file}：填好标题、起止日期和指标后，报道即可引用它",
                "created the campaign {file}: fill in its title, dates and metrics, then reports can refer to it"
            ),
            CreatedSite { dir, files } => tr!(
                lang,
                "已在 {dir} 新建网站（{files} 个文件）；下一步：cd {dir} && gongjian serve",
                "created a new site in {dir} ({files} files); next: cd {dir} && gongjian serve"
            ),
            ImportCreated { report, input, about } => {
                tr!(lang, "已由 {input} 创建 {report}（{about}）", "created {report} from {input} ({about})")
            }
            ImportPictures { n } => tr!(lang, "旁边有 {n} 张图片", "{n} picture(s) beside it"),
            ImportNote { message, quote } => {
                tr!(lang, "  注意：{message}\n    > {quote}", "  note: {message}\n    > {quote}")
            }
            ImportDone { n } => tr!(
                lang,
                "已导入 {n} 个文件为草稿；用 `gongjian serve` 预览，改为 draft: false 即发布",
                "imported {n} file(s) as drafts; preview them with `gongjian serve`, then set draft: false to publish"
            ),
            NothingToImport => tr!(
                lang,
                "没有可导入的文件：所给路径中没有 .docx、.html、.htm、.txt 或 .md 文件",
                "nothing to import: no .docx, .html, .htm, .txt or .md file in the paths given"
            ),
            CouldNotImport { n } => tr!(lang, "有 {n} 个文件无法导入：", "could not import {n} file(s):"),
            Building { files, secs } => {
                tr!(lang, "正在构建…… {files} 个文件，{secs} 秒", "building… {files} files, {secs} s")
            }
            Checking { files, secs } => {
                tr!(lang, "正在检查…… {files} 个文件，{secs} 秒", "checking… {files} files, {secs} s")
            }
            Error { message } => tr!(lang, "错误：{message}", "error: {message}"),
            Hint { hint } => tr!(lang, "  提示：{hint}", "  hint: {hint}"),
            BadDate { found } => {
                tr!(lang, "应为日期 YYYY-MM-DD，写的是 {found:?}", "expected a date YYYY-MM-DD, found {found:?}")
            }
            BadLang { found } => {
                tr!(lang, "不认识的语言 {found:?}：可用 zh 或 en", "unknown language {found:?}: use zh or en")
            }
            Usage(u) => u.text(lang),
            MoreHelp { command } => {
                tr!(lang, "更多信息请运行 `{command} --help`", "For more information, try `{command} --help`.")
            }
            UnknownCommandToHelp { name } => tr!(
                lang,
                "没有命令 `{name}`；可用 build、check、serve、new、init、import",
                "no command `{name}`: the commands are build, check, serve, new, init, import"
            ),
        }
    }
}

catalogue!(Cli);

#[cfg(test)]
impl Cli {
    pub(crate) fn samples() -> Vec<Cli> {
        use Cli::*;
        let s = || "x".to_string();
        vec![
            WarningSuffix { n: 2 },
            Built { pages: 1, files: 2, dir: s(), ms: 3, rendered: Some(1), photos: Some((1, 2)), warnings: 1 },
            BuildFailed { errors: 1, warnings: 2, dir: s() },
            MoreWarnings { n: 1 },
            Timing { stage: s(), ms: s(), mib: 1 },
            Scheduled { file: s(), line: 1, date: s(), title: s(), future: true },
            Scheduled { file: s(), line: 1, date: s(), title: s(), future: false },
            Inspection { items: s() },
            CheckFailed { errors: 1, warnings: 0 },
            CheckFailedStrict { warnings: 1 },
            CheckPassed { pages: 1, warnings: 0 },
            CreatedPage { file: s() },
            CreatedCampaign { file: s() },
            CreatedSite { dir: s(), files: 1 },
            ImportCreated { report: s(), input: s(), about: s() },
            ImportPictures { n: 1 },
            ImportNote { message: s(), quote: s() },
            ImportDone { n: 1 },
            NothingToImport,
            CouldNotImport { n: 1 },
            Building { files: 1, secs: s() },
            Checking { files: 1, secs: s() },
            Error { message: s() },
            Hint { hint: s() },
            BadDate { found: s() },
            BadLang { found: s() },
            Usage(super::help::Usage::UnknownArgument { arg: s(), suggestion: Some(s()) }),
            Usage(super::help::Usage::UnknownCommand { name: s(), suggestion: None }),
            Usage(super::help::Usage::MissingArgument { args: s() }),
            Usage(super::help::Usage::MissingCommand),
            Usage(super::help::Usage::InvalidValue { arg: s(), value: s(), detail: Some(s()) }),
            Usage(super::help::Usage::NeedsValue { arg: s() }),
            Usage(super::help::Usage::Conflict { arg: s() }),
            Usage(super::help::Usage::Repeated { arg: s() }),
            Usage(super::help::Usage::Other { text: s() }),
            MoreHelp { command: s() },
            UnknownCommandToHelp { name: s() },
        ]
    }
}
