//! Certificate signing requests made elsewhere (`openssl req -new`), so that a server's key never
//! leaves the server: parsed, their signature verified with RustCrypto, and what they ask for
//! shown. Only the public key is taken from a CSR; the extensions come from our profiles.

use core::fmt;
use core::net::IpAddr;

use rcgen::{PublicKeyData, SignatureAlgorithm};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Field};
use crate::pem;
use crate::refusal::FileRefusal;
use crate::verify::KeyKind;
use crate::x509::{self, EC_PUBLIC_KEY};

/// The smallest RSA key a CSR may carry.
const MIN_RSA_BITS: usize = 2048;

/// The public key of a CSR, as the certificate will carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedKey {
    /// The subjectPublicKey bits.
    bits: Vec<u8>,
    kind: KeyKind,
    description: String,
    /// An RSA key's size in bits.
    #[serde(default)]
    rsa_bits: Option<usize>,
}

impl RequestedKey {
    /// E.g. "ECDSA P-256" or "RSA 4096-bit".
    pub fn description(&self) -> &str {
        &self.description
    }

    /// An RSA key's size in bits; `None` for another kind of key, whose description is its
    /// name in every language.
    pub fn rsa_bits(&self) -> Option<usize> {
        self.rsa_bits
    }

    /// Whether it is an RSA key (which alone may carry keyEncipherment).
    pub fn is_rsa(&self) -> bool {
        self.kind == KeyKind::Rsa
    }

    /// The key identifier, computed as for keys Portcullis makes.
    pub fn key_identifier(&self) -> Vec<u8> {
        Sha256::digest(&self.bits)[..20].to_vec()
    }
}

impl PublicKeyData for RequestedKey {
    fn der_bytes(&self) -> &[u8] {
        &self.bits
    }

    /// The algorithm whose key identifier the certificate's SubjectPublicKeyInfo carries.
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        match self.kind {
            KeyKind::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyKind::P384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            KeyKind::Ed25519 => &rcgen::PKCS_ED25519,
            KeyKind::Rsa => &rcgen::PKCS_RSA_SHA256,
        }
    }
}

/// A CSR whose signature checked out.
///
/// It can also be serialized, to travel from the wizard's worker, which checks CSRs, to its
/// page, which plans with them; the worker reads the CSR from its PEM again before it signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRequest {
    /// The subject, e.g. `CN=docker.example.com`.
    pub subject: String,
    /// The subject's common name, if any.
    pub common_name: Option<String>,
    /// DNS names it asks for.
    pub dns_names: Vec<String>,
    /// IP addresses it asks for.
    pub ip_addresses: Vec<IpAddr>,
    /// Whether it asks to be a CA (basicConstraints CA:TRUE): refused when signing.
    pub asks_for_ca: bool,
    /// Its public key.
    pub key: RequestedKey,
    /// The request as it came, DER.
    pub der: Vec<u8>,
}

