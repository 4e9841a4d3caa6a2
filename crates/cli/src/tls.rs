//! The TLS probe behind `doctor`: one TLS 1.3 connection to a Docker daemon's TCP port, and a
//! report of what the daemon showed (its certificate chain; whether, and from which CAs, it asks
//! for a client certificate) and of what happened (its answer to `GET /_ping`, a TLS alert, plain
//! HTTP, a refused connection).
//!
//! rustls speaks the protocol. The cryptography under it is a `CryptoProvider` of our own on the
//! RustCrypto crates, so that no ring, aws-lc-rs or other C or assembly cryptography reaches the
//! binary: SHA-256/384 (`sha2`), HMAC and thence HKDF (`hmac`), AES-128/256-GCM (`aes-gcm`), key
//! exchange on X25519 (`curve25519-dalek`), P-256 and P-384 (`p256`, `p384`), and signatures with
//! ECDSA, Ed25519 (`ed25519-dalek`) and RSA (`rsa`). Randomness is the operating system's.
//!
//! The probe accepts whatever chain the daemon presents (doctor judges the chain itself) but
//! checks the daemon's CertificateVerify signature for real: a server that cannot prove it holds
//! the key of the certificate it presents fails the probe.

use std::fmt;
use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use aes_gcm::aead::{self, AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use curve25519_dalek::montgomery::MontgomeryPoint;
use hmac::Mac;
use hmac::digest::block_api::EagerHash;
use p256::elliptic_curve::Generate;
use p256::pkcs8::DecodePrivateKey;
use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::traits::PublicKeyParts;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, Resumption};
use rustls::crypto::cipher::{
    AeadKey, InboundOpaqueMessage, InboundPlainMessage, Iv, MessageDecrypter, MessageEncrypter,
    Nonce, OutboundOpaqueMessage, OutboundPlainMessage, PrefixedPayload, Tls13AeadAlgorithm,
    UnsupportedOperationError, make_tls13_aad,
};
use rustls::crypto::hash::HashAlgorithm;
use rustls::crypto::tls13::HkdfUsingHmac;
use rustls::crypto::{
    ActiveKeyExchange, CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, SharedSecret,
    SupportedKxGroup, WebPkiSupportedAlgorithms,
};
use rustls::sign::{CertifiedKey, public_key_to_spki};
use rustls::{
    CipherSuite, CipherSuiteCommon, ClientConfig, ClientConnection, ConnectionTrafficSecrets,
    ContentType, DigitallySignedStruct, Error, InconsistentKeys, NamedGroup, PeerMisbehaved,
    ProtocolVersion, SignatureAlgorithm, SignatureScheme, SupportedCipherSuite, Tls13CipherSuite,
};
use rustls_pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, PrivateKeyDer, ServerName,
    SignatureVerificationAlgorithm, SubjectPublicKeyInfoDer, UnixTime, alg_id,
};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::{Signer as _, Verifier as _};
use zeroize::Zeroizing;

/// What one TLS connection to a daemon showed.
#[derive(Debug)]
pub struct Probe {
    /// The certificates the daemon presented, DER, its own first.
    pub chain: Vec<Vec<u8>>,
    /// Whether the daemon asked for a client certificate (sent a CertificateRequest).
    pub asked_for_client_certificate: bool,
    /// The CA names (DER-encoded X.501 distinguished names) the daemon said it accepts client
    /// certificates from, if it asked.
    pub acceptable_client_cas: Vec<Vec<u8>>,
    /// Whether we sent a client certificate.
    pub sent_client_certificate: bool,
    /// Whether we had one but kept it back, as Go's client (the docker CLI) does: the daemon
    /// named the CAs it takes client certificates from, and ours was issued by none of them.
    pub withheld_client_certificate: bool,
    /// The outcome: Ok(status line and body of the HTTP response to `GET /_ping`, joined by a
    /// newline) once the handshake completed and the daemon answered over it, or Err with what
    /// failed.
    pub outcome: Result<String, ProbeError>,
}

#[derive(Debug)]
pub enum ProbeError {
    /// TCP connect failed (refused, timeout, unreachable): the io error text.
    Connect(String),
    /// The daemon sent a TLS alert, e.g. "BadCertificate", "UnknownCA", "CertificateRequired"
    /// (rustls' `AlertDescription` Debug name), during the handshake or when it read our first
    /// request (in TLS 1.3 the server checks the client certificate after the client thinks the
    /// handshake is done, so the alert arrives when reading the response).
    Alert(String),
    /// The daemon does not speak TLS on that port (e.g. plain HTTP on 2375: the first bytes are
    /// not a TLS record).
    NotTls,
    /// Anything else, as text.
    Other(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect(err) => write!(f, "cannot connect: {err}"),
            Self::Alert(alert) => write!(
                f,
                "the daemon ended the connection with the TLS alert {alert}"
            ),
            Self::NotTls => f.write_str(
                "the daemon does not speak TLS on this port (it answered in plain text)",
            ),
            Self::Other(err) => f.write_str(err),
        }
    }
}

impl std::error::Error for ProbeError {}

/// The client's identity to present: its certificate chain (DER, own first) and PKCS#8 DER
/// private key (ECDSA P-256, ECDSA P-384, Ed25519 or RSA 2048–4096).
pub struct ClientIdentity {
    pub chain: Vec<Vec<u8>>,
    pub key_pkcs8_der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field(
                "chain",
                &format_args!("{} certificate(s)", self.chain.len()),
            )
            .finish_non_exhaustive()
    }
}

/// The most of the daemon's answer the probe keeps.
const RESPONSE_CAP: usize = 64 * 1024;

/// Connects to host:port (host: DNS name or IP literal; IPv6 literal without brackets), offers
/// SNI = host when it is a DNS name, and probes. Never panics; every failure is in
/// `Probe::outcome`. `timeout` applies to connect and to each read/write.
pub fn probe(host: &str, port: u16, client: Option<&ClientIdentity>, timeout: Duration) -> Probe {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let outcome = run(host, port, client, timeout, &seen);
    let seen = std::mem::take(&mut *lock(&seen));
    Probe {
        chain: seen.chain,
        asked_for_client_certificate: seen.asked,
        acceptable_client_cas: seen.acceptable_cas,
        sent_client_certificate: seen.sent,
        withheld_client_certificate: seen.withheld,
        outcome,
    }
}

/// What the handshake showed, filled in by the certificate verifier and the client certificate
/// resolver as rustls calls them.
#[derive(Debug, Default)]
struct Seen {
    chain: Vec<Vec<u8>>,
    asked: bool,
    acceptable_cas: Vec<Vec<u8>>,
    sent: bool,
    withheld: bool,
}

type Shared = Arc<Mutex<Seen>>;

fn lock(seen: &Mutex<Seen>) -> MutexGuard<'_, Seen> {
    seen.lock().unwrap_or_else(PoisonError::into_inner)
}

fn run(
    host: &str,
    port: u16,
    client: Option<&ClientIdentity>,
    timeout: Duration,
    seen: &Shared,
) -> Result<String, ProbeError> {
    let host = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    let certified = client.map(certified_key).transpose()?;
    // An IP address gives `ServerName::IpAddress`, for which rustls sends no SNI.
    let server_name = ServerName::try_from(host.to_owned()).map_err(|_| {
        ProbeError::Other(format!("`{host}` is neither a DNS name nor an IP address"))
    })?;
    let config = client_config(certified, seen)?;
    let conn = ClientConnection::new(Arc::new(config), server_name)
        .map_err(|err| ProbeError::Other(format!("TLS: {err}")))?;
    let socket = connect(host, port, timeout)?;
    let mut session = Session {
        conn,
        socket: Socket(socket),
        first_bytes: Vec::new(),
        eof: false,
        timeout,
    };
    session.handshake()?;
    let request = format!(
        "GET /_ping HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        host_header(host, port)
    );
    session.exchange(request.as_bytes())
}

fn host_header(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, ProbeError> {
    let addrs = (host, port)
        .to_socket_addrs()
        .map_err(|err| ProbeError::Connect(format!("cannot resolve {host}: {err}")))?;
    let mut last_error = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(socket) => {
                let configured = socket
                    .set_read_timeout(Some(timeout))
                    .and_then(|()| socket.set_write_timeout(Some(timeout)))
                    .and_then(|()| socket.set_nodelay(true));
                return match configured {
                    Ok(()) => Ok(socket),
                    Err(err) => Err(ProbeError::Connect(format!("{addr}: {err}"))),
                };
            }
            Err(err) => last_error = Some(format!("{addr}: {err}")),
        }
    }
    Err(ProbeError::Connect(
        last_error.unwrap_or_else(|| format!("{host} has no address")),
    ))
}

