//! A reliability diagram: for each confidence level q, the observed frequency of being right,
//! against the diagonal of perfect calibration.

use super::axes::{Frame, axes};
use crate::app::components::figure_export::FigureExport;
use yew::prelude::*;

/// One confidence level.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    /// The confidence q, 0..=1.
    pub confidence: f64,
    /// Observed frequency of the event at that confidence, if the bin is not empty.
    pub frequency: Option<f64>,
    /// Share of all predictions that fall in the bin.
    pub share: f64,
}

/// Props of [`Reliability`].
#[derive(Properties, PartialEq)]
pub struct ReliabilityProps {
    /// The bins.
    pub bins: Vec<Bin>,
    /// x-axis title.
    pub x_title: AttrValue,
    /// y-axis title.
    pub y_title: AttrValue,
    /// Accessible description.
    pub title: AttrValue,
}

/// Bars of observed frequency at each confidence; red ticks mark the gap to the diagonal.
#[function_component(Reliability)]
pub fn reliability(props: &ReliabilityProps) -> Html {
    let figure_node = use_node_ref();
    let frame = Frame::new(420.0, 300.0);
    // Bins sit at q = 0, 1/K, …, 1; pad the axis by half a bin so the end bars fit.
    let spacing = 1.0 / (props.bins.len().max(2) - 1) as f64;
    let x = frame.x((-spacing / 2.0, 1.0 + spacing / 2.0));
    let y = frame.y((0.0, 1.0));
    let width = (x.at(spacing) - x.at(0.0)) * 0.7;
    let bars = props.bins.iter().filter_map(|b| {
        let f = b.frequency?;
        let cx = x.at(b.confidence);
        let title = format!(
            "confidence {:.2}: right {:.1}% of the time, {:.1}% of all (example, class) pairs",
            b.confidence,
            100.0 * f,
            100.0 * b.share
        );
        Some(html! {
            <g class="bin">
                <rect class="bar" x={format!("{:.1}", cx - width / 2.0)} y={format!("{:.1}", y.at(f))}
                      width={format!("{width:.1}")} height={format!("{:.1}", y.at(0.0) - y.at(f))}
                      fill-opacity={format!("{:.2}", 0.35 + 0.65 * b.share.sqrt().min(1.0))}>
                    <title>{ title }</title>
                </rect>
                <line class="gap" x1={format!("{cx:.1}")} x2={format!("{cx:.1}")}
                      y1={format!("{:.1}", y.at(f))} y2={format!("{:.1}", y.at(b.confidence))} />
            </g>
        })
    });
    html! {
        <figure ref={figure_node.clone()} class="chart">
            <svg viewBox={format!("0 0 {} {}", frame.width, frame.height)} role="img" aria-label={props.title.clone()}>
                { axes(frame, x, y, &props.x_title, &props.y_title) }
                <line class="ref-line solid" x1={x.at(0.0).to_string()} y1={y.at(0.0).to_string()}
                    x2={x.at(1.0).to_string()} y2={y.at(1.0).to_string()} />
                { for bars }
            </svg>
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
