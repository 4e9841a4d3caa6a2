//! Issuing: a [`Plan`] in, the CA, server and client certificates and keys out.
//!
//! Time and randomness come from the caller (`SystemTime::now()` panics on
//! wasm32-unknown-unknown, and tests need a fixed clock and a seeded RNG).

use core::fmt;

use rand_core::CryptoRng;
use rcgen::CertificateParams;
use time::OffsetDateTime;

use crate::csr::CertificateRequest;
use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::key_pair::PrivateKeyPem;
use crate::names::ClientName;
use crate::plan::{CaKeyProtection, CaPlan, CaSource, CutShort, Plan, Warning};
use crate::premade::Premade;
use crate::profile::{self, Role, SERIAL_LEN, SubjectKey, Validity};
use crate::revoke;
use crate::validity::Lifetime;

/// A certificate as issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCertificate {
    /// PEM (`CERTIFICATE`), ending with a newline.
    pub pem: String,
    /// DER.
    pub der: Vec<u8>,
    /// When it stops being valid.
    pub not_after: OffsetDateTime,
}

/// A certificate with its private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedLeaf {
    /// The certificate.
    pub certificate: IssuedCertificate,
    /// The unencrypted PKCS#8 private key (dockerd and the docker CLI cannot read encrypted ones).
    pub key: PrivateKeyPem,
}

/// A Docker daemon's certificate, with its key unless the key was made on the host (a CSR).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedServer {
    /// The certificate.
    pub certificate: IssuedCertificate,
    /// The unencrypted PKCS#8 private key; `None` when the server sent a CSR and keeps its key.
    pub key: Option<PrivateKeyPem>,
}

/// A client certificate with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedClient {
    /// The client's name (its CN and folder).
    pub name: ClientName,
    /// Its certificate and key.
    pub leaf: IssuedLeaf,
}

/// Everything [`issue`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// When it was issued (the `now` passed to [`issue`]).
    pub issued_at: OffsetDateTime,
    /// The CA certificate.
    pub ca: IssuedCertificate,
    /// The CA key of a new CA: encrypted PKCS#8 unless the plan asked for it unencrypted.
    /// `None` for an existing CA, whose key stays where it is.
    pub ca_key: Option<PrivateKeyPem>,
    /// Each Docker daemon's certificate and key, in the plan's order of servers.
    pub servers: Vec<IssuedServer>,
    /// One certificate and key per client, in the plan's order.
    pub clients: Vec<IssuedClient>,
    /// With the proxy: the CA's first (empty) certificate revocation list, PEM.
    pub crl: Option<String>,
    /// What the user must know of what was issued: certificates that end with the CA
    /// ([`Warning::EndsWithCa`]).
    pub warnings: Vec<Warning>,
}

/// Where [`issue_with_progress`] is: about to do step `done + 1` of `total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress<'a> {
    /// Steps finished.
    pub done: usize,
    /// Steps in all: a key per certificate, and the CA key's encryption.
    pub total: usize,
    /// What comes next, as data (the wizard says it in its language); its `Display` is the
    /// CLI's English: "CA key", "server key", "client key for alice", ….
    pub next: Next<'a>,
}

/// The slow step [`issue_with_progress`] is about to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next<'a> {
    /// Making the CA's key.
    CaKey,
    /// Encrypting the CA's key (its PBKDF2).
    EncryptingCaKey,
    /// Making the key of the plan's one server.
    ServerKey,
    /// Making the key of the server of this name, one of several.
    ServerKeyFor(&'a str),
    /// Making the key of the client of this name.
    ClientKeyFor(&'a str),
}

impl fmt::Display for Next<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CaKey => f.write_str("CA key"),
            Self::EncryptingCaKey => f.write_str("encrypting the CA key"),
            Self::ServerKey => f.write_str("server key"),
            Self::ServerKeyFor(name) => write!(f, "server key for {name}"),
            Self::ClientKeyFor(name) => write!(f, "client key for {name}"),
        }
    }
}

/// Makes every key and certificate of `plan`, valid from `now`, with randomness from `rng`.
pub fn issue<R: CryptoRng + ?Sized>(
    plan: &Plan,
    now: OffsetDateTime,
    rng: &mut R,
) -> Result<Issued, Error> {
    issue_with_progress(plan, now, rng, &mut |_| {})
}

