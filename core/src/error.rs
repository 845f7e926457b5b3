//! Errors: one enum per kind of input, one variant per cause, each naming the field.
//!
//! Messages are built only from field names and the allowed values, never from the input's
//! values, so no CPR number (or any other personal datum) can reach an error.
//!
//! The field of an error about the whole document (text that is not JSON, a list or a number
//! where the document's object belongs, a CSV row with the wrong number of cells) is `""`, in
//! every kind of document (case, plan) and every host; a nested document's field is its path
//! (`case` for a plan's case that is not an object). The message then starts with what was
//! expected instead of a field name.

use crate::cpr::CprError;
use crate::vocab::{
    Benefit, EducationStatus, LegalCapacity, PlanKind, Sector, SocialEvent, VisitationCategory,
    VisitationOutcome,
};
use serde::Serialize;

/// Why an input document (a case, a plan) or its decision date was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The text is not JSON.
    #[error("input is not valid JSON (line {line}, column {column})")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A field the contract does not have.
    #[error("{field}: unknown field; allowed: {allowed}")]
    UnknownField {
        /// Path of the unknown field.
        field: String,
        /// The fields allowed at that place.
        allowed: String,
    },
    /// A required field is absent.
    #[error("{field}: required field is missing")]
    MissingField {
        /// Path of the missing field.
        field: String,
    },
    /// A field (or, with the field `""`, the whole document) has the wrong type or a value
    /// outside its domain, e.g. a list where an object belongs.
    #[error("{}expected {expected}", at(field))]
    InvalidValue {
        /// Path of the field.
        field: String,
        /// What the field must hold (with the allowed values for enums).
        expected: String,
    },
    /// Both `birth_date` and `cpr` were given.
    #[error("birth_date: give exactly one of birth_date and cpr, not both")]
    BirthDateAndCpr,
    /// Neither `birth_date` nor `cpr` was given.
    #[error("birth_date: one of birth_date and cpr is required")]
    NoBirthDate,
    /// The CPR number is malformed (the number itself is never shown).
    #[error("cpr: {0}")]
    Cpr(CprError),
    /// A key given twice in one object.
    #[error("{field}: given more than once; give each field once")]
    DuplicateField {
        /// Path of the duplicated field, e.g. `benefit` or `efforts[1].start`.
        field: String,
    },
    /// The host's reference (a case's `id`, a plan's `case_id`) contains a CPR number; it must
    /// be an opaque reference. Neither the number nor the reference is shown.
    #[error(
        "{field}: must not contain a CPR number; use an opaque reference (the value is not shown)"
    )]
    IdLooksLikeCpr {
        /// `id` or `case_id`.
        field: &'static str,
    },
    /// An effort ends before it starts.
    #[error("{field}: the effort ends before it starts")]
    EffortEndsBeforeStart {
        /// Path of the `end` field, e.g. `efforts[2].end`.
        field: String,
    },
    /// A dated status (`fleksjob`, `placed`, `aftercare`) ends before it starts.
    #[error("{field}: the period ends before it starts")]
    PeriodEndsBeforeStart {
        /// Path of the `to` field, e.g. `placed.to`.
        field: String,
    },
    /// The decision date is before the citizen was born.
    #[error("as_of: the decision date is before the birth date")]
    AsOfBeforeBirth,
    /// No version of the rule set is in force on the decision date.
    #[error("as_of: rule set {rule_set} has no version in force on {date}")]
    NoVersionInForce {
        /// The rule set's id.
        rule_set: String,
        /// The decision date.
        date: chrono::NaiveDate,
    },
    /// An error in a document nested in another, e.g. the `case` of a plan: the inner error's
    /// code, with its field prefixed by `parent`.
    #[error("{parent}{}{error}", if error.field().is_empty() { ": " } else { "." })]
    Nested {
        /// The field holding the nested document, e.g. `case`.
        parent: &'static str,
        /// The nested document's error.
        error: Box<InputError>,
    },
}

