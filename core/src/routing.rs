//! Routing: deciding a case on a date, and finding when the answer next changes.
//!
//! [`RuleSet::decide`] is the fast path: it allocates nothing and returns an [`Outcome`] (row
//! indexes and bitmasks). [`RuleSet::route`] builds the contract's [`Decision`] from it, with the
//! next transition and, if asked, the trace of the rows that decided.

use crate::age::{date_of_age, LeapDayBirthday};
use crate::case::Case;
use crate::decision::{Change, Decision, Obligation, RuleSetRef, TraceEntry, Transition};
use crate::error::InputError;
use crate::facts::Facts;
use crate::ruleset::compile::{FactIndexes, MAX_COHORTS};
use crate::ruleset::format::RoutingThen;
use crate::ruleset::RuleSet;
use crate::vocab::{AgeBand, Sector, Status, Unit};
use chrono::{Datelike, Days, NaiveDate};

#[cfg(test)]
mod next_change_reference;

/// Options for building a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteOptions {
    /// Include the trace of deciding rows (texts and sources).
    pub trace: bool,
    /// Compute `next_transition`.
    pub next_transition: bool,
}

impl Default for RouteOptions {
    fn default() -> Self {
        RouteOptions {
            trace: true,
            next_transition: true,
        }
    }
}

pub(crate) const NO_ROW: u16 = u16::MAX;

/// The trace's source for a membership entry when the rule set has no `membership` parameter.
pub(crate) const VISITATION_FACT_SOURCE: &str = "the case's visitation (screened in or out)";

/// The trace's rule id when no routing row matches.
pub const NO_ROUTING_ROW: &str = "no-routing-row";

/// The trace's texts (Danish, English) when no routing row matches.
pub(crate) const NO_ROUTING_ROW_TEXTS: (&str, &str) = (
    "Ingen regel i regelsættet passer på sagen; den skal vurderes manuelt.",
    "No row of the rule set matches the case; it needs manual review.",
);

/// The trace's texts (Danish, English) for a leap-day birthday under `rule`.
pub(crate) fn leap_day_texts(rule: LeapDayBirthday) -> (&'static str, &'static str) {
    match rule {
        LeapDayBirthday::March1 => (
            "Født 29. februar: fødselsdag 1. marts i almindelige år.",
            "Born 29 February: birthday on 1 March in common years.",
        ),
        LeapDayBirthday::February28 => (
            "Født 29. februar: fødselsdag 28. februar i almindelige år.",
            "Born 29 February: birthday on 28 February in common years.",
        ),
    }
}

/// Why membership differs from eligibility, or rests on a visitation: the trace's `membership`
/// entry. `None` in [`Outcome`] when membership is plain eligibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MembershipBasis {
    /// Screened in, and the criteria still hold: a member.
    ScreenedIn,
    /// Screened in, but the criteria no longer hold: not a member.
    ScreenedInNoLongerEligible,
    /// Screened out: not a member.
    ScreenedOut,
    /// Eligible, but the rule set needs a visitation and there is none yet: not a member.
    AwaitingVisitation,
}

impl MembershipBasis {
    pub(crate) const ALL: [MembershipBasis; 4] = [
        MembershipBasis::ScreenedIn,
        MembershipBasis::ScreenedInNoLongerEligible,
        MembershipBasis::ScreenedOut,
        MembershipBasis::AwaitingVisitation,
    ];

