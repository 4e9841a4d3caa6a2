//! Signing a CSR with an existing CA: a server or client certificate for a key Portcullis never
//! sees, with our profile's extensions (not the CSR's).

use rand_core::CryptoRng;
use time::{Duration, OffsetDateTime};

use crate::csr::CertificateRequest;
use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::issue::{self, IssuedCertificate};
use crate::names::{ClientName, DnsName, IpSan};
use crate::plan::{CutShort, Warning};
use crate::profile::{self, Role, SubjectKey};
use crate::refusal::FileRefusal;
use crate::validity::Lifetime;

/// A certificate signed from a CSR, and what the user must know of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The certificate.
    pub certificate: IssuedCertificate,
    /// [`Warning::EndsWithCa`] when a default lifetime was cut short by the CA's end.
    pub warnings: Vec<Warning>,
}

/// Signs `request`'s key as `role` (server or client) named `common_name`, valid for `lifetime`
/// from `now` (a default one ends with the CA if the CA ends sooner). Refuses a CSR that asks to
/// be a CA, an unusable CA, and a lifetime the user set that would outlast the CA.
pub fn sign_request<R: CryptoRng + ?Sized>(
    ca: &ExistingCa,
    request: &CertificateRequest,
    role: &Role<'_>,
    common_name: &str,
    lifetime: &Lifetime,
    now: OffsetDateTime,
    rng: &mut R,
) -> Result<Signed, Error> {
    refuse_ca_request(request)?;
    let days_field = match role {
        Role::Server { .. } => Field::ServerDays,
        Role::Client => Field::ClientDays,
        Role::Ca => {
            return Err(Error::file(Field::Csr, FileRefusal::csr_as_ca()));
        }
    };
    ca.check_valid_at(now)?;
    let (validity, clamped) = ca.fit(now, lifetime, days_field)?;
    let subject = SubjectKey::from(&request.key);
    let params = profile::params(
        role,
        common_name,
        &subject,
        validity,
        &profile::random_serial(rng),
    )?;
    let cert = params.signed_by(&request.key, &ca.issuer())?;
    ca.check_issuer_of(cert.der())?;
    let certificate = issue::certificate(cert, &params);
    let warnings = if clamped {
        vec![Warning::EndsWithCa {
            certificates: if days_field == Field::ClientDays {
                CutShort::Client(common_name.to_string())
            } else {
                CutShort::Server(common_name.to_string())
            },
            days: lifetime.days,
            ca_end: certificate.not_after,
        }]
    } else {
        Vec::new()
    };
    Ok(Signed {
        certificate,
        warnings,
    })
}

/// Refuses a CSR that asks to be a CA: Portcullis signs only servers and clients from a CSR.
pub fn refuse_ca_request(request: &CertificateRequest) -> Result<(), Error> {
    if request.asks_for_ca {
        return Err(Error::file(Field::Csr, FileRefusal::csr_asks_ca()));
    }
    Ok(())
}

/// What to sign a CSR as, with the names the user gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignAs {
    /// A Docker daemon: the names typed, plus the CSR's when `use_csr_names` (each checked as if
    /// typed). At least one name in all.
    Server {
        /// DNS names typed.
        dns_names: Vec<DnsName>,
        /// IP addresses typed.
        ip_addresses: Vec<IpSan>,
        /// Whether the user confirmed the names the CSR asks for.
        use_csr_names: bool,
    },
    /// A docker CLI user, named `name` or else by the CSR's common name.
    Client {
        /// The name typed, if any.
        name: Option<ClientName>,
    },
}

impl SignAs {
    /// The lifetime field this profile's days belong to.
    pub fn days_field(&self) -> Field {
        match self {
            Self::Server { .. } => Field::ServerDays,
            Self::Client { .. } => Field::ClientDays,
        }
    }
}

