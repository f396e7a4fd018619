//! Issue 20: a re-run knows the fonts its PDFs were drawn with. A font
//! added to the `--font-dir` folder, or replaced there, that changes a
//! role's font renders every PDF again, each equal to a clean run's; a
//! re-run with nothing changed still renders nothing.

use crate::util::*;
use std::path::Path;

const FANDOL: &str = "/usr/local/share/fonts/fandol";

/// A big-endian unsigned integer of `n` bytes at `at`.
fn be(data: &[u8], at: usize, n: usize) -> usize {
    data[at..at + n]
        .iter()
        .fold(0, |v, &b| v << 8 | usize::from(b))
}

/// The Fandol font `file` calling itself `family`: a new `name` table
/// (Windows platform, UTF-16) appended and pointed at; the glyphs and
/// every other table are as installed. What an officer copying a font of
/// a preferred family into the folder does, with fonts the tests have.
fn renamed(file: &str, family: &str) -> Vec<u8> {
    let mut font =
        std::fs::read(Path::new(FANDOL).join(file)).expect("Fandol installed by scripts/setup.sh");
    let names: [(u16, &str); 5] = [
        (1, family),
        (2, "Regular"),
        (3, family),
        (4, family),
        (6, family),
    ];
    let strings: Vec<Vec<u8>> = names
        .iter()
        .map(|(_, s)| s.encode_utf16().flat_map(u16::to_be_bytes).collect())
        .collect();
    let mut table = Vec::new();
    let header = 6 + 12 * names.len();
    for v in [0, names.len(), header] {
        table.extend_from_slice(&(v as u16).to_be_bytes());
    }
    let mut offset = 0;
    for ((id, _), s) in names.iter().zip(&strings) {
        for v in [3, 1, 0x0409, *id as usize, s.len(), offset] {
            table.extend_from_slice(&(v as u16).to_be_bytes());
        }
        offset += s.len();
    }
    table.extend(strings.concat());
    while !font.len().is_multiple_of(4) {
        font.push(0);
    }
    let at = font.len();
    let record = (0..be(&font, 4, 2))
        .map(|i| 12 + 16 * i)
        .find(|&r| &font[r..r + 4] == b"name")
        .expect("a name table");
    font[record + 8..record + 12].copy_from_slice(&(at as u32).to_be_bytes());
    font[record + 12..record + 16].copy_from_slice(&(table.len() as u32).to_be_bytes());
    font.extend(table);
    font
}

/// The reports of a run into `out`, by file name.
fn reports(d: &Dir, out: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(d.path(out))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf" || x == "docx"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn tally(run: &Run) -> String {
    let out = run.stderr();
    out.lines()
        .find(|l| l.starts_with("共 "))
        .unwrap_or_else(|| panic!("no tally in:\n{out}"))
        .to_string()
}

#[test]
fn a_font_added_or_replaced_in_the_font_folder_renders_every_pdf_again() {
    let d = Dir::new();
    d.county_of_two();
    let fonts = d.path("字体");
    std::fs::create_dir(&fonts).unwrap();
    let fonts = fonts.to_str().unwrap().to_string();
    let run = |out: &str| d.run(&["县", "--pdf", "--font-dir", &fonts, "-o", out]);
    run("output").expect(0);
    let first = reports(&d, "output");
    assert_eq!(first.len(), 4);

    // SimHei comes before the installed FandolHei for the 黑体 headings.
    let simhei = d.path("字体/SimHei.otf");
    std::fs::write(&simhei, renamed("FandolKai-Regular.otf", "SimHei")).unwrap();
    let again = run("output").expect(0);
    assert!(tally(&again).contains("已生成 2 个"), "{}", tally(&again));
    run("clean").expect(0);
    let (now, clean) = (reports(&d, "output"), reports(&d, "clean"));
    assert_eq!(now, clean, "the re-run equals a clean run");
    for ((name, old), (_, new)) in first.iter().zip(&now) {
        if name.ends_with(".pdf") {
            assert_ne!(old, new, "{name}: the new font is not in the PDF");
        }
    }

    // Nothing changed since: nothing renders.
    let same = run("output").expect(0);
    assert!(tally(&same).contains("未变化 2 个"), "{}", tally(&same));
    assert_eq!(reports(&d, "output"), clean);

    // The font file replaced by another of the same family.
    std::fs::write(&simhei, renamed("FandolSong-Regular.otf", "SimHei")).unwrap();
    let replaced = run("output").expect(0);
    assert!(
        tally(&replaced).contains("已生成 2 个"),
        "{}",
        tally(&replaced)
    );
    run("clean2").expect(0);
    assert_eq!(reports(&d, "output"), reports(&d, "clean2"));
    assert_ne!(reports(&d, "output"), clean);
}

/// A font the run does not use (no role asks for its family) changes
/// nothing: the PDFs are not rendered again.
#[test]
fn a_font_no_role_uses_renders_nothing_again() {
    let d = Dir::new();
    d.county_of_two();
    let fonts = d.path("字体");
    std::fs::create_dir(&fonts).unwrap();
    let fonts = fonts.to_str().unwrap().to_string();
    let run = || d.run(&["县", "--pdf", "--font-dir", &fonts, "-o", "output"]);
    run().expect(0);
    let first = reports(&d, "output");
    std::fs::write(
        d.path("字体/Other.otf"),
        renamed("FandolKai-Regular.otf", "Some Latin Family"),
    )
    .unwrap();
    let again = run().expect(0);
    assert!(tally(&again).contains("未变化 2 个"), "{}", tally(&again));
    assert_eq!(reports(&d, "output"), first);
}
