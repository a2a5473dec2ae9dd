//! Linear scales and axes for the SVG charts.

use yew::prelude::*;

/// Maps a data interval onto a pixel interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Data interval.
    pub domain: (f64, f64),
    /// Pixel interval (may be reversed, for y).
    pub range: (f64, f64),
}

impl Scale {
    /// Pixel position of `v`.
    pub fn at(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f64::EPSILON { (r0 + r1) / 2.0 } else { r0 + (v - d0) / (d1 - d0) * (r1 - r0) }
    }
}

/// About `count` round tick values covering `lo..=hi`.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Formats a tick value compactly.
pub fn tick_label(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1000.0 {
        // 1.5k, not 2k: keep one decimal when the thousands are not whole.
        let k = v / 1000.0;
        if (k.fract()).abs() < 1e-9 { format!("{k:.0}k") } else { format!("{k:.1}k") }
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else if (v * 10.0).fract().abs() < 1e-9 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Plot area inside an SVG of `width × height` with room for axis labels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Left margin (y labels).
    pub left: f64,
    /// Bottom margin (x labels).
    pub bottom: f64,
}

impl Frame {
    /// A frame with standard margins.
    pub fn new(width: f64, height: f64) -> Self {
        Self { width, height, left: 48.0, bottom: 38.0 }
    }

    /// The x scale for a domain.
    pub fn x(&self, domain: (f64, f64)) -> Scale {
        Scale { domain, range: (self.left, self.width - 12.0) }
    }

    /// The y scale for a domain.
    pub fn y(&self, domain: (f64, f64)) -> Scale {
        Scale { domain, range: (self.height - self.bottom, 10.0) }
    }
}

/// Grid lines, ticks and axis titles.
pub fn axes(frame: Frame, x: Scale, y: Scale, x_title: &str, y_title: &str) -> Html {
    let (y_top, y_bottom) = (y.range.1, y.range.0);
    let (x_left, x_right) = (x.range.0, x.range.1);
    let xt = ticks(x.domain.0, x.domain.1, 5);
    let yt = ticks(y.domain.0, y.domain.1, 5);
    html! {
        <g class="axes">
            { for xt.iter().map(|&v| { let px = x.at(v); html! {
                <g>
                    <line class="grid" x1={px.to_string()} x2={px.to_string()} y1={y_top.to_string()}
                        y2={y_bottom.to_string()} />
                    <text class="tick" x={px.to_string()} y={(y_bottom + 14.0).to_string()}
                        text-anchor="middle">{ tick_label(v) }</text>
                </g>
            }})}
            { for yt.iter().map(|&v| { let py = y.at(v); html! {
                <g>
                    <line class="grid" x1={x_left.to_string()} x2={x_right.to_string()} y1={py.to_string()}
                        y2={py.to_string()} />
                    <text class="tick" x={(x_left - 6.0).to_string()} y={(py + 4.0).to_string()}
                        text-anchor="end">{ tick_label(v) }</text>
                </g>
            }})}
            <line class="axis" x1={x_left.to_string()} x2={x_right.to_string()} y1={y_bottom.to_string()}
                y2={y_bottom.to_string()} />
            <line class="axis" x1={x_left.to_string()} x2={x_left.to_string()} y1={y_top.to_string()}
                y2={y_bottom.to_string()} />
            <text class="axis-title" x={((x_left + x_right) / 2.0).to_string()} y={(frame.height - 4.0).to_string()}
                text-anchor="middle">{ x_title.to_string() }</text>
            <text class="axis-title" transform={format!("translate(12 {}) rotate(-90)", (y_top + y_bottom) / 2.0)}
                text-anchor="middle">{ y_title.to_string() }</text>
        </g>
    }
}