    /// The trace entry's rule id.
    pub(crate) fn rule(self) -> &'static str {
        match self {
            MembershipBasis::ScreenedIn => "membership.screened-in",
            MembershipBasis::ScreenedInNoLongerEligible => "membership.screened-in-not-eligible",
            MembershipBasis::ScreenedOut => "membership.screened-out",
            MembershipBasis::AwaitingVisitation => "membership.awaiting-visitation",
        }
    }

    /// The trace entry's texts (Danish, English).
    pub(crate) fn texts(self) -> (&'static str, &'static str) {
        match self {
            MembershipBasis::ScreenedIn => (
                "Borgeren er visiteret til målgruppen og opfylder kriterierne: borgeren er i målgruppen.",
                "The citizen was screened into the target group and meets its criteria: a member.",
            ),
            MembershipBasis::ScreenedInNoLongerEligible => (
                "Borgeren er visiteret til målgruppen, men opfylder ikke længere kriterierne: borgeren er ikke i målgruppen.",
                "The citizen was screened into the target group but no longer meets its criteria: not a member.",
            ),
            MembershipBasis::ScreenedOut => (
                "Borgeren er visiteret ud af målgruppen: borgeren er ikke i målgruppen.",
                "The citizen was screened out of the target group: not a member.",
            ),
            MembershipBasis::AwaitingVisitation => (
                "Borgeren opfylder kriterierne, men er ikke visiteret: borgeren er ikke i målgruppen, før visitationen har fundet sted.",
                "The citizen meets the criteria but has not been screened: not a member until the visitation has taken place.",
            ),
        }
    }

    /// Membership from eligibility, the visitation on the date, and whether the rule set needs
    /// one; with the basis when it is more than plain eligibility.
    pub(crate) fn decide(
        eligible: bool,
        visitation: Option<crate::vocab::VisitationOutcome>,
        by_visitation: bool,
    ) -> (bool, Option<MembershipBasis>) {
        use crate::vocab::VisitationOutcome;
        match visitation {
            Some(VisitationOutcome::ScreenedIn) if eligible => {
                (true, Some(MembershipBasis::ScreenedIn))
            }
            Some(VisitationOutcome::ScreenedIn) => {
                (false, Some(MembershipBasis::ScreenedInNoLongerEligible))
            }
            Some(VisitationOutcome::ScreenedOut) => (false, Some(MembershipBasis::ScreenedOut)),
            None if eligible && by_visitation => (false, Some(MembershipBasis::AwaitingVisitation)),
            None => (eligible, None),
        }
    }
}

/// The compact result of deciding one case: row indexes and bitmasks, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub(crate) segment: u16,
    /// Whole years on the date.
    pub age: u32,
    /// Eligibility: the rule set's target-group criteria hold.
    pub eligible: bool,
    /// Target-group membership.
    pub target_group: bool,
    /// Why membership is what it is, when it is more than eligibility.
    pub(crate) membership: Option<MembershipBasis>,
    pub(crate) target_group_row: u16,
    pub(crate) routing_row: u16,
    /// Matching obligation rows (bits of the segment's table).
    pub(crate) obligation_bits: u64,
}

impl Outcome {
    /// The age band.
    pub fn age_band(&self) -> AgeBand {
        AgeBand::of_age(self.age)
    }

    /// Index (in [`RuleSet::target_group`]) of the target-group row that decided, if any.
    pub fn target_group_row(&self) -> Option<usize> {
        (self.target_group_row != NO_ROW).then_some(self.target_group_row as usize)
    }

    /// Index (in [`RuleSet::routing`]) of the routing row that decided (`None`: manual review).
    pub fn routing_row(&self) -> Option<usize> {
        (self.routing_row != NO_ROW).then_some(self.routing_row as usize)
    }
}

impl RuleSet {
    /// Decides `case` on `date` without allocating: the fast path behind [`RuleSet::route`].
    pub fn decide(&self, case: &Case, date: NaiveDate) -> Result<Outcome, InputError> {
        let segment = self
            .segment_on(date)
            .filter(|_| crate::date::in_range(date))
            .ok_or_else(|| self.as_of_error(date))?;
        let facts = Facts::of(case, date, self.segments[segment].leap)?;
        Ok(self.decide_facts(segment, facts, case.birth_date))
    }

    /// Why `date` cannot be decided on: outside 0001-01-01 to 9999-12-31, or no version in force.
    pub(crate) fn as_of_error(&self, date: NaiveDate) -> InputError {
        if crate::date::in_range(date) {
            InputError::NoVersionInForce {
                rule_set: self.id.clone(),
                date,
            }
        } else {
            InputError::InvalidValue {
                field: "as_of".into(),
                expected: crate::date::EXPECTED.into(),
            }
        }
    }

    /// Decides already-derived facts in a segment (the batch paths share this with `decide`).
    pub(crate) fn decide_facts(&self, segment: usize, facts: Facts, birth: NaiveDate) -> Outcome {
        let cohorts = if self.cohorts.is_empty() {
            [0; MAX_COHORTS]
        } else {
            self.cohort_values(birth)
        };
        self.decide_facts_with(segment, facts, &cohorts)
    }

