//! The flags that name an existing CA, shared by `sign` and `revoke`, and reading the files
//! they point at.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use portcullis_pki::{ExistingCa, Passphrase};

use crate::failure::Failure;
use crate::secret::{self, PassphraseSource};

/// An existing CA: its certificate, its key and the key's passphrase.
#[derive(Debug, Args)]
pub struct CaArgs {
    /// The CA's certificate (PEM or DER).
    #[arg(long, value_name = "FILE")]
    ca_cert: PathBuf,
    #[command(flatten)]
    key: CaKeyArgs,
}

impl CaArgs {
    /// Reads and checks the CA.
    pub fn load(&self) -> Result<ExistingCa, Failure> {
        self.key
            .load_with(&read(&self.ca_cert, "CA certificate", "--ca-cert")?)
    }
}

/// A CA's private key and its passphrase (the certificate may come from elsewhere, e.g. an old
/// bundle).
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("passphrase")
        .args(["ca_passphrase_env", "ca_passphrase_file"])
        .multiple(false)
))]
pub struct CaKeyArgs {
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

impl CaKeyArgs {
    /// The CA of certificate `cert` with this key.
    pub fn load_with(&self, cert: &[u8]) -> Result<ExistingCa, Failure> {
        self.load_with_passphrase(cert, self.passphrase()?.as_ref())
    }

    /// The key's passphrase, if one was given.
    pub fn passphrase(&self) -> Result<Option<Passphrase>, Failure> {
        passphrase(
            self.ca_passphrase_env.as_deref(),
            self.ca_passphrase_file.as_deref(),
        )
    }

    /// [`CaKeyArgs::load_with`] with the passphrase already read.
    pub fn load_with_passphrase(
        &self,
        cert: &[u8],
        passphrase: Option<&Passphrase>,
    ) -> Result<ExistingCa, Failure> {
        existing_ca_with(cert, &self.ca_key, passphrase)
    }
}

/// The CA key's passphrase from `--ca-passphrase-env` or `--ca-passphrase-file`, if given.
pub fn passphrase(env: Option<&str>, file: Option<&Path>) -> Result<Option<Passphrase>, Failure> {
    let source = match (env, file) {
        (Some(var), _) => PassphraseSource::Env(var),
        (_, Some(file)) => PassphraseSource::File(file),
        _ => PassphraseSource::NotGiven,
    };
    secret::existing_key_passphrase(source)
}

/// Reads and checks an existing CA (its key opened with `passphrase` if encrypted).
pub fn existing_ca(
    cert: &Path,
    key: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<ExistingCa, Failure> {
    existing_ca_with(&read(cert, "CA certificate", "--ca-cert")?, key, passphrase)
}

/// An existing CA whose certificate is already in hand (e.g. from an old bundle).
pub fn existing_ca_with(
    cert: &[u8],
    key: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<ExistingCa, Failure> {
    let key = String::from_utf8(read(key, "CA key", "--ca-key")?)
        .map_err(|_| Failure::Input("CA key: is not PEM text; give the key in PEM form".into()))?;
    Ok(ExistingCa::from_pem(cert, &key, passphrase)?)
}

/// Reads a file the user named with `flag`; the error names `what` and the flag.
pub fn read(path: &Path, what: &str, flag: &str) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::File::open(path)
        .and_then(read_bounded)
        .map_err(|err| {
            Failure::Input(format!(
                "{what}: cannot read `{}`: {err}; check the path given to {flag}",
                path.display()
            ))
        })?;
    bytes.ok_or_else(|| {
        Failure::Input(format!(
            "{what}: `{}` is larger than {MAX_INPUT_BYTES} bytes, far beyond any real one; check the path given to {flag}",
            path.display()
        ))
    })
}

/// The most any file handed to Portcullis is read of: the largest old bundle the core reads.
/// `/dev/zero` or a disk image given by mistake is refused, not read until memory runs out.
pub const MAX_INPUT_BYTES: usize = portcullis_pki::MAX_BUNDLE_BYTES;

/// All of `reader`, or `None` once it holds more than [`MAX_INPUT_BYTES`].
pub fn read_bounded(reader: impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() <= MAX_INPUT_BYTES).then_some(bytes))
}
