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

/// What [`redact`] puts in place of a CPR-like number.
pub const REDACTED: &str = "[CPR removed]";

/// A text with every CPR-like number (as [`find_cpr`] finds them) replaced by [`REDACTED`].
///
/// This is the second line of defence: every string that leaves a host (decision rows, error
/// rows, messages, CSV, explanations, plan reports) passes through it, although no output is
/// built from the input's free text in the first place. Text without a CPR-like number is
/// returned as it is, without copying.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    match redact_bytes(text.as_bytes()) {
        std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(text),
        // Only ASCII digits and separators (whole characters) are replaced by ASCII text.
        std::borrow::Cow::Owned(bytes) => std::borrow::Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    }
}

/// [`redact`] for bytes (UTF-8 or not): the same matches, replaced by [`REDACTED`].
pub fn redact_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let mut from = 0;
    let mut out: Option<Vec<u8>> = None;
    while let Some(found) = find_cpr_from(bytes, from) {
        let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
        out.extend_from_slice(&bytes[from..found.start]);
        out.extend_from_slice(REDACTED.as_bytes());
        from = found.end;
    }
    match out {
        None => std::borrow::Cow::Borrowed(bytes),
        Some(mut out) => {
            out.extend_from_slice(&bytes[from..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// Replaces every CPR-like number in `buffer` by [`REDACTED`], in place (no copy when there is
/// none). Returns whether anything was replaced.
pub fn redact_in_place(buffer: &mut Vec<u8>) -> bool {
    if let std::borrow::Cow::Owned(redacted) = redact_bytes(buffer) {
        *buffer = redacted;
        true
    } else {
        false
    }
}

/// [`redact_in_place`] for the part of `buffer` from `start` on (no copy when it holds no
/// CPR-like number). Returns whether anything was replaced.
pub fn redact_from(buffer: &mut Vec<u8>, start: usize) -> bool {
    let Some(tail) = buffer.get(start..) else {
        return false;
    };
    let redacted = match redact_bytes(tail) {
        std::borrow::Cow::Borrowed(_) => return false,
        std::borrow::Cow::Owned(redacted) => redacted,
    };
    buffer.truncate(start);
    buffer.extend_from_slice(&redacted);
    true
}

/// Whether `bytes` hold a CPR-like number (see [`find_cpr`]).
#[inline]
pub fn contains_cpr(bytes: &[u8]) -> bool {
    // Most texts hold fewer than ten digits: one short pass settles them.
    ascii_digits(bytes) >= 10 && find_cpr_from(bytes, 0).is_some()
}

/// The number of ASCII digits in `bytes` (as `bytes.iter().filter(|b| b.is_ascii_digit())
/// .count()`), 8 bytes at a time.
fn ascii_digits(bytes: &[u8]) -> usize {
    const LOW: u64 = 0x0f0f_0f0f_0f0f_0f0f;
    const SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Per byte: 0 exactly when it is a digit (high nibble 3, low nibble under 10).
    let not_digit = |x: u64| {
        let high = (x & !LOW) ^ 0x3030_3030_3030_3030;
        let low_over_9 = ((x & LOW) + 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010;
        high | low_over_9
    };
    // The zero bytes of `m` (each byte's high bit, set when the byte is 0).
    let zeros = |m: u64| !(((m & SEVEN) + SEVEN) | m | SEVEN);
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // One bit a byte (bit 7): their sum in the top byte (no `popcnt` in the baseline).
        count += ((zeros(not_digit(x)) >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    }
    count
        + chunks
            .remainder()
            .iter()
            .filter(|b| b.is_ascii_digit())
            .count()
}

/// The byte range of the first CPR-like number in `bytes`, if any. Found, when the first six
/// digits are a date (as every CPR number's are, in the century its 7th digit gives):
///
/// - ten digits in a row (`1503850123`), also inside a longer run of digits
///   (`01503850123`: the whole run is the range);
/// - six digits, a separator and four digits (`150385-0123`), where the separator is one of
///   `-`, `.`, `/`, `_`, an en or em dash, or spaces, with up to three spaces on either side of
///   the symbol (`150385 - 0123`); the six are the last of their run and the four the first of
///   theirs (`1150385-01234`), and the range covers both runs.
///
/// Runs of digits inside a hexadecimal token of 32 characters or more with a letter in it (a
/// SHA-256 hash such as a rule set's) are not numbers and are skipped.
pub fn find_cpr(bytes: &[u8]) -> Option<std::ops::Range<usize>> {
    find_cpr_from(bytes, 0)
}

fn find_cpr_from(bytes: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
    let digit_run_end = |at: usize| {
        bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| at + n)
    };
    // Only a run of six digits or more can start a CPR-like number, and such a run that starts
    // at or after `i` covers `bytes[i + 5]`: when that byte is not a digit, the six positions up
    // to it are skipped without looking at the others. Invariant at the top of the loop: no run
    // of digits crosses from before `i` into `i` (`i` is `from`, or `bytes[i - 1]` is not a
    // digit), so runs are counted from `from` at the earliest, as a byte-by-byte pass does.
    let mut i = from;
    while i + 5 < bytes.len() {
        if !bytes[i + 5].is_ascii_digit() {
            i += 6;
            continue;
        }
        let mut start = i + 5;
        while start > i && bytes[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let end = digit_run_end(i + 5);
        // `bytes[end]` is not a digit (or the text ends): the invariant holds after it.
        i = end + 1;
        if end - start < 6 || in_hash(bytes, start, end) {
            continue;
        }
        if let Some(found) = cpr_at_run(bytes, start, end, &digit_run_end) {
            return Some(found);
        }
    }
    None
}

/// Whether the digit run `bytes[start..end]` (six digits or more) holds a CPR number, alone or
/// continued after a separator (`150385-0123`): the range to redact. `digit_run_end(i)` is where
/// the digit run from `i` ends.
fn cpr_at_run(
    bytes: &[u8],
    start: usize,
    end: usize,
    digit_run_end: &dyn Fn(usize) -> usize,
) -> Option<std::ops::Range<usize>> {
    let digits = &bytes[start..end];
    if digits.len() >= 10 && digits.windows(10).any(is_cpr_digits) {
        return Some(start..end);
    }
    let second = after_separator(bytes, end)?;
    let second_end = digit_run_end(second);
    if second_end - second >= 4 {
        let mut ten = [0u8; 10];
        ten[..6].copy_from_slice(&bytes[end - 6..end]);
        ten[6..].copy_from_slice(&bytes[second..second + 4]);
        if is_cpr_digits(&ten) {
            return Some(start..second_end);
        }
    }
    None
}

/// Whether ten ASCII digits are a CPR number's (the first six a date).
fn is_cpr_digits(digits: &[u8]) -> bool {
    <&[u8; 10]>::try_from(digits).is_ok_and(|d| birth_date_from_digits(d).is_ok())
}

/// Where the second part of a separated CPR number starts, if a separator starts at `at`.
fn after_separator(bytes: &[u8], at: usize) -> Option<usize> {
    let spaces = |from: usize| {
        bytes[from..]
            .iter()
            .take(4)
            .take_while(|&&b| b == b' ')
            .count()
    };
    let before = spaces(at);
    if before > 3 {
        return None;
    }
    let mut j = at + before;
    let symbol = match bytes.get(j..) {
        Some([b'-' | b'.' | b'/' | b'_', ..]) => 1,
        // En dash (U+2013), em dash (U+2014).
        Some([0xe2, 0x80, 0x93 | 0x94, ..]) => 3,
        _ => 0,
    };
    if symbol == 0 {
        return (before > 0 && bytes.get(j).is_some_and(u8::is_ascii_digit)).then_some(j);
    }
    j += symbol;
    let after = spaces(j);
    if after > 3 {
        return None;
    }
    j += after;
    bytes.get(j).is_some_and(u8::is_ascii_digit).then_some(j)
}

/// Whether the digits `start..end` lie in a hexadecimal token of 32 characters or more that
/// has a letter (a hash, not a number).
fn in_hash(bytes: &[u8], start: usize, end: usize) -> bool {
    let left = bytes[..start]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    let right = bytes[end..]
        .iter()
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    left + (end - start) + right >= 32
        && bytes[start - left..end + right]
            .iter()
            .any(u8::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_digits_counts_as_is_ascii_digit() {
        let texts: [&[u8]; 6] = [
            b"",
            b"synth-0000001",
            b"0123456789/:@AZaz\x00\xff09",
            "ærø 1503850123 – 150385-0123".as_bytes(),
            b"////::::0000999912345678",
            &[0x30, 0x39, 0x2f, 0x3a, 0xb0, 0xb9, 0x10, 0x19, 0x33, 0x3f],
        ];
        for text in texts {
            let want = text.iter().filter(|b| b.is_ascii_digit()).count();
            assert_eq!(ascii_digits(text), want, "{text:?}");
        }
        for byte in 0..=255u8 {
            for len in 1..20 {
                let text = vec![byte; len];
                assert_eq!(
                    ascii_digits(&text),
                    if byte.is_ascii_digit() { len } else { 0 }
                );
            }
        }
    }

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

    #[test]
    fn finds_every_spelling_and_redacts_it() {
        for text in [
            "1503850123",
            "150385-0123",
            "150385.0123",
            "150385/0123",
            "150385_0123",
            "150385\u{2013}0123",
            "150385\u{2014}0123",
            "150385 0123",
            "150385 - 0123",
            "150385  /  0123",
            "01503850123",
            "x1503850123y",
            "1150385-01234",
            "path/to/150385-0123.csv",
        ] {
            assert!(contains_cpr(text.as_bytes()), "{text}");
            let redacted = redact(text);
            assert!(!redacted.contains("0123"), "{text} -> {redacted}");
            assert!(redacted.contains(REDACTED), "{text} -> {redacted}");
        }
        for text in [
            "2026-11-23",
            "sag-17",
            "150385--0123",
            "150385    0123",
            "3102850123",
            "150385-012",
            "sha256 f4957bbd3fd41503850123aa0c6b3f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6",
            "\u{2013} 12 \u{2013}",
        ] {
            assert!(!contains_cpr(text.as_bytes()), "{text}");
            assert!(
                matches!(redact(text), std::borrow::Cow::Borrowed(_)),
                "{text}"
            );
        }
        assert_eq!(
            redact("a 150385-0123 b 1503850123 c"),
            format!("a {REDACTED} b {REDACTED} c")
        );
        let mut buffer = b"id 150385.0123\n".to_vec();
        assert!(redact_in_place(&mut buffer));
        assert_eq!(buffer, format!("id {REDACTED}\n").into_bytes());
    }

    /// The byte-by-byte scan that the skipping one in `find_cpr_from` replaced (the reference).
    fn find_cpr_byte_by_byte(bytes: &[u8], from: usize) -> Option<std::ops::Range<usize>> {
        let digit_run_end = |at: usize| {
            bytes[at..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(bytes.len(), |n| at + n)
        };
        let mut i = from;
        let mut run = 0usize;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                run = 0;
                i += 1;
                continue;
            }
            run += 1;
            i += 1;
            if run < 6 {
                continue;
            }
            let start = i - run;
            let end = digit_run_end(i);
            i = end;
            run = 0;
            if in_hash(bytes, start, end) {
                continue;
            }
            if let Some(found) = cpr_at_run(bytes, start, end, &digit_run_end) {
                return Some(found);
            }
        }
        None
    }

    #[test]
    fn the_skipping_scan_finds_what_a_byte_by_byte_scan_finds() {
        // Texts of digits (mostly the first days of months and years, so that many runs are
        // dates), separators, hex letters and en dashes, from a fixed xorshift sequence.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let pieces: [&[u8]; 14] = [
            b"0",
            b"1",
            b"2",
            b"3",
            b"5",
            b"9",
            b"-",
            b" ",
            b"a",
            b"f",
            b"x",
            b"\"",
            b"\n",
            "\u{2013}".as_bytes(),
        ];
        let mut found = 0;
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let mut text = Vec::new();
            for _ in 0..len {
                let r = next();
                // Digits four times as often as the rest.
                let piece = if r % 3 != 0 {
                    pieces[(r >> 8) as usize % 6]
                } else {
                    pieces[(r >> 8) as usize % pieces.len()]
                };
                text.extend_from_slice(piece);
            }
            for cpr in [&b"150385"[..], b"0123", b"010165", b"1234"] {
                if next() % 4 == 0 {
                    let at = (next() as usize) % (text.len() + 1);
                    text.splice(at..at, cpr.iter().copied());
                }
            }
            for from in 0..=text.len() {
                let expected = find_cpr_byte_by_byte(&text, from);
                found += usize::from(expected.is_some() && from == 0);
                assert_eq!(
                    find_cpr_from(&text, from),
                    expected,
                    "{:?} from {from}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        // The texts reach both answers often.
        assert!(found > 500, "{found}");
    }
}
