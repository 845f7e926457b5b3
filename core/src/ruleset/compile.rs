//! The compiler: from a rule file to tables that evaluate with a handful of bitmask ANDs.
//!
//! Each table (at most 64 rows) becomes, for every fact a row tests, a lookup from the fact's value
//! to the bitmask of rows whose test on that fact accepts the value. A case's matching rows are the
//! AND of one lookup per fact; the first set bit is the first matching row. Parameters are resolved
//! per *segment*: a stretch of days on which the version and every parameter are constant. Age
//! bounds that depend on the birth cohort (the folkepension age) are checked per case.

use super::format::{FileDate, RowDef};
use crate::age::LeapDayBirthday;
use crate::error::RowProblem;
use crate::facts::{Fact, FactType, Facts};
use crate::vocab::Status;
use chrono::NaiveDate;

/// Ages above this count as this age (no rule needs to tell 130 from 131).
pub const AGE_CAP: u32 = 130;
const AGE_SLOTS: usize = AGE_CAP as usize + 1;

/// One end of an age range: a number, or a parameter's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A whole number of years.
    Years(u32),
    /// A parameter (dated, or by birth cohort).
    Parameter(String),
}

/// Enum values in a test: listed, or a parameter holding the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// Listed in the row.
    Listed(Vec<String>),
    /// A parameter whose value is the list.
    Parameter(String),
}

/// A test on one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// `from <= age < below`.
    Range {
        /// Lowest accepted age.
        from: Option<Bound>,
        /// First age not accepted.
        below: Option<Bound>,
    },
    /// The flag has this value.
    Is(bool),
    /// The value is one of `any_of` (if given) and none of `none_of`.
    OneOf {
        /// Accepted values.
        any_of: Option<Values>,
        /// Rejected values.
        none_of: Option<Values>,
    },
    /// Tests on a set; all given parts must hold.
    Set {
        /// The set holds at least one of these.
        any_of: Option<Values>,
        /// The set holds all of these.
        all_of: Option<Values>,
        /// The set holds none of these.
        none_of: Option<Values>,
        /// The set holds at least one value from each group.
        one_from_each: Vec<Values>,
        /// The set is (or is not) empty.
        empty: Option<bool>,
    },
}

/// A condition of a row: a fact and its test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The fact tested.
    pub fact: Fact,
    /// The test.
    pub test: Test,
}

/// A compiled rule row: its conditions, outcome, citation and texts.
#[derive(Debug, Clone)]
pub struct Row<T> {
    /// Stable row id.
    pub id: String,
    /// The versions it belongs to (`None`: all).
    pub versions: Option<Vec<String>>,
    /// The conditions (AND).
    pub conditions: Vec<Condition>,
    /// The outcome.
    pub then: T,
    /// Seed file, or law and section.
    pub source: String,
    /// Sourced or an assumption.
    pub status: Status,
    /// The rule in Danish.
    pub text_da: String,
    /// The rule in English.
    pub text_en: String,
    /// Reviewer's note.
    pub note: Option<String>,
}

impl<T> Row<T> {
    /// Whether the row is part of the given version.
    pub fn in_version(&self, version: &str) -> bool {
        self.versions
            .as_ref()
            .is_none_or(|v| v.iter().any(|x| x == version))
    }
}

/// Reads a row's conditions and checks its citation and texts.
impl<T> RowDef<T> {
    /// The definition's fields but its outcome, for [`read_row`] (which then adds it back with
    /// [`Row::with_outcome`]).
    pub(crate) fn parts(&self) -> RowParts<'_> {
        RowParts {
            id: &self.id,
            versions: &self.versions,
            when: &self.when,
            source: &self.source,
            status: self.status,
            text_da: &self.text_da,
            text_en: &self.text_en,
            note: &self.note,
        }
    }
}

impl Row<()> {
    /// The row with its outcome.
    pub(crate) fn with_outcome<T>(self, then: T) -> Row<T> {
        Row {
            id: self.id,
            versions: self.versions,
            conditions: self.conditions,
            then,
            source: self.source,
            status: self.status,
            text_da: self.text_da,
            text_en: self.text_en,
            note: self.note,
        }
    }
}

