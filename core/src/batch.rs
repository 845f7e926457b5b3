//! The batch engine: many cases on one date, trace off, no allocation per case, in input order.
//!
//! Two forms of input:
//!
//! - a slice of [`Case`]s: [`RuleSet::route_batch`] (and [`RuleSet::route_batch_into`], which
//!   reuses the caller's buffer) gives one `Result<Outcome, InputError>` per case, exactly what
//!   [`RuleSet::decide`] gives for it;
//! - columns: [`CaseColumns`] is a struct of slices (one value per row) that Python (numpy,
//!   Arrow, polars) and WASM (typed arrays) can fill without building one object per row;
//!   [`RuleSet::decide_columns`] writes unit codes, eligibility, target group, routing row and obligation
//!   bitmasks into a reusable [`BatchColumns`]. Codes are the dense indexes of the contract's
//!   enums (`Benefit::index()` and so on); sets are bitmasks (bit `i` is `Sector::ALL[i]`, ...).
//!   A value outside its domain gives that row an error, never a panic. [`CaseColumnsBuf`] owns
//!   such columns and fills them row by row ([`CaseRow`], e.g. [`CaseRow::of`] a case on a date).
//!
//! With the cargo feature `parallel` (on by default) large inputs are split into chunks that run
//! on rayon's thread pool (the global one, or the one a caller `install`s); output order is input
//! order either way. Without it (e.g. for WASM) everything runs on the calling thread.

use crate::age::age_on;
use crate::case::Case;
use crate::error::InputError;
use crate::facts::Facts;
use crate::routing::{Outcome, NO_ROW};
use crate::ruleset::RuleSet;
use crate::vocab::{
    AgeBand, Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SetMember,
    SocialEvent, Unit, VisitationCategory, VisitationOutcome,
};
use chrono::NaiveDate;

/// Inputs at least this long are split across threads (with the `parallel` feature).
pub const PARALLEL_MIN_ROWS: usize = 8 * 1024;
/// Rows per parallel chunk.
pub const CHUNK_ROWS: usize = 4 * 1024;

/// `unit` code of a row that is an error (see [`BatchColumns::errors`]).
pub const ERROR_UNIT: u8 = u8::MAX;
/// `routing_row` of a row that no routing row matched, or that is an error.
pub const NO_ROUTING_ROW: u16 = NO_ROW;

/// Days from 0001-01-01 (day 1 in chrono's count) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Cases as columns: one slice per field, one value per row.
///
/// `birth_date` and `benefit` are required and set the number of rows. Every other column is
/// either that long or empty, and an empty column means the contract's default for every row
/// (`false`, `none`, `full`, the empty set). Flags are bytes (0 or 1), as numpy, Arrow and JS
/// typed arrays hand them over.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseColumns<'a> {
    /// Birth date as days since 1970-01-01 (Arrow's `date32`).
    pub birth_date: &'a [i32],
    /// `Benefit::index()`.
    pub benefit: &'a [u8],
    /// Granted a flex job (0 or 1).
    pub fleksjob: &'a [u8],
    /// Placed outside the home (0 or 1).
    pub placed: &'a [u8],
    /// Receives aftercare (0 or 1).
    pub aftercare: &'a [u8],
    /// Has a vocational qualification (0 or 1).
    pub vocational_education: &'a [u8],
    /// `EducationStatus::index()` (empty: `none`).
    pub education_status: &'a [u8],
    /// `LegalCapacity::index()` (empty: `full`).
    pub legal_capacity: &'a [u8],
    /// Sectors of the efforts active on the decision date: bit `i` is `Sector::ALL[i]`.
    pub effort_sectors: &'a [u16],
    /// Sectors with an assessed need: bit `i` is `Sector::ALL[i]`.
    pub need_sectors: &'a [u16],
    /// Social events: bit `i` is `SocialEvent::ALL[i]`.
    pub social_events: &'a [u16],
    /// Sector plans: bit `i` is `PlanKind::ALL[i]`.
    pub plans: &'a [u16],
    /// The visitation category: 0 none given, `1 + VisitationCategory::index()` otherwise.
    pub visitation_category: &'a [u8],
    /// The visitation to the target group that had taken place by the decision date: 0 none,
    /// `1 + VisitationOutcome::index()` otherwise (as `effort_sectors`, the host applies the date).
    pub visitation: &'a [u8],
}

