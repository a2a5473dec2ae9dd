//! A labelled progress bar.

use yew::prelude::*;

/// Props of [`ProgressBar`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// Done, 0..=1.
    pub fraction: f64,
    /// Text beside the bar.
    pub label: AttrValue,
}

/// A progress bar with its text; `role=progressbar` for assistive technology.
#[function_component(ProgressBar)]
pub fn progress_bar(props: &ProgressProps) -> Html {
    let percent = (props.fraction.clamp(0.0, 1.0) * 100.0).round();
    html! {
        <div class="progress">
            <div class="progress-track" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                 aria-valuenow={percent.to_string()} aria-label="training progress">
                <div class="progress-fill" style={format!("width: {percent}%")}></div>
            </div>
            <span class="progress-label" data-testid="progress">{ props.label.clone() }</span>
        </div>
    }
}
