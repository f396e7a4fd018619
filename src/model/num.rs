//! Numbers as the report shows them: amounts, percentages and scores.
//!
//! Each wraps the exact `Decimal` (kept for sums and the summary workbook)
//! and serializes, for the templates, as its display text. Rounding happens
//! here and nowhere else: half away from zero (四舍五入), 2 places, once.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;

/// Rounds to 2 decimal places, half away from zero: 0.125 → 0.13.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount (in the file's unit), shown with 2 decimals and no thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(pub Decimal);

/// A ratio shown as a percentage with 2 decimals: 0.97768 → `97.77%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Percent(pub Decimal);

/// A weight or score, shown without trailing zeros: 98, 4.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Score(pub Decimal);

impl Percent {
    /// `part ÷ whole`, or `None` when the whole is zero.
    pub fn of(part: Decimal, whole: Decimal) -> Option<Percent> {
        (!whole.is_zero()).then(|| Percent(part / whole))
    }

    /// The percentage as displayed (rounded), e.g. 97.77 for 0.977685.
    pub fn shown(self) -> Decimal {
        round2(self.0 * Decimal::ONE_HUNDRED)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = round2(self.0);
        // -0.004 rounds to -0.00; show 0.00.
        let r = if r.is_zero() { Decimal::ZERO } else { r };
        write!(f, "{r:.2}")
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.shown();
        let r = if r.is_zero() { Decimal::ZERO } else { r };
        write!(f, "{r:.2}%")
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = round2(self.0).normalize();
        write!(f, "{r}")
    }
}

macro_rules! serialize_as_text {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}
serialize_as_text!(Amount, Percent, Score);

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Amount(d("0.125")).to_string(), "0.13");
        assert_eq!(Amount(d("0.135")).to_string(), "0.14");
        assert_eq!(Amount(d("2.5")).to_string(), "2.50");
        assert_eq!(Amount(d("-0.125")).to_string(), "-0.13");
        assert_eq!(Amount(d("-0.001")).to_string(), "0.00");
        assert_eq!(Amount(d("12345678.9")).to_string(), "12345678.90");
    }

    #[test]
    fn percentages_and_scores() {
        assert_eq!(
            Percent::of(d("860.90"), d("880.57")).unwrap().to_string(),
            "97.77%"
        );
        assert_eq!(Percent(d("0.00125")).to_string(), "0.13%");
        assert_eq!(Percent(d("8.9304")).to_string(), "893.04%");
        assert!(Percent::of(d("1"), Decimal::ZERO).is_none());
        assert_eq!(Score(d("98.00")).to_string(), "98");
        assert_eq!(Score(d("4.50")).to_string(), "4.5");
    }
}
