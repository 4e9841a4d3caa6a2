//! `clients/NAME/client.p12`, checked by OpenSSL 3: it opens with the user's password and
//! refuses a wrong one, is written with what `openssl pkcs12 -export` writes by default, and
//! holds exactly the client's key, its certificate and the CA certificate of the PEM files.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use portcullis_tests::{
    CA_PASSPHRASE, UnpackedBundle, make_bundle, portcullis, unpack_zip, with_bundle_ca_key,
};

/// The password the tests' p12 files are made with.
const P12_PASSWORD: &str = "pässwörd for the keychain";

/// `openssl ARGS`, with the password in `P12PW`; its stdout, or its stderr as the error.
fn openssl(dir: &Path, args: &[&str], password: &str) -> Result<String, String> {
    let output = Command::new("openssl")
        .args(args)
        .env("P12PW", password)
        .current_dir(dir)
        .output()
        .map_err(|err| format!("running openssl: {err}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The DER of the one certificate in PEM `text`, as openssl reads it.
fn certificate_der(dir: &Path, pem: &str) -> Result<Vec<u8>> {
    let file = dir.join("cert-to-der.pem");
    fs::write(&file, pem)?;
    let output = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(&file)
        .output()?;
    ensure!(output.status.success(), "openssl x509: {output:?}");
    Ok(output.stdout)
}

/// Every client's client.p12 in `bundle`, checked against its PEM files.
fn check_p12(bundle: &UnpackedBundle, clients: &[&str]) -> Result<()> {
    let root = &bundle.root;
    for client in clients {
        let p12 = format!("clients/{client}/client.p12");
        let mode = fs::metadata(bundle.path(&p12))
            .with_context(|| format!("{p12} is missing"))?
            .permissions()
            .mode();
        ensure!(mode & 0o777 == 0o400, "{p12} has mode {mode:o}, not 0400");

        // -info prints the structure on stderr.
        let structure = Command::new("openssl")
            .args([
                "pkcs12",
                "-info",
                "-noout",
                "-in",
                &p12,
                "-passin",
                "env:P12PW",
            ])
            .env("P12PW", P12_PASSWORD)
            .current_dir(root)
            .output()?;
        ensure!(
            structure.status.success(),
            "openssl cannot open {p12}: {}",
            String::from_utf8_lossy(&structure.stderr)
        );
        let said = String::from_utf8_lossy(&structure.stderr);
        for expected in [
            "MAC: sha256, Iteration 2048",
            "MAC length: 32, salt length: 8",
            "PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256",
            "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256",
        ] {
            ensure!(
                said.contains(expected),
                "{p12}: openssl does not say {expected:?}:\n{said}"
            );
        }

        // The key: the same as key.pem.
        let key_of = |args: &[&str]| openssl(root, args, P12_PASSWORD);
        let from_p12 = key_of(&[
            "pkcs12",
            "-in",
            &p12,
            "-passin",
            "env:P12PW",
            "-nocerts",
            "-nodes",
        ])
        .map_err(anyhow::Error::msg)?;
        let key_file = bundle.dir.path().join(format!("{client}-p12-key.pem"));
        fs::write(&key_file, &from_p12)?;
        let key_file = key_file.to_string_lossy().into_owned();
        let p12_key = key_of(&["pkey", "-in", &key_file, "-outform", "DER"]);
        let pem_key = key_of(&[
            "pkey",
            "-in",
            &format!("clients/{client}/key.pem"),
            "-outform",
            "DER",
        ]);
        ensure!(
            p12_key.is_ok() && p12_key == pem_key,
            "{p12} holds another key than key.pem"
        );
        ensure!(
            from_p12.contains(&format!("friendlyName: {client}")),
            "{p12}: the key is not named {client}:\n{from_p12}"
        );

        // The client's certificate, then the CA's.
        for (flag, pem) in [("-clcerts", "cert.pem"), ("-cacerts", "ca.pem")] {
            let from_p12 = openssl(
                root,
                &[
                    "pkcs12",
                    "-in",
                    &p12,
                    "-passin",
                    "env:P12PW",
                    flag,
                    "-nokeys",
                ],
                P12_PASSWORD,
            )
            .map_err(anyhow::Error::msg)?;
            let expected = bundle.text(&format!("clients/{client}/{pem}"))?;
            ensure!(
                certificate_der(bundle.dir.path(), &from_p12)?
                    == certificate_der(bundle.dir.path(), &expected)?,
                "{p12} {flag}: not the certificate of {pem}"
            );
        }

        // A wrong password is refused by the MAC.
        let wrong = openssl(
            root,
            &[
                "pkcs12",
                "-info",
                "-noout",
                "-in",
                &p12,
                "-passin",
                "env:P12PW",
            ],
            "pässwörd for the keychaiN",
        );
        ensure!(
            matches!(&wrong, Err(said) if said.contains("Mac verify error")),
            "{p12} opened with a wrong password: {wrong:?}"
        );
    }
    let readme = bundle.text("README.md")?;
    ensure!(
        readme.contains("### The same identity as one file: `client.p12`")
            && readme.contains(&format!(
                "openssl pkcs12 -info -noout -in clients/{}/client.p12",
                clients[0]
            )),
        "README.md does not explain client.p12"
    );
    Ok(())
}

/// `bundle --p12-password-file`: every client gets one; an RSA and an Ed25519 bundle.
#[test]
fn bundle_writes_a_p12_per_client_that_openssl_opens() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let password_file = dir.path().join("p12-password");
    // Written by `echo`: the newline is not part of the password.
    fs::write(&password_file, format!("{P12_PASSWORD}\n"))?;
    let password_file = password_file.to_string_lossy().into_owned();
    for key_type in ["rsa-2048", "ed25519"] {
        let bundle = make_bundle(&[
            "--server-dns",
            "localhost",
            "--client",
            "alice,bob",
            "--key-type",
            key_type,
            "--p12-password-file",
            &password_file,
        ])?;
        check_p12(&bundle, &["alice", "bob"]).with_context(|| key_type.to_owned())?;
    }
    Ok(())
}

/// `renew --p12-password-env`: the renewed bundle has them, for the renewed keys.
#[test]
fn renew_writes_p12_files_for_the_new_keys() -> Result<()> {
    let old = make_bundle(&["--server-dns", "localhost", "--client", "carol"])?;
    ensure!(
        !old.path("clients/carol/client.p12").exists()
            && !old.text("README.md")?.contains("client.p12"),
        "a bundle made without a p12 password has client.p12"
    );
    let zip = old.zip.to_string_lossy().into_owned();
    let output = portcullis(
        &old.root,
        &[
            "renew",
            "--bundle",
            &zip,
            "--out",
            "renewed.zip",
            "--ca-key",
            "ca/ca-key.pem",
            "--ca-passphrase-env",
            "PW",
            "--p12-password-env",
            "P12",
        ],
        &[("PW", CA_PASSPHRASE), ("P12", P12_PASSWORD)],
    )?;
    ensure!(output.status.success(), "portcullis renew: {output:?}");
    let renewed = unpack_zip(&old.root.join("renewed.zip"))?;
    ensure!(
        renewed.text("clients/carol/key.pem")? != old.text("clients/carol/key.pem")?,
        "renew kept the old key"
    );
    check_p12(&renewed, &["carol"])
}

/// A password too short, or a variable not set: a one-line error naming the field and a flag
/// the command has, and nothing written.
#[test]
fn bad_p12_passwords_are_refused_and_nothing_is_written() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let base = [
        "bundle",
        "--out",
        "b.zip",
        "--server-dns",
        "localhost",
        "--client",
        "dave",
        "--no-ca-passphrase",
    ];
    for (extra, env, expected) in [
        (
            ["--p12-password-env", "P12"],
            Some("hunter2"),
            "portcullis: client.p12 password: only 7 characters; use at least 8 (whoever holds client.p12 can try passwords offline)\n",
        ),
        (
            ["--p12-password-env", "UNSET_P12"],
            None,
            "portcullis: client.p12 password: the environment variable `UNSET_P12` is not set; export it first, or use --p12-password-file FILE\n",
        ),
    ] {
        let envs: Vec<(&str, &str)> = env.map(|value| ("P12", value)).into_iter().collect();
        let output = portcullis(dir.path(), &[&base[..], &extra[..]].concat(), &envs)?;
        ensure!(
            output.status.code() == Some(2),
            "exit {:?}, not 2",
            output.status
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(stderr == expected, "said {stderr:?}, not {expected:?}");
        ensure!(!dir.path().join("b.zip").exists(), "wrote b.zip anyway");
    }
    // With the owner's CA key too: renew refuses before it asks anything else.
    let old = make_bundle(&["--server-dns", "localhost", "--client", "erin"])?;
    let zip = old.zip.to_string_lossy().into_owned();
    let output = with_bundle_ca_key(
        &old.root,
        &[
            "renew",
            "--bundle",
            &zip,
            "--out",
            "renewed.zip",
            "--p12-password-file",
            "/nonexistent/p12",
        ],
    )?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(
        output.status.code() == Some(2)
            && stderr
                .starts_with("portcullis: client.p12 password: cannot read `/nonexistent/p12`")
            && stderr.ends_with("; check the path given to --p12-password-file\n"),
        "renew said {stderr:?}"
    );
    ensure!(!old.root.join("renewed.zip").exists(), "renew wrote anyway");
    Ok(())
}
