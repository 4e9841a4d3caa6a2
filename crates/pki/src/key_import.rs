//! Reading a private key made elsewhere, in every PEM form OpenSSL writes for the key types
//! Portcullis supports: PKCS#8 (plain and encrypted), PKCS#1 RSA and SEC1 EC, each plain or with
//! the legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-256-CBC` or
//! `DES-EDE3-CBC`), as `openssl genrsa -aes256 -traditional` writes it.

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, KeyInit, KeyIvInit};
use md5::{Digest, Md5};
use pkcs8::{DecodePrivateKey, EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use crate::error::{Error, Field};
use crate::key_pair::{KeyPair, KeyType, Secret};
use crate::passphrase::Passphrase;
use crate::pem::{self, PemError};
use crate::refusal::FileRefusal;
use crate::x509::{EC_PUBLIC_KEY, ED25519, NIST_P256, NIST_P384, RSA_ENCRYPTION};

impl KeyPair {
    /// A key made elsewhere (the browser's WebCrypto exports PKCS#8), as unencrypted PKCS#8
    /// DER. Any key type Portcullis makes; anything else is refused, as a document given to
    /// read (the refusal stays data, for the caller to say in its language).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        from_pkcs8(der, Field::Document)
    }

    /// Reads the first private key in `text`; `passphrase` opens an encrypted one. Errors name
    /// `field` (e.g. the CA key) and say what to do.
    pub fn from_pem(
        text: &str,
        passphrase: Option<&Passphrase>,
        field: Field,
    ) -> Result<Self, Error> {
        let refuse = |why: FileRefusal| Error::file(field, why);
        crate::limits::check_size(field, text.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let blocks = pem::blocks(text).map_err(|err| match err {
            PemError::Unterminated(label) => refuse(FileRefusal::pem_unterminated(label)),
            PemError::BadBase64(label) => refuse(FileRefusal::pem_bad_base64(label)),
        })?;
        let block = blocks
            .iter()
            .find(|b| b.label.ends_with("PRIVATE KEY"))
            .ok_or_else(|| refuse(FileRefusal::key_none()))?;
        let wrong_passphrase = || refuse(FileRefusal::key_wrong_passphrase());
        match block.label.as_str() {
            "PRIVATE KEY" => from_pkcs8(&block.der, field),
            "ENCRYPTED PRIVATE KEY" => {
                let passphrase = needed(passphrase, field)?;
                let info = EncryptedPrivateKeyInfoRef::try_from(block.der.as_slice())
                    .map_err(|_| refuse(FileRefusal::key_encrypted_damaged()))?;
                check_work(&info.encryption_algorithm).map_err(refuse)?;
                let document = info
                    .decrypt(passphrase.expose_secret())
                    .map_err(|_| wrong_passphrase())?;
                from_pkcs8(document.as_bytes(), field)
            }
            "RSA PRIVATE KEY" => {
                let (der, encrypted) = legacy_decrypt(block, passphrase, field)?;
                let key = rsa::PrivateKey::from_pkcs1_der(&der).map_err(|_| {
                    if encrypted {
                        wrong_passphrase()
                    } else {
                        refuse(FileRefusal::key_damaged("RSA".to_owned()))
                    }
                })?;
                from_rsa(key, field)
            }
            "EC PRIVATE KEY" => {
                let (der, encrypted) = legacy_decrypt(block, passphrase, field)?;
                from_sec1(&der, field)
                    .map_err(|err| if encrypted { wrong_passphrase() } else { err })
            }
            other => Err(refuse(FileRefusal::key_label_unsupported(other.to_owned()))),
        }
    }
}

fn needed(passphrase: Option<&Passphrase>, field: Field) -> Result<&Passphrase, Error> {
    passphrase.ok_or_else(|| Error::file(field, FileRefusal::key_needs_passphrase()))
}

fn from_pkcs8(der: &[u8], field: Field) -> Result<KeyPair, Error> {
    let damaged = || {
        let form = "PKCS#8".to_owned();
        Error::file(field, FileRefusal::key_damaged(form))
    };
    let info = PrivateKeyInfoRef::try_from(der).map_err(|_| damaged())?;
    let algorithm = info.algorithm.oid.to_string();
    let curve = info
        .algorithm
        .parameters_oid()
        .ok()
        .map(|oid| oid.to_string());
    let secret = match (algorithm.as_str(), curve.as_deref()) {
        (RSA_ENCRYPTION, _) => {
            return from_rsa(
                rsa::PrivateKey::from_pkcs8_der(der).map_err(|_| damaged())?,
                field,
            );
        }
        (EC_PUBLIC_KEY, Some(NIST_P256)) => {
            Secret::P256(p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| damaged())?)
        }
        (EC_PUBLIC_KEY, Some(NIST_P384)) => {
            Secret::P384(p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| damaged())?)
        }
        (ED25519, _) => {
            Secret::Ed25519(ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(|_| damaged())?)
        }
        (EC_PUBLIC_KEY, other) => return Err(unsupported_curve(other, field)),
        (other, _) => {
            let oid = other.to_owned();
            return Err(Error::file(
                field,
                FileRefusal::key_algorithm_unsupported(oid),
            ));
        }
    };
    let key_type = match &secret {
        Secret::P256(_) => KeyType::EcdsaP256,
        Secret::P384(_) => KeyType::EcdsaP384,
        _ => KeyType::Ed25519,
    };
    KeyPair::from_secret(key_type, secret)
}

