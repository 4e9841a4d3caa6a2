//! Issuing under a CA that ends sooner than the planned lifetimes, as every user of Docker's
//! guide meets it: its CA lives a year, so by the time a bundle is made under it a year's
//! certificate would outlast it. A default lifetime then ends with the CA, with a warning that
//! names the date; a lifetime the user typed is refused, and the refusal's advice names an
//! option that command really has. Checked for `bundle`, `sign` and `renew`, with openssl.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Result, ensure};
use portcullis_tests::{
    CA_PASSPHRASE, LOCAL_SERVER_TWO_CLIENTS, advice_names_real_options, openssl_said, portcullis,
    run,
};

/// The CA's lifetime here: shorter than the default 365 days of every leaf, by enough that the
/// test does not depend on the second it runs in.
const CA_DAYS: &str = "300";
/// Whole days left of that CA a moment after it was made.
const DAYS_LEFT: &str = "299";

/// A CA made with the guide's openssl commands (RSA, AES-256-encrypted key), of CA_DAYS.
fn guide_ca(dir: &Path) -> Result<()> {
    run(Command::new("sh")
        .args([
            "-ec",
            &format!(
                "openssl genrsa -aes256 -passout env:PW -out ca-key.pem 3072 2>/dev/null
                 openssl req -new -x509 -days {CA_DAYS} -key ca-key.pem -passin env:PW -sha256 \
                   -subj '/O=Example/CN=Guide CA' -out ca.pem"
            ),
        ])
        .env("PW", CA_PASSPHRASE)
        .current_dir(dir))?;
    Ok(())
}