    /// Decides already-derived facts in a segment, with the case's cohort values.
    fn decide_facts_with(
        &self,
        segment: usize,
        mut facts: Facts,
        cohorts: &[u32; MAX_COHORTS],
    ) -> Outcome {
        let seg = &self.segments[segment];
        let first = |table: &crate::ruleset::compile::CompiledTable, mask: u64| -> u16 {
            if mask == 0 {
                NO_ROW
            } else {
                table
                    .rows
                    .get(mask.trailing_zeros() as usize)
                    .copied()
                    .unwrap_or(NO_ROW)
            }
        };
        let mut index = FactIndexes::of(&facts);
        let age = facts.age;
        let tg_row = first(
            &seg.target_group,
            seg.target_group.matching(&index, age, cohorts),
        );
        facts.eligible = self
            .target_group
            .get(tg_row as usize)
            .is_some_and(|r| r.then.target_group);
        let (member, membership) = MembershipBasis::decide(
            facts.eligible,
            facts.visitation,
            seg.membership_by_visitation,
        );
        facts.target_group = member;
        index.set_target_group(facts.eligible, facts.target_group);
        let routing_row = first(&seg.routing, seg.routing.matching(&index, age, cohorts));
        facts.unit = self
            .routing
            .get(routing_row as usize)
            .map_or(Unit::ManualReview, |r| r.then.unit);
        index.set_unit(facts.unit);
        let obligation_bits = seg.obligations.matching(&index, age, cohorts);
        Outcome {
            segment: segment as u16,
            age: facts.age,
            eligible: facts.eligible,
            target_group: facts.target_group,
            membership,
            target_group_row: tg_row,
            routing_row,
            obligation_bits,
        }
    }

    /// The routing outcome of an [`Outcome`] (`None`: no row matched, manual review).
    pub fn routing_of(&self, outcome: &Outcome) -> Option<&RoutingThen> {
        self.routing
            .get(outcome.routing_row as usize)
            .map(|r| &r.then)
    }

    /// The unit of an [`Outcome`].
    pub fn unit_of(&self, outcome: &Outcome) -> Unit {
        self.routing_of(outcome)
            .map_or(Unit::ManualReview, |r| r.unit)
    }

