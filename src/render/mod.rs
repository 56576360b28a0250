//! Render stage: Markdown bodies (with chart shortcodes), then every output
//! page through Tera, feeds and sitemap, written into the staging folder.
//! Pages are rendered in parallel; list pages get small `PageRef`s only.

mod body;
pub mod chart;
mod counted;
mod data_files;
pub mod engine;
mod error;
mod feeds;
mod files;
mod job_kinds;
mod job_lists;
mod job_parts;
mod job_rows;
mod job_sets;
mod job_views;
mod jobs;
mod links;
mod lists_feeds;
pub mod media;
pub mod mirror;
mod open_data;
pub mod outputs;
mod page_boxes;
mod page_pass;
mod pager;
mod recheck;
mod remember;
pub mod search;
mod site_view;
pub mod spool;
pub mod templates;
mod theme_colors;
pub mod views;

use std::sync::Arc;

use crate::derive::Derived;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::MarkdownOptions;
use crate::model::{CampaignId, IdVec, PageId, SectionId, Site, SourceId};
use crate::write::Staging;
use body::body;
pub use body::{strip_tags, Body};
use chart::ChartMaker;
pub use error::RenderError;
pub use links::Links;
use lists_feeds::{lists_feeds_search, ListsMade};
use site_view::site_view;

#[derive(Debug, Default)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    /// Pages rendered again (the others kept their files: nothing they read changed).
    pub rendered: usize,
    /// Charts drawn by this build (the others came from the cache).
    pub charts_drawn: usize,
    /// List views of pages and projects digested by this build (the others
    /// were taken from the last build's memory by the key of their inputs).
    pub views_made: usize,
    /// Charts resolved to digest what they are drawn from (the others were
    /// taken from the last build's memory by the key of their inputs).
    pub chart_digests_made: usize,
    /// Report and plain pages compared or made again (every page, but
    /// after a save whose reach is known: those it reaches).
    pub pages_checked: usize,
    /// Open-data texts made or checked (the others were kept by the key
    /// of what they are made from, or of what they show).
    pub open_data_looked_at: usize,
    /// Photos decoded and resized by this build, and those taken from the cache.
    pub images_processed: usize,
    pub images_cached: usize,
    /// Time per render step, for `GONGJIAN_TIMINGS=1`.
    pub timings: Vec<crate::Timing>,
}

/// What every output of a build is rendered with.
struct Tools {
    colors: theme_colors::ThemeColors,
    links: Arc<Links>,
    charts: Arc<ChartMaker>,
    tera: templates::Templates,
    /// The language versions a page is written in.
    mirror: mirror::Mirror,
    /// Digest of what every page reads (`site`, the origin): a change
    /// makes every output again.
    global: u64,
    /// Whether every page's output path is the last build's.
    same_paths: bool,
    paths: Arc<engine::PathIndexes>,
}

impl Tools {
    /// The language versions, the theme's colours, the links, the chart
    /// maker and the templates with `site` in their global context; `None`
    /// when one could not be set up (told in `diags`).
    fn set_up(
        site: &Arc<Site>,
        derived: &Arc<Derived>,
        chart_cache: &Arc<chart::ChartCache>,
        memory: &mut engine::Memory,
        diags: &mut Diagnostics,
    ) -> Option<Tools> {
        let mirror = match mirror::Mirror::new(&site.config) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::error("site.yaml", 0, e.to_string()).field("hant_mirror"));
                return None;
            }
        };
        let colors = theme_colors::resolve(site, diags);
        chart_cache.begin_build();
        let (paths, same_paths) = memory.path_indexes(site);
        let links = Arc::new(Links::with_sources(site, paths.by_source.clone()));
        let charts = Arc::new(ChartMaker::with_pages(
            site.clone(),
            derived.clone(),
            colors.palette.clone(),
            chart_cache.clone(),
            paths.pages.clone(),
        ));
        let kept = memory.templates.take();
        let bound = (links.clone(), charts.clone());
        let mut tera = templates::load(&site.root, &site.config.theme, bound, kept, diags)?;
        let site_value = site_view(site, &links, &colors);
        tera.global_context().insert("site", &site_value);
        // Every page shows `site` (its menu names the sections there are): read by all.
        let global = {
            use std::hash::Hasher;
            let mut h = crate::digest::hasher();
            h.write_u64(engine::global_digest(site, &links.origin));
            h.write_u64(crate::digest::digest_value(&site_value));
            h.finish()
        };
        Some(Tools { colors, links, charts, tera, mirror, global, same_paths, paths })
    }
}