/// `portcullis ARGS` in `dir` with the CA's passphrase in PW.
fn with_pw(dir: &Path, args: &[&str]) -> Result<Output> {
    portcullis(dir, args, &[("PW", CA_PASSPHRASE)])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `openssl x509 -enddate` of `cert` in `dir`.
fn end_date(dir: &Path, cert: &str) -> Result<String> {
    openssl_said(dir, &["x509", "-noout", "-enddate", "-in", cert])
}

/// The refusal of `portcullis SUBCOMMAND …`: exit status 2, its last line (notes and warnings
/// may come before), nothing written to `out`, and only options the command has in its advice.
fn refusal(dir: &Path, args: &[&str], out: &str) -> Result<String> {
    let output = with_pw(dir, args)?;
    let said = stderr(&output);
    ensure!(output.status.code() == Some(2), "not refused: {said}");
    ensure!(!dir.join(out).exists(), "{out} was written");
    let message = said
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .trim_start_matches("portcullis: ")
        .to_owned();
    advice_names_real_options(args[0], &message, args)?;
    Ok(message)
}

const EXISTING_CA: [&str; 6] = [
    "--ca-cert",
    "ca.pem",
    "--ca-key",
    "ca-key.pem",
    "--ca-passphrase-env",
    "PW",
];

#[test]
fn a_bundle_under_the_guides_ca_ends_with_it_and_renewal_too() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path();
    guide_ca(dir)?;
    let ca_end = end_date(dir, "ca.pem")?;
    let bundle_args = [
        &["bundle", "--out", "bundle.zip"][..],
        &LOCAL_SERVER_TWO_CLIENTS,
        &EXISTING_CA,
    ]
    .concat();

    // A typed lifetime that outlasts the CA is refused, naming the option to change.
    let typed = [&bundle_args[..], &["--server-days", "365"]].concat();
    let message = refusal(dir, &typed, "bundle.zip")?;
    ensure!(
        message.starts_with("server validity: 365 days would outlast the CA, which expires on ")
            && message.ends_with(&format!("; use --server-days {DAYS_LEFT} or less")),
        "{message}"
    );

    // The defaults end with the CA, and say so with its date.
    let made = with_pw(dir, &bundle_args)?;
    let said = stderr(&made);
    ensure!(made.status.success(), "bundle failed: {said}");
    for what in [
        "the server certificate of localhost",
        "the client certificates of alice, bob",
    ] {
        ensure!(
            said.contains(&format!(
                "portcullis: warning: {what}: valid until {}",
                ca_end_in_portcullis_words(&ca_end)?
            )) && said
                .contains("rather than for 365 days; the CA itself must be replaced before then"),
            "no warning for {what}: {said}"
        );
    }
    run(Command::new("unzip")
        .args(["-q", "bundle.zip", "-d", "old"])
        .current_dir(dir))?;
    let old = dir.join("old/docker-tls-localhost");
    for (cert, purpose) in [
        ("server/server-cert.pem", "sslserver"),
        ("clients/alice/cert.pem", "sslclient"),
    ] {
        ensure!(
            end_date(&old, cert)? == ca_end,
            "{cert} does not end with the CA"
        );
        let verify = openssl_said(
            &old,
            &["verify", "-CAfile", "ca/ca.pem", "-purpose", purpose, cert],
        )?;
        ensure!(verify.contains(": OK"), "{cert}: {verify}");
    }

    // Renewal under the same CA: the old lifetimes are defaults again; typed ones are refused.
    let renew = [
        "renew",
        "--bundle",
        "bundle.zip",
        "--ca-key",
        "ca-key.pem",
        "--ca-passphrase-env",
        "PW",
        "--out",
        "renewed.zip",
    ];
    for (option, field) in [("--server-days", "server"), ("--client-days", "client")] {
        let typed = [&renew[..], &[option, "400"]].concat();
        let message = refusal(dir, &typed, "renewed.zip")?;
        ensure!(
            message.starts_with(&format!("{field} validity: 400 days would outlast the CA"))
                && message.ends_with(&format!("; use {option} {DAYS_LEFT} or less")),
            "{message}"
        );
    }
    let renewed = with_pw(dir, &renew)?;
    let said = stderr(&renewed);
    ensure!(renewed.status.success(), "renew failed: {said}");
    ensure!(
        said.contains("portcullis: warning: the server certificate of localhost: valid until"),
        "{said}"
    );
    run(Command::new("unzip")
        .args(["-q", "renewed.zip", "-d", "new"])
        .current_dir(dir))?;
    let new = dir.join("new/docker-tls-localhost");
    ensure!(
        end_date(&new, "server/server-cert.pem")? == ca_end,
        "renewed past the CA"
    );
    // A lifetime that fits is kept as typed.
    let shorter = [&renew[..], &["--server-days", "30", "--force"]].concat();
    let kept = with_pw(dir, &shorter)?;
    ensure!(
        kept.status.success(),
        "renew --server-days 30: {}",
        stderr(&kept)
    );
    ensure!(
        !stderr(&kept).contains("the server certificate of localhost: valid until"),
        "a 30-day server certificate was cut short: {}",
        stderr(&kept)
    );
    Ok(())
}

#[test]
fn signing_under_the_guides_ca_ends_with_it_unless_days_are_typed() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path();
    guide_ca(dir)?;
    run(Command::new("sh")
        .args([
            "-ec",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem
             openssl req -new -key key.pem -subj /CN=carol -out carol.csr",
        ])
        .current_dir(dir))?;
    let sign = [
        &["sign", "--csr", "carol.csr", "--profile", "client"][..],
        &EXISTING_CA,
        &["--out", "cert.pem"],
    ]
    .concat();
    let typed = [&sign[..], &["--days", "365"]].concat();
    let message = refusal(dir, &typed, "cert.pem")?;
    ensure!(
        message.starts_with("client validity: 365 days would outlast the CA")
            && message.ends_with(&format!("; use --days {DAYS_LEFT} or less")),
        "{message}"
    );
    let signed = with_pw(dir, &sign)?;
    let said = stderr(&signed);
    ensure!(signed.status.success(), "sign failed: {said}");
    ensure!(
        said.contains("portcullis: warning: the client certificate of carol: valid until"),
        "{said}"
    );
    ensure!(
        end_date(dir, "cert.pem")? == end_date(dir, "ca.pem")?,
        "signed past the CA"
    );
    Ok(())
}

