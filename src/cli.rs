//! The command line (SPEC §5): clap definitions, then flags → [`Options`].
//!
//! No I/O happens here beyond clap's own help output; `main` runs the
//! options through `batch::run`.

use clap::Parser;
use std::path::PathBuf;

/// 把部门的 YAML 数据生成《部门整体支出绩效自评报告》（Word 和 PDF）。
#[derive(Debug, Parser)]
#[command(
    name = "gen-report",
    version,
    about = "把部门的 YAML 数据生成《部门整体支出绩效自评报告》（DOCX，可加 PDF）",
    long_about = "把部门的 YAML 数据生成《部门整体支出绩效自评报告》（DOCX，可加 PDF）。\n\n\
        所有合计、占比、执行率、同比、得分、等级都由工具计算；\n\
        文件里写了合计数的，工具会核对，不一致时指出行号并拒绝生成。",
    after_help = "常用写法：\n  \
        gen-report 本单位.yaml --pdf        生成 output/本单位.docx 和 output/本单位.pdf\n  \
        gen-report 本单位.yaml --check      只检查数据，不生成文件\n  \
        gen-report data/示例县/ --pdf       生成全县所有单位的报告和 汇总表.xlsx\n\n\
        退出码：0 全部生成（可能有警告）；1 有单位的数据未通过检查；2 命令写错了。",
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Args {
    /// 一个或多个 YAML 文件或文件夹（文件夹内所有 .yaml/.yml 文件，含子文件夹）
    #[arg(value_name = "路径", required = true)]
    pub paths: Vec<PathBuf>,

    /// 同时生成 PDF
    #[arg(long)]
    pub pdf: bool,

    /// 不生成 Word（DOCX）文件（与 --pdf 一起用）
    #[arg(long = "no-docx")]
    pub no_docx: bool,

    /// 输出文件夹
    #[arg(
        short = 'o',
        long = "output",
        value_name = "文件夹",
        default_value = "output"
    )]
    pub output: PathBuf,

    /// 只检查数据、显示错误和警告，不写任何文件
    #[arg(long)]
    pub check: bool,

    /// 模板：内置的 hunan，或 templates/ 下的名称，或一个模板文件夹
    #[arg(long, value_name = "名称或文件夹", default_value = "hunan")]
    pub template: String,

    /// 同时处理的单位数（默认：全部 CPU 核）
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
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

/// What a run does, decided from the flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out_dir: PathBuf,
    pub docx: bool,
    pub pdf: bool,
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
        if self.no_docx && !self.pdf && !self.check {
            return Err("用了 --no-docx 又没有 --pdf，没有要生成的文件；请加上 --pdf".into());
        }
        Ok(Options {
            paths: self.paths,
            out_dir: self.output,
            docx: !self.no_docx,
            pdf: self.pdf,
            check: self.check,
            template: self.template,
            jobs: self.jobs.map(usize::from),
            force: self.force,
            quiet: self.quiet,
            font_dirs: self.font_dirs,
        })
    }
}
