//! A demo's references: numbers measured elsewhere (the paper, a PyTorch reference, our own runs
//! in `bench/`), each with its source, shown apart from what this browser measures.

use crate::demos::reference::Reference;
use yew::prelude::*;

/// Props of [`References`].
#[derive(Properties, PartialEq)]
pub struct ReferencesProps {
    /// The demo's references (`Demo::REFERENCES`).
    pub references: &'static [Reference],
}

/// The table of references, labelled as such.
#[function_component(References)]
pub fn references(props: &ReferencesProps) -> Html {
    if props.references.is_empty() {
        return html! {};
    }
    html! {
        <details class="figure references" data-testid="references">
            <summary>{ "References: numbers measured elsewhere, not in this browser" }</summary>
            <table>
                <thead><tr><th>{ "what" }</th><th>{ "value" }</th><th>{ "source" }</th></tr></thead>
                <tbody>
                    { for props.references.iter().map(|r| html! {
                        <tr><td>{ r.what }</td><td>{ r.value }</td><td>{ r.source.label() }</td></tr>
                    })}
                </tbody>
            </table>
            <p class="caption">{ "Everything else on this page is computed live, in this browser, by the run \
                above." }</p>
        </details>
    }
}
