//! Loading: a department's YAML file → [`Input`], the raw figures and texts
//! of contract §1 with a location on everything that can later be wrong.
//!
//! Two steps: `node` parses YAML into a located tree (serde-saphyr), then
//! the walker checks it against the contract (`contract` is the one table
//! of every key; `document`, `finance` and `indicators` walk their parts), collecting
//! every problem of the file (wrong type, unknown key with the nearest valid
//! one, negative amount). No arithmetic happens here; that is `model`'s job.

mod blank;
mod catalogue;
pub mod contract;
mod date;
mod decode;
mod document;
mod finance;
mod guard;
mod indicators;
mod lint;
mod locate;
mod node;
mod required;
mod scrub;
mod walker;

pub use catalogue::{IndicatorCatalogue, Unprinted};
pub use decode::decode;
pub use guard::{MAX_FILE_BYTES, MAX_ITEMS, MAX_LINE_CHARS, io_text, read};

use crate::diag::{Diagnostic, Pos};
use chrono::NaiveDate;
use locate::{find_char, path_near_line, path_on_line};
use rust_decimal::Decimal;
use serde::Serialize;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub v: T,
    pub pos: Pos,
}

/// An amount tree (contract §2): a number, or named subtrees with an optional
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
    pub cover: Cover,
    /// Where a value could not be read (each has its error): the figures
    /// computed from what lies there are not judged. Empty in a file
    /// without errors.
    pub unread: Vec<Pos>,
}

/// 封面: the form-style report's cover (contract §6.5), as written.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Cover {
    pub region: Option<String>,
    pub method: Option<String>,
    pub agency: Option<String>,
    pub maker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overview {
    pub duties: Vec<String>,
    pub internal: Units,
    pub secondary: Units,
    pub staff: Staff,
    pub works: Vec<Work>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Staff {
    pub quota: Option<At<u32>>,
    pub active: Option<At<u32>>,
    pub retired: Option<u32>,
    pub other: Option<u32>,
    /// Further head counts (实有人数, 行政编制…), in the order written.
    pub extra: Vec<(String, u32)>,
}

/// 内设机构 / 二级机构: names, or only a count (§6.4).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Units {
    pub names: Vec<String>,
    /// The names' count, or the count written instead of names.
    pub count: usize,
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
    /// 预算; absent means no execution rate (§6.2).
    pub budget: Option<Budget>,
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
    /// 支出经济分类 (§6.2): its total must equal 支出合计.
    pub econ: Option<Tree>,
    pub stated_spending: Option<At<Decimal>>,
    pub stated_projects: Option<At<Decimal>>,
    pub stated_balance: Option<At<Decimal>>,
}

/// 收支.预算: at least one of 年初/全年预算数; 全年执行数 optional.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub pos: Pos,
    pub initial: Option<At<Decimal>>,
    pub full: Option<At<Decimal>>,
    pub executed: Option<At<Decimal>>,
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
    /// 指标.说明: the department's own analysis (§6.4).
    pub notes: Vec<String>,
    /// 预算执行率 with its weight, when written and readable.
    pub rate: Option<RateScore>,
    /// Whether 预算执行率 was written at all (even if unreadable).
    pub rate_written: bool,
    pub groups: Vec<Group>,
    pub stated_total: Option<At<Decimal>>,
    pub stated_grade: Option<At<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RateScore {
    pub pos: Pos,
    pub weight: At<Decimal>,
    pub score: Option<At<Decimal>>,
}

impl Finance {
    /// Stands in for a 收支 that could not be read (its error is recorded),
    /// so the rest of the file is still checked.
    pub fn unreadable(pos: Pos) -> Finance {
        Finance {
            yuan: false,
            budget: None,
            income: None,
            basic: Tree {
                pos: pos.clone(),
                kind: TreeKind::Leaf(Decimal::ZERO),
            },
            projects: Vec::new(),
            projects_pos: pos.clone(),
            last: None,
            sangong: None,
            gov_fund: None,
            state_capital: None,
            social_insurance: None,
            procurement: None,
            assets: None,
            econ: None,
            stated_spending: None,
            stated_projects: None,
            stated_balance: None,
            pos,
        }
    }
}

impl Indicators {
    /// Stands in for a 指标 that could not be read (its error is recorded).
    pub fn unreadable(pos: Pos) -> Indicators {
        Indicators {
            pos,
            goal_expected: None,
            goal_achieved: None,
            notes: Vec::new(),
            rate: None,
            rate_written: false,
            groups: Vec::new(),
            stated_total: None,
            stated_grade: None,
        }
    }
}

