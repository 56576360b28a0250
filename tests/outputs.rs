//! Outputs besides the website (`outputs:` in site.yaml): WeChat 公众号
//! articles that keep their look when pasted (inline styles only, charts as
//! PNGs with their labels drawn), share cards behind `og:image`, the 简报
//! page, and the warnings an editor needs (characters no font draws, an
//! article over WeChat's 20,000 characters, a font file that is not there).

mod common;
use common::*;

const OUTPUTS: &str = "title: 测试站\nbase_url: https://example.gov.cn/\nfooter: {organizer: 中共东光县委宣传部}\noutputs: [web, wechat, share, print]\nwechat: {account: 东光融媒, header: 点击上方蓝字关注, footer: 来源：东光县融媒体中心}\n";

fn site(yaml: &str) -> Site {
    let s = Site::with_campaign();
    s.write("site.yaml", yaml);
    s.write(
        "content/reports/w1.md",
        "---\ntitle: 第一期通报\ndate: 2021-08-20\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 40\ntargets:\n  - {name: 工业重点项目开工, target: 20, actual: 12, unit: 个}\n  - {name: 招商引资到位资金, target: 40, actual: 30, unit: 亿元}\n---\n开局良好，详见[通知](https://example.gov.cn/tz)。\n\n## 进展\n\n{{ chart(kind=\"targets\") }}\n\n| 乡镇 | 开工 |\n|---|---|\n| 连镇 | 5 |\n\n数据来自台账[^1]。\n\n[^1]: 截至8月19日。\n",
    );
    s.write(
        "content/reports/w2.md",
        "---\ntitle: 第二期通报\ndate: 2021-09-30\ncampaign: dongguang-2021-r7\nmetrics:\n  new_projects: 77\n---\n进展顺利。\n",
    );
    s
}

/// Every start tag of `html` as (name, attribute text).
fn start_tags(html: &str) -> Vec<(String, String)> {
    html.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/') && !t.starts_with('!'))
        .map(|t| {
            let t = &t[..t.find('>').expect("tag closes")];
            let (name, attrs) = t.split_once(' ').unwrap_or((t, ""));
            (name.to_ascii_lowercase(), attrs.to_string())
        })
        .collect()
}