impl CaseColumns<'_> {
    /// The number of rows (the length of `birth_date`).
    pub fn len(&self) -> usize {
        self.birth_date.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.birth_date.is_empty()
    }

    /// Checks that every column has one value per row (or is empty where that is allowed).
    fn check_lengths(&self) -> Result<(), InputError> {
        let n = self.len();
        let wrong = |field: &str, optional: bool| InputError::InvalidValue {
            field: format!("columns.{field}"),
            expected: if optional {
                format!("{n} values, one per row, or none for the default")
            } else {
                format!("{n} values, one per row")
            },
        };
        if self.benefit.len() != n {
            return Err(wrong("benefit", false));
        }
        let optional: [(&str, usize); 12] = [
            ("fleksjob", self.fleksjob.len()),
            ("placed", self.placed.len()),
            ("aftercare", self.aftercare.len()),
            ("vocational_education", self.vocational_education.len()),
            ("education_status", self.education_status.len()),
            ("legal_capacity", self.legal_capacity.len()),
            ("effort_sectors", self.effort_sectors.len()),
            ("need_sectors", self.need_sectors.len()),
            ("social_events", self.social_events.len()),
            ("plans", self.plans.len()),
            ("visitation_category", self.visitation_category.len()),
            ("visitation", self.visitation.len()),
        ];
        match optional.iter().find(|(_, len)| *len != 0 && *len != n) {
            Some((field, _)) => Err(wrong(field, true)),
            None => Ok(()),
        }
    }
}

/// One row of [`CaseColumns`]: a case's facts on a date as the codes and bitmasks the columns
/// hold (each field as the column of the same name). `Default` is all zeros, a valid row (born
/// 1970-01-01, every code 0), e.g. the placeholder for a row a host could not read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseRow {
    /// Birth date as days since 1970-01-01.
    pub birth_date: i32,
    /// `Benefit::index()`.
    pub benefit: u8,
    /// Flex job on the date (0 or 1).
    pub fleksjob: u8,
    /// Placed outside the home on the date (0 or 1).
    pub placed: u8,
    /// Aftercare on the date (0 or 1).
    pub aftercare: u8,
    /// Vocational qualification (0 or 1).
    pub vocational_education: u8,
    /// `EducationStatus::index()`.
    pub education_status: u8,
    /// `LegalCapacity::index()`.
    pub legal_capacity: u8,
    /// Sectors of the efforts active on the date (bitmask).
    pub effort_sectors: u16,
    /// Sectors with an assessed need (bitmask).
    pub need_sectors: u16,
    /// Social events (bitmask).
    pub social_events: u16,
    /// Sector plans (bitmask).
    pub plans: u16,
    /// 0 none, `1 + VisitationCategory::index()` otherwise.
    pub visitation_category: u8,
    /// The visitation that had taken place by the date: 0 none, `1 + VisitationOutcome::index()`.
    pub visitation: u8,
}