/// A 一级指标 (产出, 效益, 满意度) and its 二级指标. Its 分值/得分 are either
/// its score (nothing below is scored) or stated totals of the scores below.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub pos: Pos,
    pub weight: Option<At<Decimal>>,
    pub score: Option<At<Decimal>>,
    pub notes: Vec<String>,
    pub subs: Vec<Sub>,
}

/// A 二级指标 and its 三级指标; scored itself when written as a map with
/// 分值/得分 (§6.1).
#[derive(Debug, Clone, PartialEq)]
pub struct Sub {
    pub name: String,
    pub pos: Pos,
    pub weight: Option<At<Decimal>>,
    pub score: Option<At<Decimal>>,
    pub notes: Vec<String>,
    pub items: Vec<Item>,
}

/// A 三级指标 row of the 自评表.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub pos: Pos,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: Option<At<Decimal>>,
    pub score: Option<At<Decimal>>,
    pub deviation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Sign {
    pub filler: Option<String>,
    pub phone: Option<String>,
    pub head: Option<String>,
    pub leader: Option<String>,
    pub evaluators: Vec<Evaluator>,
    /// 部门意见 and 财政部门意见: the form's signed opinion boxes.
    pub dept_opinion: Option<String>,
    pub finance_opinion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluator {
    pub name: String,
    pub title: String,
    pub unit: String,
}

/// Parses and checks one file's text. On failure returns every problem found.
pub fn load(src: &str, catalogue: &IndicatorCatalogue) -> Result<Input, Vec<Diagnostic>> {
    match load_all(src, catalogue) {
        (Some(input), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(input),
        (_, mut diags) => {
            if !diags.iter().any(Diagnostic::is_error) {
                // Defensive: a missing input always comes with a recorded error.
                diags.push(Diagnostic::error(
                    Pos::default(),
                    "文件内容不完整，无法生成报告",
                ));
            }
            Err(diags)
        }
    }
}

/// Parses and checks one file's text, returning what could be read beside
/// every problem: the caller may check the rest of the file too. The input
/// is absent when 收支 or 指标 could not be read at all. Besides errors,
/// the list holds loading's warnings (invisible characters removed).
pub fn load_all(src: &str, catalogue: &IndicatorCatalogue) -> (Option<Input>, Vec<Diagnostic>) {
    let loaded = load_identified(src, catalogue);
    (loaded.input, loaded.diags)
}

/// What [`load_identified`] read from one file.
pub struct Loaded {
    /// As [`load_all`] gives it.
    pub input: Option<Input>,
    pub diags: Vec<Diagnostic>,
    /// The file's 单位 and 年度, from the raw tree: present even when the
    /// rest of the file fails to load, so a broken file still claims its
    /// 单位 in a county run (§6.6).
    pub identity: Option<Identity>,
}

/// [`load_all`] and the file's identity from the same parse: a county run
/// compares departments without parsing any file twice.
pub fn load_identified(src: &str, catalogue: &IndicatorCatalogue) -> Loaded {
    let (src, mut warnings, repaired) = prepare(src);
    let parsed = match &repaired {
        // Read past the line check's mistakes: every other problem of the
        // file is reported with them. Where even the repaired text does
        // not parse, the mistakes alone are reported.
        Some(r) => match node::parse_repaired(&r.text) {
            Ok(root) => Ok(root),
            Err(_) => {
                let identity = node::parse(&src).ok().and_then(|mut root| {
                    scrub::scrub(&mut root);
                    identity_of(&root)
                });
                return Loaded {
                    input: None,
                    diags: warnings,
                    identity,
                };
            }
        },
        None => node::parse(&src),
    };
    let mut root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let pos = Pos {
                line: e.line,
                col: e.col,
                path: String::new(),
            };
            // The parser's own text is English: only its location is kept.
            let d = match e.hint {
                Some(hint) => Diagnostic::error(pos, e.message).hint(hint),
                None => Diagnostic::error(pos, "YAML 格式错误：这里的写法无法识别")
                    .hint("检查这一行及上一行的缩进（只能用空格，不能用 Tab）、冒号后是否有空格、引号和括号是否成对"),
            };
            let mut all = vec![d];
            all.append(&mut warnings);
            return Loaded {
                input: None,
                diags: all,
                identity: None,
            };
        }
    };
    // Escaped characters no report shows: removed, each named.
    warnings.append(&mut scrub::scrub(&mut root));
    let identity = identity_of(&root);
    // Name the key of each line that lost invisible characters.
    // (The scrub's own warnings already name theirs.)
    for w in warnings
        .iter_mut()
        .filter(|w| !w.is_error() && w.pos.path.is_empty())
    {
        w.pos.path = path_on_line(&root, w.pos.line, "").unwrap_or_default();
    }
    let mut errors = Vec::new();
    guard::check_counts(&root, "", &mut errors);
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Loaded {
            input: None,
            diags: errors,
            identity,
        };
    }
    let mut w = walker::Walker {
        diags: Vec::new(),
        unread: Vec::new(),
        figureless: Vec::new(),
        catalogue,
        yuan: false,
    };
    let mut input = w.document(&root);
    let mut diags = w.diags;
    diags.extend(catalogue.unprinted_warnings(&root));
    if let Some(r) = &repaired {
        // A key found unknown on a line whose indentation was guessed
        // says only that the guess was wrong.
        diags.retain(|d| !(r.guessed.contains(&d.pos.line) && d.message.starts_with("未知的项目")));
    }
    if let Some(input) = &mut input {
        let walked: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| !w.figureless.contains(&d.pos))
            .cloned()
            .collect();
        input.unread = unread(&root, w.unread, &walked, &warnings, repaired.as_ref());
    }
    diags.append(&mut warnings);
    Loaded {
        input,
        diags,
        identity,
    }
}

