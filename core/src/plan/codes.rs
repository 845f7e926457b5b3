//! The plan checks' codes: one stable identifier per finding, with its severity, the reference
//! it rests on, its meaning in English and Danish, and an example.
//!
//! The table in `docs/plan-checks.md` is generated from [`Code::ALL`] by [`markdown_table`]; a
//! test fails when the two differ (`HELHED_BLESS=1` rewrites the file). The order of the table is
//! the order in which the checks run and in which a report lists its violations.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is: an `error` makes the plan invalid, a `warning` does not.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum Severity {
    /// The plan is not lawful or not complete: `valid` is false.
    Error,
    /// Something a caseworker should look at; the plan stays valid.
    Warning,
}

impl Severity {
    /// The contract's string: `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Everything documented about one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code, e.g. `PLAN_CONSENT_MISSING`.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What the check rests on (a violation's own `reference` may be more specific, e.g. the
    /// rule set's parameter source).
    pub reference: &'static str,
    /// What it means, in English.
    pub meaning_en: &'static str,
    /// What it means, in Danish.
    pub meaning_da: &'static str,
    /// A plan that triggers it.
    pub example: &'static str,
}

macro_rules! codes {
    ($(
        $variant:ident = $code:literal, $severity:ident,
        reference: $reference:literal,
        en: $en:literal,
        da: $da:literal,
        example: $example:literal;
    )+) => {
        /// A stable code of a plan check's finding (see `docs/plan-checks.md`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
        pub enum Code {
            $( #[doc = $en] #[serde(rename = $code)] $variant ),+
        }

        impl Code {
            /// Every code, in the order the checks run.
            pub const ALL: &'static [Code] = &[ $( Code::$variant ),+ ];

            /// The code's string, e.g. `PLAN_CONSENT_MISSING`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code ),+ }
            }

            /// Looks a code up by its string.
            pub fn parse(text: &str) -> Option<Code> {
                match text { $( $code => Some(Code::$variant), )+ _ => None }
            }

            /// The code's severity. (This and [`Code::reference`] do not go through
            /// [`Code::info`], so that a program that checks plans does not carry the
            /// documentation's texts: 29 KB of a WASM module.)
            pub const fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity ),+ }
            }

            /// What the check rests on (as in [`CodeInfo::reference`]).
            pub const fn reference(self) -> &'static str {
                match self { $( Code::$variant => $reference ),+ }
            }

            /// The code's documentation.
            pub const fn info(self) -> CodeInfo {
                match self { $( Code::$variant => CodeInfo {
                    code: $code,
                    severity: Severity::$severity,
                    reference: $reference,
                    meaning_en: $en,
                    meaning_da: $da,
                    example: $example,
                } ),+ }
            }
        }
    };
}

