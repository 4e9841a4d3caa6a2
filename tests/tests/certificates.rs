//! Every key type's bundle, made by the CLI and unpacked with `unzip`, checked by tools we did not
//! write: openssl (verify with the right and the swapped purpose, the extensions it reads, the CA
//! key's encryption), pkilint, rustls-webpki path validation and an in-memory rustls mutual-TLS
//! handshake.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, Result, bail, ensure};
use portcullis_tests::{CA_PASSPHRASE, KEY_TYPES, UnpackedBundle, make_bundle, pkilint_bin, run};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};

const SERVER_NAMES: [&str; 2] = ["docker.test", "localhost"];
const SERVER_IPS: [&str; 2] = ["127.0.0.1", "::1"];

fn bundle(key_type: &str) -> Result<UnpackedBundle> {
    make_bundle(&[
        "--key-type",
        key_type,
        "--server-dns",
        SERVER_NAMES[0],
        "--server-dns",
        SERVER_NAMES[1],
        "--server-ip",
        SERVER_IPS[0],
        "--server-ip",
        SERVER_IPS[1],
        "--client",
        "alice",
    ])
}

fn openssl(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .env("CA_PASSPHRASE", CA_PASSPHRASE)
        .output()
        .expect("openssl runs (cargo xtask test installs it)")
}

