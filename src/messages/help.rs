//! The `--help` texts of every command and argument, and mistakes on the
//! command line (clap finds them; its own words are English).

use super::{catalogue, Lang, Message};
use crate::tr;

/// A `--help` text: the about line of a command or the help of an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Help {
    App,
    Lang,
    HelpFlag,
    VersionFlag,
    HelpCommand,
    Build,
    Check,
    Serve,
    New,
    Init,
    Import,
    Root,
    Output,
    BaseUrl,
    BuildDrafts,
    BuildToday,
    BuildFuture,
    NoCache,
    CheckDrafts,
    CheckToday,
    CheckFuture,
    Strict,
    Port,
    ServeToday,
    NewPath,
    NewCampaign,
    NewLedger,
    InitDir,
    ImportFiles,
    ImportSection,
    ImportCampaign,
    ImportDate,
    KeepScript,
    UsageHeading,
    OptionsHeading,
    Default,
    HelpTopic,
    ArgumentsHeading,
    CommandsHeading,
}

impl Message for Help {
    fn text(&self, lang: Lang) -> String {
        use Help::*;
        match self {
            App => tr!(lang, "攻坚：县级攻坚行动进度报道的静态网站生成器", "攻坚: static sites for county campaign progress reports"),
            Lang => tr!(lang, "提示信息的语言：zh（中文，默认）或 en；也可设环境变量 GONGJIAN_LANG", "Language of messages: zh (Chinese, the default) or en; or set GONGJIAN_LANG"),
            HelpFlag => tr!(lang, "显示帮助", "Print help"),
            VersionFlag => tr!(lang, "显示版本", "Print version"),
            HelpCommand => tr!(lang, "显示本帮助或某个命令的帮助", "Print this message or the help of the given subcommand(s)"),
            Build => tr!(lang, "生成网站到 public/（构建成功才替换）", "Build the site into public/ (replaced only when the build succeeds)"),
            Check => tr!(lang, "检查全部内容，不写任何文件；有错误时退出码为 1", "Validate everything and write nothing; exit 1 on any error"),
            Serve => tr!(lang, "在 http://127.0.0.1:端口/ 预览，每次保存自动重建并刷新", "Preview on http://127.0.0.1:PORT/, rebuilding and reloading on every save"),
            New => tr!(lang, "新建一篇报道（或一个攻坚行动），列出全部字段", "Write a new report (or campaign) with every front-matter field listed"),
            Init => tr!(lang, "在 DIR 新建网站（site.yaml、一个攻坚行动、一篇报道、默认主题）", "Create a new site (site.yaml, a campaign, a report, the default theme) in DIR"),
            Import => tr!(lang, "把 .docx、另存的 .html 网页、.txt 和 .md 文件（或其所在文件夹）转成报道草稿", "Turn .docx, saved .html pages, .txt and .md files (or folders of them) into draft reports"),
            Root => tr!(lang, "网站文件夹（含 site.yaml 和 content/）", "Site folder (holding site.yaml and content/)"),
            Output => tr!(lang, "输出文件夹［默认：ROOT/public］", "Output folder [default: ROOT/public]"),
            BaseUrl => tr!(lang, "替代 site.yaml 中的 base_url（如 https://example.gov.cn/news/）", "Override site.yaml's base_url (e.g. https://example.gov.cn/news/)"),
            BuildDrafts => tr!(lang, "同时生成标为 `draft: true` 的草稿", "Also build pages marked `draft: true`"),
            BuildToday => tr!(lang, "构建时当作“今天”的日期，YYYY-MM-DD［默认：site.yaml 时区的今天］", "The day the build counts as today, YYYY-MM-DD [default: today in site.yaml's timezone]"),
            BuildFuture => tr!(lang, "同时发布日期晚于今天的报道", "Also publish reports dated after today"),
            NoCache => tr!(
                lang,
                "不用也不保留 .gongjian/cache/ 中的构建缓存，重新生成每个页面（结果与用缓存时相同）",
                "Render every page, ignoring (and removing) the build cache in .gongjian/cache/ (the output is the same)"
            ),
            CheckDrafts => tr!(lang, "把标为 `draft: true` 的草稿当作已发布一并检查", "Also check pages marked `draft: true` as if published"),
            CheckToday => tr!(lang, "检查时当作“今天”的日期，YYYY-MM-DD［默认：site.yaml 时区的今天］", "The day the check counts as today, YYYY-MM-DD [default: today in site.yaml's timezone]"),
            CheckFuture => tr!(lang, "把日期晚于今天的报道当作已发布一并检查", "Also check reports dated after today as if published"),
            Strict => tr!(lang, "有警告也算失败（过期栏目、禁用词等）", "Fail on warnings too (stale sections, banned terms, …)"),
            Port => tr!(lang, "127.0.0.1 上的端口（0：任一空闲端口；端口被占用时改用空闲端口）", "Port on 127.0.0.1 (0: any free port; a taken port falls back to a free one)"),
            ServeToday => tr!(lang, "预览时当作“今天”的日期，YYYY-MM-DD（更晚的报道标为待发布）", "The day the preview counts as today, YYYY-MM-DD (later reports are marked 待发布)"),
            NewPath => tr!(lang, "<栏目>/<名称>，如 reports/dongguang-week12（写到 content/reports/dongguang-week12.md）；campaigns/<id> 新建攻坚行动", "<section>/<name>, e.g. reports/dongguang-week12 (written to content/reports/dongguang-week12.md); campaigns/<id> for a campaign"),
            NewCampaign => tr!(lang, "攻坚行动的 id：填入它的县区和声明的指标", "Campaign id: fills in its county and declared metrics"),
            NewLedger => tr!(lang, "网站文件夹下的项目台账（xlsx、xls、ods、csv）：写为 projects_file，其项目数和总投资预填到对应指标", "A project ledger (xlsx, xls, ods, csv) under the site folder: named as projects_file, its counts and total investment prefill the metrics they match"),
            InitDir => tr!(lang, "新网站的文件夹", "Folder of the new site"),
            ImportFiles => tr!(lang, "要导入的文件或文件夹", "Files or folders to import"),
            ImportSection => tr!(lang, "报道放入 content/ 下的哪个栏目文件夹", "Section folder under content/ the reports go into"),
            ImportCampaign => tr!(lang, "攻坚行动的 id：设定 campaign 和 county，并列出与其指标对应的数字", "Campaign id: sets campaign and county, and lists numbers matching its metrics"),
            ImportDate => tr!(lang, "正文没有日期时使用的日期，也是“8月10日”这类电头的年份", "Date when the text has none, and the year of a 8月10日 dateline"),
            KeepScript => tr!(lang, "保留繁体字（简体站点默认转为简体）", "Keep Traditional characters (a zh-Hans site otherwise gets Simplified)"),
            UsageHeading => tr!(lang, "用法：", "Usage: "),
            OptionsHeading => tr!(lang, "选项", "Options"),
            Default => tr!(lang, "默认：", "default: "),
            HelpTopic => tr!(lang, "要查看帮助的命令", "The command to show the help of"),
            ArgumentsHeading => tr!(lang, "参数", "Arguments"),
            CommandsHeading => tr!(lang, "命令", "Commands"),
        }
    }
}

