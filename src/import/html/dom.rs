//! A tolerant HTML tree: enough of the parsing rules for saved article
//! pages (void elements, unclosed `<p>`/`<li>`/`<td>`, stray end tags,
//! script and style skipped, entities decoded). Not a spec parser.

pub enum Node {
    Element { name: String, attrs: Vec<(String, String)>, children: Vec<usize> },
    Text(String),
}

pub struct Dom {
    pub nodes: Vec<Node>,
}

const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
const RAW: [&str; 5] = ["script", "style", "textarea", "title", "noscript"];

impl Dom {
    pub fn attr<'d>(&'d self, id: usize, key: &str) -> Option<&'d str> {
        match &self.nodes[id] {
            Node::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    pub fn name(&self, id: usize) -> &str {
        match &self.nodes[id] {
            Node::Element { name, .. } => name,
            Node::Text(_) => "",
        }
    }

    pub fn children(&self, id: usize) -> &[usize] {
        match &self.nodes[id] {
            Node::Element { children, .. } => children,
            Node::Text(_) => &[],
        }
    }

    /// Every element named `name`, in document order.
    pub fn find_all(&self, name: &str) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.name(i) == name).collect()
    }

    /// All text under `id`.
    pub fn text(&self, id: usize) -> String {
        let mut out = String::new();
        self.collect_text(id, &mut out);
        out
    }

    fn collect_text(&self, id: usize, out: &mut String) {
        match &self.nodes[id] {
            Node::Text(t) => out.push_str(t),
            Node::Element { name, children, .. } => {
                if RAW.contains(&name.as_str()) && name != "title" {
                    return;
                }
                for &c in children {
                    self.collect_text(c, out);
                }
            }
        }
    }
}

/// Parses `html`; node 0 is the document root.
pub fn parse(html: &str) -> Dom {
    let mut dom = Dom { nodes: vec![Node::Element { name: "#root".into(), attrs: Vec::new(), children: Vec::new() }] };
    let mut stack: Vec<usize> = vec![0];
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |n| i + n);
            add(&mut dom, &stack, Node::Text(decode_entities(&html[i..end])));
            i = end;
            continue;
        }
        let rest = &html[i..];
        if let Some(r) = rest.strip_prefix("<!--") {
            i += 4 + r.find("-->").map_or(r.len(), |n| n + 3);
        } else if let Some(closing) = rest.strip_prefix("</") {
            let end = rest.find('>').map_or(html.len(), |n| i + n + 1);
            let name: String =
                closing.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|&n| dom.name(n) == name) {
                stack.truncate(pos.max(1));
            }
            i = end;
        } else if rest.len() > 1 && (rest.as_bytes()[1].is_ascii_alphabetic()) {
            let (name, attrs, len, self_closing) = tag(rest);
            i += len;
            close_implied(&dom, &mut stack, &name);
            let id = add(&mut dom, &stack, Node::Element { name: name.clone(), attrs, children: Vec::new() });
            if RAW.contains(&name.as_str()) {
                let close = format!("</{name}");
                let end = html[i..].to_ascii_lowercase().find(&close).map_or(html.len(), |n| i + n);
                add(&mut dom, &[id], Node::Text(decode_entities(&html[i..end])));
                i = html[end..].find('>').map_or(html.len(), |n| end + n + 1);
            } else if !self_closing && !VOID.contains(&name.as_str()) {
                stack.push(id);
            }
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |n| n + 1);
        } else {
            add(&mut dom, &stack, Node::Text("<".into()));
            i += 1;
        }
    }
    dom
}

fn add(dom: &mut Dom, stack: &[usize], node: Node) -> usize {
    dom.nodes.push(node);
    let id = dom.nodes.len() - 1;
    let parent = *stack.last().unwrap_or(&0);
    if let Node::Element { children, .. } = &mut dom.nodes[parent] {
        children.push(id);
    }
    id
}

/// `<p>` ends an open `<p>`, `<li>` an open `<li>`, a cell or row the open cell or row.
fn close_implied(dom: &Dom, stack: &mut Vec<usize>, name: &str) {
    let closes: &[&str] = match name {
        "p" | "div" | "table" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["p"],
        "li" => &["li"],
        "td" | "th" => &["td", "th"],
        "tr" => &["tr", "td", "th"],
        _ => &[],
    };
    while stack.len() > 1 && closes.contains(&dom.name(*stack.last().unwrap_or(&0))) {
        stack.pop();
    }
}

/// The tag at the start of `s`: name, attributes, length in bytes, `/>`.
fn tag(s: &str) -> (String, Vec<(String, String)>, usize, bool) {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            let self_closing = i > 0 && b.get(i - 1) == Some(&b'/');
            return (name, attrs, (i + 1).min(b.len()), self_closing);
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = s[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            if let Some(&q) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') {
                let end = s[i + 1..].find(q as char).map_or(s.len(), |n| i + 1 + n);
                value = decode_entities(&s[i + 1..end]);
                i = (end + 1).min(s.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[start..i]);
            }
        }
        if key.is_empty() {
            i += 1;
        } else {
            attrs.push((key, value));
        }
    }
}

pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&n| n <= 10);
        let decoded = end.and_then(|n| entity(&rest[1..n]));
        match (end, decoded) {
            (Some(n), Some(c)) => {
                out.push(c);
                rest = &rest[n + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "hellip" => '…',
        "mdash" => '—',
        "middot" => '·',
        "emsp" => '\u{3000}',
        _ => return None,
    })
}
