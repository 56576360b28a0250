//! Photos and attachments as editors have them: a phone photo (4000×3000,
//! EXIF with GPS and a sideways orientation) beside its report, files in
//! static/, `@/` paths, a sub-path base_url; what readers get, and what
//! `check` says.

mod common;

use common::{list, stderr, Site, CAMPAIGN};

/// Written into the photo's EXIF; must appear in no published byte.
const CAMERA: &[u8] = b"GJ-PHONE-MAKER";

/// A phone-size JPEG whose pixels are stored landscape (4000×3000) with
/// Orientation 6 (turn 90° clockwise to show), a camera make and a GPS
/// position. Its stored top-left quarter is red, the rest blue.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        if x < 2000 && y < 1500 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&img).unwrap();
    with_exif(&jpeg, &exif_tiff())
}

/// A big-endian TIFF block: IFD0 (Make, Orientation = 6, GPS pointer) and a GPS IFD (latitude 37°26'12.34" N).
fn exif_tiff() -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&kind.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    let make_at: u32 = 8 + 2 + 3 * 12 + 4;
    let make = [CAMERA, b"\0"].concat();
    let gps_at = make_at + make.len() as u32 + 1;
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at.to_be_bytes());
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8825, 4, 1, gps_at.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&make);
    t.push(0);
    assert_eq!(t.len() as u32, gps_at);
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, rationals_at.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(37u32, 1u32), (26, 1), (1234, 100)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    t
}

/// `jpeg` with an APP1 EXIF segment right after its start marker.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let payload = [b"Exif\0\0".as_slice(), tiff].concat();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn report(body: &str) -> String {
    format!("---\ntitle: 项目开工\ndate: 2021-08-10\ncounty: 东光县\ncampaign: dongguang-2021-r7\n---\n{body}")
}

/// A site with the phone photo beside `content/reports/2021-08-10-kaigong.md`.
fn site_with_photo(body: &str) -> Site {
    let s = Site::new();
    s.write("content/campaigns/dongguang-2021-r7.md", CAMPAIGN);
    s.write_bytes("content/reports/gongdi.jpg", &phone_photo());
    s.write("content/reports/2021-08-10-kaigong.md", &report(body));
    s
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn phone_photo_beside_a_report_is_published_resized_upright_and_without_metadata() {
    let s = site_with_photo(
        "开工仪式。\n\n![项目开工现场](gongdi.jpg \"东光县重点项目集中开工\")\n\n再看一次：![吊装](gongdi.jpg)\n",
    );
    s.build_with(&["--base-url", "https://example.gov.cn/xmgj/"]);
    let page = s.read("reports/kaigong/index.html");

    // Several widths as JPEG and WebP, under the sub-path, with the size of the upright photo.
    let picture = &page[page.find("<figure><picture>").expect("a figure with a picture")..];
    let first_img = &picture[..picture.find("</picture>").unwrap()];
    for w in ["480w", "960w", "1600w"] {
        assert!(first_img.contains(w), "srcset lacks {w}: {first_img}");
    }
    assert!(first_img.contains("<source type=\"image/webp\" srcset=\"/xmgj/media/"), "{first_img}");
    assert!(first_img.contains("src=\"/xmgj/media/"), "{first_img}");
    assert!(first_img.contains("width=\"1600\" height=\"2133\""), "portrait once turned: {first_img}");
    assert!(first_img.contains("alt=\"项目开工现场\"") && first_img.contains("decoding=\"async\""));
    assert!(!first_img.contains("loading=\"lazy\""), "the first photo loads at once");
    assert!(picture.contains("<figcaption>东光县重点项目集中开工</figcaption>"), "{picture}");
    // The second, inline, image is lazy and not a figure.
    let second = &page[page.find("再看一次").unwrap()..];
    assert!(second.contains("<picture>") && second.contains("loading=\"lazy\""), "{second}");
    assert!(!page.contains("src=\"gongdi.jpg\""));

    // Published files: the sizes exist and no byte of EXIF, camera or GPS is anywhere.
    let files = list(&s.public(""));
    let photos: Vec<&String> = files.iter().filter(|f| f.starts_with("media/")).collect();
    assert!(photos.iter().any(|f| f.ends_with("-480.jpg")) && photos.iter().any(|f| f.ends_with("-1600.webp")));
    for f in &files {
        let bytes = std::fs::read(s.public(f)).unwrap();
        assert!(!contains(&bytes, CAMERA) && !contains(&bytes, b"\x88\x25"), "{f} keeps the photo's metadata");
        if contains(&bytes, b"Exif") {
            assert_eq!(f, "reports/gongdi.jpg", "only the original, as it is, needs an orientation");
        }
    }
    // The original, published beside the report as it was stored, keeps only
    // its orientation, so a browser shows it upright (portrait, red top right).
    let original = std::fs::read(s.public("reports/gongdi.jpg")).unwrap();
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&original)).unwrap();
    use image::ImageDecoder;
    let orientation = decoder.orientation().unwrap();
    assert_eq!(orientation, image::metadata::Orientation::Rotate90);
    let mut shown = image::DynamicImage::from_decoder(decoder).unwrap();
    shown.apply_orientation(orientation);
    let shown = shown.to_rgb8();
    assert_eq!((shown.width(), shown.height()), (3000, 4000));
    assert!(shown.get_pixel(2900, 100)[0] > 150 && shown.get_pixel(100, 100)[2] > 150, "upright");

    // Orientation applied: the stored top-left (red) quarter is now top-right.
    let small = photos.iter().find(|f| f.ends_with("-480.jpg")).unwrap();
    let img = image::open(s.public(small)).unwrap().to_rgb8();
    assert_eq!((img.width(), img.height()), (480, 640));
    let (right, left) = (img.get_pixel(470, 10), img.get_pixel(10, 10));
    assert!(right[0] > 150 && right[2] < 100, "top right should be red: {right:?}");
    assert!(left[2] > 150 && left[0] < 100, "top left should be blue: {left:?}");
}

