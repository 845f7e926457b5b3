//! The plan checks, in the order of [`Code::ALL`].
//!
//! Semantics worth knowing (also in `docs/plan-checks.md`):
//!
//! - **Age** is whole years on the check date, from the case's birth date (as routing counts it).
//! - **Consent.** From `adult_age`: the citizen's own, whatever the `legal_capacity`; only when the
//!   plan says `citizen_can_consent: false` the guardian's (`guardian`, accepted with a warning:
//!   a § 6 værgemål covers economic matters only) or the future attorney's
//!   (`future_power_of_attorney`, accepted with a warning). Under `adult_age`:
//!   the rule set's `under_18_consent` and `young_person_consent_from_age` decide; the young
//!   person consents as `citizen`. A consent counts when it is dated on or before `created` and is
//!   not withdrawn on or before the check date (for a closed plan: its closing date). Consents
//!   from others than the required parties are ignored.
//! - **Closed plans** (`closed` on or before the check date) are checked as a record: consent,
//!   participation, contents, sector plans, the coordinating caseworker, the 15–17 goal and the
//!   dates. The checks of the current state are skipped: the coordinating unit against routing,
//!   the caseload, whether the plan is warranted or should be closed, follow-up and collisions.
//! - **Follow-ups** dated after the check date are planned and do not count yet; follow-ups
//!   before the plan do not count either (and are an error).
//! - **Collisions** are checked between offers that both run on or after the check date, in the
//!   weeks in which both run; slots that touch (one ends 10:00, the next starts 10:00) do not
//!   collide.

use super::codes::Code;
use super::document::{ConsentGiver, GoalArea, GoalKind, Offer, Plan, SectorPlanKind};
use super::params::{ConsentRule, PlanParams};
use super::Violation;
use crate::case::Case;
use crate::decision::Decision;
use crate::ruleset::RuleSet;
use crate::vocab::{Benefit, EnumSet, LegalCapacity, Sector, Status, Unit};
use chrono::{Months, NaiveDate};

/// What the checks look at.
pub struct Context<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its validated case.
    pub case: &'a Case,
    /// The check date.
    pub as_of: NaiveDate,
    /// The case routed with the rule set on the check date (with its trace).
    pub decision: &'a Decision,
    /// The rule set's plan parameters on the check date.
    pub params: &'a PlanParams,
    /// The rule set.
    pub rules: &'a RuleSet,
}

impl Context<'_> {
    /// Whether the plan is open on the check date.
    fn open(&self) -> bool {
        self.plan.closed.is_none_or(|c| c > self.as_of)
    }

    /// The last day a consent must hold: the closing date of a closed plan, else the check date.
    fn consent_until(&self) -> NaiveDate {
        self.plan
            .closed
            .filter(|c| *c <= self.as_of)
            .unwrap_or(self.as_of)
    }
}

#[derive(Default)]
struct Out(Vec<Violation>);

impl Out {
    fn push(
        &mut self,
        code: Code,
        path: impl Into<String>,
        reference: impl Into<String>,
        da: String,
        en: String,
    ) {
        self.violation(code, path.into(), reference.into(), da, en);
    }

    /// [`push`](Self::push) once, not at each of its 30 call sites (the WASM module's size).
    #[inline(never)]
    fn violation(&mut self, code: Code, path: String, reference: String, da: String, en: String) {
        self.0.push(Violation {
            code,
            severity: code.severity(),
            path,
            reference,
            message_da: da,
            message_en: en,
        });
    }

    /// A violation whose reference is the code's documented one. Not inlined: one copy for each
    /// combination of argument types, not one per call site (the WASM module's size).
    #[inline(never)]
    fn plain(
        &mut self,
        code: Code,
        path: impl Into<String>,
        da: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.violation(
            code,
            path.into(),
            code.reference().to_string(),
            da.into(),
            en.into(),
        );
    }
}

