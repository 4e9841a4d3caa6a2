//! `portcullis inspect` and Review: PEM blocks, certificates, CSRs and keys decoded for people.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = portcullis_pki::inspect(data) {
        for item in decoded {
            let _ = item.to_string();
        }
    }
});
