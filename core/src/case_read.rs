//! Reading the case and plan documents from JSON text, by hand.
//!
//! One pass over the text's bytes, field by field, tracking the field path itself. It reads as
//! serde's derived `Deserialize` of [`CaseInput`] and [`Plan`] read through `serde_json` and
//! `serde_path_to_error` did, and gives the same [`InputError`] for every document: the first
//! problem in document order (an unknown or repeated key when the key is read, before its value;
//! a missing field at its object's end, in the fields' declared order; a wrong value when it is
//! read), at the path serde_path_to_error wrote, made into the error by the one function both
//! readers use ([`InputError::found_at`]). Where serde_json would stop with a syntax error, the
//! text is read once more by serde_json (`IgnoredAny`) for its line and column; `IgnoredAny` has
//! no recursion limit and checks neither a `\u` escape's surrogates nor a number's range, so
//! where that reading succeeds the problem was one of those, which serde's reader reported as an
//! invalid value at the path (and this reader does too), and where the two place a problem
//! differently (a control character in a string) the reader names serde_json's place itself.
//!
//! Why by hand: serde's derived code for the documents, instantiated for serde_json's
//! deserializer and for serde_path_to_error's, was the largest part of the WASM module; this
//! reader is one small non-generic function per part of a document. [`CaseInput::from_value`]
//! and [`Plan::from_value`] (a `serde_json::Value`) still read through serde; the tests below
//! check that both readers agree on the conformance cases and plans, the sample cases, `helhed
//! synth` cases and thousands of broken variants.

use crate::case::{CaseInput, DatedFlag, Effort, Period, Visitation};
use crate::error::{FieldDocs, Found, InputError, CASE_FIELDS};
use crate::plan::document::{
    Agreement, Caseworker, ClockTime, Consent, ConsentGiver, CoordinatingCaseworker, FollowUp,
    Goal, GoalArea, GoalKind, Offer, Plan, ScheduleSlot, SectorPlan, SectorPlanKind, Weekday,
    PLAN_FIELDS,
};
use crate::vocab::Unit;
use crate::vocab::{
    Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SetMember, SocialEvent,
    VisitationCategory, VisitationOutcome,
};
use chrono::NaiveDate;
use std::borrow::Cow;

/// Reads one field's value into its slot (`None` until read): a key given twice is an error at
/// the object's path, as serde's `duplicate field`, before its value is read; then the colon and
/// the value. The name is the slot's unless given.
macro_rules! field {
    ($reader:ident, $at:expr, $slot:ident, $name:expr, $read:expr) => {{
        if $slot.is_some() {
            return Err(duplicate($at, $name));
        }
        $reader.colon($at)?;
        $slot = Some($read);
    }};
    ($reader:ident, $at:expr, $slot:ident, $read:expr) => {
        field!($reader, $at, $slot, stringify!($slot), $read)
    };
}

/// Reads one case document from its JSON text.
pub(crate) fn case(text: &str) -> Result<CaseInput, InputError> {
    document(text, &CASE_FIELDS, |reader| reader.case(&Path::Root))
}

/// Reads one plan document from its JSON text (its case too).
pub(crate) fn plan(text: &str) -> Result<Plan, InputError> {
    document(text, &PLAN_FIELDS, Reader::plan)
}

/// The `id` of a document if the text is one JSON object (as serde_json reads JSON into a
/// `serde_json::Value`: the last `id` given counts) whose `id` is a string; `None` otherwise.
pub(crate) fn id_of(text: &str) -> Option<String> {
    let mut reader = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        depth: 128,
    };
    let root = &Path::Root;
    if reader.ws() != Some(b'{') {
        return None;
    }
    reader.enter(root).ok()?;
    let (mut id, mut first) = (None, true);
    while reader.next_key(&mut first, root).ok()? {
        let key = reader.key(root).ok()?;
        reader.colon(root).ok()?;
        if key != "id" {
            reader.any(root).ok()?;
        } else if reader.ws() == Some(b'"') {
            id = Some(reader.string(root).ok()?.into_owned());
        } else {
            id = None;
            reader.any(root).ok()?;
        }
    }
    reader.ws().is_none().then_some(id).flatten()
}

/// Reads a whole text with `read`: the document, then only whitespace.
fn document<'t, T>(
    text: &'t str,
    docs: &FieldDocs,
    read: impl FnOnce(&mut Reader<'t>) -> Read<T>,
) -> Result<T, InputError> {
    let mut reader = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        depth: 128,
    };
    let result = read(&mut reader).and_then(|doc| match reader.ws() {
        None => Ok(doc),
        Some(_) => Err(Problem::syntax(&Path::Root)),
    });
    result.map_err(|problem| problem.into_error(text, docs))
}

/// Where the reader is: serde_path_to_error's path, written out only for an error.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
    /// A key that could not be read (serde_path_to_error's `?`).
    NoKey(&'p Path<'p>),
}

impl Path<'_> {
    /// As serde_path_to_error displays it (keys joined by `.`, indexes as `[i]`), with the root
    /// as `""`.
    fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        let (parent, segment) = match self {
            Path::Root => return,
            Path::Key(parent, key) => (parent, *key),
            Path::NoKey(parent) => (parent, "?"),
            Path::Index(parent, index) => {
                parent.write(out);
                out.push_str(&format!("[{index}]"));
                return;
            }
        };
        parent.write(out);
        if !matches!(parent, Path::Root) {
            out.push('.');
        }
        out.push_str(segment);
    }
}

/// What stopped the reader.
#[derive(Debug)]
enum Problem {
    /// Where serde_json's reader stops with a syntax error: at `path`. `at` is the byte offset
    /// serde_json places it at when its `IgnoredAny` reading does not stop there (a lone
    /// surrogate, a number out of range, nesting past 127), `None` when it does.
    Syntax { path: String, at: Option<usize> },
    /// A problem in the document's content, at `path` (as serde_path_to_error writes it).
    Found { path: String, found: Found<'static> },
    /// A key the object does not have.
    Unknown { path: String, name: String },
}

impl Problem {
    fn syntax(path: &Path<'_>) -> Problem {
        Problem::Syntax {
            path: path.render(),
            at: None,
        }
    }

