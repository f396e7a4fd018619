//! The input contract as one table: every key of a department's file, its
//! shape, whether it is required, and its explanation for officers.
//!
//! Everything that knows a key derives from [`table`]: the walker's
//! unknown-key and required-key checks (`Walker::fields`), `gen-report
//! schema` (`starter::schema`), the file `gen-report new` writes
//! (`starter::blank`) and the key table of `docs/数据文件说明.md`
//! (`starter::docs`). The rules the table follows are written in
//! `docs/contract.md`.

mod table;

pub use table::*;

/// What a value may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A non-negative integer (head counts).
    Count,
    /// A year, 1949–2200.
    Year,
    /// Text on one line (names, numbers kept as written).
    Line,
    /// Text that may span lines.
    Text,
    /// A date, 年-月-日.
    Date,
    /// A non-negative amount (万元 or 元).
    Amount,
    /// An amount tree (contract §2): a number, or named amount trees.
    Tree,
    /// A score, 分值 or 得分.
    Score,
    /// One of these words.
    Word(&'static [&'static str]),
    /// Paragraphs: a list of texts, or one text.
    Paragraphs,
    /// Names, or only their count.
    Units,
    /// A map with these keys.
    Map(&'static [Field]),
    /// A map with these keys, plus any further key of the given shape.
    MapOpen(&'static [Field], &'static Shape),
    /// A list of these.
    List(&'static Shape),
    /// Either of these.
    Either(&'static Shape, &'static Shape),
    /// 指标: its own keys, then 一级 → 二级 → 三级 with names from the
    /// indicator catalogue ([`GROUP`], [`SUB`], [`ITEM`] give their keys).
    Indicators(&'static [Field]),
}

impl Shape {
    /// The keys of a map shape (also inside a list or an alternative).
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Shape::Map(f) | Shape::MapOpen(f, _) | Shape::Indicators(f) => f,
            Shape::List(inner) => inner.fields(),
            Shape::Either(a, b) => match a.fields() {
                [] => b.fields(),
                f => f,
            },
            _ => &[],
        }
    }

    /// Whether a map may stand here (also inside a list or an
    /// alternative): only there can keys left empty mean “not written”.
    pub fn takes_entries(&self) -> bool {
        match self {
            Shape::Map(_) | Shape::MapOpen(..) | Shape::Indicators(_) | Shape::Tree => true,
            Shape::List(inner) => inner.takes_entries(),
            Shape::Either(a, b) => a.takes_entries() || b.takes_entries(),
            _ => false,
        }
    }

    /// What each entry of a list is; any other shape is itself.
    pub fn item(&self) -> &Shape {
        match self {
            Shape::List(item) => item,
            s => s,
        }
    }

    /// How an officer is told to write it (the docs' 写法 column).
    pub fn words(&self) -> String {
        match self {
            Shape::Count => "整数".into(),
            Shape::Year => "4 位年份".into(),
            Shape::Line => "一行文字".into(),
            Shape::Text => "文字（可多行）".into(),
            Shape::Date => "日期 年-月-日".into(),
            Shape::Amount => "金额".into(),
            Shape::Tree => "金额，或分项".into(),
            Shape::Score => "分数".into(),
            Shape::Word(w) => w.join(" / "),
            Shape::Paragraphs => "段落清单，或一段文字".into(),
            Shape::Units => "名称清单，或个数".into(),
            Shape::Map(_) | Shape::Indicators(_) => "分项".into(),
            Shape::MapOpen(_, extra) => format!("分项（还可加其他项，{}）", extra.words()),
            Shape::List(inner) => match inner {
                Shape::Map(_) | Shape::Either(..) => "清单，每条一项".into(),
                other => format!("清单，每条{}", other.words()),
            },
            Shape::Either(a, b) => format!("{}，或{}", a.words(), b.words()),
        }
    }
}

/// What `gen-report new` writes for a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blank {
    /// `key:` with nothing after it, to fill in (a map's keys follow).
    Empty,
    /// `key: VALUE`, a value the officer keeps or changes.
    Value(&'static str),
    /// An amount tree's usual entries, one line each with a comment.
    Entries(&'static [(&'static str, &'static str, &'static str)]),
    /// Left out: another way of writing a key that the file already has.
    Omit,
}

