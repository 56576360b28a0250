//! Charts in pages: resolves a `chart(kind=…)` call (template function or
//! Markdown shortcode) to its data source, draws it once and caches the HTML.

mod cache;
mod key;

pub use cache::ChartCache;

use ahash::HashMap;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use super::engine::{Dep, TemplateReads};
use crate::charts::{self, By, ChartArgs, ChartData, ChartError, ChartKind, Palette, RankRow, RoundBar, TargetBar};
use crate::derive::Derived;
use crate::model::{CampaignId, CountyId, PageId, ProjectId, SeriesId, Site};

/// A `chart(…)` call as the template function and the shortcode read it.
pub type ChartRequest = ChartArgs;

/// What a chart was drawn from: one page's own front-matter, or numbers
/// derived across the site (campaigns, projects, counties, series).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reads {
    Page(PageId),
    Numbers,
}

/// Key, title, data and source of a chart request.
type Resolved = (String, String, ChartData, Reads);

pub struct ChartMaker {
    /// The model and numbers charts are drawn from.
    site: Arc<Site>,
    derived: Arc<Derived>,
    palette: Palette,
    /// Page path or source path → page, for `report=`.
    pages: Arc<HashMap<String, PageId>>,
    cache: Arc<ChartCache>,
    /// What templates' charts read, by the page they were drawn on.
    pub template_reads: TemplateReads,
    /// Digests of what charts are drawn from, by the key of their inputs.
    digests: key::Digests,
    /// Generated pages with a heading by their path's digest (`heading_at`),
    /// made on first use: looked up for every project page, a scan of the
    /// projects made the build quadratic in them. Digests, not paths: the
    /// index is kept to the end of the build, at its peak memory.
    headings: OnceLock<HashMap<u64, Titled>>,
}

/// A generated page whose charts' captions need not repeat its heading.
#[derive(Debug, Clone, Copy)]
enum Titled {
    Campaign(CampaignId),
    Project(ProjectId),
    Series(SeriesId),
    County(CountyId),
}

impl ChartMaker {
    pub fn new(site: Arc<Site>, derived: Arc<Derived>, palette: Palette, cache: Arc<ChartCache>) -> Self {
        let pages = Arc::new(Self::page_index(&site));
        Self::with_pages(site, derived, palette, cache, pages)
    }

    /// A chart maker with `pages`, the `page_index` of `site` (kept while
    /// the site's paths are the same).
    pub fn with_pages(
        site: Arc<Site>,
        derived: Arc<Derived>,
        palette: Palette,
        cache: Arc<ChartCache>,
        pages: Arc<HashMap<String, PageId>>,
    ) -> Self {
        let (template_reads, digests) = (TemplateReads::default(), key::Digests::default());
        let headings = OnceLock::new();
        ChartMaker { site, derived, palette, pages, cache, template_reads, digests, headings }
    }

    /// Each page by its path (with and without the final slash) and by its
    /// source path, for `report=`.
    pub fn page_index(site: &Site) -> HashMap<String, PageId> {
        let mut pages = HashMap::with_capacity_and_hasher(site.pages.len() * 3, Default::default());
        for (i, p) in site.pages.iter_enumerated() {
            pages.insert(p.path.clone(), i);
            pages.insert(p.path.trim_end_matches('/').to_string(), i);
            let src = site.sources[p.source].path.to_string_lossy().replace('\\', "/");
            pages.insert(src.trim_start_matches("content/").to_string(), i);
        }
        pages
    }

    /// A template's chart on the page at `current_path` (as templates see
    /// it, `/reports/a/`) was drawn: the page read what it was drawn from.
    /// `drawn`: the digest of what it was drawn from (`html_for_template`).
    pub fn note_template_read(&self, current_path: &str, req: &ChartRequest, drawn: u64) {
        let page = self.page_at(current_path);
        let key = page.map(|i| super::engine::Digester::key_of(&self.site, i));
        let mut made = Vec::new();
        if let Some(digest) = self.digest_noting(req, page, false, (Some(&mut made), Some(drawn))) {
            self.template_reads.note(current_path, (Dep::Chart(std::sync::Arc::new(req.clone()), key, false), digest));
            for read in made {
                self.template_reads.note(current_path, read);
            }
        }
    }

