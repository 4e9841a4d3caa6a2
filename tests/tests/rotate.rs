//! `portcullis rotate-ca`: a new CA and new certificates for the same names, and a transition in
//! which both CAs are trusted; every trust relation of each phase checked with `openssl verify`
//! (the same chain building dockerd's Go and nginx's OpenSSL do), and the proxy's CRLs with
//! `openssl verify -crl_check`. The real dockerd walk through the phases is in dockerd.rs.

use std::path::Path;

use anyhow::{Result, ensure};
use portcullis_tests::openssl_said as openssl;
use portcullis_tests::{
    CA_PASSPHRASE, UnpackedBundle, advice_names_real_options, make_bundle, portcullis, revoke,
    unpack_zip, with_bundle_ca_key,
};

/// `rotate-ca` of `old` into `rotated.zip` beside it, with `extra` arguments.
fn rotate(old: &UnpackedBundle, extra: &[&str]) -> Result<UnpackedBundle> {
    let zip = old.zip.to_string_lossy().into_owned();
    let mut args = vec!["rotate-ca", "--bundle", &zip, "--out", "rotated.zip"];
    args.extend_from_slice(extra);
    let output = with_bundle_ca_key(&old.root, &args)?;
    ensure!(output.status.success(), "portcullis rotate-ca: {output:?}");
    unpack_zip(&old.root.join("rotated.zip"))
}

/// Whether `openssl verify` accepts `cert` for `purpose` against the CA file `trusted`.
fn verifies(trusted: &Path, cert: &Path, purpose: &str) -> Result<bool> {
    let said = openssl(
        Path::new("."),
        &[
            "verify",
            "-purpose",
            purpose,
            "-CAfile",
            &trusted.to_string_lossy(),
            &cert.to_string_lossy(),
        ],
    )?;
    Ok(said.contains(": OK"))
}

#[test]
fn each_phase_trusts_exactly_what_it_must() -> Result<()> {
    let old = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--client",
        "bob",
    ])?;
    let new = rotate(&old, &[])?;

    // The new CA: another key, another name, its key encrypted with the old passphrase.
    let subject = |b: &UnpackedBundle, file: &str| {
        openssl(&b.root, &["x509", "-noout", "-subject", "-in", file])
    };
    ensure!(
        subject(&new, "ca/ca.pem")? != subject(&old, "ca/ca.pem")?,
        "the new CA has the old one's name"
    );
    ensure!(
        new.text("ca/old-ca.pem")? == old.text("ca/ca.pem")?,
        "ca/old-ca.pem is not the old CA"
    );
    let opened = openssl(
        &new.root,
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
        opened.is_empty(),
        "the new CA key does not open with the old passphrase: {opened}"
    );

    let (o, n) = (|p: &str| old.path(p), |p: &str| new.path(p));
    // Phase 1, the daemon during the transition: its current certificate, both CAs for clients.
    ensure!(
        new.text("transition/server/server-cert.pem")? == old.text("server/server-cert.pem")?
            && new.text("transition/server/server-key.pem")?
                == old.text("server/server-key.pem")?,
        "the transition does not keep the daemon's certificate and key"
    );
    let transition_ca = n("transition/server/ca.pem");
    for (who, cert) in [
        ("an old client", o("clients/alice/cert.pem")),
        ("a new client", n("clients/alice/cert.pem")),
    ] {
        ensure!(
            verifies(&transition_ca, &cert, "sslclient")?,
            "during the transition the daemon refuses {who}"
        );
    }
    // Old clients trust the daemon's current certificate (the old CA), and so do new ones.
    for (who, ca) in [
        ("an old client", o("clients/alice/ca.pem")),
        ("a new client", n("clients/alice/ca.pem")),
    ] {
        ensure!(
            verifies(&ca, &n("transition/server/server-cert.pem"), "sslserver")?,
            "during the transition {who} refuses the daemon"
        );
    }
    // Phase 3, after the cut-over: the new CA alone on the daemon.
    ensure!(
        verifies(&n("server/ca.pem"), &n("clients/bob/cert.pem"), "sslclient")?,
        "after the cut-over the daemon refuses a new client"
    );
    ensure!(
        !verifies(&n("server/ca.pem"), &o("clients/bob/cert.pem"), "sslclient")?,
        "after the cut-over the daemon still accepts an old client"
    );
    ensure!(
        verifies(
            &n("clients/bob/ca.pem"),
            &n("server/server-cert.pem"),
            "sslserver"
        )?,
        "a new client refuses the daemon's new certificate"
    );
    ensure!(
        !verifies(
            &o("clients/bob/ca.pem"),
            &n("server/server-cert.pem"),
            "sslserver"
        )?,
        "an old client trusts the daemon's new certificate"
    );
    // Phase 4: the clients' new CA alone still trusts the daemon, and no longer the old CA.
    let only = n("clients/bob/ca-new-only.pem");
    ensure!(
        verifies(&only, &n("server/server-cert.pem"), "sslserver")?
            && !verifies(&only, &o("server/server-cert.pem"), "sslserver")?,
        "ca-new-only.pem does not hold exactly the new CA"
    );

    let readme = new.text("README.md")?;
    for step in [
        "Daemons trust both CAs",
        "Clients move",
        "Cut over",
        "Drop the old CA",
    ] {
        ensure!(readme.contains(step), "the README lacks the step {step:?}");
    }
    Ok(())
}

