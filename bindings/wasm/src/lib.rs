//! helhed for JavaScript: a thin wasm-bindgen binding of the `helhed` core for node, bundlers and
//! the browser.
//!
//! There is no rule logic here. Documents cross the boundary as JSON text: a case or a plan is
//! read by core's own JSON reader (the one every host uses, with its field-naming errors), and a
//! decision or a report is written by core's serialisation and handed to `JSON.parse`, so a
//! decision is byte for byte the one the CLI writes for the same input. The TypeScript types of
//! those documents are generated from core's Rust types by `tsify` (core's `tsify` feature).
//!
//! ```js
//! const { RuleSet } = require("helhed");
//! const rules = RuleSet.default();
//! const decision = rules.route({ birth_date: "2008-05-10", benefit: "none", efforts: [] }, "2025-01-01");
//! decision.unit; // "ungeindsatsen"
//! rules.free();
//! ```

mod builtin;
mod dates;
mod errors;
mod intern;

use errors::{input_error, rule_set_error, HelhedError};
use helhed::json::DecisionWriter;
use helhed::{Case, ErrorRow, Plan, RouteOptions};
use serde::Serialize;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

/// Declarations the generated types refer to, for types whose JSON form is a plain string or
/// list (chrono's dates, core's bitmask sets, clock times), and the API's own shapes.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A date `YYYY-MM-DD`. */
export type NaiveDate = string;
/** A time of day `HH:MM`. */
export type ClockTime = string;
/** A set of values of a contract enum, as a JSON list. */
export type EnumSet<T> = T[];
/** A case document (v1): the facts of one citizen's situation. */
export type Case = CaseInput;
/** One row of a batch's output: the decision, or an error row in its place. */
export type RouteRow = Decision | ErrorRow;
/** Options for building a decision (core's `RouteOptions`). */
export interface RouteOptions {
    /** The trace of deciding rows: in full (`true` or `"full"`, the default), by reference
     * (`"reference"`: rule, table and status, as `helhed route` writes it), or none (`false`). */
    trace?: boolean | "full" | "reference";
    /** Compute `next_transition` (default true). */
    next_transition?: boolean;
}
/** The errors this package throws: an `Error` whose `code` and `field` say what is wrong. */
export interface HelhedError extends Error {
    /** Stable code of the cause, e.g. `invalid_value`, `unknown_field`, `rule_set`. */
    code: string;
    /** The field the error is about, e.g. `efforts[1].end`; `""` for the whole document. */
    field: string;
}
"#;

/// Installs the panic hook when the module is instantiated: a panic (a bug; core does not panic
/// on any input) becomes a thrown `Error` with the code `internal`, never an abort of the host.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(errors::throw_panic));
}

/// A loaded rule set: routes cases and checks plans. Release it with `free()` or `using`.
#[wasm_bindgen]
pub struct RuleSet {
    rules: Cow<'static, helhed::RuleSet>,
}

/// What `RuleSet.list()` gives for each shipped rule set.
#[derive(Serialize, tsify::Tsify)]
#[tsify(missing_as_null)]
pub struct RuleSetInfo {
    /// The id to pass to `RuleSet.builtin`.
    pub id: String,
    /// Whether it is the default rule set.
    pub default: bool,
    /// Title.
    pub title: String,
    /// Municipality.
    pub municipality: String,
    /// SHA-256 of the rule file's bytes.
    pub sha256: String,
}

#[wasm_bindgen]
impl RuleSet {
    /// The embedded default rule set (`norddjurs-2021`).
    #[wasm_bindgen(js_name = default)]
    pub fn default_rules() -> Result<RuleSet, HelhedError> {
        let rules = builtin::default_rules().map_err(|e| rule_set_error(&e))?;
        Ok(RuleSet {
            rules: Cow::Borrowed(rules),
        })
    }

    /// One of the shipped rule sets by id (see `RuleSet.list()`).
    pub fn builtin(id: &str) -> Result<RuleSet, HelhedError> {
        if !builtin::ids().any(|bid| bid == id) {
            return Err(HelhedError::new(
                "unknown_rule_set",
                "id",
                format!("id: not a shipped rule set; one of: {}", builtin_ids()),
            ));
        }
        let rules = builtin::load(id).map_err(|e| rule_set_error(&e))?;
        Ok(RuleSet {
            rules: Cow::Owned(rules),
        })
    }

