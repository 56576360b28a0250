//! Each campaign's 简报 (`<campaign>/jianbao/`): its latest report laid out
//! as a printed bulletin on A4 — the 第N期 title block, issuing unit and
//! date, the campaign's numbers and charts — through the theme's
//! `jianbao.html`.

use serde::Serialize;
use tera::Context;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{CampaignId, IdVec, PageId};
use crate::render::engine::{self, Dep, Digester, Output, Records};
use crate::render::jobs::Inputs;
use crate::write::Staging;
use tera::Value;

/// Reports of earlier issues listed under the latest one.
const EARLIER: usize = 3;

#[derive(Serialize)]
struct Issue<'a> {
    title: &'a str,
    date_cn: String,
    url: String,
}

#[derive(Serialize)]
struct Bulletin<'a> {
    /// 第N期: the report's place among the campaign's reports.
    number: usize,
    /// 主办单位 (site.yaml footer.organizer), else the site's title.
    organizer: &'a str,
    latest: Issue<'a>,
    summary: &'a str,
    earlier: Vec<Issue<'a>>,
}

/// What the 简报 pages need besides the build's inputs: what the last
/// build of this output recorded, today's digests, the campaigns' values.
pub(crate) struct Kept<'a> {
    pub before: &'a Records,
    pub digester: &'a Digester<'a>,
    pub camps: &'a IdVec<CampaignId, Value>,
}

/// Writes every campaign's 简报 (a campaign with no report has none); how
/// many, and what each read. One whose context and charts are as the last
/// build of this output saw them keeps its file.
pub(super) fn write_all(inp: &Inputs, kept: &Kept, out: &Staging, diags: &mut Diagnostics) -> (usize, Records) {
    let mut records = Records::default();
    // A site's own theme may have no 简报 template: it then has no 简报.
    if !inp.tera.get_template_names().any(|n| n == "jianbao.html") {
        return (0, records);
    }
    let mut written = 0;
    for (i, c) in inp.site.campaigns.iter_enumerated() {
        let reports: Vec<PageId> = c
            .reports
            .iter()
            .copied()
            .filter(|&r| !inp.site.pages[r].scheduled && !inp.site.pages[r].meta.draft)
            .collect();
        let Some(&latest) = reports.last() else { continue };
        let issue = |r: PageId| {
            let p = &inp.site.pages[r];
            Issue {
                title: &p.title,
                date_cn: p.date.map(|d| crate::text::date_cn(d.date())).unwrap_or_default(),
                url: inp.links.url(&p.path),
            }
        };
        let footer = &inp.site.config.footer.organizer;
        let bulletin = Bulletin {
            number: reports.len(),
            organizer: if footer.trim().is_empty() { &inp.site.config.title } else { footer },
            latest: issue(latest),
            summary: inp.pages.get(latest).map_or("", |b| b.summary.as_str()),
            earlier: reports.iter().rev().skip(1).take(EARLIER).map(|&r| issue(r)).collect(),
        };
        let path = crate::model::urls::bulletin(&c.path);
        let seen = (Dep::Context, crate::digest::digest_value(&(&path, &bulletin, &kept.camps[i])));
        if let Some(old) = kept.before.get(&path) {
            let same = old.reads.first() == Some(&seen) && engine::unchanged(&old.reads[1..], kept.digester);
            if same && old.files.iter().all(|f| out.keep(f)) {
                records.insert(path, old.clone());
                written += 1;
                continue;
            }
        }
        let mut ctx = Context::new();
        ctx.insert("current_path", &format!("/{path}"));
        ctx.insert("current_url", &inp.links.url(&path));
        ctx.insert("permalink", &inp.links.permalink(&path));
        ctx.insert("campaign", &kept.camps[i]);
        ctx.insert("bulletin", &bulletin);
        match render(inp, &path, &ctx, out) {
            Ok(files) => {
                let mut reads = vec![seen];
                reads.extend(inp.charts.template_reads.take(&path));
                engine::finish_reads(&mut reads);
                records.insert(path, Output { reads, files });
                written += 1;
            }
            Err(d) => diags.push(d),
        }
    }
    (written, records)
}

/// Renders and writes one 简报; the files written.
fn render(inp: &Inputs, path: &str, ctx: &Context, out: &Staging) -> Result<Vec<String>, Diagnostic> {
    let html = inp.tera.render("jianbao.html", ctx).map_err(|e| {
        let mut d = crate::render::templates::template_error("jianbao.html", &e);
        d.message = format!("rendering /{path}: {}", d.message);
        d
    })?;
    let rel = format!("{path}index.html");
    inp.mirror.write_rendered(out, &rel, html.into_bytes(), crate::render::mirror::Kind::Html).map_err(|e| {
        Diagnostic::error(rel.clone(), 0, crate::messages::render::Render::CannotWrite { why: e.to_string() })
    })?;
    Ok(inp.mirror.files(&rel))
}
