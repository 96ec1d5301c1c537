//! Lone dashes in otherwise empty ruled cells.
