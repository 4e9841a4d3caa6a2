//! An old bundle's zip, as `renew` and the wizard's renewal read it, and the plan it holds.
#![no_main]

use portcullis_pki::CaKeyProtection;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(old) = portcullis_pki::OldBundle::read(data) {
        let _ = old
            .plan_builder()
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build();
        let _ = old.revoked_clients(portcullis_fuzz::ca());
    }
});
