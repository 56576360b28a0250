//! One photo's pixels: decoded, turned upright by its EXIF orientation,
//! resized to the configured widths and encoded again as JPEG and WebP.
//! Encoding from pixels writes no metadata, so nothing of the camera's
//! (GPS, model, thumbnail) reaches a published file.

use std::io::Cursor;

use fast_image_resize::{images::Image as FirImage, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};
use rayon::prelude::*;

use super::ImageError;

/// One published size of a photo.
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
    pub webp: Vec<u8>,
}

/// The widths a photo `width` px wide is published at: the configured ones
/// below it, or its own width when it is smaller than all of them (never upscaled).
pub fn target_widths(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w > 0 && w <= width).collect();
    out.sort_unstable();
    out.dedup();
    if out.is_empty() {
        out.push(width);
    }
    out
}

/// Decodes `bytes` upright (EXIF orientation applied) as RGB.
pub fn decode_upright(bytes: &[u8]) -> Result<RgbImage, ImageError> {
    let unknown = |e: &dyn std::fmt::Display| ImageError::UnknownFormat { why: e.to_string() };
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| unknown(&e))?;
    let mut decoder = reader.into_decoder().map_err(|e| unknown(&e))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| ImageError::Undecodable { why: e.to_string() })?;
    img.apply_orientation(orientation);
    Ok(img.into_rgb8())
}

/// Every size of one photo, encoded side by side.
pub fn encode_sizes(img: &RgbImage, widths: &[u32], quality: u8) -> Result<Vec<Encoded>, ImageError> {
    target_widths(img.width(), widths).par_iter().map(|&w| encode_size(img, w, quality)).collect()
}

fn encode_size(img: &RgbImage, width: u32, quality: u8) -> Result<Encoded, ImageError> {
    let height = ((img.height() as u64 * width as u64 + img.width() as u64 / 2) / img.width() as u64).max(1) as u32;
    let pixels = if width == img.width() { img.clone() } else { resize(img, width, height)? };
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality.clamp(1, 100))
        .encode_image(&pixels)
        .map_err(|e| ImageError::Encode { format: "JPEG", why: e.to_string() })?;
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .encode(pixels.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .map_err(|e| ImageError::Encode { format: "WebP", why: e.to_string() })?;
    Ok(Encoded { width, height, jpeg, webp })
}

fn resize(img: &RgbImage, width: u32, height: u32) -> Result<RgbImage, ImageError> {
    let failed = |e: &dyn std::fmt::Display| ImageError::Resize { width, why: e.to_string() };
    let src = FirImage::from_vec_u8(img.width(), img.height(), img.as_raw().clone(), PixelType::U8x3)
        .map_err(|e| failed(&e))?;
    let mut dst = FirImage::new(width, height, PixelType::U8x3);
    let opts = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &opts).map_err(|e| failed(&e))?;
    // The buffer is width × height × 3 by construction; a mismatch is the resizer's fault.
    RgbImage::from_raw(width, height, dst.into_vec()).ok_or_else(|| failed(&format_args!("{width}×{height}")))
}

/// A GIF with more than one frame (animated): published as it is.
pub fn is_animated_gif(bytes: &[u8]) -> bool {
    use image::AnimationDecoder;
    let Ok(d) = image::codecs::gif::GifDecoder::new(Cursor::new(bytes)) else { return false };
    d.into_frames().take(2).count() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(target_widths(4000, &[1600, 480, 960]), vec![480, 960, 1600]);
        assert_eq!(target_widths(1000, &[480, 960, 1600]), vec![480, 960]);
        assert_eq!(target_widths(300, &[480, 960]), vec![300]);
    }

    #[test]
    fn sizes_keep_the_aspect_ratio() {
        let img = RgbImage::from_fn(1200, 900, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 0]));
        let sizes = encode_sizes(&img, &[480, 960], 80).unwrap();
        let dims: Vec<(u32, u32)> = sizes.iter().map(|s| (s.width, s.height)).collect();
        assert_eq!(dims, vec![(480, 360), (960, 720)]);
        let back = image::load_from_memory(&sizes[0].jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (480, 360));
    }
}