    fn tolerated(path: &Path<'_>, at: usize) -> Problem {
        Problem::Syntax {
            path: path.render(),
            at: Some(at),
        }
    }

    fn invalid(path: &Path<'_>) -> Problem {
        Problem::Found {
            path: path.render(),
            found: Found::Invalid,
        }
    }

    fn into_error(self, text: &str, docs: &FieldDocs) -> InputError {
        match self {
            Problem::Syntax { path, at } => {
                match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                    // serde's reader met a problem that is not one of JSON's syntax (see the
                    // module's documentation): an invalid value at the path.
                    Ok(_) => InputError::found_at(path, Found::Invalid, docs),
                    Err(e) => match at {
                        None => InputError::from_json_syntax(&e),
                        Some(at) => {
                            let (line, column) = position(text.as_bytes(), at);
                            InputError::Syntax { line, column }
                        }
                    },
                }
            }
            Problem::Found { path, found } => InputError::found_at(path, found, docs),
            Problem::Unknown { path, name } => {
                InputError::found_at(path, Found::Unknown(&name), docs)
            }
        }
    }
}

/// serde_json's line (from 1) and column of a byte offset.
fn position(b: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(b.len());
    let start = b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |nl| nl + 1);
    let line = 1 + b[..start].iter().filter(|&&c| c == b'\n').count();
    (line, at - start)
}

type Read<T> = Result<T, Problem>;

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    /// serde_json's recursion budget: 128, one less per list or object it is inside.
    depth: u8,
}

impl<'t> Reader<'t> {
    /// The next byte that is not whitespace (not consumed).
    #[inline]
    fn ws(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }

    /// The rest of a literal (`ull`, `rue`, `alse`) after its first byte.
    fn ident(&mut self, rest: &[u8], path: &Path<'_>) -> Read<()> {
        self.i += 1;
        if self.b[self.i..].starts_with(rest) {
            self.i += rest.len();
            Ok(())
        } else {
            Err(Problem::syntax(path))
        }
    }