/// A row definition's fields but its outcome, by reference.
pub(crate) struct RowParts<'d> {
    pub(crate) id: &'d String,
    versions: &'d Option<Vec<String>>,
    when: &'d toml::Table,
    source: &'d Option<String>,
    status: Option<Status>,
    text_da: &'d Option<String>,
    text_en: &'d Option<String>,
    note: &'d Option<String>,
}

/// A row without its outcome (added by [`Row::with_outcome`]): not generic over the outcome, so
/// one copy for the three kinds of table rather than one each (2.4 KB of the WASM module).
pub(crate) fn read_row(
    def: &RowParts<'_>,
    table: &'static str,
    available: &[Fact],
) -> Result<Row<()>, RowProblem> {
    let source = def
        .source
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or(RowProblem::MissingSource)?;
    let status = def.status.ok_or(RowProblem::MissingStatus)?;
    let text_da = def
        .text_da
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or(RowProblem::MissingText("text_da"))?;
    let text_en = def
        .text_en
        .clone()
        .filter(|s| !s.trim().is_empty())
        .ok_or(RowProblem::MissingText("text_en"))?;
    let mut conditions = Vec::new();
    for (name, value) in def.when {
        let fact = Fact::parse(name).ok_or_else(|| RowProblem::UnknownFact {
            fact: name.clone(),
            known: Fact::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        if !available.contains(&fact) {
            return Err(RowProblem::FactNotAvailable {
                fact: fact.name(),
                table,
            });
        }
        conditions.push(Condition {
            fact,
            test: read_test(fact, value)?,
        });
    }
    Ok(Row {
        id: def.id.clone(),
        versions: def.versions.clone(),
        conditions,
        then: (),
        source,
        status,
        text_da,
        text_en,
        note: def.note.clone(),
    })
}

fn bad(fact: Fact, reason: &str) -> RowProblem {
    RowProblem::BadTest {
        fact: fact.name().to_string(),
        reason: reason.to_string(),
    }
}

fn read_test(fact: Fact, value: &toml::Value) -> Result<Test, RowProblem> {
    match fact.fact_type() {
        FactType::Int => match value {
            toml::Value::Integer(n) => {
                let n = read_years(fact, *n)?;
                Ok(Test::Range {
                    from: Some(Bound::Years(n)),
                    below: Some(Bound::Years(n + 1)),
                })
            }
            toml::Value::Table(t) => {
                only_keys(fact, t, &["from", "below"])?;
                let bound = |key: &str| -> Result<Option<Bound>, RowProblem> {
                    match t.get(key) {
                        None => Ok(None),
                        Some(toml::Value::Integer(n)) => {
                            Ok(Some(Bound::Years(read_years(fact, *n)?)))
                        }
                        Some(toml::Value::String(p)) => Ok(Some(Bound::Parameter(p.clone()))),
                        Some(_) => Err(bad(
                            fact,
                            "`from` and `below` take a whole number or a parameter name",
                        )),
                    }
                };
                let test = Test::Range {
                    from: bound("from")?,
                    below: bound("below")?,
                };
                if let Test::Range {
                    from: None,
                    below: None,
                } = test
                {
                    return Err(bad(fact, "give `from`, `below` or both"));
                }
                Ok(test)
            }
            _ => Err(bad(
                fact,
                "expected a whole number or { from = …, below = … }",
            )),
        },
        FactType::Bool => value
            .as_bool()
            .map(Test::Is)
            .ok_or_else(|| bad(fact, "expected true or false")),
        FactType::Enum(domain) => match value {
            toml::Value::String(_) | toml::Value::Array(_) => Ok(Test::OneOf {
                any_of: Some(read_values(fact, domain, value)?),
                none_of: None,
            }),
            toml::Value::Table(t) => {
                only_keys(fact, t, &["any_of", "none_of"])?;
                let get = |key: &str| t.get(key).map(|v| read_values(fact, domain, v)).transpose();
                let test = Test::OneOf {
                    any_of: get("any_of")?,
                    none_of: get("none_of")?,
                };
                if let Test::OneOf {
                    any_of: None,
                    none_of: None,
                } = test
                {
                    return Err(bad(fact, "give `any_of`, `none_of` or both"));
                }
                Ok(test)
            }
            _ => Err(bad(
                fact,
                "expected a value, a list of values, or { any_of = …, none_of = … }",
            )),
        },
        FactType::Set(domain) => match value {
            toml::Value::Table(t) => {
                only_keys(
                    fact,
                    t,
                    &["any_of", "all_of", "none_of", "one_from_each", "empty"],
                )?;
                let get = |key: &str| t.get(key).map(|v| read_values(fact, domain, v)).transpose();
                let one_from_each = match t.get("one_from_each") {
                    None => Vec::new(),
                    Some(toml::Value::Array(groups)) => groups
                        .iter()
                        .map(|g| read_values(fact, domain, g))
                        .collect::<Result<_, _>>()?,
                    Some(_) => return Err(bad(fact, "`one_from_each` takes a list of lists")),
                };
                let empty = match t.get("empty") {
                    None => None,
                    Some(v) => Some(
                        v.as_bool()
                            .ok_or_else(|| bad(fact, "`empty` takes true or false"))?,
                    ),
                };
                Ok(Test::Set {
                    any_of: get("any_of")?,
                    all_of: get("all_of")?,
                    none_of: get("none_of")?,
                    one_from_each,
                    empty,
                })
            }
            _ => Err(bad(
                fact,
                "expected { any_of, all_of, none_of, one_from_each, empty }",
            )),
        },
    }
}

fn read_years(fact: Fact, n: i64) -> Result<u32, RowProblem> {
    u32::try_from(n)
        .ok()
        .filter(|&n| n <= AGE_CAP)
        .ok_or_else(|| bad(fact, &format!("ages run from 0 to {AGE_CAP}")))
}

fn only_keys(fact: Fact, table: &toml::Table, keys: &[&str]) -> Result<(), RowProblem> {
    match table.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(k) => Err(bad(
            fact,
            &format!("unknown key `{k}`; allowed: {}", keys.join(", ")),
        )),
        None => Ok(()),
    }
}

fn read_values(fact: Fact, domain: &[&str], value: &toml::Value) -> Result<Values, RowProblem> {
    let words: Vec<String> = match value {
        toml::Value::String(s) if domain.contains(&s.as_str()) => vec![s.clone()],
        // A single word outside the domain is a parameter name; checked when parameters resolve.
        toml::Value::String(s) => return Ok(Values::Parameter(s.clone())),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad(fact, "lists hold words only"))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(bad(fact, "expected a value or a list of values")),
    };
    check_words(fact, domain, &words)?;
    Ok(Values::Listed(words))
}

