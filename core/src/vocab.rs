//! The closed vocabularies of the v1 contract: every enum whose values hosts integrate against.
//!
//! Each enum serialises to the exact string of the SPEC, lists all its values (`ALL`) for schemas,
//! error messages and the verifier, and has a dense index so that sets of values fit in a bitmask.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Defines a contract enum: serde names, `ALL`, `as_str`, `parse`, a dense `index`.
macro_rules! vocab_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $text, "`")] #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order (the order of `index`).
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The contract's strings, in declaration order.
            pub const NAMES: &'static [&'static str] = &[ $( $text ),+ ];

            /// The contract's string for this value.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }

            /// Parses the contract's string; `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $( $text => Some($name::$variant), )+ _ => None }
            }

            /// Dense index of this value in `ALL` (fits a bitmask).
            pub const fn index(self) -> usize { self as usize }

            /// The allowed strings, comma-separated, for error messages.
            pub fn allowed() -> String {
                [$( $text ),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        /// Reads the contract's string (see [`Name`]).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let index = deserializer.deserialize_str(Name(Self::NAMES))?;
                Ok(Self::ALL[index])
            }
        }
    };
}

/// Reads one of a contract enum's strings as its index in `NAMES` (which is its index in `ALL`).
///
/// Every contract enum (the plan document's too) and [`EnumSet`] read through this one visitor,
/// not serde's derived enum code, which is instantiated per enum and per deserializer (a WASM
/// module's size). The value is a string: serde's derive also took an object with the value as
/// its one key (`{"none": null}`), which the contract does not have. An unknown string is
/// serde's "unknown variant" error, as before.
pub(crate) struct Name(pub(crate) &'static [&'static str]);

