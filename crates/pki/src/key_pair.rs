//! Where keys are made: one [`KeyPair`] over the RustCrypto signers, behind rcgen's
//! [`SigningKey`] trait, so rcgen builds certificates without ring or aws-lc-rs.

use core::fmt;
use core::str::FromStr;

use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeEncrypt, KeyIvInit};
use p256::elliptic_curve::Generate;
use pkcs8::der::Encode;
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::pem::LineEnding;
use pkcs8::spki::{EncodePublicKey, SubjectPublicKeyInfoRef};
use pkcs8::{EncodePrivateKey, EncryptedPrivateKeyInfo};
use rand_core::CryptoRng;
use rcgen::{PublicKeyData, SignatureAlgorithm, SigningKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use signature::{SignatureEncoding, Signer};
use zeroize::Zeroizing;

use crate::error::{Error, Field};
use crate::passphrase::Passphrase;
use crate::premade::{CA_KEY_SALT_LEN, CaKeyEncryption, Elsewhere};
use crate::refusal::InputRefusal;
use crate::rsa_primes::RsaPrime;

/// PBKDF2-HMAC-SHA256 rounds for the CA key: OWASP's 2023 figure, and what SPEC.md asks for.
pub const CA_KEY_PBKDF2_ITERATIONS: u32 = 600_000;

/// The kinds of key Portcullis makes.
///
/// Not `non_exhaustive`: the wizard names every kind in each language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum KeyType {
    /// ECDSA on NIST P-256 with SHA-256: fast everywhere, the default.
    #[default]
    EcdsaP256,
    /// ECDSA on NIST P-384 with SHA-384.
    EcdsaP384,
    /// Ed25519.
    Ed25519,
    /// RSA with a 2048-bit modulus, PKCS#1 v1.5 signatures with SHA-256.
    Rsa2048,
    /// RSA with a 3072-bit modulus.
    Rsa3072,
    /// RSA with a 4096-bit modulus (what Docker's guide uses; slow to generate).
    Rsa4096,
}

impl KeyType {
    /// Every key type, in the order the CLI and the wizard list them.
    pub const ALL: [Self; 6] = [
        Self::EcdsaP256,
        Self::EcdsaP384,
        Self::Ed25519,
        Self::Rsa2048,
        Self::Rsa3072,
        Self::Rsa4096,
    ];

    /// The name used on the command line and in the plan: `ecdsa-p256`, `rsa-4096`, ….
    pub fn name(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ecdsa-p256",
            Self::EcdsaP384 => "ecdsa-p384",
            Self::Ed25519 => "ed25519",
            Self::Rsa2048 => "rsa-2048",
            Self::Rsa3072 => "rsa-3072",
            Self::Rsa4096 => "rsa-4096",
        }
    }

    /// A human description, e.g. "ECDSA P-256 (SHA-256)".
    pub fn description(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ECDSA P-256 with SHA-256",
            Self::EcdsaP384 => "ECDSA P-384 with SHA-384",
            Self::Ed25519 => "Ed25519",
            Self::Rsa2048 => "RSA 2048-bit with SHA-256",
            Self::Rsa3072 => "RSA 3072-bit with SHA-256",
            Self::Rsa4096 => "RSA 4096-bit with SHA-256",
        }
    }

    /// The RSA modulus size, if this is an RSA key type.
    pub fn rsa_bits(self) -> Option<usize> {
        match self {
            Self::Rsa2048 => Some(2048),
            Self::Rsa3072 => Some(3072),
            Self::Rsa4096 => Some(4096),
            Self::EcdsaP256 | Self::EcdsaP384 | Self::Ed25519 => None,
        }
    }

    /// Whether this is an RSA key type: only RSA keys may carry keyEncipherment.
    pub fn is_rsa(self) -> bool {
        self.rsa_bits().is_some()
    }

    fn signature_algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            Self::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            Self::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            Self::Ed25519 => &rcgen::PKCS_ED25519,
            Self::Rsa2048 | Self::Rsa3072 | Self::Rsa4096 => &rcgen::PKCS_RSA_SHA256,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// As its [`KeyType::name`], for the wizard's messages between page and worker.