    /// The read of a chart in page `page`'s text, with the entities it is
    /// drawn from (`inputs`), unless it reads only that page's own
    /// front-matter (which its body's cache key covers).
    pub fn text_reads(&self, req: &ChartRequest, page: Option<PageId>, reads: Reads) -> Vec<super::engine::Read> {
        if page.map(Reads::Page) == Some(reads) {
            return Vec::new();
        }
        let key = page.map(|i| super::engine::Digester::key_of(&self.site, i));
        let mut made = Vec::new();
        let Some(digest) = self.digest_noting(req, page, true, (Some(&mut made), None)) else { return Vec::new() };
        let mut all = vec![(Dep::Chart(std::sync::Arc::new(req.clone()), key, true), digest)];
        all.extend(made);
        all
    }

    /// The chart's HTML (figure with inline SVG and data table), or why it cannot be drawn.
    pub fn html(&self, req: &ChartRequest, default_report: Option<PageId>) -> Result<String, ChartError> {
        self.html_reading(req, default_report, default_report).map(|(html, _)| html)
    }

    /// The page at `current_path` (as templates see it, `/reports/a/`).
    pub fn page_at(&self, current_path: &str) -> Option<PageId> {
        self.pages.get(current_path.trim_start_matches('/')).copied()
    }

    /// The heading of the generated page at `current_path` (a campaign,
    /// project, series or county), which its charts' captions need not repeat.
    pub fn heading_at(&self, current_path: &str) -> Option<&str> {
        let path = current_path.trim_start_matches('/');
        let headings = self.headings.get_or_init(|| {
            let mut all = HashMap::default();
            // A path two of them share is the first's, in `titled` order.
            for t in self.titled() {
                all.entry(crate::digest::digest_bytes(self.path_and_heading(t).0.as_bytes())).or_insert(t);
            }
            all
        });
        let t = *headings.get(&crate::digest::digest_bytes(path.as_bytes()))?;
        match self.path_and_heading(t) {
            (at, heading) if at == path => Some(heading),
            // Another path with the same digest (never seen): looked for.
            _ => self.titled().map(|t| self.path_and_heading(t)).find(|(at, _)| *at == path).map(|(_, h)| h),
        }
    }

