//! The command line (contract §5): clap definitions, then flags → [`Options`].
//!
//! No I/O happens here beyond clap's own help output; `main` runs the
//! options through `batch::run`. Every clap message is replaced by a
//! Chinese one ([`parse`]): the officer never sees clap's English.

use crate::format::{FORMATS, Selection};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// `gen-report --version`: the version, the target it was built for and the
/// source commit (build.rs; "unknown" when built without git).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "（平台 ",
    env!("GEN_REPORT_TARGET"),
    "，源代码提交 ",
    env!("GEN_REPORT_COMMIT"),
    "）"
);

/// Chinese section headings for every help page (clap's are English).
const HELP: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// 把部门的 YAML 数据生成《部门整体支出绩效自评报告》（Word 和 PDF）。
#[derive(Debug, Parser)]
#[command(
    name = "gen-report",
    version = VERSION,
    about = "把部门的 YAML 数据生成《部门整体支出绩效自评报告》（DOCX，可加 PDF）",
    long_about = "把部门的 YAML 数据生成《部门整体支出绩效自评报告》（DOCX，可加 PDF）。\n\n\
        所有合计、占比、执行率、同比、得分、等级都由工具计算；\n\
        文件里写了合计数的，工具会核对，不一致时指出行号并拒绝生成。",
    after_help = "常用写法：\n  \
        gen-report new 本单位.yaml          生成一个可以照着填写的数据文件\n  \
        gen-report 本单位.yaml --pdf        生成 output/本单位.docx 和 output/本单位.pdf\n  \
        gen-report 本单位.yaml --check      只检查数据，不生成文件\n  \
        gen-report data/示例县/ --pdf       生成全县所有单位的报告和 汇总表.xlsx\n\n\
        退出码：0 全部生成（可能有警告）；1 有单位的数据未通过检查；2 命令写错了。",
    override_usage = "gen-report 路径... [选项]\n      gen-report new 文件.yaml\n      gen-report schema [文件.json]\n      gen-report templates [--export 名称 文件夹]",
    help_template = HELP,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// 一个或多个 YAML 文件或文件夹（文件夹内所有 .yaml/.yml 文件，含子文件夹）
    #[arg(value_name = "路径", required = true, help_heading = "参数")]
    pub paths: Vec<PathBuf>,

    /// 同时生成 PDF
    #[arg(long)]
    pub pdf: bool,

    /// 不生成 Word（DOCX）文件（与 --pdf 一起用）
    #[arg(long = "no-docx")]
    pub no_docx: bool,

    /// 另外生成的格式（可写多次），例如 --format pdf 等同 --pdf
    #[arg(long = "format", value_name = "格式")]
    pub formats: Vec<String>,

    /// 输出文件夹（默认 output）
    #[arg(
        short = 'o',
        long = "output",
        value_name = "文件夹",
        default_value = "output",
        hide_default_value = true
    )]
    pub output: PathBuf,

    /// 只检查数据、显示错误和警告，不写任何文件
    #[arg(long)]
    pub check: bool,

    /// 模板：内置的 hunan（默认）或 表格式，本县模板的名称，或一个模板文件夹路径（gen-report templates 列出全部）
    #[arg(
        long,
        value_name = "名称或文件夹",
        default_value = "hunan",
        hide_default_value = true
    )]
    pub template: String,

    /// 同时处理的单位数，1 到 256（默认：全部 CPU 核）
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS as i64))]
    pub jobs: Option<u16>,

    /// 不管是否有变化，全部重新生成
    #[arg(long)]
    pub force: bool,

    /// 不显示进度条和逐个单位的结果（错误仍然显示）
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// 另外查找字体的文件夹（PDF 用，可写多次）
    #[arg(long = "font-dir", value_name = "文件夹")]
    pub font_dirs: Vec<PathBuf>,

    /// 显示帮助
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    help: Option<bool>,

    /// 显示版本
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

/// The subcommands besides rendering.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成一个可以照着填写的空白数据文件（带中文说明，不会覆盖已有文件）
    #[command(
        help_template = HELP,
        override_usage = "gen-report new 文件.yaml",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    New {
        /// 要生成的文件，例如 本单位.yaml
        #[arg(value_name = "文件", help_heading = "参数")]
        file: PathBuf,
        /// 显示帮助
        #[arg(short = 'h', long, action = clap::ArgAction::Help)]
        help: Option<bool>,
    },
    /// 列出可用的模板；--export 名称 文件夹 把内置模板写出来供修改
    #[command(
        help_template = HELP,
        override_usage = "gen-report templates [--export 名称 文件夹]",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Templates {
        /// 把内置模板（hunan 或 表格式）写到一个文件夹
        #[arg(long, num_args = 2, value_names = ["名称", "文件夹"])]
        export: Option<Vec<String>>,
        /// 显示帮助
        #[arg(short = 'h', long, action = clap::ArgAction::Help)]
        help: Option<bool>,
    },
    /// 输出数据文件的 JSON Schema，供 VS Code 等编辑器补全键名、检查拼写
    #[command(
        help_template = HELP,
        override_usage = "gen-report schema [文件.json]",
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Schema {
        /// 写入的新文件（不覆盖已有文件；不写则输出到屏幕），例如 部门数据.schema.json
        #[arg(value_name = "文件", help_heading = "参数")]
        file: Option<PathBuf>,
        /// 显示帮助
        #[arg(short = 'h', long, action = clap::ArgAction::Help)]
        help: Option<bool>,
    },
}

