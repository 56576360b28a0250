//! What is searchable: every page, campaign and project of the site as a
//! search document, in the index's order (document ids count from the
//! oldest, so a new report is appended), with a digest of everything the
//! index holds of it, so a build tells what changed without tokenising.

use std::borrow::Cow;
use std::hash::Hasher;

use super::super::jobs::Inputs;
use super::super::mirror::Version;
use super::Doc;
use crate::model::CampaignId;
use crate::render::{engine, Body};

/// A searchable document as the site has it: its strings not yet in the
/// index's script, its text still in its body.
pub(super) struct Source<'a> {
    pub doc: Doc,
    /// Where its text is (`None`: a project, which has none).
    pub body: Option<&'a Body>,
    /// Digest of its strings and its text.
    pub digest: u64,
}

/// Where a document stands in the index: by date, oldest first (undated
/// first of all); on one day a project before a campaign before a page, so
/// "newest first" (highest id first) shows pages first; pages of one day
/// by time, then by path in reverse (as the site's lists show them, newest
/// first).
type Order = (Option<chrono::NaiveDate>, u8, Option<chrono::DateTime<chrono::FixedOffset>>);

/// The site's searchable documents in id order: every page, campaign and
/// project; `text` is left empty (it is read from `body` when needed).
/// Made on one thread: it is a few milliseconds, and the index is made
/// side by side with the list pages, whose tasks a waiting parallel loop
/// here would take up and so finish late.
pub(super) fn sources<'a>(inp: &'a Inputs) -> Vec<Source<'a>> {
    let site = inp.site;
    let campaign_title = |c: Option<CampaignId>| c.map(|c| site.campaigns[c].title.as_str()).unwrap_or("");
    let pages = site.pages.iter().zip(inp.pages.iter()).map(|(p, b)| {
        let mut keywords = p.meta.tags.join(" ");
        for e in &p.meta.projects {
            for s in [Some(&e.name), e.industry.as_ref(), e.township.as_ref()].into_iter().flatten() {
                keywords.push(' ');
                keywords.push_str(s);
            }
        }
        let doc = Doc {
            path: p.path.clone(),
            title: p.title.clone(),
            date: p.date.map(|d| d.date().to_string()).unwrap_or_default(),
            county: p.meta.county.clone().unwrap_or_default(),
            campaign: campaign_title(p.campaign).to_string(),
            summary: b.summary.clone(),
            keywords,
            text: String::new(),
        };
        let order = (p.date.map(|d| d.date()), 2, p.date.map(|d| d.at));
        (order, source(doc, Some(b)))
    });
    let campaigns = site.campaigns.iter().zip(inp.campaigns.iter()).map(|(c, b)| {
        let doc = Doc {
            path: c.path.clone(),
            title: c.title.clone(),
            date: c.start.to_string(),
            county: c.meta.county.clone().unwrap_or_default(),
            campaign: String::new(),
            summary: b.summary.clone(),
            keywords: String::new(),
            text: String::new(),
        };
        ((Some(c.start), 1, None), source(doc, Some(b)))
    });
    let projects = inp.derived.projects.iter().map(|p| {
        let order = (p.latest.date, 0, None);
        (order, source(project_doc(site, p), None))
    });
    let mut all: Vec<(Order, Source)> = pages.chain(campaigns).chain(projects).collect();
    // Then by path in reverse (paths are unique).
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.doc.path.cmp(&a.1.doc.path)));
    all.into_iter().map(|(_, s)| s).collect()
}

fn source<'a>(doc: Doc, body: Option<&'a Body>) -> Source<'a> {
    let mut h = engine::hasher();
    for s in [&doc.path, &doc.title, &doc.date, &doc.county, &doc.campaign, &doc.summary, &doc.keywords] {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    }
    h.write_u64(body.map_or(0, |b| b.text.digest()));
    Source { digest: h.finish(), doc, body }
}

/// `doc`'s strings in the script of `version` (its path and date as they
/// are): `doc` itself where the version converts nothing.
pub(super) fn in_script<'a>(doc: &'a Doc, version: &Version) -> Cow<'a, Doc> {
    if !version.converts() {
        return Cow::Borrowed(doc);
    }
    let convert = |s: &str| version.convert(s).into_owned();
    Cow::Owned(Doc {
        path: doc.path.clone(),
        title: convert(&doc.title),
        date: doc.date.clone(),
        county: convert(&doc.county),
        campaign: convert(&doc.campaign),
        summary: convert(&doc.summary),
        keywords: convert(&doc.keywords),
        text: String::new(),
    })
}

/// A project of the 项目库: found by its name, county, industry, township and
/// status; its page has no body text of its own.
fn project_doc(site: &crate::model::Site, p: &crate::derive::Project) -> Doc {
    let s = &p.latest;
    let status = s.status.map(|x| x.label()).unwrap_or("");
    let facts: Vec<&str> = [s.industry.as_deref(), s.township.as_deref(), Some(status)]
        .into_iter()
        .flatten()
        .filter(|x| !x.is_empty())
        .collect();
    Doc {
        path: p.path.clone(),
        title: s.name.clone(),
        date: s.date.map(|d| d.to_string()).unwrap_or_default(),
        county: p.county.clone().unwrap_or_default(),
        campaign: p.campaigns.first().map(|&c| site.campaigns[c].title.clone()).unwrap_or_default(),
        summary: format!("项目库：{}", facts.join(" · ")),
        keywords: facts.join(" "),
        text: String::new(),
    }
}
