//! 指标: goals, the execution-rate weight, and the indicator tree whose
//! scores may sit at the 三级, 二级 or 一级 level (SPEC §6.1). Which level
//! scores which rows is the model's check; here only shapes and types.

use super::keys as k;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;

impl Walker<'_> {
    /// 指标; a stand-in marked incomplete when it cannot be fully read.
    pub(super) fn indicators(&mut self, node: &Node, path: &str) -> Indicators {
        let before = self.diags.len();
        let catalogue = self.catalogue;
        let mut allowed: Vec<&str> = k::INDICATOR_KEYS.to_vec();
        allowed.extend(catalogue.groups.iter().map(|(n, _)| n.as_str()));
        let Some(f) = self.map(node, path, &allowed) else {
            return Indicators::unreadable(at(node, path));
        };
        let (mut goal_expected, mut goal_achieved) = (None, None);
        if let Some(n) = f.get(k::GOAL)
            && let Some(m) = self.map(n, &f.child(k::GOAL), k::GOAL_KEYS)
        {
            goal_expected = self.opt_text(&m, k::GOAL_EXPECTED);
            goal_achieved = self.opt_text(&m, k::GOAL_ACHIEVED);
        }
        let notes = self.notes(&f);
        let rate = f.get(k::RATE).and_then(|n| {
            let p = f.child(k::RATE);
            let m = self.map(n, &p, k::RATE_KEYS)?;
            let weight = match m.get(k::WEIGHT) {
                Some(n) => self.score(n, &m.child(k::WEIGHT), k::WEIGHT),
                None => {
                    self.missing(&m, k::WEIGHT, "分值: 10");
                    None
                }
            };
            Some(RateScore {
                pos: at(n, &p),
                weight: weight?,
                score: m
                    .get(k::SCORE)
                    .and_then(|n| self.score(n, &m.child(k::SCORE), k::SCORE)),
            })
        });
        let mut groups = Vec::new();
        for (key, value) in &f.entries {
            if let Some(subs) = catalogue.subs(&key.name)
                && let Some(g) = self.group(&key.name, value, &f.child(&key.name), subs)
            {
                groups.push(g);
            }
        }
        let stated_total = f
            .get(k::TOTAL)
            .and_then(|n| self.score(n, &f.child(k::TOTAL), k::TOTAL));
        let stated_grade = f.get(k::GRADE).and_then(|n| {
            let p = f.child(k::GRADE);
            self.text(n, &p).map(|v| At { v, pos: at(n, &p) })
        });
        Indicators {
            complete: self.diags.len() == before,
            pos: f.pos.clone(),
            goal_expected,
            goal_achieved,
            notes,
            rate,
            rate_written: f.get(k::RATE).is_some(),
            groups,
            stated_total,
            stated_grade,
        }
    }

    /// 分值 and 得分 of a 一级 or a 二级 map.
    fn level_scores(&mut self, f: &walker::Fields) -> (Option<At<Decimal>>, Option<At<Decimal>>) {
        let weight = f
            .get(k::WEIGHT)
            .and_then(|n| self.score(n, &f.child(k::WEIGHT), k::WEIGHT));
        let score = f
            .get(k::SCORE)
            .and_then(|n| self.score(n, &f.child(k::SCORE), k::SCORE));
        (weight, score)
    }

    fn group(&mut self, name: &str, node: &Node, path: &str, subs: &[String]) -> Option<Group> {
        let mut allowed: Vec<&str> = subs.iter().map(String::as_str).collect();
        allowed.extend(k::GROUP_KEYS);
        let f = self.map(node, path, &allowed)?;
        let (weight, score) = self.level_scores(&f);
        let mut group = Group {
            name: name.to_string(),
            pos: f.pos.clone(),
            weight,
            score,
            notes: self.notes(&f),
            subs: Vec::new(),
        };
        for (key, value) in &f.entries {
            if k::GROUP_KEYS.contains(&key.name.as_str()) {
                continue;
            }
            let p = f.child(&key.name);
            if let Kind::Map(_) = value.kind {
                if let Some(sub) = self.sub_map(&key.name, value, &p) {
                    group.subs.push(sub);
                }
                continue;
            }
            let items = self.items(value, &p);
            if !items.is_empty() {
                group.subs.push(Sub {
                    name: key.name.clone(),
                    pos: at(value, &p),
                    weight: None,
                    score: None,
                    notes: Vec::new(),
                    items,
                });
            }
        }
        Some(group)
    }

    /// A 二级 written as a map: its own score, 说明 and rows (§6.1).
    fn sub_map(&mut self, name: &str, node: &Node, path: &str) -> Option<Sub> {
        let f = self.map(node, path, k::SUB_KEYS)?;
        let (weight, score) = self.level_scores(&f);
        Some(Sub {
            name: name.to_string(),
            pos: f.pos.clone(),
            weight,
            score,
            notes: self.notes(&f),
            items: f
                .get(k::ROWS)
                .map(|n| self.items(n, &f.child(k::ROWS)))
                .unwrap_or_default(),
        })
    }

    fn items(&mut self, node: &Node, path: &str) -> Vec<Item> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, path, "三级指标清单（每个指标以“- 名称:”开头）");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.map(item, &p, k::ITEM_KEYS) else {
                continue;
            };
            let name = self.opt_line(&m, k::NAME);
            if name.is_none() {
                self.missing(&m, k::NAME, "名称: 大力培养规模工业企业");
            }
            let (weight, score) = self.level_scores(&m);
            let target = self.opt_text(&m, k::TARGET).unwrap_or_default();
            let actual = self.opt_text(&m, k::ACTUAL).unwrap_or_default();
            let deviation = self.opt_text(&m, k::DEVIATION);
            if let Some(name) = name {
                out.push(Item {
                    pos: at(item, &p),
                    name,
                    target,
                    actual,
                    weight,
                    score,
                    deviation,
                });
            }
        }
        out
    }
}
