//! Every HTML page of the site rendered as a job (its kinds and their
//! contexts: `job_kinds`), in parallel. Contexts hold views, not copies of
//! page bodies.
//! A job whose reads are unchanged since the output was last built keeps
//! its file (see `engine`); a list page's context is a recipe of parts
//! (`job_parts`), digested before any of it is made.

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use super::engine::{self, Dep, Digester, Output, Records};
use super::job_kinds::{context, Job};
use super::job_parts::Views;
use super::job_views::*;
use super::page_boxes::SharedBoxes;
use super::views::campaign_view;
use super::{chart::ChartMaker, Body, Links};
use crate::derive::Derived;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::urls;
use crate::model::{CampaignId, IdVec, PageId, SectionId, Site};
use crate::text;
use crate::write::Staging;

pub struct Inputs<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    pub links: &'a Links,
    pub tera: &'a super::templates::Templates,
    pub pages: &'a IdVec<PageId, Body>,
    pub campaigns: &'a IdVec<CampaignId, Body>,
    pub sections: &'a IdVec<SectionId, Body>,
    /// Language versions: every page is written through it (繁體 mirror).
    pub mirror: &'a super::mirror::Mirror,
    /// Where the bodies' plain texts wait for the search index.
    pub spool: &'a super::spool::Spool,
    /// Draws charts, and keeps what templates' functions read.
    pub charts: &'a ChartMaker,
}

impl Inputs<'_> {
    /// Page `i`'s body, the read noted (`engine::note`): whatever shows it
    /// is checked again when it changes.
    pub fn page_body(&self, i: PageId) -> &Body {
        let b = &self.pages[i];
        engine::note(|| (Dep::Body(Digester::key_of(self.site, i)), b.digest));
        b
    }

    /// Campaign `i`'s body (its own text), the read noted.
    pub fn campaign_body(&self, i: CampaignId) -> &Body {
        let b = &self.campaigns[i];
        let source = &self.site.sources[self.site.campaigns[i].source].path;
        engine::note(|| (Dep::Body(source.to_string_lossy().into_owned().into()), b.digest));
        b
    }

    /// Section `i`'s body (its `_index.md`), the read noted.
    pub fn section_body(&self, i: SectionId) -> &Body {
        let b = &self.sections[i];
        if let Some(src) = self.site.sections[i].source {
            let source = &self.site.sources[src].path;
            engine::note(|| (Dep::Body(source.to_string_lossy().into_owned().into()), b.digest));
        }
        b
    }
}

/// Every entity's view, digested at most once per build (`job_parts::Views`).
/// `kept`: the last build's digests of views by key (`engine::Keyed`).
pub(super) fn shared(inp: &Inputs, camps: IdVec<CampaignId, Value>, kept: std::sync::Arc<engine::KeyedViews>) -> Views {
    Views::new(inp, camps, kept)
}

/// What `run` made: how many pages, how many of them rendered again, each
/// job's record, and the job making each site path.
#[derive(Default)]
pub(super) struct Made {
    pub pages: usize,
    pub rendered: usize,
    pub records: Records,
    pub jobs: ahash::HashMap<String, Job>,
}

/// Renders `jobs` in parallel, but those whose context and reads are as
/// `before` recorded (their files are kept).
pub(super) fn run(
    inp: &Inputs,
    shared: &Views,
    jobs: &[Job],
    before: &Records,
    digester: &Digester,
    out: &Staging,
    diags: &mut Diagnostics,
) -> Made {
    // A build that renders every page shares the rows of its tables; one
    // that checks them first renders few (counting them would cost more).
    if before.is_empty() {
        super::job_rows::expect(inp, &shared.rows, jobs);
    }
    let results: Vec<Result<(String, Output, bool), Diagnostic>> =
        jobs.par_iter().map(|j| render_job(inp, shared, j, before, digester, out)).collect();
    let mut made = Made::default();
    for (r, job) in results.into_iter().zip(jobs) {
        match r {
            Ok((path, output, fresh)) => {
                made.pages += 1;
                made.rendered += usize::from(fresh);
                made.jobs.insert(path.clone(), job.clone());
                made.records.insert(path, output);
            }
            Err(d) => diags.push(d),
        }
    }
    made
}

