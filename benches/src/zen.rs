//! The same decision tables in GoRules `zen-engine`, generated from the loaded [`RuleSet`] (not
//! written a second time by hand), so both engines run exactly the rows of the version in force,
//! with parameters resolved for the decision date.
//!
//! The graph: request → target-group table (hit policy `first`) → membership table (`first`) →
//! routing table (`first`) → obligations table (`collect`) → response. Each table passes its
//! input through and adds its outcome (`eligible`, `tg_row`; `target_group`; `unit`,
//! `routing_row`; `obligations: [{row}]`), so the next table can test it, as helhed's tables do.
//! The membership table is generated from the rule set's `membership` parameter on the date: it
//! is the rule core applies between the target-group table (eligibility) and routing (membership
//! needs a visitation that screened the citizen in; see `rules/README.md`).
//!
//! Each [`Condition`] becomes one input cell, a unary expression over the fact's field:
//! `Range` → `$ >= 15 and $ < 18` (a cohort bound reads the per-case field `cohort_<name>`),
//! `Is` → `$ == true`, `OneOf` → `$ in [...]` / `not ($ in [...])`, `Set` → `some($, # in [...])`
//! and friends over an array of words. Inputs are precomputed once per case by [`input`] (the age,
//! the active effort sectors, the cohort values): that work is *outside* zen's timing but inside
//! helhed's, which favours zen.

use chrono::NaiveDate;
use helhed::age::age_on;
use helhed::facts::Fact;
use helhed::ruleset::compile::{Bound, Condition, Row, Test, Values};
use helhed::ruleset::format::{membership_by_visitation, MEMBERSHIP_PARAMETER};
use helhed::vocab::{EnumSet, SetMember};
use helhed::{Case, RuleSet};
use serde_json::{json, Map, Value};

/// The rule-set parameter `name` as zen sees it on `date`: a list of quoted words.
fn words(rules: &RuleSet, values: &Values, date: NaiveDate) -> Vec<String> {
    let list: Vec<String> = match values {
        Values::Listed(w) => w.clone(),
        Values::Parameter(p) => rules
            .parameter_on(p, date)
            .and_then(|v| v.words.clone())
            .unwrap_or_else(|| panic!("parameter {p} is not a list on {date}")),
    };
    list.iter().map(|w| format!("{w:?}")).collect()
}

fn is_cohort(rules: &RuleSet, name: &str) -> bool {
    rules
        .parameters
        .get(name)
        .is_some_and(|p| !p.cohorts.is_empty())
}

/// An age bound as an expression: a number, or the per-case field of a cohort parameter.
fn bound(rules: &RuleSet, b: &Bound, date: NaiveDate) -> String {
    match b {
        Bound::Years(n) => n.to_string(),
        Bound::Parameter(p) if is_cohort(rules, p) => format!("cohort_{p}"),
        Bound::Parameter(p) => rules
            .parameter_int(p, date)
            .unwrap_or_else(|| panic!("parameter {p} is not a number on {date}"))
            .to_string(),
    }
}

/// One condition as a zen unary cell over the fact's field (`$`).
pub fn cell(rules: &RuleSet, condition: &Condition, date: NaiveDate) -> String {
    let list = |v: &Values| format!("[{}]", words(rules, v, date).join(", "));
    let mut parts: Vec<String> = Vec::new();
    match &condition.test {
        Test::Range { from, below } => {
            if let Some(b) = from {
                parts.push(format!("$ >= {}", bound(rules, b, date)));
            }
            if let Some(b) = below {
                parts.push(format!("$ < {}", bound(rules, b, date)));
            }
        }
        Test::Is(value) => parts.push(format!("$ == {value}")),
        Test::OneOf { any_of, none_of } => {
            if let Some(v) = any_of {
                parts.push(format!("$ in {}", list(v)));
            }
            if let Some(v) = none_of {
                parts.push(format!("not ($ in {})", list(v)));
            }
        }
        Test::Set {
            any_of,
            all_of,
            none_of,
            one_from_each,
            empty,
        } => {
            if let Some(v) = any_of {
                parts.push(format!("some($, # in {})", list(v)));
            }
            if let Some(v) = all_of {
                for w in words(rules, v, date) {
                    parts.push(format!("{w} in $"));
                }
            }
            if let Some(v) = none_of {
                parts.push(format!("none($, # in {})", list(v)));
            }
            for group in one_from_each {
                parts.push(format!("some($, # in {})", list(group)));
            }
            if let Some(e) = empty {
                parts.push(if *e { "len($) == 0" } else { "len($) > 0" }.into());
            }
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        parts.join(" and ")
    }
}

/// How a table node is laid out: its id, hit policy, output path and output fields.
struct Layout<'a> {
    id: &'a str,
    hit_policy: &'a str,
    output_path: Option<&'a str>,
    outputs: &'a [&'a str],
}

