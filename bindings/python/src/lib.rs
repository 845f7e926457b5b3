//! `helhed._helhed`: the native module of the `helhed` Python package.
//!
//! A thin host over `helhed` (core): it turns Python and Arrow input into core's types, calls
//! core, and hands back core's own output: `route` builds the decision's dict from core's
//! `Decision` (`pyobj`); batches and reports are core's JSON, loaded with `json.loads`. No rule
//! logic lives here. Every routing call releases the GIL; batches run
//! on a thread pool of this process (made again after a `fork`), and Ctrl-C is checked between
//! chunks.

mod arrow_in;
mod arrow_out;
mod ffi_in;
mod pool;
mod pyjson;
mod pyobj;

use arrow_array::RecordBatch;
use arrow_in::CaseBatch;
use arrow_out::{DecisionColumns, Labels, MovedRow};
use chrono::NaiveDate;
use helhed::compare::{Crosstab, Move};
use helhed::json::DecisionWriter;
use helhed::{
    BatchColumns, Case, Decision, ErrorRow, InputError, Plan, PlanCheckError, RouteOptions,
    RuleSet, RuleSetError,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// Rows per unit of parallel work.
const CHUNK_ROWS: usize = 4096;
/// Pieces a thread between two Ctrl-C checks of `route_arrow` and `compare` (1,000,000 rows by
/// core's columns: one wave on two threads; 4,096-row pieces: about a tenth of a second).
const PIECES_PER_WAVE: usize = 32;
/// Rows per unit of parallel work of `route_arrow` by core's columns, each one output batch:
/// larger, as a row costs less there and every batch costs a little to hand over (a pyarrow
/// table of 1,000,000 rows has 62 batches rather than 245).
const COLUMNS_CHUNK_ROWS: usize = 16 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors: core's error enums become the Python classes of `helhed.errors`.

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = ERRORS.get_or_try_init(py, || py.import("helhed.errors").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

fn raise<'py, A: pyo3::call::PyCallArgs<'py>>(py: Python<'py>, class: &str, args: A) -> PyErr {
    match error_class(py, class).and_then(|cls| cls.call1(args)) {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// `InvalidCase(message, field, code)`.
fn invalid_case(error: &InputError) -> PyErr {
    Python::attach(|py| {
        let report = error.to_report();
        raise(
            py,
            "InvalidCase",
            (report.message, report.field, report.code),
        )
    })
}

/// `InvalidPlan(message, field, code)` or, for a rule-set problem, `InvalidRuleSet`.
fn invalid_plan(error: &PlanCheckError) -> PyErr {
    match error {
        PlanCheckError::RuleSet(e) => invalid_rule_set(e),
        PlanCheckError::Input(e) => Python::attach(|py| {
            let report = e.to_report();
            raise(
                py,
                "InvalidPlan",
                (report.message, report.field, report.code),
            )
        }),
    }
}

/// `InvalidRuleSet(message, file, row)`.
fn invalid_rule_set(error: &RuleSetError) -> PyErr {
    let file = error.file().to_string();
    let row = error.row().map(str::to_string);
    Python::attach(|py| raise(py, "InvalidRuleSet", (error.to_string(), file, row)))
}

fn arrow_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("Arrow data: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Input conversion.

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn json_fn<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyAny>>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(cell
        .get_or_try_init(py, || py.import("json")?.getattr(name).map(Bound::unbind))?
        .bind(py)
        .clone())
}

/// `json.loads` of text core wrote.
fn loads<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    json_fn(py, &JSON_LOADS, "loads")?.call1((PyBytes::new(py, text),))
}

/// `default=` of `json.dumps`: dates as ISO text (what `pyjson` writes for other objects).
#[pyfunction]
fn _json_default(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(date) = value.extract::<NaiveDate>() {
        if !value.hasattr("hour")? {
            return Ok(date.format("%Y-%m-%d").to_string());
        }
    }
    Err(PyTypeError::new_err(format!(
        "a value of type {} is not part of the contract (use str, bool, list, dict or datetime.date)",
        value.get_type().name()?
    )))
}

/// A document given as a dict, a JSON string or UTF-8 bytes, as JSON text.
fn document_text(document: &Bound<'_, PyAny>, what: &str) -> PyResult<Result<String, InputError>> {
    if let Ok(text) = document.cast::<PyString>() {
        return Ok(Ok(text.to_str()?.to_string()));
    }
    if let Ok(bytes) = document.cast::<PyBytes>() {
        return Ok(String::from_utf8(bytes.as_bytes().to_vec()).map_err(|_| {
            InputError::InvalidValue {
                field: String::new(),
                expected: "UTF-8 JSON text".into(),
            }
        }));
    }
    if document.cast::<PyDict>().is_ok() {
        return Ok(Ok(pyjson::dumps(document)?));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be a dict, a JSON str or UTF-8 bytes, not {}",
        document.get_type().name()?
    )))
}

/// `as_of` as a date: a `datetime.date`, an ISO string, or `None` for today.
fn as_of_date(as_of: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    let Some(value) = as_of.filter(|v| !v.is_none()) else {
        return Ok(chrono::Local::now().date_naive());
    };
    let wrong = || {
        invalid_case(&InputError::InvalidValue {
            field: "as_of".into(),
            expected: "a date YYYY-MM-DD (a datetime.date or an ISO string)".into(),
        })
    };
    if let Ok(text) = value.cast::<PyString>() {
        return arrow_in::parse_date(text.to_str()?).ok_or_else(wrong);
    }
    if value.hasattr("hour")? {
        return Err(wrong());
    }
    value.extract::<NaiveDate>().map_err(|_| wrong())
}

/// How a decision's trace is written: `True` or `"ref"` by reference (`rule`, `table`,
/// `status`: the CLI's default), `"full"` with sources and texts, `False` none.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trace {
    Off,
    ByReference,
    Full,
}

