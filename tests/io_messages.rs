//! Issue 20: nothing overwritten by mistake, and every I/O error an officer
//! can meet in Chinese: what happened, which path, what to do; never the
//! operating system's English.

use crate::util::*;

/// The operating system's English, as std prints it.
const OS_ENGLISH: &[&str] = &[
    "os error",
    "File exists",
    "Not a directory",
    "Is a directory",
    "Read-only",
    "Permission denied",
    "No such file",
    "Operation not permitted",
    "Directory not empty",
    "Invalid argument",
    "error:",
];

fn no_english(message: &str) {
    for english in OS_ENGLISH {
        assert!(
            !message.contains(english),
            "English “{english}” in:\n{message}"
        );
    }
}

fn chinese_only(message: &str) {
    no_english(message);
    assert!(message.contains("gen-report: 错误: "), "{message}");
}

#[test]
fn schema_never_overwrites_a_file_or_follows_a_dangling_link() {
    let d = Dir::new();
    let kept = d.write("部门数据.schema.json", "{\"mine\": true}\n");
    let run = d.run(&["schema", "部门数据.schema.json"]).expect(2);
    let err = run.stderr();
    chinese_only(&err);
    assert!(
        err.contains("部门数据.schema.json 已经存在，没有覆盖"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        "{\"mine\": true}\n"
    );

    // A link to a file that does not exist: not written through.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.path("别处.json"), d.path("链接.json")).unwrap();
        let err = d.run(&["schema", "链接.json"]).expect(2).stderr();
        chinese_only(&err);
        assert!(err.contains("链接.json 已经存在"), "{err}");
        assert!(!d.path("别处.json").exists(), "written through the link");
        assert!(d.path("链接.json").symlink_metadata().unwrap().is_symlink());
    }

    // A new name is written; to the screen without one.
    d.run(&["schema", "新.schema.json"]).expect(0);
    let text = std::fs::read_to_string(d.path("新.schema.json")).unwrap();
    assert!(text.contains("\"$schema\""), "{text}");
    assert_eq!(d.run(&["schema"]).expect(0).stdout(), text);
}