fn unsupported_curve(curve: Option<&str>, field: Field) -> Error {
    let refusal = match curve {
        Some(curve) => FileRefusal::key_curve_unsupported(curve.to_owned()),
        None => FileRefusal::key_curve_unnamed(),
    };
    Error::file(field, refusal)
}

fn from_rsa(key: rsa::PrivateKey, field: Field) -> Result<KeyPair, Error> {
    let bits = key.size() * 8;
    let key_type = KeyType::ALL
        .into_iter()
        .find(|k| k.rsa_bits() == Some(bits))
        .ok_or_else(|| Error::file(field, FileRefusal::key_rsa_bits(bits)))?;
    KeyPair::from_secret(
        key_type,
        Secret::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(key))),
    )
}

/// SEC1 `ECPrivateKey`: the curve comes from its parameters, or else from the key's length.
fn from_sec1(der: &[u8], field: Field) -> Result<KeyPair, Error> {
    let damaged = || {
        let form = "EC".to_owned();
        Error::file(field, FileRefusal::key_damaged(form))
    };
    let parsed = sec1::EcPrivateKey::try_from(der).map_err(|_| damaged())?;
    let curve = parsed
        .parameters
        .and_then(|p| p.named_curve())
        .map(|oid| oid.to_string());
    let curve = curve.as_deref().or(match parsed.private_key.len() {
        32 => Some(NIST_P256),
        48 => Some(NIST_P384),
        _ => None,
    });
    match curve {
        Some(NIST_P256) => {
            let secret = p256::SecretKey::from_sec1_der(der).map_err(|_| damaged())?;
            KeyPair::from_secret(KeyType::EcdsaP256, Secret::P256(secret.into()))
        }
        Some(NIST_P384) => {
            let secret = p384::SecretKey::from_sec1_der(der).map_err(|_| damaged())?;
            KeyPair::from_secret(KeyType::EcdsaP384, Secret::P384(secret.into()))
        }
        other => Err(unsupported_curve(other, field)),
    }
}

