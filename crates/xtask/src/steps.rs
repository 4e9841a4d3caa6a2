//! The cargo invocations behind `cargo xtask test` and `bench`: CI runs exactly these, in order.

use crate::tools::WASM_TARGET;

/// One check of `cargo xtask test`: a title for the log header, and cargo's arguments.
#[derive(Debug)]
pub struct Step {
    pub title: &'static str,
    pub cargo_args: &'static [&'static str],
}

/// Cheapest first, so a formatting slip fails in seconds rather than after the test build.
pub const CHECKS: &[Step] = &[
    Step {
        title: "check formatting",
        cargo_args: &["fmt", "--all", "--check"],
    },
    Step {
        title: "clippy, native, every target",
        cargo_args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    },
    // The core must stay buildable for the browser; only a wasm32 build catches a stray
    // `SystemTime::now()` or an OS-only dependency.
    Step {
        title: "clippy, core for wasm32",
        cargo_args: &[
            "clippy",
            "-p",
            "portcullis-pki",
            "--target",
            WASM_TARGET,
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    },
    Step {
        title: "build core for wasm32",
        cargo_args: &[
            "build",
            "-p",
            "portcullis-pki",
            "--target",
            WASM_TARGET,
            "--locked",
        ],
    },
    // The interop tests run the real binary, as a user would; `cargo test` alone does not build
    // another package's binary.
    Step {
        title: "build the portcullis CLI for the interop tests",
        cargo_args: &["build", "-p", "portcullis-cli", "--locked"],
    },
    Step {
        title: "tests, including interop with openssl, dockerd, curl and pkilint",
        cargo_args: &["test", "--workspace", "--locked"],
    },
];

/// Key generation timings; the bench itself compares against `openssl genpkey`.
pub const BENCH: &[&str] = &[
    "bench",
    "-p",
    "portcullis-pki",
    "--bench",
    "keygen",
    "--locked",
];

/// A line a log reader can scan for to see how far a run got.
pub fn header(title: &str) {
    eprintln!("==> {title}");
}
