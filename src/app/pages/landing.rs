//! The landing page: every demo, those not built yet marked as coming.

use crate::app::shell::DEMOS;
use yew::prelude::*;

/// The list of demos.
#[function_component(Landing)]
pub fn landing() -> Html {
    html! {
        <section class="landing">
            <h1>{ "Surprising results of deep learning, reproduced in your browser" }</h1>
            <p class="lead">
                { "Each demo trains small neural networks here, on your GPU through WebGPU or on the CPU, and shows a published result as it emerges. Nothing is precomputed." }
            </p>
            <ul class="demo-list">
                { for DEMOS.iter().map(|(id, title, line, built)| html! {
                    <li class={classes!("demo-card", (!built).then_some("is-coming"))} data-demo={*id}>
                        if *built {
                            <a href={format!("#demo={id}")}><h2>{ *title }</h2></a>
                        } else {
                            <h2>{ *title } <span class="badge">{ "coming" }</span></h2>
                        }
                        <p>{ *line }</p>
                    </li>
                })}
            </ul>
        </section>
    }
}
