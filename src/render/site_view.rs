//! `site`: the site-wide values every template sees (title, menu, footer
//! items, logo and badge, theme colours, which outputs exist).

use super::{theme_colors, views, Links};
use crate::model::Site;

#[derive(serde::Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'static str,
    menu: Vec<views::Link<'a>>,
    extra: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
    footer: &'a crate::config::FooterConfig,
    /// The 公安备案 record page (from the number's digits).
    gongan_url: Option<String>,
    /// The logo's URL ("" for none).
    logo: String,
    /// The 党政机关网站标识 image's URL ("" for none).
    badge_image: String,
    /// `:root{--primary:…}`: the colours every page declares.
    colors_css: &'a str,
    /// Every resolved colour by key, for a theme that needs one outside CSS.
    colors: &'a std::collections::BTreeMap<String, String>,
    /// What the build makes (`web`, `wechat`, `share`, `print`): a template
    /// links the 简报 or names the share card only when it exists.
    outputs: &'a [crate::config::Output],
}

/// Site-wide values every template sees as `site`.
pub(super) fn site_view<'a>(site: &'a Site, links: &'a Links, colors: &'a theme_colors::ThemeColors) -> SiteView<'a> {
    let menu = if site.config.menu.is_empty() {
        views::DEFAULT_MENU
            .into_iter()
            .filter(|(_, p)| {
                *p != crate::model::urls::fixed::REPORTS || site.sections.iter().any(|s| s.dir == "reports")
            })
            .map(|(name, p)| views::Link { name, url: links.url(p) })
            .collect()
    } else {
        site.config
            .menu
            .iter()
            .map(|m| views::Link { name: &m.name, url: links.resolve(&m.url).unwrap_or_else(|| m.url.clone()) })
            .collect()
    };
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        base_path: &links.base_path,
        language: site.config.language.code(),
        menu,
        extra: &site.config.extra,
        footer: &site.config.footer,
        gongan_url: site.config.footer.gongan_url(),
        logo: asset_url(links, &site.config.logo),
        badge_image: site.config.footer.badge.as_ref().map_or(String::new(), |b| asset_url(links, &b.image)),
        colors_css: &colors.css,
        colors: &colors.map,
        outputs: &site.config.outputs,
    }
}

/// A site-relative path (`images/logo.png`) under the base path; a URL as written.
fn asset_url(links: &Links, path: &str) -> String {
    let path = path.trim();
    if path.is_empty() || path.contains("://") || path.starts_with("data:") {
        path.to_string()
    } else {
        links.url(path.trim_start_matches('/'))
    }
}