/// Signs `request` as `sign_as` says: our profile, the confirmed names, `lifetime` from `now`.
pub fn sign_csr<R: CryptoRng + ?Sized>(
    ca: &ExistingCa,
    request: &CertificateRequest,
    sign_as: &SignAs,
    lifetime: &Lifetime,
    now: OffsetDateTime,
    rng: &mut R,
) -> Result<Signed, Error> {
    // Before the names: whatever it is signed as, a CA request is refused as such.
    refuse_ca_request(request)?;
    match sign_as {
        SignAs::Server {
            dns_names,
            ip_addresses,
            use_csr_names,
        } => {
            let mut dns_names = dns_names.clone();
            let mut ip_addresses = ip_addresses.clone();
            if *use_csr_names {
                for name in &request.dns_names {
                    let name: DnsName = name.parse()?;
                    if !dns_names.contains(&name) {
                        dns_names.push(name);
                    }
                }
                for ip in &request.ip_addresses {
                    let ip: IpSan = ip.to_string().parse()?;
                    if !ip_addresses.contains(&ip) {
                        ip_addresses.push(ip);
                    }
                }
            }
            let common_name = dns_names
                .first()
                .map(ToString::to_string)
                .or_else(|| ip_addresses.first().map(ToString::to_string))
                .ok_or_else(|| Error::file(Field::ServerNames, FileRefusal::csr_no_names()))?;
            let role = Role::Server {
                dns_names: &dns_names,
                ip_addresses: &ip_addresses,
            };
            sign_request(ca, request, &role, &common_name, lifetime, now, rng)
        }
        SignAs::Client { name } => {
            let name: ClientName = match (name, &request.common_name) {
                (Some(name), _) => name.clone(),
                (None, Some(common_name)) => common_name.parse()?,
                (None, None) => {
                    return Err(Error::file(
                        Field::Client,
                        FileRefusal::csr_no_common_name(),
                    ));
                }
            };
            sign_request(
                ca,
                request,
                &Role::Client,
                name.as_str(),
                lifetime,
                now,
                rng,
            )
        }
    }
}

