//! Word and WPS `.docx`: the body of `word/document.xml` walked once —
//! paragraphs with their style (title, headings, lists, quotes), runs with
//! bold/italic, hyperlinks, footnote references, tables (merged cells
//! flattened) and embedded pictures, which are taken out of the archive.

mod parts;
mod walk;

use crate::messages::import::Import;
use std::collections::HashSet;
use std::io::{Cursor, Read};

use super::article::{Article, Image};
use super::ImportError;

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, ImportError> {
    let failed = |e: &dyn std::fmt::Display| ImportError::DocxPart { name: name.to_string(), why: e.to_string() };
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(failed(&e)),
    };
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).map_err(|e| failed(&e))?;
    Ok(Some(buf))
}

fn text_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ImportError> {
    Ok(part(zip, name)?.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// Reads a .docx into an article, its pictures included.
pub fn read(bytes: &[u8]) -> Result<Article, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::NotDocx { why: e.to_string() })?;
    let document = text_part(&mut zip, "word/document.xml")?.ok_or(ImportError::NotWordDocument)?;
    let ctx = walk::Context {
        rels: text_part(&mut zip, "word/_rels/document.xml.rels")?.map(|x| parts::rels(&x)).unwrap_or_default(),
        styles: text_part(&mut zip, "word/styles.xml")?.map(|x| parts::styles(&x)).unwrap_or_default(),
        numbering: text_part(&mut zip, "word/numbering.xml")?.map(|x| parts::numbering(&x)).unwrap_or_default(),
        footnotes: text_part(&mut zip, "word/footnotes.xml")?.map(|x| parts::footnotes(&x)).unwrap_or_default(),
    };
    let mut a = walk::walk(&document, &ctx);
    a.saved = text_part(&mut zip, "docProps/core.xml")?.and_then(|x| parts::saved(&x));
    let wanted = std::mem::take(&mut a.images);
    let mut taken: HashSet<String> = HashSet::new();
    for img in wanted {
        // `file` holds the archive path until the picture is read.
        let path = format!("word/{}", img.file.trim_start_matches('/').trim_start_matches("word/"));
        let name = path.rsplit('/').next().unwrap_or("image").to_string();
        if !taken.insert(name.clone()) {
            continue;
        }
        match part(&mut zip, &path)? {
            Some(bytes) => {
                let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                if matches!(ext.as_str(), "emf" | "wmf" | "tif" | "tiff") {
                    a.note(Import::OddPicture { ext }, name.clone());
                }
                a.images.push(Image { file: name, bytes });
            }
            None => a.note(Import::MissingPicture, path),
        }
    }
    Ok(a)
}
