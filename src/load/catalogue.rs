//! What a template set tells the loading of a file: the indicator names it
//! may use (contract §1's standard set, extended by a template's
//! `指标目录.yaml`), and the keys the set's report does not print.

use super::node::Kind;

/// The 一级 → 二级 indicator names a file may use. The standard set is
/// contract §1's; a template may declare more (`指标目录.yaml` in its folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorCatalogue {
    pub groups: Vec<(String, Vec<String>)>,
    /// Keys the set's report does not print, each with why: a file that
    /// writes one hears so, so nothing is typed in vain. Declared in a
    /// template by a comment `{# 不印：封面 湖南式报告没有封面 #}`.
    pub unprinted: Vec<Unprinted>,
}

/// A key of the table (`收支.上年`, `收支.上年.项目支出[].说明`) a report
/// leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprinted {
    pub path: String,
    pub reason: String,
}

/// What opens a declaration inside a template comment.
const UNPRINTED: [&str; 2] = ["不印：", "不印:"];

impl Unprinted {
    /// Every declaration in a template's text: `{# 不印：PATH 理由 #}`,
    /// one per comment line. A path the table does not know is an error
    /// (with its line), or the declaration would silence nothing.
    pub fn declared(text: &str) -> Result<Vec<Unprinted>, String> {
        let mut out = Vec::new();
        for (start, _) in text.match_indices("{#") {
            let body = text[start + 2..].split("#}").next().unwrap_or("");
            for (i, line) in body.lines().enumerate() {
                let line = line.trim().trim_start_matches('-').trim();
                let Some(rest) = UNPRINTED.iter().find_map(|p| line.strip_prefix(p)) else {
                    continue;
                };
                let rest = rest.trim();
                let (path, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                if !super::contract::paths().iter().any(|(p, _)| p == path) {
                    let at = text[..start].matches('\n').count() + 1 + i;
                    return Err(format!(
                        "第{at}行：“不印：”后面的“{path}”不是数据文件里的项目（写成 收支.上年、封面 这样的项目路径）"
                    ));
                }
                out.push(Unprinted {
                    path: path.to_string(),
                    reason: reason.trim().to_string(),
                });
            }
        }
        Ok(out)
    }
}

impl Default for IndicatorCatalogue {
    fn default() -> Self {
        let g = |name: &str, subs: &[&str]| {
            (
                name.to_string(),
                subs.iter().map(|s| s.to_string()).collect(),
            )
        };
        IndicatorCatalogue {
            groups: vec![
                g("产出", &["数量", "质量", "时效", "成本"]),
                g("效益", &["经济效益", "社会效益", "生态效益", "可持续影响"]),
                g("满意度", &["服务对象满意度"]),
            ],
            unprinted: Vec::new(),
        }
    }
}

impl IndicatorCatalogue {
    /// Adds the names of a template's `指标目录.yaml`: a map from 一级 name
    /// to a list of 二级 names. Existing groups gain the new 二级 names.
    pub fn extend_from_yaml(&mut self, src: &str) -> Result<(), String> {
        let root = super::node::parse(src)
            .map_err(|e| format!("第{}行第{}列：{}", e.line, e.col, e.message))?;
        let Kind::Map(entries) = root.kind else {
            return Err("应为“一级指标: [二级指标, …]”的形式".into());
        };
        for (key, value) in entries {
            let Kind::Seq(items) = value.kind else {
                return Err(format!(
                    "第{}行：{} 下应为二级指标名称的列表",
                    key.line, key.name
                ));
            };
            let subs: Vec<String> = items
                .into_iter()
                .filter_map(|n| match n.kind {
                    Kind::Str(s) => Some(s),
                    _ => None,
                })
                .collect();
            match self.groups.iter_mut().find(|(n, _)| *n == key.name) {
                Some((_, existing)) => {
                    for s in subs {
                        if !existing.contains(&s) {
                            existing.push(s);
                        }
                    }
                }
                None => self.groups.push((key.name, subs)),
            }
        }
        Ok(())
    }

    pub(super) fn subs(&self, group: &str) -> Option<&[String]> {
        self.groups
            .iter()
            .find(|(n, _)| n == group)
            .map(|(_, s)| s.as_slice())
    }
}

impl IndicatorCatalogue {
    /// One warning for each key the set does not print that a file writes,
    /// at its first place, with how many places write it.
    pub(super) fn unprinted_warnings(
        &self,
        root: &super::node::Node,
    ) -> Vec<crate::diag::Diagnostic> {
        let mut out = Vec::new();
        for u in &self.unprinted {
            let mut found = Vec::new();
            let steps: Vec<&str> = u.path.split('.').collect();
            written(root, &steps, "", &mut found);
            let Some(first) = found.first() else {
                continue;
            };
            let more = match found.len() {
                1 => String::new(),
                n => format!("（共 {n} 处）"),
            };
            let why = match u.reason.is_empty() {
                true => String::new(),
                false => format!("：{}", u.reason),
            };
            out.push(
                crate::diag::Diagnostic::warning(
                    first.clone(),
                    format!("写了“{}”{more}，但所用模板不印这一项{why}", u.path),
                )
                .hint("这一项不影响报告中的其他内容；不需要可以删除，换用印它的模板时会用到"),
            );
        }
        out
    }
}

/// Where `steps` (keys, `名称[]` for each entry of a list) lead to a value
/// written in `n`: the key's place and path.
fn written(n: &super::node::Node, steps: &[&str], path: &str, out: &mut Vec<crate::diag::Pos>) {
    let Some((step, rest)) = steps.split_first() else {
        return;
    };
    let (key, each) = match step.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (*step, false),
    };
    let Kind::Map(entries) = &n.kind else {
        return;
    };
    let Some((k, v)) = entries.iter().find(|(k, _)| k.name == key && !k.masked) else {
        return;
    };
    // `封面:` with every key left empty, as `gen-report new` writes it,
    // says nothing.
    if super::blank::blank(v) {
        return;
    }
    let here = super::walker::join(path, key);
    match (each, &v.kind) {
        (true, Kind::Seq(items)) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{here}[{}]", i + 1);
                if rest.is_empty() {
                    if !super::blank::blank(item) {
                        out.push(at(item.line, item.col, &p));
                    }
                } else {
                    written(item, rest, &p, out);
                }
            }
        }
        (true, _) => {}
        (false, _) if rest.is_empty() => out.push(at(k.line, k.col, &here)),
        (false, _) => written(v, rest, &here, out),
    }
}

fn at(line: u32, col: u32, path: &str) -> crate::diag::Pos {
    crate::diag::Pos {
        line,
        col,
        path: path.to_string(),
    }
}
