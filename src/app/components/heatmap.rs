//! A two-class decision surface: a grid of class-1 scores painted on a canvas (orange for
//! class 0, blue for class 1, white at the 0.5 boundary), with the training points drawn over it
//! in SVG. The canvas holds one pixel per cell and the browser scales it up smoothly.

use crate::app::components::figure_export::FigureExport;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

/// Class colours (RGB): class 0, class 1.
pub const CLASS_RGB: [[u8; 3]; 2] = [[245, 147, 34], [8, 119, 189]];

/// Props of [`Heatmap`].
#[derive(Properties, PartialEq)]
pub struct HeatmapProps {
    /// Class-1 score per cell, rows from the top, `grid · grid` values (clamped to 0..=1).
    pub values: Vec<f32>,
    /// Cells per side.
    pub grid: usize,
    /// The surface covers [−view, view]².
    pub view: f32,
    /// Points drawn on top: x, y, class.
    pub points: Vec<(f32, f32, u8)>,
    /// Caption under the surface.
    pub caption: AttrValue,
    /// Accessible description.
    pub title: AttrValue,
    /// `data-testid` of the figure.
    pub testid: AttrValue,
    /// A short digest of `values`, exposed as `data-digest` so tests can see a redraw.
    pub digest: AttrValue,
    /// Radii of circles around the origin drawn over the surface (dashed), e.g. the spheres a
    /// slice cuts.
    #[prop_or_default]
    pub circles: Vec<f32>,
    /// Radius of the drawn points, as a share of the view.
    #[prop_or(0.018)]
    pub dot: f32,
}

/// The RGBA colour of a class-1 score: orange → white → blue.
pub fn score_rgba(score: f32) -> [u8; 4] {
    let s = if score.is_finite() { score.clamp(0.0, 1.0) } else { 0.5 };
    let (class, strength) = if s < 0.5 { (0, (0.5 - s) * 2.0) } else { (1, (s - 0.5) * 2.0) };
    let mix = |c: u8| (255.0 + (f32::from(c) - 255.0) * strength * 0.85).round() as u8;
    let [r, g, b] = CLASS_RGB[class];
    [mix(r), mix(g), mix(b), 255]
}

/// A digest of a surface: a hash of its values to 1/256, as hex.
pub fn digest(values: &[f32]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        h ^= (v.clamp(-1.0, 2.0) * 256.0).round() as i64 as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn paint(canvas: &HtmlCanvasElement, values: &[f32], grid: usize) -> Option<()> {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let pixels: Vec<u8> = values.iter().flat_map(|&v| score_rgba(v)).collect();
    if pixels.len() != grid * grid * 4 {
        return None;
    }
    let image =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), grid as u32, grid as u32).ok()?;
    context.put_image_data(&image, 0.0, 0.0).ok()
}

/// The surface with its points.
#[function_component(Heatmap)]
pub fn heatmap(props: &HeatmapProps) -> Html {
    let figure_node = use_node_ref();
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.values.clone(), props.grid), move |(values, grid)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let _ = paint(&c, values, *grid);
            }
        });
    }
    let v = props.view;
    let dots = props.points.iter().map(|&(x, y, class)| {
        let [r, g, b] = CLASS_RGB[usize::from(class.min(1))];
        html! {
            <circle cx={format!("{x:.3}")} cy={format!("{:.3}", -y)} r={format!("{:.3}", v * props.dot)}
                    fill={format!("rgb({r},{g},{b})")} stroke="white" stroke-width={format!("{:.3}", v * 0.006)} />
        }
    });
    let circles = props.circles.iter().map(|&r| {
        html! {
            <circle cx="0" cy="0" r={format!("{r:.3}")} fill="none" stroke="#475569"
                    stroke-width={format!("{:.3}", v * 0.006)} stroke-dasharray={format!("{:.3}", v * 0.02)} />
        }
    });
    html! {
        <figure ref={figure_node.clone()} class="heatmap" data-testid={props.testid.clone()}
            data-digest={props.digest.clone()}>
            <div class="heatmap-area" role="img" aria-label={props.title.clone()}>
                <canvas ref={canvas} width={props.grid.to_string()} height={props.grid.to_string()} />
                <svg viewBox={format!("{} {} {} {}", -v, -v, 2.0 * v, 2.0 * v)} preserveAspectRatio="none">
                    { for circles }
                    { for dots }
                </svg>
            </div>
            <figcaption>{ props.caption.clone() }</figcaption>
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
