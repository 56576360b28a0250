//! Lists, archives, templates and the charts they draw: made again only when what they read changed.

use crate::common::{self, CAMPAIGN};
use crate::serve::Serving;
use crate::world::COUNTIES;
use crate::{cached_as_clean, errors, options, pages_showing};

/// A report of one campaign with the fields the site's lists order and
/// group pages by: date (a time with its offset), title, weight, tags,
/// county, campaign and slug; `figure` changes none of them.
#[derive(Clone)]
struct Listed {
    date: &'static str,
    title: &'static str,
    weight: i64,
    tags: &'static str,
    county: &'static str,
    campaign: bool,
    slug: &'static str,
    figure: usize,
}

impl Listed {
    fn markdown(&self) -> String {
        let Listed { date, title, weight, tags, county, slug, figure, .. } = self;
        let campaign = if self.campaign {
            format!("campaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n")
        } else {
            String::new()
        };
        format!("---\ntitle: {title}\ndate: {date}\nweight: {weight}\ntags: [{tags}]\ncounty: {county}\nslug: {slug}\n{campaign}---\n{title}的正文。\n")
    }
}

/// Front-matter saves in `serve` of each field the lists are made from
/// (sections sorted by date, weight and title; tags, counties, archives,
/// campaigns' reports): each makes the lists again and the site is a clean
/// build's; a number save, which moves no page, keeps the last build's
/// lists, and the site is a clean build's too.
#[test]
fn saves_of_what_the_lists_read_make_them_again_and_a_number_save_keeps_them() {
    let site = common::Site::new();
    site.write("site.yaml", "title: 测试站\nbase_url: /\npaginate_by: 2\n");
    // Figures that may fall as reports move (not cumulative): any order is valid.
    let campaign = CAMPAIGN.replace("target: 77}", "target: 77, cumulative: false}");
    site.write("content/campaigns/dongguang-2021-r7.md", &campaign);
    site.write("content/notes/_index.md", "---\ntitle: 笔记\nsort_by: weight\n---\n");
    site.write("content/docs/_index.md", "---\ntitle: 文件\nsort_by: title\n---\n");
    let days = ["2021-08-03", "2021-08-09", "2021-08-20", "2021-09-02"];
    let titles = ["甲通报", "乙通报", "丙通报", "丁通报"];
    let of = |i: usize| Listed {
        date: days[i],
        title: titles[i],
        weight: i as i64 * 10,
        tags: ["开局", "招商"][i % 2],
        county: COUNTIES[i % 2],
        campaign: true,
        slug: ["a", "b", "c", "d"][i],
        figure: 10 * (i + 1),
    };
    let mut reports: Vec<Listed> = (0..4).map(of).collect();
    let dirs = ["reports", "notes", "docs"];
    let write = |reports: &[Listed], i: usize| {
        let rel = format!("content/{}/r{i}.md", dirs[i % 3]);
        site.write(&rel, &reports[i].markdown());
        site.root().join(rel)
    };
    // Each section holds reports (r0 and r3 in reports, r1 in notes, r2 in docs).
    for i in 0..4 {
        write(&reports, i);
    }
    let serving = Serving::new();
    serving.build(&site, None);
    type Edit = fn(&mut Listed);
    let steps: [(&str, usize, Edit, bool); 12] = [
        ("a number", 0, |r| r.figure += 1, true),
        ("a date", 0, |r| r.date = "2021-09-05", false),
        ("a weight", 1, |r| r.weight = 99, false),
        ("a title", 2, |r| r.title = "乙乙通报", false),
        ("a tag", 3, |r| r.tags = "开局", false),
        ("a county", 0, |r| r.county = COUNTIES[1], false),
        ("a number after them", 1, |r| r.figure += 3, true),
        ("a time", 3, |r| r.date = "2021-09-01T01:00:00+08:00", false),
        ("the same instant at another offset, a month back", 3, |r| r.date = "2021-08-31T17:00:00Z", false),
        ("a slug", 2, |r| r.slug = "aa", false),
        ("the campaign left", 0, |r| r.campaign = false, false),
        ("a number last", 2, |r| r.figure += 1, true),
    ];
    for (what, i, edit, kept) in steps {
        edit(&mut reports[i]);
        let path = write(&reports, i);
        let again = serving.build(&site, Some(vec![path]));
        assert!(!again.reuse.whole, "{what}: the model was made again around the saved report");
        assert_eq!(again.reuse.structure_kept, kept, "{what}: whether the lists were kept");
        serving.assert_clean(&site, what);
    }
}

/// A site of one report a month, March to July 2021, whose archive pages
/// are rendered with an `archive.html` of its own (and its `partials`).
fn a_report_a_month(archive: &str, partials: &[(&str, &str)]) -> common::Site {
    let site = common::Site::new();
    site.write("templates/archive.html", archive);
    for (name, body) in partials {
        site.write(&format!("templates/partials/{name}"), body);
    }
    for month in 3..=7 {
        site.write(&format!("content/reports/r{month}.md"), &a_report_in(month, month));
    }
    site
}

fn a_report_in(month: usize, i: usize) -> String {
    format!("---\ntitle: 通报{i}\ndate: 2021-{month:02}-10\ncounty: 东光县\n---\n正文{i}。\n")
}

