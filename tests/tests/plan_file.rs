//! `portcullis bundle --plan portcullis.json`: several servers and clients in one bundle, a
//! folder per server, the plan inside the bundle, and `portcullis renew` of such a bundle;
//! checked with openssl and unzip. Bad plan files get one line, exit 2, and nothing written.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use portcullis_tests::openssl_said as openssl;
use portcullis_tests::{
    CA_PASSPHRASE, advice_names_real_options, crl_accepts, make_bundle, portcullis,
    revoke_then_renew, unpack_zip,
};
use serde_json::Value;

/// A Swarm: two managers (one reached through a shared name too) and a worker on its own port.
const SWARM: &str = r#"{
  "version": 1,
  "key_type": "ecdsa-p384",
  "ca": { "common_name": "Swarm CA", "days": 1200 },
  "servers": [
    { "dns": ["manager1.swarm.test", "swarm.test"], "ip": ["192.0.2.11"] },
    { "dns": ["manager2.swarm.test", "swarm.test"], "ip": ["192.0.2.12"] },
    { "dns": ["worker1.swarm.test"], "port": 12376, "days": 90 }
  ],
  "clients": ["alice", "ci"],
  "client_days": 60,
  "proxy": true
}
"#;

const FOLDERS: [&str; 3] = [
    "servers/manager1.swarm.test",
    "servers/manager2.swarm.test",
    "servers/worker1.swarm.test",
];

/// openssl verifies `cert` (a path in `dir`) as a server certificate of `dir`'s ca/ca.pem.
fn verify_server(dir: &Path, cert: &str) -> Result<()> {
    let verified = openssl(
        dir,
        &[
            "verify",
            "-CAfile",
            "ca/ca.pem",
            "-purpose",
            "sslserver",
            cert,
        ],
    )?;
    ensure!(verified.contains(": OK"), "{cert}: {verified}");
    Ok(())
}

fn plan_path(dir: &Path, text: &str) -> Result<String> {
    let path = dir.join("portcullis.json");
    fs::write(&path, text)?;
    Ok(path.to_string_lossy().into_owned())
}

#[test]
fn a_plan_file_makes_a_folder_per_server_and_goes_into_the_bundle() -> Result<()> {
    let plans = tempfile::tempdir()?;
    let bundle = make_bundle(&["--plan", &plan_path(plans.path(), SWARM)?])?;
    let root = &bundle.root;
    ensure!(
        root.ends_with("docker-tls-manager1.swarm.test"),
        "{}",
        root.display()
    );
    ensure!(!bundle.path("server").exists(), "a lone server/ folder");
    let expected_sans = [
        "DNS:manager1.swarm.test, DNS:swarm.test, IP Address:192.0.2.11",
        "DNS:manager2.swarm.test, DNS:swarm.test, IP Address:192.0.2.12",
        "DNS:worker1.swarm.test",
    ];
    for (folder, sans) in FOLDERS.iter().zip(expected_sans) {
        let cert = format!("{folder}/server-cert.pem");
        verify_server(root, &cert)?;
        let text = openssl(root, &["x509", "-noout", "-text", "-in", &cert])?;
        ensure!(text.contains(sans), "{cert} lacks {sans}:\n{text}");
        ensure!(
            text.contains("ASN1 OID: secp384r1"),
            "{cert}: not the plan's key type"
        );
        let key_matches = openssl(root, &["x509", "-noout", "-pubkey", "-in", &cert])?
            == openssl(
                root,
                &[
                    "pkey",
                    "-pubout",
                    "-in",
                    &format!("{folder}/server-key.pem"),
                ],
            )?;
        ensure!(key_matches, "{folder}: the key is not the certificate's");
        for file in [
            "override.conf",
            "daemon.json",
            "install.sh",
            "proxy/nginx.conf",
            "proxy/crl.pem",
        ] {
            ensure!(
                bundle.path(&format!("{folder}/{file}")).is_file(),
                "{folder}/{file} missing"
            );
        }
    }
    let worker_days = openssl(
        root,
        &[
            "x509",
            "-noout",
            "-startdate",
            "-enddate",
            "-in",
            "servers/worker1.swarm.test/server-cert.pem",
        ],
    )?;
    ensure!(
        bundle
            .text("servers/worker1.swarm.test/override.conf")?
            .contains("tcp://0.0.0.0:12376"),
        "the worker's own port is not in its override.conf"
    );
    ensure!(
        bundle
            .text("servers/manager1.swarm.test/override.conf")?
            .contains("tcp://0.0.0.0:2376"),
        "the managers keep the default port"
    );
    ensure!(!worker_days.is_empty(), "no dates");
    let ca = openssl(root, &["x509", "-noout", "-subject", "-in", "ca/ca.pem"])?;
    ensure!(
        ca.contains("CN=Swarm CA") || ca.contains("CN = Swarm CA"),
        "{ca}"
    );
    for client in ["alice", "ci"] {
        let verified = openssl(
            root,
            &[
                "verify",
                "-CAfile",
                "ca/ca.pem",
                "-purpose",
                "sslclient",
                &format!("clients/{client}/cert.pem"),
            ],
        )?;
        ensure!(verified.contains(": OK"), "{client}: {verified}");
    }
    // The plan in the bundle says what the file said, with the defaults written out, except a
    // default lifetime: left out, it stays a default when read back (and so ends with a CA
    // that ends sooner, where a lifetime the file states is refused).
    let written: Value = serde_json::from_str(&bundle.text("portcullis.json")?)?;
    let given: Value = serde_json::from_str(SWARM)?;
    ensure!(written["version"] == 1 && written["key_type"] == "ecdsa-p384");
    ensure!(written["ca"] == given["ca"] && written["clients"] == given["clients"]);
    ensure!(written["servers"][0]["port"] == 2376 && written["servers"][0].get("days").is_none());
    ensure!(written["servers"][2]["port"] == 12376 && written["servers"][2]["days"] == 90);
    ensure!(written["servers"][1]["dns"] == given["servers"][1]["dns"]);
    ensure!(written["client_days"] == 60 && written["proxy"] == true);
    // The same plan file from the bundle makes the same layout again.
    let again = make_bundle(&["--plan", &bundle.path("portcullis.json").to_string_lossy()])?;
    for folder in FOLDERS {
        ensure!(
            again.path(folder).is_dir(),
            "{folder} missing the second time"
        );
    }
    Ok(())
}

