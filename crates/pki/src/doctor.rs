//! What is wrong with a docker client's TLS setup, and with the daemon it dials: the checks of
//! `portcullis doctor` and of the wizard's "Check certificates" tool. Each finding is one line —
//! what is wrong, the words docker (Go's crypto/tls and crypto/x509) prints for it, and the fix
//! — so that a user whose setup from an old blog post stopped working recognises their error
//! message and learns what to do.
//!
//! The checks follow what the docker CLI does: it reads `ca.pem`, `cert.pem` and `key.pem` from
//! `DOCKER_CERT_PATH`, verifies the daemon's certificate against `ca.pem` for the host it dialled
//! (serverAuth, the names in subjectAltName only), and shows its own certificate, which the
//! daemon verifies against its CA for clientAuth.

use core::fmt;
use std::net::IpAddr;

use portcullis_words::{Lang, Refusals, fill};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::key_pair::{KeyPair, KeyType};
use crate::verify::{self, KeyKind};

mod found;

pub use found::{Fix, FixKind, Found, FoundKind};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// docker will not connect (or not safely) until it is fixed.
    Error,
    /// docker connects, but something needs doing soon or is unsafe.
    Warning,
    /// Checked and fine.
    Ok,
}

/// A finding about a certificate, of its subject and end.
type FoundOf = fn(String, String) -> Found;

/// One thing found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong (or what was checked), and what to do.
    pub said: Said,
    /// What docker or Go prints for it, if it makes docker fail.
    pub docker_says: Option<String>,
}

/// What a finding says: what was found and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Said {
    /// As data, said in any language: every finding of a client's files and of DOCKER_HOST
    /// (what the wizard checks too).
    Listed {
        /// What was found.
        found: Found,
        /// What to do, unless it is fine.
        fix: Option<Fix>,
    },
    /// In English words: what only the CLI checks (the daemon it dials, the network).
    English {
        /// What was found.
        problem: String,
        /// What to do; empty when it is fine.
        fix: String,
    },
}

impl Finding {
    /// A finding given as data.
    pub fn listed(
        severity: Severity,
        found: Found,
        says: Option<String>,
        fix: Option<Fix>,
    ) -> Self {
        Self {
            severity,
            said: Said::Listed { found, fix },
            docker_says: says,
        }
    }

    /// A finding in English words, of what only the CLI checks.
    pub fn english(
        severity: Severity,
        problem: impl Into<String>,
        says: Option<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            said: Said::English {
                problem: problem.into(),
                fix: fix.into(),
            },
            docker_says: says,
        }
    }

    /// An error found, with what docker prints for it.
    fn found_error(found: Found, says: impl Into<String>, fix: Fix) -> Self {
        Self::listed(Severity::Error, found, Some(says.into()), Some(fix))
    }

    /// What was found, in the CLI's English (a key's type by its description).
    pub fn problem(&self) -> String {
        self.problem_naming_keys(Lang::english_refusals(), KeyType::description)
    }

    /// What was found, in the language of `r`, a key's type named by `name` (which each
    /// language does in its own words: the CLI by [`KeyType::description`], the wizard in the
    /// page's words).
    pub fn problem_naming_keys(
        &self,
        r: &Refusals,
        name: impl FnOnce(KeyType) -> &'static str,
    ) -> String {
        match self.key_named() {
            Some(key) => fill(r.found_key_fine, &[("KEY", name(key))]),
            None => self.problem_in(r),
        }
    }

    /// The key type a finding that key.pem is fine names (by [`KeyType::name`]).
    fn key_named(&self) -> Option<KeyType> {
        match &self.said {
            Said::Listed { found, .. } if found.kind() == FoundKind::KeyFine => {
                let name = found.values().first()?;
                KeyType::ALL.into_iter().find(|key| key.name() == name)
            }
            _ => None,
        }
    }

    /// What to do, in the CLI's English; empty when there is nothing to do.
    pub fn fix(&self) -> String {
        self.fix_in(Lang::english_refusals())
    }

    /// What was found, in the language of `r` (in English, for a finding in English words; a
    /// key's type by its name, `ecdsa-p256`: [`Finding::problem_naming_keys`] names it in words).
    pub fn problem_in(&self, r: &Refusals) -> String {
        match &self.said {
            Said::Listed { found, .. } => found.said_in(r),
            Said::English { problem, .. } => problem.clone(),
        }
    }

    /// What to do, in the language of `r`; empty when there is nothing to do.
    pub fn fix_in(&self, r: &Refusals) -> String {
        match &self.said {
            Said::Listed { fix: Some(fix), .. } => fix.said_in(r),
            Said::Listed { fix: None, .. } => String::new(),
            Said::English { fix, .. } => fix.clone(),
        }
    }

    fn error(problem: impl Into<String>, says: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::english(Severity::Error, problem, Some(says.into()), fix)
    }

    fn warning(problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::english(Severity::Warning, problem, None, fix)
    }

    fn ok(what: impl Into<String>) -> Self {
        Self::english(Severity::Ok, what, None, "")
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Ok => "ok",
        };
        write!(f, "{mark}: {}", self.problem())?;
        if let Some(says) = &self.docker_says {
            write!(f, " (docker says: \"{says}\")")?;
        }
        let fix = self.fix();
        if !fix.is_empty() {
            write!(f, "; fix: {fix}")?;
        }
        Ok(())
    }
}

