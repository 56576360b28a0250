//! No generated page grows with the site: long project tables and report
//! lists continue on pages of their own. A site this size made campaign,
//! county, project-index and year pages of 300–700 KB before they were paged.

mod common;

use common::{list, Site};

/// The limit a page must stay under (the README's figure for 10,000 reports).
const MAX_PAGE_BYTES: u64 = 300 * 1024;
const REPORTS: usize = 450;
const PROJECTS_PER_REPORT: usize = 4;

fn big_site() -> Site {
    let s = Site::with_campaign();
    for i in 0..REPORTS {
        let day = 1 + i % 28;
        let month = 8 + (i / 28) % 3;
        let projects: String = (0..PROJECTS_PER_REPORT)
            .map(|k| {
                let n = i * PROJECTS_PER_REPORT + k;
                format!(
                    "  - {{id: xm-{n:04}, name: 第{n}号重点产业园区基础设施配套建设项目, investment: {}, status: started, progress: {}, industry: 新材料, township: 经济开发区}}\n",
                    1 + n % 40,
                    n % 100
                )
            })
            .collect();
        s.write(
            &format!("content/reports/r{i:04}.md"),
            &format!(
                "---\ntitle: 东光县第七轮项目建设百日攻坚第{i}期进展通报\ndate: 2021-{month:02}-{day:02}\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [项目建设]\nprojects:\n{projects}---\n\n全县重点项目建设持续推进，各乡镇、各部门按照时间节点倒排工期、挂图作战，确保项目早开工、早投产、早见效。\n"
            ),
        );
    }
    s
}

#[test]
fn no_page_of_a_big_site_is_over_the_limit() {
    let s = big_site();
    let out = s.build();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let root = s.public("");
    let mut big: Vec<(u64, String)> = list(&root)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (std::fs::metadata(root.join(&p)).unwrap().len(), p))
        .filter(|(len, _)| *len > MAX_PAGE_BYTES)
        .collect();
    big.sort();
    assert!(big.is_empty(), "pages over {MAX_PAGE_BYTES} bytes: {big:?}");

    // The rows left off the campaign page are on its paged list, every one once.
    let campaign = s.read("campaigns/dongguang-2021-r7/index.html");
    let total = REPORTS * PROJECTS_PER_REPORT;
    assert!(campaign.contains(&format!("查看全部 {total} 个项目")), "the campaign page links to all its projects");
    let mut seen = 0;
    let mut page = "campaigns/dongguang-2021-r7/projects/index.html".to_string();
    for n in 2.. {
        let html = s.read(&page);
        seen += html.matches("<tr><th scope=\"row\" class=\"name\">").count();
        if !html.contains("rel=\"next\"") {
            break;
        }
        page = format!("campaigns/dongguang-2021-r7/projects/page/{n}/index.html");
    }
    assert_eq!(seen, total, "the paged project list holds every project");
    let index = s.read("projects/index.html");
    assert!(index.contains(&format!("共 {total} 个")) && index.contains("rel=\"next\""), "the project index is paged");
    let year = s.read("archives/2021/index.html");
    assert!(year.contains(&format!("共 {REPORTS} 篇")) && year.contains("href=\"/archives/2021/page/2/\""));
    assert!(s.read("counties/dong-guang-xian/reports/page/2/index.html").contains("东光县：全部报道"));
    assert!(s.read("archives/2021/08/page/2/index.html").contains("2021年8月"), "months are paged too");
}