#[test]
fn renewing_a_bundle_of_several_servers_keeps_every_folder_and_revocation() -> Result<()> {
    let plans = tempfile::tempdir()?;
    let old = make_bundle(&["--plan", &plan_path(plans.path(), SWARM)?])?;
    let dir = &old.root;
    let renewed = revoke_then_renew(
        dir,
        &old.zip,
        "clients/ci/cert.pem",
        "servers/manager1.swarm.test/proxy/crl.pem",
    )?;
    let stdout = String::from_utf8_lossy(&renewed.stdout);
    for host in [
        "manager1.swarm.test",
        "manager2.swarm.test",
        "worker1.swarm.test",
    ] {
        ensure!(
            stdout.contains(&format!("server certificate of {host}")),
            "the expiry list lacks {host}: {stdout}"
        );
    }
    let new = unpack_zip(&dir.join("renewed.zip"))?;
    let n = &new.root;
    ensure!(
        new.text("portcullis.json")? == old.text("portcullis.json")?,
        "the plan changed"
    );
    fs::copy(dir.join("clients/ci/cert.pem"), n.join("old-ci.pem"))?;
    for folder in FOLDERS {
        let cert = format!("{folder}/server-cert.pem");
        for what in ["-serial", "-pubkey"] {
            ensure!(
                openssl(dir, &["x509", "-noout", what, "-in", &cert])?
                    != openssl(n, &["x509", "-noout", what, "-in", &cert])?,
                "{cert}: the same {what} after renewal"
            );
        }
        for what in ["-subject", "-ext"] {
            let args: &[&str] = if what == "-ext" {
                &["x509", "-noout", "-ext", "subjectAltName", "-in", &cert]
            } else {
                &["x509", "-noout", "-subject", "-in", &cert]
            };
            ensure!(
                openssl(dir, args)? == openssl(n, args)?,
                "{cert}: {what} changed"
            );
        }
        verify_server(n, &cert)?;
        // Every server's proxy gets the carried-over CRL: ci's old (revoked) certificate stays
        // locked out everywhere.
        let crl = format!("{folder}/proxy/crl.pem");
        ensure!(
            !crl_accepts(n, &crl, "old-ci.pem")?,
            "{crl} lets the revoked ci in"
        );
        ensure!(
            crl_accepts(n, &crl, "clients/alice/cert.pem")?,
            "{crl} refuses alice"
        );
    }
    Ok(())
}

/// Validates each of `files` (JSON text) against docs/portcullis-plan-v1.schema.json with
/// Python's jsonschema; returns one verdict per file: None when valid, else the first error.
fn schema_verdicts(files: &[&str]) -> Result<Vec<Option<String>>> {
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/portcullis-plan-v1.schema.json");
    let python = portcullis_tests::pkilint_bin()?.with_file_name("python");
    let dir = tempfile::tempdir()?;
    let mut verdicts = Vec::new();
    for (i, text) in files.iter().enumerate() {
        let path = dir.path().join(format!("{i}.json"));
        fs::write(&path, text)?;
        let output = Command::new(&python)
            .args([
                "-c",
                "import json, sys, jsonschema\n\
                 schema = json.load(open(sys.argv[1]))\n\
                 jsonschema.Draft202012Validator.check_schema(schema)\n\
                 errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
                 print(errors[0].message if errors else 'valid')",
            ])
            .arg(&schema)
            .arg(&path)
            .output()
            .context("running python with jsonschema (cargo xtask test installs it)")?;
        ensure!(output.status.success(), "jsonschema failed: {output:?}");
        let said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        verdicts.push((said != "valid").then_some(said));
    }
    Ok(verdicts)
}

