//! LibreOffice converts the DOCX; a failed conversion fails the test.

use crate::util::*;

#[test]
fn libreoffice_converts_the_docx_to_pdf() {
    let d = Dir::new();
    d.write("科工局.yaml", EXAMPLE);
    d.run(&["科工局.yaml"]).expect(0);
    let docx = d.path("output/科工局.docx");
    let fonts_conf = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts.conf");
    let profile = d.path("lo-profile");
    let out = std::process::Command::new("soffice")
        .env("FONTCONFIG_FILE", fonts_conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(d.path("lo"))
        .arg(&docx)
        .output()
        .expect("soffice is required for this test (run scripts/setup.sh)");
    let pdf = d.path("lo/科工局.pdf");
    assert!(
        out.status.success() && pdf.is_file(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&pdf);
    for needle in [
        "860.90",
        "97.77%",
        "整体支出绩效自评报告",
        "部门整体支出绩效自评表",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing in LibreOffice's PDF"
        );
    }
    let pages = pdf_pages(&pdf);
    assert!((5..=14).contains(&pages), "{pages} pages");
}
