//! A CRL (PEM or DER) read back under the fuzz CA, and the certificates to revoke.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let ca = portcullis_fuzz::ca();
    let _ = portcullis_pki::RevocationList::parse(data, ca);
    let _ = portcullis_pki::serial_of(data, ca);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = portcullis_pki::serials_of_all(text, ca);
    }
});