impl<'a, 'py> FromPyObject<'a, 'py> for Trace {
    type Error = PyErr;

    fn extract(value: Borrowed<'a, 'py, PyAny>) -> PyResult<Trace> {
        if let Ok(on) = value.extract::<bool>() {
            return Ok(if on { Trace::ByReference } else { Trace::Off });
        }
        match value.extract::<String>().as_deref() {
            Ok("ref") => Ok(Trace::ByReference),
            Ok("full") => Ok(Trace::Full),
            _ => Err(PyValueError::new_err(
                "trace must be True or \"ref\" (by reference), \"full\" or False",
            )),
        }
    }
}

impl Trace {
    /// The writer of decisions with this trace.
    fn writer<'w>(self, writers: &'w Writers) -> &'w DecisionWriter<'w> {
        let pair = writers.borrow_dependent();
        match self {
            Trace::Full => &pair.full,
            Trace::ByReference | Trace::Off => &pair.by_reference,
        }
    }

    fn options(self) -> RouteOptions {
        RouteOptions {
            trace: self != Trace::Off,
            next_transition: true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rule sets.

/// A rule set's two decision writers: trace in full, and by reference (also used with the trace
/// off). Making one serialises every row's JSON once, which costs far more than routing a case,
/// so a rule set makes them once, on first use, not once per call.
struct WriterPair<'r> {
    full: DecisionWriter<'r>,
    by_reference: DecisionWriter<'r>,
}

self_cell::self_cell!(
    /// A rule set with its decision writers, which borrow it.
    struct Writers {
        owner: Arc<RuleSet>,
        #[covariant]
        dependent: WriterPair,
    }
);

impl Writers {
    fn of(rules: &Arc<RuleSet>) -> Writers {
        Writers::new(Arc::clone(rules), |rules| WriterPair {
            full: DecisionWriter::new(rules),
            by_reference: DecisionWriter::by_reference(rules),
        })
    }
}

/// A loaded, checked and compiled rule set (immutable; safe to share across threads).
#[pyclass(frozen, name = "RuleSet", module = "helhed._helhed")]
struct PyRuleSet {
    rules: Arc<RuleSet>,
    /// Made on the first `route_many`.
    writers: std::sync::OnceLock<Writers>,
    /// The Python objects of `route`'s decisions that come from the rule set, kept as made.
    objects: pyobj::DecisionObjects,
}

impl PyRuleSet {
    fn of(rules: RuleSet) -> PyRuleSet {
        PyRuleSet {
            rules: Arc::new(rules),
            writers: std::sync::OnceLock::new(),
            objects: pyobj::DecisionObjects::default(),
        }
    }

    fn writers(&self) -> &Writers {
        self.writers.get_or_init(|| Writers::of(&self.rules))
    }
}

fn load(spec: &str) -> Result<RuleSet, RuleSetError> {
    if helhed::ruleset::BUILTIN
        .iter()
        .any(|(id, _, _)| *id == spec)
    {
        return RuleSet::builtin(spec);
    }
    match std::fs::read_to_string(spec) {
        Ok(text) => RuleSet::from_toml(spec, &text),
        Err(e) => Err(RuleSetError::Format {
            file: spec.to_string(),
            message: format!(
                "cannot read the rule file: {e} (embedded rule sets: {})",
                builtin_ids().join(", ")
            ),
        }),
    }
}

fn builtin_ids() -> Vec<&'static str> {
    helhed::ruleset::BUILTIN
        .iter()
        .map(|(id, _, _)| *id)
        .collect()
}

