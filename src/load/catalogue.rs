//! The indicator names a file may use: contract §1's standard set, extended by a
//! template's `指标目录.yaml`.

use super::node::Kind;

/// The 一级 → 二级 indicator names a file may use. The standard set is
/// contract §1's; a template may declare more (`指标目录.yaml` in its folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorCatalogue {
    pub groups: Vec<(String, Vec<String>)>,
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
