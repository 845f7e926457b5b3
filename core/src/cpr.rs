//! Birth dates from CPR numbers.
//!
//! A CPR number is used only to derive the birth date; it is never stored, echoed or put in an
//! error. The century comes from the 7th digit (the first of the serial number) and the two-digit
//! year, per the CPR office's table:
//!
//! | 7th digit | year 00–36 | year 37–57 | year 58–99 |
//! |---|---|---|---|
//! | 0–3 | 1900s | 1900s | 1900s |
//! | 4, 9 | 2000s | 1900s | 1900s |
//! | 5–8 | 2000s | 2000s | 1800s |
//!
//! No modulus-11 check is made: numbers without it have been issued since 2007.

use chrono::NaiveDate;

/// Why a CPR number was rejected. The variants never carry any digit of the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CprError {
    /// Not ten digits, optionally with a hyphen after the sixth.
    #[error("must be 10 digits in the form DDMMYY-SSSS or DDMMYYSSSS")]
    Format,
    /// The first six digits are not a date that exists in the derived century.
    #[error("the first six digits are not a valid date (DDMMYY)")]
    NotADate,
}

/// Derives the birth date from a CPR number (`DDMMYY-SSSS` or `DDMMYYSSSS`).
pub fn birth_date_from_cpr(cpr: &str) -> Result<NaiveDate, CprError> {
    let bytes = cpr.as_bytes();
    let mut digits = [0u8; 10];
    match bytes.len() {
        10 => digits.copy_from_slice(bytes),
        11 if bytes[6] == b'-' => {
            digits[..6].copy_from_slice(&bytes[..6]);
            digits[6..].copy_from_slice(&bytes[7..]);
        }
        _ => return Err(CprError::Format),
    }
    birth_date_from_digits(&digits)
}

/// The birth date of a CPR number given as its ten ASCII digits (without a hyphen).
pub(crate) fn birth_date_from_digits(digits: &[u8; 10]) -> Result<NaiveDate, CprError> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(CprError::Format);
    }
    let d = |i: usize| u32::from(digits[i] - b'0');
    let day = d(0) * 10 + d(1);
    let month = d(2) * 10 + d(3);
    let yy = d(4) * 10 + d(5);
    let century = match (d(6), yy) {
        (0..=3, _) => 1900,
        (4 | 9, 0..=36) => 2000,
        (4 | 9, _) => 1900,
        (5..=8, 0..=57) => 2000,
        (5..=8, _) => 1800,
        _ => return Err(CprError::Format),
    };
    NaiveDate::from_ymd_opt((century + yy) as i32, month, day).ok_or(CprError::NotADate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn century_table() {
        assert_eq!(birth_date_from_cpr("0101651234"), Ok(date(1965, 1, 1)));
        assert_eq!(birth_date_from_cpr("010136-4000"), Ok(date(2036, 1, 1)));
        assert_eq!(birth_date_from_cpr("010137-4000"), Ok(date(1937, 1, 1)));
        assert_eq!(birth_date_from_cpr("010157-5000"), Ok(date(2057, 1, 1)));
        assert_eq!(birth_date_from_cpr("010158-8000"), Ok(date(1858, 1, 1)));
        assert_eq!(birth_date_from_cpr("010110-9000"), Ok(date(2010, 1, 1)));
        assert_eq!(birth_date_from_cpr("010199-9000"), Ok(date(1999, 1, 1)));
    }

    #[test]
    fn rejects_bad_forms_without_echo() {
        assert_eq!(birth_date_from_cpr("01016512345"), Err(CprError::Format));
        assert_eq!(birth_date_from_cpr("010165+1234"), Err(CprError::Format));
        assert_eq!(birth_date_from_cpr("3102651234"), Err(CprError::NotADate));
        assert_eq!(birth_date_from_cpr("290201-4000"), Err(CprError::NotADate));
        assert_eq!(birth_date_from_cpr("290200-4000"), Ok(date(2000, 2, 29)));
        let message = CprError::NotADate.to_string();
        assert!(!message
            .chars()
            .any(|c| c.is_ascii_digit() && c != '1' && c != '0' && c != '6'));
    }
}
