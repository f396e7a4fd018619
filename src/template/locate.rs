//! Which line of which template file made each line of the markup, so a
//! markup mistake (an unknown keyword, a bad table row) is reported where
//! the county wrote it, not at a line of the rendered output.
//!
//! Before compiling, every template line that writes markup (it starts
//! with a keyword or `|`, not with a Tera tag) gets an invisible marker in
//! front: `\x01FILE.LINE\x02`. The markers pass through Tera like any
//! text; [`strip`] takes them out of the output again and keeps, for each
//! output line, the place its first marker names. User text cannot carry
//! a marker: the escape function drops both control characters.
//!
//! A marker shifts the columns of its line for Tera, so [`Marks::column`]
//! gives a reported column back as the county's editor shows it.

use std::collections::HashMap;

const START: char = '\u{1}';
const END: char = '\u{2}';

/// A file of the set and a line in it (1-based).
pub type Place = (usize, usize);

/// The markers added to a set: each marked line's marker length.
#[derive(Debug, Default)]
pub struct Marks(HashMap<Place, usize>);

impl Marks {
    /// A column Tera reports on `line` of file `file`, as written.
    pub fn column(&self, file: usize, line: usize, col: usize) -> usize {
        let shift = self.0.get(&(file, line)).copied().unwrap_or(0);
        col.saturating_sub(shift).max(1)
    }
}

/// `text` (file number `file`) with a marker in front of each markup line.
pub fn mark(file: usize, text: &str, marks: &mut Marks) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_start();
        let writes_markup = !body.trim().is_empty() && !body.starts_with('{');
        if writes_markup {
            let marker = format!("{START}{file}.{}{END}", i + 1);
            marks.0.insert((file, i + 1), marker.len());
            let indent = &line[..line.len() - body.len()];
            out.push_str(indent);
            out.push_str(&marker);
            out.push_str(body);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The output without markers, and for each of its lines the template
/// place that wrote it (the nearest marker above for a line without one).
pub fn strip(output: &str) -> (String, Vec<Option<Place>>) {
    let mut text = String::with_capacity(output.len());
    let mut places = Vec::new();
    let mut last = None;
    for line in output.split('\n') {
        let mut rest = line;
        let mut here = None;
        while let Some(start) = rest.find(START) {
            text.push_str(&rest[..start]);
            let after = &rest[start + START.len_utf8()..];
            let Some(end) = after.find(END) else {
                rest = after;
                break;
            };
            if here.is_none() {
                here = parse(&after[..end]);
            }
            rest = &after[end + END.len_utf8()..];
        }
        text.push_str(rest);
        text.push('\n');
        last = here.or(last);
        places.push(last);
    }
    text.pop();
    (text, places)
}

fn parse(marker: &str) -> Option<Place> {
    let (file, line) = marker.split_once('.')?;
    Some((file.parse().ok()?, line.parse().ok()?))
}

/// The first block tag of `text` left open (`{% if %}` without
/// `{% endif %}`) or closed without an opener: its line, and the tag.
/// Tera itself reports an unclosed block at the end of the file.
pub fn unbalanced(text: &str) -> Option<(usize, String)> {
    const PAIRS: [(&str, &str); 5] = [
        ("if", "endif"),
        ("for", "endfor"),
        ("macro", "endmacro"),
        ("block", "endblock"),
        ("filter", "endfilter"),
    ];
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{%") {
            let tag = rest[start + 2..].trim_start_matches('-').trim_start();
            let word: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            rest = &rest[start + 2..];
            if let Some((opener, _)) = PAIRS.iter().find(|(o, _)| *o == word) {
                open.push((i + 1, opener));
            } else if let Some((opener, _)) = PAIRS.iter().find(|(_, c)| *c == word) {
                match open.pop() {
                    Some((_, o)) if o == *opener => {}
                    Some((at, o)) => return Some((at, format!("{{% {o} %}}"))),
                    None => return Some((i + 1, format!("{{% {word} %}}"))),
                }
            }
        }
    }
    open.pop().map(|(at, o)| (at, format!("{{% {o} %}}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_the_template_line_of_each_output_line() {
        let mut marks = Marks::default();
        let src = "{%- set x = 1 -%}\np 甲\n{%- for i in [1, 2] %}\n  | {{ i }} |\n{%- endfor %}\nbogus\n";
        let marked = mark(0, src, &mut marks);
        assert!(marked.contains("\u{1}0.2\u{2}p 甲") && marked.contains("  \u{1}0.4\u{2}|"));
        // As Tera would render it.
        let output =
            "\u{1}0.2\u{2}p 甲\n\u{1}0.4\u{2}| 1 |\n\u{1}0.4\u{2}| 2 |\n\u{1}0.6\u{2}bogus\n";
        let (text, places) = strip(output);
        assert_eq!(text, "p 甲\n| 1 |\n| 2 |\nbogus\n");
        assert_eq!(
            places[..4],
            [Some((0, 2)), Some((0, 4)), Some((0, 4)), Some((0, 6))]
        );
        assert_eq!(marks.column(0, 4, 12), 12 - "\u{1}0.4\u{2}".len());
        assert_eq!(marks.column(0, 1, 12), 12);
    }

    #[test]
    fn an_unclosed_block_is_found_at_its_opening_line() {
        let text = "p a\n{% if x %}\np b\n{% for i in y %}\np c\n{% endfor %}\n";
        assert_eq!(unbalanced(text), Some((2, "{% if %}".into())));
        assert_eq!(unbalanced("{%- if a %}x{% endif %}"), None);
        assert_eq!(
            unbalanced("{% for a in b %}\n{% endif %}"),
            Some((1, "{% for %}".into()))
        );
        assert_eq!(
            unbalanced("x\n{% endfor %}"),
            Some((2, "{% endfor %}".into()))
        );
    }
}
