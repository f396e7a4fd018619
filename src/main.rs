fn main() {
    // The CLI is wired up once the pipeline stages exist.
    eprintln!("gen-report: work in progress");
    std::process::exit(2);
}
