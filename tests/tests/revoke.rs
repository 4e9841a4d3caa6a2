//! `portcullis revoke` against openssl: the CRL verifies under the CA, openssl's CRL check
//! refuses exactly the revoked certificates, and a second CRL keeps the first's entries and
//! counts its number up. CRLs and certificates of another CA are refused.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Result, ensure};
use portcullis_tests::{
    CA_PASSPHRASE, advice_names_real_options, crl_accepts, make_bundle, portcullis,
    with_bundle_ca_key,
};

/// `portcullis revoke` with the bundle's CA; a refusal's advice must name only options
/// `revoke` has.
fn revoke(dir: &Path, extra: &[&str]) -> Result<Output> {
    let args = [
        &["revoke", "--ca-cert", "ca/ca.pem", "--out", "crl.pem"],
        extra,
    ]
    .concat();
    let output = with_bundle_ca_key(dir, &args)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        advice_names_real_options("revoke", stderr.lines().last().unwrap_or_default(), extra)?;
    }
    Ok(output)
}

fn openssl(dir: &Path, args: &[&str]) -> Result<Output> {
    Ok(Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()?)
}

/// Whether openssl, checking `crl.pem`, accepts `cert` as a client certificate.
fn accepted(dir: &Path, cert: &str) -> Result<bool> {
    crl_accepts(dir, "crl.pem", cert)
}

#[test]
fn revoked_clients_are_refused_by_openssls_crl_check() -> Result<()> {
    let bundle = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--client",
        "bob",
        "--client",
        "carol",
    ])?;
    let dir = &bundle.root;
    let output = revoke(
        dir,
        &[
            "--cert",
            "clients/alice/cert.pem",
            "--reason",
            "key-compromise",
        ],
    )?;
    ensure!(output.status.success(), "{output:?}");
    let crl = openssl(
        dir,
        &[
            "crl",
            "-in",
            "crl.pem",
            "-CAfile",
            "ca/ca.pem",
            "-noout",
            "-text",
        ],
    )?;
    let text =
        String::from_utf8_lossy(&crl.stdout).into_owned() + &String::from_utf8_lossy(&crl.stderr);
    ensure!(
        text.contains("verify OK"),
        "openssl does not verify the CRL under the CA: {text}"
    );
    ensure!(
        text.contains("X509v3 CRL Number: \n                1")
            || text.contains("CRL Number:\n                1")
            || text.contains("CRL Number: \n                01"),
        "CRL number 1 expected: {text}"
    );
    ensure!(text.contains("Key Compromise"), "reason missing: {text}");
    ensure!(
        !accepted(dir, "clients/alice/cert.pem")?,
        "alice is revoked but accepted"
    );
    ensure!(
        accepted(dir, "clients/bob/cert.pem")?,
        "bob is not revoked but refused"
    );

    // Bob's serial, as inspect shows it, on top of the first CRL, written over it.
    let shown = portcullis(dir, &["inspect", "clients/bob/cert.pem"], &[])?;
    let shown = String::from_utf8_lossy(&shown.stdout).into_owned();
    let serial = shown
        .lines()
        .find_map(|line| line.trim().strip_prefix("Serial:"))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let output = revoke(dir, &["--crl", "crl.pem", "--serial", &serial])?;
    ensure!(output.status.success(), "{output:?}");
    ensure!(!accepted(dir, "clients/alice/cert.pem")?, "alice came back");
    ensure!(
        !accepted(dir, "clients/bob/cert.pem")?,
        "bob is revoked but accepted"
    );
    ensure!(
        accepted(dir, "clients/carol/cert.pem")?,
        "carol is not revoked but refused"
    );
    let crl = openssl(dir, &["crl", "-in", "crl.pem", "-noout", "-crlnumber"])?;
    let number = String::from_utf8_lossy(&crl.stdout);
    ensure!(
        number.trim() == "crlNumber=0x02",
        "the second CRL's number: {number}"
    );
    Ok(())
}

#[test]
fn another_cas_crl_and_certificates_are_refused() -> Result<()> {
    let ours = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let theirs = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let dir = &ours.root;
    let foreign_cert = theirs.path("clients/alice/cert.pem");
    let output = revoke(dir, &["--cert", &foreign_cert.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(output.status.code() == Some(2), "{output:?}");
    ensure!(
        stderr.starts_with("portcullis: revocation: `CN=alice` was not issued by this CA"),
        "{stderr}"
    );

    let other = Command::new(portcullis_tests::portcullis_bin())
        .args([
            "revoke",
            "--ca-cert",
            "ca/ca.pem",
            "--ca-key",
            "ca/ca-key.pem",
            "--ca-passphrase-env",
            "PW",
            "--out",
            "their-crl.pem",
        ])
        .env("PW", CA_PASSPHRASE)
        .current_dir(&theirs.root)
        .output()?;
    ensure!(other.status.success(), "{other:?}");
    let their_crl = theirs.root.join("their-crl.pem");
    let output = revoke(dir, &["--crl", &their_crl.to_string_lossy(), "--force"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(output.status.code() == Some(2), "{output:?}");
    ensure!(
        stderr.starts_with("portcullis: CRL: was not signed by this CA"),
        "{stderr}"
    );
    ensure!(!dir.join("crl.pem").exists(), "a refused run wrote a CRL");

    let output = revoke(dir, &["--serial", "xyz"])?;
    ensure!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with("portcullis: revocation: serial `xyz` is not hex"),
        "{output:?}"
    );
    Ok(())
}
