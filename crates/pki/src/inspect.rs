//! Reading certificates, CSRs and keys back: what `portcullis inspect` prints and the wizard's
//! Review step shows. Never prints key material, only what kind of key it is.

use core::fmt;

use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x509_cert::der::Tagged;
use x509_cert::name::Name;

use crate::error::{Error, Field};
use crate::pem::{self, PemBlock};
use crate::refusal::FileRefusal;
use crate::x509::{self, AltName, EC_PUBLIC_KEY, ED25519, NIST_P256, NIST_P384, RSA_ENCRYPTION};

/// A decoded certificate: the fields an operator checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedCertificate {
    /// Subject distinguished name, e.g. `CN=docker.example.com`.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number as colon-separated hex.
    pub serial: String,
    /// Start of validity (RFC 3339-like, UTC).
    pub not_before: String,
    /// End of validity.
    pub not_after: String,
    /// Subject alternative names: `DNS:…`, `IP:…`.
    pub subject_alt_names: Vec<String>,
    /// keyUsage bits by name, with "(critical)" if so.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage purposes by name.
    pub extended_key_usage: Vec<String>,
    /// basicConstraints, e.g. `critical, CA:TRUE, pathlen:0`; `absent` if missing.
    pub basic_constraints: String,
    /// The public key, e.g. `ECDSA P-256` or `RSA 4096-bit`.
    pub key_type: String,
    /// The signature algorithm.
    pub signature_algorithm: String,
    /// Subject key identifier, hex.
    pub subject_key_id: Option<String>,
    /// Authority key identifier, hex.
    pub authority_key_id: Option<String>,
    /// SHA-256 over the DER, colon-separated upper-case hex (as `openssl x509 -fingerprint`).
    pub sha256_fingerprint: String,
}

/// One decoded document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decoded {
    /// An X.509 certificate.
    Certificate(Box<DecodedCertificate>),
    /// A PKCS#10 certificate signing request.
    CertificateRequest {
        /// Subject DN.
        subject: String,
        /// Public key type.
        key_type: String,
        /// Requested subject alternative names.
        subject_alt_names: Vec<String>,
    },
    /// An unencrypted PKCS#8 private key.
    PrivateKey {
        /// Key type.
        key_type: String,
    },
    /// An encrypted PKCS#8 private key.
    EncryptedPrivateKey {
        /// The encryption scheme, e.g. `PBES2 (PBKDF2-HMAC-SHA256, 600000 iterations, AES-256-CBC)`.
        scheme: String,
    },
}

/// Decodes every PEM block in `input` (or `input` as one DER certificate).
pub fn inspect(input: &[u8]) -> Result<Vec<Decoded>, Error> {
    crate::limits::check_size(
        Field::Document,
        input.len(),
        crate::limits::MAX_DOCUMENT_BYTES,
    )?;
    let text = core::str::from_utf8(input)
        .ok()
        .filter(|t| t.contains("-----BEGIN "));
    let Some(text) = text else {
        return Ok(vec![decode_certificate(input)?]);
    };
    pem::blocks(text)
        .map_err(|_| bad_pem())?
        .iter()
        .map(decode_block)
        .collect()
}

fn bad_pem() -> Error {
    Error::file(Field::Document, FileRefusal::document_pem_damaged())
}

