//! X.509 read back: certificates, CSRs, CRLs and names, by RustCrypto's x509-cert, strict DER
//! over the same `der` that reads the keys. Every reader of certificates in the core goes
//! through here (an existing CA, CSRs, revocation, `inspect`, `doctor`), and gets owned fields
//! in the forms the core checks: OIDs as dotted text, times as `OffsetDateTime`, names as
//! x509-cert's [`Name`] with their DER beside them (Go compares names byte for byte).
//!
//! Stricter than the BER-tolerant x509-parser it replaces: a certificate that is not DER, or
//! whose basicConstraints, keyUsage, extendedKeyUsage, subjectAltName or key identifiers do not
//! decode, or that repeats an extension, is not read at all (RFC 5280, and Go, refuse such a
//! certificate too).

use core::net::IpAddr;

use time::OffsetDateTime;
use x509_cert::der::asn1::{ObjectIdentifier, UintRef};
use x509_cert::der::{self, Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, Extensions as ExtensionList};
use x509_cert::name::Name;
use x509_cert::spki::SubjectPublicKeyInfoOwned;

use crate::verify::KeyKind;

pub(crate) const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
pub(crate) const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub(crate) const NIST_P256: &str = "1.2.840.10045.3.1.7";
pub(crate) const NIST_P384: &str = "1.3.132.0.34";
pub(crate) const ED25519: &str = "1.3.101.112";

const BASIC_CONSTRAINTS: &str = "2.5.29.19";
const KEY_USAGE: &str = "2.5.29.15";
const EXTENDED_KEY_USAGE: &str = "2.5.29.37";
const SUBJECT_ALT_NAME: &str = "2.5.29.17";
const SUBJECT_KEY_ID: &str = "2.5.29.14";
const AUTHORITY_KEY_ID: &str = "2.5.29.35";
const CRL_NUMBER: &str = "2.5.29.20";
const CRL_REASON: &str = "2.5.29.21";
const EXTENSION_REQUEST: &str = "1.2.840.113549.1.9.14";

/// The part a signature covers (the first element of the outer SEQUENCE, with its header, as it
/// came), the signature's algorithm and its bits.
pub(crate) struct Signed<'a> {
    pub tbs: &'a [u8],
    pub algorithm: String,
    pub signature: Vec<u8>,
}

/// A public key: its algorithm, an EC key's curve, and the subjectPublicKey bits.
pub(crate) struct PublicKey {
    pub algorithm: String,
    pub curve: Option<String>,
    pub bits: Vec<u8>,
    /// The whole SubjectPublicKeyInfo, DER.
    pub der: Vec<u8>,
}

impl PublicKey {
    fn read(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, der::Error> {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .filter(|parameters| parameters.tag() == Tag::ObjectIdentifier)
            .map(|parameters| parameters.decode_as::<ObjectIdentifier>())
            .transpose()?
            .map(|oid| oid.to_string());
        Ok(Self {
            algorithm: spki.algorithm.oid.to_string(),
            curve,
            bits: spki.subject_public_key.raw_bytes().to_vec(),
            der: spki.to_der()?,
        })
    }

    /// The kind of key, if Portcullis can check signatures with it: P-256, P-384, Ed25519 or
    /// RSA (any other curve or algorithm is `None`).
    pub fn kind(&self) -> Option<KeyKind> {
        match (self.algorithm.as_str(), self.curve.as_deref()) {
            (EC_PUBLIC_KEY, Some(NIST_P256)) => Some(KeyKind::P256),
            (EC_PUBLIC_KEY, Some(NIST_P384)) => Some(KeyKind::P384),
            (ED25519, _) => Some(KeyKind::Ed25519),
            (RSA_ENCRYPTION, _) => Some(KeyKind::Rsa),
            _ => None,
        }
    }

    /// An RSA key's modulus size in bits (whole bytes, as `openssl` counts a usual key).
    pub fn rsa_bits(&self) -> Option<usize> {
        if self.algorithm != RSA_ENCRYPTION {
            return None;
        }
        rsa::pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(&self.bits)
            .ok()
            .map(|key| key.modulus.as_bytes().len() * 8)
    }
}

/// One subjectAltName entry.
pub(crate) enum AltName {
    Dns(String),
    /// The address's bytes as they came (4 or 16 of them, if well-formed).
    Ip(Vec<u8>),
    Email(String),
    Uri(String),
    Directory(Name),
    /// Any other kind, as text.
    Other(String),
}

impl AltName {
    fn read(name: &GeneralName) -> Self {
        match name {
            GeneralName::DnsName(dns) => Self::Dns(dns.to_string()),
            GeneralName::IpAddress(bytes) => Self::Ip(bytes.as_bytes().to_vec()),
            GeneralName::Rfc822Name(email) => Self::Email(email.to_string()),
            GeneralName::UniformResourceIdentifier(uri) => Self::Uri(uri.to_string()),
            GeneralName::DirectoryName(name) => Self::Directory(name.clone()),
            GeneralName::OtherName(other) => {
                Self::Other(format!("OtherName({}, [...])", other.type_id))
            }
            GeneralName::EdiPartyName(_) => Self::Other("EDIPartyName(<unparsed>)".to_owned()),
            GeneralName::RegisteredId(oid) => Self::Other(format!("RegisteredID({oid})")),
        }
    }