/// Runs every check; the violations come in the order of [`Code::ALL`], then of the plan.
pub fn run(ctx: &Context<'_>) -> Vec<Violation> {
    let mut out = Out::default();
    consent(ctx, &mut out);
    participation_and_contents(ctx, &mut out);
    sector_plans(ctx, &mut out);
    coordinator(ctx, &mut out);
    need(ctx, &mut out);
    follow_up(ctx, &mut out);
    youth_goal(ctx, &mut out);
    collisions(ctx, &mut out);
    dates(ctx, &mut out);
    // In the order of the codes, and within a code in the order found (what a stable sort by
    // `Code::order` gives), by one pass over the few violations per code: no sort of its own
    // (each sort is a few KB of a WASM module).
    let mut found: Vec<Option<Violation>> = out.0.into_iter().map(Some).collect();
    let mut violations = Vec::with_capacity(found.len());
    for code in Code::ALL {
        for slot in &mut found {
            if slot.as_ref().is_some_and(|v| v.code == *code) {
                violations.extend(slot.take());
            }
        }
    }
    violations
}

fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// (English, Danish) name of a consenting party.
fn party(giver: ConsentGiver, minor: bool) -> (&'static str, &'static str) {
    match giver {
        ConsentGiver::Citizen if minor => ("the young person", "den unge"),
        ConsentGiver::Citizen => ("the citizen", "borgeren"),
        ConsentGiver::Guardian => ("the guardian (værge)", "værgen"),
        ConsentGiver::FutureAttorney => (
            "the future attorney (fremtidsfuldmægtig)",
            "fremtidsfuldmægtigen",
        ),
        ConsentGiver::CustodyHolder => ("the custody holder", "forældremyndighedsindehaveren"),
    }
}

/// (English, Danish) name of a unit.
fn unit_name(unit: Unit) -> (&'static str, &'static str) {
    match unit {
        Unit::Ungeindsatsen => ("Ungeindsatsen", "Ungeindsatsen"),
        Unit::Arbejdsmarked => ("Arbejdsmarked", "Arbejdsmarked"),
        Unit::Socialomraadet => ("Socialområdet", "Socialområdet"),
        Unit::OutOfScope => ("no unit (out_of_scope)", "ingen enhed (out_of_scope)"),
        Unit::ManualReview => ("manual review", "manuel vurdering"),
    }
}

fn municipal(unit: Unit) -> bool {
    matches!(
        unit,
        Unit::Ungeindsatsen | Unit::Arbejdsmarked | Unit::Socialomraadet
    )
}

const ADULT_CONSENT_REFERENCE: &str = "LAB § 40 stk. 3; SEL § 141 stk. 7; seed 003_b2662dd495bcefef.txt (proposed LAB § 28 a / SEL § 141 a stk. 2)";
const GUARDIAN_CONSENT_REFERENCE: &str = "værgemålsloven §§ 5–6; seed 003_b2662dd495bcefef.txt, proposed LAB § 28 a / SEL § 141 a stk. 2 (Hvis personen ikke er i stand til at give et informeret samtykke til planens udarbejdelse, kan planen med samtykke fra en bemyndiget værge eller en fremtidsfuldmægtig udarbejdes uden personens samtykke)";
const ATTORNEY_CONSENT_REFERENCE: &str = "lov om fremtidsfuldmagter §§ 1–2; seed 003_b2662dd495bcefef.txt, proposed LAB § 28 a / SEL § 141 a stk. 2 (Hvis personen ikke er i stand til at give et informeret samtykke til planens udarbejdelse, kan planen med samtykke fra en bemyndiget værge eller en fremtidsfuldmægtig udarbejdes uden personens samtykke)";

