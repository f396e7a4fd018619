//! How the program was started: typed in a shell, or (on Windows) opened
//! from Explorer, by a double-click or by dropping files onto `gen-report.exe`.
//!
//! Explorer gives a console program a console window of its own that closes
//! the moment the program ends, so help or an error would flash past unread.
//! [`plan`] decides, from the arguments and whether the console is the
//! program's own, what to do instead; it is pure and unit-tested. The
//! Windows part ([`own_console`]) only asks the console how many processes
//! share it, and [`pause`] waits for Enter. On other systems a program is
//! always started from a terminal, so the plan is always [`Plan::AsTyped`].

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The folder a drop writes to, beside the first dropped item: the same
/// name as the command line's default (`output`), so the README's words fit.
const DROP_OUTPUT: &str = "output";

/// What `main` does with the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// Parse and run the arguments as typed (a shell's console, or options
    /// given: a script knows what it wants).
    AsTyped,
    /// Opened by a double-click: show the help and wait for Enter.
    Help,
    /// Files or folders dropped onto the program: render them with PDF
    /// into `out` beside them, then wait for Enter.
    Dropped {
        /// The arguments to run: the dropped paths, `--pdf`, `-o out`.
        args: Vec<OsString>,
        out: PathBuf,
    },
}

/// Decides what to do. `args` excludes the program name; `own_console` is
/// true when no shell shares the console (see [`own_console`]); `exists`
/// tells whether a path exists (a parameter so that tests need no files).
pub fn plan(args: &[OsString], own_console: bool, exists: impl Fn(&Path) -> bool) -> Plan {
    if !own_console {
        return Plan::AsTyped;
    }
    let Some(first) = args.first() else {
        return Plan::Help;
    };
    // Explorer passes only full paths of existing items; anything else was
    // written by a person or a script.
    if !args.iter().all(|a| exists(Path::new(a))) {
        return Plan::AsTyped;
    }
    let first = Path::new(first);
    let beside = match first.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        // A drive's root (`D:\`) has no parent: write inside it.
        Some(_) => PathBuf::from("."),
        None => first.to_path_buf(),
    };
    let out = beside.join(DROP_OUTPUT);
    let mut run: Vec<OsString> = args.to_vec();
    run.extend(["--pdf".into(), "-o".into(), out.clone().into_os_string()]);
    Plan::Dropped { args: run, out }
}

/// The help shown on a double-click, before the full option list: how an
/// officer uses the program without typing.
pub const DOUBLE_CLICK_HELP: &str = "\
gen-report 生成《部门整体支出绩效自评报告》（Word 和 PDF）。它没有窗口界面，有两种用法：

一、拖放（最简单）：把填好的数据文件（.yaml），或放数据文件的文件夹，用鼠标拖到
    gen-report.exe 的图标上松开。报告生成在数据文件旁边的 output 文件夹里。
二、命令行：在 gen-report.exe 所在文件夹的地址栏输入 cmd 回车，在打开的窗口里输入，例如
    gen-report new 本单位.yaml      生成一个可以照着填写的数据文件
    gen-report 本单位.yaml --pdf    生成报告

下面是命令行的全部说明。
";

/// The last line after a drop, from the run's exit status and whether the
/// output folder exists: where the reports are, or what to do first. (Exit
/// status 1 is a rejected file or a setup failure such as missing fonts.)
pub fn after_drop(status: u8, out: &Path, out_exists: bool) -> String {
    let mut line = if status == 0 {
        "报告已全部生成。".to_string()
    } else {
        "报告没有全部生成：请按上面的说明改正后，再把文件拖到 gen-report.exe 上。".to_string()
    };
    if out_exists {
        line.push_str(&format!("报告在这个文件夹里：{}", out.display()));
    }
    line
}

/// Waits until the officer presses Enter, so the window stays open. Returns
/// at once when standard input is closed or not readable (a script).
pub fn pause() {
    eprint!("\n按回车键关闭窗口……");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// True when this process is alone in its console: Explorer made the window
/// for it (double-click or drop). In cmd.exe or PowerShell the shell shares
/// the console, so the count is at least 2; with no console it is 0.
#[cfg(windows)]
pub fn own_console() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 4];
    // SAFETY: the buffer is valid for `ids.len()` process ids; the call
    // writes at most that many and returns the total count.
    let count = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    count == 1
}

/// Elsewhere a console program is started from a terminal.
#[cfg(not(windows))]
pub fn own_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    fn existing(p: &Path) -> bool {
        !p.to_string_lossy().starts_with('-') && !p.to_string_lossy().contains("missing")
    }

    #[test]
    fn a_shell_runs_the_arguments_as_typed() {
        for args in [&[][..], &["a.yaml"], &["a.yaml", "--pdf"]] {
            assert_eq!(plan(&os(args), false, existing), Plan::AsTyped, "{args:?}");
        }
    }

    #[test]
    fn a_double_click_shows_help() {
        assert_eq!(plan(&[], true, existing), Plan::Help);
    }

    #[test]
    fn a_drop_renders_beside_the_first_item() {
        let dropped = os(&["/县/财政局/一号.yaml", "/县/财政局/二号.yaml"]);
        let Plan::Dropped { args, out } = plan(&dropped, true, existing) else {
            panic!("a drop");
        };
        assert_eq!(out, PathBuf::from("/县/财政局/output"));
        assert_eq!(
            args,
            os(&[
                "/县/财政局/一号.yaml",
                "/县/财政局/二号.yaml",
                "--pdf",
                "-o",
                "/县/财政局/output"
            ])
        );
        // A dropped folder: the output goes beside it, not inside it.
        let Plan::Dropped { out, .. } = plan(&os(&["/县/示例县"]), true, existing) else {
            panic!("a drop");
        };
        assert_eq!(out, PathBuf::from("/县/output"));
    }

    #[test]
    fn options_or_missing_paths_are_a_script_not_a_drop() {
        for args in [&["a.yaml", "--check"][..], &["missing.yaml"]] {
            assert_eq!(plan(&os(args), true, existing), Plan::AsTyped, "{args:?}");
        }
    }

    #[test]
    fn after_a_drop_the_officer_is_told_where_or_what_next() {
        let out = Path::new("/县/output");
        assert!(after_drop(0, out, true).contains("全部生成。报告在这个文件夹里：/县/output"));
        let failed = after_drop(1, out, false);
        assert!(
            failed.contains("没有全部生成") && failed.contains("改正后"),
            "{failed}"
        );
        assert!(
            !failed.contains("/县/output"),
            "no folder was written: {failed}"
        );
        assert!(after_drop(2, out, true).contains("/县/output"));
    }

    #[test]
    fn a_drive_root_is_written_inside() {
        let Plan::Dropped { out, .. } = plan(&os(&["/"]), true, existing) else {
            panic!("a drop");
        };
        assert_eq!(out, PathBuf::from("/output"));
    }
}
