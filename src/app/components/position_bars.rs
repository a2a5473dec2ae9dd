//! Accuracy by path position, two bars per position: the token the model generates itself, and
//! the token it predicts when the true previous tokens are fed in (teacher-forced). A dashed line
//! marks chance for the one real decision, 1/d.

use super::axes::{Frame, axes};
use crate::app::components::figure_export::FigureExport;
use yew::prelude::*;

/// Props of [`PositionBars`].
#[derive(Properties, PartialEq)]
pub struct PositionBarsProps {
    /// Accuracy of generated tokens by position.
    pub generated: Vec<f64>,
    /// Accuracy of teacher-forced predictions by position.
    pub forced: Vec<f64>,
    /// Where to draw the chance line (1/d).
    pub chance: f64,
    /// Heading.
    pub title: AttrValue,
    /// Test id prefix for the numbers (`{id}-generated-{i}` and `{id}-forced-{i}`).
    pub id: AttrValue,
}

/// The bar chart.
#[function_component(PositionBars)]
pub fn position_bars(props: &PositionBarsProps) -> Html {
    let figure_node = use_node_ref();
    let frame = Frame::new(300.0, 190.0);
    let n = props.generated.len().max(props.forced.len()).max(1);
    let x = frame.x((0.5, n as f64 + 0.5));
    let y = frame.y((0.0, 1.0));
    let group = (x.at(2.0) - x.at(1.0)) * 0.8;
    let bar = group / 2.0;
    let bars = |values: &[f64], offset: f64, class: &'static str, what: &'static str| {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let left = x.at(i as f64 + 1.0) - group / 2.0 + offset;
                let top = y.at(v.clamp(0.0, 1.0));
                html! {
                    <rect class={class} x={format!("{left:.1}")} y={format!("{top:.1}")}
                        width={format!("{:.1}", bar - 1.0)}
                          height={format!("{:.1}", (y.at(0.0) - top).max(0.0))}
                          data-testid={format!("{}-{what}-{}", props.id, i + 1)} data-value={format!("{v:.4}")}>
                        <title>{ format!("position {}, {what}: {:.1}%", i + 1, 100.0 * v) }</title>
                    </rect>
                }
            })
            .collect::<Html>()
    };
    let chance = y.at(props.chance);
    html! {
        <figure ref={figure_node.clone()} class="chart position-bars">
            <figcaption class="chart-title">{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {} {}", frame.width, frame.height)} role="img"
                 aria-label={format!("{}: accuracy by path position, generated and teacher-forced", props.title)}>
                { axes(frame, x, y, "path position", "accuracy") }
                { bars(&props.generated, 0.0, "bar generated", "generated") }
                { bars(&props.forced, bar, "bar forced", "forced") }
                <line class="chance" x1={format!("{:.1}", x.at(0.5))} x2={format!("{:.1}", x.at(n as f64 + 0.5))}
                      y1={format!("{chance:.1}")} y2={format!("{chance:.1}")} />
            </svg>
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