fn consent(ctx: &Context<'_>, out: &mut Out) {
    let p = ctx.params;
    let plan = ctx.plan;
    let age = ctx.decision.age;
    let adult = p.adult_age.value;
    let minor = age < adult;
    let (required, why_en, why_da, reference): (&[ConsentGiver], String, String, String) = if !minor
    {
        match (plan.citizen_can_consent, ctx.case.legal_capacity) {
            (true, LegalCapacity::Full) => (
                &[ConsentGiver::Citizen],
                "An adult citizen consents to their own plan.".into(),
                "En voksen borger giver selv samtykke til sin plan.".into(),
                ADULT_CONSENT_REFERENCE.into(),
            ),
            (true, _) => (
                &[ConsentGiver::Citizen],
                "A citizen able to consent consents to their own plan, also with a guardian or a lasting power of attorney; a representative consents only for a citizen who cannot.".into(),
                "En borger, der kan give samtykke, giver selv samtykke til sin plan, også med værge eller fremtidsfuldmagt; en repræsentant giver kun samtykke for en borger, der ikke kan.".into(),
                format!("{ADULT_CONSENT_REFERENCE}; {GUARDIAN_CONSENT_REFERENCE}"),
            ),
            (false, LegalCapacity::Guardian) => (
                &[ConsentGiver::Guardian],
                "The citizen cannot give informed consent and has a guardian, who consents on the citizen's behalf.".into(),
                "Borgeren kan ikke give informeret samtykke og har en værge, som giver samtykke på borgerens vegne.".into(),
                GUARDIAN_CONSENT_REFERENCE.into(),
            ),
            (false, LegalCapacity::FuturePowerOfAttorney) => (
                &[ConsentGiver::FutureAttorney],
                "The citizen cannot give informed consent and has a lasting power of attorney; the future attorney consents.".into(),
                "Borgeren kan ikke give informeret samtykke og har en fremtidsfuldmagt; fremtidsfuldmægtigen giver samtykke.".into(),
                ATTORNEY_CONSENT_REFERENCE.into(),
            ),
            (false, LegalCapacity::Full) => (
                &[ConsentGiver::Guardian],
                "The citizen cannot give informed consent and has neither a guardian nor a lasting power of attorney: only an authorised guardian (or a future attorney) can consent.".into(),
                "Borgeren kan ikke give informeret samtykke og har hverken værge eller fremtidsfuldmagt: kun en bemyndiget værge (eller en fremtidsfuldmægtig) kan give samtykke.".into(),
                GUARDIAN_CONSENT_REFERENCE.into(),
            ),
        }
    } else {
        let from = p.young_person_consent_from_age.value;
        let last = adult.saturating_sub(1);
        let mut reference = p.under_18_consent.reference();
        let from_reference = p.young_person_consent_from_age.reference();
        if from_reference != reference {
            reference = format!("{reference}; {from_reference}");
        }
        if age < from {
            (
                &[ConsentGiver::CustodyHolder],
                format!("Under this rule set the custody holder consents for a young person under {from}."),
                format!("Efter dette regelsæt giver forældremyndighedsindehaveren samtykke for en ung under {from} år."),
                reference,
            )
        } else {
            match p.under_18_consent.value {
                ConsentRule::CustodyHolderAndYoungPerson => (
                    &[ConsentGiver::CustodyHolder, ConsentGiver::Citizen],
                    format!("Under this rule set both the custody holder and a young person aged {from} to {last} consent."),
                    format!("Efter dette regelsæt giver både forældremyndighedsindehaveren og en ung på {from}–{last} år samtykke."),
                    reference,
                ),
                ConsentRule::YoungPerson => (
                    &[ConsentGiver::Citizen],
                    format!("Under this rule set a young person aged {from} to {last} consents alone, even if the parents object."),
                    format!("Efter dette regelsæt giver en ung på {from}–{last} år selv samtykke, også selv om forældrene siger nej."),
                    reference,
                ),
            }
        }
    };
    let until = ctx.consent_until();
    for &giver in required {
        let (who_en, who_da) = party(giver, minor);
        if giver == ConsentGiver::CustodyHolder && plan.parents_object {
            out.push(
                Code::ParentsObject,
                "parents_object",
                reference.clone(),
                format!("Forældrene siger nej til planen. {why_da} Planen kan ikke bygge på forældremyndighedsindehaverens samtykke, når forældrene siger nej."),
                format!("The parents object to the plan. {why_en} The plan cannot rest on the custody holder's consent while the parents object."),
            );
            continue;
        }
        let given: Vec<(usize, &super::Consent)> = plan
            .consents
            .iter()
            .enumerate()
            .filter(|(_, c)| c.given_by == giver)
            .collect();
        let counts =
            |c: &super::Consent| c.date <= plan.created && c.withdrawn.is_none_or(|w| w > until);
        if let Some((i, _)) = given.iter().find(|(_, c)| counts(c)) {
            if giver == ConsentGiver::Guardian {
                out.plain(
                    Code::ConsentGuardianScope,
                    format!("consents[{i}]"),
                    "Planen bygger på værgens samtykke. Kontrollér, at værgemålet omfatter personlige forhold; et værgemål efter værgemålslovens § 6 omfatter kun økonomiske forhold.",
                    "The plan rests on the guardian's consent. Check that the værgemål covers personal matters; a værgemål under værgemålsloven § 6 covers economic matters only.",
                );
            }
            if giver == ConsentGiver::FutureAttorney {
                out.plain(
                    Code::ConsentAttorneyScope,
                    format!("consents[{i}]"),
                    "Planen bygger på fremtidsfuldmægtigens samtykke. Kontrollér, at fremtidsfuldmagten omfatter personlige forhold; det er ikke afklaret, at den dækker en koordinerende plan.",
                    "The plan rests on the future attorney's consent. Check that the lasting power of attorney covers personal matters; it is not settled that it covers a coordinating plan.",
                );
            }
            continue;
        }
        if given.is_empty() {
            out.push(
                Code::ConsentMissing,
                "consents",
                reference.clone(),
                format!("Der er intet samtykke fra {who_da}. {why_da}"),
                format!("There is no consent from {who_en}. {why_en}"),
            );
        }
        for (i, c) in given {
            if c.date > plan.created {
                out.plain(
                    Code::ConsentAfterPlan,
                    format!("consents[{i}].date"),
                    format!("Samtykket fra {who_da} er dateret efter, at planen blev lavet; samtykke skal gives senest på planens dato. Indhent samtykket før planen, eller dater planen på ny."),
                    format!("The consent from {who_en} is dated after the plan was made; consent must be given on or before the plan's date. Obtain consent first, or date the plan again."),
                );
            } else if c.withdrawn.is_some_and(|w| w <= until) {
                out.plain(
                    Code::ConsentWithdrawn,
                    format!("consents[{i}].withdrawn"),
                    format!("{} har trukket sit samtykke tilbage; planen bygger ikke længere på samtykke. Afslut planen, eller indhent et nyt samtykke.", capitalise(who_da)),
                    format!("{} has withdrawn the consent; the plan no longer rests on consent. Close the plan, or obtain a new consent.", capitalise(who_en)),
                );
            }
        }
    }
}