#[test]
fn a_second_build_takes_every_photo_from_the_cache() {
    let s = site_with_photo("![工地](gongdi.jpg)\n");
    let first = String::from_utf8_lossy(&s.build().stdout).into_owned();
    assert!(first.contains("photos: 1 processed, 0 from cache"), "{first}");
    let cached = |s: &Site| {
        let dir = s.root().join(".gongjian/images");
        list(&dir).into_iter().map(|f| (std::fs::metadata(dir.join(&f)).unwrap().modified().unwrap(), f)).collect()
    };
    let before: Vec<_> = cached(&s);
    assert!(!before.is_empty(), "the cache holds the processed sizes");
    let page = s.read("reports/kaigong/index.html");
    let second = String::from_utf8_lossy(&s.build().stdout).into_owned();
    assert!(second.contains("photos: 0 processed, 1 from cache"), "{second}");
    assert_eq!(cached(&s), before, "no cache file was written again");
    assert_eq!(s.read("reports/kaigong/index.html"), page, "same page from the cache");
}

#[test]
fn static_files_and_at_paths_resolve_under_a_sub_path_and_attachments_show_type_and_size() {
    let s = site_with_photo(
        "![工地](@/reports/gongdi.jpg)\n\n![标志](/images/logo.svg)\n\n附件：[重点项目清单](/files/重点项目清单.pdf)\n\n[上一期](/reports/)\n",
    );
    let logo = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    s.write("static/images/logo.svg", logo);
    s.write_bytes("static/files/重点项目清单.pdf", &vec![b'%'; 1_300_000]);
    s.build_with(&["--base-url", "https://example.gov.cn/sub/"]);
    let page = s.read("reports/kaigong/index.html");
    assert!(!page.contains("@/"), "an @/ path is written out: {page}");
    assert!(page.contains("src=\"/sub/media/"), "{page}");
    assert!(page.contains("src=\"/sub/images/logo.svg\""), "SVG passes through under the sub-path");
    assert_eq!(std::fs::read_to_string(s.public("images/logo.svg")).unwrap(), logo);
    assert!(
        page.contains(
            "href=\"/sub/files/重点项目清单.pdf\">重点项目清单</a><span class=\"attachment\">（PDF，1.2 MB）</span>"
        ),
        "{page}"
    );
    assert!(page.contains("href=\"/sub/reports/\""), "root-relative page links get the sub-path");
}

#[test]
fn a_missing_image_or_attachment_fails_the_build_naming_file_line_and_column() {
    let s = site_with_photo("第一段。\n\n现场：![工地](gongdi-2.jpg)\n");
    let err = s.build_fails();
    assert!(err.contains("content/reports/2021-08-10-kaigong.md:9:10"), "{err}");
    assert!(err.contains("content/reports/gongdi-2.jpg"), "{err}");

    s.write("content/reports/2021-08-10-kaigong.md", &report("见[清单](@/reports/qingdan.xlsx)。\n"));
    let err = s.build_fails();
    assert!(err.contains("2021-08-10-kaigong.md:7:") && err.contains("content/reports/qingdan.xlsx"), "{err}");
}

