use super::*;
use crate::messages::render::Render;

fn sc_html(sc: &Shortcode) -> Result<String, Render> {
    Ok(format!("<sc-{}></sc-{}>", sc.name, sc.name))
}

fn md(body: &str) -> Rendered {
    render(body, &MarkdownOptions::default(), &mut sc_html).unwrap()
}

fn html(body: &str) -> String {
    md(body).html
}

fn trusted(body: &str) -> String {
    let opts = MarkdownOptions { unsafe_html: true, ..Default::default() };
    render(body, &opts, &mut sc_html).unwrap().html
}

fn err(body: &str) -> MarkdownError<Render> {
    render(body, &MarkdownOptions::default(), &mut sc_html).unwrap_err()
}

// --- soft line breaks -------------------------------------------------------

#[test]
fn soft_break_between_wide_chars_is_dropped() {
    assert_eq!(html("中文\n中文"), "<p>中文中文</p>\n");
    assert_eq!(html("一\n二\n三"), "<p>一二三</p>\n");
    assert_eq!(html("句子，\n中文"), "<p>句子，中文</p>\n");
    assert_eq!(html("结束。\n“引用”"), "<p>结束。“引用”</p>\n");
}

#[test]
fn soft_break_looks_through_inline_markup() {
    assert_eq!(html("**中文**\n中文"), "<p><strong>中文</strong>中文</p>\n");
    assert_eq!(html("中文\n**中文**"), "<p>中文<strong>中文</strong></p>\n");
    assert_eq!(html("*强调*\n*强调*"), "<p><em>强调</em><em>强调</em></p>\n");
    assert_eq!(html("中文\n[链接](x)"), "<p>中文<a href=\"x\">链接</a></p>\n");
    assert_eq!(html("[链接](x)\n中文"), "<p><a href=\"x\">链接</a>中文</p>\n");
    assert_eq!(html("~~删除~~\n中文"), "<p><del>删除</del>中文</p>\n");
    assert_eq!(html("中文\n***[链接](x)***"), "<p>中文<em><strong><a href=\"x\">链接</a></strong></em></p>\n");
}

#[test]
fn soft_break_next_to_latin_digits_or_code_stays() {
    assert_eq!(html("中文\nEnglish"), "<p>中文\nEnglish</p>\n");
    assert_eq!(html("English\n中文"), "<p>English\n中文</p>\n");
    assert_eq!(html("abc\ndef"), "<p>abc\ndef</p>\n");
    assert_eq!(html("中文\n`code`"), "<p>中文\n<code>code</code></p>\n");
    assert_eq!(html("`code`\n中文"), "<p><code>code</code>\n中文</p>\n");
    assert_eq!(html("数字\n2021"), "<p>数字\n2021</p>\n");
    assert_eq!(html("**bold**\n中文"), "<p><strong>bold</strong>\n中文</p>\n");
    assert_eq!(html("中文\n[link](x)"), "<p>中文\n<a href=\"x\">link</a></p>\n");
}

#[test]
fn hard_break_is_kept() {
    assert_eq!(html("中文  \n中文"), "<p>中文<br />\n中文</p>\n");
    assert_eq!(html("中文\\\n中文"), "<p>中文<br />\n中文</p>\n");
}

#[test]
fn soft_break_rule_in_plain_text_and_headings() {
    let r = md("标题第一行\n第二行\n===\n\n中文\n中文\nEnglish\n中文");
    assert_eq!(r.headings[0].text, "标题第一行第二行");
    assert_eq!(r.plain_text, "标题第一行第二行 中文中文 English 中文");
}

// --- sanitising -------------------------------------------------------------

#[test]
fn script_is_removed() {
    let h = html("<script>alert(1)</script>\n\n正文");
    assert!(!h.contains("<script") && !h.contains("alert"), "{h}");
    assert!(h.contains("<p>正文</p>"));
    let h = html("正文<script>alert(1)</script>结束");
    assert!(!h.contains("<script"), "{h}");
}