impl InputError {
    /// The field the error is about (a path such as `efforts[2].end`), or `""` for the whole
    /// document.
    pub fn field(&self) -> String {
        match self {
            InputError::Syntax { .. } => String::new(),
            InputError::UnknownField { field, .. }
            | InputError::MissingField { field }
            | InputError::InvalidValue { field, .. }
            | InputError::DuplicateField { field }
            | InputError::EffortEndsBeforeStart { field }
            | InputError::PeriodEndsBeforeStart { field } => field.clone(),
            InputError::BirthDateAndCpr | InputError::NoBirthDate => "birth_date".into(),
            InputError::Cpr(_) => "cpr".into(),
            InputError::IdLooksLikeCpr { field } => field.to_string(),
            InputError::AsOfBeforeBirth | InputError::NoVersionInForce { .. } => "as_of".into(),
            InputError::Nested { parent, error } => match error.field() {
                inner if inner.is_empty() => parent.to_string(),
                inner => format!("{parent}.{inner}"),
            },
        }
    }

    /// A stable machine-readable code for the cause, e.g. `unknown_field`.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Syntax { .. } => "syntax",
            InputError::UnknownField { .. } => "unknown_field",
            InputError::MissingField { .. } => "missing_field",
            InputError::InvalidValue { .. } => "invalid_value",
            InputError::BirthDateAndCpr => "birth_date_and_cpr",
            InputError::NoBirthDate => "no_birth_date",
            InputError::Cpr(_) => "invalid_cpr",
            InputError::DuplicateField { .. } => "duplicate_field",
            InputError::IdLooksLikeCpr { .. } => "id_looks_like_cpr",
            InputError::EffortEndsBeforeStart { .. } => "effort_ends_before_start",
            InputError::PeriodEndsBeforeStart { .. } => "period_ends_before_start",
            InputError::AsOfBeforeBirth => "as_of_before_birth",
            InputError::NoVersionInForce { .. } => "no_version_in_force",
            InputError::Nested { error, .. } => error.code(),
        }
    }

    /// The error as the contract's error object: `{code, field, message}`.
    pub fn to_report(&self) -> ErrorReport {
        ErrorReport {
            code: self.code(),
            field: self.field(),
            message: self.to_string(),
        }
    }

    pub(crate) fn from_json_syntax(e: &serde_json::Error) -> InputError {
        InputError::Syntax {
            line: e.line(),
            column: e.column(),
        }
    }

    /// Maps a serde error to a typed error, using only the path and the field table.
    pub(crate) fn from_serde(
        e: serde_path_to_error::Error<serde_json::Error>,
        docs: &FieldDocs,
        text: Option<&str>,
    ) -> InputError {
        let path = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        if matches!(
            inner.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ) {
            // serde_json reports a number where an enum name belongs as a syntax error; it is
            // one only if the text itself is not JSON.
            let is_json =
                text.is_some_and(|t| serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok());
            if !is_json {
                return InputError::from_json_syntax(&inner);
            }
        }
        let text = inner.to_string();
        let found = if let Some(name) = backticked(&text, "unknown field `") {
            Found::Unknown(name)
        } else if let Some(name) = backticked(&text, "duplicate field `") {
            Found::Duplicate(name)
        } else if let Some(name) = backticked(&text, "missing field `") {
            Found::Missing(name)
        } else {
            Found::Invalid
        };
        InputError::found_at(path, found, docs)
    }

    /// The typed error for a problem `found` at `path`, as serde_path_to_error writes paths
    /// (`efforts[2].end`; `""` for the whole document; for an unknown or duplicated field the
    /// path of its object, or of the field itself). The one place the readers of JSON documents
    /// (serde's, and the hand-written case reader) make their errors, so they agree.
    pub(crate) fn found_at(path: String, found: Found<'_>, docs: &FieldDocs) -> InputError {
        let join = |parent: &str, name: &str| {
            if parent.is_empty() {
                name.to_string()
            } else {
                format!("{parent}.{name}")
            }
        };
        match found {
            Found::Unknown(name) => {
                // serde reports the parent's path for an unknown key; a key with digits is not
                // shown.
                let shown = if name.bytes().filter(u8::is_ascii_digit).count() >= 4 {
                    "(a key with digits, not shown)"
                } else {
                    name
                };
                let parent = parent_of_unknown(&path, name);
                InputError::UnknownField {
                    field: join(&parent, shown),
                    allowed: (docs.fields_of)(&normalise(&parent))
                        .unwrap_or("(none)")
                        .to_string(),
                }
            }
            Found::Duplicate(name) => {
                // Only the contract's own field names are reported as duplicates.
                let parent = parent_of_unknown(&path, name);
                InputError::DuplicateField {
                    field: join(&parent, name),
                }
            }
            Found::Missing(name) => {
                let parent = path.trim_end_matches(&format!(".{name}")).to_string();
                let parent = if parent == path && path == name {
                    String::new()
                } else {
                    parent
                };
                InputError::MissingField {
                    field: join(&parent, name),
                }
            }
            Found::Invalid => {
                let expected = (docs.describe)(&normalise(&path))
                    .unwrap_or_else(|| "a valid value".to_string());
                InputError::InvalidValue {
                    field: path,
                    expected,
                }
            }
        }
    }
}

