//! A path-star graph drawn in SVG: the source in the middle, the arms leaving it, the goal
//! marked, and a model's path overlaid (dashed where it jumps between nodes that share no edge).

use crate::app::components::figure_export::FigureExport;
use crate::data::path_star::Graph;
use yew::prelude::*;

/// Props of [`StarGraph`].
#[derive(Properties, PartialEq)]
pub struct StarGraphProps {
    /// The graph, with its true path.
    pub graph: Graph,
    /// A model's path, source to goal, if there is one.
    #[prop_or_default]
    pub predicted: Option<Vec<u32>>,
    /// CSS colour of the overlaid path.
    #[prop_or(AttrValue::from("#2563eb"))]
    pub color: AttrValue,
    /// Heading above the drawing.
    pub title: AttrValue,
}

/// The arms of a star, each from the node after the source to the end, in the order of their
/// first labels (so a graph is drawn the same way whatever its edge order).
pub fn arms(graph: &Graph) -> Vec<Vec<u32>> {
    let mut arms: Vec<Vec<u32>> = graph
        .edges
        .iter()
        .filter(|e| e.0 == graph.source)
        .map(|&(_, first)| {
            let mut arm = vec![first];
            while let Some(&(_, next)) = graph.edges.iter().find(|e| e.0 == *arm.last().unwrap_or(&first)) {
                if arm.contains(&next) || arm.len() > graph.edges.len() {
                    break;
                }
                arm.push(next);
            }
            arm
        })
        .collect();
    arms.sort_by_key(|a| a[0]);
    arms
}

const WIDTH: f64 = 300.0;
const RADIUS: f64 = 12.0;

/// Height of the drawing: a two-armed star is one horizontal line.
fn height(arms: usize) -> f64 {
    if arms <= 2 { 2.0 * RADIUS + 16.0 } else { 220.0 }
}

/// Node positions: the source at the centre, arm `a` of `d` along the angle `π + 2πa/d` (two arms
/// run left and right).
fn layout(graph: &Graph) -> Vec<(u32, f64, f64)> {
    let arms = arms(graph);
    let (cx, cy) = (WIDTH / 2.0, height(arms.len()) / 2.0);
    let longest = arms.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let reach = (if arms.len() <= 2 { WIDTH } else { height(arms.len()) }) / 2.0 - RADIUS - 6.0;
    let step = reach / longest;
    let mut nodes = vec![(graph.source, cx, cy)];
    for (a, arm) in arms.iter().enumerate() {
        let angle = std::f64::consts::PI * (1.0 + 2.0 * a as f64 / arms.len() as f64);
        for (k, &node) in arm.iter().enumerate() {
            let r = step * (k + 1) as f64;
            nodes.push((node, cx + r * angle.cos(), cy + r * angle.sin()));
        }
    }
    nodes
}

/// Whether `path` is the graph's true path.
pub fn is_correct(graph: &Graph, path: &[u32]) -> bool {
    graph.path == path
}

/// The drawing.
#[function_component(StarGraph)]
pub fn star_graph(props: &StarGraphProps) -> Html {
    let figure_node = use_node_ref();
    let g = &props.graph;
    let nodes = layout(g);
    let at = |n: u32| nodes.iter().find(|(id, ..)| *id == n).map(|&(_, x, y)| (x, y));
    let edges = g.edges.iter().filter_map(|&(u, v)| {
        let ((x1, y1), (x2, y2)) = (at(u)?, at(v)?);
        Some(
            html! { <line class="edge" x1={format!("{x1:.1}")} y1={format!("{y1:.1}")} x2={format!("{x2:.1}")}
            y2={format!("{y2:.1}")} /> },
        )
    });
    let overlay = props.predicted.iter().flat_map(|p| {
        p.windows(2)
            .filter_map(|w| {
                let ((x1, y1), (x2, y2)) = (at(w[0])?, at(w[1])?);
                let jump = !g.edges.contains(&(w[0], w[1]));
                Some(html! {
                    <line class={classes!("predicted", jump.then_some("jump"))} stroke={props.color.clone()}
                          x1={format!("{x1:.1}")} y1={format!("{y1:.1}")} x2={format!("{x2:.1}")}
                              y2={format!("{y2:.1}")} />
                })
            })
            .collect::<Vec<_>>()
    });
    let on_path = |n: u32| props.predicted.as_ref().is_some_and(|p| p.contains(&n));
    let circles = nodes.iter().map(|&(n, x, y)| {
        let class = classes!(
            "node",
            (n == g.source).then_some("source"),
            (n == g.goal).then_some("goal"),
            on_path(n).then_some("visited")
        );
        let ring = if on_path(n) { props.color.to_string() } else { String::new() };
        html! {
            <g class={class} transform={format!("translate({x:.1},{y:.1})")}>
                <circle r={RADIUS.to_string()}
                    style={if ring.is_empty() { String::new() } else { format!("stroke:{ring}") }} />
                <text text-anchor="middle" dy="0.35em">{ n }</text>
            </g>
        }
    });
    let verdict = props.predicted.as_ref().map(|p| {
        let words: Vec<String> = p.iter().map(u32::to_string).collect();
        let ok = is_correct(g, p);
        html! {
            <p class={classes!("verdict", if ok { "right" } else { "wrong" })}>
                { format!("{} {}", words.join(" → "), if ok { "✓" } else { "✗" }) }
            </p>
        }
    });
    let description = format!(
        "Path-star graph: source {}, goal {}, true path {}",
        g.source,
        g.goal,
        g.path.iter().map(u32::to_string).collect::<Vec<_>>().join(" → ")
    );
    html! {
        <figure ref={figure_node.clone()} class="star-graph">
            <figcaption>{ props.title.clone() }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {}", height(arms(g).len()))} role="img" aria-label={description}>
                { for edges }
                { for overlay }
                { for circles }
            </svg>
            { verdict.unwrap_or_else(|| html! { <p class="verdict">{ "no model yet" }</p> }) }
            <FigureExport figure={figure_node} name={props.title.clone()} />
        </figure>
    }
}
