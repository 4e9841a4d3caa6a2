//! `portcullis renew`: every certificate of an old bundle issued again with the same names, new
//! keys and new serials, under the same CA, so clients keep trusting it.

use std::path::{Path, PathBuf};

use clap::Args;
use portcullis_pki::{ExistingCa, Field, Lifetime, OldBundle, PlanBuilder, SetBy, ValidityDays};
use rand_core::UnwrapErr;

use crate::ca_args;
use crate::failure::Failure;
use crate::output;
use crate::secret;

#[derive(Debug, Args)]
pub struct RenewArgs {
    /// The bundle zip to renew (its CA certificate, names, clients, port and key type are kept).
    #[arg(long, value_name = "OLD.zip")]
    bundle: PathBuf,
    /// The CA's key: ca/ca-key.pem of the old bundle, or your existing CA's.
    #[command(flatten)]
    ca_key: ca_args::CaKeyArgs,
    #[command(flatten)]
    reissue: ReissueArgs,
    /// Where to write the renewed bundle (mode 0600).
    #[arg(long, value_name = "NEW.zip")]
    out: PathBuf,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
}

/// What `renew` and `rotate-ca` both take beside the old bundle: the proxy's current CRL, new
/// lifetimes and client.p12.
#[derive(Debug, Args)]
pub struct ReissueArgs {
    /// The proxy's current CRL (by default the one inside the old bundle): revocations made
    /// since the bundle was written must carry over.
    #[arg(long, value_name = "FILE")]
    crl: Option<PathBuf>,
    /// How long every new server certificate is valid, in days (default: as in the old bundle,
    /// or until the CA's end if it ends sooner).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    server_days: Option<String>,
    /// How long the new client certificates are valid, in days (default: as in the old bundle,
    /// or until the CA's end if it ends sooner).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    client_days: Option<String>,
    /// Also write clients/NAME/client.p12 (PKCS#12: key, certificate and CA in one file), under
    /// the password in this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "p12_password_file")]
    p12_password_env: Option<String>,
    /// The same, with the password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    p12_password_file: Option<PathBuf>,
    #[command(flatten)]
    lang: crate::lang::LangArgs,
}

impl ReissueArgs {
    /// The old bundle of `--bundle`, with `--crl` in place of its CRL, making what it makes
    /// with its README in the language of `--lang`.
    pub fn read_old(&self, bundle: &Path) -> Result<OldBundle, Failure> {
        let language = self.lang.language()?;
        Ok(read_old(bundle, self.crl.as_deref())?.in_language(language))
    }

    /// The client.p12 password, if asked for.
    pub fn p12_password(&self) -> Result<Option<portcullis_pki::P12Password>, Failure> {
        secret::p12_password(secret::source(
            self.p12_password_env.as_deref(),
            self.p12_password_file.as_deref(),
        ))
    }

    /// `builder` with the lifetimes the flags set.
    pub fn lifetimes(&self, mut builder: PlanBuilder) -> Result<PlanBuilder, Failure> {
        if let Some(days) = &self.server_days {
            builder = builder.every_server_lifetime(Lifetime {
                days: ValidityDays::parse(Field::ServerDays, days)?,
                set_by: SetBy::Option("--server-days".into()),
            });
        }
        if let Some(days) = &self.client_days {
            builder = builder.client_days(ValidityDays::parse(Field::ClientDays, days)?);
        }
        Ok(builder)
    }
}

pub fn run(args: &RenewArgs) -> Result<(), Failure> {
    let old = args.reissue.read_old(&args.bundle)?;
    let p12_password = args.reissue.p12_password()?;
    output::check_target(&args.out, args.force)?;
    print_expiries(&old);
    let ca = args.ca_key.load_with(old.ca_pem.as_bytes())?;
    warn_revoked(&old, &ca)?;
    let plan = args
        .reissue
        .lifetimes(old.plan_builder().existing_ca(ca))?
        .build()?;

    let now = time::OffsetDateTime::now_utc();
    let mut rng = UnwrapErr(getrandom::SysRng);
    let (issued, mut bundle) = old.renew(&plan, now, &mut rng)?;
    if let Some(password) = &p12_password {
        bundle.add_client_p12(&issued, password, &mut rng)?;
    }
    for warning in &issued.warnings {
        eprintln!("portcullis: warning: {warning}");
    }
    output::write_atomically(&args.out, &bundle.to_zip(now)?, output::SECRET_MODE)?;
    let servers: Vec<String> = plan
        .servers()
        .iter()
        .zip(&issued.servers)
        .map(|(server, leaf)| {
            format!(
                "{} (until {})",
                server.names().join(", "),
                leaf.certificate.not_after.date()
            )
        })
        .collect();
    println!(
        "Wrote {}: {} {} and {} client certificates issued again with new keys, under the same CA \"{}\".",
        args.out.display(),
        if servers.len() == 1 {
            "the server certificate of"
        } else {
            "the server certificates of"
        },
        servers.join("; "),
        plan.clients().len(),
        plan.ca_common_name(),
    );
    println!(
        "Install {} on {} and give each client its new folder; the CA is the same, so nothing else changes.",
        if servers.len() == 1 {
            "server/"
        } else {
            "each folder of servers/"
        },
        if servers.len() == 1 {
            "the host"
        } else {
            "its host"
        },
    );
    Ok(())
}

/// The old bundle of `--bundle`, with the proxy's current CRL from `--crl` in place of the one
/// inside it.
fn read_old(bundle: &Path, crl: Option<&Path>) -> Result<OldBundle, Failure> {
    let mut old = OldBundle::read(&ca_args::read(bundle, "old bundle", "--bundle")?)?;
    match (crl, old.proxy_state.as_mut()) {
        (Some(path), Some((inside, _))) => {
            *inside = String::from_utf8(ca_args::read(path, "CRL", "--crl")?).map_err(|_| {
                Failure::Input(
                    "CRL: is not PEM text; give the CRL `portcullis revoke` wrote".into(),
                )
            })?;
        }
        (Some(_), None) => {
            return Err(Failure::Input(
                "CRL: the old bundle has no proxy, so there is no CRL to carry over; leave out --crl".into(),
            ));
        }
        (None, Some(_)) => eprintln!(
            "portcullis: note: keeping the CRL inside the old bundle; if you revoked since, pass your current one with --crl"
        ),
        (None, None) => {}
    }
    Ok(old)
}

/// What expires when in the old bundle, soonest first.
pub fn print_expiries(old: &OldBundle) {
    println!("The old bundle's certificates expire:");
    for (what, when) in &old.expiries {
        println!(
            "  {} {:02}:{:02} UTC  {what}",
            when.date(),
            when.hour(),
            when.minute()
        );
    }
}

/// A warning for each client the proxy's CRL revokes, who gets a new certificate all the same.
pub fn warn_revoked(old: &OldBundle, ca: &ExistingCa) -> Result<(), Failure> {
    for name in old.revoked_clients(ca)? {
        eprintln!(
            "portcullis: warning: {name}'s old certificate is revoked, and the new bundle holds a new one for {name}; to keep {name} out, take the line \"CN={name}\" out of proxy/allowed-clients.conf on each host"
        );
    }
    Ok(())
}
