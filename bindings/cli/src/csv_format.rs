//! The CSV layouts of `helhed route` (input and output) and `helhed synth`.
//!
//! **Input**: a header row, then one case per row. Columns may come in any order; only `benefit`
//! and one of `birth_date` / `cpr` are required, every other column may be left out, and an
//! empty cell means the contract's default. Columns:
//!
//! | column | cell |
//! | --- | --- |
//! | `id` | text (never a CPR number) |
//! | `birth_date` | `YYYY-MM-DD` |
//! | `cpr` | `DDMMYY-SSSS` or `DDMMYYSSSS` (used only to derive the birth date) |
//! | `benefit` | one of the contract's benefit values, e.g. `kontanthjaelp` |
//! | `vocational_education` | `true` or `false` (empty: false) |
//! | `fleksjob`, `placed`, `aftercare` | `true` or `false` (empty: false), or the period `FROM..TO` with `TO` empty while open, e.g. `2024-02-01..` |
//! | `efforts` | efforts separated by `\|`, each `sector:start:end` with `end` empty while open, optionally followed by `:law:section:kind`, e.g. `sel:2024-01-01:2025-06-30\|lab:2024-03-01:` or `sel:2024-01-15::SEL:§ 85:bostøtte` (texts cannot hold `:` or `\|`; use JSON for those) |
//! | `needs`, `social_events`, `plans` | values separated by `\|`, e.g. `sel\|lab` |
//! | `education_status`, `legal_capacity` | one value (empty: `none`, `full`) |
//! | `visitation_category` | one value, e.g. `aktivitetsparat` (empty: none given) |
//! | `visitation` | `OUTCOME:DATE`, e.g. `screened_in:2022-09-01` (empty: none) |
//!
//! **Output** (`--output-format csv`): a header row, then one row per input row, in input order:
//! `index, case_id, as_of, rule_set, rule_set_version, rule_set_sha256, age, age_band,
//! eligible, target_group, unit, coordinating_unit, co_units, caseworkers, forum, obligations,
//! next_transition_date, next_transition_unit, next_transition_target_group,
//! next_transition_reason, error_code, error_field, error_message`. Lists are `|`-separated;
//! an obligation is `kind:unit`. An error row fills `index`, `case_id` and the three `error_`
//! columns and leaves the rest empty. The trace is not part of the CSV layout (use JSON Lines or
//! `--explain` for the reasons).

use chrono::NaiveDate;
use helhed::case::{CaseInput, DatedFlag, Period, Visitation};
use helhed::vocab::{EnumSet, SetMember};
use helhed::{
    Benefit, Case, Decision, EducationStatus, Effort, InputError, LegalCapacity, PlanKind, Sector,
    SocialEvent, VisitationCategory, VisitationOutcome,
};

/// The input columns, in the order `helhed synth` writes them: the case's fields.
pub const INPUT_COLUMNS: &[&str] = helhed::case::CASE_FIELD_NAMES;

/// The output columns.
pub const OUTPUT_COLUMNS: &[&str] = &[
    "index",
    "case_id",
    "as_of",
    "rule_set",
    "rule_set_version",
    "rule_set_sha256",
    "age",
    "age_band",
    "eligible",
    "target_group",
    "unit",
    "coordinating_unit",
    "co_units",
    "caseworkers",
    "forum",
    "obligations",
    "next_transition_date",
    "next_transition_unit",
    "next_transition_target_group",
    "next_transition_reason",
    "error_code",
    "error_field",
    "error_message",
];

/// Which input column sits at each position of the header.
#[derive(Debug, Clone)]
pub struct Layout {
    /// For each header position, the index in [`INPUT_COLUMNS`].
    columns: Vec<usize>,
}

impl Layout {
    /// Reads the header row. Unknown or repeated columns, or missing required ones, are an error.
    pub fn from_header(fields: &[String]) -> Result<Layout, String> {
        let mut columns = Vec::with_capacity(fields.len());
        for name in fields {
            let name = name.trim();
            let Some(i) = INPUT_COLUMNS.iter().position(|c| *c == name) else {
                return Err(format!(
                    "CSV header: unknown column `{name}`; allowed: {}",
                    INPUT_COLUMNS.join(", ")
                ));
            };
            if columns.contains(&i) {
                return Err(format!("CSV header: column `{name}` appears twice"));
            }
            columns.push(i);
        }
        let has = |name: &str| {
            let i = INPUT_COLUMNS.iter().position(|c| *c == name);
            i.is_some_and(|i| columns.contains(&i))
        };
        if !has("benefit") {
            return Err("CSV header: column `benefit` is required".into());
        }
        if !has("birth_date") && !has("cpr") {
            return Err("CSV header: one of the columns `birth_date` and `cpr` is required".into());
        }
        Ok(Layout { columns })
    }

