//! The alerts above a demo: problems with the settings (each named by its key) and the error
//! that stopped a run.

use crate::demos::Problem;
use yew::prelude::*;

/// Props of [`Alerts`].
#[derive(Properties, PartialEq)]
pub struct AlertsProps {
    /// Problems with the URL, the settings or the backend.
    pub problems: Vec<Problem>,
    /// Why the run failed, if it did.
    pub error: Option<String>,
}

/// Nothing when all is well; otherwise `role=alert` blocks the tests and screen readers find.
#[function_component(Alerts)]
pub fn alerts(props: &AlertsProps) -> Html {
    html! {
        <>
            if !props.problems.is_empty() {
                <ul class="problems" role="alert" data-testid="problems">
                    { for props.problems.iter().map(|p| html! { <li><code>{ p.key.clone() }</code>{ format!(": \
                        {}", p.message) }</li> }) }
                </ul>
            }
            if let Some(error) = &props.error {
                <p class="problems" role="alert" data-testid="error">{ error.clone() }</p>
            }
        </>
    }
}
