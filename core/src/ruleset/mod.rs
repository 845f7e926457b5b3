//! Rule sets: loading a rule file, checking it, compiling it, and the embedded rule sets.
//!
//! A rule set is data (`rules/*.toml`, documented in `rules/README.md`). Loading rejects unknown
//! fields, unknown facts and values, undefined parameters, overlapping versions or parameter
//! periods, and rows without a source, naming the file and row. A loaded rule set is immutable,
//! cheap to share across threads, and decides a case with a few bitmask operations per table.

pub mod compile;
pub mod format;
pub mod lint;
mod read;
mod redact;

use crate::age::LeapDayBirthday;
use crate::error::{RowProblem, RuleSetError};
use crate::facts::Fact;
use crate::vocab::Status;
use chrono::{Days, NaiveDate};
use compile::{CohortTable, CompiledTable, Resolved, Row, Segment, MAX_COHORTS};
use format::{ObligationThen, RoutingThen, RuleFile, SourceDef, TargetGroupThen};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The rule sets shipped with helhed: (id, file name, text). A `static`, not a `const`, so the
/// texts are in a program once however many crates name them (a WASM module's size).
pub static BUILTIN: &[(&str, &str, &str)] = &[
    (
        "norddjurs-2021",
        "norddjurs-2021.toml",
        include_str!("../../../rules/norddjurs-2021.toml"),
    ),
    (
        "norddjurs-model2-2020",
        "norddjurs-model2-2020.toml",
        include_str!("../../../rules/norddjurs-model2-2020.toml"),
    ),
    (
        "ds-2017",
        "ds-2017.toml",
        include_str!("../../../rules/ds-2017.toml"),
    ),
    (
        "aarhus-2019",
        "aarhus-2019.toml",
        include_str!("../../../rules/aarhus-2019.toml"),
    ),
    (
        "hoi-2022",
        "hoi-2022.toml",
        include_str!("../../../rules/hoi-2022.toml"),
    ),
];

/// The id of the default rule set (embedded).
pub const DEFAULT_RULE_SET: &str = "norddjurs-2021";

/// A dated version of a rule set.
#[derive(Debug, Clone)]
pub struct Version {
    /// Version id.
    pub id: String,
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force, if it ends.
    pub until: Option<NaiveDate>,
    /// Why the version exists.
    pub source: Option<String>,
    /// Sourced or an assumption.
    pub status: Status,
    /// What changed, Danish.
    pub text_da: String,
    /// What changed, English.
    pub text_en: String,
    /// Reviewer's note.
    pub note: Option<String>,
}

/// One dated value of a parameter.
#[derive(Debug, Clone)]
pub struct ParameterValue {
    /// First day (unbounded if `None`).
    pub from: Option<NaiveDate>,
    /// Last day (unbounded if `None`).
    pub until: Option<NaiveDate>,
    /// The value.
    pub value: toml::Value,
    /// Where it comes from.
    pub source: String,
    /// Sourced or an assumption.
    pub status: Status,
    /// Explanation.
    pub note: Option<String>,
    /// The value as a list of words, when it is one.
    pub words: Option<Vec<String>>,
}

/// A named parameter of a rule set.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// What it is.
    pub description: String,
    /// Dated values, sorted (empty for a cohort parameter).
    pub values: Vec<ParameterValue>,
    /// Values by birth cohort, sorted (empty for a dated parameter).
    pub cohorts: Vec<CohortValue>,
}

/// One birth cohort's value of a cohort parameter.
#[derive(Debug, Clone)]
pub struct CohortValue {
    /// First birth date (unbounded if `None`).
    pub born_from: Option<NaiveDate>,
    /// Last birth date (unbounded if `None`).
    pub born_until: Option<NaiveDate>,
    /// Whole years.
    pub value: u32,
    /// Where it comes from.
    pub source: String,
    /// Sourced or an assumption.
    pub status: Status,
    /// Explanation.
    pub note: Option<String>,
}