pub(crate) fn check_words(fact: Fact, domain: &[&str], words: &[String]) -> Result<(), RowProblem> {
    match words.iter().find(|w| !domain.contains(&w.as_str())) {
        Some(w) => Err(RowProblem::UnknownValue {
            fact: fact.name().into(),
            value: w.clone(),
            allowed: domain.join(", "),
        }),
        None => Ok(()),
    }
}

/// A parameter's value as the compiler needs it.
pub(crate) enum Resolved<'a> {
    Years(u32),
    Words(&'a [String]),
    Cohort(usize),
}

/// Resolves parameters for one segment; returns a problem naming the parameter.
pub(crate) trait ParameterSource {
    fn resolve(&self, name: &str, date: NaiveDate) -> Result<Resolved<'_>, RowProblem>;
}

/// A compiled decision table for one segment.
#[derive(Debug, Clone)]
pub(crate) struct CompiledTable {
    /// Bit → index of the row in the rule set's table.
    pub rows: Vec<u16>,
    /// Facts tested by some row, each with where its lookup starts in `masks`.
    lookups: Vec<(Fact, usize)>,
    /// The lookups one after another: `masks[start + value index]` is the bitmask of rows that
    /// accept the value. One flat array, so a case costs one load per tested fact.
    masks: Vec<u64>,
    /// Rows whose age bound is a cohort parameter: (bit, from cohort, below cohort).
    dynamic: Vec<(u64, Option<usize>, Option<usize>)>,
    /// Mask of all rows.
    all: u64,
}

