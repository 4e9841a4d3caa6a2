//! The `portcullis` binary as a user meets it: bad input gets one line on stderr that names the
//! field and the fix, exit status 2, no file written and no panic.

use std::path::Path;

use anyhow::{Result, ensure};
use portcullis_tests::{
    CA_PASSPHRASE, UnpackedBundle, advice_names_real_options, make_bundle, portcullis, unpack_zip,
};

/// A valid command line; each case replaces or adds a few flags.
const GOOD: &[&str] = &[
    "bundle",
    "--out",
    "out.zip",
    "--server-dns",
    "docker.example.com",
    "--client",
    "alice",
    "--ca-passphrase-env",
    "CA_PW",
];

struct Case {
    /// What the case is about, for the failure message.
    about: &'static str,
    /// Flags that replace GOOD's flags of the same name (flag, value) or are added.
    args: &'static [&'static str],
    /// Flags of GOOD to drop.
    drop: &'static [&'static str],
    /// The passphrase in CA_PW (None: unset).
    passphrase: Option<&'static str>,
    /// The message must start with this (after `portcullis: `) …
    starts: &'static str,
    /// … and contain this (the fix).
    contains: &'static str,
}

const CASES: &[Case] = &[
    Case {
        about: "empty DNS label",
        args: &["--server-dns", "foo..example.com"],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: `foo..example.com` has an empty label",
        contains: "remove the extra dot",
    },
    Case {
        about: "empty DNS name",
        args: &["--server-dns", ""],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: empty",
        contains: "docker.example.com",
    },
    Case {
        about: "over-long DNS label",
        args: &[
            "--server-dns",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com",
        ],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: ",
        contains: "a label has at most 63",
    },
    Case {
        about: "invalid character",
        args: &["--server-dns", "docker_host.example.com"],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: `docker_host.example.com` contains `_`",
        contains: "only letters, digits, hyphens and dots",
    },
    Case {
        about: "trailing dot",
        args: &["--server-dns", "docker.example.com."],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: `docker.example.com.` ends with a dot",
        contains: "write `docker.example.com`",
    },
    Case {
        about: "IP given as DNS name",
        args: &["--server-dns", "192.0.2.10"],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: `192.0.2.10` is an IP address",
        contains: "--server-ip",
    },
    Case {
        about: "0.0.0.0",
        args: &["--server-ip", "0.0.0.0"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server IP address: `0.0.0.0` is the wildcard listen address",
        contains: "give the host's real address",
    },
    Case {
        about: "::",
        args: &["--server-ip", "::"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server IP address: `::` is the wildcard listen address",
        contains: "give the host's real address",
    },
    Case {
        about: "DNS name given as IP",
        args: &["--server-ip", "docker.example.com"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server IP address: `docker.example.com` is not an IP address",
        contains: "--server-dns",
    },
    Case {
        about: "duplicate DNS names",
        args: &[
            "--server-dns",
            "docker.example.com",
            "--server-dns",
            "DOCKER.example.com",
        ],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server DNS name: `docker.example.com` is listed twice",
        contains: "list each name once",
    },
    Case {
        about: "duplicate IPs",
        args: &["--server-ip", "192.0.2.10,192.0.2.10"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server IP address: `192.0.2.10` is listed twice",
        contains: "once",
    },
    Case {
        about: "no server name at all",
        args: &[],
        drop: &["--server-dns"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server names: none given",
        contains: "--server-dns",
    },
    Case {
        about: "validity 0",
        args: &["--server-days", "0"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "server validity: 0 days",
        contains: "at least 1 day",
    },
    Case {
        about: "negative validity",
        args: &["--client-days", "-3"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client validity: -3 days",
        contains: "at least 1 day",
    },
    Case {
        about: "validity past the CA",
        args: &[
            "--ca-days",
            "100",
            "--server-days",
            "50",
            "--client-days",
            "200",
        ],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client validity: 200 days would outlast the CA (100 days)",
        contains: "use --client-days 100 or less, or raise --ca-days",
    },
    Case {
        about: "validity not a number",
        args: &["--ca-days", "ten"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "CA validity: `ten` is not a whole number of days",
        contains: "365",
    },
    Case {
        about: "port 0",
        args: &["--port", "0"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "port: 0 is not a usable port",
        contains: "2376",
    },
    Case {
        about: "port above 65535",
        args: &["--port", "65536"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "port: 65536 is above 65535",
        contains: "2376",
    },
    Case {
        about: "short passphrase",
        args: &[],
        drop: &[],
        passphrase: Some("short"),
        starts: "CA passphrase: only 5 characters",
        contains: "at least 8",
    },
    Case {
        about: "passphrase variable unset",
        args: &[],
        drop: &[],
        passphrase: None,
        starts: "CA passphrase: the environment variable `CA_PW` is not set",
        contains: "--ca-passphrase-file",
    },
    Case {
        about: "no passphrase source",
        args: &[],
        drop: &["--ca-passphrase-env"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "CA passphrase: none given",
        contains: "--no-ca-passphrase",
    },
    Case {
        about: "passphrase file missing",
        args: &["--ca-passphrase-file", "no-such-file"],
        drop: &["--ca-passphrase-env"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "CA passphrase: cannot read `no-such-file`",
        contains: "check the path",
    },
    Case {
        about: "client name with a slash",
        args: &["--client", "../evil"],
        drop: &["--client"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client name: `../evil` contains `/`",
        contains: "folder name",
    },
    Case {
        about: "client name with a space",
        args: &["--client", "alice smith"],
        drop: &["--client"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client name: `alice smith` contains ` `",
        contains: "letters, digits",
    },
    Case {
        about: "client name starting with a dot",
        args: &["--client", ".."],
        drop: &["--client"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client name: `..` must start with a letter or digit",
        contains: "folder name",
    },
    Case {
        about: "clients colliding as folders",
        args: &["--client", "alice", "--client", "Alice"],
        drop: &["--client"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client name: `Alice` is listed twice",
        contains: "own name",
    },
    Case {
        about: "no client",
        args: &[],
        drop: &["--client"],
        passphrase: Some(CA_PASSPHRASE),
        starts: "client name: none given",
        contains: "--client NAME",
    },
    Case {
        about: "unknown key type",
        args: &["--key-type", "rsa-1024"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "key type: `rsa-1024` is not supported",
        contains: "ecdsa-p256",
    },
    Case {
        about: "CA name too long",
        args: &[
            "--ca-cn",
            "A CA name that goes on and on and on well past the sixty-four character limit",
        ],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "CA name: ",
        contains: "at most 64",
    },
    Case {
        about: "two passphrase sources",
        args: &["--no-ca-passphrase"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "the argument '--ca-passphrase-env <VAR>' cannot be used with '--no-ca-passphrase'",
        contains: "portcullis bundle --help",
    },
    Case {
        about: "an existing CA certificate without its key",
        args: &["--ca-cert", "ca.pem"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "the following required arguments were not provided: --ca-key <FILE>",
        contains: "portcullis bundle --help",
    },
    Case {
        about: "an existing CA with a CA name",
        args: &[
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca-key.pem",
            "--ca-cn",
            "X",
        ],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "the argument '--ca-cert <FILE>' cannot be used with '--ca-cn <TEXT>'",
        contains: "portcullis bundle --help",
    },
    Case {
        about: "an existing CA certificate that is not there",
        args: &["--ca-cert", "missing.pem", "--ca-key", "missing-key.pem"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "CA certificate: cannot read `missing.pem`",
        contains: "--ca-cert",
    },
    Case {
        about: "a README language Portcullis does not write",
        args: &["--lang", "fr"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "language: `fr` is not a language Portcullis writes",
        contains: "use en (the default), de or ja",
    },
    Case {
        about: "unknown flag",
        args: &["--server-name", "x"],
        drop: &[],
        passphrase: Some(CA_PASSPHRASE),
        starts: "unexpected argument '--server-name' found",
        contains: "portcullis bundle --help",
    },
];

fn command_line(case: &Case) -> Vec<&'static str> {
    let mut args = Vec::new();
    let mut good = GOOD.iter();
    while let Some(arg) = good.next() {
        if arg.starts_with("--") && case.drop.contains(arg) {
            good.next();
        } else {
            args.push(*arg);
        }
    }
    args.extend_from_slice(case.args);
    args
}

#[test]
fn bad_input_is_refused_in_one_line_with_exit_2_and_nothing_written() -> Result<()> {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = tempfile::tempdir()?;
        let args = command_line(case);
        let envs: Vec<(&str, &str)> = case.passphrase.map(|p| ("CA_PW", p)).into_iter().collect();
        let output = portcullis(dir.path(), &args, &envs)?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let message = stderr
            .trim_end()
            .strip_prefix("portcullis: ")
            .unwrap_or(&stderr);
        let problems = [
            (
                output.status.code() != Some(2),
                format!("exit status {:?}, not 2", output.status.code()),
            ),
            (
                stderr.trim_end().lines().count() != 1,
                "not exactly one line".to_owned(),
            ),
            (
                !message.starts_with(case.starts),
                format!("does not start with {:?}", case.starts),
            ),
            (
                !message.contains(case.contains),
                format!("does not contain {:?}", case.contains),
            ),
            (stderr.contains("panicked"), "panicked".to_owned()),
            (
                advice_names_real_options("bundle", message, &args).is_err(),
                "advises an option `bundle` does not have".to_owned(),
            ),
            (!output.stdout.is_empty(), "printed to stdout".to_owned()),
            (!dir_is_empty(dir.path())?, "wrote a file".to_owned()),
            (
                case.passphrase.is_some_and(|p| stderr.contains(p)),
                "echoed the passphrase".to_owned(),
            ),
        ];
        for (failed, why) in problems {
            if failed {
                failures.push(format!("{}: {why}; stderr: {stderr:?}", case.about));
            }
        }
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

fn dir_is_empty(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

#[test]
fn an_existing_output_is_kept_unless_forced() -> Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("out.zip"), b"precious")?;
    let envs = [("CA_PW", CA_PASSPHRASE)];
    let output = portcullis(dir.path(), GOOD, &envs)?;
    ensure!(output.status.code() == Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    advice_names_real_options("bundle", &stderr, &[])?;
    ensure!(
        stderr.starts_with(
            "portcullis: output: `out.zip` already exists; choose another --out or add --force"
        ),
        "{stderr}"
    );
    ensure!(
        std::fs::read(dir.path().join("out.zip"))? == b"precious",
        "overwritten"
    );

    let forced: Vec<&str> = GOOD.iter().copied().chain(["--force"]).collect();
    let output = portcullis(dir.path(), &forced, &envs)?;
    ensure!(output.status.success(), "{output:?}");
    ensure!(
        std::fs::read(dir.path().join("out.zip"))?.starts_with(b"PK"),
        "not replaced by a zip"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())?.collect::<Result<_, _>>()?;
    ensure!(
        names.len() == 1,
        "a temporary file was left behind: {names:?}"
    );
    Ok(())
}

#[test]
fn passphrase_file_and_lists_and_warnings() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // A file written by `echo` ends with a newline, which is not part of the passphrase.
    std::fs::write(dir.path().join("pw"), format!("{CA_PASSPHRASE}\n"))?;
    let output = portcullis(
        dir.path(),
        &[
            "bundle",
            "--out",
            "b.zip",
            "--server-dns",
            "nas",
            "--server-ip",
            "192.0.2.1,2001:db8::1",
            "--client",
            "a",
            "b",
            "--ca-passphrase-file",
            "pw",
        ],
        &[],
    )?;
    ensure!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    ensure!(
        stdout.contains("server nas, 192.0.2.1, 2001:db8::1 on port 2376, clients a, b"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(
        stderr.contains("portcullis: warning: server DNS name `nas` has no dots"),
        "{stderr}"
    );

    let unzip = std::process::Command::new("unzip")
        .args(["-p", "b.zip", "docker-tls-nas/ca/ca-key.pem"])
        .current_dir(dir.path())
        .output()?;
    let checked = std::process::Command::new("openssl")
        .args([
            "pkey",
            "-passin",
            &format!("pass:{CA_PASSPHRASE}"),
            "-noout",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .map(|mut stdin| stdin.write_all(&unzip.stdout));
            child.wait()
        })?;
    ensure!(
        checked.success(),
        "the passphrase from the file (without its newline) does not open the CA key"
    );
    Ok(())
}

#[test]
fn unencrypted_ca_key_only_on_request_and_with_a_warning() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let output = portcullis(
        dir.path(),
        &[
            "bundle",
            "--out",
            "b.zip",
            "--server-dns",
            "docker.example.com",
            "--client",
            "a",
            "--no-ca-passphrase",
        ],
        &[],
    )?;
    ensure!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(
        stderr.contains("warning: CA key: stored without a passphrase"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn inspect_refuses_what_it_cannot_read() -> Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("junk.pem"),
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    )?;
    std::fs::write(
        dir.path().join("rsa.pem"),
        "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n",
    )?;
    for (file, expected) in [
        ("missing.pem", "inspect: cannot read `missing.pem`"),
        ("junk.pem", "document: the PEM text is damaged"),
        (
            "rsa.pem",
            "document: a PEM block `DSA PRIVATE KEY` is not a certificate, CSR or private key",
        ),
    ] {
        let output = portcullis(dir.path(), &["inspect", file], &[])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(output.status.code() == Some(2), "{file}: {output:?}");
        advice_names_real_options("inspect", &stderr, &[])?;
        ensure!(
            stderr.starts_with(&format!("portcullis: {expected}")),
            "{file}: {stderr}"
        );
        ensure!(stderr.trim_end().lines().count() == 1, "{file}: {stderr}");
    }
    Ok(())
}

/// A device or a huge file given by mistake (or on purpose) is refused after a bounded read,
/// never read until memory runs out; a document just over the core's limit is refused by the
/// core, naming its field.
#[test]
fn endless_and_oversized_inputs_are_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let big = format!(
        "-----BEGIN CERTIFICATE REQUEST-----\n{}\n",
        "A".repeat(portcullis_pki::MAX_DOCUMENT_BYTES)
    );
    std::fs::write(dir.path().join("big.csr"), big)?;
    let bundle = |csr: &str| {
        vec![
            "bundle",
            "--out",
            "b.zip",
            "--server-dns",
            "localhost",
            "--client",
            "alice",
            "--no-ca-passphrase",
            "--server-csr",
        ]
        .into_iter()
        .chain([csr])
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    let cases: [(Vec<String>, String); 4] = [
        (
            vec!["inspect".into(), "/dev/zero".into()],
            "document: `/dev/zero` is larger than".into(),
        ),
        (
            bundle("/dev/zero"),
            "CSR: `/dev/zero` is larger than".into(),
        ),
        (
            bundle("big.csr"),
            "CSR: 1048613 bytes, more than the 1048576 bytes any real one needs".into(),
        ),
        (
            [
                "bundle",
                "--out",
                "b.zip",
                "--server-dns",
                "localhost",
                "--client",
                "alice",
                "--ca-passphrase-file",
                "/dev/zero",
            ]
            .map(str::to_owned)
            .to_vec(),
            "CA passphrase: `/dev/zero` is far too large for a passphrase".into(),
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = portcullis(dir.path(), &args, &[])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        ensure!(output.status.code() == Some(2), "{args:?}: {output:?}");
        ensure!(
            stderr.starts_with(&format!("portcullis: {expected}")),
            "{args:?}: {stderr}"
        );
        ensure!(stderr.trim_end().lines().count() == 1, "{args:?}: {stderr}");
        advice_names_real_options(args[0], &stderr, &[])?;
        ensure!(!dir.path().join("b.zip").exists(), "{args:?} wrote b.zip");
    }
    Ok(())
}

#[test]
fn the_readme_speaks_the_language_asked_for_or_the_locales() -> Result<()> {
    let heading = |bundle: &UnpackedBundle| -> Result<String> {
        Ok(bundle
            .text("README.md")?
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned())
    };
    let german = make_bundle(&[
        "--server-dns",
        "docker.example.com",
        "--client",
        "alice",
        "--lang",
        "de",
    ])?;
    ensure!(
        heading(&german)? == "# Docker über gegenseitiges TLS für docker.example.com",
        "{}",
        heading(&german)?
    );
    // Scripts and configuration stay English: the same bytes as without --lang.
    let english = make_bundle(&["--server-dns", "docker.example.com", "--client", "alice"])?;
    for file in [
        "server/install.sh",
        "server/override.conf",
        "clients/alice/env.sh",
    ] {
        ensure!(german.text(file)? == english.text(file)?, "{file} differs");
    }
    ensure!(german.text("README.md")? != english.text("README.md")?);

    // No flag: the locale's language, LC_ALL before LANG.
    for (envs, expected) in [
        (
            vec![("LANG", "ja_JP.UTF-8")],
            "# docker.example.com のための相互 TLS による Docker",
        ),
        (
            vec![("LANG", "ja_JP.UTF-8"), ("LC_ALL", "de_AT.UTF-8")],
            "# Docker über gegenseitiges TLS für docker.example.com",
        ),
        (
            vec![("LANG", "fr_FR.UTF-8")],
            "# Docker over mutual TLS for docker.example.com",
        ),
    ] {
        let dir = tempfile::tempdir()?;
        let mut all = vec![("TEST_CA_PASSPHRASE", CA_PASSPHRASE)];
        all.extend(envs.iter().copied());
        let output = portcullis(
            dir.path(),
            &[
                "bundle",
                "--out",
                "bundle.zip",
                "--ca-passphrase-env",
                "TEST_CA_PASSPHRASE",
                "--server-dns",
                "docker.example.com",
                "--client",
                "alice",
            ],
            &all,
        )?;
        ensure!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bundle = unpack_zip(&dir.path().join("bundle.zip"))?;
        ensure!(
            heading(&bundle)? == expected,
            "{envs:?}: {}",
            heading(&bundle)?
        );
        // What the command prints stays English whatever the locale.
        ensure!(String::from_utf8_lossy(&output.stdout).starts_with("Wrote "));
    }
    Ok(())
}
