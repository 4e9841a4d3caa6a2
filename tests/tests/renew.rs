//! `portcullis renew`: the same names, port, clients and CA, new keys and serials, and the
//! proxy's revocations and allow-list carried over; checked with openssl.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, ensure};
use portcullis_tests::openssl_said as openssl;
use portcullis_tests::{
    advice_names_real_options, crl_accepts, make_bundle, portcullis, revoke_then_renew, unpack_zip,
};

#[test]
fn renewal_keeps_names_ca_and_revocations_and_makes_new_keys() -> Result<()> {
    let old = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--server-ip",
        "192.0.2.5",
        "--port",
        "12376",
        "--client",
        "alice",
        "--client",
        "bob",
        "--client",
        "carol",
        "--key-type",
        "ecdsa-p384",
        "--server-days",
        "90",
        "--client-days",
        "30",
        "--proxy",
    ])?;
    let dir = &old.root;
    // Since the bundle was written: bob revoked (in a CRL outside the zip); carol taken off the
    // allow-list inside the zip is not tested here, the zip being the old one.
    let renewed = revoke_then_renew(dir, &old.zip, "clients/bob/cert.pem", "proxy/crl.pem")?;
    let stdout = String::from_utf8_lossy(&renewed.stdout);
    let stderr = String::from_utf8_lossy(&renewed.stderr);
    ensure!(
        stderr.contains("warning: bob's old certificate is revoked")
            && !stderr.contains("alice's old certificate"),
        "renew does not say that only bob was revoked: {stderr}"
    );
    ensure!(
        stdout.contains("client certificate of alice") && stdout.contains("CA certificate"),
        "no expiry list: {stdout}"
    );

    let new = unpack_zip(&dir.join("renewed.zip"))?;
    let n = &new.root;
    ensure!(
        new.text("ca/ca.pem")? == old.text("ca/ca.pem")?,
        "the CA changed"
    );
    ensure!(
        !new.path("ca/ca-key.pem").exists(),
        "the renewed bundle carries the CA key"
    );
    let field =
        |d: &Path, cert: &str, what: &str| openssl(d, &["x509", "-noout", what, "-in", cert]);
    for cert in [
        "server/server-cert.pem",
        "clients/alice/cert.pem",
        "clients/bob/cert.pem",
        "clients/carol/cert.pem",
    ] {
        ensure!(
            field(dir, cert, "-serial")? != field(n, cert, "-serial")?,
            "{cert}: same serial"
        );
        ensure!(
            field(dir, cert, "-pubkey")? != field(n, cert, "-pubkey")?,
            "{cert}: same key"
        );
        ensure!(
            field(dir, cert, "-subject")? == field(n, cert, "-subject")?,
            "{cert}: another subject"
        );
        let verified = openssl(n, &["verify", "-CAfile", "ca/ca.pem", cert])?;
        ensure!(
            verified.contains(": OK"),
            "{cert} does not verify under the old CA: {verified}"
        );
    }
    let text = openssl(
        n,
        &["x509", "-noout", "-text", "-in", "server/server-cert.pem"],
    )?;
    ensure!(
        text.contains("DNS:docker.test, IP Address:192.0.2.5"),
        "SANs: {text}"
    );
    ensure!(
        text.contains("ASN1 OID: secp384r1") || text.contains("NIST CURVE: P-384"),
        "key type: {text}"
    );
    ensure!(
        new.text("clients/alice/env.sh")?
            .contains("DOCKER_HOST=tcp://docker.test:12376"),
        "port"
    );
    let days = |cert: &str, seconds: i64| -> Result<bool> {
        Ok(openssl(
            n,
            &[
                "x509",
                "-noout",
                "-checkend",
                &seconds.to_string(),
                "-in",
                cert,
            ],
        )?
        .contains("will not expire"))
    };
    ensure!(
        days("server/server-cert.pem", 89 * 86_400)?
            && !days("server/server-cert.pem", 91 * 86_400)?,
        "server: not 90 days"
    );
    ensure!(
        days("clients/alice/cert.pem", 29 * 86_400)?
            && !days("clients/alice/cert.pem", 31 * 86_400)?,
        "client: not 30 days"
    );

    // The revocation of bob's old certificate survives the renewal.
    std::fs::copy(dir.join("clients/bob/cert.pem"), n.join("old-bob.pem"))?;
    ensure!(
        !crl_accepts(n, "proxy/crl.pem", "old-bob.pem")?,
        "bob's old certificate is no longer revoked"
    );
    ensure!(
        crl_accepts(n, "proxy/crl.pem", "clients/alice/cert.pem")?,
        "alice's new certificate is refused"
    );
    Ok(())
}

#[test]
fn renew_refuses_what_is_not_a_bundle() -> Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("old.zip"), b"not a zip")?;
    std::fs::write(dir.path().join("key.pem"), b"")?;
    let output = portcullis(
        dir.path(),
        &[
            "renew", "--bundle", "old.zip", "--ca-key", "key.pem", "--out", "new.zip",
        ],
        &[],
    )?;
    ensure!(output.status.code() == Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(
        stderr.starts_with("portcullis: old bundle: is not a zip file"),
        "{stderr}"
    );
    advice_names_real_options("renew", &stderr, &[])?;
    ensure!(!dir.path().join("new.zip").exists());
    Ok(())
}

/// A server that made its own key keeps it: renewal signs its CSR (kept in portcullis.json)
/// again, so the renewed certificate is for the same key, with a new serial, and the renewed
/// bundle holds no server key either.
#[test]
fn renewal_keeps_the_hosts_own_key() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let made = Command::new("sh")
        .args([
            "-ec",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out host-key.pem
             openssl req -new -key host-key.pem -subj /CN=docker.test -out host.csr",
        ])
        .current_dir(dir.path())
        .output()?;
    ensure!(made.status.success(), "{made:?}");
    let csr = dir.path().join("host.csr").to_string_lossy().into_owned();
    let old = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--server-csr",
        &csr,
    ])?;
    let zip = old.zip.to_string_lossy().into_owned();
    let renewed = portcullis_tests::with_bundle_ca_key(
        &old.root,
        &["renew", "--bundle", &zip, "--out", "renewed.zip"],
    )?;
    ensure!(renewed.status.success(), "{renewed:?}");
    let new = unpack_zip(&old.root.join("renewed.zip"))?;
    ensure!(
        !new.path("server/server-key.pem").exists(),
        "a server key appeared"
    );
    let cert = "server/server-cert.pem";
    let field = |d: &Path, what: &str| openssl(d, &["x509", "-noout", what, "-in", cert]);
    ensure!(
        field(&old.root, "-serial")? != field(&new.root, "-serial")?,
        "same serial"
    );
    let host_key = openssl(dir.path(), &["pkey", "-pubout", "-in", "host-key.pem"])?;
    ensure!(
        field(&new.root, "-pubkey")? == host_key,
        "the renewed certificate is not for the host's key"
    );
    Ok(())
}
