//! `styles.xml` and `fontTable.xml`: the paragraph styles every block of
//! the report uses, and the fonts they name.
//!
//! Runs in `document.xml` carry no formatting of their own; a paragraph
//! names its style and Word takes font, size, spacing and outline level
//! from here. So Word's navigation pane and table of contents see the
//! headings, and a county can restyle the whole report by editing a style.
//! Built-in styles keep their English names (`heading 1`, `Title`,
//! `caption`, `footer`), which Word shows localised (标题 1, 标题, 题注, 页脚);
//! the report's own styles have Chinese names.

use super::xml::{W_NS, Xml};
use crate::document::style::{self as st, Role};

/// A paragraph style of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// 正文: 3号 仿宋, two-character indent, justified, exact 28.95 pt lines.
    Normal,
    /// 标题 1 (`一、`), 标题 2 (`（一）`), 标题 3 (`1.`).
    Heading1,
    Heading2,
    Heading3,
    /// The report title: 2号 小标宋, centred.
    Title,
    /// Table captions: 小2号 小标宋, centred.
    Caption,
    /// `附件1` above an attachment: 黑体, flush left.
    AttachmentLabel,
    /// The `附件：1.…` list after the body.
    AttachmentList,
    /// Table cell text: 小4号 仿宋, centred.
    TableText,
    /// The 落款: unit and date under the body.
    Closing,
    /// Signature lines (填表人 …).
    SignatureLine,
    /// The page-number footer.
    Footer,
}

/// Everything a style sets; `None`/`false` leaves it to the base style.
struct Def {
    id: &'static str,
    name: &'static str,
    /// Built-in styles are not custom: Word localises their names.
    builtin: bool,
    based_on: Option<&'static str>,
    outline: Option<u8>,
    keep_next: bool,
    keep_lines: bool,
    /// Exact line pitch in twips, and space after.
    line: Option<i32>,
    after: i32,
    /// First-line indent in twips; `Some(0)` cancels the body indent.
    first_line: Option<i32>,
    jc: Option<&'static str>,
    font: Option<Role>,
    bold: bool,
    size: Option<u32>,
    /// Letter spacing in twips.
    spacing: Option<i32>,
}

const BASE: Def = Def {
    id: "",
    name: "",
    builtin: false,
    based_on: Some("Normal"),
    outline: None,
    keep_next: false,
    keep_lines: false,
    line: None,
    after: 0,
    first_line: None,
    jc: None,
    font: None,
    bold: false,
    size: None,
    spacing: None,
};

use st::INDENT;

impl Style {
    const ALL: [Style; 12] = [
        Style::Normal,
        Style::Heading1,
        Style::Heading2,
        Style::Heading3,
        Style::Title,
        Style::Caption,
        Style::AttachmentLabel,
        Style::AttachmentList,
        Style::TableText,
        Style::Closing,
        Style::SignatureLine,
        Style::Footer,
    ];