    /// A rule set from the text of a rule file (TOML); it may extend a shipped rule set.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str) -> Result<RuleSet, HelhedError> {
        let rules = builtin::from_toml("(text)", text).map_err(|e| rule_set_error(&e))?;
        Ok(RuleSet {
            rules: Cow::Owned(rules),
        })
    }

    /// The shipped rule sets.
    #[wasm_bindgen(unchecked_return_type = "RuleSetInfo[]")]
    pub fn list() -> Result<JsValue, HelhedError> {
        let infos: Vec<RuleSetInfo> = builtin::ids()
            .map(|id| builtin::load(id).map_err(|e| rule_set_error(&e)))
            .map(|rules| {
                rules.map(|r| RuleSetInfo {
                    default: r.id == helhed::ruleset::DEFAULT_RULE_SET,
                    id: r.id,
                    title: r.title,
                    municipality: r.municipality,
                    sha256: r.sha256,
                })
            })
            .collect::<Result<_, _>>()?;
        // As JSON text and `JSON.parse`, like every other result (no second serialiser).
        let json = serde_json::to_string(&infos).map_err(errors::unwritable)?;
        errors::parse(&json)
    }

    /// The rule set's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.rules.id.clone()
    }

    /// The rule set's title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.rules.title.clone()
    }

    /// The municipality.
    #[wasm_bindgen(getter)]
    pub fn municipality(&self) -> String {
        self.rules.municipality.clone()
    }

    /// SHA-256 (hex) of the rule file's bytes.
    #[wasm_bindgen(getter)]
    pub fn sha256(&self) -> String {
        self.rules.sha256.clone()
    }

    /// Decides one case on `asOf` (`YYYY-MM-DD`, default today): the v1 decision.
    pub fn route(
        &self,
        #[wasm_bindgen(js_name = caseDocument, unchecked_param_type = "Case")] case: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string")] as_of: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> Result<Decision, HelhedError> {
        self.route_json(&errors::stringify(&case)?, as_of, options)
    }

    /// [`route`](Self::route) for a case given as JSON text (core's reader: a key given twice,
    /// or text that is not JSON, is an error naming where).
    #[wasm_bindgen(js_name = routeJson)]
    pub fn route_json(
        &self,
        text: &str,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string")] as_of: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> Result<Decision, HelhedError> {
        let as_of = dates::as_of(as_of.as_deref())?;
        let options = route_options(options)?;
        let case = read_case(text).map_err(|e| input_error(&e))?;
        let decision = self
            .rules
            .route(&case, as_of, options.route)
            .map_err(|e| input_error(&e))?;
        let decision = if options.by_reference {
            decision.with_trace_by_reference()
        } else {
            decision
        };
        let json = serde_json::to_string(&decision).map_err(errors::unwritable)?;
        errors::parse(&json).map(JsCast::unchecked_into)
    }

    /// Decides every case of a list on `asOf`: one row per case, in order, each the decision
    /// or (for a bad case) an error row `{case_id, error: {code, field, message}, index}`.
    /// Equal trace entries are one shared, frozen object across the rows (a rule set has a few
    /// dozen distinct entries; building one object per entry per row was most of the time).
    #[wasm_bindgen(js_name = routeMany, unchecked_return_type = "RouteRow[]")]
    pub fn route_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Case[]")] cases: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string")] as_of: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, HelhedError> {
        let as_of = dates::as_of(as_of.as_deref())?;
        let options = route_options(options)?;
        if !js_sys::Array::is_array(&cases) {
            return Err(input_error(&helhed::InputError::InvalidValue {
                field: String::new(),
                expected: "a list of cases".into(),
            }));
        }
        let text = errors::stringify(&cases)?;
        let documents = elements(&text).ok_or_else(|| HelhedError::internal("not a JSON list"))?;
        let mut out = Vec::with_capacity(documents.len() * 512 + 2);
        out.push(b'[');
        let rows = Rows::new(&self.rules, as_of, options);
        let mut traces = options.route.trace.then(intern::Traces::default);
        for (index, document) in documents.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            let start = out.len();
            let decided = rows.write(index, document, &mut out);
            if let (true, Some(traces)) = (decided, traces.as_mut()) {
                traces.take(index, &mut out, start);
            }
        }
        out.push(b']');
        let json = String::from_utf8(out).map_err(|_| errors::not_utf8())?;
        let rows = errors::parse(&json)?;
        if let Some(mut traces) = traces {
            traces.finish();
            fill_traces(&rows, &traces)?;
        }
        Ok(rows)
    }

    /// Decides the cases of a JSON Lines text on `asOf`: JSON Lines out, one decision or error
    /// row per non-blank input line, exactly as `helhed route --trace full` writes them (with
    /// `{trace: "reference"}`, as `helhed route` writes them).
    #[wasm_bindgen(js_name = routeJsonl)]
    pub fn route_jsonl(
        &self,
        text: &str,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string")] as_of: Option<
            String,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "RouteOptions")] options: Option<JsValue>,
    ) -> Result<String, HelhedError> {
        let as_of = dates::as_of(as_of.as_deref())?;
        let options = route_options(options)?;
        let mut out = Vec::with_capacity(text.len() * 4);
        let rows = Rows::new(&self.rules, as_of, options);
        let lines = text.lines().filter(|line| !line.trim().is_empty());
        for (index, line) in lines.enumerate() {
            rows.write(index, line, &mut out);
            out.push(b'\n');
        }
        String::from_utf8(out).map_err(|_| errors::not_utf8())
    }

    /// Checks a coordinating plan on `asOf` (default today): the plan report.
    #[wasm_bindgen(js_name = checkPlan)]
    pub fn check_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
    ) -> Result<PlanReport, HelhedError> {
        self.check_plan_json(&errors::stringify(&plan)?, as_of)
    }

    /// [`checkPlan`](Self::check_plan) for a plan given as JSON text.
    #[wasm_bindgen(js_name = checkPlanJson)]
    pub fn check_plan_json(
        &self,
        text: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
    ) -> Result<PlanReport, HelhedError> {
        let as_of = dates::as_of(as_of.as_deref())?;
        let plan = Plan::from_json(text).map_err(|e| input_error(&e))?;
        let report = self
            .rules
            .check_plan(&plan, as_of)
            .map_err(|e| HelhedError::from_report(e.to_report()))?;
        let json = serde_json::to_string(&report).map_err(errors::unwritable)?;
        errors::parse(&json).map(JsCast::unchecked_into)
    }
}

