//! The down-scaling page's other way down: dense models trained smaller, beside the pruned full
//! model at the same share of block weights removed.

use super::super::{Band, DownScaling, DownScalingConfig, Measured, removed_share};
use crate::demos::Demo;
use crate::format::percent;
use yew::prelude::*;

pub fn dense_view(models: &[Measured], bands: &[Band], config: &DownScalingConfig) -> Html {
    // Widest first, whichever worker finished first.
    let mut dense: Vec<&Measured> = models.iter().filter(|m| m.dense).collect();
    dense.sort_by_key(|m| std::cmp::Reverse(m.width));
    let pruned_at = |share: f64| -> Option<&Band> {
        bands.iter().min_by(|a, b| (a.sparsity - share).abs().total_cmp(&(b.sparsity - share).abs()))
    };
    html! {
        <div class="figure wide">
            <h2>{ "The other way down: dense models trained smaller" }</h2>
            if dense.is_empty() {
                <p class="hint">{ "No dense model in this run. Set dense widths (24, 16, say) to train smaller \
                    models from scratch after the full ones, on seed 0's facts; the paper-scale setting does." }</p>
            } else {
                <table data-testid="dense">
                    <thead><tr><th>{ "width" }</th><th>{ "block weights" }</th><th>{ "share removed vs the full \
                        model" }</th>
                        <th>{ "fact recall" }</th><th>{ "in-context" }</th><th>{ "pruned full model near that share: \
                            facts, in-context" }</th></tr></thead>
                    <tbody>
                        { for dense.iter().map(|m| {
                            let p = m.points.first().copied();
                            let share = removed_share(m.width, config.d_model);
                            html! {
                                <tr data-testid="dense-row" data-width={m.width.to_string()}>
                                    <td>{ m.width }</td><td>{ m.block_weights }</td><td>{ percent(share, 0) }</td>
                                    <td data-testid="dense-facts">{
                                        p.map(|p| format!("{:.3}", p.facts)).unwrap_or_default() }</td>
                                    <td data-testid="dense-in-context">{
                                        p.map(|p| format!("{:.3}", p.in_context)).unwrap_or_default() }</td>
                                    <td>{ pruned_at(share).map(|b|
                                        format!("{}: {:.3}, {:.3}", percent(b.sparsity, 0), b.facts.0,
                                        b.in_context.0)).unwrap_or_default() }</td>
                                </tr>
                            }
                        })}
                    </tbody>
                </table>
            }
            <p class="caption">{ format!(
                "A dense model of width w has (w/{})² of the full model's block weights. The paper found the same \
                    split when scaling dense models down; our native run of the same code found it too (references: \
                    {}). What this page measured is in the table.",
                config.d_model,
                DownScaling::REFERENCES
                    .iter()
                    .filter(|r| r.key == "dense")
                    .map(|r| format!("{}: {} ({})", r.what, r.value, r.source.label()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ) }</p>
        </div>
    }
}
