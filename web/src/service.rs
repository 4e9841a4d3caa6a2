//! The worker's side of the page's questions (see `ask.rs`): reading existing CAs, CSRs, old
//! bundles and plan files, signing CSRs and making CRLs, with the core's heavy crypto. Plain
//! Rust, tested natively; in the browser only the worker's module reaches it.

use std::sync::Arc;

use portcullis_pki::{
    CaKeyProtection, CaSource, CertificateRequest, ClientFiles, Decoded, DecodedCertificate, Error,
    ExistingCa, Field, FileRefusal, Finding, Fix, Found, OldBundle, Passphrase, Plan, PlanBuilder,
    Reason, RevocationList, Revoked, Severity, ValidityDays,
};
use rand_core::CryptoRng;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::ask::{Answer, Ask, BundleSummary, PlanImport, PlanRead, SignedCsr};
use crate::generate::time_from_unix_ms;
use crate::state::{Form, Input, Read};

/// The worker's answer to `ask`.
pub fn answer<R: CryptoRng + ?Sized>(ask: &Ask, rng: &mut R) -> Answer {
    match ask {
        Ask::Ca {
            certificate,
            key,
            passphrase,
        } => Answer::Ca(
            read_ca_with(certificate, key.expose(), passphrase.expose()).map(|ca| ca.summary()),
        ),
        Ask::Csr(pem) => Answer::Csr(CertificateRequest::parse(pem.as_bytes())),
        Ask::OldBundle(zip) => Answer::OldBundle(OldBundle::read(zip.expose()).map(|old| {
            BundleSummary {
                expiries: old
                    .expiries
                    .iter()
                    .map(|(what, when)| (what.clone(), when.unix_timestamp()))
                    .collect(),
                has_ca_key: old.ca_key_pem.is_some(),
            }
        })),
        Ask::PlanFile(text) => Answer::PlanFile(plan_import(text)),
        Ask::SignCsr { form, now_unix_ms } => {
            Answer::Signed(now(*now_unix_ms).and_then(|now| sign_csr(form, now, rng)))
        }
        Ask::Revoke { form, now_unix_ms } => {
            Answer::Crl(now(*now_unix_ms).and_then(|now| revoke(form, now)))
        }
        Ask::Check {
            ca,
            cert,
            key,
            host,
            now_unix_ms,
        } => Answer::Checked(check(ca, cert, key.expose(), host, *now_unix_ms)),
    }
}

/// The check tool's findings: the files (an empty one counts as missing), then DOCKER_HOST.
fn check(ca: &str, cert: &str, key: &str, host: &str, now_unix_ms: f64) -> Vec<Finding> {
    let given = |text: &str| (!text.trim().is_empty()).then(|| text.as_bytes().to_vec());
    let (ca, cert, key) = (given(ca), given(cert), given(key).map(Zeroizing::new));
    let now = match time_from_unix_ms(now_unix_ms) {
        Ok(now) => now,
        Err(_) => {
            return vec![Finding::listed(
                Severity::Error,
                Found::found_clock_not_a_date(crate::generate::clock_said(now_unix_ms)),
                None,
                Some(Fix::fix_set_clock()),
            )];
        }
    };
    let mut found = portcullis_pki::check_client_files(
        &ClientFiles {
            ca: ca.as_deref(),
            cert: cert.as_deref(),
            key: key.as_ref().map(|key| key.as_slice()),
            key_mode: None,
        },
        now,
    );
    if !host.trim().is_empty() {
        match portcullis_pki::check_docker_host(host) {
            Ok((_, host_found)) => found.extend(host_found),
            Err(finding) => found.push(finding),
        }
    }
    found
}

/// The page's clock as a time, or a failure: the core's kind of failure (a certificate cannot
/// be made), its cause in English words, as a library's cause is (the helper's answers carry
/// the core's errors, and the worker has no words but the core's).
fn now(unix_ms: f64) -> Result<OffsetDateTime, Error> {
    time_from_unix_ms(unix_ms).map_err(|_| {
        Error::Certificate(format!(
            "the browser's clock says {} ms since 1970, which is not a date",
            crate::generate::clock_said(unix_ms)
        ))
    })
}

/// An existing CA from its certificate and key, the key opened with `passphrase` (empty: none;
/// any length opens an existing key).
fn read_ca_with(certificate: &str, key: &str, passphrase: &str) -> Result<ExistingCa, Error> {
    let passphrase = (!passphrase.is_empty())
        .then(|| Passphrase::of_existing_key(passphrase.to_owned()))
        .transpose()?;
    ExistingCa::from_pem(certificate.as_bytes(), key, passphrase.as_ref())
}

/// The form's existing CA (also the tools' CA), read with the passphrase as typed, once both
/// its certificate and key are given.
fn read_ca(form: &Form) -> Option<Result<Arc<ExistingCa>, Error>> {
    let (certificate, key) = (
        form.value(Input::ExistingCaCert),
        form.value(Input::ExistingCaKey),
    );
    let given = !certificate.trim().is_empty() && !key.trim().is_empty();
    given.then(|| read_ca_with(certificate, key, form.value(Input::CaPassphrase)).map(Arc::new))
}