/// What could not be read: the values masked, and where every error is
/// (a line check's at the key its line lies under), but for lines whose
/// only mistake is their indentation (their values are read as written).
/// The figures that depend on them are not judged; the model says which
/// totals wait for a correction.
fn unread(
    root: &node::Node,
    masked: Vec<Pos>,
    walked: &[Diagnostic],
    lines: &[Diagnostic],
    repaired: Option<&lint::Repaired>,
) -> Vec<Pos> {
    let read_as_written = |d: &Diagnostic| repaired.is_some_and(|r| r.read.contains(&d.pos.line));
    let line_errors = lines
        .iter()
        .filter(|d| d.is_error() && !read_as_written(d))
        .map(|d| Pos {
            path: path_near_line(root, d.pos.line),
            ..d.pos.clone()
        });
    masked
        .into_iter()
        .chain(
            walked
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.pos.clone()),
        )
        .chain(line_errors)
        .collect()
}

/// The text as parsed: invisible characters removed and typing slips
/// corrected, with a warning for each and an error for each mistake; with
/// mistakes, the text repaired around them to read the rest.
fn prepare(src: &str) -> (String, Vec<Diagnostic>, Option<lint::Repaired>) {
    let (src, mut diags) = guard::strip_invisible(src);
    let scan = lint::scan(&src);
    diags.extend(scan.diags);
    diags.sort_by_key(|d| (d.pos.line, d.pos.col));
    (
        scan.text.unwrap_or_else(|| src.into_owned()),
        diags,
        scan.repaired,
    )
}

/// Where each of `chars` first occurs in the file's text (a value or a
/// key), with its key path; `None` when it is not found there (it came
/// from the template). For warnings about characters no font has.
pub fn find_chars(src: &str, chars: &[char]) -> Vec<(char, Option<Pos>)> {
    let (src, _, _) = prepare(src);
    let root = node::parse(&src).ok();
    chars
        .iter()
        .map(|&c| (c, root.as_ref().and_then(|r| find_char(r, c, ""))))
        .collect()
}

/// A file's 单位 and 年度 with where they are written.
pub type Identity = (At<String>, Option<At<i32>>);

/// A file's 单位 and 年度 in its raw tree, read without checking the
/// rest: the batch compares departments before rendering any (§6.6).
fn identity_of(root: &node::Node) -> Option<Identity> {
    let node::Kind::Map(entries) = &root.kind else {
        return None;
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
    let dept = match &get(contract::DEPT.key)?.kind {
        node::Kind::Str(s) => s.trim().to_string(),
        _ => return None,
    };
    let dept_node = get(contract::DEPT.key)?;
    let year = get(contract::YEAR.key).and_then(|n| match &n.kind {
        node::Kind::Number(t) | node::Kind::Str(t) => Some(At {
            v: t.trim().parse().ok()?,
            pos: Pos {
                line: n.line,
                col: n.col,
                path: contract::YEAR.key.to_string(),
            },
        }),
        _ => None,
    });
    Some((
        At {
            v: dept,
            pos: Pos {
                line: dept_node.line,
                col: dept_node.col,
                path: contract::DEPT.key.to_string(),
            },
        },
        year,
    ))
}

#[cfg(test)]
mod tests;
