//! A chart as a list of shapes and text runs, and its rendering to SVG.
//!
//! Chart kinds lay everything out in pixel coordinates into a `Scene`.
//! Shapes go through plotters' `SVGBackend` (`marks`), while text is
//! emitted here as our own `<text>` elements: plotters would size text
//! from byte counts and wrap it in its own font settings, and we need
//! CJK-aware widths and a CJK font stack. Keeping
//! the scene as data also lets the tests check that every label's computed
//! extent stays inside the viewBox.

use super::layout::{push_coord, push_escaped, text_width};
use super::marks::{self, Mark};

/// The viewBox width of every chart. It scales with `width="100%"`: at 480
/// units the 15-unit labels are ~11 px on a 360 px phone (at 640 they were
/// ~8 px), and the data table below carries the numbers in page-sized text.
pub const WIDTH: f64 = 480.0;
/// Outer padding inside the viewBox.
pub const PAD: f64 = 16.0;
/// Category labels.
pub const FONT_LABEL: f64 = 18.0;
/// Values printed at bar ends.
pub const FONT_VALUE: f64 = 16.0;
/// Axis ticks, notes, legends (the smallest size used; ≥ 13 by design).
pub const FONT_SMALL: f64 = 15.0;

/// The font stack for all chart text: common CJK faces on Linux, macOS and
/// Windows, then the generic fallback.
pub const FONT_FAMILY: &str =
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";

pub type Rgb = (u8, u8, u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text. `y` is the baseline.
#[derive(Debug, Clone)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub color: Rgb,
    pub text: String,
    /// Full text shown as a tooltip when `text` was shortened.
    pub tooltip: Option<String>,
    /// Outline in the background colour, so a label stays readable where it
    /// crosses a line (trend values near the target line).
    pub halo: bool,
}

impl Text {
    /// Estimated horizontal extent (left, right) in viewBox units. Bold text
    /// is set about 5% wider, so the estimate is widened to match.
    pub fn extent(&self) -> (f64, f64) {
        let w = text_width(&self.text, self.size) * if self.bold { 1.05 } else { 1.0 };
        match self.anchor {
            Anchor::Start => (self.x, self.x + w),
            Anchor::Middle => (self.x - w / 2.0, self.x + w / 2.0),
            Anchor::End => (self.x - w, self.x),
        }
    }
}

/// Geometric marks, drawn by plotters in insertion order.
#[derive(Debug, Clone)]
pub enum Shape {
    /// Axis-aligned rectangle; `alpha` < 1 gives a tint (e.g. a target bar).
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: Rgb,
        alpha: f64,
        filled: bool,
    },
    /// Open polyline (axes, grid, trend line).
    Line {
        points: Vec<(f64, f64)>,
        color: Rgb,
        width: u32,
    },
    Circle {
        x: f64,
        y: f64,
        r: f64,
        color: Rgb,
        filled: bool,
    },
    /// Filled polygon (ahead/behind triangles, area under a trend).
    Poly {
        points: Vec<(f64, f64)>,
        color: Rgb,
        alpha: f64,
    },
}

/// A chart laid out in viewBox units.
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub background: Rgb,
    /// Colour set on the text group; texts in this colour omit `fill`.
    pub text_color: Rgb,
    pub shapes: Vec<Shape>,
    pub texts: Vec<Text>,
}

impl Scene {
    pub fn new(background: Rgb, text_color: Rgb) -> Scene {
        Scene {
            width: WIDTH,
            height: 0.0,
            background,
            text_color,
            shapes: Vec::with_capacity(32),
            texts: Vec::with_capacity(32),
        }
    }