    /// A DNS name entry's name (`None` for another kind).
    pub fn dns(&self) -> Option<&str> {
        match self {
            Self::Dns(dns) => Some(dns),
            _ => None,
        }
    }

    /// An IP address entry as an address (`None` for another kind, or a malformed one).
    pub fn ip(&self) -> Option<IpAddr> {
        match self {
            Self::Ip(bytes) => ip_from_bytes(bytes),
            _ => None,
        }
    }
}

/// An IPv4 or IPv6 address from its 4 or 16 bytes.
pub(crate) fn ip_from_bytes(bytes: &[u8]) -> Option<IpAddr> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
        _ => None,
    }
}

/// The extensions the core reads, each with whether it was marked critical.
#[derive(Default)]
pub(crate) struct Extensions {
    /// (critical, CA, pathLenConstraint).
    pub basic_constraints: Option<(bool, bool, Option<u8>)>,
    /// (critical, the bits set: bit 0 is digitalSignature … bit 8 decipherOnly).
    pub key_usage: Option<(bool, u16)>,
    /// The purposes' OIDs, in order.
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Option<Vec<AltName>>,
    pub subject_key_id: Option<Vec<u8>>,
    /// The keyIdentifier of an authorityKeyIdentifier (`Some(None)` when it has none).
    pub authority_key_id: Option<Option<Vec<u8>>>,
}

/// keyUsage bits by name, in bit order, as `portcullis inspect` has always shown them.
pub(crate) const KEY_USAGE_NAMES: [&str; 9] = [
    "Digital Signature",
    "Non Repudiation",
    "Key Encipherment",
    "Data Encipherment",
    "Key Agreement",
    "Key Cert Sign",
    "CRL Sign",
    "Encipher Only",
    "Decipher Only",
];

/// keyCertSign's bit.
pub(crate) const KEY_CERT_SIGN: u16 = 1 << 5;

impl Extensions {
    fn read(list: Option<&ExtensionList>) -> Result<Self, der::Error> {
        let mut read = Self::default();
        let list = list.map(Vec::as_slice).unwrap_or_default();
        for (at, extension) in list.iter().enumerate() {
            if list[..at]
                .iter()
                .any(|earlier| earlier.extn_id == extension.extn_id)
            {
                return Err(der::ErrorKind::Failed.into());
            }
            read.add(extension)?;
        }
        Ok(read)
    }

