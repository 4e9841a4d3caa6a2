//! Revocation: dockerd cannot check a revocation list, but a reverse proxy in front of it (nginx
//! with `ssl_crl`) can. A CRL signed by the CA lists the serials that must no longer get in; each
//! new CRL keeps the earlier entries and counts up its CRL number.

use core::fmt;
use core::str::FromStr;

use rcgen::{
    CertificateRevocationListParams, KeyIdMethod, RevocationReason, RevokedCertParams, SerialNumber,
};
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::pem;
use crate::refusal::FileRefusal;
use crate::validity::ValidityDays;
use crate::verify::{self, KeyKind};
use crate::x509;

/// Why a certificate is revoked (RFC 5280's reason codes that apply to Docker clients).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// No reason given.
    Unspecified,
    /// The private key was lost or stolen.
    KeyCompromise,
    /// The person left, or changed role.
    AffiliationChanged,
    /// A new certificate replaces it.
    Superseded,
    /// The machine or service is gone.
    CessationOfOperation,
}

impl Reason {
    /// Every reason with its name (as `--reason` takes it).
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::Unspecified, "unspecified"),
        (Self::KeyCompromise, "key-compromise"),
        (Self::AffiliationChanged, "affiliation-changed"),
        (Self::Superseded, "superseded"),
        (Self::CessationOfOperation, "cessation-of-operation"),
    ];

    fn rcgen(self) -> RevocationReason {
        match self {
            Self::Unspecified => RevocationReason::Unspecified,
            Self::KeyCompromise => RevocationReason::KeyCompromise,
            Self::AffiliationChanged => RevocationReason::AffiliationChanged,
            Self::Superseded => RevocationReason::Superseded,
            Self::CessationOfOperation => RevocationReason::CessationOfOperation,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            _ => return None,
        })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL
            .iter()
            .find(|(r, _)| r == self)
            .map_or("unspecified", |(_, n)| n);
        f.write_str(name)
    }
}

impl FromStr for Reason {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .find(|(_, name)| *name == text.trim())
            .map(|(reason, _)| *reason)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, n)| *n).collect();
                Error::file(
                    Field::Revocation,
                    FileRefusal::reason_unknown(text.trim().to_owned(), names.join(", ")),
                )
            })
    }
}

/// One revoked certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revoked {
    /// Its serial number, big-endian, without leading zero bytes.
    pub serial: Vec<u8>,
    /// When it was revoked.
    pub revoked_at: OffsetDateTime,
    /// Why, if said.
    pub reason: Option<Reason>,
}

impl Revoked {
    /// The serial as colon-separated hex, as openssl prints it.
    pub fn serial_hex(&self) -> String {
        let hex: Vec<String> = self.serial.iter().map(|b| format!("{b:02X}")).collect();
        hex.join(":")
    }
}

/// A CRL read back: its number and entries, its signature checked against the CA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    /// The CRL number, big-endian.
    pub number: Vec<u8>,
    /// The revoked certificates.
    pub revoked: Vec<Revoked>,
}

impl RevocationList {
    /// Reads a CRL (PEM or DER) that `ca` signed; refuses one from another CA.
    pub fn parse(input: &[u8], ca: &ExistingCa) -> Result<Self, Error> {
        let refuse = |why: FileRefusal| Error::file(Field::Crl, why);
        crate::limits::check_size(Field::Crl, input.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let der = match core::str::from_utf8(input) {
            Ok(text) if text.contains("-----BEGIN ") => pem::blocks(text)
                .map_err(|_| refuse(FileRefusal::pem_damaged()))?
                .into_iter()
                .find(|b| b.label == "X509 CRL")
                .map(|b| b.der.to_vec())
                .ok_or_else(|| refuse(FileRefusal::crl_none()))?,
            _ => input.to_vec(),
        };
        let crl =
            x509::RevocationList::read(&der).map_err(|_| refuse(FileRefusal::crl_invalid()))?;
        if !issued_by(ca, &crl.issuer_der, &crl.signed) {
            return Err(refuse(FileRefusal::crl_other_ca()));
        }
        let revoked = crl
            .revoked
            .into_iter()
            .map(|entry| Revoked {
                serial: positive(&entry.serial),
                revoked_at: entry.at,
                reason: entry.reason.and_then(Reason::from_code),
            })
            .collect();
        Ok(Self {
            number: crl.number,
            revoked,
        })
    }
}

/// The serial of `certificate` (PEM or DER), which `ca` must have issued.
pub fn serial_of(certificate: &[u8], ca: &ExistingCa) -> Result<Vec<u8>, Error> {
    let refuse = |why: FileRefusal| Error::file(Field::Revocation, why);
    crate::limits::check_size(
        Field::Revocation,
        certificate.len(),
        crate::limits::MAX_DOCUMENT_BYTES,
    )?;
    let der = match core::str::from_utf8(certificate) {
        Ok(text) if text.contains("-----BEGIN ") => pem::blocks(text)
            .map_err(|_| refuse(FileRefusal::revoke_pem_damaged()))?
            .into_iter()
            .find(|b| b.label == "CERTIFICATE")
            .map(|b| b.der.to_vec())
            .ok_or_else(|| refuse(FileRefusal::revoke_no_certificate()))?,
        _ => certificate.to_vec(),
    };
    let cert = x509::Certificate::read(&der).map_err(|_| refuse(FileRefusal::revoke_invalid()))?;
    if !issued_by(ca, &cert.issuer_der, &cert.signed) {
        return Err(refuse(FileRefusal::revoke_other_ca(
            crate::inspect::name_text(&cert.subject),
        )));
    }
    Ok(positive(&cert.serial))
}

/// The serials of every certificate in `text` (PEM blocks, as pasted one after another), each
/// checked to be `ca`'s as [`serial_of`] does.
pub fn serials_of_all(text: &str, ca: &ExistingCa) -> Result<Vec<Vec<u8>>, Error> {
    let refuse = |why: FileRefusal| Error::file(Field::Revocation, why);
    crate::limits::check_size(
        Field::Revocation,
        text.len(),
        crate::limits::MAX_DOCUMENT_BYTES,
    )?;
    let blocks = pem::blocks(text).map_err(|_| refuse(FileRefusal::revoke_all_pem_damaged()))?;
    let serials = blocks
        .iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| serial_of(&b.der, ca))
        .collect::<Result<Vec<_>, Error>>()?;
    if serials.is_empty() {
        return Err(refuse(FileRefusal::revoke_none()));
    }
    Ok(serials)
}

