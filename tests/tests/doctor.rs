//! `portcullis doctor` without a daemon: how it reads the connection as the docker CLI does
//! (DOCKER_HOST and its TLS variables, a docker context made by the real `docker context
//! create`), its offline checks of a bundle's client folder, and its exit statuses. The checks
//! against real, wrongly set-up daemons are in dockerd.rs.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Result, ensure};
use portcullis_tests::{make_bundle, portcullis_bin, run};

/// `portcullis doctor ARGS` with only `envs` of docker's variables set, and docker's
/// configuration in `config`.
fn doctor(config: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<Output> {
    let mut command = Command::new(portcullis_bin());
    command
        .arg("doctor")
        .args(args)
        .env("DOCKER_CONFIG", config);
    for var in [
        "DOCKER_HOST",
        "DOCKER_TLS_VERIFY",
        "DOCKER_TLS",
        "DOCKER_CERT_PATH",
        "DOCKER_CONTEXT",
    ] {
        command.env_remove(var);
    }
    command.envs(envs.iter().copied());
    Ok(command.output()?)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_context_made_by_docker_is_read_as_docker_reads_it() -> Result<()> {
    let bundle = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let config = tempfile::tempdir()?;
    let folder = bundle.path("clients/alice");
    let files = |file: &str| folder.join(file).display().to_string();
    run(Command::new("docker")
        .env("DOCKER_CONFIG", config.path())
        .args(["context", "create", "tlsbox", "--docker"])
        .arg(format!(
            "host=tcp://docker.test:2376,ca={},cert={},key={}",
            files("ca.pem"),
            files("cert.pem"),
            files("key.pem")
        )))?;

    let by_name = doctor(config.path(), &["--context", "tlsbox", "--offline"], &[])?;
    let report = stdout(&by_name);
    ensure!(
        by_name.status.code() == Some(0),
        "exit {:?}: {report}",
        by_name.status.code()
    );
    ensure!(
        report.starts_with("portcullis doctor: tcp://docker.test:2376 with the files in ")
            && report.contains("contexts/tls/")
            && report.contains("the docker context `tlsbox`, from --context"),
        "{report}"
    );
    ensure!(report.contains("ok: cert.pem: \"CN=alice\""), "{report}");

    // `docker context use` makes it the current one: doctor takes it without being told.
    run(Command::new("docker")
        .env("DOCKER_CONFIG", config.path())
        .args(["context", "use", "tlsbox"]))?;
    let current = doctor(config.path(), &["--offline"], &[])?;
    ensure!(
        stdout(&current).contains("the docker context `tlsbox`, from the current docker context"),
        "{}",
        stdout(&current)
    );
    // DOCKER_HOST wins over the context, as with docker.
    let host = doctor(
        config.path(),
        &["--offline"],
        &[
            ("DOCKER_HOST", "tcp://docker.test:2376"),
            ("DOCKER_TLS_VERIFY", "1"),
            ("DOCKER_CERT_PATH", &files("")),
        ],
    )?;
    ensure!(
        stdout(&host).contains("(from DOCKER_HOST and DOCKER_CERT_PATH)"),
        "{}",
        stdout(&host)
    );
    Ok(())
}

#[test]
fn the_tls_variables_are_read_as_docker_reads_them() -> Result<()> {
    let bundle = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let config = tempfile::tempdir()?;
    let folder = bundle.path("clients/alice").display().to_string();
    let with = |envs: &[(&str, &str)]| doctor(config.path(), &["--offline"], envs);

    let verified = with(&[
        ("DOCKER_HOST", "tcp://docker.test:2376"),
        ("DOCKER_TLS_VERIFY", "1"),
        ("DOCKER_CERT_PATH", &folder),
    ])?;
    ensure!(verified.status.code() == Some(0), "{}", stdout(&verified));

    // No DOCKER_TLS_VERIFY: docker speaks plain HTTP to a TLS port.
    let plain = with(&[
        ("DOCKER_HOST", "tcp://docker.test:2376"),
        ("DOCKER_CERT_PATH", &folder),
    ])?;
    ensure!(plain.status.code() == Some(1), "{}", stdout(&plain));
    ensure!(
        stdout(&plain)
            .contains("(docker says: \"Client sent an HTTP request to an HTTPS server.\")"),
        "{}",
        stdout(&plain)
    );

    // DOCKER_TLS alone: encrypted, unverified; docker connects, with a warning.
    let unverified = with(&[
        ("DOCKER_HOST", "tcp://docker.test:2376"),
        ("DOCKER_TLS", "1"),
        ("DOCKER_CERT_PATH", &folder),
    ])?;
    ensure!(
        unverified.status.code() == Some(0),
        "{}",
        stdout(&unverified)
    );
    ensure!(
        stdout(&unverified).contains("warning: DOCKER_TLS is set but DOCKER_TLS_VERIFY is not")
    );

    // A key that is not the certificate's: exit 1, in docker's words.
    let other = make_bundle(&["--server-dns", "docker.test", "--client", "alice"])?;
    let mixed = tempfile::tempdir()?;
    for (from, file) in [
        (&bundle, "ca.pem"),
        (&bundle, "cert.pem"),
        (&other, "key.pem"),
    ] {
        std::fs::copy(
            from.path(&format!("clients/alice/{file}")),
            mixed.path().join(file),
        )?;
    }
    let mismatched = doctor(
        config.path(),
        &[
            "--offline",
            "--host",
            "tcp://docker.test:2376",
            "--cert-path",
            &mixed.path().display().to_string(),
        ],
        &[],
    )?;
    ensure!(
        mismatched.status.code() == Some(1),
        "{}",
        stdout(&mismatched)
    );
    ensure!(
        stdout(&mismatched).contains("tls: private key does not match public key"),
        "{}",
        stdout(&mismatched)
    );

    // Bad input: exit 2, one line naming what to give.
    for (args, envs, expected) in [
        (
            &["--host", "unix:///var/run/docker.sock"][..],
            &[][..],
            "host: DOCKER_HOST is `unix:///var/run/docker.sock`: TLS needs a tcp:// address",
        ),
        (
            &[][..],
            &[][..],
            "host: DOCKER_HOST is not set and no docker context is chosen",
        ),
        (
            &["--context", "missing"][..],
            &[][..],
            "context: `missing` (--context) is not in ",
        ),
    ] {
        let output = doctor(config.path(), args, envs)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(
            output.status.code() == Some(2)
                && stderr.starts_with(&format!("portcullis: {expected}"))
                && stderr.lines().count() == 1,
            "doctor {args:?}: {:?} {stderr}",
            output.status.code()
        );
    }
    Ok(())
}

/// For each broken client folder docker refuses before it connects, the words doctor quotes
/// are in what the real docker CLI printed (no daemon needed: docker fails while loading the
/// files).
#[test]
fn doctors_quotes_for_broken_files_are_dockers_words() -> Result<()> {
    let bundle = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--client",
        "bob",
    ])?;
    let config = tempfile::tempdir()?;
    let folders = tempfile::tempdir()?;
    let file = |client: &str, name: &str| bundle.path(&format!("clients/{client}/{name}"));
    // (folder, its ca.pem, cert.pem and key.pem: a bundle's file, or None for text of its own)
    let cases: [(&str, [Result<std::path::PathBuf, &str>; 3]); 6] = [
        (
            "mismatched key",
            [
                Ok(file("alice", "ca.pem")),
                Ok(file("alice", "cert.pem")),
                Ok(file("bob", "key.pem")),
            ],
        ),
        (
            "not a key",
            [
                Ok(file("alice", "ca.pem")),
                Ok(file("alice", "cert.pem")),
                Err("junk\n"),
            ],
        ),
        (
            "not a certificate",
            [
                Ok(file("alice", "ca.pem")),
                Err("junk\n"),
                Ok(file("alice", "key.pem")),
            ],
        ),
        (
            "not a CA",
            [
                Err("junk\n"),
                Ok(file("alice", "cert.pem")),
                Ok(file("alice", "key.pem")),
            ],
        ),
        (
            "no ca.pem",
            [
                Err(""),
                Ok(file("alice", "cert.pem")),
                Ok(file("alice", "key.pem")),
            ],
        ),
        (
            "encrypted key",
            [
                Ok(file("alice", "ca.pem")),
                Ok(file("alice", "cert.pem")),
                Err("encrypt"),
            ],
        ),
    ];
    for (name, files) in cases {
        let folder = folders.path().join(name.replace(' ', "-"));
        std::fs::create_dir(&folder)?;
        for (source, target) in files.iter().zip(["ca.pem", "cert.pem", "key.pem"]) {
            match source {
                Ok(path) => {
                    std::fs::copy(path, folder.join(target))?;
                }
                Err("") => {}
                Err("encrypt") => {
                    run(Command::new("openssl")
                        .args([
                            "pkcs8",
                            "-topk8",
                            "-v2",
                            "aes-256-cbc",
                            "-passout",
                            "pass:a passphrase",
                            "-in",
                        ])
                        .arg(file("alice", "key.pem"))
                        .arg("-out")
                        .arg(folder.join(target)))?;
                }
                Err(text) => std::fs::write(folder.join(target), text)?,
            }
        }
        let docker_said = Command::new("docker")
            .env("DOCKER_CONFIG", config.path())
            .env("DOCKER_HOST", "tcp://127.0.0.1:1")
            .env("DOCKER_TLS_VERIFY", "1")
            .env("DOCKER_CERT_PATH", &folder)
            .env_remove("DOCKER_CONTEXT")
            .arg("version")
            .output()?;
        let docker_said = String::from_utf8_lossy(&docker_said.stderr).into_owned();
        let doctor_said = doctor(
            config.path(),
            &[
                "--offline",
                "--host",
                "tcp://127.0.0.1:1",
                "--cert-path",
                &folder.display().to_string(),
            ],
            &[],
        )?;
        ensure!(
            doctor_said.status.code() == Some(1),
            "{name}: doctor: {}",
            stdout(&doctor_said)
        );
        let quotes: Vec<String> = stdout(&doctor_said)
            .lines()
            .filter(|line| line.starts_with("error:"))
            .filter_map(|line| line.split("(docker says: \"").nth(1))
            .filter_map(|rest| rest.split("\")").next())
            .map(str::to_owned)
            .collect();
        ensure!(
            !quotes.is_empty(),
            "{name}: doctor quotes nothing: {}",
            stdout(&doctor_said)
        );
        for quote in &quotes {
            ensure!(
                docker_said.contains(quote.as_str()),
                "{name}: doctor says docker prints {quote:?}, docker printed: {docker_said}"
            );
        }
    }
    Ok(())
}
