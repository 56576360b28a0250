//! A scene's shapes as SVG elements, written by plotters' `SVGBackend`:
//! the only place charts talk to plotters.
//!
//! The backend writes each shape as one self-contained element from the
//! shape's pixel values alone, and charts repeat their shapes (background,
//! axes, grid lines, bars at the same pixels): in a site's charts about one
//! element in ten is new. So each shape is drawn by plotters once a
//! process and its element copied after; drawing was ~5 µs a shape, most
//! of a chart's time.

use std::sync::Mutex;

use plotters::prelude::*;

use super::scene::{Rgb, Shape};

/// A shape as plotters is given it: pixel coordinates, colour, style. Two
/// marks alike give the same element.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Mark {
    /// Alpha as its bits (after clamping).
    Rect {
        a: (i32, i32),
        b: (i32, i32),
        color: Rgb,
        alpha: u64,
        filled: bool,
    },
    Line {
        points: Vec<(i32, i32)>,
        color: Rgb,
        width: u32,
    },
    Circle {
        at: (i32, i32),
        r: u32,
        color: Rgb,
        filled: bool,
    },
    Poly {
        points: Vec<(i32, i32)>,
        color: Rgb,
        alpha: u64,
    },
}

impl Mark {
    /// The chart's background, filling a `w` × `h` viewBox.
    pub(super) fn background(color: Rgb, (w, h): (u32, u32)) -> Mark {
        Mark::Rect { a: (0, 0), b: (w as i32, h as i32), color, alpha: 1f64.to_bits(), filled: true }
    }

    /// `shape` as drawn; `None` for a rectangle of no width or height,
    /// which would still leave a stroke.
    pub(super) fn of(shape: &Shape) -> Option<Mark> {
        let alpha = |a: f64| a.clamp(0.0, 1.0).to_bits();
        let pixels = |points: &[(f64, f64)]| points.iter().map(|p| (px(p.0), px(p.1))).collect();
        Some(match shape {
            Shape::Rect { x0, y0, x1, y1, color, alpha: a, filled } => {
                let (a0, b0) = ((px(*x0), px(*y0)), (px(*x1), px(*y1)));
                if a0.0 == b0.0 || a0.1 == b0.1 {
                    return None;
                }
                Mark::Rect { a: a0, b: b0, color: *color, alpha: alpha(*a), filled: *filled }
            }
            Shape::Line { points, color, width } => Mark::Line { points: pixels(points), color: *color, width: *width },
            Shape::Circle { x, y, r, color, filled } => {
                Mark::Circle { at: (px(*x), px(*y)), r: r.round().max(1.0) as u32, color: *color, filled: *filled }
            }
            Shape::Poly { points, color, alpha: a } => {
                Mark::Poly { points: pixels(points), color: *color, alpha: alpha(*a) }
            }
        })
    }

    /// The mark as plotters draws it on a `w` × `h` canvas: its drawing
    /// area moves every point into the canvas, and nothing else of an
    /// element depends on the canvas. So moved, a mark's element is the
    /// same on every canvas holding its points.
    fn within(self, (w, h): (u32, u32)) -> Mark {
        let (w, h) = (i32::try_from(w).unwrap_or(i32::MAX), i32::try_from(h).unwrap_or(i32::MAX));
        let on = |(x, y): (i32, i32)| (x.clamp(0, w), y.clamp(0, h));
        let all_on = |points: Vec<(i32, i32)>| points.into_iter().map(on).collect();
        match self {
            Mark::Rect { a, b, color, alpha, filled } => Mark::Rect { a: on(a), b: on(b), color, alpha, filled },
            Mark::Line { points, color, width } => Mark::Line { points: all_on(points), color, width },
            Mark::Circle { at, r, color, filled } => Mark::Circle { at: on(at), r, color, filled },
            Mark::Poly { points, color, alpha } => Mark::Poly { points: all_on(points), color, alpha },
        }
    }
}

fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round() as i32
    } else {
        0
    }
}

/// Elements kept at most (shared by the build's threads), each of at most
/// `KEPT_BYTES`: the repeated marks are short (a bar, a grid line, a dot),
/// while a long polyline is a chart's own series. A few MB at most; a
/// 10,000-report site's charts have about ten thousand distinct marks.
const KEPT: usize = 1 << 15;
const KEPT_BYTES: usize = 160;

/// Elements by mark, its points on the canvas it is drawn on (`Mark::within`).
type Drawn = ahash::AHashMap<Mark, Box<str>>;

static DRAWN: Mutex<Option<Drawn>> = Mutex::new(None);

/// Appends to `out` the element plotters writes for each of `marks` on a
/// `size` canvas, in order.
pub(super) fn push_all(out: &mut String, size: (u32, u32), marks: impl Iterator<Item = Mark>) {
    // A chart's marks under one lock: a copy takes well under a microsecond.
    let mut drawn = DRAWN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let drawn = drawn.get_or_insert_with(Drawn::default);
    for mark in marks {
        let mark = mark.within(size);
        if let Some(element) = drawn.get(&mark) {
            out.push_str(element);
            continue;
        }
        let element = draw(&mark, size);
        out.push_str(&element);
        if drawn.len() < KEPT && element.len() <= KEPT_BYTES {
            drawn.insert(mark, element.into_boxed_str());
        }
    }
}

