//! Diagnostics: content errors and warnings that name file, line, field, what
//! was expected and what was found. A build collects all of them and reports
//! them together instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

mod block;
mod tally;
pub use block::{Block, Patch};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input, pointing at the place a writer must fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line in the file; 0 when the problem is about the whole file.
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// The front-matter field (dotted path such as `projects[1].progress`), if any.
    pub field: Option<String>,
    pub message: String,
    /// The offending line as written, quoted under the message.
    pub quote: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column: 0,
            severity: Severity::Error,
            field: None,
            message: message.into(),
            quote: None,
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, message) }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Quotes line `self.line` of `source` (the whole file's text).
    pub fn quoting(mut self, source: &str) -> Self {
        if self.line > 0 {
            if let Some(l) = source.lines().nth(self.line - 1) {
                self.quote = Some(l.trim_end_matches('\r').to_string());
            }
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `items` in their order (`Ord`), each once. A path compares component by
/// component, which made sorting a site's ~40,000 warnings the costliest
/// step of a save: each file is turned once into bytes that compare the same
/// way (its components joined by NUL, which no component holds).
fn sort_dedup(items: &mut Vec<Diagnostic>) {
    use std::cmp::Ordering;
    use std::path::Component;
    let key = |d: &Diagnostic| -> Option<Vec<u8>> {
        let mut k = Vec::with_capacity(d.file.as_os_str().len());
        for c in d.file.components() {
            let Component::Normal(part) = c else { return None };
            k.extend_from_slice(part.as_encoded_bytes());
            k.push(0);
        }
        Some(k)
    };
    let keys: Option<Vec<Vec<u8>>> = items.iter().map(key).collect();
    let Some(keys) = keys else {
        items.sort_unstable();
        items.dedup();
        return;
    };
    fn rest(d: &Diagnostic) -> impl Ord + '_ {
        (d.line, d.column, d.severity, &d.field, &d.message, &d.quote, &d.hint)
    }
    let order = |a: &(Vec<u8>, Diagnostic), b: &(Vec<u8>, Diagnostic)| -> Ordering {
        a.0.cmp(&b.0).then_with(|| rest(&a.1).cmp(&rest(&b.1)))
    };
    let mut keyed: Vec<(Vec<u8>, Diagnostic)> = keys.into_iter().zip(items.drain(..)).collect();
    keyed.sort_unstable_by(order);
    keyed.dedup_by(|a, b| order(a, b) == Ordering::Equal);
    items.extend(keyed.into_iter().map(|(_, d)| d));
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::messages::load::Label;
        let lang = crate::messages::lang();
        // Chinese text takes a full-width colon after a label.
        let colon = if lang == crate::messages::Lang::Zh { "：" } else { ": " };
        let kind = match self.severity {
            Severity::Error => Label::Error,
            Severity::Warning => Label::Warning,
        };
        write!(f, "{kind}{colon}{}", visible(&self.file.display().to_string()))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, "{colon}{} `{}`", Label::Field, visible(field))?;
        }
        write!(f, "{colon}{}", visible(&self.message))?;
        if let Some(q) = &self.quote {
            write!(f, "\n  {:>4} | {}", self.line, visible(q))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  {}{colon}{}", Label::Hint, visible(h))?;
        }
        Ok(())
    }
}

/// Everything a stage found wrong; errors fail the build, warnings don't.
///
/// A build's own findings are plain items; what a stage kept from an
/// earlier build (`serve`'s model, tens of thousands of warnings on a large
/// site) travels as one shared block, sorted once when it was made
/// (`shared`): cloning, sorting and printing a build's diagnostics then
/// cost what the build itself found, not the whole list again.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    blocks: Vec<std::sync::Arc<Block>>,
    /// Set by `showing`: the warnings, which then are not in `items`.
    tally: Option<Box<tally::Tally>>,
}

impl Diagnostics {
    /// Diagnostics of which only the first `warnings` warnings (in order)
    /// are shown: every error is kept, and those warnings; the others are
    /// counted (each once, told apart by a 64-bit digest), not held.
    pub fn showing(warnings: usize) -> Self {
        Diagnostics { tally: Some(Box::new(tally::Tally::new(warnings))), ..Diagnostics::default() }
    }