impl From<KeyType> for &'static str {
    fn from(key_type: KeyType) -> Self {
        key_type.name()
    }
}

impl TryFrom<String> for KeyType {
    type Error = Error;

    fn try_from(name: String) -> Result<Self, Error> {
        name.parse()
    }
}

/// On the wire a key type is its [`KeyType::name`]. Written by hand so that reading one never
/// says a refusal in English words (serde's `try_from` would, through `Display`), which would
/// compile the CLI's English into the page's module.
impl<'de> Deserialize<'de> for KeyType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::ALL
            .into_iter()
            .find(|key_type| key_type.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("not a key type: {name:?}")))
    }
}

impl FromStr for KeyType {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let wanted = text.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|key_type| key_type.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
                let refusal =
                    InputRefusal::key_type_unknown(text.trim().to_owned(), names.join(", "));
                Error::refused(Field::KeyType, refusal.into())
            })
    }
}

/// A private key with its public half, able to sign certificates.
///
/// The secret is zeroized when the key is dropped (the RustCrypto key types do this themselves)
/// and never shown by `Debug`.
#[derive(Clone)]
pub struct KeyPair {
    key_type: KeyType,
    secret: Secret,
    /// The subjectPublicKey bits: SEC1 point, PKCS#1 RSAPublicKey, or the 32 Ed25519 bytes.
    public_key: Vec<u8>,
    /// The whole SubjectPublicKeyInfo, DER.
    spki_der: Vec<u8>,
    /// An RSA key's signatures made elsewhere, or a dry run's record (see `premade.rs`).
    elsewhere: Elsewhere,
}

/// The private key, by algorithm.
#[derive(Clone)]
pub(crate) enum Secret {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

impl KeyPair {
    /// Generates a fresh key of `key_type` from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(key_type: KeyType, rng: &mut R) -> Result<Self, Error> {
        let secret = match key_type {
            KeyType::EcdsaP256 => Secret::P256(p256::ecdsa::SigningKey::generate_from_rng(rng)),
            KeyType::EcdsaP384 => Secret::P384(p384::ecdsa::SigningKey::generate_from_rng(rng)),
            KeyType::Ed25519 => {
                let mut seed = Zeroizing::new([0u8; ed25519_dalek::SECRET_KEY_LENGTH]);
                rng.fill_bytes(seed.as_mut());
                Secret::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => {
                return Self::generate_rsa(key_type, rng);
            }
        };
        Self::from_secret(key_type, secret)
    }

    /// An RSA key from two primes of the core's own search (`rsa_primes.rs`, the one the
    /// browser's Rust path runs in its workers), as the rsa crate makes one: a new pair while
    /// the two make no key (equal, or 65537 dividing p - 1 or q - 1: about one time in 30,000).
    fn generate_rsa<R: CryptoRng + ?Sized>(key_type: KeyType, rng: &mut R) -> Result<Self, Error> {
        let mut refused = None;
        for _ in 0..8 {
            let p = RsaPrime::generate(key_type, rng)?;
            let q = RsaPrime::generate(key_type, rng)?;
            match Self::rsa_from_primes(p, q) {
                Ok(key) => return Ok(key),
                Err(err) => refused = Some(err),
            }
        }
        Err(refused.unwrap_or_else(|| Error::KeyGeneration("no primes".to_owned())))
    }