/// Why parsing stopped: help or version to print (exit 0), or a usage
/// mistake in Chinese (exit 2).
#[derive(Debug)]
pub enum Stop {
    Print(String),
    Usage(String),
}

/// Most departments processed at once (`-j`): more threads than any
/// county machine has cores only cost memory.
pub const MAX_JOBS: u16 = 256;

/// The one-line reminder closing every usage message.
const TRY: &str = "写法：gen-report 本单位.yaml --pdf；第一次使用可先运行 gen-report new 本单位.yaml 生成要填写的文件；全部选项见 gen-report --help";

/// Parses the command line; every mistake becomes a Chinese message.
pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Args, Stop> {
    let args: Vec<OsString> = args.into_iter().collect();
    if args.len() <= 1 {
        return Err(Stop::Usage(format!(
            "没有给出要处理的文件。请在 gen-report 后面写上数据文件或文件夹的名字\n{TRY}"
        )));
    }
    for arg in &args[1..] {
        if std::path::Path::new(arg).exists() {
            continue; // A file whose name starts with a dash.
        }
        if let Some(message) = lookalike(&arg.to_string_lossy()) {
            return Err(Stop::Usage(format!("{message}\n{TRY}")));
        }
    }
    Args::try_parse_from(args).map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Stop::Print(e.render().to_string()),
        _ => Stop::Usage(format!("{}\n{TRY}", chinese(&e))),
    })
}

/// Every long option, from the clap definitions (one source).
fn longs() -> Vec<String> {
    let cmd = Args::command();
    cmd.get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

/// An option typed with a Chinese input method: em dashes `——pdf`, a
/// full-width `－－pdf`, full-width letters `--ｐｄｆ`.
fn lookalike(arg: &str) -> Option<String> {
    let first = arg.chars().next()?;
    let dashy = |c: char| matches!(c, '—' | '–' | '－' | '―' | '−' | '‐' | '‑' | '﹣' | '一');
    let wide = arg.chars().any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c));
    if !(dashy(first) || (first == '-' && wide)) {
        return None;
    }
    if first == '一' && !arg.chars().nth(1).is_some_and(dashy) {
        return None; // A file name starting with 一.
    }
    let body: String = arg
        .trim_start_matches(|c: char| dashy(c) || c == '-')
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    let name = body.split('=').next().unwrap_or_default();
    let meant = longs()
        .into_iter()
        .find(|l| l[2..] == *name)
        .unwrap_or_else(|| format!("--{name}"));
    Some(format!(
        "“{arg}”是用中文输入法打出的（破折号或全角字符）。请切换到英文输入法，写成 {meant}（两个英文减号，字母用半角）"
    ))
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        _ => None,
    }
}

/// clap's error, in Chinese.
fn chinese(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    // clap names an argument `--jobs <N>`; the option alone reads better.
    let option = arg
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    match e.kind() {
        ErrorKind::UnknownArgument => unknown(&arg),
        ErrorKind::MissingRequiredArgument => {
            if arg.contains("路径") {
                "没有给出要处理的文件或文件夹".into()
            } else {
                "gen-report new 后面要写新文件的名字，例如 gen-report new 本单位.yaml".into()
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("选项 {option} 后面要写一个值，例如 {option} 报告")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            if option == "--jobs" || option == "-j" {
                return format!(
                    "选项 -j（--jobs）的值“{value}”不对：应为 1 到 {MAX_JOBS} 之间的整数（同时处理的单位数；不写则用全部 CPU 核）"
                );
            }
            format!("选项 {option} 的值“{value}”不对：请检查这个值")
        }
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            if other == arg {
                format!("{option} 只能写一次")
            } else {
                format!("{option} 不能和 {other} 一起使用")
            }
        }
        ErrorKind::TooManyValues => format!("{option} 后面不需要写值（去掉“={value}”）"),
        _ => "命令写得不对".into(),
    }
}