#[test]
fn event_handlers_are_removed() {
    let h = html("<img src=\"x.png\" onerror=\"alert(1)\">");
    assert!(!h.contains("onerror") && h.contains("src=\"x.png\""), "{h}");
    let h = html("文字 <span onclick=\"alert(1)\">点</span>");
    assert!(!h.contains("onclick") && h.contains("<span>点</span>"), "{h}");
}

#[test]
fn dangerous_urls_are_removed() {
    for body in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](javascript&#58;alert(1))",
        // Raw HTML elsewhere sends the body through ammonia as well.
        "<b>b</b> [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>",
    ] {
        let h = html(body);
        let lower = h.to_ascii_lowercase();
        let attr = |scheme: &str| lower.contains(&format!("=\"{scheme}:"));
        assert!(!attr("javascript") && !attr("vbscript") && !attr("data"), "{body} -> {h}");
    }
    assert_eq!(html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
}

#[test]
fn url_schemes() {
    for ok in ["https://a.cn/x", "http://a", "mailto:a@b.cn", "tel:123", "/a/b", "#top", "a/b:c", "?q=a:b", ""] {
        assert!(is_safe_url(ok), "{ok}");
    }
    for bad in
        ["javascript:x", " javascript:x", "java\tscript:x", "JAVASCRIPT:x", "data:text/html,x", "vbscript:x", "foo:bar"]
    {
        assert!(!is_safe_url(bad), "{bad}");
    }
}

#[test]
fn author_html_keeps_the_same_schemes_as_markdown_links() {
    for (scheme, kept) in [("https://a.cn/", true), ("webcal://a.cn/", true), ("bitcoin:1x", false), ("im:a", false)] {
        let md_link = html(&format!("[x]({scheme})"));
        let html_link = html(&format!("<a href=\"{scheme}\">x</a>"));
        assert_eq!(md_link.contains(scheme), kept, "{md_link}");
        assert_eq!(html_link.contains(scheme), kept, "{html_link}");
    }
}

#[test]
fn safe_links_and_images_survive() {
    let h = html("[链接](https://example.cn/a?b=1&c=2 \"标题\") ![图](/img/a.png)");
    assert!(h.contains("href=\"https://example.cn/a?b=1&amp;c=2\""), "{h}");
    assert!(h.contains("title=\"标题\"") && h.contains("<img src=\"/img/a.png\" alt=\"图\""), "{h}");
}

#[test]
fn heading_attributes_are_dropped_unless_trusted() {
    let h = html("# 标题 {#t .wide onclick=alert(1)}");
    assert!(!h.contains("onclick"), "{h}");
    assert!(h.contains("id=\"t\"") && h.contains("class=\"wide\""), "{h}");
    assert!(trusted("# 标题 {#t onclick=go}").contains("onclick=\"go\""));
}

#[test]
fn unsafe_html_passes_everything_through() {
    let h = trusted("<script>alert(1)</script>\n\n[x](javascript:go())");
    assert!(h.contains("<script>alert(1)</script>") && h.contains("href=\"javascript:go()\""), "{h}");
}

/// Our own markup must survive ammonia, which runs when raw HTML is present.
const RICH: &str = "\
# 标题 {#top}

## 项目概况

| 项目 | 投资 |
|:-----|-----:|
| 东光 | 93 |

正文[^1]

[^1]: 注释

- [x] 完成
- [ ] 未完成

```rust
fn main() {}
```

<details><summary>更多</summary>

内容

</details>
";

