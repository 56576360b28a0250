//! `site.yaml`: the site's configuration. Every key has a default, so a site
//! without the file still builds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::yaml_error;
use crate::messages::config::Config;

mod outputs;
pub use outputs::{Output, WechatConfig};

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: Language,
    pub theme: String,
    pub paginate_by: usize,
    pub hant_mirror: bool,
    pub unsafe_html: bool,
    /// Opt in to decoding GBK files (Word exports) instead of rejecting them.
    pub decode_gbk: bool,
    /// Navigation entries shown by the theme, in order.
    pub menu: Vec<MenuItem>,
    /// Free-form values for templates (`config.extra.x`).
    pub extra: BTreeMap<String, serde_yaml::Value>,
    /// Settings of `gongjian check`.
    pub check: CheckConfig,
    /// Output paths a file of `static/` or `content/` may take over from the
    /// generator (`robots.txt`, `search/`); any other collision is an error.
    pub overrides: Vec<String>,
    /// How report bodies are read.
    pub markdown: MarkdownConfig,
    /// The zone whose calendar date is "today" (scheduled posts, campaign states).
    pub timezone: String,
    /// Whether generated sentences judge progress (超前/滞后); a campaign may override.
    pub verdicts: Verdicts,
    /// What the footer must carry on a government site (备案号, 标识码, 主办单位).
    pub footer: FooterConfig,
    /// An image shown before the site title in the header (a path under the site, or a URL).
    pub logo: String,
    /// Colours of the theme and the charts: `scheme` (red, blue) plus any
    /// key of the scheme (primary, accent, link, …) as `#rrggbb`.
    pub colors: BTreeMap<String, String>,
    /// How photos in Markdown are resized and published.
    pub images: ImagesConfig,
    /// How numbers are written on every page and chart.
    pub numbers: NumbersConfig,
    /// What a build makes besides the website (WeChat articles, share cards, 简报).
    #[serde(default = "outputs::default_outputs")]
    pub outputs: Vec<Output>,
    /// Font files (paths under the site) that PNG images draw text with,
    /// before the bundled Noto Sans SC subset.
    pub fonts: Vec<String>,
    pub wechat: WechatConfig,
}

/// `numbers:` in site.yaml: one style for every percentage of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NumbersConfig {
    /// Decimals of a percentage (0–3): `1` writes 86.7%.
    pub percent_decimals: u8,
    /// Always that many decimals (45.0%), not only where needed (45%).
    pub percent_fixed: bool,
}

impl Default for NumbersConfig {
    fn default() -> Self {
        NumbersConfig { percent_decimals: 1, percent_fixed: false }
    }
}

/// The footer items inspections ask for; every one optional.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FooterConfig {
    /// 主办单位.
    pub organizer: String,
    /// 承办单位.
    pub operator: String,
    pub address: String,
    /// Telephone or e-mail, as shown.
    pub contact: String,
    /// ICP备案号, linked to the MIIT record system.
    pub icp: String,
    /// 公安备案号 (京公网安备 11010502030143号), linked to its record page.
    pub gongan: String,
    /// 政府网站标识码.
    pub site_code: String,
    /// 党政机关网站标识: its image and the link it carries.
    pub badge: Option<Badge>,
    /// Show "本站由 gongjian 生成" (off: a government site names only its organizer).
    pub credit: bool,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Badge {
    pub image: String,
    pub url: String,
}

impl FooterConfig {
    /// The record page of the 公安备案号: the digits of the number are its key.
    pub fn gongan_url(&self) -> Option<String> {
        let digits: String = self.gongan.chars().filter(|c| c.is_ascii_digit()).collect();
        (!digits.is_empty()).then(|| format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}"))
    }
}

/// `images:` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// Widths (px) each photo is published at; never larger than the photo.
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub quality: u8,
    /// `check` flags an image or attachment larger than this (MB).
    pub max_mb: f64,
    /// The `sizes` attribute: how wide a photo is shown, for the browser's choice.
    pub sizes: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            max_mb: 10.0,
            sizes: "(max-width: 800px) 100vw, 800px".into(),
        }
    }
}

