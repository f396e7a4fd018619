//! The typographic constants of the DOCX backend: GB/T 9704 page geometry,
//! font sizes and spacing, in Word's units.
//!
//! Lengths are twips (1/20 pt, 1440 per inch) unless a name says otherwise;
//! font sizes are half-points, as `w:sz` wants them. Nothing here depends on
//! the document; `blocks.rs` and `table.rs` read these values.

/// Twips per millimetre: 1440 twips per inch / 25.4 mm per inch.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// A length in whole millimetres, rounded to twips.
const fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM + 0.5) as i32
}

/// A4 portrait, 210 × 297 mm, the values Word itself writes for A4.
pub const PAGE_WIDTH: i32 = 11906;
pub const PAGE_HEIGHT: i32 = 16838;

/// GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm,
/// which leave a 156 × 225 mm text block.
pub const MARGIN_TOP: i32 = mm(37.0);
pub const MARGIN_BOTTOM: i32 = mm(35.0);
pub const MARGIN_LEFT: i32 = mm(28.0);
pub const MARGIN_RIGHT: i32 = mm(26.0);

/// The text width tables are scaled to (156 mm).
pub const TEXT_WIDTH: i32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Header distance from the top edge; the report has no header, so any value
/// inside the top margin will do.
pub const HEADER_DISTANCE: i32 = mm(15.0);

/// Height of the page-number line: 4号 (14 pt) at an exact 18 pt.
pub const PAGE_NUMBER_LINE: i32 = 18 * 20;

/// Footer distance from the bottom edge (measured to the bottom of the page
/// number line): GB/T 9704 puts the number 7 mm below the text block.
pub const FOOTER_DISTANCE: i32 = mm(35.0 - 7.0) - PAGE_NUMBER_LINE;

/// 3号 = 16 pt: body text, headings, signatures.
pub const BODY_SIZE: usize = 32;
/// 2号 = 22 pt: the report title.
pub const TITLE_SIZE: usize = 44;
/// 小2号 = 18 pt: table captions on attachment pages, a step below the title.
pub const CAPTION_SIZE: usize = 36;
/// 4号 = 14 pt: page numbers.
pub const PAGE_NUMBER_SIZE: usize = 28;

/// Body line pitch, exactly 28.95 pt: 22 lines fill the 225 mm text block
/// (GB/T 9704 asks for 22 lines of 28 characters).
pub const LINE: i32 = 579;

/// Two 3号 characters (2 × 16 pt): the first-line indent of body paragraphs
/// and headings. Word's `w:firstLineChars` is not written by docx-rs.
pub const INDENT: i32 = 2 * 16 * 20;

/// The blank line between the title and the text below it.
pub const TITLE_SPACE_AFTER: i32 = LINE;

/// Space between a caption and its table: half a body line.
pub const CAPTION_SPACE_AFTER: i32 = LINE / 2;

/// Single line spacing (240 = 1.0 in `auto` rule) inside table cells; the
/// body's exact 28.95 pt would make every row a body line tall.
pub const TABLE_LINE: i32 = 240;

/// Table rule width in eighths of a point: ½ pt, the usual 细线.
pub const BORDER_SIZE: usize = 4;

/// Left and right cell padding: Word's own default (1.9 mm).
pub const CELL_MARGIN_X: usize = 108;

/// Top and bottom cell padding: a little air above and below one-line rows.
pub const CELL_MARGIN_Y: usize = 30;

/// Rows estimated to need at most this many lines are kept on one page
/// (`w:cantSplit`). Taller rows may break, so a row longer than a page
/// never has to be clipped.
pub const CANT_SPLIT_MAX_LINES: usize = 8;

/// One 4号 character: GB/T 9704 sets odd page numbers one character in from
/// the right edge of the text block, even ones from the left.
pub const PAGE_NUMBER_INDENT: i32 = 14 * 20;

/// Minimum gap between two signature fields on one line (two characters);
/// fields that would come closer continue on the next line.
pub const SIGNATURE_MIN_GAP: i32 = 2 * 16 * 20;

/// A blank body line between the text and a signature block, as between
/// the text and the 署名 of an official document.
pub const SIGNATURE_SPACE_BEFORE: i32 = LINE;

/// Under a table a signature block (填表人 …) only needs a little air.
pub const SIGNATURE_SPACE_AFTER_TABLE: i32 = LINE / 4;
