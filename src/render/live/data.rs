//! The re-render of a save that changed a report's front-matter (numbers,
//! statuses, a title) without changing the shape of the site.
//!
//! The model and the derived numbers are built again from the kept files
//! with the saved one replaced (no other file is read). When every URL,
//! date, list and membership is as before, what can differ is known: the
//! page's own entries in lists, its campaigns' numbers (and the reports of
//! those campaigns and their series, whose boxes and charts show them), the
//! projects it names and their counties. Exactly those pages are rendered
//! again. A save that moves something (a new date, tag, county, project,
//! campaign) is a full build.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Live, Patched};
use crate::derive::Derived;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::Site;
use crate::render::jobs::{self, Job};
use crate::render::{body, feeds, job_sets, site_view, templates, Body};
use crate::write::Staging;

impl Live {
    /// Pages `edits` (page index, the file as now read) changed their
    /// front-matter. Re-renders what shows it into `out`; `None` when the
    /// site's shape changed and a full build is needed. Errors go to `diags`
    /// and leave the kept state as it was.
    pub fn data_changed(
        &mut self,
        edits: Vec<(usize, SourceFile)>,
        out: &Staging,
        diags: &mut Diagnostics,
    ) -> Option<Patched> {
        let t0 = std::time::Instant::now();
        let lap = |what: &str| {
            if std::env::var_os("GONGJIAN_TIMINGS").is_some() {
                eprintln!("data path {what}: {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0);
            }
        };
        let mut loaded = self.site.to_loaded();
        lap("to_loaded");
        let mut texts = std::collections::HashMap::new();
        for (i, mut f) in edits {
            crate::load::validate_file(&f, diags);
            let src = self.site.pages[i].source;
            texts.insert(src, f.take_text());
            loaded.files[src] = f;
        }
        if diags.has_errors() {
            return Some(Patched::default());
        }
        let site = crate::model::build(loaded, self.drafts, diags);
        if diags.has_errors() {
            return Some(Patched::default());
        }
        lap("model");
        let derived = crate::derive::derive(&site, diags);
        lap("derive");
        if diags.has_errors() {
            return Some(Patched::default());
        }
        if !same_shape(&self.site, &self.derived, &site, &derived) {
            return None;
        }
        let edited: BTreeSet<usize> =
            (0..site.pages.len()).filter(|&i| texts.contains_key(&site.pages[i].source)).collect();
        let (site, derived) = (Arc::new(site), Arc::new(derived));
        let charts = Arc::new(self.charts.with_data(site.clone(), derived.clone()));
        let mut tera = templates::load(&site.root, &site.config.theme, self.links.clone(), charts.clone(), diags)?;
        tera.global_context().insert("site", &site_view(&site, &self.links));
        lap("templates");
        let camps = jobs::campaign_values(&site, &derived, &self.links);

        // Campaigns whose numbers changed: their reports show them (campaign
        // box, charts in the text). A change of the latest numbers also shows
        // on every round of the series.
        let latest: BTreeSet<usize> = (0..camps.len()).filter(|&c| camps[c] != self.shared.camps[c]).collect();
        let mut campaigns = latest.clone();
        campaigns.extend((0..camps.len()).filter(|&c| derived.campaigns[c] != self.derived.campaigns[c]));
        for s in &derived.series {
            if s.rounds.iter().any(|c| latest.contains(c)) {
                campaigns.extend(s.rounds.iter().copied());
            }
        }
        let mut reports: BTreeSet<usize> = edited.clone();
        for &c in &campaigns {
            reports.extend(site.campaigns[c].reports.iter().copied());
        }

        // Their bodies again (charts in them show campaign numbers), read from disk.
        let bodies: Vec<(usize, Result<Body, Diagnostic>)> = reports
            .par_iter()
            .map(|&i| {
                let f = &site.sources[site.pages[i].source];
                // The file as now on disk: an earlier text-only save may have changed its body.
                let file = match texts.get(&site.pages[i].source) {
                    Some(t) => SourceFile { source: t.clone(), ..f.clone() },
                    None => match reread(&site, f) {
                        Some(again) => again,
                        None => return (i, Err(Diagnostic::error(&f.path, 0, "changed on disk meanwhile"))),
                    },
                };
                let summary = site.pages[i].meta.summary.as_deref();
                (i, body(&file, None, &self.opts, &self.links, &charts, Some(i), summary, &self.spool))
            })
            .collect();
        let mut pages = std::mem::take(&mut self.pages);
        for (i, b) in bodies {
            match b {
                Ok(b) => pages[i] = b,
                Err(d) if d.message == "changed on disk meanwhile" => {
                    self.pages = pages;
                    return None;
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            self.pages = pages;
            return Some(Patched::default());
        }

        // Projects the saved pages name, before and after: their histories list those pages.
        let named = |site: &Site, d: &Derived| -> Vec<usize> {
            edited
                .iter()
                .flat_map(|&i| site.pages[i].meta.projects.iter())
                .filter_map(|e| {
                    let id = crate::model::urls::slug_or_keep(e.id.as_deref().unwrap_or(&e.name));
                    d.projects.binary_search_by(|p| p.id.cmp(&id)).ok()
                })
                .collect()
        };
        let mut projects: BTreeSet<usize> = named(&self.site, &self.derived).into_iter().collect();
        projects.extend(named(&site, &derived));

        lap("bodies");
        // From here on the new state is the kept one.
        let old_refs = std::mem::take(&mut self.shared.refs);
        let old_projects = std::mem::take(&mut self.shared.projects);
        let old = (
            std::mem::replace(&mut self.derived, derived),
            std::mem::replace(&mut self.site, site),
            std::mem::replace(&mut self.charts, charts),
            std::mem::replace(&mut self.tera, tera),
            std::mem::replace(&mut self.shared.camps, camps),
        );
        // Freeing the old model (every page's front-matter) takes a while: not on the writer's clock.
        std::thread::spawn(move || drop(old));
        self.pages = pages;
        let inp = self.inputs();
        let mut refs = old_refs.clone();
        for &i in &reports {
            refs[i] = jobs::page_ref_value(&inp, i);
        }
        // Only mentions make a project's view: those of other pages are as they were.
        let mut fresh = old_projects.clone();
        for &p in &projects {
            fresh[p] = jobs::project_value(&inp, p);
        }
        let changed_refs: BTreeSet<usize> = (0..refs.len()).filter(|&i| refs[i] != old_refs[i]).collect();
        self.shared.refs = refs;
        self.shared.projects = fresh;
        let inp = self.inputs();

        lap("values");
        let mut rendered = 0;
        let results: Vec<Result<(), Diagnostic>> =
            reports.par_iter().map(|&i| jobs::render_page(&inp, &self.shared.camps, i, &self.pages[i], out)).collect();
        for r in results {
            match r {
                Ok(()) => rendered += 1,
                Err(d) => diags.push(d),
            }
        }
        lap("report pages");
        if std::env::var_os("GONGJIAN_TIMINGS").is_some() {
            eprintln!(
                "data path: {} reports, {} refs, {} campaigns, {} projects changed",
                reports.len(),
                changed_refs.len(),
                campaigns.len(),
                projects.len()
            );
        }
        let list_jobs = affected_jobs(&inp, &changed_refs, &campaigns, &projects);
        rendered += jobs::run(&inp, &self.shared, &list_jobs, out, diags);
        let quoted = |i: usize| reports.contains(&i) || changed_refs.contains(&i);
        rendered += feeds::write(&inp, out, diags, Some(&quoted));
        lap("lists and feeds");
        for &i in &reports {
            if !self.in_feed[i] {
                self.pages[i].html = String::new();
            }
        }
        Some(Patched { rendered, derived: true })
    }
}

/// The file as on disk, if its front-matter is still what the model holds.
fn reread(site: &Site, f: &SourceFile) -> Option<SourceFile> {
    let text = std::fs::read_to_string(site.root.join(&f.path)).ok()?;
    f.reparse(text).ok().filter(|again| again.same_front_matter(f))
}

/// Same URLs, dates, lists and memberships: every list page holds the same
/// entries in the same order, so only entries' contents can differ.
fn same_shape(a: &Site, ad: &Derived, b: &Site, bd: &Derived) -> bool {
    let pages = a.pages.len() == b.pages.len()
        && a.pages.iter().zip(&b.pages).all(|(x, y)| {
            x.path == y.path
                && x.date == y.date
                && x.updated == y.updated
                && x.campaign == y.campaign
                && x.section == y.section
                && x.county_slug == y.county_slug
                && x.tag_slugs == y.tag_slugs
                && x.meta.draft == y.meta.draft
        });
    let terms = |s: &crate::model::Taxonomy, t: &crate::model::Taxonomy| {
        s.terms.len() == t.terms.len()
            && s.terms.iter().zip(&t.terms).all(|(x, y)| x.name == y.name && x.pages == y.pages)
    };
    pages
        && a.chronological == b.chronological
        && a.sections.iter().map(|s| &s.pages).eq(b.sections.iter().map(|s| &s.pages))
        && a.campaigns.iter().map(|c| &c.reports).eq(b.campaigns.iter().map(|c| &c.reports))
        && terms(&a.tags, &b.tags)
        && terms(&a.counties, &b.counties)
        && a.archives
            .iter()
            .map(|y| (&y.pages, y.months.iter().map(|m| &m.pages).collect::<Vec<_>>()))
            .eq(b.archives.iter().map(|y| (&y.pages, y.months.iter().map(|m| &m.pages).collect::<Vec<_>>())))
        && ad
            .projects
            .iter()
            .map(|p| (&p.id, &p.campaigns, &p.county_slug))
            .eq(bd.projects.iter().map(|p| (&p.id, &p.campaigns, &p.county_slug)))
        && ad.series.iter().map(|s| &s.rounds).eq(bd.series.iter().map(|s| &s.rounds))
        && ad.live == bd.live
        && ad.campaigns.iter().map(|c| &c.projects).eq(bd.campaigns.iter().map(|c| &c.projects))
        && ad
            .counties
            .iter()
            .map(|c| (&c.projects, &c.campaigns))
            .eq(bd.counties.iter().map(|c| (&c.projects, &c.campaigns)))
}

/// The list pages that show a changed entry, campaign or project.
fn affected_jobs(
    inp: &jobs::Inputs,
    refs: &BTreeSet<usize>,
    campaigns: &BTreeSet<usize>,
    projects: &BTreeSet<usize>,
) -> Vec<Job> {
    let (site, d) = (inp.site, inp.derived);
    let mut set: Vec<Job> = Vec::new();
    for &i in refs {
        set.extend(job_sets::listing(inp, i));
    }
    let any = |list: &[usize], changed: &BTreeSet<usize>| list.iter().any(|i| changed.contains(i));
    if !campaigns.is_empty() {
        set.extend([Job::Campaigns, Job::SeriesList]);
        set.extend((0..d.series.len()).filter(|&s| any(&d.series[s].rounds, campaigns)).map(Job::Series));
        if any(&d.live, campaigns) {
            set.push(Job::Home);
        }
    }
    set.extend(campaigns.iter().map(|&c| Job::Campaign(c)));
    set.extend((0..site.campaigns.len()).filter(|&c| any(&d.campaigns[c].projects, projects)).map(Job::Campaign));
    if !projects.is_empty() {
        set.push(Job::Projects);
    }
    set.extend(projects.iter().map(|&p| Job::Project(p)));
    let counties: Vec<usize> = (0..site.counties.terms.len())
        .filter(|&k| any(&d.counties[k].projects, projects) || any(&d.counties[k].campaigns, campaigns))
        .collect();
    if !counties.is_empty() {
        set.push(Job::Counties);
    }
    set.extend(counties.into_iter().map(Job::County));
    let mut seen = std::collections::HashSet::new();
    set.retain(|j| seen.insert(j.clone()));
    set
}
