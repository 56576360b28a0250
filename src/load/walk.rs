//! Which files under a site folder belong to the site: the walk shared by
//! `content/` and `static/`. Dotfiles and editor leftovers (backups, lock
//! and swap files) are never published, and a symbolic link is followed only
//! while it stays inside the site root, so a link to `/etc` or a home folder
//! cannot copy files from outside into a public site.

use std::path::{Path, PathBuf};

use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::messages::load::Load;

/// What a link that leaves the site root costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideLink {
    /// Skipped with a warning (`content/`: the rest of the site still builds).
    Warn,
    /// An error (`static/`: every file there is meant to be published).
    Refuse,
}

/// Files under `dir` (sorted by name, depth first) that the site publishes.
/// `root` is the site root; messages name paths relative to it.
pub fn site_files(root: &Path, dir: &Path, outside: OutsideLink, diags: &mut Diagnostics) -> Vec<PathBuf> {
    site_tree(root, dir, outside, diags).0
}

/// `site_files`, and the folders walked to find them (`dir` first).
///
/// A tree without symbolic links (most sites) is walked unsorted, then
/// sorted once by a byte key: walkdir's sort by name took both paths apart
/// to find their names at every comparison (at 10,000 reports ~3% of a
/// warm build's instructions, on one core before anything else could
/// start). Sorted by path (`walk_order`), the files are in the walk's
/// order: by name within a folder, each folder's files right after it.
pub fn site_tree(
    root: &Path,
    dir: &Path,
    outside: OutsideLink,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    match walk_without_links(root, dir) {
        Some((mut files, mut folders, found)) => {
            files.sort_by_cached_key(|p| walk_order(p));
            folders.sort_by_cached_key(|p| walk_order(p));
            diags.extend(found);
            (files, folders)
        }
        None => walk_following_links(root, dir, outside, diags),
    }
}

/// A path's place in the walk's order, as bytes to compare: `Path::cmp`
/// (component by component) of the paths under one folder, which it took
/// apart at every comparison. A separator becomes the lowest byte, which no
/// name holds, so a folder's paths come right after it and before a name
/// that it begins (`a/x.md`, then `a-b.md`).
fn walk_order(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.iter().map(|&b| if std::path::is_separator(char::from(b)) { 0 } else { b }).collect()
}

/// The tree's files and folders (in no order) with what could not be
/// read; None at its first symbolic link (`walk_following_links` then).
fn walk_without_links(root: &Path, dir: &Path) -> Option<(Vec<PathBuf>, Vec<PathBuf>, Diagnostics)> {
    let walker = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || published_name(&e.file_name().to_string_lossy()));
    let (mut files, mut folders, mut found) = (Vec::new(), Vec::new(), Diagnostics::default());
    for entry in walker {
        match entry {
            Ok(e) if e.path_is_symlink() => return None,
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(e) if e.file_type().is_dir() => folders.push(e.into_path()),
            Ok(_) => {}
            Err(e) => found.push(unreadable(root, dir, &e)),
        }
    }
    Some((files, folders, found))
}

/// `site_tree` for a tree with symbolic links: each followed only while it
/// stays inside the site root.
fn walk_following_links(
    root: &Path,
    dir: &Path,
    outside: OutsideLink,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let links = std::cell::RefCell::new(Diagnostics::default());
    let mut found = Diagnostics::default();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() == 0 {
            return true;
        }
        if !published_name(&e.file_name().to_string_lossy()) {
            return false;
        }
        if e.path_is_symlink() {
            return link_stays_inside(&root_real, root, e.path(), outside, &mut links.borrow_mut());
        }
        true
    });
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(e) if e.file_type().is_dir() => folders.push(e.into_path()),
            Ok(_) => {}
            Err(e) => found.push(unreadable(root, dir, &e)),
        }
    }
    diags.extend(links.into_inner());
    diags.extend(found);
    (files, folders)
}

/// What a walk could not read (or a loop of links it found).
fn unreadable(root: &Path, dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().map(|p| rel(root, p)).unwrap_or_else(|| rel(root, dir));
    let msg = if e.loop_ancestor().is_some() { Load::LinkLoop } else { Load::CannotRead { why: e.to_string() } };
    Diagnostic::error(path, 0, msg).hint(Load::LinkHint)
}

/// Dotfiles (`.git`, `.DS_Store`), backups (`x.md~`, `x.bak`, `#x#`), Emacs
/// and Vim lock and swap files (`.#x`, `x.swp`) and Word's owner files
/// (`~$报告.docx`) are left out. `.well-known` stays: servers answer from it.
pub fn published_name(name: &str) -> bool {
    if name == ".well-known" {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    !(name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".bak", ".swp", ".swo", ".tmp", ".orig"].iter().any(|x| lower.ends_with(x))
        || lower == "thumbs.db"
        || lower == "desktop.ini")
}

