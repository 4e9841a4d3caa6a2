//! Reading the CA passphrase: from an environment variable or a file, never from argv (where
//! `ps` and shell history would show it).

use std::path::Path;

use portcullis_pki::{CaKeyProtection, P12Password, Passphrase};
use zeroize::Zeroizing;

use crate::failure::Failure;

/// Where the passphrase comes from, as the flags said.
#[derive(Debug)]
pub enum PassphraseSource<'a> {
    Env(&'a str),
    File(&'a Path),
    None,
    NotGiven,
}

/// The CA key protection the flags ask for; `None` when no flag was given (the plan then says
/// what to do).
pub fn protection(source: PassphraseSource<'_>) -> Result<Option<CaKeyProtection>, Failure> {
    protection_of(source, CA)
}

/// [`protection`] for the new CA of `rotate-ca`, whose flags are `--new-ca-passphrase-…`.
pub fn new_ca_protection(source: PassphraseSource<'_>) -> Result<Option<CaKeyProtection>, Failure> {
    protection_of(source, NEW_CA)
}

fn protection_of(
    source: PassphraseSource<'_>,
    secret: Secret,
) -> Result<Option<CaKeyProtection>, Failure> {
    if matches!(source, PassphraseSource::None) {
        return Ok(Some(CaKeyProtection::Unencrypted));
    }
    Ok(match read(source, secret)? {
        Some(text) => Some(CaKeyProtection::Passphrase(Passphrase::new(text)?)),
        None => None,
    })
}

/// The passphrase of an existing CA's key, if one was given: any length but empty.
pub fn existing_key_passphrase(
    source: PassphraseSource<'_>,
) -> Result<Option<Passphrase>, Failure> {
    Ok(match read(source, CA)? {
        Some(text) => Some(Passphrase::of_existing_key(text)?),
        None => None,
    })
}

/// The password of the clients' `client.p12` files, if one was asked for.
pub fn p12_password(source: PassphraseSource<'_>) -> Result<Option<P12Password>, Failure> {
    Ok(match read(source, P12)? {
        Some(text) => Some(P12Password::new(text)?),
        None => None,
    })
}

/// The source two flags name (an environment variable or a file; clap lets only one through).
pub fn source<'a>(env: Option<&'a str>, file: Option<&'a Path>) -> PassphraseSource<'a> {
    match (env, file) {
        (Some(var), _) => PassphraseSource::Env(var),
        (_, Some(path)) => PassphraseSource::File(path),
        _ => PassphraseSource::NotGiven,
    }
}

/// Which secret is read: its name in messages and its file flag.
struct Secret {
    name: &'static str,
    file_flag: &'static str,
}

const CA: Secret = Secret {
    name: "CA passphrase",
    file_flag: "--ca-passphrase-file",
};
const NEW_CA: Secret = Secret {
    name: "new CA passphrase",
    file_flag: "--new-ca-passphrase-file",
};
const P12: Secret = Secret {
    name: "client.p12 password",
    file_flag: "--p12-password-file",
};

/// The passphrase's text, if a source was given.
fn read(source: PassphraseSource<'_>, secret: Secret) -> Result<Option<String>, Failure> {
    let Secret { name, file_flag } = secret;
    let text = match source {
        PassphraseSource::NotGiven | PassphraseSource::None => return Ok(None),
        PassphraseSource::Env(var) => match std::env::var(var) {
            Ok(value) => value,
            Err(std::env::VarError::NotPresent) => {
                return Err(Failure::Input(format!(
                    "{name}: the environment variable `{var}` is not set; export it first, or use {file_flag} FILE"
                )));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Failure::Input(format!(
                    "{name}: the environment variable `{var}` is not valid UTF-8; set it to text"
                )));
            }
        },
        PassphraseSource::File(path) => {
            let bytes = Zeroizing::new(
                std::fs::File::open(path)
                    .and_then(crate::ca_args::read_bounded)
                    .map_err(|err| {
                        Failure::Input(format!(
                            "{name}: cannot read `{}`: {err}; check the path given to {file_flag}",
                            path.display()
                        ))
                    })?
                    .ok_or_else(|| {
                        Failure::Input(format!(
                            "{name}: `{}` is far too large for a passphrase; check the path given to {file_flag}",
                            path.display()
                        ))
                    })?,
            );
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                Failure::Input(format!(
                    "{name}: `{}` is not UTF-8 text; write it as text",
                    path.display()
                ))
            })?;
            // A file written by `echo` ends with a newline that is not part of the passphrase.
            let line = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(text);
            line.to_owned()
        }
    };
    Ok(Some(text))
}
