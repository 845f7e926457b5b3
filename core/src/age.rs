//! Ages in whole years and the dates on which they change.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// When someone born on 29 February has a birthday in a common year (a rule-set parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeapDayBirthday {
    /// 1 March (the default).
    March1,
    /// 28 February.
    February28,
}

/// The date of the birthday in `year` of someone born on `birth`, per the leap-day rule.
#[inline]
pub fn birthday_in(birth: NaiveDate, year: i32, leap: LeapDayBirthday) -> Option<NaiveDate> {
    if birth.month() == 2 && birth.day() == 29 {
        NaiveDate::from_ymd_opt(year, 2, 29).or_else(|| match leap {
            LeapDayBirthday::March1 => NaiveDate::from_ymd_opt(year, 3, 1),
            LeapDayBirthday::February28 => NaiveDate::from_ymd_opt(year, 2, 28),
        })
    } else {
        NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
    }
}

/// Whole years of age on `on`; `None` when `on` is before the birth date.
#[inline]
pub fn age_on(birth: NaiveDate, on: NaiveDate, leap: LeapDayBirthday) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year() - birth.year();
    let (month, day) = (birth.month(), birth.day());
    let before_birthday = if month == 2 && day == 29 {
        birthday_in(birth, on.year(), leap).is_some_and(|birthday| on < birthday)
    } else {
        // The birthday in `on`'s year is the same month and day (a date, as `on`'s year is in
        // chrono's range): compared without making it.
        (on.month(), on.day()) < (month, day)
    };
    if before_birthday {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The date on which someone born on `birth` turns `age`.
#[inline]
pub fn date_of_age(birth: NaiveDate, age: u32, leap: LeapDayBirthday) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(age).ok()?)?;
    birthday_in(birth, year, leap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn whole_years() {
        let birth = d(2008, 5, 10);
        assert_eq!(
            age_on(birth, d(2026, 5, 9), LeapDayBirthday::March1),
            Some(17)
        );
        assert_eq!(
            age_on(birth, d(2026, 5, 10), LeapDayBirthday::March1),
            Some(18)
        );
        assert_eq!(age_on(birth, d(2008, 5, 9), LeapDayBirthday::March1), None);
    }

    /// `age_on` compares month and day instead of making the birthday: the same ages as
    /// comparing with `birthday_in`'s date, on every day of several years, for births on
    /// every day of a leap and a common year, under both leap-day rules.
    #[test]
    fn age_on_agrees_with_the_birthday_date() {
        let reference = |birth: NaiveDate, on: NaiveDate, leap| -> Option<u32> {
            if on < birth {
                return None;
            }
            let mut years = on.year() - birth.year();
            if birthday_in(birth, on.year(), leap).is_some_and(|b| on < b) {
                years -= 1;
            }
            u32::try_from(years).ok()
        };
        let days = |from: NaiveDate, n: u64| from.iter_days().take(n as usize);
        for leap in [LeapDayBirthday::March1, LeapDayBirthday::February28] {
            for birth in days(d(2000, 1, 1), 366).chain(days(d(2003, 1, 1), 365)) {
                for on in days(d(2003, 12, 25), 800)
                    .step_by(3)
                    .chain([d(2000, 2, 29)])
                {
                    assert_eq!(
                        age_on(birth, on, leap),
                        reference(birth, on, leap),
                        "{birth} {on}"
                    );
                }
            }
        }
        let last = NaiveDate::MAX;
        assert_eq!(
            age_on(d(2000, 3, 1), last, LeapDayBirthday::March1),
            reference(d(2000, 3, 1), last, LeapDayBirthday::March1)
        );
    }

    #[test]
    fn leap_day_rules() {
        let birth = d(2008, 2, 29);
        assert_eq!(
            age_on(birth, d(2026, 2, 28), LeapDayBirthday::March1),
            Some(17)
        );
        assert_eq!(
            age_on(birth, d(2026, 3, 1), LeapDayBirthday::March1),
            Some(18)
        );
        assert_eq!(
            age_on(birth, d(2026, 2, 28), LeapDayBirthday::February28),
            Some(18)
        );
        assert_eq!(
            age_on(birth, d(2024, 2, 29), LeapDayBirthday::March1),
            Some(16)
        );
        assert_eq!(
            date_of_age(birth, 18, LeapDayBirthday::March1),
            Some(d(2026, 3, 1))
        );
    }
}
