//! TEMPORARY STUB (replaced by the real module).
pub struct MarkdownOptions {
    pub unsafe_html: bool,
}
pub struct Shortcode {
    pub name: String,
    pub args: Vec<(String, ShortcodeArg)>,
    pub line: usize,
}
pub enum ShortcodeArg {
    Str(String),
    Num(f64),
    Bool(bool),
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}
pub struct Rendered {
    pub html: String,
    pub summary_html: Option<String>,
    pub first_paragraph: String,
    pub plain_text: String,
    pub char_count: usize,
    pub reading_minutes: u32,
    pub headings: Vec<Heading>,
}
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}
pub fn render(
    body: &str,
    _opts: &MarkdownOptions,
    _shortcode: &mut dyn FnMut(&Shortcode) -> Result<String, String>,
) -> Result<Rendered, MarkdownError> {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    Ok(Rendered {
        html,
        summary_html: None,
        first_paragraph: String::new(),
        plain_text: String::new(),
        char_count: 0,
        reading_minutes: 1,
        headings: vec![],
    })
}
