//! Fast JSON output of decisions: the bytes of `serde_json::to_writer(&decision)`, without
//! building the [`Decision`](crate::Decision).
//!
//! Most of a decision's JSON does not depend on the case: the rule-set reference, the routing
//! row's unit and staffing, the obligations and, above all, the trace (each row's id, table,
//! source, status and texts in Danish and English, about 1.8 KB a case on the default rule set).
//! [`DecisionWriter::new`] serialises those pieces once, with `serde_json`, from the rule set it
//! borrows; [`DecisionWriter::route_into`] then decides a case and appends the pieces its rows
//! select, writing only the case's own values (id, dates, age, next transition). The borrow keeps
//! the rule set from changing while the pieces are in use, so they cannot go stale.

use crate::case::Case;
use crate::decision::{Obligation, RuleSetRef, TraceEntry};
use crate::error::InputError;
use crate::routing::{MembershipBasis, Outcome, RouteOptions, NO_ROW};
use crate::ruleset::RuleSet;
use crate::vocab::{AgeBand, Status, Unit};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The case-independent JSON of one segment of the rule set (a period with one version and one
/// set of parameter values).
#[derive(Debug, Clone)]
struct SegmentJson {
    /// `"rule_set":{...}` value.
    rule_set: Vec<u8>,
    /// The `versions` trace entry; `None` by reference, where `rule_set.version` names it.
    version_trace: Option<Vec<u8>>,
    /// The `leap_day_birthday` trace entry, if the rule set has the parameter on the segment's
    /// first day.
    leap_trace: Option<Vec<u8>>,
    /// The `membership` trace entries, by [`MembershipBasis::ALL`] order.
    membership_trace: Vec<Vec<u8>>,
}

/// The JSON of one routing row (or of manual review, when no row matches).
#[derive(Debug, Clone)]
struct RoutingJson {
    /// From `"unit":` up to and including the value of `"forum"`.
    fields: Vec<u8>,
    /// The `routing` trace entry.
    trace: Vec<u8>,
}

/// Writes decisions as the contract's JSON, byte for byte what `serde_json` writes for the
/// [`Decision`](crate::Decision) that [`RuleSet::route`] builds, several times faster: the parts
/// that come from the rule set are serialised once, when the writer is made.
///
/// Make one per rule set (it is cheap: a few kilobytes of JSON) and share it, or make one per
/// thread.
///
/// ```
/// use helhed::{json::DecisionWriter, Case, RouteOptions, RuleSet};
/// use chrono::NaiveDate;
///
/// let rules = RuleSet::default_rules();
/// let writer = DecisionWriter::new(rules);
/// let case = Case::from_json(r#"{"birth_date": "2008-05-10", "benefit": "none", "efforts": []}"#).unwrap();
/// let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
/// let mut out = Vec::new();
/// writer.route_into(&case, date, RouteOptions::default(), &mut out).unwrap();
/// let decision = rules.route(&case, date, RouteOptions::default()).unwrap();
/// assert_eq!(out, serde_json::to_vec(&decision).unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct DecisionWriter<'r> {
    rules: &'r RuleSet,
    segments: Vec<SegmentJson>,
    /// Target-group rows' trace entries.
    target_group_trace: Vec<Vec<u8>>,
    /// Routing rows, in the rule set's order.
    routing: Vec<RoutingJson>,
    /// No routing row: manual review.
    no_routing: RoutingJson,
    /// Obligation rows: the obligation and its trace entry.
    obligations: Vec<(Vec<u8>, Vec<u8>)>,
    /// Each unit as a JSON string, by [`Unit::index`].
    units: Vec<Vec<u8>>,
    /// Each age band as a JSON string, by [`AgeBand::index`].
    age_bands: Vec<Vec<u8>>,
    /// Whether the writer redacts CPR-like numbers (see [`DecisionWriter::redacting`]).
    redacting: bool,
}

/// `serde_json`'s bytes for a value of the decision's own types. Serialising these plain
/// structs, strings and enums into memory cannot fail; the equality test in
/// `tests/json_writer.rs` checks every piece against the `Decision` path.
fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Writes a trace entry's JSON in full, or by reference (`rule`, `table`, `status`; see
/// [`Decision::with_trace_by_reference`](crate::Decision::with_trace_by_reference)).
#[derive(Debug, Clone, Copy)]
struct EntryJson {
    full: bool,
}

