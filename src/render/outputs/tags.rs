//! A small scanner over the HTML gongjian itself writes (Markdown output,
//! chart figures, photos): start tags with their attributes, end tags, text,
//! and each inline `<svg>…</svg>` whole.

/// One piece of HTML.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Text(&'a str),
    /// A start tag; `attrs` is the text after its name; `closed` for `<x/>`.
    Open {
        name: &'a str,
        attrs: &'a str,
        closed: bool,
    },
    Close(&'a str),
    /// A whole `<svg>…</svg>` element.
    Svg(&'a str),
}

/// The tokens of `html`. Comments and doctype are skipped.
pub fn tokens(html: &str) -> impl Iterator<Item = Token<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let Some(lt) = rest.find('<') else {
            return Some(Token::Text(std::mem::take(&mut rest)));
        };
        if lt > 0 {
            let (text, after) = rest.split_at(lt);
            rest = after;
            return Some(Token::Text(text));
        }
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |i| &rest[i + 3..]);
            continue;
        }
        if rest.starts_with("<svg") {
            let end = rest.find("</svg>").map_or(rest.len(), |i| i + 6);
            let (svg, after) = rest.split_at(end);
            rest = after;
            return Some(Token::Svg(svg));
        }
        let gt = tag_end(rest);
        let tag = &rest[1..gt];
        rest = &rest[(gt + 1).min(rest.len())..];
        if let Some(name) = tag.strip_prefix('/') {
            return Some(Token::Close(name.trim()));
        }
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closed = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attrs) = tag.split_once(|c: char| c.is_ascii_whitespace()).unwrap_or((tag, ""));
        return Some(Token::Open { name, attrs, closed });
    })
}

/// Where the tag starting `s` ends (its `>`, outside quoted values).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// The value of attribute `name` in a start tag's attribute text (as
/// written, entities left escaped).
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].rsplit(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                (&after[1..end], &after[(end + 1).min(after.len())..])
            }
            _ => after.split_at(after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len())),
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_svg() {
        let t: Vec<Token> = tokens("<p class=\"a>b\">x<!-- c --><br/><svg><text>1</text></svg></p>").collect();
        assert_eq!(
            t,
            vec![
                Token::Open { name: "p", attrs: "class=\"a>b\"", closed: false },
                Token::Text("x"),
                Token::Open { name: "br", attrs: "", closed: true },
                Token::Svg("<svg><text>1</text></svg>"),
                Token::Close("p"),
            ]
        );
    }

    #[test]
    fn attributes_by_name() {
        let a = "src=\"/a.jpg\" alt='工地' width=960 data-x=\"1\"";
        assert_eq!(attr(a, "src"), Some("/a.jpg"));
        assert_eq!(attr(a, "alt"), Some("工地"));
        assert_eq!(attr(a, "width"), Some("960"));
        assert_eq!(attr(a, "x"), None);
        assert_eq!(attr(a, "class"), None);
    }
}