    pub(crate) fn from_secret(key_type: KeyType, secret: Secret) -> Result<Self, Error> {
        let spki = match &secret {
            Secret::P256(key) => key.verifying_key().to_public_key_der(),
            Secret::P384(key) => key.verifying_key().to_public_key_der(),
            Secret::Ed25519(key) => key.verifying_key().to_public_key_der(),
            Secret::Rsa(key) => key.as_ref().as_ref().to_public_key().to_public_key_der(),
        }
        .map_err(|err| Error::KeyEncoding(err.to_string()))?;
        let spki_der = spki.as_bytes().to_vec();
        let public_key = SubjectPublicKeyInfoRef::try_from(spki_der.as_slice())
            .map_err(|err| Error::KeyEncoding(err.to_string()))?
            .subject_public_key
            .raw_bytes()
            .to_vec();
        Ok(Self {
            key_type,
            secret,
            public_key,
            spki_der,
            elsewhere: Elsewhere::Nothing,
        })
    }

    /// This key, asked to sign, doing as `elsewhere` says first (RSA keys only: their
    /// PKCS#1 v1.5 signatures are deterministic, so one made elsewhere is the one made here).
    pub(crate) fn with_elsewhere(mut self, elsewhere: Elsewhere) -> Self {
        if matches!(self.secret, Secret::Rsa(_)) {
            self.elsewhere = elsewhere;
        }
        self
    }

    /// Whether `signature` is this RSA key's PKCS#1 v1.5 SHA-256 signature of `message`.
    fn is_rsa_signature(&self, message: &[u8], signature: &[u8]) -> bool {
        use signature::Verifier;
        let Secret::Rsa(key) = &self.secret else {
            return false;
        };
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.as_ref().as_ref().to_public_key())
            .verify(message, &signature)
            .is_ok()
    }

    /// The RSA modulus' size in bits; `None` for other kinds of key.
    pub(crate) fn rsa_modulus_bits(&self) -> Option<usize> {
        use rsa::traits::PublicKeyParts;
        match &self.secret {
            Secret::Rsa(key) => Some(key.as_ref().as_ref().n().bit_width() as usize),
            _ => None,
        }
    }

    /// The kind of key.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// The SubjectPublicKeyInfo, DER-encoded.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// The key identifier written into SKI and AKI: RFC 7093 method 1, the leftmost 160 bits of
    /// the SHA-256 hash of the subjectPublicKey bits.
    pub fn key_identifier(&self) -> Vec<u8> {
        Sha256::digest(&self.public_key)[..20].to_vec()
    }

    /// The private key as unencrypted PKCS#8 DER, for another signer (the browser's WebCrypto
    /// imports it); wiped when dropped.
    pub fn private_key_der(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        Ok(Zeroizing::new(self.pkcs8_der()?.as_bytes().to_vec()))
    }