/// A decision-table node from rule rows in force on `date`; `cells(row)` gives the output cells
/// of a row, one expression per output field.
fn table<T>(
    rules: &RuleSet,
    layout: Layout<'_>,
    rows: &[Row<T>],
    date: NaiveDate,
    cells: impl Fn(&Row<T>) -> Vec<String>,
) -> Value {
    let Layout {
        id,
        hit_policy,
        output_path,
        outputs,
    } = layout;
    let version = &rules.version_on(date).expect("a version in force").id;
    let rows: Vec<&Row<T>> = rows.iter().filter(|r| r.in_version(version)).collect();
    let mut facts: Vec<Fact> = rows
        .iter()
        .flat_map(|r| r.conditions.iter().map(|c| c.fact))
        .collect();
    facts.sort();
    facts.dedup();
    let inputs: Vec<Value> = facts
        .iter()
        .map(|f| json!({ "id": format!("in_{}", f.name()), "name": f.name(), "field": f.name() }))
        .collect();
    let output_columns: Vec<Value> = outputs
        .iter()
        .map(|o| json!({ "id": format!("out_{o}"), "name": o, "field": o }))
        .collect();
    let json_rows: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut cells_of_row = Map::new();
            cells_of_row.insert("_id".into(), json!(row.id));
            for fact in &facts {
                let text: Vec<String> = row
                    .conditions
                    .iter()
                    .filter(|c| c.fact == *fact)
                    .map(|c| cell(rules, c, date))
                    .collect();
                cells_of_row.insert(format!("in_{}", fact.name()), json!(text.join(" and ")));
            }
            for (o, expression) in outputs.iter().zip(cells(row)) {
                cells_of_row.insert(format!("out_{o}"), json!(expression));
            }
            Value::Object(cells_of_row)
        })
        .collect();
    let mut content = json!({
        "hitPolicy": hit_policy,
        "passThrough": true,
        "inputs": inputs,
        "outputs": output_columns,
        "rules": json_rows,
    });
    if let Some(path) = output_path {
        content["outputPath"] = json!(path);
    }
    json!({ "id": id, "name": id, "type": "decisionTableNode", "content": content })
}

/// The membership table on `date`: target-group membership from eligibility and the visitation
/// by the date, row for row the rule core applies (a visitation decides when there is one; without
/// one, eligibility decides, unless the rule set's `membership` parameter asks for a visitation).
fn membership(rules: &RuleSet, date: NaiveDate) -> Value {
    let by_visitation = rules
        .parameter_on(MEMBERSHIP_PARAMETER, date)
        .map(|v| membership_by_visitation(&v.value).expect("a loaded membership parameter"))
        .unwrap_or(false);
    let row = |id: &str, visitation: &str, eligible: &str, member: bool| {
        json!({
            "_id": id,
            "in_visitation": visitation,
            "in_eligible": eligible,
            "out_target_group": member.to_string(),
        })
    };
    let mut rows = vec![
        row("screened-in", "$ in [\"screened_in\"]", "$ == true", true),
        row(
            "screened-in-not-eligible",
            "$ in [\"screened_in\"]",
            "",
            false,
        ),
        row("screened-out", "$ in [\"screened_out\"]", "", false),
    ];
    if by_visitation {
        rows.push(row("awaiting-visitation", "$ in [\"none\"]", "", false));
    }
    rows.push(row("eligible", "", "$ == true", true));
    rows.push(row("not-eligible", "", "", false));
    json!({
        "id": "membership",
        "name": "membership",
        "type": "decisionTableNode",
        "content": {
            "hitPolicy": "first",
            "passThrough": true,
            "inputs": [
                { "id": "in_visitation", "name": "visitation", "field": "visitation" },
                { "id": "in_eligible", "name": "eligible", "field": "eligible" }
            ],
            "outputs": [{ "id": "out_target_group", "name": "target_group", "field": "target_group" }],
            "rules": rows,
        }
    })
}

