//! Page texts set aside between the Markdown pass and the search index.
//!
//! The index is built after every page is rendered, from every page's plain
//! text: at 10,000 reports that is ~90 MB, which the build would otherwise
//! hold in memory from the first page to the last. The texts go into an
//! anonymous temporary file instead (deleted by the OS when the build ends)
//! and are read back one batch at a time. Where no temporary file can be
//! made, they stay in memory.
//!
//! Each text's digest is taken as it is set aside, so the index can tell
//! which documents changed without reading their texts back.

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where one page's plain text is.
#[derive(Debug, Clone, Default)]
pub enum Text {
    #[default]
    Empty,
    Kept(String),
    Spooled {
        offset: u64,
        len: usize,
        digest: u64,
    },
}

impl Text {
    /// Digest of the text (`engine::digest_bytes`).
    pub fn digest(&self) -> u64 {
        match self {
            Text::Empty => super::engine::digest_bytes(b""),
            Text::Kept(s) => super::engine::digest_bytes(s.as_bytes()),
            Text::Spooled { digest, .. } => *digest,
        }
    }
}

/// Texts are written and read at their own offsets (`pwrite`/`pread`), so
/// the rendering threads never wait on each other for the file.
#[derive(Debug)]
pub struct Spool {
    /// The file and its length so far; `None` keeps texts in memory.
    file: Option<(File, AtomicU64)>,
}

impl Spool {
    pub fn new() -> Spool {
        let file = if cfg!(unix) { tempfile::tempfile().ok() } else { None };
        Spool { file: file.map(|f| (f, AtomicU64::new(0))) }
    }

    /// A spool that keeps every text in memory (`serve`, which re-renders
    /// single pages later and wants their texts at hand).
    pub fn in_memory() -> Spool {
        Spool { file: None }
    }

    /// Sets `text` aside; on a write error it is kept in memory.
    pub fn put(&self, text: String) -> Text {
        if text.is_empty() {
            return Text::Empty;
        }
        let Some((f, end)) = &self.file else { return Text::Kept(text) };
        let offset = end.fetch_add(text.len() as u64, Ordering::Relaxed);
        if write_at(f, text.as_bytes(), offset).is_err() {
            return Text::Kept(text);
        }
        Text::Spooled { offset, len: text.len(), digest: super::engine::digest_bytes(text.as_bytes()) }
    }

    /// The text back (empty if the spool cannot be read, which leaves that
    /// page out of the search index rather than failing the build).
    pub fn get(&self, t: &Text) -> String {
        match t {
            Text::Empty => String::new(),
            Text::Kept(s) => s.clone(),
            Text::Spooled { offset, len, .. } => {
                let Some((f, _)) = &self.file else { return String::new() };
                let mut buf = vec![0; *len];
                if read_at(f, &mut buf, *offset).is_err() {
                    return String::new();
                }
                String::from_utf8(buf).unwrap_or_default()
            }
        }
    }
}

#[cfg(unix)]
fn write_at(f: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, bytes, offset)
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

// Elsewhere `Spool::new` keeps texts in memory, so these are never called.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_went_in_whichever_order_they_are_read() {
        for spool in [Spool::new(), Spool::in_memory()] {
            let refs: Vec<Text> =
                ["第一篇", "", "second 第二篇", "三"].iter().map(|s| spool.put(s.to_string())).collect();
            assert_eq!(spool.get(&refs[2]), "second 第二篇");
            assert_eq!(spool.get(&refs[0]), "第一篇");
            assert_eq!(spool.get(&refs[1]), "");
            assert_eq!(spool.get(&refs[3]), "三");
            assert_eq!(refs[2].digest(), Text::Kept("second 第二篇".into()).digest());
            assert_ne!(refs[0].digest(), refs[3].digest());
        }
    }
}