    /// Enters a list or an object at its opening bracket.
    fn enter(&mut self, path: &Path<'_>) -> Read<()> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(Problem::tolerated(path, self.i + 1));
        }
        self.i += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth += 1;
    }

    /// Whether an object has another entry (at its key's quote), as serde_json's map access:
    /// `}` ends it, `,` goes before every entry but the first.
    #[inline]
    fn next_key(&mut self, first: &mut bool, path: &Path<'_>) -> Read<bool> {
        let c = match self.ws() {
            Some(b'}') => {
                self.i += 1;
                return Ok(false);
            }
            Some(b',') if !*first => {
                self.i += 1;
                self.ws()
            }
            Some(c) if *first => {
                *first = false;
                Some(c)
            }
            _ => return Err(Problem::syntax(path)),
        };
        match c {
            Some(b'"') => Ok(true),
            _ => Err(Problem::syntax(path)),
        }
    }

    /// Whether a list has another element (at its first byte); `]` ends it.
    #[inline]
    fn next_element(&mut self, first: &mut bool, path: &Path<'_>) -> Read<bool> {
        match self.ws() {
            Some(b']') => {
                self.i += 1;
                Ok(false)
            }
            Some(b',') if !*first => {
                self.i += 1;
                match self.ws() {
                    Some(b']') | None => Err(Problem::syntax(path)),
                    Some(_) => Ok(true),
                }
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(Problem::syntax(path)),
        }
    }

    /// A key (at its quote) and the colon after it.
    #[inline]
    fn key(&mut self, object: &Path<'_>) -> Read<Cow<'t, str>> {
        let key = self.string(&Path::NoKey(object))?;
        Ok(key)
    }

    #[inline]
    fn colon(&mut self, path: &Path<'_>) -> Read<()> {
        match self.ws() {
            Some(b':') => {
                self.i += 1;
                Ok(())
            }
            _ => Err(Problem::syntax(path)),
        }
    }

    /// A string, at its opening quote, as serde_json reads one (escapes decoded, surrogates
    /// paired, no control characters).
    #[inline]
    fn string(&mut self, path: &Path<'_>) -> Read<Cow<'t, str>> {
        let b = self.b;
        self.i += 1;
        let start = self.i;
        while let Some(&c) = b.get(self.i) {
            match c {
                b'"' => {
                    self.i += 1;
                    // The text is a `str`, and the string starts and ends at an ASCII quote.
                    return Ok(Cow::Borrowed(&self.text[start..self.i - 1]));
                }
                b'\\' => return self.escaped(start, path).map(Cow::Owned),
                0..=0x1f => return Err(self.control(path)),
                _ => self.i += 1,
            }
        }
        Err(Problem::syntax(path))
    }

    /// A control character in a string (at it): serde_json's reader places the error after it,
    /// its `IgnoredAny` before it.
    #[cold]
    fn control(&self, path: &Path<'_>) -> Problem {
        Problem::tolerated(path, self.i + 1)
    }

    /// The rest of a string with escapes, from its first backslash.
    #[cold]
    fn escaped(&mut self, start: usize, path: &Path<'_>) -> Read<String> {
        let b = self.b;
        let mut out: Vec<u8> = b[start..self.i].to_vec();
        loop {
            let Some(&c) = b.get(self.i) else {
                return Err(Problem::syntax(path));
            };
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|_| Problem::syntax(path)),
                b'\\' => {
                    let Some(&e) = b.get(self.i) else {
                        return Err(Problem::syntax(path));
                    };
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape(path)?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(Problem::syntax(path)),
                    }
                }
                0..=0x1f => {
                    self.i -= 1;
                    return Err(self.control(path));
                }
                _ => out.push(c),
            }
        }
    }

    /// Four hex digits.
    fn hex(&mut self, path: &Path<'_>) -> Read<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let Some(&c) = self.b.get(self.i) else {
                return Err(Problem::syntax(path));
            };
            self.i += 1;
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| Problem::syntax(path))?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// A `\u` escape after its `u`: one character, or a surrogate pair of two escapes.
    fn unicode_escape(&mut self, path: &Path<'_>) -> Read<char> {
        let n = self.hex(path)?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(Problem::tolerated(path, self.i));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            return char::from_u32(n).ok_or_else(|| Problem::syntax(path));
        }
        for expected in [b'\\', b'u'] {
            match self.b.get(self.i) {
                None => return Err(Problem::syntax(path)),
                Some(&c) => {
                    self.i += 1;
                    if c != expected {
                        return Err(Problem::tolerated(path, self.i));
                    }
                }
            }
        }
        let n2 = self.hex(path)?;
        if !(0xDC00..=0xDFFF).contains(&n2) {
            return Err(Problem::tolerated(path, self.i));
        }
        char::from_u32((((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000)
            .ok_or_else(|| Problem::syntax(path))
    }

    /// A number (at its first byte, `-` or a digit), checked as serde_json parses one: its form,
    /// and that it is finite as a float.
    fn number(&mut self, path: &Path<'_>) -> Read<()> {
        let b = self.b;
        let start = self.i;
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        if b[self.i] == b'-' {
            self.i += 1;
        }
        match b.get(self.i) {
            Some(b'0') => {
                self.i += 1;
                if digit(self.i) {
                    return Err(Problem::syntax(path));
                }
            }
            Some(b'1'..=b'9') => {
                while digit(self.i) {
                    self.i += 1;
                }
            }
            _ => return Err(Problem::syntax(path)),
        }
        if b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digit(self.i) {
                return Err(Problem::syntax(path));
            }
            while digit(self.i) {
                self.i += 1;
            }
        }
        if matches!(b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digit(self.i) {
                return Err(Problem::syntax(path));
            }
            while digit(self.i) {
                self.i += 1;
            }
        }
        if crate::decimal::is_finite(&self.text[start..self.i]) {
            Ok(())
        } else {
            Err(Problem::tolerated(path, self.i))
        }
    }

    /// A value of the wrong type at `path`: serde_json reads a literal, number or string there
    /// (whose own errors come first), not a list's or object's contents.
    #[cold]
    fn wrong(&mut self, path: &Path<'_>) -> Problem {
        let checked = match self.ws() {
            Some(b'n') => self.ident(b"ull", path),
            Some(b't') => self.ident(b"rue", path),
            Some(b'f') => self.ident(b"alse", path),
            Some(b'-' | b'0'..=b'9') => self.number(path),
            Some(b'"') => self.string(path).map(drop),
            Some(b'[' | b'{') => Ok(()),
            _ => Err(Problem::syntax(path)),
        };
        match checked {
            Ok(()) => Problem::invalid(path),
            Err(problem) => problem,
        }
    }

    /// Any value, read as serde_json's `deserialize_any` reads one.
    fn any(&mut self, path: &Path<'_>) -> Read<()> {
        match self.ws() {
            Some(b'n') => self.ident(b"ull", path),
            Some(b't') => self.ident(b"rue", path),
            Some(b'f') => self.ident(b"alse", path),
            Some(b'-' | b'0'..=b'9') => self.number(path),
            Some(b'"') => self.string(path).map(drop),
            Some(b'[') => {
                self.enter(path)?;
                let mut first = true;
                let mut index = 0;
                while self.next_element(&mut first, path)? {
                    self.any(&Path::Index(path, index))?;
                    index += 1;
                }
                self.leave();
                Ok(())
            }
            Some(b'{') => {
                self.enter(path)?;
                let mut first = true;
                while self.next_key(&mut first, path)? {
                    let key = self.key(path)?;
                    self.colon(path)?;
                    self.any(&Path::Key(path, &key))?;
                }
                self.leave();
                Ok(())
            }
            _ => Err(Problem::syntax(path)),
        }
    }

    /// `null` (consumed) or not.
    #[inline]
    fn null(&mut self, path: &Path<'_>) -> Read<bool> {
        if self.ws() == Some(b'n') {
            self.ident(b"ull", path)?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// A string value, or the wrong type.
    #[inline]
    fn str(&mut self, path: &Path<'_>) -> Read<Cow<'t, str>> {
        if self.ws() == Some(b'"') {
            self.string(path)
        } else {
            Err(self.wrong(path))
        }
    }

    fn opt_string(&mut self, path: &Path<'_>) -> Read<Option<String>> {
        if self.null(path)? {
            return Ok(None);
        }
        Ok(Some(self.str(path)?.into_owned()))
    }

    /// A contract date, read strictly ([`crate::date::parse`]).
    #[inline]
    fn date(&mut self, path: &Path<'_>) -> Read<NaiveDate> {
        let text = self.str(path)?;
        crate::date::parse(&text).map_err(|_| Problem::invalid(path))
    }

    fn opt_date(&mut self, path: &Path<'_>) -> Read<Option<NaiveDate>> {
        if self.null(path)? {
            return Ok(None);
        }
        self.date(path).map(Some)
    }

    /// One of a contract enum's strings, as its index.
    #[inline]
    fn name(&mut self, names: &[&str], path: &Path<'_>) -> Read<usize> {
        let text = self.str(path)?;
        names
            .iter()
            .position(|name| **name == *text)
            .ok_or_else(|| Problem::invalid(path))
    }

    fn boolean(&mut self, path: &Path<'_>) -> Read<bool> {
        match self.ws() {
            Some(b't') => self.ident(b"rue", path).map(|()| true),
            Some(b'f') => self.ident(b"alse", path).map(|()| false),
            _ => Err(self.wrong(path)),
        }
    }

    /// A list of distinct values of a contract enum (one function for every kind of set).
    fn set<T: SetMember>(&mut self, path: &Path<'_>) -> Read<EnumSet<T>> {
        self.set_bits(T::names(), path).map(EnumSet::from_bits)
    }

    fn set_bits(&mut self, names: &[&str], path: &Path<'_>) -> Read<u16> {
        if self.ws() != Some(b'[') {
            return Err(self.wrong(path));
        }
        self.enter(path)?;
        let (mut bits, mut twice) = (0u16, false);
        let (mut first, mut index) = (true, 0);
        while self.next_element(&mut first, path)? {
            let value = self.name(names, &Path::Index(path, index))?;
            twice |= bits & (1 << value) != 0;
            bits |= 1 << value;
            index += 1;
        }
        self.leave();
        if twice {
            return Err(Problem::invalid(path));
        }
        Ok(bits)
    }

    /// At an object's opening brace, or the wrong type.
    #[inline]
    fn object(&mut self, path: &Path<'_>) -> Read<()> {
        if self.ws() != Some(b'{') {
            return Err(self.wrong(path));
        }
        self.enter(path)
    }

    fn case(&mut self, root: &Path<'_>) -> Read<CaseInput> {
        self.object(root)?;
        let (mut id, mut birth_date, mut cpr, mut benefit) = (None, None, None, None);
        let (mut fleksjob, mut placed, mut aftercare, mut efforts) = (None, None, None, None);
        let (mut needs, mut social_events, mut education_status) = (None, None, None);
        let (mut vocational_education, mut plans, mut legal_capacity) = (None, None, None);
        let (mut visitation_category, mut visitation) = (None, None);
        let mut first = true;
        while self.next_key(&mut first, root)? {
            let key = self.key(root)?;
            let path = &Path::Key(root, &key);
            match &*key {
                "id" => field!(self, root, id, "id", self.opt_string(path)?),
                "birth_date" => field!(self, root, birth_date, "birth_date", self.opt_date(path)?),
                "cpr" => field!(self, root, cpr, "cpr", self.opt_string(path)?),
                "benefit" => field!(
                    self,
                    root,
                    benefit,
                    "benefit",
                    self.name(Benefit::NAMES, path)?
                ),
                "fleksjob" => field!(self, root, fleksjob, "fleksjob", self.dated_flag(path)?),
                "placed" => field!(self, root, placed, "placed", self.dated_flag(path)?),
                "aftercare" => field!(self, root, aftercare, "aftercare", self.dated_flag(path)?),
                "efforts" => field!(self, root, efforts, "efforts", self.efforts(path)?),
                "needs" => field!(self, root, needs, "needs", self.set::<Sector>(path)?),
                "social_events" => {
                    field!(
                        self,
                        root,
                        social_events,
                        "social_events",
                        self.set::<SocialEvent>(path)?
                    )
                }
                "education_status" => field!(
                    self,
                    root,
                    education_status,
                    "education_status",
                    self.name(EducationStatus::NAMES, path)?
                ),
                "vocational_education" => field!(
                    self,
                    root,
                    vocational_education,
                    "vocational_education",
                    self.boolean(path)?
                ),
                "plans" => field!(self, root, plans, "plans", self.set::<PlanKind>(path)?),
                "legal_capacity" => field!(
                    self,
                    root,
                    legal_capacity,
                    "legal_capacity",
                    self.name(LegalCapacity::NAMES, path)?
                ),
                "visitation_category" => {
                    field!(self, root, visitation_category, "visitation_category", {
                        if self.null(path)? {
                            None
                        } else {
                            Some(self.name(VisitationCategory::NAMES, path)?)
                        }
                    })
                }
                "visitation" => {
                    field!(self, root, visitation, "visitation", self.visitation(path)?)
                }
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let benefit = benefit.ok_or_else(|| missing(root, "benefit"))?;
        let efforts = efforts.ok_or_else(|| missing(root, "efforts"))?;
        Ok(CaseInput {
            id: id.flatten(),
            birth_date: birth_date.flatten(),
            cpr: cpr.flatten(),
            benefit: Benefit::ALL[benefit],
            fleksjob: fleksjob.unwrap_or_default(),
            placed: placed.unwrap_or_default(),
            aftercare: aftercare.unwrap_or_default(),
            efforts,
            needs: needs.unwrap_or_default(),
            social_events: social_events.unwrap_or_default(),
            education_status: education_status
                .map_or(EducationStatus::None, |i| EducationStatus::ALL[i]),
            vocational_education: vocational_education.unwrap_or_default(),
            plans: plans.unwrap_or_default(),
            legal_capacity: legal_capacity.map_or(LegalCapacity::Full, |i| LegalCapacity::ALL[i]),
            visitation_category: visitation_category
                .flatten()
                .map(|i| VisitationCategory::ALL[i]),
            visitation: visitation.flatten(),
        })
    }

    fn efforts(&mut self, path: &Path<'_>) -> Read<Vec<Effort>> {
        if self.ws() != Some(b'[') {
            return Err(self.wrong(path));
        }
        self.enter(path)?;
        let mut efforts = Vec::new();
        let mut first = true;
        while self.next_element(&mut first, path)? {
            let effort = self.effort(&Path::Index(path, efforts.len()))?;
            efforts.push(effort);
        }
        self.leave();
        Ok(efforts)
    }

    fn effort(&mut self, at: &Path<'_>) -> Read<Effort> {
        self.object(at)?;
        let (mut sector, mut law, mut section, mut kind, mut start, mut end) =
            (None, None, None, None, None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "sector" => field!(self, at, sector, "sector", self.name(Sector::NAMES, path)?),
                "law" => field!(self, at, law, "law", self.opt_string(path)?),
                "section" => field!(self, at, section, "section", self.opt_string(path)?),
                "kind" => field!(self, at, kind, "kind", self.opt_string(path)?),
                "start" => field!(self, at, start, "start", self.date(path)?),
                "end" => field!(self, at, end, "end", self.opt_date(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let sector = sector.ok_or_else(|| missing(at, "sector"))?;
        let start = start.ok_or_else(|| missing(at, "start"))?;
        Ok(Effort {
            sector: Sector::ALL[sector],
            law: law.flatten(),
            section: section.flatten(),
            kind: kind.flatten(),
            start,
            end: end.flatten(),
        })
    }

    fn visitation(&mut self, at: &Path<'_>) -> Read<Option<Visitation>> {
        if self.null(at)? {
            return Ok(None);
        }
        self.object(at)?;
        let (mut outcome, mut date) = (None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "outcome" => {
                    if outcome.is_some() {
                        return Err(duplicate(at, "outcome"));
                    }
                    self.colon(at)?;
                    outcome = Some(self.name(VisitationOutcome::NAMES, path)?);
                }
                "date" => {
                    if date.is_some() {
                        return Err(duplicate(at, "date"));
                    }
                    self.colon(at)?;
                    date = Some(self.date(path)?);
                }
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let outcome = outcome.ok_or_else(|| missing(at, "outcome"))?;
        let date = date.ok_or_else(|| missing(at, "date"))?;
        Ok(Some(Visitation {
            outcome: VisitationOutcome::ALL[outcome],
            date,
        }))
    }

    /// `true`/`false` or a period `{from, to}`. serde read the value whole first (an untagged
    /// enum), so a problem inside it is found only once the value is read, and is an invalid
    /// value of the field itself; only problems of JSON's syntax stop the reading at once.
    fn dated_flag(&mut self, at: &Path<'_>) -> Read<DatedFlag> {
        match self.ws() {
            Some(b't') => return self.ident(b"rue", at).map(|()| DatedFlag::Flag(true)),
            Some(b'f') => return self.ident(b"alse", at).map(|()| DatedFlag::Flag(false)),
            Some(b'{') => {}
            _ => {
                self.any(at)?;
                return Err(Problem::invalid(at));
            }
        }
        self.enter(at)?;
        let (mut from, mut to, mut ok) = (None, None, true);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            self.colon(at)?;
            let path = &Path::Key(at, &key);
            let slot = match &*key {
                "from" if from.is_none() => &mut from,
                "to" if to.is_none() => &mut to,
                _ => {
                    ok = false;
                    self.any(path)?;
                    continue;
                }
            };
            let value = match self.ws() {
                Some(b'"') => crate::date::parse(&self.string(path)?).ok().map(Some),
                Some(b'n') if key == "to" => self.ident(b"ull", path).map(|()| Some(None))?,
                _ => {
                    self.any(path)?;
                    None
                }
            };
            ok &= value.is_some();
            *slot = Some(value.flatten());
        }
        self.leave();
        match (from, ok) {
            (Some(Some(from)), true) => Ok(DatedFlag::During(Period {
                from,
                to: to.flatten(),
            })),
            _ => Err(Problem::invalid(at)),
        }
    }

    /// A list, each item read by `item` at its index.
    fn list<T>(
        &mut self,
        path: &Path<'_>,
        item: fn(&mut Self, &Path<'_>) -> Read<T>,
    ) -> Read<Vec<T>> {
        if self.ws() != Some(b'[') {
            return Err(self.wrong(path));
        }
        self.enter(path)?;
        let mut items = Vec::new();
        let mut first = true;
        while self.next_element(&mut first, path)? {
            items.push(item(self, &Path::Index(path, items.len()))?);
        }
        self.leave();
        Ok(items)
    }

    /// A string that must be given (not null).
    fn string_value(&mut self, path: &Path<'_>) -> Read<String> {
        Ok(self.str(path)?.into_owned())
    }

    fn opt_unit(&mut self, path: &Path<'_>) -> Read<Option<Unit>> {
        if self.null(path)? {
            return Ok(None);
        }
        Ok(Some(Unit::ALL[self.name(Unit::NAMES, path)?]))
    }

    /// A whole number that fits `u32`, as serde_json gives one to serde (a `-` or a fraction or
    /// exponent make it a signed number or a float, the wrong type), or null.
    fn opt_count(&mut self, path: &Path<'_>) -> Read<Option<u32>> {
        if self.null(path)? {
            return Ok(None);
        }
        match self.ws() {
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                self.number(path)?;
                self.text[start..self.i]
                    .parse::<u32>()
                    .ok()
                    .filter(|_| self.b[start].is_ascii_digit())
                    .map(Some)
                    .ok_or_else(|| Problem::invalid(path))
            }
            _ => Err(self.wrong(path)),
        }
    }

    fn clock(&mut self, path: &Path<'_>) -> Read<ClockTime> {
        let text = self.str(path)?;
        ClockTime::parse(&text).ok_or_else(|| Problem::invalid(path))
    }

    fn plan(&mut self) -> Read<Plan> {
        let root = &Path::Root;
        self.object(root)?;
        let (mut case_id, mut created, mut case, mut consents) = (None, None, None, None);
        let (mut parents_object, mut citizen_can_consent, mut citizen_participated) =
            (None, None, None);
        let (mut summary, mut goals, mut offers, mut agreements) = (None, None, None, None);
        let (mut citizen_views, mut sector_plans, mut coordinating_caseworker) = (None, None, None);
        let (mut caseworkers, mut follow_ups, mut closed) = (None, None, None);
        let mut first = true;
        while self.next_key(&mut first, root)? {
            let key = self.key(root)?;
            let path = &Path::Key(root, &key);
            match &*key {
                "case_id" => field!(self, root, case_id, self.opt_string(path)?),
                "created" => field!(self, root, created, self.date(path)?),
                "case" => field!(self, root, case, self.case(path)?),
                "consents" => field!(self, root, consents, self.list(path, Self::consent)?),
                "parents_object" => field!(self, root, parents_object, self.boolean(path)?),
                "citizen_can_consent" => {
                    field!(self, root, citizen_can_consent, self.boolean(path)?)
                }
                "citizen_participated" => {
                    field!(self, root, citizen_participated, self.boolean(path)?)
                }
                "summary" => field!(self, root, summary, self.opt_string(path)?),
                "goals" => field!(self, root, goals, self.list(path, Self::goal)?),
                "offers" => field!(self, root, offers, self.list(path, Self::offer)?),
                "agreements" => field!(self, root, agreements, self.list(path, Self::agreement)?),
                "citizen_views" => field!(self, root, citizen_views, self.opt_string(path)?),
                "sector_plans" => field!(
                    self,
                    root,
                    sector_plans,
                    self.list(path, Self::sector_plan)?
                ),
                "coordinating_caseworker" => field!(self, root, coordinating_caseworker, {
                    if self.null(path)? {
                        None
                    } else {
                        Some(self.coordinating_caseworker(path)?)
                    }
                }),
                "caseworkers" => {
                    field!(self, root, caseworkers, self.list(path, Self::caseworker)?)
                }
                "follow_ups" => field!(self, root, follow_ups, self.list(path, Self::follow_up)?),
                "closed" => field!(self, root, closed, self.opt_date(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let created = created.ok_or_else(|| missing(root, "created"))?;
        let case = case.ok_or_else(|| missing(root, "case"))?;
        Ok(Plan {
            case_id: case_id.flatten(),
            created,
            case,
            consents: consents.unwrap_or_default(),
            parents_object: parents_object.unwrap_or_default(),
            citizen_can_consent: citizen_can_consent.unwrap_or(true),
            citizen_participated: citizen_participated.unwrap_or_default(),
            summary: summary.flatten(),
            goals: goals.unwrap_or_default(),
            offers: offers.unwrap_or_default(),
            agreements: agreements.unwrap_or_default(),
            citizen_views: citizen_views.flatten(),
            sector_plans: sector_plans.unwrap_or_default(),
            coordinating_caseworker: coordinating_caseworker.flatten(),
            caseworkers: caseworkers.unwrap_or_default(),
            follow_ups: follow_ups.unwrap_or_default(),
            closed: closed.flatten(),
        })
    }

    fn consent(&mut self, at: &Path<'_>) -> Read<Consent> {
        self.object(at)?;
        let (mut given_by, mut date, mut withdrawn) = (None, None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "given_by" => field!(self, at, given_by, self.name(ConsentGiver::NAMES, path)?),
                "date" => field!(self, at, date, self.date(path)?),
                "withdrawn" => field!(self, at, withdrawn, self.opt_date(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let given_by = given_by.ok_or_else(|| missing(at, "given_by"))?;
        let date = date.ok_or_else(|| missing(at, "date"))?;
        Ok(Consent {
            given_by: ConsentGiver::ALL[given_by],
            date,
            withdrawn: withdrawn.flatten(),
        })
    }

    fn goal(&mut self, at: &Path<'_>) -> Read<Goal> {
        self.object(at)?;
        let (mut text, mut kind, mut area, mut agreed_with_citizen, mut deadline) =
            (None, None, None, None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "text" => field!(self, at, text, self.string_value(path)?),
                "kind" => field!(self, at, kind, self.name(GoalKind::NAMES, path)?),
                "area" => field!(self, at, area, self.name(GoalArea::NAMES, path)?),
                "agreed_with_citizen" => field!(self, at, agreed_with_citizen, self.boolean(path)?),
                "deadline" => field!(self, at, deadline, self.opt_date(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let text = text.ok_or_else(|| missing(at, "text"))?;
        let kind = kind.ok_or_else(|| missing(at, "kind"))?;
        let area = area.ok_or_else(|| missing(at, "area"))?;
        Ok(Goal {
            text,
            kind: GoalKind::ALL[kind],
            area: GoalArea::ALL[area],
            agreed_with_citizen: agreed_with_citizen.unwrap_or_default(),
            deadline: deadline.flatten(),
        })
    }

    fn slot(&mut self, at: &Path<'_>) -> Read<ScheduleSlot> {
        self.object(at)?;
        let (mut weekday, mut from, mut to) = (None, None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "weekday" => field!(self, at, weekday, self.name(Weekday::NAMES, path)?),
                "from" => field!(self, at, from, self.clock(path)?),
                "to" => field!(self, at, to, self.clock(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let weekday = weekday.ok_or_else(|| missing(at, "weekday"))?;
        let from = from.ok_or_else(|| missing(at, "from"))?;
        let to = to.ok_or_else(|| missing(at, "to"))?;
        Ok(ScheduleSlot {
            weekday: Weekday::ALL[weekday],
            from,
            to,
        })
    }

    fn offer(&mut self, at: &Path<'_>) -> Read<Offer> {
        self.object(at)?;
        let (mut law, mut section, mut title, mut unit) = (None, None, None, None);
        let (mut start, mut end, mut schedule) = (None, None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "law" => field!(self, at, law, self.name(Sector::NAMES, path)?),
                "section" => field!(self, at, section, self.opt_string(path)?),
                "title" => field!(self, at, title, self.opt_string(path)?),
                "unit" => field!(self, at, unit, self.opt_unit(path)?),
                "start" => field!(self, at, start, self.date(path)?),
                "end" => field!(self, at, end, self.opt_date(path)?),
                "schedule" => field!(self, at, schedule, self.list(path, Self::slot)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let law = law.ok_or_else(|| missing(at, "law"))?;
        let start = start.ok_or_else(|| missing(at, "start"))?;
        Ok(Offer {
            law: Sector::ALL[law],
            section: section.flatten(),
            title: title.flatten(),
            unit: unit.flatten(),
            start,
            end: end.flatten(),
            schedule: schedule.unwrap_or_default(),
        })
    }

    fn agreement(&mut self, at: &Path<'_>) -> Read<Agreement> {
        self.object(at)?;
        let mut text = None;
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "text" => {
                    if text.is_some() {
                        return Err(duplicate(at, "text"));
                    }
                    self.colon(at)?;
                    text = Some(self.string_value(path)?);
                }
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let text = text.ok_or_else(|| missing(at, "text"))?;
        Ok(Agreement { text })
    }

    fn sector_plan(&mut self, at: &Path<'_>) -> Read<SectorPlan> {
        self.object(at)?;
        let (mut kind, mut reference) = (None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "kind" => field!(self, at, kind, self.name(SectorPlanKind::NAMES, path)?),
                "reference" => field!(self, at, reference, self.opt_string(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let kind = kind.ok_or_else(|| missing(at, "kind"))?;
        Ok(SectorPlan {
            kind: SectorPlanKind::ALL[kind],
            reference: reference.flatten(),
        })
    }

    fn coordinating_caseworker(&mut self, at: &Path<'_>) -> Read<CoordinatingCaseworker> {
        self.object(at)?;
        let (mut unit, mut caseload) = (None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "unit" => field!(self, at, unit, self.name(Unit::NAMES, path)?),
                "caseload" => field!(self, at, caseload, self.opt_count(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let unit = unit.ok_or_else(|| missing(at, "unit"))?;
        Ok(CoordinatingCaseworker {
            unit: Unit::ALL[unit],
            caseload: caseload.flatten(),
        })
    }

    fn caseworker(&mut self, at: &Path<'_>) -> Read<Caseworker> {
        self.object(at)?;
        let (mut unit, mut coordinating) = (None, None);
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "unit" => field!(self, at, unit, self.name(Unit::NAMES, path)?),
                "coordinating" => field!(self, at, coordinating, self.boolean(path)?),
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let unit = unit.ok_or_else(|| missing(at, "unit"))?;
        Ok(Caseworker {
            unit: Unit::ALL[unit],
            coordinating: coordinating.unwrap_or_default(),
        })
    }

    fn follow_up(&mut self, at: &Path<'_>) -> Read<FollowUp> {
        self.object(at)?;
        let mut date = None;
        let mut first = true;
        while self.next_key(&mut first, at)? {
            let key = self.key(at)?;
            let path = &Path::Key(at, &key);
            match &*key {
                "date" => {
                    if date.is_some() {
                        return Err(duplicate(at, "date"));
                    }
                    self.colon(at)?;
                    date = Some(self.date(path)?);
                }
                _ => return Err(unknown(path, &key)),
            }
        }
        self.leave();
        let date = date.ok_or_else(|| missing(at, "date"))?;
        Ok(FollowUp { date })
    }
}

fn duplicate(object: &Path<'_>, name: &'static str) -> Problem {
    Problem::Found {
        path: object.render(),
        found: Found::Duplicate(name),
    }
}

fn missing(object: &Path<'_>, name: &'static str) -> Problem {
    Problem::Found {
        path: object.render(),
        found: Found::Missing(name),
    }
}

fn unknown(path: &Path<'_>, name: &str) -> Problem {
    Problem::Unknown {
        path: path.render(),
        name: name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn by_hand(text: &str) -> Result<CaseInput, InputError> {
        CaseInput::from_json(text)
    }

    fn by_serde(text: &str) -> Result<CaseInput, InputError> {
        CaseInput::from_json_serde(text)
    }

    /// Both readers on `text`: equal results (the document, or the error's variant, field and
    /// message).
    fn agree(text: &str) -> bool {
        ids_agree(text);
        let (hand, serde) = (by_hand(text), by_serde(text));
        assert_eq!(hand, serde, "{text:?}");
        if let (Err(hand), Err(serde)) = (&hand, &serde) {
            assert_eq!(hand.to_string(), serde.to_string(), "{text}");
        }
        hand.is_ok()
    }

    /// A JSON document as its parts, to break it in every place.
    #[derive(Clone)]
    enum J {
        Raw(String),
        Object(Vec<(String, J)>),
        List(Vec<J>),
    }

    impl J {
        fn from(value: &serde_json::Value) -> J {
            match value {
                serde_json::Value::Object(map) => {
                    J::Object(map.iter().map(|(k, v)| (k.clone(), J::from(v))).collect())
                }
                serde_json::Value::Array(items) => J::List(items.iter().map(J::from).collect()),
                other => J::Raw(other.to_string()),
            }
        }

        /// Compact, or with a line per entry (so that errors' lines and columns vary).
        fn render(&self, pretty: bool, out: &mut String) {
            let sep = if pretty { ",\n  " } else { "," };
            match self {
                J::Raw(text) => out.push_str(text),
                J::Object(entries) => {
                    out.push('{');
                    for (i, (key, value)) in entries.iter().enumerate() {
                        if i > 0 {
                            out.push_str(sep);
                        }
                        let _ = write!(out, "{}:", serde_json::Value::from(key.as_str()));
                        value.render(pretty, out);
                    }
                    out.push('}');
                }
                J::List(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(sep);
                        }
                        item.render(pretty, out);
                    }
                    out.push(']');
                }
            }
        }

        fn text(&self, pretty: bool) -> String {
            let mut out = String::new();
            self.render(pretty, &mut out);
            out
        }

        /// Every broken variant of this part: replaced by each kind of value, wrapped in a
        /// list; for an object each key left out, given twice, followed by an unknown key; for
        /// a list each item left out or given twice; and the same inside every part.
        fn variants(&self) -> Vec<J> {
            let mut out: Vec<J> = VALUES.iter().map(|v| J::Raw(v.to_string())).collect();
            out.push(J::List(vec![self.clone()]));
            out.push(J::Raw(deep(130)));
            match self {
                J::Raw(_) => {}
                J::Object(entries) => {
                    for i in 0..entries.len() {
                        let mut e = entries.clone();
                        e.remove(i);
                        out.push(J::Object(e));
                        let mut e = entries.clone();
                        e.insert(i + 1, entries[i].clone());
                        out.push(J::Object(e));
                        let mut e = entries.clone();
                        e.insert(i + 1, ("bogus".into(), J::Raw("1".into())));
                        out.push(J::Object(e));
                        let mut e = entries.clone();
                        e.insert(i, (format!("{}x", entries[i].0), entries[i].1.clone()));
                        out.push(J::Object(e));
                        for inner in entries[i].1.variants() {
                            let mut e = entries.clone();
                            e[i].1 = inner;
                            out.push(J::Object(e));
                        }
                    }
                    let mut e = entries.clone();
                    e.push(("\\ud800".into(), J::Raw("1".into())));
                    out.push(J::Object(e));
                }
                J::List(items) => {
                    for i in 0..items.len() {
                        let mut e = items.clone();
                        e.remove(i);
                        out.push(J::List(e));
                        let mut e = items.clone();
                        e.insert(i, items[i].clone());
                        out.push(J::List(e));
                        for inner in items[i].variants() {
                            let mut e = items.clone();
                            e[i] = inner;
                            out.push(J::List(e));
                        }
                    }
                }
            }
            out
        }
    }

    /// Values of every kind, and the edges of serde_json's reading.
    const VALUES: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1.5",
        "1e999",
        "-1e999",
        "99999999999999999999",
        "34",
        "-0",
        "4294967296",
        "1.0",
        "\"15:00\"",
        "\"24:01\"",
        "\"\"",
        "\"x\"",
        "\"none\"",
        "\"2020-01-01\"",
        "\"2020-1-1\"",
        "\"2023-02-30\"",
        "\"+2020-01-01\"",
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"\\ud800\\u0041\"",
        "\"a\\u00e6\\n\"",
        "[]",
        "[1]",
        "[\"none\"]",
        "[\"sel\", \"sel\"]",
        "{}",
        "{\"a\": 1}",
        "{\"from\": \"2020-01-01\"}",
        "{\"from\": \"2020-01-01\", \"to\": null}",
        "{\"from\": \"2020-01-01\", \"to\": \"2019-01-01\"}",
        "{\"from\": \"2020-1-1\"}",
        "{\"from\": \"2020-01-01\", \"from\": \"2020-01-01\"}",
        "{\"outcome\": \"screened_in\", \"date\": \"2020-01-01\"}",
        "{\"\\udc00\": 1}",
        "[1e999",
        "nul",
        "tru",
        "01",
        "1.",
        "-",
        "\"\\x\"",
        "\"a",
    ];

    /// [`id_of`] and serde_json's reading of the text into a map.
    fn ids_agree(text: &str) {
        let by_value = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
            .ok()
            .and_then(|object| Some(object.get("id")?.as_str()?.to_string()));
        assert_eq!(id_of(text), by_value, "{text:?}");
    }

    /// Both plan readers on `text`, as [`agree`].
    fn plans_agree(text: &str) -> bool {
        let (hand, serde) = (Plan::from_json(text), Plan::from_json_serde(text));
        assert_eq!(hand, serde, "{text:?}");
        if let (Err(hand), Err(serde)) = (&hand, &serde) {
            assert_eq!(hand.to_string(), serde.to_string(), "{text:?}");
        }
        hand.is_ok()
    }

    /// Lists nested `n` deep.
    fn deep(n: usize) -> String {
        "[".repeat(n) + &"]".repeat(n)
    }

    /// A case with every field, twice over (a flag and a period, a visitation and null).
    const EVERY_FIELD: &[&str] = &[
        r#"{"id": "c-1", "birth_date": "2006-05-01", "benefit": "uddannelseshjaelp",
            "fleksjob": {"from": "2024-01-01", "to": null}, "placed": true,
            "aftercare": {"from": "2024-02-01", "to": "2025-01-31"},
            "efforts": [{"sector": "sel", "law": "SEL", "section": "§ 85", "kind": "bostøtte",
                         "start": "2024-01-15", "end": null},
                        {"sector": "education", "start": "2023-08-01", "end": "2027-06-30"}],
            "needs": ["lab", "sel"], "social_events": ["debt"],
            "education_status": "in_education", "vocational_education": false,
            "plans": ["ungeplan"], "legal_capacity": "guardian",
            "visitation_category": "aktivitetsparat",
            "visitation": {"outcome": "screened_in", "date": "2024-03-01"}}"#,
        r#"{"cpr": "0105061234", "benefit": "none", "fleksjob": false, "efforts": [],
            "visitation": null, "visitation_category": null, "id": null}"#,
    ];

    #[test]
    fn the_conformance_and_sample_cases_read_as_with_serde() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut texts = Vec::new();
        for dir in ["tests/conformance/routing", "tests/conformance/plans"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let suite: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                for item in suite.as_array().into_iter().flatten() {
                    if let Some(text) = item.get("case_text").and_then(|t| t.as_str()) {
                        texts.push(text.to_string());
                    }
                    let case = item
                        .get("case")
                        .or_else(|| item.get("plan").and_then(|p| p.get("case")));
                    if let Some(case) = case {
                        texts.push(case.to_string());
                        texts.push(serde_json::to_string_pretty(case).unwrap());
                    }
                }
            }
        }
        for file in ["examples/cases.jsonl", "examples/question_11.jsonl"] {
            let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
            texts.extend(text.lines().map(str::to_string));
        }
        texts.extend(EVERY_FIELD.iter().map(|t| t.to_string()));
        let (mut ok, mut failed) = (0, 0);
        for text in &texts {
            if agree(text) {
                ok += 1;
            } else {
                failed += 1;
            }
        }
        assert!(ok > 300 && failed > 50, "{ok} read, {failed} rejected");
    }

    #[test]
    fn synthetic_cases_read_as_with_serde() {
        let reference = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for profile in [
            crate::synth::Profile::Municipality,
            crate::synth::Profile::CaseRich,
        ] {
            for index in 0..300 {
                let case = crate::synth::case_with(profile, 2026, index, reference);
                let text = serde_json::to_string(&case.to_input()).unwrap();
                assert!(agree(&text), "{text}");
                assert_eq!(by_hand(&text).unwrap(), case.to_input());
            }
        }
    }

    #[test]
    fn broken_cases_fail_as_with_serde() {
        let mut compared = 0;
        for text in EVERY_FIELD {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let doc = J::from(&value);
            for (n, variant) in doc.variants().iter().enumerate() {
                agree(&variant.text(n % 2 == 0));
                compared += 1;
            }
            // Cut off at every byte, and every byte replaced by a bracket, comma or quote.
            let pretty = doc.text(true);
            for (i, _) in pretty.char_indices() {
                agree(&pretty[..i]);
                for c in ["}", "]", ",", "\"", ":"] {
                    agree(&format!("{}{c}{}", &pretty[..i], &pretty[i..]));
                }
                compared += 6;
            }
        }
        for text in [
            "",
            " ",
            "[]",
            "1",
            "\"x\"",
            "null",
            "{} x",
            "{}",
            "{\"benefit\": 1e999,",
        ] {
            agree(text);
            compared += 1;
        }
        assert!(compared > 5000, "{compared}");
    }

    #[test]
    fn plans_read_as_with_serde() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(format!("{root}/tests/conformance/plans")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let suite: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for item in suite.as_array().into_iter().flatten() {
                if let Some(text) = item.get("plan_text").and_then(|t| t.as_str()) {
                    texts.push(text.to_string());
                }
                if let Some(plan) = item.get("plan") {
                    texts.push(plan.to_string());
                    texts.push(serde_json::to_string_pretty(plan).unwrap());
                }
            }
        }
        let (mut ok, mut failed) = (0, 0);
        for text in &texts {
            if plans_agree(text) {
                ok += 1;
            } else {
                failed += 1;
            }
        }
        assert!(ok > 100 && failed > 40, "{ok} read, {failed} rejected");
    }

    #[test]
    fn broken_plans_fail_as_with_serde() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let text = std::fs::read_to_string(format!("{root}/examples/plan.json")).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Every field once: a caseworker, and the fields the example leaves out.
        value["caseworkers"] =
            serde_json::json!([{"unit": "socialomraadet", "coordinating": false}]);
        value["citizen_can_consent"] = serde_json::json!(true);
        assert!(plans_agree(&value.to_string()));
        let doc = J::from(&value);
        let mut compared = 0;
        for (n, variant) in doc.variants().iter().enumerate() {
            plans_agree(&variant.text(n % 2 == 0));
            compared += 1;
        }
        let pretty = doc.text(true);
        for (i, _) in pretty.char_indices().step_by(3) {
            plans_agree(&pretty[..i]);
            compared += 1;
        }
        assert!(compared > 3000, "{compared}");
    }
}
