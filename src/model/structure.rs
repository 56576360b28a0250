//! The site's structure: each section's pages in display order, the
//! chronological order, the taxonomies, the archives and each campaign's
//! reports. It reads pages only through `Shape`, the fields it orders and
//! groups them by, so the digest of the shapes (`key`) covers all it reads:
//! while that digest is the last build's, its structure is taken again
//! (a number or ledger save cannot move a page in any list).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::taxonomy::{self, Archive, Taxonomy};
use super::{Campaign, CampaignId, CountyId, IdVec, Page, PageId, Section, SectionId, SourceId, TagId, YearId};
use crate::dates::When;
use crate::load::{SortBy, SourceFile};

/// What the structure reads of one page.
#[derive(Hash)]
pub(super) struct Shape<'a> {
    /// Its file (campaign reports on one day are in file order).
    pub file: File<'a>,
    /// The folder of its file, its section.
    pub dir: &'a str,
    /// Its URL path (ties in every order are broken by it).
    pub path: &'a str,
    pub title: &'a str,
    pub date: Dated,
    pub weight: Option<i64>,
    pub tags: &'a [String],
    pub tag_slugs: &'a [String],
    pub county: Option<&'a str>,
    pub county_slug: Option<&'a str>,
    pub campaign: Option<&'a str>,
}

/// A page's date, digested with the offset it was written in (the month it
/// is archived under is its day there; `When`'s own equality is the instant's).
#[derive(Clone, Copy)]
pub(super) struct Dated(pub Option<When>);

impl Hash for Dated {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.map(|w| (w.at.naive_local(), w.at.offset().local_minus_utc())).hash(h);
    }
}

/// A file's path, digested as its bytes (a `Path` digests component by component, slowly).
pub(super) struct File<'a>(pub &'a Path);

impl Hash for File<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.as_os_str().as_encoded_bytes().hash(h);
    }
}

impl<'a> Shape<'a> {
    /// The digest of page `p`'s shape (a page taken again keeps its own).
    pub fn digest(p: &Page, sources: &IdVec<SourceId, SourceFile>) -> u64 {
        let mut h = crate::digest::hasher();
        Shape::of(p, sources).hash(&mut h);
        h.finish()
    }

    pub fn of(p: &'a Page, sources: &'a IdVec<SourceId, SourceFile>) -> Shape<'a> {
        let f = &sources[p.source];
        Shape {
            file: File(&f.path),
            dir: &f.section,
            path: &p.path,
            title: &p.title,
            date: Dated(p.date),
            weight: p.meta.weight,
            tags: &p.meta.tags,
            tag_slugs: &p.tag_slugs,
            county: p.meta.county.as_deref(),
            county_slug: p.county_slug.as_deref(),
            campaign: p.meta.campaign.as_deref(),
        }
    }
}

/// The structure of a site, made from its pages' shapes.
#[derive(Debug, Default)]
pub struct Structure {
    pub section_pages: IdVec<SectionId, Vec<PageId>>,
    pub chronological: Vec<PageId>,
    pub tags: Taxonomy<TagId>,
    pub counties: Taxonomy<CountyId>,
    pub archives: IdVec<YearId, Archive>,
    pub campaign_reports: IdVec<CampaignId, Vec<PageId>>,
}

/// Digest of what the structure is made from: the pages' shapes (by their
/// digests, `Shape::digest`), the sections (by folder, with their order)
/// and the campaigns (by id, with their county), under the site-wide inputs `inputs`.
pub(super) fn key(
    inputs: u64,
    shapes: &IdVec<PageId, u64>,
    sections: &IdVec<SectionId, Section>,
    campaigns: &IdVec<CampaignId, Campaign>,
) -> u64 {
    let mut h = crate::digest::hasher();
    inputs.hash(&mut h);
    shapes.as_slice().hash(&mut h);
    for s in sections {
        (&s.dir, s.meta.sort_by.map(|b| b as u8)).hash(&mut h);
    }
    for c in campaigns {
        (&c.id, &c.meta.county, &c.county_slug).hash(&mut h);
    }
    h.finish()
}

