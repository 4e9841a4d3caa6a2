//! PKCS#12 (RFC 7292) files for clients: one `client.p12` with the client's key, its certificate
//! and the CA certificate, for the programs that import a client identity from one file
//! (Windows' and macOS' certificate stores, browsers, Java, .NET).
//!
//! Written as OpenSSL 3's `openssl pkcs12 -export` writes by default: the certificates in an
//! encrypted bag and the key in a shrouded key bag, both PBES2 (PBKDF2-HMAC-SHA256, 2048
//! rounds, 8-byte salts, AES-256-CBC), and a SHA-256 HMAC over the whole under the PKCS#12 key
//! derivation (2048 rounds). The password is the user's; there is no default.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use pkcs8::der::Encode;
use pkcs8::der::asn1::ObjectIdentifier;
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Field};
use crate::issue::{IssuedCertificate, IssuedClient};
use crate::key_pair::pbes2_aes256cbc;
use crate::passphrase::MIN_PASSPHRASE_CHARS;
use crate::refusal::FileRefusal;

/// Rounds of PBKDF2 for the bags and of the PKCS#12 derivation for the MAC: OpenSSL 3's
/// `PKCS12_DEFAULT_ITER`. More would not help much: the MAC tells a guess right or wrong at
/// this cost whatever the bags use, and some importers refuse far higher counts.
pub const P12_ITERATIONS: u32 = 2048;
/// Salt length of the bags' PBKDF2 and of the MAC (OpenSSL's `PKCS5_SALT_LEN`,
/// `PKCS12_SALT_LEN`).
const SALT_LEN: usize = 8;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const ID_SHROUDED_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
const ID_CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
const ID_X509_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
const ID_FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
const ID_LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// The password of the clients' `client.p12` files: the user's own, at least
/// [`MIN_PASSPHRASE_CHARS`] characters, wiped on drop and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct P12Password(String);

impl P12Password {
    /// Takes ownership of `text` (so no copy is left behind) and checks its length.
    pub fn new(text: String) -> Result<Self, Error> {
        let password = Self(text);
        let chars = password.0.chars().count();
        if chars < MIN_PASSPHRASE_CHARS {
            let min = MIN_PASSPHRASE_CHARS;
            let refusal = if chars == 0 {
                FileRefusal::p12_empty(min)
            } else {
                FileRefusal::p12_short(chars, min)
            };
            return Err(Error::file(Field::P12Password, refusal));
        }
        Ok(password)
    }
}

impl fmt::Debug for P12Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P12Password([secret elided])")
    }
}

/// `client.p12` for `client`: its key and certificate (named after the client) and the CA's
/// certificate, under `password`. Salts and IVs come from `rng`.
pub fn client_p12<R: CryptoRng + ?Sized>(
    client: &IssuedClient,
    ca: &IssuedCertificate,
    password: &P12Password,
    rng: &mut R,
) -> Result<Vec<u8>, Error> {
    let key_der = pkcs8_der(client)?;
    let certificate = &client.leaf.certificate.der;
    let local_key_id = Sha256::digest(certificate);
    let attributes = set(&[
        &attribute(ID_FRIENDLY_NAME, &bmp_string(client.name.as_str())),
        &attribute(ID_LOCAL_KEY_ID, &octet_string(&local_key_id)),
    ]);

    // The certificates: the client's (paired with its key by localKeyID), then the CA's.
    let certificates = sequence(&[
        &safe_bag(ID_CERT_BAG, &cert_bag(certificate), Some(&attributes)),
        &safe_bag(ID_CERT_BAG, &cert_bag(&ca.der), None),
    ]);
    let (algorithm, ciphertext) = pbes2_encrypt(password, &certificates, rng)?;
    let encrypted_data = sequence(&[
        &integer(0),
        &sequence(&[&oid(ID_DATA), &algorithm, &tlv(0x80, &ciphertext)]),
    ]);

    // The key, in a shrouded key bag (an EncryptedPrivateKeyInfo).
    let (algorithm, ciphertext) = pbes2_encrypt(password, &key_der, rng)?;
    let shrouded = sequence(&[&algorithm, &octet_string(&ciphertext)]);
    let keys = sequence(&[&safe_bag(ID_SHROUDED_KEY_BAG, &shrouded, Some(&attributes))]);

    let authenticated_safe = sequence(&[
        &sequence(&[&oid(ID_ENCRYPTED_DATA), &explicit0(&encrypted_data)]),
        &sequence(&[&oid(ID_DATA), &explicit0(&octet_string(&keys))]),
    ]);

    let mut mac_salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut mac_salt);
    let mac_key = pkcs12_kdf(password, &mac_salt, 3, P12_ITERATIONS);
    let mac = hmac_sha256(&mac_key, &authenticated_safe)?;
    let digest_info = sequence(&[
        &sequence(&[&oid(ID_SHA256), &[0x05, 0x00]]),
        &octet_string(&mac),
    ]);
    let mac_data = sequence(&[
        &digest_info,
        &octet_string(&mac_salt),
        &integer(P12_ITERATIONS),
    ]);
    let pfx = sequence(&[
        &integer(3),
        &sequence(&[
            &oid(ID_DATA),
            &explicit0(&octet_string(&authenticated_safe)),
        ]),
        &mac_data,
    ]);
    Ok(pfx)
}

