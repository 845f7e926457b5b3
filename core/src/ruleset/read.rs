//! Reading a rule file: from TOML text to the types of [`super::format`], by hand.
//!
//! The text is parsed once by toml's parser ([`DeTable::parse`], which keeps the place in the
//! text of every key and value); the reader then walks the parsed tables field by field. It
//! reads as serde's derived `Deserialize` of the format types read through `toml::from_str`:
//! unknown fields are rejected, missing fields named, the first problem in key order is the one
//! reported, and it is said in serde's words at toml's place (line, column, the line with the
//! place marked), so a rule file's errors read as before. Contract values (`status`, `unit`,
//! `kind`) read as toml's deserializer read enums (also `{ source = [] }`; "wanted string or
//! table" for other types). A value of the wrong kind where a table is expected (a list or a date
//! for `then`, say) is rejected: serde took a list for a table field by field, in declaration
//! order, which the format does not have.
//!
//! Why by hand: serde's derived code for the format types, instantiated for toml's deserializer,
//! was about 240 KB of the WASM module; this reader is about 35 KB. The format types keep their
//! `Deserialize` derives for other readers; the tests below check that both readers agree on the
//! shipped rule files and on over a thousand broken variants of a file with every field.

use super::format::{
    CohortDef, FileDate, ObligationThen, ParameterDef, ParameterValueDef, RoutingThen, RowDef,
    RuleFile, SourceDef, TargetGroupThen, VersionDef,
};
use crate::vocab::{ObligationKind, Status, Unit};
use chrono::NaiveDate;
use serde::de::Error as _;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A parsed value and its place in the text.
type Value<'i> = Spanned<DeValue<'i>>;

/// Reads a rule file. The error is the message `toml::from_str` gives for the same problem,
/// several lines: where (line and column, the line, the place marked), then what.
pub(crate) fn rule_file(text: &str) -> Result<RuleFile, String> {
    let root = DeTable::parse(text).map_err(|e| e.to_string())?;
    let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    file(&root).map_err(|problem| problem.located(text))
}

/// What is wrong, in serde's words, and the bytes of the text it is about.
#[derive(Debug)]
struct Problem {
    message: String,
    span: Range<usize>,
}

impl Problem {
    fn at(span: Range<usize>, message: impl fmt::Display) -> Problem {
        Problem {
            message: message.to_string(),
            span,
        }
    }

    /// The message as toml's `Error` displays it: line and column (1-based, the column in
    /// characters), the line itself, and the place marked with `^`.
    fn located(&self, text: &str) -> String {
        let (line, column) = position(text.as_bytes(), self.span.start);
        let number = line + 1;
        let gutter = " ".repeat(number.to_string().len() + 1);
        let content = text.split('\n').nth(line).unwrap_or_default();
        let marks = (self.span.end - self.span.start)
            .min(content.len().saturating_sub(column))
            .max(1);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "TOML parse error at line {number}, column {}",
            column + 1
        );
        let _ = writeln!(out, "{gutter}|");
        let _ = writeln!(out, "{number} | {content}");
        let _ = writeln!(
            out,
            "{gutter}|{}{}",
            " ".repeat(column + 1),
            "^".repeat(marks)
        );
        let _ = writeln!(out, "{}", self.message);
        out
    }
}

/// The line and column (both from 0, the column in characters) of a byte offset, as toml counts.
fn position(text: &[u8], offset: usize) -> (usize, usize) {
    if text.is_empty() {
        return (0, offset);
    }
    let at = offset.min(text.len() - 1);
    let past_end = offset - at;
    let line_start = text[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |nl| nl + 1);
    let line = text[..line_start].iter().filter(|b| **b == b'\n').count();
    let column = std::str::from_utf8(&text[line_start..=at])
        .map(|s| s.chars().count() - 1)
        .unwrap_or(at - line_start);
    (line, column + past_end)
}

/// serde's wording: its `de::Error` constructors (`missing_field`, `invalid_type`, …) on a plain
/// message, so the reader's messages are the ones serde's derived code gives.
#[derive(Debug)]
struct Serde(String);

impl fmt::Display for Serde {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Serde {}

impl serde::de::Error for Serde {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Serde(message.to_string())
    }
}