/// The structure of pages `shapes` in `sections` (`index`: by folder) and `campaigns`.
pub(super) fn make(
    shapes: &IdVec<PageId, Shape>,
    sections: &IdVec<SectionId, Section>,
    index: &BTreeMap<&str, SectionId>,
    campaigns: &IdVec<CampaignId, Campaign>,
) -> Structure {
    let mut section_pages: IdVec<SectionId, Vec<PageId>> = sections.iter().map(|_| Vec::new()).collect();
    for (i, p) in shapes.iter_enumerated() {
        section_pages[index[p.dir]].push(i);
    }
    for (list, s) in section_pages.iter_mut().zip(sections.iter()) {
        sort_pages(list, shapes, s.meta.sort_by.unwrap_or_default());
    }
    let mut chronological: Vec<PageId> = shapes.ids().filter(|&i| shapes[i].date.0.is_some()).collect();
    sort_pages(&mut chronological, shapes, SortBy::Date);
    let (tags, counties) = taxonomy::build(shapes, &chronological, campaigns);
    let archives = taxonomy::archives(shapes, &chronological);
    let campaign_reports = campaign_reports(shapes, campaigns);
    Structure { section_pages, chronological, tags, counties, archives, campaign_reports }
}

/// Newest first for dates, then by path so equal keys keep a fixed order.
/// (Sorted by keys taken once: a comparison reaching into two pages each
/// time cost ~10 ms of a save at 10,000 reports.)
fn sort_pages(list: &mut [PageId], shapes: &IdVec<PageId, Shape>, by: SortBy) {
    use std::cmp::Reverse;
    match by {
        SortBy::Date => list.sort_by_cached_key(|&i| (Reverse(shapes[i].date.0), shapes[i].path)),
        SortBy::Title => list.sort_by_cached_key(|&i| (shapes[i].title, i)),
        SortBy::Weight => list.sort_by_cached_key(|&i| (shapes[i].weight.unwrap_or(i64::MAX), shapes[i].path)),
        SortBy::None => list.sort_by_cached_key(|&i| shapes[i].path),
    }
}

/// Each campaign's reports (pages naming it), oldest first, then by file.
fn campaign_reports(
    shapes: &IdVec<PageId, Shape>,
    campaigns: &IdVec<CampaignId, Campaign>,
) -> IdVec<CampaignId, Vec<PageId>> {
    let by_id: BTreeMap<&str, CampaignId> = campaigns.iter_enumerated().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut reports: IdVec<CampaignId, Vec<PageId>> = campaigns.iter().map(|_| Vec::new()).collect();
    for (pi, p) in shapes.iter_enumerated() {
        if let Some(&ci) = p.campaign.and_then(|id| by_id.get(id)) {
            reports[ci].push(pi);
        }
    }
    for list in reports.iter_mut() {
        list.sort_by_cached_key(|&i| (shapes[i].date.0, shapes[i].file.0));
    }
    reports
}

impl Structure {
    /// Puts the structure into the site's parts, each page told its section and campaign.
    pub(super) fn place(
        self,
        pages: &mut IdVec<PageId, Page>,
        sections: &mut IdVec<SectionId, Section>,
        campaigns: &mut IdVec<CampaignId, Campaign>,
    ) -> (Vec<PageId>, Taxonomy<TagId>, Taxonomy<CountyId>, IdVec<YearId, Archive>) {
        for ((si, s), list) in sections.iter_enumerated_mut().zip(self.section_pages) {
            list.iter().for_each(|&p| pages[p].section = si);
            s.pages = list;
        }
        for ((ci, c), list) in campaigns.iter_enumerated_mut().zip(self.campaign_reports) {
            list.iter().for_each(|&p| pages[p].campaign = Some(ci));
            c.reports = list;
        }
        (self.chronological, self.tags, self.counties, self.archives)
    }

    /// The structure of `site`, moved out of it.
    pub(super) fn take(site: &mut super::Site) -> Structure {
        Structure {
            section_pages: site.sections.iter_mut().map(|s| std::mem::take(&mut s.pages)).collect(),
            chronological: std::mem::take(&mut site.chronological),
            tags: std::mem::take(&mut site.tags),
            counties: std::mem::take(&mut site.counties),
            archives: std::mem::take(&mut site.archives),
            campaign_reports: site.campaigns.iter_mut().map(|c| std::mem::take(&mut c.reports)).collect(),
        }
    }
}