fn decode_block(block: &PemBlock) -> Result<Decoded, Error> {
    let der = block.der.as_slice();
    match block.label.as_str() {
        "CERTIFICATE" => decode_certificate(der),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => decode_request(der),
        "PRIVATE KEY" => {
            let info = PrivateKeyInfoRef::try_from(der)
                .map_err(|_| malformed(FileRefusal::document_key_invalid()))?;
            let parameters = info
                .algorithm
                .parameters_oid()
                .ok()
                .map(|oid| oid.to_string());
            Ok(Decoded::PrivateKey {
                key_type: key_type_name(
                    &info.algorithm.oid.to_string(),
                    parameters.as_deref(),
                    rsa_bits_from_pkcs8(der),
                ),
            })
        }
        "ENCRYPTED PRIVATE KEY" => {
            let info = EncryptedPrivateKeyInfoRef::try_from(der)
                .map_err(|_| malformed(FileRefusal::document_encrypted_key_invalid()))?;
            Ok(Decoded::EncryptedPrivateKey {
                scheme: describe_encryption(&info),
            })
        }
        label @ ("RSA PRIVATE KEY" | "EC PRIVATE KEY") => Ok(match block.header("DEK-Info") {
            Some(dek) => Decoded::EncryptedPrivateKey {
                scheme: format!(
                    "legacy OpenSSL PEM, {} (convert with `openssl pkcs8 -topk8 -v2 aes-256-cbc`)",
                    dek.split(',').next().unwrap_or(dek)
                ),
            },
            None => Decoded::PrivateKey {
                key_type: if label.starts_with("RSA") {
                    "RSA (PKCS#1)".to_owned()
                } else {
                    "EC (SEC1)".to_owned()
                },
            },
        }),
        other => Err(Error::file(
            Field::Document,
            FileRefusal::document_block_unknown(other.to_owned()),
        )),
    }
}

fn malformed(refusal: FileRefusal) -> Error {
    Error::file(Field::Document, refusal)
}

fn decode_certificate(der: &[u8]) -> Result<Decoded, Error> {
    let cert = x509::Certificate::read(der)
        .map_err(|_| Error::file(Field::Document, FileRefusal::document_unknown()))?;
    let extensions = &cert.extensions;
    let marked = |critical: bool| if critical { "critical, " } else { "" };
    let decoded = DecodedCertificate {
        subject: name_text(&cert.subject),
        issuer: name_text(&cert.issuer),
        serial: colon_hex(&cert.serial, false),
        not_before: asn1_time(cert.not_before),
        not_after: asn1_time(cert.not_after),
        subject_alt_names: extensions
            .subject_alt_names
            .iter()
            .flatten()
            .map(general_name)
            .collect(),
        key_usage: extensions
            .key_usage
            .map(|(critical, bits)| {
                let names = x509::KEY_USAGE_NAMES
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| bits >> bit & 1 == 1)
                    .map(|(_, name)| (*name).to_owned());
                critical
                    .then(|| "critical".to_owned())
                    .into_iter()
                    .chain(names)
                    .collect()
            })
            .unwrap_or_default(),
        extended_key_usage: extensions.extended_key_usage_names().unwrap_or_default(),
        basic_constraints: match extensions.basic_constraints {
            Some((c, true, Some(len))) => format!("{}CA:TRUE, pathlen:{len}", marked(c)),
            Some((c, true, None)) => format!("{}CA:TRUE", marked(c)),
            Some((c, false, _)) => format!("{}CA:FALSE", marked(c)),
            None => "absent".to_owned(),
        },
        key_type: public_key_name(&cert.key),
        signature_algorithm: signature_name(&cert.signed.algorithm),
        subject_key_id: extensions
            .subject_key_id
            .as_ref()
            .map(|id| colon_hex(id, true)),
        authority_key_id: extensions
            .authority_key_id
            .as_ref()
            .and_then(|id| id.as_ref().map(|id| colon_hex(id, true))),
        sha256_fingerprint: colon_hex(&Sha256::digest(der), true),
    };
    Ok(Decoded::Certificate(Box::new(decoded)))
}

fn decode_request(der: &[u8]) -> Result<Decoded, Error> {
    let csr =
        x509::Request::read(der).map_err(|_| malformed(FileRefusal::document_csr_invalid()))?;
    Ok(Decoded::CertificateRequest {
        subject: name_text(&csr.subject),
        key_type: public_key_name(&csr.key),
        subject_alt_names: csr
            .extensions
            .subject_alt_names
            .iter()
            .flatten()
            .map(general_name)
            .collect(),
    })
}

fn general_name(name: &AltName) -> String {
    match name {
        AltName::Dns(dns) => format!("DNS:{dns}"),
        AltName::Ip(bytes) => match name.ip() {
            Some(ip) => format!("IP:{ip}"),
            None => format!("IP:<{} bytes>", bytes.len()),
        },
        AltName::Directory(name) => format!("DirName:{}", name_text(name)),
        AltName::Email(email) => format!("email:{email}"),
        AltName::Uri(uri) => format!("URI:{uri}"),
        AltName::Other(other) => other.clone(),
    }
}

