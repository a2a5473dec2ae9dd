//! A scatter chart in SVG with reference lines through the origin (y = k·x) and hover details.

use super::axes::{Frame, axes};
use crate::app::components::figure_export::FigureExport;
use yew::prelude::*;

/// One point.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Horizontal value.
    pub x: f64,
    /// Vertical value.
    pub y: f64,
    /// CSS colour.
    pub color: String,
    /// Drawn hollow (e.g. an earlier measurement).
    pub hollow: bool,
    /// What hovering shows.
    pub detail: String,
}

/// A line y = slope·x + intercept, drawn dashed, with its label. Charts without a fixed
/// `domain` draw it from the origin, so only the slope counts there.
#[derive(Clone, Debug, PartialEq)]
pub struct RefLine {
    /// Slope.
    pub slope: f64,
    /// Value at x = 0 (drawn only on charts with a fixed `domain`).
    pub intercept: f64,
    /// Label at the line's end.
    pub label: String,
    /// Drawn solid when true.
    pub solid: bool,
}

/// How a point is drawn, to tell groups apart besides colour (width, say).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Marker {
    /// A circle (the default).
    #[default]
    Circle,
    /// A square.
    Square,
    /// A triangle, point up.
    Triangle,
    /// A diamond.
    Diamond,
}

impl Marker {
    /// The first four groups' markers, in order (then again).
    pub const ALL: [Marker; 4] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond];

    /// The SVG path of the marker centred at (x, y), about 10 px across; `None` for a circle.
    fn path(self, x: f64, y: f64) -> Option<String> {
        match self {
            Marker::Circle => None,
            Marker::Square => Some(format!("M{:.1},{:.1}h9v9h-9z", x - 4.5, y - 4.5)),
            Marker::Triangle => Some(format!("M{x:.1},{:.1}l5.5,9.5h-11z", y - 5.5)),
            Marker::Diamond => Some(format!("M{x:.1},{:.1}l5.5,5.5l-5.5,5.5l-5.5,-5.5z", y - 5.5)),
        }
    }

    /// A small SVG of the marker alone, for a legend.
    pub fn swatch(self) -> Html {
        let shape = match self.path(6.0, 6.0) {
            None => html! { <circle cx="6" cy="6" r="5" fill="none" stroke="currentColor" /> },
            Some(d) => html! { <path d={d} fill="none" stroke="currentColor" /> },
        };
        html! { <svg class="marker" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">{ shape }</svg> }
    }
}

/// Props of [`Scatter`].
#[derive(Properties, PartialEq)]
pub struct ScatterProps {
    /// The points.
    pub points: Vec<Point>,
    /// Reference lines.
    #[prop_or_default]
    pub lines: Vec<RefLine>,
    /// Shaded band between two slopes, if any.
    #[prop_or_default]
    pub band: Option<(f64, f64)>,
    /// x-axis title.
    pub x_title: AttrValue,
    /// y-axis title.
    pub y_title: AttrValue,
    /// Accessible description.
    pub title: AttrValue,
    /// Text shown when nothing is hovered.
    pub hint: AttrValue,
    /// Fixed ranges `((x0, x1), (y0, y1))`; by default both axes run from 0 to a shared top, so
    /// that y = x is the diagonal. With fixed ranges, reference lines span the x range.
    #[prop_or_default]
    pub domain: Option<((f64, f64), (f64, f64))>,
    /// Each point's marker, by index (circles where absent).
    #[prop_or_default]
    pub markers: Vec<Marker>,
}