/// A CSR as pasted, read, its signature checked, and refused if it asks to be a CA.
fn signable_csr(text: &str) -> Result<CertificateRequest, Error> {
    if text.trim().is_empty() {
        return Err(Error::file(Field::Csr, FileRefusal::csr_empty()));
    }
    let request = CertificateRequest::parse(text.as_bytes())?;
    portcullis_pki::refuse_ca_request(&request)?;
    Ok(request)
}

/// The existing CA and the first server's CSR, read from the form's text here.
pub fn read(form: &Form) -> Read<Arc<ExistingCa>> {
    Read {
        ca: read_ca(form),
        server_csr: (!form.value(Input::ServerOwnKey).is_empty())
            .then(|| signable_csr(form.value(Input::ServerCsr)).map(Arc::new)),
    }
}

/// The tools' CA, or why there is none.
fn tool_ca(form: &Form) -> Result<Arc<ExistingCa>, Error> {
    read_ca(form).unwrap_or_else(|| {
        Err(Error::file(
            Field::CaCertificate,
            FileRefusal::tool_ca_empty(),
        ))
    })
}

/// Signs the CSR tool's CSR with the tools' CA, as its inputs say, valid from `now`; the
/// certificate comes back decoded for the page.
pub fn sign_csr<R: CryptoRng + ?Sized>(
    form: &Form,
    now: OffsetDateTime,
    rng: &mut R,
) -> Result<SignedCsr, Error> {
    let sign_as = form.csr_sign_as()?;
    let lifetime = form.csr_lifetime(&sign_as)?;
    let request = signable_csr(form.value(Input::Csr))?;
    let ca = tool_ca(form)?;
    let signed = portcullis_pki::sign_csr(&ca, &request, &sign_as, &lifetime, now, rng)?;
    let pem = signed.certificate.pem;
    Ok(SignedCsr {
        decoded: decode(&pem)?,
        pem,
        warnings: signed.warnings.clone(),
    })
}

/// A certificate's PEM, decoded for the page.
pub fn decode(pem: &str) -> Result<DecodedCertificate, Error> {
    match portcullis_pki::inspect(pem.as_bytes())?.into_iter().next() {
        Some(Decoded::Certificate(cert)) => Ok(*cert),
        _ => Err(Error::Certificate(
            "the certificate could not be read back".to_owned(),
        )),
    }
}

/// A new CRL of the tools' CA: the current one's entries plus the certificates given, valid
/// from `now`. Returns the CRL (PEM) and how many it lists now.
pub fn revoke(form: &Form, now: OffsetDateTime) -> Result<(String, usize), Error> {
    let ca = tool_ca(form)?;
    let reason = form.value(Input::RevokeReason).parse::<Reason>()?;
    let days = ValidityDays::parse(Field::Revocation, form.value(Input::RevokeDays))?;
    let previous = match form.value(Input::RevokeCrl).trim() {
        "" => None,
        text => Some(RevocationList::parse(text.as_bytes(), &ca)?),
    };
    let revoke: Vec<Revoked> = portcullis_pki::serials_of_all(form.value(Input::RevokeCerts), &ca)?
        .into_iter()
        .map(|serial| Revoked {
            serial,
            revoked_at: now,
            reason: Some(reason),
        })
        .collect();
    let crl = portcullis_pki::revocation_list(&ca, previous.as_ref(), &revoke, now, days)?;
    let listed = RevocationList::parse(crl.as_bytes(), &ca)?.revoked.len();
    Ok((crl, listed))
}

/// The renewal the form asks for: the old bundle, and the plan that renews it under its CA,
/// whose key is the key input if given, else the bundle's own `ca/ca-key.pem`, opened with the
/// passphrase input.
pub fn renewal(form: &Form) -> Result<(OldBundle, Plan), Error> {
    let (old, ca) = old_bundle_and_ca(form)?;
    let plan = old.plan_builder().existing_ca(ca).build()?;
    Ok((old, plan))
}

/// The CA rotation the form asks for: the old bundle, its CA (opened as for [`renewal`]), and
/// the plan of the same servers and clients under a new CA named as typed (else the old name
/// with the date of `now`), its key encrypted with the new passphrase, else the old one.
pub fn rotation(form: &Form, now: OffsetDateTime) -> Result<(OldBundle, ExistingCa, Plan), Error> {
    let (old, ca) = old_bundle_and_ca(form)?;
    let name = match form.new_ca_name() {
        Some(name) => name?,
        None => portcullis_pki::rotated_ca_name(ca.common_name(), now.date()),
    };
    let plan = old
        .plan_builder()
        .ca_common_name(name)
        .ca_key_protection(CaKeyProtection::Passphrase(form.new_ca_protection()?))
        .build()?;
    Ok((old, ca, plan))
}