/// Campaign views without their dated series, built once and shared (tera
/// values are reference-counted) by every page that shows a campaign.
pub fn campaign_values(site: &Site, derived: &Derived, links: &Links) -> IdVec<CampaignId, Value> {
    site.campaigns.ids().map(|i| campaign_value(site, derived, links, i)).collect()
}

/// Campaign `i` as lists show it: its latest state, no dated points.
pub fn campaign_value(site: &Site, derived: &Derived, links: &Links, i: CampaignId) -> Value {
    let snap = derived.latest(site, i);
    Value::from_serializable(&campaign_view(site, derived, links, i, &snap, false))
}

/// Renders and writes page `i` from its body; returns what it read. Called
/// right after the page's Markdown, so a body's HTML need not be kept for
/// the rest of the build. `inp.pages` is not read. Its campaign's box is
/// taken from `boxes`, made from `camps` for the first page showing it.
pub fn render_page(
    inp: &Inputs,
    camps: &IdVec<CampaignId, Value>,
    boxes: &SharedBoxes,
    (i, body): (PageId, &Body),
    digester: &Digester,
    out: &Staging,
) -> Result<Output, Diagnostic> {
    let (site, p) = (inp.site, &inp.site.pages[i]);
    let key = Digester::key_of(site, i);
    let mut reads = vec![(Dep::Page(key.clone()), digester.page_digest(i)), (Dep::Body(key), body.digest)];
    let campaign = p.campaign.map(|c| {
        let day = p.date.map(|w| w.date());
        let (value, digest) = boxes.take(c, day, || campaign_box(site, inp.derived, inp.links, camps, c, day));
        let on = day.map(engine::day_number);
        reads.push((Dep::CampaignAsOf(site.campaigns[c].id.as_str().into(), on), digest));
        value
    });
    let mut ctx = Context::new();
    ctx.insert("current_path", &format!("/{}", p.path));
    ctx.insert("current_url", &inp.links.url(&p.path));
    ctx.insert("permalink", &inp.links.permalink(&p.path));
    ctx.insert("page", &page_value(inp, campaign, i, body));
    ctx.insert("lang_versions", &inp.mirror.lang_versions(inp.links, &p.path));
    ctx.insert("description", &meta_description(inp, p.meta.description.as_deref().unwrap_or(&body.summary)));
    let files = finish(inp, page_template(inp.tera, p), &p.path, &ctx, out)?;
    reads.extend(inp.charts.template_reads.take(&p.path));
    engine::finish_reads(&mut reads);
    Ok(Output { reads, files })
}

/// Whether page `i` keeps its files as they are (its record in `before`
/// stays its record): nothing it read changed since `before` recorded it
/// (its body, `body`, is compared directly).
pub fn keep_page(site: &Site, i: PageId, body: &Body, before: &Records, digester: &Digester, out: &Staging) -> bool {
    let Some(old) = before.get(&site.pages[i].path) else { return false };
    let same = |(dep, seen): &engine::Read| match dep {
        Dep::Body(_) => *seen == body.digest,
        Dep::Made(_) => true,
        _ => digester.digest(dep) == Some(*seen),
    };
    old.reads.iter().all(same) && old.files.iter().all(|f| out.keep(f))
}

/// The record of an output read whole (`Dep::Context`), kept when the
/// digest of what it reads is `digest` again and its files are as written
/// (the bodies it notes besides are in that digest).
pub(super) fn keep_whole(before: &Records, key: &str, digest: u64, out: &Staging) -> Option<Output> {
    let old = before.get(key)?;
    let same = old.reads.first() == Some(&(Dep::Context, digest)) && old.reads[1..].iter().all(|(d, _)| !d.compared());
    (same && old.files.iter().all(|f| out.keep(f))).then(|| old.clone())
}

/// The template a page is rendered with: its own `template`, else the
/// report or plain page template.
fn page_template<'p>(tera: &Tera, p: &'p crate::model::Page) -> &'p str {
    let tpl = p.meta.template.as_deref().unwrap_or(if p.date.is_some() { "report.html" } else { "page.html" });
    pick_template(tera, tpl)
}

