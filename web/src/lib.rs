//! # portcullis-web
//!
//! The Portcullis wizard: a Yew app that walks a user through making the CA, the Docker
//! daemon's certificate and client certificates, entirely in the browser, then hands them the
//! same bundle the `portcullis` CLI makes.
//!
//! Two wasm modules are built from this crate: the page's (`src/bin/app.rs`: the components
//! and the state, no heavy crypto) and the workers' (`src/bin/worker.rs`: the core's crypto).
//!
//! - [`state`]: the wizard as a pure `Reducible`, tested natively.
//! - [`ask`]: the questions the page asks its worker, and the answers.
//! - [`service`]: the worker's answers, and [`generate`]: the worker's job, as plain Rust (also
//!   tested natively).
//! - [`stock`]: the keys the worker makes ahead, while the form is filled in.
//! - `components`: one component per file.
//! - `worker` (the page's side) and [`in_worker`] (the workers' side), `download` and
//!   `network`: the only code that touches browser APIs beyond rendering.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod ahead;
pub mod ask;
mod components;
mod download;
pub mod generate;
pub mod i18n;
pub mod in_worker;
mod js_error;
mod network;
pub mod say;
pub mod service;
pub mod state;
pub mod stock;
pub mod trouble;
pub mod webcrypto;
pub mod wire;
mod worker;

pub use components::App;

/// The release, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit this build was made from, when the build said (`cargo xtask serve`, `test` and
/// `dist` do, from git): what a user needs to rebuild the same bytes and compare.
pub const COMMIT: Option<&str> = option_env!("PORTCULLIS_COMMIT");

/// What the page shows of its own version: "Portcullis 0.1.0, commit 0123456789ab".
pub fn version_line() -> String {
    format_version(VERSION, COMMIT)
}

fn format_version(version: &str, commit: Option<&str>) -> String {
    match commit {
        // Twelve hex digits name a commit for `git checkout`; a "+modified" suffix stays.
        Some(commit) => {
            let (hash, rest) = commit.split_at(commit.len().min(12));
            let modified = rest.find('+').map_or("", |at| &rest[at..]);
            format!("Portcullis {version}, commit {hash}{modified}")
        }
        None => format!("Portcullis {version}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_release_and_a_short_commit() {
        assert_eq!(format_version("0.1.0", None), "Portcullis 0.1.0");
        assert_eq!(
            format_version("0.1.0", Some("8c1025f3a2b1c0ffee0123456789abcdef012345")),
            "Portcullis 0.1.0, commit 8c1025f3a2b1"
        );
        assert_eq!(
            format_version(
                "0.1.0",
                Some("8c1025f3a2b1c0ffee0123456789abcdef012345+modified")
            ),
            "Portcullis 0.1.0, commit 8c1025f3a2b1+modified"
        );
        assert_eq!(
            format_version("0.1.0", Some("abc")),
            "Portcullis 0.1.0, commit abc"
        );
    }
}