#[pymethods]
impl PyRuleSet {
    /// The embedded default rule set (`norddjurs-2021`).
    #[staticmethod]
    fn default() -> PyRuleSet {
        PyRuleSet::of(RuleSet::default_rules().clone())
    }

    /// Loads an embedded rule set by id, or a rule file (TOML) by path.
    #[staticmethod]
    fn load(py: Python<'_>, id_or_path: std::path::PathBuf) -> PyResult<PyRuleSet> {
        let spec = id_or_path.to_string_lossy().to_string();
        py.detach(|| load(&spec))
            .map(PyRuleSet::of)
            .map_err(|e| invalid_rule_set(&e))
    }

    /// Loads a rule set from TOML text; `file` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, file = "<string>"))]
    fn from_toml(py: Python<'_>, text: &str, file: &str) -> PyResult<PyRuleSet> {
        py.detach(|| RuleSet::from_toml(file, text))
            .map(PyRuleSet::of)
            .map_err(|e| invalid_rule_set(&e))
    }

    /// The ids of the embedded rule sets, the default first.
    #[staticmethod]
    fn list() -> Vec<&'static str> {
        builtin_ids()
    }

    /// The rule set's stable id.
    #[getter]
    fn id(&self) -> &str {
        &self.rules.id
    }

    /// The rule set's title.
    #[getter]
    fn title(&self) -> &str {
        &self.rules.title
    }

    /// SHA-256 (hex) of the rule file.
    #[getter]
    fn sha256(&self) -> &str {
        &self.rules.sha256
    }

    /// The municipality (or body) whose rules these are.
    #[getter]
    fn municipality(&self) -> &str {
        &self.rules.municipality
    }

    /// The id of the version in force on `date` (`None` if none is).
    fn version_on(&self, date: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        let date = as_of_date(Some(date))?;
        Ok(self.rules.version_on(date).map(|v| v.id.clone()))
    }

    fn __repr__(&self) -> String {
        format!("RuleSet({:?})", self.rules.id)
    }

    /// Routes one case; returns the v1 Decision as a dict (the JSON every host gives). `trace`:
    /// `True` or `"ref"` (the default) lists the deciding rows by reference, as the CLI does;
    /// `"full"` adds their sources and texts; `False` leaves the list empty.
    #[pyo3(signature = (case, as_of = None, *, trace = Trace::ByReference))]
    fn route<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
        trace: Trace,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = as_of_date(as_of)?;
        let text = document_text(case, "case")?.map_err(|e| invalid_case(&e))?;
        let rules = &self.rules;
        let decision = py.detach(|| -> Result<Decision, InputError> {
            let case = Case::from_json(&text)?;
            let decision = rules.route(&case, as_of, trace.options())?;
            Ok(match trace {
                Trace::ByReference => decision.with_trace_by_reference(),
                Trace::Full | Trace::Off => decision,
            })
        });
        self.objects
            .decision(py, decision.map_err(|e| invalid_case(&e))?)
    }

    /// Routes many cases (any iterable of dicts, JSON strings or bytes) on one date: one dict
    /// per case, in order, each a Decision or an error row `{case_id, error, index}`. `trace` as
    /// for `route` (default `False`); `next_transition=False` skips the search for the next
    /// change (each decision's `next_transition` is then `None`); `threads` caps the threads
    /// (default: all cores).
    #[pyo3(signature = (cases, as_of = None, *, trace = Trace::Off, next_transition = true, threads = None))]
    fn route_many<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
        trace: Trace,
        next_transition: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_date(as_of)?;
        let mut texts = Vec::new();
        for item in cases.try_iter()? {
            texts.push(document_text(&item?, "each case")?);
        }
        let writers = self.writers();
        let options = RouteOptions {
            next_transition,
            ..trace.options()
        };
        let indexed: Vec<(usize, &Result<String, InputError>)> = texts.iter().enumerate().collect();
        let pieces = pool::run_chunks(py, threads, &indexed, CHUNK_ROWS, 8, |chunk| {
            let writer = trace.writer(writers);
            let mut out = Vec::with_capacity(chunk.len() * 600);
            for (index, text) in chunk {
                if !out.is_empty() {
                    out.push(b',');
                }
                let routed = match text {
                    Ok(text) => Case::from_json(text).and_then(|case| {
                        writer
                            .route_into(&case, as_of, options, &mut out)
                            .map(|_| ())
                    }),
                    Err(e) => Err(e.clone()),
                };
                if let Err(error) = routed {
                    let id = text
                        .as_ref()
                        .ok()
                        .and_then(|t| helhed::error_row::case_id_of_json(t));
                    out.extend_from_slice(
                        ErrorRow::new(*index, id.as_deref(), &error)
                            .to_json()
                            .as_bytes(),
                    );
                }
            }
            out
        })?;
        let mut json =
            Vec::with_capacity(pieces.iter().map(Vec::len).sum::<usize>() + pieces.len() + 2);
        json.push(b'[');
        for (i, piece) in pieces.iter().filter(|p| !p.is_empty()).enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.extend_from_slice(piece);
        }
        json.push(b']');
        loads(py, &json)
    }

    /// Routes an Arrow table (anything with `__arrow_c_stream__`: pyarrow, polars, pandas ≥ 2.2)
    /// on one date: a `pyarrow.Table` with one row of flat decision columns per input row, in
    /// order; a bad row fills the `error_*` columns. `next_transition=False` skips the search
    /// for each row's next change: the columns stay, `next_transition_date` and
    /// `next_transition_unit` all null, and the rest is the same (2–3 times faster). With the
    /// trace off, rows are read column by column either way (`route_piece_by_columns`).
    #[pyo3(signature = (data, as_of = None, *, trace = false, next_transition = true, threads = None))]
    fn route_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
        trace: bool,
        next_transition: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_date(as_of)?;
        let batches = read_batches(py, data)?;
        let rules = &self.rules;
        let labels = Labels::of(rules);
        let schema = arrow_out::decision_schema(trace);
        let by_columns = !trace && columns_fit(rules);
        let piece_rows = if by_columns {
            COLUMNS_CHUNK_ROWS
        } else {
            CHUNK_ROWS
        };
        let chunks = chunk_batches(&batches, piece_rows)?;
        let out = pool::run_chunks(py, threads, &chunks, 1, PIECES_PER_WAVE, |chunk| {
            chunk
                .iter()
                .map(|piece| {
                    if by_columns {
                        route_piece_by_columns(
                            rules,
                            &labels,
                            piece,
                            as_of,
                            next_transition,
                            schema.clone(),
                        )
                    } else {
                        let work = PieceWork {
                            trace,
                            next_transition,
                        };
                        route_piece(rules, &labels, piece, as_of, work, schema.clone())
                    }
                })
                .collect::<Vec<_>>()
        })?;
        let out: Vec<RecordBatch> = out
            .into_iter()
            .flatten()
            .collect::<Result<_, _>>()
            .map_err(arrow_error)?;
        PyTable::try_new(out, schema)?.into_pyarrow(py)
    }

    /// Checks a coordinating plan (dict, JSON string or bytes); returns the v1 PlanReport.
    #[pyo3(signature = (plan, as_of = None))]
    fn check_plan<'py>(
        &self,
        py: Python<'py>,
        plan: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_date(as_of)?;
        let text =
            document_text(plan, "plan")?.map_err(|e| invalid_plan(&PlanCheckError::Input(e)))?;
        let rules = &self.rules;
        let report = py.detach(|| -> Result<Vec<u8>, PlanCheckError> {
            let plan = Plan::from_json(&text)?;
            let report = rules.check_plan(&plan, as_of)?;
            Ok(serde_json::to_vec(&report).unwrap_or_default())
        });
        loads(py, &report.map_err(|e| invalid_plan(&e))?)
    }
}