/// A scalar as toml's deserializer hands it to serde: integers as `i64`, beyond that `u64`, then
/// `i128`; a date as a map. Overflowing numbers are an error whatever is expected.
enum Seen<'a> {
    Str(&'a str),
    Int(i64),
    Unsigned(u64),
    Wide(i128),
    /// A float as written (toml's text, underscores left out): its value is never parsed.
    Float(&'a str),
    Bool(bool),
    /// `map` or `sequence`.
    Other(&'static str),
}

fn seen<'a>(v: &'a Value<'_>) -> Result<Seen<'a>, Problem> {
    Ok(match v.get_ref() {
        DeValue::String(s) => Seen::Str(s),
        DeValue::Integer(n) => {
            let (digits, radix) = (n.as_str(), n.radix());
            if let Ok(n) = i64::from_str_radix(digits, radix) {
                Seen::Int(n)
            } else if let Ok(n) = u64::from_str_radix(digits, radix) {
                Seen::Unsigned(n)
            } else if let Ok(n) = i128::from_str_radix(digits, radix) {
                Seen::Wide(n)
            } else {
                return Err(Problem::at(v.span(), "integer number overflowed"));
            }
        }
        DeValue::Float(x) => {
            let text = x.as_str();
            if text.contains("inf") || text.contains("nan") || crate::decimal::is_finite(text) {
                Seen::Float(text)
            } else {
                return Err(Problem::at(v.span(), "floating-point number overflowed"));
            }
        }
        DeValue::Boolean(b) => Seen::Bool(*b),
        DeValue::Datetime(_) | DeValue::Table(_) => Seen::Other("map"),
        DeValue::Array(_) => Seen::Other("sequence"),
    })
}

/// serde's "invalid type: …, expected …" for `v`, in the words of serde's `Unexpected` (not
/// through it: its `Display` prints floats, and the module would carry float printing, 14 KB, for
/// that alone). One difference: a float is quoted as written in the file (toml's text without
/// underscores or a leading `+`; `nan` as serde writes it, `NaN`), not parsed and printed in the
/// shortest form: `1000.0` and `0.5` read as before, but `1e3` is `1e3` (serde: `1000.0`).
fn invalid_type(v: &Value<'_>, expected: &str) -> Problem {
    let found = match seen(v) {
        Err(overflow) => return overflow,
        Ok(Seen::Str(s)) => format!("string {s:?}"),
        Ok(Seen::Int(n)) => format!("integer `{n}`"),
        Ok(Seen::Unsigned(n)) => format!("integer `{n}`"),
        Ok(Seen::Wide(n)) => format!("integer `{n}` as i128"),
        Ok(Seen::Float(text)) => {
            let text = text.strip_prefix('+').unwrap_or(text);
            let text = if text.ends_with("nan") { "NaN" } else { text };
            format!("floating point `{text}`")
        }
        Ok(Seen::Bool(b)) => format!("boolean `{b}`"),
        Ok(Seen::Other(other)) => other.to_string(),
    };
    wrong_type(v, &found, expected)
}

/// serde's "invalid type: {found}, expected {expected}" at `v`.
fn wrong_type(v: &Value<'_>, found: &str, expected: &str) -> Problem {
    Problem::at(
        v.span(),
        format!("invalid type: {found}, expected {expected}"),
    )
}

fn string(v: &Value<'_>) -> Result<String, Problem> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err(invalid_type(v, "a string")),
    }
}

fn boolean(v: &Value<'_>) -> Result<bool, Problem> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(invalid_type(v, "a boolean")),
    }
}

/// A whole number that fits `T` (`u8`, `u32`), named `expected` in errors.
fn whole<T: TryFrom<i64> + TryFrom<u64>>(v: &Value<'_>, expected: &str) -> Result<T, Problem> {
    // serde's "invalid value: integer `…`, expected …".
    let out_of_range = |n: &dyn fmt::Display| {
        Problem::at(
            v.span(),
            format!("invalid value: integer `{n}`, expected {expected}"),
        )
    };
    match seen(v)? {
        Seen::Int(n) => T::try_from(n).map_err(|_| out_of_range(&n)),
        Seen::Unsigned(n) => T::try_from(n).map_err(|_| out_of_range(&n)),
        _ => Err(invalid_type(v, expected)),
    }
}

