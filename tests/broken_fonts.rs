//! A damaged font given with `--font-dir` is reported, not embedded: the PDF
//! writer's subsetter copies the charstrings of a font without subroutines
//! as they are (vendor/README.md), so it has to check them first.

use crate::util::*;
use skrifa::MetadataProvider;

const FANDOL_FANG: &str = "/usr/local/share/fonts/fandol/FandolFang-Regular.otf";

/// A big-endian unsigned integer of `n` bytes at `at`.
fn be(data: &[u8], at: usize, n: usize) -> usize {
    data[at..at + n]
        .iter()
        .fold(0, |v, &b| v << 8 | usize::from(b))
}

/// Offset of a CFF INDEX's data and its `count + 1` offsets (1-based).
fn index(cff: &[u8], at: usize) -> (usize, Vec<usize>) {
    let count = be(cff, at, 2);
    let size = usize::from(cff[at + 2]);
    let offsets = (0..=count)
        .map(|i| be(cff, at + 3 + i * size, size))
        .collect();
    (at + 3 + (count + 1) * size - 1, offsets)
}

/// Where an INDEX ends.
fn skip_index(cff: &[u8], at: usize) -> usize {
    let (data, offsets) = index(cff, at);
    if offsets.len() == 1 {
        at + 2
    } else {
        data + offsets[offsets.len() - 1]
    }
}

/// The CharStrings offset (operator 17) in a Top DICT.
fn charstrings_offset(dict: &[u8]) -> usize {
    let mut last = 0i64;
    let mut i = 0;
    while i < dict.len() {
        let b = dict[i];
        let (value, len) = match b {
            28 => (be(dict, i + 1, 2) as i16 as i64, 3),
            29 => (be(dict, i + 1, 4) as i32 as i64, 5),
            // A real number: nibbles up to an 0xf one (its value is not needed).
            30 => (
                0,
                1 + dict[i + 1..]
                    .iter()
                    .position(|n| n & 0x0f == 0x0f || n >> 4 == 0x0f)
                    .unwrap()
                    + 1,
            ),
            32..=246 => (i64::from(b) - 139, 1),
            247..=250 => ((i64::from(b) - 247) * 256 + i64::from(dict[i + 1]) + 108, 2),
            251..=254 => (
                -(i64::from(b) - 251) * 256 - i64::from(dict[i + 1]) - 108,
                2,
            ),
            17 => return last as usize,
            12 => (last, 2),
            _ => (last, 1),
        };
        last = value;
        i += len;
    }
    panic!("no CharStrings in the Top DICT");
}

/// FandolFang with the charstring of `ch`'s glyph cut short: its closing
/// `endchar` becomes an escape byte with nothing after it, which the CFF
/// decompiler refuses. Every other glyph and table is untouched.
fn fandol_with_broken_glyph(ch: char) -> Vec<u8> {
    let mut font = std::fs::read(FANDOL_FANG).expect("Fandol installed by scripts/setup.sh");
    let gid = skrifa::FontRef::new(&font)
        .unwrap()
        .charmap()
        .map(ch)
        .expect("FandolFang has the character")
        .to_u32() as usize;
    let tables = be(&font, 4, 2);
    let cff_at = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&r| &font[r..r + 4] == b"CFF ")
        .map(|r| be(&font, r + 8, 4))
        .expect("FandolFang is a CFF font");
    let cff = &font[cff_at..];
    let names = usize::from(cff[2]);
    let top_dicts = skip_index(cff, names);
    let (data, offsets) = index(cff, top_dicts);
    let top = &cff[data + offsets[0]..data + offsets[1]];
    let (data, offsets) = index(cff, charstrings_offset(top));
    let last = cff_at + data + offsets[gid + 1] - 1;
    assert_eq!(font[last], 14, "the glyph's charstring ends with endchar");
    font[last] = 12;
    font
}

#[test]
fn a_font_with_a_malformed_charstring_is_reported_not_embedded() {
    let d = Dir::new();
    d.write("科工局.yaml", EXAMPLE);
    let fonts = d.path("字体");
    std::fs::create_dir(&fonts).unwrap();
    // 部 is in every report (部门整体支出) and set in the body font.
    let broken = fonts.join("FandolFang-Regular.otf");
    std::fs::write(&broken, fandol_with_broken_glyph('部')).unwrap();

    let run = d.run(&[
        "科工局.yaml",
        "--pdf",
        "--font-dir",
        fonts.to_str().unwrap(),
    ]);
    let err = run.stderr();
    // Exit 1: the department failed (before the check: 0, PDF written).
    assert_eq!(run.code(), 1, "a PDF was made with the broken font:\n{err}");
    assert!(
        !d.path("output/科工局.pdf").exists(),
        "the broken font was embedded"
    );
    // All or nothing: no DOCX without its PDF either.
    assert!(!d.path("output/科工局.docx").exists());
    // The message names the file and what to do, in Chinese only.
    assert!(err.contains(broken.to_str().unwrap()), "{err}");
    assert!(err.contains("请换用"), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("FandolFang-Regular.otf"))
        .unwrap();
    let rest = line.replace(broken.to_str().unwrap(), "");
    let english: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && !["yaml", "FandolFang", "font", "dir", "PDF"].contains(w))
        .collect();
    assert!(
        english.is_empty(),
        "English in the message: {english:?}\n{line}"
    );
}

#[test]
fn the_unbroken_font_in_font_dir_still_renders() {
    // The same run with the font as installed: what the test above breaks
    // is the charstring, nothing else about the setup.
    let d = Dir::new();
    d.write("科工局.yaml", EXAMPLE);
    let fonts = d.path("字体");
    std::fs::create_dir(&fonts).unwrap();
    std::fs::copy(FANDOL_FANG, fonts.join("FandolFang-Regular.otf")).unwrap();
    d.run(&[
        "科工局.yaml",
        "--pdf",
        "--font-dir",
        fonts.to_str().unwrap(),
    ])
    .expect(0);
    assert!(d.path("output/科工局.pdf").is_file());
}
