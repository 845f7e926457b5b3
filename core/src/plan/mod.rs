//! Plan validity: whether a coordinating plan (koordinerende plan / helhedsorienteret plan) is
//! lawful and complete, item by item.
//!
//! [`check_plan`] routes the plan's case with the rule set, reads the rule set's plan parameters
//! on the check date ([`params`]), runs every check ([`checks`]) and returns a [`PlanReport`]:
//! `valid` is false exactly when a violation of severity `error` is present. Each violation has a
//! stable [`Code`] (documented, with its source, in `docs/plan-checks.md`), the path of the part
//! of the plan it is about (`consents`, `offers[1].schedule[0]`, ...), a reference and a message
//! in Danish and English. Messages never repeat the plan's free text or the case's personal data.
//!
//! ```
//! use helhed::plan::{check_plan, Plan};
//! use helhed::RuleSet;
//! use chrono::NaiveDate;
//!
//! let plan = Plan::from_json(r#"{"created": "2025-01-10",
//!     "case": {"birth_date": "1990-04-02", "benefit": "kontanthjaelp", "efforts": []}}"#).unwrap();
//! let as_of = NaiveDate::from_ymd_opt(2025, 2, 1).unwrap();
//! let report = check_plan(&plan, as_of, RuleSet::default_rules()).unwrap();
//! assert!(!report.valid);
//! assert!(report.violations.iter().any(|v| v.code.as_str() == "PLAN_CONSENT_MISSING"));
//! ```

pub mod checks;
pub mod codes;
pub mod document;
pub mod params;

pub use codes::{Code, CodeInfo, Severity};
pub use document::{
    Agreement, Caseworker, ClockTime, Consent, ConsentGiver, CoordinatingCaseworker, FollowUp,
    Goal, GoalArea, GoalKind, Offer, Plan, ScheduleSlot, SectorPlan, SectorPlanKind, Weekday,
};
pub use params::{ConsentRule, PlanParams};

use crate::decision::RuleSetRef;
use crate::error::{ErrorReport, InputError, RuleSetError};
use crate::routing::RouteOptions;
use crate::ruleset::RuleSet;
use chrono::NaiveDate;
use serde::Serialize;

/// One finding of a plan check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Violation {
    /// Stable code of the check.
    pub code: Code,
    /// `error` (the plan is invalid) or `warning`.
    pub severity: Severity,
    /// The part of the plan it is about, e.g. `coordinating_caseworker.caseload`.
    pub path: String,
    /// What the check rests on: a law, the seed, or the rule set's parameter source.
    pub reference: String,
    /// What is wrong and what to do, in Danish.
    pub message_da: String,
    /// What is wrong and what to do, in English.
    pub message_en: String,
}

/// The result of checking one plan on one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(
    title = "PlanReport",
    description = "Whether a coordinating plan is lawful and complete, item by item (helhed v1)."
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct PlanReport {
    /// False exactly when a violation of severity `error` is present.
    pub valid: bool,
    /// The findings, in the order of the checks, then by position in the plan.
    pub violations: Vec<Violation>,
    /// The plan's `case_id`, if any.
    pub case_id: Option<String>,
    /// The check date.
    pub as_of: NaiveDate,
    /// The rule set used (id, version in force on `as_of`, SHA-256).
    pub rule_set: RuleSetRef,
}

/// Why a plan could not be checked at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanCheckError {
    /// The plan (or its case, or the check date) is not acceptable input.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The rule set lacks a parameter plan checks need, or has an unusable value.
    #[error(transparent)]
    RuleSet(#[from] RuleSetError),
}

impl PlanCheckError {
    /// The error as the contract's error object `{code, field, message}`; a rule-set problem has
    /// the code `rule_set` and an empty field.
    pub fn to_report(&self) -> ErrorReport {
        match self {
            PlanCheckError::Input(e) => e.to_report(),
            PlanCheckError::RuleSet(e) => ErrorReport {
                code: "rule_set",
                field: String::new(),
                message: e.to_string(),
            },
        }
    }
}

/// Checks `plan` on `as_of` with `rules`: every check of `docs/plan-checks.md`, with the rule
/// set's parameters and routing.
pub fn check_plan(
    plan: &Plan,
    as_of: NaiveDate,
    rules: &RuleSet,
) -> Result<PlanReport, PlanCheckError> {
    let case = plan.validate()?;
    let decision = rules.route(
        &case,
        as_of,
        RouteOptions {
            trace: true,
            next_transition: false,
        },
    )?;
    let params = PlanParams::of(rules, as_of)?;
    let violations = checks::run(&checks::Context {
        plan,
        case: &case,
        as_of,
        decision: &decision,
        params: &params,
        rules,
    });
    Ok(PlanReport {
        valid: !violations.iter().any(|v| v.severity == Severity::Error),
        violations,
        case_id: plan.case_id.clone(),
        as_of,
        rule_set: decision.rule_set,
    })
}

impl RuleSet {
    /// Checks a plan with this rule set; see [`check_plan`].
    pub fn check_plan(&self, plan: &Plan, as_of: NaiveDate) -> Result<PlanReport, PlanCheckError> {
        check_plan(plan, as_of, self)
    }
}