impl CaseRow {
    /// The row of `case` on `date`: dated flags, efforts and the visitation as they stand on
    /// that date (the facts [`RuleSet::decide`] derives from the case).
    pub fn of(case: &Case, date: NaiveDate) -> CaseRow {
        CaseRow {
            birth_date: days_since_epoch(case.birth_date),
            benefit: case.benefit.index() as u8,
            fleksjob: case.fleksjob.on(date) as u8,
            placed: case.placed.on(date) as u8,
            aftercare: case.aftercare.on(date) as u8,
            vocational_education: case.vocational_education as u8,
            education_status: case.education_status.index() as u8,
            legal_capacity: case.legal_capacity.index() as u8,
            effort_sectors: case.effort_sectors_on(date).bits(),
            need_sectors: case.needs.bits(),
            social_events: case.social_events.bits(),
            plans: case.plans.bits(),
            visitation_category: case.visitation_category.map_or(0, |v| 1 + v.index() as u8),
            visitation: case
                .visitation
                .and_then(|v| v.on(date))
                .map_or(0, |v| 1 + v.index() as u8),
        }
    }
}

/// The owned columns behind a [`CaseColumns`], filled row by row (every column is filled, so
/// none means the default): what a host that reads cases into columns builds, and what tests and
/// benchmarks turn [`Case`]s into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseColumnsBuf {
    birth_date: Vec<i32>,
    benefit: Vec<u8>,
    fleksjob: Vec<u8>,
    placed: Vec<u8>,
    aftercare: Vec<u8>,
    vocational_education: Vec<u8>,
    education_status: Vec<u8>,
    legal_capacity: Vec<u8>,
    effort_sectors: Vec<u16>,
    need_sectors: Vec<u16>,
    social_events: Vec<u16>,
    plans: Vec<u16>,
    visitation_category: Vec<u8>,
    visitation: Vec<u8>,
}

impl CaseColumnsBuf {
    /// Empty columns with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> CaseColumnsBuf {
        CaseColumnsBuf {
            birth_date: Vec::with_capacity(rows),
            benefit: Vec::with_capacity(rows),
            fleksjob: Vec::with_capacity(rows),
            placed: Vec::with_capacity(rows),
            aftercare: Vec::with_capacity(rows),
            vocational_education: Vec::with_capacity(rows),
            education_status: Vec::with_capacity(rows),
            legal_capacity: Vec::with_capacity(rows),
            effort_sectors: Vec::with_capacity(rows),
            need_sectors: Vec::with_capacity(rows),
            social_events: Vec::with_capacity(rows),
            plans: Vec::with_capacity(rows),
            visitation_category: Vec::with_capacity(rows),
            visitation: Vec::with_capacity(rows),
        }
    }

    /// The columns of `cases` on `date` (one [`CaseRow::of`] per case).
    pub fn from_cases(cases: &[Case], date: NaiveDate) -> CaseColumnsBuf {
        let mut columns = CaseColumnsBuf::with_capacity(cases.len());
        for case in cases {
            columns.push(CaseRow::of(case, date));
        }
        columns
    }

    /// Appends a row.
    pub fn push(&mut self, row: CaseRow) {
        self.birth_date.push(row.birth_date);
        self.benefit.push(row.benefit);
        self.fleksjob.push(row.fleksjob);
        self.placed.push(row.placed);
        self.aftercare.push(row.aftercare);
        self.vocational_education.push(row.vocational_education);
        self.education_status.push(row.education_status);
        self.legal_capacity.push(row.legal_capacity);
        self.effort_sectors.push(row.effort_sectors);
        self.need_sectors.push(row.need_sectors);
        self.social_events.push(row.social_events);
        self.plans.push(row.plans);
        self.visitation_category.push(row.visitation_category);
        self.visitation.push(row.visitation);
    }

    /// Removes every row, keeping the capacity.
    pub fn clear(&mut self) {
        self.birth_date.clear();
        self.benefit.clear();
        self.fleksjob.clear();
        self.placed.clear();
        self.aftercare.clear();
        self.vocational_education.clear();
        self.education_status.clear();
        self.legal_capacity.clear();
        self.effort_sectors.clear();
        self.need_sectors.clear();
        self.social_events.clear();
        self.plans.clear();
        self.visitation_category.clear();
        self.visitation.clear();
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.birth_date.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.birth_date.is_empty()
    }

    /// The borrowed columns [`RuleSet::decide_columns`] reads.
    pub fn columns(&self) -> CaseColumns<'_> {
        CaseColumns {
            birth_date: &self.birth_date,
            benefit: &self.benefit,
            fleksjob: &self.fleksjob,
            placed: &self.placed,
            aftercare: &self.aftercare,
            vocational_education: &self.vocational_education,
            education_status: &self.education_status,
            legal_capacity: &self.legal_capacity,
            effort_sectors: &self.effort_sectors,
            need_sectors: &self.need_sectors,
            social_events: &self.social_events,
            plans: &self.plans,
            visitation_category: &self.visitation_category,
            visitation: &self.visitation,
        }
    }
}

