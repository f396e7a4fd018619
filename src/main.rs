//! `gen-report`: parse flags, run, print the account, exit 0/1/2 (contract §5).

use gen_report::cli::{self, Command, Stop};
use gen_report::launch::{self, Plan};
use gen_report::template::sets;
use gen_report::{batch, console, starter};
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let program = args.first().cloned().unwrap_or_else(|| "gen-report".into());
    let rest = args.get(1..).unwrap_or_default();
    match launch::plan(rest, launch::own_console(), |p| p.exists()) {
        Plan::AsTyped => ExitCode::from(run(args)),
        Plan::Help => {
            println!("{}", launch::DOUBLE_CLICK_HELP);
            let _ = run(vec![program, "--help".into()]);
            launch::pause();
            ExitCode::SUCCESS
        }
        Plan::Dropped { args: dropped, out } => {
            let status = run(std::iter::once(program).chain(dropped).collect());
            eprintln!("\n{}", launch::after_drop(status, &out, out.is_dir()));
            launch::pause();
            ExitCode::from(status)
        }
    }
}

/// One run of the command line, as typed or as a drop made it: its exit
/// status (contract §5).
fn run(args: Vec<OsString>) -> u8 {
    let args = match cli::parse(args) {
        Ok(args) => args,
        // --help and --version, with exit status 0.
        Err(Stop::Print(text)) => {
            print!("{text}");
            return 0;
        }
        Err(Stop::Usage(message)) => return usage(&message),
    };
    match &args.command {
        Some(Command::New { file, .. }) => return answer(starter::write_new(file)),
        Some(Command::Schema { file, .. }) => {
            return match starter::write_schema(file.as_deref()) {
                // Written to a file: say so (the screen otherwise stays blank).
                Ok(()) => match file {
                    Some(path) => answer(Ok(starter::schema_written(path))),
                    None => 0,
                },
                Err(message) => usage(&message),
            };
        }
        Some(Command::Templates { export, .. }) => {
            return match export.as_deref() {
                Some([name, dir]) => answer(sets::export(name, std::path::Path::new(dir))),
                _ => answer(Ok(sets::listing())),
            };
        }
        None => {}
    }
    let options = match args.into_options() {
        Ok(o) => o,
        Err(message) => return usage(&message),
    };
    match batch::run(&options, &console::Console::new(&options)) {
        Ok(account) => {
            console::print(&account, &options);
            account.tally.exit_status()
        }
        Err(e) => {
            eprintln!("gen-report: 错误: {e}");
            e.exit_status()
        }
    }
}

/// A subcommand's result: its text printed (exit 0), or its mistake (2).
fn answer(result: Result<String, String>) -> u8 {
    match result {
        Ok(text) => {
            println!("{}", text.trim_end());
            0
        }
        Err(message) => usage(&message),
    }
}

fn usage(message: &str) -> u8 {
    eprintln!("gen-report: 错误: {message}");
    2
}