    /// Indexes (in [`RuleSet::obligations`]) of the obligation rows that apply.
    pub fn obligation_rows<'a>(&'a self, outcome: &'a Outcome) -> impl Iterator<Item = usize> + 'a {
        let rows = &self.segments[outcome.segment as usize].obligations.rows;
        let mut bits = outcome.obligation_bits;
        // The set bits, lowest first.
        std::iter::from_fn(move || {
            let bit = (bits != 0).then(|| bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
            Some(bit)
        })
        .filter_map(move |b| rows.get(b).map(|&i| i as usize))
    }

    /// Whether two outcomes give the same obligations (kind, unit and reference, in table
    /// order), compared without allocating.
    fn same_obligations(&self, a: &Outcome, b: &Outcome) -> bool {
        let mut left = self.obligation_rows(a).map(|i| &self.obligations[i].then);
        let mut right = self.obligation_rows(b).map(|i| &self.obligations[i].then);
        loop {
            match (left.next(), right.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x == y => continue,
                _ => return false,
            }
        }
    }

    /// Whether two outcomes give the same answer (unit, eligibility, target group, staffing,
    /// obligations with their references).
    pub fn same_answer(&self, a: &Outcome, b: &Outcome) -> bool {
        // The same routing row, and the same obligation bits of the same segment's table, give
        // the same routing and obligations without comparing them.
        let same_rows = a.routing_row == b.routing_row
            && a.segment == b.segment
            && a.obligation_bits == b.obligation_bits;
        a.target_group == b.target_group
            && a.eligible == b.eligible
            && (same_rows
                || self.routing_of(a) == self.routing_of(b) && self.same_obligations(a, b))
    }

    /// The answer compared part by part (the reference `same_answer` agrees with).
    #[cfg(test)]
    fn same_answer_by_parts(&self, a: &Outcome, b: &Outcome) -> bool {
        a.target_group == b.target_group
            && a.eligible == b.eligible
            && self.routing_of(a) == self.routing_of(b)
            && self.same_obligations(a, b)
    }

    /// Decides `case` on `as_of` and builds the contract's decision.
    pub fn route(
        &self,
        case: &Case,
        as_of: NaiveDate,
        options: RouteOptions,
    ) -> Result<Decision, InputError> {
        let outcome = self.decide(case, as_of)?;
        Ok(self.decision(case, as_of, &outcome, options))
    }

    /// Builds the contract's decision from an outcome of [`RuleSet::decide`].
    pub fn decision(
        &self,
        case: &Case,
        as_of: NaiveDate,
        outcome: &Outcome,
        options: RouteOptions,
    ) -> Decision {
        let segment = &self.segments[outcome.segment as usize];
        let version = &self.versions[segment.version];
        let routing = self.routing_of(outcome);
        let obligations = self
            .obligation_rows(outcome)
            .map(|i| {
                let t = &self.obligations[i].then;
                Obligation {
                    kind: t.kind,
                    unit: t.unit,
                    reference: t.reference.clone(),
                }
            })
            .collect();
        Decision {
            case_id: case.id.clone(),
            as_of,
            rule_set: RuleSetRef {
                id: self.id.clone(),
                version: version.id.clone(),
                sha256: self.sha256.clone(),
            },
            age: outcome.age,
            age_band: outcome.age_band(),
            eligible: outcome.eligible,
            target_group: outcome.target_group,
            unit: routing.map_or(Unit::ManualReview, |r| r.unit),
            coordinating_unit: routing.and_then(|r| r.coordinating_unit),
            co_units: routing.map(|r| r.co_units.clone()).unwrap_or_default(),
            caseworkers: routing.map_or(0, |r| r.caseworkers),
            forum: routing.and_then(|r| r.forum.clone()),
            obligations,
            next_transition: if options.next_transition {
                self.next_transition(case, as_of, outcome)
            } else {
                None
            },
            trace: if options.trace {
                self.trace(case, outcome)
            } else {
                Vec::new()
            },
        }
    }

    fn trace(&self, case: &Case, outcome: &Outcome) -> Vec<TraceEntry> {
        let segment = &self.segments[outcome.segment as usize];
        let version = &self.versions[segment.version];
        let mut trace = vec![TraceEntry {
            rule: version.id.clone(),
            table: "versions".into(),
            source: version.source.clone().unwrap_or_else(|| self.file.clone()),
            status: version.status,
            text_da: version.text_da.clone(),
            text_en: version.text_en.clone(),
        }];
        if case.birth_date.month() == 2 && case.birth_date.day() == 29 {
            if let Some(p) = self.parameter_on(
                crate::ruleset::format::LEAP_DAY_PARAMETER,
                self.segments[outcome.segment as usize].from,
            ) {
                let (da, en) = leap_day_texts(segment.leap);
                trace.push(TraceEntry {
                    rule: "leap_day_birthday".into(),
                    table: "parameters".into(),
                    source: p.source.clone(),
                    status: p.status,
                    text_da: da.into(),
                    text_en: en.into(),
                });
            }
        }
        let mut push =
            |rule: &str, table: &str, source: &str, status: Status, da: &str, en: &str| {
                trace.push(TraceEntry {
                    rule: rule.into(),
                    table: table.into(),
                    source: source.into(),
                    status,
                    text_da: da.into(),
                    text_en: en.into(),
                });
            };
        if let Some(r) = self.target_group.get(outcome.target_group_row as usize) {
            push(
                &r.id,
                "target_group",
                &r.source,
                r.status,
                &r.text_da,
                &r.text_en,
            );
        }
        if let Some(basis) = outcome.membership {
            let (source, status) = self.membership_citation(outcome);
            let (da, en) = basis.texts();
            push(basis.rule(), "membership", source, status, da, en);
        }
        match self.routing.get(outcome.routing_row as usize) {
            Some(r) => push(
                &r.id, "routing", &r.source, r.status, &r.text_da, &r.text_en,
            ),
            None => push(
                NO_ROUTING_ROW,
                "routing",
                &self.file,
                Status::Assumption,
                NO_ROUTING_ROW_TEXTS.0,
                NO_ROUTING_ROW_TEXTS.1,
            ),
        }
        for i in self.obligation_rows(outcome) {
            let r = &self.obligations[i];
            push(
                &r.id,
                "obligations",
                &r.source,
                r.status,
                &r.text_da,
                &r.text_en,
            );
        }
        trace
    }

    /// The citation of the trace's `membership` entry: the `membership` parameter on the
    /// outcome's segment, or the case's visitation fact when the rule set has no such parameter.
    pub(crate) fn membership_citation(&self, outcome: &Outcome) -> (&str, Status) {
        let from = self.segments[outcome.segment as usize].from;
        match self.parameter_on(crate::ruleset::format::MEMBERSHIP_PARAMETER, from) {
            Some(p) => (p.source.as_str(), p.status),
            None => (VISITATION_FACT_SOURCE, Status::Source),
        }
    }

    /// The next date after `as_of` (up to 9999-12-31) on which the answer changes, with the
    /// reason, if any.
    pub fn next_transition(
        &self,
        case: &Case,
        as_of: NaiveDate,
        current: &Outcome,
    ) -> Option<Transition> {
        let (date, outcome, reason) = self.next_change(case, as_of, current)?;
        let routing = self.routing_of(&outcome);
        Some(Transition {
            date,
            unit: self.unit_of(&outcome),
            eligible: outcome.eligible,
            target_group: outcome.target_group,
            reason: reason.text(false),
            reason_da: reason.text(true),
            coordinating_unit: routing.and_then(|r| r.coordinating_unit),
            caseworkers: routing.map_or(0, |r| r.caseworkers),
            obligations: self.obligations_of(&outcome),
            changes: self.changes(current, &outcome).collect(),
        })
    }

    /// The next change after `as_of` as a columnar host shows it: the date of
    /// [`RuleSet::next_transition`] and the outcome from that date, whose unit
    /// ([`RuleSet::unit_of`]) is the transition's `unit` (and so are its other fields: the
    /// outcome decides them). The same search, without the transition's reason texts and lists,
    /// so nothing is allocated. `None` exactly when `next_transition` gives `None`.
    pub fn next_change_outcome(
        &self,
        case: &Case,
        as_of: NaiveDate,
        current: &Outcome,
    ) -> Option<(NaiveDate, Outcome)> {
        self.next_change(case, as_of, current)
            .map(|(date, outcome, _)| (date, outcome))
    }

    /// The obligations of an outcome, as a decision gives them.
    pub(crate) fn obligations_of(&self, outcome: &Outcome) -> Vec<Obligation> {
        self.obligation_rows(outcome)
            .map(|i| {
                let t = &self.obligations[i].then;
                Obligation {
                    kind: t.kind,
                    unit: t.unit,
                    reference: t.reference.clone(),
                }
            })
            .collect()
    }

    /// The parts of the answer that differ between two outcomes, in contract order.
    pub fn changes<'a>(
        &'a self,
        a: &'a Outcome,
        b: &'a Outcome,
    ) -> impl Iterator<Item = Change> + 'a {
        let (ra, rb) = (self.routing_of(a), self.routing_of(b));
        let differs = move |change: &Change| match change {
            Change::Unit => self.unit_of(a) != self.unit_of(b),
            Change::Eligible => a.eligible != b.eligible,
            Change::TargetGroup => a.target_group != b.target_group,
            Change::CoordinatingUnit => {
                ra.and_then(|r| r.coordinating_unit) != rb.and_then(|r| r.coordinating_unit)
            }
            Change::CoUnits => {
                ra.map(|r| r.co_units.as_slice()) != rb.map(|r| r.co_units.as_slice())
            }
            Change::Caseworkers => ra.map(|r| r.caseworkers) != rb.map(|r| r.caseworkers),
            Change::Forum => ra.map(|r| &r.forum) != rb.map(|r| &r.forum),
            Change::Obligations => !self.same_obligations(a, b),
        };
        Change::ALL.into_iter().filter(move |c| differs(c))
    }

    /// The next date after `as_of` on which the answer changes, the outcome from that date and
    /// why, if any (the reason is put in words only by the caller).
    ///
    /// Steps through the dates on which a fact of the case or the rule set can change, earliest
    /// first, deciding the case on each until the answer differs from `current`. What does not
    /// change from step to step (the check of the id, the cohort values) is done once.
    pub(crate) fn next_change<'a>(
        &'a self,
        case: &'a Case,
        as_of: NaiveDate,
        current: &Outcome,
    ) -> Option<(NaiveDate, Outcome, Reason<'a>)> {
        // No date can be decided for a case whose id looks like a CPR number.
        if case.id.as_deref().is_some_and(crate::case::looks_like_cpr) {
            return None;
        }
        let cohorts = self.cohort_values(case.birth_date);
        let mut date = as_of;
        // Each step moves strictly forward through a finite set of candidate dates.
        for _ in 0..512 {
            let (next, reason) = self.next_candidate(case, date, &cohorts)?;
            // Dates are written YYYY-MM-DD: a change after 9999-12-31 is no transition.
            if next > crate::date::LAST {
                return None;
            }
            let outcome = self.decide_candidate(case, next, &cohorts)?;
            if !self.same_answer(current, &outcome) {
                return Some((next, outcome, reason));
            }
            date = next;
        }
        None
    }

    /// [`RuleSet::decide`] on a candidate date of [`RuleSet::next_change`], for a case whose id
    /// is known not to look like a CPR number and with its cohort values computed once; `None`
    /// where `decide` fails.
    fn decide_candidate(
        &self,
        case: &Case,
        date: NaiveDate,
        cohorts: &[u32; MAX_COHORTS],
    ) -> Option<Outcome> {
        let segment = self
            .segment_on(date)
            .filter(|_| crate::date::in_range(date))?;
        let facts = Facts::with_checked_id(case, date, self.segments[segment].leap)?;
        Some(self.decide_facts_with(segment, facts, cohorts))
    }

    /// The earliest date after `after` on which a fact or the rule set can change, with why.
    /// Candidates are offered in a fixed order, and the first offered wins a tie.
    fn next_candidate<'a>(
        &'a self,
        case: &'a Case,
        after: NaiveDate,
        cohorts: &[u32; MAX_COHORTS],
    ) -> Option<(NaiveDate, Reason<'a>)> {
        let mut best: Option<(NaiveDate, Reason<'a>)> = None;
        let mut offer = |date: Option<NaiveDate>, reason: Reason<'a>| {
            if let Some(d) = date.filter(|d| *d > after) {
                if best.as_ref().is_none_or(|b| d < b.0) {
                    best = Some((d, reason));
                }
            }
        };
        // A birthday falls in the year of birth plus the age, so the year alone rules out one
        // before `after`'s year (not after it) or after the best date's year (not earlier), and
        // only the others are worked out. The leap-day rule moves only a 29 February birthday.
        let birth = case.birth_date;
        let leap = if birth.month() == 2 && birth.day() == 29 {
            self.leap_rule_on(after)
        } else {
            LeapDayBirthday::March1
        };
        let mut best_year = i32::MAX;
        for &age in self
            .threshold_ages
            .iter()
            .chain(cohorts.iter().take(self.cohorts.len()))
        {
            let year = i32::try_from(age)
                .ok()
                .and_then(|age| birth.year().checked_add(age));
            if year.is_some_and(|y| y < after.year() || y > best_year) {
                continue;
            }
            let date = date_of_age(birth, age, leap);
            if let Some(d) = date.filter(|d| *d > after) {
                best_year = best_year.min(d.year());
            }
            offer(date, Reason::Turns(age));
        }
        for (flag, status) in [
            (&case.fleksjob, DatedStatus::Fleksjob),
            (&case.placed, DatedStatus::Placed),
            (&case.aftercare, DatedStatus::Aftercare),
        ] {
            let [starts, ends] = flag.changes();
            offer(starts, Reason::StatusStarts(status));
            offer(ends, Reason::StatusEnded(status));
        }
        if let Some(visitation) = &case.visitation {
            offer(
                Some(visitation.date),
                Reason::Visitation(visitation.outcome),
            );
        }
        for (i, effort) in case.efforts.iter().enumerate() {
            offer(Some(effort.start), Reason::EffortStarts(i, effort.sector));
            // The day after the end is a candidate only if the end is not before `after`: the
            // day is worked out only then.
            offer(
                effort
                    .end
                    .filter(|e| *e >= after)
                    .and_then(|e| e.checked_add_days(Days::new(1))),
                Reason::EffortEnded(i, effort.sector),
            );
        }
        if let Some((from, segment)) = self.segment_starts_after(after).next() {
            let version = &self.versions[self.segments[segment].version];
            let reason = if version.from == from {
                Reason::VersionTakesEffect(&version.id)
            } else {
                Reason::ParameterChanges(&self.id)
            };
            offer(Some(from), reason);
        }
        best
    }
}