/// How many values (lookup slots) a fact has: ages to the cap, both booleans, every enum value,
/// every subset of a set's values.
pub(crate) fn domain_size(fact: Fact) -> usize {
    match fact.fact_type() {
        FactType::Int => AGE_SLOTS,
        FactType::Bool => 2,
        FactType::Enum(d) => d.len(),
        FactType::Set(d) => 1 << d.len(),
    }
}

fn mask_of(
    fact: Fact,
    values: &Values,
    params: &dyn ParameterSource,
    date: NaiveDate,
) -> Result<u32, RowProblem> {
    let domain = match fact.fact_type() {
        FactType::Enum(d) | FactType::Set(d) => d,
        _ => &[][..],
    };
    let words: &[String] = match values {
        Values::Listed(w) => w,
        Values::Parameter(p) => match params.resolve(p, date) {
            Err(RowProblem::UndefinedParameter(_)) => {
                return Err(RowProblem::UnknownValue {
                    fact: fact.name().into(),
                    value: p.clone(),
                    allowed: format!("{} (or the name of a list parameter)", domain.join(", ")),
                })
            }
            Err(e) => return Err(e),
            Ok(Resolved::Words(w)) => w,
            Ok(_) => {
                return Err(RowProblem::ParameterType {
                    parameter: p.clone(),
                    expected: "a list of words",
                })
            }
        },
    };
    check_words(fact, domain, words)?;
    Ok(words
        .iter()
        .map(|w| 1u32 << domain.iter().position(|d| d == w).unwrap_or(0))
        .fold(0, |a, b| a | b))
}

enum AgeLimit {
    Static(u32),
    Cohort(usize),
}

fn age_limit(
    bound: &Bound,
    params: &dyn ParameterSource,
    date: NaiveDate,
) -> Result<AgeLimit, RowProblem> {
    match bound {
        Bound::Years(n) => Ok(AgeLimit::Static(*n)),
        Bound::Parameter(p) => match params.resolve(p, date)? {
            Resolved::Years(n) => Ok(AgeLimit::Static(n)),
            Resolved::Cohort(i) => Ok(AgeLimit::Cohort(i)),
            Resolved::Words(_) => Err(RowProblem::ParameterType {
                parameter: p.clone(),
                expected: "a whole number of years",
            }),
        },
    }
}

impl CompiledTable {
    /// Compiles the rows (index, conditions) in force on the segment starting `date`.
    /// Not generic (rows as a slice, the error through `dyn`): one copy for the three tables, where
    /// a generic one was inlined three times into the loader (the WASM module's size).
    pub(crate) fn compile(
        rows: &[(usize, &[Condition])],
        params: &dyn ParameterSource,
        date: NaiveDate,
        on_error: &mut dyn FnMut(usize, RowProblem) -> crate::error::RuleSetError,
        ages: &mut Vec<u32>,
    ) -> Result<CompiledTable, crate::error::RuleSetError> {
        let mut table = CompiledTable {
            rows: Vec::new(),
            lookups: Vec::new(),
            masks: Vec::new(),
            dynamic: Vec::new(),
            all: 0,
        };
        // Per tested fact, its lookup (flattened into `masks` at the end).
        let mut lookups: Vec<(Fact, Vec<u64>)> = Vec::new();
        for (bit, &(index, conditions)) in rows.iter().enumerate() {
            let row_bit = 1u64 << bit;
            table.rows.push(index as u16);
            table.all |= row_bit;
            let mut dynamic = (row_bit, None, None);
            for condition in conditions {
                let fact = condition.fact;
                let accept = table
                    .accepts(condition, params, date, &mut dynamic, ages)
                    .map_err(|p| on_error(index, p))?;
                let slot = match lookups.iter().position(|(f, _)| *f == fact) {
                    Some(i) => i,
                    None => {
                        lookups.push((fact, vec![u64::MAX; domain_size(fact)]));
                        lookups.len() - 1
                    }
                };
                for (value, mask) in lookups[slot].1.iter_mut().enumerate() {
                    if !accept(value) {
                        *mask &= !row_bit;
                    }
                }
            }
            if dynamic.1.is_some() || dynamic.2.is_some() {
                table.dynamic.push(dynamic);
            }
        }
        for (fact, lookup) in lookups {
            table.lookups.push((fact, table.masks.len()));
            table
                .masks
                .extend(lookup.into_iter().map(|mask| mask & table.all));
        }
        Ok(table)
    }

