//! What the fuzz targets share: one CA made the same way every time (so a CRL seed signed by it
//! reaches the code behind the signature check), and the passphrase encrypted seeds use.

use std::sync::OnceLock;

use portcullis_pki::{CaKeyProtection, ExistingCa, KeyType, Passphrase, Plan};
use rand_core::SeedableRng;

/// The passphrase of the encrypted keys among the seeds; the targets try it on every key.
pub const PASSPHRASE: &str = "fuzz passphrase";

/// The passphrase, as the core takes an existing key's.
pub fn passphrase() -> Passphrase {
    Passphrase::of_existing_key(PASSPHRASE.into()).expect("not empty")
}

/// When the fuzz CA is made, and the CRL seeds are dated.
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("a date")
}

/// The fuzz CA: the same certificate and key on every run (P-256, from a fixed seed).
pub fn ca() -> &'static ExistingCa {
    static CA: OnceLock<ExistingCa> = OnceLock::new();
    CA.get_or_init(|| {
        let plan = Plan::builder()
            .key_type(KeyType::EcdsaP256)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2026);
        let issued = portcullis_pki::issue(&plan, now(), &mut rng).expect("issue");
        let key = issued.ca_key.expect("a new CA has a key");
        ExistingCa::from_pem(issued.ca.pem.as_bytes(), key.expose_secret(), None).expect("CA")
    })
}
