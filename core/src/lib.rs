//! # helhed
//!
//! Rules and decisions for Danish municipal holistic case management (helhedsorienteret
//! sagsbehandling og indsats). Given the facts of one citizen's situation on a date, helhed decides
//! whether the citizen belongs to the target group, which unit is responsible, who must do what,
//! and when the answer will change — with a cited reason for every step.
//!
//! Rule sets are data (`rules/*.toml`); one is embedded as the default.
//!
//! ```
//! use helhed::{Case, RuleSet, RouteOptions};
//! use chrono::NaiveDate;
//!
//! let case = Case::from_json(r#"{"birth_date": "2008-05-10", "benefit": "none", "efforts": []}"#).unwrap();
//! let rules = RuleSet::default_rules();
//! let decision = rules.route(&case, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), RouteOptions::default()).unwrap();
//! assert_eq!(decision.unit, helhed::Unit::Ungeindsatsen);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod age;
pub mod batch;
pub mod case;
mod case_read;
pub mod compare;
pub mod cpr;
pub mod date;
mod decimal;
pub mod decision;
pub mod diff;
pub mod error;
pub mod error_row;
pub mod explain;
pub mod facts;
pub mod json;
mod objects;
pub mod plan;
pub mod routing;
pub mod ruleset;
pub mod schema;
#[cfg(feature = "proptest")]
pub mod strategies;
pub mod synth;
pub mod timeline;
pub mod verify;
pub mod vocab;

pub use batch::{BatchColumns, CaseColumns, CaseColumnsBuf, CaseRow};
pub use case::{Case, CaseInput, DatedFlag, Effort, Period, Visitation};
pub use decision::{Change, Decision, Obligation, RuleSetRef, TraceEntry, Transition};
pub use error::{ErrorReport, InputError, RowProblem, RuleSetError};
pub use error_row::ErrorRow;
pub use plan::{check_plan, Plan, PlanCheckError, PlanReport, Severity, Violation};
pub use routing::{Outcome, RouteOptions};
pub use ruleset::RuleSet;
pub use vocab::{
    AgeBand, Benefit, EducationStatus, LegalCapacity, ObligationKind, PlanKind, Sector,
    SocialEvent, Status, Unit, VisitationCategory, VisitationOutcome,
};
