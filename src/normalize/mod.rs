//! Normalize: printed cell text to typed values — codes, money, numbers, targets, names — always
//! keeping the raw text beside the parsed value.

pub mod code;
pub mod names;
pub mod number;
pub mod resolve;
pub mod target;
