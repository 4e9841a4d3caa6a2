//! `portcullis sign`: a certificate for a key that never leaves its machine, from its CSR, signed
//! by an existing CA with our server or client profile.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use portcullis_pki::{CertificateRequest, ClientName, DnsName, Field, IpSan, Role, ValidityDays};
use rand_core::UnwrapErr;

use crate::ca_args::{self, CaArgs};
use crate::failure::Failure;
use crate::output;

/// What the certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// A Docker daemon: serverAuth, and every name clients use as a SAN.
    Server,
    /// A docker CLI user: clientAuth.
    Client,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The certificate signing request (PEM or DER), e.g. from `openssl req -new`.
    #[arg(long, value_name = "FILE")]
    csr: PathBuf,
    /// server or client.
    #[arg(long, value_enum)]
    profile: Profile,
    #[command(flatten)]
    ca: CaArgs,
    /// (server) A DNS name clients use; repeat or separate with commas.
    #[arg(long = "server-dns", value_name = "NAME", num_args = 1..)]
    server_dns: Vec<String>,
    /// (server) An IP address clients use; repeat or separate with commas.
    #[arg(long = "server-ip", value_name = "ADDR", num_args = 1..)]
    server_ip: Vec<String>,
    /// (server) Also take the names the CSR asks for, after checking each.
    #[arg(long)]
    use_csr_names: bool,
    /// (client) The client's name; default: the CSR's common name.
    #[arg(long, value_name = "NAME")]
    client_name: Option<String>,
    /// How long the certificate is valid, in days.
    #[arg(
        long,
        value_name = "N",
        default_value = "365",
        allow_hyphen_values = true
    )]
    days: String,
    /// Where to write the certificate (PEM).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &SignArgs) -> Result<(), Failure> {
    let days_field = match args.profile {
        Profile::Server => Field::ServerDays,
        Profile::Client => Field::ClientDays,
    };
    let days = ValidityDays::parse(days_field, &args.days)?;
    let csr = ca_args::read(&args.csr, "CSR", "--csr")?;
    let request = CertificateRequest::parse(&csr)?;
    eprintln!("portcullis: the CSR asks for: {request}");
    output::check_target(&args.out, args.force)?;

    let ca = args.ca.load()?;

    let now = time::OffsetDateTime::now_utc();
    let mut rng = UnwrapErr(getrandom::SysRng);
    let certificate = match args.profile {
        Profile::Server => {
            let (dns_names, ip_addresses) = server_names(args, &request)?;
            let role = Role::Server {
                dns_names: &dns_names,
                ip_addresses: &ip_addresses,
            };
            let common_name = dns_names
                .first()
                .map(ToString::to_string)
                .or_else(|| ip_addresses.first().map(ToString::to_string))
                .unwrap_or_default();
            portcullis_pki::sign_request(&ca, &request, &role, &common_name, days, now, &mut rng)?
        }
        Profile::Client => {
            let name = client_name(args, &request)?;
            portcullis_pki::sign_request(
                &ca,
                &request,
                &Role::Client,
                name.as_str(),
                days,
                now,
                &mut rng,
            )?
        }
    };
    output::write_atomically(&args.out, certificate.pem.as_bytes(), output::PUBLIC_MODE)?;
    println!(
        "Wrote {}: a {} certificate for the CSR's key, signed by \"{}\", valid until {}.",
        args.out.display(),
        match args.profile {
            Profile::Server => "server",
            Profile::Client => "client",
        },
        ca.common_name(),
        certificate.not_after.date()
    );
    Ok(())
}

/// The server's names: the flags', plus the CSR's when the user confirms them. Every name is
/// checked as if typed; the CSR's unconfirmed names are mentioned, not used.
fn server_names(
    args: &SignArgs,
    request: &CertificateRequest,
) -> Result<(Vec<DnsName>, Vec<IpSan>), Failure> {
    let mut dns_names: Vec<DnsName> = Vec::new();
    let mut ip_addresses: Vec<IpSan> = Vec::new();
    for name in args.server_dns.iter().flat_map(|v| v.split(',')) {
        dns_names.push(name.parse()?);
    }
    for ip in args.server_ip.iter().flat_map(|v| v.split(',')) {
        ip_addresses.push(ip.parse()?);
    }
    let asked = !request.dns_names.is_empty() || !request.ip_addresses.is_empty();
    if args.use_csr_names {
        for name in &request.dns_names {
            let name: DnsName = name.parse()?;
            if !dns_names.contains(&name) {
                dns_names.push(name);
            }
        }
        for ip in &request.ip_addresses {
            let ip: IpSan = ip.to_string().parse()?;
            if !ip_addresses.contains(&ip) {
                ip_addresses.push(ip);
            }
        }
    } else if asked {
        eprintln!("portcullis: the CSR's names are not used; add --use-csr-names to take them");
    }
    if dns_names.is_empty() && ip_addresses.is_empty() {
        return Err(Failure::Input(
            "server names: none given; pass --server-dns or --server-ip, or --use-csr-names to take the CSR's".into(),
        ));
    }
    Ok((dns_names, ip_addresses))
}

fn client_name(args: &SignArgs, request: &CertificateRequest) -> Result<ClientName, Failure> {
    match (&args.client_name, &request.common_name) {
        (Some(name), _) => Ok(name.parse()?),
        (None, Some(common_name)) => Ok(common_name.parse()?),
        (None, None) => Err(Failure::Input(
            "client name: the CSR has no common name; pass --client-name NAME".into(),
        )),
    }
}
