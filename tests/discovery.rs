//! How readers, aggregators and search engines find reports: feeds and the
//! sitemap read by a real XML parser, the search index queried the way the
//! search page queries it, the 繁體 mirror, and the page metadata.

mod common;
use common::*;

use std::collections::{BTreeSet, HashSet};

use gongjian::render::search;

const BASE: &str = "https://example.gov.cn/news/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

fn report(name: &str, front: &str, body: &str) -> (String, String) {
    (format!("content/reports/{name}.md"), format!("---\n{front}\n---\n{body}\n"))
}

/// A campaign and four reports: special characters in a title, an `updated`
/// date, a project named only in the front-matter, two counties.
fn news_site(base_url: &str, extra_yaml: &str) -> Site {
    let s = Site::with_campaign();
    s.write("site.yaml", &format!("title: 东光县融媒体中心\nbase_url: {base_url}\n{extra_yaml}"));
    for (path, text) in [
        report(
            "2021-08-10-kickoff",
            "title: 东光县第七轮项目建设百日攻坚强势开局 <&> \"开门红\"\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\ntags: [项目建设]\nauthors: [记者 谭湘竹]",
            "8月10日，东光县召开第七轮项目建设百日攻坚推进会，为后来的工作打下基础。\n\n<!-- more -->\n\n会议要求[倒排工期](@/reports/2021-09-15-midterm.md)。",
        ),
        report(
            "2021-09-15-midterm",
            "title: 东光县攻坚行动过半\ndate: 2021-09-15\nupdated: 2021-09-20\ncounty: 东光县\ncampaign: dongguang-2021-r7\nsummary: 时间过半、任务过半。",
            "攻坚行动开展以来，各项指标稳步推进。",
        ),
        report(
            "2021-07-12-cixian",
            "title: 磁县重点项目全面开工\ndate: 2021-07-12T09:30:00+08:00\ncounty: 磁县\nprojects:\n  - {id: gre-steel, name: 格锐恩绿色钢能循环利用项目, investment: 20, status: started}",
            "七月的磁县经济开发区，钢柱吊装正在进行。",
        ),
        report("2021-06-01-other", "title: 某县召开会议\ndate: 2021-06-01\ncounty: 某县", "会议研究GDP统计工作。"),
    ] {
        s.write(&path, &text);
    }
    s
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    let ns = Some(ns).filter(|ns| !ns.is_empty());
    n.children().find(|c| c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == ns)
}

fn text_of(n: roxmltree::Node, ns: &str, name: &str) -> String {
    child(n, ns, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", n.tag_name().name()))
        .to_string()
}

/// Checks an Atom feed against RFC 4287's required elements; returns its entries' (link, title).
fn check_atom(xml: &str, self_url: &str) -> Vec<(String, String)> {
    let doc = parse(xml);
    let feed = doc.root_element();
    assert_eq!((feed.tag_name().namespace(), feed.tag_name().name()), (Some(ATOM), "feed"));
    for name in ["id", "title", "updated"] {
        assert!(child(feed, ATOM, name).is_some(), "feed has no <{name}>");
    }
    chrono::DateTime::parse_from_rfc3339(&text_of(feed, ATOM, "updated")).expect("feed <updated> is RFC 3339");
    let links: Vec<_> = feed.children().filter(|c| c.tag_name().name() == "link").collect();
    assert!(links.iter().any(|l| l.attribute("rel") == Some("self") && l.attribute("href") == Some(self_url)));
    let mut ids = HashSet::new();
    let mut last = None;
    let mut out = Vec::new();
    for e in feed.children().filter(|c| c.tag_name().name() == "entry") {
        let id = text_of(e, ATOM, "id");
        assert!(id.contains("://") || id.starts_with("urn:"), "entry id is an absolute IRI: {id}");
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        let updated = chrono::DateTime::parse_from_rfc3339(&text_of(e, ATOM, "updated")).expect("RFC 3339");
        let published = chrono::DateTime::parse_from_rfc3339(&text_of(e, ATOM, "published")).expect("RFC 3339");
        assert!(published <= updated);
        if let Some(prev) = last {
            assert!(published <= prev, "entries newest first");
        }
        last = Some(published);
        assert!(child(e, ATOM, "author").and_then(|a| child(a, ATOM, "name")).is_some(), "entry has an author");
        let link = e
            .children()
            .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("alternate"))
            .and_then(|l| l.attribute("href"))
            .expect("entry has an alternate link")
            .to_string();
        out.push((link, text_of(e, ATOM, "title")));
    }
    out
}

