//! Line breaking for Chinese text: greedy first-fit filling with break
//! opportunities from UAX #14 plus the Chinese 禁则 (kinsoku) rules, and
//! placement of a finished line with full justification (两端对齐).
//!
//! Text is measured glyph by glyph with real advances (see `metrics.rs`),
//! plus a per-glyph tracking that lets body text sit on the 28-character
//! grid. The breaker knows nothing about pages; `flow.rs` stacks the lines.

use super::fonts::Role;
use super::frame::{PlacedGlyph, Semantic, TextRun};
use super::metrics::{Metrics, MissingGlyph, Shaped};
use crate::document::Align;
use crate::document::measure::is_wide;
use std::ops::Range;

/// Characters that must not start a line: closing brackets and quotes,
/// sentence and clause punctuation, the percent sign, iteration marks and
/// small kana (GB/T 15834 usage and the common 禁则 set). Dashes and
/// ellipses may start a line but are never split (see `kinsoku_ok`).
pub const NO_LINE_START: &str = "，。、；：？！）》」』】〕〗〉”’%％‰℃·～,.;:?!)]}>\u{FF09}\u{FF3D}\u{FF5D}\u{3015}々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー";

/// Characters that must not end a line: opening brackets and quotes.
pub const NO_LINE_END: &str = "（《「『【〔〖〈“‘([{<\u{FF08}\u{FF3B}\u{FF5B}\u{3014}";

/// Tolerance when comparing a line's width with the room it has, so that
/// exactly 28 glyphs on the 28-character grid still fit despite rounding.
const FIT_EPSILON: f32 = 0.01;

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub role: Role,
    /// Font size in points.
    pub size: f32,
    /// Points added to every glyph's advance (negative to tighten).
    pub tracking: f32,
    /// Thicken the glyphs with an outline (a bold look from a regular face).
    pub fake_bold: bool,
    /// Body text's typesetting: a closing mark may hang past the line's
    /// end, and squeezed punctuation may pull a character up. Not in a
    /// table cell, where the mark would cross the cell's rule and where
    /// LibreOffice squeezes nothing (measured: it carries the character
    /// down).
    pub hang: bool,
}

/// One character, measured.
#[derive(Debug, Clone)]
struct Glyph {
    /// Byte range in the source text.
    range: Range<usize>,
    ch: char,
    shaped: Shaped,
    /// Advance in points, tracking included.
    advance: f32,
}

/// A broken line: glyphs, not yet positioned.
#[derive(Debug, Clone)]
pub struct Line {
    glyphs: Vec<Glyph>,
    /// The last line of a paragraph (never justified).
    pub last: bool,
}

impl Line {
    /// Number of glyphs.
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    /// Whether the line has no glyphs.
    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Natural width in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// Breaks `text` into lines: the first may hold `first_width` points, the
/// others `width`. Line feeds force a break; no line breaks at the byte
/// offsets in `glued` (sorted; see `document::measure`).
pub fn break_lines(
    text: &str,
    glued: &[usize],
    metrics: &Metrics,
    style: &Style,
    first_width: f32,
    width: f32,
) -> Result<Vec<Line>, MissingGlyph> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for part in text.split('\n') {
        let glyphs = measure(part, offset, glued, metrics, style)?;
        offset += part.len() + 1;
        let mut breaks = break_opportunities(part, &glyphs);
        for (i, g) in glyphs.iter().enumerate() {
            if glued.binary_search(&g.range.start).is_ok() {
                breaks[i] = false;
            }
        }
        fill(
            &glyphs,
            &breaks,
            (first_width, width),
            style.hang,
            &mut lines,
        );
    }
    Ok(lines)
}