fn client_config(
    certified: Option<Arc<CertifiedKey>>,
    seen: &Shared,
) -> Result<ClientConfig, ProbeError> {
    let mut config = ClientConfig::builder_with_provider(Arc::new(provider()))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|err| ProbeError::Other(format!("TLS: {err}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(RecordingVerifier(Arc::clone(seen))))
        .with_client_cert_resolver(Arc::new(RecordingResolver {
            seen: Arc::clone(seen),
            issuers: certified
                .as_ref()
                .map(|certified| {
                    certified
                        .cert
                        .iter()
                        .filter_map(|der| portcullis_pki::issuer_name_der(der.as_ref()))
                        .collect()
                })
                .unwrap_or_default(),
            key: certified,
        }));
    // One connection, nothing to resume.
    config.resumption = Resumption::disabled();
    Ok(config)
}

fn certified_key(identity: &ClientIdentity) -> Result<Arc<CertifiedKey>, ProbeError> {
    if identity.chain.is_empty() {
        return Err(ProbeError::Other(
            "the client identity has no certificate".to_owned(),
        ));
    }
    let key = load_signing_key(&identity.key_pkcs8_der)
        .map_err(|err| ProbeError::Other(format!("the client key: {err}")))?;
    let chain = identity
        .chain
        .iter()
        .map(|der| CertificateDer::from(der.clone()))
        .collect();
    let certified = CertifiedKey::new(chain, key);
    match certified.keys_match() {
        Ok(()) => Ok(Arc::new(certified)),
        Err(Error::InconsistentKeys(InconsistentKeys::KeyMismatch)) => Err(ProbeError::Other(
            "the client key does not belong to the client certificate".to_owned(),
        )),
        Err(err) => Err(ProbeError::Other(format!("the client certificate: {err}"))),
    }
}

/// One connection: rustls' state and the socket, driven by hand so that every rustls error
/// (an alert above all) reaches us as itself, and the daemon's first bytes can be looked at.
struct Session {
    conn: ClientConnection,
    socket: Socket,
    /// The first bytes the daemon sent (up to a TLS record header).
    first_bytes: Vec<u8>,
    eof: bool,
    timeout: Duration,
}

impl Session {
    fn handshake(&mut self) -> Result<(), ProbeError> {
        loop {
            self.flush()?;
            if !self.conn.is_handshaking() {
                return Ok(());
            }
            if self.read_records()? == 0 {
                return Err(ProbeError::Other(if self.first_bytes.is_empty() {
                    "the daemon closed the connection without answering the TLS handshake"
                        .to_owned()
                } else {
                    "the daemon closed the connection during the TLS handshake".to_owned()
                }));
            }
        }
    }

    /// Sends `request` and reads the answer until the daemon closes the connection.
    fn exchange(&mut self, request: &[u8]) -> Result<String, ProbeError> {
        self.conn
            .writer()
            .write_all(request)
            .map_err(|err| ProbeError::Other(format!("TLS: {err}")))?;
        self.flush()?;
        let mut response = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            loop {
                match self.conn.reader().read(&mut buf) {
                    // close_notify.
                    Ok(0) => return answer(&response),
                    Ok(n) => {
                        response.extend_from_slice(buf.get(..n).unwrap_or_default());
                        if response.len() >= RESPONSE_CAP {
                            response.truncate(RESPONSE_CAP);
                            return answer(&response);
                        }
                    }
                    Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                        if self.eof {
                            return answer(&response);
                        }
                        break;
                    }
                    // Closed without close_notify: the end of the answer all the same.
                    Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => {
                        return answer(&response);
                    }
                    Err(err) => {
                        return Err(ProbeError::Other(format!("reading the answer: {err}")));
                    }
                }
            }
            self.flush()?;
            self.read_records()?;
        }
    }

    /// Writes everything rustls has to send.
    fn flush(&mut self) -> Result<(), ProbeError> {
        while self.conn.wants_write() {
            if let Err(err) = self.conn.write_tls(&mut self.socket) {
                return Err(self.after_write_error(&err));
            }
        }
        Ok(())
    }

    /// A write failed: the daemon may have sent an alert and closed the connection, and the
    /// alert says more than the broken pipe does.
    fn after_write_error(&mut self, err: &io::Error) -> ProbeError {
        for _ in 0..16 {
            match self.read_records() {
                Ok(0) => break,
                Ok(_) => {}
                Err(alert @ (ProbeError::Alert(_) | ProbeError::NotTls)) => return alert,
                Err(_) => break,
            }
        }
        self.io_error("sending to the daemon", err)
    }

    /// Reads what the socket has and lets rustls process it; 0 at the end of the stream.
    fn read_records(&mut self) -> Result<usize, ProbeError> {
        let mut reader = FirstBytes {
            socket: &mut self.socket,
            first_bytes: &mut self.first_bytes,
        };
        let read = self.conn.read_tls(&mut reader);
        if !looks_like_tls(&self.first_bytes) {
            return Err(ProbeError::NotTls);
        }
        let n = read.map_err(|err| self.io_error("receiving from the daemon", &err))?;
        if n == 0 {
            self.eof = true;
        }
        if let Err(err) = self.conn.process_new_packets() {
            // rustls has queued an alert of its own for the daemon: send it if we can.
            while self.conn.wants_write() {
                if self.conn.write_tls(&mut self.socket).is_err() {
                    break;
                }
            }
            return Err(tls_error(err));
        }
        Ok(n)
    }

    fn io_error(&self, doing: &str, err: &io::Error) -> ProbeError {
        match err.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ProbeError::Other(format!(
                "{doing}: timed out after {} s",
                self.timeout.as_secs_f64()
            )),
            _ => ProbeError::Other(format!("{doing}: {err}")),
        }
    }
}

/// The TCP connection, reads and writes retried when a signal interrupts them.
struct Socket(TcpStream);

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.0.read(buf) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                result => return result,
            }
        }
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        loop {
            match self.0.write(buf) {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                result => return result,
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A reader over the socket that keeps the first bytes it reads.
struct FirstBytes<'a> {
    socket: &'a mut Socket,
    first_bytes: &'a mut Vec<u8>,
}

/// The length of a TLS record header.
const RECORD_HEADER_LEN: usize = 5;

impl Read for FirstBytes<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.socket.read(buf)?;
        let wanted = RECORD_HEADER_LEN.saturating_sub(self.first_bytes.len());
        self.first_bytes
            .extend(buf.iter().take(n.min(wanted)).copied());
        Ok(n)
    }
}

/// Whether what a server sent first can be the start of TLS: a handshake record (ServerHello)
/// or an alert, of record version 3.x.
fn looks_like_tls(first_bytes: &[u8]) -> bool {
    match first_bytes {
        [] => true,
        [content_type, rest @ ..] => {
            matches!(content_type, 0x15 | 0x16) && rest.first().is_none_or(|major| *major == 3)
        }
    }
}

fn tls_error(err: Error) -> ProbeError {
    match err {
        Error::AlertReceived(alert) => ProbeError::Alert(format!("{alert:?}")),
        other => ProbeError::Other(format!("TLS: {other}")),
    }
}

/// The status line and the body of an HTTP response, joined by a newline.
fn answer(raw: &[u8]) -> Result<String, ProbeError> {
    if raw.is_empty() {
        return Err(ProbeError::Other(
            "the daemon closed the connection without answering GET /_ping".to_owned(),
        ));
    }
    let (head, body) = match find(raw, b"\r\n\r\n") {
        Some(end) => (
            raw.get(..end).unwrap_or_default(),
            raw.get(end + 4..).unwrap_or_default(),
        ),
        None => (raw, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let status = head.lines().next().unwrap_or_default();
    let chunked = head.lines().skip(1).any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("transfer-encoding")
                && value.trim().eq_ignore_ascii_case("chunked")
        })
    });
    let body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    Ok(format!("{status}\n{}", String::from_utf8_lossy(&body)))
}

/// The body of a `Transfer-Encoding: chunked` response, or None if it is not well formed (or
/// cut short).
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = find(rest, b"\r\n")?;
        let size = std::str::from_utf8(rest.get(..line_end)?).ok()?;
        let size = size.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        rest = rest.get(line_end + 2..)?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

// ---------------------------------------------------------------------------------------------
// The certificate verifier and the client certificate resolver.

/// Accepts any chain, after recording it; checks the handshake signature for real.
#[derive(Debug)]
struct RecordingVerifier(Shared);

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        lock(&self.0).chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|cert| cert.as_ref().to_vec())
            .collect();
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &SIGNATURE_ALGORITHMS)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &SIGNATURE_ALGORITHMS)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        SIGNATURE_ALGORITHMS.supported_schemes()
    }
}

/// Records that the daemon asked for a client certificate, and from which CAs, and answers with
/// ours if we have one the daemon can take.
#[derive(Debug)]
struct RecordingResolver {
    seen: Shared,
    key: Option<Arc<CertifiedKey>>,
    /// The issuers' names (DER) of our chain's certificates.
    issuers: Vec<Vec<u8>>,
}

impl ResolvesClientCert for RecordingResolver {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let mut seen = lock(&self.seen);
        seen.asked = true;
        seen.acceptable_cas = root_hint_subjects
            .iter()
            .map(|name| name.to_vec())
            .collect();
        // As Go's client (the docker CLI) chooses: when the daemon names the CAs it takes, a
        // chain none of whose certificates one of them issued is not sent at all.
        if self.key.is_some()
            && !root_hint_subjects.is_empty()
            && !self
                .issuers
                .iter()
                .any(|issuer| root_hint_subjects.contains(&issuer.as_slice()))
        {
            seen.withheld = true;
            return None;
        }
        // rustls sends the certificate only if the key can sign with a scheme the daemon takes.
        let key = self
            .key
            .as_ref()
            .filter(|key| key.key.choose_scheme(sigschemes).is_some())?;
        seen.sent = true;
        Some(Arc::clone(key))
    }

    fn has_certs(&self) -> bool {
        self.key.is_some()
    }
}

// ---------------------------------------------------------------------------------------------
// The crypto provider.

fn provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: vec![TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384],
        kx_groups: vec![&X25519, &SECP256R1, &SECP384R1],
        signature_verification_algorithms: SIGNATURE_ALGORITHMS,
        secure_random: &OsCrypto,
        key_provider: &OsCrypto,
    }
}

/// The operating system's randomness, and loading PKCS#8 keys.
#[derive(Debug)]
struct OsCrypto;

impl SecureRandom for OsCrypto {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        getrandom::fill(buf).map_err(|_| GetRandomFailed)
    }
}

impl KeyProvider for OsCrypto {
    fn load_private_key(
        &self,
        key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, Error> {
        match &key_der {
            PrivateKeyDer::Pkcs8(key) => {
                load_signing_key(key.secret_pkcs8_der()).map_err(Error::General)
            }
            _ => Err(Error::General(
                "only PKCS#8 private keys are supported".to_owned(),
            )),
        }
    }
}

// Hashes.

struct Sha<D> {
    algorithm: HashAlgorithm,
    digest: PhantomData<fn() -> D>,
}

static SHA256: Sha<Sha256> = Sha {
    algorithm: HashAlgorithm::SHA256,
    digest: PhantomData,
};
static SHA384: Sha<Sha384> = Sha {
    algorithm: HashAlgorithm::SHA384,
    digest: PhantomData,
};

impl<D: Digest + Clone + Send + Sync + 'static> rustls::crypto::hash::Hash for Sha<D> {
    fn start(&self) -> Box<dyn rustls::crypto::hash::Context> {
        Box::new(ShaContext(D::new()))
    }