    /// The `id` cell of a row, if the layout has the column and the cell is not empty.
    pub fn id_of<'a>(&self, cells: &[&'a str]) -> Option<&'a str> {
        let at = self.columns.iter().position(|&c| c == 0)?;
        cells.get(at).copied().filter(|id| !id.is_empty())
    }

    /// Reads one row (its cells, in header order) into the contract's case document.
    pub fn case(&self, cells: &[&str]) -> Result<CaseInput, InputError> {
        if cells.len() != self.columns.len() {
            return Err(InputError::InvalidValue {
                field: String::new(),
                expected: format!("a row of {} cells, as in the header", self.columns.len()),
            });
        }
        let mut input = CaseInput::empty();
        let mut benefit = None;
        for (&column, &cell) in self.columns.iter().zip(cells) {
            let name = INPUT_COLUMNS[column];
            if cell.is_empty() {
                continue;
            }
            match name {
                "id" => input.id = Some(cell.to_string()),
                "birth_date" => input.birth_date = Some(date(cell, "birth_date")?),
                "cpr" => input.cpr = Some(cell.to_string()),
                "benefit" => {
                    benefit = Some(word(cell, "benefit", Benefit::parse, Benefit::allowed)?)
                }
                "fleksjob" => input.fleksjob = dated_flag(cell, name)?,
                "placed" => input.placed = dated_flag(cell, name)?,
                "aftercare" => input.aftercare = dated_flag(cell, name)?,
                "visitation_category" => {
                    input.visitation_category = Some(word(
                        cell,
                        name,
                        VisitationCategory::parse,
                        VisitationCategory::allowed,
                    )?)
                }
                "visitation" => input.visitation = Some(visitation(cell)?),
                "vocational_education" => input.vocational_education = flag(cell, name)?,
                "efforts" => input.efforts = efforts(cell)?,
                "needs" => input.needs = set(cell, name, Sector::parse, Sector::allowed)?,
                "social_events" => {
                    input.social_events = set(cell, name, SocialEvent::parse, SocialEvent::allowed)?
                }
                "plans" => input.plans = set(cell, name, PlanKind::parse, PlanKind::allowed)?,
                "education_status" => {
                    input.education_status =
                        word(cell, name, EducationStatus::parse, EducationStatus::allowed)?
                }
                "legal_capacity" => {
                    input.legal_capacity =
                        word(cell, name, LegalCapacity::parse, LegalCapacity::allowed)?
                }
                _ => {}
            }
        }
        input.benefit = benefit.ok_or_else(|| InputError::MissingField {
            field: "benefit".into(),
        })?;
        Ok(input)
    }
}

fn invalid(field: &str, expected: String) -> InputError {
    InputError::InvalidValue {
        field: field.to_string(),
        expected,
    }
}

fn date(cell: &str, field: &str) -> Result<NaiveDate, InputError> {
    helhed::date::parse(cell).map_err(|_| invalid(field, "a date YYYY-MM-DD".into()))
}

fn flag(cell: &str, field: &str) -> Result<bool, InputError> {
    match cell {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(field, "true or false".into())),
    }
}

/// `true`, `false`, or a period `FROM..TO` (`TO` empty while open).
fn dated_flag(cell: &str, field: &str) -> Result<DatedFlag, InputError> {
    match cell.split_once("..") {
        None => match cell {
            "true" | "false" => Ok(DatedFlag::Flag(flag(cell, field)?)),
            _ => Err(invalid(
                field,
                "true, false, or a period FROM..TO (TO empty while open)".into(),
            )),
        },
        Some((from, to)) => Ok(DatedFlag::During(Period {
            from: date(from, &format!("{field}.from"))?,
            to: match to {
                "" => None,
                to => Some(date(to, &format!("{field}.to"))?),
            },
        })),
    }
}

/// `OUTCOME:DATE`, e.g. `screened_in:2022-09-01`.
fn visitation(cell: &str) -> Result<Visitation, InputError> {
    let (outcome, day) = cell.split_once(':').ok_or_else(|| {
        invalid(
            "visitation",
            "OUTCOME:DATE, e.g. screened_in:2022-09-01".into(),
        )
    })?;
    Ok(Visitation {
        outcome: word(
            outcome,
            "visitation.outcome",
            VisitationOutcome::parse,
            VisitationOutcome::allowed,
        )?,
        date: date(day, "visitation.date")?,
    })
}

