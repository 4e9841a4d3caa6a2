//! `portcullis revoke`: a CRL, signed by the CA, for a reverse proxy in front of dockerd to check
//! (dockerd itself cannot).

use std::path::PathBuf;

use clap::Args;
use portcullis_pki::{Field, Reason, RevocationList, Revoked, ValidityDays};

use crate::ca_args::{self, CaArgs};
use crate::failure::Failure;
use crate::output;

#[derive(Debug, Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    ca: CaArgs,
    /// A certificate to revoke (e.g. clients/NAME/cert.pem); repeat for more.
    #[arg(long = "cert", value_name = "FILE", num_args = 1..)]
    certs: Vec<PathBuf>,
    /// A serial to revoke, in hex (as `portcullis inspect` or `openssl x509 -serial` shows it).
    #[arg(long = "serial", value_name = "HEX", num_args = 1..)]
    serials: Vec<String>,
    /// Why: unspecified, key-compromise, affiliation-changed, superseded or cessation-of-operation.
    #[arg(long, value_name = "REASON")]
    reason: Option<String>,
    /// The CA's previous CRL: its entries are kept and its number counted up.
    #[arg(long, value_name = "FILE")]
    crl: Option<PathBuf>,
    /// Days until the CRL's nextUpdate: publish a new one before then (nginx refuses every
    /// client once it has passed).
    #[arg(
        long,
        value_name = "N",
        default_value = "30",
        allow_hyphen_values = true
    )]
    days: String,
    /// Where to write the CRL (PEM); may be the same file as --crl.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace --out if it exists (not needed when it is the --crl file).
    #[arg(long)]
    force: bool,
}

pub fn run(args: &RevokeArgs) -> Result<(), Failure> {
    let days = ValidityDays::parse(Field::Revocation, &args.days)?;
    let reason = args
        .reason
        .as_deref()
        .map(str::parse::<Reason>)
        .transpose()?;
    let replacing_previous = args.crl.as_ref().is_some_and(|crl| *crl == args.out);
    output::check_target(&args.out, args.force || replacing_previous)?;
    let ca = args.ca.load()?;
    let previous = match &args.crl {
        Some(path) => Some(RevocationList::parse(
            &ca_args::read(path, "CRL", "--crl")?,
            &ca,
        )?),
        None => None,
    };

    let now = time::OffsetDateTime::now_utc();
    let mut revoke = Vec::new();
    for path in &args.certs {
        let serial = portcullis_pki::serial_of(&ca_args::read(path, "revocation", "--cert")?, &ca)?;
        revoke.push(Revoked {
            serial,
            revoked_at: now,
            reason,
        });
    }
    for text in &args.serials {
        revoke.push(Revoked {
            serial: parse_serial(text)?,
            revoked_at: now,
            reason,
        });
    }
    let crl = portcullis_pki::revocation_list(&ca, previous.as_ref(), &revoke, now, days)?;
    output::write_atomically(&args.out, crl.as_bytes(), output::PUBLIC_MODE)?;
    let total = previous.map_or(0, |p| p.revoked.len()) + revoke.len();
    let newly: Vec<String> = revoke.iter().map(Revoked::serial_hex).collect();
    println!(
        "Wrote {}: {} revoked in all{}; next update due by {}.",
        args.out.display(),
        total,
        if newly.is_empty() {
            String::new()
        } else {
            format!(", newly {}", newly.join(", "))
        },
        (now + time::Duration::days(i64::from(days.days()))).date()
    );
    println!(
        "Copy it to the proxy in front of dockerd (proxy/ in the bundle) and reload it; dockerd itself cannot check it."
    );
    Ok(())
}

/// Hex, with or without colons, as openssl and `portcullis inspect` print serials.
fn parse_serial(text: &str) -> Result<Vec<u8>, Failure> {
    let hex: String = text.chars().filter(|c| *c != ':').collect();
    let bad = || {
        Failure::Input(format!(
            "revocation: serial `{text}` is not hex; copy it from `portcullis inspect` or `openssl x509 -serial`"
        ))
    };
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return Err(bad());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    Ok(bytes.into_iter().skip_while(|b| *b == 0).collect())
}
