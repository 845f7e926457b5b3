//! The decision date: an ISO string from JavaScript, or today in the host's time zone.

use crate::errors::{input_error, HelhedError};
use chrono::NaiveDate;
use helhed::InputError;

/// `asOf` as a date: `YYYY-MM-DD`, or today (the host's local date) when it is absent.
pub fn as_of(text: Option<&str>) -> Result<NaiveDate, HelhedError> {
    match text {
        None => today(),
        Some(text) => parse_iso(text).ok_or_else(|| {
            input_error(&InputError::InvalidValue {
                field: "as_of".into(),
                expected: "a date YYYY-MM-DD".into(),
            })
        }),
    }
}

/// A date written exactly `YYYY-MM-DD` (four, two and two digits).
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')))
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// Today in the host's time zone, from JavaScript's `Date` (wasm32-unknown-unknown has no clock
/// of its own).
#[cfg(target_arch = "wasm32")]
fn today() -> Result<NaiveDate, HelhedError> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .ok_or_else(|| HelhedError::internal("the host's clock gives no valid date"))
}

/// Today in the local time zone (native builds, for `cargo test`).
#[cfg(not(target_arch = "wasm32"))]
fn today() -> Result<NaiveDate, HelhedError> {
    Ok(chrono::Local::now().date_naive())
}

#[cfg(test)]
mod tests {
    use super::parse_iso;

    #[test]
    fn only_four_two_two_digits_are_a_date() {
        assert!(parse_iso("2025-01-31").is_some());
        for bad in [
            "2025-1-31",
            "2025-02-30",
            "20250131",
            "2025-01-31T00:00",
            " 2025-01-31",
            "+2025-01-3",
        ] {
            assert!(parse_iso(bad).is_none(), "{bad}");
        }
    }
}