fn link_stays_inside(
    root_real: &Path,
    root: &Path,
    link: &Path,
    outside: OutsideLink,
    diags: &mut Diagnostics,
) -> bool {
    let target = match std::fs::canonicalize(link) {
        Ok(t) => t,
        // A dangling link: walkdir reports it as an error when it reads it.
        Err(_) => return true,
    };
    if target.starts_with(root_real) {
        return true;
    }
    let shown = rel(root, link);
    let msg = Load::LinkOutside { target: target.display().to_string() };
    let hint = Load::LinkOutsideHint;
    diags.push(match outside {
        OutsideLink::Warn => Diagnostic::warning(shown, 0, msg).hint(hint),
        OutsideLink::Refuse => Diagnostic::error(shown, 0, msg).hint(hint),
    });
    false
}

/// In safe mode an HTML or SVG file in `content/` may not carry script: the
/// Markdown beside it is sanitised, and a page copied verbatim would undo
/// that. (`static/` is the place for files published exactly as they are.)
pub fn refuse_active_markup(root: &Path, path: &Path, diags: &mut Diagnostics) {
    let ext = path.extension().map(|x| x.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "html" | "htm" | "xhtml" | "svg" | "xml") {
        return;
    }
    let Ok(bytes) = std::fs::read(path) else { return };
    let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let found = ["<script", "javascript:", "<iframe", "<object", "<embed", "<foreignobject"]
        .into_iter()
        .find(|m| text.contains(m))
        .map(str::to_string)
        .or_else(|| has_event_handler(&text).then(|| Load::EventHandler.to_string()));
    if let Some(what) = found {
        diags.push(
            Diagnostic::error(rel(root, path), 0, Load::ScriptInContent { ext, what }).hint(Load::ScriptInContentHint),
        );
    }
}

/// ` onload=`, ` onerror =` and the like, in lowercased markup.
fn has_event_handler(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices("on").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'/' | b'"' | b'\'')) {
            return false;
        }
        let rest = &b[i + 2..];
        let name = rest.iter().take_while(|c| c.is_ascii_lowercase()).count();
        name > 0 && rest[name..].iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Site-relative paths, `/`-separated.
    fn names(root: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect()
    }

    #[test]
    fn files_come_by_name_within_each_folder_and_a_folder_s_files_right_after_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for rel in ["a.md", "a-b.md", "a/x.md", "B.md", "b/c/d.md", "中文.md", ".hidden.md", "a/y.md~", "b/c/e.png"] {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, rel).unwrap();
        }
        let content = root.join("content");
        let (files, folders) = site_tree(root, &content, OutsideLink::Warn, &mut Diagnostics::default());
        // Not the paths' bytes in order: `a/x.md` comes before `a-b.md`.
        let expected = ["B.md", "a/x.md", "a-b.md", "a.md", "b/c/d.md", "b/c/e.png", "中文.md"];
        assert_eq!(names(&content, &files), expected);
        assert_eq!(names(&content, &folders), ["", "a", "b", "b/c"]);
        let followed = walk_following_links(root, &content, OutsideLink::Warn, &mut Diagnostics::default());
        assert_eq!((files, folders), followed, "walked as a walk following links walks it");
    }

    #[cfg(unix)]
    #[test]
    fn a_tree_with_links_is_walked_following_the_ones_that_stay_inside() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("real")).unwrap();
        std::fs::write(content.join("real/a.md"), "a").unwrap();
        std::os::unix::fs::symlink(content.join("real"), content.join("linked")).unwrap();
        let mut diags = Diagnostics::default();
        let (files, _) = site_tree(root, &content, OutsideLink::Warn, &mut diags);
        assert_eq!(names(&content, &files), ["linked/a.md", "real/a.md"]);
        assert!(!diags.has_errors());
    }

    #[test]
    fn finds_event_handlers() {
        assert!(has_event_handler("<svg onload=\"x()\">"));
        assert!(has_event_handler("<img src=x\nonerror = alert(1)>"));
        assert!(!has_event_handler("<p>money on the table: 5 = 5</p>"));
        assert!(!has_event_handler("<svg><text>online</text></svg>"));
    }

    #[test]
    fn editor_leftovers_are_not_published() {
        for n in [".git", ".DS_Store", "a.md~", "a.bak", "A.BAK", ".#a.md", "a.md.swp", "#a.md#", "~$报告.docx"] {
            assert!(!published_name(n), "{n}");
        }
        for n in ["a.md", "logo.png", ".well-known", "2021-08-10-报告.md", "bak.md"] {
            assert!(published_name(n), "{n}");
        }
    }
}
