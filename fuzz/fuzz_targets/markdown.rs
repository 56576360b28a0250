//! The Markdown renderer must never panic and never let a `<script>` through
//! when sanitising is on.
#![no_main]

use gongjian::markdown::{render, MarkdownOptions, Shortcode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let mut sc = |s: &Shortcode| match s.name == "chart" {
        true => Ok("<figure>chart</figure>".to_string()),
        false => Err(s.name.clone()),
    };
    if let Ok(r) = render(body, &MarkdownOptions { unsafe_html: false, ..Default::default() }, &mut sc) {
        assert!(!r.html.to_ascii_lowercase().contains("<script"), "script survived: {body:?} -> {}", r.html);
    }
});
