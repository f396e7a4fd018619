//! 概况: organisation and head counts as the report shows them, with the
//! 控制率 (§6.4), and the checks on people and on the 问题/措施 lists.

use super::{Checker, Percent};
use crate::load::{Input, Work, contract as keys};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub duties: Vec<String>,
    /// 内设机构 names; empty when only a count was written.
    pub internal: Vec<String>,
    pub internal_count: usize,
    pub secondary: Vec<String>,
    pub secondary_count: usize,
    pub staff: Staff,
    pub works: Vec<Work>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Staff {
    pub quota: Option<u32>,
    pub active: Option<u32>,
    pub retired: Option<u32>,
    pub other: Option<u32>,
    /// Whether any figure is given (the template then writes the sentence).
    pub any: bool,
    /// The given figures in order, named as in the file (编制数, 在职人数…):
    /// the four of §1 first, then the others as written.
    pub items: Vec<StaffItem>,
    /// Only the counts beyond the four of §1.
    pub extra: Vec<StaffItem>,
    /// 控制率 = 在职人数 ÷ 编制数, when both are given.
    pub control: Option<Percent>,
    /// The people the department has: 实有人数 as written, else 在职人数
    /// (the form-style report's 实有人数 cell).
    pub actual: Option<u32>,
}

/// The further head count that names the people a department has (§6.4).
const ACTUAL_STAFF: &str = "实有人数";

#[derive(Debug, Clone, Serialize)]
pub struct StaffItem {
    pub name: String,
    pub count: u32,
}

impl Checker {
    pub(super) fn overview(&mut self, input: &Input) -> Overview {
        self.people_and_lists(input);
        let ov = &input.overview;
        let staff = &ov.staff;
        let quota = staff.quota.as_ref().map(|a| a.v);
        let active = staff.active.as_ref().map(|a| a.v);
        let four = [
            (keys::QUOTA.key, quota),
            (keys::ACTIVE.key, active),
            (keys::RETIRED.key, staff.retired),
            (keys::OTHER_STAFF.key, staff.other),
        ];
        let extra: Vec<StaffItem> = staff
            .extra
            .iter()
            .map(|(name, count)| StaffItem {
                name: name.clone(),
                count: *count,
            })
            .collect();
        let items: Vec<StaffItem> = four
            .into_iter()
            .filter_map(|(name, count)| {
                Some(StaffItem {
                    name: name.to_string(),
                    count: count?,
                })
            })
            .chain(extra.iter().cloned())
            .collect();
        Overview {
            duties: ov.duties.clone(),
            internal: ov.internal.names.clone(),
            internal_count: ov.internal.count,
            secondary: ov.secondary.names.clone(),
            secondary_count: ov.secondary.count,
            staff: Staff {
                quota,
                active,
                retired: staff.retired,
                other: staff.other,
                any: !items.is_empty(),
                control: quota
                    .zip(active)
                    .and_then(|(q, a)| Percent::of(a.into(), q.into())),
                actual: extra
                    .iter()
                    .find(|i| i.name == ACTUAL_STAFF)
                    .map(|i| i.count)
                    .or(active),
                items,
                extra,
            },
            works: ov.works.clone(),
        }
    }

    fn people_and_lists(&mut self, input: &Input) {
        let staff = &input.overview.staff;
        if let (Some(q), Some(a)) = (&staff.quota, &staff.active)
            && a.v > q.v
        {
            self.warning(&a.pos, format!("在职人数 {} 超过编制数 {}", a.v, q.v))
                .with("请核对人数；如确有超编，请在报告中说明原因");
        }
        for (list, name) in [
            (&input.problems, keys::PROBLEMS.key),
            (&input.measures, keys::MEASURES.key),
        ] {
            // A list whose entries have their own errors is not empty.
            if list.v.is_empty() && self.unread_lines(&[name.to_string()]).is_empty() {
                self.warning(&list.pos, format!("“{name}”没有填写任何内容"))
                    .with("自评报告应写明存在的问题和改进措施，每条一段");
            }
        }
    }
}
