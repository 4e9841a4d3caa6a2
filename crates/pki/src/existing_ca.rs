//! An existing CA (made by openssl, by an earlier Portcullis run, by a company PKI), imported to
//! issue with: its certificate and key are checked to belong together and to be a usable CA.

use core::fmt;

use rcgen::string::{Ia5String, PrintableString};
use rcgen::{DistinguishedName, DnType, DnValue, Issuer, KeyIdMethod, KeyUsagePurpose};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::der::{Tag, Tagged};
use x509_cert::name::Name;

use crate::error::{Error, Field};
use crate::issue::IssuedCertificate;
use crate::key_pair::{KeyPair, KeyType};
use crate::passphrase::Passphrase;
use crate::pem;
use crate::profile::Validity;
use crate::refusal::{FileRefusal, Refusal};
use crate::validity::Lifetime;
use crate::x509;

/// A CA certificate with its private key, checked to be a CA and to belong together.
pub struct ExistingCa {
    key: KeyPair,
    certificate: IssuedCertificate,
    not_before: OffsetDateTime,
    subject: DistinguishedName,
    subject_der: Vec<u8>,
    key_identifier: Vec<u8>,
    common_name: String,
}

impl ExistingCa {
    /// Reads the CA certificate (PEM or DER) and its key (any PEM form OpenSSL writes;
    /// `passphrase` opens an encrypted one), and checks that they make a CA Portcullis can use.
    pub fn from_pem(
        certificate: &[u8],
        key_pem: &str,
        passphrase: Option<&Passphrase>,
    ) -> Result<Self, Error> {
        let der = certificate_der(certificate)?;
        Self::from_der_and_key(der, || KeyPair::from_pem(key_pem, passphrase, Field::CaKey))
    }

    /// A CA Portcullis has just made: its certificate and key, known to belong together.
    pub(crate) fn from_made(certificate_der: Vec<u8>, key: KeyPair) -> Result<Self, Error> {
        Self::from_der_and_key(certificate_der, || Ok(key))
    }

    /// The checks of [`ExistingCa::from_pem`]; the key is read only once the certificate passed.
    fn from_der_and_key(
        der: Vec<u8>,
        key: impl FnOnce() -> Result<KeyPair, Error>,
    ) -> Result<Self, Error> {
        let refuse = |why: FileRefusal| Error::file(Field::CaCertificate, why);
        let cert =
            x509::Certificate::read(&der).map_err(|_| refuse(FileRefusal::ca_cert_invalid()))?;
        let subject_text = crate::inspect::name_text(&cert.subject);
        let extensions = &cert.extensions;
        let is_ca = extensions.is_ca();
        let may_sign = extensions
            .key_usage
            .is_none_or(|(_, bits)| bits & x509::KEY_CERT_SIGN != 0);
        let eku_fits = extensions.extended_key_usage_names().is_none_or(|eku| {
            let has = |purpose: &str| eku.iter().any(|p| p == purpose);
            has("anyExtendedKeyUsage") || (has("serverAuth") && has("clientAuth"))
        });
        if !is_ca {
            return Err(refuse(FileRefusal::ca_not_ca(subject_text)));
        }
        if !may_sign {
            return Err(refuse(FileRefusal::ca_may_not_sign(subject_text)));
        }
        if !eku_fits {
            return Err(refuse(FileRefusal::ca_eku(subject_text)));
        }
        let key = key()?;
        if cert.key.bits.as_slice() != rcgen::PublicKeyData::der_bytes(&key) {
            return Err(Error::file(
                Field::CaKey,
                FileRefusal::ca_key_mismatch(subject_text),
            ));
        }
        let subject = distinguished_name(&cert.subject)?;
        let (not_before, not_after) = (cert.not_before, cert.not_after);
        let pem = normalized_pem(&der);
        let common_name = x509::common_name(&cert.subject).unwrap_or_else(|| subject_text.clone());
        Ok(Self {
            key_identifier: (cert.extensions.subject_key_id)
                .unwrap_or_else(|| key.key_identifier()),
            key,
            subject_der: cert.subject_der,
            certificate: IssuedCertificate {
                pem,
                der,
                not_after,
            },
            not_before,
            subject,
            common_name,
        })
    }

    /// The CA's key type (leaves may use another).
    pub fn key_type(&self) -> KeyType {
        self.key.key_type()
    }

    /// The CA certificate.
    pub fn certificate(&self) -> &IssuedCertificate {
        &self.certificate
    }

    /// The CA's common name (or its whole subject, if it has none).
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// The CA's subjectPublicKey bits.
    pub(crate) fn public_key_bits(&self) -> &[u8] {
        rcgen::PublicKeyData::der_bytes(&self.key)
    }

    /// The CA's subject, DER, as it names itself.
    pub(crate) fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// The CA's key identifier (its SKI, or ours if it has none).
    pub(crate) fn key_identifier(&self) -> &[u8] {
        &self.key_identifier
    }

    /// What a front end that plans apart from its crypto (the wizard's page) needs to know of
    /// this CA; see [`CaSummary`].
    pub fn summary(&self) -> CaSummary {
        CaSummary {
            common_name: self.common_name.clone(),
            key_type: self.key_type(),
            not_after_unix: self.certificate.not_after.unix_timestamp(),
            certificate_sha256: Sha256::digest(&self.certificate.der).to_vec(),
        }
    }

    /// Refuses a CA that is expired or not yet valid at `now`.
    pub fn check_valid_at(&self, now: OffsetDateTime) -> Result<(), Error> {
        if now > self.certificate.not_after {
            return Err(Error::file(
                Field::CaCertificate,
                FileRefusal::ca_expired(crate::inspect::asn1_time(self.certificate.not_after)),
            ));
        }
        if now < self.not_before {
            return Err(Error::file(
                Field::CaCertificate,
                FileRefusal::ca_not_yet_valid(crate::inspect::asn1_time(self.not_before)),
            ));
        }
        Ok(())
    }