#[test]
fn a_photo_that_does_not_decode_is_published_as_it_is_with_what_to_do() {
    let s = Site::new();
    s.write("content/campaigns/dongguang-2021-r7.md", CAMPAIGN);
    s.write_bytes("content/reports/huai.jpg", b"\xFF\xD8\xFF\xE0 cut off while copying");
    s.write("content/reports/2021-08-10-kaigong.md", &report("现场：![工地](huai.jpg)\n"));
    let err = stderr(&s.build());
    assert!(
        err.contains("2021-08-10-kaigong.md:7:") && err.contains("image `huai.jpg` is published unresized"),
        "{err}"
    );
    assert!(err.contains("hint: save the photo again as JPEG or PNG"), "{err}");
    assert!(s.exists("reports/huai.jpg"), "{:?}", list(&s.public("reports")));
}

#[test]
fn a_photo_linked_by_a_reference_is_published_by_a_build_from_the_cache_too() {
    let s = Site::new();
    s.write("content/campaigns/dongguang-2021-r7.md", CAMPAIGN);
    let mut jpeg = Vec::new();
    let img = image::RgbImage::from_fn(1000, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 60]));
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&img).unwrap();
    s.write_bytes("content/reports/xianchang.jpg", &jpeg);
    s.write("content/reports/2021-08-10-kaigong.md", &report("现场：![工地][xc]\n\n[xc]: xianchang.jpg\n"));
    s.build();
    let page = s.read("reports/kaigong/index.html");
    let at = page.find("src=\"/media/").expect("the photo, processed") + 6;
    let src = &page[at..at + page[at..].find('"').unwrap()];
    s.build();
    assert_eq!(s.read("reports/kaigong/index.html"), page);
    assert!(s.exists(src.trim_start_matches('/')), "{src} is gone: {:?}", list(&s.public("media")));
}

#[test]
fn check_flags_a_photo_without_alt_text() {
    let s = site_with_photo("现场照片：\n\n![](gongdi.jpg)\n");
    s.build();
    // An inspection item: a warning, and an error with --strict.
    let out = s.run(&["check", "--today", "2021-08-11", "--strict"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("2021-08-10-kaigong.md:9:1: 图片缺少替代文字") && err.contains("gongdi.jpg"), "{err}");
}

/// A GIF of `frames` frames, `w`×`h`, left half red and right half blue.
fn gif(w: u32, h: u32, frames: usize) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut out);
        for i in 0..frames {
            let img = image::RgbaImage::from_fn(w, h, |x, _| {
                if (x < w / 2) ^ (i % 2 == 1) {
                    image::Rgba([220, 20, 20, 255])
                } else {
                    image::Rgba([20, 20, 220, 255])
                }
            });
            enc.encode_frame(image::Frame::new(img)).unwrap();
        }
    }
    out
}

#[test]
fn a_still_gif_is_resized_like_a_photo_and_an_animated_one_passes_through() {
    let s = site_with_photo("![示意图](tu.gif)\n\n![动图](dong.gif)\n");
    s.write_bytes("content/reports/tu.gif", &gif(1200, 600, 1));
    let animated = gif(64, 32, 3);
    s.write_bytes("content/reports/dong.gif", &animated);
    let out = s.build();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = s.read("reports/kaigong/index.html");
    let still = &page[page.find("alt=\"示意图\"").map(|i| page[..i].rfind("<picture>").unwrap()).expect("a picture")..];
    assert!(
        still.contains("480w") && still.contains("960w") && still.contains("width=\"960\" height=\"480\""),
        "{still}"
    );
    assert!(page.contains("src=\"/reports/dong.gif\""), "the animated GIF is linked as it is: {page}");
    assert_eq!(std::fs::read(s.public("reports/dong.gif")).unwrap(), animated, "and published untouched");
}

#[test]
fn the_image_cache_keeps_only_what_the_last_build_used_unless_another_build_is_reading_it() {
    let s = site_with_photo("![工地](gongdi.jpg)\n");
    s.write_bytes("content/reports/tu.gif", &gif(600, 300, 1));
    s.write("content/reports/two.md", "---\ntitle: 示意\ndate: 2021-08-11\n---\n![示意图](tu.gif)\n");
    s.build();
    let cache = s.root().join(".gongjian/images");
    let entries = || {
        let mut v: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        v.sort();
        v
    };
    let both = entries();
    assert_eq!(both.len(), 2, "{both:?}");
    // Another build (or serve) reading the cache holds its lock shared: nothing is removed.
    s.write("content/reports/two.md", "---\ntitle: 示意\ndate: 2021-08-11\n---\n没有图了。\n");
    let other = std::fs::File::open(cache.join(".lock")).unwrap();
    other.lock_shared().unwrap();
    s.build();
    assert_eq!(entries(), both, "kept while another build may read them");
    drop(other);
    s.build();
    let left = entries();
    assert_eq!(left.len(), 1, "the GIF no report shows is gone: {left:?}");
    assert!(both.contains(&left[0]));
    let again = String::from_utf8_lossy(&s.build().stdout).into_owned();
    assert!(again.contains("photos: 0 processed, 1 from cache"), "{again}");
}
