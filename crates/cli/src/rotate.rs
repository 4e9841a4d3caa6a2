//! `portcullis rotate-ca`: an old bundle's PKI under a new CA, with a transition in which the
//! daemons trust both CAs while the clients move, so nobody is locked out on a flag day.

use std::path::PathBuf;

use clap::Args;
use portcullis_pki::{
    CaKeyProtection, CommonName, Field, Passphrase, SetBy, ValidityDays, rotated_ca_name,
};
use rand_core::UnwrapErr;

use crate::ca_args;
use crate::failure::Failure;
use crate::output;
use crate::renew::{ReissueArgs, print_expiries, warn_revoked};
use crate::secret::{self, PassphraseSource};

#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("new_passphrase")
        .args(["new_ca_passphrase_env", "new_ca_passphrase_file", "no_new_ca_passphrase"])
        .multiple(false)
))]
pub struct RotateArgs {
    /// The bundle zip whose CA is replaced (its names, clients, port, key type and lifetimes are
    /// kept).
    #[arg(long, value_name = "OLD.zip")]
    bundle: PathBuf,
    /// The old CA's key: ca/ca-key.pem of the old bundle, or your existing CA's. It signs the old
    /// CA's CRL once more for the proxy's transition, and proves the old CA is yours.
    #[command(flatten)]
    ca_key: ca_args::CaKeyArgs,
    /// The new CA's name (default: the old one's with today's date, e.g. "Docker CA for HOST,
    /// 2027-03-01").
    #[arg(long, value_name = "TEXT")]
    ca_cn: Option<String>,
    /// How long the new CA is valid, in days (default: as in the old bundle's plan, else 3650).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    ca_days: Option<String>,
    /// Encrypt the new CA key with the passphrase in this environment variable (default: the
    /// old key's passphrase).
    #[arg(long, value_name = "VAR")]
    new_ca_passphrase_env: Option<String>,
    /// The same, with the passphrase from the first line of this file.
    #[arg(long, value_name = "FILE")]
    new_ca_passphrase_file: Option<PathBuf>,
    /// Store the new CA key unencrypted (not recommended).
    #[arg(long)]
    no_new_ca_passphrase: bool,
    #[command(flatten)]
    reissue: ReissueArgs,
    /// Where to write the new bundle (mode 0600).
    #[arg(long, value_name = "NEW.zip")]
    out: PathBuf,
    /// Replace --out if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &RotateArgs) -> Result<(), Failure> {
    let old = args.reissue.read_old(&args.bundle)?;
    let p12_password = args.reissue.p12_password()?;
    output::check_target(&args.out, args.force)?;
    let old_passphrase = args.ca_key.passphrase()?;
    let protection = new_protection(args, old_passphrase.as_ref())?;
    print_expiries(&old);
    let old_ca = args
        .ca_key
        .load_with_passphrase(old.ca_pem.as_bytes(), old_passphrase.as_ref())?;
    warn_revoked(&old, &old_ca)?;

    let now = time::OffsetDateTime::now_utc();
    let name = match &args.ca_cn {
        Some(name) => name.parse::<CommonName>()?,
        None => rotated_ca_name(old_ca.common_name(), now.date()),
    };
    let mut builder = old
        .plan_builder()
        .ca_common_name(name)
        .ca_key_protection(protection)
        .ca_days_set_by(SetBy::Option("--ca-days".into()));
    if let Some(days) = &args.ca_days {
        builder = builder.ca_days(ValidityDays::parse(Field::CaDays, days)?);
    }
    let plan = args.reissue.lifetimes(builder)?.build()?;
    for warning in plan.warnings() {
        eprintln!("portcullis: warning: {warning}");
    }

    let mut rng = UnwrapErr(getrandom::SysRng);
    let (issued, mut bundle) = old.rotate(&plan, &old_ca, now, &mut rng)?;
    if let Some(password) = &p12_password {
        bundle.add_client_p12(&issued, password, &mut rng)?;
    }
    for warning in &issued.warnings {
        eprintln!("portcullis: warning: {warning}");
    }
    output::write_atomically(&args.out, &bundle.to_zip(now)?, output::SECRET_MODE)?;
    let several = plan.servers().len() > 1;
    println!(
        "Wrote {}: a new CA \"{}\" (until {}) in place of \"{}\" (until {}), with new certificates for every server and for {} clients.",
        args.out.display(),
        plan.ca_common_name(),
        issued.ca.not_after.date(),
        old_ca.common_name(),
        old_ca.certificate().not_after.date(),
        plan.clients().len(),
    );
    println!(
        "In this order (README.md, section 0): 1. install {} on {}, which then trusts both CAs; 2. give each client its new folder; 3. then install {}; 4. on each client, ca-new-only.pem becomes ca.pem.",
        if several {
            "transition/servers/HOST/"
        } else {
            "transition/server/"
        },
        if several { "each host" } else { "the host" },
        if several {
            "servers/HOST/ on each host"
        } else {
            "server/"
        },
    );
    Ok(())
}

/// How the new CA key is stored: as the flags say, else under the old key's passphrase.
fn new_protection(args: &RotateArgs, old: Option<&Passphrase>) -> Result<CaKeyProtection, Failure> {
    let source = match (
        &args.new_ca_passphrase_env,
        &args.new_ca_passphrase_file,
        args.no_new_ca_passphrase,
    ) {
        (Some(var), _, _) => PassphraseSource::Env(var),
        (_, Some(file), _) => PassphraseSource::File(file),
        (_, _, true) => PassphraseSource::None,
        _ => PassphraseSource::NotGiven,
    };
    if let Some(protection) = secret::new_ca_protection(source)? {
        return Ok(protection);
    }
    let Some(old) = old else {
        return Err(Failure::Input(
            "new CA passphrase: none given, and the old CA key has none to reuse; encrypt the new key with --new-ca-passphrase-env VAR or --new-ca-passphrase-file FILE, or pass --no-new-ca-passphrase".into(),
        ));
    };
    let text = String::from_utf8(old.expose_secret().to_vec()).unwrap_or_default();
    Passphrase::new(text)
        .map(CaKeyProtection::Passphrase)
        .map_err(|_| {
            Failure::Input(format!(
                "new CA passphrase: the old key's passphrase is shorter than {} characters, too short for a new key; give the new key its own with --new-ca-passphrase-env VAR or --new-ca-passphrase-file FILE",
                portcullis_pki::MIN_PASSPHRASE_CHARS
            ))
        })
}