fn openssl_ok(args: &[&str], dir: &Path) -> Result<String> {
    let output = openssl(args, dir);
    ensure!(
        output.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `check` for every key type, each on its own bundle, collecting all failures.
fn for_every_key_type(check: impl Fn(&str, &UnpackedBundle) -> Result<()>) -> Result<()> {
    let mut failures = Vec::new();
    for key_type in KEY_TYPES {
        let result = bundle(key_type).and_then(|bundle| check(key_type, &bundle));
        if let Err(err) = result {
            failures.push(format!("{key_type}: {err:#}"));
        }
    }
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    Ok(())
}

/// One bundle per key type serves every openssl and pkilint check: RSA-4096 keys are slow.
#[test]
fn openssl_and_pkilint_accept_every_key_type() -> Result<()> {
    for_every_key_type(|key_type, bundle| {
        openssl_verifies_with_the_right_purpose_only(bundle)?;
        openssl_reads_the_profile(key_type, bundle)?;
        ca_key_is_encrypted_as_specified(bundle)?;
        leaf_keys_are_plain_pkcs8_and_match(bundle)?;
        pkilint_finds_no_error(bundle)?;
        webpki_validates_paths(bundle)?;
        rustls_mutual_tls(bundle)?;
        Ok(())
    })
}

fn openssl_verifies_with_the_right_purpose_only(bundle: &UnpackedBundle) -> Result<()> {
    let root = &bundle.root;
    for (cert, right, wrong) in [
        ("server/server-cert.pem", "sslserver", "sslclient"),
        ("clients/alice/cert.pem", "sslclient", "sslserver"),
    ] {
        let args = ["verify", "-x509_strict", "-CAfile", "ca/ca.pem", "-purpose"];
        let ok = openssl(&[&args[..], &[right, cert]].concat(), root);
        ensure!(
            ok.status.success(),
            "{cert} fails `openssl verify -purpose {right}`: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let swapped = openssl(&[&args[..], &[wrong, cert]].concat(), root);
        ensure!(
            !swapped.status.success(),
            "{cert} passes `openssl verify -purpose {wrong}`, but must not"
        );
        let text =
            String::from_utf8_lossy(&swapped.stdout) + String::from_utf8_lossy(&swapped.stderr);
        ensure!(
            text.contains("unsuitable certificate purpose"),
            "{cert} with -purpose {wrong} failed for another reason: {text}"
        );
    }
    // Every copy of the CA certificate is the same file.
    let ca = bundle.text("ca/ca.pem")?;
    for copy in ["server/ca.pem", "clients/alice/ca.pem"] {
        ensure!(bundle.text(copy)? == ca, "{copy} differs from ca/ca.pem");
    }
    Ok(())
}

/// The extensions as openssl reads them, against SPEC.md's certificate table.
fn openssl_reads_the_profile(key_type: &str, bundle: &UnpackedBundle) -> Result<()> {
    let root = &bundle.root;
    let text = |cert: &str| openssl_ok(&["x509", "-noout", "-text", "-in", cert], root);
    let ca = text("ca/ca.pem")?;
    let server = text("server/server-cert.pem")?;
    let client = text("clients/alice/cert.pem")?;

    let extension = |text: &str, name: &str| -> Option<String> {
        let mut lines = text.lines();
        lines.find(|line| line.trim_start().starts_with(name))?;
        lines.next().map(|value| value.trim().to_owned())
    };
    let has = |text: &str, line: &str| text.lines().any(|l| l.trim() == line);

    ensure!(
        has(&ca, "X509v3 Basic Constraints: critical"),
        "CA basicConstraints not critical"
    );
    ensure!(
        extension(&ca, "X509v3 Basic Constraints").as_deref() == Some("CA:TRUE, pathlen:0"),
        "CA basicConstraints"
    );
    ensure!(
        has(&ca, "X509v3 Key Usage: critical"),
        "CA keyUsage not critical"
    );
    ensure!(
        extension(&ca, "X509v3 Key Usage").as_deref()
            == Some("Digital Signature, Certificate Sign, CRL Sign"),
        "CA keyUsage: {:?}",
        extension(&ca, "X509v3 Key Usage")
    );
    ensure!(
        !ca.contains("Extended Key Usage"),
        "the CA must carry no EKU"
    );
    ensure!(
        !ca.contains("Subject Alternative Name"),
        "the CA needs no SAN"
    );
    ensure!(
        ca.contains("X509v3 Subject Key Identifier"),
        "CA SKI missing"
    );

    let leaf_usage = if key_type.starts_with("rsa") {
        "Digital Signature, Key Encipherment"
    } else {
        "Digital Signature"
    };
    for (name, text, eku) in [
        ("server", &server, "TLS Web Server Authentication"),
        ("client", &client, "TLS Web Client Authentication"),
    ] {
        ensure!(
            extension(text, "X509v3 Basic Constraints").as_deref() == Some("CA:FALSE"),
            "{name} basicConstraints"
        );
        ensure!(
            has(text, "X509v3 Key Usage: critical"),
            "{name} keyUsage not critical"
        );
        ensure!(
            extension(text, "X509v3 Key Usage").as_deref() == Some(leaf_usage),
            "{name} keyUsage: {:?}",
            extension(text, "X509v3 Key Usage")
        );
        ensure!(
            extension(text, "X509v3 Extended Key Usage").as_deref() == Some(eku),
            "{name} EKU: {:?}",
            extension(text, "X509v3 Extended Key Usage")
        );
        ensure!(
            text.contains("X509v3 Subject Key Identifier"),
            "{name} SKI missing"
        );
        ensure!(
            text.contains("X509v3 Authority Key Identifier"),
            "{name} AKI missing"
        );
    }
    let sans =
        extension(&server, "X509v3 Subject Alternative Name").context("server SAN missing")?;
    ensure!(
        sans == "DNS:docker.test, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
        "server SANs: {sans}"
    );
    ensure!(
        server.contains("Subject: CN = docker.test"),
        "the server CN is its first name"
    );
    ensure!(
        !client.contains("Subject Alternative Name"),
        "the client needs no SAN"
    );

    let signature = match key_type {
        "ecdsa-p256" => "ecdsa-with-SHA256",
        "ecdsa-p384" => "ecdsa-with-SHA384",
        "ed25519" => "ED25519",
        _ => "sha256WithRSAEncryption",
    };
    let mut serials = Vec::new();
    for (name, text) in [("CA", &ca), ("server", &server), ("client", &client)] {
        ensure!(
            text.contains(&format!("Signature Algorithm: {signature}")),
            "{name} is not signed with {signature}"
        );
        let serial = extension(text, "Serial Number:").context("serial")?;
        let bytes: Vec<&str> = serial.split(':').collect();
        ensure!(bytes.len() == 16, "{name} serial is not 16 bytes: {serial}");
        ensure!(
            u8::from_str_radix(bytes[0], 16)? < 0x80,
            "{name} serial is negative: {serial}"
        );
        serials.push(serial);
    }
    serials.sort();
    serials.dedup();
    ensure!(serials.len() == 3, "serials repeat");

    // Validity: the leaf ends within a day of a year from now, and never after the CA.
    let end = |cert: &str| -> Result<i64> {
        let out = openssl_ok(
            &[
                "x509", "-noout", "-enddate", "-dateopt", "iso_8601", "-in", cert,
            ],
            root,
        )?;
        let date = out.trim().trim_start_matches("notAfter=");
        let check = openssl(&["x509", "-noout", "-checkend", "0", "-in", cert], root);
        ensure!(
            check.status.success(),
            "{cert} has already expired ({date})"
        );
        Ok(date[..4].parse()?)
    };
    ensure!(
        end("server/server-cert.pem")? <= end("ca/ca.pem")?,
        "server outlives CA"
    );
    let in_366_days = openssl(
        &[
            "x509",
            "-noout",
            "-checkend",
            &(366 * 86_400).to_string(),
            "-in",
            "server/server-cert.pem",
        ],
        root,
    );
    ensure!(
        !in_366_days.status.success(),
        "the server certificate lasts longer than the default year"
    );
    Ok(())
}

fn ca_key_is_encrypted_as_specified(bundle: &UnpackedBundle) -> Result<()> {
    let root = &bundle.root;
    ensure!(
        bundle
            .text("ca/ca-key.pem")?
            .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
        "the CA key is not encrypted PKCS#8"
    );
    openssl_ok(
        &[
            "pkey",
            "-in",
            "ca/ca-key.pem",
            "-passin",
            "env:CA_PASSPHRASE",
            "-noout",
        ],
        root,
    )
    .context("openssl cannot open the CA key with the right passphrase")?;
    let wrong = openssl(
        &[
            "pkey",
            "-in",
            "ca/ca-key.pem",
            "-passin",
            "pass:not the passphrase",
            "-noout",
        ],
        root,
    );
    ensure!(
        !wrong.status.success(),
        "openssl opened the CA key with a wrong passphrase"
    );
    let asn1 = openssl_ok(&["asn1parse", "-in", "ca/ca-key.pem"], root)?;
    for expected in [
        "PBES2",
        "PBKDF2",
        "hmacWithSHA256",
        "aes-256-cbc",
        ":0927C0",
    ] {
        ensure!(
            asn1.contains(expected),
            "CA key encryption lacks {expected} (600000 = 0x0927C0 rounds):\n{asn1}"
        );
    }
    // The CA key opened with the passphrase is the CA certificate's key.
    let key_public = openssl_ok(
        &[
            "pkey",
            "-in",
            "ca/ca-key.pem",
            "-passin",
            "env:CA_PASSPHRASE",
            "-pubout",
        ],
        root,
    )?;
    let cert_public = openssl_ok(&["x509", "-in", "ca/ca.pem", "-noout", "-pubkey"], root)?;
    ensure!(
        key_public == cert_public,
        "ca-key.pem does not belong to ca.pem"
    );
    Ok(())
}

fn leaf_keys_are_plain_pkcs8_and_match(bundle: &UnpackedBundle) -> Result<()> {
    let root = &bundle.root;
    for (key, cert) in [
        ("server/server-key.pem", "server/server-cert.pem"),
        ("clients/alice/key.pem", "clients/alice/cert.pem"),
    ] {
        ensure!(
            bundle
                .text(key)?
                .starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{key} is not unencrypted PKCS#8 (dockerd cannot read encrypted keys)"
        );
        let key_public = openssl_ok(&["pkey", "-in", key, "-pubout"], root)?;
        let cert_public = openssl_ok(&["x509", "-in", cert, "-noout", "-pubkey"], root)?;
        ensure!(key_public == cert_public, "{key} does not belong to {cert}");
    }
    for (path, mode) in [
        ("ca/ca-key.pem", 0o400),
        ("server/server-key.pem", 0o400),
        ("clients/alice/key.pem", 0o400),
        ("ca/ca.pem", 0o444),
        ("server/server-cert.pem", 0o444),
        ("server/install.sh", 0o755),
    ] {
        let actual = std::fs::metadata(bundle.path(path))?.permissions().mode() & 0o777;
        ensure!(
            actual == mode,
            "{path} unzipped with mode {actual:o}, expected {mode:o}"
        );
    }
    let zip_mode = std::fs::metadata(&bundle.zip)?.permissions().mode() & 0o777;
    ensure!(
        zip_mode == 0o600,
        "the zip holds keys but has mode {zip_mode:o}"
    );
    Ok(())
}

fn pkilint_finds_no_error(bundle: &UnpackedBundle) -> Result<()> {
    let pkilint = pkilint_bin()?;
    for cert in [
        "ca/ca.pem",
        "server/server-cert.pem",
        "clients/alice/cert.pem",
    ] {
        // Python's warnings are not findings: cryptography 51 warns of DSA's deprecation when
        // pkilint merely names DSA keys, and stderr must stay empty of all but a crash.
        let output = Command::new(&pkilint)
            .env("PYTHONWARNINGS", "ignore")
            .args(["lint"])
            .arg(bundle.path(cert))
            .output()
            .with_context(|| format!("running {}", pkilint.display()))?;
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        // Findings are "    code (SEVERITY): message"; a single-label `localhost` SAN is a
        // legitimate Docker name that pkilint's domain syntax check flags (SPEC.md accepts it).
        let findings: Vec<&str> = report
            .lines()
            .filter(|line| line.contains("(ERROR)") || line.contains("(FATAL)"))
            .filter(|line| {
                !(line.contains("pkix.invalid_domain_name_syntax")
                    && line.contains("\"localhost\""))
            })
            .collect();
        ensure!(findings.is_empty(), "pkilint on {cert}:\n{report}");
        // pkilint's exit status grows with its findings, INFO included; a crash shows on stderr.
        ensure!(
            output.status.code().is_some() && output.stderr.is_empty(),
            "pkilint did not run cleanly on {cert} ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn der(bundle: &UnpackedBundle, path: &str) -> Result<CertificateDer<'static>> {
    CertificateDer::from_pem_file(bundle.path(path)).with_context(|| format!("parsing {path}"))
}

fn key(bundle: &UnpackedBundle, path: &str) -> Result<PrivateKeyDer<'static>> {
    PrivateKeyDer::from_pem_file(bundle.path(path)).with_context(|| format!("parsing {path}"))
}

fn webpki_validates_paths(bundle: &UnpackedBundle) -> Result<()> {
    let ca = der(bundle, "ca/ca.pem")?;
    let anchors = [webpki::anchor_from_trusted_cert(&ca)?];
    let now = UnixTime::now();
    let verify = |cert: &webpki::EndEntityCert<'_>, usage| {
        cert.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &anchors,
            &[],
            now,
            usage,
            None,
            None,
        )
        .map(drop)
    };
    let (server_auth, client_auth) = (
        webpki::KeyUsage::server_auth(),
        webpki::KeyUsage::client_auth(),
    );

    let server = der(bundle, "server/server-cert.pem")?;
    let server_cert = webpki::EndEntityCert::try_from(&server)?;
    verify(&server_cert, server_auth)
        .context("webpki rejects the server certificate for serverAuth")?;
    ensure!(
        verify(&server_cert, client_auth).is_err(),
        "webpki accepts the server certificate for clientAuth"
    );
    for name in SERVER_NAMES.iter().chain(SERVER_IPS.iter()) {
        let server_name = ServerName::try_from(*name)?;
        server_cert
            .verify_is_valid_for_subject_name(&server_name)
            .with_context(|| format!("webpki: the server certificate is not valid for {name}"))?;
    }
    for other in ["other.test", "10.0.0.1"] {
        ensure!(
            server_cert
                .verify_is_valid_for_subject_name(&ServerName::try_from(other)?)
                .is_err(),
            "the server certificate matches {other}, which it does not name"
        );
    }

    let client = der(bundle, "clients/alice/cert.pem")?;
    let client_cert = webpki::EndEntityCert::try_from(&client)?;
    verify(&client_cert, client_auth)
        .context("webpki rejects the client certificate for clientAuth")?;
    ensure!(
        verify(&client_cert, server_auth).is_err(),
        "webpki accepts the client certificate for serverAuth"
    );
    Ok(())
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn server_config(bundle: &UnpackedBundle) -> Result<ServerConfig> {
    let mut roots = RootCertStore::empty();
    roots.add(der(bundle, "server/ca.pem")?)?;
    let verifier =
        WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider()).build()?;
    Ok(ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![der(bundle, "server/server-cert.pem")?],
            key(bundle, "server/server-key.pem")?,
        )?)
}

/// A client trusting `ca_bundle`'s CA and presenting `client` (folder, cert, key) if given.
fn client_config(
    ca_bundle: &UnpackedBundle,
    client: Option<(&UnpackedBundle, &str, &str)>,
) -> Result<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots.add(der(ca_bundle, "clients/alice/ca.pem")?)?;
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots);
    Ok(match client {
        Some((bundle, cert, key_path)) => {
            builder.with_client_auth_cert(vec![der(bundle, cert)?], key(bundle, key_path)?)?
        }
        None => builder.with_no_client_auth(),
    })
}

