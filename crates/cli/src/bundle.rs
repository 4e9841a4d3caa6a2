//! `portcullis bundle`: the whole PKI for one Docker host, or several from a plan file, as a zip.

use std::path::PathBuf;
use std::str::FromStr;

use clap::Args;
use portcullis_pki::{
    Bundle, CertificateRequest, ClientName, CommonName, DnsName, Field, IpSan, KeyType, Plan,
    PlanBuilder, Platform, Port, ValidityDays,
};
use rand_core::UnwrapErr;

use crate::ca_args;
use crate::failure::Failure;
use crate::output;
use crate::secret::{self, PassphraseSource};

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("passphrase")
        .args(["ca_passphrase_env", "ca_passphrase_file", "no_ca_passphrase"])
        .multiple(false)
))]
#[command(group(
    clap::ArgGroup::new("existing_ca")
        .args(["ca_cert", "ca_key"])
        .multiple(true)
        .requires_all(["ca_cert", "ca_key"])
        .conflicts_with_all(["ca_cn", "no_ca_passphrase"])
))]
pub struct BundleArgs {
    /// Where to write the zip (mode 0600: it holds private keys).
    #[arg(long, value_name = "FILE.zip")]
    out: PathBuf,
    /// Read the servers, clients, key type, lifetimes and proxy from this plan file
    /// (portcullis.json, as every bundle holds one) instead of the flags below.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = [
            "server_dns", "server_ip", "server_csr", "clients", "key_type", "ca_cn", "ca_days",
            "server_days", "client_days", "port", "proxy", "platform",
        ]
    )]
    plan: Option<PathBuf>,
    /// A DNS name clients use to reach the daemon; repeat the flag or separate with commas.
    #[arg(long = "server-dns", value_name = "NAME", num_args = 1..)]
    server_dns: Vec<String>,
    /// An IP address clients use to reach the daemon; repeat the flag or separate with commas.
    #[arg(long = "server-ip", value_name = "ADDR", num_args = 1..)]
    server_ip: Vec<String>,
    /// The server's own CSR (PEM or DER): its key was made on the host and stays there; the
    /// bundle holds its certificate but no server key. The names still come from --server-dns
    /// and --server-ip, never from the CSR.
    #[arg(long, value_name = "FILE")]
    server_csr: Option<PathBuf>,
    /// A client (person or machine) to make a certificate for; repeat or separate with commas.
    #[arg(long = "client", value_name = "NAME", num_args = 1..)]
    clients: Vec<String>,
    /// ecdsa-p256 (default), ecdsa-p384, ed25519, rsa-2048, rsa-3072 or rsa-4096.
    #[arg(long, value_name = "TYPE")]
    key_type: Option<String>,
    /// Use this existing CA certificate (PEM or DER) instead of making a CA; needs --ca-key.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// The existing CA's private key (PEM: PKCS#8, PKCS#1 or SEC1, encrypted or not; its
    /// passphrase from --ca-passphrase-env or --ca-passphrase-file). It is not copied into the zip.
    #[arg(long, value_name = "FILE")]
    ca_key: Option<PathBuf>,
    /// The CA's name (default: "Docker CA for HOST").
    #[arg(long, value_name = "TEXT")]
    ca_cn: Option<String>,
    /// How long the CA is valid, in days (default 3650).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    ca_days: Option<String>,
    /// How long the server certificate is valid, in days (default 365).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    server_days: Option<String>,
    /// How long client certificates are valid, in days (default 365).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    client_days: Option<String>,
    /// The port dockerd listens on for TLS (default 2376).
    #[arg(long, value_name = "PORT", allow_hyphen_values = true)]
    port: Option<String>,
    /// How the host runs its daemon: systemd (default: Docker Engine as root), rootless
    /// (rootless Docker, systemctl --user), windows (Docker Engine as a Windows service) or
    /// podman (Podman's API service); each gets its own files and install script.
    #[arg(long, value_name = "NAME")]
    platform: Option<String>,
    /// Read the CA passphrase from this environment variable.
    #[arg(long, value_name = "VAR")]
    ca_passphrase_env: Option<String>,
    /// Read the CA passphrase from the first line of this file.
    #[arg(long, value_name = "FILE")]
    ca_passphrase_file: Option<PathBuf>,
    /// Store the CA key unencrypted (not recommended).
    #[arg(long)]
    no_ca_passphrase: bool,
    /// Add proxy/: an nginx in front of dockerd that checks the CA's CRL and an allow-list of
    /// client names (dockerd cannot), with the CA's first CRL.
    #[arg(long)]
    proxy: bool,
    /// Also write clients/NAME/client.p12 (the client's key, certificate and CA in one PKCS#12
    /// file, for Windows, macOS, browsers), under the password in this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "p12_password_file")]
    p12_password_env: Option<String>,
    /// The same, with the password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    p12_password_file: Option<PathBuf>,
    #[command(flatten)]
    lang: crate::lang::LangArgs,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: BundleArgs) -> Result<(), Failure> {
    let plan = plan(&args)?;
    let language = args.lang.language()?;
    let p12_password = secret::p12_password(secret::source(
        args.p12_password_env.as_deref(),
        args.p12_password_file.as_deref(),
    ))?;
    output::check_target(&args.out, args.force)?;
    for warning in plan.warnings() {
        eprintln!("portcullis: warning: {warning}");
    }

    let now = time::OffsetDateTime::now_utc();
    let mut rng = UnwrapErr(getrandom::SysRng);
    let issued = portcullis_pki::issue(&plan, now, &mut rng)?;
    for warning in &issued.warnings {
        eprintln!("portcullis: warning: {warning}");
    }
    let mut bundle = Bundle::in_language(&plan, &issued, language);
    if let Some(password) = &p12_password {
        bundle.add_client_p12(&issued, password, &mut rng)?;
    }
    let zip = bundle.to_zip(now)?;
    output::write_atomically(&args.out, &zip, output::SECRET_MODE)?;

    let servers: Vec<String> = plan
        .servers()
        .iter()
        .map(|server| format!("{} on port {}", server.names().join(", "), server.port()))
        .collect();
    let clients: Vec<&str> = plan.clients().iter().map(ClientName::as_str).collect();
    println!(
        "Wrote {} ({} files in {}/): CA \"{}\", {} {}, clients {}; {}.",
        args.out.display(),
        bundle.files().len(),
        bundle.folder(),
        plan.ca_common_name(),
        if servers.len() == 1 {
            "server"
        } else {
            "servers"
        },
        servers.join("; "),
        clients.join(", "),
        plan.key_type().description(),
    );
    println!(
        "Next: unzip it and follow {}/README.md ({} on each host, clients/NAME/env.sh on each client).",
        bundle.folder(),
        match (servers.len(), plan.first_server().platform()) {
            (1, Platform::Windows) => "server/install.ps1",
            (1, _) => "server/install.sh",
            _ => "servers/HOST/install.sh (install.ps1 on Windows)",
        }
    );
    Ok(())
}

