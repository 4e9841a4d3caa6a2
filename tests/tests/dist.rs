//! What `cargo xtask dist` ships, in `target/dist-release/` (`$PORTCULLIS_DIST_RELEASE`, set by
//! `cargo xtask test` after it built and verified it): the CLI for air-gapped Linux hosts is
//! one static binary that needs nothing of the machine, and the bundle it makes is one that
//! openssl verifies. (The single-file page has its browser tests in tests/browser/.)

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use portcullis_tests::{CA_PASSPHRASE, LOCAL_SERVER_TWO_CLIENTS, openssl_said, run, unpack_zip};

/// The static CLI as shipped.
fn shipped_cli() -> Result<PathBuf> {
    let release = std::env::var_os("PORTCULLIS_DIST_RELEASE").context(
        "PORTCULLIS_DIST_RELEASE is not set: run `cargo xtask test`, which builds what \
         `cargo xtask dist` ships first",
    )?;
    let cli = PathBuf::from(release).join("portcullis-x86_64-linux");
    ensure!(cli.is_file(), "{} is missing", cli.display());
    Ok(cli)
}

#[test]
fn the_shipped_cli_is_a_static_binary() -> Result<()> {
    let cli = shipped_cli()?;
    let file = run(Command::new("file").arg("--brief").arg(&cli))?;
    let file = String::from_utf8_lossy(&file.stdout);
    ensure!(
        file.contains("ELF 64-bit") && file.contains("x86-64"),
        "not an x86-64 ELF binary: {file}"
    );
    ensure!(
        file.contains("statically linked") || file.contains("static-pie linked"),
        "`file` does not call it static: {file}"
    );
    ensure!(
        !file.contains("interpreter") && !file.contains("dynamically linked"),
        "`file` sees a dynamic loader: {file}"
    );
    ensure!(
        file.contains("stripped") && !file.contains("not stripped"),
        "symbols were shipped: {file}"
    );
    // glibc's ldd says so of a static binary, and fails.
    let ldd = Command::new("ldd")
        .arg(&cli)
        .output()
        .context("running ldd")?;
    let said =
        String::from_utf8_lossy(&ldd.stdout).into_owned() + &String::from_utf8_lossy(&ldd.stderr);
    ensure!(
        said.contains("not a dynamic executable") || said.contains("statically linked"),
        "ldd finds shared libraries: {said}"
    );
    ensure!(!said.contains("libc.so"), "ldd finds libc: {said}");
    Ok(())
}

#[test]
fn the_shipped_cli_makes_a_bundle_that_openssl_verifies_with_nothing_in_its_environment()
-> Result<()> {
    let cli = shipped_cli()?;
    let dir = tempfile::tempdir()?;
    let version = run(Command::new(&cli).arg("--version").env_clear())?;
    ensure!(
        String::from_utf8_lossy(&version.stdout).starts_with("portcullis "),
        "--version: {version:?}"
    );
    let output = Command::new(&cli)
        .args(["bundle", "--out", "bundle.zip", "--ca-passphrase-env", "PW"])
        .args(LOCAL_SERVER_TWO_CLIENTS)
        .env_clear()
        .env("PW", CA_PASSPHRASE)
        .current_dir(dir.path())
        .output()
        .context("running the shipped CLI")?;
    ensure!(
        output.status.success(),
        "the shipped CLI failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bundle = unpack_zip(&dir.path().join("bundle.zip"))?;
    for (cert, purpose, wrong) in [
        ("server/server-cert.pem", "sslserver", "sslclient"),
        ("clients/alice/cert.pem", "sslclient", "sslserver"),
        ("clients/bob/cert.pem", "sslclient", "sslserver"),
    ] {
        let verify = |purpose: &str| {
            openssl_said(
                &bundle.root,
                &["verify", "-CAfile", "ca/ca.pem", "-purpose", purpose, cert],
            )
        };
        let said = verify(purpose)?;
        ensure!(
            said.contains(&format!("{cert}: OK")),
            "{cert} as {purpose}: {said}"
        );
        let said = verify(wrong)?;
        ensure!(!said.contains(": OK"), "{cert} passed as {wrong}: {said}");
    }
    let key = openssl_said(
        &bundle.root,
        &[
            "pkey",
            "-in",
            "ca/ca-key.pem",
            "-passin",
            &format!("pass:{CA_PASSPHRASE}"),
            "-noout",
        ],
    )?;
    ensure!(
        key.trim().is_empty(),
        "openssl cannot open the CA key: {key}"
    );
    Ok(())
}