/// An unknown option: the same in other letter case, or the nearest one.
fn unknown(arg: &str) -> String {
    let longs = longs();
    let typed = arg.split('=').next().unwrap_or(arg);
    if !typed.starts_with('-') {
        return format!("多写了“{arg}”：这个命令不需要它");
    }
    if longs.iter().any(|l| l == typed) {
        // A rendering option after `new` or `schema`.
        return format!(
            "{typed} 不能用在 gen-report new 或 gen-report schema 后面；填好数据文件后运行 gen-report 本单位.yaml {typed}"
        );
    }
    if let Some(l) = longs.iter().find(|l| l.eq_ignore_ascii_case(typed)) {
        return format!("选项要用小写字母：请写 {l}，不是 {typed}");
    }
    let nearest = longs
        .iter()
        .map(|l| (strsim::levenshtein(l, &typed.to_lowercase()), l))
        .min()
        .filter(|(d, _)| *d <= 2);
    match nearest {
        Some((_, l)) => format!("没有 {typed} 这个选项；是不是要写 {l}？"),
        None => format!("没有 {typed} 这个选项（可用的选项：{}）", longs.join(" ")),
    }
}

/// What a run does, decided from the flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// The formats written (the registry's, [`crate::format`]).
    pub formats: Selection,
    pub check: bool,
    pub template: String,
    pub jobs: Option<usize>,
    pub force: bool,
    pub quiet: bool,
    pub font_dirs: Vec<PathBuf>,
}

impl Args {
    /// The low → high step: flags that contradict each other are usage
    /// errors (exit status 2).
    pub fn into_options(self) -> Result<Options, String> {
        let mut formats = Selection::defaults();
        if self.pdf {
            formats = formats.with(&crate::pdf::Pdf);
        }
        for name in &self.formats {
            let format = crate::format::by_name(name).ok_or_else(|| {
                let known: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
                format!("没有 {name} 这种格式（可用的格式：{}）", known.join("、"))
            })?;
            formats = formats.with(format);
        }
        if self.no_docx {
            formats = formats.without(&crate::docx::Docx);
        }
        if formats.is_empty() && !self.check {
            return Err("用了 --no-docx 又没有 --pdf，没有要生成的文件；请加上 --pdf".into());
        }
        Ok(Options {
            paths: self.paths,
            out_dir: self.output,
            formats,
            check: self.check,
            template: self.template,
            jobs: self.jobs.map(usize::from),
            force: self.force,
            quiet: self.quiet,
            font_dirs: self.font_dirs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(args: &[&str]) -> String {
        let all = std::iter::once("gen-report").chain(args.iter().copied());
        match parse(all.map(OsString::from)) {
            Err(Stop::Usage(m)) => m,
            other => panic!("{args:?}: expected a usage error, got {other:?}"),
        }
    }

    #[test]
    fn mistakes_get_chinese_messages() {
        let cases: [(&[&str], &str); 13] = [
            (&[], "没有给出要处理的文件"),
            (&["a.yaml", "--PDF"], "请写 --pdf，不是 --PDF"),
            (&["a.yaml", "——pdf"], "写成 --pdf"),
            (&["a.yaml", "－－pdf"], "写成 --pdf"),
            (&["a.yaml", "--ｐｄｆ"], "写成 --pdf"),
            (&["a.yaml", "--pfd"], "是不是要写 --pdf"),
            (&["a.yaml", "-j", "0"], "应为 1 到 256 之间的整数"),
            (&["a.yaml", "-o"], "后面要写一个值"),
            (&["--pdf"], "没有给出要处理的文件或文件夹"),
            (&["a.yaml", "--pdf=1"], "--pdf 后面不需要写值"),
            (&["a.yaml", "-o", "x", "-o", "y"], "--output 只能写一次"),
            (&["new", "a.yaml", "--pdf"], "不能用在 gen-report new"),
            (&["new"], "gen-report new 后面要写新文件的名字"),
        ];
        for (args, want) in cases {
            let m = usage(args);
            assert!(m.contains(want), "{args:?}: {m}");
            assert!(m.contains("gen-report --help"), "{m}");
            let english = ["error", "Usage", "unexpected", "required", "tip"];
            assert!(!english.iter().any(|w| m.contains(w)), "{args:?}: {m}");
        }
    }

    #[test]
    fn help_is_chinese_throughout() {
        for args in [&["--help"][..], &["new", "--help"], &["schema", "--help"]] {
            let args = std::iter::once("gen-report").chain(args.iter().copied());
            let Err(Stop::Print(text)) = parse(args.map(OsString::from)) else {
                panic!("help expected");
            };
            for english in [
                "Usage",
                "Options",
                "Arguments",
                "Commands",
                "default",
                "Print",
            ] {
                assert!(!text.contains(english), "{english} in help:\n{text}");
            }
            assert!(text.contains("用法："), "{text}");
        }
    }

    #[test]
    fn subcommands_parse() {
        let a = parse(["gen-report", "new", "本单位.yaml"].map(OsString::from)).unwrap();
        assert!(
            matches!(a.command, Some(Command::New { ref file, .. }) if file.ends_with("本单位.yaml"))
        );
        let a = parse(["gen-report", "schema"].map(OsString::from)).unwrap();
        assert!(matches!(
            a.command,
            Some(Command::Schema { file: None, .. })
        ));
        let a = parse(["gen-report", "一号.yaml", "--pdf"].map(OsString::from)).unwrap();
        assert!(a.pdf && a.command.is_none());
    }
}
