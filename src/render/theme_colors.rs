//! The site's colours: a bundled scheme (党政红 `red`, 政务蓝 `blue`),
//! overridden by the theme's `theme.yaml` and then by site.yaml's `colors:`.
//! The result feeds both the theme (CSS custom properties every page
//! declares, so the stylesheet holds no colour of its own) and the charts.

use crate::messages::render::Render;
use std::collections::BTreeMap;
use std::path::Path;

use crate::charts::palette::{contrast, normalize_hex, rgb};
use crate::charts::Palette;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;

/// Scheme names and their colours; keys shared with the charts use the
/// chart palette's names (`text`, `background`, `muted`, …).
const SCHEMES: &[(&str, &[(&str, &str)])] = &[
    (
        "red",
        &[
            ("primary", "#9e1c22"),
            ("accent", "#12365e"),
            ("link", "#0b4f8a"),
            ("secondary", "#1f3a5f"),
            ("series", "#9e1c22 #1f3a5f #946200 #2f6b5e #5b4b8a #5f6368 #8e3b5e #3b5f8a"),
        ],
    ),
    (
        "blue",
        &[
            ("primary", "#1d4f91"),
            ("accent", "#0f3460"),
            ("link", "#0b5cad"),
            ("secondary", "#8a5a00"),
            ("series", "#1d4f91 #8a5a00 #2f6b5e #5b4b8a #5f6368 #9e1c22 #3b5f8a #8e3b5e"),
        ],
    ),
];

/// Colours every scheme shares unless it sets its own.
const COMMON: &[(&str, &str)] = &[
    ("on_primary", "#ffffff"),
    ("text", "#1f2328"),
    ("text_soft", "#3d444d"),
    ("muted", "#57606a"),
    ("line", "#d0d7de"),
    ("line_soft", "#e6e9ed"),
    ("background", "#ffffff"),
    ("background_soft", "#f6f7f9"),
    ("stripe", "#fbfbfc"),
    ("neutral", "#6e7781"),
    ("ahead", "#1e6b3f"),
    ("behind", "#b54708"),
    ("focus", "#ffdd00"),
    ("focus_ink", "#0b0c0c"),
    ("mark", "#fff2a8"),
    ("grid", "#d9d9d9"),
    ("grade_good", "#1e6b3f"),
    ("grade_mid", "#946200"),
    ("grade_bad", "#b3261e"),
];

/// Colours derived from `primary` when not given: the navigation bar and tinted backgrounds.
const DERIVED: &[(&str, f64, (u8, u8, u8))] =
    &[("primary_dark", 0.25, (0, 0, 0)), ("primary_soft", 0.92, (255, 255, 255))];

/// The resolved colours of a build.
pub struct ThemeColors {
    pub palette: Palette,
    /// Every colour by key (`primary` → `#9e1c22`), for templates as `site.colors`.
    pub map: BTreeMap<String, String>,
    /// `:root{--primary:#…;…}`, declared in every page's head.
    pub css: String,
}

/// Scheme ← theme.yaml `colors:` ← site.yaml `colors:`; invalid values are
/// reported and the scheme's colour is kept.
pub fn resolve(site: &Site, diags: &mut Diagnostics) -> ThemeColors {
    let theme_file = site.root.join("themes").join(&site.config.theme).join("theme.yaml");
    let theme = theme_yaml_colors(&site.root, &theme_file, diags);
    let site_colors = &site.config.colors;
    let scheme_name = site_colors.get("scheme").or(theme.get("scheme")).map(|s| s.trim()).unwrap_or("red");
    let scheme = match SCHEMES.iter().find(|(n, _)| *n == scheme_name) {
        Some((_, s)) => *s,
        None => {
            diags.push(
                Diagnostic::error("site.yaml", 0, Render::UnknownScheme { name: scheme_name.to_string() })
                    .field("colors.scheme")
                    .hint(Render::UnknownSchemeHint {
                        known: SCHEMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                    }),
            );
            SCHEMES[0].1
        }
    };
    let mut map: BTreeMap<String, String> =
        COMMON.iter().chain(scheme.iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    // A theme may declare colours of its own (each becomes a `--key` too);
    // site.yaml may then set any colour the scheme or the theme knows.
    let theme_keys: Vec<String> = theme.keys().cloned().collect();
    let shown = crate::diag::rel(&site.root, &theme_file);
    apply(&mut map, &theme, &theme_keys, &shown.to_string_lossy(), diags);
    let known: Vec<String> = map.keys().cloned().chain(DERIVED.iter().map(|d| d.0.to_string())).collect();
    apply(&mut map, site_colors, &known, "site.yaml", diags);
    for (key, amount, toward) in DERIVED {
        if !map.contains_key(*key) {
            map.insert(key.to_string(), mix(&map["primary"], *toward, *amount));
        }
    }
    let palette = Palette::from_map(&map).unwrap_or_default();
    ThemeColors { css: css_vars(&map), palette, map }
}

/// Copies valid colours of `from` into `map`; everything else is a diagnostic naming `file`.
fn apply(
    map: &mut BTreeMap<String, String>,
    from: &BTreeMap<String, String>,
    known: &[String],
    file: &str,
    diags: &mut Diagnostics,
) {
    for (key, value) in from.iter().filter(|(k, _)| k.as_str() != "scheme") {
        if !known.contains(key) {
            diags.push(
                Diagnostic::warning(file, 0, Render::UnknownColour { key: key.to_string() })
                    .field(format!("colors.{key}"))
                    .hint(Render::UnknownColourHint { known: known.join(", ") }),
            );
            continue;
        }
        if key == "series" {
            let probe = BTreeMap::from([(key.clone(), value.clone())]);
            match Palette::from_map(&probe) {
                Ok(_) => {
                    map.insert(key.clone(), value.clone());
                }
                Err(m) => diags.push(Diagnostic::error(file, 0, m.to_string()).field("colors.series")),
            }
            continue;
        }
        match normalize_hex(value) {
            Some(v) => {
                map.insert(key.clone(), v);
            }
            None => diags.push(bad(file, key, value)),
        }
    }
}

fn bad(file: &str, key: &str, value: &str) -> Diagnostic {
    Diagnostic::error(file, 0, Render::NotAColour { key: key.to_string(), value: value.to_string() })
        .field(format!("colors.{key}"))
        .hint(Render::NotAColourHint)
}

fn theme_yaml_colors(root: &Path, path: &Path, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct ThemeYaml {
        colors: BTreeMap<String, String>,
    }
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| DEFAULT_THEME_YAML.to_string());
    match serde_yaml::from_str::<ThemeYaml>(&text) {
        Ok(t) => t.colors,
        Err(e) => {
            diags.push(crate::load::frontmatter::yaml_error(&crate::diag::rel(root, path), &text, 0, &e));
            BTreeMap::new()
        }
    }
}

