//! An existing CA made by openssl, in every key format openssl writes, signs CSRs made by openssl
//! through `portcullis sign`; openssl verifies the results. Bad CAs, keys and CSRs are refused in
//! one line with exit status 2.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Context, Result, ensure};
use portcullis_tests::{advice_names_real_options, portcullis};

const PASSPHRASE: &str = "correct horse battery staple";

/// Runs a shell line in `dir` with the passphrase in $PW; fails on a non-zero exit.
fn sh(dir: &Path, line: &str) -> Result<()> {
    let output = Command::new("sh")
        .args(["-ec", line])
        .current_dir(dir)
        .env("PW", PASSPHRASE)
        .output()
        .context("sh")?;
    ensure!(
        output.status.success(),
        "`{line}` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

/// (name, openssl line writing `ca-key.pem`, whether it is encrypted)
const CA_KEYS: &[(&str, &str, bool)] = &[
    (
        "PKCS#8 P-256",
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca-key.pem",
        false,
    ),
    (
        "encrypted PKCS#8 RSA-2048",
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass env:PW -out ca-key.pem",
        true,
    ),
    (
        "PKCS#8 Ed25519",
        "openssl genpkey -algorithm ED25519 -out ca-key.pem",
        false,
    ),
    (
        "PKCS#1 RSA-2048",
        "openssl genrsa -traditional -out ca-key.pem 2048",
        false,
    ),
    (
        "legacy AES-256 PKCS#1 RSA-3072",
        "openssl genrsa -aes256 -traditional -passout env:PW -out ca-key.pem 3072",
        true,
    ),
    (
        "legacy 3DES PKCS#1 RSA-2048",
        "openssl genrsa -des3 -traditional -passout env:PW -out ca-key.pem 2048",
        true,
    ),
    (
        "SEC1 P-384",
        "openssl ecparam -genkey -name secp384r1 -noout -out ca-key.pem",
        false,
    ),
    (
        "legacy AES-256 SEC1 P-256",
        "openssl ecparam -genkey -name prime256v1 -noout | openssl ec -aes256 -passout env:PW -out ca-key.pem",
        true,
    ),
];

/// (key type, openssl line writing `node.key`)
const CSR_KEYS: &[(&str, &str)] = &[
    (
        "P-256",
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out node.key",
    ),
    (
        "P-384",
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out node.key",
    ),
    (
        "Ed25519",
        "openssl genpkey -algorithm ED25519 -out node.key",
    ),
    ("RSA-2048", "openssl genrsa -out node.key 2048"),
];

fn make_ca(dir: &Path, key_line: &str, encrypted: bool) -> Result<()> {
    sh(dir, key_line)?;
    let passin = if encrypted { "-passin env:PW" } else { "" };
    sh(
        dir,
        &format!(
            "openssl req -new -x509 -key ca-key.pem {passin} -subj '/C=DE/O=Example GmbH/OU=Platform/CN=Example CA' -addext keyUsage=critical,keyCertSign,cRLSign -days 100 -out ca.pem"
        ),
    )
}

fn make_csr(dir: &Path, key_line: &str, extra: &str) -> Result<()> {
    sh(dir, key_line)?;
    sh(
        dir,
        &format!(
            "openssl req -new -key node.key -subj /CN=node1 -addext 'subjectAltName=DNS:node1.example.com,IP:10.1.2.3' {extra} -out node.csr"
        ),
    )
}

fn sign(dir: &Path, extra: &[&str], encrypted: bool) -> Result<Output> {
    let mut args = vec![
        "sign",
        "--csr",
        "node.csr",
        "--ca-cert",
        "ca.pem",
        "--ca-key",
        "ca-key.pem",
        "--out",
        "node.pem",
    ];
    if encrypted {
        args.extend(["--ca-passphrase-env", "PW"]);
    }
    args.extend_from_slice(extra);
    portcullis(dir, &args, &[("PW", PASSPHRASE)])
}

fn openssl_verify(dir: &Path, purpose: &str) -> bool {
    Command::new("openssl")
        .args([
            "verify",
            "-x509_strict",
            "-CAfile",
            "ca.pem",
            "-purpose",
            purpose,
            "node.pem",
        ])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_openssl_key_format_signs_every_csr_key_type() -> Result<()> {
    let mut failures = Vec::new();
    for (index, (format, key_line, encrypted)) in CA_KEYS.iter().enumerate() {
        let (csr_type, csr_line) = CSR_KEYS[index % CSR_KEYS.len()];
        let profile = if index % 2 == 0 { "server" } else { "client" };
        let result = (|| -> Result<()> {
            let dir = tempfile::tempdir()?;
            make_ca(dir.path(), key_line, *encrypted)?;
            make_csr(dir.path(), csr_line, "")?;
            let names: &[&str] = if profile == "server" {
                &["--use-csr-names"]
            } else {
                &[]
            };
            let output = sign(
                dir.path(),
                &[&["--profile", profile, "--days", "30"], names].concat(),
                *encrypted,
            )?;
            ensure!(
                output.status.success(),
                "sign failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            ensure!(
                stderr.contains("DNS:node1.example.com, IP:10.1.2.3"),
                "the CSR's request was not shown: {stderr}"
            );
            let (right, wrong) = if profile == "server" {
                ("sslserver", "sslclient")
            } else {
                ("sslclient", "sslserver")
            };
            ensure!(
                openssl_verify(dir.path(), right),
                "openssl rejects it for {right}"
            );
            ensure!(
                !openssl_verify(dir.path(), wrong),
                "openssl accepts it for {wrong}"
            );
            // The CSR's key, our extensions.
            let text = Command::new("openssl")
                .args(["x509", "-noout", "-text", "-in", "node.pem"])
                .current_dir(dir.path())
                .output()?;
            let text = String::from_utf8_lossy(&text.stdout);
            let pubkey = |args: &[&str]| {
                Command::new("openssl")
                    .args(args)
                    .current_dir(dir.path())
                    .output()
                    .map(|o| o.stdout)
            };
            ensure!(
                pubkey(&["x509", "-in", "node.pem", "-noout", "-pubkey"])?
                    == pubkey(&["pkey", "-in", "node.key", "-pubout"])?,
                "the certificate does not carry the CSR's key"
            );
            if profile == "server" {
                ensure!(
                    text.contains("DNS:node1.example.com, IP Address:10.1.2.3"),
                    "SANs: {text}"
                );
                ensure!(
                    text.contains("Subject: CN = node1.example.com"),
                    "CN: {text}"
                );
            } else {
                ensure!(text.contains("Subject: CN = node1"), "CN: {text}");
                ensure!(
                    !text.contains("Subject Alternative Name"),
                    "a client takes no SAN from the CSR: {text}"
                );
            }
            ensure!(
                text.contains("Issuer: C = DE, O = Example GmbH, OU = Platform, CN = Example CA"),
                "issuer: {text}"
            );
            Ok(())
        })();
        if let Err(err) = result {
            failures.push(format!(
                "CA key {format}, CSR {csr_type}, {profile}: {err:#}"
            ));
        }
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// Each case: how to spoil the setup, the flags, and the start of the one-line refusal.
#[test]
fn bad_cas_keys_and_csrs_are_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    make_ca(d, CA_KEYS[4].1, true)?;
    make_csr(d, CSR_KEYS[0].1, "")?;
    sh(
        d,
        "cp ca.pem good-ca.pem && cp ca-key.pem good-ca-key.pem && cp node.csr good.csr",
    )?;
    let cases: &[(&str, &str, &[&str], bool, &str)] = &[
        (
            "wrong passphrase",
            "",
            &[
                "--profile",
                "server",
                "--server-dns",
                "node1.example.com",
                "--ca-passphrase-file",
                "wrong-pw",
            ],
            false,
            "CA key: cannot be decrypted with this passphrase",
        ),
        (
            "no passphrase for an encrypted key",
            "",
            &["--profile", "server", "--server-dns", "node1.example.com"],
            false,
            "CA key: is encrypted; give its passphrase",
        ),
        (
            "a key that is not the CA's",
            "openssl genrsa -out ca-key.pem 2048",
            &["--profile", "server", "--server-dns", "node1.example.com"],
            false,
            "CA key: does not belong to the CA certificate",
        ),
        (
            "a leaf certificate as CA",
            "openssl req -new -x509 -key good-ca-key.pem -passin env:PW -subj /CN=leaf -addext basicConstraints=critical,CA:FALSE -days 10 -out ca.pem",
            &["--profile", "server", "--server-dns", "node1.example.com"],
            true,
            "CA certificate: `CN=leaf` is not a CA",
        ),
        (
            "a CA with a serverAuth-only EKU",
            "openssl req -new -x509 -key good-ca-key.pem -passin env:PW -subj /CN=eku -addext extendedKeyUsage=serverAuth -days 10 -out ca.pem",
            &["--profile", "client"],
            true,
            "CA certificate: `CN=eku` carries an extendedKeyUsage",
        ),
        (
            "a CSR that asks to be a CA",
            &format!(
                "{} && openssl req -new -key node.key -subj /CN=sub -addext basicConstraints=critical,CA:TRUE -out node.csr",
                CSR_KEYS[0].1
            ),
            &["--profile", "client"],
            true,
            "CSR: asks to be a CA",
        ),
        (
            "a CSR with a bad signature",
            "openssl req -in good.csr -outform DER -out node.der && python3 -c \"import sys; d=bytearray(open('node.der','rb').read()); i=d.find(b'node1'); d[i]=ord('m'); open('node.csr','wb').write(d)\"",
            &["--profile", "server", "--server-dns", "node1.example.com"],
            true,
            "CSR: its signature does not verify",
        ),
        (
            "a leaf outliving the CA",
            "",
            &[
                "--profile",
                "server",
                "--server-dns",
                "node1.example.com",
                "--days",
                "200",
            ],
            true,
            "server validity: 200 days would outlast the CA",
        ),
        (
            "no server name",
            "",
            &["--profile", "server"],
            true,
            "server names: none given; give the server's DNS names or IP addresses (--server-dns, --server-ip), or take the CSR's (--use-csr-names)",
        ),
        (
            "a CSR name that is an IP written as DNS",
            "openssl req -new -key node.key -subj /CN=x -addext subjectAltName=DNS:10.0.0.1 -out node.csr",
            &["--profile", "server", "--use-csr-names"],
            true,
            "server DNS name: `10.0.0.1` is an IP address",
        ),
    ];
    std::fs::write(d.join("wrong-pw"), "not the passphrase\n")?;
    let mut failures = Vec::new();
    for (about, spoil, flags, with_passphrase, expected) in cases {
        sh(
            d,
            "cp good-ca.pem ca.pem && cp good-ca-key.pem ca-key.pem && cp good.csr node.csr && rm -f node.pem",
        )?;
        if !spoil.is_empty() {
            sh(d, spoil)?;
        }
        let output = sign(d, flags, *with_passphrase)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().last().unwrap_or_default();
        let advice = advice_names_real_options("sign", last, flags);
        let ok = output.status.code() == Some(2)
            && last.starts_with(&format!("portcullis: {expected}"))
            && !d.join("node.pem").exists()
            && !stderr.contains("panicked")
            && advice.is_ok();
        if !ok {
            failures.push(format!(
                "{about}: exit {:?}, stderr {stderr:?}, {:?}",
                output.status.code(),
                advice.err()
            ));
        }
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

/// An existing CA key encrypted by openssl with a short passphrase (openssl takes four
/// characters) opens: the length rule is for keys Portcullis makes, not for the user's own.
#[test]
fn an_existing_ca_key_with_a_short_passphrase_opens() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let short = "abcd";
    let output = Command::new("sh")
        .args([
            "-ec",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass env:SHORT -out ca-key.pem
             openssl req -new -x509 -key ca-key.pem -passin env:SHORT -subj /CN=Short -days 100 \
               -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem",
        ])
        .env("SHORT", short)
        .current_dir(dir.path())
        .output()?;
    ensure!(output.status.success(), "{output:?}");
    let bundle = portcullis(
        dir.path(),
        &[
            "bundle",
            "--out",
            "b.zip",
            "--server-dns",
            "docker.test",
            "--client",
            "alice",
            "--server-days",
            "30",
            "--client-days",
            "30",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca-key.pem",
            "--ca-passphrase-env",
            "SHORT",
        ],
        &[("SHORT", short)],
    )?;
    ensure!(bundle.status.success(), "{bundle:?}");
    let empty = portcullis(
        dir.path(),
        &[
            "bundle",
            "--out",
            "c.zip",
            "--server-dns",
            "docker.test",
            "--client",
            "alice",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca-key.pem",
            "--ca-passphrase-env",
            "EMPTY",
        ],
        &[("EMPTY", "")],
    )?;
    ensure!(
        String::from_utf8_lossy(&empty.stderr)
            == "portcullis: CA passphrase: empty; give the passphrase the CA key is encrypted with\n",
        "{empty:?}"
    );
    Ok(())
}
