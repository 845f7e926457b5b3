//! Dates of the contract: ISO 8601 calendar dates `YYYY-MM-DD` with years 0001–9999, read
//! strictly in every input (cases, plans, a host's decision date) and always written so.
//!
//! chrono's own parser is lenient (`+2000-01-01`, `0000-01-01`, `1990-1-1` all pass); the
//! contract's date fields are read with [`parse`] instead, and their JSON Schema carries
//! [`PATTERN`], which rejects impossible dates such as `2023-02-30` too.

use chrono::{Datelike, NaiveDate};
use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject, SingleOrVec, StringValidation};

/// The first date of the contract, 0001-01-01.
pub const FIRST: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date of the contract, 9999-12-31.
pub const LAST: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// A regular expression (ECMA 262, as JSON Schema's `pattern`) that matches exactly the dates
/// [`parse`] accepts: `YYYY-MM-DD`, years 0001–9999, days that exist (29 February in leap years
/// only).
pub const PATTERN: &str = concat!(
    "^(?:",
    // Years 0001–9999, any month, days 1–28 (or 29–30, 31 where every year has them).
    "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-",
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    // 29 February of leap years: divisible by 4 but not 100, or by 400.
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29",
    ")$"
);

/// What the contract expects of a date, for messages.
pub const EXPECTED: &str = "a date YYYY-MM-DD (e.g. 2026-11-23), years 0001–9999";

/// Why a text is not a date of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (four, two and two digits, hyphens between).
    #[error("expected a date YYYY-MM-DD (e.g. 2026-11-23), years 0001–9999")]
    Format,
    /// The form is right but the day does not exist (`2023-02-30`), or the year is 0000.
    #[error("not a date that exists (expected YYYY-MM-DD, years 0001–9999)")]
    NotADate,
}

/// Reads a date `YYYY-MM-DD` strictly: exactly ten characters, years 0001–9999, a day that
/// exists.
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let b = text.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || ![0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
    {
        return Err(DateError::Format);
    }
    let n = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    };
    let year = n(0..4);
    if year == 0 {
        return Err(DateError::NotADate);
    }
    NaiveDate::from_ymd_opt(year as i32, n(5..7), n(8..10)).ok_or(DateError::NotADate)
}

/// Whether a date lies in the contract's range, 0001-01-01 to 9999-12-31 (so that it is written
/// `YYYY-MM-DD`).
pub fn in_range(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

/// Serde for a contract date field: [`parse`] when reading, chrono's `YYYY-MM-DD` when writing.
pub mod iso {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the date as chrono does (`YYYY-MM-DD` in the contract's range).
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        date.serialize(serializer)
    }

    /// Reads a date with [`super::parse`].
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for an optional contract date field (null or absent: `None`).
pub mod iso_option {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the date as chrono does, or null.
    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        date.serialize(serializer)
    }

    /// Reads null or a date with [`super::parse`].
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        match <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => super::parse(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

fn date_schema(nullable: bool) -> Schema {
    let kind = if nullable {
        SingleOrVec::Vec(vec![InstanceType::String, InstanceType::Null])
    } else {
        SingleOrVec::Single(Box::new(InstanceType::String))
    };
    SchemaObject {
        instance_type: Some(kind),
        format: Some("date".into()),
        string: Some(Box::new(StringValidation {
            pattern: Some(PATTERN.into()),
            ..Default::default()
        })),
        ..Default::default()
    }
    .into()
}

/// The JSON Schema of a contract date: a string with `format: date` and [`PATTERN`].
pub fn schema(_: &mut SchemaGenerator) -> Schema {
    date_schema(false)
}

/// The JSON Schema of an optional contract date: a string as in [`schema`], or null.
pub fn option_schema(_: &mut SchemaGenerator) -> Schema {
    date_schema(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_strict_iso_dates_in_range() {
        assert_eq!(
            parse("2026-11-23"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
        );
        assert_eq!(parse("0001-01-01"), Ok(FIRST));
        assert_eq!(parse("9999-12-31"), Ok(LAST));
        assert_eq!(parse("2024-02-29").map(|d| d.day()), Ok(29));
        for bad in [
            "1990-1-1",
            "+2000-01-01",
            "-0001-01-01",
            "20000-01-01",
            "2026/11/23",
            "23-11-2026",
            "2026-11-23 ",
            " 2026-11-23",
            "2026-11-2x",
            "",
            "２０２６-11-23",
        ] {
            assert_eq!(parse(bad), Err(DateError::Format), "{bad}");
        }
        for bad in [
            "0000-01-01",
            "2023-02-29",
            "2023-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
        ] {
            assert_eq!(parse(bad), Err(DateError::NotADate), "{bad}");
        }
    }
}
