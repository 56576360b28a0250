//! The list and aggregate pages, the feeds and the search index: they
//! read the same finished bodies and write different files, so they are
//! made side by side, each filling the other's idle moments (the index's
//! merge and shard writing are partly serial).

use super::{engine, feeds, job_kinds, job_parts, job_sets, jobs, search};
use crate::diag::{Diagnostic, Diagnostics};
use crate::write::Staging;

/// What the list pages, the feeds and the search index made.
pub(super) struct ListsMade {
    pub lists: jobs::Made,
    pub feed_records: engine::Records,
    pub feed_files: usize,
    pub index_files: usize,
    pub diags: Diagnostics,
    /// Each part's own time: they overlap.
    pub took: [(&'static str, std::time::Duration); 3],
}

/// The list pages (those `unseen` names again, or all: with the jobs of
/// the last build and how many it keeps), the feeds and the search index,
/// side by side.
pub(super) fn lists_feeds_search(
    ctx: &jobs::Inputs,
    shared: &job_parts::Views,
    mut unseen: Option<(ahash::HashMap<String, job_kinds::Job>, usize, Vec<job_kinds::Job>)>,
    (before, checked, digester, out): (&engine::Records, engine::Checked, &engine::Digester, &Staging),
    search_kept: &mut search::KeptIndexes,
) -> ListsMade {
    let timed = |work: &mut dyn FnMut(&mut Diagnostics) -> usize| {
        let (t, mut d) = (std::time::Instant::now(), Diagnostics::default());
        let n = work(&mut d);
        (n, d, t.elapsed())
    };
    let mut lists = jobs::Made::default();
    let mut feed_records = engine::Records::default();
    let ((_, page_diags, pages_took), ((feed_files, feed_diags, feeds_took), (index_files, index_diags, index_took))) =
        rayon::join(
            || {
                timed(&mut |d| {
                    lists = match unseen.take() {
                        Some((all, kept, again)) => {
                            let mut made = jobs::run(ctx, shared, &again, before, digester, out, d);
                            made.pages += kept;
                            made.jobs = all;
                            made
                        }
                        None => jobs::run(ctx, shared, &job_sets::all(ctx), before, digester, out, d),
                    };
                    0
                })
            },
            || {
                rayon::join(
                    || {
                        timed(&mut |d| {
                            let (n, records) = feeds::write(ctx, before, checked, digester, out, d);
                            feed_records = records;
                            n
                        })
                    },
                    || timed(&mut |d| search_index(ctx, out, search_kept, d)),
                )
            },
        );
    let mut diags = page_diags;
    diags.extend(feed_diags);
    diags.extend(index_diags);
    ListsMade {
        lists,
        feed_records,
        feed_files,
        index_files,
        diags,
        took: [("  of which pages", pages_took), ("  of which feeds", feeds_took), ("  of which search", index_took)],
    }
}

/// The search index of every language version, brought up to date from
/// what the last build of this output left in `kept`; how many files it has.
fn search_index(ctx: &jobs::Inputs, out: &Staging, kept: &mut search::KeptIndexes, diags: &mut Diagnostics) -> usize {
    let mut files = 0;
    for (index, done) in search::write_all(ctx, out, kept) {
        match done {
            Ok(size) => files += size.files,
            Err(e) => diags.push(Diagnostic::error(
                index,
                0,
                crate::messages::render::Render::CannotWrite { why: e.to_string() },
            )),
        }
    }
    files
}
