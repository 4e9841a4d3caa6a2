//! An existing CA: its certificate (PEM or DER) and its key, split at the first NUL byte.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (certificate, key) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(key) = std::str::from_utf8(key) else {
        return;
    };
    if let Ok(ca) =
        portcullis_pki::ExistingCa::from_pem(certificate, key, Some(&portcullis_fuzz::passphrase()))
    {
        let _ = ca.summary();
        let _ = ca.check_valid_at(portcullis_fuzz::now());
    }
});