/// Checks an RSS 2.0 feed; returns its items' (link, title, pubDate).
fn check_rss(xml: &str) -> Vec<(String, String, chrono::DateTime<chrono::FixedOffset>)> {
    let doc = parse(xml);
    let rss = doc.root_element();
    assert_eq!((rss.tag_name().name(), rss.attribute("version")), ("rss", Some("2.0")));
    let channel = child(rss, "", "channel").expect("<channel>");
    for name in ["title", "link", "description"] {
        assert!(child(channel, "", name).is_some(), "channel has no <{name}>");
    }
    assert!(text_of(channel, "", "link").starts_with(BASE));
    let self_link = child(channel, ATOM, "link").expect("atom:link rel=self");
    assert!(self_link.attribute("href").unwrap().starts_with(BASE));
    channel
        .children()
        .filter(|c| c.tag_name().name() == "item")
        .map(|i| {
            let date = chrono::DateTime::parse_from_rfc2822(&text_of(i, "", "pubDate")).expect("pubDate is RFC 822");
            assert_eq!(text_of(i, "", "guid"), text_of(i, "", "link"));
            (text_of(i, "", "link"), text_of(i, "", "title"), date)
        })
        .collect()
}

#[test]
fn feeds_are_valid_atom_and_rss_with_absolute_urls_under_the_sub_path() {
    let s = news_site(BASE, "");
    s.build();
    let entries = check_atom(&s.read("atom.xml"), &format!("{BASE}atom.xml"));
    let links: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        links,
        [
            format!("{BASE}reports/midterm/"),
            format!("{BASE}reports/kickoff/"),
            format!("{BASE}reports/cixian/"),
            format!("{BASE}reports/other/")
        ]
    );
    assert!(
        entries.iter().any(|e| e.1 == "东光县第七轮项目建设百日攻坚强势开局 <&> \"开门红\""),
        "titles unescape exactly"
    );
    // The body's link to another report resolves to an absolute URL through xml:base.
    let atom = s.read("atom.xml");
    let doc = parse(&atom);
    let content = doc
        .descendants()
        .find(|n| n.tag_name().name() == "content" && n.text().is_some_and(|t| t.contains("倒排工期")))
        .unwrap();
    assert!(content.attribute(("http://www.w3.org/XML/1998/namespace", "base")).unwrap().starts_with(BASE));
    assert!(content.text().unwrap().contains("href=\"/news/reports/midterm/\""), "{:?}", content.text());
    let summary = doc
        .descendants()
        .find(|n| n.tag_name().name() == "summary" && n.text().is_some_and(|t| t.contains("时间过半")))
        .unwrap();
    assert_eq!(summary.text(), Some("时间过半、任务过半。"));

    let items = check_rss(&s.read("rss.xml"));
    assert_eq!(items.len(), 4);
    assert_eq!(items[2].2.to_rfc3339(), "2021-07-12T09:30:00+08:00", "the time of day survives RFC 822");

    let camp = check_atom(
        &s.read("campaigns/dongguang-2021-r7/atom.xml"),
        &format!("{BASE}campaigns/dongguang-2021-r7/atom.xml"),
    );
    assert_eq!(camp.len(), 2, "only the campaign's reports");
    check_rss(&s.read("campaigns/dongguang-2021-r7/rss.xml"));
    let county = check_atom(&s.read("counties/ci-xian/atom.xml"), &format!("{BASE}counties/ci-xian/atom.xml"));
    assert_eq!(county.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), [format!("{BASE}reports/cixian/")]);
    assert_eq!(check_rss(&s.read("counties/ci-xian/rss.xml")).len(), 1);
}