    fn accepts(
        &self,
        condition: &Condition,
        params: &dyn ParameterSource,
        date: NaiveDate,
        dynamic: &mut (u64, Option<usize>, Option<usize>),
        ages: &mut Vec<u32>,
    ) -> Result<Box<dyn Fn(usize) -> bool>, RowProblem> {
        let fact = condition.fact;
        Ok(match &condition.test {
            Test::Range { from, below } => {
                let mut lo = 0u32;
                let mut hi = AGE_CAP + 1;
                if let Some(b) = from {
                    match age_limit(b, params, date)? {
                        AgeLimit::Static(n) => lo = n,
                        AgeLimit::Cohort(i) => dynamic.1 = Some(i),
                    }
                }
                if let Some(b) = below {
                    match age_limit(b, params, date)? {
                        AgeLimit::Static(n) => hi = n,
                        AgeLimit::Cohort(i) => dynamic.2 = Some(i),
                    }
                }
                ages.extend([lo, hi].into_iter().filter(|&a| a > 0 && a <= AGE_CAP));
                Box::new(move |v| (lo as usize) <= v && v < hi as usize)
            }
            Test::Is(want) => {
                let want = *want as usize;
                Box::new(move |v| v == want)
            }
            Test::OneOf { any_of, none_of } => {
                let any = any_of
                    .as_ref()
                    .map(|v| mask_of(fact, v, params, date))
                    .transpose()?
                    .unwrap_or(u32::MAX);
                let none = none_of
                    .as_ref()
                    .map(|v| mask_of(fact, v, params, date))
                    .transpose()?
                    .unwrap_or(0);
                Box::new(move |v| (any >> v) & 1 == 1 && (none >> v) & 1 == 0)
            }
            Test::Set {
                any_of,
                all_of,
                none_of,
                one_from_each,
                empty,
            } => {
                let any = any_of
                    .as_ref()
                    .map(|v| mask_of(fact, v, params, date))
                    .transpose()?;
                let all = all_of
                    .as_ref()
                    .map(|v| mask_of(fact, v, params, date))
                    .transpose()?
                    .unwrap_or(0);
                let none = none_of
                    .as_ref()
                    .map(|v| mask_of(fact, v, params, date))
                    .transpose()?
                    .unwrap_or(0);
                let groups = one_from_each
                    .iter()
                    .map(|g| mask_of(fact, g, params, date))
                    .collect::<Result<Vec<_>, _>>()?;
                let empty = *empty;
                Box::new(move |v| {
                    let s = v as u32;
                    any.is_none_or(|a| s & a != 0)
                        && s & all == all
                        && s & none == 0
                        && groups.iter().all(|g| s & g != 0)
                        && empty.is_none_or(|e| (s == 0) == e)
                })
            }
        })
    }

    /// The rows (bits) whose test on `fact` accepts the value at `index`; every row when no row
    /// tests the fact.
    pub(crate) fn mask(&self, fact: Fact, index: u16) -> u64 {
        match self.lookups.iter().find(|(f, _)| *f == fact) {
            Some(&(_, start)) => self.masks.get(start + index as usize).copied().unwrap_or(0),
            None => self.all,
        }
    }

    /// The rows (bits) whose cohort-dependent age bounds accept `age`, given the cohort
    /// parameters' values; every row without such a bound.
    pub(crate) fn cohort_mask(&self, age: u32, cohort_values: &[u32; MAX_COHORTS]) -> u64 {
        let mut mask = self.all;
        for &(bit, from, below) in &self.dynamic {
            let ok = from.is_none_or(|c| age >= cohort_values[c.min(MAX_COHORTS - 1)])
                && below.is_none_or(|c| age < cohort_values[c.min(MAX_COHORTS - 1)]);
            if !ok {
                mask &= !bit;
            }
        }
        mask
    }