/// A date without a time (`2022-03-01`, unquoted), as [`FileDate`]'s `Deserialize` reads it.
fn date(v: &Value<'_>) -> Result<FileDate, Problem> {
    match v.get_ref() {
        DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(FileDate)
                    .ok_or_else(|| Problem::at(v.span(), "not a calendar date"))
            }
            _ => Err(Problem::at(
                v.span(),
                "expected a date such as 2022-03-01, without a time",
            )),
        },
        // toml's dates reach serde as a table with one private key; any other table is not one.
        DeValue::Table(t) => Err(match t.iter().next() {
            None => Problem::at(v.span(), "datetime key not found"),
            Some((key, _)) => Problem::at(key.span(), "expected field with custom name"),
        }),
        _ => Err(invalid_type(v, "a TOML datetime")),
    }
}

/// A value of a contract enum: its string, or (as toml's deserializer allows) a table with the
/// value as its one key and an empty table or list as its value.
fn variant<E>(
    v: &Value<'_>,
    names: &'static [&'static str],
    parse: fn(&str) -> Option<E>,
) -> Result<E, Problem> {
    let named = |name: &str, span: Range<usize>| {
        parse(name).ok_or_else(|| Problem::at(span, Serde::unknown_variant(name, names)))
    };
    match v.get_ref() {
        DeValue::String(s) => named(s, v.span()),
        DeValue::Table(t) => {
            let mut entries = t.iter();
            let (Some((key, value)), None) = (entries.next(), entries.next()) else {
                let count = if t.is_empty() {
                    "found 0 elements"
                } else {
                    "more than 1 element"
                };
                return Err(Problem::at(
                    v.span(),
                    format!("wanted exactly 1 element, {count}"),
                ));
            };
            let found = named(key.get_ref(), key.span())?;
            match value.get_ref() {
                DeValue::Array(a) if a.is_empty() => Ok(found),
                DeValue::Table(t) if t.is_empty() => Ok(found),
                DeValue::Array(_) => Err(Problem::at(value.span(), "expected empty array")),
                DeValue::Table(_) => Err(Problem::at(value.span(), "expected empty table")),
                other => Err(Problem::at(
                    value.span(),
                    format!("expected table, found {}", other.type_str()),
                )),
            }
        }
        _ => Err(Problem::at(v.span(), "wanted string or table")),
    }
}

fn status(v: &Value<'_>) -> Result<Status, Problem> {
    variant(v, Status::NAMES, Status::parse)
}

fn unit(v: &Value<'_>) -> Result<Unit, Problem> {
    variant(v, Unit::NAMES, Unit::parse)
}

/// A list, each item read by `item`.
fn list<'a, 'i, T>(
    v: &'a Value<'i>,
    item: impl Fn(&'a Value<'i>) -> Result<T, Problem>,
) -> Result<Vec<T>, Problem> {
    match v.get_ref() {
        DeValue::Array(items) => items.iter().map(item).collect(),
        _ => Err(invalid_type(v, "a sequence")),
    }
}

/// The table `v` is, or serde's error naming `expected` (`struct VersionDef`, `a map`).
fn table<'a, 'i>(v: &'a Value<'i>, expected: &str) -> Result<&'a DeTable<'i>, Problem> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(t),
        DeValue::Datetime(_) => Err(wrong_type(v, "datetime", expected)),
        _ => Err(invalid_type(v, expected)),
    }
}

/// Reads a table into a struct: `field(name, value)` for each entry, in key order (as serde's
/// derived code sees a toml table), which says whether the struct has the field; the first
/// unknown one is an error naming `names`, the struct's fields.
fn fields<'a, 'i>(
    v: &'a Value<'i>,
    expected: &str,
    names: &'static [&'static str],
    field: &mut dyn FnMut(&str, &'a Value<'i>) -> Result<bool, Problem>,
) -> Result<(), Problem> {
    for (key, value) in table(v, expected)? {
        if !field(key.get_ref(), value)? {
            return Err(Problem::at(
                key.span(),
                Serde::unknown_field(key.get_ref(), names),
            ));
        }
    }
    Ok(())
}