#[test]
fn a_plan_file_lifetime_is_refused_in_the_plan_files_words() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path();
    guide_ca(dir)?;
    std::fs::write(
        dir.join("plan.json"),
        r#"{ "version": 1, "servers": [{ "dns": ["localhost"], "days": 400 }], "clients": ["alice"] }"#,
    )?;
    let args = [
        &["bundle", "--out", "bundle.zip", "--plan", "plan.json"][..],
        &EXISTING_CA,
    ]
    .concat();
    let message = refusal(dir, &args, "bundle.zip")?;
    ensure!(
        message.ends_with(&format!(
            "; set servers[0].days to {DAYS_LEFT} or less in the plan file"
        )),
        "{message}"
    );
    // A new CA of the plan's own: its days are raised in the plan too.
    std::fs::write(
        dir.join("new-ca.json"),
        r#"{ "version": 1, "ca": { "days": 100 }, "servers": [{ "dns": ["localhost"] }], "clients": ["alice"], "client_days": 200 }"#,
    )?;
    let args = [
        "bundle",
        "--out",
        "bundle.zip",
        "--plan",
        "new-ca.json",
        "--ca-passphrase-env",
        "PW",
    ];
    let message = refusal(dir, &args, "bundle.zip")?;
    ensure!(
        message
            == "client validity: 200 days would outlast the CA (100 days); set client_days to 100 or less in the plan file, or raise ca.days in the plan file",
        "{message}"
    );
    Ok(())
}

#[test]
fn a_new_short_ca_takes_default_leaves_down_with_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path();
    let args = [
        &[
            "bundle",
            "--out",
            "bundle.zip",
            "--ca-days",
            "30",
            "--ca-passphrase-env",
            "PW",
        ][..],
        &LOCAL_SERVER_TWO_CLIENTS,
    ]
    .concat();
    let typed = [&args[..], &["--client-days", "31"]].concat();
    let message = refusal(dir, &typed, "bundle.zip")?;
    ensure!(
        message
            == "client validity: 31 days would outlast the CA (30 days); use --client-days 30 or less, or raise --ca-days",
        "{message}"
    );
    let made = with_pw(dir, &args)?;
    ensure!(made.status.success(), "{}", stderr(&made));
    ensure!(
        stderr(&made)
            .contains("portcullis: warning: the client certificates of alice, bob: valid until"),
        "{}",
        stderr(&made)
    );
    run(Command::new("unzip")
        .args(["-q", "bundle.zip"])
        .current_dir(dir))?;
    let root = dir.join("docker-tls-localhost");
    ensure!(
        end_date(&root, "server/server-cert.pem")? == end_date(&root, "ca/ca.pem")?,
        "the server certificate outlasts its CA"
    );
    Ok(())
}

/// `notAfter=Sep 27 12:00:00 2027 GMT` (openssl) as Portcullis writes it:
/// `2027-09-27 12:00:00 UTC`.
fn ca_end_in_portcullis_words(openssl: &str) -> Result<String> {
    let text = openssl.trim().trim_start_matches("notAfter=");
    let words: Vec<&str> = text.split_whitespace().collect();
    ensure!(words.len() == 5 && words[4] == "GMT", "odd date: {openssl}");
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months
        .iter()
        .position(|m| *m == words[0])
        .map(|i| i + 1)
        .ok_or_else(|| anyhow::anyhow!("odd month in {openssl}"))?;
    let day: u32 = words[1].parse()?;
    Ok(format!("{}-{month:02}-{day:02} {} UTC", words[3], words[2]))
}

/// The advice check itself: it knows each command's own options, so advice that names another
/// command's option fails it (as renew's "use --server-days", before renew had it, would have).
#[test]
fn the_advice_check_knows_each_commands_options() -> Result<()> {
    advice_names_real_options("renew", "use --server-days 30 or less", &[])?;
    ensure!(advice_names_real_options("renew", "or raise --ca-days", &[]).is_err());
    ensure!(advice_names_real_options("sign", "use --server-days 30 or less", &[]).is_err());
    advice_names_real_options("sign", "use --days 30 or less", &[])?;
    // What the user typed is quoted back, not advised.
    advice_names_real_options(
        "bundle",
        "unexpected argument '--server-name' found",
        &["--server-name"],
    )?;
    Ok(())
}
