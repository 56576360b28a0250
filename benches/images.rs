//! Photos per second through the build's image pipeline: `cargo bench --bench images`.
//! Makes N phone-size photos (4000×3000 JPEG, default 200; `IMAGES_BENCH_N`
//! to change), then processes them all in parallel as a build does, cold
//! (decode, orient, resize, encode, write the cache) and warm (every photo
//! found in the cache by its content key).
//!
//! `cargo bench --bench images -- --example-photos DIR` instead writes the
//! example site's generated photos into DIR.

use std::path::Path;
use std::time::Instant;

use gongjian::images::cache;
use image::{Rgb, RgbImage};
use rayon::prelude::*;

/// A made-up site photo: sky, ground, a building and a crane, with sensor noise.
fn scene(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 9) as i32 - 4
    };
    let horizon = height * 3 / 5;
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let base: [f32; 3] = if (0.55..0.75).contains(&fx) && fy > 0.35 && y < horizon {
            [180.0, 170.0, 150.0] // the building going up
        } else if (0.2..0.22).contains(&fx) && fy > 0.1 && y < horizon
            || (0.1..0.45).contains(&fx) && (0.1..0.12).contains(&fy)
        {
            [230.0, 180.0, 30.0] // the crane
        } else if y < horizon {
            [110.0 + 80.0 * fy, 160.0 + 60.0 * fy, 235.0]
        } else {
            [120.0 - 30.0 * fy, 100.0 - 20.0 * fy, 70.0]
        };
        let n = noise();
        Rgb(base.map(|c| (c as i32 + n).clamp(0, 255) as u8))
    })
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).expect("encode");
    out
}

fn write_examples(dir: &Path) {
    std::fs::create_dir_all(dir).expect("folder");
    for (name, seed) in [("gongdi-kaigong.jpg", 7), ("gongdi-diaozhuang.jpg", 11)] {
        let bytes = jpeg(&scene(1600, 1200, seed), 78);
        std::fs::write(dir.join(name), &bytes).expect("write");
        println!("{} ({} KB)", dir.join(name).display(), bytes.len() / 1024);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--example-photos") {
        return write_examples(Path::new(args.get(i + 1).expect("--example-photos DIR")));
    }
    let n: usize = std::env::var("IMAGES_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let widths = [480, 960, 1600];
    // A few distinct pictures, each made unique by a comment segment so every photo has its own key.
    let originals: Vec<Vec<u8>> = (0..4).into_par_iter().map(|s| jpeg(&scene(4000, 3000, s + 1), 90)).collect();
    let photos: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let mut b = originals[i % originals.len()].clone();
            let id = (i as u32).to_be_bytes();
            b.splice(2..2, [0xFF, 0xFE, 0, 6, id[0], id[1], id[2], id[3]]);
            b
        })
        .collect();
    let mb = photos.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    let dir = tempfile::tempdir().expect("temp dir");
    let cache_dir = dir.path().join("images");

    let t = Instant::now();
    photos.par_iter().for_each(|b| {
        let key = cache::key(b, &widths, 80);
        cache::process_into(&cache_dir, &key, b, &widths, 80).expect("process");
    });
    let cold = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let found = photos.par_iter().filter(|b| cache::lookup(&cache_dir, &cache::key(b, &widths, 80)).is_some()).count();
    let warm = t.elapsed().as_secs_f64();
    assert_eq!(found, n, "every photo in the cache");
    println!("{n} photos of 4000×3000 ({mb:.0} MB), {} threads", rayon::current_num_threads());
    println!("cold: {cold:.2} s, {:.2} photos/s", n as f64 / cold);
    println!("warm: {warm:.3} s, {:.0} photos/s", n as f64 / warm);
}
