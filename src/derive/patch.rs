//! One saved report's numbers derived again in place, for `serve`: its
//! campaign's progress, the projects it names and their counties. The rest
//! of the site cannot have changed, because `model::patch_page` only takes
//! saves that keep every date and membership but tags (no number depends
//! on tags).

use std::collections::BTreeSet;

use super::{campaign_progress, county_stats, projects, Derived};
use crate::diag::Diagnostics;
use crate::model::{urls::slug_or_keep, Site};

/// What a patch changed (indices into `Derived`'s lists, ascending); the
/// counties of changed projects are derived again with them.
#[derive(Debug, Default)]
pub struct Touched {
    pub campaigns: Vec<usize>,
    pub projects: Vec<usize>,
}

/// The projects page `i` names (indices into `d.projects`).
pub fn named_by(site: &Site, d: &Derived, i: usize) -> BTreeSet<usize> {
    site.pages[i]
        .meta
        .projects
        .iter()
        .filter_map(|e| {
            let id = slug_or_keep(e.id.as_deref().unwrap_or(&e.name));
            d.projects.binary_search_by(|p| p.id.cmp(&id)).ok()
        })
        .collect()
}

/// Page `i`'s front-matter changed in the model: derives again what it
/// feeds. Warnings of what was derived again go to `diags`.
pub fn patch_page(site: &Site, d: &mut Derived, i: usize, diags: &mut Diagnostics) -> Touched {
    let mut touched = Touched::default();
    if let Some(c) = site.pages[i].campaign {
        let mut fresh = campaign_progress(site, &site.campaigns[c], d.today, diags);
        fresh.projects = d.campaigns[c].projects.clone();
        fresh.project_since = d.campaigns[c].project_since.clone();
        fresh.series = d.campaigns[c].series;
        if fresh != d.campaigns[c] {
            touched.campaigns.push(c);
        }
        d.campaigns[c] = fresh;
    }
    for p in named_by(site, d, i) {
        let fresh = projects::rebuild(site, &d.projects[p], diags);
        if fresh != d.projects[p] {
            d.projects[p] = fresh;
            touched.projects.push(p);
        }
    }
    for k in 0..d.counties.len() {
        if d.counties[k].projects.iter().any(|p| touched.projects.binary_search(p).is_ok()) {
            d.counties[k] = county_stats(site, &d.projects, k);
        }
    }
    touched
}