#[test]
fn own_markup_without_raw_html() {
    let h = html(&RICH.replace("<details><summary>更多</summary>", "").replace("</details>", ""));
    assert!(h.contains("<th style=\"text-align: left\">项目</th>"), "{h}");
    assert!(h.contains("<td style=\"text-align: right\">93</td>"), "{h}");
    assert!(h.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"), "{h}");
    assert!(h.contains("<code class=\"language-rust\">"), "{h}");
    assert!(h.contains("<h1 id=\"top\">"), "{h}");
}

#[test]
fn own_markup_survives_sanitising() {
    let h = html(RICH);
    assert!(h.contains("<h1 id=\"top\">标题</h1>"), "{h}");
    assert!(h.contains("<h2 id=\"项目概况\">项目概况</h2>"), "{h}");
    assert!(h.contains("<table>") && h.contains("<thead>") && h.contains("<td"), "{h}");
    assert!(h.contains("style=\"text-align:left\"") || h.contains("style=\"text-align: left\""), "{h}");
    assert!(h.contains("class=\"footnote-reference\"") && h.contains("href=\"#1\""), "{h}");
    assert!(h.contains("class=\"footnote-definition\"") && h.contains("id=\"1\""), "{h}");
    assert!(h.contains("class=\"footnote-definition-label\""), "{h}");
    assert_eq!(h.matches("type=\"checkbox\"").count(), 2, "{h}");
    assert_eq!(h.matches("disabled=\"\"").count(), 2, "{h}");
    assert_eq!(h.matches("checked=\"\"").count(), 1, "{h}");
    assert!(h.contains("<code class=\"language-rust\">"), "{h}");
    assert!(h.contains("<details><summary>更多</summary>"), "{h}");
}

#[test]
fn sanitiser_limits_inputs_styles_and_classes() {
    let h = html("<input type=\"text\" value=\"x\"> <p style=\"color:red\" class=\"a\">x</p>");
    assert!(!h.contains("text") && !h.contains("value") && !h.contains("color"), "{h}");
    assert!(h.contains("<input disabled=\"\">"), "{h}");
    let h = html("<code class=\"language-a&quot;onmouseover=x\">c</code>");
    assert!(h.contains("class=\"language-aonmouseoverx\""), "{h}");
}

// --- headings ---------------------------------------------------------------

#[test]
fn heading_ids_are_unique() {
    let r = md("# 项目概况\n\n## 项目概况\n\n## 项目概况\n\n### Hello, World!");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["项目概况", "项目概况-1", "项目概况-2", "hello-world"]);
    assert!(r.html.contains("<h2 id=\"项目概况-1\">项目概况</h2>"), "{}", r.html);
    assert_eq!(r.headings[3], Heading { level: 3, id: "hello-world".into(), text: "Hello, World!".into() });
}

#[test]
fn custom_heading_ids_win_and_are_reserved() {
    let r = md("# 概况\n\n# 标题 {#概况}\n\n# 其他 {#x}");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["概况-1", "概况", "x"]);
    assert_eq!(r.headings[1].text, "标题");
}

#[test]
fn heading_text_is_plain() {
    let r = md("## 使用 `npm` **安装**，[链接](x)\n\n#####");
    assert_eq!(r.headings[0].text, "使用 npm 安装，链接");
    assert_eq!(r.headings[0].id, "使用-npm-安装链接");
    assert_eq!(r.headings[1].id, "section");
}

// --- shortcodes -------------------------------------------------------------

#[test]
fn block_shortcode_has_no_paragraph() {
    assert_eq!(html("前文\n\n{{ chart(id=\"a\") }}\n\n后文"), "<p>前文</p>\n<sc-chart></sc-chart>\n<p>后文</p>\n");
    // Its own line inside a paragraph still splits it.
    assert_eq!(html("前文\n  {{ chart() }}  \n后文"), "<p>前文</p>\n<sc-chart></sc-chart>\n<p>后文</p>\n");
    assert_eq!(html("{{ a() }}\n{{ b() }}"), "<sc-a></sc-a>\n<sc-b></sc-b>\n");
}

#[test]
fn inline_shortcode_stays_in_text() {
    assert_eq!(html("文字{{ icon(name=\"x\") }}文字"), "<p>文字<sc-icon></sc-icon>文字</p>\n");
    assert_eq!(html("- {{ icon() }} 项目"), "<ul>\n<li><sc-icon></sc-icon> 项目</li>\n</ul>\n");
}