/// A distinguished name as text, `CN=docker.example.com, O=Example`: each attribute by its
/// short name (or its OID), several in one RDN joined by ` + `. Written here rather than taken
/// from x509-cert, whose rendering looks names up in a database of every OID it knows, which
/// would ship that database to the browser.
pub(crate) fn name_text(name: &Name) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            let attributes: Vec<String> = rdn
                .iter()
                .map(|attribute| {
                    let oid = attribute.oid.to_string();
                    let short = match oid.as_str() {
                        "2.5.4.3" => "CN",
                        "2.5.4.6" => "C",
                        "2.5.4.7" => "L",
                        "2.5.4.8" => "ST",
                        "2.5.4.10" => "O",
                        "2.5.4.11" => "OU",
                        "0.9.2342.19200300.100.1.25" => "DC",
                        "1.2.840.113549.1.9.1" => "Email",
                        "2.5.4.5" => "serialNumber",
                        "2.5.4.4" => "surname",
                        "2.5.4.42" => "givenName",
                        "2.5.4.12" => "title",
                        "0.9.2342.19200300.100.1.1" => "UID",
                        _ => oid.as_str(),
                    };
                    let value = &attribute.value;
                    let text = x509::string_value(value.tag(), value.value())
                        .unwrap_or_else(|| colon_hex(value.value(), true).replace(':', ""));
                    format!("{short}={text}")
                })
                .collect();
            attributes.join(" + ")
        })
        .collect();
    rdns.join(", ")
}

fn public_key_name(key: &x509::PublicKey) -> String {
    key_type_name(&key.algorithm, key.curve.as_deref(), key.rsa_bits())
}

fn key_type_name(algorithm: &str, parameters: Option<&str>, rsa_bits: Option<usize>) -> String {
    match (algorithm, parameters) {
        (RSA_ENCRYPTION, _) => match rsa_bits {
            Some(bits) => format!("RSA {bits}-bit"),
            None => "RSA".to_owned(),
        },
        (EC_PUBLIC_KEY, Some(NIST_P256)) => "ECDSA P-256".to_owned(),
        (EC_PUBLIC_KEY, Some(NIST_P384)) => "ECDSA P-384".to_owned(),
        (EC_PUBLIC_KEY, Some("1.3.132.0.35")) => "ECDSA P-521".to_owned(),
        (EC_PUBLIC_KEY, other) => format!("ECDSA (curve {})", other.unwrap_or("unknown")),
        (ED25519, _) => "Ed25519".to_owned(),
        ("1.3.101.113", _) => "Ed448".to_owned(),
        (other, _) => format!("unknown key algorithm {other}"),
    }
}

fn rsa_bits_from_pkcs8(der: &[u8]) -> Option<usize> {
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;
    rsa::PrivateKey::from_pkcs8_der(der)
        .ok()
        .map(|key| key.n().bit_width() as usize)
}

fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.3.101.112" => "ED25519",
        other => other,
    }
    .to_owned()
}

fn describe_encryption(info: &EncryptedPrivateKeyInfoRef<'_>) -> String {
    match &info.encryption_algorithm {
        pkcs5::EncryptionScheme::Pbes2(params) => {
            let kdf = match &params.kdf {
                pkcs5::pbes2::Kdf::Pbkdf2(pbkdf2) => format!(
                    "PBKDF2-{:?}, {} iterations",
                    pbkdf2.prf, pbkdf2.iteration_count
                ),
                pkcs5::pbes2::Kdf::Scrypt(_) => "scrypt".to_owned(),
                _ => "another key derivation".to_owned(),
            };
            let cipher = match params.encryption {
                pkcs5::pbes2::EncryptionScheme::Aes128Cbc { .. } => "AES-128-CBC",
                pkcs5::pbes2::EncryptionScheme::Aes192Cbc { .. } => "AES-192-CBC",
                pkcs5::pbes2::EncryptionScheme::Aes256Cbc { .. } => "AES-256-CBC",
                _ => "another cipher",
            };
            format!("PBES2 ({kdf}, {cipher})")
        }
        _ => "PBES1 (legacy)".to_owned(),
    }
}

