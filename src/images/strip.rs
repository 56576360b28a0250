//! Metadata removed from files published as they are (`static/`, files
//! beside a report): a JPEG loses its APP1–APP15 and comment segments (EXIF
//! with GPS and the camera, XMP, IPTC, thumbnails), a PNG its eXIf and text
//! chunks, a WebP its EXIF and XMP chunks. The pixels are not touched, so
//! a photo saved sideways (a phone's JPEG, a PNG or WebP exported with its
//! EXIF) keeps a minimal EXIF block holding only its orientation: browsers
//! still turn it upright.

use image::metadata::Orientation;

/// The JPEG without metadata segments (but its orientation); `None` when it
/// is not a readable JPEG.
pub fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let orientation_at = out.len();
    let mut orientation = None;
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
                return Some(with_orientation(out, orientation_at, orientation));
            }
            continue;
        }
        let len = u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]) as usize;
        let end = i + 2 + len;
        if len < 2 || end > bytes.len() {
            return None;
        }
        let metadata = (0xE1..=0xEF).contains(&marker) || marker == 0xFE;
        if marker == 0xE1 && orientation.is_none() {
            orientation = bytes[i + 4..end].strip_prefix(b"Exif\0\0").and_then(Orientation::from_exif_chunk);
        }
        if !metadata {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
        if marker == 0xDA {
            // Entropy-coded data to the end: no metadata follows the first scan in practice.
            out.extend_from_slice(&bytes[i..]);
            return Some(with_orientation(out, orientation_at, orientation));
        }
    }
}

/// `jpeg` with an APP1 segment holding only `orientation` inserted at `at`
/// (after SOI), unless the photo is upright anyway.
fn with_orientation(mut jpeg: Vec<u8>, at: usize, orientation: Option<Orientation>) -> Vec<u8> {
    let Some(tiff) = orientation_only(orientation) else { return jpeg };
    let mut seg = vec![0xFF, 0xE1];
    seg.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    jpeg.splice(at..at, seg);
    jpeg
}

/// An EXIF block (TIFF, big-endian) holding only `orientation`; `None` when
/// the photo is upright anyway.
fn orientation_only(orientation: Option<Orientation>) -> Option<[u8; 26]> {
    let o = orientation.filter(|o| *o != Orientation::NoTransforms)?.to_exif();
    Some([
        b'M', b'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, // Orientation, SHORT, 1 value
        0, 0, 0, 0, // no next IFD
    ])
}

/// An EXIF payload's orientation; PNG and WebP writers differ on the `Exif\0\0` prefix.
fn orientation_of(exif: &[u8]) -> Option<Orientation> {
    Orientation::from_exif_chunk(exif.strip_prefix(b"Exif\0\0").unwrap_or(exif))
}

/// The PNG without eXIf (but its orientation), tEXt, zTXt, iTXt and tIME
/// chunks; `None` when it is not a PNG.
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
        if kind == b"eXIf" {
            if let Some(tiff) = orientation_only(orientation_of(&bytes[i + 8..end - 4])) {
                out.extend_from_slice(&png_chunk(b"eXIf", &tiff));
            }
        } else if ![&b"tEXt"[..], b"zTXt", b"iTXt", b"tIME"].contains(&kind) {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    Some(out)
}

/// A PNG chunk: length, type, data and the CRC of type and data.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(&c[4..]);
    c.extend_from_slice(&crc.finalize().to_be_bytes());
    c
}

