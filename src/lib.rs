//! renja: reads Indonesian Renja documents, extracts their tables and checks them as a BAPPEDA
//! reviewer would.
//!
//! The pipeline, one module per stage, joined by plain data types:
//! `ingest` (PDF text layer, OCR, text exports) -> `layout` (words to tables) -> `classify`
//! (table kind, column roles) -> `normalize` (codes, numbers, targets, names) -> `model`
//! (document tree) -> `checks` (findings) -> `report` / `store`.

pub mod batch;
pub mod checks;
pub mod classify;
pub mod eval;
pub mod export;
pub mod extracted;
pub mod geom;
pub mod ingest;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod store;