    pub fn push(&mut self, d: Diagnostic) {
        match &mut self.tally {
            Some(tally) if !d.is_error() => tally.offer(d),
            _ => self.items.push(d),
        }
    }

    /// Adds `other`'s findings (into those shown and counted, where these
    /// show only some warnings: `showing`).
    pub fn extend(&mut self, other: Diagnostics) {
        let Diagnostics { items, blocks, tally } = other;
        if let Some(other) = tally {
            self.tally.get_or_insert_with(|| Box::new(tally::Tally::new(0))).absorb(*other);
        }
        if self.tally.is_none() {
            self.items.extend(items);
            self.blocks.extend(blocks);
            return;
        }
        items.into_iter().for_each(|d| self.push(d));
        blocks.iter().flat_map(|b| b.iter()).for_each(|d| self.push(d.clone()));
    }

    /// `extend` with copies of `other`'s findings, made only of those
    /// kept: where these show only some warnings (`showing`), most are
    /// counted and none of those is copied.
    pub fn extend_copied(&mut self, other: &Diagnostics) {
        if other.tally.is_some() {
            return self.extend(other.clone());
        }
        for d in other.items.iter().chain(other.blocks.iter().flat_map(|b| b.iter())) {
            self.push_copy(d);
        }
    }

    /// `push` of a finding held elsewhere: copied only if kept.
    pub fn push_copy(&mut self, d: &Diagnostic) {
        match &mut self.tally {
            Some(tally) if !d.is_error() => tally.offer_copy(d),
            _ => self.items.push(d.clone()),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error) || self.blocks.iter().any(|b| b.error_count() > 0)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count() + self.blocks.iter().map(|b| b.error_count()).sum::<usize>()
    }

    pub fn len(&self) -> usize {
        let counted = self.tally.as_ref().map_or(0, |t| t.len());
        self.items.len() + self.blocks.iter().map(|b| b.len()).sum::<usize>() + counted
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn warning_count(&self) -> usize {
        self.len() - self.error_count()
    }

    /// These diagnostics as one shared block: a clone costs nothing, and a
    /// report carrying it sorts only its own findings.
    pub fn shared(self) -> Self {
        if self.tally.is_some() {
            return self.sorted();
        }
        let found = self.len();
        let items = self.sorted().into_vec();
        let exact = items.len() == found;
        Diagnostics::of_block(Block::of(items, exact))
    }

    fn of_block(block: Block) -> Self {
        Diagnostics { blocks: vec![std::sync::Arc::new(block)], ..Diagnostics::default() }
    }

    /// These diagnostics, one shared block (`shared`) where each finding
    /// was made once, as a shared block without the findings `dropped` and
    /// with those `added`: a save that changes a few of a site's tens of
    /// thousands of warnings neither sorts nor collects them all again.
    /// `None` where that cannot be told from the block (it is not one, it
    /// dropped repeats, or it does not hold one of `dropped`).
    pub fn patched(&self, mut dropped: Vec<Diagnostic>, mut added: Vec<Diagnostic>) -> Option<Self> {
        let ([block], true, None) = (self.blocks.as_slice(), self.items.is_empty(), &self.tally) else { return None };
        let found = dropped.len();
        sort_dedup(&mut dropped);
        if !block.exact || dropped.len() != found {
            return None;
        }
        sort_dedup(&mut added);
        // What is in both stays: kept out of the patch.
        let both: Vec<Diagnostic> = dropped.iter().filter(|d| added.binary_search(d).is_ok()).cloned().collect();
        let apart = |list: &mut Vec<Diagnostic>| list.retain(|d| both.binary_search(d).is_err());
        apart(&mut dropped);
        apart(&mut added);
        Block::patched(block, dropped, added).map(Diagnostics::of_block)
    }

    /// What this build found itself (not from a shared block).
    pub fn own(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The shared block these diagnostics carry, if one (`serve` knows a
    /// block it printed before by its address).
    pub fn block(&self) -> Option<&std::sync::Arc<Block>> {
        self.blocks.first()
    }

    /// Sorted by file and line so the report reads top to bottom and is
    /// deterministic; each diagnostic once. A shared block stays as it is:
    /// own items it holds too are dropped, and `iter` merges the two (so
    /// too the warnings shown, `showing`, which are kept in order).
    pub fn sorted(mut self) -> Self {
        if self.blocks.len() > 1 {
            for b in std::mem::take(&mut self.blocks) {
                self.items.extend(b.iter().cloned());
            }
        }
        // Equal diagnostics are alike in every field: which of them stays does not matter.
        sort_dedup(&mut self.items);
        if let Some(b) = self.blocks.first() {
            self.items.retain(|d| b.find(d).is_none());
        }
        self
    }

    /// Every diagnostic (but the warnings only counted: `showing`); in order once `sorted`.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.iter_marked().map(|(d, _)| d)
    }

    /// Every diagnostic, each with whether it comes from the shared block
    /// (`block`); in order once `sorted`.
    pub fn iter_marked(&self) -> impl Iterator<Item = (&Diagnostic, bool)> {
        let block = self.blocks.first().into_iter().flat_map(|b| b.iter());
        let rest = self.blocks.iter().skip(1).flat_map(|b| b.iter()).map(|d| (d, false));
        // The warnings shown come in place of a block (`extend` takes a block's into them).
        let shown = self.tally.iter().flat_map(|t| t.first());
        let merged = Merge { a: self.items.iter().peekable(), b: block.chain(shown).peekable() };
        merged.map(|(d, from_b)| (d, from_b && self.tally.is_none())).chain(rest)
    }

    /// Every diagnostic, owned (in order once `sorted`).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        if self.blocks.is_empty() && self.tally.is_none() {
            return self.items;
        }
        self.iter().cloned().collect()
    }
}

