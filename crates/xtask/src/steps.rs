//! The cargo invocations behind `cargo xtask test` and `bench`: CI runs exactly these, in order.

use crate::tools::WASM_TARGET;

/// How a step runs.
#[derive(Debug)]
pub enum Run {
    /// `cargo ARGS`.
    Cargo(&'static [&'static str]),
    /// `cargo xtask dist --verify`: the wizard into target/dist (Trunk), the shipped files into
    /// target/dist-release, built twice and compared.
    DistVerify,
    /// `node --test tests/browser/`: Playwright in Debian's Chromium against target/dist.
    BrowserTests,
    /// `cargo xtask fuzz` of every target for a few seconds each.
    Fuzz,
}

/// One check of `cargo xtask test`: a title for the log header, and how it runs.
#[derive(Debug)]
pub struct Step {
    pub title: &'static str,
    pub run: Run,
}

/// Cheapest first, so a formatting slip fails in seconds rather than after the test build.
/// The browser walk comes before `cargo test`, which hands the zip it downloaded to dockerd.
pub const CHECKS: &[Step] = &[
    Step {
        title: "check formatting",
        run: Run::Cargo(&["fmt", "--all", "--check"]),
    },
    // fuzz/ is a workspace of its own that nothing else builds before the fuzz step near the end;
    // a lock file that a change to the core left behind must fail here, not after the tests.
    Step {
        title: "fuzz/Cargo.lock up to date",
        run: Run::Cargo(&["fetch", "--locked", "--manifest-path", "fuzz/Cargo.toml"]),
    },
    // deny.toml: crates.io only, listed licenses, no C crypto in what is shipped. No network.
    Step {
        title: "cargo deny: bans, licenses, sources",
        run: Run::Cargo(&["deny", "--locked", "check", "bans", "licenses", "sources"]),
    },
    Step {
        title: "clippy, native, every target",
        run: Run::Cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    },
    // The core and the wizard must stay buildable for the browser; only a wasm32 check catches an
    // OS-only dependency. (The release build of the wizard, in `dist --verify` below, compiles the
    // core for wasm32 in full, so no separate wasm32 build of the core is needed.)
    Step {
        title: "clippy, core, wizard and its words for wasm32",
        run: Run::Cargo(&[
            "clippy",
            "-p",
            "portcullis-pki",
            "-p",
            "portcullis-web",
            "-p",
            "portcullis-words",
            "--target",
            WASM_TARGET,
            "--lib",
            "--bins",
            "--tests",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    },
    // The interop tests run the real binary, as a user would; `cargo test` alone does not build
    // another package's binary.
    Step {
        title: "build the portcullis CLI for the interop tests",
        run: Run::Cargo(&["build", "-p", "portcullis-cli", "--locked"]),
    },
    Step {
        title: "build what is shipped, twice, and compare (cargo xtask dist --verify)",
        run: Run::DistVerify,
    },
    Step {
        title: "the wizard in headless Chromium (Playwright)",
        run: Run::BrowserTests,
    },
    Step {
        title: "tests, including interop with openssl, dockerd, curl and pkilint",
        run: Run::Cargo(&["test", "--workspace", "--locked"]),
    },
    Step {
        title: "fuzz every parser of untrusted bytes briefly (seeds and regressions replayed)",
        run: Run::Fuzz,
    },
    Step {
        title: "wizard components in headless Chromium (wasm-bindgen-test)",
        run: Run::Cargo(&[
            "test",
            "-p",
            "portcullis-web",
            "--target",
            WASM_TARGET,
            "--locked",
        ]),
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