/// The client's files as read: `None` for a file that is not there. `key_mode` is the unix mode
/// of key.pem where known.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientFiles<'a> {
    /// ca.pem: the CA that signed the daemon's certificate.
    pub ca: Option<&'a [u8]>,
    /// cert.pem: this client's certificate.
    pub cert: Option<&'a [u8]>,
    /// key.pem: this client's private key.
    pub key: Option<&'a [u8]>,
    /// key.pem's unix permission bits, where known.
    pub key_mode: Option<u32>,
}

/// Warn this long before a certificate ends.
const SOON: Duration = Duration::days(30);

/// A certificate as the checks need it.
struct Cert {
    subject: String,
    issuer: String,
    issuer_raw: Vec<u8>,
    subject_raw: Vec<u8>,
    is_ca: bool,
    /// extendedKeyUsage purposes by name; `None` when the extension is absent.
    eku: Option<Vec<String>>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    dns: Vec<String>,
    ips: Vec<IpAddr>,
    common_name: Option<String>,
    /// The public key's kind and subjectPublicKey bits, when Portcullis can check with it.
    key: Option<(KeyKind, Vec<u8>)>,
    spki_der: Vec<u8>,
    tbs: Vec<u8>,
    signature_oid: String,
    signature: Vec<u8>,
}

impl Cert {
    fn parse(der: &[u8]) -> Option<Self> {
        let cert = crate::x509::Certificate::read(der).ok()?;
        let names = cert.extensions.subject_alt_names.iter().flatten();
        Some(Self {
            subject: crate::inspect::name_text(&cert.subject),
            issuer: crate::inspect::name_text(&cert.issuer),
            common_name: crate::x509::common_name(&cert.subject),
            is_ca: cert.extensions.is_ca(),
            eku: cert.extensions.extended_key_usage_names(),
            not_before: cert.not_before,
            not_after: cert.not_after,
            dns: names
                .clone()
                .filter_map(|name| name.dns().map(str::to_owned))
                .collect(),
            ips: names.filter_map(crate::x509::AltName::ip).collect(),
            key: cert.key.kind().map(|kind| (kind, cert.key.bits.clone())),
            spki_der: cert.key.der,
            tbs: cert.signed.tbs.to_vec(),
            signature_oid: cert.signed.algorithm,
            signature: cert.signed.signature,
            issuer_raw: cert.issuer_der,
            subject_raw: cert.subject_der,
        })
    }

    /// Whether an extendedKeyUsage allows `purpose` (absent allows everything, as in Go).
    fn allows(&self, purpose: &str) -> bool {
        self.eku.as_ref().is_none_or(|eku| {
            eku.iter()
                .any(|p| p == purpose || p == "anyExtendedKeyUsage")
        })
    }

    /// An error when this certificate is not valid at `now` (`ended` of its subject and end,
    /// in Go's words after `says_prefix`, with `ended_fix`); a warning with `soon_fix` when it
    /// ends within [`SOON`]; nothing otherwise. (The daemon's certificate, which only the CLI
    /// checks, is `what` in English words: see [`Cert::validity_in_words`].)
    fn validity(
        &self,
        now: OffsetDateTime,
        (ended, soon): (FoundOf, FoundOf),
        (ended_fix, soon_fix): (Fix, Fix),
    ) -> Option<Finding> {
        let (subject, end) = (self.subject.clone(), date(self.not_after));
        if self.ended(now) {
            Some(Finding::found_error(
                ended(subject, end),
                expired_says(self, now),
                ended_fix,
            ))
        } else if self.not_after - now < SOON {
            Some(Finding::listed(
                Severity::Warning,
                soon(subject, end),
                None,
                Some(soon_fix),
            ))
        } else {
            None
        }
    }

