//! `cargo xtask`: the project's commands, as plain Rust so they run the same on every machine.
//! CI runs `cargo xtask test` and nothing else, so a green run here means a green run there.

mod cmd;
mod debian;
mod dist;
mod engine;
mod fuzz;
mod pack;
mod podman;
mod reproducible;
mod steps;
mod tools;
mod web;
mod workspace;

use std::env;
use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Result;

use crate::workspace::Workspace;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  test          run every check CI runs: formatting, clippy (native and wasm32), the shipped
                build twice (dist --verify), and all tests; first installs whatever is missing
                (rustup targets and components, Debian packages, npm tools, pkilint)
  bench [ARGS]  time key generation against openssl; ARGS are passed on to `cargo bench`
  bench --browser
                build what is shipped, then time the wizard in headless Chromium, then in
                Firefox, against references measured in the same browser (WebCrypto,
                node-forge, a blank page): RSA-4096 and P-256 bundles, keys made ahead, load
                to interactive, the longest main-thread task, wasm sizes; prints medians and
                ratios
  serve         build the browser wizard and serve it on http://127.0.0.1:8080; first installs
                what the build needs (wasm32 target, trunk, wasm-bindgen-cli, npm's wasm-opt)
  dist [--verify]
                build what is shipped into target/dist-release/: portcullis.html (the whole
                wizard in one file that makes no request, also as index.html), _headers, the
                static CLI portcullis-x86_64-linux and SHA256SUMS, and print each file's size
                and hash; --verify builds again in another directory and fails unless every
                byte is the same
  fuzz [TARGET] [SECONDS]
                fuzz the parsers of untrusted bytes with libFuzzer (cargo-fuzz, stable Rust),
                seeded with openssl's output and the core's: every target, or TARGET, for
                SECONDS each (default 60); a crash stops it, its input in fuzz/artifacts/
  help          print this message
";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
enum Task {
    Test,
    /// Only the tool installation of `test`; handy to prepare a machine. Not in the usage text,
    /// since `test` does it anyway.
    Ensure,
    Bench(Vec<OsString>),
    BenchBrowser,
    Serve,
    Dist {
        verify: bool,
    },
    Fuzz {
        target: Option<String>,
        seconds: u64,
    },
    Help,
}

/// The command line was wrong: the message says how, the usage text follows, exit status 2.
#[derive(Debug, PartialEq)]
struct UsageError(String);

fn main() -> ExitCode {
    let task = match parse(env::args_os().skip(1).collect()) {
        Ok(task) => task,
        Err(UsageError(message)) => {
            eprint!("cargo xtask: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let name = task.name();
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask {name}: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: Vec<OsString>) -> Result<Task, UsageError> {
    if args.is_empty() {
        return Ok(Task::Help);
    }
    let rest = args.split_off(1);
    let command = args.remove(0);
    let Some(command) = command.to_str() else {
        return Err(UsageError(format!("unknown command {command:?}")));
    };
    let task = match command {
        "test" => Task::Test,
        "ensure" => Task::Ensure,
        "bench" => {
            return match rest.first() {
                Some(flag) if flag == "--browser" => match rest.get(1) {
                    None => Ok(Task::BenchBrowser),
                    Some(extra) => Err(UsageError(format!(
                        "`bench --browser` takes no further arguments, got `{}`",
                        extra.to_string_lossy()
                    ))),
                },
                _ => Ok(Task::Bench(rest)),
            };
        }
        "serve" => Task::Serve,
        "dist" => {
            return match rest.as_slice() {
                [] => Ok(Task::Dist { verify: false }),
                [flag] if flag == "--verify" => Ok(Task::Dist { verify: true }),
                [other, ..] => Err(UsageError(format!(
                    "`dist` takes only `--verify`, got `{}`",
                    other.to_string_lossy()
                ))),
            };
        }
        "fuzz" => {
            let words: Vec<String> = rest
                .iter()
                .map(|word| word.to_string_lossy().into_owned())
                .collect();
            return fuzz::parse_args(&words)
                .map(|(target, seconds)| Task::Fuzz { target, seconds })
                .map_err(UsageError);
        }
        "help" | "-h" | "--help" => Task::Help,
        unknown => return Err(UsageError(format!("unknown command `{unknown}`"))),
    };
    if let Some(extra) = rest.first() {
        return Err(UsageError(format!(
            "`{command}` takes no arguments, got `{}`",
            extra.to_string_lossy()
        )));
    }
    Ok(task)
}

impl Task {
    fn name(&self) -> &'static str {
        match self {
            Task::Test => "test",
            Task::Ensure => "ensure",
            Task::Bench(_) | Task::BenchBrowser => "bench",
            Task::Serve => "serve",
            Task::Dist { .. } => "dist",
            Task::Fuzz { .. } => "fuzz",
            Task::Help => "help",
        }
    }
}

fn run(task: Task) -> Result<()> {
    let mut workspace = Workspace::locate()?;
    match task {
        Task::Test => test(&mut workspace),
        Task::Ensure => ensure(&mut workspace),
        Task::Bench(args) => bench(&workspace, &args),
        Task::BenchBrowser => bench_browser(&mut workspace),
        Task::Serve => serve(&mut workspace),
        Task::Dist { verify } => build_dist(&mut workspace, verify),
        Task::Fuzz { target, seconds } => {
            steps::header("fuzz");
            fuzz::fuzz(&workspace, target.as_deref(), seconds)
        }
        Task::Help => {
            print!("{USAGE}");
            Ok(())
        }
    }
}

/// Installs what is missing, then runs every check in order, stopping at the first failure.
fn test(workspace: &mut Workspace) -> Result<()> {
    let total = steps::CHECKS.len() + 1;
    steps::header(&format!("[1/{total}] ensure tools"));
    ensure_tools(workspace)?;
    let portcullis = workspace.target_dir().join("debug").join("portcullis");
    workspace.export("PORTCULLIS_BIN", portcullis);
    let browser_out = workspace.root().join("target").join("browser-test");
    workspace.export("PORTCULLIS_BROWSER_OUT", &browser_out);
    workspace.export("PORTCULLIS_BROWSER_ZIP", browser_out.join("bundle.zip"));
    workspace.export(
        "PORTCULLIS_OFFLINE_ZIP",
        browser_out.join("offline").join("bundle.zip"),
    );
    // RSA bundles whose keys the browser's WebCrypto, and Portcullis' own code, made.
    workspace.export(
        "PORTCULLIS_WEBCRYPTO_ZIP",
        browser_out.join("webcrypto-rsa.zip"),
    );
    workspace.export("PORTCULLIS_RUST_RSA_ZIP", browser_out.join("rust-rsa.zip"));
    // A bundle and the one that replaced its CA, both in the wizard's renew tool.
    workspace.export(
        "PORTCULLIS_ROTATION_OLD_ZIP",
        browser_out.join("rotation-old.zip"),
    );
    workspace.export(
        "PORTCULLIS_ROTATION_NEW_ZIP",
        browser_out.join("rotation-new.zip"),
    );
    workspace.export("CHROMEDRIVER", "/usr/bin/chromedriver");
    workspace.export("PATH", web::tool_path(workspace.root())?);
    for (index, step) in steps::CHECKS.iter().enumerate() {
        steps::header(&format!("[{}/{total}] {}", index + 2, step.title));
        match step.run {
            steps::Run::Cargo(args) => workspace.cargo().args(args).run()?,
            steps::Run::DistVerify => {
                let release = dist::dist(workspace, true)?;
                workspace.export(
                    "PORTCULLIS_DIST",
                    workspace.root().join("target").join("dist"),
                );
                workspace.export("PORTCULLIS_DIST_RELEASE", release);
            }
            steps::Run::BrowserTests => web::browser_tests(workspace)?,
            steps::Run::Fuzz => fuzz::fuzz(workspace, None, fuzz::CI_SECONDS)?,
        }
    }
    steps::header("all checks passed");
    Ok(())
}

fn ensure(workspace: &mut Workspace) -> Result<()> {
    steps::header("ensure tools");
    ensure_tools(workspace)
}

/// Installs the tools and tells every later child process where pkilint is.
fn ensure_tools(workspace: &mut Workspace) -> Result<()> {
    let pkilint = tools::ensure_all(workspace)?;
    eprintln!("    {}={}", tools::PKILINT_VAR, pkilint.display());
    workspace.export(tools::PKILINT_VAR, pkilint);
    let engine = engine::ensure(workspace)?;
    eprintln!("    {}={}", engine::ENGINE_VAR, engine.display());
    workspace.export(engine::ENGINE_VAR, engine);
    let podman = podman::ensure(workspace)?;
    eprintln!("    {}={}", podman::PODMAN_VAR, podman.display());
    workspace.export(podman::PODMAN_VAR, podman);
    Ok(())
}

fn bench(workspace: &Workspace, args: &[OsString]) -> Result<()> {
    steps::header("ensure tools");
    tools::ensure_packages(workspace, tools::BENCH_PACKAGES)?;
    steps::header("key generation bench");
    workspace.cargo().args(steps::BENCH).args(args).run()
}

/// The wizard in headless Chromium and Firefox: what is shipped, built once, then
/// `tests/browser/bench.mjs`.
fn bench_browser(workspace: &mut Workspace) -> Result<()> {
    steps::header("ensure tools");
    dist::ensure_tools(workspace)?;
    tools::ensure_packages(workspace, tools::BROWSER_BENCH_PACKAGES)?;
    workspace.export("PATH", web::tool_path(workspace.root())?);
    steps::header("build what is shipped");
    let release = dist::dist(workspace, false)?;
    workspace.export(
        "PORTCULLIS_DIST",
        workspace.root().join("target").join("dist"),
    );
    workspace.export("PORTCULLIS_DIST_RELEASE", release);
    steps::header("browser bench (a few minutes)");
    workspace.cmd("node").arg("tests/browser/bench.mjs").run()
}

/// The README's main command: installs what the build needs, then builds and serves the wizard.
fn serve(workspace: &mut Workspace) -> Result<()> {
    steps::header("ensure tools");
    web::ensure_tools(workspace)?;
    workspace.export("PATH", web::tool_path(workspace.root())?);
    steps::header("build and serve the wizard");
    web::serve(workspace)
}

/// What is shipped: installs what the build needs, then builds it (twice with `--verify`).
fn build_dist(workspace: &mut Workspace, verify: bool) -> Result<()> {
    steps::header("ensure tools");
    dist::ensure_tools(workspace)?;
    workspace.export("PATH", web::tool_path(workspace.root())?);
    steps::header(if verify {
        "build what is shipped, twice, and compare"
    } else {
        "build what is shipped"
    });
    dist::dist(workspace, verify).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Task, UsageError> {
        parse(words.iter().map(OsString::from).collect())
    }

    #[test]
    fn no_arguments_means_help() {
        assert_eq!(parse_words(&[]), Ok(Task::Help));
        assert_eq!(parse_words(&["--help"]), Ok(Task::Help));
    }

    #[test]
    fn bench_passes_every_further_argument_on() {
        assert_eq!(
            parse_words(&["bench", "--", "--save-baseline", "main"]),
            Ok(Task::Bench(
                ["--", "--save-baseline", "main"]
                    .iter()
                    .map(OsString::from)
                    .collect()
            ))
        );
    }

    #[test]
    fn bench_browser_is_its_own_task() {
        assert_eq!(parse_words(&["bench", "--browser"]), Ok(Task::BenchBrowser));
        assert!(parse_words(&["bench", "--browser", "--quick"]).is_err());
        assert_eq!(
            parse_words(&["bench", "--", "--browser"]),
            Ok(Task::Bench(vec!["--".into(), "--browser".into()])),
            "after `--` it is cargo bench's"
        );
    }

    #[test]
    fn dist_takes_only_verify() {
        assert_eq!(parse_words(&["dist"]), Ok(Task::Dist { verify: false }));
        assert_eq!(
            parse_words(&["dist", "--verify"]),
            Ok(Task::Dist { verify: true })
        );
        assert_eq!(
            parse_words(&["dist", "--verfy"]),
            Err(UsageError(String::from(
                "`dist` takes only `--verify`, got `--verfy`"
            )))
        );
        assert!(parse_words(&["dist", "--verify", "--verify"]).is_err());
    }

    #[test]
    fn other_commands_refuse_arguments() {
        assert!(parse_words(&["test", "--release"]).is_err());
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        assert_eq!(
            parse_words(&["deploy"]),
            Err(UsageError(String::from("unknown command `deploy`")))
        );
    }
}
