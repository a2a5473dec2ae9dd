//! The ResMem page's notes: the training losses, and why the residual memory helps (plain words
//! built from the configuration).

use super::*;

pub(super) fn loss_view(state: &RunState, config: &ResMemConfig) -> Html {
    let jobs = config.jobs();
    let series = loss_series(&state.loss, |task| match task.checked_sub(1).and_then(|j| jobs.get(j)) {
        None => ("playground".to_string(), "#6b7280".to_string()),
        Some(&(w, e)) => (format!("width {w}, {e} epochs"), width_color(config, w)),
    });
    html! {
        <div class="figure">
            <h2>{ "Training loss" }</h2>
            <LineChart series={series} x_title="steps of the run" y_title="cross-entropy (mean over seeds)"
                       title="Training loss of the playground and of each digits configuration" />
        </div>
    }
}

pub(super) fn why_view(config: &ResMemConfig) -> Html {
    html! {
        <details class="figure">
            <summary>{ "How it is computed" }</summary>
            <ul>
                <li>{ "Residual of training point i: onehot(yᵢ) − softmax(f(xᵢ)), kept with its embedding (the hidden \
                    layer, L2-normalised, as in the paper; or the raw input)." }</li>
                <li>{ "For a query: Euclidean distances to every training embedding, the k nearest chosen on the \
                    device by k rounds of min/argmin/mask (no sort, so WebGPU never blocks), weights \
                    softmax(−distance/σ), and the prediction softmax(f(x)) + Σ wⱼ rⱼ." }</li>
                <li>{ format!("The base networks train with plain SGD (learning rate {}, batch {}); every network of a \
                    configuration has its own initialisation and batch order. Moving k or σ re-runs only the search, \
                    on the same trained networks.", config.learning_rate, config.batch_size) }</li>
            </ul>
        </details>
    }
}

crate::app::pages::demo_page!(ResMem, ResMemPage);