    /// Whether this certificate is outside its validity at `now`.
    fn ended(&self, now: OffsetDateTime) -> bool {
        now > self.not_after || now < self.not_before
    }

    /// [`Cert::validity`] in English words, for what only the CLI checks: `what` for people,
    /// Go's words after `says_prefix`.
    fn validity_in_words(
        &self,
        what: &str,
        now: OffsetDateTime,
        says_prefix: &str,
        ended_fix: &str,
        soon_fix: &str,
    ) -> Option<Finding> {
        if self.ended(now) {
            Some(Finding::error(
                format!("{what} is not valid now (it ends {})", date(self.not_after)),
                format!("{says_prefix}{}", expired_says(self, now)),
                ended_fix,
            ))
        } else if self.not_after - now < SOON {
            Some(Finding::warning(
                format!("{what} ends on {}", date(self.not_after)),
                soon_fix,
            ))
        } else {
            None
        }
    }

    /// Whether `issuer`'s key signed this certificate (and the names chain).
    fn signed_by(&self, issuer: &Self) -> bool {
        let Some((kind, bits)) = &issuer.key else {
            return false;
        };
        self.issuer_raw == issuer.subject_raw
            && verify::signature_valid(&self.signature_oid, *kind, bits, &self.tbs, &self.signature)
                == Some(true)
    }

    fn names(&self) -> String {
        let names: Vec<String> = self
            .dns
            .iter()
            .cloned()
            .chain(self.ips.iter().map(ToString::to_string))
            .collect();
        names.join(", ")
    }
}

/// The certificates in `bytes` (PEM blocks, or one DER certificate); `None` if there are none.
fn certificates(bytes: &[u8]) -> Option<Vec<Cert>> {
    let text = core::str::from_utf8(bytes)
        .ok()
        .filter(|t| t.contains("-----BEGIN "));
    let certs: Vec<Cert> = match text {
        Some(text) => crate::pem::blocks(text)
            .ok()?
            .iter()
            .filter(|block| block.label == "CERTIFICATE")
            .filter_map(|block| Cert::parse(&block.der))
            .collect(),
        None => Cert::parse(bytes).into_iter().collect(),
    };
    (!certs.is_empty()).then_some(certs)
}

/// Go's words for a certificate outside its validity, e.g. `x509: certificate has expired or is
/// not yet valid: current time 2026-12-02T10:00:00Z is after 2026-11-30T08:00:00Z`.
fn expired_says(cert: &Cert, now: OffsetDateTime) -> String {
    let rfc = |at: OffsetDateTime| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )
    };
    if now < cert.not_before {
        format!(
            "x509: certificate has expired or is not yet valid: current time {} is before {}",
            rfc(now),
            rfc(cert.not_before)
        )
    } else {
        format!(
            "x509: certificate has expired or is not yet valid: current time {} is after {}",
            rfc(now),
            rfc(cert.not_after)
        )
    }
}

fn date(at: OffsetDateTime) -> String {
    format!("{}", at.date())
}

/// Checks ca.pem, cert.pem and key.pem as the docker CLI will use them, at `now`.
pub fn check_client_files(files: &ClientFiles<'_>, now: OffsetDateTime) -> Vec<Finding> {
    let mut found = Vec::new();
    let cas = check_ca_file(files.ca, now, &mut found);
    let cert = check_cert_file(files.cert, now, &cas, &mut found);
    check_key_file(files, cert.as_ref(), &mut found);
    found
}

