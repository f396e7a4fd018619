//! Loading: a department's YAML file → [`Input`], the raw figures and texts
//! of SPEC §1 with a location on everything that can later be wrong.
//!
//! Two steps: `node` parses YAML into a located tree (serde-saphyr), then
//! `schema` walks it against the contract, collecting every problem of the
//! file (wrong type, unknown key with the nearest valid one, negative
//! amount). No arithmetic happens here; that is `model`'s job.

mod guard;
mod node;
mod schema;

pub use guard::{MAX_FILE_BYTES, MAX_ITEMS, MAX_LINE_CHARS, io_text, read};
pub use schema::IndicatorCatalogue;

use crate::diag::{Diagnostic, Pos};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub v: T,
    pub pos: Pos,
}

/// An amount tree (SPEC §2): a number, or named subtrees with an optional
/// stated `合计`/`小计` to be checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub pos: Pos,
    pub kind: TreeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TreeKind {
    Leaf(Decimal),
    Branch {
        children: Vec<(String, Tree)>,
        stated: Option<At<Decimal>>,
    },
}

/// One department's file, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub year: At<i32>,
    pub dept: At<String>,
    pub code: Option<String>,
    pub date: Option<NaiveDate>,
    pub overview: Overview,
    pub finance: Finance,
    pub indicators: Indicators,
    pub problems: At<Vec<String>>,
    pub measures: At<Vec<String>>,
    pub application: Option<String>,
    pub other: Option<String>,
    pub sign: Sign,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overview {
    pub duties: Vec<String>,
    pub internal: Vec<String>,
    pub secondary: Vec<String>,
    pub staff: Staff,
    pub works: Vec<Work>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Staff {
    pub quota: Option<At<u32>>,
    pub active: Option<At<u32>>,
    pub retired: Option<u32>,
    pub other: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Work {
    pub title: Option<String>,
    pub content: String,
}

/// 收支: amounts in the file's unit (万元, or 元 when `yuan`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finance {
    pub pos: Pos,
    /// `true` when `金额单位: 元`.
    pub yuan: bool,
    pub budget_initial: Option<At<Decimal>>,
    pub budget_full: Option<At<Decimal>>,
    pub income: Option<Tree>,
    pub basic: Tree,
    pub projects: Vec<Project>,
    pub projects_pos: Pos,
    pub last: Option<LastYear>,
    pub sangong: Option<Sangong>,
    pub gov_fund: Option<Tree>,
    pub state_capital: Option<Tree>,
    pub social_insurance: Option<Tree>,
    pub procurement: Option<Tree>,
    pub assets: Option<Assets>,
    pub stated_spending: Option<At<Decimal>>,
    pub stated_projects: Option<At<Decimal>>,
    pub stated_balance: Option<At<Decimal>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub pos: Pos,
    pub name: String,
    pub amount: At<Decimal>,
    pub budget: Option<At<Decimal>>,
    pub note: Option<String>,
}

/// 上年: last year's figures, for 同比 sentences.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LastYear {
    pub income: Option<Tree>,
    pub basic: Option<Tree>,
    pub projects: Option<Vec<Project>>,
    pub stated_projects: Option<At<Decimal>>,
    pub stated_spending: Option<At<Decimal>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sangong {
    pub budget: Option<Tree>,
    pub actual: Option<Tree>,
    pub last: Option<Tree>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assets {
    pub total: Option<At<Decimal>>,
    pub liabilities: Option<At<Decimal>>,
}

/// 指标: the self-evaluation table's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicators {
    pub pos: Pos,
    pub goal_expected: Option<String>,
    pub goal_achieved: Option<String>,
    pub rate_weight: Option<At<Decimal>>,
    pub rate_score: Option<At<Decimal>>,
    pub groups: Vec<Group>,
    pub stated_total: Option<At<Decimal>>,
    pub stated_grade: Option<At<String>>,
}

/// A 一级指标 (产出, 效益, 满意度) and its 二级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub pos: Pos,
    pub stated_weight: Option<At<Decimal>>,
    pub stated_score: Option<At<Decimal>>,
    pub subs: Vec<Sub>,
}

