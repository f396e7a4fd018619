//! `gen-report`: parse flags, run, print the account, exit 0/1/2 (contract §5).

use gen_report::cli::{self, Command, Stop};
use gen_report::template::sets;
use gen_report::{batch, console, starter};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse(std::env::args_os()) {
        Ok(args) => args,
        // --help and --version, with exit status 0.
        Err(Stop::Print(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
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
                    None => ExitCode::SUCCESS,
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
            ExitCode::from(account.tally.exit_status())
        }
        Err(e) => {
            eprintln!("gen-report: 错误: {e}");
            ExitCode::from(e.exit_status())
        }
    }
}

/// A subcommand's result: its text printed (exit 0), or its mistake (2).
fn answer(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(message) => usage(&message),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("gen-report: 错误: {message}");
    ExitCode::from(2)
}
