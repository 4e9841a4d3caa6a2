//! The browser edge of key making: the browser's own WebCrypto makes the RSA keys
//! (`generateKey` RSASSA-PKCS1-v1_5, exponent 65537, extractable, exported as PKCS#8) and runs
//! the CA key's PBKDF2 (`deriveBits`, SHA-256, the same 600,000 rounds and 256 bits as the
//! Rust path, so the same bytes), at the browser's native speed. The results go to the core
//! through its own types (`Premade`); the buffers that held them here are wiped.
//!
//! `crypto.subtle` exists only in a secure context (https, localhost, file://); without it the
//! caller falls back to Portcullis' own Rust code.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use portcullis_pki::{
    CA_KEY_ENCRYPTION_KEY_LEN, CA_KEY_PBKDF2_ITERATIONS, CA_KEY_SALT_LEN, CaKeyEncryption, KeyPair,
    KeyType, Passphrase,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};
use zeroize::Zeroizing;

use crate::js_error::describe;
use crate::trouble::Trouble;

/// This context's `crypto.subtle` (a page's or a worker's), if the browser offers it here.
pub fn subtle() -> Option<SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    (!subtle.is_undefined() && !subtle.is_null()).then(|| subtle.unchecked_into())
}

/// `count` RSA keys of `key_type`, made at once (the browser spreads them over its threads);
/// a failure is the browser's words, or the core's error as data.
pub async fn rsa_keys(
    subtle: &SubtleCrypto,
    key_type: KeyType,
    count: usize,
) -> Result<Vec<KeyPair>, Trouble> {
    let bits = key_type.rsa_bits().ok_or_else(|| {
        Trouble::Said(format!(
            "WebCrypto makes only RSA keys here, not {key_type}"
        ))
    })?;
    let algorithm = object(&[
        ("name", "RSASSA-PKCS1-v1_5".into()),
        ("modulusLength", JsValue::from_f64(bits as f64)),
        (
            "publicExponent",
            Uint8Array::from(&[0x01u8, 0x00, 0x01][..]).into(),
        ),
        ("hash", "SHA-256".into()),
    ])
    .map_err(Trouble::Said)?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pairs = Array::new();
    for _ in 0..count {
        let pair: JsValue = subtle
            .generate_key_with_object(&algorithm, true, &usages)?
            .into();
        pairs.push(&pair);
    }
    let pairs: Array = JsFuture::from(Promise::all(&pairs)).await?.unchecked_into();
    let exports = Array::new();
    for pair in pairs.iter() {
        let private: CryptoKey = Reflect::get(&pair, &"privateKey".into())?.unchecked_into();
        let export: JsValue = subtle.export_key("pkcs8", &private)?.into();
        exports.push(&export);
    }
    let exported: Array = JsFuture::from(Promise::all(&exports))
        .await?
        .unchecked_into();
    exported
        .iter()
        .map(|buffer| {
            let der = crate::wire::take(&Uint8Array::new(&buffer));
            KeyPair::from_pkcs8_der(&der).map_err(Trouble::Core)
        })
        .collect()
}