    fn hash(&self, data: &[u8]) -> rustls::crypto::hash::Output {
        rustls::crypto::hash::Output::new(&D::digest(data))
    }

    fn output_len(&self) -> usize {
        <D as Digest>::output_size()
    }

    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }
}

struct ShaContext<D>(D);

impl<D: Digest + Clone + Send + Sync + 'static> rustls::crypto::hash::Context for ShaContext<D> {
    fn fork_finish(&self) -> rustls::crypto::hash::Output {
        rustls::crypto::hash::Output::new(&self.0.clone().finalize())
    }

    fn fork(&self) -> Box<dyn rustls::crypto::hash::Context> {
        Box::new(Self(self.0.clone()))
    }

    fn finish(self: Box<Self>) -> rustls::crypto::hash::Output {
        rustls::crypto::hash::Output::new(&self.0.finalize())
    }

    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }
}

// HMAC, and HKDF on it.

struct HmacSha<D>(PhantomData<fn() -> D>);

static HMAC_SHA256: HmacSha<Sha256> = HmacSha(PhantomData);
static HMAC_SHA384: HmacSha<Sha384> = HmacSha(PhantomData);
static HKDF_SHA256: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA256);
static HKDF_SHA384: HkdfUsingHmac<'static> = HkdfUsingHmac(&HMAC_SHA384);

impl<D> rustls::crypto::hmac::Hmac for HmacSha<D>
where
    D: EagerHash + 'static,
    hmac::Hmac<D>: Mac + KeyInit + Clone + Send + Sync,
{
    fn with_key(&self, key: &[u8]) -> Box<dyn rustls::crypto::hmac::Key> {
        // HMAC takes keys of any length: this cannot fail.
        Box::new(HmacKey(hmac::Hmac::<D>::new_from_slice(key).ok()))
    }

    fn hash_output_len(&self) -> usize {
        <hmac::Hmac<D> as hmac::digest::OutputSizeUser>::output_size()
    }
}

struct HmacKey<M>(Option<M>);

impl<M: Mac + Clone + Send + Sync> rustls::crypto::hmac::Key for HmacKey<M> {
    fn sign_concat(
        &self,
        first: &[u8],
        middle: &[&[u8]],
        last: &[u8],
    ) -> rustls::crypto::hmac::Tag {
        let Some(mac) = &self.0 else {
            // Unreachable (see `with_key`); a wrong tag fails the handshake, it does not panic.
            return rustls::crypto::hmac::Tag::new(&vec![0; self.tag_len()]);
        };
        let mut mac = mac.clone();
        Mac::update(&mut mac, first);
        for part in middle {
            Mac::update(&mut mac, part);
        }
        Mac::update(&mut mac, last);
        rustls::crypto::hmac::Tag::new(&mac.finalize().into_bytes())
    }

    fn tag_len(&self) -> usize {
        <M as hmac::digest::OutputSizeUser>::output_size()
    }
}

// The cipher suites: AES-GCM records as TLS 1.3 wants them.

static TLS13_AES_128_GCM_SHA256: SupportedCipherSuite =
    SupportedCipherSuite::Tls13(&Tls13CipherSuite {
        common: CipherSuiteCommon {
            suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
            hash_provider: &SHA256,
            // 2^24 full-size records per key: an attacker's advantage stays under 2^-60.
            confidentiality_limit: 1 << 24,
        },
        hkdf_provider: &HKDF_SHA256,
        aead_alg: &GcmAead(GcmKey::Aes128),
        quic: None,
    });

static TLS13_AES_256_GCM_SHA384: SupportedCipherSuite =
    SupportedCipherSuite::Tls13(&Tls13CipherSuite {
        common: CipherSuiteCommon {
            suite: CipherSuite::TLS13_AES_256_GCM_SHA384,
            hash_provider: &SHA384,
            confidentiality_limit: 1 << 24,
        },
        hkdf_provider: &HKDF_SHA384,
        aead_alg: &GcmAead(GcmKey::Aes256),
        quic: None,
    });

#[derive(Clone, Copy, Debug)]
enum GcmKey {
    Aes128,
    Aes256,
}

struct GcmAead(GcmKey);

/// The length of an AES-GCM tag.
const GCM_TAG_LEN: usize = 16;

impl Tls13AeadAlgorithm for GcmAead {
    fn encrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageEncrypter> {
        match self.0 {
            GcmKey::Aes128 => Box::new(Gcm::<Aes128Gcm>::new(&key, iv)),
            GcmKey::Aes256 => Box::new(Gcm::<Aes256Gcm>::new(&key, iv)),
        }
    }

    fn decrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageDecrypter> {
        match self.0 {
            GcmKey::Aes128 => Box::new(Gcm::<Aes128Gcm>::new(&key, iv)),
            GcmKey::Aes256 => Box::new(Gcm::<Aes256Gcm>::new(&key, iv)),
        }
    }

    fn key_len(&self) -> usize {
        match self.0 {
            GcmKey::Aes128 => 16,
            GcmKey::Aes256 => 32,
        }
    }

    fn extract_keys(
        &self,
        key: AeadKey,
        iv: Iv,
    ) -> Result<ConnectionTrafficSecrets, UnsupportedOperationError> {
        Ok(match self.0 {
            GcmKey::Aes128 => ConnectionTrafficSecrets::Aes128Gcm { key, iv },
            GcmKey::Aes256 => ConnectionTrafficSecrets::Aes256Gcm { key, iv },
        })
    }
}

/// One direction's AES-GCM key (zeroized on drop by `aes`/`aes-gcm`) and IV.
struct Gcm<C> {
    /// None only if rustls passed a key of the wrong length, which it does not; then every
    /// record fails.
    cipher: Option<C>,
    iv: Iv,
}

impl<C: KeyInit> Gcm<C> {
    fn new(key: &AeadKey, iv: Iv) -> Self {
        Self {
            cipher: C::new_from_slice(key.as_ref()).ok(),
            iv,
        }
    }
}

impl<C: AeadInOut + Send + Sync> Gcm<C> {
    /// The nonce of record `seq`: the IV XOR the sequence number.
    fn nonce(&self, seq: u64) -> Option<aead::Nonce<C>> {
        aead::Nonce::<C>::try_from(&Nonce::new(&self.iv, seq).0[..]).ok()
    }
}

impl<C: AeadInOut + Send + Sync> MessageEncrypter for Gcm<C> {
    fn encrypt(
        &mut self,
        msg: OutboundPlainMessage<'_>,
        seq: u64,
    ) -> Result<OutboundOpaqueMessage, Error> {
        let cipher = self.cipher.as_ref().ok_or(Error::EncryptError)?;
        let nonce = self.nonce(seq).ok_or(Error::EncryptError)?;
        let total_len = self.encrypted_payload_len(msg.payload.len());
        // TLSInnerPlaintext: the content, then its real type.
        let mut payload = PrefixedPayload::with_capacity(total_len);
        payload.extend_from_chunks(&msg.payload);
        payload.extend_from_slice(&[u8::from(msg.typ)]);
        let tag = cipher
            .encrypt_inout_detached(&nonce, &make_tls13_aad(total_len), payload.as_mut().into())
            .map_err(|_| Error::EncryptError)?;
        payload.extend_from_slice(tag.as_slice());
        // All TLS 1.3 records are "application data" of record version TLS 1.2 outside.
        Ok(OutboundOpaqueMessage::new(
            ContentType::ApplicationData,
            ProtocolVersion::TLSv1_2,
            payload,
        ))
    }

    fn encrypted_payload_len(&self, payload_len: usize) -> usize {
        payload_len + 1 + GCM_TAG_LEN
    }
}

impl<C: AeadInOut + Send + Sync> MessageDecrypter for Gcm<C> {
    fn decrypt<'a>(
        &mut self,
        mut msg: InboundOpaqueMessage<'a>,
        seq: u64,
    ) -> Result<InboundPlainMessage<'a>, Error> {
        let cipher = self.cipher.as_ref().ok_or(Error::DecryptError)?;
        let nonce = self.nonce(seq).ok_or(Error::DecryptError)?;
        let payload = &mut msg.payload;
        let len = payload.len();
        let plain_len = len.checked_sub(GCM_TAG_LEN).ok_or(Error::DecryptError)?;
        let aad = make_tls13_aad(len);
        let (ciphertext, tag) = payload.split_at_mut(plain_len);
        let tag = aead::Tag::<C>::try_from(&*tag).map_err(|_| Error::DecryptError)?;
        cipher
            .decrypt_inout_detached(&nonce, &aad, ciphertext.into(), &tag)
            .map_err(|_| Error::DecryptError)?;
        payload.truncate(plain_len);
        // Strips the padding and the inner content type.
        msg.into_tls13_unpadded_message()
    }
}

// Key exchange.

#[derive(Clone, Copy, Debug)]
enum Group {
    X25519,
    P256,
    P384,
}

#[derive(Debug)]
struct KxGroup(Group);

static X25519: KxGroup = KxGroup(Group::X25519);
static SECP256R1: KxGroup = KxGroup(Group::P256);
static SECP384R1: KxGroup = KxGroup(Group::P384);

impl SupportedKxGroup for KxGroup {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let (secret, pub_key) = match self.0 {
            Group::X25519 => {
                let mut secret = Zeroizing::new([0u8; 32]);
                getrandom::fill(&mut *secret).map_err(|_| GetRandomFailed)?;
                let public = MontgomeryPoint::mul_base_clamped(*secret).to_bytes();
                (EphemeralSecret::X25519(secret), public.to_vec())
            }
            Group::P256 => {
                let secret =
                    p256::ecdh::EphemeralSecret::try_generate_from_rng(&mut getrandom::SysRng)
                        .map_err(|_| GetRandomFailed)?;
                // Uncompressed, as TLS 1.3 wants.
                let public = secret.public_key().to_sec1_bytes().to_vec();
                (EphemeralSecret::P256(secret), public)
            }
            Group::P384 => {
                let secret =
                    p384::ecdh::EphemeralSecret::try_generate_from_rng(&mut getrandom::SysRng)
                        .map_err(|_| GetRandomFailed)?;
                let public = secret.public_key().to_sec1_bytes().to_vec();
                (EphemeralSecret::P384(secret), public)
            }
        };
        Ok(Box::new(KeyExchange {
            group: self.name(),
            secret,
            pub_key,
        }))
    }

    fn name(&self) -> NamedGroup {
        match self.0 {
            Group::X25519 => NamedGroup::X25519,
            Group::P256 => NamedGroup::secp256r1,
            Group::P384 => NamedGroup::secp384r1,
        }
    }
}

