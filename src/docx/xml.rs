//! A minimal XML writer for the WordprocessingML parts: elements are
//! written in the order the caller gives, so each caller keeps the
//! ECMA-376 sequence of its element (the order is part of the schema, and
//! Word ignores run properties that come out of sequence).

/// The WordprocessingML namespace, bound to `w:` in every part.
pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// An XML part being written.
pub(super) struct Xml {
    out: String,
}

impl Xml {
    /// A part with the XML declaration.
    pub(super) fn new() -> Xml {
        let mut out = String::with_capacity(16 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        Xml { out }
    }

    /// `<tag a="v" …>`.
    pub(super) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    /// `<tag a="v" …/>`.
    pub(super) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str("/>");
    }

    /// `<tag w:val="v"/>`, the commonest property element.
    pub(super) fn val(&mut self, tag: &str, val: &str) {
        self.empty(tag, &[("w:val", val)]);
    }

    /// `</tag>`.
    pub(super) fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// Escaped character data.
    pub(super) fn text(&mut self, text: &str) {
        escape_into(text, &mut self.out);
    }

    pub(super) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(value, &mut self.out);
            self.out.push('"');
        }
    }
}

/// Whether XML 1.0 can carry `ch` (tab and line feed are written as
/// elements by the callers; other controls and non-characters cannot be
/// written at all, and Word refuses a file that contains them).
pub(super) fn is_xml_char(ch: char) -> bool {
    !matches!(ch, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes `text` for element content or a double-quoted attribute.
pub(super) fn escape_into(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_controls_dropped() {
        let mut x = Xml::new();
        x.open("w:t", &[("a", "1\"<2")]);
        x.text("a<b>&c\u{1}\u{FFFF}d");
        x.close("w:t");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(
            s.ends_with("<w:t a=\"1&quot;&lt;2\">a&lt;b&gt;&amp;cd</w:t>"),
            "{s}"
        );
    }
}