#[test]
fn atom_ids_stay_absolute_and_stable_when_base_url_has_no_host() {
    let s = news_site("/", "");
    s.build();
    let ids = |s: &Site| -> Vec<String> {
        let xml = s.read("atom.xml");
        parse(&xml)
            .descendants()
            .filter(|n| n.tag_name().name() == "id")
            .map(|n| n.text().unwrap().to_string())
            .collect()
    };
    let first = ids(&s);
    assert!(first.iter().all(|id| id.starts_with("urn:uuid:") && id.len() == 45), "{first:?}");
    assert_eq!(first.iter().collect::<HashSet<_>>().len(), first.len(), "ids are unique");
    s.build();
    assert_eq!(ids(&s), first, "a rebuild keeps every id");
    check_atom(&s.read("atom.xml"), "/atom.xml");
}

#[test]
fn the_sitemap_lists_every_page_with_its_last_change() {
    let s = news_site(BASE, "");
    s.build();
    let xml = s.read("sitemap.xml");
    let doc = parse(&xml);
    let urlset = doc.root_element();
    assert_eq!(urlset.tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let mut seen = BTreeSet::new();
    for u in urlset.children().filter(|n| n.is_element()) {
        let loc = text_of(u, "http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
        assert!(loc.starts_with(BASE), "{loc}");
        let file = loc.strip_prefix(BASE).unwrap();
        assert!(s.exists(&format!("{file}index.html")), "{loc} is a page of the site");
        let lastmod = child(u, "http://www.sitemaps.org/schemas/sitemap/0.9", "lastmod").and_then(|l| l.text());
        if let Some(l) = lastmod {
            chrono::NaiveDate::parse_from_str(l, "%Y-%m-%d").expect("W3C date");
        }
        assert!(seen.insert(loc.clone()), "{loc} listed twice");
    }
    let lastmod = |path: &str| {
        urlset
            .children()
            .find(|u| u.descendants().any(|n| n.text() == Some(&format!("{BASE}{path}"))))
            .and_then(|u| u.descendants().find(|n| n.tag_name().name() == "lastmod"))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(lastmod("reports/midterm/").as_deref(), Some("2021-09-20"), "updated wins over date");
    assert_eq!(lastmod("reports/kickoff/").as_deref(), Some("2021-08-10"));
    assert_eq!(lastmod("").as_deref(), Some("2021-09-20"), "the home page changes with its newest report");
    for page in ["", "reports/", "campaigns/dongguang-2021-r7/", "counties/ci-xian/", "projects/gre-steel/", "search/"]
    {
        assert!(seen.contains(&format!("{BASE}{page}")), "sitemap lacks {page}");
    }
    assert!(!seen.iter().any(|u| u.contains("404")), "the 404 page is not a page to index");
    // Crawlers read robots.txt only at a host's root (see tests/gov_site.rs).
    assert!(!s.exists("robots.txt"), "no robots.txt under the sub-path /news/");
}

/// Runs a query against a built index the way search.js does: converted
/// into the index's script when it ships `script.json`, then every token
/// must be present; returns the matching document paths, newest (highest
/// id) first.
fn query(s: &Site, dir: &str, q: &str) -> Vec<String> {
    let meta = s.read(&format!("{dir}search/index/meta.json"));
    let q: String = if meta.contains("\"script\":1") {
        let map: std::collections::HashMap<String, String> =
            serde_json::from_str(&s.read(&format!("{dir}search/index/script.json"))).unwrap();
        q.chars().map(|c| map.get(&c.to_string()).cloned().unwrap_or_else(|| c.to_string())).collect()
    } else {
        q.to_string()
    };
    let q = q.as_str();
    let number = |key: &str| -> u32 {
        meta.split(&format!("\"{key}\":")).nth(1).unwrap().split([',', '}']).next().unwrap().parse().unwrap()
    };
    let (shards, per_chunk) = (number("shards"), number("chunk"));
    let texts: Vec<String> = (0..shards).map(|k| s.read(&format!("{dir}search/index/t/{k}.txt"))).collect();
    let index = search::read_shards(texts.iter().map(String::as_str));
    let mut tokens = Vec::new();
    search::tokenize(q, |t| tokens.push(t.to_string()));
    let mut docs: Option<BTreeSet<u32>> = None;
    for t in &tokens {
        let has: BTreeSet<u32> = index.get(t).into_iter().flatten().map(|x| x.0).collect();
        docs = Some(match docs {
            Some(d) => d.intersection(&has).copied().collect(),
            None => has,
        });
    }
    let path = |d: u32| {
        let chunk = s.read(&format!("{dir}search/index/d/{}.json", d / per_chunk));
        chunk.lines().nth((d % per_chunk) as usize).unwrap().split('"').nth(1).unwrap().to_string()
    };
    docs.unwrap_or_default().into_iter().rev().map(path).collect()
}

#[test]
fn the_search_index_finds_chinese_words_inside_longer_ones() {
    let s = news_site(BASE, "");
    s.build();
    assert_eq!(
        query(&s, "", "百日攻坚"),
        ["reports/midterm/", "reports/kickoff/", "campaigns/dongguang-2021-r7/"],
        "in a title, or in the name of the report's campaign"
    );
    assert_eq!(query(&s, "", "强势开局"), ["reports/kickoff/"]);
    assert_eq!(
        query(&s, "", "攻坚"),
        ["reports/midterm/", "reports/kickoff/", "campaigns/dongguang-2021-r7/"],
        "newest first; the campaign page is found too"
    );
    assert_eq!(
        query(&s, "", "格锐恩"),
        ["reports/cixian/", "projects/gre-steel/"],
        "a project named only in the front-matter, and the project's own page"
    );
    assert_eq!(query(&s, "", "gdp"), ["reports/other/"]);
    assert_eq!(query(&s, "", "ＧＤＰ统计"), ["reports/other/"], "full-width letters and case do not matter");
    assert!(query(&s, "", "量子计算").is_empty());
    let meta = s.read("search/index/meta.json");
    assert!(meta.contains("\"base\":\"/news/\""), "{meta}");
}

#[test]
fn one_character_queries_are_answered_wherever_the_character_stands() {
    let s = news_site(BASE, "");
    s.build();
    assert_eq!(query(&s, "", "磁"), ["reports/cixian/", "projects/gre-steel/"], "inside 磁县 (the project's county)");
    assert_eq!(query(&s, "", "钢"), ["reports/cixian/", "projects/gre-steel/"], "inside 钢柱 and 钢能");
    assert_eq!(query(&s, "", "会"), ["reports/kickoff/", "reports/other/"], "推进会, 召开会议");
}

#[test]
fn either_script_finds_either_versions_pages() {
    let s = news_site(BASE, "hant_mirror: true\n");
    s.build();
    let expected = ["reports/midterm/", "reports/kickoff/", "campaigns/dongguang-2021-r7/"];
    assert_eq!(query(&s, "", "攻堅"), expected, "Traditional typed on the Simplified site");
    assert_eq!(query(&s, "zh-hant/", "攻坚"), expected, "Simplified typed on the 繁體 mirror");
    assert_eq!(query(&s, "zh-hant/", "攻堅"), expected);
    assert_eq!(query(&s, "", "東光縣 攻堅"), expected);
    let map = s.read("zh-hant/search/index/script.json");
    assert!(map.contains("\"坚\":\"堅\"") && !map.contains("\"堅\":"), "only the other script's forms are keys: {map}");
    let plain = news_site(BASE, "");
    plain.build();
    assert!(!plain.exists("search/index/script.json"), "no mirror, no map");
}

#[test]
fn the_search_index_is_sharded_and_proportionate() {
    let s = Site::new();
    let counties = ["东光县", "磁县", "闽侯县", "景乐县", "东阿县"];
    let mut text_bytes = 0;
    for i in 0..600 {
        let county = counties[i % counties.len()];
        let body = format!(
            "{county}第{i}号项目推进会召开。会议要求，各部门要紧盯目标任务，强化要素保障，\n加快征地拆迁进度，确保项目早开工、早投产、早见效。截至目前，全县已开工项目{}个，累计完成投资{}亿元。",
            i % 97,
            i * 7 % 311
        );
        text_bytes += body.len();
        s.write(
            &format!("content/reports/r{i}.md"),
            &format!(
                "---\ntitle: {county}项目建设攻坚第{i}期\ndate: 2021-{:02}-{:02}\ncounty: {county}\n---\n{body}\n",
                i % 12 + 1,
                i % 28 + 1
            ),
        );
    }
    s.build();
    let dir = s.public("search/index");
    let meta = s.read("search/index/meta.json");
    let shards: usize = meta.split("\"shards\":").nth(1).unwrap().split(',').next().unwrap().parse().unwrap();
    let size = |sub: &str| -> u64 {
        std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
    };
    let (postings, docs) = (size("t"), size("d"));
    let largest =
        std::fs::read_dir(dir.join("t")).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).max().unwrap();
    assert!(postings < text_bytes as u64, "postings {postings} B for {text_bytes} B of text");
    assert!(shards >= 4, "{meta}");
    assert!(
        largest * shards as u64 <= postings * 3,
        "no shard ({largest} B) far above the mean of {postings} B / {shards}"
    );
    assert!(
        docs > 0 && s.exists("search/index/d/11.json") && !s.exists("search/index/d/12.json"),
        "600 documents in chunks of 50"
    );
    // A token lives in exactly one shard.
    let holding = (0..shards)
        .filter(|k| s.read(&format!("search/index/t/{k}.txt")).lines().any(|l| l.starts_with("磁县 ")))
        .count();
    assert_eq!(holding, 1);
    // Bigrams need not be adjacent: 磁县第491号 …开工项目6个 also holds 磁县, 县第, 6 and 号.
    let found = query(&s, "", "磁县第6号");
    assert!(found.contains(&"reports/r6/".to_string()) && found.len() <= 3, "{found:?} of 120 磁县 reports");
}

/// Every `href`/`src` of the pages under `dir` that points into the site resolves to a file.
fn broken_links(s: &Site, dir: &str, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for file in list(&s.public(dir)).into_iter().filter(|f| f.ends_with(".html")) {
        let html = s.read(&format!("{dir}{file}"));
        let values =
            html.split(" href=\"").skip(1).chain(html.split(" src=\"").skip(1)).map(|v| v.split('"').next().unwrap());
        for part in values.filter(|p| p.starts_with(base_path)) {
            let path = part[base_path.len()..].split(['#', '?']).next().unwrap();
            let target =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            if !s.exists(&target) {
                broken.push(format!("{dir}{file} → {part}"));
            }
        }
    }
    broken
}

#[test]
fn the_hant_mirror_is_traditional_with_working_links_and_a_switch_to_each_twin() {
    let s = news_site(BASE, "hant_mirror: true\n");
    s.build();
    let hant = s.read("zh-hant/reports/kickoff/index.html");
    assert!(hant.contains("<html lang=\"zh-Hant\""));
    assert!(hant.contains("東光縣第七輪項目建設百日攻堅強勢開局"), "title in Traditional");
    assert!(hant.contains("為後來的工作打下基礎"), "phrase-level: 为→為, 后来→後來");
    assert!(!hant.contains("攻坚"), "no Simplified left");
    assert!(hant.contains("href=\"/news/zh-hant/reports/midterm/\""), "links stay in the mirror");
    assert!(hant.contains("href=\"/news/style.css\""), "static files are shared");
    assert!(hant.contains(&format!("<link rel=\"canonical\" href=\"{BASE}zh-hant/reports/kickoff/\">")));
    let hans = s.read("reports/kickoff/index.html");
    assert!(hans.contains("<html lang=\"zh-Hans\"") && hans.contains("百日攻坚"));
    for page in [&hans, &hant] {
        assert!(page.contains("<a href=\"/news/reports/kickoff/\" hreflang=\"zh-Hans\">"), "switch to 简体");
        assert!(page.contains("<a href=\"/news/zh-hant/reports/kickoff/\" hreflang=\"zh-Hant\">"), "switch to 繁體");
        assert!(page.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"{BASE}zh-hant/reports/kickoff/\">"
        )));
    }
    assert_eq!(broken_links(&s, "zh-hant/", "/news/"), Vec::<String>::new());
    assert_eq!(broken_links(&s, "", "/news/"), Vec::<String>::new());

    let entries = check_atom(&s.read("zh-hant/atom.xml"), &format!("{BASE}zh-hant/atom.xml"));
    assert!(entries.iter().all(|e| e.0.starts_with(&format!("{BASE}zh-hant/reports/"))), "{entries:?}");
    assert!(entries.iter().any(|e| e.1.starts_with("東光縣攻堅行動過半")));
    assert!(s.read("zh-hant/rss.xml").contains("<language>zh-tw</language>"));
    check_rss(&s.read("zh-hant/counties/ci-xian/rss.xml"));
    assert!(s.read("sitemap.xml").contains(&format!("<loc>{BASE}zh-hant/reports/kickoff/</loc>")));
    assert_eq!(query(&s, "zh-hant/", "強勢開局"), ["reports/kickoff/"], "the mirror's index is Traditional");
    assert_eq!(query(&s, "zh-hant/", "强势开局"), ["reports/kickoff/"], "a Simplified query is converted first");
    assert!(s.read("zh-hant/search/index/meta.json").contains("\"base\":\"/news/zh-hant/\""));
    assert!(s.read("zh-hant/search/index.html").contains("data-index=\"/news/zh-hant/search/index/\""));
}

