//! The landing page: every demo of the registry.

use crate::demos::DEMOS;
use yew::prelude::*;

/// The list of demos.
#[function_component(Landing)]
pub fn landing() -> Html {
    html! {
        <section class="landing">
            <h1>{ "Surprising results of deep learning, reproduced in your browser" }</h1>
            <p class="lead">
                { "Each demo trains small neural networks here, on your GPU through WebGPU or on the CPU, and shows a \
                    published result as it emerges. What a demo shows as measured is measured in your browser; numbers \
                    from the paper or from our own runs elsewhere are labelled as references, with their source." }
            </p>
            <ul class="demo-list">
                { for DEMOS.iter().map(|demo| html! {
                    <li class="demo-card" data-demo={demo.id}>
                        <a href={format!("#demo={}", demo.id)}><h2>{ demo.title }</h2></a>
                        <p>{ demo.summary }</p>
                    </li>
                })}
            </ul>
        </section>
    }
}