/// The first left-aligned label of a chart's SVG: (x, baseline y, font size, text).
fn first_label(svg: &str) -> (f64, f64, f64, String) {
    let num = |t: &str, a: &str| -> f64 {
        let v = t.split(&format!(" {a}=\"")).nth(1).expect("attribute");
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let t = svg.split("<text ").skip(1).find(|t| !t[..t.find('>').unwrap()].contains("text-anchor")).expect("a label");
    let text = t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string();
    (num(&format!(" {t}"), "x"), num(&format!(" {t}"), "y"), num(&format!(" {t}"), "font-size"), text)
}

#[test]
fn a_wechat_article_has_only_inline_styles_and_png_charts_with_their_labels_drawn() {
    let s = site(OUTPUTS);
    s.build();
    let html = s.read("wechat/reports-w1.html");
    for bad in ["<style", "<script", "<link rel=\"stylesheet\"", " class=", " id=", "<svg", "<details"] {
        assert!(!html.contains(bad), "{bad} in the article:\n{html}");
    }
    let body = &html[html.find("<body").unwrap()..];
    for (name, attrs) in start_tags(body).into_iter().filter(|(n, _)| n != "br") {
        assert!(attrs.contains("style=\""), "<{name} {attrs}> has no inline style");
    }
    for shown in [
        "第一期通报",
        "东光融媒",
        "点击上方蓝字关注",
        "来源：东光县融媒体中心",
        "原文链接：https://example.gov.cn/reports/w1/",
        "连镇",
    ] {
        assert!(body.contains(shown), "{shown} missing:\n{body}");
    }
    // Footnote and web link as numbered end notes.
    assert!(
        body.contains("注释") && body.contains("[1] https://example.gov.cn/tz") && body.contains("[2] 截至8月19日。"),
        "{body}"
    );
    assert!(body.contains("<th style=\"") && body.contains("border:1px solid"), "tables styled inline: {body}");

    // The chart: a PNG at 2× whose label area has ink.
    let src = body.split("<img src=\"").nth(1).map(|s| &s[..s.find('"').unwrap()]).expect("an image");
    assert!(src.starts_with("img/") && src.ends_with(".png"), "{src}");
    let png = image::open(s.public(&format!("wechat/{src}"))).expect("a PNG").to_rgb8();
    assert!(png.width() >= 960, "{} px wide", png.width());
    let page = s.read("reports/w1/index.html");
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    let (x, y, size, label) = first_label(svg);
    let scale = png.width() as f64 / 480.0;
    let (x0, x1) = ((x * scale) as u32, ((x + size * label.chars().count() as f64) * scale) as u32);
    let (y0, y1) = (((y - size) * scale) as u32, (y * scale) as u32);
    let ink = (y0..y1)
        .flat_map(|py| (x0..x1).map(move |px| (px, py)))
        .filter(|&(px, py)| png.get_pixel(px, py)[0] < 128)
        .count();
    let area = ((x1 - x0) * (y1 - y0)) as usize;
    assert!(ink * 20 > area, "label {label:?}: {ink} dark pixels of {area}");

    // The editors' list names the article and the image to upload.
    let index = s.read("wechat/index.html");
    assert!(index.contains("reports-w1.html") && index.contains(src), "{index}");
    // Not linked from the site.
    assert!(!s.read("index.html").contains("wechat/"));
}

#[test]
fn outputs_are_byte_identical_across_builds() {
    let s = site(OUTPUTS);
    s.build();
    let files = [
        "wechat/reports-w1.html",
        "wechat/index.html",
        "reports/w1/share.png",
        "campaigns/dongguang-2021-r7/share.png",
    ];
    let first: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(s.public(f)).unwrap()).collect();
    // Drawn again, not taken from the PNG cache.
    std::fs::remove_dir_all(s.root().join(".gongjian").join("png")).unwrap();
    s.build();
    for (f, bytes) in files.iter().zip(first) {
        assert_eq!(std::fs::read(s.public(f)).unwrap(), bytes, "{f} changed");
    }
}

#[test]
fn report_and_campaign_pages_carry_og_tags_and_a_1200_by_630_share_card() {
    let s = site(OUTPUTS);
    s.build();
    for (page, card) in [
        ("reports/w1/index.html", "reports/w1/share.png"),
        ("campaigns/dongguang-2021-r7/index.html", "campaigns/dongguang-2021-r7/share.png"),
    ] {
        let html = s.read(page);
        for tag in ["og:title", "og:description", "og:url"] {
            assert!(html.contains(&format!("property=\"{tag}\"")), "{tag} missing on {page}");
        }
        assert!(
            html.contains(&format!("<meta property=\"og:image\" content=\"https://example.gov.cn/{card}\">")),
            "{page}"
        );
        let img = image::open(s.public(card)).expect("a PNG").to_rgb8();
        assert_eq!(img.dimensions(), (1200, 630));
        // The title is drawn: dark pixels in the title column.
        let dark = (160..330)
            .flat_map(|y| (64..560).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y)[0] < 100)
            .count();
        assert!(dark > 2000, "{card}: {dark} dark pixels where the title is");
    }
}

#[test]
fn without_share_cards_a_report_offers_its_first_photo_as_og_image() {
    let s = site("title: 测试站\nbase_url: https://example.gov.cn/\n");
    let photo = image::RgbImage::from_fn(1800, 900, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&photo).unwrap();
    s.write_bytes("content/reports/gongdi.jpg", &jpeg);
    s.write(
        "content/reports/w3.md",
        "---\ntitle: 第三期通报\ndate: 2021-10-10\ncampaign: dongguang-2021-r7\n---\n现场。\n\n![工地](gongdi.jpg)\n",
    );
    s.build();
    let html = s.read("reports/w3/index.html");
    let og = html.split("<meta property=\"og:image\" content=\"").nth(1).expect("an og:image");
    let og = &og[..og.find('"').unwrap()];
    assert!(og.starts_with("https://example.gov.cn/media/") && og.ends_with("-1600.jpg"), "{og}");
    let published = image::open(s.public(og.trim_start_matches("https://example.gov.cn/"))).expect("published");
    assert_eq!((published.width(), published.height()), (1600, 800));
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1600\">"), "{html}");
    assert!(html.contains("<meta property=\"og:image:height\" content=\"800\">"), "{html}");
    assert!(!s.read("reports/w1/index.html").contains("og:image"), "a report without a photo has none");
    // A share card, when the site makes them, comes first.
    s.write("site.yaml", OUTPUTS);
    s.build();
    let html = s.read("reports/w3/index.html");
    assert!(html.contains("<meta property=\"og:image\" content=\"https://example.gov.cn/reports/w3/share.png\">"));
    assert_eq!(html.matches("property=\"og:image\"").count(), 1, "{html}");
}

