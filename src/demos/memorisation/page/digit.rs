//! Small SVG pieces of the memorisation page: an 8×8 digit and a memorisation curve.

use yew::prelude::*;

/// An 8×8 image (pixels 0..=16) as an SVG of `size` px, dark ink on white.
pub fn digit(pixels: &[u8], size: u32) -> Html {
    let cells = pixels.iter().enumerate().filter(|&(_, &p)| p > 0).map(|(i, &p)| {
        let shade = 255 - (u32::from(p.min(16)) * 255 / 16);
        html! { <rect x={(i % 8).to_string()} y={(i / 8).to_string()} width="1" height="1"
        fill={format!("rgb({shade},{shade},{shade})")} /> }
    });
    html! {
        <svg class="digit" width={size.to_string()} height={size.to_string()} viewBox="0 0 8 8" aria-hidden="true">
            <rect width="8" height="8" fill="#fff" />
            { for cells }
        </svg>
    }
}

/// A curve of scores in [−1, 1] over evenly spaced points, `width × height` px, with a zero line;
/// `second` (dashed) is drawn under it when given.
pub fn sparkline(curve: &[f32], second: Option<&[f32]>, width: f64, height: f64) -> Html {
    let path = |c: &[f32]| -> String {
        let n = c.len().max(2) - 1;
        c.iter()
            .enumerate()
            .map(|(i, &v)| {
                let x = 2.0 + (width - 4.0) * i as f64 / n as f64;
                let y = 2.0 + (height - 4.0) * (1.0 - f64::from(v.clamp(-0.25, 1.0) + 0.25) / 1.25);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let zero = 2.0 + (height - 4.0) * (1.0 - 0.25 / 1.25);
    html! {
        <svg class="sparkline" width={width.to_string()} height={height.to_string()} aria-hidden="true">
            <line x1="0" x2={width.to_string()} y1={format!("{zero:.1}")} y2={format!("{zero:.1}")} class="zero" />
            if let Some(s) = second { <polyline points={path(s)} class="second" /> }
            <polyline points={path(curve)} />
        </svg>
    }
}
