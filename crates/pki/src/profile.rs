//! What each certificate contains, decided by its [`Role`] alone (SPEC.md, "Certificates").
//!
//! The choices here are the ones Docker TLS breaks on when they are wrong: no EKU on the CA (Go
//! applies a CA's EKU to the whole chain), serverAuth only on the server and clientAuth only on
//! clients, keyEncipherment only for RSA, every name as a SAN (Go ignores the CN), SKI everywhere
//! and AKI on leaves, positive random serials.

use rand_core::CryptoRng;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyIdMethod, KeyUsagePurpose, SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

use crate::csr::RequestedKey;
use crate::error::Error;
use crate::key_pair::KeyPair;
use crate::names::{DnsName, IpSan};
use crate::validity::ValidityDays;

/// How far notBefore is set back, so a client whose clock is a little behind still accepts a
/// certificate issued a moment ago.
pub const CLOCK_SKEW_ALLOWANCE: Duration = Duration::minutes(5);

/// Serial numbers are this many bytes: 126 random bits, positive, and always 16 bytes long.
pub const SERIAL_LEN: usize = 16;

/// The role a certificate plays; it alone decides the extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role<'a> {
    /// The certificate authority that signs the others.
    Ca,
    /// The Docker daemon.
    Server {
        /// DNS SANs.
        dns_names: &'a [DnsName],
        /// IP SANs.
        ip_addresses: &'a [IpSan],
    },
    /// A docker CLI user.
    Client,
}

/// When a certificate is valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// The start, set back by [`CLOCK_SKEW_ALLOWANCE`].
    pub not_before: OffsetDateTime,
    /// The end.
    pub not_after: OffsetDateTime,
}

impl Validity {
    /// `days` from `now`, starting [`CLOCK_SKEW_ALLOWANCE`] before `now`, to whole seconds.
    pub fn from_now(now: OffsetDateTime, days: ValidityDays) -> Self {
        let now = now.replace_nanosecond(0).unwrap_or(now);
        Self {
            not_before: now - CLOCK_SKEW_ALLOWANCE,
            not_after: now + Duration::days(i64::from(days.days())),
        }
    }
}

/// A fresh serial: [`SERIAL_LEN`] random bytes, the top bit cleared (positive, so DER needs no
/// padding byte) and the next one set (so it never shrinks below 16 bytes).
pub fn random_serial<R: CryptoRng + ?Sized>(rng: &mut R) -> [u8; SERIAL_LEN] {
    let mut serial = [0u8; SERIAL_LEN];
    rng.fill_bytes(&mut serial);
    serial[0] = (serial[0] & 0x7f) | 0x40;
    serial
}

/// The subject's public key as the profile needs it: its identifier (written as SKI), and
/// whether it is RSA (which alone may carry keyEncipherment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectKey {
    /// The key identifier.
    pub identifier: Vec<u8>,
    /// Whether it is an RSA key.
    pub is_rsa: bool,
}

impl From<&KeyPair> for SubjectKey {
    fn from(key: &KeyPair) -> Self {
        Self {
            identifier: key.key_identifier(),
            is_rsa: key.key_type().is_rsa(),
        }
    }
}

impl From<&RequestedKey> for SubjectKey {
    fn from(key: &RequestedKey) -> Self {
        Self {
            identifier: key.key_identifier(),
            is_rsa: key.is_rsa(),
        }
    }
}

/// Builds the rcgen parameters of one certificate.
pub fn params(
    role: &Role<'_>,
    common_name: &str,
    subject_key: &SubjectKey,
    validity: Validity,
    serial: &[u8],
) -> Result<CertificateParams, Error> {
    let mut params = CertificateParams::default();
    params.not_before = validity.not_before;
    params.not_after = validity.not_after;
    params.serial_number = Some(SerialNumber::from_slice(serial));
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, common_name);
    params.distinguished_name = subject;
    // Without rcgen's `crypto` feature the key identifier is computed here; rcgen writes it as
    // SKI, and as AKI into the certificates this one signs.
    params.key_identifier_method = KeyIdMethod::PreSpecified(subject_key.identifier.clone());
    params.key_usages = key_usages(role, subject_key.is_rsa);
    match role {
        Role::Ca => {
            params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        }
        Role::Server {
            dns_names,
            ip_addresses,
        } => {
            params.is_ca = IsCa::ExplicitNoCa;
            params.use_authority_key_identifier_extension = true;
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            params.subject_alt_names = subject_alt_names(dns_names, ip_addresses)?;
        }
        Role::Client => {
            params.is_ca = IsCa::ExplicitNoCa;
            params.use_authority_key_identifier_extension = true;
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        }
    }
    Ok(params)
}

/// The keyUsage bits: keyCertSign and cRLSign (+digitalSignature) for the CA; digitalSignature
/// for leaves, plus keyEncipherment for RSA keys only (RSA key transport; meaningless for EC).
pub fn key_usages(role: &Role<'_>, is_rsa: bool) -> Vec<KeyUsagePurpose> {
    match role {
        Role::Ca => vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
        ],
        Role::Server { .. } | Role::Client if is_rsa => vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ],
        Role::Server { .. } | Role::Client => vec![KeyUsagePurpose::DigitalSignature],
    }
}

fn subject_alt_names(dns_names: &[DnsName], ips: &[IpSan]) -> Result<Vec<SanType>, Error> {
    let mut sans = Vec::with_capacity(dns_names.len() + ips.len());
    for name in dns_names {
        let ia5 = name
            .as_str()
            .to_owned()
            .try_into()
            .map_err(|_| Error::Certificate(format!("`{name}` is not IA5 text")))?;
        sans.push(SanType::DnsName(ia5));
    }
    sans.extend(ips.iter().map(|ip| SanType::IpAddress(ip.addr())));
    Ok(sans)
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::key_pair::KeyType;

    #[test]
    fn serials_are_positive_and_full_length() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        for _ in 0..1000 {
            let serial = random_serial(&mut rng);
            assert_eq!(serial[0] & 0x80, 0, "positive");
            assert_ne!(serial[0], 0, "no leading zero byte");
        }
        assert_ne!(random_serial(&mut rng), random_serial(&mut rng));
    }

    #[test]
    fn key_encipherment_only_for_rsa() {
        let client = Role::Client;
        assert_eq!(
            key_usages(&client, KeyType::EcdsaP256.is_rsa()),
            vec![KeyUsagePurpose::DigitalSignature]
        );
        assert!(
            key_usages(&client, KeyType::Rsa2048.is_rsa())
                .contains(&KeyUsagePurpose::KeyEncipherment)
        );
        assert!(!key_usages(&Role::Ca, true).contains(&KeyUsagePurpose::KeyEncipherment));
    }

    #[test]
    fn validity_is_backdated_and_whole_seconds() {
        let now =
            OffsetDateTime::from_unix_timestamp_nanos(1_800_000_000_123_456_789).expect("time");
        let validity = Validity::from_now(
            now,
            ValidityDays::new(crate::Field::ServerDays, 2).expect("days"),
        );
        assert_eq!(validity.not_before.unix_timestamp(), 1_800_000_000 - 300);
        assert_eq!(
            validity.not_after.unix_timestamp(),
            1_800_000_000 + 2 * 86_400
        );
        assert_eq!(validity.not_before.nanosecond(), 0);
    }
}
