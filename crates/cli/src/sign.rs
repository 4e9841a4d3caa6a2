//! `portcullis sign`: a certificate for a key that never leaves its machine, from its CSR, signed
//! by an existing CA with our server or client profile.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use portcullis_pki::{
    CertificateRequest, ClientName, DEFAULT_LEAF_DAYS, DnsName, IpSan, Lifetime, SetBy, SignAs,
    Signed, ValidityDays,
};
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
    /// How long the certificate is valid, in days (default 365, or until the CA's end if it
    /// ends sooner).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    days: Option<String>,
    /// Where to write the certificate (PEM).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &SignArgs) -> Result<(), Failure> {
    let request = CertificateRequest::parse(&ca_args::read(&args.csr, "CSR", "--csr")?)?;
    let sign_as = match args.profile {
        Profile::Server => {
            let mut dns_names: Vec<DnsName> = Vec::new();
            let mut ip_addresses: Vec<IpSan> = Vec::new();
            for name in args.server_dns.iter().flat_map(|v| v.split(',')) {
                dns_names.push(name.parse()?);
            }
            for ip in args.server_ip.iter().flat_map(|v| v.split(',')) {
                ip_addresses.push(ip.parse()?);
            }
            SignAs::Server {
                dns_names,
                ip_addresses,
                use_csr_names: args.use_csr_names,
            }
        }
        Profile::Client => SignAs::Client {
            name: args
                .client_name
                .as_deref()
                .map(str::parse::<ClientName>)
                .transpose()?,
        },
    };
    let lifetime = match &args.days {
        Some(days) => Lifetime {
            days: ValidityDays::parse(sign_as.days_field(), days)?,
            set_by: SetBy::Option("--days".into()),
        },
        None => Lifetime::default_days(ValidityDays::new(
            sign_as.days_field(),
            i64::from(DEFAULT_LEAF_DAYS),
        )?),
    };
    eprintln!("portcullis: the CSR asks for: {request}");
    let asked = !request.dns_names.is_empty() || !request.ip_addresses.is_empty();
    if matches!(
        sign_as,
        SignAs::Server {
            use_csr_names: false,
            ..
        }
    ) && asked
    {
        eprintln!("portcullis: the CSR's names are not used; add --use-csr-names to take them");
    }
    output::check_target(&args.out, args.force)?;

    let ca = args.ca.load()?;
    let now = time::OffsetDateTime::now_utc();
    let Signed {
        certificate,
        warnings,
    } = portcullis_pki::sign_csr(
        &ca,
        &request,
        &sign_as,
        &lifetime,
        now,
        &mut UnwrapErr(getrandom::SysRng),
    )?;
    for warning in warnings {
        eprintln!("portcullis: warning: {warning}");
    }
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
