//! Messages about site.yaml.

use super::{catalogue, Lang, Message};
use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Config {
    UnknownSetting { key: String },
    UnknownSettingHint { known: String },
    NotUtf8,
    PaginateZero,
    UnknownTimezone { found: String },
    UnknownTimezoneHint { known: String },
}

impl Message for Config {
    fn text(&self, lang: Lang) -> String {
        use Config::*;
        match self {
            UnknownSetting { key } => tr!(lang, "不认识的设置 `{key}`，已忽略", "unknown setting `{key}` is ignored"),
            UnknownSettingHint { known } => tr!(
                lang,
                "可用的设置：{known}；自定义的值请放在 `extra:` 下",
                "known settings: {known}; put your own values under `extra:`"
            ),
            NotUtf8 => tr!(lang, "site.yaml 不是 UTF-8 文本，无法读取", "cannot read site.yaml as UTF-8 text"),
            PaginateZero => tr!(lang, "paginate_by 至少为 1，写的是 0", "paginate_by must be at least 1, found 0"),
            UnknownTimezone { found } => tr!(lang, "不认识的时区 {found:?}", "unknown timezone {found:?}"),
            UnknownTimezoneHint { known } => {
                tr!(lang, "可用 {known}，或固定时差，如 UTC+8", "use one of {known}, or a fixed offset such as UTC+8")
            }
        }
    }
}

catalogue!(Config);

#[cfg(test)]
impl Config {
    pub(crate) fn samples() -> Vec<Config> {
        use Config::*;
        let s = || "值".to_string();
        vec![
            UnknownSetting { key: s() },
            UnknownSettingHint { known: s() },
            NotUtf8,
            PaginateZero,
            UnknownTimezone { found: s() },
            UnknownTimezoneHint { known: s() },
        ]
    }
}
