//! What may be made before issuing, elsewhere than in this crate: the browser's WebCrypto makes
//! RSA keys and runs the CA key's PBKDF2 at the browser's own speed, and hands the results in
//! through these types. The core stays free of platform code, and whatever is not handed in is
//! made here from the RNG, as always, by the same code as the CLI's.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

use rand_core::CryptoRng;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::key_pair::{CA_KEY_PBKDF2_ITERATIONS, KeyPair, KeyType};
use crate::passphrase::Passphrase;
use crate::plan::{CaKeyProtection, CaPlan, CaSource, KnownCa, Plan};

/// Bytes of the PBKDF2 salt.
pub const CA_KEY_SALT_LEN: usize = 16;
/// Bytes of the AES-256 key that PBKDF2 derives.
pub const CA_KEY_ENCRYPTION_KEY_LEN: usize = 32;

/// The key that encrypts the CA key: PBKDF2-HMAC-SHA256 of the passphrase over a random salt,
/// [`CA_KEY_PBKDF2_ITERATIONS`] rounds, 32 bytes for AES-256-CBC. Derived here
/// ([`CaKeyEncryption::derive`]) or elsewhere with the same parameters (WebCrypto's
/// `deriveBits`, which gives the same bytes) and handed in ([`CaKeyEncryption::from_derived`]).
/// The key is wiped when dropped and never shown by `Debug`.
#[derive(Clone)]
pub struct CaKeyEncryption {
    salt: [u8; CA_KEY_SALT_LEN],
    key: Zeroizing<[u8; CA_KEY_ENCRYPTION_KEY_LEN]>,
}

impl CaKeyEncryption {
    /// Derives the key here, with the Rust PBKDF2 (about 70 ms natively, a second in wasm).
    pub fn derive(passphrase: &Passphrase, salt: [u8; CA_KEY_SALT_LEN]) -> Self {
        let mut key = Zeroizing::new([0u8; CA_KEY_ENCRYPTION_KEY_LEN]);
        pbkdf2::pbkdf2_hmac::<Sha256>(
            passphrase.expose_secret(),
            &salt,
            CA_KEY_PBKDF2_ITERATIONS,
            key.as_mut(),
        );
        Self { salt, key }
    }

    /// A key derived elsewhere, from the passphrase and `salt`, with PBKDF2-HMAC-SHA256 and
    /// [`CA_KEY_PBKDF2_ITERATIONS`] rounds; `key` is taken over and wiped with this value.
    pub fn from_derived(
        salt: [u8; CA_KEY_SALT_LEN],
        key: Zeroizing<[u8; CA_KEY_ENCRYPTION_KEY_LEN]>,
    ) -> Self {
        Self { salt, key }
    }

    /// The salt, which goes into the encrypted key's parameters.
    pub fn salt(&self) -> &[u8; CA_KEY_SALT_LEN] {
        &self.salt
    }

    /// The derived key.
    pub fn expose_secret(&self) -> &[u8; CA_KEY_ENCRYPTION_KEY_LEN] {
        &self.key
    }
}

impl fmt::Debug for CaKeyEncryption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaKeyEncryption")
            .field("salt", &self.salt)
            .field("key", &"[secret key elided]")
            .finish()
    }
}

/// What an RSA key does, asked to sign, before signing itself.
#[derive(Clone, Default)]
pub(crate) enum Elsewhere {
    /// Nothing: it signs.
    #[default]
    Nothing,
    /// A dry run: it records the message and answers with zeros as long as a signature.
    Recording(Arc<Mutex<Vec<Vec<u8>>>>),
    /// Signatures made elsewhere, by message: one that checks out against the key is used.
    Signatures(Arc<Vec<(Vec<u8>, Vec<u8>)>>),
}

/// What a dry run of issuing asked each key made ahead to sign (see [`Premade::dry_run`]).
#[derive(Debug)]
pub struct DryRun {
    records: Vec<Arc<Mutex<Vec<Vec<u8>>>>>,
}