/// Runs a handshake between the two configs in memory and exchanges a message each way.
fn handshake(server_config: ServerConfig, client_config: ClientConfig, name: &str) -> Result<()> {
    let mut server = ServerConnection::new(Arc::new(server_config))?;
    let mut client = ClientConnection::new(
        Arc::new(client_config),
        ServerName::try_from(name)?.to_owned(),
    )?;
    client.writer().write_all(b"GET /version")?;
    let mut got_request = Vec::new();
    for _ in 0..20 {
        let mut buffer = Vec::new();
        client.write_tls(&mut buffer)?;
        server.read_tls(&mut buffer.as_slice())?;
        server.process_new_packets()?;
        let mut buffer = Vec::new();
        server.write_tls(&mut buffer)?;
        client.read_tls(&mut buffer.as_slice())?;
        client.process_new_packets()?;
        let mut chunk = [0u8; 64];
        match server.reader().read(&mut chunk) {
            Ok(n) => got_request.extend_from_slice(&chunk[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(err) => return Err(err.into()),
        }
        if !client.is_handshaking() && !server.is_handshaking() && got_request == b"GET /version" {
            ensure!(
                server
                    .peer_certificates()
                    .is_some_and(|chain| chain.len() == 1),
                "no client certificate seen"
            );
            return Ok(());
        }
    }
    bail!("the handshake did not finish")
}

/// The rustls error a failed handshake ended with, as its Debug text (variant names).
fn rustls_error(result: Result<()>) -> String {
    match result {
        Ok(()) => "no error: the handshake succeeded".to_owned(),
        Err(err) => match err.downcast_ref::<rustls::Error>() {
            Some(tls) => format!("{tls:?}"),
            None => format!("not a TLS error: {err:#}"),
        },
    }
}

fn rustls_mutual_tls(bundle: &UnpackedBundle) -> Result<()> {
    let with_cert = Some((bundle, "clients/alice/cert.pem", "clients/alice/key.pem"));
    for name in ["docker.test", "localhost", "127.0.0.1", "::1"] {
        handshake(
            server_config(bundle)?,
            client_config(bundle, with_cert)?,
            name,
        )
        .with_context(|| format!("rustls mutual TLS to {name}"))?;
    }
    let refused = handshake(
        server_config(bundle)?,
        client_config(bundle, None)?,
        "localhost",
    );
    let message = rustls_error(refused);
    ensure!(
        message.contains("NoCertificatesPresented"),
        "a client without certificate was not refused as such: {message}"
    );

    let as_client = Some((bundle, "server/server-cert.pem", "server/server-key.pem"));
    let refused = handshake(
        server_config(bundle)?,
        client_config(bundle, as_client)?,
        "localhost",
    );
    let message = rustls_error(refused);
    ensure!(
        message.contains("InvalidPurpose") || message.contains("ExtendedKeyUsage"),
        "the server certificate was accepted as a client certificate: {message}"
    );
    Ok(())
}

/// A client certificate from another CA is refused, and the client refuses a server of another CA.
#[test]
fn rustls_refuses_a_foreign_ca() -> Result<()> {
    let ours = bundle("ecdsa-p256")?;
    let theirs = bundle("ecdsa-p256")?;
    let foreign_client = Some((&theirs, "clients/alice/cert.pem", "clients/alice/key.pem"));
    let refused = handshake(
        server_config(&ours)?,
        client_config(&ours, foreign_client)?,
        "localhost",
    );
    let message = rustls_error(refused);
    // Both CAs carry the same name here, so webpki finds an issuer by name whose signature does
    // not match; with different names it is UnknownIssuer. Either way: refused.
    let foreign = |m: &str| m.contains("UnknownIssuer") || m.contains("BadSignature");
    ensure!(
        foreign(&message),
        "a client of another CA was not refused: {message}"
    );

    let own_client = Some((&ours, "clients/alice/cert.pem", "clients/alice/key.pem"));
    let refused = handshake(
        server_config(&theirs)?,
        client_config(&ours, own_client)?,
        "localhost",
    );
    let message = rustls_error(refused);
    ensure!(
        foreign(&message),
        "a server of another CA was trusted: {message}"
    );
    Ok(())
}

/// The CLI's `inspect` shows what openssl shows.
#[test]
fn inspect_agrees_with_openssl() -> Result<()> {
    let bundle = bundle("rsa-2048")?;
    let output = run(Command::new(portcullis_tests::portcullis_bin())
        .args(["inspect", "server/server-cert.pem"])
        .current_dir(&bundle.root))?;
    let shown = String::from_utf8(output.stdout)?;
    let fingerprint = openssl_ok(
        &[
            "x509",
            "-noout",
            "-fingerprint",
            "-sha256",
            "-in",
            "server/server-cert.pem",
        ],
        &bundle.root,
    )?;
    let fingerprint = fingerprint
        .trim()
        .rsplit('=')
        .next()
        .unwrap_or_default()
        .to_owned();
    ensure!(
        shown.contains(&fingerprint),
        "inspect shows another fingerprint than openssl ({fingerprint}):\n{shown}"
    );
    let serial = openssl_ok(
        &["x509", "-noout", "-serial", "-in", "server/server-cert.pem"],
        &bundle.root,
    )?;
    let serial = serial
        .trim()
        .trim_start_matches("serial=")
        .to_ascii_lowercase();
    ensure!(
        shown.replace(':', "").contains(&serial),
        "serial {serial} not in:\n{shown}"
    );
    for expected in [
        "RSA 2048-bit",
        "serverAuth",
        "DNS:docker.test",
        "IP:::1",
        "CA:FALSE",
        "Key Encipherment",
    ] {
        ensure!(
            shown.contains(expected),
            "inspect lacks {expected}:\n{shown}"
        );
    }
    let key = run(Command::new(portcullis_tests::portcullis_bin())
        .args(["inspect", "ca/ca-key.pem"])
        .current_dir(&bundle.root))?;
    let key = String::from_utf8(key.stdout)?;
    ensure!(
        key.contains("600000 iterations") && key.contains("AES-256-CBC"),
        "{key}"
    );
    Ok(())
}