/// What a reader found wrong at a path (see [`InputError::found_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found<'a> {
    /// A key the object does not have.
    Unknown(&'a str),
    /// A field given twice.
    Duplicate(&'a str),
    /// A required field absent (found at the object's end).
    Missing(&'a str),
    /// The wrong type, or a value outside the field's domain.
    Invalid,
}

/// An error as hosts see it: a stable code, the field, and a message that never holds input values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ErrorReport {
    /// Stable code of the cause.
    pub code: &'static str,
    /// The field the error is about: a path such as `efforts[2].end`, or `""` for the whole
    /// document (text that is not JSON, a list where the document's object belongs).
    pub field: String,
    /// Human-readable message naming the field and what was expected.
    pub message: String,
}

/// Describes a document's fields, for error messages: what each path may hold. The whole
/// document is the path `""`, and so is the `field` of an error about it (for every kind of
/// document: a case, a plan, a CSV row).
pub(crate) struct FieldDocs {
    /// Expected content of a normalised path (indexes as `[]`; `""`: the whole document).
    pub describe: fn(&str) -> Option<String>,
    /// Allowed field names of the object at a normalised path.
    pub fields_of: fn(&str) -> Option<&'static str>,
}

/// The start of a message about `field`: `field: `, or nothing for the whole document.
fn at(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!("{field}: ")
    }
}

fn backticked<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    rest.split('`').next()
}

/// serde_path_to_error renders the root as `.`; keep paths like `efforts[2].end`.
fn clean_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

fn parent_of_unknown(path: &str, name: &str) -> String {
    path.strip_suffix(name)
        .map(|p| p.trim_end_matches('.').to_string())
        .unwrap_or_else(|| path.to_string())
}

/// `efforts[2].end` → `efforts[].end`.
pub(crate) fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

fn one_of(allowed: String) -> Option<String> {
    Some(format!("one of: {allowed}"))
}

/// What a case field must hold, in the words of the case's error messages (`one of: none,
/// uddannelseshjaelp, ...`), for a path (`benefit`, `needs`, `efforts[2].end`; an index may be
/// left out: `efforts[].end`). Hosts that read cases from another shape than JSON (Arrow columns)
/// use it so that their errors say what the JSON path says.
pub fn case_field_expects(path: &str) -> Option<String> {
    (CASE_FIELDS.describe)(&normalise(path))
}

/// The fields allowed in a case object at a normalised path (`""`: the case; `efforts[]`,
/// `visitation`, `fleksjob`, ...), as the case's `unknown_field` errors list them.
pub fn case_fields_allowed(path: &str) -> Option<&'static str> {
    (CASE_FIELDS.fields_of)(path)
}

