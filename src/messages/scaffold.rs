//! Messages of `gongjian new` and `gongjian init`.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scaffold {
    Exists { path: String },
    BadPath { why: Box<Scaffold>, spec: String },
    LeavesContent,
    NoSection,
    Reserved,
    CampaignId,
    CannotCreate { path: String, why: String },
    CannotWrite { path: String, why: String },
    UnknownCampaign { id: String, known: String },
    NoCampaigns { id: String },
    LedgerErrors { list: String },
    SiteExists { dir: String, taken: String },
}

impl Message for Scaffold {
    fn text(&self, lang: Lang) -> String {
        use Scaffold::*;
        match self {
            Exists { path } => tr!(lang, "{path} 已存在；什么也没写", "{path} already exists; nothing was written"),
            BadPath { why, spec } => {
                let why = why.text(lang);
                tr!(
                    lang,
                    "{why}：{spec:?}；请写成 <栏目>/<名称>，如 reports/dongguang-week12",
                    "{why}: {spec:?}; write it as <section>/<name>, e.g. reports/dongguang-week12"
                )
            }
            LeavesContent => tr!(lang, "路径必须在 content/ 之内", "the path must stay inside content/"),
            NoSection => tr!(lang, "还要写出栏目文件夹", "name the section folder too"),
            Reserved => {
                tr!(lang, "这个名称留给栏目和页面包使用", "that name is reserved for sections and page bundles")
            }
            CampaignId => {
                tr!(lang, "攻坚行动的 id 只能包含 a-z、0-9 和 -", "a campaign id may hold only a-z, 0-9 and -")
            }
            CannotCreate { path, why } => tr!(lang, "无法创建 {path}：{why}", "cannot create {path}: {why}"),
            CannotWrite { path, why } => tr!(lang, "无法写入 {path}：{why}", "cannot write {path}: {why}"),
            UnknownCampaign { id, known } => {
                tr!(lang, "没有攻坚行动 {id:?}；已有：{known}", "unknown campaign {id:?}; known: {known}")
            }
            NoCampaigns { id } => tr!(
                lang,
                "没有攻坚行动 {id:?}；content/campaigns/ 中还没有攻坚行动",
                "unknown campaign {id:?}; there are no campaigns in content/campaigns/"
            ),
            LedgerErrors { list } => {
                tr!(lang, "台账有错误，请先改正：\n{list}", "the ledger has errors; fix them first:\n{list}")
            }
            SiteExists { dir, taken } => tr!(
                lang,
                "{dir} 中已有网站（{taken} 已存在）；什么也没写",
                "{dir} already holds a site ({taken} exists); nothing was written"
            ),
        }
    }
}

catalogue!(Scaffold);

#[cfg(test)]
impl Scaffold {
    pub(crate) fn samples() -> Vec<Scaffold> {
        use Scaffold::*;
        let s = || "值".to_string();
        vec![
            Exists { path: s() },
            BadPath { why: Box::new(NoSection), spec: s() },
            LeavesContent,
            NoSection,
            Reserved,
            CampaignId,
            CannotCreate { path: s(), why: s() },
            CannotWrite { path: s(), why: s() },
            UnknownCampaign { id: s(), known: s() },
            NoCampaigns { id: s() },
            LedgerErrors { list: s() },
            SiteExists { dir: s(), taken: s() },
        ]
    }
}