impl Parameter {
    /// The value on `date`, if the parameter is dated and has one.
    pub fn value_on(&self, date: NaiveDate) -> Option<&ParameterValue> {
        self.values
            .iter()
            .find(|v| v.from.is_none_or(|f| f <= date) && v.until.is_none_or(|u| date <= u))
    }
}

/// A loaded, checked and compiled rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Municipality.
    pub municipality: String,
    /// Description.
    pub description: Option<String>,
    /// The id of the rule set it extends.
    pub extends: Option<String>,
    /// The file it was read from.
    pub file: String,
    /// SHA-256 (hex) of the rule file's bytes (see `rules/README.md` for extending sets).
    pub sha256: String,
    /// The documents cited.
    pub sources: Vec<SourceDef>,
    /// Versions, by start date.
    pub versions: Vec<Version>,
    /// Parameters by name.
    pub parameters: BTreeMap<String, Parameter>,
    /// Target-group rows, in order.
    pub target_group: Vec<Row<TargetGroupThen>>,
    /// Routing rows, in order.
    pub routing: Vec<Row<RoutingThen>>,
    /// Obligation rows, in order.
    pub obligations: Vec<Row<ObligationThen>>,
    pub(crate) segments: Vec<Segment>,
    pub(crate) cohorts: Vec<CohortTable>,
    /// Ages at which some row's age test changes (for transitions).
    pub(crate) threshold_ages: Vec<u32>,
    /// The original text, for `rules show`.
    pub text: String,
}

const MAX_EXTENDS_DEPTH: usize = 4;

impl RuleSet {
    /// The embedded default rule set (`norddjurs-2021`).
    pub fn default_rules() -> &'static RuleSet {
        static DEFAULT: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(|| match RuleSet::builtin(DEFAULT_RULE_SET) {
            Ok(rules) => rules,
            // The embedded file is checked by the test suite; this arm is unreachable in a release.
            Err(e) => unreachable!("embedded default rule set is invalid: {e}"),
        })
    }

    /// Loads one of the embedded rule sets by id.
    pub fn builtin(id: &str) -> Result<RuleSet, RuleSetError> {
        let (_, file, text) = BUILTIN
            .iter()
            .find(|(bid, _, _)| *bid == id)
            .ok_or_else(|| RuleSetError::UnknownParent {
                file: "(built-in)".into(),
                parent: id.into(),
            })?;
        RuleSet::from_toml(file, text)
    }

    /// Loads a rule set from TOML text; `file` names it in errors. `extends` may name an
    /// embedded rule set.
    pub fn from_toml(file: &str, text: &str) -> Result<RuleSet, RuleSetError> {
        RuleSet::from_toml_with(file, text, &|id| {
            BUILTIN
                .iter()
                .find(|(bid, _, _)| *bid == id)
                .map(|(_, f, t)| (f.to_string(), t.to_string()))
        })
    }

    /// Loads a rule set, resolving `extends` with `resolve(id) -> (file name, text)`.
    pub fn from_toml_with(
        file: &str,
        text: &str,
        resolve: &dyn Fn(&str) -> Option<(String, String)>,
    ) -> Result<RuleSet, RuleSetError> {
        // Error messages name the file: a CPR-like number in its name is not repeated.
        let file = &crate::cpr::redact(file);
        let (merged, sha) = merge_chain(file, text, resolve, 0)?;
        compile_file(file, merged, sha, text)
    }

    /// The version in force on `date`.
    pub fn version_on(&self, date: NaiveDate) -> Option<&Version> {
        self.segment_on(date)
            .map(|i| &self.versions[self.segments[i].version])
    }

    pub(crate) fn segment_on(&self, date: NaiveDate) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.from <= date);
        let i = i.checked_sub(1)?;
        let version = &self.versions[self.segments[i].version];
        (version.until.is_none_or(|u| date <= u)).then_some(i)
    }

    /// The value of a dated parameter on `date`.
    pub fn parameter_on(&self, name: &str, date: NaiveDate) -> Option<&ParameterValue> {
        self.parameters.get(name)?.value_on(date)
    }

    /// A whole-number parameter on `date`.
    pub fn parameter_int(&self, name: &str, date: NaiveDate) -> Option<i64> {
        self.parameter_on(name, date)?.value.as_integer()
    }

    /// A word parameter on `date`.
    pub fn parameter_word(&self, name: &str, date: NaiveDate) -> Option<&str> {
        self.parameter_on(name, date)?.value.as_str()
    }

    /// A cohort parameter's value for a birth date (e.g. the folkepension age).
    pub fn cohort_value(&self, name: &str, birth: NaiveDate) -> Option<u32> {
        self.cohorts
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value_for(birth))
    }

    pub(crate) fn cohort_values(&self, birth: NaiveDate) -> [u32; MAX_COHORTS] {
        let mut values = [0u32; MAX_COHORTS];
        for (slot, cohort) in values.iter_mut().zip(&self.cohorts) {
            *slot = cohort.value_for(birth);
        }
        values
    }

    /// The first day of each segment after `date` (version starts and parameter changes).
    pub(crate) fn segment_starts_after(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
        self.segments
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.from > date)
            .map(|(i, s)| (s.from, i))
    }

    /// The leap-day rule in force on `date` (1 March if the rule set does not say).
    pub fn leap_rule_on(&self, date: NaiveDate) -> LeapDayBirthday {
        self.segment_on(date)
            .map(|i| self.segments[i].leap)
            .unwrap_or(LeapDayBirthday::March1)
    }
}

