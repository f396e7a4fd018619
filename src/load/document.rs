//! The top level of a department's file: 年度, 单位, 概况, the texts of
//! 七～十 and 签字. 收支 and 指标 have their own files.

use super::blank::blank_for;
use super::contract as c;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;
use chrono::Datelike;

impl Walker<'_> {
    /// The whole file. `None` only for an empty file; otherwise an input
    /// comes back even beside errors (stand-ins for what could not be read),
    /// so the model can check the rest of the file in the same run.
    pub(super) fn document(&mut self, root: &Node) -> Option<Input> {
        if matches!(root.kind, Kind::Null) {
            self.error(at(root, ""), "文件是空的")
                .with("请从 examples/ 中复制一个示例文件再修改");
            return None;
        }
        let f = self.fields(root, "", c::TOP, &[])?;
        // Missing parts are already errors; stand-ins let the model still
        // check the rest.
        let stand_in = |path: &str| Pos {
            path: path.to_string(),
            ..f.pos.clone()
        };
        let year = f.get(&c::YEAR).and_then(|n| {
            let y = self.integer(n, c::YEAR.key, c::YEAR.key)?;
            if (1949..=2200).contains(&y.v) {
                Some(At {
                    v: y.v as i32,
                    pos: y.pos,
                })
            } else {
                self.error(y.pos, format!("年度 {} 不是有效的年份", y.v))
                    .with("写4位年份，例如 2024");
                None
            }
        });
        let dept = f.get(&c::DEPT).and_then(|n| {
            self.required_line(n, c::DEPT.key, &c::DEPT).map(|v| At {
                v,
                pos: at(n, c::DEPT.key),
            })
        });
        let code = self.opt_line(&f, &c::CODE);
        let reported = year.as_ref().map(|y| y.v);
        let date = f
            .get(&c::DATE)
            .and_then(|n| self.date(n, c::DATE.key, reported));
        let overview = match f.get(&c::OVERVIEW) {
            Some(n) => self.overview(n, c::OVERVIEW.key).unwrap_or_default(),
            None => Overview::default(),
        };
        let finance = match f.get(&c::FINANCE) {
            Some(n) => self.finance(n, c::FINANCE.key),
            None => Finance::unreadable(stand_in(c::FINANCE.key)),
        };
        let indicators = match f.get(&c::INDICATORS) {
            Some(n) => self.indicators(n, c::INDICATORS.key),
            None => Indicators::unreadable(stand_in(c::INDICATORS.key)),
        };
        let list = |w: &mut Self, field: &c::Field| {
            let pos = f
                .get(field)
                .map(|n| at(n, field.key))
                .unwrap_or_else(|| stand_in(field.key));
            let v = w.opt_paragraphs(&f, field);
            At { v, pos }
        };
        let problems = list(self, &c::PROBLEMS);
        let measures = list(self, &c::MEASURES);
        let application = self.opt_text(&f, &c::APPLICATION);
        let other = self.opt_text(&f, &c::OTHER);
        let sign = match f.get(&c::SIGN) {
            Some(n) => self.sign(n, c::SIGN.key).unwrap_or_default(),
            None => Sign::default(),
        };
        let cover = f
            .get(&c::COVER)
            .and_then(|n| {
                let m = self.fields(n, c::COVER.key, c::COVER.fields(), &[])?;
                Some(Cover {
                    region: self.opt_line(&m, &c::REGION),
                    method: self.opt_line(&m, &c::METHOD),
                    agency: self.opt_line(&m, &c::AGENCY),
                    maker: self.opt_line(&m, &c::MAKER),
                })
            })
            .unwrap_or_default();
        Some(Input {
            year: year.unwrap_or_else(|| At {
                v: 0,
                pos: stand_in(c::YEAR.key),
            }),
            dept: dept.unwrap_or_else(|| At {
                v: String::new(),
                pos: stand_in(c::DEPT.key),
            }),
            code,
            date,
            overview,
            finance,
            indicators,
            problems,
            measures,
            application,
            other,
            sign,
            cover,
            unread: Vec::new(),
        })
    }

    /// 报告日期 as written (blank: left out); `year`, the 年度 reported on.
    fn date(&mut self, node: &Node, path: &str, year: Option<i32>) -> Option<NaiveDate> {
        let text = self.text(node, path)?;
        if text.trim().is_empty() {
            return None;
        }
        let pos = at(node, path);
        match super::date::parse(&text) {
            Ok(d) => match year.filter(|&y| d.year() < y) {
                Some(y) => {
                    self.error(pos, format!("报告日期“{text}”早于评价年度 {y} 年"))
                        .with(format!(
                            "自评报告在评价年度之后写成，例如 {} 年度写 {}-03-20；请核对年份",
                            y,
                            y + 1
                        ));
                    None
                }
                None => Some(d),
            },
            Err(e) => {
                self.error(pos, e.message(&text))
                    .with("写成 年-月-日，例如 2025-03-20（也可写 2025年3月20日、2025/3/20）；不填则落款日期留空");
                None
            }
        }
    }

    fn overview(&mut self, node: &Node, path: &str) -> Option<Overview> {
        let f = self.fields(node, path, c::OVERVIEW.fields(), &[])?;
        let mut o = Overview {
            duties: self.opt_paragraphs(&f, &c::DUTIES),
            ..Overview::default()
        };
        if let Some(n) = f.get(&c::ORGS)
            && let Some(m) = self.fields(n, &f.child(c::ORGS.key), c::ORGS.fields(), &[])
        {
            if let Some(n) = m.get(&c::INTERNAL) {
                o.internal = self.units(n, &m.child(c::INTERNAL.key));
            }
            if let Some(n) = m.get(&c::SECONDARY) {
                o.secondary = self.units(n, &m.child(c::SECONDARY.key));
            }
        }
        if let Some(n) = f.get(&c::STAFF) {
            o.staff = self.staff(n, &f.child(c::STAFF.key));
        }
        if let Some(n) = f.get(&c::WORKS) {
            o.works = self.works(n, &f.child(c::WORKS.key));
        }
        Some(o)
    }

    /// 人员: the four counts of §1 plus any further integer keys (§6.4).
    fn staff(&mut self, node: &Node, path: &str) -> Staff {
        let mut staff = Staff::default();
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(node, path, "分项（“名称: 值”的多行）");
            return staff;
        };
        for (key, value) in entries {
            if matches!(value.kind, Kind::Null) {
                continue;
            }
            let p = format!("{path}.{}", key.name);
            let Some(count) = self.integer(value, &p, "人数") else {
                continue;
            };
            match key.name.as_str() {
                n if n == c::QUOTA.key => staff.quota = Some(count),
                n if n == c::ACTIVE.key => staff.active = Some(count),
                n if n == c::RETIRED.key => staff.retired = Some(count.v),
                n if n == c::OTHER_STAFF.key => staff.other = Some(count.v),
                name => staff.extra.push((name.to_string(), count.v)),
            }
        }
        staff
    }

    /// A list of names, one name (or names separated by 、), or a count.
    fn units(&mut self, node: &Node, path: &str) -> Units {
        let names: Vec<String> = match &node.kind {
            Kind::Number(_) => {
                let count = self.integer(node, path, "机构个数").map_or(0, |c| c.v);
                return Units {
                    names: Vec::new(),
                    count: count as usize,
                };
            }
            Kind::Str(s) => s
                .split(['、', '，', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            _ => self.paragraphs(node, path),
        };
        Units {
            count: names.len(),
            names,
        }
    }

    fn works(&mut self, node: &Node, path: &str) -> Vec<Work> {
        let Kind::Seq(items) = &node.kind else {
            return self
                .paragraphs(node, path)
                .into_iter()
                .map(|content| Work {
                    title: None,
                    content,
                })
                .collect();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if blank_for(item, c::WORKS.shape.item()) {
                continue; // Left as `gen-report new` writes it.
            }
            let p = format!("{path}[{}]", i + 1);
            if let Kind::Map(_) = item.kind {
                let Some(m) = self.fields(item, &p, c::WORKS.fields(), &[]) else {
                    continue;
                };
                let title = self.opt_line(&m, &c::WORK_TITLE);
                let content = self.opt_text(&m, &c::WORK_CONTENT).unwrap_or_default();
                if title.is_none() && content.is_empty() {
                    self.error(at(item, &p), "重点工作既没有标题也没有内容")
                        .with("写成 - 标题: …  换行  内容: …，或只写一句话");
                    continue;
                }
                out.push(Work { title, content });
            } else if let Some(content) = self.text(item, &p) {
                out.push(Work {
                    title: None,
                    content,
                });
            }
        }
        out
    }

    fn sign(&mut self, node: &Node, path: &str) -> Option<Sign> {
        let f = self.fields(node, path, c::SIGN.fields(), &[])?;
        let mut sign = Sign {
            filler: self.opt_line(&f, &c::FILLER),
            phone: self.opt_line(&f, &c::PHONE),
            head: self.opt_line(&f, &c::HEAD),
            leader: self.opt_line(&f, &c::LEADER),
            evaluators: Vec::new(),
            dept_opinion: self.opt_text(&f, &c::DEPT_OPINION),
            finance_opinion: self.opt_text(&f, &c::FINANCE_OPINION),
        };
        let Some(n) = f.get(&c::EVALUATORS) else {
            return Some(sign);
        };
        let p = f.child(c::EVALUATORS.key);
        let Kind::Seq(items) = &n.kind else {
            self.wrong_type(n, &p, "人员清单（每人一行，以“- ”开头）");
            return Some(sign);
        };
        for (i, item) in items.iter().enumerate() {
            if blank_for(item, c::EVALUATORS.shape.item()) {
                continue; // Left as `gen-report new` writes it.
            }
            let ip = format!("{p}[{}]", i + 1);
            let Some(m) = self.fields(item, &ip, c::EVALUATORS.fields(), &[]) else {
                continue;
            };
            let name = m
                .get(&c::PERSON)
                .and_then(|n| self.required_line(n, &m.child(c::PERSON.key), &c::PERSON));
            if let Some(name) = name {
                sign.evaluators.push(Evaluator {
                    name,
                    title: self.opt_line(&m, &c::TITLE).unwrap_or_default(),
                    unit: self.opt_line(&m, &c::PERSON_UNIT).unwrap_or_default(),
                });
            }
        }
        Some(sign)
    }
}
