//! Writes the seeds only the core can make, into `DIR/TARGET/`: CRLs and leaf certificates of
//! the fuzz CA (so fuzzing starts past the signature check), plan files and whole bundles. The
//! seeds of keys, CSRs and certificates come from openssl (`cargo xtask fuzz` runs it).

use std::fs;
use std::path::{Path, PathBuf};

use portcullis_pki::{
    Bundle, CaKeyProtection, ExistingCa, KeyType, P12Password, Plan, Reason, Revoked, ValidityDays,
    revocation_list,
};
use rand_core::SeedableRng;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let folder = dir.join(target);
    fs::create_dir_all(&folder).expect("seed folder");
    fs::write(folder.join(name), bytes).expect("seed file");
}

fn main() {
    let dir = PathBuf::from(std::env::args_os().nth(1).expect("usage: make_seeds DIR"));
    let ca: &ExistingCa = portcullis_fuzz::ca();
    let now = portcullis_fuzz::now();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);

    // Plans: one server, several with their own ports and lifetimes, the proxy; each as its
    // plan file and as a bundle (the bundle under the fuzz CA, as renewal reads it).
    let plans = [
        Plan::builder()
            .key_type(KeyType::Ed25519)
            .server_dns("docker.example.com".parse().expect("dns"))
            .server_ip("192.0.2.10".parse().expect("ip"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted),
        Plan::builder()
            .key_type(KeyType::EcdsaP256)
            .server_dns("manager1.example.com".parse().expect("dns"))
            .server(portcullis_pki::ServerSpec {
                dns_names: vec!["worker1.example.com".parse().expect("dns")],
                ip_addresses: vec!["2001:db8::1".parse().expect("ip")],
                port: Some("12376".parse().expect("port")),
                ..portcullis_pki::ServerSpec::default()
            })
            .client("alice".parse().expect("client"))
            .client("ci-runner".parse().expect("client"))
            .proxy(true)
            .ca_key_protection(CaKeyProtection::Unencrypted),
    ];
    let password = P12Password::new(portcullis_fuzz::PASSPHRASE.into()).expect("password");
    for (i, builder) in plans.into_iter().enumerate() {
        let plan = builder.build().expect("plan");
        write(
            &dir,
            "plan_file",
            &format!("plan-{i}.json"),
            plan.to_plan_file().as_bytes(),
        );
        let issued = portcullis_pki::issue(&plan, now, &mut rng).expect("issue");
        let mut bundle = Bundle::new(&plan, &issued);
        if i == 1 {
            bundle
                .add_client_p12(&issued, &password, &mut rng)
                .expect("p12");
        }
        write(
            &dir,
            "old_bundle",
            &format!("bundle-{i}.zip"),
            &bundle.to_zip(now).expect("zip"),
        );
        // Leaf certificates of another CA: serial_of refuses them past parsing.
        write(
            &dir,
            "crl",
            &format!("other-ca-client-{i}.pem"),
            issued.clients[0].leaf.certificate.pem.as_bytes(),
        );
    }

    // CRLs of the fuzz CA: empty, one entry, several with reasons, and one grown from another.
    let days = ValidityDays::new(portcullis_pki::Field::Revocation, 30).expect("days");
    let entries: Vec<Revoked> = (1u8..=4)
        .map(|i| Revoked {
            serial: vec![i, 0x42, i],
            revoked_at: now,
            reason: [None, Some(Reason::KeyCompromise), Some(Reason::Superseded)]
                [usize::from(i) % 3],
        })
        .collect();
    let empty = revocation_list(ca, None, &[], now, days).expect("CRL");
    write(&dir, "crl", "empty.pem", empty.as_bytes());
    let one = revocation_list(ca, None, &entries[..1], now, days).expect("CRL");
    write(&dir, "crl", "one.pem", one.as_bytes());
    let earlier = portcullis_pki::RevocationList::parse(one.as_bytes(), ca).expect("reads back");
    let more = revocation_list(ca, Some(&earlier), &entries[1..], now, days).expect("CRL");
    write(&dir, "crl", "several.pem", more.as_bytes());
    write(&dir, "crl", "ca.pem", ca.certificate().pem.as_bytes());
    println!("seeds of the core written to {}", dir.display());
}
