//! A build that checks again only the outputs whose reads changed, when
//! what changed is known (`engine::Since`: the model kept, only some files'
//! texts different since this folder's last build). The pages of those
//! files go through the page pass; every other page keeps its body from
//! the last build and its file unseen. Each output that read one of those
//! bodies, found in the folder's index of reads (`engine::Readers`), is
//! checked as every build checks it; every other keeps its file unseen and
//! its record where it is (the last build's records are updated, not
//! copied: a save costs the outputs it checks).

use std::collections::BTreeSet;

use super::engine::{self, Dep, Digester, Records, Since};
use super::jobs;
use super::page_pass::Pages;
use crate::model::{IdVec, PageId, Site};
use crate::write::Staging;

/// The pages that keep their body and file unseen, counted (their records
/// stay in `before`), and the pages the pass must make: those of changed
/// files, those whose body the memory does not keep, those whose record or
/// files are missing, and (the last returned, with the digest of the body
/// they had) those that read an entity whose values may differ.
pub(super) fn unseen_pages(
    site: &Site,
    digester: &Digester,
    since: &mut Since,
    before: &Records,
    out: &Staging,
) -> (Pages, Vec<PageId>, Vec<(PageId, u64)>) {
    let mut redo: IdVec<PageId, bool> = IdVec::from_vec(vec![false; site.pages.len()]);
    let changed = since.sources.iter().filter_map(|s| digester.page(s));
    for i in changed.chain(since.latest.uncached.iter().copied()) {
        redo[i] = true;
    }
    let mut pages = Pages { bodies: std::mem::take(&mut since.latest.pages), ..Pages::default() };
    let mut reached = Vec::new();
    let readers = since.readers.of_deps(since.reads.iter());
    for (i, p) in site.pages.iter_enumerated() {
        if redo[i] {
            continue;
        }
        match before.get(&p.path) {
            Some(_) if readers.contains(p.path.as_str()) => {
                reached.push((i, pages.bodies.get(i).map_or(0, |b| b.digest)));
                redo[i] = true;
            }
            Some(old) if old.files.iter().all(|f| out.keep(f)) => pages.done += 1,
            _ => redo[i] = true,
        }
    }
    let redo = redo.iter_enumerated().filter(|(_, &r)| r).map(|(i, _)| i).collect();
    (pages, redo, reached)
}

/// The outputs to check again: those that read a body of a changed file
/// or of a page made again (but for pages made again for what they read,
/// `reached`, whose body is as it was), those that read an entity whose
/// values may differ, and then the sitemap, which lists every page's dates.
pub(super) fn checked(
    site: &Site,
    since: &Since,
    redo: &[PageId],
    reached: &[(PageId, u64)],
    made: &Pages,
) -> BTreeSet<String> {
    let was: std::collections::HashMap<PageId, u64> = reached.iter().copied().collect();
    let same_body = |i: PageId| was.get(&i).is_some_and(|&d| made.bodies.get(i).map(|b| b.digest) == Some(d));
    let pages = redo.iter().filter(|&&i| !same_body(i)).map(|&i| Dep::Body(Digester::key_of(site, i)));
    let dirty: Vec<Dep> =
        since.sources.iter().map(|s| Dep::Body(s.clone())).chain(pages).chain(since.reads.iter().cloned()).collect();
    let mut checked: BTreeSet<String> = since.readers.of_deps(dirty.iter()).into_iter().map(str::to_string).collect();
    if !since.reads.is_empty() {
        checked.insert(crate::model::urls::fixed::SITEMAP.to_string());
    }
    checked
}

/// The list pages kept unseen, counted (their records stay in `before`):
/// all but those `checked` names or whose files are missing, which are
/// made as every build makes them (the jobs returned).
pub(super) fn unseen_lists(
    all: &std::collections::HashMap<String, jobs::Job>,
    checked: &BTreeSet<String>,
    before: &Records,
    out: &Staging,
) -> (usize, Vec<jobs::Job>) {
    let mut kept = 0;
    let mut again = Vec::new();
    for (path, job) in all {
        let unseen =
            !checked.contains(path) && before.get(path).is_some_and(|old| old.files.iter().all(|f| out.keep(f)));
        match unseen {
            true => kept += 1,
            false => again.push(job.clone()),
        }
    }
    (kept, again)
}

/// The folder's records and index after this build: every output kept
/// unseen keeps its record in `before`; each output made or checked again
/// (its record in `made`) reads what its new record says.
pub(super) fn update(
    since: &mut Since,
    site: &Site,
    redo: &[PageId],
    checked: &BTreeSet<String>,
    mut before: Records,
    made: Records,
) -> Records {
    fn reads<'r>(records: &'r Records, key: &str) -> Option<&'r [engine::Read]> {
        records.get(key).map(|o| o.reads.as_slice())
    }
    let pages = redo.iter().map(|&i| site.pages[i].path.as_str());
    for key in pages.chain(checked.iter().map(String::as_str)) {
        // A page the pass kept has its record in `before` still.
        let now = reads(&made, key).or_else(|| reads(&before, key));
        since.readers.replace(key, reads(&before, key), now);
    }
    before.extend(made);
    before
}
