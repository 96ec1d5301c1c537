//! renja: reads Indonesian Renja documents, extracts their tables and checks them as a BAPPEDA
//! reviewer would.
//!
//! The pipeline, one module per stage, joined by plain data types:
//! `ingest` (PDF text layer, OCR, text exports) -> `layout` (words to tables) -> `classify`
//! (table kind, column roles) -> `normalize` (codes, numbers, targets, names) -> `model`
//! (document tree) -> `checks` (findings) -> `report` / `store`.
//!
//! Money is exact (integer sen) and the printed text is always kept beside the value:
//!
//! ```
//! use renja::normalize::number::{parse_money, Money, NumberFlag, NumberStyle};
//!
//! let pagu = parse_money("1.234.567.890", NumberStyle::Indonesian);
//! assert_eq!(pagu.value, Some(Money(123_456_789_000)));
//! // Paser's typo (DOMAIN F6): read by its grouping, and flagged for the reviewer.
//! let odd = parse_money("248,898.050", NumberStyle::English);
//! assert_eq!(odd.value, Some(Money(24_889_805_000)));
//! assert!(odd.flags.contains(&NumberFlag::MixedSeparators));
//! assert_eq!(odd.raw, "248,898.050");
//! ```

pub mod batch;
pub mod checks;
pub mod classify;
pub mod cli;
pub mod eval;
pub mod export;
pub mod extracted;
pub mod geom;
pub mod ingest;
pub mod layout;
pub mod limits;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod store;