/// The old bundle the renew tool opened, and its CA with its key.
fn old_bundle_and_ca(form: &Form) -> Result<(OldBundle, ExistingCa), Error> {
    if form.renew_zip().is_empty() {
        return Err(Error::file(
            Field::OldBundle,
            FileRefusal::bundle_not_opened(),
        ));
    }
    let old = OldBundle::read(form.renew_zip())?;
    let key = match form.value(Input::ExistingCaKey) {
        given if !given.trim().is_empty() => given.to_owned(),
        _ => old
            .ca_key_pem
            .as_ref()
            .map(|key| key.expose_secret().to_owned())
            .ok_or_else(|| Error::file(Field::CaKey, FileRefusal::bundle_no_ca_key()))?,
    };
    let key = Zeroizing::new(key);
    let ca = read_ca_with(&old.ca_pem, &key, form.value(Input::CaPassphrase))?;
    Ok((old, ca))
}

/// A plan file read for the wizard: the inputs it fills in, or why it is refused.
pub fn plan_import(text: &str) -> Result<PlanImport, Error> {
    let plan = PlanBuilder::from_plan_file(text)?
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()?;
    // A server after the first that keeps its own key cannot be said in "Other servers":
    // refused rather than given a key made here.
    if let Some(index) = plan.servers()[1..].iter().position(|s| s.csr().is_some()) {
        return Err(Error::file(
            Field::PlanFile,
            FileRefusal::plan_server_own_csr(index + 1),
        ));
    }
    let lines = |items: Vec<String>| items.join("\n");
    let first = plan.first_server();
    let read = PlanRead {
        servers: plan.servers().len(),
        clients: plan.clients().len(),
        same_days: plan
            .servers()
            .iter()
            .any(|s| s.days() != first.days())
            .then(|| first.days().days()),
    };
    Ok(PlanImport {
        key_type: plan.key_type().name().to_owned(),
        ca: match plan.ca() {
            CaSource::New(ca) => Some((
                ca.common_name.as_str().to_owned(),
                ca.days.days().to_string(),
            )),
            CaSource::Existing(_) => None,
        },
        server_dns: lines(first.dns_names().iter().map(ToString::to_string).collect()),
        server_ip: lines(
            first
                .ip_addresses()
                .iter()
                .map(ToString::to_string)
                .collect(),
        ),
        port: first.port().to_string(),
        platform: first.platform().name().to_owned(),
        server_days: first.days().days().to_string(),
        other_servers: lines(
            plan.servers()[1..]
                .iter()
                .map(|server| {
                    let mut words = server.names();
                    if server.port() != first.port() {
                        words.push(format!(":{}", server.port()));
                    }
                    if server.platform() != first.platform() {
                        words.push(format!("@{}", server.platform()));
                    }
                    words.join(" ")
                })
                .collect(),
        ),
        server_csr: first.csr().map(CertificateRequest::to_pem),
        clients: lines(plan.clients().iter().map(ToString::to_string).collect()),
        client_days: plan.client_days().days().to_string(),
        proxy: plan.proxy(),
        read,
    })
}

#[cfg(test)]
mod tests {
    use portcullis_pki::{CaKeyProtection, Plan};
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::ask::Secret;

    /// A client's ca.pem, cert.pem and key.pem as a bundle holds them.
    fn client_files(seed: u64) -> (String, String, String) {
        let plan = Plan::builder()
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let issued = portcullis_pki::issue(&plan, now, &mut ChaCha20Rng::seed_from_u64(seed))
            .expect("issue");
        let leaf = &issued.clients[0].leaf;
        (
            issued.ca.pem.clone(),
            leaf.certificate.pem.clone(),
            leaf.key.expose_secret().to_owned(),
        )
    }

    fn ask_check(ca: &str, cert: &str, key: &str, host: &str) -> Vec<Finding> {
        let ask = Ask::Check {
            ca: ca.to_owned(),
            cert: cert.to_owned(),
            key: Secret::new(key),
            host: host.to_owned(),
            now_unix_ms: 1_800_000_000_000.0,
        };
        // As the worker answers: the ask crosses the wire.
        let ask: Ask = crate::wire::across(&ask);
        match answer(&ask, &mut ChaCha20Rng::seed_from_u64(0)) {
            Answer::Checked(found) => found,
            other => panic!("not a check's answer: {other:?}"),
        }
    }

    #[test]
    fn the_check_tool_finds_what_doctor_finds_offline() {
        let (ca, cert, key) = client_files(1);
        let fine = ask_check(&ca, &cert, &key, "tcp://docker.example.com:2376");
        assert!(fine.iter().all(|f| f.severity == Severity::Ok), "{fine:?}");

        let (_, _, other_key) = client_files(2);
        let mismatched = ask_check(&ca, &cert, &other_key, "");
        let errors: Vec<&Finding> = mismatched
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{mismatched:?}");
        assert_eq!(
            errors[0].docker_says.as_deref(),
            Some("tls: private key does not match public key")
        );

        let no_ca = ask_check("", &cert, &key, "unix:///var/run/docker.sock");
        assert!(
            no_ca
                .iter()
                .any(|f| f.problem() == "ca.pem is missing from the certificate folder")
        );
        assert!(
            no_ca
                .iter()
                .any(|f| f.problem().contains("TLS needs a tcp:// address")),
            "{no_ca:?}"
        );
    }
}