/// The key's DER, decrypted if its headers say it is encrypted; and whether it was.
fn legacy_decrypt(
    block: &pem::PemBlock,
    passphrase: Option<&Passphrase>,
    field: Field,
) -> Result<(Zeroizing<Vec<u8>>, bool), Error> {
    let refuse = |why: FileRefusal| Error::file(field, why);
    match block.header("Proc-Type") {
        None => return Ok((block.der.clone(), false)),
        Some(value) if value.replace(' ', "") == "4,ENCRYPTED" => {}
        Some(value) => {
            let value = value.to_owned();
            return Err(refuse(FileRefusal::proc_type_unknown(value)));
        }
    }
    let dek = block
        .header("DEK-Info")
        .ok_or_else(|| refuse(FileRefusal::dek_info_missing()))?;
    let malformed = || {
        let value = dek.to_owned();
        refuse(FileRefusal::dek_info_malformed(value))
    };
    let (cipher, iv_hex) = dek.split_once(',').ok_or_else(malformed)?;
    let iv = hex_decode(iv_hex.trim()).ok_or_else(malformed)?;
    let passphrase = needed(passphrase, field)?;
    let mut buffer = block.der.clone();
    let plain = match cipher.trim() {
        "AES-256-CBC" => decrypt::<aes::Aes256>(passphrase, &iv, 32, &mut buffer),
        "AES-192-CBC" => decrypt::<aes::Aes192>(passphrase, &iv, 24, &mut buffer),
        "AES-128-CBC" => decrypt::<aes::Aes128>(passphrase, &iv, 16, &mut buffer),
        "DES-EDE3-CBC" => decrypt::<des::TdesEde3>(passphrase, &iv, 24, &mut buffer),
        other => {
            let cipher = other.to_owned();
            return Err(refuse(FileRefusal::cipher_unsupported(cipher)));
        }
    };
    let length = plain.ok_or_else(|| refuse(FileRefusal::key_wrong_passphrase()))?;
    buffer.truncate(length);
    Ok((buffer, true))
}

/// CBC with PKCS#7 padding under OpenSSL's EVP_BytesToKey (MD5, one round, the IV's first eight
/// bytes as salt); the length of the plaintext left in `buffer`, or `None` on bad padding.
fn decrypt<C: BlockCipherDecrypt + KeyInit>(
    passphrase: &Passphrase,
    iv: &[u8],
    key_len: usize,
    buffer: &mut [u8],
) -> Option<usize> {
    let salt = iv.get(..8)?;
    let key = evp_bytes_to_key(passphrase.expose_secret(), salt, key_len);
    let decryptor = cbc::Decryptor::<C>::new_from_slices(&key, iv).ok()?;
    decryptor
        .decrypt_padded::<Pkcs7>(buffer)
        .ok()
        .map(|plain| plain.len())
}

