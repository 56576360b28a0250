//! Messages about the output folder (writing, replacing, refusing one a
//! build would destroy something in) and internal errors.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    CannotStart { why: String },
    CannotUpdate { why: String },
    CannotReplace { why: String },
    CacheIgnored { why: String },
    CacheIgnoredHint,
    CacheOtherVersion { version: String },
    CacheUnreadable { why: String },
    CacheTextsMissing { file: String },
    CacheDamaged,
    OwnFolderHint,
    IsLink,
    IsLinkHint,
    IsFile,
    HoldsSite,
    IsSource { name: String },
    InsideSource { name: String },
    Foreign { shown: String },
    ForeignHint,
    OutsideOutput { rel: String },
    NotWrittenByUs { path: String },
    CannotLock { path: String, why: String },
    Waiting { output: String },
    Internal { message: String, file: Option<String>, at: Option<String> },
    InternalHint,
    NotABuild,
    NotInPlace,
    NoAtomicSwap,
    CannotKeepLink { path: String },
}

impl Message for Output {
    fn text(&self, lang: Lang) -> String {
        use Output::*;
        match self {
            CannotStart { why } => tr!(lang, "无法开始写输出文件夹：{why}", "cannot start writing the output folder: {why}"),
            CannotUpdate { why } => tr!(lang, "无法更新输出文件夹：{why}", "cannot update the output folder: {why}"),
            CannotReplace { why } => tr!(lang, "无法替换输出文件夹：{why}", "cannot replace the output folder: {why}"),
            CacheIgnored { why } => tr!(lang, "构建缓存未使用：{why}", "the build cache was ignored: {why}"),
            CacheOtherVersion { version } => {
                tr!(lang, "它由另一个版本写入（{version}）", "it was written by another version ({version})")
            }
            CacheUnreadable { why } => tr!(lang, "无法读取（{why}）", "it cannot be read ({why})"),
            CacheTextsMissing { file } => tr!(
                lang,
                "它的正文文件 {file} 缺失或不完整",
                "its file of page texts, {file}, is missing or incomplete"
            ),
            CacheDamaged => tr!(lang, "它已损坏", "it is damaged"),
            CacheIgnoredHint => tr!(
                lang,
                "无需处理：这次构建会重新生成全部页面，并写入新的缓存",
                "nothing to do: this build renders every page and writes a new cache"
            ),
            OwnFolderHint => tr!(lang, "请给输出单独一个文件夹，如 --output public（默认）", "pass an output folder of its own, e.g. --output public (the default)"),
            IsLink => tr!(lang, "输出文件夹是符号链接；构建会替换输出文件夹，也就会替换这个链接", "the output folder is a symbolic link; a build replaces the output folder, so it would replace the link"),
            IsLinkHint => tr!(lang, "用 --output 指定链接所指向的文件夹", "pass the folder the link points to as --output"),
            IsFile => tr!(lang, "输出位置是一个已有的文件，不是文件夹；构建会替换它", "the output is an existing file, not a folder; a build would replace it"),
            HoldsSite => tr!(lang, "输出文件夹包含网站本身；构建会替换它", "the output folder contains the site itself; a build would replace it"),
            IsSource { name } => tr!(lang, "输出文件夹就是网站的 `{name}`；在那里构建会删除或覆盖你自己的文件", "the output folder is the site's `{name}`; a build there would delete or copy over your own files"),
            InsideSource { name } => tr!(lang, "输出文件夹在网站的 `{name}` 之内；在那里构建会删除或覆盖你自己的文件", "the output folder lies inside the site's `{name}`; a build there would delete or copy over your own files"),
            Foreign { shown } => tr!(lang, "输出文件夹中有不是 gongjian 写的文件（{shown}）；构建会替换整个文件夹，所以不在那里构建", "the output folder holds files gongjian did not write ({shown}); a build replaces the folder, so it will not build there"),
            ForeignHint => tr!(lang, "把这些文件移走，或用 --output 指定一个新的或空的文件夹（.git 等点文件和 CNAME 文件可以留下：它们会保留）", "move those files away, or pass --output with a new or empty folder (dotfiles such as .git and a CNAME file may stay: they are kept)"),
            OutsideOutput { rel } => tr!(lang, "拒绝写到输出文件夹之外：{rel:?}", "refusing to write outside the output folder: {rel:?}"),
            NotWrittenByUs { path } => tr!(lang, "{path} 不是 gongjian 写的，而网站现在在那里有一个页面：请把它移出输出文件夹", "{path} was not written by gongjian, and the site now has a page there: move it out of the output folder"),
            CannotLock { path, why } => tr!(lang, "无法锁定 {path}：{why}", "cannot lock {path}: {why}"),
            Waiting { output } => tr!(lang, "正在等待另一个写入 {output} 的构建结束……", "waiting for another gongjian build into {output} to finish…"),
            Internal { message, file, at } => {
                let while_ = file.as_ref().map(|f| tr!(lang, "（处理 {f} 时）", " while processing {f}")).unwrap_or_default();
                let at = at.as_ref().map(|a| tr!(lang, "（位置 {a}）", " (at {a})")).unwrap_or_default();
                tr!(lang, "内部错误{while_}：{message}{at}", "internal error{while_}: {message}{at}")
            }
            NotABuild => tr!(lang, "这不是对输出文件夹的构建", "not a build of the output"),
            NotInPlace => tr!(lang, "这不是原地构建", "not an in-place build"),
            NoAtomicSwap => tr!(lang, "此系统不能一步交换两个文件夹", "no atomic exchange of folders here"),
            CannotKeepLink { path } => tr!(lang, "无法保留链接 {path}", "cannot keep the link {path}"),
            InternalHint => tr!(lang, "这是 gongjian 的缺陷，不是你的文件有问题：请连同这条信息一起报告。输出没有写入任何内容；避开诱因后，其他修改仍可构建", "this is a bug in gongjian, not in your files: please report it with this message. Nothing was written to the output; other edits still build once the cause is avoided"),
        }
    }
}

catalogue!(Output);

#[cfg(test)]
impl Output {
    pub(crate) fn samples() -> Vec<Output> {
        use Output::*;
        let s = || "值".to_string();
        vec![
            CannotStart { why: s() },
            CannotUpdate { why: s() },
            CannotReplace { why: s() },
            CacheIgnored { why: s() },
            CacheIgnoredHint,
            CacheOtherVersion { version: s() },
            CacheUnreadable { why: s() },
            CacheTextsMissing { file: s() },
            CacheDamaged,
            OwnFolderHint,
            IsLink,
            IsLinkHint,
            IsFile,
            HoldsSite,
            IsSource { name: s() },
            InsideSource { name: s() },
            Foreign { shown: s() },
            ForeignHint,
            OutsideOutput { rel: s() },
            NotWrittenByUs { path: s() },
            CannotLock { path: s(), why: s() },
            Waiting { output: s() },
            Internal { message: s(), file: Some(s()), at: Some(s()) },
            InternalHint,
            NotABuild,
            NotInPlace,
            NoAtomicSwap,
            CannotKeepLink { path: s() },
        ]
    }
}
