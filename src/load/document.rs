//! The top level of a department's file: 年度, 单位, 概况, the texts of
//! 七～十 and 签字. 收支 and 指标 have their own files.

use super::keys as k;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;

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
        let f = self.map(root, "", k::TOP)?;
        // Missing parts are already errors; stand-ins let the model still
        // check the rest.
        let stand_in = |path: &str| Pos {
            path: path.to_string(),
            ..f.pos.clone()
        };
        let year = match f.get(k::YEAR) {
            Some(n) => self.integer(n, k::YEAR, k::YEAR).and_then(|y| {
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
            }),
            None => {
                self.missing(&f, k::YEAR, "年度: 2024");
                None
            }
        };
        let dept = match f.get(k::DEPT) {
            Some(n) => self.line(n, k::DEPT).map(|v| At {
                v,
                pos: at(n, k::DEPT),
            }),
            None => {
                self.missing(&f, k::DEPT, "单位: 示例县教育局");
                None
            }
        };
        let code = self.opt_line(&f, k::CODE);
        let date = f.get(k::DATE).and_then(|n| self.date(n, k::DATE));
        let overview = match f.get(k::OVERVIEW) {
            Some(n) => self.overview(n, k::OVERVIEW).unwrap_or_default(),
            None => Overview::default(),
        };
        let finance = match f.get(k::FINANCE) {
            Some(n) => self.finance(n, k::FINANCE),
            None => {
                self.missing(&f, k::FINANCE, "收支:（见 examples/ 中的示例）");
                Finance::unreadable(stand_in(k::FINANCE))
            }
        };
        let indicators = match f.get(k::INDICATORS) {
            Some(n) => self.indicators(n, k::INDICATORS),
            None => {
                self.missing(&f, k::INDICATORS, "指标:（见 examples/ 中的示例）");
                Indicators::unreadable(stand_in(k::INDICATORS))
            }
        };
        let list = |w: &mut Self, key: &str| {
            let pos = f.get(key).map(|n| at(n, key)).unwrap_or_else(|| Pos {
                path: key.to_string(),
                ..f.pos.clone()
            });
            let v = f.get(key).map(|n| w.paragraphs(n, key)).unwrap_or_default();
            At { v, pos }
        };
        let problems = list(self, k::PROBLEMS);
        let measures = list(self, k::MEASURES);
        let application = self.opt_text(&f, k::APPLICATION);
        let other = self.opt_text(&f, k::OTHER);
        let sign = match f.get(k::SIGN) {
            Some(n) => self.sign(n, k::SIGN).unwrap_or_default(),
            None => Sign::default(),
        };
        Some(Input {
            year: year.unwrap_or_else(|| At {
                v: 0,
                pos: stand_in(k::YEAR),
            }),
            dept: dept.unwrap_or_else(|| At {
                v: String::new(),
                pos: stand_in(k::DEPT),
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
        })
    }

    fn date(&mut self, node: &Node, path: &str) -> Option<NaiveDate> {
        let text = self.text(node, path)?;
        let normalized: String = text.replace(['年', '月', '/', '.'], "-").replace('日', "");
        match NaiveDate::parse_from_str(normalized.trim_end_matches('-'), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(at(node, path), format!("日期格式不对：“{text}”"))
                    .with("写成 年-月-日，例如 2025-03-20；不填则落款日期留空");
                None
            }
        }
    }

    fn overview(&mut self, node: &Node, path: &str) -> Option<Overview> {
        let f = self.map(node, path, k::OVERVIEW_KEYS)?;
        let mut o = Overview::default();
        if let Some(n) = f.get(k::DUTIES) {
            o.duties = self.paragraphs(n, &f.child(k::DUTIES));
        }
        if let Some(n) = f.get(k::ORGS) {
            let p = f.child(k::ORGS);
            if let Some(m) = self.map(n, &p, k::ORG_KEYS) {
                if let Some(n) = m.get(k::INTERNAL) {
                    o.internal = self.units(n, &m.child(k::INTERNAL));
                }
                if let Some(n) = m.get(k::SECONDARY) {
                    o.secondary = self.units(n, &m.child(k::SECONDARY));
                }
            }
        }
        if let Some(n) = f.get(k::STAFF) {
            o.staff = self.staff(n, &f.child(k::STAFF));
        }
        if let Some(n) = f.get(k::WORKS) {
            let p = f.child(k::WORKS);
            o.works = self.works(n, &p);
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
                k::QUOTA => staff.quota = Some(count),
                k::ACTIVE => staff.active = Some(count),
                k::RETIRED => staff.retired = Some(count.v),
                k::OTHER_STAFF => staff.other = Some(count.v),
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
            let p = format!("{path}[{}]", i + 1);
            if let Kind::Map(_) = item.kind {
                let Some(m) = self.map(item, &p, k::WORK_KEYS) else {
                    continue;
                };
                let title = self.opt_text(&m, k::WORK_TITLE);
                let content = self.opt_text(&m, k::WORK_CONTENT).unwrap_or_default();
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
        let f = self.map(node, path, k::SIGN_KEYS)?;
        let mut sign = Sign {
            filler: self.opt_line(&f, k::FILLER),
            phone: self.opt_line(&f, k::PHONE),
            head: self.opt_line(&f, k::HEAD),
            leader: self.opt_line(&f, k::LEADER),
            evaluators: Vec::new(),
        };
        let Some(n) = f.get(k::EVALUATORS) else {
            return Some(sign);
        };
        let p = f.child(k::EVALUATORS);
        let Kind::Seq(items) = &n.kind else {
            self.wrong_type(n, &p, "人员清单（每人一行，以“- ”开头）");
            return Some(sign);
        };
        for (i, item) in items.iter().enumerate() {
            let ip = format!("{p}[{}]", i + 1);
            let Some(m) = self.map(item, &ip, k::EVALUATOR_KEYS) else {
                continue;
            };
            match self.opt_line(&m, k::PERSON) {
                Some(name) => sign.evaluators.push(Evaluator {
                    name,
                    title: self.opt_line(&m, k::TITLE).unwrap_or_default(),
                    unit: self.opt_line(&m, k::PERSON_UNIT).unwrap_or_default(),
                }),
                None => self.missing(&m, k::PERSON, "{姓名: 李四, 职务: 局长, 单位: 科工局}"),
            }
        }
        Some(sign)
    }
}
