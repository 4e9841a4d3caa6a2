//! Checking signatures made by others (CSRs, earlier CRLs) with RustCrypto, for the key types and
//! algorithms Portcullis supports.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::Verifier;
use signature::hazmat::PrehashVerifier;

use crate::key_pair::KeyType;
// Ed25519's signature algorithm has the key's own OID.
use crate::x509::ED25519;

/// The kinds of public key a signature can be checked with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum KeyKind {
    P256,
    P384,
    Ed25519,
    Rsa,
}

impl From<KeyType> for KeyKind {
    fn from(key_type: KeyType) -> Self {
        match key_type {
            KeyType::EcdsaP256 => Self::P256,
            KeyType::EcdsaP384 => Self::P384,
            KeyType::Ed25519 => Self::Ed25519,
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => Self::Rsa,
        }
    }
}

/// Whether `signature` over `message` verifies under the key (`bits`: its subjectPublicKey)
/// with the signature algorithm `algorithm` (an OID); `None` if that algorithm is not
/// supported for this kind of key.
pub(crate) fn signature_valid(
    algorithm: &str,
    kind: KeyKind,
    bits: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Option<bool> {
    let digest = || -> Option<Vec<u8>> {
        Some(match algorithm {
            "1.2.840.10045.4.3.2" | "1.2.840.113549.1.1.11" => Sha256::digest(message).to_vec(),
            "1.2.840.10045.4.3.3" | "1.2.840.113549.1.1.12" => Sha384::digest(message).to_vec(),
            "1.2.840.10045.4.3.4" | "1.2.840.113549.1.1.13" => Sha512::digest(message).to_vec(),
            _ => return None,
        })
    };
    Some(match kind {
        KeyKind::P256 => {
            let hash = digest()?;
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(bits),
                p256::ecdsa::Signature::from_der(signature),
            ) else {
                return Some(false);
            };
            key.verify_prehash(&hash, &sig).is_ok()
        }
        KeyKind::P384 => {
            let hash = digest()?;
            let (Ok(key), Ok(sig)) = (
                p384::ecdsa::VerifyingKey::from_sec1_bytes(bits),
                p384::ecdsa::Signature::from_der(signature),
            ) else {
                return Some(false);
            };
            key.verify_prehash(&hash, &sig).is_ok()
        }
        KeyKind::Ed25519 => {
            if algorithm != ED25519 {
                return None;
            }
            let Ok(bytes) = <[u8; 32]>::try_from(bits) else {
                return Some(false);
            };
            let (Ok(key), Ok(sig)) = (
                ed25519_dalek::VerifyingKey::from_bytes(&bytes),
                ed25519_dalek::Signature::from_slice(signature),
            ) else {
                return Some(false);
            };
            key.verify(message, &sig).is_ok()
        }
        KeyKind::Rsa => return rsa_valid(algorithm, bits, message, signature),
    })
}

/// PKCS#1 v1.5 with SHA-256/384/512; `None` for another algorithm.
fn rsa_valid(algorithm: &str, bits: &[u8], message: &[u8], signature: &[u8]) -> Option<bool> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    let Ok(public) = rsa::PublicKey::from_pkcs1_der(bits) else {
        return Some(false);
    };
    let Ok(signature) = Signature::try_from(signature) else {
        return Some(false);
    };
    Some(match algorithm {
        "1.2.840.113549.1.1.11" => VerifyingKey::<Sha256>::new(public)
            .verify(message, &signature)
            .is_ok(),
        "1.2.840.113549.1.1.12" => VerifyingKey::<Sha384>::new(public)
            .verify(message, &signature)
            .is_ok(),
        "1.2.840.113549.1.1.13" => VerifyingKey::<Sha512>::new(public)
            .verify(message, &signature)
            .is_ok(),
        _ => return None,
    })
}