impl DryRun {
    /// For each key made ahead, in order, every message it was asked to sign (none for keys
    /// other than RSA).
    pub fn messages(&self) -> Vec<Vec<Vec<u8>>> {
        self.records
            .iter()
            .map(|record| {
                record
                    .lock()
                    .map(|messages| messages.clone())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// What was made before issuing: keys, in the order issuing takes them (the new CA's, each
/// server's that is made here, then each client's), and the CA key's encryption key. Each key
/// must be of the plan's key type. What is missing is made here, from the RNG.
///
/// The RSA keys' signatures can be made elsewhere too (the browser's WebCrypto, at native
/// speed): a [dry run](Premade::dry_run) of issuing shows what each key will sign; the
/// signatures made elsewhere go in with [`Premade::signed_elsewhere`], and the real run, with
/// the same plan, time and random generator state, asks for exactly those messages. RSA
/// PKCS#1 v1.5 signatures are deterministic, so the certificates are byte for byte the ones
/// signing here would give; each signature is checked against its key before it is used.
#[derive(Debug, Default)]
pub struct Premade {
    keys: VecDeque<KeyPair>,
    ca_key_encryption: Option<CaKeyEncryption>,
}

impl Premade {
    /// Nothing made ahead: every key and the CA key's encryption key are made here.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds keys, taken in this order.
    pub fn keys(mut self, keys: impl IntoIterator<Item = KeyPair>) -> Self {
        self.keys.extend(keys);
        self
    }

    /// The CA key's encryption key, derived ahead.
    pub fn ca_key_encryption(mut self, encryption: CaKeyEncryption) -> Self {
        self.ca_key_encryption = Some(encryption);
        self
    }

    /// The keys made ahead, in the order issuing takes them.
    pub fn premade_keys(&self) -> impl Iterator<Item = &KeyPair> {
        self.keys.iter()
    }

    /// A copy of this for a dry run of issuing: its RSA keys record every message they are
    /// asked to sign, and sign nothing (the dry run's certificates carry zeros). Issue with the
    /// copy, then read the messages from the [`DryRun`].
    pub fn dry_run(&self) -> (Premade, DryRun) {
        let records: Vec<Arc<Mutex<Vec<Vec<u8>>>>> =
            self.keys.iter().map(|_| Arc::default()).collect();
        let keys = self
            .keys
            .iter()
            .zip(&records)
            .map(|(key, record)| {
                key.clone()
                    .with_elsewhere(Elsewhere::Recording(Arc::clone(record)))
            })
            .collect();
        let copy = Premade {
            keys,
            ca_key_encryption: self.ca_key_encryption.clone(),
        };
        (copy, DryRun { records })
    }

    /// These keys with the signatures made elsewhere of what the dry run asked them to sign:
    /// for each key in order, (message, signature) pairs. A signature is used only for exactly
    /// its message and only if it checks out against the key; anything else is signed here.
    pub fn signed_elsewhere(mut self, signatures: Vec<Vec<(Vec<u8>, Vec<u8>)>>) -> Self {
        self.keys = self
            .keys
            .into_iter()
            .zip(
                signatures
                    .into_iter()
                    .chain(std::iter::repeat_with(Vec::new)),
            )
            .map(|(key, signatures)| {
                key.with_elsewhere(Elsewhere::Signatures(Arc::new(signatures)))
            })
            .collect();
        self
    }

    /// How many keys issuing `plan` makes: the new CA's, each server's without a CSR, and
    /// one per client.
    pub fn keys_needed<C: KnownCa>(plan: &Plan<C>) -> usize {
        let ca = usize::from(matches!(plan.ca(), CaSource::New(_)));
        let servers = plan.servers().iter().filter(|s| s.csr().is_none()).count();
        ca + servers + plan.clients().len()
    }

    /// The passphrase the CA key is encrypted with, when `plan` makes a CA with one: what a
    /// caller needs to derive its encryption key ahead.
    pub fn ca_passphrase<C: KnownCa>(plan: &Plan<C>) -> Option<&Passphrase> {
        match plan.ca() {
            CaSource::New(CaPlan {
                protection: CaKeyProtection::Passphrase(passphrase),
                ..
            }) => Some(passphrase),
            _ => None,
        }
    }

    /// The next key of `key_type`: the next one made ahead, or a new one from `rng`.
    pub(crate) fn next_key<R: CryptoRng + ?Sized>(
        &mut self,
        key_type: KeyType,
        rng: &mut R,
    ) -> Result<KeyPair, Error> {
        match self.keys.pop_front() {
            Some(key) if key.key_type() == key_type => Ok(key),
            Some(key) => Err(Error::KeyGeneration(format!(
                "a key made ahead is {}, not the plan's {}",
                key.key_type().name(),
                key_type.name()
            ))),
            None => KeyPair::generate(key_type, rng),
        }
    }

    /// The CA key's encryption key: the one derived ahead, or one derived here from a salt
    /// from `rng`.
    pub(crate) fn take_ca_key_encryption<R: CryptoRng + ?Sized>(
        &mut self,
        passphrase: &Passphrase,
        rng: &mut R,
    ) -> CaKeyEncryption {
        self.ca_key_encryption.take().unwrap_or_else(|| {
            let mut salt = [0u8; CA_KEY_SALT_LEN];
            rng.fill_bytes(&mut salt);
            CaKeyEncryption::derive(passphrase, salt)
        })
    }
}

#[cfg(test)]
mod tests {
    use pkcs8::PrivateKeyInfoRef;
    use pkcs8::der::pem::LineEnding;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::{Field, ValidityDays, issue_premade};

    const PASSPHRASE: &str = "correct horse battery";
    const SALT: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    fn passphrase() -> Passphrase {
        Passphrase::new(PASSPHRASE.into()).expect("passphrase")
    }

    #[test]
    fn the_rust_pbkdf2_gives_what_openssl_gives() {
        // openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:"correct horse battery"
        //   -kdfopt hexsalt:000102030405060708090a0b0c0d0e0f -kdfopt iter:600000 PBKDF2
        let expected = "bb06c8c0b1dd5bfd4e40f4e297a2d0e64da7ef94b4b8ec20989021c8b41536ad";
        let derived = CaKeyEncryption::derive(&passphrase(), SALT);
        let hex: String = derived
            .expose_secret()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, expected);
        assert!(format!("{derived:?}").contains("[secret key elided]"));
        assert!(
            !format!("{derived:?}").contains("187"),
            "a key byte in Debug"
        );
    }

    #[test]
    fn a_key_derived_elsewhere_encrypts_byte_for_byte_as_the_passphrase_does() {
        let key =
            KeyPair::generate(KeyType::EcdsaP256, &mut ChaCha20Rng::seed_from_u64(1)).expect("key");
        // What the pkcs8 crate writes from the passphrase, for this salt and IV …
        let iv = [9u8; 16];
        let params = pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
            CA_KEY_PBKDF2_ITERATIONS,
            &SALT,
            iv,
        )
        .expect("params");
        let der = key.pkcs8_der().expect("der");
        let by_passphrase = PrivateKeyInfoRef::try_from(der.as_bytes())
            .and_then(|info| info.encrypt_with_params(params, PASSPHRASE))
            .and_then(|doc| {
                doc.to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
                    .map_err(Into::into)
            })
            .expect("pkcs8 encrypts");
        // … is what the already-derived key makes, with the IV from the RNG.
        let derived = CaKeyEncryption::from_derived(
            SALT,
            Zeroizing::new(*CaKeyEncryption::derive(&passphrase(), SALT).expose_secret()),
        );
        let by_key = key
            .encrypted_private_key_pem_with(&derived, &mut FixedIv(iv))
            .expect("encrypts");
        assert_eq!(by_key, by_passphrase.as_str());
        // And it opens with the passphrase, and not without.
        KeyPair::from_pem(&by_key, Some(&passphrase()), Field::CaKey).expect("opens");
        let wrong = Passphrase::new("not the passphrase".into()).expect("passphrase");
        assert!(KeyPair::from_pem(&by_key, Some(&wrong), Field::CaKey).is_err());
    }

    /// An RNG that gives the same 16 bytes each time: the IV.
    struct FixedIv([u8; 16]);

    impl rand_core::TryRng for FixedIv {
        type Error = core::convert::Infallible;

        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(0)
        }

        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(0)
        }

        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
            for (byte, iv) in dest.iter_mut().zip(self.0.iter().cycle()) {
                *byte = *iv;
            }
            Ok(())
        }
    }

    impl rand_core::TryCryptoRng for FixedIv {}

    fn plan() -> Plan {
        Plan::builder()
            .key_type(KeyType::Ed25519)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .client_days(ValidityDays::new(Field::ClientDays, 30).expect("days"))
            .ca_key_protection(CaKeyProtection::Passphrase(passphrase()))
            .build()
            .expect("plan")
    }

    #[test]
    fn keys_made_ahead_are_used_in_order_and_the_rest_made_here() {
        let plan = plan();
        assert_eq!(Premade::keys_needed(&plan), 3);
        assert!(Premade::ca_passphrase(&plan).is_some());
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let ca_key = KeyPair::generate(KeyType::Ed25519, &mut rng).expect("key");
        let server_key = KeyPair::generate(KeyType::Ed25519, &mut rng).expect("key");
        let (ca_spki, server_spki) = (ca_key.spki_der().to_vec(), server_key.spki_der().to_vec());
        let premade = Premade::none()
            .keys([ca_key, server_key])
            .ca_key_encryption(CaKeyEncryption::derive(&passphrase(), SALT));
        let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let issued = issue_premade(&plan, now, &mut rng, &mut |_| {}, premade).expect("issues");
        let spki_of = |pem: &str| {
            let der = crate::doctor::pem_certificates(pem).remove(0);
            crate::x509::Certificate::read(&der).expect("cert").key.der
        };
        assert_eq!(spki_of(&issued.ca.pem), ca_spki);
        assert_eq!(spki_of(&issued.servers[0].certificate.pem), server_spki);
        let client_spki = spki_of(&issued.clients[0].leaf.certificate.pem);
        assert!(
            client_spki != ca_spki && client_spki != server_spki,
            "made here"
        );
        // The CA key went under the salt made ahead, and opens with the passphrase.
        let ca_pem = issued
            .ca_key
            .as_ref()
            .expect("a new CA's key")
            .expose_secret()
            .to_owned();
        KeyPair::from_pem(&ca_pem, Some(&passphrase()), Field::CaKey).expect("opens");

        let wrong =
            Premade::none().keys([KeyPair::generate(KeyType::EcdsaP256, &mut rng).expect("key")]);
        let refused = issue_premade(&plan, now, &mut rng, &mut |_| {}, wrong)
            .expect_err("not the plan's key type")
            .to_string();
        assert!(
            refused.contains("a key made ahead is ecdsa-p256, not the plan's ed25519"),
            "{refused}"
        );
    }

    #[test]
    fn rsa_signatures_made_elsewhere_give_the_certificates_signing_here_gives() {
        use rcgen::SigningKey as _;
        let plan = Plan::builder()
            .key_type(KeyType::Rsa2048)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .proxy(true)
            .ca_key_protection(CaKeyProtection::Passphrase(passphrase()))
            .build()
            .expect("plan");
        let mut key_rng = ChaCha20Rng::seed_from_u64(5);
        let keys: Vec<KeyPair> = (0..3)
            .map(|_| KeyPair::generate(KeyType::Rsa2048, &mut key_rng).expect("key"))
            .collect();
        let premade = || {
            Premade::none()
                .keys(keys.clone())
                .ca_key_encryption(CaKeyEncryption::derive(&passphrase(), SALT))
        };
        let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        // Issues, and says how many RSA signatures were computed here.
        let issue = |premade: Premade| {
            let before = crate::key_pair::RSA_SIGNED_HERE.with(std::cell::Cell::get);
            let issued = issue_premade(
                &plan,
                now,
                &mut ChaCha20Rng::seed_from_u64(6),
                &mut |_| {},
                premade,
            )
            .expect("issues");
            let signed = crate::key_pair::RSA_SIGNED_HERE.with(std::cell::Cell::get) - before;
            (issued, signed)
        };
        let (signed_here, count) = issue(premade());
        assert_eq!(count, 4);

        let (dry, run) = premade().dry_run();
        let (dry_issued, count) = issue(dry);
        assert_eq!(count, 0, "the dry run signs nothing");
        assert_ne!(dry_issued.ca.pem, signed_here.ca.pem);
        let messages = run.messages();
        // The CA's key signs its own certificate, the server's, alice's and the proxy's CRL.
        assert_eq!(messages.iter().map(Vec::len).collect::<Vec<_>>(), [4, 0, 0]);
        // Signed "elsewhere" (by the key itself, here), the real run asks for exactly these.
        let signatures: Vec<Vec<(Vec<u8>, Vec<u8>)>> = keys
            .iter()
            .zip(&messages)
            .map(|(key, messages)| {
                messages
                    .iter()
                    .map(|message| (message.clone(), key.sign(message).expect("signs")))
                    .collect()
            })
            .collect();
        let elsewhere = issue(premade().signed_elsewhere(signatures.clone()));
        assert_eq!(
            elsewhere,
            (signed_here.clone(), 0),
            "byte for byte, nothing signed here"
        );

        // A spoiled signature is never used: the key signs that message itself.
        let mut spoiled = signatures;
        spoiled[0][1].1[7] ^= 1;
        let (mut recorded, run) = premade().dry_run();
        recorded = recorded.signed_elsewhere(Vec::new());
        assert_eq!(
            issue(recorded),
            (signed_here.clone(), 4),
            "nothing given: all signed here"
        );
        assert_eq!(
            run.messages(),
            [Vec::<Vec<u8>>::new(), Vec::new(), Vec::new()]
        );
        assert_eq!(issue(premade().signed_elsewhere(spoiled)), (signed_here, 1));
    }
}