/// The WebP without EXIF (but its orientation) and XMP chunks, with VP8X's
/// flags saying so; `None` when it is not a WebP.
pub fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut out = bytes[..12].to_vec();
    let (mut vp8x, mut kept_exif) = (None, false);
    let mut i = 12;
    while i < bytes.len() {
        let kind = bytes.get(i..i + 4)?;
        let len = u32::from_le_bytes(bytes.get(i + 4..i + 8)?.try_into().ok()?) as usize;
        // Chunks are padded to an even length.
        let end = (i + 8).checked_add(len + (len & 1))?.min(bytes.len());
        if kind == b"EXIF" {
            let data = &bytes[(i + 8).min(end)..(i + 8 + len).min(end)];
            if let Some(tiff) = orientation_only(orientation_of(data)) {
                out.extend_from_slice(b"EXIF");
                out.extend_from_slice(&(tiff.len() as u32).to_le_bytes());
                out.extend_from_slice(&tiff);
                kept_exif = true;
            }
        } else if kind != b"XMP " {
            if kind == b"VP8X" && end > i + 8 {
                vp8x = Some(out.len() + 8);
            }
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    if let Some(flags) = vp8x {
        out[flags] &= !0x04; // no XMP
        if !kept_exif {
            out[flags] &= !0x08;
        }
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    /// A WebP (RIFF) chunk, padded to an even length.
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = kind.to_vec();
        c.extend_from_slice(&(data.len() as u32).to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    /// A WebP file of `body`'s chunks.
    fn riff_webp(body: &[u8]) -> Vec<u8> {
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&((body.len() + 4) as u32).to_le_bytes());
        file.extend_from_slice(b"WEBP");
        file.extend_from_slice(body);
        file
    }

    #[test]
    fn webp_loses_its_exif_and_xmp_chunks() {
        let body: Vec<u8> = [
            chunk(b"VP8X", &[0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            chunk(b"VP8L", b"pixels!"),
            chunk(b"EXIF", b"Exif\0\0GPS 39.9N"),
            chunk(b"XMP ", b"<x:xmpmeta/>"),
        ]
        .concat();
        let out = super::webp(&riff_webp(&body)).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("GPS") && !text.contains("xmpmeta") && text.contains("pixels!"));
        assert_eq!(out[12 + 8] & 0x0C, 0, "VP8X no longer announces EXIF or XMP");
        assert_eq!(u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize, out.len() - 8);
        assert!(super::webp(b"not a webp").is_none());
    }

    #[test]
    fn a_sideways_jpeg_keeps_only_its_orientation() {
        // A landscape 16×8 photo stored as a phone does: pixels sideways (8×16), orientation 6.
        let stored = image::RgbImage::from_fn(8, 16, |x, _| image::Rgb(if x < 4 { [250, 0, 0] } else { [0, 0, 250] }));
        let mut pixels = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut pixels, 95).encode_image(&stored).unwrap();
        let mut tiff = b"Exif\0\0MM\0*\0\0\0\x08\0\x02".to_vec();
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x30]); // GPS IFD pointer
        tiff.extend_from_slice(b"\0\0\0\0secret-gps-39.9N");
        let mut with = pixels[..2].to_vec();
        with.extend_from_slice(&[0xFF, 0xE1]);
        with.extend_from_slice(&((tiff.len() + 2) as u16).to_be_bytes());
        with.extend_from_slice(&tiff);
        with.extend_from_slice(&pixels[2..]);
        let stripped = super::jpeg(&with).unwrap();
        assert!(!String::from_utf8_lossy(&stripped).contains("secret-gps"));
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&stripped)).unwrap();
        use image::metadata::Orientation;
        use image::ImageDecoder;
        assert_eq!(decoder.orientation().unwrap(), Orientation::Rotate90);
        let mut img = image::DynamicImage::from_decoder(decoder).unwrap();
        img.apply_orientation(Orientation::Rotate90);
        assert_eq!((img.width(), img.height()), (16, 8), "shown as stored: landscape");
        let top = img.to_rgb8().get_pixel(8, 1).0;
        assert!(top[0] > 200 && top[2] < 60, "the left column of the stored pixels is the top row upright: {top:?}");
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

    /// A GPS block behind the orientation, as a camera writes it (TIFF, no `Exif` prefix).
    fn camera_exif(orientation: u8) -> Vec<u8> {
        let mut tiff = b"MM\0*\0\0\0\x08\0\x02".to_vec();
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]);
        tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x30]);
        tiff.extend_from_slice(b"\0\0\0\0secret-gps-39.9N");
        tiff
    }

    #[test]
    fn a_sideways_png_keeps_only_its_orientation() {
        use image::{ImageDecoder, ImageEncoder};
        let mut png = Vec::new();
        let img = image::RgbImage::from_pixel(8, 16, image::Rgb([10, 120, 200]));
        image::codecs::png::PngEncoder::new(&mut png).write_image(&img, 8, 16, image::ExtendedColorType::Rgb8).unwrap();
        // eXIf goes before the image data: right after IHDR (8 + 25 bytes).
        let mut with = png[..33].to_vec();
        with.extend_from_slice(&super::png_chunk(b"eXIf", &camera_exif(6)));
        with.extend_from_slice(&png[33..]);
        let out = super::png(&with).unwrap();
        assert!(!String::from_utf8_lossy(&out).contains("secret-gps"));
        let mut decoder = image::codecs::png::PngDecoder::new(std::io::Cursor::new(&out)).unwrap();
        assert_eq!(decoder.orientation().unwrap(), image::metadata::Orientation::Rotate90);
        let upright = super::png(&png).unwrap();
        assert_eq!(upright, png, "a PNG without metadata is published as it is");
    }

    #[test]
    fn a_sideways_webp_keeps_only_its_orientation() {
        use image::ImageDecoder;
        let mut webp = Vec::new();
        let img = image::RgbImage::from_pixel(8, 16, image::Rgb([10, 120, 200]));
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .encode(img.as_raw(), 8, 16, image::ExtendedColorType::Rgb8)
            .unwrap();
        // An extended WebP: VP8X (with the EXIF and XMP flags), the image, EXIF, XMP.
        let (w, h) = (7u32.to_le_bytes(), 15u32.to_le_bytes());
        let body: Vec<u8> = [
            chunk(b"VP8X", &[0x0C, 0, 0, 0, w[0], w[1], w[2], h[0], h[1], h[2]]),
            webp[12..].to_vec(),
            chunk(b"EXIF", &camera_exif(8)),
            chunk(b"XMP ", b"<x:xmpmeta/>"),
        ]
        .concat();
        let out = super::webp(&riff_webp(&body)).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("secret-gps") && !text.contains("xmpmeta"));
        assert_eq!(out[12 + 8] & 0x0C, 0x08, "VP8X announces the EXIF kept, not XMP");
        let mut decoder = image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&out)).unwrap();
        assert_eq!(decoder.orientation().unwrap(), image::metadata::Orientation::Rotate270);
    }
}