/// Ephemeral secrets, zeroized on drop.
enum EphemeralSecret {
    X25519(Zeroizing<[u8; 32]>),
    P256(p256::ecdh::EphemeralSecret),
    P384(p384::ecdh::EphemeralSecret),
}

struct KeyExchange {
    group: NamedGroup,
    secret: EphemeralSecret,
    pub_key: Vec<u8>,
}

impl ActiveKeyExchange for KeyExchange {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        let invalid = || Error::from(PeerMisbehaved::InvalidKeyShare);
        match &self.secret {
            EphemeralSecret::X25519(secret) => {
                let peer: [u8; 32] = peer_pub_key.try_into().map_err(|_| invalid())?;
                let shared = Zeroizing::new(MontgomeryPoint(peer).mul_clamped(**secret).to_bytes());
                // RFC 8446, 7.4.2: a low-order point gives all zeroes; refuse it.
                if shared.iter().fold(0u8, |acc, byte| acc | byte) == 0 {
                    return Err(invalid());
                }
                Ok(SharedSecret::from(&shared[..]))
            }
            EphemeralSecret::P256(secret) => {
                // TLS 1.3 allows only the uncompressed form; the parse checks the point is on
                // the curve.
                if peer_pub_key.first() != Some(&4) {
                    return Err(invalid());
                }
                let peer = p256::PublicKey::from_sec1_bytes(peer_pub_key).map_err(|_| invalid())?;
                Ok(SharedSecret::from(
                    secret.diffie_hellman(&peer).raw_secret_bytes().as_slice(),
                ))
            }
            EphemeralSecret::P384(secret) => {
                if peer_pub_key.first() != Some(&4) {
                    return Err(invalid());
                }
                let peer = p384::PublicKey::from_sec1_bytes(peer_pub_key).map_err(|_| invalid())?;
                Ok(SharedSecret::from(
                    secret.diffie_hellman(&peer).raw_secret_bytes().as_slice(),
                ))
            }
        }
    }

    fn pub_key(&self) -> &[u8] {
        &self.pub_key
    }

    fn group(&self) -> NamedGroup {
        self.group
    }
}

// Signature verification.

#[derive(Clone, Copy, Debug)]
enum RsaHash {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Clone, Copy, Debug)]
enum Verify {
    EcdsaP256Sha256,
    EcdsaP384Sha384,
    Ed25519,
    /// RSASSA-PSS (MGF1 with the same hash, salt as long as the hash) with an rsaEncryption key.
    RsaPss(RsaHash),
    RsaPkcs1(RsaHash),
}

static ECDSA_P256_SHA256: &dyn SignatureVerificationAlgorithm = &Verify::EcdsaP256Sha256;
static ECDSA_P384_SHA384: &dyn SignatureVerificationAlgorithm = &Verify::EcdsaP384Sha384;
static ED25519: &dyn SignatureVerificationAlgorithm = &Verify::Ed25519;
static RSA_PSS_SHA256: &dyn SignatureVerificationAlgorithm = &Verify::RsaPss(RsaHash::Sha256);
static RSA_PSS_SHA384: &dyn SignatureVerificationAlgorithm = &Verify::RsaPss(RsaHash::Sha384);
static RSA_PSS_SHA512: &dyn SignatureVerificationAlgorithm = &Verify::RsaPss(RsaHash::Sha512);
static RSA_PKCS1_SHA256: &dyn SignatureVerificationAlgorithm = &Verify::RsaPkcs1(RsaHash::Sha256);
static RSA_PKCS1_SHA384: &dyn SignatureVerificationAlgorithm = &Verify::RsaPkcs1(RsaHash::Sha384);
static RSA_PKCS1_SHA512: &dyn SignatureVerificationAlgorithm = &Verify::RsaPkcs1(RsaHash::Sha512);

/// The signatures we check, and which TLS signature scheme each serves. For TLS 1.3 the curve
/// goes with the scheme.
static SIGNATURE_ALGORITHMS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        ECDSA_P256_SHA256,
        ECDSA_P384_SHA384,
        ED25519,
        RSA_PSS_SHA256,
        RSA_PSS_SHA384,
        RSA_PSS_SHA512,
        RSA_PKCS1_SHA256,
        RSA_PKCS1_SHA384,
        RSA_PKCS1_SHA512,
    ],
    mapping: &[
        (SignatureScheme::ECDSA_NISTP256_SHA256, &[ECDSA_P256_SHA256]),
        (SignatureScheme::ECDSA_NISTP384_SHA384, &[ECDSA_P384_SHA384]),
        (SignatureScheme::ED25519, &[ED25519]),
        (SignatureScheme::RSA_PSS_SHA256, &[RSA_PSS_SHA256]),
        (SignatureScheme::RSA_PSS_SHA384, &[RSA_PSS_SHA384]),
        (SignatureScheme::RSA_PSS_SHA512, &[RSA_PSS_SHA512]),
        (SignatureScheme::RSA_PKCS1_SHA256, &[RSA_PKCS1_SHA256]),
        (SignatureScheme::RSA_PKCS1_SHA384, &[RSA_PKCS1_SHA384]),
        (SignatureScheme::RSA_PKCS1_SHA512, &[RSA_PKCS1_SHA512]),
    ],
};

/// The RSA key sizes we accept, in bits.
const RSA_BITS: std::ops::RangeInclusive<u32> = 2048..=8192;

impl SignatureVerificationAlgorithm for Verify {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        self.check(public_key, message, signature)
            .ok_or(InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        match self {
            Self::EcdsaP256Sha256 => alg_id::ECDSA_P256,
            Self::EcdsaP384Sha384 => alg_id::ECDSA_P384,
            Self::Ed25519 => alg_id::ED25519,
            Self::RsaPss(_) | Self::RsaPkcs1(_) => alg_id::RSA_ENCRYPTION,
        }
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        match self {
            Self::EcdsaP256Sha256 => alg_id::ECDSA_SHA256,
            Self::EcdsaP384Sha384 => alg_id::ECDSA_SHA384,
            Self::Ed25519 => alg_id::ED25519,
            Self::RsaPss(RsaHash::Sha256) => alg_id::RSA_PSS_SHA256,
            Self::RsaPss(RsaHash::Sha384) => alg_id::RSA_PSS_SHA384,
            Self::RsaPss(RsaHash::Sha512) => alg_id::RSA_PSS_SHA512,
            Self::RsaPkcs1(RsaHash::Sha256) => alg_id::RSA_PKCS1_SHA256,
            Self::RsaPkcs1(RsaHash::Sha384) => alg_id::RSA_PKCS1_SHA384,
            Self::RsaPkcs1(RsaHash::Sha512) => alg_id::RSA_PKCS1_SHA512,
        }
    }
}

impl Verify {
    /// Some(()) if `signature` is good; `public_key` is the subjectPublicKey of the SPKI.
    fn check(self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Option<()> {
        match self {
            Self::EcdsaP256Sha256 => {
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).ok()?;
                let signature = p256::ecdsa::DerSignature::from_bytes(signature).ok()?;
                key.verify(message, &signature).ok()
            }
            Self::EcdsaP384Sha384 => {
                let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key).ok()?;
                let signature = p384::ecdsa::DerSignature::from_bytes(signature).ok()?;
                key.verify(message, &signature).ok()
            }
            Self::Ed25519 => {
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(public_key.try_into().ok()?).ok()?;
                let signature = ed25519_dalek::Signature::from_slice(signature).ok()?;
                key.verify_strict(message, &signature).ok()
            }
            Self::RsaPss(hash) => {
                let key = rsa_public_key(public_key)?;
                match hash {
                    RsaHash::Sha256 => key.pss_verify::<Sha256>(message, signature),
                    RsaHash::Sha384 => key.pss_verify::<Sha384>(message, signature),
                    RsaHash::Sha512 => key.pss_verify::<Sha512>(message, signature),
                }
                .ok()
            }
            Self::RsaPkcs1(hash) => {
                let key = rsa_public_key(public_key)?;
                match hash {
                    RsaHash::Sha256 => key.verify(
                        rsa::Pkcs1v15Sign::new::<Sha256>(),
                        &Sha256::digest(message),
                        signature,
                    ),
                    RsaHash::Sha384 => key.verify(
                        rsa::Pkcs1v15Sign::new::<Sha384>(),
                        &Sha384::digest(message),
                        signature,
                    ),
                    RsaHash::Sha512 => key.verify(
                        rsa::Pkcs1v15Sign::new::<Sha512>(),
                        &Sha512::digest(message),
                        signature,
                    ),
                }
                .ok()
            }
        }
    }
}

/// An RSAPublicKey (PKCS#1 DER) of an acceptable size.
fn rsa_public_key(der: &[u8]) -> Option<rsa::PublicKey> {
    let key = rsa::PublicKey::from_pkcs1_der(der).ok()?;
    RSA_BITS
        .contains(&key.n().bit_width_vartime())
        .then_some(key)
}

// Signing with the client key.

/// A client private key, zeroized on drop by its crate.
enum ClientKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
    Rsa(rsa::PrivateKey),
}

impl fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::P256(_) => "ClientKey::P256",
            Self::P384(_) => "ClientKey::P384",
            Self::Ed25519(_) => "ClientKey::Ed25519",
            Self::Rsa(_) => "ClientKey::Rsa",
        })
    }
}

/// A PKCS#8 DER private key as a rustls signing key.
fn load_signing_key(der: &[u8]) -> Result<Arc<dyn rustls::sign::SigningKey>, String> {
    let key = if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
        ClientKey::P256(key)
    } else if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
        ClientKey::P384(key)
    } else if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        ClientKey::Ed25519(key)
    } else if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
        let bits = key.n().bit_width_vartime();
        if !RSA_BITS.contains(&bits) {
            return Err(format!(
                "an RSA key of {bits} bits (2048 to 8192 bits are supported)"
            ));
        }
        ClientKey::Rsa(key)
    } else {
        return Err("not a PKCS#8 ECDSA P-256, ECDSA P-384, Ed25519 or RSA private key".to_owned());
    };
    Ok(Arc::new(SigningKey(Arc::new(key))))
}

