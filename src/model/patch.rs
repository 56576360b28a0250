//! A saved report whose front-matter changed only in what the page shows
//! (title, summary, numbers, targets, project states, rankings) or in its
//! tags, patched into the model in place. `serve` uses it so a save costs
//! the page, not the site: rebuilding the model of 10,000 reports takes
//! ~60 ms.

use super::{urls, Site, Taxonomy};
use crate::load::{FileKind, PageMeta, SortBy, SourceFile};

/// Whether `file`, page `i`'s file as now saved, keeps the page where it is
/// in every list and membership but its tags' (its date, county, campaign,
/// slug, order, the projects it names) and names only metrics its campaign
/// declares. Other saves need the full model build, which also reports them.
pub fn can_patch(site: &Site, i: usize, file: &SourceFile) -> bool {
    let page = &site.pages[i];
    let old = &page.meta;
    let FileKind::Page(new) = &file.kind else { return false };
    let same_ids = |a: &PageMeta, b: &PageMeta| {
        let id = |e: &crate::load::ProjectEntry| urls::slug_or_keep(e.id.as_deref().unwrap_or(&e.name));
        a.projects.len() == b.projects.len() && a.projects.iter().zip(&b.projects).all(|(x, y)| id(x) == id(y))
    };
    let by_title = site.sections[page.section].meta.sort_by.unwrap_or_default() == SortBy::Title;
    let declared = match page.campaign {
        Some(c) => new.metrics.keys().all(|k| site.campaigns[c].meta.metrics.contains_key(k)),
        None => new.metrics.is_empty(),
    };
    let keeps_place = new.date == old.date
        && new.updated == old.updated
        && new.expires == old.expires
        && new.draft == old.draft
        && new.slug == old.slug
        && new.county == old.county
        && new.campaign == old.campaign
        && new.weight == old.weight
        && (new.title == old.title || !by_title)
        && declared
        && same_ids(new, old)
        // Ledger rows join at load, which a patch does not run.
        && new.projects_file.is_none()
        && old.projects_file.is_none()
        && page.campaign.is_none_or(|c| site.campaigns[c].meta.projects_file.is_none());
    keeps_place && file.path == site.sources[page.source].path
}

/// Puts `file` into the model as page `i`'s (which `can_patch` allowed).
pub fn patch_page(site: &mut Site, i: usize, mut file: SourceFile) {
    let FileKind::Page(new) = &mut file.kind else { unreachable!("can_patch takes only pages") };
    let meta = std::mem::take(&mut **new);
    let page = &mut site.pages[i];
    page.title = meta.title.clone().unwrap_or_default();
    page.tag_slugs = meta.tags.iter().map(|t| crate::text::slugify(t)).collect();
    page.meta = meta;
    site.sources[page.source] = file;
}

/// Makes the tags' terms again after `patch_page` changed a page's tags;
/// returns the former ones.
pub fn retag(site: &mut Site) -> Taxonomy {
    let (tags, _) = super::taxonomy::build(&site.pages, &site.chronological, &site.campaigns);
    std::mem::replace(&mut site.tags, tags)
}
