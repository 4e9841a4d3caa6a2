//! An existing CA's key in every form OpenSSL writes: PKCS#8 plain and encrypted, PKCS#1, SEC1,
//! the legacy `Proc-Type`/`DEK-Info` encryption; with the seeds' passphrase and without one.
#![no_main]

use portcullis_pki::{Field, KeyPair};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = KeyPair::from_pem(text, Some(&portcullis_fuzz::passphrase()), Field::CaKey);
    let _ = KeyPair::from_pem(text, None, Field::CaKey);
});
