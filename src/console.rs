//! The console: a run's progress while it goes and its account at the end,
//! on standard error. With `main`, the only code that prints.

use crate::batch::{Account, Change, Outcome, Status, Watch};
use crate::cli::Options;
use crate::diag::Diagnostic;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar on a terminal (hidden with `--quiet`, for one
/// department, or when standard error is a file), and live notices.
pub struct Console {
    bar: ProgressBar,
    quiet: bool,
}

impl Console {
    pub fn new(opts: &Options) -> Console {
        Console {
            bar: ProgressBar::hidden(),
            quiet: opts.quiet || !std::io::stderr().is_terminal(),
        }
    }
}

impl Watch for Console {
    fn begin(&self, departments: usize) {
        if self.quiet || departments < 2 {
            return;
        }
        self.bar.set_length(departments as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 个单位 {elapsed}")
        {
            self.bar.set_style(style);
        }
        self.bar
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }

    fn advance(&self) {
        self.bar.inc(1);
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }

    fn notice(&self, message: &str) {
        self.bar.suspend(|| eprintln!("{message}"));
    }
}

/// Prints the account of a run: each department's warnings, errors and
/// result, the template's errors once, the closing line and what was not
/// read or is left over.
pub fn print(account: &Account, opts: &Options) {
    for r in &account.refused {
        eprintln!("警告: 跳过 {r}");
    }
    for o in &account.outcomes {
        print_outcome(o, opts);
    }
    print_template_failures(&account.outcomes);
    if let Some(note) = &account.log_note {
        eprintln!("注意: {note}");
    }
    print_changes(&account.changes);
    print_closing(account, opts);
    if let Some(workbook) = &account.workbook_behind {
        eprintln!(
            "注意: {} 没有更新（本次只处理了一个单位，汇总表中这个单位还是上次的情况）；\
             要更新汇总表，请对整个文件夹再运行一次（例如 gen-report 全县数据文件夹/ -o {}）",
            workbook.display(),
            opts.out_dir.display()
        );
    }
    if !account.orphans.is_empty() {
        let names: Vec<&str> = account.orphans.iter().map(|o| o.report.as_str()).collect();
        eprintln!(
            "注意: 输出文件夹中有 {} 份报告的 YAML 文件已不存在（报告保留未删除）：{}",
            names.len(),
            names.join("、")
        );
    }
}

fn print_outcome(o: &Outcome, opts: &Options) {
    let mut said: Vec<&Diagnostic> = o.warnings.iter().collect();
    if let Status::Rejected(errors) = &o.status {
        // A rejected file's problems in reading order, so its errors and
        // warnings are corrected top to bottom in one pass.
        said.extend(errors);
        said.sort_by_key(|d| d.pos.line);
    }
    for d in said {
        eprintln!("{}", d.clone().in_file(&o.job.input));
    }
    for w in o.earlier_warnings() {
        eprintln!("{}: 警告（上次生成时）: {w}", o.job.input.display());
    }
    if !opts.quiet && matches!(o.status, Status::Rendered | Status::Unchanged) {
        let verb = match (&o.status, opts.check) {
            (Status::Unchanged, _) => "未变化，保留",
            (_, true) => "检查通过",
            _ => "已生成",
        };
        if opts.check {
            eprintln!("{verb}: {}", o.job.input.display());
        } else {
            let names: Vec<String> = o
                .job
                .outputs(opts)
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            eprintln!("{verb}: {}", names.join("、"));
        }
    }
}

/// What changed since the last run into the same folder, one line per
/// department: the bureau checks that the correction asked for was made,
/// and nothing else.
fn print_changes(changes: &[Change]) {
    if changes.is_empty() {
        return;
    }
    eprintln!(
        "与上次运行相比有变化的单位 {} 个（已记入修改记录）：",
        changes.len()
    );
    for c in changes {
        let items: Vec<String> = c.items.iter().map(ToString::to_string).collect();
        eprintln!("  {}：{}", c.name(), items.join("；"));
    }
}

/// Each distinct template error once, with the departments it stopped.
fn print_template_failures(outcomes: &[Outcome]) {
    let mut failures: Vec<(&str, Vec<String>)> = Vec::new();
    for o in outcomes {
        let Status::Template(message) = &o.status else {
            continue;
        };
        let name = o.job.display_name();
        match failures.iter_mut().find(|(m, _)| m == message) {
            Some((_, names)) => names.push(name),
            None => failures.push((message, vec![name])),
        }
    }
    for (message, names) in failures {
        eprintln!(
            "gen-report: 错误: {message}\n    涉及 {} 个单位（未生成）：{}\n    提示: 这是模板的问题，不是这些单位数据的问题；请改正模板后重新运行",
            names.len(),
            names.join("、")
        );
    }
}

/// The closing line of a run, and the files that were not read.
fn print_closing(account: &Account, opts: &Options) {
    let t = &account.tally;
    if !opts.quiet || t.rejected > 0 || t.template_failed > 0 {
        let verb = if opts.check {
            "检查通过"
        } else {
            "已生成"
        };
        let mut line = format!(
            "共 {} 个单位：{verb} {} 个",
            account.outcomes.len(),
            t.rendered
        );
        if t.unchanged > 0 {
            line.push_str(&format!("，未变化 {} 个", t.unchanged));
        }
        line.push_str(&format!("，未通过 {} 个", t.rejected));
        if t.template_failed > 0 {
            line.push_str(&format!("，模板出错 {} 个", t.template_failed));
        }
        line.push_str(&format!("，警告 {} 条（{}）", t.warnings, account.template));
        if let Some(workbook) = &account.workbook {
            line.push_str(&format!("。汇总表：{}", workbook.display()));
        }
        eprintln!("{line}");
        if let Some(note) = &account.totals_note {
            eprintln!("注意: {note}");
        }
    }
    if !account.skipped.is_empty() {
        let names: Vec<String> = account
            .skipped
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "未读取的文件 {} 个（只读取 .yaml、.yml 和 .yaml.txt）：{}",
            names.len(),
            names.join("、")
        );
    }
}