/// A rule file that does not read: the reader's message (toml's, several lines) on one line.
fn format_error(file: &str, message: &str) -> RuleSetError {
    RuleSetError::Format {
        file: file.to_string(),
        // The reader's message quotes the line it stopped at.
        message: crate::cpr::redact(message)
            .trim()
            .replace('\n', " ")
            .replace("  ", " "),
    }
}

/// Reads the file and the chain it extends; merges them (child wins) and hashes the chain.
fn merge_chain(
    file: &str,
    text: &str,
    resolve: &dyn Fn(&str) -> Option<(String, String)>,
    depth: usize,
) -> Result<(RuleFile, String), RuleSetError> {
    if depth > MAX_EXTENDS_DEPTH {
        return Err(RuleSetError::ExtendsTooDeep { file: file.into() });
    }
    let mut child = read::rule_file(text).map_err(|message| format_error(file, &message))?;
    redact::rule_file(&mut child);
    let own_hash = hex(&Sha256::digest(text.as_bytes()));
    let Some(parent_id) = child.extends.clone() else {
        return Ok((child, own_hash));
    };
    let (parent_file, parent_text) =
        resolve(&parent_id).ok_or_else(|| RuleSetError::UnknownParent {
            file: file.into(),
            parent: parent_id.clone(),
        })?;
    let parent_file = crate::cpr::redact(&parent_file);
    let (parent, parent_hash) = merge_chain(&parent_file, &parent_text, resolve, depth + 1)?;
    let mut merged = child;
    let mut sources = parent.sources;
    sources.extend(merged.sources);
    merged.sources = sources;
    merged.versions = merged.versions.or(parent.versions);
    let mut parameters = parent.parameters;
    parameters.extend(std::mem::take(&mut merged.parameters));
    merged.parameters = parameters;
    merged.target_group = merged.target_group.or(parent.target_group);
    merged.routing = merged.routing.or(parent.routing);
    merged.obligations = merged.obligations.or(parent.obligations);
    let chain_hash = hex(&Sha256::digest(
        format!("{parent_hash}\n{own_hash}").as_bytes(),
    ));
    Ok((merged, chain_hash))
}