// ---------------------------------------------------------------------------------------------
// Arrow batches.

/// Reads every record batch of the input ([`ffi_in::read_batches`]).
fn read_batches(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    ffi_in::read_batches(py, data)
}

/// A run of rows of one input batch.
struct Piece {
    batch: Arc<CaseBatch>,
    /// Row of the whole input of the batch's first row.
    offset: usize,
    start: usize,
    len: usize,
}

/// Checks and casts each batch's columns, and cuts the batches into pieces of work.
fn chunk_batches(batches: &[RecordBatch], piece_rows: usize) -> PyResult<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut offset = 0;
    for batch in batches {
        let cases = Arc::new(CaseBatch::new(batch).map_err(|e| invalid_case(&e))?);
        let rows = cases.len();
        let mut start = 0;
        while start < rows {
            let len = piece_rows.min(rows - start);
            pieces.push(Piece {
                batch: Arc::clone(&cases),
                offset,
                start,
                len,
            });
            start += len;
        }
        offset += rows;
    }
    Ok(pieces)
}

/// What `route_piece` adds to each decided row.
#[derive(Clone, Copy)]
struct PieceWork {
    trace: bool,
    next_transition: bool,
}

/// Routes a piece row by row: each row's `Case`, `decide`, and the next transition and trace
/// when asked.
fn route_piece(
    rules: &RuleSet,
    labels: &Labels,
    piece: &Piece,
    as_of: NaiveDate,
    work: PieceWork,
    schema: arrow_schema::SchemaRef,
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let mut out = DecisionColumns::new(piece.len, work.trace, true, work.next_transition);
    for row in piece.start..piece.start + piece.len {
        let decided = piece
            .batch
            .case(row)
            .and_then(|case| rules.decide(&case, as_of).map(|outcome| (case, outcome)));
        match decided {
            Ok((case, outcome)) => {
                let next = work
                    .next_transition
                    .then(|| rules.next_transition(&case, as_of, &outcome))
                    .flatten();
                let trace_rows = work.trace.then(|| {
                    let options = RouteOptions {
                        trace: true,
                        next_transition: false,
                    };
                    rules
                        .decision(&case, as_of, &outcome, options)
                        .trace
                        .into_iter()
                        .map(|t| t.rule)
                        .collect()
                });
                out.decided(
                    rules,
                    case.id.as_deref(),
                    &outcome,
                    next.as_ref(),
                    trace_rows,
                );
            }
            Err(error) => out.error(piece.offset + row, piece.batch.id(row), &error),
        }
    }
    out.finish(schema, labels, None)
}

