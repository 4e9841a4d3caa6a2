//! The bundle's scripts run by the shells and tools they are written for: install.sh (staged with
//! DESTDIR, so systemd is left alone), env.sh, the openssl teaching script and the README's
//! renewal commands.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Context, Result, ensure};
use portcullis_tests::{CA_PASSPHRASE, UnpackedBundle, make_bundle, portcullis, run, unpack_zip};

fn bundle(key_type: &str) -> Result<UnpackedBundle> {
    make_bundle(&[
        "--key-type",
        key_type,
        "--server-dns",
        "docker.test",
        "--server-ip",
        "192.0.2.10",
        "--client",
        "alice",
        "--port",
        "12376",
    ])
}

/// Runs `sh server/install.sh ARGS` staged under `root`, with a fake `dockerd` first on PATH.
fn install(bundle: &UnpackedBundle, root: &Path, args: &[&str]) -> Result<Output> {
    let fake_bin = bundle.dir.path().join("fake-bin");
    fs::create_dir_all(&fake_bin)?;
    let dockerd = fake_bin.join("dockerd");
    fs::write(&dockerd, "#!/bin/sh\nexit 0\n")?;
    fs::set_permissions(&dockerd, fs::Permissions::from_mode(0o755))?;
    let path = format!(
        "{}:{}",
        fake_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Ok(Command::new("sh")
        .arg(bundle.path("server/install.sh"))
        .args(args)
        .env("DESTDIR", root)
        .env("PATH", path)
        .current_dir("/")
        .output()?)
}

fn mode(path: &Path) -> Result<u32> {
    Ok(fs::metadata(path)
        .with_context(|| format!("{} missing", path.display()))?
        .permissions()
        .mode()
        & 0o777)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn install_sh_places_files_with_tight_modes_and_can_run_twice() -> Result<()> {
    ensure!(
        is_root(),
        "install.sh refuses to run as non-root; run the tests as root"
    );
    let bundle = bundle("ecdsa-p256")?;
    let root = bundle.dir.path().join("root");
    let fake_dockerd = bundle.dir.path().join("fake-bin/dockerd");
    let mut snapshots = Vec::new();
    for _ in 0..2 {
        let output = install(&bundle, &root, &[])?;
        ensure!(
            output.status.success(),
            "install.sh failed: {}",
            stderr(&output)
        );
        let tls = root.join("etc/docker/tls");
        ensure!(mode(&tls)? == 0o700, "tls dir mode");
        ensure!(mode(&tls.join("ca.pem"))? == 0o444, "ca.pem mode");
        ensure!(
            mode(&tls.join("server-cert.pem"))? == 0o444,
            "server-cert.pem mode"
        );
        ensure!(
            mode(&tls.join("server-key.pem"))? == 0o400,
            "server-key.pem mode"
        );
        ensure!(
            fs::read(tls.join("server-key.pem"))?
                == fs::read(bundle.path("server/server-key.pem"))?
        );
        let dropin = root.join("etc/systemd/system/docker.service.d/override.conf");
        let text = fs::read_to_string(&dropin)?;
        let expected = bundle.text("server/override.conf")?.replace(
            "ExecStart=/usr/bin/dockerd ",
            &format!("ExecStart={} ", fake_dockerd.display()),
        );
        ensure!(
            text == expected,
            "the drop-in is not override.conf with the real dockerd path:\n{text}"
        );
        ensure!(
            !root.join("etc/docker/daemon.json").exists(),
            "the flags method wrote daemon.json"
        );
        snapshots.push(text);
    }
    ensure!(
        snapshots[0] == snapshots[1],
        "a second run changed the drop-in"
    );
    let leftovers: Vec<_> =
        fs::read_dir(root.join("etc/systemd/system/docker.service.d"))?.collect();
    ensure!(leftovers.len() == 1, "temporary files left: {leftovers:?}");
    Ok(())
}

/// A host that made its own key (a CSR): install.sh refuses until the key is in place, then
/// installs the rest and leaves the key as it is.
#[test]
fn install_sh_with_the_hosts_own_key() -> Result<()> {
    ensure!(
        is_root(),
        "install.sh refuses to run as non-root; run the tests as root"
    );
    let dir = tempfile::tempdir()?;
    run(Command::new("sh")
        .args([
            "-ec",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out host-key.pem
             openssl req -new -key host-key.pem -subj /CN=docker.test -out host.csr",
        ])
        .current_dir(dir.path()))?;
    let csr = dir.path().join("host.csr");
    let bundle = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--server-csr",
        &csr.to_string_lossy(),
    ])?;
    ensure!(
        !bundle.path("server/server-key.pem").exists(),
        "the bundle holds a server key though the host made its own"
    );
    let root = bundle.dir.path().join("root");
    let refused = install(&bundle, &root, &[])?;
    ensure!(
        !refused.status.success()
            && stderr(&refused).contains("no server-key.pem here or in /etc/docker/tls"),
        "install.sh ran without any server key: {}",
        stderr(&refused)
    );
    let tls = root.join("etc/docker/tls");
    fs::create_dir_all(&tls)?;
    fs::copy(dir.path().join("host-key.pem"), tls.join("server-key.pem"))?;
    fs::set_permissions(
        tls.join("server-key.pem"),
        fs::Permissions::from_mode(0o400),
    )?;
    let output = install(&bundle, &root, &[])?;
    ensure!(
        output.status.success(),
        "install.sh failed: {}",
        stderr(&output)
    );
    ensure!(
        fs::read(tls.join("server-key.pem"))? == fs::read(dir.path().join("host-key.pem"))?,
        "install.sh replaced the host's own key"
    );
    // The certificate is the one for that key.
    let cert_key = run(Command::new("openssl")
        .args(["x509", "-noout", "-pubkey", "-in"])
        .arg(tls.join("server-cert.pem")))?;
    let host_key = run(Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(dir.path().join("host-key.pem")))?;
    ensure!(
        cert_key.stdout == host_key.stdout,
        "the certificate is for another key"
    );
    Ok(())
}