const DEFAULT_THEME_YAML: &str = include_str!("../../themes/default/theme.yaml");

/// `c` moved `amount` of the way toward `toward`.
fn mix(c: &str, toward: (u8, u8, u8), amount: f64) -> String {
    let (r, g, b) = rgb(c);
    let m = |a: u8, t: u8| (a as f64 + (t as f64 - a as f64) * amount).round() as u8;
    format!("#{:02x}{:02x}{:02x}", m(r, toward.0), m(g, toward.1), m(b, toward.2))
}

/// Colours used for text on the page's backgrounds; elder mode darkens each to ≥ 7:1.
const TEXT_COLOURS: &[&str] =
    &["primary", "accent", "link", "ahead", "behind", "secondary", "grade_good", "grade_mid", "grade_bad"];

/// Every colour but the chart series list as `--key-name`, then elder
/// mode's darker text colours (the stylesheet's `html.elder` selector).
fn css_vars(map: &BTreeMap<String, String>) -> String {
    let mut out = String::from(":root{");
    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "series") {
        out.push_str(&format!("--{}:{v};", k.replace('_', "-")));
    }
    out.push_str("}html.elder,html:has(#elder:target){");
    let grounds = [rgb(&map["background"]), rgb(&map["background_soft"])];
    for key in TEXT_COLOURS {
        let c = map[*key].as_str();
        let dark = darken_to(c, &grounds, 7.0);
        if dark != c {
            out.push_str(&format!("--{}:{dark};", key.replace('_', "-")));
        }
    }
    out.push('}');
    out
}

/// `c` darkened in small steps until it reaches `ratio` against every ground.
fn darken_to(c: &str, grounds: &[(u8, u8, u8)], ratio: f64) -> String {
    let mut out = c.to_string();
    for step in 1..=20 {
        if grounds.iter().all(|g| contrast(rgb(&out), *g) >= ratio) {
            break;
        }
        out = mix(c, (0, 0, 0), step as f64 * 0.05);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_colours_follow_primary() {
        assert_eq!(mix("#ffffff", (0, 0, 0), 0.5), "#808080");
        assert_eq!(mix("#1d4f91", (255, 255, 255), 0.0), "#1d4f91");
    }

    #[test]
    fn elder_mode_text_colours_reach_seven_to_one() {
        let grounds = [rgb("#ffffff"), rgb("#f6f7f9")];
        for c in ["#1e6b3f", "#0b5cad", "#b54708"] {
            let dark = darken_to(c, &grounds, 7.0);
            assert!(grounds.iter().all(|g| contrast(rgb(&dark), *g) >= 7.0), "{c} → {dark}");
        }
        assert_eq!(darken_to("#1f2328", &grounds, 7.0), "#1f2328", "already dark enough");
    }

    #[test]
    fn every_scheme_reads_on_white() {
        for (name, scheme) in SCHEMES {
            let map: BTreeMap<String, String> =
                COMMON.iter().chain(scheme.iter()).map(|(k, v)| (k.to_string(), v.to_string())).collect();
            let p = Palette::from_map(&map).unwrap();
            assert!(p.contrast_warnings().is_empty(), "{name}: {:?}", p.contrast_warnings());
            let white = (255, 255, 255);
            for key in ["link", "accent", "text", "text_soft"] {
                let c = contrast(rgb(&map[key]), white);
                assert!(c >= 4.5, "{name}.{key} {c}");
            }
            // Body text must reach 7:1 (AAA) for elder mode.
            assert!(contrast(rgb(&map["text"]), white) >= 7.0);
        }
    }
}