/// With the proxy: during the transition nginx's CRL file holds a CRL of each CA, and a client
/// the old CA revoked stays revoked.
#[test]
fn the_proxys_transition_keeps_the_old_revocations() -> Result<()> {
    let old = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--client",
        "bob",
        "--proxy",
    ])?;
    revoke(
        &old.root,
        "clients/bob/cert.pem",
        "proxy/crl.pem",
        "current-crl.pem",
    )?;
    let current = old.path("current-crl.pem").to_string_lossy().into_owned();
    let new = rotate(&old, &["--crl", &current])?;
    let crls = new.text("transition/proxy/crl.pem")?;
    ensure!(
        crls.matches("-----BEGIN X509 CRL-----").count() == 2,
        "transition/proxy/crl.pem should hold two CRLs:\n{crls}"
    );
    let check = |cert: &Path| -> Result<String> {
        openssl(
            Path::new("."),
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                &new.path("transition/server/ca.pem").to_string_lossy(),
                "-CRLfile",
                &new.path("transition/proxy/crl.pem").to_string_lossy(),
                &cert.to_string_lossy(),
            ],
        )
    };
    for cert in [
        old.path("clients/alice/cert.pem"),
        new.path("clients/alice/cert.pem"),
        new.path("clients/bob/cert.pem"),
    ] {
        let said = check(&cert)?;
        ensure!(said.contains(": OK"), "{}: {said}", cert.display());
    }
    let said = check(&old.path("clients/bob/cert.pem"))?;
    ensure!(
        said.contains("certificate revoked"),
        "bob's old, revoked certificate passes the transition's CRLs: {said}"
    );
    Ok(())
}

/// Arguments beside `--bundle` and `--out`, the environment, and what stderr must say.
type Refusal<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn refusals_name_the_field_and_write_nothing() -> Result<()> {
    let old = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let zip = old.zip.to_string_lossy().into_owned();
    let cases: [Refusal; 4] = [
        // The old CA's own name for the new one.
        (
            &[
                "--ca-key",
                "ca/ca-key.pem",
                "--ca-passphrase-env",
                "PW",
                "--ca-cn",
                "Docker CA for docker.test",
            ],
            &[("PW", CA_PASSPHRASE)],
            "CA name: `Docker CA for docker.test` is the old CA's name too",
        ),
        // The wrong passphrase for the old key.
        (
            &["--ca-key", "ca/ca-key.pem", "--ca-passphrase-env", "PW"],
            &[("PW", "not the passphrase")],
            "CA key: ",
        ),
        // A new passphrase from a variable that is not set.
        (
            &[
                "--ca-key",
                "ca/ca-key.pem",
                "--ca-passphrase-env",
                "PW",
                "--new-ca-passphrase-env",
                "UNSET_VARIABLE",
            ],
            &[("PW", CA_PASSPHRASE)],
            "new CA passphrase: the environment variable `UNSET_VARIABLE` is not set; export it first, or use --new-ca-passphrase-file FILE",
        ),
        // A new CA that would not outlast the certificates it is asked to hold.
        (
            &[
                "--ca-key",
                "ca/ca-key.pem",
                "--ca-passphrase-env",
                "PW",
                "--ca-days",
                "30",
                "--server-days",
                "90",
            ],
            &[("PW", CA_PASSPHRASE)],
            "server validity: ",
        ),
    ];
    for (args, envs, expected) in cases {
        let mut all = vec!["rotate-ca", "--bundle", &zip, "--out", "refused.zip"];
        all.extend_from_slice(args);
        let output = portcullis(&old.root, &all, envs)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(
            output.status.code() == Some(2) && stderr.contains(expected),
            "rotate-ca {args:?}: expected exit 2 and {expected:?}, got {:?}: {stderr}",
            output.status.code()
        );
        ensure!(stderr.lines().count() <= 2, "more than a line: {stderr}");
        advice_names_real_options("rotate-ca", &stderr, args)?;
        ensure!(
            !old.path("refused.zip").exists(),
            "a refused rotate-ca wrote its zip"
        );
    }
    Ok(())
}