#[test]
fn install_sh_daemon_json_method_and_its_conflicts() -> Result<()> {
    ensure!(is_root(), "run the tests as root");
    let bundle = bundle("ed25519")?;
    let root = bundle.dir.path().join("root");
    let output = install(&bundle, &root, &["--daemon-json"])?;
    ensure!(
        output.status.success(),
        "install.sh --daemon-json failed: {}",
        stderr(&output)
    );
    let daemon_json = root.join("etc/docker/daemon.json");
    ensure!(fs::read_to_string(&daemon_json)? == bundle.text("server/daemon.json")?);
    let dropin =
        fs::read_to_string(root.join("etc/systemd/system/docker.service.d/override.conf"))?;
    let exec: Vec<&str> = dropin
        .lines()
        .filter(|l| l.starts_with("ExecStart="))
        .collect();
    ensure!(exec.len() == 2 && exec[0] == "ExecStart=", "{dropin}");
    ensure!(
        !exec[1].contains(" -H "),
        "the daemon.json drop-in sets hosts too: {}",
        exec[1]
    );
    // Again: idempotent.
    let again = install(&bundle, &root, &["--daemon-json"])?;
    ensure!(
        again.status.success(),
        "second --daemon-json run failed: {}",
        stderr(&again)
    );

    // Now the flags method would set hosts twice: refused, nothing changed.
    let clash = install(&bundle, &root, &[])?;
    ensure!(clash.status.code() == Some(1), "{clash:?}");
    ensure!(
        stderr(&clash).contains("sets hosts or tls keys, which clash with the flags"),
        "{}",
        stderr(&clash)
    );
    ensure!(
        fs::read_to_string(root.join("etc/systemd/system/docker.service.d/override.conf"))?
            == dropin
    );

    // A daemon.json with the operator's own settings is never overwritten.
    let other_root = bundle.dir.path().join("other");
    fs::create_dir_all(other_root.join("etc/docker"))?;
    fs::write(
        other_root.join("etc/docker/daemon.json"),
        "{\"log-driver\": \"journald\"}\n",
    )?;
    let refused = install(&bundle, &other_root, &["--daemon-json"])?;
    ensure!(refused.status.code() == Some(1), "{refused:?}");
    ensure!(
        stderr(&refused).contains("merge the keys"),
        "{}",
        stderr(&refused)
    );
    ensure!(
        fs::read_to_string(other_root.join("etc/docker/daemon.json"))?
            == "{\"log-driver\": \"journald\"}\n"
    );

    let unknown = install(&bundle, &root, &["--yes"])?;
    ensure!(unknown.status.code() == Some(2), "{unknown:?}");
    Ok(())
}