fn measure(
    text: &str,
    offset: usize,
    glued: &[usize],
    metrics: &Metrics,
    style: &Style,
) -> Result<Vec<Glyph>, MissingGlyph> {
    let mut glyphs = text
        .char_indices()
        .filter(|(_, ch)| !is_invisible(*ch))
        .map(|(i, ch)| {
            let shaped = metrics.shape(style.role, ch)?;
            Ok(Glyph {
                range: offset + i..offset + i + ch.len_utf8(),
                ch,
                shaped,
                advance: shaped.advance * style.size + style.tracking,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // The space Word and LibreOffice put between an ideograph and a Latin
    // letter or digit, except where the DOCX glues them (U+200D).
    let space = style.size * crate::document::style::AUTOSPACE_PERCENT as f32 / 100.0;
    for i in 1..glyphs.len() {
        let (a, b) = (glyphs[i - 1].ch, glyphs[i].ch);
        let mixed = (is_ideograph(a) && b.is_ascii_alphanumeric())
            || (a.is_ascii_alphanumeric() && is_ideograph(b));
        if mixed && glued.binary_search(&glyphs[i].range.start).is_err() {
            glyphs[i - 1].advance += space;
        }
    }
    Ok(glyphs)
}

/// Ideographs and kana (not CJK punctuation), the script that autospace
/// keeps apart from Latin letters and digits.
fn is_ideograph(ch: char) -> bool {
    matches!(ch,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
    )
}

/// Zero-width characters the layout drops (they have no place on paper).
fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\r')
}

/// `allowed[i]`: a line may break before glyph `i`.
fn break_opportunities(text: &str, glyphs: &[Glyph]) -> Vec<bool> {
    let mut allowed = vec![false; glyphs.len() + 1];
    // UAX #14 positions are byte offsets in `text`; glyph ranges carry the
    // paragraph offset, so compare against the first glyph's start.
    let base = glyphs.first().map_or(0, |g| g.range.start);
    let mut uax = unicode_linebreak::linebreaks(text)
        .map(|(b, _)| b)
        .peekable();
    for (i, g) in glyphs.iter().enumerate().skip(1) {
        let at = g.range.start - base;
        while uax.next_if(|&b| b < at).is_some() {}
        let uax_ok = uax.peek() == Some(&at);
        let prev = glyphs[i - 1].ch;
        // UAX #14 forbids breaks around “ ” (class QU); Chinese typesetting
        // breaks between any two wide characters, subject to 禁则.
        let wide_ok = is_wide(prev) || is_wide(g.ch);
        allowed[i] = (uax_ok || wide_ok) && kinsoku_ok(prev, g.ch);
    }
    allowed[glyphs.len()] = true;
    allowed
}

/// Whether a break between `prev` and `next` respects the 禁则 rules.
fn kinsoku_ok(prev: char, next: char) -> bool {
    let paired = matches!(next, '—' | '…') && prev == next;
    !NO_LINE_START.contains(next) && !NO_LINE_END.contains(prev) && !paired
}

/// Greedy first-fit: each line takes as many glyphs as fit, up to the last
/// allowed break.
fn fill(
    glyphs: &[Glyph],
    allowed: &[bool],
    (first_width, width): (f32, f32),
    hang: bool,
    out: &mut Vec<Line>,
) {
    let hangs = |ch| hang && hangs(ch);
    let n = glyphs.len();
    let mut start = 0;
    let mut first = true;
    let mut cut: Vec<usize> = Vec::new();
    loop {
        if !first {
            while start < n && glyphs[start].ch == ' ' {
                start += 1;
            }
        }
        if start >= n {
            break;
        }
        let room = if first { first_width } else { width };
        let mut x = 0.0;
        let mut inked = 0.0; // width without trailing spaces
        let mut last_ok = None;
        let mut i = start;
        while i < n {
            x += glyphs[i].advance;
            if glyphs[i].ch != ' ' {
                inked = x;
            }
            if inked > room + FIT_EPSILON {
                // A closing mark may hang into the right margin (Word's
                // overflowPunct, LibreOffice's hanging punctuation) rather
                // than take a character down to the next line with it.
                let before = inked - glyphs[i].advance;
                if hangs(glyphs[i].ch) && before <= room + FIT_EPSILON && allowed[i + 1] {
                    i += 1;
                    last_ok = Some(i);
                }
                break;
            }
            i += 1;
            if allowed[i] {
                last_ok = Some(i);
            }
        }
        let end = if i == n {
            n
        } else if let Some(b) = last_ok {
            // Rather than push the next unit down and stretch this line,
            // pull it up when compressing the line's punctuation makes room.
            match (b + 1..=n).find(|&e| allowed[e]) {
                Some(next)
                    if hang && b < i && fits_compressed(&glyphs[start..next], room, hang) =>
                {
                    next
                }
                _ => b,
            }
        } else {
            // Nothing breakable fits (a long number or word): cut inside,
            // stepping back so the cut still respects 禁则 where possible.
            let mut end = i.max(start + 1);
            while end > start + 1 && !kinsoku_ok(glyphs[end - 1].ch, glyphs[end].ch) {
                end -= 1;
            }
            if end == start + 1 && i > start + 1 {
                end = i;
            }
            end
        };
        cut.push(end);
        start = end;
        first = false;
    }
    let mut from = 0;
    let count = cut.len();
    for (k, end) in cut.into_iter().enumerate() {
        let mut line = &glyphs[from..end];
        from = end;
        // Spaces at either end of a line take no room and draw nothing.
        while let [first, rest @ ..] = line
            && first.ch == ' '
        {
            line = rest;
        }
        while let [rest @ .., last] = line
            && last.ch == ' '
        {
            line = rest;
        }
        out.push(Line {
            glyphs: line.to_vec(),
            last: k + 1 == count,
        });
    }
}

/// Closing punctuation that may hang past the end of a line.
const HANGING: &str = "，。、；：？！）》」』】〕〗〉”’";

fn hangs(ch: char) -> bool {
    crate::document::style::HANGING_PUNCTUATION && HANGING.contains(ch)
}

/// Full-width punctuation whose empty half may be squeezed out: at most
/// [`MAX_SQUEEZE`] of its advance.
const SQUEEZABLE: &str = "，。、；：？！（）《》「」『』【】“”‘’";
const MAX_SQUEEZE: f32 = crate::document::style::PUNCT_SQUEEZE_PERCENT as f32 / 100.0;

fn squeeze_room(g: &Glyph) -> f32 {
    if SQUEEZABLE.contains(g.ch) {
        g.advance * MAX_SQUEEZE
    } else {
        0.0
    }
}

/// Whether `line` fits `room` once its punctuation is squeezed (a final
/// closing mark may still hang).
fn fits_compressed(line: &[Glyph], room: f32, hang: bool) -> bool {
    let Some(last) = line.last() else {
        return true;
    };
    let hangs = |ch| hang && hangs(ch);
    let natural: f32 = line.iter().map(|g| g.advance).sum();
    let inner = if hangs(last.ch) {
        &line[..line.len() - 1]
    } else {
        line
    };
    let inner_w: f32 = inner.iter().map(|g| g.advance).sum();
    let squeeze: f32 = inner.iter().map(squeeze_room).sum();
    let width = if hangs(last.ch) { inner_w } else { natural };
    width - squeeze <= room + FIT_EPSILON
}

/// Where a line goes: its left edge, the width it may fill, its baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    pub x: f32,
    pub width: f32,
    pub baseline: f32,
}

/// Positions a line in its box according to `align`. Returns one run per
/// face.
pub fn place_line(
    line: &Line,
    text: &str,
    style: &Style,
    align: Align,
    at: LineBox,
    semantic: Semantic,
) -> Vec<TextRun> {
    let LineBox {
        x,
        width: room,
        baseline,
    } = at;
    let natural = line.width();
    let slack = (room - natural).max(0.0);
    let mut extra = vec![0.0; line.glyphs.len()];
    let start = match align {
        Align::Left => x,
        Align::Center => x + slack / 2.0,
        Align::Right => x + slack,
        Align::Justify => {
            let n = line.glyphs.len();
            let hanging = n > 1
                && style.hang
                && hangs(line.glyphs[n - 1].ch)
                && natural > room + FIT_EPSILON
                && natural - line.glyphs[n - 1].advance <= room + FIT_EPSILON;
            // A hanging mark stays outside; the rest fills the line.
            let body = if hanging { n - 1 } else { n };
            let width: f32 = line.glyphs[..body].iter().map(|g| g.advance).sum();
            if width > room + FIT_EPSILON {
                squeeze(&line.glyphs[..body], width - room, &mut extra);
            } else if !line.last && body > 1 && room > width {
                justify(&line.glyphs[..body], room - width, &mut extra);
            }
            x
        }
    };
    let mut runs: Vec<TextRun> = Vec::new();
    let mut pen = start;
    for (g, extra) in line.glyphs.iter().zip(extra) {
        let advance = g.advance + extra;
        let same_face = runs.last().is_some_and(|r| r.face == g.shaped.face);
        if !same_face {
            runs.push(TextRun {
                face: g.shaped.face,
                size: style.size,
                x: pen,
                baseline,
                glyphs: Vec::new(),
                text: String::new(),
                fake_bold: style.fake_bold,
                semantic,
            });
        }
        let run = runs.last_mut().expect("pushed above");
        let from = run.text.len();
        run.text.push_str(&text[g.range.clone()]);
        run.glyphs.push(PlacedGlyph {
            id: g.shaped.glyph,
            advance,
            range: from..run.text.len(),
        });
        pen += advance;
    }
    runs
}

/// Takes `excess` out of the line's punctuation, each mark giving up the
/// same share of what it can.
fn squeeze(glyphs: &[Glyph], excess: f32, extra: &mut [f32]) {
    let total: f32 = glyphs.iter().map(squeeze_room).sum();
    if total <= 0.0 {
        return;
    }
    let share = (excess / total).min(1.0);
    for (g, e) in glyphs.iter().zip(extra.iter_mut()) {
        *e = -squeeze_room(g) * share;
    }
}

/// Spreads `slack` over the gaps between glyphs, except gaps inside a
/// Latin word or a number (so `860.90` and `97.77%` stay tight).
fn justify(glyphs: &[Glyph], slack: f32, extra: &mut [f32]) {
    let inside_word = |a: char, b: char| is_word_char(a) && is_word_char(b);
    let mut gaps: Vec<usize> = (0..glyphs.len() - 1)
        .filter(|&i| !inside_word(glyphs[i].ch, glyphs[i + 1].ch))
        .collect();
    if gaps.is_empty() {
        gaps = (0..glyphs.len() - 1).collect();
    }
    let each = slack / gaps.len() as f32;
    for i in gaps {
        extra[i] = each;
    }
}

fn is_word_char(ch: char) -> bool {
    !is_wide(ch) && !ch.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::Fonts;
    use std::sync::OnceLock;

    fn fonts() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts::discover(&[]).unwrap())
    }

    fn body() -> Style {
        Style {
            hang: true,
            role: Role::Body,
            size: 16.0,
            tracking: 0.0,
            fake_bold: false,
        }
    }

    fn texts(text: &str, lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| &text[g.range.clone()]).collect())
            .collect()
    }

    #[test]
    fn ten_ideographs_per_line_of_ten_ems() {
        let m = Metrics::new(fonts());
        let text = "一二三四五六七八九十一二三四五六七八九十一二三";
        let lines = break_lines(text, &[], &m, &body(), 160.0, 160.0).unwrap();
        let t = texts(text, &lines);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].chars().count(), 10);
        assert!(lines[2].last && !lines[0].last);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let m = Metrics::new(fonts());
        // The eleventh character is a comma: the tenth moves down with it.
        let text = "一二三四五六七八九十，一二三四五六七八九。”一二三四五六七八（九十";
        let lines = break_lines(text, &[], &m, &body(), 160.0, 160.0).unwrap();
        let t = texts(text, &lines);
        for l in &t[1..] {
            let first = l.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(first), "{t:?}");
        }
        for l in &t {
            let last = l.chars().last().unwrap();
            assert!(!NO_LINE_END.contains(last), "{t:?}");
        }
        // The comma after the tenth character hangs past the line end.
        assert_eq!(t[0], "一二三四五六七八九十，");
    }

    #[test]
    fn numbers_stay_whole() {
        let m = Metrics::new(fonts());
        let text = "全年预算执行率为97.77%，支出860.90万元。";
        let lines = break_lines(text, &[], &m, &body(), 150.0, 150.0).unwrap();
        let t = texts(text, &lines);
        let joined = t.join("|");
        assert!(
            !joined.contains("97|") && !joined.contains("|%"),
            "{joined}"
        );
        assert!(
            !joined.contains("860|") && !joined.contains("|.90"),
            "{joined}"
        );
    }

    #[test]
    fn justified_lines_fill_the_width_exactly() {
        let m = Metrics::new(fonts());
        let text = "一二三四五六七八九，一二三四五六七八九十一二三四五六七";
        let style = body();
        let lines = break_lines(text, &[], &m, &style, 160.0, 160.0).unwrap();
        let sem = Semantic::Artifact;
        let at = LineBox {
            x: 10.0,
            width: 160.0,
            baseline: 0.0,
        };
        let runs = place_line(&lines[0], text, &style, Align::Justify, at, sem);
        let w: f32 = runs.iter().map(|r| r.width()).sum();
        assert!((w - 160.0).abs() < 0.01, "{w}");
        let last = lines.last().unwrap();
        let runs = place_line(last, text, &style, Align::Justify, at, sem);
        assert!(runs.iter().map(|r| r.width()).sum::<f32>() < 159.0);
    }

    #[test]
    fn latin_words_break_at_spaces() {
        let m = Metrics::new(fonts());
        let text = "GB/T 9704 standard layout of official documents";
        let lines = break_lines(text, &[], &m, &body(), 120.0, 120.0).unwrap();
        for l in texts(text, &lines) {
            assert!(!l.starts_with(' ') && !l.ends_with(' '), "{l:?}");
        }
    }
}