/// The render stage's steps, timed one after another (`GONGJIAN_TIMINGS=1`).
struct Laps {
    clock: std::time::Instant,
    timings: Vec<crate::Timing>,
}

impl Laps {
    fn start() -> Laps {
        Laps { clock: std::time::Instant::now(), timings: Vec::new() }
    }

    /// Ends step `name`; the next starts.
    fn lap(&mut self, name: &'static str) {
        self.timings.push(crate::timing(name, self.clock.elapsed()));
        self.clock = std::time::Instant::now();
    }
}

/// `texts` are the files' texts taken out of `site.sources` (by source
/// index); where one is `None`, the source's own body is used. `memory` is
/// what earlier builds of this output left (see `engine`); it is updated
/// when the build succeeds.
pub fn render(
    site: Arc<Site>,
    mut texts: IdVec<SourceId, Option<Arc<str>>>,
    derived: Arc<Derived>,
    chart_cache: Arc<chart::ChartCache>,
    out: &Staging,
    diags: &mut Diagnostics,
    memory: &mut engine::Memory,
) -> Stats {
    // Setting up (templates, links, the chart maker) is timed as "templates".
    let mut laps = Laps::start();
    let Some(Tools { colors, links, charts, tera, mirror, global, same_paths, paths }) =
        Tools::set_up(&site, &derived, &chart_cache, memory, diags)
    else {
        return Stats::default();
    };
    let mut before = memory.begin(global, out.output());
    if !memory.transient {
        charts.keep_digests(memory.keyed.charts.clone());
    }
    let mut search_kept = memory.search.remove(out.output()).unwrap_or_default();
    let outputs = outputs::Outputs::new(&site, &colors.palette.primary, diags);
    let shape = job_sets::shape(&site, &derived);
    let (mut since, stale_index) =
        what_to_check(memory, &before, out.output(), (shape, same_paths), outputs.reads_bodies());
    laps.lap("templates");
    let opts =
        MarkdownOptions { unsafe_html: site.config.unsafe_html, cjk_friendly: site.config.markdown.cjk_friendly };
    let in_feed = feed_pages(&site);
    let camps = jobs::campaign_values(&site, &derived, &links);
    let digester = engine::Digester::new(&site, &derived, &links, &charts, &camps, &memory.keyed, &paths);
    // The memory's own: a body taken from it keeps its text where it lies.
    let spool = memory.texts.clone();
    let early = jobs::Inputs {
        site: &site,
        derived: &derived,
        links: &links,
        tera: &tera,
        pages: &IdVec::new(),
        campaigns: &IdVec::new(),
        sections: &IdVec::new(),
        mirror: &mirror,
        spool: &spool,
        charts: &charts,
    };
    let pass = (&opts, &camps, &in_feed, &outputs, &digester);
    let (mut pages, redo, checked, held) =
        report_pages(&early, pass, &mut since, &mut before, &mut texts, memory, out, diags);
    let page_bodies = std::mem::take(&mut pages.bodies);
    let (campaign_bodies, section_bodies) = list_bodies(&site, &mut texts, (&opts, &links, &charts, &spool), diags);
    // The texts no page read again: ~10,000 shared holds let go of on a thread of their own (~1 ms).
    crate::drop_later(texts);
    if diags.has_errors() {
        return Stats::default();
    }
    let ctx = jobs::Inputs { pages: &page_bodies, campaigns: &campaign_bodies, sections: &section_bodies, ..early };
    let mut shared = jobs::shared(&ctx, camps.clone(), memory.keyed.views.clone());
    laps.lap("markdown+reports");
    // After a build told what changed, the list pages to make again, the others kept unseen.
    let unseen = since.as_mut().zip(checked.as_ref()).map(|(s, checked)| {
        let all = std::mem::take(&mut s.latest.jobs);
        let (kept, again) = recheck::unseen_lists(&all, checked, &before, out, held);
        (all, kept, again)
    });
    let made = lists_feeds_search(&ctx, &shared, unseen, (&before, checked.as_ref(), &digester, out), &mut search_kept);
    let mut stats = Stats { pages_checked: redo.len(), ..Default::default() };
    stats.count_pages(&pages, &made, ctx.mirror.versions().count());
    let ListsMade { lists, feed_records, diags: lists_diags, took, .. } = made;
    diags.extend(lists_diags);
    laps.lap("pages+feeds+search");
    // Open data reads no entity by name: where one may differ, each file is
    // checked by the key of what it is made from.
    let open_checked = checked.as_ref().filter(|_| since.as_ref().is_some_and(|s| s.reads.is_empty()));
    let bulletin_inputs = outputs::BulletinInputs { before: &before, digester: &digester, camps: &camps };
    let others =
        other_files(&ctx, (&outputs, &charts, &bulletin_inputs), open_checked, &memory.keyed, out, &mut laps, diags);
    stats.files += others.files;
    stats.open_data_looked_at = others.open_data_looked_at;
    (stats.images_processed, stats.images_cached) = ctx.links.media.counts();
    chart_cache.end_build();
    stats.charts_drawn = chart_cache.drawn();
    stats.views_made = shared.made.load(std::sync::atomic::Ordering::Relaxed);
    stats.chart_digests_made = charts.digests_made();
    if !diags.has_errors() {
        if !memory.transient {
            let open = others.open_data;
            keep_keyed(&mut memory.keyed, checked.is_some(), (&ctx, &mut shared, &digester, &charts), open);
        }
        let mut made = std::mem::take(&mut pages.records);
        // Grown once: `extend` reserves only half of what it is given into a map holding some.
        made.reserve(lists.records.len() + feed_records.len() + others.records.len());
        made.extend(lists.records.into_iter().chain(feed_records).chain(others.records));
        let before = std::mem::take(&mut before);
        let bodies = (page_bodies, campaign_bodies, section_bodies);
        let (jobs, redo) = (lists.jobs, redo);
        let finished =
            remember::Finished { made, since, checked, redo, before, stale_index, pages, jobs, bodies, search_kept };
        remember::remember(memory, &site, out, finished);
    } else {
        crate::drop_later((page_bodies, campaign_bodies, section_bodies));
    }
    crate::drop_later((shared, spool, before));
    // Parsed again only when a template changes (their functions are bound anew).
    memory.templates = Some(tera.unbound());
    laps.lap("records");
    stats.timings = laps.timings;
    // Each part's own time (they overlap), shown after the stages.
    stats.timings.extend(took.map(|(name, took)| crate::timing(name, took)));
    stats
}