#[test]
fn by_default_there_are_print_pages_but_no_articles_or_cards() {
    let s = site("title: 测试站\nfooter: {organizer: 中共东光县委宣传部}\n");
    s.build();
    assert!(!s.exists("wechat/index.html") && !s.exists("reports/w1/share.png"));
    assert!(!s.read("reports/w1/index.html").contains("og:image"));
    let jb = s.read("campaigns/dongguang-2021-r7/jianbao/index.html");
    for shown in [
        "东光县第七轮项目建设百日攻坚简报",
        "第2期",
        "中共东光县委宣传部",
        "2021年9月30日",
        "第二期通报",
        "第一期通报",
        "新开工项目",
    ] {
        assert!(jb.contains(shown), "{shown} missing from the 简报");
    }
    assert!(jb.contains("@page") && jb.contains("size: A4"), "an A4 sheet");
    assert!(s
        .read("campaigns/dongguang-2021-r7/index.html")
        .contains("href=\"/campaigns/dongguang-2021-r7/jianbao/\""));
}

#[test]
fn characters_no_font_draws_are_named_not_dropped() {
    let s = site(OUTPUTS);
    s.write(
        "content/reports/w3.md",
        "---\ntitle: 第三期\ndate: 2021-10-10\ncampaign: dongguang-2021-r7\ntargets:\n  - {name: 𠀾村道路, target: 2, actual: 1, unit: 条}\n---\n{{ chart(kind=\"targets\") }}\n",
    );
    let err = stderr(&s.build());
    let line = err.lines().find(|l| l.contains("𠀾")).unwrap_or_else(|| panic!("no warning naming 𠀾:\n{err}"));
    assert!(line.contains("content/reports/w3.md") && line.contains("chart"), "{line}");
}

#[test]
fn a_font_file_that_is_not_there_is_an_error_naming_the_entry() {
    let s = site(&format!("{OUTPUTS}fonts: [fonts/missing.otf]\n"));
    let err = s.build_fails();
    assert!(err.contains("fonts/missing.otf") && err.contains("fonts[0]"), "{err}");
}

#[test]
fn an_article_over_20000_characters_is_pointed_out() {
    let s = site(OUTPUTS);
    s.write(
        "content/reports/long.md",
        &format!("---\ntitle: 长文\ndate: 2021-10-01\n---\n{}\n", "攻坚克难。".repeat(4200)),
    );
    let err = stderr(&s.build());
    assert!(err.contains("content/reports/long.md") && err.contains("20000"), "{err}");
    assert!(s.read("wechat/index.html").contains("超过 2 万字"));
}

#[test]
fn a_content_folder_named_wechat_is_refused_only_while_articles_are_made() {
    let s = site(OUTPUTS);
    s.write("content/wechat/guide.md", "---\ntitle: 公众号使用说明\ndate: 2021-08-01\n---\n说明。\n");
    let err = s.build_fails();
    assert!(err.contains("content/wechat/guide.md") && err.contains("/wechat/guide/"), "{err}");
    assert!(err.contains("WeChat articles"), "the message says what the folder is for: {err}");
    s.write("site.yaml", "title: 测试站\nbase_url: https://example.gov.cn/\nfooter: {organizer: 中共东光县委宣传部}\n");
    s.build();
    assert!(
        s.read("wechat/guide/index.html").contains("公众号使用说明"),
        "without the export the folder is the site's own"
    );
}
