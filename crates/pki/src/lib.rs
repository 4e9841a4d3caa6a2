//! # portcullis-pki
//!
//! The pure core of Portcullis: it makes the certificate authority, the Docker daemon's server
//! certificate and the clients' certificates that lock the daemon's TCP socket with mutual TLS,
//! and packs them with everything needed to install them into a [`Bundle`].
//!
//! The same code runs natively (the `portcullis` CLI) and as wasm32 in the browser wizard, so
//! both make the same kind of bundle.
//!
//! Invariants:
//! - No I/O, no clock, no global RNG: time and randomness are passed in.
//! - Input is parsed once into types that cannot hold a bad value ([`DnsName`], [`IpSan`],
//!   [`ClientName`], [`ValidityDays`], [`Port`], [`Passphrase`]); every refusal is an
//!   [`Error::InvalidInput`] whose message names the field and the fix.
//! - Secrets ([`Passphrase`], [`KeyPair`], [`PrivateKeyPem`]) are zeroized on drop and never
//!   shown by `Debug`.
//! - No `unsafe`, no panics on any input.
//!
//! ```
//! use portcullis_pki::{issue, Bundle, CaKeyProtection, Passphrase, Plan};
//! # use rand_core::SeedableRng;
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(0);
//! # let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
//! let plan = Plan::builder()
//!     .server_dns("docker.example.com".parse()?)
//!     .server_ip("192.0.2.10".parse()?)
//!     .client("alice".parse()?)
//!     .ca_key_protection(CaKeyProtection::Passphrase(Passphrase::new("correct horse battery".into())?))
//!     .build()?;
//! let issued = issue(&plan, now, &mut rng)?;
//! let bundle = Bundle::new(&plan, &issued);
//! let zip_bytes = bundle.to_zip(now)?;
//! assert!(bundle.file("server/override.conf").is_some());
//! # assert!(!zip_bytes.is_empty());
//! # Ok::<(), portcullis_pki::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod archive;
mod bundle;
mod csr;
mod doctor;
mod error;
mod existing_ca;
mod inspect;
mod issue;
mod key_import;
mod key_pair;
mod language;
mod limits;
mod names;
mod passphrase;
mod pem;
mod pkcs12;
mod plan;
mod plan_file;
mod platform;
mod premade;
mod profile;
mod refusal;
mod renew;
mod revoke;
mod rotate;
mod rsa_primes;
mod sign;
mod validity;
mod verify;
mod x509;

pub use bundle::{Bundle, BundleFile, server_dirs};
pub use csr::{CertificateRequest, RequestedKey};
pub use doctor::{
    ClientFiles, DockerHost, Finding, Fix, FixKind, Found, FoundKind, Handshake, Said, Severity,
    any_error, check_client_auth, check_client_files, check_daemon_certificate, check_docker_host,
    issuer_name_der, pem_certificates,
};
pub use error::{Error, Field};
pub use existing_ca::{CaSummary, ExistingCa};
pub use inspect::{Decoded, DecodedCertificate, inspect};
pub use issue::{
    Issued, IssuedCertificate, IssuedClient, IssuedLeaf, IssuedServer, Next, Progress, issue,
    issue_premade, issue_with_progress,
};
pub use key_pair::{CA_KEY_PBKDF2_ITERATIONS, KeyPair, KeyType, PrivateKeyPem};
pub use language::Language;
pub use limits::{
    MAX_BUNDLE_BYTES, MAX_CLIENTS, MAX_DOCUMENT_BYTES, MAX_PLAN_FILE_BYTES, MAX_SERVER_NAMES,
    MAX_SERVERS,
};
pub use names::{ClientName, CommonName, DnsName, IpSan};
pub use passphrase::{MIN_PASSPHRASE_CHARS, Passphrase};
pub use pkcs12::{P12_ITERATIONS, P12Password, client_p12};
pub use plan::{
    CaKeyProtection, CaPlan, CaSource, CutShort, KnownCa, Plan, PlanBuilder, ServerPlan,
    ServerSpec, Warning,
};
pub use plan_file::{PLAN_FILE_NAME, PLAN_FILE_VERSION};
pub use platform::Platform;
pub use premade::{CA_KEY_ENCRYPTION_KEY_LEN, CA_KEY_SALT_LEN, CaKeyEncryption, DryRun, Premade};
pub use profile::{CLOCK_SKEW_ALLOWANCE, Role, SubjectKey, Validity};
pub use refusal::{FileKind, FileRefusal, InputKind, InputRefusal, Refusal};
pub use renew::OldBundle;
pub use revoke::{Reason, RevocationList, Revoked, revocation_list, serial_of, serials_of_all};
pub use rotate::rotated_ca_name;
pub use rsa_primes::{RsaPrime, RsaPrimeSearch};
pub use sign::{SignAs, Signed, days_left, refuse_ca_request, sign_csr, sign_request};
pub use validity::{
    DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS, DEFAULT_PORT, FormLifetime, Lifetime, MAX_DAYS, Port,
    SetBy, ValidityDays,
};