#[derive(Debug)]
struct SigningKey(Arc<ClientKey>);

impl rustls::sign::SigningKey for SigningKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn rustls::sign::Signer>> {
        // TLS 1.3 signs with RSA only in PSS.
        let ours: &[SignatureScheme] = match *self.0 {
            ClientKey::P256(_) => &[SignatureScheme::ECDSA_NISTP256_SHA256],
            ClientKey::P384(_) => &[SignatureScheme::ECDSA_NISTP384_SHA384],
            ClientKey::Ed25519(_) => &[SignatureScheme::ED25519],
            ClientKey::Rsa(_) => &[
                SignatureScheme::RSA_PSS_SHA256,
                SignatureScheme::RSA_PSS_SHA384,
                SignatureScheme::RSA_PSS_SHA512,
            ],
        };
        let scheme = *ours.iter().find(|scheme| offered.contains(scheme))?;
        Some(Box::new(Signer {
            key: Arc::clone(&self.0),
            scheme,
        }))
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        Some(match &*self.0 {
            ClientKey::P256(key) => public_key_to_spki(
                &alg_id::ECDSA_P256,
                key.verifying_key().to_sec1_point(false).as_bytes(),
            ),
            ClientKey::P384(key) => public_key_to_spki(
                &alg_id::ECDSA_P384,
                key.verifying_key().to_sec1_point(false).as_bytes(),
            ),
            ClientKey::Ed25519(key) => {
                public_key_to_spki(&alg_id::ED25519, key.verifying_key().as_bytes())
            }
            ClientKey::Rsa(key) => public_key_to_spki(
                &alg_id::RSA_ENCRYPTION,
                key.as_public_key().to_pkcs1_der().ok()?.as_bytes(),
            ),
        })
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match *self.0 {
            ClientKey::P256(_) | ClientKey::P384(_) => SignatureAlgorithm::ECDSA,
            ClientKey::Ed25519(_) => SignatureAlgorithm::ED25519,
            ClientKey::Rsa(_) => SignatureAlgorithm::RSA,
        }
    }
}

#[derive(Debug)]
struct Signer {
    key: Arc<ClientKey>,
    scheme: SignatureScheme,
}