#[test]
fn without_the_mirror_there_is_no_switch_and_no_zh_hant_folder() {
    let s = news_site(BASE, "");
    s.build();
    assert!(!s.exists("zh-hant"));
    let page = s.read("reports/kickoff/index.html");
    assert!(!page.contains("lang-switch") && !page.contains("hreflang"));
}

#[test]
fn language_zh_hant_makes_traditional_the_main_version() {
    let s = news_site(BASE, "language: zh-Hant\nhant_mirror: true\n");
    s.build();
    let main = s.read("reports/kickoff/index.html");
    assert!(main.contains("<html lang=\"zh-Hant\"") && main.contains("百日攻堅"), "the root is Traditional");
    let twin = s.read("zh-hans/reports/kickoff/index.html");
    assert!(twin.contains("<html lang=\"zh-Hans\"") && twin.contains("百日攻坚"), "the twin is Simplified");
    assert!(twin.contains("href=\"/news/zh-hans/reports/midterm/\""));
    assert!(s.read("atom.xml").contains("xml:lang=\"zh-Hant\""));
    assert_eq!(query(&s, "", "強勢開局"), ["reports/kickoff/"]);
    assert_eq!(broken_links(&s, "zh-hans/", "/news/"), Vec::<String>::new());
}

#[test]
fn pages_carry_language_canonical_and_open_graph_from_the_summary() {
    let s = news_site(BASE, "");
    s.build();
    let page = s.read("reports/midterm/index.html");
    assert!(page.contains("<html lang=\"zh-Hans\">"));
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{BASE}reports/midterm/\">")));
    assert!(page.contains(&format!("<meta property=\"og:url\" content=\"{BASE}reports/midterm/\">")));
    assert!(page.contains("<meta name=\"description\" content=\"时间过半、任务过半。\">"));
    assert!(page.contains("<meta property=\"og:description\" content=\"时间过半、任务过半。\">"));
    let kickoff = s.read("reports/kickoff/index.html");
    assert!(
        kickoff.contains("<meta property=\"og:description\" content=\"8月10日，东光县召开第七轮项目建设百日攻坚推进会，为后来的工作打下基础。\">"),
        "the text before <!-- more --> is the description"
    );
    let home = s.read("index.html");
    assert!(
        home.contains("<meta name=\"description\" content=\"东光县融媒体中心\">"),
        "a page without a summary falls back to the site"
    );
}