impl Stats {
    /// The pages and files made (kept or rendered again) by the report
    /// pages' pass and by the lists, feeds and search index, each page in
    /// `versions` languages.
    fn count_pages(&mut self, pages: &page_pass::Pages, made: &ListsMade, versions: usize) {
        self.pages = made.lists.pages + pages.done;
        self.rendered = pages.rendered + made.lists.rendered;
        self.files = self.pages * versions + made.feed_files + made.index_files;
    }
}

/// The pass over report and plain pages: those the changes of `since`
/// reach (or every page), each body from the memory or its Markdown, its
/// page kept or rendered again. With the pages it went over, the outputs
/// this build checks again (with `since`), and whether the output folder
/// keeps what it held but what is made again (a save of Markdown files).
#[allow(clippy::too_many_arguments)]
fn report_pages(
    inp: &jobs::Inputs,
    (opts, camps, in_feed, outputs, digester): PassTools,
    since: &mut Option<engine::Since>,
    before: &mut engine::Records,
    texts: &mut IdVec<SourceId, Option<Arc<str>>>,
    memory: &mut engine::Memory,
    out: &Staging,
    diags: &mut Diagnostics,
) -> (page_pass::Pages, Vec<PageId>, Option<std::collections::BTreeSet<String>>, bool) {
    let site = inp.site;
    let held = since.as_ref().is_some_and(|s| recheck::keeps_held(s, out));
    let (mut pages, redo, reached) = match since {
        Some(s) => recheck::unseen_pages(site, digester, s, before, out, held),
        None => (page_pass::Pages::default(), site.pages.ids().collect(), Vec::new()),
    };
    let page_texts: Vec<Option<Arc<str>>> = redo.iter().map(|&i| texts[site.pages[i].source].take()).collect();
    let boxes = page_boxes::SharedBoxes::expect(site, &redo);
    let done = page_pass::PagePass {
        site,
        inp,
        opts,
        camps,
        boxes: &boxes,
        bodies: &memory.bodies,
        keep_html: memory.keep_html,
        transient: memory.transient,
        in_feed,
        outputs,
        digester,
        before,
        out,
    }
    .run(&redo, page_texts);
    match since {
        Some(_) => page_pass::gather_some(site, &redo, done, &mut memory.bodies, &mut pages, diags),
        None => pages = page_pass::gather(site, done, before, &mut memory.bodies, diags),
    }
    let checked = since.as_ref().map(|s| recheck::checked(site, s, &redo, &reached, &pages));
    (pages, redo, checked, held)
}

