//! Taxonomies (`tags`, `counties`) and date archives, built from pages in
//! chronological order so every list comes out newest first.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::urls::fixed;
use super::{Campaign, CampaignId, CountyId, Id, IdVec, MonthId, Page, PageId, TagId, YearId};

#[derive(Debug, Default)]
pub struct Taxonomy<I: Id> {
    pub name: &'static str,
    pub path: String,
    /// Terms sorted by slug.
    pub terms: IdVec<I, Term>,
}

#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Pages, newest first.
    pub pages: Vec<PageId>,
}

impl<I: Id> Taxonomy<I> {
    pub fn get(&self, slug: &str) -> Option<&Term> {
        let terms = self.terms.as_slice();
        terms.binary_search_by(|t| t.slug.as_str().cmp(slug)).ok().map(|i| &terms[i])
    }
}

#[derive(Debug)]
pub struct Archive {
    pub year: i32,
    pub path: String,
    pub pages: Vec<PageId>,
    pub months: IdVec<MonthId, ArchiveMonth>,
}

#[derive(Debug)]
pub struct ArchiveMonth {
    pub year: i32,
    pub month: u32,
    pub path: String,
    /// The same page without the month's leading zero (`archives/2021/8/`).
    pub alias_path: String,
    pub pages: Vec<PageId>,
}

pub fn build(
    pages: &IdVec<PageId, Page>,
    chronological: &[PageId],
    campaigns: &IdVec<CampaignId, Campaign>,
) -> (Taxonomy<TagId>, Taxonomy<CountyId>) {
    let mut tags: BTreeMap<String, Term> = BTreeMap::new();
    let mut counties: BTreeMap<String, Term> = BTreeMap::new();
    let term = |name: &str, slug: &str, base: &str| Term {
        name: name.to_string(),
        slug: slug.to_string(),
        path: super::urls::term(base, slug),
        pages: Vec::new(),
    };
    for &i in chronological.iter().chain(pages.ids().filter(|i| pages[*i].date.is_none()).collect::<Vec<_>>().iter()) {
        let p = &pages[i];
        for (name, slug) in p.meta.tags.iter().zip(&p.tag_slugs) {
            if slug.is_empty() {
                continue;
            }
            // Looked up before inserting: most slugs are met many times.
            if !tags.contains_key(slug) {
                tags.insert(slug.clone(), term(name, slug, fixed::TAGS));
            }
            let t = tags.get_mut(slug).expect("inserted above");
            if t.pages.last() != Some(&i) {
                t.pages.push(i);
            }
        }
        if let (Some(name), Some(slug)) = (&p.meta.county, &p.county_slug) {
            if !counties.contains_key(slug) {
                counties.insert(slug.clone(), term(name, slug, fixed::COUNTIES));
            }
            counties.get_mut(slug).expect("inserted above").pages.push(i);
        }
    }
    // A county that so far only has a campaign still gets its page.
    for c in campaigns {
        if let (Some(name), Some(slug)) = (&c.meta.county, &c.county_slug) {
            if !slug.is_empty() {
                counties.entry(slug.clone()).or_insert_with(|| term(name, slug, fixed::COUNTIES));
            }
        }
    }
    (
        Taxonomy { name: "tags", path: fixed::TAGS.into(), terms: tags.into_values().collect() },
        Taxonomy { name: "counties", path: fixed::COUNTIES.into(), terms: counties.into_values().collect() },
    )
}

/// Years newest first, months newest first, pages newest first.
pub fn archives(pages: &IdVec<PageId, Page>, chronological: &[PageId]) -> IdVec<YearId, Archive> {
    let mut years: BTreeMap<i32, BTreeMap<u32, Vec<PageId>>> = BTreeMap::new();
    for &i in chronological {
        let d = pages[i].date.expect("chronological pages are dated").date();
        years.entry(d.year()).or_default().entry(d.month()).or_default().push(i);
    }
    years
        .into_iter()
        .rev()
        .map(|(year, months)| {
            let months: IdVec<MonthId, ArchiveMonth> = months
                .into_iter()
                .rev()
                .map(|(month, pages)| ArchiveMonth {
                    year,
                    month,
                    path: super::urls::archive_month(year, month, false),
                    alias_path: super::urls::archive_month(year, month, true),
                    pages,
                })
                .collect();
            Archive {
                year,
                path: super::urls::archive_year(year),
                pages: months.iter().flat_map(|m| m.pages.iter().copied()).collect(),
                months,
            }
        })
        .collect()
}
