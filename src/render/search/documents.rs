//! What is searchable: every page, campaign and project of the site as a
//! search document, in the index's order (document ids count from the
//! oldest, so a new report is appended), with a digest of everything the
//! index holds of it, so a build tells what changed without tokenising.
//! Where the build keyed the site's files (`serve`'s: `derive::Keys`), a
//! document also has a key, the digest of what it is made from: a
//! document whose key is unchanged is not digested again.

use std::hash::Hasher;
use std::sync::OnceLock;

use super::super::jobs::Inputs;
use super::super::mirror::Version;
use super::Doc;
use crate::derive::Project;
use crate::model::{Campaign, CampaignId, Page, Site};
use crate::render::Body;

/// A searchable document as the site has it, without its strings: they
/// are made (`Sources::doc`) only for documents the index tokenises or
/// lists again, so a build that changes one report does not copy every
/// page's title, summary and tags.
pub(super) struct Source<'a> {
    pub path: &'a str,
    /// Where its text is (`None`: a project, which has none).
    pub body: Option<&'a Body>,
    /// Digest of what its strings and text are made from (its file under
    /// the site-wide inputs, its body), 0 where the build keyed nothing:
    /// two builds' documents of one path and one key are the same.
    pub key: u64,
    /// Digest of its strings and its text, made when first asked for.
    digest: OnceLock<u64>,
    made_of: Option<(&'a Site, Of<'a>)>,
}

impl<'a> Source<'a> {
    /// A document known by its digest alone (no key).
    #[cfg(test)]
    pub fn known(path: &'a str, digest: u64) -> Source<'a> {
        Source { path, body: None, key: 0, digest: OnceLock::from(digest), made_of: None }
    }

    /// Digest of its strings and its text.
    pub fn digest(&self) -> u64 {
        *self.digest.get_or_init(|| self.made_of.map_or(0, |(site, of)| digest(site, of)))
    }
}

/// What a document is made from.
#[derive(Clone, Copy)]
enum Of<'a> {
    Page(&'a Page, &'a Body),
    Campaign(&'a Campaign, &'a Body),
    Project(&'a Project),
}

/// The site's searchable documents in id order.
pub(super) struct Sources<'a> {
    pub list: Vec<Source<'a>>,
    /// Where each document stands among the pages, campaigns and projects
    /// as the site lists them, in id order: the next build tries it first.
    pub order: Vec<u32>,
}

/// Where a document stands in the index: by date, oldest first (undated
/// first of all); on one day a project before a campaign before a page, so
/// "newest first" (highest id first) shows pages first; pages of one day
/// by time, then by path in reverse (as the site's lists show them, newest
/// first).
type Order = (Option<chrono::NaiveDate>, u8, Option<chrono::DateTime<chrono::FixedOffset>>);

/// The site's searchable documents in id order: every page, campaign and
/// project, each with the digest of what the index holds of it.
/// Made on one thread: it is a few milliseconds, and the index is made
/// side by side with the list pages, whose tasks a waiting parallel loop
/// here would take up and so finish late. `last` is the last build's
/// `Sources::order`: where it still puts every document before the next
/// (a save that moves no document), it is taken instead of sorting again.
pub(super) fn sources<'a>(inp: &'a Inputs, last: &[u32]) -> Sources<'a> {
    let site = inp.site;
    let keys = &inp.derived.keys;
    let key = |stamp: Option<&u64>, body: Option<&Body>| {
        let stamp = *stamp.filter(|&&s| s != 0)?;
        let mut h = crate::digest::hasher();
        h.write_u64(stamp);
        h.write_u64(body.map_or(0, |b| b.digest));
        h.write_u64(body.map_or(0, |b| b.text.digest()));
        Some(h.finish().max(1))
    };
    let pages = site.pages.iter_enumerated().zip(inp.pages.iter()).map(|((i, p), b)| {
        let order = (p.date.map(|d| d.date()), 2, p.date.map(|d| d.at));
        (order, Of::Page(p, b), key(keys.pages.get(i), Some(b)))
    });
    // A campaign's file is one of the site-wide inputs.
    let campaigns = site
        .campaigns
        .iter()
        .zip(inp.campaigns.iter())
        .map(|(c, b)| ((Some(c.start), 1, None), Of::Campaign(c, b), key(Some(&keys.inputs), Some(b))));
    let projects = inp
        .derived
        .projects
        .iter_enumerated()
        .map(|(i, p)| ((p.latest.date, 0, None), Of::Project(p), key(keys.projects.get(i), None)));
    let all = pages.chain(campaigns).chain(projects).zip(0..);
    let mut all: Vec<(Order, Source, u32)> =
        all.map(|((order, of, key), i)| (order, source(site, of, key), i)).collect();
    // Then by path in reverse (paths are unique).
    let before =
        |a: &(Order, Source, u32), b: &(Order, Source, u32)| a.0.cmp(&b.0).then_with(|| b.1.path.cmp(a.1.path));
    let in_order = |w: &[u32]| before(&all[w[0] as usize], &all[w[1] as usize]).is_lt();
    let same =
        last.len() == all.len() && last.iter().all(|&i| (i as usize) < all.len()) && last.windows(2).all(in_order);
    if !same {
        all.sort_unstable_by(before);
        return Sources { order: all.iter().map(|a| a.2).collect(), list: all.into_iter().map(|a| a.1).collect() };
    }
    // Each document once: every one stands strictly before the next.
    let mut all: Vec<Option<Source>> = all.into_iter().map(|a| Some(a.1)).collect();
    let list = last.iter().filter_map(|&i| all[i as usize].take()).collect();
    Sources { list, order: last.to_vec() }
}

