//! The message catalogue: every text a user reads (errors, warnings, hints,
//! summary lines, progress, `--help`, the serve overlay), in Chinese and
//! English. One enum per layer; each variant gives both texts in one match
//! arm, so a message cannot exist in one language only. Code elsewhere
//! builds a variant and lets it render in the language of the run.
//!
//! The language is chosen once per process (`--lang`, `GONGJIAN_LANG`,
//! Chinese otherwise) and read wherever a message is rendered.

pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod help;
pub mod images;
pub mod import;
pub mod ledger;
#[cfg(test)]
mod literals;
pub mod load;
pub mod model;
pub mod output;
pub mod outputs;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod tera;
pub mod yaml;

use std::sync::atomic::{AtomicU8, Ordering};

/// A language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh-CN`, `en`, `en_US.UTF-8` …; `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "cn" || s == "中文" {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

const UNSET: u8 = 0;
const ZH: u8 = 1;
const EN: u8 = 2;

static LANG: AtomicU8 = AtomicU8::new(UNSET);

/// Sets the language of this process's messages.
pub fn set_lang(lang: Lang) {
    LANG.store(if lang == Lang::En { EN } else { ZH }, Ordering::Relaxed);
}

/// The language of this process: as set, else `GONGJIAN_LANG`, else Chinese.
/// The library's own unit tests pin the English wording, so they default to it.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        ZH => Lang::Zh,
        EN => Lang::En,
        _ => {
            let chosen = std::env::var("GONGJIAN_LANG").ok().and_then(|v| Lang::parse(&v)).unwrap_or(DEFAULT);
            set_lang(chosen);
            chosen
        }
    }
}

#[cfg(not(test))]
const DEFAULT: Lang = Lang::Zh;
#[cfg(test)]
const DEFAULT: Lang = Lang::En;

/// A message of the catalogue: its text in either language.
pub trait Message {
    fn text(&self, lang: Lang) -> String;
}

/// One arm of a catalogue match: the Chinese and the English text, as
/// `format!` strings over the same names.
#[macro_export]
#[doc(hidden)]
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal) => {
        match $lang {
            $crate::messages::Lang::Zh => format!($zh),
            $crate::messages::Lang::En => format!($en),
        }
    };
}

/// `Display` (in the language of the run) and `Into<String>` for catalogue enums.
macro_rules! catalogue {
    ($($t:ty),* $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::messages::Message::text(self, $crate::messages::lang()))
            }
        }
        impl From<$t> for String {
            fn from(m: $t) -> String {
                m.to_string()
            }
        }
    )*};
}
pub(crate) use catalogue;

/// `n` with ", N warning(s)" / "，N 条警告" when there are any.
pub fn warn_suffix(n: usize) -> String {
    cli::Cli::WarningSuffix { n }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type names a Chinese reader cannot be expected to know.
    const ENGLISH_TYPE_NAMES: &[&str] =
        &["f64", "f32", "i64", "u32", "u64", "usize", "string", "struct", "sequence", "boolean", "invalid type"];

    fn all() -> Vec<(String, Box<dyn Message>)> {
        let mut all: Vec<(String, Box<dyn Message>)> = Vec::new();
        macro_rules! add {
            ($($m:expr),*) => {$( for m in $m { all.push((format!("{m:?}"), Box::new(m))); } )*};
        }
        add!(
            help::Help::samples(),
            cli::Cli::samples(),
            load::Load::samples(),
            yaml::Yaml::samples(),
            config::Config::samples(),
            ledger::Ledger::samples(),
            output::Output::samples(),
            outputs::Outputs::samples(),
            import::Import::samples(),
            images::Images::samples(),
            render::Render::samples(),
            model::Model::samples(),
            check::Check::samples(),
            charts::Charts::samples(),
            serve::Serve::samples(),
            scaffold::Scaffold::samples(),
            tera::Tera::samples(),
            tera::TemplateLead::samples()
        );
        all
    }

    #[test]
    fn every_message_has_both_texts_and_plain_chinese() {
        let all = all();
        assert!(all.len() > 60, "{}", all.len());
        for (name, m) in &all {
            let (zh, en) = (m.text(Lang::Zh), m.text(Lang::En));
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{name}: empty text");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: no Chinese in {zh:?}");
            let lower = zh.to_lowercase();
            for t in ENGLISH_TYPE_NAMES {
                let leftover = lower.match_indices(t).any(|(i, _)| {
                    let before = lower[..i].chars().last().is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
                    let after = lower[i + t.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
                    before && after
                });
                assert!(!leftover, "{name}: English type name `{t}` in {zh:?}");
            }
        }
    }

    #[test]
    fn language_names_are_read_loosely() {
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }
}