/// The published JSON Schema agrees with Portcullis: what Portcullis writes and reads is
/// valid, and what it refuses for its shape the schema refuses too.
#[test]
fn the_published_schema_agrees_with_what_portcullis_reads_and_writes() -> Result<()> {
    let plans = tempfile::tempdir()?;
    let bundle = make_bundle(&["--plan", &plan_path(plans.path(), SWARM)?])?;
    let written = bundle.text("portcullis.json")?;
    let with_schema = SWARM.replacen('{', r#"{ "$schema": "portcullis-plan-v1.schema.json","#, 1);
    let verdicts = schema_verdicts(&[&written, SWARM, &with_schema])?;
    ensure!(
        verdicts.iter().all(Option::is_none),
        "the schema refuses a plan Portcullis wrote or reads: {verdicts:?}"
    );
    let again = tempfile::tempdir()?;
    make_bundle(&["--plan", &plan_path(again.path(), &with_schema)?])
        .context("Portcullis refuses a plan that names its schema")?;
    let bad = [
        r#"{"version": 1, "servers": [{"dns": ["a.test"], "names": []}], "clients": ["x"]}"#,
        r#"{"version": 2, "servers": [{"dns": ["a.test"]}], "clients": ["x"]}"#,
        r#"{"version": 1, "servers": [{"port": 2376}], "clients": ["x"]}"#,
        r#"{"version": 1, "servers": [{"dns": ["a.test"]}], "clients": ["-x"]}"#,
        r#"{"version": 1, "servers": [], "clients": ["x"]}"#,
    ];
    let verdicts = schema_verdicts(&bad)?;
    for (text, verdict) in bad.iter().zip(&verdicts) {
        ensure!(verdict.is_some(), "the schema accepts {text}");
        let dir = tempfile::tempdir()?;
        let plan = plan_path(dir.path(), text)?;
        let output = portcullis(
            dir.path(),
            &[
                "bundle",
                "--out",
                "x.zip",
                "--plan",
                &plan,
                "--no-ca-passphrase",
            ],
            &[],
        )?;
        ensure!(
            output.status.code() == Some(2),
            "Portcullis accepts {text}: {output:?}"
        );
    }
    Ok(())
}

/// `--plan` with a flag it replaces, and plan files with mistakes: one line that says where,
/// exit status 2, and nothing written.
#[test]
fn bad_plan_files_are_refused_in_one_line() -> Result<()> {
    let cases: [(&str, &[&str], &str); 6] = [
        (
            r#"{"version": 1, "servers": [{"dns": ["a.test"]}, {"dns": ["b..test"]}], "clients": ["x"]}"#,
            &[],
            "plan file: servers[1].dns[0]: server DNS name: `b..test` has an empty label",
        ),
        (
            r#"{"version": 1, "servers": [{"dns": ["a.test"], "names": []}], "clients": ["x"]}"#,
            &[],
            "plan file: unknown field `names`, expected one of `dns`, `ip`, `port`, `days`, `csr`, `platform` at line 1",
        ),
        (
            r#"{"version": 7, "servers": [], "clients": []}"#,
            &[],
            "plan file: version 7 is newer than this Portcullis reads (1); update Portcullis",
        ),
        (
            r#"{"version": 1, "servers": [{"dns": ["a.test"]}, {"dns": ["A.test"]}], "clients": ["x"]}"#,
            &[],
            "server names: servers 1 and 2 both start with `a.test`",
        ),
        (
            r#"{"version": 1, "servers": [{"dns": ["a.test"]}], "clients": ["x"]}"#,
            &["--server-dns", "b.test"],
            "the argument '--plan <FILE>' cannot be used with '--server-dns <NAME>...'",
        ),
        ("version: 1", &[], "plan file: is not valid JSON"),
    ];
    let mut failures = Vec::new();
    for (text, extra, starts) in cases {
        let dir = tempfile::tempdir()?;
        let plan = plan_path(dir.path(), text)?;
        let mut args = vec![
            "bundle",
            "--out",
            "out.zip",
            "--plan",
            &plan,
            "--ca-passphrase-env",
            "PW",
        ];
        args.extend_from_slice(extra);
        let output = portcullis(dir.path(), &args, &[("PW", CA_PASSPHRASE)])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr
            .trim_end()
            .strip_prefix("portcullis: ")
            .unwrap_or(&stderr);
        let written: Vec<_> = fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter(|name| name != "portcullis.json")
            .collect();
        let advice = advice_names_real_options("bundle", message, &args);
        if output.status.code() != Some(2)
            || stderr.trim_end().lines().count() != 1
            || !message.starts_with(starts)
            || !written.is_empty()
            || advice.is_err()
        {
            failures.push(format!(
                "{text}: exit {:?}, wrote {written:?}, stderr {stderr:?}; expected {starts:?}; {:?}",
                output.status.code(),
                advice.err()
            ));
        }
    }
    ensure!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}
