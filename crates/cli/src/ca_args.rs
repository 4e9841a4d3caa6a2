//! The flags that name an existing CA, shared by `sign` and `revoke`, and reading the files
//! they point at.

use std::path::{Path, PathBuf};

use clap::Args;
use portcullis_pki::{CaKeyProtection, ExistingCa, Passphrase};

use crate::failure::Failure;
use crate::secret::{self, PassphraseSource};

/// An existing CA: its certificate, its key and the key's passphrase.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("passphrase")
        .args(["ca_passphrase_env", "ca_passphrase_file"])
        .multiple(false)
))]
pub struct CaArgs {
    /// The CA's certificate (PEM or DER).
    #[arg(long, value_name = "FILE")]
    ca_cert: PathBuf,
    /// The CA's private key (PEM: PKCS#8, PKCS#1 or SEC1; encrypted or not).
    #[arg(long, value_name = "FILE")]
    ca_key: PathBuf,
    /// Read the CA key's passphrase from this environment variable.
    #[arg(long, value_name = "VAR")]
    ca_passphrase_env: Option<String>,
    /// Read the CA key's passphrase from the first line of this file.
    #[arg(long, value_name = "FILE")]
    ca_passphrase_file: Option<PathBuf>,
}

impl CaArgs {
    /// Reads and checks the CA.
    pub fn load(&self) -> Result<ExistingCa, Failure> {
        let source = match (&self.ca_passphrase_env, &self.ca_passphrase_file) {
            (Some(var), _) => PassphraseSource::Env(var),
            (_, Some(file)) => PassphraseSource::File(file),
            _ => PassphraseSource::NotGiven,
        };
        let passphrase = match secret::protection(source)? {
            Some(CaKeyProtection::Passphrase(passphrase)) => Some(passphrase),
            _ => None,
        };
        existing_ca(&self.ca_cert, &self.ca_key, passphrase.as_ref())
    }
}

/// Reads and checks an existing CA (its key opened with `passphrase` if encrypted).
pub fn existing_ca(
    cert: &Path,
    key: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<ExistingCa, Failure> {
    let cert = read(cert, "CA certificate", "--ca-cert")?;
    let key = String::from_utf8(read(key, "CA key", "--ca-key")?)
        .map_err(|_| Failure::Input("CA key: is not PEM text; give the key in PEM form".into()))?;
    Ok(ExistingCa::from_pem(&cert, &key, passphrase)?)
}

/// Reads a file the user named with `flag`; the error names `what` and the flag.
pub fn read(path: &Path, what: &str, flag: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|err| {
        Failure::Input(format!(
            "{what}: cannot read `{}`: {err}; check the path given to {flag}",
            path.display()
        ))
    })
}
