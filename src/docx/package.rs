//! The package: the XML parts besides `document.xml` and the footers
//! (content types, relationships, settings, theme, properties). The ZIP
//! archive around them is `archive.rs`.

use super::xml::{W_NS, Xml};
use super::{FOOTER_BLANK_ID, FOOTER_EVEN_ID, FOOTER_ODD_ID};
use crate::document::{Meta, measure};

const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `[Content_Types].xml`.
pub(super) fn content_types() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    for (part, kind) in [
        ("/word/document.xml", format!("{CT_MAIN}.document.main+xml")),
        ("/word/styles.xml", format!("{CT_MAIN}.styles+xml")),
        ("/word/settings.xml", format!("{CT_MAIN}.settings+xml")),
        ("/word/fontTable.xml", format!("{CT_MAIN}.fontTable+xml")),
        ("/word/footer1.xml", format!("{CT_MAIN}.footer+xml")),
        ("/word/footer2.xml", format!("{CT_MAIN}.footer+xml")),
        ("/word/footer3.xml", format!("{CT_MAIN}.footer+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ] {
        x.empty("Override", &[("PartName", part), ("ContentType", &kind)]);
    }
    x.close("Types");
    x.finish()
}

/// A relationships part listing `(id, type, target)`.
fn relationships(rels: &[(&str, String, &str)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    for (id, kind, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

/// `_rels/.rels`: the main document and the two property parts.
pub(super) fn package_rels() -> Vec<u8> {
    relationships(&[
        ("rId1", format!("{REL}/officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

/// `word/_rels/document.xml.rels`.
pub(super) fn document_rels() -> Vec<u8> {
    relationships(&[
        ("rId1", format!("{REL}/styles"), "styles.xml"),
        ("rId2", format!("{REL}/settings"), "settings.xml"),
        ("rId3", format!("{REL}/fontTable"), "fontTable.xml"),
        ("rId4", format!("{REL}/theme"), "theme/theme1.xml"),
        (FOOTER_ODD_ID, format!("{REL}/footer"), "footer1.xml"),
        (FOOTER_EVEN_ID, format!("{REL}/footer"), "footer2.xml"),
        (FOOTER_BLANK_ID, format!("{REL}/footer"), "footer3.xml"),
    ])
}

/// `word/settings.xml`, children in the CT_Settings sequence.
pub(super) fn settings() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.val("w:defaultTabStop", "420");
    // Odd and even pages carry their page numbers on different sides.
    x.empty("w:evenAndOddHeaders", &[]);
    // A strict 28-character line: no punctuation squeezed into it.
    x.val("w:characterSpacingControl", "doNotCompress");
    // The 禁则 of the PDF's line breaker, and a number never parted from
    // the unit after it (ECMA-376 §17.15.1.58–59: for text in zh-CN, the
    // language the styles give East Asian text). Word applies them;
    // LibreOffice does not read them.
    let after: String = format!("{}{}", measure::NO_LINE_END, measure::NUMBER_TAIL);
    x.empty(
        "w:noLineBreaksAfter",
        &[("w:lang", "zh-CN"), ("w:val", &after)],
    );
    x.empty(
        "w:noLineBreaksBefore",
        &[("w:lang", "zh-CN"), ("w:val", measure::NO_LINE_START)],
    );
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    x.val("w:decimalSymbol", ".");
    x.val("w:listSeparator", ",");
    x.close("w:settings");
    x.finish()
}

/// The theme part Word expects beside the styles (fonts: 黑体 for
/// headings, 仿宋_GB2312 for body text).
pub(super) const THEME: &str = include_str!("theme1.xml");

/// `docProps/core.xml` with title and author and no dates: a creation
/// date would make every render differ, and a fixed fake one would lie.
pub(super) fn core_properties(meta: &Meta) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    for (tag, value) in [
        ("dc:title", &meta.title),
        ("dc:creator", &meta.author),
        ("cp:lastModifiedBy", &meta.author),
    ] {
        x.open(tag, &[]);
        x.text(value);
        x.close(tag);
    }
    x.open("cp:revision", &[]);
    x.text("1");
    x.close("cp:revision");
    x.close("cp:coreProperties");
    x.finish()
}

/// `docProps/app.xml`.
pub(super) fn app_properties() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.open("Application", &[]);
    x.text(concat!("gen-report ", env!("CARGO_PKG_VERSION")));
    x.close("Application");
    x.close("Properties");
    x.finish()
}