/// The answers of [`RuleSet::decide_columns`], one value per row; reuse it across calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchColumns {
    /// `Unit::index()` of the responsible unit; [`ERROR_UNIT`] for an error row.
    pub unit: Vec<u8>,
    /// Eligibility: the rule set's target-group criteria hold (`false` for an error row).
    pub eligible: Vec<bool>,
    /// Target-group membership (`false` for an error row).
    pub target_group: Vec<bool>,
    /// Whole years on the decision date (0 for an error row).
    pub age: Vec<u32>,
    /// Index in [`RuleSet::routing`] of the deciding row ([`NO_ROUTING_ROW`]: none or error);
    /// it gives the coordinating unit, co-units, caseworkers and forum.
    pub routing_row: Vec<u16>,
    /// Obligations that apply: bit `i` is [`RuleSet::obligations`]`[i]`.
    pub obligations: Vec<u64>,
    /// The error rows, by row index, in order.
    pub errors: Vec<(usize, InputError)>,
}

impl BatchColumns {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.unit.len()
    }

    /// Removes every row, keeping the memory, so one `BatchColumns` can take batch after batch.
    pub fn clear(&mut self) {
        self.unit.clear();
        self.eligible.clear();
        self.target_group.clear();
        self.age.clear();
        self.routing_row.clear();
        self.obligations.clear();
        self.errors.clear();
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.unit.is_empty()
    }

    /// The unit of a row (`None` for an error row or a row out of range).
    pub fn unit_of(&self, row: usize) -> Option<Unit> {
        Unit::ALL.get(*self.unit.get(row)? as usize).copied()
    }

    /// Appends a decided row, written as [`RuleSet::decide_columns`] writes it (for a host that
    /// decides rows one by one, e.g. to search each one's next change as well).
    pub fn push(&mut self, rules: &RuleSet, outcome: &Outcome) {
        self.push_row(rules.row_values(outcome));
    }

    /// Appends the placeholder of a row that is an error, as [`RuleSet::decide_columns`] writes
    /// it; the caller keeps the row's error (in [`BatchColumns::errors`] or its own list).
    pub fn push_undecided(&mut self) {
        self.push_row(RowValues::UNDECIDED);
    }

    fn push_row(&mut self, v: RowValues) {
        self.unit.push(v.unit);
        self.eligible.push(v.eligible);
        self.target_group.push(v.target_group);
        self.age.push(v.age);
        self.routing_row.push(v.routing_row);
        self.obligations.push(v.obligations);
    }

    fn resize(&mut self, n: usize) {
        self.unit.resize(n, ERROR_UNIT);
        self.eligible.resize(n, false);
        self.target_group.resize(n, false);
        self.age.resize(n, 0);
        self.routing_row.resize(n, NO_ROUTING_ROW);
        self.obligations.resize(n, 0);
        self.errors.clear();
    }
}

/// One row's values in a [`BatchColumns`].
#[derive(Clone, Copy)]
struct RowValues {
    unit: u8,
    eligible: bool,
    target_group: bool,
    age: u32,
    routing_row: u16,
    obligations: u64,
}