impl EntryJson {
    fn entry(
        self,
        rule: &str,
        table: &str,
        source: &str,
        status: Status,
        da: &str,
        en: &str,
    ) -> Vec<u8> {
        let entry = TraceEntry {
            rule: rule.into(),
            table: table.into(),
            source: source.into(),
            status,
            text_da: da.into(),
            text_en: en.into(),
        };
        if self.full {
            json(&entry)
        } else {
            json(&entry.by_reference())
        }
    }
}

impl<'r> DecisionWriter<'r> {
    /// Serialises the case-independent parts of `rules`' decisions, with the trace in full: the
    /// bytes of the [`Decision`](crate::Decision) of [`RuleSet::route`].
    pub fn new(rules: &'r RuleSet) -> DecisionWriter<'r> {
        DecisionWriter::with_entries(rules, EntryJson { full: true })
    }

    /// As [`DecisionWriter::new`], with the trace by reference (each entry's `rule`, `table`
    /// and `status`, without the `versions` entry that `rule_set.version` names): the bytes of
    /// the decision after
    /// [`Decision::with_trace_by_reference`](crate::Decision::with_trace_by_reference). This is
    /// `helhed route`'s default output, about a third of the size.
    pub fn by_reference(rules: &'r RuleSet) -> DecisionWriter<'r> {
        DecisionWriter::with_entries(rules, EntryJson { full: false })
    }

    fn with_entries(rules: &'r RuleSet, entries: EntryJson) -> DecisionWriter<'r> {
        let entry = |rule: &str, table: &str, source: &str, status: Status, da: &str, en: &str| {
            entries.entry(rule, table, source, status, da, en)
        };
        let segments = rules
            .segments
            .iter()
            .map(|segment| {
                let version = rules.versions.get(segment.version);
                let leap_trace = rules
                    .parameter_on(crate::ruleset::format::LEAP_DAY_PARAMETER, segment.from)
                    .map(|p| {
                        let (da, en) = crate::routing::leap_day_texts(segment.leap);
                        entry(
                            "leap_day_birthday",
                            "parameters",
                            &p.source,
                            p.status,
                            da,
                            en,
                        )
                    });
                let (membership_source, membership_status) = match rules
                    .parameter_on(crate::ruleset::format::MEMBERSHIP_PARAMETER, segment.from)
                {
                    Some(p) => (p.source.as_str(), p.status),
                    None => (crate::routing::VISITATION_FACT_SOURCE, Status::Source),
                };
                let membership_trace = MembershipBasis::ALL
                    .iter()
                    .map(|basis| {
                        let (da, en) = basis.texts();
                        entry(
                            basis.rule(),
                            "membership",
                            membership_source,
                            membership_status,
                            da,
                            en,
                        )
                    })
                    .collect();
                SegmentJson {
                    membership_trace,
                    rule_set: json(&RuleSetRef {
                        id: rules.id.clone(),
                        version: version.map(|v| v.id.clone()).unwrap_or_default(),
                        sha256: rules.sha256.clone(),
                    }),
                    version_trace: version.filter(|_| entries.full).map(|v| {
                        entry(
                            &v.id,
                            "versions",
                            v.source.as_deref().unwrap_or(&rules.file),
                            v.status,
                            &v.text_da,
                            &v.text_en,
                        )
                    }),
                    leap_trace,
                }
            })
            .collect();
        let routing_fields = |unit: Unit,
                              coordinating: Option<Unit>,
                              co_units: &[Unit],
                              caseworkers: u8,
                              forum: Option<&str>| {
            let mut out = b"\"unit\":".to_vec();
            out.extend(json(&unit));
            out.extend_from_slice(b",\"coordinating_unit\":");
            out.extend(json(&coordinating));
            out.extend_from_slice(b",\"co_units\":");
            out.extend(json(co_units));
            out.extend_from_slice(b",\"caseworkers\":");
            out.extend(json(&caseworkers));
            out.extend_from_slice(b",\"forum\":");
            out.extend(json(&forum));
            out
        };
        let (no_da, no_en) = crate::routing::NO_ROUTING_ROW_TEXTS;
        DecisionWriter {
            rules,
            segments,
            target_group_trace: rules
                .target_group
                .iter()
                .map(|r| {
                    entry(
                        &r.id,
                        "target_group",
                        &r.source,
                        r.status,
                        &r.text_da,
                        &r.text_en,
                    )
                })
                .collect(),
            routing: rules
                .routing
                .iter()
                .map(|r| RoutingJson {
                    fields: routing_fields(
                        r.then.unit,
                        r.then.coordinating_unit,
                        &r.then.co_units,
                        r.then.caseworkers,
                        r.then.forum.as_deref(),
                    ),
                    trace: entry(
                        &r.id, "routing", &r.source, r.status, &r.text_da, &r.text_en,
                    ),
                })
                .collect(),
            no_routing: RoutingJson {
                fields: routing_fields(Unit::ManualReview, None, &[], 0, None),
                trace: entry(
                    crate::routing::NO_ROUTING_ROW,
                    "routing",
                    &rules.file,
                    Status::Assumption,
                    no_da,
                    no_en,
                ),
            },
            obligations: rules
                .obligations
                .iter()
                .map(|r| {
                    let obligation = json(&Obligation {
                        kind: r.then.kind,
                        unit: r.then.unit,
                        reference: r.then.reference.clone(),
                    });
                    let trace = entry(
                        &r.id,
                        "obligations",
                        &r.source,
                        r.status,
                        &r.text_da,
                        &r.text_en,
                    );
                    (obligation, trace)
                })
                .collect(),
            units: Unit::ALL.iter().map(json).collect(),
            age_bands: AgeBand::ALL.iter().map(json).collect(),
            redacting: false,
        }
    }

    /// The writer, writing what [`crate::cpr::redact_bytes`] makes of its output: every
    /// CPR-like number replaced by [`crate::cpr::REDACTED`], without a pass over every byte it
    /// writes. The pieces that come from the rule set are redacted once, here; of what
    /// [`DecisionWriter::route_into`] writes for a case, the strings that can hold text (the
    /// case's id, and the next transition's reason, which can name a version or parameter of the
    /// rule set) are redacted as they are written. The rest is dates (runs of at most 4 digits
    /// for the years 0–9999 and at most 6 otherwise, never followed by 4), whole numbers of a
    /// few digits and the contract's vocabulary. Every piece starts and ends at JSON
    /// punctuation (quotes, brackets, braces, commas, colons), which neither a CPR-like number
    /// nor a hash token around one can hold, so no number spans two pieces and redacting the
    /// pieces one by one gives the bytes of redacting the whole (`tests/json_writer.rs` checks
    /// this on rule sets and ids full of CPR numbers).
    ///
    /// This is what `helhed route` writes with: the redaction is its second line of defence,
    /// since no output is built from the case's free text in the first place.
    pub fn redacting(mut self) -> DecisionWriter<'r> {
        fn redact(piece: &mut Vec<u8>) {
            crate::cpr::redact_in_place(piece);
        }
        for segment in &mut self.segments {
            redact(&mut segment.rule_set);
            if let Some(version) = &mut segment.version_trace {
                redact(version);
            }
            if let Some(leap) = &mut segment.leap_trace {
                redact(leap);
            }
            segment.membership_trace.iter_mut().for_each(redact);
        }
        self.target_group_trace.iter_mut().for_each(redact);
        for routing in self.routing.iter_mut().chain([&mut self.no_routing]) {
            redact(&mut routing.fields);
            redact(&mut routing.trace);
        }
        for (obligation, trace) in &mut self.obligations {
            redact(obligation);
            redact(trace);
        }
        self.units.iter_mut().for_each(redact);
        self.age_bands.iter_mut().for_each(redact);
        self.redacting = true;
        self
    }

    /// The rule set the writer serialises decisions of.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    /// Decides `case` on `as_of` and appends its decision's JSON to `out`: exactly the bytes of
    /// `serde_json::to_writer(out, &rules.route(case, as_of, options)?)`, with no newline.
    /// Returns the outcome (for counting); on an input error nothing is written.
    pub fn route_into(
        &self,
        case: &Case,
        as_of: NaiveDate,
        options: RouteOptions,
        out: &mut Vec<u8>,
    ) -> Result<Outcome, InputError> {
        let outcome = self.rules.decide(case, as_of)?;
        self.write(case, as_of, &outcome, options, out);
        Ok(outcome)
    }

    /// Appends the JSON of the decision for an outcome of `decide` on this writer's rule set.
    fn write(
        &self,
        case: &Case,
        as_of: NaiveDate,
        outcome: &Outcome,
        options: RouteOptions,
        out: &mut Vec<u8>,
    ) {
        let rules = self.rules;
        let segment_index = outcome.segment as usize;
        let (Some(segment), Some(json)) = (
            rules.segments.get(segment_index),
            self.segments.get(segment_index),
        ) else {
            // Not an outcome of this rule set; `decide` never gives one.
            return;
        };
        let routing = self
            .routing
            .get(outcome.routing_row as usize)
            .unwrap_or(&self.no_routing);
        let obligation_rows = &segment.obligations.rows;
        let obligations = || {
            let mut bits = outcome.obligation_bits;
            std::iter::from_fn(move || {
                while bits != 0 {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if let Some(row) = obligation_rows
                        .get(bit)
                        .and_then(|&i| self.obligations.get(i as usize))
                    {
                        return Some(row);
                    }
                }
                None
            })
        };

        out.extend_from_slice(b"{\"case_id\":");
        match &case.id {
            Some(id) => {
                let start = out.len();
                write_str(out, id);
                if self.redacting {
                    crate::cpr::redact_from(out, start);
                }
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"as_of\":");
        write_date(out, as_of);
        out.extend_from_slice(b",\"rule_set\":");
        out.extend_from_slice(&json.rule_set);
        out.extend_from_slice(b",\"age\":");
        write_u32(out, outcome.age);
        out.extend_from_slice(b",\"age_band\":");
        write_enum(out, &self.age_bands, outcome.age_band().index());
        out.extend_from_slice(if outcome.eligible {
            b",\"eligible\":true"
        } else {
            b",\"eligible\":false"
        });
        out.extend_from_slice(if outcome.target_group {
            b",\"target_group\":true,"
        } else {
            b",\"target_group\":false,"
        });
        out.extend_from_slice(&routing.fields);
        out.extend_from_slice(b",\"obligations\":[");
        for (k, (obligation, _)) in obligations().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(obligation);
        }
        out.extend_from_slice(b"],\"next_transition\":");
        match options
            .next_transition
            .then(|| rules.next_change(case, as_of, outcome))
            .flatten()
        {
            Some((date, next, reason)) => {
                out.extend_from_slice(b"{\"date\":");
                write_date(out, date);
                out.extend_from_slice(b",\"unit\":");
                write_enum(out, &self.units, rules.unit_of(&next).index());
                out.extend_from_slice(if next.eligible {
                    b",\"eligible\":true"
                } else {
                    b",\"eligible\":false"
                });
                out.extend_from_slice(if next.target_group {
                    b",\"target_group\":true,\"reason\":\""
                } else {
                    b",\"target_group\":false,\"reason\":\""
                });
                let start = out.len();
                reason.pieces(false, &mut |p| write_str_contents(out, p));
                out.extend_from_slice(b"\",\"reason_da\":\"");
                reason.pieces(true, &mut |p| write_str_contents(out, p));
                if self.redacting {
                    // Both reasons: the text between them is punctuation and a key.
                    crate::cpr::redact_from(out, start);
                }
                let routing = rules.routing_of(&next);
                out.extend_from_slice(b"\",\"coordinating_unit\":");
                match routing.and_then(|r| r.coordinating_unit) {
                    Some(unit) => write_enum(out, &self.units, unit.index()),
                    None => out.extend_from_slice(b"null"),
                }
                out.extend_from_slice(b",\"caseworkers\":");
                write_u32(out, u32::from(routing.map_or(0, |r| r.caseworkers)));
                out.extend_from_slice(b",\"obligations\":[");
                let next_rows = rules
                    .segments
                    .get(next.segment as usize)
                    .map(|s| s.obligations.rows.as_slice())
                    .unwrap_or_default();
                let mut bits = next.obligation_bits;
                let mut first = true;
                while bits != 0 {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if let Some((obligation, _)) = next_rows
                        .get(bit)
                        .and_then(|&i| self.obligations.get(i as usize))
                    {
                        if !first {
                            out.push(b',');
                        }
                        first = false;
                        out.extend_from_slice(obligation);
                    }
                }
                out.extend_from_slice(b"],\"changes\":[");
                for (k, change) in rules.changes(outcome, &next).enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    out.push(b'"');
                    out.extend_from_slice(change.as_str().as_bytes());
                    out.push(b'"');
                }
                out.extend_from_slice(b"]}");
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"trace\":[");
        if options.trace {
            let mut first = true;
            let mut entry = |out: &mut Vec<u8>, bytes: &[u8]| {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend_from_slice(bytes);
            };
            if let Some(version) = &json.version_trace {
                entry(out, version);
            }
            if case.birth_date.month() == 2 && case.birth_date.day() == 29 {
                if let Some(leap) = &json.leap_trace {
                    entry(out, leap);
                }
            }
            if let Some(tg) = self
                .target_group_trace
                .get(outcome.target_group_row as usize)
                .filter(|_| outcome.target_group_row != NO_ROW)
            {
                entry(out, tg);
            }
            if let Some(membership) = outcome.membership.and_then(|basis| {
                let i = MembershipBasis::ALL.iter().position(|b| *b == basis)?;
                json.membership_trace.get(i)
            }) {
                entry(out, membership);
            }
            entry(out, &routing.trace);
            for (_, trace) in obligations() {
                entry(out, trace);
            }
        }
        out.extend_from_slice(b"]}");
    }
}

/// A precomputed enum string; `null` for an index out of range (which `ALL` rules out).
fn write_enum(out: &mut Vec<u8>, table: &[Vec<u8>], index: usize) {
    out.extend_from_slice(table.get(index).map_or(&b"null"[..], Vec::as_slice));
}

/// A whole number in decimal.
fn write_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A date as chrono serialises it: `"YYYY-MM-DD"` (years outside 0–9999 signed, via `Debug`).
fn write_date(out: &mut Vec<u8>, date: NaiveDate) {
    let year = date.year();
    if (0..=9999).contains(&year) {
        let (y, m, d) = (year as u32, date.month(), date.day());
        out.extend_from_slice(&[
            b'"',
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (d / 10) as u8,
            b'0' + (d % 10) as u8,
            b'"',
        ]);
    } else {
        write_str(out, &format!("{date:?}"));
    }
}

/// A JSON string, escaped exactly as `serde_json` escapes it: `"` and `\` with a backslash,
/// control characters as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX` (lower-case hex), everything
/// else (non-ASCII and DEL included) as it is.
fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_str_contents(out, text);
    out.push(b'"');
}

/// The inside of a JSON string (see [`write_str`]); escaping is per character, so a string
/// may be written in pieces.
fn write_str_contents(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0c => b'f',
            b'\r' => b'r',
            0x00..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if short == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("æøå § \u{7f}\u{2028}\u{1F600} \"quoted\" back\\slash");
        for text in [all.as_str(), "", "plain", "\"", "\\", "\u{0}", "end\n"] {
            let mut out = Vec::new();
            write_str(&mut out, text);
            assert_eq!(out, json(text), "{text:?}");
        }
    }

    #[test]
    fn dates_and_numbers_write_as_serde_json_does() {
        for (y, m, d) in [
            (2026, 1, 1),
            (1, 2, 3),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 15),
            (-262_000, 1, 1),
        ] {
            let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
                continue;
            };
            let mut out = Vec::new();
            write_date(&mut out, date);
            assert_eq!(out, json(&date), "{date:?}");
        }
        for n in [0, 7, 10, 99, 100, 131, 65_535, u32::MAX] {
            let mut out = Vec::new();
            write_u32(&mut out, n);
            assert_eq!(out, json(&n));
        }
    }
}
