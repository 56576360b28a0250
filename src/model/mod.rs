//! Model stage: turns loaded files into the site's structure — sections,
//! pages with their URLs, campaigns, taxonomies and archives — and checks
//! what spans files (unknown campaign, undeclared metric, two pages at one URL).

mod checks;
mod ids;
mod keep;
mod publish;
mod structure;
mod taxonomy;
pub mod urls;

use crate::messages::model::Model;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::dates::{self, When};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{CampaignMeta, FileKind, Loaded, PageMeta, SectionMeta, SourceFile};
pub use ids::{
    CampaignId, CountyId, Id, IdVec, MetricId, MonthId, PageId, ProjectId, SectionId, SeriesId, SourceId, TagId, YearId,
};
pub use keep::{file_digest, page_stamp, site_inputs, KeptModel};
pub use publish::{Publish, Scheduled};
pub use taxonomy::{Archive, ArchiveMonth, Taxonomy, Term};

#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Every content file that was read; pages and campaigns point into it.
    pub sources: IdVec<SourceId, SourceFile>,
    pub pages: IdVec<PageId, Page>,
    pub sections: IdVec<SectionId, Section>,
    pub campaigns: IdVec<CampaignId, Campaign>,
    pub tags: Taxonomy<TagId>,
    pub counties: Taxonomy<CountyId>,
    pub archives: IdVec<YearId, Archive>,
    /// Non-Markdown files under content/, with the output path they go to.
    pub content_assets: Vec<(PathBuf, String)>,
    /// Dated pages, newest first (feeds, home page, archives).
    pub chronological: Vec<PageId>,
    /// What this build publishes, and the day it counts as today.
    pub publish: Publish,
    /// Reports dated after today, left out (or shown, with `--future`).
    pub scheduled: Vec<Scheduled>,
}

/// A page of a section (a report when it is dated).
#[derive(Debug)]
pub struct Page {
    pub source: SourceId,
    pub section: SectionId,
    /// Shared with the parse `.gongjian/cache/` keeps while it is written: one copy, not two.
    pub meta: std::sync::Arc<PageMeta>,
    pub title: String,
    pub slug: String,
    /// Site-relative path without the base, e.g. `reports/dongguang-r7/`.
    pub path: String,
    pub date: Option<When>,
    pub updated: Option<When>,
    pub campaign: Option<CampaignId>,
    pub county_slug: Option<String>,
    pub tag_slugs: Vec<String>,
    /// Pages of its county and of each tag (as `tag_slugs`).
    pub county_path: Option<String>,
    pub tag_paths: Vec<String>,
    /// Pages of the projects its `projects:` ledger names, in that order.
    pub project_paths: Vec<String>,
    /// Output paths of a bundle's files.
    pub assets: Vec<(PathBuf, String)>,
    /// Dated after today, shown only because of `--future` (`serve`): 待发布.
    pub scheduled: bool,
}

#[derive(Debug)]
pub struct Section {
    /// Folder relative to content/ ("" for the home page).
    pub dir: String,
    pub source: Option<SourceId>,
    pub meta: SectionMeta,
    pub title: String,
    pub path: String,
    pub paginate_by: usize,
    /// Pages in display order.
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
}

#[derive(Debug)]
pub struct Campaign {
    pub id: String,
    pub source: SourceId,
    pub meta: CampaignMeta,
    pub title: String,
    pub path: String,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    /// Its reports, oldest first (then by file path).
    pub reports: Vec<PageId>,
    pub county_slug: Option<String>,
    pub county_path: Option<String>,
}

impl Site {
    pub fn source_of(&self, page: &Page) -> &SourceFile {
        &self.sources[page.source]
    }

    /// Whether a section is a news column: it holds reports (the `reports`
    /// folder or pages of a campaign) or at least two dated pages — a lone
    /// dated "about" page does not make one.
    pub fn is_news_column(&self, s: &Section) -> bool {
        let pages = || s.pages.iter().map(|&i| &self.pages[i]);
        s.dir == "reports"
            || pages().any(|p| p.campaign.is_some())
            || pages().filter(|p| !p.meta.draft && p.date.is_some()).count() >= 2
    }

    /// Every file's text, moved out (see `SourceFile::take_text`), by source.
    pub fn take_texts(&mut self, keep_heads: bool) -> IdVec<SourceId, Option<std::sync::Arc<str>>> {
        self.sources.iter_mut().map(|f| Some(f.take_text(keep_heads))).collect()
    }
}