/// The JDM graph of the rule set's three tables in force on `date`, with the membership table.
pub fn graph(rules: &RuleSet, date: NaiveDate) -> Value {
    let quoted = |s: &str| format!("{s:?}");
    let layout = |id, hit_policy, output_path, outputs| Layout {
        id,
        hit_policy,
        output_path,
        outputs,
    };
    let target_group = table(
        rules,
        layout("target_group", "first", None, &["eligible", "tg_row"]),
        &rules.target_group,
        date,
        |r| vec![r.then.target_group.to_string(), quoted(&r.id)],
    );
    let routing = table(
        rules,
        layout("routing", "first", None, &["unit", "routing_row"]),
        &rules.routing,
        date,
        |r| vec![quoted(r.then.unit.as_str()), quoted(&r.id)],
    );
    let obligations = table(
        rules,
        layout("obligations", "collect", Some("obligations"), &["row"]),
        &rules.obligations,
        date,
        |r| vec![quoted(&r.id)],
    );
    json!({
        "nodes": [
            { "id": "request", "name": "Request", "type": "inputNode", "content": {} },
            target_group,
            membership(rules, date),
            routing,
            obligations,
            { "id": "response", "name": "Response", "type": "outputNode", "content": {} }
        ],
        "edges": [
            { "id": "e1", "sourceId": "request", "targetId": "target_group" },
            { "id": "e2", "sourceId": "target_group", "targetId": "membership" },
            { "id": "e3", "sourceId": "membership", "targetId": "routing" },
            { "id": "e4", "sourceId": "routing", "targetId": "obligations" },
            { "id": "e5", "sourceId": "obligations", "targetId": "response" }
        ]
    })
}

fn names<T: SetMember + std::fmt::Display>(set: EnumSet<T>) -> Value {
    Value::Array(set.iter().map(|v| json!(v.to_string())).collect())
}

/// The facts of `case` on `date` as zen's input: every fact a row may test, as it stands on the
/// date (the dated flags, the visitation), plus the value of each cohort parameter for the
/// case's birth date. `None` before the birth date.
pub fn input(rules: &RuleSet, case: &Case, date: NaiveDate) -> Option<Value> {
    let age = age_on(case.birth_date, date, rules.leap_rule_on(date))?;
    let efforts = case.effort_sectors_on(date);
    let mut map = Map::new();
    map.insert("age".into(), json!(age));
    map.insert(
        "age_band".into(),
        json!(helhed::AgeBand::of_age(age).as_str()),
    );
    map.insert("benefit".into(), json!(case.benefit.as_str()));
    map.insert("fleksjob".into(), json!(case.fleksjob.on(date)));
    map.insert("placed".into(), json!(case.placed.on(date)));
    map.insert("aftercare".into(), json!(case.aftercare.on(date)));
    map.insert(
        "vocational_education".into(),
        json!(case.vocational_education),
    );
    map.insert(
        "education_status".into(),
        json!(case.education_status.as_str()),
    );
    map.insert("legal_capacity".into(), json!(case.legal_capacity.as_str()));
    map.insert("effort_sectors".into(), names(efforts));
    map.insert("need_sectors".into(), names(case.needs));
    map.insert("sectors".into(), names(efforts.union(case.needs)));
    map.insert("social_events".into(), names(case.social_events));
    map.insert("plans".into(), names(case.plans));
    map.insert(
        "visitation_category".into(),
        json!(case.visitation_category.map_or("none", |v| v.as_str())),
    );
    map.insert(
        "visitation".into(),
        json!(case
            .visitation
            .and_then(|v| v.on(date))
            .map_or("none", |v| v.as_str())),
    );
    for (name, parameter) in &rules.parameters {
        if !parameter.cohorts.is_empty() {
            let value = rules.cohort_value(name, case.birth_date)?;
            map.insert(format!("cohort_{name}"), json!(value));
        }
    }
    Some(Value::Object(map))
}

