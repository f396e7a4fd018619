//! A date as the contract takes it (§1): 年-月-日, or the same with 年月日,
//! `/` or `.`; a four-digit year. Anything else is refused rather than read
//! as something the officer did not write: chrono alone took `25-03-20`
//! for the year 25 and printed “25年3月20日”, and a trailing `-` or a
//! stray 日 in the middle went unnoticed.

use chrono::NaiveDate;

/// Why a written date is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not 年-月-日 (or its other spellings), or no such day.
    Format,
    /// The year is not written with four digits.
    Year,
    /// A year outside 1949–2200 (the range of 年度).
    Range,
}

impl DateError {
    /// The message, quoting what was written.
    pub fn message(self, text: &str) -> String {
        match self {
            DateError::Format => format!("日期格式不对，或没有这一天：“{text}”"),
            DateError::Year => format!("日期“{text}”的年份要写4位"),
            DateError::Range => format!("日期“{text}”的年份不对（应在 1949 到 2200 之间）"),
        }
    }
}

/// The date `text` writes. Spaces anywhere are ignored; one 日 may end it.
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_suffix('日').unwrap_or(&s);
    let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    let same = matches!(
        seps.as_slice(),
        ['年', '月'] | ['-', '-'] | ['/', '/'] | ['.', '.']
    );
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if !same || parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(DateError::Format);
    }
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    if m.len() > 2 || d.len() > 2 {
        return Err(DateError::Format);
    }
    if y.len() != 4 {
        return Err(DateError::Year);
    }
    let number = |p: &str| p.parse::<u32>().map_err(|_| DateError::Format);
    let year = i32::try_from(number(y)?).map_err(|_| DateError::Format)?;
    if !(1949..=2200).contains(&year) {
        return Err(DateError::Range);
    }
    NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(DateError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
        Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn the_spellings_of_a_date() {
        for text in [
            "2025-03-20",
            "2025-3-20",
            "2025/3/20",
            "2025.03.20",
            "2025年3月20日",
            "2025年3月20",
            " 2025 年 3 月 20 日 ",
            "2025-03-20日",
        ] {
            assert_eq!(parse(text), ymd(2025, 3, 20), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_date_as_written() {
        for text in ["25-03-20", "02025-03-20", "99999-1-1", "1-1-1"] {
            assert_eq!(parse(text), Err(DateError::Year), "{text}");
        }
        for text in ["0001-01-01", "9999-12-31", "1900-1-1"] {
            assert_eq!(parse(text), Err(DateError::Range), "{text}");
        }
        for text in [
            "+2025-03-20",
            "2025-03-20-",
            "2025-3/20",
            "2025年3-20",
            "2025-02-29",
            "2025-13-01",
            "2025-003-20",
            "2025-3-2日0",
            "2025--3-20",
            "２０２５-03-20",
            "2025-03",
            "",
        ] {
            assert_eq!(parse(text), Err(DateError::Format), "{text}");
        }
    }
}