#[test]
fn install_sh_refuses_to_run_as_non_root() -> Result<()> {
    let bundle = bundle("ecdsa-p256")?;
    let script = bundle.dir.path().join("install.sh");
    fs::copy(bundle.path("server/install.sh"), &script)?;
    fs::set_permissions(bundle.dir.path(), fs::Permissions::from_mode(0o755))?;
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "sh"])
        .arg(&script)
        .current_dir("/")
        .output()
        .context("setpriv (util-linux) runs the script as nobody")?;
    ensure!(output.status.code() == Some(1), "{output:?}");
    ensure!(
        stderr(&output).starts_with("install.sh: must run as root"),
        "{}",
        stderr(&output)
    );
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn env_sh_points_docker_at_its_own_folder_from_anywhere() -> Result<()> {
    let bundle = bundle("ecdsa-p256")?;
    let env_sh = bundle.path("clients/alice/env.sh");
    let folder = fs::canonicalize(bundle.path("clients/alice"))?;
    let expected = format!("tcp://docker.test:12376|1|{}", folder.display());
    let print = r#"echo "$DOCKER_HOST|$DOCKER_TLS_VERIFY|$DOCKER_CERT_PATH""#;

    let bash = run(Command::new("bash")
        .arg("-c")
        .arg(format!(". '{}' && {print}", env_sh.display()))
        .current_dir("/"))?;
    ensure!(
        String::from_utf8_lossy(&bash.stdout).trim() == expected,
        "bash: {bash:?}"
    );

    // POSIX sh cannot tell a sourced file's path: it works from the file's own folder.
    let dash = run(Command::new("sh")
        .arg("-c")
        .arg(format!(". ./env.sh && {print}"))
        .current_dir(&folder))?;
    ensure!(
        String::from_utf8_lossy(&dash.stdout).trim() == expected,
        "sh: {dash:?}"
    );

    let executed = Command::new("bash").arg(&env_sh).output()?;
    ensure!(
        !executed.status.success(),
        "running env.sh instead of sourcing it must fail"
    );
    ensure!(
        stderr(&executed).contains("source this file"),
        "{}",
        stderr(&executed)
    );
    Ok(())
}