/// Sorts `items` by a date, earliest first (`None` before every date), keeping the file order of
/// items with equal dates, as a stable sort does. It sorts (date, position) pairs, so that every
/// caller shares one instantiation of the sort (each stable sort of another type was 3–5 KB of
/// the WASM module).
fn sort_by_date<T>(items: &mut Vec<T>, date: impl Fn(&T) -> Option<NaiveDate>) {
    let mut order: Vec<(Option<NaiveDate>, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (date(item), i))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.iter().filter_map(|&(_, i)| slots[i].take()));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Params<'a> {
    parameters: &'a BTreeMap<String, Parameter>,
    cohorts: &'a [CohortTable],
}

impl compile::ParameterSource for Params<'_> {
    fn resolve(&self, name: &str, date: NaiveDate) -> Result<Resolved<'_>, RowProblem> {
        let param = self
            .parameters
            .get(name)
            .ok_or_else(|| RowProblem::UndefinedParameter(name.to_string()))?;
        if !param.cohorts.is_empty() {
            let index = self
                .cohorts
                .iter()
                .position(|c| c.name == name)
                .unwrap_or(MAX_COHORTS);
            return Ok(Resolved::Cohort(index));
        }
        let value = param
            .value_on(date)
            .ok_or_else(|| RowProblem::ParameterGap {
                parameter: name.to_string(),
                date,
            })?;
        match &value.value {
            toml::Value::Integer(n) => u32::try_from(*n)
                .ok()
                .filter(|&n| n <= compile::AGE_CAP + 1)
                .map(Resolved::Years)
                .ok_or(RowProblem::ParameterType {
                    parameter: name.to_string(),
                    expected: "a whole number of years from 0 to 131",
                }),
            toml::Value::Array(_) => {
                value
                    .words
                    .as_deref()
                    .map(Resolved::Words)
                    .ok_or(RowProblem::ParameterType {
                        parameter: name.to_string(),
                        expected: "a list of words",
                    })
            }
            _ => Err(RowProblem::ParameterType {
                parameter: name.to_string(),
                expected: "a whole number or a list of words",
            }),
        }
    }
}

const TG_FACTS: &[Fact] = &[
    Fact::Age,
    Fact::AgeBand,
    Fact::Benefit,
    Fact::Fleksjob,
    Fact::Placed,
    Fact::Aftercare,
    Fact::VocationalEducation,
    Fact::EducationStatus,
    Fact::LegalCapacity,
    Fact::EffortSectors,
    Fact::NeedSectors,
    Fact::Sectors,
    Fact::SocialEvents,
    Fact::Plans,
    Fact::VisitationCategory,
    Fact::Visitation,
];

fn parameter_error(file: &str, parameter: &str, reason: impl Into<String>) -> RuleSetError {
    RuleSetError::Parameter {
        file: file.into(),
        parameter: parameter.into(),
        reason: reason.into(),
    }
}

fn read_versions(
    file: &str,
    defs: Option<Vec<format::VersionDef>>,
) -> Result<Vec<Version>, RuleSetError> {
    let defs = defs
        .filter(|v| !v.is_empty())
        .ok_or_else(|| RuleSetError::NoVersions { file: file.into() })?;
    let mut versions: Vec<Version> = defs
        .into_iter()
        .map(|v| Version {
            text_da: v.text_da.unwrap_or_default(),
            text_en: v.text_en.unwrap_or_default(),
            id: v.id,
            from: v.from.0,
            until: compile::date_of(&v.until),
            source: v.source,
            status: v.status.unwrap_or(Status::Source),
            note: v.note,
        })
        .collect();
    sort_by_date(&mut versions, |v| Some(v.from));
    let bad = |v: &Version, reason: &str| RuleSetError::BadVersion {
        file: file.into(),
        version: v.id.clone(),
        reason: reason.into(),
    };
    for (i, v) in versions.iter().enumerate() {
        if v.until.is_some_and(|u| u < v.from) {
            return Err(bad(v, "ends before it starts"));
        }
        if versions[..i].iter().any(|w| w.id == v.id) {
            return Err(bad(v, "duplicate version id"));
        }
        if let Some(next) = versions.get(i + 1) {
            if v.until.is_none_or(|u| u >= next.from) {
                return Err(bad(
                    v,
                    &format!(
                        "overlaps version `{}`; give `until` before {}",
                        next.id, next.from
                    ),
                ));
            }
        }
    }
    Ok(versions)
}

