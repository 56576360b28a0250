//! Which files under a site folder belong to the site: the walk shared by
//! `content/` and `static/`. Dotfiles and editor leftovers (backups, lock
//! and swap files) are never published, and a symbolic link is followed only
//! while it stays inside the site root, so a link to `/etc` or a home folder
//! cannot copy files from outside into a public site.

use std::path::{Path, PathBuf};

use crate::diag::{rel, Diagnostic, Diagnostics};

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
    let mut files = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(|p| rel(root, p)).unwrap_or_else(|| rel(root, dir));
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                found.push(Diagnostic::error(path, 0, msg).hint("remove the link or point it elsewhere"));
            }
        }
    }
    diags.extend(links.into_inner());
    diags.extend(found);
    files
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
    let msg = format!("symbolic link to {}, outside the site folder: not published", target.display());
    let hint = "copy the file into the site folder if it is meant to be published";
    diags.push(match outside {
        OutsideLink::Warn => Diagnostic::warning(shown, 0, msg).hint(hint),
        OutsideLink::Refuse => Diagnostic::error(shown, 0, msg).hint(hint),
    });
    false
}

#[cfg(test)]
mod tests {
    use super::published_name;

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