fn participation_and_contents(ctx: &Context<'_>, out: &mut Out) {
    let plan = ctx.plan;
    if !plan.citizen_participated {
        out.plain(
            Code::CitizenNotParticipated,
            "citizen_participated",
            "Borgeren har ikke medvirket til planen. Planen skal udarbejdes sammen med borgeren, så borgeren forstår målet med og indholdet i planen.",
            "The citizen did not take part in making the plan. The plan must be made together with the citizen, so that the citizen understands its goals and content.",
        );
    }
    if blank(plan.citizen_views.as_deref()) {
        out.plain(
            Code::CitizenViewsMissing,
            "citizen_views",
            "Borgerens holdning og ønsker til indsatsen og målene er ikke beskrevet. Skriv, hvad borgeren mener, gerne med borgerens egne ord.",
            "The citizen's views and wishes on the effort and its goals are not recorded. Write down what the citizen thinks, in the citizen's own words where possible.",
        );
    }
    if blank(plan.summary.as_deref()) {
        out.plain(
            Code::SummaryMissing,
            "summary",
            "Planen har intet sammendrag af borgerens samlede situation.",
            "The plan has no summary of the citizen's whole situation.",
        );
    }
    let has_kind = |kind: GoalKind| plan.goals.iter().any(|g| g.kind == kind);
    if plan.goals.is_empty() {
        out.plain(
            Code::GoalsMissing,
            "goals",
            "Planen har ingen mål. Aftal overordnede mål, delmål og progressionsmål med borgeren.",
            "The plan has no goals. Agree overall goals, sub-goals and progression goals with the citizen.",
        );
    } else if !has_kind(GoalKind::Overall) {
        out.plain(
            Code::OverallGoalMissing,
            "goals",
            "Planen har mål, men intet overordnet mål, som delmålene fører hen imod.",
            "The plan has goals but no overall goal for them to lead to.",
        );
    } else if !has_kind(GoalKind::Sub) && !has_kind(GoalKind::Progression) {
        out.plain(
            Code::SubGoalsMissing,
            "goals",
            "Planen har et overordnet mål, men hverken delmål eller progressionsmål. Del målet op i skridt, som borgeren kan nå.",
            "The plan has an overall goal but no sub-goals or progression goals. Break the goal into steps the citizen can reach.",
        );
    }
    for (i, goal) in plan.goals.iter().enumerate() {
        if !goal.agreed_with_citizen {
            out.plain(
                Code::GoalNotAgreed,
                format!("goals[{i}].agreed_with_citizen"),
                "Målet er ikke aftalt med borgeren. Planens mål skal være dem, borgeren er enig i.",
                "The goal is not agreed with the citizen. The plan's goals are the ones the citizen agrees to.",
            );
        }
    }
    if plan.offers.is_empty() {
        out.plain(
            Code::OffersMissing,
            "offers",
            "Planen har ingen oversigt over de planlagte tilbud efter de enkelte love.",
            "The plan has no overview of the planned offers under each law.",
        );
    }
    if plan.agreements.iter().all(|a| blank(Some(&a.text))) {
        out.plain(
            Code::AgreementsMissing,
            "agreements",
            "Planens aftalefelt er tomt. Beskriv de aftaler, der er indarbejdet i planen: hvem gør hvad.",
            "The plan's agreement field is empty. Describe the agreements the plan contains: who does what.",
        );
    }
}

