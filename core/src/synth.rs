//! A synthetic population, for benchmarks, demos and tests. **Clearly synthetic**: no real
//! person is behind any row; ids are `synth-000001`, ...; birth dates only, never a CPR number.
//!
//! Row `i` of seed `s` depends only on `(s, i)` (a splitmix64 stream per row), so a population
//! can be generated in parallel, in chunks, or row by row, and is the same every time.
//!
//! The distributions (documented here and in `helhed synth --help`) are Danish-*like*, rounded,
//! and deliberately richer in cases than a real municipality, so that every route of a rule set
//! is exercised:
//!
//! | what | distribution |
//! | --- | --- |
//! | age on the reference date | an age pyramid roughly like Denmark's: 0–14 16 %, 15–17 3.5 %, 18–24 9 %, 25–29 6.5 %, 30–39 12.5 %, 40–49 12 %, 50–59 13.5 %, 60–66 9 %, 67–79 13 %, 80–99 5 %; uniform within a band, birth day uniform in the year |
//! | benefit | under 18: none 97 %, other 3 %; 18–29: none 55 %, su 15 %, uddannelseshjælp 8 %, kontanthjælp 8 %, sygedagpenge 3 %, ressourceforløbsydelse 2 %, ledighedsydelse 1 %, førtidspension 2 %, other 6 %; 30–66: none 66 %, kontanthjælp 7 %, sygedagpenge 5 %, ressourceforløbsydelse 3 %, ledighedsydelse 2 %, førtidspension 8 %, su 1 %, other 8 %; 67+: folkepension 96 %, none 4 % |
//! | fleksjob | 3 % of 18–66 |
//! | placed, aftercare | placed: 3 % of under-18s; aftercare: 1 % of 18–22 |
//! | efforts | per sector, independently: `sel` 8 % of 18+, `barnets_lov` 8 % of under-18s, `lab` 12 % of 18–66 (60 % with a contact-course benefit), `education` 10 % of 15–29, `health` 8 %; each started 0–1,000 days before the reference date; 40 % open, 30 % ended 1–300 days before it, 30 % ending 1–600 days after it |
//! | needs | each sector 3 % of 15+ |
//! | social events (15+) | homelessness 0.8 %, eviction 0.5 %, substance abuse 4 %, psychiatric illness 5 %, violence 1.5 %, debt 6 %, release from prison 0.5 % |
//! | education status (15–29) | in education 70 %, in employment 12 %, other activity 6 %, none 12 %; 30+: none |
//! | vocational education | 18–24: 30 %, 25+: 70 % |
//! | plans | min_plan with 70 % of `lab` efforts, handleplan with 50 % of `sel`, ungeplan with 50 % of `barnets_lov`, rehabiliteringsplan with 80 % of ressourceforløbsydelse |
//! | legal capacity | guardian 0.6 %, future power of attorney 0.3 % (2 % from 60) |

use crate::case::{Case, Effort};
use crate::vocab::{
    Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SocialEvent,
};
use chrono::{Datelike, Days, NaiveDate};

/// splitmix64: a tiny, good-enough, seedable generator (Steele, Lea, Flood 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for row `index` of the population with seed `seed`.
    pub fn for_row(seed: u64, index: u64) -> SplitMix64 {
        let mut g = SplitMix64(seed ^ 0x5851_f42d_4c95_7f2d);
        let base = g.next_u64();
        SplitMix64(base ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as u64
    }

    /// Picks from `(weight, value)` pairs, weights in any unit.
    pub fn pick<T: Copy>(&mut self, table: &[(u32, T)]) -> T {
        let total: u32 = table.iter().map(|(w, _)| w).sum();
        let mut r = self.below(total.max(1) as u64) as u32;
        for &(w, v) in table {
            if r < w {
                return v;
            }
            r -= w;
        }
        table[table.len() - 1].1
    }
}