    fn add(&mut self, extension: &Extension) -> Result<(), der::Error> {
        let (critical, value) = (extension.critical, extension.extn_value.as_bytes());
        match extension.extn_id.to_string().as_str() {
            BASIC_CONSTRAINTS => {
                let bc = BasicConstraints::from_der(value)?;
                self.basic_constraints = Some((critical, bc.ca, bc.path_len_constraint));
            }
            KEY_USAGE => {
                let usage = KeyUsage::from_der(value)?;
                self.key_usage = Some((critical, usage.0.bits()));
            }
            EXTENDED_KEY_USAGE => {
                let eku = ExtendedKeyUsage::from_der(value)?;
                self.extended_key_usage = Some(eku.0.iter().map(ToString::to_string).collect());
            }
            SUBJECT_ALT_NAME => {
                let san = SubjectAltName::from_der(value)?;
                self.subject_alt_names = Some(san.0.iter().map(AltName::read).collect());
            }
            SUBJECT_KEY_ID => {
                let id = SubjectKeyIdentifier::from_der(value)?;
                self.subject_key_id = Some(id.0.as_bytes().to_vec());
            }
            AUTHORITY_KEY_ID => {
                let aki = AuthorityKeyIdentifier::from_der(value)?;
                self.authority_key_id = Some(aki.key_identifier.map(|id| id.as_bytes().to_vec()));
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the basicConstraints say CA:TRUE.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|(_, ca, _)| ca)
    }

    /// The extendedKeyUsage purposes by name (as openssl names them), unknown ones by OID:
    /// the known ones first, in a fixed order, then the others as they came.
    pub fn extended_key_usage_names(&self) -> Option<Vec<String>> {
        const KNOWN: [(&str, &str); 7] = [
            ("2.5.29.37.0", "anyExtendedKeyUsage"),
            ("1.3.6.1.5.5.7.3.1", "serverAuth"),
            ("1.3.6.1.5.5.7.3.2", "clientAuth"),
            ("1.3.6.1.5.5.7.3.3", "codeSigning"),
            ("1.3.6.1.5.5.7.3.4", "emailProtection"),
            ("1.3.6.1.5.5.7.3.8", "timeStamping"),
            ("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
        ];
        let oids = self.extended_key_usage.as_ref()?;
        let known = KNOWN
            .iter()
            .filter(|(oid, _)| oids.iter().any(|o| o == oid))
            .map(|(_, name)| (*name).to_owned());
        let others = oids
            .iter()
            .filter(|o| !KNOWN.iter().any(|(oid, _)| oid == o))
            .cloned();
        Some(known.chain(others).collect())
    }
}

/// A certificate's fields.
pub(crate) struct Certificate<'a> {
    pub subject: Name,
    pub issuer: Name,
    pub subject_der: Vec<u8>,
    pub issuer_der: Vec<u8>,
    /// The serial's content octets as they came (with the leading zero a high bit needs).
    pub serial: Vec<u8>,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub key: PublicKey,
    pub extensions: Extensions,
    pub signed: Signed<'a>,
}

impl<'a> Certificate<'a> {
    /// Reads one DER certificate (nothing may follow it).
    pub fn read(der: &'a [u8]) -> Result<Self, der::Error> {
        let cert = x509_cert::Certificate::from_der(der)?;
        let tbs = cert.tbs_certificate();
        let validity = tbs.validity();
        Ok(Self {
            subject_der: tbs.subject().to_der()?,
            issuer_der: tbs.issuer().to_der()?,
            subject: tbs.subject().clone(),
            issuer: tbs.issuer().clone(),
            serial: tbs.serial_number().as_bytes().to_vec(),
            not_before: date_time(validity.not_before)?,
            not_after: date_time(validity.not_after)?,
            key: PublicKey::read(tbs.subject_public_key_info())?,
            extensions: Extensions::read(tbs.extensions())?,
            signed: signed(
                der,
                cert.signature_algorithm().oid,
                cert.signature().as_bytes(),
            )?,
        })
    }
}

/// A PKCS#10 certificate signing request's fields.
pub(crate) struct Request<'a> {
    pub subject: Name,
    pub key: PublicKey,
    /// The extensions it asks for (its extensionRequest attribute).
    pub extensions: Extensions,
    pub signed: Signed<'a>,
}

impl<'a> Request<'a> {
    /// Reads one DER CSR (nothing may follow it).
    pub fn read(der: &'a [u8]) -> Result<Self, der::Error> {
        let request = x509_cert::request::CertReq::from_der(der)?;
        let mut requested = Vec::new();
        for attribute in request.info.attributes.iter() {
            if attribute.oid.to_string() == EXTENSION_REQUEST {
                for value in attribute.values.iter() {
                    let extensions = x509_cert::request::ExtensionReq::from_der(&value.to_der()?)?;
                    requested.extend(extensions.0);
                }
            }
        }
        Ok(Self {
            subject: request.info.subject.clone(),
            key: PublicKey::read(&request.info.public_key)?,
            extensions: Extensions::read(Some(&requested))?,
            signed: signed(der, request.algorithm.oid, request.signature.as_bytes())?,
        })
    }
}

/// One entry of a CRL.
pub(crate) struct Revoked {
    /// The serial's content octets as they came.
    pub serial: Vec<u8>,
    pub at: OffsetDateTime,
    /// Its reasonCode, if it has one.
    pub reason: Option<u8>,
}