pub(crate) fn asn1_time(at: time::OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn colon_hex(bytes: &[u8], upper: bool) -> String {
    let hex: Vec<String> = bytes
        .iter()
        .map(|b| {
            if upper {
                format!("{b:02X}")
            } else {
                format!("{b:02x}")
            }
        })
        .collect();
    hex.join(":")
}

impl fmt::Display for DecodedCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[String]| {
            if items.is_empty() {
                "absent".to_owned()
            } else {
                items.join(", ")
            }
        };
        writeln!(f, "Certificate:")?;
        writeln!(f, "  Subject:             {}", self.subject)?;
        writeln!(f, "  Issuer:              {}", self.issuer)?;
        writeln!(f, "  Serial:              {}", self.serial)?;
        writeln!(f, "  Not before:          {}", self.not_before)?;
        writeln!(f, "  Not after:           {}", self.not_after)?;
        writeln!(f, "  Public key:          {}", self.key_type)?;
        writeln!(f, "  Signature:           {}", self.signature_algorithm)?;
        writeln!(f, "  Basic constraints:   {}", self.basic_constraints)?;
        writeln!(f, "  Key usage:           {}", list(&self.key_usage))?;
        writeln!(
            f,
            "  Extended key usage:  {}",
            list(&self.extended_key_usage)
        )?;
        writeln!(
            f,
            "  Subject alt names:   {}",
            list(&self.subject_alt_names)
        )?;
        let id = |id: &Option<String>| id.clone().unwrap_or_else(|| "absent".to_owned());
        writeln!(f, "  Subject key id:      {}", id(&self.subject_key_id))?;
        writeln!(f, "  Authority key id:    {}", id(&self.authority_key_id))?;
        write!(f, "  SHA-256 fingerprint: {}", self.sha256_fingerprint)
    }
}

impl fmt::Display for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate(cert) => cert.fmt(f),
            Self::CertificateRequest {
                subject,
                key_type,
                subject_alt_names,
            } => {
                writeln!(f, "Certificate request:")?;
                writeln!(f, "  Subject:             {subject}")?;
                writeln!(f, "  Public key:          {key_type}")?;
                let sans = if subject_alt_names.is_empty() {
                    "none requested".to_owned()
                } else {
                    subject_alt_names.join(", ")
                };
                write!(f, "  Subject alt names:   {sans}")
            }
            Self::PrivateKey { key_type } => {
                writeln!(f, "Private key (PKCS#8, not encrypted):")?;
                write!(f, "  Type:                {key_type}")
            }
            Self::EncryptedPrivateKey { scheme } => {
                writeln!(f, "Private key (PKCS#8, encrypted):")?;
                write!(f, "  Encryption:          {scheme}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue};

    use super::*;
    use crate::key_pair::{KeyPair, KeyType};

    #[test]
    fn names_read_as_openssl_writes_them_without_a_registry_of_oids() {
        let key =
            KeyPair::generate(KeyType::EcdsaP256, &mut ChaCha20Rng::seed_from_u64(3)).expect("key");
        let mut name = DistinguishedName::new();
        name.push(
            DnType::CountryName,
            DnValue::PrintableString("DE".try_into().expect("C")),
        );
        name.push(DnType::OrganizationName, "Beispiel GmbH");
        name.push(
            DnType::OrganizationalUnitName,
            DnValue::BmpString("Außendienst".try_into().expect("BMP")),
        );
        name.push(
            DnType::CustomDnType(vec![1, 3, 6, 1, 4, 1, 99999, 1]),
            "custom",
        );
        name.push(DnType::CommonName, "docker.example.com");
        let mut params = CertificateParams::default();
        params.distinguished_name = name;
        params.serial_number = Some(vec![1, 2, 3].into());
        let pem = params.self_signed(&key).expect("certificate").pem();
        let Ok([Decoded::Certificate(cert)]) =
            <[Decoded; 1]>::try_from(inspect(pem.as_bytes()).expect("decodes"))
        else {
            panic!("not one certificate");
        };
        let expected = "C=DE, O=Beispiel GmbH, OU=Außendienst, 1.3.6.1.4.1.99999.1=custom, \
                        CN=docker.example.com";
        assert_eq!(cert.subject, expected);
        assert_eq!(cert.issuer, expected);
    }
}
