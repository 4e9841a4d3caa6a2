//! What the check of a client's files and of DOCKER_HOST finds, and what to do about it, as
//! data: one list of findings and one of fixes, each kind with its values and its template in
//! `portcullis-words`, so that the wizard says them in its language. The CLI prints the English
//! ([`super::Finding`]'s text is made from these templates). What only the CLI checks (the
//! daemon it dials, the network) stays English text.

use core::fmt;

use portcullis_words::{Lang, Refusals, fill};
use serde::{Deserialize, Serialize};

use crate::refusal::Values;
use crate::refusal::listed::{WireValue, one, refusals};

refusals! {
    /// What the check found in a client's files or in DOCKER_HOST (an error, a warning, or
    /// what was checked and is fine).
    struct Found, kind FoundKind;
    /// ca.pem was not given.
    CaMissing {} => found_ca_missing,
    /// ca.pem holds no certificate.
    CaNoCertificate {} => found_ca_no_certificate,
    /// A certificate in ca.pem is no CA's.
    CaNotCa { subject: String = "SUBJECT" } => found_ca_not_ca,
    /// The CA carries an extendedKeyUsage.
    CaEku { subject: String = "SUBJECT", eku: String = "EKU" } => found_ca_eku,
    /// The CA is outside its validity.
    CaNotValid { subject: String = "SUBJECT", date: String = "DATE" } => found_ca_not_valid,
    /// The CA ends soon.
    CaEndsSoon { subject: String = "SUBJECT", date: String = "DATE" } => found_ca_ends_soon,
    /// ca.pem is fine: the CAs' names.
    CaFine { names: String = "NAMES" } => found_ca_fine,
    /// cert.pem was not given.
    CertMissing {} => found_cert_missing,
    /// cert.pem holds no certificate.
    CertNoCertificate {} => found_cert_no_certificate,
    /// cert.pem is a CA's certificate.
    CertIsCa { subject: String = "SUBJECT" } => found_cert_is_ca,
    /// cert.pem lacks clientAuth.
    CertNotForClients { subject: String = "SUBJECT", eku: String = "EKU" } => found_cert_not_for_clients,
    /// cert.pem is outside its validity.
    CertNotValid { subject: String = "SUBJECT", date: String = "DATE" } => found_cert_not_valid,
    /// cert.pem ends soon.
    CertEndsSoon { subject: String = "SUBJECT", date: String = "DATE" } => found_cert_ends_soon,
    /// cert.pem was issued by another CA than ca.pem's.
    CertOtherCa { subject: String = "SUBJECT" } => found_cert_other_ca,
    /// cert.pem is fine.
    CertFine { subject: String = "SUBJECT", date: String = "DATE" } => found_cert_fine,
    /// key.pem was not given.
    KeyMissing {} => found_key_missing,
    /// key.pem is encrypted.
    KeyEncrypted {} => found_key_encrypted,
    /// key.pem holds no readable key.
    KeyUnreadable {} => found_key_unreadable,
    /// key.pem is not cert.pem's key.
    KeyNotOfCert {} => found_key_not_of_cert,
    /// key.pem may be read by others.
    KeyReadable { mode: String = "MODE" } => found_key_readable,
    /// key.pem is fine: its key type, by its name (`ecdsa-p256`; said in each language's
    /// words, see [`super::Finding::problem_naming_keys`]).
    KeyFine { key: String = "KEY" } => found_key_fine,
    /// DOCKER_HOST is empty.
    HostUnset {} => found_host_unset,
    /// DOCKER_HOST is no tcp:// address.
    HostNotTcp { value: String = "VALUE" } => found_host_not_tcp,
    /// DOCKER_HOST's IPv6 address lacks its `]`.
    HostNoBracket { value: String = "VALUE" } => found_host_no_bracket,
    /// DOCKER_HOST names no host.
    HostNoHost { value: String = "VALUE" } => found_host_no_host,
    /// DOCKER_HOST's port is no port.
    HostBadPort { value: String = "VALUE" } => found_host_bad_port,
    /// DOCKER_HOST's port is 2375.
    HostPlainPort {} => found_host_plain_port,
    /// The browser's clock gives no date (the wizard's tool).
    ClockNotADate { ms: String = "MS" } => found_clock_not_a_date,
    /// The wizard's worker failed before it could check (its words, as the browser gave them).
    WorkerFailed { why: String = "WHY" } => found_worker_failed,
}

refusals! {
    /// What to do about a finding.
    struct Fix, kind FixKind;
    /// Copy ca.pem.
    CopyCa {} => fix_copy_ca,
    /// ca.pem must be the CA's certificate.
    CaPemIsTheCa {} => fix_ca_pem_is_the_ca,
    /// Put the signing CA into ca.pem.
    PutSigningCa {} => fix_put_signing_ca,
    /// A CA should have no EKU.
    CaWithoutEku {} => fix_ca_without_eku,
    /// Make a CA without EKU, or with both.
    CaEkuBoth {} => fix_ca_eku_both,
    /// Replace the CA.
    ReplaceCa {} => fix_replace_ca,
    /// Replace the CA before it ends.
    RotateCaSoon {} => fix_rotate_ca_soon,
    /// Copy cert.pem.
    CopyCert {} => fix_copy_cert,
    /// cert.pem must be the client's certificate.
    CertPemIsTheClients {} => fix_cert_pem_is_the_clients,
    /// Use the client's certificate.
    UseClientCert {} => fix_use_client_cert,
    /// Issue a client certificate.
    IssueClientCert {} => fix_issue_client_cert,
    /// Renew the certificate.
    RenewCert {} => fix_renew_cert,
    /// Renew the certificate before it ends.
    RenewCertSoon {} => fix_renew_cert_soon,
    /// Use the three files of one folder.
    OneFolder {} => fix_one_folder,
    /// Copy key.pem.
    CopyKey {} => fix_copy_key,
    /// Decrypt key.pem.
    DecryptKey {} => fix_decrypt_key,
    /// key.pem must be the client's key.
    KeyPemIsTheClients {} => fix_key_pem_is_the_clients,
    /// Use cert.pem and key.pem of one folder.
    SameFolder {} => fix_same_folder,
    /// chmod 0400 key.pem.
    ChmodKey {} => fix_chmod_key,
    /// Set DOCKER_HOST.
    SetDockerHost {} => fix_set_docker_host,
    /// Use port 2376.
    Use2376 {} => fix_use_2376,
    /// Set the computer's clock.
    SetClock {} => fix_set_clock,
    /// Reload the page.
    ReloadPage {} => fix_reload_page,
}

/// On the wire as `[kind, [values]]`, as a refusal.
macro_rules! wire {
    ($($name:ident),*) => {
        $(
            impl Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    self.to_wire().serialize(serializer)
                }
            }

            impl<'de> Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let (kind, values) = <(String, Vec<String>)>::deserialize(deserializer)?;
                    Self::from_wire(&kind, &mut Values(values.into_iter())).ok_or_else(|| {
                        serde::de::Error::custom(format!(
                            concat!("not a ", stringify!($name), " of kind {:?}"),
                            kind
                        ))
                    })
                }
            }
        )*
    };
}

wire!(Found, Fix);
