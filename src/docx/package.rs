//! The last step: patch the XML parts docx-rs produced and pack them.
//!
//! docx-rs cannot mark repeating header rows (`w:tblHeader`) and cannot set
//! the core properties' title and author, so both are written here, on the
//! rendered parts. The package is then rewritten entry by entry: deflated
//! (docx-rs stores parts uncompressed) and with the fixed 1980-01-01 ZIP
//! timestamp, so the bytes never depend on when or where they were made.

use super::DocxError;
use crate::document::Meta;
use docx_rs::XMLDocx;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// zlib's default level: well compressed and fast. (Levels above 9 would
/// switch the zip crate to the much slower Zopfli.)
const DEFLATE_LEVEL: i64 = 6;

fn internal(msg: impl Into<String>) -> DocxError {
    DocxError::Internal(msg.into())
}

/// Adds `<w:tblHeader />` to the first `header_rows[k]` rows of the k-th
/// table in `document.xml`, so Word repeats them on every page.
///
/// Relies on the shape docx-rs writes: `<w:tbl>`, rows as `<w:tr>` each
/// starting with a `<w:trPr>`, and no nested tables. User text cannot fake
/// these tags because `<` is always escaped in text.
pub(super) fn mark_header_rows(
    document: &[u8],
    header_rows: &[usize],
) -> Result<Vec<u8>, DocxError> {
    const TBL: &str = "<w:tbl>";
    const TBL_END: &str = "</w:tbl>";
    const TR: &str = "<w:tr>";
    const EMPTY_TRPR: &str = "<w:trPr />";
    const TRPR: &str = "<w:trPr>";
    const TRPR_END: &str = "</w:trPr>";
    const HEADER: &str = "<w:tblHeader />";

    let xml = std::str::from_utf8(document)
        .map_err(|e| internal(format!("document.xml 不是 UTF-8：{e}")))?;
    let mut out = String::with_capacity(xml.len() + 64 * header_rows.iter().sum::<usize>());
    let mut rest = xml;
    for (k, &count) in header_rows.iter().enumerate() {
        let start = rest
            .find(TBL)
            .ok_or_else(|| internal(format!("document.xml 中找不到第{}个表格", k + 1)))?
            + TBL.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(TBL_END)
            .ok_or_else(|| internal(format!("第{}个表格没有结束标记", k + 1)))?;
        let mut body = &rest[..end];
        for row in 0..count {
            let missing = || internal(format!("第{}个表格的第{}行没有 <w:trPr>", k + 1, row + 1));
            let at = body.find(TR).ok_or_else(missing)? + TR.len();
            out.push_str(&body[..at]);
            body = &body[at..];
            if let Some(after) = body.strip_prefix(EMPTY_TRPR) {
                out.push_str(TRPR);
                out.push_str(HEADER);
                out.push_str(TRPR_END);
                body = after;
            } else if body.starts_with(TRPR) {
                let close = body.find(TRPR_END).ok_or_else(missing)?;
                out.push_str(&body[..close]);
                out.push_str(HEADER);
                body = &body[close..];
            } else {
                return Err(missing());
            }
        }
        out.push_str(body);
        rest = &rest[end..];
    }
    if rest.contains(TBL) {
        return Err(internal("document.xml 中的表格多于文档中的表格"));
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// Escapes text for an XML element, dropping characters XML 1.0 forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `docProps/core.xml` with title and author and no dates: a creation
/// date would make every render differ, and a fixed fake one would lie.
pub(super) fn core_properties(meta: &Meta) -> Vec<u8> {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            "</cp:coreProperties>"
        ),
        title = escape(&meta.title),
        author = escape(&meta.author),
    )
    .into_bytes()
}

/// Packs the parts and rewrites every entry deflated with a fixed timestamp.
pub(super) fn pack(parts: XMLDocx) -> Result<Vec<u8>, DocxError> {
    let zip_err = |e: zip::result::ZipError| internal(format!("写入 ZIP 压缩包失败：{e}"));
    let io_err = |e: std::io::Error| internal(format!("写入 ZIP 压缩包失败：{e}"));

    let mut stored = Cursor::new(Vec::new());
    parts.pack(&mut stored).map_err(zip_err)?;
    let mut archive = ZipArchive::new(Cursor::new(stored.into_inner())).map_err(zip_err)?;

    let base = SimpleFileOptions::DEFAULT.last_modified_time(DateTime::DEFAULT);
    let dir_options = base.unix_permissions(0o755);
    let file_options = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .unix_permissions(0o644);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_err)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, dir_options).map_err(zip_err)?;
        } else {
            buf.clear();
            entry.read_to_end(&mut buf).map_err(io_err)?;
            out.start_file(name, file_options).map_err(zip_err)?;
            out.write_all(&buf).map_err(io_err)?;
        }
    }
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(xml: &str, rows: &[usize]) -> Result<String, DocxError> {
        mark_header_rows(xml.as_bytes(), rows).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn header_rows_get_tbl_header_in_empty_or_filled_trpr() {
        let xml = "<w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>\
                   <w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr /></w:tr></w:tbl>";
        let out = mark(xml, &[2, 0]).unwrap();
        assert_eq!(
            out,
            "<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr></w:tr>\
             <w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr>\
             <w:tr><w:trPr /></w:tr></w:tbl><w:tbl><w:tr><w:trPr /></w:tr></w:tbl>"
        );
    }

    #[test]
    fn unexpected_xml_is_an_internal_error() {
        let xml = "<w:tbl><w:tr><w:tc /></w:tr></w:tbl>";
        assert!(matches!(mark(xml, &[1]), Err(DocxError::Internal(_))));
        assert!(
            matches!(mark(xml, &[]), Err(DocxError::Internal(_))),
            "uncounted table"
        );
        assert!(matches!(
            mark("<w:body/>", &[0]),
            Err(DocxError::Internal(_))
        ));
    }
}