fn read_parameters(
    file: &str,
    defs: BTreeMap<String, format::ParameterDef>,
) -> Result<(BTreeMap<String, Parameter>, Vec<CohortTable>), RuleSetError> {
    let mut parameters = BTreeMap::new();
    let mut cohorts = Vec::new();
    let mut errors = Vec::new();
    for (name, def) in defs {
        match read_parameter(file, &name, def, &mut cohorts) {
            Ok(parameter) => {
                parameters.insert(name, parameter);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(RuleSetError::several(errors));
    }
    Ok((parameters, cohorts))
}

/// One parameter; a cohort parameter also adds its table to `cohorts`.
fn read_parameter(
    file: &str,
    name: &str,
    def: format::ParameterDef,
    cohorts: &mut Vec<CohortTable>,
) -> Result<Parameter, RuleSetError> {
    let err = |reason: String| parameter_error(file, name, reason);
    if def.values.is_empty() == def.cohorts.is_empty() {
        return Err(err("give either `values` or `cohorts`".into()));
    }
    let mut values = Vec::new();
    for v in def.values {
        let source = v
            .source
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| err("a value has no `source`".into()))?;
        let status = v
            .status
            .ok_or_else(|| err("a value has no `status`".into()))?;
        let words = match &v.value {
            toml::Value::Integer(_) | toml::Value::String(_) => None,
            toml::Value::Array(items) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| err("lists hold words only".into()))?,
            ),
            _ => {
                return Err(err(
                    "a value is a whole number, a word or a list of words".into()
                ))
            }
        };
        let from = compile::date_of(&v.from);
        let until = compile::date_of(&v.until);
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                return Err(err(format!("the period from {f} ends before it starts")));
            }
        }
        values.push(ParameterValue {
            from,
            until,
            value: v.value,
            source,
            status,
            note: v.note,
            words,
        });
    }
    sort_by_date(&mut values, |v| v.from);
    for pair in values.windows(2) {
        if pair[0]
            .until
            .is_none_or(|u| pair[1].from.is_none_or(|f| u >= f))
        {
            return Err(err(
                "overlapping periods: give `until` before the next `from`".into(),
            ));
        }
    }
    if values.iter().any(|v| v.value.is_integer()) && values.iter().any(|v| !v.value.is_integer()) {
        return Err(err("all values must have the same type".into()));
    }
    let mut cohort_rows = Vec::new();
    for c in def.cohorts {
        let source = c
            .source
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| err("a cohort has no `source`".into()))?;
        let status = c
            .status
            .ok_or_else(|| err("a cohort has no `status`".into()))?;
        cohort_rows.push(CohortValue {
            born_from: compile::date_of(&c.born_from),
            born_until: compile::date_of(&c.born_until),
            value: c.value,
            source,
            status,
            note: c.note,
        });
    }
    sort_by_date(&mut cohort_rows, |c| c.born_from);
    if !cohort_rows.is_empty() {
        if cohort_rows[0].born_from.is_some()
            || cohort_rows.last().is_some_and(|c| c.born_until.is_some())
        {
            return Err(err("cohorts must cover every birth date: leave `born_from` out of the first and `born_until` out of the last".into()));
        }
        for pair in cohort_rows.windows(2) {
            let next_from = pair[1]
                .born_from
                .and_then(|f| f.checked_sub_days(Days::new(1)));
            if pair[0].born_until.is_none() || pair[0].born_until != next_from {
                return Err(err("cohorts overlap or leave a gap: each `born_until` must be the day before the next `born_from`".into()));
            }
        }
        if cohorts.len() == MAX_COHORTS {
            return Err(err(format!(
                "at most {MAX_COHORTS} cohort parameters are supported"
            )));
        }
        cohorts.push(CohortTable {
            name: name.to_string(),
            entries: cohort_rows
                .iter()
                .map(|c| (c.born_from, c.born_until, c.value))
                .collect(),
        });
    }
    if let Some(reason) = values
        .iter()
        .find_map(|v| crate::plan::params::check_rule_parameter(name, &v.value))
    {
        return Err(err(reason));
    }
    if name == format::LEAP_DAY_PARAMETER
        && values.iter().any(|v| format::leap_rule(&v.value).is_none())
    {
        return Err(err("value must be `march_1` or `february_28`".into()));
    }
    if name == format::MEMBERSHIP_PARAMETER
        && values
            .iter()
            .any(|v| format::membership_by_visitation(&v.value).is_none())
    {
        return Err(err("value must be `eligibility` or `visitation`".into()));
    }
    Ok(Parameter {
        description: def.description,
        values,
        cohorts: cohort_rows,
    })
}