    /// The private key as unencrypted PKCS#8 DER.
    pub(crate) fn pkcs8_der(&self) -> Result<pkcs8::SecretDocument, Error> {
        let encoded = match &self.secret {
            Secret::P256(key) => key.to_pkcs8_der(),
            Secret::P384(key) => key.to_pkcs8_der(),
            // A v1 PrivateKeyInfo without the public key, as `openssl genpkey` writes it: every
            // reader (Go, OpenSSL, ring) takes this form.
            Secret::Ed25519(key) => ed25519_dalek::pkcs8::KeypairBytes {
                secret_key: key.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_der(),
            Secret::Rsa(key) => key.as_ref().as_ref().to_pkcs8_der(),
        };
        encoded.map_err(|err| Error::KeyEncoding(err.to_string()))
    }

    /// The private key as unencrypted PKCS#8 PEM (`PRIVATE KEY`), as dockerd and the docker CLI
    /// need it: neither can read an encrypted key.
    pub fn private_key_pem(&self) -> Result<PrivateKeyPem, Error> {
        self.pkcs8_der()?
            .to_pem("PRIVATE KEY", LineEnding::LF)
            .map(PrivateKeyPem)
            .map_err(|err| Error::KeyEncoding(err.to_string()))
    }

    /// The private key as encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`): PBES2 with
    /// PBKDF2-HMAC-SHA256 ([`CA_KEY_PBKDF2_ITERATIONS`] rounds) and AES-256-CBC, which
    /// `openssl pkey -passin` opens. Salt and IV come from `rng`.
    ///
    /// The pkcs8 crate's default (scrypt) is not used: OpenSSL 3 refuses its parameters.
    pub fn encrypted_private_key_pem<R: CryptoRng + ?Sized>(
        &self,
        passphrase: &Passphrase,
        rng: &mut R,
    ) -> Result<String, Error> {
        let mut salt = [0u8; CA_KEY_SALT_LEN];
        rng.fill_bytes(&mut salt);
        self.encrypted_private_key_pem_with(&CaKeyEncryption::derive(passphrase, salt), rng)
    }

    /// [`KeyPair::encrypted_private_key_pem`] with the PBKDF2 already done (here or by the
    /// browser's WebCrypto): the same bytes for the same salt, key and IV. The IV comes from
    /// `rng`.
    pub fn encrypted_private_key_pem_with<R: CryptoRng + ?Sized>(
        &self,
        encryption: &CaKeyEncryption,
        rng: &mut R,
    ) -> Result<String, Error> {
        let mut iv = [0u8; 16];
        rng.fill_bytes(&mut iv);
        let encoding = |err: &dyn fmt::Display| Error::KeyEncoding(err.to_string());
        let der = self.pkcs8_der()?;
        let (params, ciphertext) = pbes2_aes256cbc(
            encryption.expose_secret(),
            CA_KEY_PBKDF2_ITERATIONS,
            encryption.salt(),
            iv,
            der.as_bytes(),
        )?;
        let info = EncryptedPrivateKeyInfo {
            encryption_algorithm: params.into(),
            encrypted_data: OctetStringRef::new(&ciphertext).map_err(|err| encoding(&err))?,
        };
        // The ciphertext is not secret; the String need not be zeroized.
        let der = info.to_der().map_err(|err| encoding(&err))?;
        pkcs8::der::pem::encode_string("ENCRYPTED PRIVATE KEY", LineEnding::LF, &der)
            .map_err(|err| encoding(&err))
    }
}

/// PBES2 as OpenSSL reads it, under a `key` already derived with PBKDF2-HMAC-SHA256
/// (`iterations` rounds over `salt`): the parameters and the AES-256-CBC ciphertext of
/// `plaintext`. pkcs5's own `encrypt` is not used: it would bring every scheme it knows
/// (scrypt, AES-GCM) into the browser's worker.
pub(crate) fn pbes2_aes256cbc(
    key: &[u8; 32],
    iterations: u32,
    salt: &[u8],
    iv: [u8; 16],
    plaintext: &[u8],
) -> Result<(pkcs5::pbes2::Parameters, Vec<u8>), Error> {
    let encoding = |err: &dyn fmt::Display| Error::KeyEncoding(err.to_string());
    let params = pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, salt, iv)
        .map_err(|err| encoding(&err))?;
    let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(key, &iv)
        .map_err(|err| encoding(&err))?
        .encrypt_padded_vec::<Pkcs7>(plaintext);
    Ok((params, ciphertext))
}

/// A private key in PEM form: wiped when dropped, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKeyPem(Zeroizing<String>);

impl PrivateKeyPem {
    /// Wraps PEM text that holds a private key (encrypted or not).
    pub fn new(pem: String) -> Self {
        Self(Zeroizing::new(pem))
    }

    /// The PEM text, to be written to a file with a tight mode.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyPem([secret key elided])")
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("key_type", &self.key_type)
            .field("secret_key", &"[secret key elided]")
            .finish()
    }
}

impl PublicKeyData for KeyPair {
    fn der_bytes(&self) -> &[u8] {
        &self.public_key
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        self.key_type.signature_algorithm()
    }
}

