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

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

use crate::key_pair::KeyPair;
use crate::verify::{self, KeyKind};

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

/// One thing found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong (or what was checked), for people.
    pub problem: String,
    /// What docker or Go prints for it, if it makes docker fail.
    pub docker_says: Option<String>,
    /// What to do.
    pub fix: String,
}

impl Finding {
    fn error(problem: impl Into<String>, says: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            problem: problem.into(),
            docker_says: Some(says.into()),
            fix: fix.into(),
        }
    }

    /// An error docker prints nothing of its own for: it goes on without the file.
    fn silent_error(problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            problem: problem.into(),
            docker_says: None,
            fix: fix.into(),
        }
    }

    fn warning(problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            problem: problem.into(),
            docker_says: None,
            fix: fix.into(),
        }
    }

    fn ok(what: impl Into<String>) -> Self {
        Self {
            severity: Severity::Ok,
            problem: what.into(),
            docker_says: None,
            fix: String::new(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Ok => "ok",
        };
        write!(f, "{mark}: {}", self.problem)?;
        if let Some(says) = &self.docker_says {
            write!(f, " (docker says: \"{says}\")")?;
        }
        if !self.fix.is_empty() {
            write!(f, "; fix: {}", self.fix)?;
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
        let (_, cert) = X509Certificate::from_der(der).ok()?;
        let mut parsed = Self {
            subject: crate::inspect::name_text(cert.subject()),
            issuer: crate::inspect::name_text(cert.issuer()),
            issuer_raw: cert.issuer().as_raw().to_vec(),
            subject_raw: cert.subject().as_raw().to_vec(),
            is_ca: false,
            eku: None,
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            dns: Vec::new(),
            ips: Vec::new(),
            common_name: cert
                .subject()
                .iter_common_name()
                .next()
                .and_then(|cn| cn.as_str().ok())
                .map(str::to_owned),
            key: key_of(&cert),
            spki_der: cert.public_key().raw.to_vec(),
            tbs: cert.tbs_certificate.as_ref().to_vec(),
            signature_oid: cert.signature_algorithm.algorithm.to_id_string(),
            signature: cert.signature_value.data.to_vec(),
        };
        for extension in cert.extensions() {
            match extension.parsed_extension() {
                ParsedExtension::BasicConstraints(bc) => parsed.is_ca = bc.ca,
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    parsed.eku = Some(crate::inspect::eku_names(eku));
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    for name in &san.general_names {
                        match name {
                            GeneralName::DNSName(dns) => parsed.dns.push(dns.to_string()),
                            GeneralName::IPAddress(bytes) => {
                                if let Ok(v4) = <[u8; 4]>::try_from(*bytes) {
                                    parsed.ips.push(IpAddr::from(v4));
                                } else if let Ok(v6) = <[u8; 16]>::try_from(*bytes) {
                                    parsed.ips.push(IpAddr::from(v6));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Some(parsed)
    }

    /// Whether an extendedKeyUsage allows `purpose` (absent allows everything, as in Go).
    fn allows(&self, purpose: &str) -> bool {
        self.eku.as_ref().is_none_or(|eku| {
            eku.iter()
                .any(|p| p == purpose || p == "anyExtendedKeyUsage")
        })
    }

    /// An error when this certificate (`what`, for people) is not valid at `now`, in Go's words
    /// after `says_prefix`, with `ended_fix`; a warning with `soon_fix` when it ends within
    /// [`SOON`]; nothing otherwise.
    fn validity(
        &self,
        what: &str,
        now: OffsetDateTime,
        says_prefix: &str,
        ended_fix: &str,
        soon_fix: &str,
    ) -> Option<Finding> {
        if now > self.not_after || now < self.not_before {
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

fn key_of(cert: &X509Certificate<'_>) -> Option<(KeyKind, Vec<u8>)> {
    let spki = cert.public_key();
    let (algorithm, curve) = crate::inspect::key_algorithm(spki);
    let kind = match (algorithm.as_str(), curve.as_deref()) {
        ("1.2.840.10045.2.1", Some("1.2.840.10045.3.1.7")) => KeyKind::P256,
        ("1.2.840.10045.2.1", Some("1.3.132.0.34")) => KeyKind::P384,
        ("1.3.101.112", _) => KeyKind::Ed25519,
        ("1.2.840.113549.1.1.1", _) => KeyKind::Rsa,
        _ => return None,
    };
    Some((kind, spki.subject_public_key.data.to_vec()))
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
        found.push(Finding::error(
            "ca.pem is missing from the certificate folder",
            "ca.pem: no such file or directory",
            "copy ca.pem from the bundle's clients/NAME/ folder into DOCKER_CERT_PATH",
        ));
        return Vec::new();
    };
    let Some(cas) = certificates(bytes) else {
        found.push(Finding::error(
            "ca.pem holds no certificate",
            "ca.pem seems invalid",
            "ca.pem must be the CA certificate (-----BEGIN CERTIFICATE-----); copy clients/NAME/ca.pem from the bundle",
        ));
        return Vec::new();
    };
    for ca in &cas {
        if !ca.is_ca {
            found.push(Finding::error(
                format!("ca.pem holds \"{}\", which is not a CA certificate (no basicConstraints CA:TRUE)", ca.subject),
                "x509: certificate signed by unknown authority",
                "put the certificate of the CA that signed the daemon's certificate into ca.pem, not a server or client certificate",
            ));
        }
        if let Some(eku) = ca.eku.as_ref().filter(|eku| !eku.is_empty()) {
            let both = ca.allows("serverAuth") && ca.allows("clientAuth");
            let finding = format!(
                "the CA \"{}\" carries an extended key usage ({}): Go applies it to every certificate below the CA",
                ca.subject,
                eku.join(", ")
            );
            if both {
                found.push(Finding::warning(
                    finding,
                    "a CA should have no extendedKeyUsage; portcullis bundle makes CAs without one",
                ));
            } else {
                found.push(Finding::error(
                    finding,
                    "x509: certificate specifies an incompatible key usage",
                    "make a CA without extendedKeyUsage (portcullis bundle does), or with both serverAuth and clientAuth",
                ));
            }
        }
        found.extend(ca.validity(
            &format!("the CA \"{}\"", ca.subject),
            now,
            "",
            "replace the CA: portcullis rotate-ca, or portcullis bundle for a new PKI",
            "replace it before then without locking anyone out: portcullis rotate-ca",
        ));
    }
    if found.is_empty() {
        let names: Vec<&str> = cas.iter().map(|ca| ca.subject.as_str()).collect();
        found.push(Finding::ok(format!("ca.pem: {}", names.join("; "))));
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
        found.push(Finding::silent_error(
            "cert.pem is missing from the certificate folder: docker then sends no client certificate, and a daemon with --tlsverify refuses it",
            "copy cert.pem (this client's certificate) from the bundle's clients/NAME/ folder",
        ));
        return None;
    };
    let Some(mut certs) = certificates(bytes) else {
        found.push(Finding::error(
            "cert.pem holds no certificate",
            "tls: failed to find any PEM data in certificate input",
            "cert.pem must be this client's certificate; copy clients/NAME/cert.pem from the bundle",
        ));
        return None;
    };
    let cert = certs.remove(0);
    let before = found.len();
    if cert.is_ca {
        found.push(Finding::error(
            format!(
                "cert.pem is a CA certificate (\"{}\"), not a client's",
                cert.subject
            ),
            "remote error: tls: bad certificate",
            "use the client certificate from clients/NAME/cert.pem",
        ));
    }
    if !cert.allows("clientAuth") {
        found.push(Finding::error(
            format!(
                "cert.pem (\"{}\") is not for clients: its extended key usage is {}, without clientAuth",
                cert.subject,
                cert.eku.as_deref().unwrap_or_default().join(", ")
            ),
            "x509: certificate specifies an incompatible key usage",
            "issue a client certificate (extendedKeyUsage clientAuth): portcullis sign --profile client, or the bundle's clients/NAME/cert.pem",
        ));
    }
    found.extend(cert.validity(
        &format!("cert.pem (\"{}\")", cert.subject),
        now,
        "",
        "renew it: portcullis renew --bundle OLD.zip, or portcullis sign --profile client",
        "renew it before then: portcullis renew --bundle OLD.zip",
    ));
    if !cas.is_empty() && !cas.iter().any(|ca| cert.signed_by(ca)) {
        found.push(Finding::error(
            format!(
                "cert.pem (\"{}\") was not issued by the CA in ca.pem: the daemon, which trusts that CA, refuses it",
                cert.subject
            ),
            "remote error: tls: bad certificate",
            "use ca.pem, cert.pem and key.pem from one and the same clients/NAME/ folder of the daemon's bundle",
        ));
    }
    if found.len() == before {
        found.push(Finding::ok(format!(
            "cert.pem: \"{}\", clientAuth, valid until {}, issued by the CA in ca.pem",
            cert.subject,
            date(cert.not_after)
        )));
    }
    Some(cert)
}

fn check_key_file(files: &ClientFiles<'_>, cert: Option<&Cert>, found: &mut Vec<Finding>) {
    let Some(bytes) = files.key else {
        found.push(Finding::silent_error(
            "key.pem is missing from the certificate folder: docker then sends no client certificate, and a daemon with --tlsverify refuses it",
            "copy key.pem (this client's private key) from the bundle's clients/NAME/ folder",
        ));
        return;
    };
    let text = core::str::from_utf8(bytes).unwrap_or_default();
    if text.contains("ENCRYPTED") || text.contains("Proc-Type: 4,ENCRYPTED") {
        found.push(Finding::error(
            "key.pem is encrypted, and docker cannot ask for its passphrase",
            "tls: failed to parse private key",
            "decrypt it into a file of mode 0400: openssl pkey -in key.pem -out key-plain.pem",
        ));
        return;
    }
    let key = match KeyPair::from_pem(text, None, crate::Field::Document) {
        Ok(key) => key,
        Err(_) => {
            found.push(Finding::error(
                "key.pem holds no private key Portcullis or docker can read",
                "no valid private key found",
                "key.pem must be this client's private key; copy clients/NAME/key.pem from the bundle",
            ));
            return;
        }
    };
    let before = found.len();
    if let Some(cert) = cert
        && key.spki_der() != cert.spki_der.as_slice()
    {
        found.push(Finding::error(
            "key.pem is not the key of cert.pem",
            "tls: private key does not match public key",
            "use cert.pem and key.pem from the same clients/NAME/ folder",
        ));
    }
    if let Some(mode) = files.key_mode.filter(|mode| mode & 0o077 != 0) {
        found.push(Finding::warning(
            format!("key.pem can be read by others (mode {:04o})", mode & 0o7777),
            "chmod 0400 key.pem",
        ));
    }
    if found.len() == before {
        found.push(Finding::ok(format!(
            "key.pem: {}, the key of cert.pem",
            key.key_type().description()
        )));
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
    let refuse = |problem: String| {
        Finding {
        severity: Severity::Error,
        problem,
        docker_says: None,
        fix: "set DOCKER_HOST=tcp://HOST:2376 (the host's name or address as its certificate lists it)".to_owned(),
    }
    };
    if value.is_empty() {
        return Err(refuse(
            "DOCKER_HOST is not set, so docker talks to the local socket, not to a daemon over TLS"
                .to_owned(),
        ));
    }
    let rest = value
        .strip_prefix("tcp://")
        .or_else(|| value.strip_prefix("https://"))
        .ok_or_else(|| {
            refuse(format!(
                "DOCKER_HOST is `{value}`: TLS needs a tcp:// address"
            ))
        })?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| refuse(format!("DOCKER_HOST `{value}` has no closing ]")))?;
            (host.to_owned(), after.strip_prefix(':'))
        }
        None => match rest.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host.to_owned(), Some(port)),
            _ => (rest.to_owned(), None),
        },
    };
    if host.is_empty() {
        return Err(refuse(format!("DOCKER_HOST `{value}` names no host")));
    }
    let port = match port {
        None => 2376,
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| refuse(format!("DOCKER_HOST `{value}` has no valid port")))?,
    };
    let mut found = Vec::new();
    if port == 2375 {
        found.push(Finding::warning(
            "port 2375 is, by convention, Docker's unencrypted port; TLS daemons listen on 2376",
            "if the daemon really serves TLS on 2375, it works, but use 2376 to avoid confusion with plain HTTP",
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
    found.extend(leaf.validity(
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
        .filter_map(|der| {
            x509_parser::x509::X509Name::from_der(der)
                .ok()
                .map(|(_, name)| crate::inspect::name_text(&name))
        })
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
    X509Certificate::from_der(certificate)
        .ok()
        .map(|(_, cert)| cert.issuer().as_raw().to_vec())
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