/// The client's key as unencrypted PKCS#8 DER (from its `PRIVATE KEY` PEM); wiped on drop.
fn pkcs8_der(client: &IssuedClient) -> Result<Zeroizing<Vec<u8>>, Error> {
    let blocks = crate::pem::blocks(client.leaf.key.expose_secret())
        .map_err(|err| Error::KeyEncoding(format!("{err:?}")))?;
    blocks
        .into_iter()
        .find(|block| block.label == "PRIVATE KEY")
        .map(|block| block.der)
        .ok_or_else(|| Error::KeyEncoding("the client key is not PKCS#8".into()))
}

/// PBES2 as OpenSSL 3 writes it for PKCS#12: PBKDF2-HMAC-SHA256 over the password's UTF-8
/// bytes, AES-256-CBC. Returns the AlgorithmIdentifier's DER and the ciphertext.
fn pbes2_encrypt<R: CryptoRng + ?Sized>(
    password: &P12Password,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let encoding = |err: &dyn fmt::Display| Error::KeyEncoding(err.to_string());
    let mut salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut salt);
    let mut iv = [0u8; 16];
    rng.fill_bytes(&mut iv);
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha256>(password.0.as_bytes(), &salt, P12_ITERATIONS, key.as_mut());
    let (params, ciphertext) = pbes2_aes256cbc(&key, P12_ITERATIONS, &salt, iv, plaintext)?;
    let algorithm = pkcs5::EncryptionScheme::from(params)
        .to_der()
        .map_err(|err| encoding(&err))?;
    Ok((algorithm, ciphertext))
}

/// The PKCS#12 key derivation (RFC 7292, appendix B.2) with SHA-256 (u = 32, v = 64), giving
/// 32 bytes for purpose `id` (3: the MAC key). The password is taken as a BMPString with its
/// two-byte terminator, as RFC 7292 and OpenSSL take it.
fn pkcs12_kdf(password: &P12Password, salt: &[u8], id: u8, rounds: u32) -> Zeroizing<[u8; 32]> {
    const V: usize = 64;
    let mut bmp = Zeroizing::new(Vec::with_capacity(password.0.len() * 2 + 2));
    for unit in password.0.encode_utf16() {
        bmp.extend_from_slice(&unit.to_be_bytes());
    }
    bmp.extend_from_slice(&[0, 0]);
    let repeat = |data: &[u8]| -> Zeroizing<Vec<u8>> {
        let len = data.len().div_ceil(V) * V;
        Zeroizing::new(data.iter().copied().cycle().take(len).collect())
    };
    let mut input = repeat(salt);
    input.extend_from_slice(&repeat(&bmp));
    let mut hash = Sha256::new();
    hash.update([id; V]);
    hash.update(&input);
    let mut out = Zeroizing::new(<[u8; 32]>::from(hash.finalize()));
    for _ in 1..rounds {
        let next = Sha256::digest(out.as_slice());
        out.copy_from_slice(&next);
    }
    // One block of output (32 bytes) is all the MAC needs, so the input's update (step 6C of
    // appendix B.2, which makes the next block) is never required.
    out
}

/// HMAC-SHA256 of `data` under `key`.
fn hmac_sha256(key: &[u8; 32], data: &[u8]) -> Result<[u8; 32], Error> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .map(|mac| mac.chain_update(data).finalize().into_bytes().into())
        .map_err(|err| Error::KeyEncoding(err.to_string()))
}

/// A CertBag holding an X.509 certificate.
fn cert_bag(der: &[u8]) -> Vec<u8> {
    sequence(&[&oid(ID_X509_CERTIFICATE), &explicit0(&octet_string(der))])
}