/// A 二级指标 and its 三级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Sub {
    pub name: String,
    pub pos: Pos,
    pub items: Vec<Item>,
}

/// A 三级指标 row of the 自评表.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub pos: Pos,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: At<Decimal>,
    pub score: At<Decimal>,
    pub deviation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Sign {
    pub filler: Option<String>,
    pub phone: Option<String>,
    pub head: Option<String>,
    pub leader: Option<String>,
    pub evaluators: Vec<Evaluator>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluator {
    pub name: String,
    pub title: String,
    pub unit: String,
}

/// Parses and checks one file's text. On failure returns every problem found.
pub fn load(src: &str, catalogue: &IndicatorCatalogue) -> Result<Input, Vec<Diagnostic>> {
    load_with_warnings(src, catalogue).map(|(input, _)| input)
}

/// [`load`], also returning the warnings of loading (invisible characters
/// removed). On failure the warnings come with the errors.
pub fn load_with_warnings(
    src: &str,
    catalogue: &IndicatorCatalogue,
) -> Result<(Input, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (src, mut warnings) = guard::strip_invisible(src);
    let root = node::parse(&src).map_err(|e| {
        let pos = Pos {
            line: e.line,
            col: e.col,
            path: String::new(),
        };
        let d = match e.hint {
            Some(hint) => Diagnostic::error(pos, e.message).hint(hint),
            None => Diagnostic::error(pos, format!("YAML 格式错误：{}", e.message))
                .hint("检查这一行及上一行的缩进（只能用空格，不能用 Tab）、冒号后是否有空格、引号和括号是否成对"),
        };
        let mut all = vec![d];
        all.append(&mut warnings.clone());
        all
    })?;
    // Name the key of each line that lost invisible characters.
    for w in &mut warnings {
        w.pos.path = path_on_line(&root, w.pos.line, "").unwrap_or_default();
    }
    let mut errors = Vec::new();
    guard::check_counts(&root, "", &mut errors);
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    match schema::walk(&root, catalogue) {
        Ok(input) => Ok((input, warnings)),
        Err(mut errors) => {
            errors.append(&mut warnings);
            Err(errors)
        }
    }
}

/// Where each of `chars` first occurs in the file's text (a value or a
/// key), with its key path; `None` when it is not found there (it came
/// from the template). For warnings about characters no font has.
pub fn find_chars(src: &str, chars: &[char]) -> Vec<(char, Option<Pos>)> {
    let (src, _) = guard::strip_invisible(src);
    let root = node::parse(&src).ok();
    chars
        .iter()
        .map(|&c| (c, root.as_ref().and_then(|r| find_char(r, c, ""))))
        .collect()
}

/// The key path of the last key or list item written on `line`.
fn path_on_line(n: &node::Node, line: u32, path: &str) -> Option<String> {
    match &n.kind {
        node::Kind::Seq(items) => items.iter().enumerate().rev().find_map(|(i, item)| {
            let p = format!("{path}[{}]", i + 1);
            path_on_line(item, line, &p).or_else(|| (item.line == line).then_some(p))
        }),
        node::Kind::Map(entries) => entries.iter().rev().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.name.clone()
            } else {
                format!("{path}.{}", k.name)
            };
            path_on_line(v, line, &p).or_else(|| (k.line == line).then_some(p))
        }),
        _ => None,
    }
}

fn find_char(n: &node::Node, c: char, path: &str) -> Option<Pos> {
    let here = || Pos {
        line: n.line,
        col: n.col,
        path: path.to_string(),
    };
    match &n.kind {
        node::Kind::Str(s) | node::Kind::Number(s) => s.contains(c).then(here),
        node::Kind::Seq(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_char(item, c, &format!("{path}[{}]", i + 1))),
        node::Kind::Map(entries) => entries.iter().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.name.clone()
            } else {
                format!("{path}.{}", k.name)
            };
            if k.name.contains(c) {
                return Some(Pos {
                    line: k.line,
                    col: k.col,
                    path: p,
                });
            }
            find_char(v, c, &p)
        }),
        node::Kind::Null | node::Kind::Bool(_) => None,
    }
}
