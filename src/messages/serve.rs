//! Messages of `gongjian serve`: its console lines, the answers of the
//! preview server and the error overlay shown over the page.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Serve {
    Serving {
        root: String,
        addr: String,
    },
    NotASite {
        root: String,
    },
    CannotOpenRoot {
        root: String,
        why: String,
    },
    CannotOpenRootHint,
    NoIpAddress,
    CannotCreatePreview {
        dir: String,
        why: String,
    },
    CannotStartThread {
        why: String,
    },
    PortTaken {
        port: u16,
        why: String,
    },
    CannotListen {
        why: String,
    },
    CannotWatch {
        what: String,
        why: String,
    },
    CannotWatchAtAll {
        why: String,
    },
    CannotWatchHint,
    WatcherFailed {
        why: String,
    },
    /// `<file> changed: ` before a rebuild's line.
    Changed {
        file: String,
    },
    ChangedMany {
        file: String,
        more: usize,
    },
    StillServingSite,
    SecondFolderReady {
        ms: u128,
    },
    Built {
        pages: usize,
        rendered: usize,
        ms: u128,
        charts: usize,
        warnings: usize,
    },
    BuildFailed {
        errors: usize,
        warnings: usize,
    },
    RefusedHost,
    RefusedMethod,
    RefusedPath,
    NotFound,
    OverlayTitle,
    OverlayClose,
    OverlayPageTitle,
}

impl Message for Serve {
    fn text(&self, lang: Lang) -> String {
        use Serve::*;
        match self {
            Serving { root, addr } => tr!(lang, "正在预览 {root}：http://{addr}/（保存即自动刷新；按 Ctrl-C 停止）", "serving {root} at http://{addr}/ (watching for changes; Ctrl-C to stop)"),
            NotASite { root } => tr!(lang, "{root} 不是 gongjian 网站（没有 content/ 文件夹，也没有 site.yaml）；请用 --root DIR 指定，或用 `gongjian init DIR` 新建", "{root} is not a gongjian site (no content/ folder, no site.yaml); pass --root DIR, or create one with `gongjian init DIR`"),
            CannotOpenRoot { root, why } => tr!(lang, "无法打开网站文件夹 {root}：{why}", "cannot open the site folder {root}: {why}"),
            CannotOpenRootHint => tr!(lang, "用 --root DIR 指定网站文件夹（含 site.yaml 或 content/ 的那个）", "pass the site folder (the one with site.yaml or content/) as --root DIR"),
            NoIpAddress => tr!(lang, "预览服务没有 IP 地址", "the server has no IP address"),
            CannotCreatePreview { dir, why } => tr!(lang, "无法在 {dir} 中创建预览文件夹：{why}", "cannot create the preview folder in {dir}: {why}"),
            CannotStartThread { why } => tr!(lang, "无法启动重建线程：{why}", "cannot start the rebuild thread: {why}"),
            PortTaken { port, why } => tr!(lang, "端口 {port} 不可用（{why}）；改用一个空闲端口", "port {port} is not available ({why}); using a free port instead"),
            CannotListen { why } => tr!(lang, "无法在 127.0.0.1 上监听：{why}", "cannot listen on 127.0.0.1: {why}"),
            CannotWatch { what, why } => tr!(lang, "无法监视 {what} 的变化：{why}", "cannot watch {what}: {why}"),
            CannotWatchAtAll { why } => tr!(lang, "无法监视文件变化：{why}", "cannot watch for changes: {why}"),
            CannotWatchHint => tr!(lang, "系统可监视的文件数可能已用完：关掉其他监视文件的程序（编辑器、同步盘），或调高上限（Linux 上为 fs.inotify.max_user_watches）", "the system may have run out of file watches: close other programs that watch files (editors, sync tools), or raise the limit (fs.inotify.max_user_watches on Linux)"),
            WatcherFailed { why } => tr!(lang, "警告：文件监视出错：{why}", "warning: file watcher: {why}"),
            Changed { file } => tr!(lang, "{file} 已修改：", "{file} changed: "),
            ChangedMany { file, more } => tr!(lang, "{file} 等 {more} 个文件已修改：", "{file} and {more} more changed: "),
            StillServingSite => tr!(lang, "仍在预览上次成功构建的网站", "still serving the last good site"),
            SecondFolderReady { ms } => {
                tr!(lang, "第二个预览文件夹已准备好，用时 {ms} 毫秒", "prepared the second preview folder in {ms} ms")
            }
            Built { pages, rendered, ms, charts, warnings } => {
                let w = super::cli::Cli::WarningSuffix { n: *warnings }.text(lang);
                tr!(
                    lang,
                    "已生成 {pages} 个页面（重新生成 {rendered} 个），用时 {ms} 毫秒（重画 {charts} 张图表）{w}",
                    "built {pages} pages ({rendered} rendered again) in {ms} ms ({charts} charts redrawn){w}"
                )
            }
            BuildFailed { errors, warnings } => {
                let w = super::cli::Cli::WarningSuffix { n: *warnings }.text(lang);
                tr!(lang, "构建失败：{errors} 个错误{w}；仍在预览上次成功构建的网站", "build failed: {errors} error(s){w}; still serving the last good site")
            }
            RefusedHost => tr!(lang, "拒绝：预览只回应 localhost、127.0.0.1 和 [::1]", "refused: the preview answers only to localhost, 127.0.0.1 and [::1]"),
            RefusedMethod => tr!(lang, "只支持 GET 和 HEAD 请求", "only GET and HEAD are served"),
            RefusedPath => tr!(lang, "拒绝：路径超出了网站文件夹", "refused: the path leaves the site folder"),
            NotFound => tr!(lang, "找不到", "not found"),
            OverlayTitle => tr!(lang, "构建失败：下面仍是上次成功构建的页面。修正文件并保存后自动刷新。", "Build failed: below is the page as last built. Fix the file and save; the page reloads by itself."),
            OverlayClose => tr!(lang, "关闭", "Close"),
            OverlayPageTitle => tr!(lang, "构建失败", "Build failed"),
        }
    }
}

catalogue!(Serve);

#[cfg(test)]
impl Serve {
    pub(crate) fn samples() -> Vec<Serve> {
        use Serve::*;
        let s = || "值".to_string();
        vec![
            Serving { root: s(), addr: s() },
            NotASite { root: s() },
            CannotOpenRoot { root: s(), why: s() },
            CannotOpenRootHint,
            NoIpAddress,
            CannotCreatePreview { dir: s(), why: s() },
            CannotStartThread { why: s() },
            PortTaken { port: 1, why: s() },
            CannotListen { why: s() },
            CannotWatch { what: s(), why: s() },
            CannotWatchAtAll { why: s() },
            CannotWatchHint,
            WatcherFailed { why: s() },
            Changed { file: s() },
            ChangedMany { file: s(), more: 1 },
            StillServingSite,
            SecondFolderReady { ms: 1 },
            Built { pages: 1, rendered: 1, ms: 1, charts: 1, warnings: 1 },
            BuildFailed { errors: 1, warnings: 1 },
            RefusedHost,
            RefusedMethod,
            RefusedPath,
            NotFound,
            OverlayTitle,
            OverlayClose,
            OverlayPageTitle,
        ]
    }
}