    /// Every row (bit) of the table.
    pub(crate) fn all(&self) -> u64 {
        self.all
    }

    /// The bitmask of rows whose conditions all hold for the case whose facts are `index`
    /// (aged `age`, with the cohort parameters' values `cohort_values`).
    #[inline]
    pub(crate) fn matching(
        &self,
        index: &FactIndexes,
        age: u32,
        cohort_values: &[u32; MAX_COHORTS],
    ) -> u64 {
        let mut mask = self.all;
        for &(fact, start) in &self.lookups {
            // Every index is in range by construction (domain_size); `get` keeps this panic-free.
            let at = start + index.0[fact as usize] as usize;
            mask &= self.masks.get(at).copied().unwrap_or(0);
        }
        for &(bit, from, below) in &self.dynamic {
            if mask & bit == 0 {
                continue;
            }
            let ok = from.is_none_or(|c| age >= cohort_values[c.min(MAX_COHORTS - 1)])
                && below.is_none_or(|c| age < cohort_values[c.min(MAX_COHORTS - 1)]);
            if !ok {
                mask &= !bit;
            }
        }
        mask
    }
}

/// Every fact of one case as an index into a lookup (its value's position in its domain), in
/// the order of [`Fact::ALL`]: worked out once per case and shared by the three tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactIndexes([u16; Fact::ALL.len()]);

impl FactIndexes {
    /// The indexes of `facts`: straight-line code, no branch per fact.
    #[inline]
    pub(crate) fn of(f: &Facts) -> FactIndexes {
        let mut index = [0u16; Fact::ALL.len()];
        // Ages above the cap share the cap's slot; every other index is below its domain size.
        index[Fact::Age as usize] = f.age.min(AGE_CAP) as u16;
        index[Fact::AgeBand as usize] = f.age_band.index() as u16;
        index[Fact::Benefit as usize] = f.benefit.index() as u16;
        index[Fact::Fleksjob as usize] = f.fleksjob as u16;
        index[Fact::Placed as usize] = f.placed as u16;
        index[Fact::Aftercare as usize] = f.aftercare as u16;
        index[Fact::VocationalEducation as usize] = f.vocational_education as u16;
        index[Fact::EducationStatus as usize] = f.education_status.index() as u16;
        index[Fact::LegalCapacity as usize] = f.legal_capacity.index() as u16;
        index[Fact::EffortSectors as usize] = f.effort_sectors.bits();
        index[Fact::NeedSectors as usize] = f.need_sectors.bits();
        index[Fact::Sectors as usize] = f.sectors().bits();
        index[Fact::SocialEvents as usize] = f.social_events.bits();
        index[Fact::Plans as usize] = f.plans.bits();
        index[Fact::VisitationCategory as usize] =
            f.visitation_category.map_or(0, |c| c.index() as u16 + 1);
        index[Fact::Visitation as usize] = f.visitation.map_or(0, |v| v.index() as u16 + 1);
        index[Fact::Eligible as usize] = f.eligible as u16;
        index[Fact::TargetGroup as usize] = f.target_group as u16;
        index[Fact::Unit as usize] = f.unit.index() as u16;
        FactIndexes(index)
    }

    /// Sets the target-group table's outcome (eligibility) and membership.
    #[inline]
    pub(crate) fn set_target_group(&mut self, eligible: bool, target_group: bool) {
        self.0[Fact::Eligible as usize] = eligible as u16;
        self.0[Fact::TargetGroup as usize] = target_group as u16;
    }

    /// Sets the routing table's outcome.
    #[inline]
    pub(crate) fn set_unit(&mut self, unit: crate::vocab::Unit) {
        self.0[Fact::Unit as usize] = unit.index() as u16;
    }
}

/// At most this many cohort parameters per rule set.
pub const MAX_COHORTS: usize = 4;

