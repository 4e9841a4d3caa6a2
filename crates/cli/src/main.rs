//! `portcullis`: the native command line over the Portcullis core.
//!
//! Exit status: 0 on success, 2 for input the user must fix (one line on stderr naming the field
//! and the fix, nothing written), 1 when the system fails us (a disk error, say).

mod bundle;
mod ca_args;
mod doctor;
mod failure;
mod inspect;
mod lang;
mod output;
mod renew;
mod revoke;
mod rotate;
mod secret;
mod sign;
mod tls;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::failure::Failure;

/// Make the certificates that lock the Docker daemon's TCP socket with mutual TLS, on this
/// machine, with no network.
#[derive(Debug, Parser)]
#[command(name = "portcullis", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a CA, a server certificate and client certificates, with everything needed to
    /// install them, as one zip.
    Bundle(Box<bundle::BundleArgs>),
    /// Show what a certificate, CSR or key contains (like `openssl x509 -text`), without secrets.
    Inspect(inspect::InspectArgs),
    /// Sign a CSR with an existing CA as a server or client certificate, so the key never
    /// leaves its machine.
    Sign(Box<sign::SignArgs>),
    /// Write a CRL signed by the CA that revokes certificates, for a reverse proxy in front of
    /// dockerd (dockerd itself cannot check one).
    Revoke(Box<revoke::RevokeArgs>),
    /// Issue every certificate of an old bundle again (same names, new keys, same CA).
    Renew(Box<renew::RenewArgs>),
    /// Replace the CA of an old bundle without a flag day: a new CA and new certificates, and
    /// the files for a transition in which the daemons trust both CAs while the clients move.
    RotateCa(Box<rotate::RotateArgs>),
    /// Why docker does (not) connect to a daemon over TLS: checks the client's files as docker
    /// reads them, connects, and names each problem with docker's words and the fix (exit 0 when
    /// docker would connect, 1 when not, 2 on bad input).
    Doctor(Box<doctor::DoctorArgs>),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_failure(&err),
    };
    let result = match cli.command {
        Command::Bundle(args) => bundle::run(*args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Sign(args) => sign::run(&args),
        Command::Revoke(args) => revoke::run(&args),
        Command::Renew(args) => renew::run(&args),
        Command::RotateCa(args) => rotate::run(&args),
        Command::Doctor(args) => match doctor::run(&args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(failure) => Err(failure),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("portcullis: {failure}");
            failure.exit_code()
        }
    }
}

/// Help and version go to stdout as clap renders them; usage errors become one line.
fn clap_failure(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        _ => {
            // clap's message can span lines (the missing arguments come on the next ones);
            // everything before the usage text, on one line.
            let rendered = err.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.starts_with("Usage:"))
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            let first = message.join(" ");
            let first = first.trim_start_matches("error: ");
            let help = match std::env::args().nth(1).as_deref() {
                Some(
                    sub @ ("bundle" | "inspect" | "sign" | "revoke" | "renew" | "rotate-ca"
                    | "doctor"),
                ) => {
                    format!("portcullis {sub} --help")
                }
                _ => "portcullis --help".to_owned(),
            };
            eprintln!("portcullis: {first}; see `{help}`");
            Failure::usage_exit()
        }
    }
}