/// A dated status of the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DatedStatus {
    Fleksjob,
    Placed,
    Aftercare,
}

impl DatedStatus {
    /// The status in English or Danish.
    fn name(self, danish: bool) -> &'static str {
        match (self, danish) {
            (DatedStatus::Fleksjob, _) => "fleksjob",
            (DatedStatus::Placed, false) => "placement",
            (DatedStatus::Placed, true) => "anbringelse",
            (DatedStatus::Aftercare, false) => "aftercare",
            (DatedStatus::Aftercare, true) => "efterværn",
        }
    }
}

/// Why the answer changes on a transition's date; put in words only once it is the reason.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reason<'a> {
    /// A dated status (fleksjob, placement, aftercare) begins.
    StatusStarts(DatedStatus),
    /// A dated status ended the day before.
    StatusEnded(DatedStatus),
    /// The visitation to the target group takes effect.
    Visitation(crate::vocab::VisitationOutcome),
    /// A threshold or cohort age.
    Turns(u32),
    /// An effort begins: its position in `efforts` and its sector. An effort is named by these
    /// only, never by its free text (law, section, kind), which could hold anything.
    EffortStarts(usize, Sector),
    /// An effort ended the day before (position and sector).
    EffortEnded(usize, Sector),
    /// A version (its id) takes effect.
    VersionTakesEffect(&'a str),
    /// A parameter of the rule set (its id) changes.
    ParameterChanges(&'a str),
}

/// `efforts[2] (lab)`: an effort by its position in the case and its sector.
fn effort_name(index: usize, sector: Sector, piece: &mut dyn FnMut(&str)) {
    piece("efforts[");
    piece(itoa::Buffer::new().format(index));
    piece("] (");
    piece(sector.as_str());
    piece(")");
}

impl Reason<'_> {
    /// The reason in English or Danish, handed to `piece` in consecutive pieces (so that a
    /// writer can escape them without joining them first).
    pub(crate) fn pieces(&self, danish: bool, piece: &mut dyn FnMut(&str)) {
        match *self {
            Reason::StatusStarts(status) => {
                piece(status.name(danish));
                piece(if danish { " begynder" } else { " starts" });
            }
            Reason::StatusEnded(status) => {
                piece(status.name(danish));
                piece(if danish { " ophørt" } else { " ended" });
            }
            Reason::Visitation(outcome) => {
                use crate::vocab::VisitationOutcome;
                piece(match (outcome, danish) {
                    (VisitationOutcome::ScreenedIn, false) => "screened into the target group",
                    (VisitationOutcome::ScreenedIn, true) => "visiteret til målgruppen",
                    (VisitationOutcome::ScreenedOut, false) => "screened out of the target group",
                    (VisitationOutcome::ScreenedOut, true) => "visiteret ud af målgruppen",
                });
            }
            Reason::Turns(age) => {
                let mut digits = itoa::Buffer::new();
                let age = digits.format(age);
                if danish {
                    piece("fylder ");
                    piece(age);
                    piece(" år");
                } else {
                    piece("turns ");
                    piece(age);
                }
            }
            Reason::EffortStarts(index, sector) => {
                piece(if danish {
                    "indsats begynder: "
                } else {
                    "effort starts: "
                });
                effort_name(index, sector, piece);
            }
            Reason::EffortEnded(index, sector) => {
                piece(if danish {
                    "indsats ophørt: "
                } else {
                    "effort ended: "
                });
                effort_name(index, sector, piece);
            }
            Reason::VersionTakesEffect(id) => {
                if danish {
                    piece("regelsættets version ");
                    piece(id);
                    piece(" træder i kraft");
                } else {
                    piece("rule-set version ");
                    piece(id);
                    piece(" takes effect");
                }
            }
            Reason::ParameterChanges(id) => {
                if danish {
                    piece("en parameter i regelsættet ");
                    piece(id);
                    piece(" ændres");
                } else {
                    piece("a parameter of rule set ");
                    piece(id);
                    piece(" changes");
                }
            }
        }
    }

    /// The reason in English or Danish.
    pub(crate) fn text(&self, danish: bool) -> String {
        let mut text = String::new();
        self.pieces(danish, &mut |p| text.push_str(p));
        text
    }
}