/// A parameter by birth cohort, resolved per case.
#[derive(Debug, Clone)]
pub(crate) struct CohortTable {
    pub name: String,
    /// (born from, born until, value), sorted, contiguous.
    pub entries: Vec<(Option<NaiveDate>, Option<NaiveDate>, u32)>,
}

impl CohortTable {
    pub(crate) fn value_for(&self, birth: NaiveDate) -> u32 {
        self.entries
            .iter()
            .find(|(from, until, _)| {
                from.is_none_or(|f| f <= birth) && until.is_none_or(|u| birth <= u)
            })
            .map(|e| e.2)
            .unwrap_or(AGE_CAP + 1)
    }
}

/// A stretch of days with one version and constant parameters.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub from: NaiveDate,
    pub version: usize,
    pub leap: LeapDayBirthday,
    /// Whether membership needs a visitation (`membership = "visitation"`); otherwise
    /// eligibility alone makes a citizen a member.
    pub membership_by_visitation: bool,
    pub target_group: CompiledTable,
    pub routing: CompiledTable,
    pub obligations: CompiledTable,
}

pub(crate) fn date_of(d: &Option<FileDate>) -> Option<NaiveDate> {
    d.map(|d| d.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::*;

    #[test]
    fn every_fact_has_its_index_worked_out() {
        // Every field away from index 0: a fact that `FactIndexes::of` forgets stays 0.
        let mut events = EnumSet::empty();
        events.insert(SocialEvent::Debt);
        let mut plans = EnumSet::empty();
        plans.insert(PlanKind::ALL[1]);
        let mut sectors = EnumSet::empty();
        sectors.insert(Sector::Lab);
        let facts = Facts {
            age: 200,
            age_band: AgeBand::of_age(40),
            benefit: Benefit::ALL[1],
            fleksjob: true,
            placed: true,
            aftercare: true,
            vocational_education: true,
            education_status: EducationStatus::ALL[1],
            legal_capacity: LegalCapacity::ALL[1],
            effort_sectors: sectors,
            need_sectors: sectors,
            social_events: events,
            plans,
            visitation_category: Some(VisitationCategory::ALL[0]),
            visitation: Some(VisitationOutcome::ALL[0]),
            eligible: true,
            target_group: true,
            unit: Unit::ALL[1],
        };
        let index = FactIndexes::of(&facts);
        for &fact in Fact::ALL {
            let at = index.0[fact as usize] as usize;
            assert!(at > 0, "{} has no index", fact.name());
            assert!(
                at < domain_size(fact),
                "{} is out of its domain",
                fact.name()
            );
        }
        assert_eq!(index.0[Fact::Age as usize] as u32, AGE_CAP);
    }

    #[test]
    fn derived_facts_are_worked_out_as_the_tables_see_them() {
        // The verifier enumerates inputs and derives the rest with `Fact::derive`: it must give
        // what `FactIndexes::of` gives for a real case.
        for age in [0, 14, 15, 17, 18, 29, 30, 130] {
            for (effort, need) in [(0u16, 0u16), (1, 2), (5, 9), (31, 0)] {
                let facts = Facts {
                    age,
                    age_band: AgeBand::of_age(age),
                    benefit: Benefit::ALL[0],
                    fleksjob: false,
                    placed: false,
                    aftercare: false,
                    vocational_education: false,
                    education_status: EducationStatus::ALL[0],
                    legal_capacity: LegalCapacity::ALL[0],
                    effort_sectors: EnumSet::from_bits(effort),
                    need_sectors: EnumSet::from_bits(need),
                    social_events: EnumSet::empty(),
                    plans: EnumSet::empty(),
                    visitation_category: None,
                    visitation: None,
                    eligible: false,
                    target_group: false,
                    unit: Unit::ALL[0],
                };
                let index = FactIndexes::of(&facts);
                for &fact in Fact::ALL {
                    if let Some(derived) = fact.derive(&index.0) {
                        assert_eq!(derived, index.0[fact as usize], "{}", fact.name());
                    }
                }
            }
        }
    }
}