/// Age bands of the pyramid: (weight in ‰, first age, last age).
const PYRAMID: &[(u32, (u32, u32))] = &[
    (160, (0, 14)),
    (35, (15, 17)),
    (90, (18, 24)),
    (65, (25, 29)),
    (125, (30, 39)),
    (120, (40, 49)),
    (135, (50, 59)),
    (90, (60, 66)),
    (130, (67, 79)),
    (50, (80, 99)),
];

/// The rates a population is drawn with. [`Profile::CaseRich`] (the default) is the table in this
/// module's documentation; [`Profile::Municipality`] is nearer an ordinary municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Deliberately rich in cases, so that every route of a rule set is exercised.
    CaseRich,
    /// Rates nearer an ordinary Danish municipality's, for calibration against a municipality's
    /// own counts (`docs/calibration.md`). They are order-of-magnitude choices of the helhed
    /// authors, not statistics from a source: every one is an assumption.
    ///
    /// | what | case-rich | municipality |
    /// | --- | --- | --- |
    /// | benefit 18–29 | none 55 %, su 15 %, uddannelseshjælp 8 %, kontanthjælp 8 %, sygedagpenge 3 %, ressourceforløbsydelse 2 %, ledighedsydelse 1 %, førtidspension 2 %, other 6 % | none 62 %, su 20 %, uddannelseshjælp 4 %, kontanthjælp 2.5 %, sygedagpenge 2.5 %, ressourceforløbsydelse 1 %, ledighedsydelse 0.5 %, førtidspension 1.5 %, other 6 % |
    /// | benefit 30–66 | none 66 %, kontanthjælp 7 %, sygedagpenge 5 %, ressourceforløbsydelse 3 %, ledighedsydelse 2 %, førtidspension 8 %, su 1 %, other 8 % | none 72 %, kontanthjælp 3 %, sygedagpenge 4 %, ressourceforløbsydelse 1.5 %, ledighedsydelse 1.5 %, førtidspension 7 %, su 1 %, other 10 % |
    /// | efforts | `sel` 8 % of 18+, `barnets_lov` 8 % of under-18s, `lab` 12 % of 18–66 (60 % with a contact-course benefit), `education` 10 % of 15–29, `health` 8 % | `sel` 2 %, `barnets_lov` 4 %, `lab` 1 % (60 % with a contact-course benefit), `education` 3 %, `health` 4 % |
    /// | needs | each sector 3 % of 15+ | each sector 0.5 % of 15+ |
    /// | social events | as the table above | half the table above |
    Municipality,
}

/// The per-mille rates of a [`Profile`].
struct Rates {
    young_benefits: [(u32, Benefit); 9],
    adult_benefits: [(u32, Benefit); 8],
    sel: u32,
    barnets_lov: u32,
    lab_contact: u32,
    lab_other: u32,
    education: u32,
    health: u32,
    need: u32,
    /// Social-event rates are divided by this.
    event_divisor: u32,
}

