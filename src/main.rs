//! `gen-report`: parse flags, run, print the account, exit 0/1/2 (SPEC §5).

use clap::Parser;
use gen_report::{batch, cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // --help and --version land here too, with exit status 0.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let options = match args.into_options() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("gen-report: 错误: {message}");
            return ExitCode::from(2);
        }
    };
    match batch::run(&options) {
        Ok(summary) => ExitCode::from(summary.exit_status()),
        Err(e) => {
            eprintln!("gen-report: 错误: {e}");
            ExitCode::from(e.exit_status())
        }
    }
}