impl RowValues {
    /// An error row's values.
    const UNDECIDED: RowValues = RowValues {
        unit: ERROR_UNIT,
        eligible: false,
        target_group: false,
        age: 0,
        routing_row: NO_ROUTING_ROW,
        obligations: 0,
    };
}

/// Mutable views of one chunk of a [`BatchColumns`].
struct ChunkOut<'b> {
    unit: &'b mut [u8],
    eligible: &'b mut [bool],
    target_group: &'b mut [bool],
    age: &'b mut [u32],
    routing_row: &'b mut [u16],
    obligations: &'b mut [u64],
}

impl RuleSet {
    /// Decides every case on `as_of` (trace off): one result per case, in input order, each
    /// exactly what [`RuleSet::decide`] gives. Large inputs run in parallel (feature `parallel`).
    pub fn route_batch(
        &self,
        cases: &[Case],
        as_of: NaiveDate,
    ) -> Vec<Result<Outcome, InputError>> {
        let mut out = Vec::new();
        self.route_batch_into(cases, as_of, &mut out);
        out
    }

    /// [`RuleSet::route_batch`] into a buffer the caller keeps: `out` is cleared and refilled,
    /// reusing its capacity, so a loop over batches allocates nothing once it is warm.
    pub fn route_batch_into(
        &self,
        cases: &[Case],
        as_of: NaiveDate,
        out: &mut Vec<Result<Outcome, InputError>>,
    ) {
        let segment = self
            .segment_on(as_of)
            .filter(|_| crate::date::in_range(as_of));
        let one = |case: &Case| -> Result<Outcome, InputError> {
            match segment {
                Some(s) => self.decide_in_segment(s, case, as_of),
                None => Err(self.no_version(as_of)),
            }
        };
        #[cfg(feature = "parallel")]
        if cases.len() >= PARALLEL_MIN_ROWS && rayon::current_num_threads() > 1 {
            use rayon::prelude::*;
            cases
                .par_iter()
                .with_min_len(CHUNK_ROWS)
                .map(one)
                .collect_into_vec(out);
            return;
        }
        out.clear();
        out.extend(cases.iter().map(one));
    }

    /// Decides cases given as columns on `as_of`, writing one answer per row into `out` (which
    /// is resized, keeping its capacity). Fails as a whole only when a column's length is wrong;
    /// a bad value gives its row an error in `out.errors` and every other row is decided.
    pub fn decide_columns(
        &self,
        cols: &CaseColumns<'_>,
        as_of: NaiveDate,
        out: &mut BatchColumns,
    ) -> Result<(), InputError> {
        cols.check_lengths()?;
        let n = cols.len();
        out.resize(n);
        let segment = self
            .segment_on(as_of)
            .filter(|_| crate::date::in_range(as_of));
        #[cfg(feature = "parallel")]
        if n >= PARALLEL_MIN_ROWS && rayon::current_num_threads() > 1 {
            use rayon::prelude::*;
            let chunks: Vec<Vec<(usize, InputError)>> = out
                .unit
                .par_chunks_mut(CHUNK_ROWS)
                .zip(out.eligible.par_chunks_mut(CHUNK_ROWS))
                .zip(out.target_group.par_chunks_mut(CHUNK_ROWS))
                .zip(out.age.par_chunks_mut(CHUNK_ROWS))
                .zip(out.routing_row.par_chunks_mut(CHUNK_ROWS))
                .zip(out.obligations.par_chunks_mut(CHUNK_ROWS))
                .enumerate()
                .map(
                    |(i, (((((unit, eligible), target_group), age), routing_row), obligations))| {
                        let mut errors = Vec::new();
                        let chunk = ChunkOut {
                            unit,
                            eligible,
                            target_group,
                            age,
                            routing_row,
                            obligations,
                        };
                        self.columns_chunk(
                            cols,
                            segment,
                            as_of,
                            i * CHUNK_ROWS,
                            chunk,
                            &mut errors,
                        );
                        errors
                    },
                )
                .collect();
            out.errors.extend(chunks.into_iter().flatten());
            return Ok(());
        }
        let chunk = ChunkOut {
            unit: &mut out.unit,
            eligible: &mut out.eligible,
            target_group: &mut out.target_group,
            age: &mut out.age,
            routing_row: &mut out.routing_row,
            obligations: &mut out.obligations,
        };
        self.columns_chunk(cols, segment, as_of, 0, chunk, &mut out.errors);
        Ok(())
    }