#[test]
fn an_output_folder_that_is_a_file_is_named_in_chinese() {
    let d = Dir::new();
    d.write("甲局.yaml", EXAMPLE);
    d.write("报告", "a file, not a folder");
    let err = d.run(&["甲局.yaml", "-o", "报告"]).expect(2).stderr();
    chinese_only(&err);
    assert!(err.contains("无法创建输出文件夹 报告"), "{err}");
    assert!(err.contains("已经有一个同名的文件"), "{err}");
    assert!(err.contains("请用 -o 指定"), "{err}");

    let sub = std::path::Path::new("报告").join("本年");
    let err = d
        .run(&["甲局.yaml", "-o", sub.to_str().unwrap()])
        .expect(2)
        .stderr();
    chinese_only(&err);
    assert!(
        err.contains(&format!("无法创建输出文件夹 {}", sub.display())),
        "{err}"
    );
    assert!(err.contains("不是文件夹"), "{err}");
    assert!(err.contains("请用 -o 指定"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.path("报告")).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn two_files_for_one_report_are_both_named() {
    let d = Dir::new();
    d.write("县/甲局.yaml", EXAMPLE);
    d.write("县/甲局.yml", EXAMPLE);
    let err = d.run(&["县"]).expect(2).stderr();
    chinese_only(&err);
    let yaml = std::path::Path::new("县").join("甲局.yaml");
    let yml = std::path::Path::new("县").join("甲局.yml");
    assert!(err.contains(&yaml.display().to_string()), "{err}");
    assert!(err.contains(&yml.display().to_string()), "{err}");
}

#[test]
fn too_many_jobs_says_how_many_are_allowed() {
    let d = Dir::new();
    d.write("甲局.yaml", EXAMPLE);
    for jobs in ["100000", "0", "abc"] {
        let err = d.run(&["甲局.yaml", "-j", jobs]).expect(2).stderr();
        assert!(
            err.contains(&format!("的值“{jobs}”不对：应为 1 到 256 之间的整数")),
            "{jobs}: {err}"
        );
    }
    d.run(&["甲局.yaml", "-j", "256", "-q"]).expect(0);
}

/// One department rendered into a county's folder: the summary there no
/// longer shows it as it is now, and the run says so.
#[test]
fn a_single_file_run_into_a_county_folder_says_the_summary_is_behind() {
    let d = Dir::new();
    d.county_of_two();
    d.run(&["县", "-o", "out", "-q"]).expect(0);
    let a = std::path::Path::new("县").join("甲局.yaml");
    let a = a.to_str().unwrap();
    // Unchanged: the summary still holds.
    let err = d.run(&[a, "-o", "out"]).expect(0).stderr();
    assert!(!err.contains("汇总表"), "{err}");
    d.write("县/甲局.yaml", &format!("{EXAMPLE}# 更正\n"));
    let err = d.run(&[a, "-o", "out"]).expect(0).stderr();
    let summary = std::path::Path::new("out").join("汇总表.xlsx");
    assert!(
        err.contains(&format!("{} 没有更新", summary.display())),
        "{err}"
    );
    assert!(err.contains("对整个文件夹再运行一次"), "{err}");
}

#[test]
fn a_missing_folder_and_a_folder_in_the_way_are_named() {
    let d = Dir::new();
    for args in [
        ["new", "没有/本单位.yaml"],
        ["schema", "没有/部门数据.schema.json"],
    ] {
        let err = d.run(&args).expect(2).stderr();
        chinese_only(&err);
        assert!(
            err.contains("文件夹 没有 不存在。请先建好这个文件夹"),
            "{err}"
        );
    }
    // A folder where the report goes: the department is refused, named.
    d.write("甲局.yaml", EXAMPLE);
    std::fs::create_dir_all(d.path("output/甲局.docx")).unwrap();
    let err = d.run(&["甲局.yaml"]).expect(1).stderr();
    no_english(&err);
    let docx = std::path::Path::new("output").join("甲局.docx");
    assert!(
        err.contains(&format!(
            "写入报告失败：{}：这个位置是一个文件夹，不是文件。请把占用这个名字的文件夹改名或移走",
            docx.display()
        )),
        "{err}"
    );
}

/// A folder nothing can be written to, and why the system said so: a
/// read-only disk (a tmpfs mounted read-only, when this machine lets the
/// test mount one) or a folder without write permission (when not root).
struct ReadOnly {
    path: std::path::PathBuf,
    mounted: bool,
}

impl ReadOnly {
    fn new(d: &Dir) -> Option<(Self, &'static str)> {
        let path = d.path("只读");
        std::fs::create_dir_all(&path).ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            return Some((Self { path, mounted }, "磁盘是只读的"));
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o555)).ok()?;
        // Root writes through 0555: no read-only folder to be had here.
        let probe = path.join("探");
        if std::fs::write(&probe, "").is_ok() {
            let _ = std::fs::remove_file(probe);
            return None;
        }
        Some((
            Self {
                path,
                mounted: false,
            },
            "没有权限",
        ))
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(&self.path)
                .status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_named_in_chinese() {
    let d = Dir::new();
    d.write("县/甲局.yaml", EXAMPLE);
    let Some((ro, says)) = ReadOnly::new(&d) else {
        eprintln!("skipped: running as root without permission to mount");
        return;
    };
    let a = std::path::Path::new("县").join("甲局.yaml");
    for (args, what) in [
        (vec!["县", "-o", "只读"], "无法在输出文件夹 只读 中写入"),
        (
            vec![a.to_str().unwrap(), "-o", "只读"],
            "无法在输出文件夹 只读 中写入",
        ),
        (
            vec!["县", "-o", "只读/本年"],
            "无法创建输出文件夹 只读/本年",
        ),
    ] {
        let err = d.run(&args).expect(1).stderr();
        chinese_only(&err);
        assert!(err.contains(what), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            err.contains("请用 -o 指定另一个可以写入的文件夹"),
            "{args:?}: {err}"
        );
    }
    drop(ro);
}