/// What the report pages' pass reads of the build besides the memory.
type PassTools<'a> = (
    &'a MarkdownOptions,
    &'a IdVec<CampaignId, tera::Value>,
    &'a IdVec<PageId, bool>,
    &'a outputs::Outputs,
    &'a engine::Digester<'a>,
);

/// The files made besides the pages, feeds and search index, and what
/// the memory keeps of them.
struct OtherFiles {
    files: usize,
    /// Open-data texts made or checked.
    open_data_looked_at: usize,
    records: engine::Records,
    /// The open-data texts and project values by the key of what each is made from.
    open_data: (open_data::KeptTexts, crate::digest::DigestMap<u64>),
}

/// Open data (only the files of `open_checked`, where given, are checked
/// again), the other outputs (the editors' list of WeChat articles,
/// campaigns' share cards, 简报 pages) and the static files and photos,
/// each step timed.
fn other_files(
    ctx: &jobs::Inputs,
    (outputs, charts, bulletin): (&outputs::Outputs, &ChartMaker, &outputs::BulletinInputs),
    open_checked: engine::Checked,
    keyed: &engine::Keyed,
    out: &Staging,
    laps: &mut Laps,
    diags: &mut Diagnostics,
) -> OtherFiles {
    let (open_files, open_records, open_texts, project_values) =
        open_data::write(ctx, bulletin.before, open_checked, keyed, out, diags);
    laps.lap("open data");
    let static_files = files::copy_static(ctx.site, &ctx.links.media, out, diags);
    let (output_files, mut records) = outputs.finish(ctx, charts, bulletin, out, diags);
    laps.lap("outputs");
    if diags.error_count() == 0 {
        ctx.links.media.prune_cache();
    }
    laps.lap("static");
    records.extend(open_records);
    OtherFiles {
        files: open_files.files + static_files + output_files,
        open_data_looked_at: open_files.looked_at,
        records,
        open_data: (open_texts, project_values),
    }
}

/// What this build checks again, and the folder's index of reads to bring
/// up to date where it checks everything. After builds whose changes are
/// known (`Since`), only what read them is checked, while the pages and
/// lists are the last build's (the `shape` of them, and whether every
/// page's path is the same): a page added or deleted with no entity
/// changed moves the others' ids all the same. Files made
/// from every page's body (WeChat articles, share cards) are made by every
/// build, so outputs that read bodies check everything.
fn what_to_check(
    memory: &mut engine::Memory,
    before: &engine::Records,
    output: &std::path::Path,
    (shape, same_paths): (u64, bool),
    reads_bodies: bool,
) -> (Option<engine::Since>, Option<engine::Readers>) {
    let since = if memory.in_process_only() && !before.is_empty() { memory.since(output) } else { None };
    let stale_index = memory.take_readers(output).filter(|_| !before.is_empty());
    let same_shape = memory.same_shape(shape, same_paths);
    match since {
        // The last build's bodies and list jobs are by its page ids.
        Some(s) if reads_bodies || !same_shape => (None, Some(s.readers)),
        since => (since, stale_index),
    }
}