fn read_table<T: Clone>(
    file: &str,
    table: &'static str,
    defs: Option<Vec<format::RowDef<T>>>,
    available: &[Fact],
    versions: Option<&[Version]>,
) -> Result<Vec<Row<T>>, RuleSetError> {
    let defs = defs.unwrap_or_default();
    if defs.is_empty() {
        return Err(RuleSetError::EmptyTable {
            file: file.into(),
            table,
        });
    }
    if defs.len() > 64 {
        return Err(RuleSetError::TooManyRows {
            file: file.into(),
            table,
            count: defs.len(),
        });
    }
    let mut rows: Vec<Row<T>> = Vec::with_capacity(defs.len());
    let mut errors = Vec::new();
    for (i, def) in defs.iter().enumerate() {
        let row_error = |reason| RuleSetError::Row {
            file: file.into(),
            row: def.id.clone(),
            reason,
        };
        if defs[..i].iter().any(|d| d.id == def.id) {
            errors.push(row_error(RowProblem::Duplicate));
            continue;
        }
        let row = match compile::read_row(&def.parts(), table, available) {
            Ok(row) => row.with_outcome(def.then.clone()),
            Err(reason) => {
                errors.push(row_error(reason));
                continue;
            }
        };
        // Versions are checked only when they could be read themselves.
        if let Some(unknown) = versions.and_then(|versions| {
            row.versions
                .iter()
                .flatten()
                .find(|v| !versions.iter().any(|x| &x.id == *v))
        }) {
            errors.push(row_error(RowProblem::UnknownVersion(unknown.clone())));
            continue;
        }
        rows.push(row);
    }
    if !errors.is_empty() {
        return Err(RuleSetError::several(errors));
    }
    Ok(rows)
}

