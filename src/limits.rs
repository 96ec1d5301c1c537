//! The limits on hostile or broken input (rules/limits.toml), loaded once, and the budget of
//! decoded image memory shared by every page thread.

use serde::Deserialize;
use std::sync::{Condvar, Mutex, OnceLock};

/// Image limits.
#[derive(Debug, Clone, Deserialize)]
pub struct ImageLimits {
    /// Largest image decoded, in pixels.
    pub max_pixels: u64,
    /// Decoded image memory in flight across threads, in MiB.
    pub in_flight_mib: u64,
}

/// Limits on how much of one document is read.
#[derive(Debug, Clone, Deserialize)]
pub struct DocumentLimits {
    /// Pages read from one PDF.
    pub max_pages: u32,
    /// Table rows kept from one document.
    pub max_table_rows: usize,
    /// Cells kept from one table row.
    pub max_row_cells: usize,
}

/// Limits of the checks.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckLimits {
    /// Amounts read from one paragraph.
    pub max_amounts_per_paragraph: usize,
}

/// Every limit of rules/limits.toml.
#[derive(Debug, Clone, Deserialize)]
pub struct Limits {
    /// Image decoding.
    pub image: ImageLimits,
    /// Document size.
    pub document: DocumentLimits,
    /// Checking.
    pub check: CheckLimits,
}

/// The limits, from rules/limits.toml (a broken override falls back to the built-in file,
/// with a warning, so the limits always apply).
pub fn limits() -> &'static Limits {
    static L: OnceLock<Limits> = OnceLock::new();
    L.get_or_init(|| {
        crate::rules::toml::<Limits>("limits.toml").unwrap_or_else(|e| {
            eprintln!("warning: {e}; using the built-in limits.toml");
            ::toml::from_str(include_str!("../rules/limits.toml"))
                .expect("built-in rules/limits.toml parses")
        })
    })
}

/// Bytes of decoded image memory reserved by all threads now.
static IN_FLIGHT: Mutex<u64> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Image memory held by one decode; given back when dropped.
#[derive(Debug)]
pub struct ImageReservation(u64);

impl Drop for ImageReservation {
    fn drop(&mut self) {
        let mut used = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.0);
        FREED.notify_all();
    }
}

/// Reserves `bytes` of decoded image memory, waiting while other threads hold too much of
/// the budget; an image larger than the whole budget is refused at once. A thread holds at
/// most one reservation at a time, so the waiting cannot deadlock.
pub fn reserve_image(bytes: u64) -> Result<ImageReservation, String> {
    let cap = limits().image.in_flight_mib.saturating_mul(1 << 20);
    if bytes > cap {
        return Err(format!(
            "image needs {} MiB decoded, over the {} MiB image memory limit",
            bytes >> 20,
            cap >> 20
        ));
    }
    let mut used = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    while *used + bytes > cap {
        used = FREED.wait(used).unwrap_or_else(|e| e.into_inner());
    }
    *used += bytes;
    Ok(ImageReservation(bytes))
}

/// Bytes reserved by all threads now (for tests and benchmarks).
pub fn image_bytes_in_flight() -> u64 {
    *IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_are_given_back_and_oversized_ones_refused() {
        let cap = limits().image.in_flight_mib << 20;
        assert!(reserve_image(cap + 1).is_err());
        let before = image_bytes_in_flight();
        {
            let _r = reserve_image(1 << 20).unwrap();
            assert!(image_bytes_in_flight() >= before + (1 << 20));
        }
    }
}
