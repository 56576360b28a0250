//! A scene's shapes as SVG elements, written as plotters' `SVGBackend`
//! writes them (its elements are the charts' published form; the tests
//! draw every kind of mark with plotters and compare).
//!
//! Each element is written straight from the shape's pixel values: a
//! chart's bars, ticks and lines differ from chart to chart, so drawing
//! each through a backend (~5 µs a shape) or keeping the elements drawn
//! (a lock and a lookup a shape, most of them new) cost most of a chart's time.

use std::fmt::Write;

use super::scene::{Rgb, Shape};
use crate::text::push_int;

/// A shape as plotters is given it: pixel coordinates, colour, style.
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
}

fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round() as i32
    } else {
        0
    }
}

/// Appends to `out` the element of each of `marks` on a `size` canvas, in order.
pub(super) fn push_all(out: &mut String, size: (u32, u32), marks: impl Iterator<Item = Mark>) {
    let canvas = Canvas(i32::try_from(size.0).unwrap_or(i32::MAX), i32::try_from(size.1).unwrap_or(i32::MAX));
    for mark in marks {
        push(out, canvas, &mark);
    }
}

/// The canvas's width and height: plotters moves every point onto it.
#[derive(Clone, Copy)]
struct Canvas(i32, i32);

impl Canvas {
    fn at(self, (x, y): (i32, i32)) -> (i32, i32) {
        (x.clamp(0, self.0), y.clamp(0, self.1))
    }
}

/// Appends the element plotters' backend writes for `mark`: nothing for a
/// transparent one, else one self-closed tag and a line break.
fn push(out: &mut String, canvas: Canvas, mark: &Mark) {
    match mark {
        Mark::Rect { a, b, color, alpha, filled } => {
            let alpha = f64::from_bits(*alpha);
            if alpha == 0.0 {
                return;
            }
            // Plotters' rectangle spans its corners whichever way they are given.
            let (a, b) = (canvas.at(*a), canvas.at(*b));
            let (x0, y0, x1, y1) = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
            out.push_str("<rect x=\"");
            push_int(out, i64::from(x0));
            out.push_str("\" y=\"");
            push_int(out, i64::from(y0));
            out.push_str("\" width=\"");
            push_int(out, i64::from(x1) - i64::from(x0));
            out.push_str("\" height=\"");
            push_int(out, i64::from(y1) - i64::from(y0));
            out.push('"');
            push_opacity(out, alpha);
            if *filled {
                out.push_str(" fill=\"");
                push_color(out, *color);
                out.push_str("\" stroke=\"none\"/>\n");
            } else {
                out.push_str(" fill=\"none\" stroke=\"");
                push_color(out, *color);
                out.push_str("\"/>\n");
            }
        }
        Mark::Line { points, color, width } => {
            out.push_str("<polyline fill=\"none\"");
            push_opacity(out, 1.0);
            out.push_str(" stroke=\"");
            push_color(out, *color);
            out.push_str("\" stroke-width=\"");
            push_int(out, i64::from(*width));
            out.push_str("\" points=\"");
            push_points(out, canvas, points);
            out.push_str("\"/>\n");
        }
        Mark::Circle { at, r, color, filled } => {
            let at = canvas.at(*at);
            out.push_str("<circle cx=\"");
            push_int(out, i64::from(at.0));
            out.push_str("\" cy=\"");
            push_int(out, i64::from(at.1));
            out.push_str("\" r=\"");
            push_int(out, i64::from(*r));
            out.push('"');
            push_opacity(out, 1.0);
            // Filled: plotters' `filled()` style, 1 wide; else stroked 2 wide.
            if *filled {
                out.push_str(" fill=\"");
                push_color(out, *color);
                out.push_str("\" stroke=\"none\" stroke-width=\"1\"/>\n");
            } else {
                out.push_str(" fill=\"none\" stroke=\"");
                push_color(out, *color);
                out.push_str("\" stroke-width=\"2\"/>\n");
            }
        }
        Mark::Poly { points, color, alpha } => {
            let alpha = f64::from_bits(*alpha);
            if alpha == 0.0 {
                return;
            }
            out.push_str("<polygon");
            push_opacity(out, alpha);
            out.push_str(" fill=\"");
            push_color(out, *color);
            out.push_str("\" points=\"");
            push_points(out, canvas, points);
            out.push_str("\"/>\n");
        }
    }
}

/// ` opacity="…"`, the alpha as Rust shows an `f64` (as plotters writes it).
fn push_opacity(out: &mut String, alpha: f64) {
    if alpha == 1.0 {
        out.push_str(" opacity=\"1\"");
    } else {
        let _ = write!(out, " opacity=\"{alpha}\"");
    }
}

/// `#RRGGBB` in upper case, as plotters writes colours.
fn push_color(out: &mut String, (r, g, b): Rgb) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('#');
    for v in [r, g, b] {
        out.push(char::from(HEX[usize::from(v >> 4)]));
        out.push(char::from(HEX[usize::from(v & 15)]));
    }
}