/// Two sorted sequences as one.
struct Merge<'a, A: Iterator<Item = &'a Diagnostic>, B: Iterator<Item = &'a Diagnostic>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

/// Yields each with whether it came from `b`.
impl<'a, A: Iterator<Item = &'a Diagnostic>, B: Iterator<Item = &'a Diagnostic>> Iterator for Merge<'a, A, B> {
    type Item = (&'a Diagnostic, bool);
    fn next(&mut self) -> Option<(&'a Diagnostic, bool)> {
        match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) if y < x => self.b.next().map(|d| (d, true)),
            (Some(_), _) => self.a.next().map(|d| (d, false)),
            (None, _) => self.b.next().map(|d| (d, true)),
        }
    }
}

/// `s` with control and invisible characters written as `\u{..}` escapes: a
/// message must never carry a terminal escape sequence from a content file,
/// and a zero-width space in a key must be seen to be fixed. Tabs and line
/// breaks stay (a template error spans lines).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters a terminal acts on or shows as nothing.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// A display path relative to the site root, as writers see it.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_sort_in_the_order_of_their_files_paths() {
        let files = ["a/b.md", "a-b.md", "a/b/c.md", "ab/c.md", "a.md", "a/b.md", "b.md", "a/b.md"];
        let mut items: Vec<Diagnostic> =
            files.iter().enumerate().map(|(i, f)| Diagnostic::warning(*f, i % 3, format!("m{}", i % 2))).collect();
        items.push(items[0].clone());
        let mut expected = items.clone();
        expected.sort();
        expected.dedup();
        sort_dedup(&mut items);
        assert_eq!(items, expected);
        let mut odd = vec![Diagnostic::warning("/abs/x.md", 1, "m"), Diagnostic::warning("rel.md", 1, "m")];
        sort_dedup(&mut odd);
        assert!(odd.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn findings_added_as_copies_are_shown_and_counted_as_the_findings_themselves() {
        let w = |file: &str, line| Diagnostic::warning(file, line, "w");
        let mut found = Diagnostics::default();
        [w("c.md", 1), w("a.md", 2), Diagnostic::error("z.md", 1, "e"), w("a.md", 2), w("b.md", 9)]
            .into_iter()
            .for_each(|d| found.push(d));
        let (mut copied, mut moved) = (Diagnostics::showing(2), Diagnostics::showing(2));
        copied.push_copy(&w("a.md", 1));
        moved.push(w("a.md", 1));
        copied.extend_copied(&found);
        moved.extend(found.clone());
        let shown = |d: &Diagnostics| (d.iter().cloned().collect::<Vec<_>>(), d.error_count(), d.warning_count());
        assert_eq!(shown(&copied.sorted()), shown(&moved.sorted()));
    }

    #[test]
    fn escapes_what_a_terminal_would_act_on_or_hide() {
        assert_eq!(visible("co\u{200B}unty"), "co\\u{200B}unty");
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{001B}[31mred");
        assert_eq!(visible("东光县\t2021"), "东光县\t2021");
        let d = Diagnostic::error("a.md", 2, "x").quoting("---\ntitle: \u{1b}]0;pwned\u{7}\n");
        assert!(!d.to_string().contains('\u{1b}'), "{d}");
    }

    #[test]
    fn a_patched_block_is_the_block_made_from_the_findings_it_stands_for() {
        let w = |file: &str, line| Diagnostic::warning(file, line, "w");
        let block = |list: &[Diagnostic]| {
            let mut all = Diagnostics::default();
            list.iter().cloned().for_each(|d| all.push(d));
            all.shared()
        };
        let before = [w("b.md", 3), w("a.md", 1), w("c.md", 2), Diagnostic::error("a.md", 2, "e")];
        let was = block(&before);
        let (dropped, added) = (vec![w("c.md", 2), w("a.md", 1)], vec![w("a.md", 1), w("d.md", 1), w("a/b.md", 4)]);
        let patched = was.patched(dropped, added).expect("each finding was made once");
        let now = block(&[w("b.md", 3), w("a.md", 1), Diagnostic::error("a.md", 2, "e"), w("d.md", 1), w("a/b.md", 4)]);
        let items = |d: &Diagnostics| d.iter().cloned().collect::<Vec<_>>();
        assert_eq!(items(&patched), items(&now));
        assert_eq!((patched.error_count(), patched.warning_count()), (1, 4));
        let patch = patched.block().unwrap().patch_of(was.block().unwrap()).expect("patched from it");
        assert_eq!(
            (patch.added.clone(), patch.dropped.clone()),
            (vec![w("a/b.md", 4), w("d.md", 1)], vec![w("c.md", 2)])
        );
        assert!(was.patched(vec![w("e.md", 1)], Vec::new()).is_none(), "a finding it does not hold");
        let repeated = block(&[w("a.md", 1), w("a.md", 1)]);
        assert!(repeated.patched(vec![w("a.md", 1)], Vec::new()).is_none(), "a finding made twice");
    }

    #[test]
    fn a_shared_block_reads_as_one_sorted_list_with_the_own_findings() {
        let w = |file: &str, line| Diagnostic::warning(file, line, "w");
        let mut kept = Diagnostics::default();
        for d in [w("b.md", 3), w("a.md", 1), w("c.md", 2), w("a.md", 1)] {
            kept.push(d);
        }
        let kept = kept.shared();
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b.md", 1, "e"));
        all.push(w("c.md", 2));
        all.extend(kept.clone());
        all.push(w("a.md", 0));
        let all = all.sorted();
        let mut plain: Vec<Diagnostic> = kept.iter().cloned().collect();
        plain.extend([Diagnostic::error("b.md", 1, "e"), w("c.md", 2), w("a.md", 0)]);
        plain.sort();
        plain.dedup();
        assert_eq!(all.iter().cloned().collect::<Vec<_>>(), plain);
        assert_eq!((all.len(), all.error_count(), all.warning_count()), (5, 1, 4));
        assert!(std::sync::Arc::ptr_eq(all.block().unwrap(), kept.block().unwrap()), "the block is not copied");
    }
}
