//! The model's checks across files — a report's campaign and metrics
//! declared, one spelling a county, one page a URL — and which of them a
//! save can leave out. A page taken again (the same file under the same
//! site-wide inputs) is checked as the last build checked it: while that
//! build's checks found nothing, only the pages made again are checked for
//! their campaign; and while the structure is the last build's too (the
//! pages' files, URLs and counties digest the same: `structure::key`),
//! county names and URLs are as they were, clean.

use std::collections::BTreeMap;

use super::{Campaign, CampaignId, IdVec, Page, PageId, SourceId};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Seg;
use crate::load::SourceFile;
use crate::messages::model::Model;

/// What a build of the model checks across files, given what the last
/// build's checks found (`clean_before`: nothing, under the same site-wide inputs).
#[derive(Clone, Copy)]
pub(super) struct Across {
    clean_before: bool,
    /// Whether this build's checks found nothing so far.
    pub clean: bool,
}

impl Across {
    pub fn new(clean_before: bool) -> Across {
        Across { clean_before, clean: true }
    }

    /// Checks the campaign links of `pages`, or only of those `made_again`
    /// where the last build found none (the others read what they read then).
    pub fn links(
        &mut self,
        sources: &IdVec<SourceId, SourceFile>,
        (pages, made_again): (&IdVec<PageId, Page>, &[PageId]),
        campaigns: &IdVec<CampaignId, Campaign>,
        diags: &mut Diagnostics,
    ) {
        let found = diags.len();
        match self.clean_before {
            true => campaign_links(sources, made_again.iter().map(|&p| &pages[p]), campaigns, diags),
            false => campaign_links(sources, pages.iter(), campaigns, diags),
        }
        self.clean &= diags.len() == found;
    }

    /// Runs `check` (county names, unique URLs) unless it read what it read
    /// in the last build, which it found clean: the structure is that build's.
    pub fn structural(&mut self, kept_structure: bool, diags: &mut Diagnostics, check: impl FnOnce(&mut Diagnostics)) {
        if self.clean_before && kept_structure {
            return;
        }
        let found = diags.len();
        check(diags);
        self.clean &= diags.len() == found;
    }
}

/// A report's `campaign` must exist and its `metrics` must be declared
/// there, for each page of `pages`. (Reports are linked to their campaigns
/// with the structure.)
fn campaign_links<'a>(
    sources: &IdVec<SourceId, SourceFile>,
    pages: impl Iterator<Item = &'a Page>,
    campaigns: &IdVec<CampaignId, Campaign>,
    diags: &mut Diagnostics,
) {
    let by_id: BTreeMap<&str, CampaignId> = campaigns.iter_enumerated().map(|(i, c)| (c.id.as_str(), i)).collect();
    // Files in a row mostly give one campaign the same metrics: a page
    // giving the last page's campaign and metric keys, found declared, is
    // not looked up again.
    let mut agreed: Option<(&str, Vec<&str>)> = None;
    for p in pages {
        let f = &sources[p.source];
        let same = |(id, keys): &(&str, Vec<&str>)| {
            p.meta.campaign.as_deref() == Some(*id)
                && p.meta.metrics.keys().map(String::as_str).eq(keys.iter().copied())
        };
        if agreed.as_ref().is_some_and(same) {
            continue;
        }
        let Some(id) = &p.meta.campaign else {
            if !p.meta.metrics.is_empty() {
                diags.push(
                    Diagnostic::error(&f.path, f.line_of(&[Seg::Key("metrics")]), Model::MetricsNeedCampaign)
                        .field("metrics")
                        .quoting(&f.source)
                        .hint(Model::MetricsNeedCampaignHint),
                );
            }
            continue;
        };
        let Some(&ci) = by_id.get(id.as_str()) else {
            let known: Vec<&str> = by_id.keys().copied().collect();
            diags.push(
                Diagnostic::error(
                    &f.path,
                    f.line_of(&[Seg::Key("campaign")]),
                    Model::UnknownCampaign { id: id.clone() },
                )
                .field("campaign")
                .quoting(&f.source)
                .hint(if known.is_empty() {
                    Model::NoCampaignsHint
                } else {
                    Model::KnownCampaignsHint { known: known.join(", ") }
                }),
            );
            continue;
        };
        let declared = &campaigns[ci].meta.metrics;
        if p.meta.metrics.keys().all(|key| declared.contains_key(key)) {
            agreed = Some((id, p.meta.metrics.keys().map(String::as_str).collect()));
            continue;
        }
        for key in p.meta.metrics.keys() {
            if !declared.contains_key(key) {
                let keys: Vec<&str> = declared.keys().map(String::as_str).collect();
                diags.push(
                    Diagnostic::error(
                        &f.path,
                        f.line_of(&[Seg::Key("metrics"), Seg::Key(key)]),
                        Model::UndeclaredMetric { key: key.clone(), id: id.clone() },
                    )
                    .field(format!("metrics.{key}"))
                    .quoting(&f.source)
                    .hint(Model::UndeclaredMetricHint {
                        keys: (!keys.is_empty()).then(|| keys.join(", ")),
                        file: sources[campaigns[ci].source].path.display().to_string(),
                    }),
                );
            }
        }
    }
}
