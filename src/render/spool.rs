//! Where pages' plain texts wait for the search index, and where the
//! engine's memory keeps them between builds.
//!
//! The index is built after every page is rendered, from every page's plain
//! text: at 10,000 reports that is ~90 MB, which the build would otherwise
//! hold in memory from the first page to the last. The texts go into a file
//! instead and are read back one at a time. A build with the cache in
//! `.gongjian/cache/` writes them into the cache's own texts file (after the
//! texts the last build left there), so a body taken from the cache points
//! at its text where it already lies and nothing is copied; other builds use
//! an anonymous temporary file (deleted by the OS with the process). Where
//! no file can be used, texts stay in memory (`serve`, which keeps them).
//!
//! Each text's digest is taken as it is set aside, so the index can tell
//! which documents changed without reading their texts back.

use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where one page's plain text is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Text {
    #[default]
    Empty,
    /// In memory, with its digest (taken once: the search index asks for
    /// every page's on every build).
    Kept { text: Arc<str>, digest: u64 },
    /// At `offset` in the spool's file.
    Spooled { offset: u64, len: usize, digest: u64 },
}

impl Text {
    /// Digest of the text (`crate::digest::digest_bytes`).
    pub fn digest(&self) -> u64 {
        match self {
            Text::Empty => crate::digest::digest_bytes(b""),
            Text::Kept { digest, .. } => *digest,
            Text::Spooled { digest, .. } => *digest,
        }
    }

    /// `text` kept in memory.
    pub fn kept(text: String) -> Text {
        Text::Kept { digest: crate::digest::digest_bytes(text.as_bytes()), text: text.into() }
    }

    /// Bytes of its spool's file it takes.
    pub fn spooled_len(&self) -> u64 {
        match self {
            Text::Spooled { len, .. } => *len as u64,
            _ => 0,
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

impl Default for Spool {
    fn default() -> Spool {
        Spool::new()
    }
}

impl Spool {
    /// A spool on an anonymous temporary file.
    pub fn new() -> Spool {
        let file = if POSITIONED { tempfile::tempfile().ok() } else { None };
        Spool { file: file.map(|f| (f, AtomicU64::new(0))) }
    }

    /// A spool that keeps every text in memory (`serve`, which re-renders
    /// single pages later and wants their texts at hand).
    pub fn in_memory() -> Spool {
        Spool { file: None }
    }

    /// A spool on `file`, whose first `end` bytes hold texts to keep; new
    /// texts go after them.
    pub fn on(file: File, end: u64) -> Spool {
        Spool { file: Some((file, AtomicU64::new(end))) }
    }

    /// Whether texts can be written to and read from files here.
    pub fn positioned() -> bool {
        POSITIONED
    }

    /// Where the next text goes (the bytes written so far).
    pub fn end(&self) -> u64 {
        self.file.as_ref().map_or(0, |(_, end)| end.load(Ordering::Relaxed))
    }

    /// Whether texts go into a file.
    pub fn on_file(&self) -> bool {
        self.file.is_some()
    }

    /// Sets `text` aside; on a write error it is kept in memory.
    pub fn put(&self, text: String) -> Text {
        if text.is_empty() {
            return Text::Empty;
        }
        let Some((f, end)) = &self.file else { return Text::kept(text) };
        let offset = end.fetch_add(text.len() as u64, Ordering::Relaxed);
        if write_at(f, text.as_bytes(), offset).is_err() {
            return Text::kept(text);
        }
        Text::Spooled { offset, len: text.len(), digest: crate::digest::digest_bytes(text.as_bytes()) }
    }

    /// The text back (empty if the spool cannot be read, which leaves that
    /// page out of the search index rather than failing the build).
    pub fn get(&self, t: &Text) -> String {
        self.read(t).unwrap_or_default()
    }

    /// The text back, or why it cannot be read.
    pub fn read(&self, t: &Text) -> std::io::Result<String> {
        match t {
            Text::Empty => Ok(String::new()),
            Text::Kept { text, .. } => Ok(text.to_string()),
            Text::Spooled { offset, len, .. } => {
                let Some((f, _)) = &self.file else { return Err(std::io::ErrorKind::NotFound.into()) };
                let mut buf = vec![0; *len];
                read_at(f, &mut buf, *offset)?;
                crate::text::string_from_utf8(buf).map_err(std::io::Error::other)
            }
        }
    }
}

/// Whether this platform reads and writes files at an offset without a
/// shared cursor (elsewhere texts stay in memory).
const POSITIONED: bool = cfg!(any(unix, windows));

#[cfg(unix)]
pub(crate) fn write_at(f: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, bytes, offset)
}

#[cfg(unix)]
pub(crate) fn read_at(f: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
pub(crate) fn write_at(f: &File, mut bytes: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(f, bytes, offset)? {
            0 => return Err(std::io::ErrorKind::WriteZero.into()),
            n => (bytes, offset) = (&bytes[n..], offset + n as u64),
        }
    }
    Ok(())
}

#[cfg(windows)]
pub(crate) fn read_at(f: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(f, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => (buf, offset) = (&mut buf[n..], offset + n as u64),
        }
    }
    Ok(())
}

// Elsewhere no spool is on a file (`POSITIONED`), so these are never called.
#[cfg(not(any(unix, windows)))]
pub(crate) fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
pub(crate) fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
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
            assert_eq!(refs[2].digest(), Text::kept("second 第二篇".into()).digest());
            assert_ne!(refs[0].digest(), refs[3].digest());
        }
    }

    #[test]
    fn a_spool_on_a_file_keeps_what_the_file_held_and_writes_after_it() {
        if !Spool::positioned() {
            return;
        }
        let file = tempfile::tempfile().unwrap();
        let first = Spool::on(file.try_clone().unwrap(), 0);
        let old = first.put("旧的正文".to_string());
        let end = first.end();
        let second = Spool::on(file, end);
        let new = second.put("新的".to_string());
        assert_eq!(second.get(&old), "旧的正文");
        assert_eq!(second.get(&new), "新的");
        assert_eq!(second.end(), end + "新的".len() as u64);
    }
}