/// `openssl/commands.sh` really builds an equivalent PKI: openssl verifies it, and its server
/// certificate names the same SANs as ours.
#[test]
fn openssl_teaching_script_builds_an_equivalent_pki() -> Result<()> {
    for key_type in ["ecdsa-p384", "ed25519", "rsa-2048"] {
        let bundle = bundle(key_type)?;
        let out = bundle.dir.path().join("openssl-pki");
        let output = Command::new("sh")
            .arg(bundle.path("openssl/commands.sh"))
            .arg(&out)
            .env("CA_PASSPHRASE", CA_PASSPHRASE)
            .current_dir("/")
            .output()?;
        ensure!(
            output.status.success(),
            "{key_type}: commands.sh failed: {}",
            stderr(&output)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        ensure!(
            stdout.contains("server/server-cert.pem: OK"),
            "{key_type}: {stdout}"
        );
        ensure!(
            stdout.contains("clients/alice/cert.pem: OK"),
            "{key_type}: {stdout}"
        );
        // The extensions as openssl prints them, as a set: the order of extensions differs.
        let extensions = |dir: &Path| -> Result<Vec<String>> {
            let output = run(Command::new("openssl")
                .args([
                    "x509",
                    "-noout",
                    "-ext",
                    "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints",
                    "-in",
                    "server/server-cert.pem",
                ])
                .current_dir(dir))?;
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            let mut blocks: Vec<String> = text
                .split("X509v3 ")
                .filter(|block| !block.trim().is_empty())
                .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            blocks.sort();
            Ok(blocks)
        };
        let ours = extensions(&bundle.root)?;
        ensure!(ours.len() == 4, "{key_type}: {ours:?}");
        ensure!(
            extensions(&out)? == ours,
            "{key_type}: openssl's server certificate differs from ours"
        );
        let asn1 = run(Command::new("openssl")
            .args(["asn1parse", "-in", "ca/ca-key.pem"])
            .current_dir(&out))?;
        ensure!(
            String::from_utf8_lossy(&asn1.stdout).contains(":0927C0"),
            "{key_type}: the script's CA key is not encrypted with 600000 rounds"
        );
    }
    Ok(())
}

/// The README's renewal commands, run as written (plus the passphrase and the zip's path):
/// `portcullis renew` writes a renewed bundle, and openssl renews the server certificate with
/// the same key, the same names and a new serial, trusted by the same CA.
#[test]
fn readme_renewal_commands_work() -> Result<()> {
    let bundle = bundle("ecdsa-p256")?;
    let readme = bundle.text("README.md")?;
    let section = readme
        .split("## 5. Renew")
        .nth(1)
        .context("no renewal section")?;
    let blocks: Vec<&str> = section
        .split("```sh\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    ensure!(
        blocks.len() == 3,
        "expected blocks of renewal commands (portcullis, openssl) and of CA rotation: {blocks:?}"
    );

    // The portcullis commands as written, with this bundle's zip.
    let as_written = |block: &str, what: &str| -> Result<()> {
        let line = block
            .trim()
            .replace("THIS-BUNDLE.zip", &bundle.zip.display().to_string());
        let args: Vec<&str> = line
            .strip_prefix("portcullis ")
            .with_context(|| format!("the {what} block does not run portcullis: {line}"))?
            .split(' ')
            .collect();
        let output = portcullis(&bundle.root, &args, &[("CA_PASSPHRASE", CA_PASSPHRASE)])?;
        ensure!(output.status.success(), "{line}: {output:?}");
        Ok(())
    };
    as_written(blocks[0], "renewal")?;
    as_written(blocks[2], "CA rotation")?;
    let rotated = unpack_zip(&bundle.root.join("rotated.zip"))?;
    ensure!(
        rotated.text("ca/old-ca.pem")? == bundle.text("ca/ca.pem")?,
        "the README's rotate-ca command did not replace this bundle's CA"
    );
    let renewed = unpack_zip(&bundle.root.join("renewed.zip"))?;
    let serial = |root: &Path| -> Result<String> {
        let out = run(Command::new("openssl")
            .args(["x509", "-noout", "-serial", "-in", "server/server-cert.pem"])
            .current_dir(root))?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    ensure!(
        serial(&renewed.root)? != serial(&bundle.root)?,
        "portcullis renew kept the serial"
    );
    run(Command::new("openssl")
        .args(["verify", "-CAfile"])
        .arg(bundle.path("ca/ca.pem"))
        .args(["-purpose", "sslserver", "server/server-cert.pem"])
        .current_dir(&renewed.root))?;

    let block = blocks[1];
    // Joined continuation lines; the install step needs the real host.
    let script = block.replace("\\\n", " ");
    let commands: Vec<String> = script
        .lines()
        .filter(|line| !line.starts_with("sudo "))
        .map(|line| {
            line.replace(
                "-CAkey ca/ca-key.pem",
                "-CAkey ca/ca-key.pem -passin env:CA_PASSPHRASE",
            )
        })
        .collect();
    ensure!(
        commands.len() == 2,
        "expected the req and x509 commands: {commands:?}"
    );
    let root = &bundle.root;
    let before = run(Command::new("openssl")
        .args(["x509", "-noout", "-serial", "-in", "server/server-cert.pem"])
        .current_dir(root))?;
    // The renewed certificate replaces a read-only file, as it would for the user.
    fs::set_permissions(bundle.path("server"), fs::Permissions::from_mode(0o755))?;
    fs::remove_file(bundle.path("server/server-cert.pem"))?;
    run(Command::new("sh")
        .arg("-ec")
        .arg(commands.join("\n"))
        .env("CA_PASSPHRASE", CA_PASSPHRASE)
        .current_dir(root))?;
    let after = run(Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-serial",
            "-ext",
            "subjectAltName",
            "-in",
            "server/server-cert.pem",
        ])
        .current_dir(root))?;
    let after = String::from_utf8_lossy(&after.stdout);
    ensure!(
        !after.contains(String::from_utf8_lossy(&before.stdout).trim()),
        "same serial after renewal"
    );
    ensure!(
        after.contains("DNS:docker.test, IP Address:192.0.2.10"),
        "{after}"
    );
    run(Command::new("openssl")
        .args([
            "verify",
            "-CAfile",
            "ca/ca.pem",
            "-purpose",
            "sslserver",
            "server/server-cert.pem",
        ])
        .current_dir(root))?;
    Ok(())
}

