//! Page texts set aside between the Markdown pass and the search index.
//!
//! The index is built after every page is rendered, from every page's plain
//! text: at 10,000 reports that is ~90 MB, which the build would otherwise
//! hold in memory from the first page to the last. The texts go into an
//! anonymous temporary file instead (deleted by the OS when the build ends)
//! and are read back one batch at a time. Where no temporary file can be
//! made, they stay in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where one page's plain text is.
#[derive(Debug, Clone, Default)]
pub enum Text {
    #[default]
    Empty,
    Kept(String),
    Spooled {
        offset: u64,
        len: usize,
    },
}

#[derive(Debug)]
pub struct Spool {
    /// The file and its length so far; `None` keeps texts in memory.
    file: Option<Mutex<(File, u64)>>,
}

impl Spool {
    pub fn new() -> Spool {
        Spool { file: tempfile::tempfile().ok().map(|f| Mutex::new((f, 0))) }
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
        let Some(file) = &self.file else { return Text::Kept(text) };
        let mut guard = file.lock().unwrap_or_else(|e| e.into_inner());
        let (f, end) = &mut *guard;
        let offset = *end;
        if f.seek(SeekFrom::Start(offset)).and_then(|_| f.write_all(text.as_bytes())).is_err() {
            return Text::Kept(text);
        }
        *end += text.len() as u64;
        Text::Spooled { offset, len: text.len() }
    }

    /// The text back (empty if the spool cannot be read, which leaves that
    /// page out of the search index rather than failing the build).
    pub fn get(&self, t: &Text) -> String {
        match t {
            Text::Empty => String::new(),
            Text::Kept(s) => s.clone(),
            Text::Spooled { offset, len } => {
                let Some(file) = &self.file else { return String::new() };
                let mut guard = file.lock().unwrap_or_else(|e| e.into_inner());
                let f = &mut guard.0;
                let mut buf = vec![0; *len];
                if f.seek(SeekFrom::Start(*offset)).and_then(|_| f.read_exact(&mut buf)).is_err() {
                    return String::new();
                }
                String::from_utf8(buf).unwrap_or_default()
            }
        }
    }
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
        }
    }
}
