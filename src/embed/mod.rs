//! Embedding a demo in someone else's page: the options an embedder puts in the URL
//! ([`options`]), the versioned `postMessage` protocol between the embedding page and the demo
//! ([`protocol`]), and the exports of a run's results ([`export`]). Plain data and parsing, no
//! DOM: the browser side is `app::embed_bridge`, `app::files` and `www/minima-embed.js`; the
//! documentation for embedders is `www/embed.html`.

pub mod export;
pub mod options;
pub mod protocol;
