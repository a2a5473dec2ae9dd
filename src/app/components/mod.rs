//! Reusable UI pieces. Charts take plain data and know nothing of the demo they are in.

pub mod alerts;
pub mod axes;
pub mod claims_card;
pub mod demo_frame;
pub mod export_bar;
pub mod figure_export;
pub mod heatmap;
pub mod keep_bar;
pub mod line_chart;
pub mod position_bars;
pub mod progress;
pub mod references;
pub mod reliability;
pub mod resume_card;
pub mod run_estimate;
pub mod scatter;
pub mod settings_form;
pub mod share;
pub mod transport;