/// What the model and derive stages read of `loaded`: every file but its
/// Markdown body (its path, its text before the body, its bundle's files),
/// the settings, the files beside the pages, the ledgers' rows, what is
/// published and the base URL. Two loads with the same digest make the same
/// site but for the bodies (`Site::with_sources`).
pub fn inputs_digest(loaded: &Loaded, publish: &Publish, base_url: Option<&str>) -> u64 {
    use crate::digest::{digest_debug, hasher};
    use std::hash::Hasher;
    let mut h = hasher();
    h.write_u64(digest_debug(&(&loaded.config, publish, base_url, &loaded.content_assets)));
    h.write_u64(loaded.ledgers);
    for f in &loaded.files {
        h.write(f.path.to_string_lossy().as_bytes());
        h.write_u8(0);
        h.write_u64(f.head_digest);
        h.write_usize(f.assets.len());
        if !f.assets.is_empty() {
            h.write_u64(digest_debug(&f.assets));
        }
    }
    h.finish()
}

impl Site {
    /// This site with the files of a load whose `inputs_digest` is the one
    /// this site was built from: only bodies differ, so the model stands;
    /// the front-matter moves into the model as `build` moves it.
    pub fn with_sources(mut self, loaded: Loaded) -> Site {
        let mut sources: IdVec<SourceId, SourceFile> = IdVec::from_vec(loaded.files);
        let used = self.pages.iter().map(|p| p.source).chain(self.campaigns.iter().map(|c| c.source));
        // One empty front-matter shared by all: a save keeps every file.
        let (page, campaign) = (std::sync::Arc::default(), std::sync::Arc::default());
        for i in used {
            match &mut sources[i].kind {
                FileKind::Page(m) => *m = std::sync::Arc::clone(&page),
                FileKind::Campaign(m) => *m = std::sync::Arc::clone(&campaign),
                FileKind::Section(_) => {}
            }
        }
        self.sources = sources;
        self.root = loaded.root;
        self
    }
}

pub fn build(loaded: Loaded, publish: Publish, diags: &mut Diagnostics) -> Site {
    build_keeping(loaded, publish, diags, None).site
}

/// What `build_keeping` made: the site, and with a kept model, each page's
/// stamp and loaded front-matter (for the next build to keep from; not
/// made by `build_stamped`).
pub struct Made {
    pub site: Site,
    pub stamps: IdVec<PageId, u64>,
    pub metas: IdVec<PageId, std::sync::Arc<PageMeta>>,
    /// Pages made again rather than taken from the kept model.
    pub made_again: Vec<PageId>,
    /// The digest of what the structure was made from (`structure::key`; 0 where not kept).
    pub structure: u64,
    /// The digest of each page's shape (with a kept model).
    pub shapes: IdVec<PageId, u64>,
    /// Whether the structure is the kept model's.
    pub kept_structure: bool,
    /// Whether the checks across files found nothing (`checks`).
    pub clean: bool,
}

/// `build`, taking again from `kept` (made under the same `site_inputs`
/// digest, `inputs`) the pages of files that are the same.
pub fn build_keeping(
    loaded: Loaded,
    publish: Publish,
    diags: &mut Diagnostics,
    kept: Option<(Option<&mut KeptModel>, u64)>,
) -> Made {
    build_with(loaded, publish, diags, kept, true)
}

/// `build` with each page's stamp under the site-wide inputs `inputs` (what
/// `derive::Keys` are made from); no front-matter is kept for a next build
/// (keeping it would copy every page's, which moves into the model otherwise).
pub fn build_stamped(loaded: Loaded, publish: Publish, diags: &mut Diagnostics, inputs: u64) -> Made {
    build_with(loaded, publish, diags, Some((None, inputs)), false)
}