impl rustls::sign::Signer for Signer {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let failed = |err: &dyn fmt::Display| Error::General(format!("signing failed: {err}"));
        let mut rng = getrandom::SysRng;
        match (&*self.key, self.scheme) {
            (ClientKey::P256(key), _) => {
                let signature: p256::ecdsa::DerSignature =
                    key.try_sign(message).map_err(|err| failed(&err))?;
                Ok(signature.as_bytes().to_vec())
            }
            (ClientKey::P384(key), _) => {
                let signature: p384::ecdsa::DerSignature =
                    key.try_sign(message).map_err(|err| failed(&err))?;
                Ok(signature.as_bytes().to_vec())
            }
            (ClientKey::Ed25519(key), _) => {
                let signature: ed25519_dalek::Signature =
                    key.try_sign(message).map_err(|err| failed(&err))?;
                Ok(signature.to_bytes().to_vec())
            }
            (ClientKey::Rsa(key), SignatureScheme::RSA_PSS_SHA256) => key
                .pss_sign_with_rng::<Sha256, _>(&mut rng, message)
                .map_err(|err| failed(&err)),
            (ClientKey::Rsa(key), SignatureScheme::RSA_PSS_SHA384) => key
                .pss_sign_with_rng::<Sha384, _>(&mut rng, message)
                .map_err(|err| failed(&err)),
            (ClientKey::Rsa(key), SignatureScheme::RSA_PSS_SHA512) => key
                .pss_sign_with_rng::<Sha512, _>(&mut rng, message)
                .map_err(|err| failed(&err)),
            (ClientKey::Rsa(_), scheme) => Err(failed(&format_args!("{scheme:?}"))),
        }
    }

    fn scheme(&self) -> SignatureScheme {
        self.scheme
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::net::{Shutdown, TcpListener};
    use std::path::PathBuf;
    use std::process::{Child, ChildStdin, Command, Stdio};
    use std::thread;
    use std::time::Instant;

    use rustls::sign::SingleCertAndKey;
    use rustls::{ServerConfig, ServerConnection};
    use tempfile::TempDir;

    use super::*;

    const TIMEOUT: Duration = Duration::from_secs(20);

    // ---- Certificates, made with the openssl CLI. ----

    #[derive(Clone, Copy, Debug)]
    enum Kind {
        P256,
        P384,
        Ed25519,
        Rsa2048,
    }

    /// A directory of keys and certificates made with the openssl CLI.
    struct Pki {
        dir: TempDir,
    }

    impl Pki {
        fn new() -> Self {
            let pki = Self {
                dir: TempDir::new().expect("tempdir"),
            };
            fs::write(
                pki.path("ext.cnf"),
                "[server]\n\
                 basicConstraints = critical, CA:FALSE\n\
                 keyUsage = critical, digitalSignature, keyEncipherment\n\
                 extendedKeyUsage = serverAuth\n\
                 subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1\n\
                 [client]\n\
                 basicConstraints = critical, CA:FALSE\n\
                 keyUsage = critical, digitalSignature\n\
                 extendedKeyUsage = clientAuth\n",
            )
            .expect("write ext.cnf");
            pki
        }

        fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        fn openssl(&self, args: &[&str]) -> Vec<u8> {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(self.dir.path())
                .stdin(Stdio::null())
                .output()
                .expect("run openssl");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        }

        /// `name-key.pem`, PKCS#8.
        fn key(&self, name: &str, kind: Kind) {
            let out = format!("{name}-key.pem");
            let mut args = vec!["genpkey", "-out", &out, "-algorithm"];
            args.extend_from_slice(match kind {
                Kind::P256 => &["EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..],
                Kind::P384 => &["EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
                Kind::Ed25519 => &["ED25519"],
                Kind::Rsa2048 => &["RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            });
            self.openssl(&args);
        }

        /// A self-signed CA, `name.pem` and `name-key.pem`.
        fn ca(&self, name: &str, subject: &str) {
            self.key(name, Kind::P256);
            self.openssl(&[
                "req",
                "-x509",
                "-new",
                "-key",
                &format!("{name}-key.pem"),
                "-subj",
                subject,
                "-days",
                "2",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                &format!("{name}.pem"),
            ]);
        }

        /// A certificate `name.pem` (and `name-key.pem`) issued by the CA `ca`, with the
        /// extensions of `profile` ("server" or "client").
        fn leaf(&self, name: &str, kind: Kind, ca: &str, profile: &str) {
            self.key(name, kind);
            self.openssl(&[
                "req",
                "-new",
                "-key",
                &format!("{name}-key.pem"),
                "-subj",
                &format!("/CN={name}"),
                "-out",
                &format!("{name}.csr"),
            ]);
            self.openssl(&[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                &format!("{ca}.pem"),
                "-CAkey",
                &format!("{ca}-key.pem"),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
                "-extensions",
                profile,
                "-out",
                &format!("{name}.pem"),
            ]);
        }

        fn cert_der(&self, name: &str) -> Vec<u8> {
            self.openssl(&["x509", "-in", &format!("{name}.pem"), "-outform", "DER"])
        }

        fn key_der(&self, name: &str) -> Vec<u8> {
            self.openssl(&[
                "pkcs8",
                "-topk8",
                "-nocrypt",
                "-in",
                &format!("{name}-key.pem"),
                "-outform",
                "DER",
            ])
        }

        fn identity(&self, name: &str) -> ClientIdentity {
            ClientIdentity {
                chain: vec![self.cert_der(name)],
                key_pkcs8_der: Zeroizing::new(self.key_der(name)),
            }
        }
    }

    /// One DER TLV: (tag, contents, what follows). Short and long definite lengths only.
    fn tlv(der: &[u8]) -> (u8, &[u8], &[u8]) {
        let (&tag, rest) = der.split_first().expect("a tag");
        let (&first, rest) = rest.split_first().expect("a length");
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let (bytes, rest) = rest.split_at(usize::from(first & 0x7f));
            (
                bytes.iter().fold(0, |len, b| len << 8 | usize::from(*b)),
                rest,
            )
        };
        let (contents, rest) = rest.split_at(len);
        (tag, contents, rest)
    }

    /// The whole TLV at the start of `der`.
    fn whole_tlv(der: &[u8]) -> &[u8] {
        let (_, _, rest) = tlv(der);
        &der[..der.len() - rest.len()]
    }

    /// A certificate's subject Name, DER (SEQUENCE included).
    fn subject_der(cert: &[u8]) -> Vec<u8> {
        let (_, cert, _) = tlv(cert);
        let (_, tbs, _) = tlv(cert);
        let (tag, _, mut rest) = tlv(tbs);
        if tag == 0xa0 {
            // version [0]; then the serial number
            rest = tlv(rest).2;
        }
        let rest = tlv(rest).2; // signature AlgorithmIdentifier
        let rest = tlv(rest).2; // issuer
        let rest = tlv(rest).2; // validity
        whole_tlv(rest).to_vec()
    }

    /// A certificate's signatureAlgorithm, the contents of the AlgorithmIdentifier.
    fn cert_signature_alg(cert: &[u8]) -> Vec<u8> {
        let (_, cert, _) = tlv(cert);
        let (_, _, rest) = tlv(cert); // tbsCertificate
        tlv(rest).1.to_vec()
    }

    /// A SubjectPublicKeyInfo's (AlgorithmIdentifier contents, subjectPublicKey bits).
    fn spki_parts(spki: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let (_, spki, _) = tlv(spki);
        let (_, alg, rest) = tlv(spki);
        let (tag, bits, _) = tlv(rest);
        assert_eq!(tag, 0x03, "a BIT STRING");
        assert_eq!(bits[0], 0, "no unused bits");
        (alg.to_vec(), bits[1..].to_vec())
    }

    // ---- openssl s_server. ----

    fn free_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port()
    }

    /// `openssl s_server`, killed on drop.
    struct SServer {
        child: Child,
        /// Kept open: s_server reads commands from stdin.
        _stdin: Option<ChildStdin>,
        port: u16,
        log: PathBuf,
    }

    impl SServer {
        /// Starts `openssl s_server -tls1_3 -www` in `pki`'s directory with `args`, and waits
        /// until it accepts connections.
        fn start(pki: &Pki, args: &[&str]) -> Self {
            let port = free_port();
            let log = pki.path(&format!("s_server-{port}.log"));
            let log_file = fs::File::create(&log).expect("s_server log");
            let mut child = Command::new("openssl")
                .args([
                    "s_server",
                    "-accept",
                    &format!("127.0.0.1:{port}"),
                    "-tls1_3",
                    "-www",
                ])
                .args(args)
                .current_dir(pki.dir.path())
                .stdin(Stdio::piped())
                .stdout(log_file.try_clone().expect("log"))
                .stderr(log_file)
                .spawn()
                .expect("start openssl s_server");
            let stdin = child.stdin.take();
            let mut server = Self {
                child,
                _stdin: stdin,
                port,
                log,
            };
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Some(status) = server.child.try_wait().expect("s_server status") {
                    panic!("s_server exited ({status}): {}", server.log());
                }
                let addr = ([127, 0, 0, 1], port).into();
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    return server;
                }
                assert!(
                    Instant::now() < deadline,
                    "s_server does not accept: {}",
                    server.log()
                );
                thread::sleep(Duration::from_millis(50));
            }
        }

        fn log(&mut self) -> String {
            fs::read_to_string(&self.log).unwrap_or_default()
        }

        fn probe(&self, client: Option<&ClientIdentity>) -> Probe {
            probe("127.0.0.1", self.port, client, TIMEOUT)
        }
    }

    impl Drop for SServer {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// A CA, a server certificate of `server` kind and a client certificate of `client` kind.
    fn pki(server: Kind, client: Kind) -> Pki {
        let pki = Pki::new();
        pki.ca("ca", "/O=portcullis/CN=Probe Test CA");
        pki.leaf("server", server, "ca", "server");
        pki.leaf("client", client, "ca", "client");
        pki
    }

    /// Demands a client certificate of the CA `ca` (s_server goes on after a failed
    /// verification unless told `-verify_return_error`).
    const DEMAND_CLIENT_CERT: &[&str] = &[
        "-cert",
        "server.pem",
        "-key",
        "server-key.pem",
        "-CAfile",
        "ca.pem",
        "-Verify",
        "1",
        "-verify_return_error",
    ];

    fn assert_answered(report: &Probe) -> &str {
        match &report.outcome {
            Ok(answer) => {
                assert!(answer.starts_with("HTTP/1.0 200 ok\n"), "{answer}");
                answer
            }
            Err(err) => panic!("no answer: {err:?} ({report:?})"),
        }
    }

    // (1) The common case: a P-256 server that demands a client certificate, and gets ours.
    #[test]
    fn p256_server_demands_a_client_certificate_and_gets_it() {
        let pki = pki(Kind::P256, Kind::P256);
        let server = SServer::start(
            &pki,
            &[DEMAND_CLIENT_CERT, &["-cert_chain", "ca.pem"]].concat(),
        );
        let report = server.probe(Some(&pki.identity("client")));
        assert_answered(&report);
        assert_eq!(
            report.chain,
            vec![pki.cert_der("server"), pki.cert_der("ca")]
        );
        assert!(report.asked_for_client_certificate);
        assert!(report.sent_client_certificate);
        assert_eq!(
            report.acceptable_client_cas,
            vec![subject_der(&pki.cert_der("ca"))]
        );
    }

    // By name: SNI, and every address of the name tried (localhost may be ::1 first).
    #[test]
    fn probes_by_dns_name() {
        let pki = pki(Kind::P256, Kind::P256);
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = probe(
            "localhost",
            server.port,
            Some(&pki.identity("client")),
            TIMEOUT,
        );
        assert_answered(&report);
        assert_eq!(report.chain.first(), Some(&pki.cert_der("server")));
    }

    // (2) RSA: the server's CertificateVerify is RSA-PSS, so is ours.
    #[test]
    fn rsa_server_and_rsa_client() {
        let pki = pki(Kind::Rsa2048, Kind::Rsa2048);
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = server.probe(Some(&pki.identity("client")));
        assert_answered(&report);
        assert_eq!(report.chain.first(), Some(&pki.cert_der("server")));
        assert!(report.sent_client_certificate);
    }

    #[test]
    fn ed25519_server_and_ed25519_client() {
        let pki = pki(Kind::Ed25519, Kind::Ed25519);
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = server.probe(Some(&pki.identity("client")));
        assert_answered(&report);
        assert_eq!(report.chain.first(), Some(&pki.cert_der("server")));
        assert!(report.sent_client_certificate);
    }

    #[test]
    fn p384_server_and_p384_client() {
        let pki = pki(Kind::P384, Kind::P384);
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = server.probe(Some(&pki.identity("client")));
        assert_answered(&report);
        assert!(report.sent_client_certificate);
    }

    // Each cipher suite and key exchange group, forced by the server (P-384 first takes a
    // HelloRetryRequest: our first key share is X25519).
    #[test]
    fn every_cipher_suite_and_group() {
        let pki = pki(Kind::P256, Kind::Ed25519);
        for (suite, group) in [
            ("TLS_AES_128_GCM_SHA256", "X25519"),
            ("TLS_AES_256_GCM_SHA384", "P-384"),
            ("TLS_AES_128_GCM_SHA256", "P-256"),
            ("TLS_AES_256_GCM_SHA384", "X25519"),
        ] {
            let server = SServer::start(
                &pki,
                &[
                    DEMAND_CLIENT_CERT,
                    &["-ciphersuites", suite, "-groups", group],
                ]
                .concat(),
            );
            let report = server.probe(Some(&pki.identity("client")));
            let answer = assert_answered(&report);
            assert!(
                answer.contains(&format!("Cipher is {suite}")),
                "{suite} {group}: {answer}"
            );
        }
    }

    // No client authentication: not asked, nothing sent, an answer all the same.
    #[test]
    fn server_that_does_not_ask() {
        let pki = pki(Kind::P256, Kind::P256);
        let server = SServer::start(&pki, &["-cert", "server.pem", "-key", "server-key.pem"]);
        let report = server.probe(Some(&pki.identity("client")));
        assert_answered(&report);
        assert!(!report.asked_for_client_certificate);
        assert!(!report.sent_client_certificate);
        assert!(report.acceptable_client_cas.is_empty());
    }

    // Asked (`-verify`, not `-Verify`), none to give: the server goes on.
    #[test]
    fn server_that_asks_but_does_not_demand() {
        let pki = pki(Kind::P256, Kind::P256);
        let server = SServer::start(
            &pki,
            &[
                "-cert",
                "server.pem",
                "-key",
                "server-key.pem",
                "-CAfile",
                "ca.pem",
                "-verify",
                "1",
            ],
        );
        let report = server.probe(None);
        assert_answered(&report);
        assert!(report.asked_for_client_certificate);
        assert!(!report.sent_client_certificate);
    }

    // (3) Demanded, none given: the server's alert arrives after the client's handshake is done.
    #[test]
    fn demanded_but_no_client_certificate() {
        let pki = pki(Kind::P256, Kind::P256);
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = server.probe(None);
        assert!(
            matches!(&report.outcome, Err(ProbeError::Alert(alert)) if alert == "CertificateRequired"),
            "{report:?}"
        );
        assert!(report.asked_for_client_certificate);
        assert!(!report.sent_client_certificate);
        assert_eq!(report.chain.first(), Some(&pki.cert_der("server")));
    }

    // (4) A client certificate of another CA.
    #[test]
    fn client_certificate_of_another_ca() {
        let pki = pki(Kind::P256, Kind::P256);
        pki.ca("other-ca", "/CN=Another CA");
        pki.leaf("stranger", Kind::P256, "other-ca", "client");
        let server = SServer::start(&pki, DEMAND_CLIENT_CERT);
        let report = server.probe(Some(&pki.identity("stranger")));
        // The server names the CA it takes; like the docker CLI, the probe then keeps a
        // certificate of another CA back, and the server finds none.
        assert!(
            matches!(&report.outcome, Err(ProbeError::Alert(alert)) if alert == "CertificateRequired"),
            "{report:?}"
        );
        assert!(report.withheld_client_certificate);
        assert!(!report.sent_client_certificate);
    }

    /// A plain HTTP server for one connection, answering what dockerd on 2375 answers to a
    /// ClientHello; it gives back the first bytes it received.
    fn plain_http_server(listener: TcpListener) -> thread::JoinHandle<Vec<u8>> {
        thread::spawn(move || {
            let (mut socket, _) = listener.accept().expect("accept");
            socket.set_read_timeout(Some(TIMEOUT)).expect("timeout");
            let mut buf = [0u8; 4096];
            let got = socket.read(&mut buf).expect("the ClientHello");
            socket
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n\
                      Connection: close\r\n\r\n400 Bad Request",
                )
                .expect("answer");
            let _ = socket.shutdown(Shutdown::Write);
            while matches!(socket.read(&mut buf), Ok(n) if n > 0) {}
            buf[..got].to_vec()
        })
    }

    // (5) Plain HTTP on the port, as dockerd on 2375.
    #[test]
    fn plain_http_is_not_tls() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = plain_http_server(listener);
        let report = probe("127.0.0.1", port, None, TIMEOUT);
        assert!(
            matches!(report.outcome, Err(ProbeError::NotTls)),
            "{report:?}"
        );
        assert!(report.chain.is_empty());
        // What reached the server was a TLS handshake record.
        assert_eq!(server.join().expect("server thread")[..2], [0x16, 0x03]);
    }

    // (6) Nothing listening.
    #[test]
    fn nothing_listening() {
        let report = probe("127.0.0.1", free_port(), None, TIMEOUT);
        assert!(
            matches!(report.outcome, Err(ProbeError::Connect(_))),
            "{report:?}"
        );
        let report = probe_unresolvable();
        assert!(
            matches!(report.outcome, Err(ProbeError::Connect(_))),
            "{report:?}"
        );
    }

    fn probe_unresolvable() -> Probe {
        probe("no-such-host.invalid", 2376, None, Duration::from_secs(5))
    }

    // Silence: the timeout applies to reads.
    #[test]
    fn server_that_never_answers_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let started = Instant::now();
        let report = probe("127.0.0.1", port, None, Duration::from_millis(300));
        assert!(
            matches!(&report.outcome, Err(ProbeError::Other(err)) if err.contains("timed out")),
            "{report:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        drop(listener);
    }

    #[test]
    fn ipv6_literal() {
        assert_eq!(host_header("::1", 2376), "[::1]:2376");
        assert_eq!(host_header("docker.example", 2376), "docker.example:2376");
        assert_eq!(host_header("192.0.2.1", 2376), "192.0.2.1:2376");
        // Without brackets, as specified, and with them, as people write it.
        for host in ["::1", "[::1]"] {
            let Ok(listener) = TcpListener::bind("[::1]:0") else {
                return; // no IPv6 loopback here
            };
            let port = listener.local_addr().expect("address").port();
            let server = plain_http_server(listener);
            let report = probe(host, port, None, TIMEOUT);
            // It reached the server on ::1.
            assert!(
                matches!(report.outcome, Err(ProbeError::NotTls)),
                "{host}: {report:?}"
            );
            assert_eq!(server.join().expect("server thread")[..2], [0x16, 0x03]);
        }
    }

    // ---- (7) A server whose CertificateVerify is bad: rustls with our provider, its signer
    // spoilt. ----

    #[derive(Debug)]
    struct Spoilt(Arc<dyn rustls::sign::SigningKey>);

    impl rustls::sign::SigningKey for Spoilt {
        fn choose_scheme(
            &self,
            offered: &[SignatureScheme],
        ) -> Option<Box<dyn rustls::sign::Signer>> {
            let inner = self.0.choose_scheme(offered)?;
            Some(Box::new(SpoiltSigner(inner)))
        }

        fn algorithm(&self) -> SignatureAlgorithm {
            self.0.algorithm()
        }
    }

    #[derive(Debug)]
    struct SpoiltSigner(Box<dyn rustls::sign::Signer>);

    impl rustls::sign::Signer for SpoiltSigner {
        fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
            let mut signature = self.0.sign(message)?;
            if let Some(last) = signature.last_mut() {
                *last ^= 1;
            }
            Ok(signature)
        }

        fn scheme(&self) -> SignatureScheme {
            self.0.scheme()
        }
    }

    /// A rustls server (on our provider) for one connection, answering `GET /_ping`.
    fn rustls_server(pki: &Pki, spoilt: bool) -> (u16, thread::JoinHandle<()>) {
        let key = load_signing_key(&pki.key_der("server")).expect("server key");
        let key: Arc<dyn rustls::sign::SigningKey> =
            if spoilt { Arc::new(Spoilt(key)) } else { key };
        let certified = CertifiedKey::new(vec![CertificateDer::from(pki.cert_der("server"))], key);
        let config = ServerConfig::builder_with_provider(Arc::new(provider()))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .expect("TLS 1.3")
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let server = thread::spawn(move || {
            let (socket, _) = listener.accept().expect("accept");
            socket.set_read_timeout(Some(TIMEOUT)).expect("timeout");
            let conn = ServerConnection::new(Arc::new(config)).expect("connection");
            let mut tls = rustls::StreamOwned::new(conn, socket);
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while find(&request, b"\r\n\r\n").is_none() {
                match tls.read(&mut buf) {
                    Ok(n) if n > 0 => request.extend_from_slice(&buf[..n]),
                    _ => return,
                }
            }
            assert!(request.starts_with(b"GET /_ping HTTP/1.1\r\nHost: 127.0.0.1:"));
            let _ = tls.write_all(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nOK\r\n0\r\n\r\n",
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
        });
        (port, server)
    }

    #[test]
    fn bad_certificate_verify_signature_fails_the_probe() {
        for kind in [Kind::P256, Kind::P384, Kind::Ed25519, Kind::Rsa2048] {
            let pki = Pki::new();
            pki.ca("ca", "/CN=Probe Test CA");
            pki.leaf("server", kind, "ca", "server");

            // The control: the same server, unspoilt, answers.
            let (port, server) = rustls_server(&pki, false);
            let report = probe("127.0.0.1", port, None, TIMEOUT);
            assert_eq!(
                report.outcome.as_deref().ok(),
                Some("HTTP/1.1 200 OK\nOK"),
                "{kind:?}: {report:?}"
            );
            server.join().expect("server");

            let (port, server) = rustls_server(&pki, true);
            let report = probe("127.0.0.1", port, None, TIMEOUT);
            assert!(
                matches!(&report.outcome, Err(ProbeError::Other(err)) if err.contains("BadSignature")),
                "{kind:?}: {report:?}"
            );
            // The chain is recorded all the same.
            assert_eq!(report.chain, vec![pki.cert_der("server")], "{kind:?}");
            server.join().expect("server");
        }
    }

    // ---- (7) Each signature algorithm against signatures openssl made. ----

    /// (algorithm, key kind, `openssl dgst` options)
    fn algorithms() -> Vec<(
        &'static dyn SignatureVerificationAlgorithm,
        Kind,
        Vec<&'static str>,
    )> {
        let pss = |hash| {
            vec![
                hash,
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:digest",
            ]
        };
        vec![
            (ECDSA_P256_SHA256, Kind::P256, vec!["-sha256"]),
            (ECDSA_P384_SHA384, Kind::P384, vec!["-sha384"]),
            (ED25519, Kind::Ed25519, vec![]),
            (RSA_PSS_SHA256, Kind::Rsa2048, pss("-sha256")),
            (RSA_PSS_SHA384, Kind::Rsa2048, pss("-sha384")),
            (RSA_PSS_SHA512, Kind::Rsa2048, pss("-sha512")),
            (RSA_PKCS1_SHA256, Kind::Rsa2048, vec!["-sha256"]),
            (RSA_PKCS1_SHA384, Kind::Rsa2048, vec!["-sha384"]),
            (RSA_PKCS1_SHA512, Kind::Rsa2048, vec!["-sha512"]),
        ]
    }

    #[test]
    fn signature_algorithms_verify_openssl_signatures_and_nothing_else() {
        let pki = Pki::new();
        let message = b"TLS 1.3, server CertificateVerify\0 and what it signs".repeat(3);
        fs::write(pki.path("message"), &message).expect("message");
        for kind in [Kind::P256, Kind::P384, Kind::Ed25519, Kind::Rsa2048] {
            pki.key(&format!("{kind:?}"), kind);
        }
        let spki = |kind: Kind| {
            pki.openssl(&[
                "pkey",
                "-in",
                &format!("{kind:?}-key.pem"),
                "-pubout",
                "-outform",
                "DER",
            ])
        };
        for (alg, kind, options) in algorithms() {
            let key = format!("{kind:?}-key.pem");
            let signature = if options.is_empty() {
                // Ed25519 signs the message itself.
                pki.openssl(&[
                    "pkeyutl", "-sign", "-rawin", "-inkey", &key, "-in", "message",
                ])
            } else {
                let mut args = vec!["dgst"];
                args.extend(options.iter().copied());
                args.extend(["-sign", &key, "message"]);
                pki.openssl(&args)
            };
            let (key_alg, public_key) = spki_parts(&spki(kind));
            assert_eq!(alg.public_key_alg_id().as_ref(), &key_alg[..], "{alg:?}");

            assert!(
                alg.verify_signature(&public_key, &message, &signature)
                    .is_ok(),
                "{alg:?}"
            );

            let mut spoilt = signature.clone();
            let middle = spoilt.len() / 2;
            spoilt[middle] ^= 0x10;
            assert!(
                alg.verify_signature(&public_key, &message, &spoilt)
                    .is_err(),
                "{alg:?}"
            );
            let mut other_message = message.clone();
            other_message[0] ^= 1;
            assert!(
                alg.verify_signature(&public_key, &other_message, &signature)
                    .is_err(),
                "{alg:?}"
            );
            assert!(
                alg.verify_signature(&public_key, &message, &[]).is_err(),
                "{alg:?}"
            );
            assert!(
                alg.verify_signature(&[], &message, &signature).is_err(),
                "{alg:?}"
            );

            // Another key of the same kind does not verify it.
            pki.key("other", kind);
            let (_, other_key) = spki_parts(&pki.openssl(&[
                "pkey",
                "-in",
                "other-key.pem",
                "-pubout",
                "-outform",
                "DER",
            ]));
            assert!(
                alg.verify_signature(&other_key, &message, &signature)
                    .is_err(),
                "{alg:?}"
            );
        }
        // PSS and PKCS#1 v1.5 are not each other, nor are the hashes.
        let rsa_key = spki_parts(&spki(Kind::Rsa2048)).1;
        let pkcs1 = pki.openssl(&["dgst", "-sha256", "-sign", "Rsa2048-key.pem", "message"]);
        assert!(
            RSA_PSS_SHA256
                .verify_signature(&rsa_key, &message, &pkcs1)
                .is_err()
        );
        assert!(
            RSA_PKCS1_SHA384
                .verify_signature(&rsa_key, &message, &pkcs1)
                .is_err()
        );
        // An ECDSA P-256 key is not a P-384 one.
        let p256_key = spki_parts(&spki(Kind::P256)).1;
        let p256_signature = pki.openssl(&["dgst", "-sha256", "-sign", "P256-key.pem", "message"]);
        assert!(
            ECDSA_P384_SHA384
                .verify_signature(&p256_key, &message, &p256_signature)
                .is_err()
        );
    }

    // The signature AlgorithmIdentifiers are those openssl writes in certificates.
    #[test]
    fn signature_algorithm_identifiers_match_openssl() {
        let pki = Pki::new();
        for (alg, kind, options) in algorithms() {
            let name = format!("{alg:?}").replace(|c: char| !c.is_ascii_alphanumeric(), "");
            pki.key(&name, kind);
            let key = format!("{name}-key.pem");
            let out = format!("{name}.pem");
            let mut args = vec![
                "req", "-x509", "-new", "-key", &key, "-subj", "/CN=alg", "-days", "1",
            ];
            args.extend(options.iter().copied());
            args.extend(["-out", &out]);
            pki.openssl(&args);
            let cert = pki.cert_der(&name);
            assert_eq!(
                cert_signature_alg(&cert),
                alg.signature_alg_id().as_ref(),
                "{alg:?}"
            );
        }
    }

    // Our signers' signatures verify (the handshakes with openssl check them too).
    #[test]
    fn client_keys_sign_what_our_verifiers_accept() {
        let pki = Pki::new();
        let message = b"client CertificateVerify";
        for (kind, alg, scheme) in [
            (
                Kind::P256,
                ECDSA_P256_SHA256,
                SignatureScheme::ECDSA_NISTP256_SHA256,
            ),
            (
                Kind::P384,
                ECDSA_P384_SHA384,
                SignatureScheme::ECDSA_NISTP384_SHA384,
            ),
            (Kind::Ed25519, ED25519, SignatureScheme::ED25519),
            (
                Kind::Rsa2048,
                RSA_PSS_SHA256,
                SignatureScheme::RSA_PSS_SHA256,
            ),
            (
                Kind::Rsa2048,
                RSA_PSS_SHA512,
                SignatureScheme::RSA_PSS_SHA512,
            ),
        ] {
            let name = format!("{kind:?}");
            pki.key(&name, kind);
            let key = load_signing_key(&pki.key_der(&name)).expect("key");
            let signer = key.choose_scheme(&[scheme]).expect("a signer");
            assert_eq!(signer.scheme(), scheme);
            let signature = signer.sign(message).expect("signature");
            let spki = key.public_key().expect("public key");
            let (key_alg, public_key) = spki_parts(spki.as_ref());
            assert_eq!(alg.public_key_alg_id().as_ref(), &key_alg[..]);
            assert!(
                alg.verify_signature(&public_key, message, &signature)
                    .is_ok(),
                "{kind:?}"
            );
            // The SPKI is openssl's.
            let openssl_spki = pki.openssl(&[
                "pkey",
                "-in",
                &format!("{name}-key.pem"),
                "-pubout",
                "-outform",
                "DER",
            ]);
            assert_eq!(spki.as_ref(), &openssl_spki[..], "{kind:?}");
            // No RSA PKCS#1 v1.5 in TLS 1.3, nor schemes of other keys.
            assert!(
                key.choose_scheme(&[SignatureScheme::RSA_PKCS1_SHA256])
                    .is_none()
            );
        }
    }

    #[test]
    fn unusable_client_identities_fail_before_connecting() {
        let pki = Pki::new();
        pki.ca("ca", "/CN=Probe Test CA");
        pki.leaf("client", Kind::P256, "ca", "client");
        pki.key("other", Kind::P256);
        pki.openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:1024",
            "-out",
            "small-key.pem",
        ]);
        let port = free_port(); // nothing listens: these fail before connecting
        for (key, why) in [
            (pki.key_der("other"), "does not belong"),
            (pki.key_der("small"), "1024 bits"),
            (b"not a key".to_vec(), "not a PKCS#8"),
        ] {
            let identity = ClientIdentity {
                chain: vec![pki.cert_der("client")],
                key_pkcs8_der: Zeroizing::new(key),
            };
            let report = probe("127.0.0.1", port, Some(&identity), TIMEOUT);
            assert!(
                matches!(&report.outcome, Err(ProbeError::Other(err)) if err.contains(why)),
                "{why}: {report:?}"
            );
        }
        let no_chain = ClientIdentity {
            chain: vec![],
            key_pkcs8_der: Zeroizing::new(pki.key_der("client")),
        };
        let report = probe("127.0.0.1", port, Some(&no_chain), TIMEOUT);
        assert!(
            matches!(report.outcome, Err(ProbeError::Other(_))),
            "{report:?}"
        );
        assert!(!format!("{:?}", pki.identity("client")).contains("key_pkcs8_der:"));
    }

    #[test]
    fn first_bytes_and_answers() {
        assert!(looks_like_tls(b""));
        assert!(looks_like_tls(b"\x16"));
        assert!(looks_like_tls(b"\x16\x03\x03\x00\x7a"));
        assert!(looks_like_tls(b"\x15\x03\x01"));
        assert!(!looks_like_tls(b"HTTP/"));
        assert!(!looks_like_tls(b"\x17\x03\x03"));
        assert!(!looks_like_tls(b"\x16\x04"));

        let ok = answer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK").expect("answer");
        assert_eq!(ok, "HTTP/1.1 200 OK\nOK");
        let chunked = answer(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nOK\r\n3\r\n!!!\r\n0\r\n\r\n",
        )
        .expect("answer");
        assert_eq!(chunked, "HTTP/1.1 200 OK\nOK!!!");
        let cut = answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nOK")
            .expect("answer");
        assert_eq!(cut, "HTTP/1.1 200 OK\n5\r\nOK");
        assert_eq!(
            answer(b"HTTP/1.1 204 No Content\r\n\r\n").expect("answer"),
            "HTTP/1.1 204 No Content\n"
        );
        assert!(matches!(answer(b""), Err(ProbeError::Other(_))));
    }

    // Record protection: a round trip with each key size, and a record spoilt in transit, or
    // opened with the wrong sequence number, is refused.
    fn gcm_round_trip<C: AeadInOut + KeyInit + Send + Sync>(key: &[u8]) {
        let gcm = || Gcm::<C> {
            cipher: C::new_from_slice(key).ok(),
            iv: Iv::from([9u8; 12]),
        };
        let payload = b"GET /_ping";
        let plain = OutboundPlainMessage {
            typ: ContentType::ApplicationData,
            version: ProtocolVersion::TLSv1_2,
            payload: payload[..].into(),
        };
        let sealed = gcm().encrypt(plain, 5).expect("encrypt").encode();
        assert_eq!(sealed.len(), 5 + payload.len() + 1 + GCM_TAG_LEN);
        assert_eq!(&sealed[..3], &[0x17, 0x03, 0x03]);
        assert!(
            !sealed
                .windows(payload.len())
                .any(|window| window == payload)
        );

        let open = |record: &[u8], seq: u64| {
            let mut body = record[5..].to_vec();
            let msg = InboundOpaqueMessage::new(
                ContentType::ApplicationData,
                ProtocolVersion::TLSv1_2,
                &mut body,
            );
            gcm()
                .decrypt(msg, seq)
                .map(|plain| (plain.typ, plain.payload.to_vec()))
        };
        assert_eq!(
            open(&sealed, 5).expect("decrypt"),
            (ContentType::ApplicationData, payload.to_vec())
        );
        assert!(open(&sealed, 6).is_err());
        for at in [5, 8, sealed.len() - 1] {
            let mut spoilt = sealed.clone();
            spoilt[at] ^= 1;
            assert!(open(&spoilt, 5).is_err(), "{at}");
        }
        assert!(open(&sealed[..sealed.len() - 1], 5).is_err());
        assert!(open(&sealed[..5 + GCM_TAG_LEN - 1], 5).is_err());
    }

    #[test]
    fn gcm_records_round_trip_and_refuse_tampering() {
        gcm_round_trip::<Aes128Gcm>(&[7; 16]);
        gcm_round_trip::<Aes256Gcm>(&[7; 32]);
        // Through the suites' algorithm (rustls gives AES-256 a 32-byte key)...
        let aead = GcmAead(GcmKey::Aes256);
        assert_eq!(aead.key_len(), 32);
        let plain = || OutboundPlainMessage {
            typ: ContentType::Handshake,
            version: ProtocolVersion::TLSv1_2,
            payload: b"Finished"[..].into(),
        };
        let sealed = aead
            .encrypter(AeadKey::from([3; 32]), Iv::from([1; 12]))
            .encrypt(plain(), 0)
            .expect("encrypt")
            .encode();
        let mut body = sealed[5..].to_vec();
        let msg = InboundOpaqueMessage::new(
            ContentType::ApplicationData,
            ProtocolVersion::TLSv1_2,
            &mut body,
        );
        let opened = aead
            .decrypter(AeadKey::from([3; 32]), Iv::from([1; 12]))
            .decrypt(msg, 0)
            .expect("decrypt");
        // ...and the inner content type comes back out.
        assert_eq!(
            (opened.typ, opened.payload),
            (ContentType::Handshake, &b"Finished"[..])
        );
        // A key of the wrong length fails the records, it does not panic.
        let aead = GcmAead(GcmKey::Aes128);
        assert_eq!(aead.key_len(), 16);
        let mut sealer = aead.encrypter(AeadKey::from([3; 32]), Iv::from([1; 12]));
        assert!(matches!(
            sealer.encrypt(plain(), 0),
            Err(Error::EncryptError)
        ));
    }

    // Both ends of each group agree.
    #[test]
    fn key_exchange_groups_agree_and_refuse_bad_shares() {
        for group in [&X25519, &SECP256R1, &SECP384R1] {
            let alice = group.start().expect("start");
            let bob = group.start().expect("start");
            let alice_public = alice.pub_key().to_vec();
            let bob_public = bob.pub_key().to_vec();
            let a = alice.complete(&bob_public).expect("complete");
            let b = bob.complete(&alice_public).expect("complete");
            assert_eq!(a.secret_bytes(), b.secret_bytes(), "{group:?}");
            assert!(a.secret_bytes().iter().any(|byte| *byte != 0));
            assert!(group.start().expect("start").complete(&[]).is_err());
            assert!(
                group
                    .start()
                    .expect("start")
                    .complete(&vec![0; alice_public.len()])
                    .is_err()
            );
        }
        // P-256 shares are uncompressed points.
        let ours = SECP256R1.start().expect("start");
        assert_eq!(ours.pub_key().len(), 65);
        assert_eq!(ours.pub_key()[0], 4);
        assert_eq!(SECP384R1.start().expect("start").pub_key().len(), 97);
    }
}