/// The case document's fields, for error messages.
pub(crate) static CASE_FIELDS: FieldDocs = FieldDocs {
    describe: |path| match path {
        "" => Some("a JSON object (one case)".into()),
        "id" => Some("a string (an opaque reference)".into()),
        "birth_date" | "efforts[].start" => Some("a date YYYY-MM-DD".into()),
        "cpr" => Some("a string DDMMYY-SSSS or DDMMYYSSSS".into()),
        "benefit" => one_of(Benefit::allowed()),
        "vocational_education" => Some("true or false".into()),
        "fleksjob" | "placed" | "aftercare" => Some(
            "true or false, or a period {\"from\": YYYY-MM-DD, \"to\": YYYY-MM-DD or null}".into(),
        ),
        "fleksjob.from" | "placed.from" | "aftercare.from" | "visitation.date" => {
            Some("a date YYYY-MM-DD".into())
        }
        "fleksjob.to" | "placed.to" | "aftercare.to" => Some("a date YYYY-MM-DD or null".into()),
        "visitation_category" => one_of(VisitationCategory::allowed()),
        "visitation" => Some("a visitation object {outcome, date}".into()),
        "visitation.outcome" => one_of(VisitationOutcome::allowed()),
        "efforts" => Some("a list of efforts {sector, law, section, kind, start, end}".into()),
        "efforts[]" => Some("an effort object {sector, law, section, kind, start, end}".into()),
        "efforts[].sector" | "needs[]" => one_of(Sector::allowed()),
        "needs" => Some(format!(
            "a list of distinct sectors, each one of: {}",
            Sector::allowed()
        )),
        "efforts[].law" | "efforts[].section" | "efforts[].kind" => Some("a string or null".into()),
        "efforts[].end" => Some("a date YYYY-MM-DD or null".into()),
        "social_events" => Some(format!(
            "a list of distinct events, each one of: {}",
            SocialEvent::allowed()
        )),
        "social_events[]" => one_of(SocialEvent::allowed()),
        "education_status" => one_of(EducationStatus::allowed()),
        "plans" => Some(format!(
            "a list of distinct plans, each one of: {}",
            PlanKind::allowed()
        )),
        "plans[]" => one_of(PlanKind::allowed()),
        "legal_capacity" => one_of(LegalCapacity::allowed()),
        _ => None,
    },
    fields_of: |path| {
        match path {
        "" => Some("id, birth_date, cpr, benefit, fleksjob, placed, aftercare, efforts, needs, social_events, education_status, vocational_education, plans, legal_capacity, visitation_category, visitation"),
        "visitation" => Some("outcome, date"),
        "fleksjob" | "placed" | "aftercare" => Some("from, to"),
        "efforts[]" => Some("sector, law, section, kind, start, end"),
        _ => None,
    }
    },
};

/// Why a rule file was rejected at load time. Every variant names the file, and the row or
/// parameter where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleSetError {
    /// Not valid TOML, or a field or value the format does not have.
    #[error("{file}: {message}")]
    Format {
        /// The rule file.
        file: String,
        /// What the TOML reader said (line, column, field).
        message: String,
    },
    /// `extends` names a rule set that is not known.
    #[error("{file}: extends `{parent}`, which is not a known rule set")]
    UnknownParent {
        /// The rule file.
        file: String,
        /// The id it extends.
        parent: String,
    },
    /// A chain of `extends` too deep (or circular).
    #[error("{file}: `extends` chain is too deep or circular")]
    ExtendsTooDeep {
        /// The rule file.
        file: String,
    },
    /// The rule set has no versions.
    #[error("{file}: no [[versions]] given")]
    NoVersions {
        /// The rule file.
        file: String,
    },
    /// Two versions are in force on the same day, or a version ends before it starts.
    #[error("{file}: version `{version}`: {reason}")]
    BadVersion {
        /// The rule file.
        file: String,
        /// The version id.
        version: String,
        /// What is wrong.
        reason: String,
    },
    /// A table is missing or empty.
    #[error("{file}: table `{table}` has no rows")]
    EmptyTable {
        /// The rule file.
        file: String,
        /// The table.
        table: &'static str,
    },
    /// A table has more rows than the compiler's 64.
    #[error("{file}: table `{table}` has {count} rows; at most 64 are supported")]
    TooManyRows {
        /// The rule file.
        file: String,
        /// The table.
        table: &'static str,
        /// Its row count.
        count: usize,
    },
    /// Something wrong with one row.
    #[error("{file}: row `{row}`: {reason}")]
    Row {
        /// The rule file.
        file: String,
        /// The row id.
        row: String,
        /// What is wrong with it.
        reason: RowProblem,
    },
    /// Something wrong with one parameter.
    #[error("{file}: parameter `{parameter}`: {reason}")]
    Parameter {
        /// The rule file.
        file: String,
        /// The parameter name.
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Several problems, all found in one load; the message has one line per problem.
    #[error("{}", lines(errors))]
    Several {
        /// The problems, in the order of the file's parts (versions, parameters, tables).
        errors: Vec<RuleSetError>,
    },
}