/// How many whole days are left of the CA at `now` (0 if it has ended).
pub fn days_left(ca: &ExistingCa, now: OffsetDateTime) -> i64 {
    ((ca.certificate().not_after - now).whole_seconds() / Duration::DAY.whole_seconds()).max(0)
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, SanType};

    use super::*;
    use crate::{
        CaKeyProtection, Decoded, DnsName, KeyPair, KeyType, Passphrase, Plan, ValidityDays,
        inspect, issue,
    };

    const PASSPHRASE: &str = "correct horse battery";

    fn t0() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")
    }

    fn days(n: i64) -> ValidityDays {
        ValidityDays::new(Field::ServerDays, n).expect("days")
    }

    /// `--days N` as the CLI passes it.
    fn typed(n: i64) -> Lifetime {
        Lifetime {
            days: days(n),
            set_by: crate::SetBy::Option("--days".into()),
        }
    }

    /// A 30-day CA from our own issue(), read back as an existing CA.
    fn issued() -> crate::Issued {
        let plan = Plan::builder()
            .key_type(KeyType::EcdsaP384)
            .ca_days(ValidityDays::new(Field::CaDays, 30).expect("days"))
            .server_days(days(30))
            .client_days(ValidityDays::new(Field::ClientDays, 30).expect("days"))
            .server_dns("ca-host.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Passphrase(
                Passphrase::new(PASSPHRASE.into()).expect("pw"),
            ))
            .build()
            .expect("plan");
        issue(&plan, t0(), &mut ChaCha20Rng::seed_from_u64(11)).expect("issue")
    }

    fn existing(issued: &crate::Issued) -> ExistingCa {
        let passphrase = Passphrase::new(PASSPHRASE.into()).expect("pw");
        ExistingCa::from_pem(
            issued.ca.pem.as_bytes(),
            issued
                .ca_key
                .as_ref()
                .expect("a new CA has a key")
                .expose_secret(),
            Some(&passphrase),
        )
        .expect("our own CA imports")
    }

    fn csr(is_ca: bool, key_type: KeyType) -> CertificateRequest {
        let key = KeyPair::generate(key_type, &mut ChaCha20Rng::seed_from_u64(12)).expect("key");
        let mut params = CertificateParams::default();
        params.subject_alt_names = vec![SanType::DnsName(
            "node1.example.com".try_into().expect("ia5"),
        )];
        if is_ca {
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        let pem = params
            .serialize_request(&key)
            .expect("csr")
            .pem()
            .expect("pem");
        CertificateRequest::parse(pem.as_bytes()).expect("parses and verifies")
    }

    fn server_role(names: &[DnsName]) -> Role<'_> {
        Role::Server {
            dns_names: names,
            ip_addresses: &[],
        }
    }

    #[test]
    fn signs_a_csr_under_an_existing_ca_with_our_profile() {
        let issued = issued();
        let ca = existing(&issued);
        assert_eq!(ca.key_type(), KeyType::EcdsaP384);
        let request = csr(false, KeyType::EcdsaP256);
        assert_eq!(request.dns_names, ["node1.example.com"]);
        assert_eq!(request.key.description(), "ECDSA P-256");
        let names: Vec<DnsName> = vec!["node1.example.com".parse().expect("dns")];
        let cert = sign_request(
            &ca,
            &request,
            &server_role(&names),
            "node1.example.com",
            &typed(10),
            t0(),
            &mut ChaCha20Rng::seed_from_u64(13),
        )
        .expect("signs")
        .certificate;
        let Decoded::Certificate(leaf) = inspect(cert.pem.as_bytes()).expect("decodes").remove(0)
        else {
            panic!("not a certificate");
        };
        let Decoded::Certificate(ca_cert) = inspect(issued.ca.pem.as_bytes())
            .expect("decodes")
            .remove(0)
        else {
            panic!("not a certificate");
        };
        assert_eq!(leaf.issuer, ca_cert.subject);
        assert_eq!(leaf.authority_key_id, ca_cert.subject_key_id);
        assert_eq!(leaf.extended_key_usage, ["serverAuth"]);
        assert_eq!(leaf.key_type, "ECDSA P-256");
        assert_eq!(leaf.signature_algorithm, "ecdsa-with-SHA384");
    }

    #[test]
    fn refusals() {
        let issued = issued();
        let ca = existing(&issued);
        let names: Vec<DnsName> = vec!["node1.example.com".parse().expect("dns")];
        let sign = |request: &CertificateRequest, lifetime: Lifetime, now| {
            sign_request(
                &ca,
                request,
                &server_role(&names),
                "node1",
                &lifetime,
                now,
                &mut ChaCha20Rng::seed_from_u64(1),
            )
            .expect_err("refused")
            .to_string()
        };
        let message = sign(&csr(true, KeyType::Ed25519), typed(1), t0());
        assert!(message.starts_with("CSR: asks to be a CA"), "{message}");
        let message = sign(&csr(false, KeyType::Ed25519), typed(40), t0());
        assert!(
            message.starts_with("server validity: 40 days would outlast the CA"),
            "{message}"
        );
        assert!(message.ends_with("use --days 30 or less"), "{message}");
        let later = t0() + Duration::days(31);
        let message = sign(&csr(false, KeyType::Ed25519), typed(1), later);
        assert!(
            message.starts_with("CA certificate: expired on 2027-02-14"),
            "{message}"
        );
        assert_eq!(days_left(&ca, later), 0);

        let passphrase = Passphrase::new(PASSPHRASE.into()).expect("pw");
        let not_ca = ExistingCa::from_pem(
            issued.servers[0].certificate.pem.as_bytes(),
            issued.servers[0]
                .key
                .as_ref()
                .expect("made here")
                .expose_secret(),
            None,
        )
        .expect_err("a server certificate is no CA")
        .to_string();
        assert!(
            not_ca.starts_with("CA certificate: `CN=ca-host.example.com` is not a CA"),
            "{not_ca}"
        );
        let mismatch = ExistingCa::from_pem(
            issued.ca.pem.as_bytes(),
            issued.clients[0].leaf.key.expose_secret(),
            Some(&passphrase),
        )
        .expect_err("another key")
        .to_string();
        assert!(
            mismatch.starts_with("CA key: does not belong to the CA certificate"),
            "{mismatch}"
        );
    }

    #[test]
    fn a_default_lifetime_ends_with_the_ca_and_says_so() {
        let issued = issued();
        let ca = existing(&issued);
        let names: Vec<DnsName> = vec!["node1.example.com".parse().expect("dns")];
        let signed = sign_request(
            &ca,
            &csr(false, KeyType::EcdsaP256),
            &server_role(&names),
            "node1.example.com",
            &Lifetime::default_days(days(365)),
            t0() + Duration::days(1),
            &mut ChaCha20Rng::seed_from_u64(3),
        )
        .expect("a default lifetime is cut short, not refused");
        assert_eq!(signed.certificate.not_after, issued.ca.not_after);
        let warnings: Vec<String> = signed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "the server certificate of node1.example.com: valid until 2027-02-14 08:00:00 UTC, when the CA ends, rather than for 365 days; the CA itself must be replaced before then (portcullis rotate-ca moves every daemon and client to a new CA without locking anyone out)"
            ]
        );
    }

    #[test]
    fn a_tampered_csr_is_refused() {
        let key = KeyPair::generate(KeyType::EcdsaP256, &mut ChaCha20Rng::seed_from_u64(15))
            .expect("key");
        let params = CertificateParams::new(vec!["node1.example.com".to_owned()]).expect("params");
        let mut der = params.serialize_request(&key).expect("csr").der().to_vec();
        // The DNS name sits inside the signed part: change one letter of it.
        let at = der
            .windows(5)
            .position(|w| w == b"node1")
            .expect("name in DER");
        der[at] = b'm';
        let message = CertificateRequest::parse(&der)
            .expect_err("altered")
            .to_string();
        assert_eq!(
            message,
            "CSR: its signature does not verify: it was altered or damaged; make it again"
        );
    }
}