/// A mistake on the command line, as clap found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    UnknownArgument {
        arg: String,
        suggestion: Option<String>,
    },
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
    },
    MissingArgument {
        args: String,
    },
    MissingCommand,
    InvalidValue {
        arg: String,
        value: String,
        detail: Option<String>,
    },
    NeedsValue {
        arg: String,
    },
    Conflict {
        arg: String,
    },
    Repeated {
        arg: String,
    },
    /// Anything else: clap's text as it is.
    Other {
        text: String,
    },
}

impl Message for Usage {
    fn text(&self, lang: Lang) -> String {
        use Usage::*;
        let did_you_mean = |s: &Option<String>| match s {
            Some(s) => tr!(lang, "；是不是想写 `{s}`？", "; did you mean `{s}`?"),
            None => String::new(),
        };
        match self {
            UnknownArgument { arg, suggestion } => {
                let d = did_you_mean(suggestion);
                tr!(lang, "不认识的参数 `{arg}`{d}", "unexpected argument `{arg}`{d}")
            }
            UnknownCommand { name, suggestion } => {
                let d = did_you_mean(suggestion);
                tr!(lang, "没有命令 `{name}`{d}", "unrecognized subcommand `{name}`{d}")
            }
            MissingArgument { args } => {
                tr!(lang, "缺少必需的参数：{args}", "the following required arguments were not provided: {args}")
            }
            MissingCommand => tr!(
                lang,
                "缺少命令：请写 build、check、serve、new、init 或 import",
                "a command is required: build, check, serve, new, init or import"
            ),
            InvalidValue { arg, value, detail } => {
                let detail = detail.as_ref().map(|d| tr!(lang, "：{d}", ": {d}")).unwrap_or_default();
                tr!(lang, "参数 `{arg}` 的值 {value:?} 不对{detail}", "invalid value {value:?} for `{arg}`{detail}")
            }
            NeedsValue { arg } => tr!(lang, "参数 `{arg}` 后面要写一个值", "`{arg}` needs a value"),
            Conflict { arg } => tr!(
                lang,
                "参数 `{arg}` 不能和前面的参数同时使用",
                "`{arg}` cannot be used with the arguments before it"
            ),
            Repeated { arg } => tr!(lang, "参数 `{arg}` 只能写一次", "`{arg}` cannot be used more than once"),
            Other { text } => tr!(lang, "命令行有误（{text}）", "{text}"),
        }
    }
}

catalogue!(Help, Usage);

#[cfg(test)]
impl Help {
    pub(crate) fn samples() -> Vec<Help> {
        use Help::*;
        vec![
            App,
            Lang,
            HelpFlag,
            VersionFlag,
            HelpCommand,
            Build,
            Check,
            Serve,
            New,
            Init,
            Import,
            Root,
            Output,
            BaseUrl,
            BuildDrafts,
            BuildToday,
            BuildFuture,
            NoCache,
            CheckDrafts,
            CheckToday,
            CheckFuture,
            Strict,
            Port,
            ServeToday,
            NewPath,
            NewCampaign,
            NewLedger,
            InitDir,
            ImportFiles,
            ImportSection,
            ImportCampaign,
            ImportDate,
            KeepScript,
            UsageHeading,
            OptionsHeading,
            ArgumentsHeading,
            CommandsHeading,
        ]
    }
}