fn evp_bytes_to_key(passphrase: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut key = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut previous = Zeroizing::new(Vec::new());
    while key.len() < len {
        let mut md5 = Md5::new();
        md5.update(&*previous);
        md5.update(passphrase);
        md5.update(salt);
        *previous = md5.finalize().to_vec();
        key.extend_from_slice(&previous);
    }
    key.truncate(len);
    key
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The most PBKDF2 rounds an encrypted key may ask for: 16 times the 600,000 Portcullis uses
/// (OpenSSL's default is 2048). A key asking for billions would keep the CLI or the page busy
/// for hours before saying anything.
pub(crate) const MAX_PBKDF2_ROUNDS: u32 = 10_000_000;
/// The largest scrypt cost (`N · r · p`, in 128-byte blocks) an encrypted key may ask for:
/// 2^20, 128 MiB of memory, eight times OpenSSL 3's default (N = 2^14, r = 8, p = 1).
pub(crate) const MAX_SCRYPT_BLOCKS: u64 = 1 << 20;

/// Refuses an encrypted key whose key derivation asks for more work than any real one does,
/// before doing any of it.
fn check_work(scheme: &pkcs5::EncryptionScheme) -> Result<(), FileRefusal> {
    use pkcs5::pbes2::Kdf;
    let Some(params) = scheme.pbes2() else {
        return Ok(());
    };
    match &params.kdf {
        Kdf::Pbkdf2(pbkdf2) if pbkdf2.iteration_count > MAX_PBKDF2_ROUNDS => Err(
            FileRefusal::pbkdf2_too_much(pbkdf2.iteration_count, MAX_PBKDF2_ROUNDS),
        ),
        Kdf::Scrypt(scrypt) => {
            let blocks = scrypt
                .cost_parameter
                .saturating_mul(u64::from(scrypt.block_size))
                .saturating_mul(u64::from(scrypt.parallelization));
            if blocks > MAX_SCRYPT_BLOCKS {
                Err(FileRefusal::scrypt_too_much(
                    scrypt.cost_parameter,
                    u32::from(scrypt.block_size),
                    u32::from(scrypt.parallelization),
                    MAX_SCRYPT_BLOCKS,
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use rcgen::PublicKeyData;

    use super::*;

    /// A key handed in as PKCS#8 DER (WebCrypto's export) that cannot be read is refused as
    /// data, the document's refusal, which the wizard says in its own language; its workers
    /// carry no English to word it with.
    #[test]
    fn a_key_made_elsewhere_that_cannot_be_read_is_refused_as_data() {
        let err = KeyPair::from_pkcs8_der(b"not a key").expect_err("refused");
        assert_eq!(err.field(), Some(Field::Document));
        assert_eq!(
            err.refusal(),
            Some(&crate::refusal::Refusal::File(FileRefusal::key_damaged(
                "PKCS#8".to_owned()
            )))
        );
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let key = KeyPair::generate(KeyType::EcdsaP256, &mut rng).expect("key");
        let der = key.private_key_der().expect("PKCS#8");
        let again = KeyPair::from_pkcs8_der(&der).expect("reads");
        assert_eq!(again.der_bytes(), key.der_bytes());
    }

    #[test]
    fn our_own_keys_read_back() {
        let passphrase = Passphrase::new("correct horse battery".into()).expect("passphrase");
        for key_type in [
            KeyType::EcdsaP256,
            KeyType::EcdsaP384,
            KeyType::Ed25519,
            KeyType::Rsa2048,
        ] {
            let mut rng = ChaCha20Rng::seed_from_u64(4);
            let key = KeyPair::generate(key_type, &mut rng).expect("key");
            let plain = KeyPair::from_pem(
                key.private_key_pem().expect("pem").expose_secret(),
                None,
                Field::CaKey,
            )
            .expect("plain PKCS#8 reads back");
            assert_eq!(plain.key_type(), key_type);
            assert_eq!(plain.der_bytes(), key.der_bytes());
        }
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let key = KeyPair::generate(KeyType::EcdsaP256, &mut rng).expect("key");
        let encrypted = key
            .encrypted_private_key_pem(&passphrase, &mut rng)
            .expect("encrypted");
        let read =
            KeyPair::from_pem(&encrypted, Some(&passphrase), Field::CaKey).expect("decrypts");
        assert_eq!(read.der_bytes(), key.der_bytes());
        let message = KeyPair::from_pem(&encrypted, None, Field::CaKey)
            .expect_err("needs passphrase")
            .to_string();
        assert!(
            message.starts_with("CA key: is encrypted; give its passphrase"),
            "{message}"
        );
        let wrong = Passphrase::new("not the passphrase".into()).expect("passphrase");
        let message = KeyPair::from_pem(&encrypted, Some(&wrong), Field::CaKey)
            .expect_err("wrong")
            .to_string();
        assert_eq!(
            message,
            "CA key: cannot be decrypted with this passphrase; check the passphrase"
        );
    }

    #[test]
    fn evp_bytes_to_key_matches_openssl() {
        // `openssl enc -aes-256-cbc -P -md md5 -S 0102030405060708 -pass pass:secret`
        let key = evp_bytes_to_key(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8], 32);
        assert_eq!(
            key.iter().map(|b| format!("{b:02X}")).collect::<String>(),
            EVP_KEY_FROM_OPENSSL
        );
    }

    /// What openssl printed for the command in the test above.
    const EVP_KEY_FROM_OPENSSL: &str =
        "C9E5A1BD216DBE1317E230CEF48F38EE7F0E17AD64022144BCCEC4A1AA2879AB";

    /// An encrypted key that asks for endless PBKDF2 rounds or gigabytes of scrypt is refused
    /// at once, before any derivation runs (a test that would hang for hours without it).
    #[test]
    fn keys_asking_for_unbounded_work_are_refused_before_any() {
        use pkcs5::pbes2::{
            EncryptionScheme as Cipher, Kdf, Parameters, Pbkdf2Params, Pbkdf2Prf, ScryptParams,
        };
        use pkcs8::der::Encode;
        use pkcs8::der::asn1::OctetStringRef;

        let pem_of = |params: Parameters| {
            let info = pkcs8::EncryptedPrivateKeyInfo {
                encryption_algorithm: params.into(),
                encrypted_data: OctetStringRef::new(&[0u8; 48]).expect("octets"),
            };
            pkcs8::der::pem::encode_string(
                "ENCRYPTED PRIVATE KEY",
                pkcs8::LineEnding::LF,
                &info.to_der().expect("der"),
            )
            .expect("pem")
        };
        let passphrase = Passphrase::of_existing_key("any".into()).expect("passphrase");
        let refusal = |pem: &str| {
            KeyPair::from_pem(pem, Some(&passphrase), Field::CaKey)
                .expect_err("refused")
                .to_string()
        };

        // As a file may hold it: pkcs5 would not make such parameters, but reads them.
        let pbkdf2 = Parameters {
            kdf: Kdf::Pbkdf2(Pbkdf2Params {
                salt: pkcs5::pbes2::Salt::new([1; 16]).expect("salt"),
                iteration_count: u32::MAX,
                key_length: None,
                prf: Pbkdf2Prf::HmacWithSha256,
            }),
            encryption: Cipher::Aes256Cbc { iv: [2; 16] },
        };
        assert_eq!(
            refusal(&pem_of(pbkdf2)),
            "CA key: its encryption asks for 4294967295 rounds of PBKDF2, more than the 10000000 Portcullis runs; re-encrypt it: openssl pkcs8 -topk8 -v2 aes256 -iter 600000 -in OLD.pem -out NEW.pem"
        );

        let scrypt = Parameters {
            kdf: Kdf::Scrypt(ScryptParams {
                salt: pkcs5::pbes2::Salt::new([1; 16]).expect("salt"),
                cost_parameter: 1 << 40,
                block_size: 8,
                parallelization: 1,
                key_length: None,
            }),
            encryption: Cipher::Aes256Cbc { iv: [2; 16] },
        };
        assert!(
            refusal(&pem_of(scrypt)).starts_with(
                "CA key: its encryption asks for scrypt with N = 1099511627776, r = 8, p = 1, more work than"
            )
        );

        // At the limit, the derivation runs (and the made-up ciphertext is then refused).
        let at_limit =
            Parameters::generate_pbkdf2_sha256_aes256cbc(2048, &[1; 16], [2; 16]).expect("params");
        assert!(refusal(&pem_of(at_limit)).contains("cannot be decrypted with this passphrase"));
    }

    #[test]
    fn non_keys_are_refused_with_the_fix() {
        for (text, expected) in [
            ("", "CA key: no private key in this file"),
            (
                "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n",
                "is not supported; convert it",
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "the PKCS#8 key is damaged",
            ),
            ("-----BEGIN PRIVATE KEY-----\nAAAA\n", "has no END line"),
        ] {
            let message = KeyPair::from_pem(text, None, Field::CaKey)
                .expect_err(text)
                .to_string();
            assert!(message.contains(expected), "{message}");
        }
    }
}