    /// Every generated page with a heading: campaigns, projects, series, counties.
    fn titled(&self) -> impl Iterator<Item = Titled> + '_ {
        let campaigns = self.site.campaigns.ids().map(Titled::Campaign);
        let projects = self.derived.projects.ids().map(Titled::Project);
        let series = self.derived.series.ids().map(Titled::Series);
        campaigns.chain(projects).chain(series).chain(self.site.counties.terms.ids().map(Titled::County))
    }

    fn path_and_heading(&self, t: Titled) -> (&str, &str) {
        let (s, d) = (&self.site, &self.derived);
        match t {
            Titled::Campaign(i) => (&s.campaigns[i].path, &s.campaigns[i].title),
            Titled::Project(i) => (&d.projects[i].path, &d.projects[i].latest.name),
            Titled::Series(i) => (&d.series[i].path, &d.series[i].title),
            Titled::County(i) => (&s.counties.terms[i].path, &s.counties.terms[i].name),
        }
    }

    /// `html`, and what the chart was drawn from. On a dated page (`on_page`)
    /// numbers across reports are drawn as of its date.
    pub fn html_reading(
        &self,
        req: &ChartRequest,
        default_report: Option<PageId>,
        on_page: Option<PageId>,
    ) -> Result<(String, Reads), ChartError> {
        let resolved = self.resolve_on(req, default_report, on_page)?;
        let html = self.draw_resolved(&resolved, || self.fingerprint(&resolved));
        Ok((html, resolved.3))
    }

    /// `html_reading` for a page's template (no default report), with the
    /// digest of what it was drawn from: `digest`'s, taken from this
    /// resolution rather than resolving the chart again.
    pub fn html_for_template(&self, req: &ChartRequest, on_page: Option<PageId>) -> Result<(String, u64), ChartError> {
        let resolved = self.resolve_on(req, None, on_page)?;
        let digest = self.fingerprint(&resolved);
        Ok((self.draw_resolved(&resolved, || digest), digest))
    }

    fn resolve_on(
        &self,
        req: &ChartRequest,
        default_report: Option<PageId>,
        on_page: Option<PageId>,
    ) -> Result<Resolved, ChartError> {
        let day = on_page.and_then(|i| self.site.pages[i].date).map(|w| w.date());
        self.resolve((&self.site, &self.derived), req, default_report, day)
    }

    /// What a resolved chart is drawn from, as one digest: its key, title,
    /// numbers and colours.
    fn fingerprint(&self, (key, title, data, _): &Resolved) -> u64 {
        crate::digest::digest_value(&(key, title, data, &self.palette))
    }

    /// Same fingerprint, the same SVG: drawn once while the cache keeps it.
    fn draw_resolved(&self, (key, title, data, _): &Resolved, fingerprint: impl FnOnce() -> u64) -> String {
        self.cache.get_or_draw(fingerprint, || {
            let id = format!("chart-{}", crate::text::slugify(key));
            charts::draw(data, title, &self.palette).to_html(&id)
        })
    }

    fn report(&self, req: &ChartRequest, default: Option<PageId>) -> Option<PageId> {
        match &req.report {
            Some(r) => self.pages.get(r.trim_start_matches('/')).copied(),
            None => default,
        }
    }

    fn campaign(&self, s: &Site, req: &ChartRequest, report: Option<PageId>) -> Result<CampaignId, ChartError> {
        match &req.campaign {
            Some(id) => s.campaigns.position(|c| &c.id == id).ok_or_else(|| ChartError::NoCampaign(id.clone())),
            None => report.and_then(|r| s.pages[r].campaign).ok_or(ChartError::NeedsCampaign(req.kind)),
        }
    }

    fn resolve(
        &self,
        (s, d): (&Site, &Derived),
        req: &ChartRequest,
        default_report: Option<PageId>,
        day: Option<NaiveDate>,
    ) -> Result<Resolved, ChartError> {
        let report = self.report(req, default_report);
        // The campaign's numbers as of `day`, else its latest.
        let snapshot = |c: CampaignId| match day {
            Some(day) => d.snapshot(s, c, day),
            None => d.latest(s, c),
        };
        if req.report.is_some() && report.is_none() {
            return Err(ChartError::NoReport(req.report.clone().unwrap_or_default()));
        }
        // A chart of the page it is drawn in does not repeat that page's title.
        let caption = |r: PageId, what: &str| match Some(r) == default_report {
            true => what.to_string(),
            false => format!("{}：{what}", s.pages[r].title),
        };
        match req.kind {
            ChartKind::Targets
                if req.campaign.is_none() && report.is_some_and(|r| !s.pages[r].meta.targets.is_empty()) =>
            {
                let r = report.expect("checked");
                let p = &s.pages[r];
                let rows = p
                    .meta
                    .targets
                    .iter()
                    .map(|t| TargetBar {
                        label: t.name.clone(),
                        target: t.target,
                        actual: t.actual,
                        unit: t.unit.clone().unwrap_or_default(),
                    })
                    .collect();
                Ok((
                    format!("targets|{}", p.path),
                    caption(r, "目标完成情况"),
                    ChartData::Targets { rows },
                    Reads::Page(r),
                ))
            }
            ChartKind::Targets => {
                let c = self.campaign(s, req, report)?;
                let rows = snapshot(c)
                    .progress
                    .metrics
                    .iter()
                    .filter_map(|m| {
                        Some(TargetBar {
                            label: m.label.clone(),
                            target: m.target?,
                            actual: m.latest.unwrap_or(0.0),
                            unit: m.unit.clone(),
                        })
                    })
                    .collect();
                let camp = &s.campaigns[c];
                Ok((
                    format!("targets|{}", camp.id),
                    format!("{}：目标完成情况", camp.title),
                    ChartData::Targets { rows },
                    Reads::Numbers,
                ))
            }
            ChartKind::Pace => {
                let c = self.campaign(s, req, report)?;
                let camp = &s.campaigns[c];
                let p = &snapshot(c).progress;
                let data = match &p.pace {
                    // Rounded as the page's own pace sentence rounds them, so both agree.
                    Some(pace) => ChartData::Pace {
                        time_pct: crate::render::views::round_pct(pace.time_pct),
                        task_pct: crate::render::views::round_pct(pace.task_pct),
                        as_of: crate::text::date_cn(pace.as_of),
                        metric_label: p.metrics[pace.metric].label.clone(),
                        finished: pace.finished,
                        judged: crate::render::views::judged(s, camp),
                    },
                    None => return Err(ChartError::NoPaceYet(camp.id.clone())),
                };
                Ok((format!("pace|{}", camp.id), format!("{}：时间与任务进度", camp.title), data, Reads::Numbers))
            }
            ChartKind::Trend => {
                let c = self.campaign(s, req, report)?;
                let p = &d.campaigns[c];
                let m = match &req.metric {
                    Some(k) => p.metrics.iter().find(|m| &m.key == k).ok_or_else(|| ChartError::NoMetric {
                        campaign: s.campaigns[c].id.clone(),
                        metric: k.clone(),
                        declared: p.metrics.iter().map(|m| m.key.clone()).collect(),
                    })?,
                    None => p.headline.map(|h| &p.metrics[h]).ok_or(ChartError::NoMetrics)?,
                };
                let shown = match day {
                    Some(day) => m.points_until(day),
                    None => &m.points[..],
                };
                let points = shown.iter().map(|pt| (pt.date.to_string(), pt.value)).collect();
                Ok((
                    format!("trend|{}|{}", s.campaigns[c].id, m.key),
                    format!("{}：{}走势", s.campaigns[c].title, m.label),
                    ChartData::Trend { metric_label: m.label.clone(), unit: m.unit.clone(), points, target: m.target },
                    Reads::Numbers,
                ))
            }
            ChartKind::Breakdown => self.breakdown((s, d), req, report, req.by, day),
            ChartKind::Ranking => {
                let r = report.ok_or(ChartError::RankingNeedsReport)?;
                let p = &s.pages[r];
                if p.meta.rankings.is_empty() {
                    return Err(ChartError::NoRankings(p.path.clone()));
                }
                let rows = p
                    .meta
                    .rankings
                    .iter()
                    .map(|x| RankRow { name: x.name.clone(), score: x.score, grade: x.grade.clone() })
                    .collect();
                Ok((format!("ranking|{}", p.path), caption(r, "排名"), ChartData::Ranking { rows }, Reads::Page(r)))
            }
            ChartKind::Rounds => {
                let si = match &req.series {
                    Some(id) => d.series.position(|x| &x.id == id).ok_or_else(|| ChartError::NoSeries(id.clone()))?,
                    None => {
                        let c = self.campaign(s, req, report)?;
                        d.campaigns[c].series.ok_or(ChartError::NotInSeries)?
                    }
                };
                let series = &d.series[si];
                let mut label = String::new();
                let mut unit = String::new();
                let rows = series
                    .rounds
                    .iter()
                    .map(|&c| {
                        let snap = snapshot(c);
                        let p = &snap.progress;
                        let m = match &req.metric {
                            Some(k) => p.metrics.iter().find(|m| &m.key == k),
                            None => p.headline.map(|h| &p.metrics[h]),
                        };
                        if let (Some(m), true) = (m, label.is_empty()) {
                            label = m.label.clone();
                            unit = m.unit.clone();
                        }
                        let camp = &s.campaigns[c];
                        RoundBar {
                            label: camp.meta.round.map(|r| format!("第{r}轮")).unwrap_or_else(|| camp.title.clone()),
                            target: m.and_then(|m| m.target),
                            actual: m.and_then(|m| m.latest),
                        }
                    })
                    .collect();
                Ok((
                    format!("rounds|{}|{}", series.id, req.metric.as_deref().unwrap_or("")),
                    format!("{}：历轮对比", series.title),
                    ChartData::Rounds { metric_label: label, unit, rows },
                    Reads::Numbers,
                ))
            }
            ChartKind::History => {
                let id = req.project.as_deref().ok_or(ChartError::HistoryNeedsProject)?;
                let p = d.project(id).ok_or_else(|| ChartError::NoProject(id.to_string()))?;
                let history = match day {
                    Some(day) => p.history_until(day),
                    None => &p.history[..],
                };
                let rows = history
                    .iter()
                    .filter_map(|h| {
                        Some((h.date?.to_string(), h.progress?, h.status.map(|x| x.label()).unwrap_or("").to_string()))
                    })
                    .collect();
                Ok((
                    format!("history|{id}"),
                    format!("{}：形象进度", p.latest.name),
                    ChartData::History { rows },
                    Reads::Numbers,
                ))
            }
        }
    }

    fn breakdown(
        &self,
        (s, d): (&Site, &Derived),
        req: &ChartRequest,
        report: Option<PageId>,
        by: By,
        day: Option<NaiveDate>,
    ) -> Result<Resolved, ChartError> {
        // A project's state as of `day` (None before its first mention), else
        // its latest (not copied: a county's chart adds up thousands).
        use std::borrow::Cow;
        fn state(p: &crate::derive::Project, day: Option<NaiveDate>) -> Option<Cow<'_, crate::derive::ProjectState>> {
            match day {
                Some(day) => p.state_on(day).map(Cow::Owned),
                None => Some(Cow::Borrowed(&p.latest)),
            }
        }
        let pick: fn(&crate::derive::ProjectState) -> Option<&str> = match by {
            By::Industry => |p| p.industry.as_deref(),
            By::Township => |p| p.township.as_deref(),
            By::Status => |p| p.status.map(|x| x.label()),
        };
        let (by_label, by) = (by.label(), by.name());
        let mut sums: BTreeMap<String, f64> = BTreeMap::new();
        let (key, title, reads) = if let Some(slug) = &req.county {
            let ci =
                s.counties.terms.position(|t| &t.slug == slug).ok_or_else(|| ChartError::NoCounty(slug.clone()))?;
            for st in d.counties[ci].projects.iter().filter_map(|&p| state(&d.projects[p], day)) {
                add(&mut sums, &st, pick);
            }
            let title = format!("{}：项目投资按{by_label}", s.counties.terms[ci].name);
            (format!("breakdown|county|{slug}|{by}"), title, Reads::Numbers)
        } else if let (None, Some(r)) = (&req.campaign, report.filter(|&r| !s.pages[r].meta.projects.is_empty())) {
            let p = &s.pages[r];
            for e in &p.meta.projects {
                let st = crate::derive::ProjectState {
                    industry: e.industry.clone(),
                    township: e.township.clone(),
                    status: e.status,
                    investment: e.investment,
                    ..Default::default()
                };
                add(&mut sums, &st, pick);
            }
            (format!("breakdown|{}|{by}", p.path), format!("{}：项目投资按{by_label}", p.title), Reads::Page(r))
        } else {
            let c = self.campaign(s, req, report)?;
            for &p in &d.campaigns[c].projects {
                let named = day.is_none_or(|day| d.projects[p].in_campaign_by(s, c, day));
                if let Some(st) = state(&d.projects[p], day).filter(|_| named) {
                    add(&mut sums, &st, pick);
                }
            }
            let title = format!("{}：项目投资按{by_label}", s.campaigns[c].title);
            (format!("breakdown|{}|{by}", s.campaigns[c].id), title, Reads::Numbers)
        };
        let mut slices: Vec<(String, f64)> = sums.into_iter().collect();
        slices.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok((key, title, ChartData::Breakdown { by_label: by_label.to_string(), unit: "亿元".into(), slices }, reads))
    }
}

/// Adds `p`'s investment to its group's sum. A county's chart adds up
/// thousands of projects into a few groups: the group's name is copied
/// only for the first project of each group.
fn add(
    sums: &mut BTreeMap<String, f64>,
    p: &crate::derive::ProjectState,
    pick: fn(&crate::derive::ProjectState) -> Option<&str>,
) {
    let k = pick(p).unwrap_or("未注明");
    let investment = p.investment.unwrap_or(0.0);
    match sums.get_mut(k) {
        Some(sum) => *sum += investment,
        None => {
            // `0.0 +`, as adding to a new zero sum: -0.0 shows as 0.
            sums.insert(k.to_string(), 0.0 + investment);
        }
    }
}
