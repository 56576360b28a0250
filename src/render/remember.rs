//! The end of a build that succeeded: what the memory keeps for the next
//! build of this output (each output's record of what it read, the index
//! of readers, the latest bodies and list jobs, the search index), and the
//! large values let go of off the save's path.

use ahash::HashMap;
use std::collections::BTreeSet;

use super::engine::{self, Latest, Readers, Records, Since};
use super::{job_kinds, page_pass, search, Body};
use crate::model::{CampaignId, IdVec, PageId, SectionId, Site};
use crate::write::Staging;

/// What a build made and checked, for the memory.
pub(super) struct Finished {
    /// The record of every output this build made or checked.
    pub made: Records,
    /// What the last build told changed, where render checked only what read it.
    pub since: Option<Since>,
    /// The outputs checked (with `since`).
    pub checked: Option<BTreeSet<String>>,
    /// The pages made again or compared.
    pub redo: Vec<PageId>,
    /// The last build's records.
    pub before: Records,
    /// The folder's index of readers, where it described `before`.
    pub stale_index: Option<Readers>,
    pub pages: page_pass::Pages,
    /// The list job making each site path.
    pub jobs: HashMap<String, job_kinds::Job>,
    /// The bodies of pages, campaigns and sections.
    pub bodies: (IdVec<PageId, Body>, IdVec<CampaignId, Body>, IdVec<SectionId, Body>),
    pub search_kept: search::KeptIndexes,
}

/// Keeps `f` in `memory` as what the last build of `out` left.
pub(super) fn remember(memory: &mut engine::Memory, site: &Site, out: &Staging, f: Finished) {
    let Finished { made, since, checked, redo, before, stale_index, pages, jobs, bodies, search_kept } = f;
    let (records, readers) = match (since, &checked) {
        (Some(mut s), Some(checked)) => {
            let records = super::recheck::update(&mut s, site, &redo, checked, before, made);
            (records, Some(s.readers))
        }
        // The last build's records of outputs no longer made are dropped with `before`.
        _ => {
            let readers = stale_index.map(|mut r| {
                r.reindex(&before, &made, memory.build());
                r
            });
            crate::drop_later(before);
            (made, readers)
        }
    };
    let (page_bodies, campaign_bodies, section_bodies) = bodies;
    if memory.in_process_only() {
        let mut readers = readers.unwrap_or_else(|| engine::Readers::of(&records, memory.build()));
        readers.build = memory.build();
        let latest = Latest { build: memory.build(), pages: page_bodies, jobs, uncached: pages.uncached };
        memory.keep_latest(out.output(), latest, readers);
        crate::drop_later((campaign_bodies, section_bodies));
    } else {
        crate::drop_later((page_bodies, campaign_bodies, section_bodies));
    }
    memory.outputs.insert(out.output().to_path_buf(), records);
    memory.search.insert(out.output().to_path_buf(), search_kept);
    if checked.is_none() {
        // The last build's bodies are tens of thousands of small
        // allocations: freed off the save's path (`drop_later`).
        crate::drop_later(std::mem::replace(&mut memory.bodies, pages.cached));
    }
    memory.compact_texts();
}
