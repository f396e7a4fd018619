//! 指标: goals, the execution-rate weight, and the indicator tree whose
//! scores may sit at the 三级, 二级 or 一级 level (contract §6.1). Which level
//! scores which rows is the model's check; here only shapes and types.

use super::blank::blank_for;
use super::contract as c;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;

impl Walker<'_> {
    /// 指标; a stand-in marked incomplete when it cannot be fully read.
    pub(super) fn indicators(&mut self, node: &Node, path: &str) -> Indicators {
        let catalogue = self.catalogue;
        let names: Vec<&str> = catalogue.groups.iter().map(|(n, _)| n.as_str()).collect();
        let Some(f) = self.fields(node, path, c::INDICATORS.fields(), &names) else {
            return Indicators::unreadable(at(node, path));
        };
        let (mut goal_expected, mut goal_achieved) = (None, None);
        if let Some(n) = f.get(&c::GOAL)
            && let Some(m) = self.fields(n, &f.child(c::GOAL.key), c::GOAL.fields(), &[])
        {
            goal_expected = self.opt_text(&m, &c::GOAL_EXPECTED);
            goal_achieved = self.opt_text(&m, &c::GOAL_ACHIEVED);
        }
        let notes = self.opt_paragraphs(&f, &c::NOTES);
        let rate = f.get(&c::RATE).and_then(|n| {
            let m = self.fields(n, &f.child(c::RATE.key), c::RATE.fields(), &[])?;
            Some(RateScore {
                pos: m.pos.clone(),
                weight: self.opt_score(&m, &c::RATE_WEIGHT)?,
                score: self.opt_score(&m, &c::RATE_SCORE),
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
        let stated_total = self.opt_score(&f, &c::TOTAL);
        let stated_grade = f.get(&c::GRADE).and_then(|n| {
            let p = f.child(c::GRADE.key);
            self.text(n, &p).map(|v| At { v, pos: at(n, &p) })
        });
        Indicators {
            pos: f.pos.clone(),
            goal_expected,
            goal_achieved,
            notes,
            rate,
            rate_written: f.get(&c::RATE).is_some(),
            groups,
            stated_total,
            stated_grade,
        }
    }

    fn group(&mut self, name: &str, node: &Node, path: &str, subs: &[String]) -> Option<Group> {
        let names: Vec<&str> = subs.iter().map(String::as_str).collect();
        let f = self.fields(node, path, c::GROUP, &names)?;
        let mut group = Group {
            name: name.to_string(),
            pos: f.pos.clone(),
            weight: self.opt_score(&f, &c::GROUP_WEIGHT),
            score: self.opt_score(&f, &c::GROUP_SCORE),
            notes: self.opt_paragraphs(&f, &c::SUB_NOTES),
            subs: Vec::new(),
        };
        for (key, value) in &f.entries {
            if c::GROUP.iter().any(|g| g.key == key.name) {
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
        let f = self.fields(node, path, c::SUB, &[])?;
        Some(Sub {
            name: name.to_string(),
            pos: f.pos.clone(),
            weight: self.opt_score(&f, &c::SUB_WEIGHT),
            score: self.opt_score(&f, &c::SUB_SCORE),
            notes: self.opt_paragraphs(&f, &c::SUB_NOTES),
            items: f
                .get(&c::ROWS)
                .map(|n| self.items(n, &f.child(c::ROWS.key)))
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
            if blank_for(item, c::ROWS.shape.item()) {
                continue; // Left as `gen-report new` writes it.
            }
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.fields(item, &p, c::ITEM, &[]) else {
                continue;
            };
            let name = self.opt_line(&m, &c::ITEM_NAME).unwrap_or_default();
            let weight = self.opt_score(&m, &c::WEIGHT);
            let score = self.opt_score(&m, &c::SCORE);
            let target = self.opt_text(&m, &c::TARGET).unwrap_or_default();
            let actual = self.opt_text(&m, &c::ACTUAL).unwrap_or_default();
            let deviation = self.opt_text(&m, &c::DEVIATION);
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
        out
    }
}
