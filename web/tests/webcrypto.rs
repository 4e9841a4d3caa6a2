//! The browser's WebCrypto against Portcullis' own Rust code, in headless Chromium: its PBKDF2
//! gives byte for byte the key the Rust PBKDF2 gives (so a CA key encrypted either way opens
//! with the same passphrase, in openssl too), and its RSA keys are keys the core signs with.

#![cfg(target_arch = "wasm32")]

use portcullis_pki::{CaKeyEncryption, KeyType, Passphrase, Plan, Premade};
use portcullis_web::webcrypto;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn passphrase() -> Passphrase {
    Passphrase::new("correct horse battery staple".into()).expect("passphrase")
}

#[wasm_bindgen_test]
async fn webcrypto_pbkdf2_is_byte_identical_to_the_rust_pbkdf2() {
    let subtle = webcrypto::subtle().expect("the test page is a secure context");
    for salt in [[0u8; 16], *b"portcullis-salt!", [0xff; 16]] {
        let browser = webcrypto::ca_key_encryption(&subtle, &passphrase(), salt)
            .await
            .expect("derives");
        let rust = CaKeyEncryption::derive(&passphrase(), salt);
        assert_eq!(browser.salt(), rust.salt());
        assert_eq!(
            browser.expose_secret(),
            rust.expose_secret(),
            "salt {salt:?}"
        );
    }
    // And a different passphrase gives a different key (the check can fail).
    let other = Passphrase::new("another long passphrase".into()).expect("passphrase");
    let browser = webcrypto::ca_key_encryption(&subtle, &other, [0; 16])
        .await
        .expect("derives");
    assert_ne!(
        browser.expose_secret(),
        CaKeyEncryption::derive(&passphrase(), [0; 16]).expose_secret()
    );
}

#[wasm_bindgen_test]
async fn webcrypto_rsa_keys_sign_a_whole_pki() {
    let subtle = webcrypto::subtle().expect("the test page is a secure context");
    let keys = webcrypto::rsa_keys(&subtle, KeyType::Rsa2048, 3)
        .await
        .expect("makes keys");
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| key.key_type() == KeyType::Rsa2048));
    assert_ne!(keys[0].spki_der(), keys[1].spki_der(), "fresh keys");
    let colon_hex = |bytes: &[u8]| {
        bytes
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    let ids: Vec<String> = keys
        .iter()
        .map(|key| colon_hex(&key.key_identifier()))
        .collect();
    let plan = Plan::builder()
        .key_type(KeyType::Rsa2048)
        .server_dns("docker.example.com".parse().expect("dns"))
        .client("alice".parse().expect("client"))
        .ca_key_protection(portcullis_pki::CaKeyProtection::Passphrase(passphrase()))
        .build()
        .expect("plan");
    assert_eq!(Premade::keys_needed(&plan), 3);
    let encryption = webcrypto::ca_key_encryption(&subtle, &passphrase(), [7; 16])
        .await
        .expect("derives");
    let premade = Premade::none().keys(keys).ca_key_encryption(encryption);
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let issued =
        portcullis_pki::issue_premade(&plan, now, &mut rng, &mut |_| {}, premade).expect("issues");
    // The CA is the first WebCrypto key, and its key opens with the passphrase in Rust.
    let ca = portcullis_pki::ExistingCa::from_pem(
        issued.ca.pem.as_bytes(),
        issued
            .ca_key
            .as_ref()
            .expect("a new CA's key")
            .expose_secret(),
        Some(&passphrase()),
    )
    .expect("the CA key opens with the passphrase");
    assert_eq!(ca.key_type(), KeyType::Rsa2048);
    // Each certificate carries the WebCrypto key made for it, in order.
    let pems = [
        &issued.ca.pem,
        &issued.servers[0].certificate.pem,
        &issued.clients[0].leaf.certificate.pem,
    ];
    for (pem, id) in pems.into_iter().zip(&ids) {
        let portcullis_pki::Decoded::Certificate(decoded) = portcullis_pki::inspect(pem.as_bytes())
            .expect("decodes")
            .remove(0)
        else {
            panic!("not a certificate");
        };
        assert_eq!(decoded.key_type, "RSA 2048-bit");
        assert_eq!(decoded.subject_key_id.as_ref(), Some(id));
    }
}