/// A SafeBag: its type, its value, its attributes.
fn safe_bag(kind: ObjectIdentifier, value: &[u8], attributes: Option<&[u8]>) -> Vec<u8> {
    match attributes {
        Some(attributes) => sequence(&[&oid(kind), &explicit0(value), attributes]),
        None => sequence(&[&oid(kind), &explicit0(value)]),
    }
}

/// An attribute with one value.
fn attribute(kind: ObjectIdentifier, value: &[u8]) -> Vec<u8> {
    sequence(&[&oid(kind), &set(&[value])])
}

/// A BMPString (UTF-16BE).
fn bmp_string(text: &str) -> Vec<u8> {
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(0x1e, &bytes)
}

fn oid(oid: ObjectIdentifier) -> Vec<u8> {
    tlv(0x06, oid.as_bytes())
}

fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

fn explicit0(inner: &[u8]) -> Vec<u8> {
    tlv(0xa0, inner)
}

fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A SET OF: DER orders its elements by their encodings.
fn set(parts: &[&[u8]]) -> Vec<u8> {
    let mut sorted = parts.to_vec();
    sorted.sort();
    tlv(0x31, &sorted.concat())
}

/// A non-negative INTEGER.
fn integer(value: u32) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(3);
    let mut content = bytes[first..].to_vec();
    if content[0] & 0x80 != 0 {
        content.insert(0, 0);
    }
    tlv(0x02, &content)
}

/// Tag, DER length, contents.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let first = bytes
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - first) as u8);
        out.extend_from_slice(&bytes[first..]);
    }
    out.extend_from_slice(content);
    out
}

/// What the bundle's tests need from this module.
#[cfg(test)]
pub(crate) mod tests_support {
    /// The client's key as unencrypted PKCS#8 DER.
    pub(crate) fn pkcs8_der(client: &crate::IssuedClient) -> Vec<u8> {
        super::pkcs8_der(client).expect("PKCS#8").to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> P12Password {
        P12Password::new(text.into()).expect("long enough")
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Vectors from OpenSSL 3's own implementation: `openssl kdf -keylen 32 -kdfopt
    /// digest:SHA256 -kdfopt hexpass:<UTF-16BE of the password, then 0000> -kdfopt
    /// hexsalt:0102030405060708 -kdfopt iter:N -kdfopt id:3 PKCS12KDF`.
    #[test]
    fn the_mac_key_is_derived_as_openssl_derives_it() {
        let salt = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(
            hex(&*pkcs12_kdf(&password("correct horse"), &salt, 3, 2048)),
            "78ec922dc083b8c278db21f0694f084180bd28018eedf505ee7fe96e8d134ab1"
        );
        // Outside ASCII, and outside the BMP (a surrogate pair), as OpenSSL's UTF-8 reading does.
        assert_eq!(
            hex(&*pkcs12_kdf(&password("パスワード🙂 ok"), &salt, 3, 3)),
            "9a252f16f86f2f8a993608b9ed22f25ff01836add5401e6d18187a23054bfaa1"
        );
    }

    /// RFC 4231, test case 2.
    #[test]
    fn hmac_matches_rfc_4231() {
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            hex(&hmac_sha256(&key, b"what do ya want for nothing?").expect("HMAC")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn short_passwords_are_refused_without_echoing_them() {
        let err = P12Password::new("hunter2".into()).expect_err("7 chars");
        assert_eq!(
            err.to_string(),
            "client.p12 password: only 7 characters; use at least 8 (whoever holds client.p12 can try passwords offline)"
        );
        assert!(
            P12Password::new(String::new())
                .expect_err("empty")
                .to_string()
                .starts_with("client.p12 password: empty; use at least 8")
        );
        let shown = format!("{:?}", password("correct horse battery"));
        assert!(!shown.contains("horse"), "{shown}");
    }

    #[test]
    fn der_lengths_and_integers_are_minimal() {
        assert_eq!(tlv(0x04, &[7; 3]), [4, 3, 7, 7, 7]);
        assert_eq!(&tlv(0x04, &[0; 200])[..3], [4, 0x81, 200]);
        assert_eq!(&tlv(0x04, &[0; 300])[..4], [4, 0x82, 1, 44]);
        assert_eq!(integer(0), [2, 1, 0]);
        assert_eq!(integer(3), [2, 1, 3]);
        assert_eq!(integer(128), [2, 2, 0, 128]);
        assert_eq!(integer(2048), [2, 2, 8, 0]);
        // SET OF sorts its members.
        assert_eq!(set(&[&[4, 1, 9], &[2, 1, 5]]), [0x31, 6, 2, 1, 5, 4, 1, 9]);
    }
}
