//! Whether a decimal number's text is finite as an `f64`, without parsing it to one: the rule-file
//! and document readers need only that (serde_json and toml call a number that rounds to infinity
//! out of range), and parsing (`f64::from_str`, with its tables) was 18 KB of the WASM module.

/// The least value that rounds to infinity: halfway between `f64::MAX` (an odd significand) and
/// 2^1024, which round-half-to-even takes up. Its 309 digits; the value is `0.DIGITS × 10^309`.
const HALFWAY: &[u8; 309] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether `text`, a decimal number (`[+-]digits[.digits][(e|E)[+-]digits]`, as JSON and toml
/// write one, toml's underscores removed), is finite when read as an `f64` (rounded to nearest,
/// as `str::parse::<f64>` reads it). Text of another form counts as finite.
pub(crate) fn is_finite(text: &str) -> bool {
    let b = text.strip_prefix(['+', '-']).unwrap_or(text).as_bytes();
    let (mantissa, exponent) = match b.iter().position(|&c| c == b'e' || c == b'E') {
        Some(e) => (&b[..e], &b[e + 1..]),
        None => (b, &b[..0]),
    };
    let (negative, exponent) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    // Saturates far beyond any exponent that matters (|E| of a few hundred, plus the digits).
    let exponent = exponent.iter().fold(0i64, |n, &d| {
        (n * 10 + i64::from(d.wrapping_sub(b'0'))).min(1 << 40)
    });
    let exponent = if negative { -exponent } else { exponent };
    let point = mantissa
        .iter()
        .position(|&c| c == b'.')
        .unwrap_or(mantissa.len());
    let digits = || mantissa.iter().copied().filter(|&c| c != b'.');
    let Some(first) = digits().position(|d| d != b'0') else {
        return true; // zero
    };
    // The value is 0.d… × 10^scale, d the digits from the first that is not zero.
    let scale = point as i64 - first as i64 + exponent;
    if scale != 309 {
        return scale < 309;
    }
    let mut significant = digits().skip(first);
    for &limit in HALFWAY {
        let d = significant.next().unwrap_or(b'0');
        if d != limit {
            return d < limit;
        }
    }
    // Equal to the halfway value up to its last digit: finite only if every digit left is zero.
    false
}

#[cfg(test)]
mod tests {
    use super::is_finite;

    fn agrees(text: &str) {
        let parsed = text.parse::<f64>().unwrap().is_finite();
        assert_eq!(is_finite(text), parsed, "{text}");
    }

    #[test]
    fn agrees_with_parsing() {
        let halfway = std::str::from_utf8(super::HALFWAY).unwrap();
        for text in [
            "0",
            "-0",
            "0.0",
            "1",
            "1e308",
            "1e309",
            "-1e309",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "17976931348623158e292",
            "0.000017976931348623159e313",
            "1e-400",
            "0e999999",
            "0.0e99999999999999999999",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "+1.5",
            "123.456e-7",
            "000001e308",
            "0.1e310",
            "0.1e309",
            "1E+308",
            "10E307",
        ] {
            agrees(text);
        }
        // At the halfway value: equal rounds up; one less in the last place does not.
        agrees(halfway);
        agrees(&format!("{halfway}.0000"));
        agrees(&format!("{halfway}.0001"));
        agrees(&format!("{}1", &halfway[..308]));
        agrees(&format!("{}3", &halfway[..308]));
        agrees(&format!("{}1e300", &halfway[..1]));
        agrees(&format!("0.{halfway}e309"));
        agrees(&format!("0.{}1e309", &halfway[..308]));
        agrees(&format!("0.{}e310", &halfway[..300]));
        agrees(&format!("{}.{}", &halfway[..200], &halfway[200..]));
        agrees(&format!("{}.{}9", &halfway[..200], &halfway[200..308]));
        // Many digits around the boundary, at several places of the point.
        let mut seed = 2026u64;
        for _ in 0..5000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let cut = 290 + (seed >> 33) as usize % 19;
            let mut digits = halfway[..cut].to_string();
            let tail = (seed >> 20) % 1000;
            digits.push_str(&tail.to_string());
            let point = 1 + (seed >> 40) as usize % 30;
            // Mostly at the halfway value's scale, sometimes ten times above or below it.
            let shift = [0, 0, 0, 1, -1][(seed >> 50) as usize % 5];
            let exponent = 309 - point as i64 + shift;
            let text = format!("{}.{}e{exponent}", &digits[..point], &digits[point..]);
            agrees(&text);
        }
    }
}