    /// Adds a text run and returns it for further tweaks (bold, tooltip).
    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, color: Rgb, s: impl Into<String>) -> &mut Text {
        self.texts.push(Text { x, y, size, anchor, bold: false, color, text: s.into(), tooltip: None, halo: false });
        let last = self.texts.len() - 1;
        &mut self.texts[last]
    }

    pub fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: Rgb) {
        self.shapes.push(Shape::Rect { x0, y0, x1, y1, color, alpha: 1.0, filled: true });
    }

    pub fn tint(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: Rgb, alpha: f64) {
        self.shapes.push(Shape::Rect { x0, y0, x1, y1, color, alpha, filled: true });
    }

    pub fn outline(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: Rgb) {
        self.shapes.push(Shape::Rect { x0, y0, x1, y1, color, alpha: 1.0, filled: false });
    }

    pub fn line(&mut self, points: Vec<(f64, f64)>, color: Rgb, width: u32) {
        self.shapes.push(Shape::Line { points, color, width });
    }

    /// A small triangle pointing up (ahead) or down (behind) whose box is
    /// `size` square with its left edge at `x` and centred on `cy`. Shape, not
    /// just colour, tells the two states apart.
    pub fn triangle(&mut self, x: f64, cy: f64, size: f64, up: bool, color: Rgb) {
        let h = size * 0.87;
        let (top, bottom) = (cy - h / 2.0, cy + h / 2.0);
        let points = if up {
            vec![(x, bottom), (x + size, bottom), (x + size / 2.0, top)]
        } else {
            vec![(x, top), (x + size, top), (x + size / 2.0, bottom)]
        };
        self.shapes.push(Shape::Poly { points, color, alpha: 1.0 });
    }

    /// Renders the scene as a standalone SVG document (no XML prolog) with
    /// `role="img"`, `<title>` and `<desc>` as the first children.
    pub fn render(&self, title: &str, desc: &str) -> String {
        let w = self.width.round().max(1.0) as u32;
        let h = self.height.round().max(1.0) as u32;
        let mut inner = String::with_capacity(self.shapes.len() * 110);
        let marks = std::iter::once(Mark::background(self.background, (w, h)));
        marks::push_all(&mut inner, (w, h), marks.chain(self.shapes.iter().filter_map(Mark::of)));

        let mut out = String::with_capacity(inner.len() + 600 + self.texts.len() * 120);
        out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
        out.push_str(&w.to_string());
        out.push(' ');
        out.push_str(&h.to_string());
        out.push_str("\" width=\"100%\" role=\"img\"><title>");
        push_escaped(&mut out, title);
        out.push_str("</title><desc>");
        push_escaped(&mut out, desc);
        out.push_str("</desc>\n");
        out.push_str(&inner);
        out.push_str("<g font-family=\"");
        out.push_str(FONT_FAMILY);
        out.push_str("\" fill=\"");
        push_hex(&mut out, self.text_color);
        out.push_str("\">\n");
        for t in &self.texts {
            self.push_text(&mut out, t);
        }
        out.push_str("</g>\n</svg>");
        out
    }

    fn push_text(&self, out: &mut String, t: &Text) {
        out.push_str("<text x=\"");
        push_coord(out, t.x);
        out.push_str("\" y=\"");
        push_coord(out, t.y);
        out.push_str("\" font-size=\"");
        push_coord(out, t.size);
        out.push('"');
        match t.anchor {
            Anchor::Start => {}
            Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
            Anchor::End => out.push_str(" text-anchor=\"end\""),
        }
        if t.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if t.halo {
            out.push_str(" stroke=\"");
            push_hex(out, self.background);
            out.push_str("\" stroke-width=\"4\" paint-order=\"stroke\"");
        }
        if t.color != self.text_color {
            out.push_str(" fill=\"");
            push_hex(out, t.color);
            out.push('"');
        }
        out.push('>');
        if let Some(full) = &t.tooltip {
            out.push_str("<title>");
            push_escaped(out, full);
            out.push_str("</title>");
        }
        push_escaped(out, &t.text);
        out.push_str("</text>\n");
    }
}

fn push_hex(out: &mut String, (r, g, b): Rgb) {
    out.push('#');
    crate::text::push_hex(out, u64::from(r) << 16 | u64::from(g) << 8 | u64::from(b), 6);
}