impl<'de> serde::de::Visitor<'de> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == text)
            .ok_or_else(|| E::unknown_variant(text, self.0))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Name {
    type Value = usize;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

vocab_enum! {
    /// The benefit (ydelse) the citizen receives.
    Benefit {
        None = "none",
        Uddannelseshjaelp = "uddannelseshjaelp",
        Kontanthjaelp = "kontanthjaelp",
        Sygedagpenge = "sygedagpenge",
        Ressourceforloebsydelse = "ressourceforloebsydelse",
        Ledighedsydelse = "ledighedsydelse",
        Foertidspension = "foertidspension",
        Folkepension = "folkepension",
        Su = "su",
        Other = "other",
    }
}

vocab_enum! {
    /// The legal area (sector) an effort is granted under.
    Sector {
        /// Serviceloven (adults' social services).
        Sel = "sel",
        /// Beskæftigelsesloven (LAB).
        Lab = "lab",
        /// Barnets lov (children and young people).
        BarnetsLov = "barnets_lov",
        /// Health (sundhedsloven, psychiatry).
        Health = "health",
        /// Education (KUI, FGU, STU, ...).
        Education = "education",
    }
}

vocab_enum! {
    /// A social event in the citizen's life that can change how a case is organised.
    SocialEvent {
        Homelessness = "homelessness",
        Eviction = "eviction",
        SubstanceAbuse = "substance_abuse",
        PsychiatricIllness = "psychiatric_illness",
        Violence = "violence",
        Debt = "debt",
        ReleaseFromPrison = "release_from_prison",
    }
}

vocab_enum! {
    /// What a young person is doing, for the 15–17 education duty.
    EducationStatus {
        InEducation = "in_education",
        InEmployment = "in_employment",
        OtherActivity = "other_activity",
        None = "none",
    }
}

vocab_enum! {
    /// A sector plan (or the holistic plan) the citizen already has.
    PlanKind {
        MinPlan = "min_plan",
        Rehabiliteringsplan = "rehabiliteringsplan",
        Handleplan = "handleplan",
        Uddannelsesplan = "uddannelsesplan",
        Ungeplan = "ungeplan",
        HelhedsorienteretPlan = "helhedsorienteret_plan",
    }
}

vocab_enum! {
    /// Whether the citizen acts alone or through a representative.
    LegalCapacity {
        Full = "full",
        /// A guardian (værge) acts for the citizen.
        Guardian = "guardian",
        /// A lasting power of attorney (fremtidsfuldmagt) is in force.
        FuturePowerOfAttorney = "future_power_of_attorney",
    }
}

vocab_enum! {
    /// The municipal unit a case is routed to.
    Unit {
        /// The youth effort (KUI).
        Ungeindsatsen = "ungeindsatsen",
        /// The jobcenter / labour-market department (LAB).
        Arbejdsmarked = "arbejdsmarked",
        /// The adults' social services authority (SEL).
        Socialomraadet = "socialomraadet",
        /// Not a case for these units (children and families, or no active case).
        OutOfScope = "out_of_scope",
        /// No rule decided; a person must.
        ManualReview = "manual_review",
    }
}

vocab_enum! {
    /// The contract's age bands: whole years on the decision date.
    AgeBand {
        Under15 = "under_15",
        From15To17 = "15_17",
        From18To29 = "18_29",
        From30 = "30_plus",
    }
}

vocab_enum! {
    /// What a unit must do for the citizen.
    ObligationKind {
        /// Follow up the 15–17 education duty (KUI § 2 a).
        EducationDuty = "education_duty",
        /// Hold regular job conversations (LAB §§ 31–32).
        LabContact = "lab_contact",
        /// Offer a coordinating (holistic) plan.
        OfferCoordinatingPlan = "offer_coordinating_plan",
        /// Appoint a coordinating caseworker.
        AppointCoordinatingCaseworker = "appoint_coordinating_caseworker",
        /// Handle notifications (underretninger) about the young person.
        NotificationHandling = "notification_handling",
        /// Decide on ungestøtte before a placement ends at 18 (Barnets lov § 111).
        DecideAftercare = "decide_aftercare",
        /// Appoint a coordinating caseworker when the citizen asks for one.
        CoordinatingCaseworkerOnRequest = "coordinating_caseworker_on_request",
        /// Appoint the coordinating caseworker the employment law gives aktivitetsparate
        /// citizens and citizens in ressourceforløb or jobafklaringsforløb (LAB § 36).
        LabCoordinatingCaseworker = "lab_coordinating_caseworker",
        /// Bring an eligible citizen before the forum that screens (visiterer) for the target
        /// group; until then the ordinary unit keeps the case.
        ScreenForTargetGroup = "screen_for_target_group",
    }
}

vocab_enum! {
    /// The jobcenter's visitation category (LAB), where the citizen has one.
    VisitationCategory {
        /// Jobparat (ready for work).
        Jobparat = "jobparat",
        /// Uddannelsesparat (under 30, ready for education).
        Uddannelsesparat = "uddannelsesparat",
        /// Aktivitetsparat (not yet ready for work or education).
        Aktivitetsparat = "aktivitetsparat",
        /// In a ressourceforløb.
        Ressourceforloeb = "ressourceforloeb",
        /// In a jobafklaringsforløb.
        Jobafklaringsforloeb = "jobafklaringsforloeb",
    }
}

vocab_enum! {
    /// What the municipality's visitation decided about target-group membership.
    VisitationOutcome {
        /// Screened into the target group (visiteret).
        ScreenedIn = "screened_in",
        /// Screened out of it.
        ScreenedOut = "screened_out",
    }
}

vocab_enum! {
    /// Whether a rule row rests on a source or on the rule set's authors' choice.
    Status {
        /// A seed document or a law says so.
        Source = "source",
        /// The sources are silent; the rule set's authors decided.
        Assumption = "assumption",
    }
}

impl AgeBand {
    /// The band of a whole-years age (the contract's fixed bands).
    pub const fn of_age(age: u32) -> AgeBand {
        match age {
            0..=14 => AgeBand::Under15,
            15..=17 => AgeBand::From15To17,
            18..=29 => AgeBand::From18To29,
            _ => AgeBand::From30,
        }
    }
}

/// A set of values of one contract enum, as a bitmask (at most 16 values).
pub struct EnumSet<T> {
    bits: u16,
    _kind: std::marker::PhantomData<T>,
}

impl<T> Clone for EnumSet<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for EnumSet<T> {}
impl<T> PartialEq for EnumSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T> Eq for EnumSet<T> {}
impl<T> std::hash::Hash for EnumSet<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state)
    }
}
impl<T> Default for EnumSet<T> {
    fn default() -> Self {
        EnumSet {
            bits: 0,
            _kind: std::marker::PhantomData,
        }
    }
}
impl<T: SetMember + fmt::Debug> fmt::Debug for EnumSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Implemented by the contract enums that can be collected in an [`EnumSet`].
pub trait SetMember: Copy + Sized + 'static {
    /// Every value, in index order.
    fn all() -> &'static [Self];
    /// Dense index of the value.
    fn bit(self) -> usize;
    /// The contract's strings, in index order.
    fn names() -> &'static [&'static str];
}