impl Sources<'_> {
    /// Document `i`'s strings as the site has them (its text left empty).
    pub fn doc(&self, i: usize) -> Doc {
        let Some((site, of)) = self.list[i].made_of else { return Doc::default() };
        match of {
            Of::Page(p, b) => Doc {
                path: p.path.clone(),
                title: p.title.clone(),
                date: p.date.map(|d| d.date().to_string()).unwrap_or_default(),
                county: p.meta.county.clone().unwrap_or_default(),
                campaign: campaign_title(site, p.campaign).to_string(),
                summary: b.summary.clone(),
                keywords: page_keywords(p),
                text: String::new(),
            },
            Of::Campaign(c, b) => Doc {
                path: c.path.clone(),
                title: c.title.clone(),
                date: c.start.to_string(),
                county: c.meta.county.clone().unwrap_or_default(),
                campaign: String::new(),
                summary: b.summary.clone(),
                keywords: String::new(),
                text: String::new(),
            },
            Of::Project(p) => project_doc(site, p),
        }
    }
}

fn campaign_title(site: &Site, c: Option<CampaignId>) -> &str {
    c.map(|c| site.campaigns[c].title.as_str()).unwrap_or("")
}

/// A page's tags, then each project's name, industry and township.
fn page_keywords(p: &Page) -> String {
    let mut keywords = p.meta.tags.join(" ");
    keyword_parts(p).skip(p.meta.tags.len()).for_each(|s| {
        keywords.push(' ');
        keywords.push_str(s);
    });
    keywords
}

/// The parts `page_keywords` joins.
fn keyword_parts(p: &Page) -> impl Iterator<Item = &str> {
    let projects = p.meta.projects.iter().flat_map(|e| [Some(&e.name), e.industry.as_ref(), e.township.as_ref()]);
    p.meta.tags.iter().map(String::as_str).chain(projects.flatten().map(String::as_str))
}

/// The document of `of`, its digest made when asked for.
fn source<'a>(site: &'a Site, of: Of<'a>, key: Option<u64>) -> Source<'a> {
    let (path, body) = match of {
        Of::Page(p, b) => (p.path.as_str(), Some(b)),
        Of::Campaign(c, b) => (c.path.as_str(), Some(b)),
        Of::Project(p) => (p.path.as_str(), None),
    };
    Source { path, body, key: key.unwrap_or(0), digest: OnceLock::new(), made_of: Some((site, of)) }
}

/// The digest of what `Sources::doc` makes of `of`, and of its text, made
/// from the site's values without copying them.
fn digest(site: &Site, of: Of) -> u64 {
    let mut h = crate::digest::hasher();
    let mut put = |s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    };
    // A date goes in as its day number: its text follows from it.
    let day = |d: Option<chrono::NaiveDate>| d.map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d));
    let (body, date) = match of {
        Of::Page(p, b) => {
            put(&p.path);
            put(&p.title);
            put(p.meta.county.as_deref().unwrap_or(""));
            put(campaign_title(site, p.campaign));
            put(&b.summary);
            keyword_parts(p).for_each(&mut put);
            (Some(b), day(p.date.map(|d| d.date())))
        }
        Of::Campaign(c, b) => {
            put(&c.path);
            put(&c.title);
            put(c.meta.county.as_deref().unwrap_or(""));
            put(&b.summary);
            (Some(b), day(Some(c.start)))
        }
        Of::Project(p) => {
            // What `project_doc` makes its strings of.
            let s = &p.latest;
            put(&s.name);
            put(p.county.as_deref().unwrap_or(""));
            put(p.campaigns.first().map_or("", |&c| site.campaigns[c].title.as_str()));
            for fact in [s.industry.as_deref(), s.township.as_deref(), s.status.map(|x| x.label())] {
                put(fact.unwrap_or(""));
            }
            (None, day(s.date))
        }
    };
    h.write_i32(date);
    h.write_u64(body.map_or(0, |b| b.text.digest()));
    h.finish()
}

/// `doc`'s strings in the script of `version` (its path and date as they
/// are).
pub(super) fn in_script(mut doc: Doc, version: &Version) -> Doc {
    if version.converts() {
        for s in [&mut doc.title, &mut doc.county, &mut doc.campaign, &mut doc.summary, &mut doc.keywords] {
            *s = version.convert(s).into_owned();
        }
    }
    doc
}

/// A project of the 项目库: found by its name, county, industry, township and
/// status; its page has no body text of its own.
fn project_doc(site: &Site, p: &Project) -> Doc {
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