/// A square scatter chart; both axes share one range so y = x is the diagonal.
#[function_component(Scatter)]
pub fn scatter(props: &ScatterProps) -> Html {
    let figure_node = use_node_ref();
    let hovered = use_state(|| None::<usize>);
    let frame = Frame::new(420.0, 400.0);
    let top = props.points.iter().map(|p| p.x.max(p.y)).filter(|v| v.is_finite()).fold(0.1f64, f64::max);
    let top = (top * 1.15).clamp(0.1, 1.0);
    let (x_domain, y_domain) = props.domain.unwrap_or(((0.0, top), (0.0, top)));
    let x = frame.x(x_domain);
    let y = frame.y(y_domain);
    let line_end = |slope: f64| if slope > 1.0 { (top / slope, top) } else { (top, top * slope) };
    // With a fixed domain: the line across the x range, cut where it leaves the y range.
    let within = |l: &RefLine, at: f64| {
        let (y0, y1) = y_domain;
        let v = l.slope * at + l.intercept;
        if v > y1 && l.slope != 0.0 {
            ((y1 - l.intercept) / l.slope, y1)
        } else if v < y0 && l.slope != 0.0 {
            ((y0 - l.intercept) / l.slope, y0)
        } else {
            (at, v)
        }
    };
    let line_start = |l: &RefLine| if props.domain.is_some() { within(l, x_domain.0) } else { (0.0, 0.0) };
    let end_of = |l: &RefLine| if props.domain.is_some() { within(l, x_domain.1) } else { line_end(l.slope) };
    let band = props.band.filter(|_| props.domain.is_none()).map(|(lo, hi)| {
        let (x1, y1) = line_end(lo);
        let (x2, y2) = line_end(hi);
        let mut pts = vec![(0.0, 0.0), (x1, y1)];
        if lo <= 1.0 && hi > 1.0 {
            pts.push((top, top));
        }
        pts.push((x2, y2));
        let pts: String =
            pts.iter().map(|&(a, b)| format!("{:.1},{:.1}", x.at(a), y.at(b))).collect::<Vec<_>>().join(" ");
        html! { <polygon class="band" points={pts} /> }
    });
    // Each label sits at its line's end, one text line lower per line, so that lines ending
    // together (y = x and a fit near it) keep readable labels.
    let lines = props.lines.iter().enumerate().map(|(i, l)| {
        let (x1, y1) = line_start(l);
        let (x2, y2) = end_of(l);
        html! {
            <g>
                <line class={classes!("ref-line", l.solid.then_some("solid"))} x1={x.at(x1).to_string()}
                    y1={y.at(y1).to_string()}
                      x2={x.at(x2).to_string()} y2={y.at(y2).to_string()} />
                <text class="ref-label" x={(x.at(x2) - 4.0).to_string()}
                    y={(y.at(y2) + 12.0 + 14.0 * i as f64).to_string()} text-anchor="end">{ l.label.clone() }</text>
            </g>
        }
    });
    let dots = props.points.iter().enumerate().map(|(i, p)| {
        let show = |value: Option<usize>| {
            let hovered = hovered.clone();
            move || hovered.set(value)
        };
        let (enter, focus, leave, blur) = (show(Some(i)), show(Some(i)), show(None), show(None));
        let fill = if p.hollow { "none".to_string() } else { p.color.clone() };
        let class = classes!("dot", (*hovered == Some(i)).then_some("hovered"));
        let (cx, cy) = (x.at(p.x), y.at(p.y));
        // A circle by its centre and radius, another marker by its path: one element either way.
        let d = props.markers.get(i).copied().unwrap_or_default().path(cx, cy);
        let (tag, centre) = if d.is_some() { ("path", None) } else { ("circle", Some((cx, cy))) };
        html! {
            <@{tag} class={class} d={d} cx={centre.map(|(cx, _)| format!("{cx:.1}"))}
                    cy={centre.map(|(_, cy)| format!("{cy:.1}"))} r={centre.map(|_| "5")}
                    fill={fill} stroke={p.color.clone()} tabindex="0"
                    onmouseenter={move |_: MouseEvent| enter()} onfocus={move |_: FocusEvent| focus()}
                    onmouseleave={move |_: MouseEvent| leave()} onblur={move |_: FocusEvent| blur()}>
                <title>{ p.detail.clone() }</title>
            </@>
        }
    });
    let detail = hovered.and_then(|i| props.points.get(i)).map(|p| p.detail.clone());
    html! {
        <figure ref={figure_node.clone()} class="chart scatter">
            <svg viewBox={format!("0 0 {} {}", frame.width, frame.height)} role="img" aria-label={props.title.clone()}>
                { for band }
                { axes(frame, x, y, &props.x_title, &props.y_title) }
                { for lines }
                <g data-testid="scatter-points">{ for dots }</g>
            </svg>
            <figcaption class="hover-detail"
                aria-live="polite">{ detail.unwrap_or_else(|| props.hint.to_string()) }</figcaption>
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