fn check_ca_file(ca: Option<&[u8]>, now: OffsetDateTime, found: &mut Vec<Finding>) -> Vec<Cert> {
    let Some(bytes) = ca else {
        found.push(Finding::found_error(
            Found::found_ca_missing(),
            "ca.pem: no such file or directory",
            Fix::fix_copy_ca(),
        ));
        return Vec::new();
    };
    let Some(cas) = certificates(bytes) else {
        found.push(Finding::found_error(
            Found::found_ca_no_certificate(),
            "ca.pem seems invalid",
            Fix::fix_ca_pem_is_the_ca(),
        ));
        return Vec::new();
    };
    for ca in &cas {
        if !ca.is_ca {
            found.push(Finding::found_error(
                Found::found_ca_not_ca(ca.subject.clone()),
                "x509: certificate signed by unknown authority",
                Fix::fix_put_signing_ca(),
            ));
        }
        if let Some(eku) = ca.eku.as_ref().filter(|eku| !eku.is_empty()) {
            let both = ca.allows("serverAuth") && ca.allows("clientAuth");
            let finding = Found::found_ca_eku(ca.subject.clone(), eku.join(", "));
            if both {
                found.push(Finding::listed(
                    Severity::Warning,
                    finding,
                    None,
                    Some(Fix::fix_ca_without_eku()),
                ));
            } else {
                found.push(Finding::found_error(
                    finding,
                    "x509: certificate specifies an incompatible key usage",
                    Fix::fix_ca_eku_both(),
                ));
            }
        }
        found.extend(ca.validity(
            now,
            (Found::found_ca_not_valid, Found::found_ca_ends_soon),
            (Fix::fix_replace_ca(), Fix::fix_rotate_ca_soon()),
        ));
    }
    if found.is_empty() {
        let names: Vec<&str> = cas.iter().map(|ca| ca.subject.as_str()).collect();
        found.push(Finding::listed(
            Severity::Ok,
            Found::found_ca_fine(names.join("; ")),
            None,
            None,
        ));
    }
    cas
}

fn check_cert_file(
    cert: Option<&[u8]>,
    now: OffsetDateTime,
    cas: &[Cert],
    found: &mut Vec<Finding>,
) -> Option<Cert> {
    let Some(bytes) = cert else {
        found.push(Finding::listed(
            Severity::Error,
            Found::found_cert_missing(),
            None,
            Some(Fix::fix_copy_cert()),
        ));
        return None;
    };
    let Some(mut certs) = certificates(bytes) else {
        found.push(Finding::found_error(
            Found::found_cert_no_certificate(),
            "tls: failed to find any PEM data in certificate input",
            Fix::fix_cert_pem_is_the_clients(),
        ));
        return None;
    };
    let cert = certs.remove(0);
    let before = found.len();
    if cert.is_ca {
        found.push(Finding::found_error(
            Found::found_cert_is_ca(cert.subject.clone()),
            "remote error: tls: bad certificate",
            Fix::fix_use_client_cert(),
        ));
    }
    if !cert.allows("clientAuth") {
        found.push(Finding::found_error(
            Found::found_cert_not_for_clients(
                cert.subject.clone(),
                cert.eku.as_deref().unwrap_or_default().join(", "),
            ),
            "x509: certificate specifies an incompatible key usage",
            Fix::fix_issue_client_cert(),
        ));
    }
    found.extend(cert.validity(
        now,
        (Found::found_cert_not_valid, Found::found_cert_ends_soon),
        (Fix::fix_renew_cert(), Fix::fix_renew_cert_soon()),
    ));
    if !cas.is_empty() && !cas.iter().any(|ca| cert.signed_by(ca)) {
        found.push(Finding::found_error(
            Found::found_cert_other_ca(cert.subject.clone()),
            "remote error: tls: bad certificate",
            Fix::fix_one_folder(),
        ));
    }
    if found.len() == before {
        found.push(Finding::listed(
            Severity::Ok,
            Found::found_cert_fine(cert.subject.clone(), date(cert.not_after)),
            None,
            None,
        ));
    }
    Some(cert)
}

