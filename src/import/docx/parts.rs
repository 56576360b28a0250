//! The side parts of a .docx the body refers to: relationships (images,
//! hyperlinks), style names, list numbering formats and footnote texts.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An attribute by local name (`w:val` and `val` alike: WPS and Word differ in prefixes).
pub fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// One step through a part's XML.
enum Ev<'a> {
    /// An element opens (`true`: and closes at once, `<x/>`).
    Start(&'a BytesStart<'a>, bool),
    End(&'a [u8]),
    Text(&'a str),
}

fn each(xml: &str, mut f: impl FnMut(Ev)) {
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => f(Ev::Start(&e, false)),
            Ok(Event::Empty(e)) => f(Ev::Start(&e, true)),
            Ok(Event::End(e)) => f(Ev::End(e.local_name().as_ref())),
            Ok(Event::Text(t)) => f(Ev::Text(&t.unescape().unwrap_or_default())),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// Relationship id → (target, external).
pub fn rels(xml: &str) -> HashMap<String, (String, bool)> {
    let mut out = HashMap::new();
    each(xml, |ev| {
        if let Ev::Start(e, _) = ev {
            if e.local_name().as_ref() == b"Relationship" {
                if let (Some(id), Some(t)) = (attr(e, b"Id"), attr(e, b"Target")) {
                    let external = attr(e, b"TargetMode").is_some_and(|m| m == "External");
                    out.insert(id, (t, external));
                }
            }
        }
    });
    out
}

/// Style id → style name (`heading 1`, `Title`, `标题 1`), lowercased.
pub fn styles(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut id = None;
    each(xml, |ev| {
        let Ev::Start(e, _) = ev else { return };
        match e.local_name().as_ref() {
            b"style" => id = attr(e, b"styleId"),
            b"name" => {
                if let (Some(i), Some(n)) = (id.clone(), attr(e, b"val")) {
                    out.insert(i, n.to_lowercase());
                }
            }
            _ => {}
        }
    });
    out
}

/// (numId, level) → whether the list is numbered (anything but bullets).
pub fn numbering(xml: &str) -> HashMap<(String, usize), bool> {
    let mut abstract_fmt: HashMap<(String, usize), bool> = HashMap::new();
    let mut num_to_abstract: Vec<(String, String)> = Vec::new();
    let (mut abs, mut lvl, mut num) = (None::<String>, 0usize, None::<String>);
    each(xml, |ev| match ev {
        Ev::Start(e, _) => match e.local_name().as_ref() {
            b"abstractNum" => abs = attr(e, b"abstractNumId"),
            b"lvl" => lvl = attr(e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
            b"numFmt" => {
                if let Some(a) = &abs {
                    abstract_fmt.insert((a.clone(), lvl), attr(e, b"val").is_some_and(|v| v != "bullet"));
                }
            }
            b"num" => num = attr(e, b"numId"),
            b"abstractNumId" => {
                if let (Some(n), Some(a)) = (&num, attr(e, b"val")) {
                    num_to_abstract.push((n.clone(), a));
                }
            }
            _ => {}
        },
        Ev::End(b"abstractNum") => abs = None,
        _ => {}
    });
    let mut out = HashMap::new();
    for (n, a) in num_to_abstract {
        for ((aid, l), ordered) in &abstract_fmt {
            if *aid == a {
                out.insert((n.clone(), *l), *ordered);
            }
        }
    }
    out
}

/// Footnote id → its text (paragraphs joined by a space).
pub fn footnotes(xml: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut id: Option<String> = None;
    let mut text = String::new();
    let mut in_t = false;
    each(xml, |ev| match ev {
        Ev::Start(e, empty) => match e.local_name().as_ref() {
            b"footnote" => {
                id = attr(e, b"id");
                text.clear();
            }
            b"t" if !empty => in_t = true,
            b"p" if !text.is_empty() => text.push(' '),
            _ => {}
        },
        Ev::End(b"t") => in_t = false,
        Ev::End(b"footnote") => {
            if let Some(i) = id.take() {
                out.insert(i, text.trim().to_string());
            }
        }
        Ev::Text(t) if in_t => text.push_str(t),
        _ => {}
    });
    out
}

/// The date of `dcterms:modified` (else `created`) in `docProps/core.xml`.
pub fn saved(xml: &str) -> Option<chrono::NaiveDate> {
    let (mut modified, mut created, mut field) = (None, None, None::<Vec<u8>>);
    each(xml, |ev| match ev {
        Ev::Start(e, false) => field = Some(e.local_name().as_ref().to_vec()),
        Ev::Text(t) => {
            let date = t.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            match field.as_deref() {
                Some(b"modified") => modified = modified.or(date),
                Some(b"created") => created = created.or(date),
                _ => {}
            }
        }
        Ev::End(_) => field = None,
        _ => {}
    });
    modified.or(created)
}
