//! Metadata removed from files published as they are (`static/`, files
//! beside a report): a JPEG loses its APP1–APP15 and comment segments (EXIF
//! with GPS and the camera, XMP, IPTC, thumbnails), a PNG its eXIf and text
//! chunks, a WebP its EXIF and XMP chunks. The pixels are not touched.

/// The JPEG without metadata segments; `None` when it is not a readable JPEG.
pub fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut i = 2;
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (&ff, &marker) = (bytes.get(i)?, bytes.get(i + 1)?);
        if ff != 0xFF {
            return None;
        }
        if marker == 0xD9 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            if marker == 0xD9 {
                return Some(out);
            }
            continue;
        }
        let len = u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]) as usize;
        let end = i + 2 + len;
        if len < 2 || end > bytes.len() {
            return None;
        }
        let metadata = (0xE1..=0xEF).contains(&marker) || marker == 0xFE;
        if !metadata {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
        if marker == 0xDA {
            // Entropy-coded data to the end: no metadata follows the first scan in practice.
            out.extend_from_slice(&bytes[i..]);
            return Some(out);
        }
    }
}

/// The PNG without eXIf, tEXt, zTXt, iTXt and tIME chunks; `None` when it is not a PNG.
pub fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut i = SIGNATURE.len();
    while i < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?) as usize;
        let end = i.checked_add(12)?.checked_add(len)?;
        let kind = bytes.get(i + 4..i + 8)?;
        if end > bytes.len() {
            return None;
        }
        if ![&b"eXIf"[..], b"tEXt", b"zTXt", b"iTXt", b"tIME"].contains(&kind) {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    Some(out)
}

/// The WebP without EXIF and XMP chunks (and their flags in VP8X); `None`
/// when it is not a WebP.
pub fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut out = bytes[..12].to_vec();
    let mut i = 12;
    while i < bytes.len() {
        let kind = bytes.get(i..i + 4)?;
        let len = u32::from_le_bytes(bytes.get(i + 4..i + 8)?.try_into().ok()?) as usize;
        // Chunks are padded to an even length.
        let end = (i + 8).checked_add(len + (len & 1))?.min(bytes.len());
        if kind != b"EXIF" && kind != b"XMP " {
            let start = out.len();
            out.extend_from_slice(&bytes[i..end]);
            if kind == b"VP8X" && out.len() > start + 8 {
                out[start + 8] &= !(0x08 | 0x04); // the EXIF and XMP flags
            }
        }
        i = end;
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn webp_loses_its_exif_and_xmp_chunks() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = kind.to_vec();
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let body: Vec<u8> = [
            chunk(b"VP8X", &[0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            chunk(b"VP8L", b"pixels!"),
            chunk(b"EXIF", b"Exif\0\0GPS 39.9N"),
            chunk(b"XMP ", b"<x:xmpmeta/>"),
        ]
        .concat();
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        file.extend_from_slice(b"WEBP");
        file.extend_from_slice(&body);
        let out = super::webp(&file).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("GPS") && !text.contains("xmpmeta") && text.contains("pixels!"));
        assert_eq!(out[12 + 8] & 0x0C, 0, "VP8X no longer announces EXIF or XMP");
        assert_eq!(u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize, out.len() - 8);
        assert!(super::webp(b"not a webp").is_none());
    }

    #[test]
    fn jpeg_loses_its_exif_segment_only() {
        let mut pixels = Vec::new();
        let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]));
        image::codecs::jpeg::JpegEncoder::new(&mut pixels).encode_image(&img).unwrap();
        let exif = b"Exif\0\0MM\0*secret-gps";
        let mut with = pixels[..2].to_vec();
        with.extend_from_slice(&[0xFF, 0xE1]);
        with.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        with.extend_from_slice(exif);
        with.extend_from_slice(&pixels[2..]);
        let stripped = super::jpeg(&with).unwrap();
        assert_eq!(stripped, pixels);
        assert!(super::jpeg(b"not a jpeg").is_none());
    }
}