    /// The obligations of an outcome as a bitmask: bit `i` is [`RuleSet::obligations`]`[i]`.
    pub fn obligation_mask(&self, outcome: &Outcome) -> u64 {
        let rows = self
            .segments
            .get(outcome.segment as usize)
            .map_or(&[][..], |s| s.obligations.rows.as_slice());
        let mut bits = outcome.obligation_bits;
        let mut mask = 0u64;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(&row) = rows.get(bit) {
                mask |= 1u64 << (row as u32 & 63);
            }
        }
        mask
    }

    fn no_version(&self, date: NaiveDate) -> InputError {
        self.as_of_error(date)
    }

    /// [`RuleSet::decide`] with the segment already found (the same for a whole batch).
    fn decide_in_segment(
        &self,
        segment: usize,
        case: &Case,
        date: NaiveDate,
    ) -> Result<Outcome, InputError> {
        let leap = self.segments[segment].leap;
        let facts = Facts::of(case, date, leap)?;
        Ok(self.decide_facts(segment, facts, case.birth_date))
    }

    /// A decided row's values in a [`BatchColumns`].
    #[inline]
    fn row_values(&self, outcome: &Outcome) -> RowValues {
        RowValues {
            unit: self.unit_of(outcome).index() as u8,
            eligible: outcome.eligible,
            target_group: outcome.target_group,
            age: outcome.age,
            routing_row: outcome.routing_row,
            obligations: self.obligation_mask(outcome),
        }
    }

    fn columns_chunk(
        &self,
        cols: &CaseColumns<'_>,
        segment: Option<usize>,
        as_of: NaiveDate,
        start: usize,
        out: ChunkOut<'_>,
        errors: &mut Vec<(usize, InputError)>,
    ) {
        for i in 0..out.unit.len() {
            let row = start + i;
            let result = match segment {
                Some(s) => self.column_row(cols, row, s, as_of),
                None => Err(self.no_version(as_of)),
            };
            let v = match result {
                Ok(outcome) => self.row_values(&outcome),
                Err(e) => {
                    errors.push((row, e));
                    RowValues::UNDECIDED
                }
            };
            out.unit[i] = v.unit;
            out.eligible[i] = v.eligible;
            out.target_group[i] = v.target_group;
            out.age[i] = v.age;
            out.routing_row[i] = v.routing_row;
            out.obligations[i] = v.obligations;
        }
    }

    fn column_row(
        &self,
        cols: &CaseColumns<'_>,
        row: usize,
        segment: usize,
        as_of: NaiveDate,
    ) -> Result<Outcome, InputError> {
        let birth = cols.birth_date[row]
            .checked_add(UNIX_EPOCH_DAYS_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| InputError::InvalidValue {
                field: "birth_date".into(),
                expected: "days since 1970-01-01 within chrono's date range".into(),
            })?;
        let leap = self.segments[segment].leap;
        let age = age_on(birth, as_of, leap).ok_or(InputError::AsOfBeforeBirth)?;
        let facts = Facts {
            age,
            age_band: AgeBand::of_age(age),
            benefit: code(cols.benefit, row, "benefit", Benefit::ALL, Benefit::None)?,
            fleksjob: flag(cols.fleksjob, row, "fleksjob")?,
            placed: flag(cols.placed, row, "placed")?,
            aftercare: flag(cols.aftercare, row, "aftercare")?,
            vocational_education: flag(cols.vocational_education, row, "vocational_education")?,
            education_status: code(
                cols.education_status,
                row,
                "education_status",
                EducationStatus::ALL,
                EducationStatus::None,
            )?,
            legal_capacity: code(
                cols.legal_capacity,
                row,
                "legal_capacity",
                LegalCapacity::ALL,
                LegalCapacity::Full,
            )?,
            effort_sectors: set::<Sector>(cols.effort_sectors, row, "effort_sectors")?,
            need_sectors: set::<Sector>(cols.need_sectors, row, "need_sectors")?,
            social_events: set::<SocialEvent>(cols.social_events, row, "social_events")?,
            plans: set::<PlanKind>(cols.plans, row, "plans")?,
            visitation_category: optional_code(
                cols.visitation_category,
                row,
                "visitation_category",
                VisitationCategory::ALL,
            )?,
            visitation: optional_code(cols.visitation, row, "visitation", VisitationOutcome::ALL)?,
            eligible: false,
            target_group: false,
            unit: Unit::ManualReview,
        };
        Ok(self.decide_facts(segment, facts, birth))
    }
}