#[wasm_bindgen]
extern "C" {
    /// A v1 decision (declared by core's `Decision` type).
    #[wasm_bindgen(typescript_type = "Decision")]
    pub type Decision;
    /// A plan report (declared by core's `PlanReport` type).
    #[wasm_bindgen(typescript_type = "PlanReport")]
    pub type PlanReport;
}

/// One case from its JSON text, by core's reader (errors naming the field), as `helhed route`
/// reads a case.
fn read_case(text: &str) -> Result<Case, helhed::InputError> {
    Case::from_json(text)
}

/// Core's route options, and whether trace entries are written by reference (`rule`, `table`,
/// `status`: what `helhed route` writes by default) rather than in full (core's default).
#[derive(Debug, Clone, Copy, Default)]
struct Options {
    route: RouteOptions,
    by_reference: bool,
}

/// Writes the rows of a batch: each document's decision, or its error row.
struct Rows<'r> {
    writer: DecisionWriter<'r>,
    as_of: chrono::NaiveDate,
    options: RouteOptions,
}

impl<'r> Rows<'r> {
    fn new(rules: &'r helhed::RuleSet, as_of: chrono::NaiveDate, options: Options) -> Self {
        Rows {
            writer: if options.by_reference {
                DecisionWriter::by_reference(rules)
            } else {
                DecisionWriter::new(rules)
            },
            as_of,
            options: options.route,
        }
    }

    /// Appends the row for `document` (row `index`) to `out`, as JSON; whether it is a decision
    /// (not an error row).
    fn write(&self, index: usize, document: &str, out: &mut Vec<u8>) -> bool {
        let decided = read_case(document).and_then(|case| {
            let start = out.len();
            self.writer
                .route_into(&case, self.as_of, self.options, out)
                .inspect_err(|_| out.truncate(start))
        });
        if let Err(error) = decided {
            let case_id = helhed::error_row::case_id_of_json(document);
            let row = ErrorRow::new(index, case_id.as_deref(), &error);
            out.extend_from_slice(row.to_json().as_bytes());
            return false;
        }
        true
    }
}

/// The texts of the elements of a JSON list, as `JSON.stringify` writes one (no whitespace); `None`
/// when `text` is not a list. Splitting at the top level's commas is all that is needed: each
/// element is then read by core's reader, and the text is JSON (it comes from `JSON.stringify`).
/// Not serde_json's `Vec<&RawValue>`: its reader parses numbers and prints floats in its error
/// texts, the one use of either in the module besides core's (now gone).
fn elements(text: &str) -> Option<Vec<&str>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut out = Vec::new();
    if inner.trim().is_empty() {
        return Some(out);
    }
    let (mut depth, mut in_string, mut escaped, mut start) = (0usize, false, false, 0);
    for (i, &c) in inner.as_bytes().iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 => {
                out.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(inner[start..].trim());
    Some(out)
}