/// One key of a map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub key: &'static str,
    /// What it holds, in a line: the schema's description, the blank file's
    /// comment, the docs' 内容 column.
    pub doc: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// A figure the tool checks against others when written (a stated
    /// total): left out of `new`'s file, which leaves nothing to contradict.
    pub stated: bool,
    /// A value as written after the colon, for the missing-key hint and the
    /// blank file's comment ("" when a map's keys speak for it).
    pub example: &'static str,
    pub blank: Blank,
    /// A heading the blank file puts above the key ("" none).
    pub section: &'static str,
}

impl Field {
    /// An optional key.
    pub const fn new(key: &'static str, doc: &'static str, shape: Shape) -> Field {
        Field {
            key,
            doc,
            shape,
            required: false,
            stated: false,
            example: "",
            blank: Blank::Empty,
            section: "",
        }
    }
    pub const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }
    pub const fn stated(self) -> Field {
        Field {
            stated: true,
            blank: Blank::Omit,
            ..self
        }
    }
    pub const fn example(self, example: &'static str) -> Field {
        Field { example, ..self }
    }
    pub const fn blank(self, blank: Blank) -> Field {
        Field { blank, ..self }
    }
    pub const fn section(self, section: &'static str) -> Field {
        Field { section, ..self }
    }

    /// The keys this key's map may hold.
    pub fn fields(&self) -> &'static [Field] {
        self.shape.fields()
    }

    /// Whether `new`'s file leaves it out.
    pub fn omitted(&self) -> bool {
        self.stated || self.blank == Blank::Omit
    }

    /// `key: example`, for hints.
    pub fn written(&self) -> String {
        if self.example.is_empty() {
            format!("{}:（见 examples/ 中的示例）", self.key)
        } else {
            format!("{}: {}", self.key, self.example)
        }
    }
}

/// Every key of the table with its dotted path (`收支.预算.年初预算数`;
/// a list's item keys as `收支.项目支出[].名称`; the indicator levels as
/// `指标.<一级>`, `指标.<一级>.<二级>`, `指标.<一级>.<二级>[]`), parents
/// before children, in the table's order.
pub fn paths() -> &'static [(String, &'static Field)] {
    static PATHS: std::sync::LazyLock<Vec<(String, &'static Field)>> =
        std::sync::LazyLock::new(|| {
            let mut out = Vec::new();
            walk(TOP, "", &mut out);
            out
        });
    fn walk(fields: &'static [Field], prefix: &str, out: &mut Vec<(String, &'static Field)>) {
        for f in fields {
            let path = if prefix.is_empty() {
                f.key.to_string()
            } else {
                format!("{prefix}.{}", f.key)
            };
            out.push((path.clone(), f));
            let inner = match f.shape {
                Shape::List(_) => format!("{path}[]"),
                _ => path.clone(),
            };
            match f.shape {
                Shape::Indicators(own) => {
                    walk(own, &path, out);
                    let group = format!("{path}.{GROUP_NAME}");
                    out.push((group.clone(), &GROUP_FIELD));
                    walk(GROUP, &group, out);
                    let sub = format!("{group}.{SUB_NAME}");
                    out.push((sub.clone(), &SUB_FIELD));
                    walk(SUB, &sub, out);
                    walk(ITEM, &format!("{sub}[]"), out);
                }
                _ => walk(f.fields(), &inner, out),
            }
        }
    }
    &PATHS
}

/// Every key name of the contract (for recognising a key typed with a
/// full-width colon or without the space after its colon).
pub fn names() -> impl Iterator<Item = &'static str> {
    paths()
        .iter()
        .map(|(_, f)| f.key)
        .filter(|k| !k.starts_with('<'))
        .chain(SUBTOTALS.iter().copied())
}

/// The keys a contract key's map may hold, for telling a key indented one
/// level too shallow from a typo. A key that names several maps
/// (`预算` of 收支 and of a project) gives the first one's.
pub fn children(key: &str) -> Option<&'static [Field]> {
    paths()
        .iter()
        .map(|(_, f)| *f)
        .find(|f| f.key == key && !f.fields().is_empty())
        .map(|f| f.fields())
}

#[cfg(test)]
mod every_key;
#[cfg(test)]
mod tests;
