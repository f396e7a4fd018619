//! A required one-line field names something (issue 20): an empty
//! project name used to drop the project and its amount without a word.

use super::contract::{Field, Shape};
use super::node::Node;
use super::walker::{Walker, at};

impl Walker<'_> {
    /// A required one-line field (单位, a project's or a person's 名称):
    /// written, and naming something: not empty, not only punctuation.
    pub(super) fn required_line(
        &mut self,
        node: &Node,
        path: &str,
        field: &Field,
    ) -> Option<String> {
        debug_assert_eq!(field.shape, Shape::Line, "{}", field.key);
        let text = self.line(node, path)?;
        if text.chars().any(char::is_alphanumeric) {
            return Some(text);
        }
        let written = match text.as_str() {
            "" => "冒号后是空的".to_string(),
            t => format!("写的是“{t}”，只有标点或空白"),
        };
        self.error(
            at(node, path),
            format!("“{}”没有写出名称：{written}", field.key),
        )
        .with(format!("请写{}，例如 {}", field.doc, field.example));
        None
    }
}
