//! The typographic system of the report, once for both backends: GB/T 9704
//! page geometry, the line grid, type sizes, table spacing and the font
//! family of each role.
//!
//! The DOCX backend writes these values into Word's styles; the PDF layout
//! places glyphs by them. Keeping one copy is what makes the two formats
//! break lines and pages alike. Lengths are twips (1/20 pt), as Word stores
//! them, so every value is exact in both backends; [`pt`] converts.

/// Points in a length given in twips.
pub const fn pt(twips: i32) -> f32 {
    twips as f32 / 20.0
}

/// A length in millimetres, rounded to whole twips.
const fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4 + 0.5) as i32
}

/// A4 portrait, the twip values Word itself writes for A4.
pub const PAGE_WIDTH: i32 = 11906;
pub const PAGE_HEIGHT: i32 = 16838;

/// GB/T 9704 5.2.1 margins: 天头 37 mm, bottom 35 mm, 订口 28 mm, right
/// 26 mm, leaving the 156 × 225 mm text block.
pub const MARGIN_TOP: i32 = mm(37.0);
pub const MARGIN_BOTTOM: i32 = mm(35.0);
pub const MARGIN_LEFT: i32 = mm(28.0);
pub const MARGIN_RIGHT: i32 = mm(26.0);
/// Width of the text block (156 mm).
pub const TEXT_WIDTH: i32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// Height of the text block (225 mm).
pub const TEXT_HEIGHT: i32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

/// GB/T 9704 5.2.2: 22 lines a page…
pub const LINES_PER_PAGE: usize = 22;
/// …of 28 characters.
pub const CHARS_PER_LINE: usize = 28;

/// Type sizes in half-points (Word's `w:sz`): 3号 body and headings.
pub const BODY_SIZE: u32 = 32;
/// 2号: the report title.
pub const TITLE_SIZE: u32 = 44;
/// 小2号: table captions, a step below the title.
pub const CAPTION_SIZE: u32 = 36;
/// 小4号: table text unless a table says otherwise.
pub const TABLE_SIZE: u32 = 24;
/// 4号: page numbers.
pub const PAGE_NUMBER_SIZE: u32 = 28;

/// Points in a size given in half-points.
pub const fn size_pt(half_points: u32) -> f32 {
    half_points as f32 / 2.0
}

/// Body line pitch, an exact 28.95 pt: 22 lines fill the 225 mm block.
pub const LINE: i32 = 579;
/// Title line pitch: 1.5 × 22 pt, so a two-line title does not crowd.
pub const TITLE_LINE: i32 = 660;
/// Letter spacing of body-size text in twips (−0.25 pt): a 16 pt ideograph
/// is 5.64 mm and 28 of them would overrun the 156 mm line, so each gives
/// up a quarter point and 28 fit (441 of 442.2 pt; justification spreads
/// the rest). Word and LibreOffice both honour it; LibreOffice's character
/// grid (`linesAndChars`) would instead put a 16 pt glyph in two 15.8 pt
/// cells, 14 to the line, so the grid is for lines only.
pub const BODY_SPACING_TWIPS: i32 = -5;

/// How much of a full-width punctuation mark's advance the line breaker
/// may squeeze out, in percent, to pull the next word up instead of
/// stretching the line (0 turns squeezing off). Word's
/// `w:characterSpacingControl="compressPunctuation"` is the DOCX's
/// counterpart; closing marks also hang past the line end (Word's
/// `w:overflowPunct`, LibreOffice's hanging punctuation).
pub const PUNCT_SQUEEZE_PERCENT: u32 = 50;
/// Whether a closing mark may hang past the end of a line (Word's
/// `w:overflowPunct`; LibreOffice's hanging punctuation).
pub const HANGING_PUNCTUATION: bool = true;

/// Space added between an ideograph and a Latin letter or digit, in
/// percent of the font size: LibreOffice's `ideograph-alpha` autospace,
/// which it applies to every DOCX it opens (it ignores
/// `w:autoSpaceDE="0"`); Word's autoSpaceDE/DN add space there too. A
/// U+200D between the two (see `measure.rs`) suppresses it, so none is
/// added where a number is glued to its unit.
pub const AUTOSPACE_PERCENT: u32 = 20;