#[test]
fn shortcode_arguments_and_lines() {
    let mut seen = Vec::new();
    let body = "第一行\n\n{{ chart(title=\"投资 \\\"进度\\\"\", n=3, ratio=-0.5, on=true, off=false, s='单') }}\n\n\
                文字 {{icon()}} 与 {{ map(\n  lat=38.1,\n  lng=116.5,\n) }}";
    render::<std::convert::Infallible>(body, &MarkdownOptions::default(), &mut |sc| {
        seen.push(sc.clone());
        Ok(String::new())
    })
    .unwrap();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].name, "chart");
    assert_eq!(seen[0].line, 3);
    assert_eq!(
        seen[0].args,
        vec![
            ("title".to_string(), ShortcodeArg::Str("投资 \"进度\"".into())),
            ("n".to_string(), ShortcodeArg::Num(3.0)),
            ("ratio".to_string(), ShortcodeArg::Num(-0.5)),
            ("on".to_string(), ShortcodeArg::Bool(true)),
            ("off".to_string(), ShortcodeArg::Bool(false)),
            ("s".to_string(), ShortcodeArg::Str("单".into())),
        ]
    );
    assert_eq!((seen[1].name.as_str(), seen[1].line, seen[1].args.len()), ("icon", 5, 0));
    assert_eq!((seen[2].name.as_str(), seen[2].line, seen[2].args.len()), ("map", 5, 2));
}

#[test]
fn shortcodes_in_code_stay_literal() {
    let mut calls = 0;
    let body = "```\n{{ chart() }}\n```\n\n`{{ chart() }}`\n\n    {{ chart() }}\n\n~~~~md\n{{ x(\n~~~~\n\n<!-- {{ chart() }} -->";
    let r = render::<std::convert::Infallible>(body, &MarkdownOptions::default(), &mut |_| {
        calls += 1;
        Ok("X".into())
    })
    .unwrap();
    assert_eq!(calls, 0);
    assert_eq!(r.html.matches("{{ chart() }}").count(), 3, "{}", r.html);
    assert!(r.html.contains("<code>{{ chart() }}</code>"), "{}", r.html);
    assert!(r.html.contains("{{ x(\n"), "{}", r.html);
}

#[test]
fn shortcodes_in_comments_stay_literal_and_others_expand() {
    for (body, expanded) in [
        ("<!-- {{ chart() }} -->\n\n<!--more-->\n\n{{ chart() }}", 1),
        ("引言\n\n<!--more-->\n\n正文\n\n{{ chart() }}", 1),
        ("<!--\n{{ chart() }}\n-->\n\n{{ chart() }}\n\n段落 <!-- 注 --> {{ chart() }}", 2),
    ] {
        let mut calls = 0;
        let r = render::<std::convert::Infallible>(body, &MarkdownOptions::default(), &mut |_| {
            calls += 1;
            Ok("<figure>X</figure>".into())
        })
        .unwrap();
        assert_eq!(calls, expanded, "{body:?}");
        assert_eq!(r.html.matches("<figure>X</figure>").count(), expanded, "{}", r.html);
    }
}

#[test]
fn non_shortcode_braces_are_text() {
    assert_eq!(html("{{ page.title }} 与 {{ 中文 }} 和 {{"), "<p>{{ page.title }} 与 {{ 中文 }} 和 {{</p>\n");
    assert_eq!(html("{{{ icon() }}}"), "<p>{<sc-icon></sc-icon>}</p>\n");
}

#[test]
fn shortcode_errors_carry_the_body_line() {
    let e = render("一\n二\n\n{{ chart(id=1) }}", &MarkdownOptions::default(), &mut |sc| {
        Err(Render::UnknownShortcode { name: sc.name.clone() })
    })
    .unwrap_err();
    assert_eq!(e, MarkdownError::Shortcode { line: 4, error: Render::UnknownShortcode { name: "chart".into() } });
    assert_eq!(e.to_string(), "line 4: unknown shortcode `chart`: the only shortcode is chart(kind=\"…\")");

    let e = err("一\n\n二 {{ chart(x=) }}");
    assert_eq!(e.line(), 3);
    assert!(e.message().contains("value for `x`"), "{}", e.message());
    let e = err("一\n{{ chart(a=1\n\n正文");
    assert_eq!(e.line(), 2);
    assert!(e.message().contains("chart"), "{}", e.message());
    let e = err("{{ chart(a=1, b=2)");
    assert!(e.message().contains("not closed"), "{}", e.message());
    assert!(err("{{ c(t=\"abc) }}").message().contains("value for `t`"));
    assert!(err("{{ c(a=1 b=2) }}").message().contains("`,` or `)`"));
    assert!(err("{{ c(a=1, a=2) }}").message().contains("twice"));
    assert!(err("{{ c(1=2) }}").message().contains("argument name"));
    assert!(err("{{ c(a=yes) }}").message().contains("value for `a`"));
    assert!(err("{{ c(a=nan) }}").message().contains("value for `a`"));
}