/// A new CRL signed by `ca`: `previous`'s entries (if any) plus `revoke`, numbered one past
/// `previous`, valid from `now` for `days`.
pub fn revocation_list(
    ca: &ExistingCa,
    previous: Option<&RevocationList>,
    revoke: &[Revoked],
    now: OffsetDateTime,
    days: ValidityDays,
) -> Result<String, Error> {
    ca.check_valid_at(now)?;
    let mut revoked: Vec<Revoked> = previous.map(|p| p.revoked.clone()).unwrap_or_default();
    for entry in revoke {
        if !revoked.iter().any(|r| r.serial == entry.serial) {
            revoked.push(entry.clone());
        }
    }
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let params = CertificateRevocationListParams {
        this_update: now,
        next_update: now + Duration::days(i64::from(days.days())),
        crl_number: SerialNumber::from_slice(&next_number(previous.map(|p| p.number.as_slice()))),
        issuing_distribution_point: None,
        revoked_certs: revoked
            .iter()
            .map(|r| RevokedCertParams {
                serial_number: SerialNumber::from_slice(&r.serial),
                revocation_time: r.revoked_at,
                reason_code: r.reason.map(Reason::rcgen),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: KeyIdMethod::PreSpecified(ca.key_identifier().to_vec()),
    };
    Ok(params.signed_by(&ca.issuer())?.pem()?)
}

/// `previous + 1` as a big-endian unsigned number (1 when there is none).
fn next_number(previous: Option<&[u8]>) -> Vec<u8> {
    let mut number = previous.unwrap_or_default().to_vec();
    for byte in number.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            return number;
        }
    }
    number.insert(0, 1);
    number
}

/// Whether `ca` issued what names `issuer` and is `signed`: its name, byte for byte, and its
/// signature (names can repeat across CAs; only the CA's signature proves it issued this).
fn issued_by(ca: &ExistingCa, issuer: &[u8], signed: &x509::Signed<'_>) -> bool {
    issuer == ca.subject_der()
        && verify::signature_valid(
            &signed.algorithm,
            KeyKind::from(ca.key_type()),
            ca.public_key_bits(),
            signed.tbs,
            &signed.signature,
        ) == Some(true)
}

/// A serial's content octets without the leading zeros a high bit needs.
fn positive(serial: &[u8]) -> Vec<u8> {
    serial.iter().copied().skip_while(|b| *b == 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crl_numbers_count_up() {
        assert_eq!(next_number(None), [1]);
        assert_eq!(next_number(Some(&[1])), [2]);
        assert_eq!(next_number(Some(&[0xff])), [1, 0]);
        assert_eq!(next_number(Some(&[1, 0xff])), [2, 0]);
    }

    #[test]
    fn reasons_by_name() {
        assert_eq!(
            "key-compromise".parse::<Reason>(),
            Ok(Reason::KeyCompromise)
        );
        let message = "stolen".parse::<Reason>().expect_err("unknown").to_string();
        assert!(message.starts_with(
            "revocation: reason `stolen` is unknown; use one of unspecified, key-compromise"
        ));
        assert_eq!(Reason::Superseded.to_string(), "superseded");
    }
}