/// `build_keeping`, the loaded front-matter kept in `Made::metas` only when `keep_metas`.
fn build_with(
    loaded: Loaded,
    publish: Publish,
    diags: &mut Diagnostics,
    kept: Option<(Option<&mut KeptModel>, u64)>,
    keep_metas: bool,
) -> Made {
    let include_drafts = publish.drafts;
    let Loaded { root, config, files, content_assets, .. } = loaded;
    let mut sources: IdVec<SourceId, SourceFile> = IdVec::from_vec(files);
    let track = kept.is_some();
    // What a next build of this process reads: the front-matter as loaded and the pages' shapes.
    let for_next = track && keep_metas;
    let inputs = kept.as_ref().map_or(0, |k| k.1);
    let mut across = checks::Across::new(matches!(&kept, Some((Some(k), i)) if k.inputs == *i && k.clean));
    let (mut taken, last_structure) = match kept {
        Some((Some(k), _)) if k.inputs == inputs => {
            (keep::matching(k, &sources), Some((k.structure, structure::Structure::take(&mut k.site))))
        }
        _ => (IdVec::new(), None),
    };
    let (mut stamps, mut metas, mut made_again) = (IdVec::new(), IdVec::new(), Vec::new());
    // Each page's shape digest, where known (a page taken again keeps its own).
    let mut shapes: IdVec<PageId, Option<u64>> = IdVec::new();
    // What a file's front-matter becomes once its page holds it: one shared empty value.
    let moved: std::sync::Arc<PageMeta> = std::sync::Arc::default();
    let mut scheduled = Vec::new();
    let mut drafts = Vec::new();
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let mut pages = IdVec::with_capacity(sources.len());
    let mut campaigns = Vec::new();
    let default_paginate = config.paginate_by;
    let new_section = |dir: &str| Section {
        dir: dir.to_string(),
        source: None,
        meta: SectionMeta::default(),
        title: urls::default_section_title(dir),
        path: urls::section(dir),
        paginate_by: default_paginate,
        pages: Vec::new(),
        subsections: Vec::new(),
    };
    sections.insert(String::new(), new_section(""));
    let mut project_paths = urls::ProjectPaths::default();
    // Files in a row mostly share a folder, found once.
    let mut last_dir: Option<String> = None;
    for (i, f) in sources.iter_enumerated_mut() {
        // Every ancestor folder is a section too (made with the first of its
        // folders met, so a folder known has its ancestors).
        if last_dir.as_deref() != Some(f.section.as_str()) {
            let mut dir = f.section.as_str();
            while !sections.contains_key(dir) {
                sections.insert(dir.to_string(), new_section(dir));
                match dir.rfind('/') {
                    Some(j) => dir = &dir[..j],
                    None if !dir.is_empty() => dir = "",
                    None => break,
                }
            }
            last_dir = Some(f.section.clone());
        }
        // Metas move from the file into the model: one copy per page, not two.
        match &mut f.kind {
            FileKind::Section(m) => {
                let s = sections.get_mut(&f.text.section).expect("inserted above");
                s.source = Some(i);
                s.meta = m.clone();
                if let Some(t) = &m.title {
                    s.title = t.clone();
                }
                s.paginate_by = m.paginate_by.filter(|&n| n > 0).unwrap_or(default_paginate);
            }
            FileKind::Campaign(m) => {
                if m.draft && !include_drafts {
                    continue;
                }
                let id = f.text.stem.clone();
                let seg = urls::slug_or_keep(&id);
                let parse = |v: &Option<String>| v.as_deref().and_then(dates::parse).map(|w| w.date());
                let (Some(start), Some(end)) = (parse(&m.start), parse(&m.end)) else { continue };
                campaigns.push(Campaign {
                    title: m.title.clone().unwrap_or_else(|| id.clone()),
                    path: urls::campaign(&seg),
                    county_slug: m.county.as_deref().map(crate::text::slugify),
                    county_path: m.county.as_deref().map(|c| urls::county(&crate::text::slugify(c))),
                    id,
                    source: i,
                    meta: std::sync::Arc::unwrap_or_clone(std::mem::take(m)),
                    start,
                    end,
                    reports: Vec::new(),
                });
            }
            FileKind::Page(m) => {
                if m.draft {
                    drafts.push(i);
                    if !include_drafts {
                        continue;
                    }
                }
                let taken = taken.get_mut(i).and_then(Option::take);
                // A kept page's front-matter moves from the file to the next
                // build's list (its count untouched: a cache miss a page).
                let loaded = match taken {
                    Some(_) => Some(std::mem::replace(m, std::sync::Arc::clone(&moved))).filter(|_| for_next),
                    None => for_next.then(|| m.clone()),
                };
                let (page, stamp) = match taken {
                    // The same file under the same site-wide inputs makes the same page.
                    Some(keep::Taken { page, stamp, shape }) => {
                        shapes.push(shape);
                        if page.scheduled {
                            let meta = loaded.as_deref().expect("kept pages are tracked");
                            if let publish::Decision::Scheduled(s) = publish::decide(&publish, f, meta) {
                                scheduled.push(s);
                            }
                        }
                        (Page { source: i, section: SectionId::HOME, campaign: None, ..page }, stamp)
                    }
                    None => {
                        let stamp = if track { keep::page_stamp(inputs, f) } else { 0 };
                        let made = page_of(i, f, &publish, &mut scheduled, &mut project_paths, &moved, diags);
                        let Some(page) = made else { continue };
                        made_again.push(pages.next_id());
                        shapes.push(None);
                        (page, stamp)
                    }
                };
                pages.push(page);
                if track {
                    stamps.push(stamp);
                }
                if let Some(m) = loaded {
                    metas.push(m);
                }
            }
        }
    }
    campaigns.sort_by(|a, b| a.id.cmp(&b.id));
    let mut campaigns: IdVec<CampaignId, Campaign> = IdVec::from_vec(campaigns);
    across.links(&sources, (&pages, &made_again), &campaigns, diags);

    // Sections in a fixed order (by folder).
    let dirs: IdVec<SectionId, String> = sections.keys().cloned().collect();
    let index: BTreeMap<&str, SectionId> = dirs.iter_enumerated().map(|(i, d)| (d.as_str(), i)).collect();
    let mut sections: IdVec<SectionId, Section> = sections.into_values().collect();
    for i in sections.ids().skip(1) {
        let parent = match dirs[i].rfind('/') {
            Some(j) => index[&dirs[i][..j]],
            None => SectionId::HOME,
        };
        sections[parent].subsections.push(i);
    }
    // Pages assigned and ordered: the last build's order while what it read is the same.
    let shapes: IdVec<PageId, u64> = if for_next {
        let of = |(p, s): (PageId, &Option<u64>)| s.unwrap_or_else(|| structure::Shape::digest(&pages[p], &sources));
        shapes.iter_enumerated().map(of).collect()
    } else {
        IdVec::new()
    };
    let key = for_next.then(|| structure::key(inputs, &shapes, &sections, &campaigns));
    let (made, kept_structure) = match (key, last_structure) {
        (Some(k), Some((was, s))) if k == was => (s, true),
        _ => {
            let read = pages.iter().map(|p| structure::Shape::of(p, &sources)).collect();
            (structure::make(&read, &sections, &index, &campaigns), false)
        }
    };
    let (chronological, tags, counties, archives) = made.place(&mut pages, &mut sections, &mut campaigns);
    across.structural(kept_structure, diags, |d| publish::county_names(&sources, &pages, &campaigns, d));
    publish::newest_drafts(&sources, &drafts, &pages, &campaigns, diags);

    let content_assets = content_assets
        .into_iter()
        .map(|a| {
            let out = a.strip_prefix("content").unwrap_or(&a).to_string_lossy().replace('\\', "/");
            (a, out)
        })
        .collect();
    let site = Site {
        root,
        config,
        sources,
        pages,
        sections,
        campaigns,
        tags,
        counties,
        archives,
        content_assets,
        chronological,
        publish,
        scheduled,
    };
    across.structural(kept_structure, diags, |d| urls::check_unique(&site, d));
    let clean = across.clean;
    Made { site, stamps, metas, made_again, structure: key.unwrap_or_default(), shapes, kept_structure, clean }
}