fn check_key_file(files: &ClientFiles<'_>, cert: Option<&Cert>, found: &mut Vec<Finding>) {
    let Some(bytes) = files.key else {
        found.push(Finding::listed(
            Severity::Error,
            Found::found_key_missing(),
            None,
            Some(Fix::fix_copy_key()),
        ));
        return;
    };
    let text = core::str::from_utf8(bytes).unwrap_or_default();
    if text.contains("ENCRYPTED") || text.contains("Proc-Type: 4,ENCRYPTED") {
        found.push(Finding::found_error(
            Found::found_key_encrypted(),
            "tls: failed to parse private key",
            Fix::fix_decrypt_key(),
        ));
        return;
    }
    let key = match KeyPair::from_pem(text, None, crate::Field::Document) {
        Ok(key) => key,
        Err(_) => {
            found.push(Finding::found_error(
                Found::found_key_unreadable(),
                "no valid private key found",
                Fix::fix_key_pem_is_the_clients(),
            ));
            return;
        }
    };
    let before = found.len();
    if let Some(cert) = cert
        && key.spki_der() != cert.spki_der.as_slice()
    {
        found.push(Finding::found_error(
            Found::found_key_not_of_cert(),
            "tls: private key does not match public key",
            Fix::fix_same_folder(),
        ));
    }
    if let Some(mode) = files.key_mode.filter(|mode| mode & 0o077 != 0) {
        found.push(Finding::listed(
            Severity::Warning,
            Found::found_key_readable(format!("{:04o}", mode & 0o7777)),
            None,
            Some(Fix::fix_chmod_key()),
        ));
    }
    if found.len() == before {
        found.push(Finding::listed(
            Severity::Ok,
            Found::found_key_fine(key.key_type().name().to_owned()),
            None,
            None,
        ));
    }
}

/// Where docker connects: `tcp://HOST:PORT` as DOCKER_HOST or `--host` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerHost {
    /// A DNS name or an IP address (IPv6 without brackets).
    pub host: String,
    /// The TLS port.
    pub port: u16,
}

/// Reads DOCKER_HOST as the docker CLI does for TLS (`tcp://HOST[:PORT]`; the port is 2376 when
/// left out), with findings about it; `Err` with the one finding that stops everything.
pub fn check_docker_host(value: &str) -> Result<(DockerHost, Vec<Finding>), Finding> {
    let value = value.trim();
    let refuse = |found: Found| {
        Finding::listed(
            Severity::Error,
            found,
            None,
            Some(Fix::fix_set_docker_host()),
        )
    };
    let shown = || value.to_owned();
    if value.is_empty() {
        return Err(refuse(Found::found_host_unset()));
    }
    let rest = value
        .strip_prefix("tcp://")
        .or_else(|| value.strip_prefix("https://"))
        .ok_or_else(|| refuse(Found::found_host_not_tcp(shown())))?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| refuse(Found::found_host_no_bracket(shown())))?;
            (host.to_owned(), after.strip_prefix(':'))
        }
        None => match rest.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host.to_owned(), Some(port)),
            _ => (rest.to_owned(), None),
        },
    };
    if host.is_empty() {
        return Err(refuse(Found::found_host_no_host(shown())));
    }
    let port = match port {
        None => 2376,
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| refuse(Found::found_host_bad_port(shown())))?,
    };
    let mut found = Vec::new();
    if port == 2375 {
        found.push(Finding::listed(
            Severity::Warning,
            Found::found_host_plain_port(),
            None,
            Some(Fix::fix_use_2376()),
        ));
    }
    Ok((DockerHost { host, port }, found))
}