/// The pages some feed quotes: their bodies keep their HTML for it. (Each
/// page is rendered and written right after its Markdown; only these keep
/// their HTML, so memory holds summaries and plain text, not every page's
/// HTML at once.)
fn feed_pages(site: &Site) -> IdVec<PageId, bool> {
    let mut in_feed: IdVec<PageId, bool> = IdVec::from_vec(vec![false; site.pages.len()]);
    for (_, _, reports) in feeds::feed_lists(site) {
        reports.into_iter().for_each(|i| in_feed[i] = true);
    }
    in_feed
}

/// The bodies of campaigns' and sections' own pages (the Markdown shown
/// above their lists), their warnings told.
fn list_bodies(
    site: &Site,
    texts: &mut IdVec<SourceId, Option<Arc<str>>>,
    (opts, links, charts, spool): (&MarkdownOptions, &Links, &ChartMaker, &spool::Spool),
    diags: &mut Diagnostics,
) -> (IdVec<CampaignId, Body>, IdVec<SectionId, Body>) {
    let mut made = |src: SourceId, summary: Option<&str>| {
        let mut b = body(&site.sources[src], texts[src].take(), opts, links, charts, None, summary, spool)
            .unwrap_or_else(|d| {
                diags.push(d);
                Body::default()
            });
        b.warnings.drain(..).for_each(|w| diags.push(w));
        b
    };
    let campaigns = site.campaigns.iter().map(|c| made(c.source, c.meta.summary.as_deref())).collect();
    let sections = site.sections.iter().map(|s| s.source.map_or_else(Body::default, |src| made(src, None))).collect();
    (campaigns, sections)
}

/// What the memory keeps by the key of what each value was made from (a
/// memory kept on disk keeps these too). `again`: the model is the last
/// build's, so only the views made or taken change.
fn keep_keyed(
    keyed: &mut engine::Keyed,
    again: bool,
    (ctx, shared, digester, charts): (&jobs::Inputs, &mut job_parts::Views, &engine::Digester, &ChartMaker),
    (open_texts, project_values): (open_data::KeptTexts, crate::digest::DigestMap<u64>),
) {
    keyed.views = Arc::new(if again {
        // The memory lets go of the map first, so it is taken, not copied.
        drop(std::mem::take(&mut keyed.views));
        shared.keyed_again(ctx)
    } else {
        shared.keyed(ctx)
    });
    keyed.metas = Arc::new(digester.metas_by_stamp());
    keyed.boxes = Arc::new(digester.boxes_by_key());
    keyed.charts = Arc::new(charts.digests_by_key());
    keyed.open_data = Arc::new(open_texts);
    keyed.project_values = Arc::new(project_values);
}

/// `d`, an error writing a page's output file, told from the content file
/// the page comes from (the output path stays in the message).
fn written_from(d: Diagnostic, source: &std::path::Path) -> Diagnostic {
    if d.file.as_path() == source || !d.message.starts_with("cannot write") {
        return d;
    }
    let message = format!("{}: {}", d.file.display(), d.message);
    Diagnostic { file: source.to_path_buf(), line: 0, message, ..d }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_that_cannot_be_written_names_its_content_file() {
        use crate::diag::Diagnostic;
        let source = std::path::Path::new("content/reports/a.md");
        let d = super::written_from(
            Diagnostic::error("reports/a/index.html", 0, "cannot write: File name too long"),
            source,
        );
        assert_eq!(d.file, source);
        assert!(d.message.starts_with("reports/a/index.html: cannot write"), "{}", d.message);
        let t = Diagnostic::error("template report.html", 3, "rendering /reports/a/: unknown variable");
        assert_eq!(super::written_from(t.clone(), source), t, "template errors keep their template");
    }
}