/// What zen decided, read back from its response: row ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZenAnswer {
    /// Eligibility (the target-group table's outcome).
    pub eligible: bool,
    /// Target-group membership.
    pub target_group: bool,
    /// The deciding target-group row.
    pub tg_row: String,
    /// The unit.
    pub unit: String,
    /// The deciding routing row.
    pub routing_row: String,
    /// The obligation rows that apply, in table order.
    pub obligations: Vec<String>,
}

/// Reads zen's response.
pub fn answer(response: &Value) -> ZenAnswer {
    let text = |key: &str| {
        response
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("<none>")
            .to_string()
    };
    let flag = |key: &str| response.get(key).and_then(Value::as_bool).unwrap_or(false);
    ZenAnswer {
        eligible: flag("eligible"),
        target_group: flag("target_group"),
        tg_row: text("tg_row"),
        unit: text("unit"),
        routing_row: text("routing_row"),
        obligations: response
            .get("obligations")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| r.get("row").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// helhed's answer in the same terms as [`ZenAnswer`].
pub fn helhed_answer(rules: &RuleSet, case: &Case, date: NaiveDate) -> ZenAnswer {
    let outcome = rules.decide(case, date).expect("benchmark cases are valid");
    let row_id = |rows: Option<&str>| rows.unwrap_or("<none>").to_string();
    ZenAnswer {
        eligible: outcome.eligible,
        target_group: outcome.target_group,
        tg_row: row_id(
            outcome
                .target_group_row()
                .map(|i| rules.target_group[i].id.as_str()),
        ),
        unit: rules.unit_of(&outcome).as_str().to_string(),
        routing_row: row_id(outcome.routing_row().map(|i| rules.routing[i].id.as_str())),
        obligations: rules
            .obligation_rows(&outcome)
            .map(|i| rules.obligations[i].id.clone())
            .collect(),
    }
}

/// A compiled zen decision of the rule set on `date` (one per thread: zen's values are `Rc`).
pub fn decision(rules: &RuleSet, date: NaiveDate) -> zen_engine::Decision {
    let content: zen_engine::model::DecisionContent =
        serde_json::from_value(graph(rules, date)).expect("generated JDM parses");
    let engine = zen_engine::DecisionEngine::default();
    let mut decision = engine
        .create_decision(std::sync::Arc::new(content))
        .expect("generated JDM is a decision graph");
    decision.compile();
    decision
}

/// Evaluation options of the benchmark: trace off, as for helhed.
pub fn options() -> zen_engine::EvaluationOptions {
    zen_engine::EvaluationOptions {
        trace: false,
        max_depth: 10,
    }
}

/// Runs zen on `inputs` and checks every answer against helhed's; panics naming the first case
/// that differs. Returns how many cases were checked.
pub fn check(rules: &RuleSet, cases: &[Case], date: NaiveDate) -> usize {
    let decision = decision(rules, date);
    futures::executor::block_on(async {
        for (i, case) in cases.iter().enumerate() {
            let input = input(rules, case, date).expect("benchmark cases are born");
            let response = decision
                .evaluate_with_opts(zen_engine::Variable::from(input.clone()), options())
                .await
                .unwrap_or_else(|e| panic!("zen failed on case {i}: {e}"));
            let zen = answer(&response.result.to_value());
            let ours = helhed_answer(rules, case, date);
            assert_eq!(zen, ours, "case {i}: zen and helhed differ; input {input}");
        }
    });
    cases.len()
}