/// Whether `decide_columns` can answer for `rules`: its obligation bitmask has a bit for each
/// obligation row only up to 64 rows.
fn columns_fit(rules: &RuleSet) -> bool {
    rules.obligations.len() <= 64
}

/// Routes a piece through core's columns: the piece's Arrow columns read column by column
/// into core's codes and bitmasks (`CaseBatch::read_piece`: the checks and errors of
/// `CaseBatch::case`), decided, and the output built column by column from the codes, all in
/// this piece's task (so on every thread of the pool). Without the next transition, the piece
/// is decided at once by `decide_columns`. With it, each row read without an error is decided
/// by `decide` on its case as `CaseBatch::dated_case` fills it (no texts), and its next change
/// found by core's `next_change_outcome` (the date and unit of `next_transition`, without its
/// texts). No trace; otherwise the same rows as `route_piece` gives.
fn route_piece_by_columns(
    rules: &RuleSet,
    labels: &Labels,
    piece: &Piece,
    as_of: NaiveDate,
    next_transition: bool,
    schema: arrow_schema::SchemaRef,
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    // Rows that could not be read keep a placeholder row in the columns, and their error.
    // Each thread reads its pieces into the same columns and decides them into the same
    // `BatchColumns` (their memory kept from piece to piece).
    PIECE.with_borrow_mut(|(read, decided)| {
        piece.batch.read_piece(piece.start, piece.len, as_of, read);
        let unread = std::mem::take(&mut read.errors);
        // Emptied (memory kept): `decide_columns` and `decide_rows` write each row from there.
        decided.clear();
        let mut next = Vec::new();
        if next_transition {
            decide_rows(rules, piece, read, &unread, as_of, decided, &mut next);
        } else if let Err(error) = rules.decide_columns(&read.columns(), as_of, decided) {
            // Every column was filled row by row: their lengths cannot differ.
            return Err(arrow_schema::ArrowError::ComputeError(error.to_string()));
        }
        // A row's reading error comes first, as `CaseBatch::case` fails before `decide` runs;
        // an error row shows its `id` unless it looks like a CPR number (`ErrorRow`).
        let mut errors: Vec<(usize, helhed::ErrorReport)> = Vec::new();
        let mut unread = unread.into_iter().peekable();
        let mut undecided = decided.errors.iter().peekable();
        let rows = if unread.peek().is_none() && undecided.peek().is_none() {
            0
        } else {
            piece.len
        };
        for i in 0..rows {
            let read_error = unread.next_if(|(at, _)| *at == i).map(|(_, e)| e);
            let decide_error = undecided.next_if(|(at, _)| *at == i).map(|(_, e)| e);
            if let Some(error) = read_error.as_ref().or(decide_error) {
                errors.push((i, error.to_report()));
            }
        }
        let case_ids = match read.case_ids.take() {
            Some(ids) => ids,
            None => piece.batch.case_ids(piece.start, piece.len, !read.cpr_id),
        };
        let next = next_transition.then_some(next.as_slice());
        arrow_out::columns_batch(schema, rules, labels, decided, &errors, case_ids, next)
    })
}

