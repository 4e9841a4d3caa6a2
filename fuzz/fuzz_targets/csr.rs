//! A CSR (PEM or DER): parsed, its signature checked; then signed as a client would be.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(request) = portcullis_pki::CertificateRequest::parse(data) {
        let _ = portcullis_pki::refuse_ca_request(&request);
        let _ = request.to_pem();
    }
});
