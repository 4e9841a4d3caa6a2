//! Limits on what an attacker controls: the size of a document handed in, and how much a plan
//! may ask for. Far above anything real, low enough that no input makes the core work for hours
//! or hold gigabytes (a zip bomb, a plan of a million clients, a 2 GiB "certificate").

use crate::error::{Error, Field};
use crate::refusal::FileRefusal;

/// The largest PEM or DER document read: a CA certificate, its key, a CSR, a CRL, the
/// certificates to revoke, a document to inspect. A certificate is about 2 KB; a CRL of 20,000
/// revoked certificates about 800 KB.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;
/// The largest plan file (`portcullis.json`); one of [`MAX_SERVERS`] servers with CSRs and
/// [`MAX_CLIENTS`] clients is well below it.
pub const MAX_PLAN_FILE_BYTES: usize = 1024 * 1024;
/// The largest old bundle read back: its entries may hold 64 MiB in all.
pub const MAX_BUNDLE_BYTES: usize = crate::archive::MAX_TOTAL_BYTES + 4 * 1024 * 1024;
/// Docker hosts in one plan.
pub const MAX_SERVERS: usize = 200;
/// Clients in one plan. With [`MAX_SERVERS`] servers, the proxy and client.p12 files, the
/// bundle (7,906 files) stays within the zip's 10,000 entries, as a test of the bundle shows.
pub const MAX_CLIENTS: usize = 500;
/// DNS names and IP addresses of one server (each is a SAN of its certificate).
pub const MAX_SERVER_NAMES: usize = 100;

/// Refuses a document of `len` bytes above `max`, naming `field`.
pub(crate) fn check_size(field: Field, len: usize, max: usize) -> Result<(), Error> {
    if len > max {
        return Err(Error::file(field, FileRefusal::too_large(len, max)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_at_the_limit_passes_and_one_byte_more_is_refused() {
        assert!(check_size(Field::Csr, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES).is_ok());
        assert_eq!(
            check_size(Field::Csr, MAX_DOCUMENT_BYTES + 1, MAX_DOCUMENT_BYTES)
                .expect_err("too large")
                .to_string(),
            "CSR: 1048577 bytes, more than the 1048576 bytes any real one needs; check that this is the right file"
        );
    }

    /// Every reader of untrusted bytes refuses a document one byte over its limit, before it
    /// reads any of it, in the words of its own field.
    #[test]
    fn every_reader_refuses_an_oversized_document_first() {
        use rand_core::SeedableRng;

        let plan = crate::Plan::builder()
            .key_type(crate::KeyType::Ed25519)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(crate::CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
        let issued = crate::issue(&plan, now, &mut rng).expect("issue");
        let key = issued.ca_key.as_ref().expect("a CA key");
        let ca = crate::ExistingCa::from_pem(issued.ca.pem.as_bytes(), key.expose_secret(), None)
            .expect("CA");

        // PEM-looking, so no reader takes it for DER and fails for another reason.
        let big = |max: usize| format!("-----BEGIN CERTIFICATE-----\n{}", "A".repeat(max));
        let document = big(MAX_DOCUMENT_BYTES);
        let bytes = document.as_bytes();
        let refusals = [
            ("CSR", crate::CertificateRequest::parse(bytes).map(drop)),
            (
                "CA certificate",
                crate::ExistingCa::from_pem(bytes, key.expose_secret(), None).map(drop),
            ),
            (
                "CA key",
                crate::ExistingCa::from_pem(issued.ca.pem.as_bytes(), &document, None).map(drop),
            ),
            ("document", crate::inspect(bytes).map(drop)),
            ("CRL", crate::RevocationList::parse(bytes, &ca).map(drop)),
            ("revocation", crate::serial_of(bytes, &ca).map(drop)),
            (
                "revocation",
                crate::serials_of_all(&document, &ca).map(drop),
            ),
            (
                "plan file",
                crate::PlanBuilder::from_plan_file(&big(MAX_PLAN_FILE_BYTES)).map(drop),
            ),
            (
                "old bundle",
                crate::OldBundle::read(big(MAX_BUNDLE_BYTES).as_bytes()).map(drop),
            ),
        ];
        for (field, result) in refusals {
            let message = result.expect_err(field).to_string();
            assert!(
                message.starts_with(&format!("{field}: "))
                    && message.contains(" bytes, more than the "),
                "{message}"
            );
        }
    }
}