fn compile_file(
    file: &str,
    f: RuleFile,
    sha256: String,
    text: &str,
) -> Result<RuleSet, RuleSetError> {
    // Every part is read, and every problem found is reported at once, one per line.
    let versions = read_versions(file, f.versions);
    let known = versions.as_ref().ok().map(Vec::as_slice);
    let parameters = read_parameters(file, f.parameters);
    let routing_facts: Vec<Fact> = TG_FACTS
        .iter()
        .copied()
        .chain([Fact::Eligible, Fact::TargetGroup])
        .collect();
    let target_group = read_table(file, "target_group", f.target_group, TG_FACTS, known);
    let routing = read_table(file, "routing", f.routing, &routing_facts, known);
    let mut outcome_errors = Vec::new();
    for row in routing.iter().flatten() {
        if row.then.caseworkers > 2 {
            outcome_errors.push(RuleSetError::Row {
                file: file.into(),
                row: row.id.clone(),
                reason: RowProblem::BadOutcome("caseworkers is 0, 1 or 2".into()),
            });
        }
    }
    let obligations = read_table(file, "obligations", f.obligations, Fact::ALL, known);
    let (versions, (parameters, cohorts), target_group, routing, obligations) =
        match (versions, parameters, target_group, routing, obligations) {
            (Ok(v), Ok(p), Ok(t), Ok(r), Ok(o)) if outcome_errors.is_empty() => (v, p, t, r, o),
            (v, p, t, r, o) => {
                let mut errors: Vec<RuleSetError> = [v.err(), p.err(), t.err(), r.err()]
                    .into_iter()
                    .flatten()
                    .collect();
                errors.extend(outcome_errors);
                errors.extend(o.err());
                return Err(RuleSetError::several(errors));
            }
        };

    // Segment boundaries: every version start and end, every parameter period start and end.
    let mut starts: Vec<NaiveDate> = Vec::new();
    for v in &versions {
        starts.push(v.from);
        starts.extend(v.until.and_then(|u| u.checked_add_days(Days::new(1))));
    }
    for p in parameters.values() {
        for v in &p.values {
            starts.extend(v.from);
            starts.extend(v.until.and_then(|u| u.checked_add_days(Days::new(1))));
        }
    }
    let first = versions[0].from;
    starts.retain(|d| *d >= first);
    sort_by_date(&mut starts, |d| Some(*d));
    starts.dedup();

    let params = Params {
        parameters: &parameters,
        cohorts: &cohorts,
    };
    let mut segments = Vec::new();
    let mut ages = vec![15, 18, 30];
    for &from in &starts {
        let Some(version) = versions
            .iter()
            .position(|v| v.from <= from && v.until.is_none_or(|u| from <= u))
        else {
            continue;
        };
        let vid = &versions[version].id;
        let leap = match parameters.get(format::LEAP_DAY_PARAMETER) {
            None => LeapDayBirthday::March1,
            Some(p) => p
                .value_on(from)
                .and_then(|v| format::leap_rule(&v.value))
                .ok_or_else(|| {
                    parameter_error(
                        file,
                        format::LEAP_DAY_PARAMETER,
                        format!("no value on {from}"),
                    )
                })?,
        };
        let membership_by_visitation = match parameters.get(format::MEMBERSHIP_PARAMETER) {
            None => false,
            Some(p) => p
                .value_on(from)
                .and_then(|v| format::membership_by_visitation(&v.value))
                .ok_or_else(|| {
                    parameter_error(
                        file,
                        format::MEMBERSHIP_PARAMETER,
                        format!("no value on {from}"),
                    )
                })?,
        };
        macro_rules! table {
            ($rows:expr) => {
                CompiledTable::compile(
                    &$rows
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.in_version(vid))
                        .map(|(i, r)| (i, r.conditions.as_slice()))
                        .collect::<Vec<_>>(),
                    &params,
                    from,
                    &mut |i, reason| RuleSetError::Row {
                        file: file.into(),
                        row: $rows[i].id.clone(),
                        reason,
                    },
                    &mut ages,
                )?
            };
        }
        segments.push(Segment {
            from,
            version,
            leap,
            membership_by_visitation,
            target_group: table!(target_group),
            routing: table!(routing),
            obligations: table!(obligations),
        });
    }
    // Sorted and deduplicated by insertion (a few dozen ages): no sort of its own, which was
    // 2–3 KB of the WASM module.
    let mut sorted: Vec<u32> = Vec::with_capacity(ages.len());
    for age in ages {
        if let Err(at) = sorted.binary_search(&age) {
            sorted.insert(at, age);
        }
    }
    let ages = sorted;

    Ok(RuleSet {
        id: f.id,
        title: f.title,
        municipality: f.municipality,
        description: f.description,
        extends: f.extends,
        file: file.to_string(),
        sha256,
        sources: f.sources,
        versions,
        parameters,
        target_group,
        routing,
        obligations,
        segments,
        cohorts,
        threshold_ages: ages,
        text: text.to_string(),
    })
}