/// How generated sentences word a campaign's pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verdicts {
    /// Time progress and task progress side by side, no judgement.
    #[default]
    Numbers,
    /// Also 超前/滞后/未完成目标.
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-Hans")]
    Hans,
    #[serde(rename = "zh-Hant")]
    Hant,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Hans => "zh-Hans",
            Language::Hant => "zh-Hant",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    pub stale_days: i64,
    pub banned_terms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Emphasis next to Chinese punctuation (the CJK-friendly amendment).
    pub cjk_friendly: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { cjk_friendly: true }
    }
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig { stale_days: 14, banned_terms: Vec::new() }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "攻坚动态".into(),
            description: String::new(),
            base_url: "/".into(),
            language: Language::Hans,
            theme: "default".into(),
            paginate_by: 20,
            hant_mirror: false,
            unsafe_html: false,
            decode_gbk: false,
            menu: Vec::new(),
            extra: BTreeMap::new(),
            check: CheckConfig::default(),
            overrides: Vec::new(),
            markdown: MarkdownConfig::default(),
            timezone: DEFAULT_TIMEZONE.into(),
            verdicts: Verdicts::Numbers,
            footer: FooterConfig::default(),
            logo: String::new(),
            colors: BTreeMap::new(),
            images: ImagesConfig::default(),
            numbers: NumbersConfig::default(),
            outputs: outputs::default_outputs(),
            fonts: Vec::new(),
            wechat: WechatConfig::default(),
        }
    }
}

/// Top-level keys of site.yaml.
const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "paginate_by",
    "hant_mirror",
    "unsafe_html",
    "decode_gbk",
    "menu",
    "extra",
    "check",
    "images",
    "numbers",
    "overrides",
    "markdown",
    "timezone",
    "verdicts",
    "footer",
    "logo",
    "colors",
    "outputs",
    "fonts",
    "wechat",
];

pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

/// Fixed offsets (hours east of UTC) of the zones sites use. None of them
/// has daylight saving time, so an offset is exact all year.
const ZONES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8),
    ("Asia/Chongqing", 8),
    ("Asia/Harbin", 8),
    ("Asia/Urumqi", 6),
    ("Asia/Hong_Kong", 8),
    ("Asia/Macau", 8),
    ("Asia/Taipei", 8),
    ("Asia/Singapore", 8),
    ("Asia/Tokyo", 9),
    ("Asia/Seoul", 9),
    ("UTC", 0),
    ("Etc/UTC", 0),
];

/// The offset from UTC in seconds of a zone in `ZONES`, or `UTC+8`-style text.
pub fn zone_offset(zone: &str) -> Option<i32> {
    let z = zone.trim();
    if let Some(&(_, h)) = ZONES.iter().find(|(n, _)| n.eq_ignore_ascii_case(z)) {
        return Some(h * 3600);
    }
    let rest = z.strip_prefix("UTC").or_else(|| z.strip_prefix("GMT"))?;
    let (sign, num) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let h: i32 = num.parse().ok().filter(|h| (0..=14).contains(h))?;
    Some(sign * h * 3600)
}

/// Today's date in `zone` (see `zone_offset`).
pub fn today_in(zone: &str) -> Option<chrono::NaiveDate> {
    let offset = chrono::FixedOffset::east_opt(zone_offset(zone)?)?;
    Some(chrono::Utc::now().with_timezone(&offset).date_naive())
}

/// An unknown key is a warning, not an error: the site still builds, and a
/// typo (`paginte_by`) is pointed out instead of silently ignored.
fn unknown_keys(text: &str, diags: &mut Diagnostics) {
    for (i, key) in crate::load::frontmatter::top_level_keys(text).filter(|(_, k)| !KEYS.contains(k)) {
        diags.push(
            Diagnostic::warning("site.yaml", i + 1, Config::UnknownSetting { key: key.to_string() })
                .field(key)
                .quoting(text)
                .hint(Config::UnknownSettingHint { known: KEYS.join(", ") }),
        );
    }
}