/// Every signature a dry run asked the keys made ahead for (`messages`: for each key, in order,
/// its messages), made by WebCrypto at the browser's native speed, all at once:
/// RSASSA-PKCS1-v1_5 with SHA-256, deterministic, so the same bytes as Portcullis' own code
/// would make (the core checks each before it uses it). Each key's PKCS#8 is imported, not
/// extractable; the buffers that held it here are wiped. A failure is WebCrypto's, in the
/// browser's words, or the core's error as data.
pub async fn rsa_signatures(
    subtle: &SubtleCrypto,
    keys: &[&KeyPair],
    messages: &[Vec<Vec<u8>>],
) -> Result<Vec<Vec<(Vec<u8>, Vec<u8>)>>, Trouble> {
    let refused = |err| Trouble::WebCryptoSign(describe(err));
    let algorithm = object(&[
        ("name", "RSASSA-PKCS1-v1_5".into()),
        ("hash", "SHA-256".into()),
    ])
    .map_err(Trouble::WebCryptoSign)?;
    let usages = Array::of1(&"sign".into());
    let signatures = Array::new();
    for (key, messages) in keys.iter().zip(messages) {
        if messages.is_empty() {
            signatures.push(&Promise::resolve(&Array::new()).into());
            continue;
        }
        let der = key.private_key_der().map_err(Trouble::Core)?;
        let view = Uint8Array::from(der.as_slice());
        let imported = subtle.import_key_with_object("pkcs8", &view, &algorithm, false, &usages);
        view.fill(0, 0, view.length());
        let private: CryptoKey = JsFuture::from(imported.map_err(refused)?)
            .await
            .map_err(refused)?
            .unchecked_into();
        let signed = Array::new();
        for message in messages {
            let signature: JsValue = subtle
                .sign_with_str_and_u8_array("RSASSA-PKCS1-v1_5", &private, message)
                .map_err(refused)?
                .into();
            signed.push(&signature);
        }
        signatures.push(&Promise::all(&signed).into());
    }
    let signatures: Array = JsFuture::from(Promise::all(&signatures))
        .await
        .map_err(refused)?
        .unchecked_into();
    Ok(signatures
        .iter()
        .zip(messages)
        .map(|(signed, messages)| {
            let signed: Array = signed.unchecked_into();
            messages
                .iter()
                .cloned()
                .zip(
                    signed
                        .iter()
                        .map(|buffer| Uint8Array::new(&buffer).to_vec()),
                )
                .collect()
        })
        .collect())
}

/// One RSA key of `key_type`.
pub async fn rsa_key(subtle: &SubtleCrypto, key_type: KeyType) -> Result<KeyPair, Trouble> {
    rsa_keys(subtle, key_type, 1)
        .await?
        .pop()
        .ok_or_else(|| Trouble::Said("WebCrypto made no key".to_owned()))
}

/// PBKDF2-HMAC-SHA256 of `passphrase` over a fresh `salt`, as the CA key's encryption needs.
pub async fn ca_key_encryption(
    subtle: &SubtleCrypto,
    passphrase: &Passphrase,
    salt: [u8; CA_KEY_SALT_LEN],
) -> Result<CaKeyEncryption, String> {
    let secret = Uint8Array::from(passphrase.expose_secret());
    let imported = subtle.import_key_with_object(
        "raw",
        &secret,
        &object(&[("name", "PBKDF2".into())])?,
        false,
        &Array::of1(&"deriveBits".into()),
    );
    let base = JsFuture::from(imported.map_err(describe)?).await;
    secret.fill(0, 0, secret.length());
    let base: CryptoKey = base.map_err(describe)?.unchecked_into();
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(&salt[..]).into()),
        (
            "iterations",
            JsValue::from_f64(f64::from(CA_KEY_PBKDF2_ITERATIONS)),
        ),
    ])?;
    let bits = (CA_KEY_ENCRYPTION_KEY_LEN * 8) as u32;
    let derived = subtle
        .derive_bits_with_object(&params, &base, bits)
        .map_err(describe)?;
    let view = Uint8Array::new(&JsFuture::from(derived).await.map_err(describe)?);
    let mut key = Zeroizing::new([0u8; CA_KEY_ENCRYPTION_KEY_LEN]);
    if view.length() as usize != key.len() {
        return Err(format!(
            "WebCrypto derived {} bytes, not {}",
            view.length(),
            key.len()
        ));
    }
    view.copy_to(key.as_mut());
    view.fill(0, 0, view.length());
    Ok(CaKeyEncryption::from_derived(salt, key))
}

fn object(fields: &[(&str, JsValue)]) -> Result<Object, String> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &(*name).into(), value).map_err(describe)?;
    }
    Ok(object)
}
