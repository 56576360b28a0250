//! The one pass over the parser's events: rewrites them for output (soft
//! line breaks between Chinese characters, unsafe URLs, Word-style indents,
//! charts lifted out of paragraphs) and gathers plain text, headings and the
//! summary cut.

use crate::messages::render::Place;
use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::cjk_emphasis::Placeholders;
use super::shortcode::{splice, Expanded};
use super::{is_inline, is_more_marker, is_safe_url, is_transparent_html, open_tags, Heading};
use crate::text;

/// Positions are indices in `out` or byte offsets in `plain`.
#[derive(Default)]
pub(super) struct Walker<'a, 'x> {
    pub ex: Option<&'x Expanded<'x>>,
    pub unsafe_html: bool,
    /// Characters the CJK emphasis pass put into the source, dropped from text.
    pub placeholders: Option<Placeholders>,
    pub out: Vec<Event<'a>>,
    /// Plain text with whitespace collapsed; `space` is a pending separator.
    pub plain: String,
    space: bool,
    pub first: String,
    first_start: Option<usize>,
    /// Open heading (start event, text start); closed ones with level and text.
    heading: Option<(usize, usize)>,
    headings: Vec<(usize, u8, String)>,
    custom_ids: HashSet<String>,
    last_char: Option<char>,
    /// Soft break waiting for the next character, and whether the one
    /// before it joins across a line break.
    soft: Option<(usize, bool)>,
    pub more_at: Option<usize>,
    pub raw_html: bool,
    pub raw_html_in_summary: bool,
    in_paragraph: bool,
    /// Open links and images: a shortcode there would land in an attribute.
    in_link: usize,
    /// Right after a paragraph starts: Word's indent (全角空格, `&nbsp;`) goes.
    at_paragraph_start: bool,
    /// The first shortcode where none may stand: its line and the place.
    pub misplaced: Option<(usize, Place)>,
}

/// Characters Word and WPS indent paragraphs with.
fn is_indent(c: char) -> bool {
    matches!(c, '\u{3000}' | '\u{a0}' | ' ')
}

impl<'a, 'x> Walker<'a, 'x> {
    pub fn new(ex: &'x Expanded<'x>, unsafe_html: bool, placeholders: Option<Placeholders>) -> Self {
        Walker { ex: Some(ex), unsafe_html, placeholders, ..Default::default() }
    }