impl SiteConfig {
    /// Reads `site.yaml` under `root`; a missing file gives the defaults.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> SiteConfig {
        let path = root.join("site.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            if path.exists() {
                diags.push(Diagnostic::error("site.yaml", 0, Config::NotUtf8));
            }
            return SiteConfig::default();
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if text.trim().is_empty() {
            return SiteConfig::default();
        }
        match serde_yaml::from_str::<SiteConfig>(text) {
            Ok(mut c) => {
                unknown_keys(text, diags);
                if c.paginate_by == 0 {
                    diags.push(Diagnostic::error("site.yaml", 0, Config::PaginateZero).field("paginate_by"));
                    c.paginate_by = 20;
                }
                if zone_offset(&c.timezone).is_none() {
                    let known: Vec<&str> = ZONES.iter().map(|(n, _)| *n).collect();
                    diags.push(
                        Diagnostic::error("site.yaml", 0, Config::UnknownTimezone { found: c.timezone.clone() })
                            .field("timezone")
                            .hint(Config::UnknownTimezoneHint { known: known.join(", ") }),
                    );
                    c.timezone = DEFAULT_TIMEZONE.into();
                }
                c
            }
            Err(e) => {
                diags.push(yaml_error(Path::new("site.yaml"), text, 0, &e));
                SiteConfig::default()
            }
        }
    }

    /// Whether the build makes `output` (the website always).
    pub fn makes(&self, output: Output) -> bool {
        output == Output::Web || self.outputs.contains(&output)
    }

    /// Whether the site said its own file may replace the generated `rel`
    /// (an output path such as `robots.txt` or `search/index.html`).
    pub fn overrides(&self, rel: &str) -> bool {
        self.overrides
            .iter()
            .map(|o| o.trim_start_matches('/'))
            .any(|o| rel == o || (o.ends_with('/') && rel.starts_with(o)) || rel.strip_suffix("index.html") == Some(o))
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = match url.find("://") {
            Some(i) => &url[i + 3..],
            None => url,
        };
        let path = if url.contains("://") {
            after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("/")
        } else {
            after_scheme
        };
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }

    /// Scheme and host of `base_url` without a trailing slash ("" for a relative base).
    pub fn origin(&self) -> String {
        let url = self.base_url.trim();
        match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                let host_end = rest.find('/').unwrap_or(rest.len());
                format!("{}{}", &url[..i + 3], &rest[..host_end])
            }
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_in_the_content_model() {
        for key in KEYS {
            assert!(crate::load::schema::documented(key), "docs/content-model.md does not describe `{key}`");
        }
    }

    #[test]
    fn base_path_from_url() {
        let mut c = SiteConfig::default();
        for (url, path, origin) in [
            ("https://example.gov.cn/news/", "/news/", "https://example.gov.cn"),
            ("https://example.gov.cn/news", "/news/", "https://example.gov.cn"),
            ("https://example.gov.cn", "/", "https://example.gov.cn"),
            ("/", "/", ""),
            ("/sub/dir/", "/sub/dir/", ""),
        ] {
            c.base_url = url.into();
            assert_eq!(c.base_path(), path, "{url}");
            assert_eq!(c.origin(), origin, "{url}");
        }
    }

    #[test]
    fn gongan_record_link_uses_the_digits() {
        let f = FooterConfig { gongan: "冀公网安备 13092302000123号".into(), ..Default::default() };
        assert_eq!(f.gongan_url().unwrap(), "https://beian.mps.gov.cn/#/query/webSearch?code=13092302000123");
        assert_eq!(FooterConfig::default().gongan_url(), None);
    }

    #[test]
    fn zones_by_name_or_offset() {
        assert_eq!(zone_offset("Asia/Shanghai"), Some(8 * 3600));
        assert_eq!(zone_offset("UTC+8"), Some(8 * 3600));
        assert_eq!(zone_offset("UTC-5"), Some(-5 * 3600));
        assert_eq!(zone_offset("Europe/Nowhere"), None);
        assert_eq!(zone_offset("UTC+99"), None);
    }
}