#[test]
fn proxy_install_sh_places_nginx_files_and_refuses_a_tcp_dockerd() -> Result<()> {
    ensure!(is_root(), "run the tests as root");
    let bundle = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--proxy",
    ])?;
    let root = bundle.dir.path().join("root");
    let install = |root: &Path| {
        Command::new("sh")
            .arg(bundle.path("proxy/install.sh"))
            .env("DESTDIR", root)
            .current_dir("/")
            .output()
    };
    let output = install(&root)?;
    ensure!(
        output.status.success(),
        "proxy/install.sh failed: {}",
        stderr(&output)
    );
    let tls = root.join("etc/docker/tls");
    for (file, expected) in [
        ("server-key.pem", 0o400),
        ("server-cert.pem", 0o444),
        ("ca.pem", 0o444),
        ("crl.pem", 0o444),
        ("allowed-clients.conf", 0o444),
    ] {
        ensure!(mode(&tls.join(file))? == expected, "{file} mode");
    }
    let conf = fs::read_to_string(root.join("etc/nginx/conf.d/docker-tls.conf"))?;
    ensure!(
        conf == bundle.text("proxy/nginx.conf")?,
        "nginx.conf not installed as is"
    );
    ensure!(install(&root)?.status.success(), "a second run failed");

    // With dockerd still on TCP, the proxy would not be the only way in: refused.
    let dropin = root.join("etc/systemd/system/docker.service.d");
    fs::create_dir_all(&dropin)?;
    fs::copy(
        bundle.path("server/override.conf"),
        dropin.join("override.conf"),
    )?;
    let refused = install(&root)?;
    ensure!(refused.status.code() == Some(1), "{refused:?}");
    ensure!(
        stderr(&refused).contains("dockerd still listens on TCP"),
        "{}",
        stderr(&refused)
    );
    Ok(())
}

/// `renew.ics` as a calendar library reads it: one event 30 days before the first expiry, with
/// an alarm, naming the host.
#[test]
fn renew_ics_reminds_a_month_before_the_first_expiry() -> Result<()> {
    let bundle = make_bundle(&[
        "--server-dns",
        "docker.test",
        "--client",
        "alice",
        "--client-days",
        "100",
    ])?;
    let python = portcullis_tests::pkilint_bin()?.with_file_name("python");
    let read = run(Command::new(&python)
        .args([
            "-c",
            "import sys, icalendar\n\
             cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
             events = [c for c in cal.walk('VEVENT')]\n\
             assert len(events) == 1, events\n\
             e = events[0]\n\
             print(e.decoded('DTSTART').isoformat())\n\
             print(e.get('SUMMARY'))\n\
             print(len(e.walk('VALARM')))",
        ])
        .arg(bundle.path("renew.ics")))?;
    let read = String::from_utf8_lossy(&read.stdout).into_owned();
    let lines: Vec<&str> = read.lines().collect();
    // The client's 100 days end first; the reminder comes 30 days earlier, on day 70.
    let end = run(Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-enddate",
            "-dateopt",
            "iso_8601",
            "-in",
            "clients/alice/cert.pem",
        ])
        .current_dir(&bundle.root))?;
    let end = String::from_utf8_lossy(&end.stdout);
    let end_day = end
        .trim()
        .trim_start_matches("notAfter=")
        .get(..10)
        .unwrap_or_default()
        .to_owned();
    let reminder =
        run(Command::new("date").args(["-u", "-d", &format!("{end_day} - 30 days"), "+%F"]))?;
    let reminder = String::from_utf8_lossy(&reminder.stdout).trim().to_owned();
    ensure!(
        lines.first() == Some(&reminder.as_str()),
        "reminder {lines:?}, expected {reminder}"
    );
    ensure!(
        lines.get(1) == Some(&"Renew the Docker TLS certificates of docker.test"),
        "{lines:?}"
    );
    ensure!(lines.get(2) == Some(&"1"), "no alarm: {lines:?}");
    Ok(())
}