/// An optional code column's value: 0 (or an empty column) is none, `1 + index` a value.
#[inline]
fn optional_code<T: Copy + std::fmt::Display>(
    column: &[u8],
    row: usize,
    field: &str,
    all: &[T],
) -> Result<Option<T>, InputError> {
    match column.get(row) {
        None | Some(0) => Ok(None),
        Some(&c) => all.get(c as usize - 1).copied().map(Some).ok_or_else(|| {
            let names: Vec<String> = std::iter::once("0 (none)".to_string())
                .chain(
                    all.iter()
                        .enumerate()
                        .map(|(i, v)| format!("{} ({v})", i + 1)),
                )
                .collect();
            InputError::InvalidValue {
                field: field.into(),
                expected: format!("a code, one of: {}", names.join(", ")),
            }
        }),
    }
}

/// A code column's value as an enum (the default when the column is empty).
#[inline]
fn code<T: Copy + std::fmt::Display>(
    column: &[u8],
    row: usize,
    field: &str,
    all: &[T],
    default: T,
) -> Result<T, InputError> {
    match column.get(row) {
        None => Ok(default),
        Some(&c) => all.get(c as usize).copied().ok_or_else(|| {
            let names: Vec<String> = all
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{i} ({v})"))
                .collect();
            InputError::InvalidValue {
                field: field.into(),
                expected: format!("a code, one of: {}", names.join(", ")),
            }
        }),
    }
}

/// A flag column's value (`false` when the column is empty).
#[inline]
fn flag(column: &[u8], row: usize, field: &str) -> Result<bool, InputError> {
    match column.get(row) {
        None | Some(0) => Ok(false),
        Some(1) => Ok(true),
        Some(_) => Err(InputError::InvalidValue {
            field: field.into(),
            expected: "0 or 1".into(),
        }),
    }
}

/// A bitmask column's value as a set (empty when the column is empty).
#[inline]
fn set<T: SetMember + std::fmt::Display>(
    column: &[u16],
    row: usize,
    field: &str,
) -> Result<EnumSet<T>, InputError> {
    let bits = column.get(row).copied().unwrap_or(0);
    let size = T::all().len();
    let valid = if size >= 16 {
        u16::MAX
    } else {
        (1u16 << size) - 1
    };
    if bits & !valid != 0 {
        let names: Vec<String> = T::all()
            .iter()
            .enumerate()
            .map(|(i, v)| format!("bit {i} = {v}"))
            .collect();
        return Err(InputError::InvalidValue {
            field: field.into(),
            expected: format!("a bitmask of {}", names.join(", ")),
        });
    }
    Ok(EnumSet::from_bits(bits))
}

/// The day count [`CaseColumns::birth_date`] uses for a date: days since 1970-01-01.
pub fn days_since_epoch(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}