impl RuleSetError {
    /// One error for several problems found at once: the problem itself if there is one,
    /// else [`RuleSetError::Several`] (nested lists flattened).
    pub fn several(errors: Vec<RuleSetError>) -> RuleSetError {
        let mut flat = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                RuleSetError::Several { errors } => flat.extend(errors),
                e => flat.push(e),
            }
        }
        if flat.len() == 1 {
            if let Some(e) = flat.pop() {
                return e;
            }
        }
        RuleSetError::Several { errors: flat }
    }

    /// The file the (first) problem is in.
    pub fn file(&self) -> &str {
        match self {
            RuleSetError::Format { file, .. }
            | RuleSetError::UnknownParent { file, .. }
            | RuleSetError::ExtendsTooDeep { file }
            | RuleSetError::NoVersions { file }
            | RuleSetError::BadVersion { file, .. }
            | RuleSetError::EmptyTable { file, .. }
            | RuleSetError::TooManyRows { file, .. }
            | RuleSetError::Row { file, .. }
            | RuleSetError::Parameter { file, .. } => file,
            RuleSetError::Several { errors } => errors.first().map_or("", RuleSetError::file),
        }
    }

    /// The row id the (first) problem is about, when it is about a row.
    pub fn row(&self) -> Option<&str> {
        match self {
            RuleSetError::Row { row, .. } => Some(row),
            RuleSetError::Several { errors } => errors.first().and_then(RuleSetError::row),
            _ => None,
        }
    }
}

/// Each error on its own line.
fn lines(errors: &[RuleSetError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What is wrong with a rule row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// The row has no `source`.
    #[error("no `source`: every row cites a seed file or a law and section")]
    MissingSource,
    /// The row has no `status`.
    #[error("no `status` (`source` or `assumption`)")]
    MissingStatus,
    /// A text is missing.
    #[error("no `{0}`: every row carries its rule in Danish and English")]
    MissingText(&'static str),
    /// Another row in the table has the same id.
    #[error("duplicate row id")]
    Duplicate,
    /// The condition names a fact that does not exist.
    #[error("unknown fact `{fact}`; known facts: {known}")]
    UnknownFact {
        /// The name used.
        fact: String,
        /// The facts there are.
        known: String,
    },
    /// The fact exists but is not decided yet when this table runs.
    #[error("fact `{fact}` is not available in table `{table}`")]
    FactNotAvailable {
        /// The fact.
        fact: &'static str,
        /// The table.
        table: &'static str,
    },
    /// The test has the wrong form for the fact's type.
    #[error("`{fact}`: {reason}")]
    BadTest {
        /// The fact.
        fact: String,
        /// What form was expected.
        reason: String,
    },
    /// A value outside the fact's enum.
    #[error("`{fact}`: unknown value `{value}`; allowed: {allowed}")]
    UnknownValue {
        /// The fact.
        fact: String,
        /// The value used.
        value: String,
        /// The allowed values.
        allowed: String,
    },
    /// A parameter that is not defined.
    #[error("refers to undefined parameter `{0}`")]
    UndefinedParameter(String),
    /// A parameter of the wrong kind for where it is used.
    #[error("parameter `{parameter}` must be {expected}")]
    ParameterType {
        /// The parameter.
        parameter: String,
        /// What kind was expected.
        expected: &'static str,
    },
    /// A parameter the row uses has no value on a day the row is in force.
    #[error("parameter `{parameter}` has no value on {date}")]
    ParameterGap {
        /// The parameter.
        parameter: String,
        /// The first day without a value.
        date: chrono::NaiveDate,
    },
    /// `versions` names a version that does not exist.
    #[error("unknown version `{0}`")]
    UnknownVersion(String),
    /// An outcome that is not allowed (e.g. more than 2 caseworkers).
    #[error("{0}")]
    BadOutcome(String),
}
