//! What is searchable: every page, campaign and project of the site as a
//! search document, its strings in the script of the index being made.

use super::super::jobs::Inputs;
use super::super::mirror::Version;
use super::Doc;
use crate::model::{CampaignId, IdVec, PageId};

/// The site's searchable documents: every page (newest report first, then
/// undated pages), every campaign and every project, their strings in the script of
/// `version`; `text` is left empty and the body
/// each document's text comes from is returned beside it.
pub(super) fn documents<'a>(inp: &'a Inputs, version: &Version) -> (Vec<Doc>, Vec<Option<&'a crate::render::Body>>) {
    let convert = |s: &str| version.convert(s).into_owned();
    use rayon::prelude::*;
    let site = inp.site;
    let mut order: Vec<PageId> = site.chronological.clone();
    let mut dated: IdVec<PageId, bool> = IdVec::from_vec(vec![false; site.pages.len()]);
    for &i in &order {
        dated[i] = true;
    }
    order.extend(site.pages.ids().filter(|&i| !dated[i]));
    let campaign_title = |c: Option<CampaignId>| c.map(|c| site.campaigns[c].title.as_str()).unwrap_or("");
    let mut docs: Vec<Doc> = order
        .par_iter()
        .map(|&i| {
            let p = &site.pages[i];
            let b = &inp.pages[i];
            let mut keywords = p.meta.tags.join(" ");
            for e in &p.meta.projects {
                for s in [Some(&e.name), e.industry.as_ref(), e.township.as_ref()].into_iter().flatten() {
                    keywords.push(' ');
                    keywords.push_str(s);
                }
            }
            Doc {
                path: p.path.clone(),
                title: convert(&p.title),
                date: p.date.map(|d| d.date().to_string()).unwrap_or_default(),
                county: convert(p.meta.county.as_deref().unwrap_or("")),
                campaign: convert(campaign_title(p.campaign)),
                summary: convert(&b.summary),
                keywords: convert(&keywords),
                text: String::new(),
            }
        })
        .collect();
    let mut bodies: Vec<Option<&crate::render::Body>> = order.iter().map(|&i| Some(&inp.pages[i])).collect();
    docs.extend(site.campaigns.iter_enumerated().map(|(i, c)| {
        let b = &inp.campaigns[i];
        Doc {
            path: c.path.clone(),
            title: convert(&c.title),
            date: c.start.to_string(),
            county: convert(c.meta.county.as_deref().unwrap_or("")),
            campaign: String::new(),
            summary: convert(&b.summary),
            keywords: String::new(),
            text: String::new(),
        }
    }));
    bodies.extend(inp.campaigns.iter().map(Some));
    docs.extend(inp.derived.projects.iter().map(|p| project_doc(site, p, &convert)));
    bodies.extend(inp.derived.projects.iter().map(|_| None));
    (docs, bodies)
}

/// A project of the 项目库: found by its name, county, industry, township and
/// status; its page has no body text of its own.
fn project_doc(site: &crate::model::Site, p: &crate::derive::Project, convert: &dyn Fn(&str) -> String) -> Doc {
    let s = &p.latest;
    let status = s.status.map(|x| x.label()).unwrap_or("");
    let facts: Vec<&str> = [s.industry.as_deref(), s.township.as_deref(), Some(status)]
        .into_iter()
        .flatten()
        .filter(|x| !x.is_empty())
        .collect();
    Doc {
        path: p.path.clone(),
        title: convert(&s.name),
        date: s.date.map(|d| d.to_string()).unwrap_or_default(),
        county: convert(p.county.as_deref().unwrap_or("")),
        campaign: convert(p.campaigns.first().map(|&c| site.campaigns[c].title.as_str()).unwrap_or("")),
        summary: convert(&format!("项目库：{}", facts.join(" · "))),
        keywords: convert(&facts.join(" ")),
        text: String::new(),
    }
}
