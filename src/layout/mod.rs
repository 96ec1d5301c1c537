//! Layout: positioned words and ruling lines to tables (grid where borders exist, text alignment
//! where they do not), stitched across pages.