/// Puts the trace entries that [`intern::Traces`] took out back into the parsed rows, as one
/// frozen object per distinct entry (the objects are shared between rows).
fn fill_traces(rows: &JsValue, traces: &intern::Traces) -> Result<(), HelhedError> {
    if traces.rows().is_empty() {
        return Ok(());
    }
    let table = std::str::from_utf8(traces.table_json()).map_err(|_| errors::not_utf8())?;
    let table: js_sys::Array = errors::parse(table)?.unchecked_into();
    let entries: Vec<JsValue> = table
        .iter()
        .map(|entry| js_sys::Object::freeze(entry.unchecked_ref::<js_sys::Object>()).into())
        .collect();
    let rows: &js_sys::Array = rows.unchecked_ref();
    let key = JsValue::from_str("trace");
    for (row, indices) in traces.rows() {
        let trace: js_sys::Array = js_sys::Reflect::get(&rows.get(*row), &key)
            .map_err(|_| HelhedError::internal("a decision without its trace"))?
            .unchecked_into();
        for &i in indices {
            if let Some(entry) = entries.get(i as usize) {
                trace.push(entry);
            }
        }
    }
    Ok(())
}

/// Reads `{trace?, next_transition?}`: core's `RouteOptions`, where `trace` is `true` or `"full"`
/// (the default), `"reference"`, or `false`; absent keys keep the defaults.
fn route_options(options: Option<JsValue>) -> Result<Options, HelhedError> {
    let mut out = Options::default();
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(out);
    };
    if !options.is_object() {
        return Err(HelhedError::options(""));
    }
    let get = |name: &str| {
        js_sys::Reflect::get(&options, &JsValue::from_str(name))
            .map_err(|_| HelhedError::options(name))
    };
    let trace = get("trace")?;
    match (trace.as_bool(), trace.as_string().as_deref()) {
        _ if trace.is_undefined() => {}
        (Some(on), _) => out.route.trace = on,
        (_, Some("full")) => {}
        (_, Some("reference")) => out.by_reference = true,
        _ => return Err(HelhedError::options("trace")),
    }
    let next = get("next_transition")?;
    if !next.is_undefined() {
        out.route.next_transition = next
            .as_bool()
            .ok_or_else(|| HelhedError::options("next_transition"))?;
    }
    Ok(out)
}

/// The shipped rule sets' ids, comma-separated.
fn builtin_ids() -> String {
    builtin::ids().collect::<Vec<_>>().join(", ")
}

/// The birth date (`YYYY-MM-DD`) a CPR number (`DDMMYY-SSSS` or `DDMMYYSSSS`) gives, by core's
/// rule (the century from the seventh digit). Lets a page turn a CPR number into a birth date and
/// forget the number. The error never shows the number.
#[wasm_bindgen(js_name = birthDateFromCpr)]
pub fn birth_date_from_cpr(cpr: &str) -> Result<String, HelhedError> {
    helhed::cpr::birth_date_from_cpr(cpr)
        .map(|date| date.to_string())
        .map_err(|e| input_error(&helhed::InputError::Cpr(e)))
}

/// The size in bytes of the module's memory (WebAssembly linear memory grows and never shrinks),
/// for hosts that watch for leaks in long-running processes.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// For the package's own tests: panics, to show that the panic hook turns a panic into a thrown
/// `Error` and the module keeps working. Not part of the API.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests, skip_typescript)]
pub fn panic_for_tests() {
    panic!("a panic raised on purpose by the binding's tests");
}

#[cfg(test)]
mod tests {
    use super::elements;

    #[test]
    fn a_list_splits_into_its_elements_texts() {
        let list =
            r#"[{"id":"a,b]","x":[1,[2,3]],"s":"q\"}\\"},null,"x\\\",[]",[],{},-1.5e3,true]"#;
        let parts = elements(list).unwrap();
        assert_eq!(
            parts,
            [
                r#"{"id":"a,b]","x":[1,[2,3]],"s":"q\"}\\"}"#,
                "null",
                r#""x\\\",[]""#,
                "[]",
                "{}",
                "-1.5e3",
                "true"
            ]
        );
        // As serde_json's `Vec<&RawValue>` gives them.
        let raw: Vec<&serde_json::value::RawValue> = serde_json::from_str(list).unwrap();
        assert_eq!(parts, raw.iter().map(|r| r.get()).collect::<Vec<_>>());
        assert_eq!(elements("[]").unwrap(), Vec::<&str>::new());
        assert_eq!(elements(" [1] "), None);
        assert_eq!(elements("{}"), None);
    }
}