/// Every flag parsed by the core, in the order the user reads them, then checked together.
fn plan(args: &BundleArgs) -> Result<Plan, Failure> {
    let builder = match &args.plan {
        Some(path) => {
            let text =
                String::from_utf8(ca_args::read(path, "plan file", "--plan")?).map_err(|_| {
                    Failure::Input("plan file: is not UTF-8 text; give a portcullis.json".into())
                })?;
            PlanBuilder::from_plan_file(&text)?
        }
        None => flags_plan(args)?,
    };
    with_ca(builder, args)
}

/// The plan the flags describe: one server.
fn flags_plan(args: &BundleArgs) -> Result<PlanBuilder, Failure> {
    let mut builder = Plan::builder().proxy(args.proxy);
    if let Some(key_type) = &args.key_type {
        builder = builder.key_type(key_type.parse::<KeyType>()?);
    }
    if let Some(days) = &args.ca_days {
        builder = builder.ca_days(ValidityDays::parse(Field::CaDays, days)?);
    }
    if let Some(days) = &args.server_days {
        builder = builder.server_days(ValidityDays::parse(Field::ServerDays, days)?);
    }
    if let Some(days) = &args.client_days {
        builder = builder.client_days(ValidityDays::parse(Field::ClientDays, days)?);
    }
    if let Some(port) = &args.port {
        builder = builder.port(Port::from_str(port)?);
    }
    if let Some(platform) = &args.platform {
        builder = builder.platform(platform.parse::<Platform>()?);
    }
    if let Some(cn) = &args.ca_cn {
        builder = builder.ca_common_name(cn.parse::<CommonName>()?);
    }
    for name in args.server_dns.iter().flat_map(|v| split_list(v)) {
        builder = builder.server_dns(name.parse::<DnsName>()?);
    }
    for ip in args.server_ip.iter().flat_map(|v| split_list(v)) {
        builder = builder.server_ip(ip.parse::<IpSan>()?);
    }
    for client in args.clients.iter().flat_map(|v| split_list(v)) {
        builder = builder.client(client.parse::<ClientName>()?);
    }
    if let Some(path) = &args.server_csr {
        let request = CertificateRequest::parse(&ca_args::read(path, "CSR", "--server-csr")?)?;
        builder = builder.server_csr(std::sync::Arc::new(request));
    }
    Ok(builder)
}

/// The CA: an existing one, or a new one with its key's protection.
fn with_ca(mut builder: PlanBuilder, args: &BundleArgs) -> Result<Plan, Failure> {
    let source = match (
        &args.ca_passphrase_env,
        &args.ca_passphrase_file,
        args.no_ca_passphrase,
    ) {
        (Some(var), _, _) => PassphraseSource::Env(var),
        (_, Some(file), _) => PassphraseSource::File(file),
        (_, _, true) => PassphraseSource::None,
        _ => PassphraseSource::NotGiven,
    };
    match (&args.ca_cert, &args.ca_key) {
        (Some(cert), Some(key)) => {
            let passphrase = secret::existing_key_passphrase(source)?;
            builder = builder.existing_ca(ca_args::existing_ca(cert, key, passphrase.as_ref())?);
        }
        _ => {
            if let Some(protection) = secret::protection(source)? {
                builder = builder.ca_key_protection(protection);
            }
        }
    }
    Ok(builder.build()?)
}

/// `a,b` counts as two values, as people type lists either way; an empty value stays one
/// (empty) value so the core can name it.
fn split_list(value: &str) -> Vec<&str> {
    if value.contains(',') {
        value.split(',').collect()
    } else {
        vec![value]
    }
}