codes! {
    ConsentMissing = "PLAN_CONSENT_MISSING", Error,
        reference: "LAB § 40 stk. 3; SEL § 141 stk. 7; Barnets lov § 110 (from 2024); seed 003 (proposed LAB § 28 a / SEL § 141 a stk. 2); for under-18s the rule set's `under_18_consent`",
        en: "A consent the plan needs is not there: the citizen's own, also when the citizen has a guardian or a lasting power of attorney; only a citizen unable to consent (`citizen_can_consent` false) is represented, by the guardian or the future attorney; for under-18s whoever the rule set names (default: the custody holder, and the young person from 16).",
        da: "Planen mangler et samtykke: borgerens eget, også når borgeren har værge eller fremtidsfuldmagt; kun for en borger, der ikke kan give samtykke (`citizen_can_consent` false), giver værgen eller fremtidsfuldmægtigen det; for unge under 18 dem, regelsættet nævner (standard: forældremyndighedsindehaveren og den unge fra 16 år).",
        example: "A 16-year-old's plan with only the custody holder's consent (default rule set).";
    ConsentAfterPlan = "PLAN_CONSENT_AFTER_PLAN", Error,
        reference: "LAB § 40 stk. 3; SEL § 141 stk. 7 (the plan rests on consent); seed 003 (proposed stk. 2: Det er en forudsætning for udarbejdelse af planen, at personen tager imod tilbuddet om den)",
        en: "A consent is dated after the plan was made; consent must be given on or before the plan's date.",
        da: "Et samtykke er dateret efter, at planen blev lavet; samtykket skal gives senest på planens dato.",
        example: "Plan created 2025-01-10, the citizen's consent dated 2025-01-20.";
    ConsentWithdrawn = "PLAN_CONSENT_WITHDRAWN", Error,
        reference: "LAB § 40 stk. 3; SEL § 141 stk. 7 (the plan rests on consent); seed 003 (the plan is an offer the citizen accepts)",
        en: "A consent the plan needs was withdrawn on or before the check date (for a closed plan: before it was closed).",
        da: "Et samtykke, planen bygger på, er trukket tilbage senest på kontroldatoen (for en afsluttet plan: før den blev afsluttet).",
        example: "The citizen's consent has `withdrawn` 2025-02-01; checked on 2025-03-01.";
    ParentsObject = "PLAN_PARENTS_OBJECT", Error,
        reference: "the rule set's `under_18_consent` (default: Barnets lov § 110, custody holder and young person)",
        en: "The parents object, and under this rule set an under-18's plan needs the custody holder's consent. (Under `ds-2017` a young person from 15 may consent alone.)",
        da: "Forældrene siger nej, og efter dette regelsæt kræver en plan for en ung under 18 forældremyndighedsindehaverens samtykke. (Efter `ds-2017` kan en ung fra 15 år selv give samtykke.)",
        example: "A 16-year-old consents, `parents_object` is true (default rule set).";
    ConsentGuardianScope = "PLAN_CONSENT_GUARDIAN_SCOPE", Warning,
        reference: "værgemålsloven §§ 5–6 (a § 6 værgemål concerns economic matters only); seed 003 (proposed stk. 2: Hvis personen ikke er i stand til at give et informeret samtykke … med samtykke fra en bemyndiget værge)",
        en: "The plan rests on a guardian's consent for a citizen unable to consent. It is accepted, but a guardian consents to the plan only under a værgemål that covers personal matters; a værgemål under værgemålsloven § 6 covers economic matters only: check the værgemål.",
        da: "Planen bygger på værgens samtykke for en borger, der ikke kan give samtykke. Det godtages, men værgen kan kun give samtykke til planen, hvis værgemålet omfatter personlige forhold; et værgemål efter værgemålslovens § 6 omfatter kun økonomiske forhold: kontrollér værgemålet.",
        example: "An adult with `legal_capacity` guardian and `citizen_can_consent` false; the guardian consented.";
    ConsentAttorneyScope = "PLAN_CONSENT_ATTORNEY_SCOPE", Warning,
        reference: "lov om fremtidsfuldmagter §§ 1–2; seed 003 (proposed stk. 2 names the fremtidsfuldmægtig); UNCONFIRMED whether the fuldmagt covers a helhedsorienteret plan",
        en: "The plan rests on a future attorney's consent. It is accepted, but a lasting power of attorney covers the plan only if it covers personal matters: check the fuldmagt.",
        da: "Planen bygger på fremtidsfuldmægtigens samtykke. Det godtages, men en fremtidsfuldmagt dækker kun planen, hvis den omfatter personlige forhold: kontrollér fuldmagten.",
        example: "An adult with `legal_capacity` future_power_of_attorney; the future attorney consented.";
    CitizenNotParticipated = "PLAN_CITIZEN_NOT_PARTICIPATED", Error,
        reference: "Retssikkerhedsloven § 4; seed 003 (proposed stk. 3: the plan is made together with the citizen)",
        en: "The citizen did not take part in making the plan.",
        da: "Borgeren har ikke medvirket til at udarbejde planen.",
        example: "`citizen_participated` is false.";
    CitizenViewsMissing = "PLAN_CITIZEN_VIEWS_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 5; LAB § 28 b / SEL § 141 b stk. 2); Retssikkerhedsloven § 4",
        en: "The citizen's views and wishes on the whole effort and its goals are not recorded.",
        da: "Borgerens holdning og ønsker til den samlede indsats og målene er ikke beskrevet.",
        example: "`citizen_views` is null or blank.";
    SummaryMissing = "PLAN_SUMMARY_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 1)",
        en: "The plan has no summary of the citizen's whole situation.",
        da: "Planen har intet sammendrag af borgerens samlede situation.",
        example: "`summary` is null or blank.";
    GoalsMissing = "PLAN_GOALS_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 2)",
        en: "The plan has no goals.",
        da: "Planen har ingen mål.",
        example: "`goals` is empty.";
    OverallGoalMissing = "PLAN_OVERALL_GOAL_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 2: overall goals, sub-goals and progression goals)",
        en: "The plan has goals but no overall goal.",
        da: "Planen har mål, men intet overordnet mål.",
        example: "Only a sub-goal and a progression goal.";
    SubGoalsMissing = "PLAN_SUB_GOALS_MISSING", Warning,
        reference: "seed 003 (proposed stk. 4 nr. 2: overall goals, sub-goals and progression goals)",
        en: "The plan has an overall goal but no sub-goal or progression goal that breaks it into steps.",
        da: "Planen har et overordnet mål, men hverken delmål eller progressionsmål, der deler det op i skridt.",
        example: "A single goal of kind overall.";
    GoalNotAgreed = "PLAN_GOAL_NOT_AGREED", Warning,
        reference: "seed 003 (proposed stk. 4 nr. 2: the goals the citizen agrees to; stk. 3)",
        en: "A goal is not agreed with the citizen.",
        da: "Et mål er ikke aftalt med borgeren.",
        example: "A goal with `agreed_with_citizen` false.";
    OffersMissing = "PLAN_OFFERS_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 3)",
        en: "The plan has no overview of the planned offers under each law.",
        da: "Planen har ingen oversigt over de planlagte tilbud efter de enkelte love.",
        example: "`offers` is empty.";
    AgreementsMissing = "PLAN_AGREEMENTS_MISSING", Error,
        reference: "seed 003 (proposed stk. 4 nr. 4)",
        en: "The plan's agreement field is empty.",
        da: "Planens aftalefelt er tomt.",
        example: "`agreements` is empty, or every agreement's text is blank.";
    MinPlanMissing = "PLAN_MIN_PLAN_MISSING", Warning,
        reference: "LAB § 40 stk. 1 and 3; seed 003 (proposed stk. 4: the plan coordinates the Min Plan)",
        en: "An employment offer (law `lab`) while the plan lists no Min Plan (or rehabiliteringsplan) among its sector plans. Record it, or note that this plan replaces it (LAB § 40 stk. 3).",
        da: "Et beskæftigelsestilbud (lov `lab`), men planen nævner ingen Min Plan (eller rehabiliteringsplan) blandt sektorplanerne. Registrér den, eller notér at denne plan erstatter den (LAB § 40, stk. 3).",
        example: "An offer under `lab`, `sector_plans` empty.";
    RehabilitationPlanMissing = "PLAN_REHABILITATION_PLAN_MISSING", Warning,
        reference: "LAB § 40 stk. 2; seed 003 (proposed stk. 4: the plan coordinates the rehabiliteringsplan)",
        en: "The citizen is in a ressourceforløb (benefit ressourceforloebsydelse) but the plan lists no rehabiliteringsplan.",
        da: "Borgeren er i ressourceforløb (ressourceforløbsydelse), men planen nævner ingen rehabiliteringsplan.",
        example: "Case benefit `ressourceforloebsydelse`, `sector_plans` has only a Min Plan.";
    HandleplanMissing = "PLAN_HANDLEPLAN_MISSING", Warning,
        reference: "SEL § 141 stk. 2 and 7; seed 003 (proposed stk. 4: the plan coordinates the § 141 handleplan)",
        en: "A social offer under Serviceloven (law `sel`) while the plan lists no § 141 handleplan. SEL § 141 stk. 2 requires one to be offered for substantially reduced functional capacity or serious social problems; ignore this if it does not apply.",
        da: "Et socialt tilbud efter serviceloven (lov `sel`), men planen nævner ingen handleplan efter § 141. SEL § 141, stk. 2, kræver, at den tilbydes ved betydeligt nedsat funktionsevne eller alvorlige sociale problemer; se bort fra dette, hvis det ikke gælder.",
        example: "An offer under `sel` (§ 85 bostøtte), no `handleplan` in `sector_plans`.";
    CoordinatorMissing = "PLAN_COORDINATOR_MISSING", Error,
        reference: "seed 003 (proposed LAB § 28 b / SEL § 141 b: a coordinating caseworker is appointed); LAB § 36",
        en: "The plan names no coordinating caseworker.",
        da: "Planen har ingen koordinerende sagsbehandler.",
        example: "`coordinating_caseworker` is null and no caseworker is marked coordinating.";
    CoordinatorSeveral = "PLAN_COORDINATOR_SEVERAL", Error,
        reference: "seed 003 (the task must be placed clearly, so that no one doubts who coordinates)",
        en: "The plan has more than one coordinating caseworker; it must have exactly one.",
        da: "Planen har mere end én koordinerende sagsbehandler; den skal have præcis én.",
        example: "`coordinating_caseworker` is set and a caseworker in `caseworkers` is also marked coordinating.";
    CoordinatorUnitNotInvolved = "PLAN_COORDINATOR_UNIT_NOT_INVOLVED", Error,
        reference: "seed 003 (the coordinating caseworker sits in the unit that has the main task or special knowledge of the case)",
        en: "The coordinating caseworker's unit grants none of the plan's offers and has no other caseworker on the plan.",
        da: "Den koordinerende sagsbehandlers enhed giver ingen af planens tilbud og har ingen anden sagsbehandler i planen.",
        example: "Coordinator in socialomraadet; every offer granted by arbejdsmarked.";
    CoordinatorOtherUnit = "PLAN_COORDINATOR_OTHER_UNIT", Warning,
        reference: "the rule set's routing row that decides the coordinating unit",
        en: "The coordinating caseworker is in another unit than the one the rule set makes coordinate the case.",
        da: "Den koordinerende sagsbehandler er i en anden enhed end den, regelsættet udpeger til at koordinere sagen.",
        example: "A 17-year-old's plan coordinated from socialomraadet; the default routes coordination to ungeindsatsen.";
    CaseloadAboveCeiling = "PLAN_CASELOAD_ABOVE_CEILING", Warning,
        reference: "the rule set's `caseload_ceiling` (default 30: seed 003, ca. 30 cases per coordinating caseworker)",
        en: "The coordinating caseworker has more cases than the rule set's ceiling.",
        da: "Den koordinerende sagsbehandler har flere sager end regelsættets loft.",
        example: "`coordinating_caseworker.caseload` 42 with the default ceiling of 30.";
    NotWarranted = "PLAN_NOT_WARRANTED", Warning,
        reference: "seed 003 (the target group: only citizens who need comprehensive efforts from several sectors; proposed stk. 1)",
        en: "The case has efforts (active on the check date, or assessed needs) from only one sector: no coordinating plan is warranted. Sectors in the rule set's `social_sectors` count as one.",
        da: "Sagen har indsatser (aktive på kontroldatoen eller vurderede behov) fra kun én sektor: der er ikke grundlag for en koordinerende plan. Sektorerne i regelsættets `social_sectors` tæller som én.",
        example: "The case has one LAB effort and no needs.";
    ShouldBeClosed = "PLAN_SHOULD_BE_CLOSED", Warning,
        reference: "seed 003 (Opfølgning og afslutning: when parallel efforts from several sectors end, the coordinating plan is closed and the sector plans live on)",
        en: "The case had efforts from several sectors while the plan was open, but no longer has: close the plan; the sector plans live on.",
        da: "Sagen havde indsatser fra flere sektorer, mens planen var åben, men har det ikke længere: afslut planen; sektorplanerne fortsætter.",
        example: "The SEL effort ended last month, only the LAB effort is left, `closed` is null.";
    FollowUpOverdue = "PLAN_FOLLOW_UP_OVERDUE", Warning,
        reference: "the rule set's `follow_up_interval_months` (default 3, an assumption: seed 003 asks for a minimum interval without naming one)",
        en: "The latest follow-up (or the plan's date, if none yet) is older than the rule set's follow-up interval.",
        da: "Den seneste opfølgning (eller planens dato, hvis der ikke har været nogen) er ældre end regelsættets opfølgningsinterval.",
        example: "Plan created 2025-01-10, no follow-up, checked on 2025-06-01 with the default interval of 3 months.";
    YouthGoalMissing = "PLAN_YOUTH_GOAL_MISSING", Error,
        reference: "KUI § 2 a (education duty for 15–17 year olds); the rule set's `education_duty_from_age` and `adult_age`",
        en: "The citizen is 15–17 and the plan has no education, employment or agreed-activity goal.",
        da: "Borgeren er 15–17 år, og planen har intet mål om uddannelse, beskæftigelse eller anden aftalt aktivitet.",
        example: "A 16-year-old's plan whose only goal is about housing.";
    OffersCollide = "PLAN_OFFERS_COLLIDE", Warning,
        reference: "seed 003 (efforts that collide in content or in the calendar, \"kalendermæssigt\")",
        en: "Two offers that both run on or after the check date have overlapping weekly time slots.",
        da: "To tilbud, der begge løber på eller efter kontroldatoen, har ugentlige tider, der overlapper.",
        example: "Mentor Monday 09:00–12:00 and FGU Monday 10:00–14:00 in the same weeks.";
    DateOrder = "PLAN_DATE_ORDER", Error,
        reference: "data check (dates make sense; no legal source)",
        en: "Something ends before it starts: an offer's end before its start, a time slot's end not after its start, a consent withdrawn before it was given, a goal's deadline or the closing date before the plan's date.",
        da: "Noget slutter, før det begynder: et tilbuds slutdato før startdatoen, et tidsrums sluttid ikke efter starttiden, et samtykke trukket tilbage før det blev givet, et måls frist eller afslutningsdatoen før planens dato.",
        example: "An offer from 2025-03-01 to 2025-02-01.";
    FollowUpBeforePlan = "PLAN_FOLLOW_UP_BEFORE_PLAN", Error,
        reference: "data check (follow-ups are not before the plan; no legal source)",
        en: "A follow-up is dated before the plan was made.",
        da: "En opfølgning er dateret før planen blev lavet.",
        example: "Plan created 2025-01-10, a follow-up on 2024-12-01.";
    CreatedAfterCheckDate = "PLAN_CREATED_AFTER_CHECK_DATE", Warning,
        reference: "data check (the plan's date is after the check date; no legal source)",
        en: "The plan is dated after the check date: it is checked as a draft.",
        da: "Planen er dateret efter kontroldatoen: den kontrolleres som et udkast.",
        example: "Plan created 2025-05-01, checked on 2025-04-01.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Code {
    /// Position in [`Code::ALL`]: the order of the checks.
    pub fn order(self) -> usize {
        Code::ALL
            .iter()
            .position(|c| *c == self)
            .unwrap_or(usize::MAX)
    }
}

/// The Markdown table of every code (the generated part of `docs/plan-checks.md`).
pub fn markdown_table() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = String::from(
        "| code | severity | meaning | betydning | reference | example |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for code in Code::ALL {
        let info = code.info();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            info.code,
            info.severity.as_str(),
            cell(info.meaning_en),
            cell(info.meaning_da),
            cell(info.reference),
            cell(info.example),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_prefixed_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(text.starts_with("PLAN_"), "{text}");
            assert!(
                text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{text}"
            );
            assert!(seen.insert(text), "duplicate {text}");
            assert_eq!(Code::parse(text), Some(*code));
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(text));
            let info = code.info();
            for field in [
                info.reference,
                info.meaning_en,
                info.meaning_da,
                info.example,
            ] {
                assert!(!field.trim().is_empty(), "{text}: empty documentation");
            }
        }
    }
}