/// What the daemon showed when dialled: its certificate chain, own first (DER).
pub fn check_daemon_certificate(
    chain: &[Vec<u8>],
    ca: Option<&[u8]>,
    dialled: &str,
    now: OffsetDateTime,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let Some(leaf) = chain.first().and_then(|der| Cert::parse(der)) else {
        found.push(Finding::error(
            "the daemon sent no certificate Portcullis can read",
            "tls: failed to parse certificate from server",
            "check that the daemon runs with --tlscert set to its certificate",
        ));
        return found;
    };
    let cas = ca.and_then(certificates).unwrap_or_default();
    let issuers: Vec<Cert> = chain[1..]
        .iter()
        .filter_map(|der| Cert::parse(der))
        .collect();
    let before = found.len();
    let chained = cas.iter().any(|ca| leaf.signed_by(ca))
        || issuers
            .iter()
            .any(|mid| leaf.signed_by(mid) && cas.iter().any(|ca| mid.signed_by(ca)));
    if !cas.is_empty() && !chained {
        found.push(Finding::error(
            format!(
                "the daemon's certificate (\"{}\") was not issued by the CA in ca.pem",
                leaf.subject
            ),
            "tls: failed to verify certificate: x509: certificate signed by unknown authority",
            "use the ca.pem of the bundle the daemon's certificate came from (clients/NAME/ca.pem)",
        ));
    }
    let ip = dialled.parse::<IpAddr>().ok();
    let matches = match ip {
        Some(ip) => leaf.ips.contains(&ip),
        None => leaf.dns.iter().any(|name| dns_matches(name, dialled)),
    };
    if !matches {
        let (says, problem) = if leaf.dns.is_empty() && leaf.ips.is_empty() {
            (
                "x509: certificate relies on legacy Common Name field, use SANs instead".to_owned(),
                format!(
                    "the daemon's certificate names {} only in its Common Name, which Go ignores; it has no subjectAltName",
                    leaf.common_name.as_deref().unwrap_or("nothing")
                ),
            )
        } else {
            (
                format!(
                    "x509: certificate is valid for {}, not {dialled}",
                    leaf.names()
                ),
                format!(
                    "the daemon's certificate is for {}, not for {dialled}, the host dialled",
                    leaf.names()
                ),
            )
        };
        found.push(Finding::error(
            problem,
            format!("tls: failed to verify certificate: {says}"),
            format!(
                "connect with a name the certificate lists, or issue the daemon a certificate for {dialled}: portcullis bundle --server-{} {dialled}",
                if ip.is_some() { "ip" } else { "dns" }
            ),
        ));
    }
    if !leaf.allows("serverAuth") {
        found.push(Finding::error(
            format!(
                "the daemon's certificate is not for servers: its extended key usage is {}, without serverAuth",
                leaf.eku.as_deref().unwrap_or_default().join(", ")
            ),
            "tls: failed to verify certificate: x509: certificate specifies an incompatible key usage",
            "issue the daemon a server certificate (extendedKeyUsage serverAuth): portcullis bundle, or portcullis sign --profile server",
        ));
    }
    for ca in cas.iter().filter(|ca| leaf.signed_by(ca)) {
        if !ca.allows("serverAuth") {
            found.push(Finding::error(
                format!(
                    "the CA \"{}\" has an extended key usage without serverAuth, which Go applies to the daemon's certificate",
                    ca.subject
                ),
                "tls: failed to verify certificate: x509: certificate specifies an incompatible key usage",
                "make a CA without extendedKeyUsage: portcullis bundle, or portcullis rotate-ca",
            ));
        }
    }
    found.extend(leaf.validity_in_words(
        "the daemon's certificate",
        now,
        "tls: failed to verify certificate: ",
        "renew it: portcullis renew --bundle OLD.zip, then install server/ on the host",
        "renew it before then: portcullis renew --bundle OLD.zip",
    ));
    if found.len() == before {
        found.push(Finding::ok(format!(
            "the daemon's certificate: \"{}\" for {}, serverAuth, valid until {}, issued by the CA in ca.pem",
            leaf.subject,
            leaf.names(),
            date(leaf.not_after)
        )));
    }
    found
}

/// What a TLS handshake with the daemon showed about client certificates.
#[derive(Clone, Copy, Debug)]
pub struct Handshake<'a> {
    /// Whether the daemon asked for a client certificate.
    pub asked_for_client_certificate: bool,
    /// The CA names (DER) it said it takes client certificates from.
    pub acceptable_client_cas: &'a [Vec<u8>],
    /// Whether a client certificate was sent.
    pub sent_client_certificate: bool,
    /// Whether ours was kept back because the daemon named other CAs (as docker does).
    pub withheld_client_certificate: bool,
    /// Whether the daemon also lets in a client without a certificate (`Some(false)`: it does),
    /// when that was tried.
    pub demands: Option<bool>,
    /// The TLS alert with which the daemon ended the connection, by name (`BadCertificate`,
    /// `UnknownCA`, `CertificateRequired`, …), if it did.
    pub alert: Option<&'a str>,
    /// The port dialled.
    pub port: u16,
}