macro_rules! set_member {
    ($($t:ty),+) => { $( impl SetMember for $t {
        fn all() -> &'static [Self] { <$t>::ALL }
        fn names() -> &'static [&'static str] { <$t>::NAMES }
        fn bit(self) -> usize { self.index() }
    } )+ };
}
set_member!(
    Benefit,
    Sector,
    SocialEvent,
    EducationStatus,
    PlanKind,
    LegalCapacity,
    Unit,
    AgeBand,
    ObligationKind,
    VisitationCategory,
    VisitationOutcome
);

impl<T: SetMember> EnumSet<T> {
    /// The empty set.
    pub const fn empty() -> Self {
        EnumSet {
            bits: 0,
            _kind: std::marker::PhantomData,
        }
    }
    /// A set from its raw bits (bits beyond the enum's size are dropped).
    pub fn from_bits(bits: u16) -> Self {
        let valid = if T::all().len() >= 16 {
            u16::MAX
        } else {
            (1u16 << T::all().len()) - 1
        };
        EnumSet {
            bits: bits & valid,
            _kind: std::marker::PhantomData,
        }
    }
    /// The raw bits (bit `i` is `T::all()[i]`).
    pub const fn bits(self) -> u16 {
        self.bits
    }
    /// Adds a value.
    pub fn insert(&mut self, value: T) {
        self.bits |= 1 << value.bit();
    }
    /// Whether the set holds the value.
    pub fn contains(self, value: T) -> bool {
        self.bits & (1 << value.bit()) != 0
    }
    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }
    /// The union of two sets.
    pub fn union(self, other: Self) -> Self {
        Self::from_bits(self.bits | other.bits)
    }
    /// Whether the two sets share a value.
    pub const fn intersects(self, other: Self) -> bool {
        self.bits & other.bits != 0
    }
    /// The values, in index order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::all()
            .iter()
            .copied()
            .filter(move |v| self.bits & (1 << v.bit()) != 0)
    }
    /// The number of distinct sets of this enum (2 to the number of values).
    pub fn universe_size() -> usize {
        1 << T::all().len()
    }
}

impl<T: SetMember> FromIterator<T> for EnumSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::empty();
        for v in iter {
            set.insert(v);
        }
        set
    }
}

impl<T: SetMember + Serialize> Serialize for EnumSet<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.bits.count_ones() as usize))?;
        for v in self.iter() {
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

impl<'de, T: SetMember> Deserialize<'de> for EnumSet<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bits = deserializer.deserialize_seq(Names(T::names()))?;
        Ok(EnumSet {
            bits,
            _kind: std::marker::PhantomData,
        })
    }
}

/// Reads a list of a contract enum's strings as the bits of their indexes: one visitor for every
/// kind of set (see [`Name`]). A set holds each value at most once (the schema says
/// `uniqueItems`), so that a host that validates with the schema and one that does not agree;
/// that is checked once the list is read, as it was when the set was read as a `Vec`.
struct Names(&'static [&'static str]);

impl<'de> serde::de::Visitor<'de> for Names {
    type Value = u16;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<u16, A::Error> {
        let (mut bits, mut twice) = (0u16, false);
        while let Some(index) = seq.next_element_seed(Name(self.0))? {
            twice |= bits & (1 << index) != 0;
            bits |= 1 << index;
        }
        if twice {
            return Err(serde::de::Error::custom("a value is given twice"));
        }
        Ok(bits)
    }
}

impl<T: SetMember + schemars::JsonSchema> schemars::JsonSchema for EnumSet<T> {
    fn schema_name() -> String {
        format!("Set_of_{}", T::schema_name())
    }
    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        let mut schema = <Vec<T>>::json_schema(gen).into_object();
        if let Some(array) = schema.array.as_mut() {
            array.unique_items = Some(true);
        }
        schema.into()
    }
}