#[cfg(test)]
thread_local! {
    /// How many RSA signatures this thread computed, for tests of signatures made elsewhere.
    pub(crate) static RSA_SIGNED_HERE: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

impl SigningKey for KeyPair {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        match &self.elsewhere {
            Elsewhere::Nothing => {}
            Elsewhere::Recording(record) => {
                record
                    .lock()
                    .map_err(|_| rcgen::Error::RemoteKeyError)?
                    .push(msg.to_vec());
                // As long as a real signature, so that nothing else in the dry run differs.
                let bytes = self.rsa_modulus_bits().unwrap_or_default().div_ceil(8);
                return Ok(vec![0; bytes]);
            }
            Elsewhere::Signatures(signatures) => {
                // Never an unchecked signature in a certificate: one that does not verify is
                // made here instead.
                let made = signatures
                    .iter()
                    .find(|(message, signature)| {
                        message == msg && self.is_rsa_signature(message, signature)
                    })
                    .map(|(_, signature)| signature.clone());
                if let Some(signature) = made {
                    return Ok(signature);
                }
            }
        }
        // X.509 wants ECDSA signatures as DER SEQUENCE { r, s }, Ed25519 and RSA as raw bytes.
        let signature = match &self.secret {
            Secret::P256(key) => Signer::<p256::ecdsa::Signature>::try_sign(key, msg)
                .map(|sig| sig.to_der().to_vec()),
            Secret::P384(key) => Signer::<p384::ecdsa::Signature>::try_sign(key, msg)
                .map(|sig| sig.to_der().to_vec()),
            Secret::Ed25519(key) => key.try_sign(msg).map(|sig| sig.to_vec()),
            Secret::Rsa(key) => {
                #[cfg(test)]
                RSA_SIGNED_HERE.with(|count| count.set(count.get() + 1));
                key.try_sign(msg).map(|sig| sig.to_vec())
            }
        };
        signature.map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;

    #[test]
    fn key_type_names_round_trip() {
        for key_type in KeyType::ALL {
            assert_eq!(key_type.name().parse::<KeyType>(), Ok(key_type));
        }
        assert_eq!("RSA-4096".parse::<KeyType>(), Ok(KeyType::Rsa4096));
        let message = "rsa-1024".parse::<KeyType>().expect_err("weak").to_string();
        assert!(
            message.starts_with("key type: `rsa-1024` is not supported; use one of ecdsa-p256")
        );
    }

    #[test]
    fn debug_elides_the_secret() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let key = KeyPair::generate(KeyType::Ed25519, &mut rng).expect("ed25519");
        let pem = key.private_key_pem().expect("pem");
        let body: String = pem
            .expose_secret()
            .lines()
            .nth(1)
            .expect("pem body")
            .chars()
            .take(16)
            .collect();
        for shown in [format!("{key:?}"), format!("{pem:?}")] {
            assert!(shown.contains("[secret key elided]"), "{shown}");
            assert!(!shown.contains(&body), "{shown}");
        }
    }

    #[test]
    fn same_seed_same_key_other_seed_other_key() {
        let pem = |seed| {
            let mut rng = ChaCha20Rng::seed_from_u64(seed);
            KeyPair::generate(KeyType::EcdsaP256, &mut rng)
                .expect("p256")
                .private_key_pem()
                .expect("pem")
        };
        assert_eq!(pem(7), pem(7));
        assert_ne!(pem(7), pem(8));
    }

    #[test]
    fn public_key_bits_have_the_expected_shape() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let p256 = KeyPair::generate(KeyType::EcdsaP256, &mut rng).expect("p256");
        assert_eq!(p256.der_bytes().len(), 65, "uncompressed SEC1 point");
        assert_eq!(p256.der_bytes()[0], 0x04);
        let ed = KeyPair::generate(KeyType::Ed25519, &mut rng).expect("ed25519");
        assert_eq!(ed.der_bytes().len(), 32);
        assert_eq!(p256.key_identifier().len(), 20);
    }
}