/// Exact line pitch of table text, in twips, for a type size in
/// half-points: 1.3 em (15.6 pt for 小4号), the same in Word and the PDF so
/// rows are equally tall in both.
pub const fn table_line(half_points: u32) -> i32 {
    // One em is half_points × 10 twips.
    (half_points * 13) as i32
}
/// Table rows of at most this many lines never break across pages (Word's
/// `w:cantSplit`); taller rows that do not fit break between two lines.
pub const CANT_SPLIT_MAX_LINES: usize = 3;
/// A table of at most this many body rows is kept on one page when it fits
/// on one (Word: `w:keepNext` on every row but the last).
pub const KEEP_WHOLE_ROWS: usize = 8;
/// Left and right cell padding (1.5 mm; Word's default is 1.9 mm). The
/// eight columns of a 自评表 in 元 need every label and amount whole with
/// neither hanging nor squeezed punctuation in a cell: 1.9 mm left 6 pt
/// short on a sample's.
pub const CELL_PAD_X: i32 = 85;
/// Top and bottom cell padding (1 mm).
pub const CELL_PAD_Y: i32 = 57;
/// Table rules: ½ pt (in eighths of a point, as `w:sz` of a border wants).
pub const RULE_EIGHTHS: u32 = 4;

/// First-line indent of body paragraphs and headings: two 3号 characters
/// (what Word's `w:firstLineChars="200"` gives).
pub const INDENT: i32 = 2 * BODY_SIZE as i32 * 10;
/// The blank body line between the title and the text below it.
pub const TITLE_SPACE_AFTER: i32 = LINE;
/// Space between a caption and its table: half a body line.
pub const CAPTION_SPACE_AFTER: i32 = LINE / 2;
/// Space between two consecutive tables (an empty paragraph of this exact
/// height in the DOCX), so they are not read as one table.
pub const TABLE_GAP: i32 = LINE / 2;

/// A blank body line between the text and a signature block.
pub const SIGNATURE_SPACE_BEFORE: i32 = LINE;
/// Under a table a signature block (填表人 …) only needs a little air.
pub const SIGNATURE_SPACE_AFTER_TABLE: i32 = LINE / 4;
/// Narrowest gap between two signature fields on one line (two 3号
/// characters); fields that would come closer continue on the next line.
pub const SIGNATURE_MIN_GAP: i32 = 2 * BODY_SIZE as i32 * 10;

/// One 4号 character: GB/T 9704 7.5 sets odd page numbers one character in
/// from the right edge of the text block, even ones from the left.
pub const PAGE_NUMBER_INDENT: i32 = 14 * 20;
/// GB/T 9704 7.5: the page number sits 7 mm below the text block.
pub const PAGE_NUMBER_GAP: i32 = mm(7.0);

/// What a piece of text is set in. Each role has one family name, the one
/// Chinese government PCs have installed; the PDF layout looks for it first
/// and then for the open fonts listed in `layout/fonts.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Body text, level-3 headings (bold), tables, signatures: 仿宋.
    Body,
    /// Level-1 headings and attachment labels: 黑体.
    Heading1,
    /// Level-2 headings: 楷体.
    Heading2,
    /// The report title and table captions: 小标宋.
    Title,
    /// Page numbers: 宋体.
    PageNumber,
}

impl Role {
    /// Every role, in the order fonts are reported and fallbacks are tried.
    pub const ALL: [Role; 5] = [
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::Title,
        Role::PageNumber,
    ];

    /// The family name written into the DOCX and looked for first.
    pub fn family(self) -> &'static str {
        match self {
            Role::Body => "仿宋_GB2312",
            Role::Heading1 => "黑体",
            Role::Heading2 => "楷体_GB2312",
            Role::Title => "方正小标宋简体",
            Role::PageNumber => "宋体",
        }
    }

    /// The family a PC without [`Role::family`] should use instead: the
    /// standard Windows font of the same design.
    pub fn substitute(self) -> &'static str {
        match self {
            Role::Body => "仿宋",
            Role::Heading1 => "SimHei",
            Role::Heading2 => "楷体",
            Role::Title => "宋体",
            Role::PageNumber => "SimSun",
        }
    }

    /// The Chinese name of the role, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::Body => "正文（仿宋）",
            Role::Heading1 => "一级标题（黑体）",
            Role::Heading2 => "二级标题（楷体）",
            Role::Title => "标题（小标宋）",
            Role::PageNumber => "页码（宋体）",
        }
    }
}