/// Whether the daemon demands a client certificate and takes ours; `client_cert` is cert.pem.
pub fn check_client_auth(handshake: &Handshake<'_>, client_cert: Option<&[u8]>) -> Vec<Finding> {
    let mut found = Vec::new();
    let ours = client_cert
        .and_then(certificates)
        .and_then(|mut c| (!c.is_empty()).then(|| c.remove(0)));
    let named: Vec<String> = handshake
        .acceptable_client_cas
        .iter()
        .filter_map(|der| crate::x509::name(der).map(|name| crate::inspect::name_text(&name)))
        .collect();
    if let Some(alert) = handshake.alert {
        let words = match alert {
            "BadCertificate" => "bad certificate",
            "UnknownCA" => "unknown certificate authority",
            "CertificateRequired" => "certificate required",
            "CertificateExpired" => "expired certificate",
            "UnsupportedCertificate" => "unsupported certificate",
            "CertificateRevoked" => "revoked certificate",
            "AccessDenied" => "access denied",
            other => other,
        };
        let trusts = if named.is_empty() {
            String::new()
        } else {
            format!(" It takes client certificates from: {}.", named.join("; "))
        };
        let (problem, fix) = if handshake.sent_client_certificate {
            (
                format!("the daemon refused our client certificate.{trusts}"),
                "use the client folder (ca.pem, cert.pem, key.pem) of the bundle whose server/ the daemon runs: dockerd trusts only the CA of its --tlscacert".to_owned(),
            )
        } else if handshake.withheld_client_certificate {
            (
                format!(
                    "docker does not even send cert.pem: it was issued by {}, a CA the daemon does not name.{trusts}",
                    ours.as_ref().map_or("another CA", |cert| cert.issuer.as_str())
                ),
                "use the client folder (ca.pem, cert.pem, key.pem) of the bundle whose server/ the daemon runs: dockerd trusts only the CA of its --tlscacert".to_owned(),
            )
        } else {
            (
                format!("the daemon demands a client certificate and we have none.{trusts}"),
                "put this client's cert.pem and key.pem beside ca.pem in DOCKER_CERT_PATH"
                    .to_owned(),
            )
        };
        // Over TLS 1.3 the daemon refuses after the handshake: docker prints its alert, or, when
        // its own write meets the closed connection first, a reset.
        found.push(Finding::error(
            format!("{problem} (docker may also say \"connection reset by peer\" for this.)"),
            format!("remote error: tls: {words}"),
            fix,
        ));
        return found;
    }
    if !handshake.asked_for_client_certificate {
        found.push(Finding::warning(
            format!(
                "the daemon does not ask for a client certificate: its --tlsverify is off (--tlsverify=false, or \"tlsverify\": false in daemon.json), so anyone who reaches port {} controls Docker, which means root on its host",
                handshake.port
            ),
            "start dockerd with --tlsverify and --tlscacert (the bundle's override.conf or daemon.json does)",
        ));
        return found;
    }
    if handshake.demands == Some(false) {
        found.push(Finding::warning(
            format!(
                "the daemon asks for a client certificate but lets in clients without one: its --tlsverify is off, so anyone who reaches port {} controls Docker, which means root on its host",
                handshake.port
            ),
            "start dockerd with --tlsverify (the bundle's override.conf or daemon.json does)",
        ));
        return found;
    }
    if let Some(ours) = &ours
        && !named.is_empty()
        && !handshake.acceptable_client_cas.contains(&ours.issuer_raw)
    {
        found.push(Finding::warning(
            format!(
                "the daemon names other CAs for client certificates ({}) than ours, yet took it",
                named.join("; ")
            ),
            "nothing, if docker connects; check the daemon's --tlscacert",
        ));
    }
    found.push(Finding::ok(
        "the daemon demands a client certificate, and took ours".to_owned(),
    ));
    found
}

/// Whether a certificate's DNS name matches `host`, as Go matches them: case-insensitive, a
/// leading `*.` standing for exactly one label.
fn dns_matches(name: &str, host: &str) -> bool {
    let (name, host) = (
        name.trim_end_matches('.').to_ascii_lowercase(),
        host.trim_end_matches('.').to_ascii_lowercase(),
    );
    match name.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, host_rest)| !label.is_empty() && host_rest == rest),
        None => name == host,
    }
}

/// The issuer's distinguished name, DER, of the DER certificate `certificate`.
pub fn issuer_name_der(certificate: &[u8]) -> Option<Vec<u8>> {
    crate::x509::Certificate::read(certificate)
        .ok()
        .map(|cert| cert.issuer_der)
}

/// The DER of every `CERTIFICATE` block in `text`, in order (none if the PEM is damaged).
pub fn pem_certificates(text: &str) -> Vec<Vec<u8>> {
    crate::pem::blocks(text)
        .map(|blocks| {
            blocks
                .into_iter()
                .filter(|block| block.label == "CERTIFICATE")
                .map(|block| block.der.to_vec())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether any finding stops docker.
pub fn any_error(found: &[Finding]) -> bool {
    found.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests;
