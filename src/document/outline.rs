//! A document as plain text, one line per block (and per table row), for
//! fixture tests: what a reader of the report sees, without layout. Table
//! rows show merged slots as the template wrote them (`^^` above, `^<`
//! left), so a changed merge shows in a diff.

use super::{Block, Document, Slot, Table};
use std::fmt::Write;

impl Document {
    /// The text of every block, in reading order.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            let _ = match block {
                Block::Title(lines) => writeln!(out, "title {}", lines.join(" / ")),
                Block::Caption(lines) => writeln!(out, "caption {}", lines.join(" / ")),
                Block::Heading { level, text } => writeln!(out, "h{level} {text}"),
                Block::Paragraph(p) => writeln!(out, "p {}", one_line(&p.text)),
                Block::Attachment(t) => writeln!(out, "attach {t}"),
                Block::Table(t) => {
                    table(t, &mut out);
                    Ok(())
                }
                Block::Signature(s) => {
                    for line in &s.lines {
                        let _ = writeln!(out, "sig {}", line.join(" | "));
                    }
                    Ok(())
                }
                Block::AttachmentList(a) => {
                    writeln!(out, "annex {} {}", a.label, a.items.join(" | "))
                }
                Block::Closing(c) => writeln!(out, "closing {} | {}", c.signer, c.date),
                Block::PageBreak => writeln!(out, "pagebreak"),
                Block::Space(n) => writeln!(out, "space {n}"),
                Block::Section(n) => writeln!(out, "section {n:?}"),
            };
        }
        out
    }
}

fn table(t: &Table, out: &mut String) {
    let _ = writeln!(out, "table header={}", t.header_rows);
    for (r, row) in t.slots().iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|slot| match *slot {
                Slot::Origin(i) => one_line(&t.cells[i].text),
                Slot::Covered(i) if t.cells[i].row < r => "^^".into(),
                Slot::Covered(_) => "^<".into(),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push_str("endtable\n");
}

/// A text's line breaks shown as `\n`, so every block stays one line.
fn one_line(text: &str) -> String {
    text.replace('\n', "\\n")
}
