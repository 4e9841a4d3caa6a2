//! A plan file (`portcullis.json`), and the plan it makes.
#![no_main]

use portcullis_pki::{CaKeyProtection, PlanBuilder};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(builder) = PlanBuilder::from_plan_file(text)
        && let Ok(plan) = builder
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
    {
        let _ = plan.to_plan_file();
    }
});