fn sector_plans(ctx: &Context<'_>, out: &mut Out) {
    let plan = ctx.plan;
    let has = |kind: SectorPlanKind| plan.sector_plans.iter().any(|s| s.kind == kind);
    let employment_plan = has(SectorPlanKind::MinPlan) || has(SectorPlanKind::Rehabiliteringsplan);
    for (i, offer) in plan.offers.iter().enumerate() {
        if offer.law == Sector::Lab && !employment_plan {
            out.plain(
                Code::MinPlanMissing,
                format!("offers[{i}]"),
                "Tilbuddet er efter beskæftigelsesloven, men planen nævner ingen Min Plan (eller rehabiliteringsplan) blandt sektorplanerne. Registrér den, eller notér at denne plan erstatter den (LAB § 40, stk. 3).",
                "The offer is under LAB, but the plan lists no Min Plan (or rehabiliteringsplan) among its sector plans. Record it, or note that this plan replaces it (LAB § 40 stk. 3).",
            );
        }
    }
    if ctx.case.benefit == Benefit::Ressourceforloebsydelse
        && !has(SectorPlanKind::Rehabiliteringsplan)
    {
        out.plain(
            Code::RehabilitationPlanMissing,
            "sector_plans",
            "Borgeren er i ressourceforløb, men planen nævner ingen rehabiliteringsplan blandt sektorplanerne.",
            "The citizen is in a ressourceforløb, but the plan lists no rehabiliteringsplan among its sector plans.",
        );
    }
    for (i, offer) in plan.offers.iter().enumerate() {
        if offer.law == Sector::Sel && !has(SectorPlanKind::Handleplan) {
            out.plain(
                Code::HandleplanMissing,
                format!("offers[{i}]"),
                "Tilbuddet er efter serviceloven, men planen nævner ingen handleplan efter § 141. Den skal tilbydes ved betydeligt nedsat funktionsevne eller alvorlige sociale problemer (SEL § 141, stk. 2); se bort fra dette, hvis det ikke gælder.",
                "The offer is under Serviceloven, but the plan lists no § 141 handleplan. One must be offered for substantially reduced functional capacity or serious social problems (SEL § 141 stk. 2); ignore this if that does not apply.",
            );
        }
    }
}

