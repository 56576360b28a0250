//! Taxonomies (`tags`, `counties`) and date archives, built from pages in
//! chronological order so every list comes out newest first.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::structure::Shape;
use super::urls::fixed;
use super::{Campaign, CampaignId, CountyId, Id, IdVec, MonthId, PageId, TagId, YearId};

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
        self.id(slug).map(|i| &self.terms[i])
    }

    /// The id of the term with this slug.
    pub fn id(&self, slug: &str) -> Option<I> {
        self.terms.binary_search_by(|t| t.slug.as_str().cmp(slug))
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

pub(super) fn build<'a>(
    pages: &IdVec<PageId, Shape<'a>>,
    chronological: &[PageId],
    campaigns: &IdVec<CampaignId, Campaign>,
) -> (Taxonomy<TagId>, Taxonomy<CountyId>) {
    let (mut tags, mut counties) = (Terms::default(), Terms::default());
    let undated = pages.ids().filter(|i| pages[*i].date.0.is_none()).collect::<Vec<_>>();
    for &i in chronological.iter().chain(undated.iter()) {
        let p = &pages[i];
        for (name, slug) in p.tags.iter().zip(p.tag_slugs) {
            if slug.is_empty() {
                continue;
            }
            let t = tags.term(name, slug, fixed::TAGS);
            if t.pages.last() != Some(&i) {
                t.pages.push(i);
            }
        }
        if let (Some(name), Some(slug)) = (p.county, p.county_slug) {
            counties.term(name, slug, fixed::COUNTIES).pages.push(i);
        }
    }
    // A county that so far only has a campaign still gets its page.
    for c in campaigns {
        if let (Some(name), Some(slug)) = (&c.meta.county, &c.county_slug) {
            if !slug.is_empty() {
                counties.term(name, slug, fixed::COUNTIES);
            }
        }
    }
    (
        Taxonomy { name: "tags", path: fixed::TAGS.into(), terms: tags.sorted() },
        Taxonomy { name: "counties", path: fixed::COUNTIES.into(), terms: counties.sorted() },
    )
}

/// Terms as they are met, found by slug (a hash: most slugs are met many
/// times, by thousands of pages), sorted by slug once all are met.
#[derive(Default)]
struct Terms<'a> {
    at: std::collections::HashMap<&'a str, usize, ahash::RandomState>,
    terms: Vec<Term>,
}

impl<'a> Terms<'a> {
    /// The term with this slug, made (under `base`, named `name`) when first met.
    fn term(&mut self, name: &str, slug: &'a str, base: &str) -> &mut Term {
        let at = *self.at.entry(slug).or_insert_with(|| {
            let path = super::urls::term(base, slug);
            self.terms.push(Term { name: name.to_string(), slug: slug.to_string(), path, pages: Vec::new() });
            self.terms.len() - 1
        });
        &mut self.terms[at]
    }

    fn sorted<I: Id>(mut self) -> IdVec<I, Term> {
        self.terms.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        IdVec::from_vec(self.terms)
    }
}

/// Years newest first, months newest first, pages newest first.
pub(super) fn archives(pages: &IdVec<PageId, Shape>, chronological: &[PageId]) -> IdVec<YearId, Archive> {
    let mut years: BTreeMap<i32, BTreeMap<u32, Vec<PageId>>> = BTreeMap::new();
    for &i in chronological {
        let d = pages[i].date.0.expect("chronological pages are dated").date();
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