/// A field the struct must have, read; serde's "missing field" at the table otherwise.
fn required<T>(field: Option<T>, name: &'static str, table: &Value<'_>) -> Result<T, Problem> {
    field.ok_or_else(|| Problem::at(table.span(), Serde::missing_field(name)))
}

/// A value of any type, as `toml::Value` (a parameter's value).
fn any(v: &Value<'_>) -> Result<toml::Value, Problem> {
    Ok(match v.get_ref() {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(_) => match seen(v)? {
            Seen::Int(n) => toml::Value::Integer(n),
            Seen::Unsigned(_) => return Err(Problem::at(v.span(), "u64 value was too large")),
            _ => return Err(invalid_type(v, "any valid TOML value")),
        },
        // The value is not parsed: no float is ever valid where a value of any type is read (a
        // parameter's value, a row's condition), and the loader rejects it for being a float (or
        // drops it with a table an extending file replaces), so only its type is kept.
        DeValue::Float(_) => match seen(v)? {
            Seen::Float(_) => toml::Value::Float(f64::NAN),
            _ => return Err(invalid_type(v, "any valid TOML value")),
        },
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(items) => {
            toml::Value::Array(items.iter().map(any).collect::<Result<_, _>>()?)
        }
        DeValue::Table(_) => toml::Value::Table(any_table(v)?),
    })
}

/// A table of values of any type, as `toml::Table` (a row's conditions).
fn any_table(v: &Value<'_>) -> Result<toml::Table, Problem> {
    // Inserted one by one, not collected: collecting a map sorts its entries with a stable sort
    // (each instantiation 3 KB of the WASM module; toml's keys are unique, so the map is the same).
    let mut out = toml::Table::new();
    for (key, value) in table(v, "a map")?.iter() {
        out.insert(key.get_ref().to_string(), any(value)?);
    }
    Ok(out)
}

