//! What the page asks its worker, and the answers.
//!
//! Everything that needs the heavy crypto is done by the worker's module, the only one that
//! links it: reading an existing CA (its key may be encrypted with 600,000 PBKDF2 rounds),
//! checking a CSR's signature, reading an old bundle or a plan file (which may hold a CSR),
//! signing a CSR and making a CRL. The page plans and checks the form with the answers, so it
//! stays small and quick to start, and never freezes while the worker works. Both sides are
//! this plain data, sent as wire bytes (`wire.rs`).

use core::fmt;

use portcullis_pki::{
    CaSummary, CertificateRequest, DecodedCertificate, Error, Field, FileRefusal, Finding, Fix,
    Found, Severity, Warning,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroize;

use crate::state::Form;
use crate::trouble::Trouble;

/// A question for the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Ask {
    /// Read the existing CA: its certificate and key, the key opened with the passphrase
    /// (empty: none).
    Ca {
        /// The certificate, PEM (or DER as text is never given).
        certificate: String,
        /// The key, PEM.
        key: Secret,
        /// The passphrase it was committed with.
        passphrase: Secret,
    },
    /// Read a CSR and check its signature.
    Csr(String),
    /// Read an old bundle, to renew it.
    OldBundle(SecretBytes),
    /// Read a plan file (`portcullis.json`), whose servers may hold CSRs.
    PlanFile(String),
    /// Sign the CSR tool's CSR with the tools' CA, as its inputs say.
    SignCsr {
        /// The form, as typed.
        form: Box<Form>,
        /// The page's clock, in milliseconds since the Unix epoch.
        now_unix_ms: f64,
    },
    /// Check a client's ca.pem, cert.pem and key.pem, and its DOCKER_HOST, as `portcullis
    /// doctor` does before it connects.
    Check {
        /// ca.pem as pasted.
        ca: String,
        /// cert.pem as pasted.
        cert: String,
        /// key.pem as pasted.
        key: Secret,
        /// DOCKER_HOST (empty: not checked).
        host: String,
        /// The page's clock, in milliseconds since the Unix epoch.
        now_unix_ms: f64,
    },
    /// Make the revoke tool's CRL with the tools' CA.
    Revoke {
        /// The form, as typed.
        form: Box<Form>,
        /// The page's clock, in milliseconds since the Unix epoch.
        now_unix_ms: f64,
    },
}

/// The worker's answer to an [`Ask`] of the same kind; refusals are the core's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The existing CA, read.
    Ca(Result<CaSummary, Error>),
    /// The CSR, read and its signature checked.
    Csr(Result<CertificateRequest, Error>),
    /// The old bundle, read.
    OldBundle(Result<BundleSummary, Error>),
    /// The plan file, read and checked.
    PlanFile(Result<PlanImport, Error>),
    /// The certificate the CSR tool signed.
    Signed(Result<SignedCsr, Error>),
    /// The revoke tool's new CRL (PEM) and how many certificates it lists.
    Crl(Result<(String, usize), Error>),
    /// What the check tool found, one line each.
    Checked(Vec<Finding>),
}

impl Answer {
    /// The answer of `ask`'s kind that says the worker could not answer, and why: a refusal of
    /// the input it was asked about.
    /// `why` is said in the page's language now (`i18n::spoken`): it becomes a value of
    /// the core's refusal, which is data, but whose values are text.
    pub fn failure(ask: &Ask, why: &Trouble) -> Self {
        let why = why.said(crate::i18n::spoken());
        let refusal = |field| Error::file(field, FileRefusal::worker_failed(why.clone()));
        match ask {
            Ask::Ca { .. } => Self::Ca(Err(refusal(Field::CaCertificate))),
            Ask::Csr(_) => Self::Csr(Err(refusal(Field::Csr))),
            Ask::OldBundle(_) => Self::OldBundle(Err(refusal(Field::OldBundle))),
            Ask::PlanFile(_) => Self::PlanFile(Err(refusal(Field::PlanFile))),
            Ask::SignCsr { .. } => Self::Signed(Err(refusal(Field::Csr))),
            Ask::Revoke { .. } => Self::Crl(Err(refusal(Field::Revocation))),
            Ask::Check { .. } => Self::Checked(vec![Finding::listed(
                Severity::Error,
                Found::found_worker_failed(why.clone()),
                None,
                Some(Fix::fix_reload_page()),
            )]),
        }
    }
}