/// A CRL's fields.
pub(crate) struct RevocationList<'a> {
    pub issuer_der: Vec<u8>,
    pub revoked: Vec<Revoked>,
    /// The cRLNumber's content octets (empty if it has none).
    pub number: Vec<u8>,
    pub signed: Signed<'a>,
}

impl<'a> RevocationList<'a> {
    /// Reads one DER CRL (nothing may follow it).
    pub fn read(der: &'a [u8]) -> Result<Self, der::Error> {
        let crl =
            x509_cert::crl::CertificateList::<x509_cert::certificate::Rfc5280>::from_der(der)?;
        let tbs = &crl.tbs_cert_list;
        let mut revoked = Vec::new();
        for entry in tbs.revoked_certificates.iter().flatten() {
            let mut reason = None;
            for extension in entry.crl_entry_extensions.iter().flatten() {
                if extension.extn_id.to_string() == CRL_REASON {
                    let code = der::asn1::AnyRef::from_der(extension.extn_value.as_bytes())?;
                    if code.tag() != Tag::Enumerated || code.value().len() != 1 {
                        return Err(der::ErrorKind::Failed.into());
                    }
                    reason = code.value().first().copied();
                }
            }
            revoked.push(Revoked {
                serial: entry.serial_number.as_bytes().to_vec(),
                at: date_time(entry.revocation_date)?,
                reason,
            });
        }
        let mut number = Vec::new();
        for extension in tbs.crl_extensions.iter().flatten() {
            if extension.extn_id.to_string() == CRL_NUMBER {
                number = UintRef::from_der(extension.extn_value.as_bytes())?
                    .as_bytes()
                    .to_vec();
            }
        }
        Ok(Self {
            issuer_der: tbs.issuer.to_der()?,
            revoked,
            number,
            signed: signed(der, crl.signature_algorithm.oid, crl.signature.as_bytes())?,
        })
    }
}

/// Reads a DER distinguished name.
pub(crate) fn name(der: &[u8]) -> Option<Name> {
    Name::from_der(der).ok()
}

/// The first common name of `name` as text, if it is a string.
pub(crate) fn common_name(name: &Name) -> Option<String> {
    name.iter()
        .find(|attribute| attribute.oid.to_string() == "2.5.4.3")
        .and_then(|attribute| string_value(attribute.value.tag(), attribute.value.value()))
}

/// A string attribute's text (the string types names use, BMPString from UTF-16; bytes that
/// are not text replaced, as `openssl` shows them); `None` for any other type.
pub(crate) fn string_value(tag: Tag, bytes: &[u8]) -> Option<String> {
    match tag {
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        Tag::NumericString
        | Tag::VisibleString
        | Tag::PrintableString
        | Tag::GeneralString
        | Tag::TeletexString
        | Tag::VideotexString
        | Tag::Utf8String
        | Tag::Ia5String => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

/// A certificate or CRL time as an `OffsetDateTime` (UTC).
fn date_time(at: x509_cert::time::Time) -> Result<OffsetDateTime, der::Error> {
    let seconds = i64::try_from(at.to_unix_duration().as_secs())
        .map_err(|_| der::Error::from(der::ErrorKind::DateTime))?;
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| der::ErrorKind::DateTime.into())
}

fn signed<'a>(
    der: &'a [u8],
    algorithm: ObjectIdentifier,
    signature: Option<&[u8]>,
) -> Result<Signed<'a>, der::Error> {
    Ok(Signed {
        tbs: first_element(der).ok_or(der::ErrorKind::Failed)?,
        algorithm: algorithm.to_string(),
        signature: signature.ok_or(der::ErrorKind::Failed)?.to_vec(),
    })
}

/// The first element inside the outer DER SEQUENCE, with its header: the signed part of a
/// certificate, CSR or CRL, as it came.
pub(crate) fn first_element(der: &[u8]) -> Option<&[u8]> {
    let (_, outer_header) = header(der)?;
    let inner = der.get(outer_header..)?;
    let (length, inner_header) = header(inner)?;
    inner.get(..inner_header + length)
}