impl Profile {
    fn rates(self) -> Rates {
        match self {
            Profile::CaseRich => Rates {
                young_benefits: [
                    (550, Benefit::None),
                    (150, Benefit::Su),
                    (80, Benefit::Uddannelseshjaelp),
                    (80, Benefit::Kontanthjaelp),
                    (30, Benefit::Sygedagpenge),
                    (20, Benefit::Ressourceforloebsydelse),
                    (10, Benefit::Ledighedsydelse),
                    (20, Benefit::Foertidspension),
                    (60, Benefit::Other),
                ],
                adult_benefits: [
                    (660, Benefit::None),
                    (70, Benefit::Kontanthjaelp),
                    (50, Benefit::Sygedagpenge),
                    (30, Benefit::Ressourceforloebsydelse),
                    (20, Benefit::Ledighedsydelse),
                    (80, Benefit::Foertidspension),
                    (10, Benefit::Su),
                    (80, Benefit::Other),
                ],
                sel: 80,
                barnets_lov: 80,
                lab_contact: 600,
                lab_other: 120,
                education: 100,
                health: 80,
                need: 30,
                event_divisor: 1,
            },
            Profile::Municipality => Rates {
                young_benefits: [
                    (1240, Benefit::None),
                    (400, Benefit::Su),
                    (80, Benefit::Uddannelseshjaelp),
                    (50, Benefit::Kontanthjaelp),
                    (50, Benefit::Sygedagpenge),
                    (20, Benefit::Ressourceforloebsydelse),
                    (10, Benefit::Ledighedsydelse),
                    (30, Benefit::Foertidspension),
                    (120, Benefit::Other),
                ],
                adult_benefits: [
                    (1440, Benefit::None),
                    (60, Benefit::Kontanthjaelp),
                    (80, Benefit::Sygedagpenge),
                    (30, Benefit::Ressourceforloebsydelse),
                    (30, Benefit::Ledighedsydelse),
                    (140, Benefit::Foertidspension),
                    (20, Benefit::Su),
                    (200, Benefit::Other),
                ],
                sel: 20,
                barnets_lov: 40,
                lab_contact: 600,
                lab_other: 10,
                education: 30,
                health: 40,
                need: 5,
                event_divisor: 2,
            },
        }
    }
}

/// The id of row `index` (0-based): `synth-000001` for the first.
pub fn id_of(index: u64) -> String {
    format!("synth-{:06}", index + 1)
}

/// Row `index` of the synthetic population with `seed`, ages taken on `reference` (the
/// case-rich profile).
pub fn case(seed: u64, index: u64, reference: NaiveDate) -> Case {
    case_with(Profile::CaseRich, seed, index, reference)
}