    /// When a leaf of `lifetime` from `now` is valid under this CA, and whether it was cut short:
    /// a default lifetime that would outlast the CA ends with it instead; one the user set is
    /// refused, with advice in the words of where it was set.
    pub(crate) fn fit(
        &self,
        now: OffsetDateTime,
        lifetime: &Lifetime,
        field: Field,
    ) -> Result<(Validity, bool), Error> {
        let validity = Validity::from_now(now, lifetime.days);
        let end = self.certificate.not_after;
        if validity.not_after <= end {
            return Ok((validity, false));
        }
        let left = (end - now).whole_days();
        if !lifetime.is_chosen() {
            return Ok((
                Validity {
                    not_after: end,
                    ..validity
                },
                true,
            ));
        }
        Err(Error::refused(
            field,
            Refusal::OutlastsCa {
                days: lifetime.days.days(),
                date: crate::inspect::asn1_time(end),
                set_by: lifetime.set_by.clone(),
                most: left,
            },
        ))
    }

    /// The signer rcgen needs: the CA's exact name and key identifier, and its key.
    pub(crate) fn issuer(&self) -> Issuer<'_, &KeyPair> {
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = self.subject.clone();
        params.key_identifier_method = KeyIdMethod::PreSpecified(self.key_identifier.clone());
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        Issuer::new(params, &self.key)
    }

    /// Checks that a certificate this CA signed names it exactly as it names itself: chain
    /// building in Go compares the raw bytes.
    pub(crate) fn check_issuer_of(&self, issued_der: &[u8]) -> Result<(), Error> {
        let cert = x509::Certificate::read(issued_der).map_err(|err| {
            Error::Certificate(format!("cannot read back what was signed: {err}"))
        })?;
        if cert.issuer_der != self.subject_der {
            return Err(Error::file(
                Field::CaCertificate,
                FileRefusal::ca_name_not_reproduced(),
            ));
        }
        Ok(())
    }
}

/// Two are the same CA when their certificates are the same.
impl PartialEq for ExistingCa {
    fn eq(&self, other: &Self) -> bool {
        self.certificate == other.certificate
    }
}

impl Eq for ExistingCa {}

impl fmt::Debug for ExistingCa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExistingCa")
            .field("common_name", &self.common_name)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// What was read of an existing CA elsewhere (the wizard's worker reads it; its page plans with
/// this): its name, key type and end. It holds no key, and a plan that holds it cannot issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaSummary {
    common_name: String,
    key_type: KeyType,
    not_after_unix: i64,
    /// Tells two CAs of the same name apart.
    certificate_sha256: Vec<u8>,
}

impl CaSummary {
    /// The CA's common name (or its whole subject, if it has none).
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// The CA's key type.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// When the CA certificate ends.
    pub fn not_after(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.not_after_unix)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// The DER of the first certificate in PEM text, or the input itself as DER.
fn certificate_der(input: &[u8]) -> Result<Vec<u8>, Error> {
    let refuse = |why: FileRefusal| Error::file(Field::CaCertificate, why);
    crate::limits::check_size(
        Field::CaCertificate,
        input.len(),
        crate::limits::MAX_DOCUMENT_BYTES,
    )?;
    match core::str::from_utf8(input) {
        Ok(text) if text.contains("-----BEGIN ") => {
            let blocks = pem::blocks(text).map_err(|_| refuse(FileRefusal::pem_damaged()))?;
            blocks
                .into_iter()
                .find(|b| b.label == "CERTIFICATE")
                .map(|b| b.der.to_vec())
                .ok_or_else(|| refuse(FileRefusal::ca_no_certificate()))
        }
        _ => Ok(input.to_vec()),
    }
}

fn normalized_pem(der: &[u8]) -> String {
    pkcs8::der::pem::encode_string("CERTIFICATE", pkcs8::der::pem::LineEnding::LF, der)
        .unwrap_or_default()
}

/// The subject as rcgen writes it back, attribute by attribute with the same string types, so
/// the issuer field of what we sign matches the CA's subject byte for byte.
fn distinguished_name(subject: &Name) -> Result<DistinguishedName, Error> {
    let unusual = |refusal: FileRefusal| Error::file(Field::CaCertificate, refusal);
    let mut name = DistinguishedName::new();
    for rdn in subject.iter_rdn() {
        let mut attributes = rdn.iter();
        let (Some(attribute), None) = (attributes.next(), attributes.next()) else {
            return Err(unusual(FileRefusal::ca_name_multi_valued()));
        };
        let oid: Vec<u64> = attribute.oid.arcs().map(u64::from).collect();
        let text = || {
            core::str::from_utf8(attribute.value.value())
                .map(str::to_owned)
                .map_err(|_| unusual(FileRefusal::ca_name_not_text()))
        };
        let value = match attribute.value.tag() {
            Tag::Utf8String => DnValue::Utf8String(text()?),
            Tag::PrintableString => DnValue::PrintableString(
                PrintableString::try_from(text()?)
                    .map_err(|_| unusual(FileRefusal::ca_name_bad_printable()))?,
            ),
            Tag::Ia5String => DnValue::Ia5String(
                Ia5String::try_from(text()?)
                    .map_err(|_| unusual(FileRefusal::ca_name_bad_ia5()))?,
            ),
            _ => {
                return Err(unusual(FileRefusal::ca_name_string_type()));
            }
        };
        let kind = DnType::from_oid(&oid);
        if name.get(&kind).is_some() {
            return Err(unusual(FileRefusal::ca_name_repeats()));
        }
        name.push(kind, value);
    }
    Ok(name)
}