/// What the renew tool shows of an old bundle, and needs to know before it renews.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleSummary {
    /// Each certificate it holds and when it ends (Unix seconds), as the core lists them.
    pub expiries: Vec<(String, i64)>,
    /// Whether it holds its CA's key (`ca/ca-key.pem`); without it, the user gives the key.
    pub has_ca_key: bool,
}

impl BundleSummary {
    /// Each certificate and when it ends.
    pub fn expiries(&self) -> impl Iterator<Item = (&str, OffsetDateTime)> {
        self.expiries.iter().map(|(what, when)| {
            let when =
                OffsetDateTime::from_unix_timestamp(*when).unwrap_or(OffsetDateTime::UNIX_EPOCH);
            (what.as_str(), when)
        })
    }
}

/// The wizard's inputs as a plan file fills them (see `Form::apply_plan`); the passphrase, and
/// what the file does not hold, are kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanImport {
    /// The key type's name.
    pub key_type: String,
    /// The new CA's name and lifetime in days, if the file makes a CA.
    pub ca: Option<(String, String)>,
    /// The first server's DNS names, one per line.
    pub server_dns: String,
    /// The first server's IP addresses, one per line.
    pub server_ip: String,
    /// The first server's port.
    pub port: String,
    /// The first server's platform's name.
    pub platform: String,
    /// Every server's lifetime in days (the first server's).
    pub server_days: String,
    /// The servers after the first, one per line.
    pub other_servers: String,
    /// The first server's own CSR, PEM, if it sends one.
    pub server_csr: Option<String>,
    /// The clients, one per line.
    pub clients: String,
    /// The clients' lifetime in days.
    pub client_days: String,
    /// Whether the nginx proxy is in.
    pub proxy: bool,
    /// What was read, for people.
    pub read: PlanRead,
}

/// What a plan file held, as the Overview says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRead {
    /// How many servers.
    pub servers: usize,
    /// How many clients.
    pub clients: usize,
    /// The first server's lifetime in days, which every server gets here, when the plan gave
    /// the servers different ones.
    pub same_days: Option<u32>,
}

impl PlanRead {
    /// "Read the plan: 2 servers, 1 client.", in `words`' language.
    pub fn said(&self, words: &'static portcullis_words::Words) -> String {
        use portcullis_words::fill;
        let said = &words.messages;
        let count = |n: usize, one: &str, many: &str| {
            if n == 1 {
                one.to_owned()
            } else {
                fill(many, &[("N", &n.to_string())])
            }
        };
        let mut read = fill(
            said.plan_read,
            &[
                (
                    "SERVERS",
                    &count(self.servers, said.one_server, said.servers),
                ),
                (
                    "CLIENTS",
                    &count(self.clients, said.one_client, said.clients),
                ),
            ],
        );
        if let Some(days) = self.same_days {
            read.push(' ');
            read.push_str(&fill(said.plan_same_days, &[("DAYS", &days.to_string())]));
        }
        read
    }
}

/// A certificate the CSR tool signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCsr {
    /// PEM.
    pub pem: String,
    /// Decoded by the core, for the page.
    pub decoded: DecodedCertificate,
    /// What the user must know of it (it ends with the CA), as data.
    pub warnings: Vec<Warning>,
}

/// A secret text (a key, a passphrase) on its way between page and worker: wiped when
/// dropped, never shown by `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `text`.
    pub fn new(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// The text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[secret elided]")
    }
}

/// Secret bytes (an old bundle holds every private key it made): wiped when dropped, never
/// shown by `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Wraps `bytes`.
    pub fn new(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// The bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for SecretBytes {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} secret bytes elided]", self.0.len())
    }
}