fn file(v: &Value<'_>) -> Result<RuleFile, Problem> {
    const NAMES: &[&str] = &[
        "id",
        "title",
        "municipality",
        "description",
        "extends",
        "sources",
        "versions",
        "parameters",
        "target_group",
        "routing",
        "obligations",
    ];
    let (mut id, mut title, mut municipality, mut description, mut extends) =
        (None, None, None, None, None);
    let (mut sources, mut versions, mut parameters) = (Vec::new(), None, BTreeMap::new());
    let (mut target_group, mut routing, mut obligations) = (None, None, None);
    fields(v, "struct RuleFile", NAMES, &mut |name, v| {
        match name {
            "id" => id = Some(string(v)?),
            "title" => title = Some(string(v)?),
            "municipality" => municipality = Some(string(v)?),
            "description" => description = Some(string(v)?),
            "extends" => extends = Some(string(v)?),
            "sources" => sources = list(v, source)?,
            "versions" => versions = Some(list(v, version)?),
            "parameters" => {
                // Inserted one by one, not collected (see `any_table`).
                parameters = BTreeMap::new();
                for (name, def) in table(v, "a map")?.iter() {
                    parameters.insert(name.get_ref().to_string(), parameter(def)?);
                }
            }
            "target_group" => target_group = Some(list(v, |r| row(r, target_group_then))?),
            "routing" => routing = Some(list(v, |r| row(r, routing_then))?),
            "obligations" => obligations = Some(list(v, |r| row(r, obligation_then))?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(RuleFile {
        id: required(id, "id", v)?,
        title: required(title, "title", v)?,
        municipality: required(municipality, "municipality", v)?,
        description,
        extends,
        sources,
        versions,
        parameters,
        target_group,
        routing,
        obligations,
    })
}

fn source(v: &Value<'_>) -> Result<SourceDef, Problem> {
    let (mut id, mut title) = (None, None);
    fields(v, "struct SourceDef", &["id", "title"], &mut |name, v| {
        match name {
            "id" => id = Some(string(v)?),
            "title" => title = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(SourceDef {
        id: required(id, "id", v)?,
        title: required(title, "title", v)?,
    })
}

fn version(v: &Value<'_>) -> Result<VersionDef, Problem> {
    const NAMES: &[&str] = &[
        "id", "from", "until", "source", "status", "text_da", "text_en", "note",
    ];
    let (mut id, mut from, mut until, mut source, mut status) = (None, None, None, None, None);
    let (mut text_da, mut text_en, mut note) = (None, None, None);
    fields(v, "struct VersionDef", NAMES, &mut |name, v| {
        match name {
            "id" => id = Some(string(v)?),
            "from" => from = Some(date(v)?),
            "until" => until = Some(date(v)?),
            "source" => source = Some(string(v)?),
            "status" => status = Some(self::status(v)?),
            "text_da" => text_da = Some(string(v)?),
            "text_en" => text_en = Some(string(v)?),
            "note" => note = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(VersionDef {
        id: required(id, "id", v)?,
        from: required(from, "from", v)?,
        until,
        source,
        status,
        text_da,
        text_en,
        note,
    })
}

fn parameter(v: &Value<'_>) -> Result<ParameterDef, Problem> {
    let (mut description, mut values, mut cohorts) = (None, Vec::new(), Vec::new());
    fields(
        v,
        "struct ParameterDef",
        &["description", "values", "cohorts"],
        &mut |name, v| {
            match name {
                "description" => description = Some(string(v)?),
                "values" => values = list(v, parameter_value)?,
                "cohorts" => cohorts = list(v, cohort)?,
                _ => return Ok(false),
            }
            Ok(true)
        },
    )?;
    Ok(ParameterDef {
        description: required(description, "description", v)?,
        values,
        cohorts,
    })
}

fn parameter_value(v: &Value<'_>) -> Result<ParameterValueDef, Problem> {
    const NAMES: &[&str] = &["from", "until", "value", "source", "status", "note"];
    let (mut from, mut until, mut value) = (None, None, None);
    let (mut source, mut status, mut note) = (None, None, None);
    fields(v, "struct ParameterValueDef", NAMES, &mut |name, v| {
        match name {
            "from" => from = Some(date(v)?),
            "until" => until = Some(date(v)?),
            "value" => value = Some(any(v)?),
            "source" => source = Some(string(v)?),
            "status" => status = Some(self::status(v)?),
            "note" => note = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(ParameterValueDef {
        from,
        until,
        value: required(value, "value", v)?,
        source,
        status,
        note,
    })
}

fn cohort(v: &Value<'_>) -> Result<CohortDef, Problem> {
    const NAMES: &[&str] = &[
        "born_from",
        "born_until",
        "value",
        "source",
        "status",
        "note",
    ];
    let (mut born_from, mut born_until, mut value) = (None, None, None);
    let (mut source, mut status, mut note) = (None, None, None);
    fields(v, "struct CohortDef", NAMES, &mut |name, v| {
        match name {
            "born_from" => born_from = Some(date(v)?),
            "born_until" => born_until = Some(date(v)?),
            "value" => value = Some(whole(v, "u32")?),
            "source" => source = Some(string(v)?),
            "status" => status = Some(self::status(v)?),
            "note" => note = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(CohortDef {
        born_from,
        born_until,
        value: required(value, "value", v)?,
        source,
        status,
        note,
    })
}

/// A table row; `then` reads its outcome.
fn row<T>(v: &Value<'_>, then: fn(&Value<'_>) -> Result<T, Problem>) -> Result<RowDef<T>, Problem> {
    const NAMES: &[&str] = &[
        "id", "versions", "when", "then", "source", "status", "text_da", "text_en", "note",
    ];
    let (mut id, mut versions, mut when, mut outcome) = (None, None, toml::Table::new(), None);
    let (mut source, mut status, mut text_da, mut text_en, mut note) =
        (None, None, None, None, None);
    fields(v, "struct RowDef", NAMES, &mut |name, v| {
        match name {
            "id" => id = Some(string(v)?),
            "versions" => versions = Some(list(v, string)?),
            "when" => when = any_table(v)?,
            "then" => outcome = Some(then(v)?),
            "source" => source = Some(string(v)?),
            "status" => status = Some(self::status(v)?),
            "text_da" => text_da = Some(string(v)?),
            "text_en" => text_en = Some(string(v)?),
            "note" => note = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(RowDef {
        id: required(id, "id", v)?,
        versions,
        when,
        then: required(outcome, "then", v)?,
        source,
        status,
        text_da,
        text_en,
        note,
    })
}

fn target_group_then(v: &Value<'_>) -> Result<TargetGroupThen, Problem> {
    let mut target_group = None;
    fields(
        v,
        "struct TargetGroupThen",
        &["target_group"],
        &mut |name, v| {
            match name {
                "target_group" => target_group = Some(boolean(v)?),
                _ => return Ok(false),
            }
            Ok(true)
        },
    )?;
    Ok(TargetGroupThen {
        target_group: required(target_group, "target_group", v)?,
    })
}

fn routing_then(v: &Value<'_>) -> Result<RoutingThen, Problem> {
    const NAMES: &[&str] = &[
        "unit",
        "coordinating_unit",
        "co_units",
        "caseworkers",
        "forum",
    ];
    let (mut found_unit, mut coordinating_unit, mut co_units) = (None, None, Vec::new());
    let (mut caseworkers, mut forum) = (0, None);
    fields(v, "struct RoutingThen", NAMES, &mut |name, v| {
        match name {
            "unit" => found_unit = Some(unit(v)?),
            "coordinating_unit" => coordinating_unit = Some(unit(v)?),
            "co_units" => co_units = list(v, unit)?,
            "caseworkers" => caseworkers = whole(v, "u8")?,
            "forum" => forum = Some(string(v)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(RoutingThen {
        unit: required(found_unit, "unit", v)?,
        coordinating_unit,
        co_units,
        caseworkers,
        forum,
    })
}

fn obligation_then(v: &Value<'_>) -> Result<ObligationThen, Problem> {
    let (mut kind, mut found_unit, mut reference) = (None, None, None);
    fields(
        v,
        "struct ObligationThen",
        &["kind", "unit", "reference"],
        &mut |name, v| {
            match name {
                "kind" => kind = Some(variant(v, ObligationKind::NAMES, ObligationKind::parse)?),
                "unit" => found_unit = Some(unit(v)?),
                "reference" => reference = Some(string(v)?),
                _ => return Ok(false),
            }
            Ok(true)
        },
    )?;
    Ok(ObligationThen {
        kind: required(kind, "kind", v)?,
        unit: required(found_unit, "unit", v)?,
        reference: required(reference, "reference", v)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde's derived reader makes of a text: the file (as `Debug`), or toml's message.
    /// A float's value is `NaN`, as this reader keeps none (only that it is a float).
    fn by_serde(text: &str) -> Result<String, String> {
        toml::from_str::<RuleFile>(text)
            .map(|f| without_float_values(&format!("{f:?}")))
            .map_err(|e| e.to_string())
    }

    fn without_float_values(debug: &str) -> String {
        let mut out = String::new();
        let mut rest = debug;
        while let Some(at) = rest.find("Float(") {
            out.push_str(&rest[..at + 6]);
            rest = &rest[at + 6..];
            rest = &rest[rest.find(')').unwrap_or(0)..];
            out.push_str("NaN");
        }
        out.push_str(rest);
        out
    }

    /// This reader's result, with the one deliberate difference of wording undone: a float is
    /// quoted as written (`1e3`), where serde printed its value (`1000.0`).
    fn by_hand(text: &str) -> Result<String, String> {
        rule_file(text)
            .map(|f| format!("{f:?}"))
            .map_err(|e| e.replace("floating point `1e3`", "floating point `1000.0`"))
    }

    /// Where the readers differ on purpose. A list or a date given for a table: serde read a list
    /// as the table's fields in declaration order, and a date as a table with a private key. And
    /// the contract enums (`status`, `unit`, `kind`): they now read through serde as strings only
    /// (`vocab::Name`), where toml's deserializer, and so this reader, also take a table with the
    /// value as its one key and say "wanted string or table" for other types.
    fn differs_on_purpose(hand: &Result<String, String>, serde: &Result<String, String>) -> bool {
        let Err(hand) = hand else {
            return false;
        };
        let table_given = (hand.contains("invalid type: sequence, expected struct")
            || hand.contains("invalid type: datetime, expected"))
            && !hand.contains("expected a string");
        let toml_enum = [
            "wanted string or table",
            "wanted exactly 1 element",
            "expected empty",
            "expected table, found",
        ]
        .iter()
        .any(|phrase| hand.contains(phrase));
        let enum_given_a_table = hand.contains("unknown variant")
            && serde
                .as_ref()
                .is_err_and(|s| s.contains("invalid type: map, expected a string"));
        table_given || toml_enum || enum_given_a_table
    }

    /// Broken variants of a rule file: for the first line of each key in each kind of table,
    /// the line left out, its value replaced by values of every kind, an unknown key after it,
    /// the line given twice, and the same for each key of an inline table; each table header
    /// written as the other kind of header, and followed by an unknown key.
    fn variants(text: &str) -> Vec<String> {
        const VALUES: &[&str] = &[
            "1",
            "\"x\"",
            "true",
            "[1]",
            "[\"x\"]",
            "{ a = 1 }",
            "2022-01-01",
            "2022-01-01T10:00:00",
            "10:00:00",
            "1.5",
            "-1",
            "300",
            "[]",
            "{}",
            "nan",
            "\"source\"",
            "4294967296",
            "99999999999999999999",
            "1e999",
            "{ source = 1 }",
            "{ a = 1, b = 2 }",
            "18446744073709551615",
            "1e3",
            "+1_000.25",
            "-nan",
            "+inf",
            "-inf",
            "-0.0",
            "1.7976931348623159e308",
        ];
        let lines: Vec<&str> = text.lines().collect();
        let with = |i: usize, replacement: &[&str]| {
            let mut out: Vec<&str> = lines[..i].to_vec();
            out.extend_from_slice(replacement);
            out.extend_from_slice(&lines[i + 1..]);
            out.join("\n")
        };
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut section = String::new();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('[') {
                let name = line.trim_matches(|c| c == '[' || c == ']');
                let kind = match name.split('.').collect::<Vec<_>>().as_slice() {
                    ["parameters", _, rest @ ..] => format!("parameters.P.{}", rest.join(".")),
                    _ => name.to_string(),
                };
                if seen.insert(format!("[{kind}")) {
                    let other = if line.starts_with("[[") {
                        format!("[{name}]")
                    } else {
                        format!("[[{name}]]")
                    };
                    out.push(with(i, &[&other]));
                    out.push(with(i, &[line, "bogus = 1"]));
                }
                section = kind;
                continue;
            }
            let Some((key, value)) = line.split_once(" = ") else {
                continue;
            };
            if key.starts_with('#') || key.contains(' ') {
                continue;
            }
            let kind = match key.split_once('.') {
                Some(("when", _)) => "when.F",
                _ => key,
            };
            if !seen.insert(format!("{section} {kind}")) {
                continue;
            }
            out.push(with(i, &[]));
            for v in VALUES {
                out.push(with(i, &[&format!("{key} = {v}")]));
            }
            out.push(with(i, &[line, "bogus_field = 1"]));
            out.push(with(i, &[line, line]));
            if let Some(inner) = value.strip_prefix("{ ").and_then(|v| v.strip_suffix(" }")) {
                let parts: Vec<&str> = inner.split(", ").collect();
                for j in 0..parts.len() {
                    let (name, _) = parts[j].split_once(" = ").unwrap_or((parts[j], ""));
                    let mut rest = parts.clone();
                    rest.remove(j);
                    out.push(with(i, &[&format!("{key} = {{ {} }}", rest.join(", "))]));
                    for v in VALUES {
                        let mut changed = parts.clone();
                        let part = format!("{name} = {v}");
                        changed[j] = &part;
                        out.push(with(i, &[&format!("{key} = {{ {} }}", changed.join(", "))]));
                    }
                }
                out.push(with(i, &[&format!("{key} = {{ {inner}, zzz = 1 }}")]));
            }
        }
        out
    }

    #[test]
    fn the_shipped_rule_files_read_as_with_serde() {
        for (id, _, text) in super::super::BUILTIN {
            assert_eq!(by_hand(text), by_serde(text), "{id}");
        }
    }

    /// A small rule file with every field of every table (the reader does not check meaning).
    const EVERY_FIELD: &str = r#"
id = "every-field"
title = "Every field"
municipality = "Test"
description = "Each field of the format once."
extends = "norddjurs-2021"

[[sources]]
id = "seed 001"
title = "A seed"

[[versions]]
id = "2022-03-01"
from = 2022-03-01
until = 2022-09-30
source = "seed 001"
status = "source"
text_da = "Dansk."
text_en = "English."
note = "A note."

[parameters.adult_age]
description = "Adult age."
[[parameters.adult_age.values]]
from = 2020-01-01
until = 2030-12-31
value = 18
source = "KUI"
status = "source"
note = "A note."

[parameters.folkepension_age]
description = "By cohort."
[[parameters.folkepension_age.cohorts]]
born_from = 1963-01-01
born_until = 1966-12-31
value = 67
source = "pensionsloven"
status = "source"
note = "A note."

[[target_group]]
id = "tg.one"
versions = ["2022-03-01"]
when.age = { from = 15, below = "adult_age" }
then.target_group = true
source = "seed 001"
status = "assumption"
text_da = "Dansk."
text_en = "English."
note = "A note."

[[routing]]
id = "routing.one"
when.target_group = true
then = { unit = "ungeindsatsen", coordinating_unit = "ungeindsatsen", co_units = ["socialomraadet"], caseworkers = 2, forum = "udvalg" }
source = "seed 001"
status = "source"
text_da = "Dansk."
text_en = "English."

[[obligations]]
id = "obligation.one"
when.age = 16
then = { kind = "education_duty", unit = "ungeindsatsen", reference = "KUI § 2 a" }
source = "KUI"
status = "source"
text_da = "Dansk."
text_en = "English."
"#;

    #[test]
    fn broken_rule_files_fail_as_with_serde() {
        assert_eq!(by_hand(EVERY_FIELD), by_serde(EVERY_FIELD));
        let mut compared = 0;
        for variant in variants(EVERY_FIELD) {
            let (hand, serde) = (by_hand(&variant), by_serde(&variant));
            if !differs_on_purpose(&hand, &serde) {
                assert_eq!(hand, serde, "{variant}");
                compared += 1;
            }
        }
        assert!(compared > 1200, "{compared}");
    }

    #[test]
    fn a_float_is_quoted_as_written() {
        let text = crate::ruleset::BUILTIN[0].2;
        let with = |to: &str| text.replacen("title = ", &format!("title = {to}\n#"), 1);
        for (written, quoted) in [
            ("1e3", "1e3"),
            ("1000.0", "1000.0"),
            ("+1_000.50", "1000.50"),
            ("-nan", "NaN"),
            ("+inf", "inf"),
            ("-inf", "-inf"),
        ] {
            let message = rule_file(&with(written)).unwrap_err();
            assert!(
                message.ends_with(&format!(
                    "invalid type: floating point `{quoted}`, expected a string\n"
                )),
                "{message}"
            );
        }
        let message = rule_file(&with("1e309")).unwrap_err();
        assert!(
            message.ends_with("floating-point number overflowed\n"),
            "{message}"
        );
    }

    #[test]
    fn a_list_or_a_date_for_a_table_is_the_wrong_type() {
        let text = crate::ruleset::BUILTIN[0].2.replacen(
            "then = { unit = \"out_of_scope\", caseworkers = 0 }",
            "then = []",
            1,
        );
        let message = by_hand(&text).unwrap_err();
        assert!(
            message.ends_with("invalid type: sequence, expected struct RoutingThen\n"),
            "{message}"
        );
        let text = text.replacen("then = []", "then = 2022-01-01", 1);
        let message = by_hand(&text).unwrap_err();
        assert!(
            message.ends_with("invalid type: datetime, expected struct RoutingThen\n"),
            "{message}"
        );
    }

    #[test]
    fn a_contract_value_reads_as_toml_reads_an_enum() {
        let text = crate::ruleset::BUILTIN[0].2;
        let with = |to: &str| text.replacen("status = \"source\"", to, 1);
        assert!(by_hand(&with("status = { source = [] }")).is_ok());
        let message = by_hand(&with("status = 1")).unwrap_err();
        assert!(message.ends_with("wanted string or table\n"), "{message}");
        let message = by_hand(&with("status = \"sure\"")).unwrap_err();
        assert!(
            message.ends_with("unknown variant `sure`, expected `source` or `assumption`\n"),
            "{message}"
        );
    }
}
