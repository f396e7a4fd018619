use crate::util::*;

fn render_example() -> (Dir, std::path::PathBuf) {
    let d = Dir::new();
    d.write("科工局.yaml", EXAMPLE);
    d.run(&["科工局.yaml"]).expect(0);
    let p = d.path("output/科工局.docx");
    (d, p)
}

#[test]
fn computed_figures_are_in_the_document() {
    let (_d, p) = render_example();
    let text = docx_text(&p);
    for needle in [
        "2024年度岳阳市示例区科技和工业信息化局整体支出绩效自评报告",
        "支出合计860.90万元",
        "预算执行率为97.77%",
        "该指标分值10分，得9分",
        "自评总分98分",
        "自评等级为“优”",
        "自评等级：优",
        "净资产160.12万元",
        "比上年增加6.18万元，增长3.31%",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
}

#[test]
fn self_evaluation_table_has_vertical_merges_and_repeated_header() {
    let (_d, p) = render_example();
    let xml = zip_entry(&p, "word/document.xml");
    assert!(
        xml.contains(r#"<w:vMerge w:val="restart""#),
        "vMerge restart"
    );
    assert!(
        xml.matches("<w:vMerge").count() > 20,
        "many continued merges"
    );
    assert!(xml.contains("<w:gridSpan"), "horizontal merges");
    assert!(xml.contains("<w:tblHeader"), "header rows repeat");
}

#[test]
fn page_setup_and_fonts_follow_gbt_9704() {
    let (_d, p) = render_example();
    let xml = zip_entry(&p, "word/document.xml");
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "A4"
    );
    // 37 mm top, 35 mm bottom, 28 mm left, 26 mm right, in twips (±1).
    for (attr, twips) in [
        ("w:top", 2098),
        ("w:bottom", 1984),
        ("w:left", 1588),
        ("w:right", 1474),
    ] {
        let found = (twips - 1..=twips + 1).any(|t| xml.contains(&format!(r#"{attr}="{t}""#)));
        assert!(found, "{attr} ≈ {twips}");
    }
    // Fonts belong to the paragraph styles.
    let styles = zip_entry(&p, "word/styles.xml");
    for font in [
        "仿宋_GB2312",
        "黑体",
        "楷体_GB2312",
        "方正小标宋简体",
        "宋体",
    ] {
        assert!(
            styles.contains(&format!(r#"w:eastAsia="{font}""#)),
            "{font}"
        );
    }
    let footer: String = (1..4)
        .filter_map(|i| {
            std::panic::catch_unwind(|| zip_entry(&p, &format!("word/footer{i}.xml"))).ok()
        })
        .collect();
    assert!(
        footer.contains("PAGE") && footer.contains("—"),
        "page number — N —"
    );
}

#[test]
fn same_input_gives_byte_identical_docx() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "-o", "one", "--force"]).expect(0);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    d.run(&["a.yaml", "-o", "two", "--force"]).expect(0);
    let a = std::fs::read(d.path("one/a.docx")).unwrap();
    let b = std::fs::read(d.path("two/a.docx")).unwrap();
    assert!(a == b, "two renders differ");
}

#[test]
fn zip_entries_carry_no_current_timestamp() {
    let (_d, p) = render_example();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
    let this_year = 2000
        + (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 31_556_952
            + 1970
            - 2000) as u16;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        if let Some(t) = entry.last_modified() {
            assert!(
                t.year() < this_year - 1,
                "{} stamped {}",
                entry.name(),
                t.year()
            );
        }
    }
    let core = zip_entry(&p, "docProps/core.xml");
    assert!(
        !core.contains(&format!("{this_year}-")),
        "core.xml has a current date: {core}"
    );
}