thread_local! {
    /// A thread's columns for [`route_piece_by_columns`].
    static PIECE: std::cell::RefCell<(arrow_in::PieceColumns, BatchColumns)> =
        std::cell::RefCell::default();
}

/// The decision columns of a piece read by `CaseBatch::read_piece` (`read`; `unread`: the
/// rows it could not read), decided row by row with `decide` on each row's case, as
/// `decide_columns` writes them, and each decided row's next change (date as days since
/// 1970-01-01, unit index) into `next`. An unread row keeps a placeholder (`decided` has no
/// error for it: its reading error is its row's).
fn decide_rows(
    rules: &RuleSet,
    piece: &Piece,
    read: &arrow_in::PieceColumns,
    unread: &[(usize, InputError)],
    as_of: NaiveDate,
    decided: &mut BatchColumns,
    next: &mut Vec<Option<(i32, i8)>>,
) {
    let rows = piece.len;
    next.reserve(rows);
    // Filled by `CaseBatch::dated_case` row by row.
    let mut case = Case::born(NaiveDate::default());
    let mut unread = unread.iter().map(|(at, _)| *at).peekable();
    for i in 0..rows {
        let row = piece.start + i;
        let outcome = if unread.next_if_eq(&i).is_some() {
            None
        } else {
            let full;
            let case = match piece.batch.dated_case(row, read, i, &mut case) {
                Ok(()) => &case,
                Err(_) => match piece.batch.case(row) {
                    Ok(c) => {
                        full = c;
                        &full
                    }
                    Err(error) => {
                        decided.errors.push((i, error));
                        push_undecided(decided, next);
                        continue;
                    }
                },
            };
            match rules.decide(case, as_of) {
                Ok(outcome) => Some((outcome, rules.next_change_outcome(case, as_of, &outcome))),
                Err(error) => {
                    decided.errors.push((i, error));
                    None
                }
            }
        };
        match outcome {
            Some((outcome, change)) => {
                decided.push(rules, &outcome);
                next.push(change.map(|(date, to)| {
                    (
                        helhed::batch::days_since_epoch(date),
                        rules.unit_of(&to).index() as i8,
                    )
                }));
            }
            None => push_undecided(decided, next),
        }
    }
}

/// The placeholder of a row that is an error (as `decide_columns` writes one).
fn push_undecided(decided: &mut BatchColumns, next: &mut Vec<Option<(i32, i8)>>) {
    decided.push_undecided();
    next.push(None);
}