/// The page of file `i` (a page file), unless it is not published today
/// (scheduled ones are noted) or has no slug; its front-matter moves into
/// the page, `moved` (one shared empty value) left in the file.
fn page_of(
    i: SourceId,
    f: &mut SourceFile,
    publish: &Publish,
    scheduled: &mut Vec<Scheduled>,
    project_paths: &mut urls::ProjectPaths,
    moved: &std::sync::Arc<PageMeta>,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let FileKind::Page(m) = &f.kind else { return None };
    let shown = match publish::decide(publish, f, m) {
        publish::Decision::Publish => false,
        publish::Decision::Scheduled(s) => {
            scheduled.push(s);
            if !publish.future {
                return None;
            }
            true
        }
        publish::Decision::Expired => return None,
    };
    let slug = match &m.slug {
        Some(s) => s.clone(),
        None => urls::default_slug(&f.stem),
    };
    if slug.is_empty() {
        diags.push(Diagnostic::error(&f.path, 0, Model::NoSlug).hint(Model::NoSlugHint));
        return None;
    }
    let path = urls::page(&f.section, &slug);
    let assets = f
        .assets
        .iter()
        .map(|a| (a.clone(), urls::beside(&path, &a.file_name().unwrap_or_default().to_string_lossy())))
        .collect();
    let county_slug = m.county.as_deref().map(crate::text::slugify).filter(|s| !s.is_empty());
    let tag_slugs: Vec<String> = m.tags.iter().map(|t| crate::text::slugify(t)).collect();
    let page = Page {
        source: i,
        section: SectionId::HOME,
        title: m.title.clone().unwrap_or_default(),
        date: m.date.as_deref().and_then(dates::parse),
        updated: m.updated.as_deref().and_then(dates::parse),
        county_path: county_slug.as_deref().map(urls::county),
        tag_paths: tag_slugs.iter().map(|s| urls::tag(s)).collect(),
        project_paths: m.projects.iter().map(|e| project_paths.path(e)).collect(),
        county_slug,
        tag_slugs,
        meta: Default::default(),
        slug,
        path,
        campaign: None,
        assets,
        scheduled: shown,
    };
    // Metas move from the file into the model: one copy per page, not two.
    let FileKind::Page(m) = &mut f.kind else { return None };
    Some(Page { meta: std::mem::replace(m, std::sync::Arc::clone(moved)), ..page })
}
