//! Markdown a Chinese writer can trust: the CJK-friendly emphasis amendment
//! against its own test suite, and plain CommonMark input left exactly as
//! pulldown-cmark renders it.

use gongjian::markdown::{render, MarkdownOptions, Rendered, Shortcode};

fn no_shortcodes(sc: &Shortcode) -> Result<String, String> {
    Err(format!("unexpected shortcode {}", sc.name))
}

fn render_with(body: &str, opts: MarkdownOptions) -> Rendered {
    render(body, &opts, &mut no_shortcodes).unwrap()
}

/// Cases of tests/data/cjk_friendly.tsv as (source group, Markdown, expected).
/// The reference implementations write `"` in text as `&quot;`, pulldown-cmark
/// as `"`; the same text either way.
fn suite() -> Vec<(String, String, String)> {
    let text = include_str!("data/cjk_friendly.tsv");
    let mut group = String::new();
    let mut cases = Vec::new();
    for line in text.lines() {
        if let Some(g) = line.strip_prefix("## ") {
            group = g.to_string();
        } else if let Some((input, expected)) = line.split_once('\t') {
            cases.push((group.clone(), input.to_string(), expected.replace("&quot;", "\"")));
        }
    }
    cases
}

#[test]
fn cjk_friendly_suite_passes() {
    let cases = suite();
    assert!(cases.len() > 100, "the suite file holds {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(group, input, expected)| {
            let html = render_with(input, MarkdownOptions::default()).html;
            let got = html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>\n")).unwrap_or(&html);
            (got != expected)
                .then(|| format!("[{group}]\n  input:    {input}\n  expected: {expected}\n  got:      {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn cjk_friendly_off_is_commonmark() {
    let opts = MarkdownOptions { cjk_friendly: false, ..Default::default() };
    let html = render_with("会议强调**“项目为王”**理念", opts).html;
    assert_eq!(html, "<p>会议强调**“项目为王”**理念</p>\n");
}

#[test]
fn chinese_reports_get_their_bold() {
    for (input, expected) in [
        ("会议强调**“项目为王”**理念", "<p>会议强调<strong>“项目为王”</strong>理念</p>\n"),
        ("**重点项目：**东光县新开工项目", "<p><strong>重点项目：</strong>东光县新开工项目</p>\n"),
        ("据**《河北日报》**报道", "<p>据<strong>《河北日报》</strong>报道</p>\n"),
        ("据*《河北日报》*报道", "<p>据<em>《河北日报》</em>报道</p>\n"),
        ("要求：__“三个一批”__", "<p>要求：<strong>“三个一批”</strong></p>\n"),
        ("已~~“暂缓”~~开工", "<p>已<del>“暂缓”</del>开工</p>\n"),
    ] {
        assert_eq!(render_with(input, MarkdownOptions::default()).html, expected, "{input}");
    }
}

/// Inputs of tests/data/commonmark_inputs.txt, each with its origin.
fn commonmark_inputs() -> Vec<(String, String)> {
    let text = include_str!("data/commonmark_inputs.txt");
    let mut examples: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("%%% ") {
            examples.push((name.to_string(), String::new()));
        } else if let Some((_, body)) = examples.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    examples
}

#[test]
fn commonmark_examples_render_the_same_with_the_cjk_rule() {
    let examples = commonmark_inputs();
    assert!(examples.len() > 650, "{} examples", examples.len());
    for unsafe_html in [false, true] {
        let on = MarkdownOptions { unsafe_html, cjk_friendly: true };
        let off = MarkdownOptions { unsafe_html, cjk_friendly: false };
        for (name, input) in &examples {
            let (a, b) = (render(input, &on, &mut no_shortcodes), render(input, &off, &mut no_shortcodes));
            assert_eq!(a, b, "{name}:\n{input}");
        }
    }
}

#[test]
fn commonmark_examples_match_plain_pulldown_cmark() {
    use pulldown_cmark::{html, Options, Parser};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    // Trusted mode passes HTML and URLs through; headings get ids, wide
    // characters lose line breaks and a paragraph loses a Word-style
    // `&nbsp;` indent on purpose, so those examples are left out.
    let trusted = MarkdownOptions { unsafe_html: true, cjk_friendly: true };
    let mut compared = 0;
    for (name, input) in
        commonmark_inputs().iter().filter(|(_, i)| !i.contains('#') && !i.contains("===") && !i.contains("&nbsp;"))
    {
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new_ext(input, opts));
        if plain.contains("<h") || input.contains("<!--") {
            continue;
        }
        assert_eq!(render(input, &trusted, &mut no_shortcodes).unwrap().html, plain, "{name}:\n{input}");
        compared += 1;
    }
    assert!(compared > 400, "only {compared} examples compared");
}

#[test]
fn the_rule_leaves_code_and_the_writers_own_characters_alone() {
    let opts = MarkdownOptions::default();
    let html = render_with("`**真，**她` 与 **真，**她", opts).html;
    assert_eq!(html, "<p><code>**真，**她</code> 与 <strong>真，</strong>她</p>\n");
    // Characters the rule could use as placeholders, typed by the writer.
    let typed = "私用\u{E000}\u{E001}与\u{1DA87}，**真，**她";
    let html = render_with(typed, opts).html;
    assert_eq!(html, "<p>私用\u{E000}\u{E001}与\u{1DA87}，<strong>真，</strong>她</p>\n");
}

#[test]
fn headings_and_plain_text_read_the_words_only() {
    let r = render_with(
        "## **重点项目：**东光县\n\n据**《河北日报》**报道，[**重点：**项目](x/)。",
        MarkdownOptions::default(),
    );
    assert_eq!(r.headings[0].text, "重点项目：东光县");
    assert_eq!(r.headings[0].id, "重点项目东光县");
    assert_eq!(r.plain_text, "重点项目：东光县 据《河北日报》报道，重点：项目。");
    assert!(r.html.contains("<a href=\"x/\"><strong>重点：</strong>项目</a>"), "{}", r.html);
}

/// Bodies stitched from the pieces that meet in these rules (CJK text and
/// punctuation, delimiter runs, tags a paste or a slip leaves, shortcodes,
/// escapes, indents, code) by a fixed pseudo-random sequence.
fn stitched_bodies() -> Vec<String> {
    const PIECES: &[&str] = &[
        "中文",
        "，",
        "“",
        "”",
        "《",
        "》",
        "：",
        "**",
        "*",
        "__",
        "_",
        "~~",
        "~",
        "\\",
        "\\{{",
        "{{ chart(kind=\"a\") }}",
        "<o:p>",
        "</o:p>",
        "<textarea>",
        "<script>",
        "</script>",
        "<st1:x a=1>",
        "<b>",
        "</b>",
        "`",
        "```\n",
        "\n",
        "\n\n",
        "　　",
        "&nbsp;",
        " ",
        "[",
        "](x)",
        "![",
        "]: y",
        "<",
        ">",
        "한",
        "·",
        "①",
        "[^1]",
        "a",
        "(",
        ")",
        "|",
        "<!-- more -->",
        "\u{E000}",
        "⸮",
        "<scr",
        "ipt>",
        "- ",
        "> ",
        "# ",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..3000)
        .map(|_| {
            let len = 1 + next() % 24;
            (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect()
        })
        .collect()
}

#[test]
fn stitched_bodies_never_panic_nor_leak_a_script() {
    let mut chart = |_: &Shortcode| Ok::<_, std::convert::Infallible>("<figure id=\"c\">图</figure>".to_string());
    for body in stitched_bodies() {
        let trusted = MarkdownOptions { unsafe_html: true, ..Default::default() };
        for opts in [MarkdownOptions::default(), MarkdownOptions { cjk_friendly: false, ..Default::default() }, trusted]
        {
            let Ok(r) = render(&body, &opts, &mut chart) else { continue };
            let script = r.html.to_ascii_lowercase().contains("<script");
            assert!(opts.unsafe_html || !script, "{body:?} -> {}", r.html);
            if !body.contains(['\u{E000}', '\u{1DA87}']) {
                let leaked = r.html.contains(['\u{E000}', '\u{E001}', '\u{1DA87}', '\u{1DA88}']);
                assert!(!leaked && !r.plain_text.contains(['\u{E000}', '\u{1DA87}']), "{body:?} -> {}", r.html);
            }
        }
    }
}