fn render_job(
    inp: &Inputs,
    shared: &Views,
    job: &Job,
    before: &Records,
    digester: &Digester,
    out: &Staging,
) -> Result<(String, Output, bool), Diagnostic> {
    let recipe = |values: bool| {
        let (template, path, mut ctx) = context(inp, job, values);
        ctx.insert("lang_versions", &inp.mirror.lang_versions(inp.links, &path));
        ctx.insert("description", &describe(inp, job));
        (template, path, ctx)
    };
    // Digested first where there is a record: a page that keeps its file
    // makes no tera value, and no view is built for it. The bodies the
    // recipe read are noted, for a build that checks only what read a
    // changed body (`engine::Readers`).
    // Only the values its template can read are digested: a value it never
    // names changes nothing it shows (`templates::Templates::reads`).
    let ((template, path, ctx, digest), mut bodies) = engine::record(|| {
        let (template, path, ctx) = recipe(before.is_empty());
        let template = pick_template(inp.tera, template);
        let digest = ctx.digest(inp, shared, |name| inp.tera.reads(template, name));
        (template, path, ctx, digest)
    });
    let seen = (Dep::Context, digest);
    engine::sort_noted(&mut bodies);
    if let Some(old) = before.get(&path) {
        let same = old.reads.first() == Some(&seen) && engine::unchanged(&old.reads[1..], digester);
        if same && old.files.iter().all(|f| out.keep(f)) {
            // The same recipe notes the same entities (`Dep::Made`); the
            // bodies it showed are noted with the digests they have now.
            let is_body = |(d, _): &engine::Read| matches!(d, Dep::Body(_));
            let mut reads: Vec<engine::Read> = old.reads.iter().filter(|r| !is_body(r)).cloned().collect();
            reads.extend(bodies.into_iter().filter(is_body));
            return Ok((path, Output { reads, files: old.files.clone() }, false));
        }
    }
    let ctx = if before.is_empty() { ctx } else { recipe(true).2 };
    let files = finish(inp, template, &path, &ctx.context(inp, shared), out)?;
    let mut reads = vec![seen];
    reads.extend(inp.charts.template_reads.take(&path));
    reads.extend(bodies);
    engine::finish_reads(&mut reads);
    Ok((path, Output { reads, files }, true))
}

/// Renders `template` and writes it (and its mirror twin) for site path
/// `path`; returns the files written.
fn finish(inp: &Inputs, template: &str, path: &str, ctx: &Context, out: &Staging) -> Result<Vec<String>, Diagnostic> {
    let rel = urls::output_file(path);
    let mut html = Vec::with_capacity(32 * 1024);
    inp.tera.render_to(template, ctx, &mut html).map_err(|e| {
        let mut d = super::templates::template_error(template, &e);
        d.message = crate::messages::render::Render::Rendering { path: path.to_string(), message: d.message.clone() }
            .to_string();
        d
    })?;
    inp.mirror.write_rendered(out, &rel, html, super::mirror::Kind::Html).map_err(|e| {
        Diagnostic::error(rel.clone(), 0, crate::messages::render::Render::CannotWrite { why: e.to_string() })
    })?;
    Ok(inp.mirror.files(&rel))
}

/// `<meta name="description">` and `og:description`: the page's own
/// description or summary, else the site's description, else its title.
fn describe(inp: &Inputs, job: &Job) -> String {
    let site = inp.site;
    let own = match job {
        Job::Campaign(i) => match &site.campaigns[*i].meta.summary {
            Some(own) => own,
            None => &inp.campaign_body(*i).summary,
        },
        Job::Home => &inp.section_body(SectionId::HOME).summary,
        Job::Section { section, .. } => match &site.sections[*section].meta.description {
            Some(own) => own,
            None => &inp.section_body(*section).summary,
        },
        _ => "",
    };
    meta_description(inp, own)
}

/// `<meta name="description">`: the page's own text, else the site's
/// description, else its title, cut to 120 characters.
fn meta_description(inp: &Inputs, own: &str) -> String {
    let site = &inp.site.config;
    let text = [own, &site.description, &site.title].into_iter().find(|s| !s.trim().is_empty());
    text::truncate_cjk(text.unwrap_or_default().trim(), 120)
}

/// A page may name its template; fall back to the generic one when absent.
fn pick_template<'t>(tera: &Tera, name: &'t str) -> &'t str {
    if tera.contains_template(name) {
        name
    } else {
        "page.html"
    }
}
