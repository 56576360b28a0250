//! The settings of the outputs made besides the website: which are made
//! (`outputs:`), the fonts PNG images draw text with (`fonts:`) and the
//! WeChat article export (`wechat:`).

use serde::Deserialize;

/// One kind of output a build makes (`outputs:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// The website itself (always made).
    Web,
    /// `wechat/<page>.html` per report, for the 公众号 editor, with PNG charts.
    Wechat,
    /// A 1200×630 share card per report and campaign (`og:image`).
    Share,
    /// The A4 简报 page of each campaign.
    Print,
}

/// The outputs made when site.yaml names none: the website and the 简报
/// pages (HTML only, cheap). WeChat exports and share cards draw PNGs, which
/// costs seconds per thousand reports, so a site asks for them.
pub fn default_outputs() -> Vec<Output> {
    vec![Output::Web, Output::Print]
}

/// `wechat:` in site.yaml: what the 公众号 article export adds and how it looks.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WechatConfig {
    /// The 公众号's name, shown at the top of each article.
    pub account: String,
    /// A paragraph before the article (e.g. 点击上方蓝字关注我们).
    pub header: String,
    /// A paragraph after the article (e.g. 来源、编辑、审核).
    pub footer: String,
    /// End with the report's web address (原文链接).
    pub original_link: bool,
    /// Headings, rules and table heads (`#rrggbb`); "" takes the theme's primary colour.
    pub accent: String,
    /// Body text colour (`#rrggbb`).
    pub text: String,
}

impl Default for WechatConfig {
    fn default() -> Self {
        WechatConfig {
            account: String::new(),
            header: String::new(),
            footer: String::new(),
            original_link: true,
            accent: String::new(),
            text: "#333333".into(),
        }
    }
}
