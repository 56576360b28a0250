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
use super::job_kinds;
use super::page_pass::Pages;
use crate::model::{IdVec, PageId, Site};
use crate::write::Staging;

/// Whether this build keeps every file the folder held but those of the
/// outputs it makes again (`Staging::keep_held`): when only Markdown files
/// of `content/` changed, which change no output's files but their
/// readers' (and the search index's and photos', which say so themselves).
pub(super) fn keeps_held(since: &Since, out: &Staging) -> bool {
    let markdown = |s: &String| {
        let p = std::path::Path::new(s);
        p.starts_with("content") && p.extension().is_some_and(|x| x == "md")
    };
    since.sources.iter().all(markdown) && out.keep_held()
}

/// The pages that keep their body and file unseen, counted (their records
/// stay in `before`), and the pages the pass must make: those of changed
/// files, those whose body the memory does not keep, those whose record or
/// files are missing (when the folder keeps what it held, the last build of
/// it left every page's record and files), and (the last returned, with the
/// digest of the body they had) those that read an entity whose values may
/// differ.
pub(super) fn unseen_pages(
    site: &Site,
    digester: &Digester,
    since: &mut Since,
    before: &Records,
    out: &Staging,
    held: bool,
) -> (Pages, Vec<PageId>, Vec<(PageId, u64)>) {
    let mut redo: IdVec<PageId, bool> = IdVec::from_vec(vec![false; site.pages.len()]);
    let changed = since.sources.iter().filter_map(|s| digester.page(s));
    for i in changed.chain(since.latest.uncached.iter().copied()) {
        redo[i] = true;
    }
    let mut pages = Pages { bodies: std::mem::take(&mut since.latest.pages), ..Pages::default() };
    let mut reached = Vec::new();
    let readers = since.readers.of_deps(since.reads.iter());
    let mut reach = |i: PageId, redo: &mut IdVec<PageId, bool>| {
        reached.push((i, pages.bodies.get(i).map_or(0, |b| b.digest)));
        redo[i] = true;
    };
    if held {
        // A held folder keeps every page the changes do not reach: only the
        // pages among their readers are looked at (not all ~10,000).
        let mut pages_reached: Vec<PageId> = readers.iter().filter_map(|r| digester.page_at(r)).collect();
        pages_reached.sort_unstable();
        for i in pages_reached {
            if !redo[i] && before.contains_key(&site.pages[i].path) {
                reach(i, &mut redo);
            }
        }
    } else {
        for (i, p) in site.pages.iter_enumerated() {
            if redo[i] {
                continue;
            }
            match before.get(&p.path) {
                Some(_) if readers.contains(p.path.as_str()) => reach(i, &mut redo),
                Some(old) if old.files.iter().all(|f| out.keep(f)) => pages.done += 1,
                _ => redo[i] = true,
            }
        }
    }
    let redo: Vec<PageId> = redo.iter_enumerated().filter(|(_, &r)| r).map(|(i, _)| i).collect();
    if held {
        pages.done = site.pages.len() - redo.len();
        redo.iter().for_each(|&i| release(before, &site.pages[i].path, out));
    }
    (pages, redo, reached)
}

/// The files of output `key` as last made: made again, they stay only if written or kept.
fn release(before: &Records, key: &str, out: &Staging) {
    before.get(key).into_iter().flat_map(|old| &old.files).for_each(|f| out.release(f));
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
        since.sources.iter().map(|s| Dep::Body(s.into())).chain(pages).chain(since.reads.iter().cloned()).collect();
    let mut checked: BTreeSet<String> = since.readers.of_deps(dirty.iter()).into_iter().map(str::to_string).collect();
    if !since.reads.is_empty() {
        checked.insert(crate::model::urls::fixed::SITEMAP.to_string());
    }
    checked
}

/// The list pages kept unseen, counted (their records stay in `before`):
/// all but those `checked` names or whose files are missing, which are
/// made as every build makes them (the jobs returned). When the folder
/// keeps what it held (`keeps_held`), only the checked are looked at.
pub(super) fn unseen_lists(
    all: &ahash::HashMap<String, job_kinds::Job>,
    checked: &BTreeSet<String>,
    before: &Records,
    out: &Staging,
    held: bool,
) -> (usize, Vec<job_kinds::Job>) {
    if held {
        let again: Vec<job_kinds::Job> = checked.iter().filter_map(|path| all.get(path)).cloned().collect();
        checked.iter().filter(|path| all.contains_key(*path)).for_each(|path| release(before, path, out));
        return (all.len() - again.len(), again);
    }
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
