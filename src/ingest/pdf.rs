//! PDF text layer: words with positions and fonts, and the ruling lines of table borders, read
//! from the content streams with lopdf.