/// Built, then a report added to July, built with the cache as a clean build
/// does: how many pages were rendered again.
fn rendered_when_july_gets_a_report(site: &common::Site) -> usize {
    let first = gongjian::build(&options(site.root()));
    assert!(first.ok(), "{}", errors(&first));
    site.write("content/reports/n.md", &a_report_in(7, 8));
    let scratch = tempfile::tempdir().unwrap();
    cached_as_clean(site, scratch.path(), 0, "a report added to July").rendered
}

/// A list page whose template never names a value is not made again when
/// only that value changes: an archive template that shows no month's
/// count keeps the other months' pages when a report is added to July,
/// where one that shows every month's count (`years`, from an included
/// partial: what a template includes is read too) makes them again, as
/// its counts changed.
#[test]
fn a_report_added_makes_again_only_the_archive_pages_whose_template_reads_what_changed() {
    let links = a_report_a_month(
        r#"{% extends "base.html" %}{% block content %}<h1>{{ archive.title }}</h1><ul>{% for y in archive_links %}{% for m in y.months %}<li><a href="{{ m.url }}">{{ m.title }}</a></li>{% endfor %}{% endfor %}</ul>{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#,
        &[],
    );
    let counts = a_report_a_month(
        r#"{% extends "base.html" %}{% block content %}<h1>{{ archive.title }}</h1>{% include "partials/months.html" %}{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#,
        &[(
            "months.html",
            r#"<ul>{% for y in years %}{% for m in y.months %}<li><a href="{{ m.url }}">{{ m.title }}</a>（{{ m.count }}）</li>{% endfor %}{% endfor %}</ul>"#,
        )],
    );
    let (without_counts, with_counts) =
        (rendered_when_july_gets_a_report(&links), rendered_when_july_gets_a_report(&counts));
    // March to June: their pages show July's count only in the second theme.
    assert!(
        with_counts >= without_counts + 4,
        "{without_counts} pages rendered again without counts, {with_counts} with them"
    );
    // The default theme's month pages link the months without their counts.
    let default = a_report_a_month("", &[]);
    std::fs::remove_dir_all(default.root().join("templates")).unwrap();
    assert_eq!(rendered_when_july_gets_a_report(&default), without_counts, "the default theme");
}

/// `serve` keeps its templates parsed between builds while their texts are
/// the same: a template saved is the one the next build renders with.
#[test]
fn a_template_saved_in_serve_renders_as_a_clean_build_does() {
    let archive = |word: &str| {
        r#"{% extends "base.html" %}{% block content %}<h1>WORD{{ archive.title }}</h1>{% for p in pages %}<p>{{ p.title }}</p>{% endfor %}{% endblock content %}"#
            .replace("WORD", word)
    };
    let site = a_report_a_month(&archive("甲版"), &[]);
    let serving = Serving::new();
    serving.build(&site, None);
    let live = serving.out.path().join("live");
    assert!(!pages_showing(&live, "甲版").is_empty());
    site.write("templates/archive.html", &archive("乙版"));
    serving.build(&site, Some(vec![site.root().join("templates/archive.html")]));
    assert!(!pages_showing(&live, "乙版").is_empty(), "the saved template is rendered");
    serving.assert_clean(&site, "a template saved");
}

/// A page whose own template draws a campaign's chart reads nothing else
/// of the campaign: a number saved that the chart does not draw leaves the
/// page unrendered (its read of the chart has the digest a check makes of
/// what the chart is drawn from); one that the chart draws draws it again;
/// and the site is a clean build's.
#[test]
fn a_chart_a_page_s_template_draws_is_drawn_again_only_when_its_numbers_change() {
    let report = |i: usize, figure: usize, investment: usize| {
        format!("---\ntitle: 通报{i}\ndate: 2021-08-{:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: {figure}\n  total_investment: {investment}\n---\n正文{i}。\n", 2 + i)
    };
    // The same site with and without the page, the same number saved in both.
    let rendered_by_a_save = |with_page: bool| {
        let site = common::Site::with_campaign();
        for i in 0..4 {
            site.write(&format!("content/reports/r{i}.md"), &report(i, 10 * (i + 1), 10 * (i + 1)));
        }
        site.write("templates/trend_page.html", "{% extends \"base.html\" %}{% block content %}{{ chart(kind=\"trend\", campaign=\"dongguang-2021-r7\", metric=\"new_projects\") }}{% endblock content %}");
        if with_page {
            site.write("content/about.md", "---\ntitle: 行动走势\ntemplate: trend_page.html\n---\n走势如下。\n");
        }
        let serving = Serving::new();
        serving.build(&site, None);
        site.write("content/reports/r1.md", &report(1, 20, 25));
        let saved = serving.build(&site, Some(vec![site.root().join("content/reports/r1.md")]));
        (site, serving, saved.rendered)
    };
    let (_, _, without) = rendered_by_a_save(false);
    let (site, serving, with) = rendered_by_a_save(true);
    assert_eq!(with, without, "a number the chart does not draw renders the page again");
    let about = serving.out.path().join("live/about/index.html");
    let shown = || std::fs::read_to_string(&about).unwrap();
    assert!(shown().contains(">30<"), "the chart shows r2's figure: {}", shown());
    site.write("content/reports/r2.md", &report(2, 33, 30));
    serving.build(&site, Some(vec![site.root().join("content/reports/r2.md")]));
    assert!(shown().contains(">33<") && !shown().contains(">30<"), "the chart shows the new figure: {}", shown());
    serving.assert_clean(&site, "numbers saved under a template's chart");
}
