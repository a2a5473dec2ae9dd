//! A multi-series line chart in SVG (loss curves and the like).

use super::axes::{Frame, axes};
use crate::app::components::figure_export::FigureExport;
use yew::prelude::*;

/// One line.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Points in x order.
    pub points: Vec<(f64, f64)>,
}

/// A vertical mark at one x (an event: where a mode left its plateau, say).
#[derive(Clone, PartialEq)]
pub struct Mark {
    /// Where.
    pub x: f64,
    /// Short text beside it, and its accessible name.
    pub label: String,
    /// CSS colour.
    pub color: String,
}

/// A shaded band around a line (± one standard deviation, say).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// CSS colour (drawn translucent).
    pub color: String,
    /// (x, low, high) in x order.
    pub points: Vec<(f64, f64, f64)>,
}

/// A shaded stretch of the x axis, labelled (where two curves part, say).
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Left end.
    pub from: f64,
    /// Right end.
    pub to: f64,
    /// Short text at its top, and its accessible name.
    pub label: String,
    /// CSS colour (drawn translucent).
    pub color: String,
}

/// One line per task of a run's loss curves (`RunState::loss`: (step, loss) per task), skipping
/// tasks without points; `style` gives a task's legend text and colour.
pub fn loss_series(loss: &[Vec<(u64, f32)>], style: impl Fn(usize) -> (String, String)) -> Vec<Series> {
    loss.iter()
        .enumerate()
        .filter(|(_, points)| !points.is_empty())
        .map(|(task, points)| {
            let (label, color) = style(task);
            Series { label, color, points: points.iter().map(|&(s, l)| (s as f64, f64::from(l))).collect() }
        })
        .collect()
}

/// Props of [`LineChart`].
#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    /// The lines.
    pub series: Vec<Series>,
    /// x-axis title.
    pub x_title: AttrValue,
    /// y-axis title.
    pub y_title: AttrValue,
    /// Accessible description of the chart.
    pub title: AttrValue,
    /// Top of the y axis; by default it fits the data.
    #[prop_or_default]
    pub y_max: Option<f64>,
    /// Bottom of the y axis; by default 0.
    #[prop_or_default]
    pub y_min: Option<f64>,
    /// Left end of the x axis; by default 0.
    #[prop_or_default]
    pub x_min: Option<f64>,
    /// Draw a dot at every point (for short series of measurements).
    #[prop_or_default]
    pub dots: bool,
    /// Vertical marks, drawn dashed with their label at the top.
    #[prop_or_default]
    pub marks: Vec<Mark>,
    /// Right end of the x axis; by default it fits the data.
    #[prop_or_default]
    pub x_max: Option<f64>,
    /// Shaded bands, drawn under the lines.
    #[prop_or_default]
    pub bands: Vec<Band>,
    /// Shaded stretches of the x axis, drawn first.
    #[prop_or_default]
    pub regions: Vec<Region>,
}

/// At most this many points are drawn per series (every point still counts for the range).
const MAX_POINTS: usize = 400;