/// (content length, header length) of the DER element at the start of `der`.
fn header(der: &[u8]) -> Option<(usize, usize)> {
    let first = *der.get(1)?;
    if first < 0x80 {
        return Some((usize::from(first), 2));
    }
    let count = usize::from(first & 0x7f);
    if count == 0 || count > 4 {
        return None;
    }
    let length = der
        .get(2..2 + count)?
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    Some((length, 2 + count))
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use rcgen::{
        CertificateParams, CustomExtension, ExtendedKeyUsagePurpose, IsCa, KeyUsagePurpose, SanType,
    };

    use super::*;
    use crate::key_pair::{KeyPair, KeyType};
    use crate::verify::KeyKind;

    /// A self-signed Ed25519 certificate as rcgen writes it, with `extra` beside its own
    /// extensions; and its key's subjectPublicKey bits.
    fn certificate(extra: Option<CustomExtension>) -> (Vec<u8>, Vec<u8>) {
        let key =
            KeyPair::generate(KeyType::Ed25519, &mut ChaCha20Rng::seed_from_u64(1)).expect("key");
        let mut params =
            CertificateParams::new(vec!["docker.example.com".to_owned()]).expect("params");
        params
            .subject_alt_names
            .push(SanType::IpAddress("192.0.2.10".parse().expect("ip")));
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x80, 1]));
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ClientAuth,
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::Other(vec![1, 2, 3, 4]),
        ];
        params.custom_extensions.extend(extra);
        let der = params.self_signed(&key).expect("signs").der().to_vec();
        (der, rcgen::PublicKeyData::der_bytes(&key).to_vec())
    }

    #[test]
    fn a_certificate_reads_as_written() {
        let (der, key) = certificate(None);
        let cert = Certificate::read(&der).expect("reads");
        assert_eq!(
            cert.serial,
            [0, 0x80, 1],
            "as encoded, with the sign's zero"
        );
        assert_eq!(cert.subject_der, cert.issuer_der, "self-signed");
        assert_eq!(
            (cert.key.algorithm.as_str(), cert.key.bits.as_slice()),
            (ED25519, &key[..])
        );
        let names: Vec<_> = cert.extensions.subject_alt_names.iter().flatten().collect();
        assert!(matches!(names[0], AltName::Dns(dns) if dns == "docker.example.com"));
        assert_eq!(names[1].ip(), Some("192.0.2.10".parse().expect("ip")));
        assert_eq!(
            cert.extensions.extended_key_usage_names(),
            Some(vec![
                "serverAuth".to_owned(),
                "clientAuth".to_owned(),
                "1.2.3.4".to_owned()
            ]),
            "the known purposes first, in a fixed order"
        );
        assert_eq!(cert.extensions.key_usage, Some((true, 0b101)));
        assert!(!cert.extensions.is_ca());
        // What is signed is the TBS as it came: the signature checks out over it.
        let signed = &cert.signed;
        assert_eq!(
            crate::verify::signature_valid(
                &signed.algorithm,
                KeyKind::Ed25519,
                &key,
                signed.tbs,
                &signed.signature
            ),
            Some(true)
        );
    }

    #[test]
    fn a_repeated_or_broken_extension_is_refused() {
        // basicConstraints a second time (rcgen writes its own for ExplicitNoCa): CA:TRUE.
        let ca_true = vec![0x30, 0x03, 0x01, 0x01, 0xff];
        let twice = CustomExtension::from_oid_content(&[2, 5, 29, 19], ca_true);
        assert!(Certificate::read(&certificate(Some(twice)).0).is_err());
        // A subjectAltName that is not one.
        let broken = CustomExtension::from_oid_content(&[2, 5, 29, 17], vec![0x04, 0x00]);
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&[1]));
        params.custom_extensions.push(broken);
        let key =
            KeyPair::generate(KeyType::Ed25519, &mut ChaCha20Rng::seed_from_u64(2)).expect("key");
        let der = params.self_signed(&key).expect("signs").der().to_vec();
        assert!(Certificate::read(&der).is_err());
        // Nothing may follow the certificate.
        let mut trailing = certificate(None).0;
        trailing.push(0);
        assert!(Certificate::read(&trailing).is_err());
    }

    #[test]
    fn der_headers() {
        assert_eq!(header(&[0x30, 0x03, 1, 2, 3]), Some((3, 2)));
        assert_eq!(header(&[0x30, 0x82, 0x01, 0x00]), Some((256, 4)));
        assert_eq!(
            first_element(&[0x30, 0x05, 0x30, 0x01, 0xAA, 0x05, 0x00]),
            Some(&[0x30, 0x01, 0xAA][..])
        );
    }
}