/// The element plotters writes for `mark` alone: what its backend puts
/// between the document's opening line and its closing `</svg>`.
pub(super) fn draw(mark: &Mark, size: (u32, u32)) -> String {
    let mut doc = String::new();
    {
        let area = SVGBackend::with_string(&mut doc, size).into_drawing_area();
        // Drawing into a String cannot fail; errors are ignored so a
        // chart never aborts a build.
        let _ = draw_on(&area, mark);
        let _ = area.present();
    }
    let start = doc.find('\n').map_or(doc.len(), |i| i + 1);
    let end = doc.rfind("</svg>").unwrap_or(doc.len()).max(start);
    doc[start..end].to_string()
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

pub(super) fn draw_on(area: &Area<'_>, mark: &Mark) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let color = |(r, g, b): Rgb, alpha: f64| RGBAColor(r, g, b, alpha);
    match mark {
        Mark::Rect { a, b, color: c, alpha, filled } => {
            let c = color(*c, f64::from_bits(*alpha));
            let style = if *filled { c.filled() } else { c.stroke_width(1) };
            area.draw(&Rectangle::new([*a, *b], style))
        }
        Mark::Line { points, color: c, width } => {
            area.draw(&PathElement::new(points.clone(), color(*c, 1.0).stroke_width(*width)))
        }
        Mark::Circle { at, r, color: c, filled } => {
            let c = color(*c, 1.0);
            let style = if *filled { c.filled() } else { c.stroke_width(2) };
            area.draw(&Circle::new(*at, *r, style))
        }
        Mark::Poly { points, color: c, alpha } => {
            area.draw(&Polygon::new(points.clone(), color(*c, f64::from_bits(*alpha)).filled()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks drawn the way a whole scene once was: one backend, every
    /// shape in turn, the elements cut out of the document.
    fn whole(size: (u32, u32), marks: &[Mark]) -> String {
        let mut doc = String::new();
        {
            let area = SVGBackend::with_string(&mut doc, size).into_drawing_area();
            for m in marks {
                let _ = draw_on(&area, m);
            }
            let _ = area.present();
        }
        doc.split_once('\n').map(|(_, rest)| rest).unwrap_or("").trim_end().trim_end_matches("</svg>").to_string()
    }

    fn shapes() -> Vec<Shape> {
        let (red, blue) = ((200, 30, 30), (20, 40, 220));
        vec![
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 1.0, filled: true },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 0.35, filled: true },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: blue, alpha: 1.0, filled: false },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 0.0, filled: true },
            Shape::Line { points: vec![(0.0, 0.0), (50.5, 60.2), (480.0, 1.0)], color: blue, width: 2 },
            Shape::Line { points: vec![(0.0, 0.0), (50.5, 60.2), (480.0, 1.0)], color: blue, width: 3 },
            Shape::Circle { x: 30.0, y: 31.0, r: 4.4, color: red, filled: true },
            Shape::Circle { x: 30.0, y: 31.0, r: 4.4, color: red, filled: false },
            Shape::Poly { points: vec![(1.0, 2.0), (3.0, 9.0), (8.0, 2.0)], color: blue, alpha: 0.5 },
            Shape::Poly { points: vec![(1.0, 2.0), (3.0, 9.0), (8.0, 2.0)], color: red, alpha: 0.5 },
            // Past the bottom of the lower canvas: plotters moves their points into it.
            Shape::Rect { x0: 20.0, y0: 100.0, x1: 490.0, y1: 200.0, color: blue, alpha: 1.0, filled: true },
            Shape::Line { points: vec![(5.0, 110.0), (60.0, 250.0), (-3.0, 140.0)], color: red, width: 1 },
            Shape::Circle { x: 40.0, y: 180.0, r: 6.0, color: blue, filled: true },
            Shape::Poly { points: vec![(10.0, 100.0), (30.0, 260.0), (50.0, 100.0)], color: blue, alpha: 1.0 },
        ]
    }

    /// Every mark told apart from the others, drawn new or copied, on canvases
    /// of two sizes: the elements are those of one backend drawing them all.
    #[test]
    fn copied_elements_are_those_plotters_draws() {
        for size in [(480, 300), (480, 120), (480, 300)] {
            let marks: Vec<Mark> = std::iter::once(Mark::background((255, 255, 255), size))
                .chain(shapes().iter().filter_map(Mark::of))
                .collect();
            for _ in 0..2 {
                let mut out = String::new();
                push_all(&mut out, size, marks.iter().cloned());
                assert_eq!(out, whole(size, &marks), "{size:?}");
            }
        }
    }

    #[test]
    fn a_rectangle_of_no_height_is_left_out() {
        let flat = Shape::Rect { x0: 1.0, y0: 5.2, x1: 9.0, y1: 4.8, color: (0, 0, 0), alpha: 1.0, filled: true };
        assert_eq!(Mark::of(&flat), None);
    }
}