/// [`issue`], telling `progress` before each slow step (RSA key generation takes seconds in a
/// browser).
pub fn issue_with_progress<R: CryptoRng + ?Sized>(
    plan: &Plan,
    now: OffsetDateTime,
    rng: &mut R,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Issued, Error> {
    issue_premade(plan, now, rng, progress, Premade::none())
}

/// [`issue_with_progress`] with keys and the CA key's encryption key made ahead (the browser's
/// WebCrypto); whatever `premade` lacks is made here from `rng`.
pub fn issue_premade<R: CryptoRng + ?Sized>(
    plan: &Plan,
    now: OffsetDateTime,
    rng: &mut R,
    progress: &mut dyn FnMut(Progress<'_>),
    mut premade: Premade,
) -> Result<Issued, Error> {
    let key_type = plan.key_type();
    let mut serials = SerialSource::default();
    let encrypt = matches!(
        plan.ca(),
        CaSource::New(CaPlan {
            protection: CaKeyProtection::Passphrase(_),
            ..
        })
    );
    let new_ca = matches!(plan.ca(), CaSource::New(_));
    let made_here = plan.servers().iter().filter(|s| s.csr().is_none()).count();
    let total = plan.clients().len() + made_here + usize::from(new_ca) + usize::from(encrypt);
    let mut done = 0;
    let mut step = |next: Next<'_>| {
        progress(Progress { done, total, next });
        done += 1;
    };

    // A new CA is made here; an existing one is checked against what it is asked to sign.
    // Either way the rest of the work goes through one ExistingCa.
    let (made, ca_key) = match plan.ca() {
        CaSource::New(ca_plan) => {
            step(Next::CaKey);
            let key = premade.next_key(key_type, rng)?;
            let params = profile::params(
                &Role::Ca,
                ca_plan.common_name.as_str(),
                &(&key).into(),
                Validity::from_now(now, ca_plan.days),
                &serials.next(rng),
            )?;
            let cert = params.self_signed(&key)?;
            let key_pem = match &ca_plan.protection {
                CaKeyProtection::Passphrase(passphrase) => {
                    step(Next::EncryptingCaKey);
                    let encryption = premade.take_ca_key_encryption(passphrase, rng);
                    PrivateKeyPem::new(key.encrypted_private_key_pem_with(&encryption, rng)?)
                }
                CaKeyProtection::Unencrypted => key.private_key_pem()?,
            };
            (
                Some(ExistingCa::from_made(cert.der().to_vec(), key)?),
                Some(key_pem),
            )
        }
        CaSource::Existing(existing) => {
            // Before any key is made: a lifetime the user set that outlasts the CA is refused.
            existing.check_valid_at(now)?;
            for server in plan.servers() {
                existing.fit(now, server.lifetime(), Field::ServerDays)?;
            }
            existing.fit(now, plan.client_lifetime(), Field::ClientDays)?;
            (None, None)
        }
    };
    let ca_authority: &ExistingCa = match (&made, plan.ca()) {
        (Some(made), _) => made,
        (None, CaSource::Existing(existing)) => existing,
        (None, CaSource::New(_)) => unreachable!("a new CA is always made above"),
    };
    let ca = ca_authority.certificate().clone();
    let issuer = ca_authority.issuer();

    let several = plan.servers().len() > 1;
    // The leaves whose default lifetime the CA's end cut short: (a client?, common name).
    let mut cut_short: Vec<(bool, String)> = Vec::new();
    // A certificate for a key made here, or (a server's CSR) for the key the CSR carries.
    let mut leaf = |role: &Role<'_>,
                    common_name: &str,
                    lifetime: &Lifetime,
                    request: Option<&CertificateRequest>|
     -> Result<(IssuedCertificate, Option<PrivateKeyPem>), Error> {
        let client = matches!(role, Role::Client);
        let field = if client {
            Field::ClientDays
        } else {
            Field::ServerDays
        };
        let (validity, clamped) = ca_authority.fit(now, lifetime, field)?;
        if clamped {
            cut_short.push((client, common_name.to_owned()));
        }
        if let Some(request) = request {
            let subject = SubjectKey::from(&request.key);
            let params =
                profile::params(role, common_name, &subject, validity, &serials.next(rng))?;
            let cert = params.signed_by(&request.key, &issuer)?;
            return Ok((certificate(cert, &params), None));
        }
        match role {
            Role::Client => step(Next::ClientKeyFor(common_name)),
            _ if several => step(Next::ServerKeyFor(common_name)),
            _ => step(Next::ServerKey),
        }
        let key = premade.next_key(key_type, rng)?;
        let params = profile::params(
            role,
            common_name,
            &(&key).into(),
            validity,
            &serials.next(rng),
        )?;
        let cert = params.signed_by(&key, &issuer)?;
        Ok((certificate(cert, &params), Some(key.private_key_pem()?)))
    };
    let servers = plan
        .servers()
        .iter()
        .map(|server| {
            let role = Role::Server {
                dns_names: server.dns_names(),
                ip_addresses: server.ip_addresses(),
            };
            let (certificate, key) = leaf(
                &role,
                &server.common_name(),
                server.lifetime(),
                server.csr(),
            )?;
            Ok(IssuedServer { certificate, key })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let clients = plan
        .clients()
        .iter()
        .map(|name| {
            let (certificate, key) =
                leaf(&Role::Client, name.as_str(), plan.client_lifetime(), None)?;
            let key = key.ok_or_else(|| Error::KeyGeneration("no client key was made".into()))?;
            Ok(IssuedClient {
                name: name.clone(),
                leaf: IssuedLeaf { certificate, key },
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

    for server in &servers {
        ca_authority.check_issuer_of(&server.certificate.der)?;
    }
    let warnings = ends_with_ca(plan, &cut_short, ca.not_after);
    // The proxy starts with an empty CRL of this CA, good until the first server certificate's
    // end.
    let crl = if plan.proxy() {
        Some(revoke::revocation_list(
            ca_authority,
            None,
            &[],
            now,
            plan.shortest_server_days(),
        )?)
    } else {
        None
    };
    Ok(Issued {
        issued_at: now,
        ca,
        ca_key,
        servers,
        clients,
        crl,
        warnings,
    })
}

/// One warning per server, and one for all clients, whose certificates end with the CA.
fn ends_with_ca(plan: &Plan, cut_short: &[(bool, String)], ca_end: OffsetDateTime) -> Vec<Warning> {
    let was_cut =
        |client: bool, name: &str| cut_short.iter().any(|(c, n)| *c == client && n == name);
    let mut warnings: Vec<Warning> = plan
        .servers()
        .iter()
        .filter(|server| was_cut(false, &server.common_name()))
        .map(|server| Warning::EndsWithCa {
            certificates: CutShort::Server(server.common_name()),
            days: server.days(),
            ca_end,
        })
        .collect();
    let clients: Vec<&str> = plan
        .clients()
        .iter()
        .map(ClientName::as_str)
        .filter(|name| was_cut(true, name))
        .collect();
    if !clients.is_empty() {
        warnings.push(Warning::EndsWithCa {
            certificates: CutShort::clients(&clients),
            days: plan.client_days(),
            ca_end,
        });
    }
    warnings
}

pub(crate) fn certificate(
    cert: rcgen::Certificate,
    params: &CertificateParams,
) -> IssuedCertificate {
    IssuedCertificate {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        not_after: params.not_after,
    }
}

/// Hands out random serials, never the same one twice within one issuance.
#[derive(Default)]
struct SerialSource {
    used: Vec<[u8; SERIAL_LEN]>,
}

impl SerialSource {
    fn next<R: CryptoRng + ?Sized>(&mut self, rng: &mut R) -> [u8; SERIAL_LEN] {
        loop {
            let serial = profile::random_serial(rng);
            if !self.used.contains(&serial) {
                self.used.push(serial);
                return serial;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::{Decoded, DecodedCertificate, KeyPair, KeyType, Passphrase, ValidityDays, inspect};

    fn plan() -> Plan {
        Plan::builder()
            .key_type(KeyType::Ed25519)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .client("bob".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Passphrase(
                Passphrase::new("correct horse battery".into()).expect("passphrase"),
            ))
            .build()
            .expect("plan")
    }

    fn decoded(pem: &str) -> DecodedCertificate {
        match inspect(pem.as_bytes()).expect("parses").remove(0) {
            Decoded::Certificate(cert) => *cert,
            other => panic!("not a certificate: {other:?}"),
        }
    }

    #[test]
    fn the_injected_clock_and_rng_decide_everything() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let first = issue(&plan(), now, &mut ChaCha20Rng::seed_from_u64(5)).expect("issue");
        let again = issue(&plan(), now, &mut ChaCha20Rng::seed_from_u64(5)).expect("issue");
        assert_eq!(first, again, "same clock and seed, same PKI");
        let other = issue(&plan(), now, &mut ChaCha20Rng::seed_from_u64(6)).expect("issue");
        assert_ne!(first.ca.pem, other.ca.pem);

        let ca = decoded(&first.ca.pem);
        assert_eq!(
            ca.not_before, "2027-01-15 07:55:00 UTC",
            "backdated five minutes"
        );
        assert_eq!(ca.not_after, "2037-01-12 08:00:00 UTC", "3650 days");
        let server = decoded(&first.servers[0].certificate.pem);
        assert_eq!(server.not_after, "2028-01-15 08:00:00 UTC");
        assert_eq!(server.issuer, ca.subject);
        assert_eq!(server.authority_key_id, ca.subject_key_id);
        assert_eq!(first.clients.len(), 2);
        assert!(first.servers[0].certificate.not_after <= first.ca.not_after);
    }

    #[test]
    fn progress_counts_every_slow_step() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let mut seen = Vec::new();
        issue_with_progress(&plan(), now, &mut ChaCha20Rng::seed_from_u64(3), &mut |p| {
            seen.push(format!("{}/{} {}", p.done, p.total, p.next));
        })
        .expect("issue");
        assert_eq!(
            seen,
            [
                "0/5 CA key",
                "1/5 encrypting the CA key",
                "2/5 server key",
                "3/5 client key for alice",
                "4/5 client key for bob"
            ]
        );
    }

    /// Issues `plan` and returns what the progress callback was told would come next.
    fn issue_seeing(plan: &Plan, now: OffsetDateTime) -> (Issued, Vec<String>) {
        let mut seen = Vec::new();
        let issued = issue_with_progress(plan, now, &mut ChaCha20Rng::seed_from_u64(4), &mut |p| {
            seen.push(p.next.to_string());
        })
        .expect("issue");
        (issued, seen)
    }

    #[test]
    fn several_servers_each_get_a_key_and_their_own_names() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let plan = Plan::builder()
            .key_type(KeyType::EcdsaP256)
            .server_dns("manager.example.com".parse().expect("dns"))
            .server(crate::ServerSpec {
                ip_addresses: vec!["10.0.0.7".parse().expect("ip")],
                ..Default::default()
            })
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let (issued, seen) = issue_seeing(&plan, now);
        assert_eq!(
            seen,
            [
                "CA key",
                "server key for manager.example.com",
                "server key for 10.0.0.7",
                "client key for alice"
            ]
        );
        let sans: Vec<Vec<String>> = issued
            .servers
            .iter()
            .map(|leaf| decoded(&leaf.certificate.pem).subject_alt_names)
            .collect();
        assert_eq!(sans, [vec!["DNS:manager.example.com"], vec!["IP:10.0.0.7"]]);
        assert!(issued.servers[0].key.is_some());
        assert_ne!(issued.servers[0].key, issued.servers[1].key);
    }

    /// A CSR for a P-384 key made elsewhere (not by the plan's key type).
    fn host_csr(is_ca: bool) -> (KeyPair, std::sync::Arc<CertificateRequest>) {
        let key = KeyPair::generate(KeyType::EcdsaP384, &mut ChaCha20Rng::seed_from_u64(40))
            .expect("key");
        let mut params = CertificateParams::default();
        if is_ca {
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        let pem = params
            .serialize_request(&key)
            .expect("csr")
            .pem()
            .expect("pem");
        let request = CertificateRequest::parse(pem.as_bytes()).expect("parses");
        (key, std::sync::Arc::new(request))
    }

    #[test]
    fn a_server_with_its_own_key_gets_a_certificate_for_it_and_no_key() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let (key, request) = host_csr(false);
        let plan = Plan::builder()
            .key_type(KeyType::Ed25519)
            .server_dns("own-key.example.com".parse().expect("dns"))
            .server_csr(request)
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let (issued, seen) = issue_seeing(&plan, now);
        assert_eq!(
            seen,
            ["CA key", "client key for alice"],
            "no server key is made"
        );
        assert_eq!(issued.servers[0].key, None);
        let server = decoded(&issued.servers[0].certificate.pem);
        assert_eq!(
            server.key_type, "ECDSA P-384",
            "the CSR's key, not the plan's key type"
        );
        assert_eq!(server.subject_alt_names, ["DNS:own-key.example.com"]);
        assert_eq!(server.extended_key_usage, ["serverAuth"]);
        assert_eq!(
            server.subject_key_id.as_deref().map(str::to_owned),
            Some(
                key.key_identifier()
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(":")
            )
        );
        // A CSR asking to be a CA is refused when the plan is made.
        let (_, ca_request) = host_csr(true);
        let refused = Plan::builder()
            .server_dns("own-key.example.com".parse().expect("dns"))
            .server_csr(ca_request)
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect_err("a CA request");
        assert!(
            refused.to_string().starts_with("CSR: asks to be a CA"),
            "{refused}"
        );
    }

    /// The guide's case: a CA of `ca_days`, and a day later a bundle under it.
    fn under_a_short_ca(ca_days: i64, builder: crate::PlanBuilder) -> Result<Issued, Error> {
        let made_at = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let ca = issue(
            &Plan::builder()
                .ca_days(ValidityDays::new(Field::CaDays, ca_days).expect("days"))
                .server_days(ValidityDays::new(Field::ServerDays, 1).expect("days"))
                .client_days(ValidityDays::new(Field::ClientDays, 1).expect("days"))
                .server_dns("ca.example.com".parse().expect("dns"))
                .client("nobody".parse().expect("client"))
                .ca_key_protection(CaKeyProtection::Unencrypted)
                .build()
                .expect("plan"),
            made_at,
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .expect("issue");
        let existing = ExistingCa::from_pem(
            ca.ca.pem.as_bytes(),
            ca.ca_key.as_ref().expect("a new CA's key").expose_secret(),
            None,
        )
        .expect("imports");
        let plan = builder
            .existing_ca(existing)
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .client("bob".parse().expect("client"))
            .build()
            .expect("plan");
        issue(
            &plan,
            made_at + time::Duration::days(1),
            &mut ChaCha20Rng::seed_from_u64(2),
        )
    }

    #[test]
    fn default_lifetimes_end_with_a_ca_that_ends_sooner_and_say_so() {
        let issued = under_a_short_ca(365, Plan::builder()).expect("defaults fit by ending early");
        let ca_end = issued.ca.not_after;
        assert_eq!(issued.servers[0].certificate.not_after, ca_end);
        assert!(
            issued
                .clients
                .iter()
                .all(|c| c.leaf.certificate.not_after == ca_end)
        );
        let warnings: Vec<String> = issued.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "the server certificate of docker.example.com: valid until 2028-01-15 08:00:00 UTC, when the CA ends, rather than for 365 days; the CA itself must be replaced before then (portcullis rotate-ca moves every daemon and client to a new CA without locking anyone out)",
                "the client certificates of alice, bob: valid until 2028-01-15 08:00:00 UTC, when the CA ends, rather than for 365 days; the CA itself must be replaced before then (portcullis rotate-ca moves every daemon and client to a new CA without locking anyone out)",
            ]
        );
        // Lifetimes that fit are kept, with nothing to say.
        let fits = under_a_short_ca(
            365,
            Plan::builder()
                .server_days(ValidityDays::new(Field::ServerDays, 90).expect("days"))
                .client_days(ValidityDays::new(Field::ClientDays, 90).expect("days")),
        )
        .expect("fits");
        assert!(fits.warnings.is_empty());
        assert!(fits.servers[0].certificate.not_after < fits.ca.not_after);
    }

    #[test]
    fn a_typed_lifetime_past_an_existing_cas_end_is_refused_with_the_option_to_change() {
        let refused = under_a_short_ca(
            365,
            Plan::builder().client_days(ValidityDays::new(Field::ClientDays, 365).expect("days")),
        )
        .expect_err("the client lifetime was typed");
        assert_eq!(
            refused.to_string(),
            "client validity: 365 days would outlast the CA, which expires on 2028-01-15 08:00:00 UTC; use --client-days 364 or less"
        );
        let from_plan_file = under_a_short_ca(
            365,
            Plan::builder().server_lifetime(Lifetime {
                days: ValidityDays::new(Field::ServerDays, 400).expect("days"),
                set_by: crate::SetBy::PlanFile("servers[0].days".into()),
            }),
        )
        .expect_err("the plan file set it");
        assert!(
            from_plan_file
                .to_string()
                .ends_with("; set servers[0].days to 364 or less in the plan file"),
            "{from_plan_file}"
        );
    }

    #[test]
    fn serials_are_unique_within_an_issuance() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let issued = issue(&plan(), now, &mut ChaCha20Rng::seed_from_u64(1)).expect("issue");
        let mut serials: Vec<String> = [&issued.ca.pem, &issued.servers[0].certificate.pem]
            .into_iter()
            .chain(issued.clients.iter().map(|c| &c.leaf.certificate.pem))
            .map(|pem| decoded(pem).serial)
            .collect();
        serials.sort();
        serials.dedup();
        assert_eq!(serials.len(), 4);
    }

    #[test]
    fn debug_output_of_an_issuance_holds_no_key() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let issued = issue(&plan(), now, &mut ChaCha20Rng::seed_from_u64(2)).expect("issue");
        let shown = format!("{issued:?}");
        assert!(!shown.contains("PRIVATE KEY"), "{shown}");
        assert!(shown.contains("[secret key elided]"));
    }
}