fn word<T>(
    cell: &str,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: fn() -> String,
) -> Result<T, InputError> {
    parse(cell).ok_or_else(|| invalid(field, format!("one of: {}", allowed())))
}

fn set<T: SetMember>(
    cell: &str,
    field: &str,
    parse: fn(&str) -> Option<T>,
    allowed: fn() -> String,
) -> Result<EnumSet<T>, InputError> {
    cell.split('|')
        .map(|w| {
            parse(w).ok_or_else(|| {
                invalid(
                    field,
                    format!("values separated by `|`, each one of: {}", allowed()),
                )
            })
        })
        .collect()
}

fn efforts(cell: &str) -> Result<Vec<Effort>, InputError> {
    cell.split('|')
        .enumerate()
        .map(|(i, text)| {
            let field = |name: &str| format!("efforts[{i}].{name}");
            let mut parts = text.split(':');
            let sector = parts.next().unwrap_or_default();
            let sector = Sector::parse(sector)
                .ok_or_else(|| invalid(&field("sector"), format!("one of: {}", Sector::allowed())))?;
            let start = match parts.next() {
                Some(s) if !s.is_empty() => date(s, &field("start"))?,
                _ => {
                    return Err(invalid(
                        &format!("efforts[{i}]"),
                        "sector:start:end[:law:section:kind], e.g. sel:2024-01-01: (end empty while open)".into(),
                    ))
                }
            };
            let end = match parts.next() {
                None | Some("") => None,
                Some(e) => Some(date(e, &field("end"))?),
            };
            let text = |p: Option<&str>| p.filter(|s| !s.is_empty()).map(str::to_string);
            let (law, section, kind) = (text(parts.next()), text(parts.next()), text(parts.next()));
            if parts.next().is_some() {
                return Err(invalid(
                    &format!("efforts[{i}]"),
                    "at most six `:`-separated parts: sector:start:end:law:section:kind".into(),
                ));
            }
            Ok(Effort {
                sector,
                law,
                section,
                kind,
                start,
                end,
            })
        })
        .collect()
}

fn join<T: std::fmt::Display>(values: impl Iterator<Item = T>) -> String {
    values.map(|v| v.to_string()).collect::<Vec<_>>().join("|")
}