/// A line chart; axes fit the data.
#[function_component(LineChart)]
pub fn line_chart(props: &LineChartProps) -> Html {
    let figure_node = use_node_ref();
    let frame = Frame::new(460.0, 220.0);
    let all = props.series.iter().flat_map(|s| s.points.iter()).filter(|(_, y)| y.is_finite());
    let (mut x_max, mut y_max) = (1.0f64, 0.0f64);
    for &(x, y) in all {
        x_max = x_max.max(x);
        y_max = y_max.max(y);
    }
    let x_min = props.x_min.unwrap_or(0.0);
    let x_max = props.x_max.unwrap_or(x_max);
    let x = frame.x((x_min, x_max.max(x_min + 1.0)));
    let top = props.y_max.unwrap_or(if y_max > 0.0 { y_max * 1.05 } else { 1.0 });
    let y = frame.y((props.y_min.unwrap_or(0.0), top));
    let lines = props.series.iter().map(|s| {
        let stride = s.points.len().div_ceil(MAX_POINTS).max(1);
        let path: String = s
            .points
            .iter()
            .enumerate()
            .filter(|(i, _)| i % stride == 0 || *i + 1 == s.points.len())
            .filter(|(_, (_, v))| v.is_finite())
            .map(|(_, &(px, py))| format!("{:.1},{:.1}", x.at(px), y.at(py)))
            .collect::<Vec<_>>()
            .join(" ");
        let dots = s.points.iter().filter(|(_, v)| props.dots && v.is_finite()).map(|&(px, py)| {
            html! { <circle class="dot" cx={format!("{:.1}", x.at(px))} cy={format!("{:.1}", y.at(py))} r="3"
            fill={s.color.clone()} /> }
        });
        html! { <>
            <polyline class="series" points={path} stroke={s.color.clone()} fill="none" />
            { for dots }
        </> }
    });
    let regions = props.regions.iter().map(|r| {
        let (left, right) = (x.at(r.from), x.at(r.to));
        html! {
            <g class="region" data-testid="chart-region" data-from={r.from.to_string()} data-to={r.to.to_string()}>
                <title>{ r.label.clone() }</title>
                <rect x={format!("{left:.1}")} y={format!("{:.1}", y.at(top))}
                    width={format!("{:.1}", (right - left).max(0.0))}
                      height={format!("{:.1}", y.at(0.0) - y.at(top))} fill={r.color.clone()} fill-opacity="0.12" />
                <text x={format!("{:.1}", (left + right) / 2.0)} y={format!("{:.1}", y.at(top) + 22.0)}
                    fill={r.color.clone()}
                      text-anchor="middle" class="mark-label">{ r.label.clone() }</text>
            </g>
        }
    });
    let bands = props.bands.iter().map(|b| {
        let upper = b.points.iter().map(|&(px, _, hi)| format!("{:.1},{:.1}", x.at(px), y.at(hi)));
        let lower = b.points.iter().rev().map(|&(px, lo, _)| format!("{:.1},{:.1}", x.at(px), y.at(lo)));
        let outline = upper.chain(lower).collect::<Vec<_>>().join(" ");
        html! { <polygon class="band" points={outline} fill={b.color.clone()} fill-opacity="0.18" stroke="none" /> }
    });
    let marks = props.marks.iter().map(|m| {
        let at = format!("{:.1}", x.at(m.x));
        // Past 60 % of the width the label goes on the mark's left, inside the chart.
        let right = x.at(m.x) > frame.width * 0.6;
        html! {
            <g class="mark" data-testid="chart-mark" data-x={m.x.to_string()}>
                <title>{ m.label.clone() }</title>
                <line x1={at.clone()} x2={at.clone()} y1={format!("{:.1}", y.at(top))} y2={format!("{:.1}", y.at(0.0))}
                      stroke={m.color.clone()} stroke-dasharray="4 3" />
                <text x={format!("{:.1}", x.at(m.x) + if right { -3.0 } else { 3.0 })}
                    y={format!("{:.1}", y.at(top) + 10.0)}
                      fill={m.color.clone()} text-anchor={if right { "end" } else { "start" }}
                          class="mark-label">{ m.label.clone() }</text>
            </g>
        }
    });
    html! {
        <figure ref={figure_node.clone()} class="chart">
            <svg viewBox={format!("0 0 {} {}", frame.width, frame.height)} role="img" aria-label={props.title.clone()}>
                { for regions }
                { axes(frame, x, y, &props.x_title, &props.y_title) }
                { for bands }
                { for lines }
                { for marks }
            </svg>
            <figcaption class="legend">
                { for props.series.iter().map(|s| html! {
                    <span class="legend-item"><span class="swatch"
                        style={format!("background:{}", s.color)}></span>{ s.label.clone() }</span>
                })}
            </figcaption>
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
