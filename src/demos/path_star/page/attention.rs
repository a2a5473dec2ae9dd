//! The path-star page's "where the models look" part: each mode's attention on the asked graph,
//! block by block and head by head, and the table over held-out graphs with its reading
//! ([`crate::demos::path_star::attention`]).

use super::{color, key};
use crate::data::path_star::{Graph, Mode, Shape};
use crate::demos::path_star::attention::{AttentionMap, Focus, reading};
use crate::demos::path_star::{Answer, ModePath};
use yew::prelude::*;

/// How a token reads.
fn token_text(shape: &Shape, token: u32) -> String {
    match token {
        t if t == shape.pipe() => "|".into(),
        t if t == shape.equals() => "=".into(),
        t if t == shape.slash() => "/".into(),
        t if t == shape.filler() => "$".into(),
        t => t.to_string(),
    }
}

/// A mode's path in the order the model wrote it (a reverse model from the goal).
fn in_mode_order(path: &ModePath) -> Vec<u32> {
    let mut written = path.path.clone();
    if path.mode == Mode::Reverse {
        written.reverse();
    }
    written
}

/// `#rrggbb` at opacity `alpha`.
fn tint(hex: &str, alpha: f32) -> String {
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    format!("rgba({}, {}, {}, {:.3})", channel(1), channel(3), channel(5), alpha.clamp(0.0, 1.0))
}

/// The sequence positions of the edge joining `a` and `b` in `graph`'s prefix, if there is one.
fn edge_tokens(graph: &Graph, a: u32, b: u32) -> Option<[usize; 2]> {
    let k = graph.edges.iter().position(|&(u, v)| (u, v) == (a, b) || (u, v) == (b, a))?;
    Some([3 * k, 3 * k + 1])
}

/// One head's map: a row per answer position (the node it wrote), a column per token read.
fn head_view(
    shape: &Shape,
    graph: &Graph,
    path: &ModePath,
    map: &AttentionMap,
    block: usize,
    head: usize,
) -> Html {
    let written = in_mode_order(path);
    let hue = color(path.mode);
    let rows = &map.weights[block][head];
    html! {
        <figure class="attention-head" data-testid="attention-map" data-mode={key(path.mode)}
                data-block={block.to_string()} data-head={head.to_string()}>
            <figcaption>{ format!("block {}, head {}", block + 1, head + 1) }</figcaption>
            <table class="attention-grid">
                <thead><tr>
                    <th></th>{ for map.tokens.iter().map(|&t| html! { <th>{ token_text(shape, t) }</th> }) }
                </tr></thead>
                <tbody>
                    { for rows.iter().enumerate().map(|(i, row)| {
                        let edge = (i > 0).then(|| edge_tokens(graph, written[i - 1], written[i])).flatten();
                        html! {
                            <tr>
                                <th>{ format!("→ {}", written[i]) }</th>
                                { for row.iter().enumerate().map(|(j, &w)| {
                                    let on_edge = edge.is_some_and(|e| e.contains(&j));
                                    html! {
                                        <td class={classes!(on_edge.then_some("answer-edge"))}
                                            style={format!("background: {}", tint(hue, w))}
                                            title={format!("{:.3}", w)}></td>
                                    }
                                })}
                            </tr>
                        }
                    })}
                </tbody>
            </table>
        </figure>
    }
}

/// The table over held-out graphs.
fn focus_table(focus: &[Focus]) -> Html {
    let pct = |v: f64| format!("{:.1}", 100.0 * v);
    html! {
        <table data-testid="attention-table">
            <thead><tr>
                <th>{ "mode" }</th><th>{ "node written" }</th><th>{ "block" }</th>
                <th>{ "on the answer edge, %" }</th><th>{ "on other edges, %" }</th><th>{ "elsewhere, %" }</th>
                <th>{ "answer edge if spread evenly, %" }</th>
            </tr></thead>
            <tbody>
                { for focus.iter().map(|f| html! {
                    <tr data-mode={key(f.mode)} data-position={f.position.to_string()} data-block={f.block.to_string()}
                        data-answer={format!("{:.6}", f.answer_edge)} data-other={format!("{:.6}", f.other_edges)}
                        data-rest={format!("{:.6}", f.rest)}>
                        <td>{ f.mode.label() }</td><td>{ f.position + 1 }</td><td>{ f.block + 1 }</td>
                        <td>{ pct(f.answer_edge) }</td><td>{ pct(f.other_edges) }</td><td>{ pct(f.rest) }</td>
                        <td>{ pct(f.uniform) }</td>
                    </tr>
                })}
            </tbody>
        </table>
    }
}

/// Where the models look: the maps for `answer`'s graph and the table, when the answer has them.
pub(super) fn attention_view(shape: &Shape, answer: Option<&Answer>) -> Html {
    let Some(answer) = answer else { return html! {} };
    let Some(graph) = &answer.graph else { return html! {} };
    let mapped: Vec<(&ModePath, &AttentionMap)> =
        answer.paths.iter().filter_map(|p| p.attention.as_ref().map(|m| (p, m))).collect();
    if mapped.is_empty() {
        return html! {};
    }
    let graphs = answer.focus.first().map_or(0, |f| f.graphs);
    html! {
        <div class="figure attention" data-testid="attention">
            <h2>{ "Where the models look" }</h2>
            <p class="caption">{ "Each model's attention on the graph above while it writes its path: a row per node \
                written, a column per token it reads (the edges u v |, then / source goal =, then the path so far). \
                The darker a cell, the more attention; the outlined cells are the edge that joins the node written \
                before and the one written." }</p>
            { for mapped.iter().map(|(path, map)| html! {
                <div class="attention-mode">
                    <h3 style={format!("color: {}", color(path.mode))}>
                        { format!("{} (step {}): writes {}", path.mode.label(), path.step,
                            in_mode_order(path).iter().map(u32::to_string).collect::<Vec<_>>().join(" ")) }
                    </h3>
                    <div class="attention-heads">
                        { for (0..map.weights.len()).flat_map(|b| (0..map.weights[b].len()).map(move |h| (b, h)))
                            .map(|(b, h)| head_view(shape, graph, path, map, b, h)) }
                    </div>
                </div>
            })}
            if !answer.focus.is_empty() {
                <h3>{ format!("Over {graphs} held-out graphs, with the true path fed in") }</h3>
                <p class="caption">{ "The share of each block's attention (mean over heads and graphs) from the \
                    position that writes a node: on the answer edge (the edge joining the node before and the node \
                    to write), on the other edges, and elsewhere; each row sums to 100 %." }</p>
                <ul class="attention-reading" data-testid="attention-reading">
                    { for reading(&answer.focus, map_len(&mapped)).into_iter().map(|s| html! { <li>{ s }</li> }) }
                </ul>
                <details><summary>{ "The table" }</summary>{ focus_table(&answer.focus) }</details>
            }
        </div>
    }
}

/// The path length of the maps' models.
fn map_len(mapped: &[(&ModePath, &AttentionMap)]) -> usize {
    mapped.first().map_or(0, |(_, m)| m.weights.first().and_then(|b| b.first()).map_or(0, Vec::len))
}
