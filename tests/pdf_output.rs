use crate::util::*;

fn render(src: &str, name: &str) -> (Dir, std::path::PathBuf) {
    let d = Dir::new();
    d.write(&format!("{name}.yaml"), src);
    d.run(&[&format!("{name}.yaml"), "--pdf"]).expect(0);
    let p = d.path(&format!("output/{name}.pdf"));
    (d, p)
}

#[test]
fn pdf_holds_the_computed_figures_in_reading_order() {
    let (d, pdf) = render(EXAMPLE, "科工局");
    assert!(
        d.path("output/科工局.docx").is_file(),
        "--pdf writes DOCX too"
    );
    let text = pdf_text(&pdf);
    // Lines are wrapped; compare without line breaks and layout spaces.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in [
        "支出合计860.90万元",
        "预算执行率为97.77%",
        "得9分",
        "自评总分98分",
        "自评等级为“优”",
    ] {
        assert!(flat.contains(needle), "{needle} missing");
    }
    // The 总分 row's grade cell (自评等级：优); its narrow column may wrap it.
    let total = flat.rfind("总分").expect("总分 row");
    assert!(
        flat[total..].contains("优"),
        "grade missing from the 总分 row"
    );
    let order = [
        "一、部门（单位）基本情况",
        "二、一般公共预算支出情况",
        "六、部门整体支出绩效情况",
        "十、其他需要说明的情况",
        "部门整体支出绩效评价基础数据表",
        "部门整体支出绩效自评表",
        "填表人",
    ];
    let mut at = 0;
    for h in order {
        let pos = flat[at..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of order"));
        at += pos;
    }
}

#[test]
fn fonts_are_embedded_subset_with_tounicode() {
    let (_d, pdf) = render(EXAMPLE, "a");
    let out = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    let rows: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 3, "{list}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        // … emb sub uni object ID
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    let (_d, pdf) = render(EXAMPLE, "a");
    let text = pdf_text(&pdf);
    // The whole report was extracted (an empty text would pass below).
    assert!(text.lines().count() > 200, "{text}");
    assert!(text.contains("十、其他需要说明的情况"), "{text}");
    assert!(
        text.lines().any(|l| l.trim_end().ends_with(['，', '。'])),
        "no line ends with punctuation"
    );
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !matches!(
                first,
                Some('，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '”' | '%')
            ),
            "line starts with punctuation: {line}"
        );
    }
}

#[test]
fn rare_characters_render_through_fallback() {
    let src = EXAMPLE.replace("填表人: 张晓燕", "填表人: 王喆堃旸");
    let (_d, pdf) = render(&src, "a");
    assert!(pdf_text(&pdf).contains("王喆堃旸"));
}

#[test]
fn forty_projects_span_pages_with_repeated_headers() {
    let mut projects = String::new();
    for i in 1..=40 {
        projects.push_str(&format!("    - 名称: 专项资金第{i}项\n      金额: 10\n      说明: 用于第{i}项重点工作的实施和保障，按进度拨付。\n"));
    }
    let start = EXAMPLE.find("  项目支出:").unwrap();
    let end = EXAMPLE.find("  支出合计:").unwrap();
    let src = format!(
        "{}  项目支出:\n{projects}{}",
        &EXAMPLE[..start],
        &EXAMPLE[end..]
            .replace("支出合计: 860.90", "支出合计: 593.13")
            .replace("项目支出合计: 667.77", "项目支出合计: 400")
            .replace("结余: 0.84", "结余: 268.61")
            .replace("全年预算数: 880.57", "全年预算数: 593.13")
    )
    .replace("全年预算数: 880.57", "全年预算数: 593.13")
    .replace("  总分: 98 ", "  总分: 99 ");
    let (_d, pdf) = render(&src, "a");
    let text = pdf_text(&pdf);
    // The autospace around 40 reads as spaces to pdftotext.
    let flat: String = text.split([' ', '\n']).collect();
    assert!(flat.contains("专项资金第40项"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let with_header = pages.iter().filter(|p| p.contains("项目名称")).count();
    assert!(
        with_header >= 2,
        "project table header on {with_header} pages"
    );
    // Every page of the 自评表 (its rows say 无偏差) repeats the header;
    // narrow label columns may break 三级|指标 between its words.
    let table_pages: Vec<&&str> = pages.iter().filter(|p| p.contains("无偏差")).collect();
    for page in &table_pages {
        for word in ["一级", "三级", "分值", "得分", "偏差原因"] {
            assert!(page.contains(word), "{word} missing on a 自评表 page");
        }
    }
    assert!(
        table_pages.len() >= 2,
        "自评表 on {} pages",
        table_pages.len()
    );
    assert!(pdf_pages(&pdf) > 8);
}

#[test]
fn two_renders_are_byte_identical_and_pdfa() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "--pdf", "--no-docx", "-o", "one"])
        .expect(0);
    assert!(!d.path("one/a.docx").exists(), "--no-docx");
    d.run(&["a.yaml", "--pdf", "--no-docx", "-o", "two"])
        .expect(0);
    let a = std::fs::read(d.path("one/a.pdf")).unwrap();
    let b = std::fs::read(d.path("two/a.pdf")).unwrap();
    assert!(a == b, "two renders differ");
    let raw = String::from_utf8_lossy(&a);
    assert!(raw.contains("pdfaid:part"), "PDF/A identification in XMP");
    let info =
        String::from_utf8_lossy(&tool("pdfinfo", &[d.path("one/a.pdf").to_str().unwrap()]).stdout)
            .into_owned();
    assert!(
        info.contains("整体支出绩效自评报告") && info.contains("岳阳市示例区科技和工业信息化局"),
        "{info}"
    );
}