fn coordinator(ctx: &Context<'_>, out: &mut Out) {
    let plan = ctx.plan;
    // (path of the entry, unit, caseload, index in `caseworkers`)
    let mut coordinators: Vec<(String, Unit, Option<u32>, Option<usize>)> = Vec::new();
    if let Some(c) = &plan.coordinating_caseworker {
        coordinators.push(("coordinating_caseworker".into(), c.unit, c.caseload, None));
    }
    for (i, c) in plan.caseworkers.iter().enumerate() {
        if c.coordinating {
            coordinators.push((format!("caseworkers[{i}]"), c.unit, None, Some(i)));
        }
    }
    let mut entries = coordinators.into_iter();
    let Some((path, unit, caseload, own_index)) = entries.next() else {
        out.plain(
            Code::CoordinatorMissing,
            "coordinating_caseworker",
            "Planen har ingen koordinerende sagsbehandler. Udpeg én, der har ansvaret for at koordinere indsatsen og følge op på planen.",
            "The plan names no coordinating caseworker. Appoint one, responsible for coordinating the effort and following up on the plan.",
        );
        return;
    };
    for (extra, ..) in entries {
        out.plain(
            Code::CoordinatorSeveral,
            format!("{extra}.coordinating"),
            "Planen har mere end én koordinerende sagsbehandler. Der skal være præcis én, så ingen er i tvivl om, hvem der koordinerer.",
            "The plan has more than one coordinating caseworker. There must be exactly one, so that no one doubts who coordinates.",
        );
    }
    let mut involved: EnumSet<Unit> = plan
        .offers
        .iter()
        .filter_map(|o| o.unit)
        .filter(|u| municipal(*u))
        .collect();
    for (i, c) in plan.caseworkers.iter().enumerate() {
        if Some(i) != own_index && municipal(c.unit) {
            involved.insert(c.unit);
        }
    }
    let (unit_en, unit_da) = unit_name(unit);
    if !municipal(unit) || (!involved.is_empty() && !involved.contains(unit)) {
        out.plain(
            Code::CoordinatorUnitNotInvolved,
            format!("{path}.unit"),
            format!("Den koordinerende sagsbehandler er i {unit_da}, som hverken giver nogen af planens tilbud eller har en anden sagsbehandler i planen. Udpeg en koordinerende sagsbehandler i en enhed, der er med i planen."),
            format!("The coordinating caseworker is in {unit_en}, which grants none of the plan's offers and has no other caseworker on the plan. Appoint a coordinating caseworker in a unit involved in the plan."),
        );
    }
    if !ctx.open() {
        return;
    }
    if let Some(routed) = ctx.decision.coordinating_unit.filter(|u| *u != unit) {
        let (routed_en, routed_da) = unit_name(routed);
        let row = ctx.decision.trace.iter().find(|t| t.table == "routing");
        let reference = match row {
            Some(t) => {
                let status = if t.status == Status::Assumption {
                    " (rule-set assumption)"
                } else {
                    ""
                };
                format!(
                    "{} routing row `{}`: {}{status}",
                    ctx.rules.id, t.rule, t.source
                )
            }
            None => format!("{} routing", ctx.rules.id),
        };
        out.push(
            Code::CoordinatorOtherUnit,
            format!("{path}.unit"),
            reference,
            format!("Regelsættet lader {routed_da} koordinere denne sag, men den koordinerende sagsbehandler er i {unit_da}. Kontrollér, at det er et bevidst valg."),
            format!("The rule set makes {routed_en} coordinate this case, but the coordinating caseworker is in {unit_en}. Check that this is a deliberate choice."),
        );
    }
    let ceiling = &ctx.params.caseload_ceiling;
    if caseload.is_some_and(|n| n > ceiling.value) {
        out.push(
            Code::CaseloadAboveCeiling,
            "coordinating_caseworker.caseload",
            ceiling.reference(),
            format!("Den koordinerende sagsbehandler har flere end {} sager, regelsættets loft. Med for mange sager kan koordineringen ikke løftes.", ceiling.value),
            format!("The coordinating caseworker has more than {} cases, the rule set's ceiling. With too many cases the coordination cannot be done.", ceiling.value),
        );
    }
}