#[test]
fn shortcode_output_is_trusted_and_kept_out_of_text() {
    let body = "<b>raw</b> 文字\n\n{{ chart() }}\n\n{{ inline() }}结尾";
    let r = render::<std::convert::Infallible>(body, &MarkdownOptions::default(), &mut |sc| {
        Ok(format!("<script>draw('{}')</script>", sc.name))
    })
    .unwrap();
    assert!(r.html.contains("<script>draw('chart')</script>"), "{}", r.html);
    assert!(r.html.contains("<p><script>draw('inline')</script>结尾</p>"), "{}", r.html);
    assert_eq!(r.plain_text, "raw 文字 结尾");
    assert!(!r.html.contains("GJSC"));
}

#[test]
fn token_prefix_never_collides_with_text() {
    let r = md("GJSCPH0END 和 GJSCXPH 与 {{ a() }}");
    assert_eq!(r.html, "<p>GJSCPH0END 和 GJSCXPH 与 <sc-a></sc-a></p>\n");
}

// --- summary, text, counts --------------------------------------------------

#[test]
fn summary_before_more_marker() {
    let r = md("引言**第一段**\n\n<!-- more -->\n\n正文");
    assert_eq!(r.summary_html.as_deref(), Some("<p>引言<strong>第一段</strong></p>\n"));
    assert_eq!(r.html, "<p>引言<strong>第一段</strong></p>\n<p>正文</p>\n");
    assert_eq!(md("引言\n<!--more-->\n正文").summary_html.as_deref(), Some("<p>引言</p>\n"));
    assert_eq!(md("没有标记").summary_html, None);
}

#[test]
fn summary_strips_shortcodes_and_is_sanitised_and_balanced() {
    let r = md("引言{{ icon() }}\n\n{{ chart() }}\n\n<script>x()</script>\n\n<!-- more -->\n\n正文");
    let s = r.summary_html.unwrap();
    assert_eq!(s.trim_end(), "<p>引言</p>", "{s}");
    assert!(r.html.contains("<sc-icon>") && r.html.contains("<sc-chart>"));
    let s = md("- 一\n- 二 <!-- more -->\n- 三").summary_html.unwrap();
    assert_eq!(s, "<ul>\n<li>一</li>\n<li>二 </li>\n</ul>\n");
}

#[test]
fn first_paragraph_and_plain_text() {
    let r = md("# 标题\n\n{{ chart() }}\n\n第一段**加粗**\n文字，`code` 与 [链接](x)。\n\n第二段 English words\n\n- 项目一\n- 项目二\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    assert_eq!(r.first_paragraph, "第一段加粗文字，code 与 链接。");
    assert_eq!(r.plain_text, "标题 第一段加粗文字，code 与 链接。 第二段 English words 项目一 项目二 a b 1 2");
    assert_eq!(r.char_count, text::count_chars(&r.plain_text));
    assert_eq!(r.reading_minutes, 1);
    assert_eq!(md("<div>块 <b>内容</b></div>\n\n段落").plain_text, "块 内容 段落");
    assert_eq!(md("").first_paragraph, "");
}

#[test]
fn counts_mixed_text() {
    let r = md("东光县完成投资32.98亿元，R7 项目 on track。");
    assert_eq!(r.char_count, 15);
    let long = "攻坚".repeat(500);
    assert_eq!(md(&long).reading_minutes, 3);
}

#[test]
fn large_body_renders() {
    // Guards against quadratic work: many shortcodes, breaks and headings.
    let mut body = String::new();
    for i in 0..3000 {
        body.push_str(&format!("## 第{i}节\n\n中文\n**中文**\nEnglish {{{{ icon(n={i}) }}}}\n\n"));
    }
    let r = md(&body);
    assert_eq!(r.headings.len(), 3000);
    assert_eq!(r.html.matches("<sc-icon>").count(), 3000);
}
