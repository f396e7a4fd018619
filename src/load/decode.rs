//! A department file's bytes → text. Officers save from Windows Notepad
//! ("ANSI" is GBK on Chinese Windows, "Unicode" is UTF-16 LE), WPS or a
//! Kylin/UOS editor, and sometimes hand in the spreadsheet itself; each is
//! read, or named for what it is.
//!
//! Decoding is encoding_rs's (the WHATWG decoders Firefox uses): GB18030 is a
//! superset of GBK and GB2312, so one decoder covers every "ANSI" file.

use crate::diag::{Diagnostic, Pos};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// The file's text, and a note when it was not UTF-8. Line breaks are kept,
/// so every later line number is the line in the officer's editor.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    if let Some(what) = binary_kind(bytes) {
        return Err(not_text(what));
    }
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, &bytes[2..], "UTF-16 LE 编码（记事本的“Unicode”）"))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((
            UTF_16BE,
            &bytes[2..],
            "UTF-16 BE 编码（记事本的“Unicode big endian”）",
        ))
    } else {
        utf16_without_bom(bytes)
    };
    if let Some((encoding, body, name)) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors || has_controls(&text) {
            return Err(not_text("这是二进制文件"));
        }
        return Ok((text.into_owned(), Some(note(name))));
    }
    if bytes.contains(&0) {
        return Err(not_text("这是二进制文件（含有零字节）"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // A UTF-8 byte-order mark is removed later, with the other
        // invisible characters (guard::strip_invisible).
        return Ok((text.to_string(), None));
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((
            text.into_owned(),
            Some(note("GBK 编码（Windows 记事本的“ANSI”）")),
        )),
        None => Err(Diagnostic::error(
            Pos::default(),
            "文件的文字编码无法识别：既不是 UTF-8，也不是 GBK 或 UTF-16",
        )
        .hint("请用 WPS 或记事本打开这个文件，选“另存为”，编码选“UTF-8”后保存，再运行一次")),
    }
}

fn note(name: &str) -> Diagnostic {
    Diagnostic::warning(
        Pos::default(),
        format!("文件不是 UTF-8 编码，已按 {name}读取"),
    )
    .hint("报告照常生成；以后保存时在“另存为”里把编码选为“UTF-8”，各种电脑上都能正确打开")
}

fn not_text(what: &str) -> Diagnostic {
    Diagnostic::error(Pos::default(), format!("{what}，不是 YAML 文本文件"))
        .hint("部门数据要写在文本文件里（用 gen-report new 本单位.yaml 生成一个可以照着填的文件），不能直接用 Excel、Word 或 PDF 文件")
}

/// Recognises files that are not text by their first bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        // An Office Open XML file is a zip whose first entries name its kind.
        let head = &bytes[..bytes.len().min(4096)];
        let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
        return Some(if has(b"xl/") {
            "这是 Excel 文件（.xlsx）"
        } else if has(b"word/") {
            "这是 Word 文件（.docx）"
        } else if has(b"ppt/") {
            "这是 PowerPoint 文件（.pptx）"
        } else {
            "这是压缩包（.zip）或 WPS/Office 文件"
        });
    }
    Some(
        if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            "这是旧版 Excel/Word 文件（.xls/.doc，或 WPS 的 .et/.wps）"
        } else if starts(b"%PDF") {
            "这是 PDF 文件"
        } else if starts(b"{\\rtf") {
            "这是 RTF 格式的文档（写字板或 Word 另存的“RTF”）"
        } else if starts(&[0x89, b'P', b'N', b'G'])
            || starts(&[0xFF, 0xD8, 0xFF])
            || starts(b"GIF8")
        {
            "这是图片文件"
        } else if starts(b"Rar!") || starts(&[0x37, 0x7A, 0xBC, 0xAF]) || starts(&[0x1F, 0x8B]) {
            "这是压缩包（.rar/.7z/.gz）"
        } else {
            return None;
        },
    )
}

/// UTF-16 saved without a byte-order mark: YAML's colons, spaces, digits
/// and line breaks are ASCII, so every such character leaves a zero byte on
/// the same side of its pair.
fn utf16_without_bom(
    bytes: &[u8],
) -> Option<(&'static encoding_rs::Encoding, &[u8], &'static str)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    let zero_at = |parity: usize| {
        bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == 0 && i % 2 == parity)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd > 0 && even == 0 {
        Some((UTF_16LE, bytes, "UTF-16 LE 编码"))
    } else if even > 0 && odd == 0 {
        Some((UTF_16BE, bytes, "UTF-16 BE 编码"))
    } else {
        None
    }
}

/// A zero character: no text file holds one, every binary file does. Other
/// control characters (a vertical tab pasted from Word) are text mistakes,
/// left to the loader to locate.
fn has_controls(text: &str) -> bool {
    text.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "年度: 2024\n单位: 示例县教育局\n指标值: \"≥5家\"\n";

    fn utf16(src: &str, big: bool) -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in src.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn gbk_and_utf16_are_read_with_a_note() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(SRC);
        assert!(!unmappable);
        for bytes in [gbk.into_owned(), utf16(SRC, false), utf16(SRC, true)] {
            let (text, note) = decode(&bytes).unwrap();
            assert_eq!(text, SRC);
            let note = note.expect("a note that the file was not UTF-8");
            assert!(
                !note.is_error() && note.message.contains("不是 UTF-8"),
                "{note}"
            );
        }
        let no_bom = &utf16(SRC, false)[2..];
        assert_eq!(decode(no_bom).unwrap().0, SRC);
    }

    #[test]
    fn utf8_with_and_without_bom_reads_silently() {
        let (text, note) = decode(SRC.as_bytes()).unwrap();
        assert_eq!((text.as_str(), note), (SRC, None));
        let bom = [b"\xEF\xBB\xBF".as_slice(), SRC.as_bytes()].concat();
        let (text, note) = decode(&bom).unwrap();
        assert_eq!((text.strip_prefix('\u{FEFF}'), note), (Some(SRC), None));
    }

    #[test]
    fn binary_files_are_named_for_what_they_are() {
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml....xl/workbook.xml";
        let e = decode(xlsx).unwrap_err();
        assert!(e.message.contains("Excel 文件（.xlsx）"), "{e}");
        assert!(!e.to_string().contains("UTF-8"), "{e}");
        let docx = b"PK\x03\x04\x14\x00\x06\x00word/document.xml";
        assert!(decode(docx).unwrap_err().message.contains("Word 文件"));
        assert!(
            decode(b"%PDF-1.7\n\x00\x01")
                .unwrap_err()
                .message
                .contains("PDF")
        );
        let e = decode(b"\x00\x01\x02\x03\xFF\xFE\x00\x00").unwrap_err();
        assert!(e.message.contains("二进制文件"), "{e}");
        let e = decode(b"a: 1\n\x00\x00\x00").unwrap_err();
        assert!(e.message.contains("二进制文件"), "{e}");
        // A stray control character is text, for the loader to locate.
        assert!(decode("问题: 甲\u{b}乙\n".as_bytes()).is_ok());
    }
}