/// The number of sectors of the case on `date` (active efforts and needs), with the rule set's
/// social sectors counted as one.
fn sector_count(case: &Case, date: NaiveDate, social: EnumSet<Sector>) -> usize {
    let sectors = case.effort_sectors_on(date).union(case.needs);
    let others = sectors.iter().filter(|s| !social.contains(*s)).count();
    others + usize::from(sectors.intersects(social))
}

fn need(ctx: &Context<'_>, out: &mut Out) {
    if !ctx.open() {
        return;
    }
    let social = ctx.params.social_sectors;
    let case = ctx.case;
    if sector_count(case, ctx.as_of, social) >= 2 {
        return;
    }
    let created = ctx.plan.created;
    let was_multi = std::iter::once(created)
        .chain(
            case.efforts
                .iter()
                .map(|e| e.start)
                .filter(|d| *d > created),
        )
        .filter(|d| *d <= ctx.as_of)
        .any(|d| sector_count(case, d, social) >= 2);
    if was_multi {
        out.plain(
            Code::ShouldBeClosed,
            "closed",
            "Sagen har ikke længere indsatser fra flere sektorer. Afslut den koordinerende plan; sektorplanerne (fx Min Plan eller handleplanen) fortsætter.",
            "The case no longer has efforts from several sectors. Close the coordinating plan; the sector plans (such as the Min Plan or the handleplan) live on.",
        );
    } else {
        out.plain(
            Code::NotWarranted,
            "case.efforts",
            "Sagen har indsatser eller behov fra kun én sektor. En koordinerende plan er til borgere med sideløbende indsatser fra flere sektorer.",
            "The case has efforts or needs from only one sector. A coordinating plan is for citizens with parallel efforts from several sectors.",
        );
    }
}

fn follow_up(ctx: &Context<'_>, out: &mut Out) {
    let plan = ctx.plan;
    if !ctx.open() || plan.created > ctx.as_of {
        return;
    }
    let interval = &ctx.params.follow_up_interval_months;
    let last = plan
        .follow_ups
        .iter()
        .map(|f| f.date)
        .filter(|d| *d >= plan.created && *d <= ctx.as_of)
        .max()
        .unwrap_or(plan.created);
    let due = last.checked_add_months(Months::new(interval.value));
    if due.is_some_and(|d| ctx.as_of > d) {
        out.push(
            Code::FollowUpOverdue,
            "follow_ups",
            interval.reference(),
            format!("Der er ikke fulgt op på planen i mere end {} måneder (planens dato tæller, hvis der ikke har været opfølgning). Hold et opfølgningsmøde med borgeren og de involverede enheder.", interval.value),
            format!("The plan has not been followed up for more than {} months (the plan's date counts if there has been no follow-up). Hold a follow-up with the citizen and the units involved.", interval.value),
        );
    }
}

fn youth_goal(ctx: &Context<'_>, out: &mut Out) {
    let p = ctx.params;
    let age = ctx.decision.age;
    if age < p.education_duty_from_age.value || age >= p.adult_age.value {
        return;
    }
    let has_goal = ctx.plan.goals.iter().any(|g| {
        matches!(
            g.area,
            GoalArea::Education | GoalArea::Employment | GoalArea::Activity
        )
    });
    if !has_goal {
        let from = p.education_duty_from_age.value;
        let last = p.adult_age.value.saturating_sub(1);
        out.plain(
            Code::YouthGoalMissing,
            "goals",
            format!("Borgeren er {from}–{last} år og har uddannelsespligt, men planen har intet mål om uddannelse, beskæftigelse eller anden aftalt aktivitet."),
            format!("The citizen is {from}–{last} and has the education duty, but the plan has no education, employment or agreed-activity goal."),
        );
    }
}