/// Writes a case as a row of the input layout (all columns, in [`INPUT_COLUMNS`] order).
pub fn write_case<W: std::io::Write>(out: &mut csv::Writer<W>, case: &Case) -> csv::Result<()> {
    let efforts = join(case.efforts.iter().map(|e| {
        let mut cell = format!(
            "{}:{}:{}",
            e.sector,
            e.start,
            e.end.map(|d| d.to_string()).unwrap_or_default()
        );
        let texts = [&e.law, &e.section, &e.kind];
        if let Some(last) = texts.iter().rposition(|t| t.is_some()) {
            for t in &texts[..=last] {
                cell.push(':');
                cell.push_str(t.as_deref().unwrap_or(""));
            }
        }
        cell
    }));
    let flag = |b: bool| if b { "true" } else { "false" };
    let dated = |f: &DatedFlag| match f {
        DatedFlag::Flag(b) => flag(*b).to_string(),
        DatedFlag::During(p) => format!(
            "{}..{}",
            p.from,
            p.to.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    out.write_record([
        case.id.as_deref().unwrap_or(""),
        &case.birth_date.to_string(),
        "",
        case.benefit.as_str(),
        &dated(&case.fleksjob),
        &dated(&case.placed),
        &dated(&case.aftercare),
        &efforts,
        &join(case.needs.iter()),
        &join(case.social_events.iter()),
        case.education_status.as_str(),
        flag(case.vocational_education),
        &join(case.plans.iter()),
        case.legal_capacity.as_str(),
        case.visitation_category.map_or("", |c| c.as_str()),
        &case
            .visitation
            .map(|v| format!("{}:{}", v.outcome, v.date))
            .unwrap_or_default(),
    ])
}

/// Writes a decision as a row of the output layout.
pub fn write_decision<W: std::io::Write>(
    out: &mut csv::Writer<W>,
    index: usize,
    d: &Decision,
) -> csv::Result<()> {
    let unit = |u: Option<helhed::Unit>| u.map(|u| u.as_str()).unwrap_or("");
    let t = d.next_transition.as_ref();
    let row: [&str; 23] = [
        &index.to_string(),
        d.case_id.as_deref().unwrap_or(""),
        &d.as_of.to_string(),
        &d.rule_set.id,
        &d.rule_set.version,
        &d.rule_set.sha256,
        &d.age.to_string(),
        d.age_band.as_str(),
        if d.eligible { "true" } else { "false" },
        if d.target_group { "true" } else { "false" },
        d.unit.as_str(),
        unit(d.coordinating_unit),
        &join(d.co_units.iter()),
        &d.caseworkers.to_string(),
        d.forum.as_deref().unwrap_or(""),
        &join(
            d.obligations
                .iter()
                .map(|o| format!("{}:{}", o.kind, o.unit)),
        ),
        &t.map(|t| t.date.to_string()).unwrap_or_default(),
        unit(t.map(|t| t.unit)),
        t.map_or("", |t| if t.target_group { "true" } else { "false" }),
        t.map_or("", |t| t.reason.as_str()),
        "",
        "",
        "",
    ];
    out.write_record(row)
}

/// Writes an error row of the output layout.
pub fn write_error<W: std::io::Write>(
    out: &mut csv::Writer<W>,
    index: usize,
    case_id: Option<&str>,
    error: &InputError,
) -> csv::Result<()> {
    let report = error.to_report();
    let mut row: Vec<&str> = vec![""; OUTPUT_COLUMNS.len()];
    let index = index.to_string();
    row[0] = &index;
    row[1] = case_id.unwrap_or("");
    let n = row.len();
    row[n - 3] = report.code;
    row[n - 2] = &report.field;
    row[n - 1] = &report.message;
    out.write_record(&row)
}

/// Reads CSV lines with the `csv` crate's reader: one record per line (RFC 4180 quoting: `"`
/// quotes a cell, `""` inside quotes is a quote), reusing one reader and one record.
///
/// A quoted cell cannot span lines in helhed's CSV input: a line whose quote is still open at
/// its end is a malformed row (an error row), and the next line is read as the next row, so one
/// stray quote never swallows the rest of the file.
pub struct LineReader {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::StringRecord,
}

/// Why a CSV line could not be read into cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// A quoted cell is not closed on its line.
    UnclosedQuote,
    /// The line is not UTF-8 text.
    NotUtf8,
}

impl LineError {
    /// The error row's error for a malformed line.
    pub fn to_input_error(self) -> InputError {
        InputError::InvalidValue {
            field: String::new(),
            expected: match self {
                LineError::UnclosedQuote => {
                    "a CSV row on one line, each quoted cell closed (a `\"` opens a cell that is not closed on its line)".into()
                }
                LineError::NotUtf8 => "a CSV row of UTF-8 text".into(),
            },
        }
    }
}

impl Default for LineReader {
    fn default() -> Self {
        LineReader::new()
    }
}

impl LineReader {
    /// A reader for lines of CSV.
    pub fn new() -> LineReader {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(Vec::new()));
        // Settle the (absent) header row once, on empty input, so that no line is taken for it.
        let _ = reader.byte_headers();
        LineReader {
            reader,
            record: csv::StringRecord::new(),
        }
    }

    /// The cells of one line (without its line ending).
    pub fn cells(&mut self, line: &[u8]) -> Result<Vec<&str>, LineError> {
        let data = self.reader.get_mut().get_mut();
        data.clear();
        data.extend_from_slice(line);
        // A line break after the line: a quote still open at the line's end takes it into its
        // cell, which is how an unclosed quote shows.
        data.push(b'\n');
        self.record.clear();
        let read = self
            .reader
            .seek_raw(std::io::SeekFrom::Start(0), csv::Position::new())
            .and_then(|()| self.reader.read_record(&mut self.record));
        match read {
            Ok(true) => {}
            Ok(false) => return Ok(Vec::new()),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                return Err(LineError::NotUtf8)
            }
            Err(_) => return Err(LineError::UnclosedQuote),
        }
        if self.record.iter().any(|cell| cell.contains('\n')) {
            return Err(LineError::UnclosedQuote);
        }
        Ok(self.record.iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_with_quotes_and_unclosed_quotes_are_errors() {
        let mut r = LineReader::new();
        assert_eq!(r.cells(b"a,b,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            r.cells(b"\"x,y\",\"q\"\"z\",").unwrap(),
            ["x,y", "q\"z", ""]
        );
        assert_eq!(
            r.cells(b"sag\"5,1990-01-01").unwrap(),
            ["sag\"5", "1990-01-01"]
        );
        assert_eq!(r.cells(b"\"sag5,1990-01-01"), Err(LineError::UnclosedQuote));
        assert_eq!(r.cells(b"a,\"b"), Err(LineError::UnclosedQuote));
        assert_eq!(r.cells(b"a,\xff"), Err(LineError::NotUtf8));
        assert_eq!(r.cells(b"d,e").unwrap(), ["d", "e"]);
        assert_eq!(r.cells(b"").unwrap(), Vec::<&str>::new());
    }
}
