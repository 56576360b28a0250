//! The items of the 政府网站与政务新媒体检查指标 that a site's files can
//! show: a home page not updated (首页更新不及时), empty columns (空白栏目),
//! footer items inspections look for, images without alternative text,
//! undated pages in news columns and future dates. All are warnings
//! (`--strict` fails on them); `check` prints how many of each it found.

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::check::Check;
use crate::model::{Page, Site};

fn published(p: &Page) -> bool {
    !p.meta.draft && !p.scheduled
}

/// 首页更新不及时: the newest dated page is older than `check.stale_days`.
pub(super) fn home_page_updates(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    let limit = site.config.check.stale_days;
    let newest = site
        .pages
        .iter()
        .filter(|p| published(p))
        .filter_map(|p| p.date.map(|d| (d.date(), p)))
        .max_by_key(|(d, _)| *d);
    let Some((date, page)) = newest else { return };
    let age = (today - date).num_days();
    if limit > 0 && age > limit {
        diags.push(
            Diagnostic::warning(
                &site.sources[page.source].path,
                0,
                Check::StaleHome { date: date.to_string(), age, today: today.to_string(), limit },
            )
            .hint(Check::StaleHomeHint),
        );
    }
}

/// 空白栏目: a section with no published page or campaign (and no subsection holding one).
pub(super) fn empty_columns(site: &Site, diags: &mut Diagnostics) {
    for (i, s) in site.sections.iter_enumerated() {
        if s.dir.is_empty() || holds_pages(site, i) {
            continue;
        }
        let file = match s.source {
            Some(i) => site.sources[i].path.clone(),
            None => std::path::Path::new("content").join(&s.dir),
        };
        diags.push(
            Diagnostic::warning(file, 0, Check::EmptyColumn { title: s.title.clone() }).hint(Check::EmptyColumnHint),
        );
    }
}

fn holds_pages(site: &Site, section: crate::model::SectionId) -> bool {
    let s = &site.sections[section];
    s.pages.iter().any(|&p| published(&site.pages[p]))
        || site.campaigns.iter().any(|c| site.sources[c.source].section == s.dir)
        || s.subsections.iter().any(|&c| holds_pages(site, c))
}

/// The footer items every Chinese government site must carry.
pub(super) fn footer_items(site: &Site, diags: &mut Diagnostics) {
    let f = &site.config.footer;
    for (field, value, what) in [
        ("footer.organizer", &f.organizer, "主办单位"),
        ("footer.icp", &f.icp, "ICP备案号"),
        ("footer.site_code", &f.site_code, "政府网站标识码"),
    ] {
        if value.trim().is_empty() {
            diags.push(
                Diagnostic::warning("site.yaml", 0, Check::FooterMissing { what: what.to_string() })
                    .field(field)
                    .hint(Check::FooterMissingHint { field: field.to_string() }),
            );
        }
    }
}

/// Images whose alternative text is empty (`![](a.png)`), in every built page's Markdown.
pub(super) fn images_without_alt(site: &Site, diags: &mut Diagnostics) {
    let sources = site.pages.iter().map(|p| p.source).chain(site.campaigns.iter().map(|c| c.source));
    for i in sources.chain(site.sections.iter().filter_map(|s| s.source)) {
        let f = &site.sources[i];
        for (line, column, dest) in super::images_without_alt(f) {
            diags.push(
                Diagnostic::warning(&f.path, line, Check::NoAlt { dest })
                    .column(column)
                    .quoting(&f.source)
                    .hint(Check::NoAltHint),
            );
        }
    }
}

/// 缺少发布日期: a page in a news column without a date.
pub(super) fn undated_news(site: &Site, diags: &mut Diagnostics) {
    for s in site.sections.iter().filter(|s| site.is_news_column(s)) {
        for p in s.pages.iter().map(|&i| &site.pages[i]).filter(|p| !p.meta.draft && p.date.is_none()) {
            let f = &site.sources[p.source];
            diags.push(
                Diagnostic::warning(
                    &f.path,
                    f.yaml_line,
                    Check::Undated { title: p.title.clone(), section: s.title.clone() },
                )
                .field("date")
                .hint(Check::UndatedHint),
            );
        }
    }
}

/// 未来日期: a page dated after today (held back, or published by `--future`).
pub(super) fn future_dates(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    for s in &site.scheduled {
        diags.push(
            Diagnostic::warning(
                &s.file,
                s.line,
                Check::FutureDate { title: s.title.clone(), date: s.date.to_string(), today: today.to_string() },
            )
            .field("date")
            .hint(Check::FutureDateHint),
        );
    }
}