fn runs_from(offer: &Offer, date: NaiveDate) -> bool {
    offer
        .end
        .is_none_or(|end| end >= date && end >= offer.start)
}

fn periods_overlap(a: &Offer, b: &Offer) -> bool {
    a.end.is_none_or(|end| b.start <= end) && b.end.is_none_or(|end| a.start <= end)
}

fn collisions(ctx: &Context<'_>, out: &mut Out) {
    if !ctx.open() {
        return;
    }
    let offers = &ctx.plan.offers;
    for (j, later) in offers.iter().enumerate() {
        if !runs_from(later, ctx.as_of) {
            continue;
        }
        for (i, earlier) in offers.iter().enumerate().take(j) {
            if !runs_from(earlier, ctx.as_of) || !periods_overlap(earlier, later) {
                continue;
            }
            let clash = later.schedule.iter().enumerate().find(|(_, slot)| {
                slot.from < slot.to
                    && earlier.schedule.iter().any(|other| {
                        other.weekday == slot.weekday
                            && other.from < other.to
                            && slot.from < other.to
                            && other.from < slot.to
                    })
            });
            if let Some((k, slot)) = clash {
                out.plain(
                    Code::OffersCollide,
                    format!("offers[{j}].schedule[{k}]"),
                    format!("Tilbuddet ligger {} samtidig med tilbuddet offers[{i}]. Tilrettelæg tiderne, så indsatserne ikke kolliderer.", slot.weekday.danish()),
                    format!("The offer runs on {} at the same time as offer offers[{i}]. Arrange the times so that the efforts do not collide.", slot.weekday.english()),
                );
            }
        }
    }
}

fn dates(ctx: &Context<'_>, out: &mut Out) {
    let plan = ctx.plan;
    let mut order = |path: String, da: &str, en: &str| {
        out.plain(Code::DateOrder, path, da, en);
    };
    for (i, c) in plan.consents.iter().enumerate() {
        if c.withdrawn.is_some_and(|w| w < c.date) {
            order(
                format!("consents[{i}].withdrawn"),
                "Samtykket er trukket tilbage, før det blev givet. Ret datoerne.",
                "The consent is withdrawn before it was given. Correct the dates.",
            );
        }
    }
    for (i, g) in plan.goals.iter().enumerate() {
        if g.deadline.is_some_and(|d| d < plan.created) {
            order(
                format!("goals[{i}].deadline"),
                "Målets frist ligger før planens dato. Ret fristen.",
                "The goal's deadline is before the plan's date. Correct the deadline.",
            );
        }
    }
    for (i, o) in plan.offers.iter().enumerate() {
        if o.end.is_some_and(|e| e < o.start) {
            order(
                format!("offers[{i}].end"),
                "Tilbuddet slutter, før det begynder. Ret datoerne.",
                "The offer ends before it starts. Correct the dates.",
            );
        }
        for (k, slot) in o.schedule.iter().enumerate() {
            if slot.to <= slot.from {
                order(
                    format!("offers[{i}].schedule[{k}].to"),
                    "Tidsrummet slutter ikke efter, at det begynder. Ret tiderne.",
                    "The time slot does not end after it starts. Correct the times.",
                );
            }
        }
    }
    if plan.closed.is_some_and(|c| c < plan.created) {
        order(
            "closed".into(),
            "Planen er afsluttet før den dato, den blev lavet. Ret datoerne.",
            "The plan is closed before the date it was made. Correct the dates.",
        );
    }
    for (i, f) in plan.follow_ups.iter().enumerate() {
        if f.date < plan.created {
            out.plain(
                Code::FollowUpBeforePlan,
                format!("follow_ups[{i}].date"),
                "Opfølgningen er dateret før planen blev lavet. Ret datoen.",
                "The follow-up is dated before the plan was made. Correct the date.",
            );
        }
    }
    if plan.created > ctx.as_of {
        out.plain(
            Code::CreatedAfterCheckDate,
            "created",
            "Planen er dateret efter kontroldatoen og kontrolleres som et udkast.",
            "The plan is dated after the check date and is checked as a draft.",
        );
    }
}