/// What `compare` found in one piece.
#[derive(Default)]
struct Comparison {
    crosstab: Crosstab,
    moved: Vec<MovedRow>,
    errors: Vec<ErrorRow>,
}

/// Crosstab cells, moved rows and error rows.
type CompareResult<'py> = (
    Vec<(&'static str, &'static str, u64)>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
);

/// Compares two rule sets over an Arrow table; the Python `helhed.compare` shapes the result:
/// `(crosstab cells [(unit_a, unit_b, count)], moved rows (pyarrow.Table), error rows
/// (pyarrow.Table))`.
#[pyfunction]
#[pyo3(signature = (rules_a, rules_b, data, as_of = None, *, threads = None))]
fn _compare<'py>(
    py: Python<'py>,
    rules_a: &PyRuleSet,
    rules_b: &PyRuleSet,
    data: &Bound<'py, PyAny>,
    as_of: Option<&Bound<'py, PyAny>>,
    threads: Option<usize>,
) -> PyResult<CompareResult<'py>> {
    let as_of = as_of_date(as_of)?;
    let batches = read_batches(py, data)?;
    let chunks = chunk_batches(&batches, CHUNK_ROWS)?;
    let (a, b) = (&*rules_a.rules, &*rules_b.rules);
    let parts = pool::run_chunks(py, threads, &chunks, 1, PIECES_PER_WAVE, |chunk| {
        let mut found = Comparison::default();
        for piece in chunk {
            for row in piece.start..piece.start + piece.len {
                let index = piece.offset + row;
                let outcomes = piece.batch.case(row).and_then(|case| {
                    Ok((a.decide(&case, as_of)?, b.decide(&case, as_of)?, case.id))
                });
                match outcomes {
                    Ok((oa, ob, case_id)) => {
                        found.crosstab.add(a.unit_of(&oa), b.unit_of(&ob));
                        if let Some(change) = Move::between(a, &oa, b, &ob) {
                            found.moved.push(MovedRow {
                                index,
                                case_id,
                                change,
                            });
                        }
                    }
                    Err(error) => {
                        found
                            .errors
                            .push(ErrorRow::new(index, piece.batch.id(row), &error))
                    }
                }
            }
        }
        found
    })?;
    let mut total = Comparison::default();
    for part in parts {
        total.crosstab.merge(&part.crosstab);
        total.moved.extend(part.moved);
        total.errors.extend(part.errors);
    }
    let cells = total
        .crosstab
        .cells()
        .map(|(x, y, n)| (x.as_str(), y.as_str(), n))
        .collect();
    let moved = arrow_out::moved_batch(&total.moved).map_err(arrow_error)?;
    let errors = arrow_out::error_batch(&total.errors).map_err(arrow_error)?;
    Ok((
        cells,
        PyTable::try_new(vec![moved], arrow_out::moved_schema())?.into_pyarrow(py)?,
        PyTable::try_new(vec![errors], arrow_out::error_schema())?.into_pyarrow(py)?,
    ))
}

/// A synthetic population of `n` cases (core's generator: row `i` depends only on `seed` and
/// `i`; ages are taken on `reference`), as a `pyarrow.Table` of the columns `route_arrow` reads.
#[pyfunction]
#[pyo3(signature = (n, seed = 1, reference = None))]
fn synth<'py>(
    py: Python<'py>,
    n: usize,
    seed: u64,
    reference: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let reference = match reference {
        Some(r) if !r.is_none() => as_of_date(Some(r))?,
        _ => NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
    };
    let batch = py
        .detach(|| {
            let cases = helhed::synth::population(seed, n, reference);
            arrow_out::case_batch(&cases)
        })
        .map_err(arrow_error)?;
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
}

/// The JSON Schema (as text) of a contract document: `case`, `decision`, `plan` or `report`.
#[pyfunction]
fn schema(name: &str) -> PyResult<String> {
    helhed::schema::schema(name)
        .ok_or_else(|| PyValueError::new_err(format!("no schema named {name:?}")))
}

/// The native module.
#[pymodule]
fn _helhed(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRuleSet>()?;
    m.add_function(wrap_pyfunction!(_compare, m)?)?;
    m.add_function(wrap_pyfunction!(synth, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(_json_default, m)?)?;
    m.add("CASE_COLUMNS", arrow_in::CASE_COLUMNS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