    pub(super) fn id(self) -> &'static str {
        self.def().id
    }

    fn def(self) -> Def {
        let heading = |id, name, level, font, bold| Def {
            id,
            name,
            builtin: true,
            outline: Some(level),
            keep_next: true,
            keep_lines: true,
            font,
            bold,
            ..BASE
        };
        match self {
            Style::Normal => Def {
                id: "Normal",
                name: "Normal",
                builtin: true,
                based_on: None,
                line: Some(st::LINE),
                first_line: Some(INDENT),
                jc: Some("both"),
                font: Some(Role::Body),
                size: Some(st::BODY_SIZE),
                spacing: Some(st::BODY_SPACING_TWIPS),
                ..BASE
            },
            Style::Heading1 => heading("Heading1", "heading 1", 0, Some(Role::Heading1), false),
            Style::Heading2 => heading("Heading2", "heading 2", 1, Some(Role::Heading2), false),
            Style::Heading3 => heading("Heading3", "heading 3", 2, None, true),
            _ => self.furniture(),
        }
    }

    /// The styles besides the body and its headings: titles, attachments,
    /// table text, the 落款, signature lines, the footer.
    fn furniture(self) -> Def {
        match self {
            Style::Normal | Style::Heading1 | Style::Heading2 | Style::Heading3 => self.def(),
            Style::Title => Def {
                id: "Title",
                name: "Title",
                builtin: true,
                keep_next: true,
                line: Some(st::TITLE_LINE),
                after: st::TITLE_SPACE_AFTER,
                first_line: Some(0),
                jc: Some("center"),
                font: Some(Role::Title),
                size: Some(st::TITLE_SIZE),
                spacing: Some(0),
                ..BASE
            },
            Style::Caption => Def {
                id: "Caption",
                name: "caption",
                builtin: true,
                keep_next: true,
                line: Some(st::LINE),
                after: st::CAPTION_SPACE_AFTER,
                first_line: Some(0),
                jc: Some("center"),
                font: Some(Role::Title),
                size: Some(st::CAPTION_SIZE),
                spacing: Some(0),
                ..BASE
            },
            Style::AttachmentLabel => Def {
                id: "AttachmentLabel",
                name: "附件标识",
                keep_next: true,
                first_line: Some(0),
                jc: Some("left"),
                font: Some(Role::Heading1),
                ..BASE
            },
            Style::AttachmentList => Def {
                id: "AttachmentList",
                name: "附件说明",
                keep_next: true,
                keep_lines: true,
                ..BASE
            },
            Style::TableText => Def {
                id: "TableText",
                name: "表格文字",
                line: Some(st::table_line(st::TABLE_SIZE)),
                first_line: Some(0),
                jc: Some("center"),
                size: Some(st::TABLE_SIZE),
                spacing: Some(0),
                ..BASE
            },
            Style::Closing => Def {
                id: "Closing",
                name: "落款",
                keep_next: true,
                keep_lines: true,
                first_line: Some(0),
                jc: Some("right"),
                ..BASE
            },
            Style::SignatureLine => Def {
                id: "SignatureLine",
                name: "签字栏",
                keep_lines: true,
                first_line: Some(0),
                jc: Some("left"),
                ..BASE
            },
            Style::Footer => Def {
                id: "Footer",
                name: "footer",
                builtin: true,
                line: Some(PAGE_NUMBER_LINE),
                first_line: Some(0),
                jc: Some("center"),
                font: Some(Role::PageNumber),
                size: Some(st::PAGE_NUMBER_SIZE),
                spacing: Some(0),
                ..BASE
            },
        }
    }
}

/// Height of the page-number line: 4号 at an exact 18 pt.
pub(super) const PAGE_NUMBER_LINE: i32 = 18 * 20;

/// `w:rFonts` naming one family for every script, so digits and Latin
/// letters are set in the same face as the Chinese around them.
pub(super) fn fonts(x: &mut Xml, role: Role) {
    let f = role.family();
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", f),
            ("w:eastAsia", f),
            ("w:hAnsi", f),
            ("w:cs", f),
        ],
    );
}

/// `w:sz` and `w:szCs` for a size in half-points.
pub(super) fn size(x: &mut Xml, half_points: u32) {
    let v = half_points.to_string();
    x.val("w:sz", &v);
    x.val("w:szCs", &v);
}

/// Exact line spacing with the given space after (ECMA-376 17.3.1.33).
pub(super) fn exact_spacing(x: &mut Xml, line: i32, before: i32, after: i32) {
    x.empty(
        "w:spacing",
        &[
            ("w:before", &before.to_string()),
            ("w:after", &after.to_string()),
            ("w:line", &line.to_string()),
            ("w:lineRule", "exact"),
        ],
    );
}

/// `styles.xml`.
pub(super) fn styles_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W_NS)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    fonts(&mut x, Role::Body);
    size(&mut x, st::BODY_SIZE);
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr");
    x.close("w:rPrDefault");
    x.empty("w:pPrDefault", &[]);
    x.close("w:docDefaults");

    for style in Style::ALL {
        write_style(&mut x, &style.def(), style == Style::Normal);
    }
    x.close("w:styles");
    x.finish()
}

/// What every paragraph inherits from 正文, in CT_PPrBase order. Written in
/// the style rather than in `w:pPrDefault`, which LibreOffice ignores for
/// these properties.
fn base_paragraph(x: &mut Xml) {
    // Official documents keep a strict 22-line grid: no widow control.
    x.val("w:widowControl", "off");
    // Word's automatic space between Chinese and Latin letters or digits
    // (autoSpaceDE/DN) stays on, its default: LibreOffice applies it
    // whatever the file says, and the PDF sets the same space.
    // Every paragraph sets an exact line pitch of its own. Snapping to the
    // document grid would put 12 pt table lines and 22 pt title lines on
    // 28.95 pt grid lines in LibreOffice (Word ignores the grid for exact
    // spacing anyway).
    x.val("w:snapToGrid", "off");
}