    pub fn event(&mut self, mut ev: Event<'a>) {
        let at_paragraph_start = std::mem::take(&mut self.at_paragraph_start);
        match &mut ev {
            Event::Text(t) => return self.text(std::mem::replace(t, CowStr::Borrowed("")), at_paragraph_start),
            Event::Code(t) => {
                // Opaque to the soft-break rule, yet no word boundary.
                self.flush_soft_break(None);
                self.last_char = None;
                self.push_text(t);
                return self.out.push(ev);
            }
            Event::SoftBreak => {
                self.flush_soft_break(None);
                let joins = self.last_char.take().is_some_and(text::joins_across_line_break);
                self.soft = Some((self.out.len(), joins));
                return self.out.push(ev);
            }
            // Invisible in the text: a line break around it joins as if it were not there.
            Event::FootnoteReference(_) => return self.out.push(ev),
            Event::Html(h) | Event::InlineHtml(h) if self.more_at.is_none() && is_more_marker(h) => {
                self.flush_soft_break(None);
                self.more_at = Some(self.out.len());
                return;
            }
            Event::InlineHtml(h) if is_transparent_html(h) => {
                self.note_raw_html();
                return self.out.push(ev);
            }
            Event::Html(_) | Event::InlineHtml(_) => self.note_raw_html(),
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                self.shortcode_not_allowed(dest_url, Place::LinkAddress);
                self.shortcode_not_allowed(title, Place::LinkTitle);
                if !self.unsafe_html && !is_safe_url(dest_url) {
                    *dest_url = "".into();
                }
                self.in_link += 1;
                return self.out.push(ev);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_link = self.in_link.saturating_sub(1);
                return self.out.push(ev);
            }
            Event::Start(Tag::Heading { id, attrs, .. }) => {
                self.heading = Some((self.out.len(), self.plain.len()));
                self.custom_ids.extend(id.as_ref().map(|id| id.to_string()));
                if !self.unsafe_html {
                    attrs.clear(); // `{onclick=...}` would reach the page unchecked
                }
            }
            Event::Start(Tag::Paragraph) => {
                if self.first.is_empty() {
                    self.first_start = Some(self.plain.len());
                }
                self.in_paragraph = true;
                self.at_paragraph_start = true;
            }
            Event::Start(tag) if is_inline(&tag.to_end()) => return self.out.push(ev),
            Event::End(end) if is_inline(end) => return self.out.push(ev),
            Event::End(TagEnd::Paragraph) => {
                self.in_paragraph = false;
                self.trim_paragraph_end();
                if matches!(self.out.last(), Some(Event::Start(Tag::Paragraph))) {
                    self.remove_event(self.out.len() - 1); // emptied by a lifted chart or a Word indent
                    return;
                }
                if let Some(start) = self.first_start.take() {
                    self.first = self.plain[start..].trim().to_string();
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, start)) = self.heading.take() {
                    let text = self.plain[start..].trim().to_string();
                    self.headings.push((at, *level as u8, text));
                }
            }
            _ => {}
        }
        // Everything else ends a word and the look for the character after a
        // soft break (which then stays).
        self.flush_soft_break(None);
        self.last_char = None;
        self.space = true;
        if let Event::Html(h) = &ev {
            self.raw_text(h);
        }
        self.out.push(ev);
    }

    fn text(&mut self, mut t: CowStr<'a>, at_paragraph_start: bool) {
        if let Some(ph) = self.placeholders.filter(|ph| ph.in_text(&t)) {
            t = t.replace(|c| ph.is_placeholder(c), "").into();
        }
        match self.ex.filter(|ex| ex.token_in(&t).is_some()) {
            Some(ex) => self.text_with_shortcodes(&t, ex, at_paragraph_start),
            None => self.text_run(t, at_paragraph_start),
        }
    }

    fn text_run(&mut self, mut t: CowStr<'a>, at_paragraph_start: bool) {
        let indented = t.starts_with(is_indent);
        if indented && self.soft.is_some() && self.in_paragraph && self.open_inline() == 0 {
            // A line indented the Word way starts a paragraph of its own.
            let (at, _) = self.soft.take().expect("checked");
            self.remove_event(at);
            self.event(Event::End(TagEnd::Paragraph));
            self.event(Event::Start(Tag::Paragraph));
            self.at_paragraph_start = false;
            return self.text_run(t, true);
        }
        if at_paragraph_start && indented {
            t = t.trim_start_matches(is_indent).to_string().into();
        }
        if t.is_empty() {
            self.at_paragraph_start = at_paragraph_start;
            return;
        }
        if let Some(c) = t.chars().next() {
            self.flush_soft_break(Some(c));
        }
        self.last_char = t.chars().next_back().or(self.last_char);
        self.push_text(&t);
        self.out.push(Event::Text(t));
    }

    /// Text holding shortcode tokens: block output (a chart) inside a
    /// paragraph or emphasis closes them before it and opens them again
    /// after it, as `<figure>` cannot stand in `<p>` or `<strong>`.
    fn text_with_shortcodes(&mut self, t: &str, ex: &Expanded, mut fresh: bool) {
        let mut rest = t;
        while let Some(i) = ex.token_in(rest) {
            let token = ex.token(i);
            let Some(at) = rest.find(&token) else { break };
            if self.in_link > 0 || self.heading.is_some() {
                self.fail(i, if self.in_link > 0 { Place::LinkText } else { Place::Heading });
            }
            let open: Vec<TagEnd> = match ex.is_block(i) {
                true => open_tags(&self.out).into_iter().filter(is_inline).collect(),
                false => Vec::new(),
            };
            let in_paragraph = self.in_paragraph;
            if !ex.is_block(i) || (!in_paragraph && open.is_empty()) {
                self.text_run(rest[..at + token.len()].to_string().into(), fresh);
            } else {
                self.text_run(rest[..at].to_string().into(), fresh);
                for end in open.iter().rev() {
                    self.close(*end);
                }
                if in_paragraph {
                    self.close(TagEnd::Paragraph);
                }
                self.out.push(Event::Html(format!("{token}\n").into()));
                if in_paragraph {
                    self.event(Event::Start(Tag::Paragraph));
                    self.at_paragraph_start = false;
                }
                self.out.extend(open.into_iter().map(|end| Event::Start(reopen(end))));
            }
            fresh = self.in_paragraph && matches!(self.out.last(), Some(Event::Start(_)));
            rest = &rest[at + token.len()..];
        }
        if !rest.is_empty() {
            self.text_run(rest.to_string().into(), fresh);
        }
    }

    /// Ends `end`, or drops its start when nothing has come since.
    fn close(&mut self, end: TagEnd) {
        let empty = matches!(self.out.last(), Some(Event::Start(tag)) if tag.to_end() == end);
        if empty && end != TagEnd::Paragraph {
            self.remove_event(self.out.len() - 1);
        } else {
            self.event(Event::End(end));
        }
    }

    /// Removes `out[at]`, keeping the summary cut on the same event.
    fn remove_event(&mut self, at: usize) {
        self.out.remove(at);
        if let Some(more) = self.more_at.as_mut().filter(|more| **more > at) {
            *more -= 1;
        }
    }

    fn open_inline(&self) -> usize {
        open_tags(&self.out).iter().filter(|e| is_inline(e)).count()
    }

    /// Word pastes end paragraphs with `&nbsp;` and full-width spaces too.
    fn trim_paragraph_end(&mut self) {
        while let Some(Event::Text(t)) = self.out.last_mut() {
            if !t.ends_with(is_indent) {
                break;
            }
            *t = t.trim_end_matches(is_indent).to_string().into();
            if !t.is_empty() {
                break;
            }
            self.remove_event(self.out.len() - 1);
        }
    }

    fn shortcode_not_allowed(&mut self, s: &str, place: Place) {
        if let Some(i) = self.ex.and_then(|ex| ex.token_in(s)) {
            self.fail(i, place);
        }
    }

    fn fail(&mut self, i: usize, place: Place) {
        let line = self.ex.map_or(0, |ex| ex.lines[i]);
        self.misplaced.get_or_insert((line, place));
    }

    fn note_raw_html(&mut self) {
        self.raw_html = !self.unsafe_html;
        self.raw_html_in_summary |= self.raw_html && self.more_at.is_none();
    }

    /// Settles a pending soft break once the next character is known: the
    /// key CJK rule, no space between two Chinese characters joined by a
    /// source line break, even across emphasis or link markup.
    pub fn flush_soft_break(&mut self, next: Option<char>) {
        let Some((at, prev_joins)) = self.soft.take() else {
            return;
        };
        if prev_joins && next.is_some_and(text::joins_across_line_break) {
            self.remove_event(at);
        } else {
            self.space = true;
        }
    }

    /// Appends to `plain`, collapsing whitespace and leaving out shortcodes.
    fn push_text(&mut self, t: &str) {
        let stripped;
        let mut t = t;
        if let Some(ex) = self.ex.filter(|ex| !ex.outputs.is_empty() && text::find_ascii(t, &ex.prefix).is_some()) {
            stripped = splice(t.to_string(), ex, true);
            t = &stripped;
        }
        // Word by word, not char by char: a report's text is long runs of
        // Chinese without a space, copied whole.
        let mut rest = t;
        while !rest.is_empty() {
            let word_start = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            if word_start > 0 {
                self.space = true;
                rest = &rest[word_start..];
                continue;
            }
            let end = text::find_whitespace(rest).unwrap_or(rest.len());
            if std::mem::take(&mut self.space) && !self.plain.is_empty() {
                self.plain.push(' ');
            }
            self.plain.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }

    /// Visible text of a raw HTML block line: what is outside `<...>`.
    fn raw_text(&mut self, h: &str) {
        for (i, part) in h.split('<').enumerate() {
            self.push_text(part.split_once('>').map_or(if i == 0 { part } else { "" }, |p| p.1));
            self.space = true;
        }
    }

    /// Custom ids are taken first so an earlier automatic id never collides
    /// with one; automatic ids follow in order, made unique with `-1`, `-2`.
    pub fn heading_ids(&mut self) -> Vec<Heading> {
        let mut used = std::mem::take(&mut self.custom_ids);
        let mut headings = Vec::with_capacity(self.headings.len());
        for (at, level, text) in std::mem::take(&mut self.headings) {
            let Some(Event::Start(Tag::Heading { id, .. })) = self.out.get_mut(at) else {
                continue;
            };
            let id = id.get_or_insert_with(|| {
                let base = text::anchor_id(&text);
                let (mut unique, mut n) = (base.clone(), 0);
                while !used.insert(unique.clone()) {
                    n += 1;
                    unique = format!("{base}-{n}");
                }
                unique.into()
            });
            let id = id.to_string();
            headings.push(Heading { level, id, text });
        }
        headings
    }
}

/// The start tag for an inline end tag closed around a lifted chart.
fn reopen(end: TagEnd) -> Tag<'static> {
    match end {
        TagEnd::Strong => Tag::Strong,
        TagEnd::Strikethrough => Tag::Strikethrough,
        TagEnd::Superscript => Tag::Superscript,
        TagEnd::Subscript => Tag::Subscript,
        _ => Tag::Emphasis,
    }
}