/// Row `index` of the synthetic population with `seed` and `profile`, ages taken on `reference`.
pub fn case_with(profile: Profile, seed: u64, index: u64, reference: NaiveDate) -> Case {
    let rates = profile.rates();
    let mut g = SplitMix64::for_row(seed, index);
    let (lo, hi) = g.pick(PYRAMID);
    let age = lo + g.below((hi - lo + 1) as u64) as u32;
    let birth_year = reference.year() - age as i32 - 1;
    let birth = NaiveDate::from_yo_opt(birth_year, 1)
        .and_then(|d| d.checked_add_days(Days::new(g.below(365))))
        .unwrap_or(reference);
    // The age on `reference` is `age` or `age + 1` depending on the day: close enough for a pyramid.
    let adult = age >= 18;
    let working_age = (18..67).contains(&age);
    let benefit = if age < 18 {
        g.pick(&[(970, Benefit::None), (30, Benefit::Other)])
    } else if age < 30 {
        g.pick(&rates.young_benefits)
    } else if age < 67 {
        g.pick(&rates.adult_benefits)
    } else {
        g.pick(&[(960, Benefit::Folkepension), (40, Benefit::None)])
    };
    let contact = matches!(
        benefit,
        Benefit::Uddannelseshjaelp
            | Benefit::Kontanthjaelp
            | Benefit::Sygedagpenge
            | Benefit::Ressourceforloebsydelse
            | Benefit::Ledighedsydelse
    );
    let fleksjob = working_age && g.chance(30);
    let placed = age < 18 && g.chance(30);
    let aftercare = (18..23).contains(&age) && g.chance(10);

    let mut efforts = Vec::new();
    let mut effort = |g: &mut SplitMix64, sector: Sector, law: &str| {
        let start = reference
            .checked_sub_days(Days::new(g.below(1000)))
            .unwrap_or(reference);
        let end = match g.below(10) {
            0..=3 => None,
            4..=6 => reference
                .checked_sub_days(Days::new(1 + g.below(300)))
                .map(|e| e.max(start)),
            _ => reference.checked_add_days(Days::new(1 + g.below(600))),
        };
        efforts.push(Effort {
            sector,
            law: Some(law.to_string()),
            section: None,
            kind: None,
            start,
            end,
        });
    };
    if adult && g.chance(rates.sel) {
        effort(&mut g, Sector::Sel, "SEL");
    }
    if age < 18 && g.chance(rates.barnets_lov) {
        effort(&mut g, Sector::BarnetsLov, "Barnets lov");
    }
    if working_age
        && g.chance(if contact {
            rates.lab_contact
        } else {
            rates.lab_other
        })
    {
        effort(&mut g, Sector::Lab, "LAB");
    }
    if (15..30).contains(&age) && g.chance(rates.education) {
        effort(&mut g, Sector::Education, "KUI");
    }
    if g.chance(rates.health) {
        effort(&mut g, Sector::Health, "SUL");
    }

    let mut needs = EnumSet::empty();
    let mut social_events = EnumSet::empty();
    if age >= 15 {
        for &sector in Sector::ALL {
            if g.chance(rates.need) {
                needs.insert(sector);
            }
        }
        for &(event, per_mille) in &[
            (SocialEvent::Homelessness, 8),
            (SocialEvent::Eviction, 5),
            (SocialEvent::SubstanceAbuse, 40),
            (SocialEvent::PsychiatricIllness, 50),
            (SocialEvent::Violence, 15),
            (SocialEvent::Debt, 60),
            (SocialEvent::ReleaseFromPrison, 5),
        ] {
            if g.chance(per_mille / rates.event_divisor) {
                social_events.insert(event);
            }
        }
    }
    let education_status = if (15..30).contains(&age) {
        g.pick(&[
            (700, EducationStatus::InEducation),
            (120, EducationStatus::InEmployment),
            (60, EducationStatus::OtherActivity),
            (120, EducationStatus::None),
        ])
    } else {
        EducationStatus::None
    };
    let vocational_education = match age {
        18..=24 => g.chance(300),
        25.. => g.chance(700),
        _ => false,
    };
    let mut plans = EnumSet::empty();
    let has = |s: Sector| efforts.iter().any(|e| e.sector == s);
    if has(Sector::Lab) && g.chance(700) {
        plans.insert(PlanKind::MinPlan);
    }
    if has(Sector::Sel) && g.chance(500) {
        plans.insert(PlanKind::Handleplan);
    }
    if has(Sector::BarnetsLov) && g.chance(500) {
        plans.insert(PlanKind::Ungeplan);
    }
    if benefit == Benefit::Ressourceforloebsydelse && g.chance(800) {
        plans.insert(PlanKind::Rehabiliteringsplan);
    }
    let legal_capacity = g.pick(&[
        (6, LegalCapacity::Guardian),
        (
            if age >= 60 { 20 } else { 3 },
            LegalCapacity::FuturePowerOfAttorney,
        ),
        (1000, LegalCapacity::Full),
    ]);
    Case {
        id: Some(id_of(index)),
        birth_date: birth,
        benefit,
        fleksjob: fleksjob.into(),
        placed: placed.into(),
        aftercare: aftercare.into(),
        efforts,
        needs,
        social_events,
        education_status,
        vocational_education,
        plans,
        legal_capacity,
        visitation_category: None,
        visitation: None,
    }
}

/// `n` rows of the population with `seed` (rows `0..n`), case-rich.
pub fn population(seed: u64, n: usize, reference: NaiveDate) -> Vec<Case> {
    (0..n as u64).map(|i| case(seed, i, reference)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_depend_only_on_seed_and_index() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(case(7, 41, day), case(7, 41, day));
        assert_ne!(case(7, 41, day), case(8, 41, day));
        assert_eq!(id_of(0), "synth-000001");
        let people = population(1, 10_000, day);
        let children = people
            .iter()
            .filter(|c| day.year() - c.birth_date.year() <= 15)
            .count();
        assert!((1_200..2_200).contains(&children), "{children}");
        for c in &people {
            assert!(c.clone().to_input().validate().is_ok());
        }
    }
}