/// Each point as `x,y ` (a space after each, the last too).
fn push_points(out: &mut String, canvas: Canvas, points: &[(i32, i32)]) {
    for &p in points {
        let (x, y) = canvas.at(p);
        push_int(out, i64::from(x));
        out.push(',');
        push_int(out, i64::from(y));
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;

    type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

    fn draw_on(area: &Area<'_>, mark: &Mark) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
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

    /// The marks as plotters' SVG backend draws them, one after another,
    /// the elements cut out of its document.
    fn plotters(size: (u32, u32), marks: &[Mark]) -> String {
        let mut doc = String::new();
        {
            let area = SVGBackend::with_string(&mut doc, size).into_drawing_area();
            for m in marks {
                let _ = draw_on(&area, m);
            }
            let _ = area.present();
        }
        let start = doc.find('\n').map_or(doc.len(), |i| i + 1);
        let end = doc.rfind("</svg>").unwrap_or(doc.len()).max(start);
        doc[start..end].to_string()
    }

    fn ours(size: (u32, u32), marks: &[Mark]) -> String {
        let mut out = String::new();
        push_all(&mut out, size, marks.iter().cloned());
        out
    }

    fn shapes() -> Vec<Shape> {
        let (red, blue) = ((200, 30, 30), (20, 40, 220));
        vec![
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 1.0, filled: true },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 0.35, filled: true },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: blue, alpha: 1.0, filled: false },
            Shape::Rect { x0: 10.0, y0: 20.4, x1: 110.6, y1: 40.0, color: red, alpha: 0.0, filled: true },
            Shape::Rect { x0: 110.6, y0: 40.0, x1: -10.0, y1: 20.4, color: blue, alpha: 0.18, filled: false },
            Shape::Line { points: vec![(0.0, 0.0), (50.5, 60.2), (480.0, 1.0)], color: blue, width: 2 },
            Shape::Line { points: vec![(0.0, 0.0), (50.5, 60.2), (480.0, 1.0)], color: blue, width: 3 },
            Shape::Line { points: vec![(-3.0, f64::NAN)], color: red, width: 1 },
            Shape::Line { points: vec![], color: red, width: 1 },
            Shape::Circle { x: 30.0, y: 31.0, r: 4.4, color: red, filled: true },
            Shape::Circle { x: 30.0, y: 31.0, r: 4.4, color: red, filled: false },
            Shape::Circle { x: -30.0, y: 1e9, r: 0.2, color: (0, 0, 0), filled: false },
            Shape::Poly { points: vec![(1.0, 2.0), (3.0, 9.0), (8.0, 2.0)], color: blue, alpha: 0.5 },
            Shape::Poly { points: vec![(1.0, 2.0), (3.0, 9.0), (8.0, 2.0)], color: red, alpha: 1.0 / 3.0 },
            Shape::Poly { points: vec![(1.0, 2.0), (-3.0, 9.0)], color: red, alpha: 0.0 },
            Shape::Poly { points: vec![(1.0, 2.0), (3.0, 9.0)], color: (255, 255, 255), alpha: 2.0 },
        ]
    }

    /// Every kind of mark, in every style the charts use and at odd
    /// coordinates and alphas, is written as plotters' backend writes it.
    #[test]
    fn elements_are_those_plotters_draws() {
        for size in [(480, 300), (480, 120)] {
            let marks: Vec<Mark> = std::iter::once(Mark::background((255, 255, 255), size))
                .chain(shapes().iter().filter_map(Mark::of))
                .collect();
            assert_eq!(ours(size, &marks), plotters(size, &marks), "{size:?}");
        }
    }

    /// Many marks of pseudo-random pixels, colours and alphas, each written
    /// as plotters writes it.
    #[test]
    fn random_marks_are_written_as_plotters_writes_them() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut marks = Vec::new();
        for _ in 0..2000 {
            let mut at = [(0.0, 0.0); 8];
            for p in &mut at {
                *p = (next(1200) as f64 - 200.0 + next(10) as f64 / 10.0, next(900) as f64 - 100.0);
            }
            let color = (next(256) as u8, next(256) as u8, next(256) as u8);
            let alpha = [1.0, 0.0, 0.18, 0.35, 0.5, 0.8, 1.0 / 7.0][next(7) as usize];
            let ((a, b), points) = ((at[0], at[1]), at[2..2 + next(6) as usize].to_vec());
            let (filled, width, r) = (next(2) == 0, next(4) as u32, next(90) as f64 / 10.0);
            let shape = match next(4) {
                0 => Shape::Rect { x0: a.0, y0: a.1, x1: b.0, y1: b.1, color, alpha, filled },
                1 => Shape::Line { points, color, width },
                2 => Shape::Circle { x: a.0, y: a.1, r, color, filled },
                _ => Shape::Poly { points, color, alpha },
            };
            marks.extend(Mark::of(&shape));
        }
        assert!(marks.len() > 1500);
        assert_eq!(ours((480, 600), &marks), plotters((480, 600), &marks));
    }

    #[test]
    fn a_rectangle_of_no_height_is_left_out() {
        let flat = Shape::Rect { x0: 1.0, y0: 5.2, x1: 9.0, y1: 4.8, color: (0, 0, 0), alpha: 1.0, filled: true };
        assert_eq!(Mark::of(&flat), None);
    }
}