/// One `w:style`, its children in the CT_Style sequence.
fn write_style(x: &mut Xml, d: &Def, default: bool) {
    let mut attrs = vec![("w:type", "paragraph")];
    if default {
        attrs.push(("w:default", "1"));
    }
    if !d.builtin {
        attrs.push(("w:customStyle", "1"));
    }
    attrs.push(("w:styleId", d.id));
    x.open("w:style", &attrs);
    x.val("w:name", d.name);
    if let Some(base) = d.based_on {
        x.val("w:basedOn", base);
        x.val("w:next", "Normal");
    }
    x.empty("w:qFormat", &[]);

    x.open("w:pPr", &[]);
    if d.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if d.keep_lines {
        x.empty("w:keepLines", &[]);
    }
    if d.based_on.is_none() {
        base_paragraph(x);
    }
    if let Some(line) = d.line {
        exact_spacing(x, line, 0, d.after);
    }
    if let Some(first) = d.first_line {
        x.empty("w:ind", &[("w:firstLine", &first.to_string())]);
    }
    if let Some(jc) = d.jc {
        x.val("w:jc", jc);
    }
    if let Some(level) = d.outline {
        x.val("w:outlineLvl", &level.to_string());
    }
    x.close("w:pPr");

    x.open("w:rPr", &[]);
    if let Some(role) = d.font {
        fonts(x, role);
    }
    if d.bold {
        x.empty("w:b", &[]);
        x.empty("w:bCs", &[]);
    }
    if let Some(sp) = d.spacing {
        x.val("w:spacing", &sp.to_string());
    }
    if let Some(sz) = d.size {
        size(x, sz);
    }
    x.close("w:rPr");
    x.close("w:style");
}

/// A border element with a single ½ pt black rule on each of `sides`.
pub(super) fn borders(x: &mut Xml, tag: &str, sides: &[&str]) {
    let size = st::RULE_EIGHTHS.to_string();
    x.open(tag, &[]);
    for side in sides {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", &size),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        );
    }
    x.close(tag);
}

/// How `fontTable.xml` describes a family, so a PC without it picks the
/// right substitute: GB2312 character set, fixed-pitch CJK design and, for
/// the standard Windows fonts, their PANOSE numbers.
struct FontInfo {
    name: &'static str,
    alt: &'static str,
    panose: Option<&'static str>,
    family: &'static str,
}

/// Every family a role names, then each role's substitute.
fn font_infos() -> Vec<FontInfo> {
    let mut out: Vec<FontInfo> = Vec::new();
    for role in Role::ALL {
        for (name, alt) in [
            (role.family(), role.substitute()),
            (role.substitute(), english_name(role.substitute())),
        ] {
            if out.iter().any(|f| f.name == name) || name == alt {
                continue;
            }
            out.push(FontInfo {
                name,
                alt,
                panose: panose(name),
                family: if matches!(role, Role::Title | Role::PageNumber) {
                    "auto"
                } else {
                    "modern"
                },
            });
        }
    }
    out
}

/// The English name of a standard Chinese Windows font (its alternative
/// name in Word's font table).
fn english_name(name: &str) -> &str {
    match name {
        "仿宋" => "FangSong",
        "楷体" => "KaiTi",
        "黑体" => "SimHei",
        "宋体" => "SimSun",
        other => other,
    }
}

/// PANOSE-1 of the standard Windows CJK fonts (as Word writes them).
fn panose(name: &str) -> Option<&'static str> {
    match name {
        "仿宋" | "FangSong" | "楷体" | "KaiTi" | "黑体" | "SimHei" => {
            Some("02010609060101010101")
        }
        "宋体" | "SimSun" => Some("02010600030101010101"),
        _ => None,
    }
}

/// `fontTable.xml`.
pub(super) fn font_table_xml() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", W_NS)]);
    for f in font_infos() {
        x.open("w:font", &[("w:name", f.name)]);
        x.val("w:altName", f.alt);
        if let Some(p) = f.panose {
            x.val("w:panose1", p);
        }
        // 86 = GB2312_CHARSET.
        x.val("w:charset", "86");
        x.val("w:family", f.family);
        x.val(
            "w:pitch",
            if f.family == "modern" {
                "fixed"
            } else {
                "variable"
            },
        );
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}
