//! What counts as not written (contract §1): a key with nothing after its
//! colon, and an entry or section left as `gen-report new` writes it, with
//! the contract's own keys all empty. Nothing else: what names something is
//! read, and an error if it cannot be.

use super::contract::Shape;
use super::node::{Kind, Node};

/// Whether a value says nothing: empty, or only keys and list entries
/// left empty. A list entry so (`-` alone, or `- 名称:` with its keys
/// empty, as `gen-report new` writes them) counts as not written, like a
/// key with nothing after its colon (contract §1).
pub(super) fn blank(n: &Node) -> bool {
    match &n.kind {
        Kind::Null => true,
        Kind::Str(s) => s.trim().is_empty(),
        Kind::Seq(items) => items.iter().all(blank),
        Kind::Map(entries) => entries.iter().all(|(_, v)| blank(v)),
        Kind::Number(_) | Kind::Bool(_) | Kind::Unread => false,
    }
}

/// [`blank`] where `shape` is expected. A map left empty counts as not
/// written only where a map may stand, and only under the contract's own
/// keys (as `gen-report new` writes them): where text or a figure belongs,
/// `- 主要职能如下:` is a sentence YAML read as a name with nothing after
/// it, and `- 办公经费:` among projects names something; both are errors
/// at their line, not dropped.
pub(super) fn blank_for(n: &Node, shape: &Shape) -> bool {
    match (&n.kind, shape) {
        (_, Shape::Either(a, b)) => blank_for(n, a) || blank_for(n, b),
        (Kind::Seq(items), Shape::List(item)) => items.iter().all(|i| blank_for(i, item)),
        (Kind::Seq(items), s) if !s.takes_entries() => items.iter().all(|i| blank_for(i, s)),
        (Kind::Map(entries), Shape::Map(fields)) => entries.iter().all(|(k, v)| {
            fields
                .iter()
                .find(|f| f.key == k.name)
                .is_some_and(|f| blank_for(v, &f.shape))
        }),
        (Kind::Map(_), s) => s.takes_entries() && blank(n),
        _ => blank(n),
    }
}