impl CertificateRequest {
    /// The request as PEM (`CERTIFICATE REQUEST`), as `openssl req` writes it.
    pub fn to_pem(&self) -> String {
        use base64ct::{Base64, Encoding};
        let body = Base64::encode_string(&self.der);
        let mut pem = String::from("-----BEGIN CERTIFICATE REQUEST-----\n");
        for line in body.as_bytes().chunks(64) {
            pem.push_str(core::str::from_utf8(line).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE REQUEST-----\n");
        pem
    }

    /// Its names as a certificate lists them: `DNS:…` for each DNS name, then `IP:…`.
    pub fn names(&self) -> Vec<String> {
        self.dns_names
            .iter()
            .map(|name| format!("DNS:{name}"))
            .chain(self.ip_addresses.iter().map(|ip| format!("IP:{ip}")))
            .collect()
    }

    /// Reads a CSR in PEM (`CERTIFICATE REQUEST`) or DER and verifies its signature.
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        let refuse = |why: FileRefusal| Error::file(Field::Csr, why);
        crate::limits::check_size(Field::Csr, input.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let der = match core::str::from_utf8(input) {
            Ok(text) if text.contains("-----BEGIN ") => pem::blocks(text)
                .map_err(|_| refuse(FileRefusal::pem_damaged()))?
                .into_iter()
                .find(|b| b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST")
                .map(|b| b.der.to_vec())
                .ok_or_else(|| refuse(FileRefusal::csr_none()))?,
            _ => input.to_vec(),
        };
        let csr = x509::Request::read(&der).map_err(|_| refuse(FileRefusal::csr_invalid()))?;
        let key = requested_key(&csr.key)?;
        verify(&csr.signed, &key)?;
        let mut request = Self {
            subject: crate::inspect::name_text(&csr.subject),
            common_name: x509::common_name(&csr.subject),
            dns_names: Vec::new(),
            ip_addresses: Vec::new(),
            asks_for_ca: csr.extensions.is_ca(),
            key,
            der: der.clone(),
        };
        for name in csr.extensions.subject_alt_names.iter().flatten() {
            request.dns_names.extend(name.dns().map(str::to_owned));
            request.ip_addresses.extend(name.ip());
        }
        Ok(request)
    }
}

impl fmt::Display for CertificateRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.names();
        write!(
            f,
            "subject {}, key {}, names {}{}",
            if self.subject.is_empty() {
                "(empty)"
            } else {
                &self.subject
            },
            self.key.description,
            if names.is_empty() {
                "(none)".to_owned()
            } else {
                names.join(", ")
            },
            if self.asks_for_ca {
                ", asks to be a CA"
            } else {
                ""
            }
        )
    }
}

fn requested_key(public: &x509::PublicKey) -> Result<RequestedKey, Error> {
    let bits = &public.bits;
    let key = |kind, description: &str| RequestedKey {
        bits: bits.clone(),
        kind,
        description: description.to_owned(),
        rsa_bits: None,
    };
    match public.kind() {
        Some(KeyKind::P256) => Ok(key(KeyKind::P256, "ECDSA P-256")),
        Some(KeyKind::P384) => Ok(key(KeyKind::P384, "ECDSA P-384")),
        Some(KeyKind::Ed25519) => Ok(key(KeyKind::Ed25519, "Ed25519")),
        Some(KeyKind::Rsa) => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            use rsa::traits::PublicKeyParts;
            let public = rsa::PublicKey::from_pkcs1_der(bits)
                .map_err(|_| Error::file(Field::Csr, FileRefusal::csr_rsa_damaged()))?;
            let size = public.size() * 8;
            if size < MIN_RSA_BITS {
                return Err(Error::file(
                    Field::Csr,
                    FileRefusal::csr_rsa_short(size, MIN_RSA_BITS),
                ));
            }
            Ok(RequestedKey {
                rsa_bits: Some(size),
                ..key(KeyKind::Rsa, &format!("RSA {size}-bit"))
            })
        }
        None if public.algorithm == EC_PUBLIC_KEY => Err(Error::file(
            Field::Csr,
            match &public.curve {
                Some(curve) => FileRefusal::csr_curve_unsupported(curve.clone()),
                None => FileRefusal::csr_curve_unnamed(),
            },
        )),
        None => Err(Error::file(
            Field::Csr,
            FileRefusal::csr_algorithm_unsupported(public.algorithm.clone()),
        )),
    }
}

/// Checks the CSR's self-signature: proof that whoever made it holds the private key.
fn verify(signed: &x509::Signed<'_>, key: &RequestedKey) -> Result<(), Error> {
    match crate::verify::signature_valid(
        &signed.algorithm,
        key.kind,
        &key.bits,
        signed.tbs,
        &signed.signature,
    ) {
        Some(true) => Ok(()),
        Some(false) => Err(Error::file(Field::Csr, FileRefusal::csr_signature_bad())),
        None => Err(Error::file(
            Field::Csr,
            FileRefusal::csr_signature_unsupported(signed.algorithm.clone()),
        )),
    }
}
