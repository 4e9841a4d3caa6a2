//! `portcullis doctor`: why `docker` does (not) connect to a daemon over TLS, for the machine a
//! user runs docker on. It reads the connection as the docker CLI does (DOCKER_HOST,
//! DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, or a docker context), checks the local files, connects,
//! and says each thing wrong on one line: what, the words docker prints for it, and the fix.
//!
//! Exit status: 0 when docker would connect, 1 when it would not, 2 for bad input.

use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use portcullis_pki::{ClientFiles, Finding, Handshake, Severity};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::failure::Failure;
use crate::tls::{self, ClientIdentity, ProbeError};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The daemon to check, `tcp://HOST:PORT` (default: DOCKER_HOST, or the current docker
    /// context).
    #[arg(long, value_name = "tcp://HOST:PORT", conflicts_with = "context")]
    host: Option<String>,
    /// The folder with ca.pem, cert.pem and key.pem (default: DOCKER_CERT_PATH, else ~/.docker).
    #[arg(long, value_name = "DIR", conflicts_with = "context")]
    cert_path: Option<PathBuf>,
    /// Check this docker context (`docker context ls`) instead of the environment.
    #[arg(long, value_name = "NAME")]
    context: Option<String>,
    /// Check the files only; connect nowhere.
    #[arg(long)]
    offline: bool,
    /// How long to wait for the daemon, in seconds (default 10).
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

/// What docker would use: where it connects, where its files are, and whether it verifies.
#[derive(Debug)]
struct Setup {
    /// DOCKER_HOST as given.
    host: String,
    /// The folder of ca.pem, cert.pem and key.pem.
    cert_path: PathBuf,
    /// Where the two came from, for the header line.
    source: String,
    /// Findings about the setup itself (the TLS variables).
    found: Vec<Finding>,
}

pub fn run(args: &DoctorArgs) -> Result<bool, Failure> {
    let setup = setup(args)?;
    println!(
        "portcullis doctor: {} with the files in {} ({})",
        setup.host,
        setup.cert_path.display(),
        setup.source
    );
    let mut found = setup.found;
    let (target, host_found) =
        portcullis_pki::check_docker_host(&setup.host).map_err(|finding| {
            Failure::Input(format!("host: {}; {}", finding.problem(), finding.fix()))
        })?;
    found.extend(host_found);

    let now = time::OffsetDateTime::now_utc();
    let mut unreadable = Vec::new();
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let path = setup.cert_path.join(name);
        match std::fs::File::open(&path).and_then(crate::ca_args::read_bounded) {
            Ok(Some(bytes)) => Some(bytes),
            Ok(None) => {
                unreadable.push(Finding::english(
                    Severity::Error,
                    format!(
                        "{} is far larger than any certificate or key",
                        path.display()
                    ),
                    None,
                    format!("put the bundle's clients/NAME/{name} there"),
                ));
                None
            }
            Err(err) if err.kind() == ErrorKind::NotFound => None,
            Err(err) => {
                unreadable.push(Finding::english(
                    Severity::Error,
                    format!("cannot read {}: {err}", path.display()),
                    Some(format!("open {}: {err}", path.display())),
                    "run docker and this check as the user the files belong to".to_owned(),
                ));
                None
            }
        }
    };
    let ca = read("ca.pem");
    let cert = read("cert.pem");
    let key = read("key.pem").map(Zeroizing::new);
    found.extend(unreadable);
    let key_mode = std::fs::metadata(setup.cert_path.join("key.pem"))
        .ok()
        .map(|meta| meta.permissions().mode());
    found.extend(portcullis_pki::check_client_files(
        &ClientFiles {
            ca: ca.as_deref(),
            cert: cert.as_deref(),
            key: key.as_ref().map(|key| key.as_slice()),
            key_mode,
        },
        now,
    ));

    if !args.offline {
        let identity = match (&cert, &key) {
            (Some(cert), Some(key)) => identity(cert, key),
            _ => None,
        };
        let probe = tls::probe(
            &target.host,
            target.port,
            identity.as_ref(),
            Duration::from_secs(args.timeout.max(1)),
        );
        let address = format!("tcp://{}:{}", target.host, target.port);
        match &probe.outcome {
            Err(ProbeError::Connect(why)) => found.push(Finding::english(Severity::Error, format!("cannot reach {address}: {why}"), Some(format!(
                    "Cannot connect to the Docker daemon at {address}. Is the docker daemon running?"
                )), format!(
                    "check that dockerd listens there (on the host: ss -ltn | grep {}) and that no firewall is in between",
                    target.port
                ))),
            Err(ProbeError::NotTls) => found.push(Finding::english(Severity::Error, format!("the daemon at {address} speaks plain HTTP, not TLS"), Some("http: server gave HTTP response to HTTPS client".to_owned()), "turn on TLS on the daemon: install the bundle's server/ folder there (sudo sh install.sh)".to_owned())),
            Err(ProbeError::Other(why)) if probe.chain.is_empty() => found.push(Finding::english(Severity::Error, format!("no TLS connection to {address}: {why}"), None, "check that the daemon runs with --tlsverify and its certificates".to_owned())),
            _ => {
                found.extend(portcullis_pki::check_daemon_certificate(
                    &probe.chain,
                    ca.as_deref(),
                    &target.host,
                    now,
                ));
                let alert = match &probe.outcome {
                    Err(ProbeError::Alert(alert)) => Some(alert.as_str()),
                    _ => None,
                };
                // Our certificate was taken: would the daemon let in a client without one?
                let demands = (probe.outcome.is_ok() && probe.sent_client_certificate).then(|| {
                    tls::probe(
                        &target.host,
                        target.port,
                        None,
                        Duration::from_secs(args.timeout.max(1)),
                    )
                    .outcome
                    .is_err()
                });
                found.extend(portcullis_pki::check_client_auth(
                    &Handshake {
                        asked_for_client_certificate: probe.asked_for_client_certificate,
                        acceptable_client_cas: &probe.acceptable_client_cas,
                        sent_client_certificate: probe.sent_client_certificate,
                        withheld_client_certificate: probe.withheld_client_certificate,
                        demands,
                        alert,
                        port: target.port,
                    },
                    cert.as_deref(),
                ));
                if let Err(ProbeError::Other(why)) = &probe.outcome {
                    found.push(Finding::english(Severity::Error, format!("the connection failed after the handshake: {why}"), None, "see the daemon's log (journalctl -u docker.service)".to_owned()));
                }
            }
        }
    }

    for finding in &found {
        println!("{finding}");
    }
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = found
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let connects = errors == 0;
    println!(
        "{}{}",
        match (connects, args.offline) {
            (true, false) => "docker would connect".to_owned(),
            (true, true) => "the files are fine (not connected: --offline)".to_owned(),
            (false, _) => format!(
                "docker would not connect: {errors} error{}",
                if errors == 1 { "" } else { "s" }
            ),
        },
        if warnings == 0 {
            ".".to_owned()
        } else {
            format!(
                ", {warnings} warning{}.",
                if warnings == 1 { "" } else { "s" }
            )
        }
    );
    Ok(connects)
}

/// The client's certificate chain and PKCS#8 key, when both read (the checks say why not).
fn identity(cert: &[u8], key: &[u8]) -> Option<ClientIdentity> {
    let text = std::str::from_utf8(cert).ok()?;
    let chain = portcullis_pki::pem_certificates(text);
    let key = std::str::from_utf8(key).ok()?;
    let pair =
        portcullis_pki::KeyPair::from_pem(key, None, portcullis_pki::Field::Document).ok()?;
    let key_pkcs8_der = pair.private_key_der().ok()?;
    (!chain.is_empty()).then_some(ClientIdentity {
        chain,
        key_pkcs8_der,
    })
}

/// Where docker would connect, and with which files, as the flags, the environment and the
/// docker configuration say.
fn setup(args: &DoctorArgs) -> Result<Setup, Failure> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let config_dir = env("DOCKER_CONFIG")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|home| Path::new(&home).join(".docker")))
        .unwrap_or_else(|| PathBuf::from(".docker"));
    if let Some(name) = &args.context {
        return context(&config_dir, name, "--context");
    }
    if let Some(host) = &args.host {
        let cert_path = args
            .cert_path
            .clone()
            .or_else(|| env("DOCKER_CERT_PATH").map(PathBuf::from))
            .unwrap_or_else(|| config_dir.clone());
        return Ok(Setup {
            host: host.clone(),
            cert_path,
            source: "from --host".to_owned(),
            found: Vec::new(),
        });
    }
    if let Some(host) = env("DOCKER_HOST") {
        let cert_path = args
            .cert_path
            .clone()
            .or_else(|| env("DOCKER_CERT_PATH").map(PathBuf::from))
            .unwrap_or_else(|| config_dir.clone());
        let mut found = Vec::new();
        if env("DOCKER_TLS_VERIFY").is_none() {
            if env("DOCKER_TLS").is_some() {
                found.push(Finding::english(Severity::Warning, "DOCKER_TLS is set but DOCKER_TLS_VERIFY is not: docker encrypts but does not check the daemon's certificate, so anyone in between can pretend to be the daemon".to_owned(), None, "export DOCKER_TLS_VERIFY=1 (the bundle's env.sh does)".to_owned()));
            } else {
                found.push(Finding::english(Severity::Error, "DOCKER_TLS_VERIFY is not set: docker speaks plain HTTP to the daemon's TLS port".to_owned(), Some("Client sent an HTTP request to an HTTPS server.".to_owned()), "export DOCKER_TLS_VERIFY=1 (any value but empty turns it on; the bundle's env.sh does)".to_owned()));
            }
        }
        let source = if env("DOCKER_CERT_PATH").is_some() || args.cert_path.is_some() {
            "from DOCKER_HOST and DOCKER_CERT_PATH"
        } else {
            "from DOCKER_HOST; DOCKER_CERT_PATH is not set, so docker looks in ~/.docker"
        };
        return Ok(Setup {
            host,
            cert_path,
            source: source.to_owned(),
            found,
        });
    }
    let current = env("DOCKER_CONTEXT")
        .map(|name| (name, "DOCKER_CONTEXT"))
        .or_else(|| {
            let config = std::fs::read_to_string(config_dir.join("config.json")).ok()?;
            let value: serde_json::Value = serde_json::from_str(&config).ok()?;
            let name = value.get("currentContext")?.as_str()?.to_owned();
            Some((name, "the current docker context"))
        });
    match current {
        Some((name, from)) if name != "default" => context(&config_dir, &name, from),
        _ => Err(Failure::Input(
            "host: DOCKER_HOST is not set and no docker context is chosen, so docker uses the local socket; give --host tcp://HOST:2376, --context NAME, or export DOCKER_HOST".to_owned(),
        )),
    }
}

/// A docker context's endpoint and TLS files, as `docker context create` stores them: its
/// metadata under contexts/meta/ and its files under contexts/tls/, each in a folder named by
/// the SHA-256 of the context's name.
fn context(config_dir: &Path, name: &str, from: &str) -> Result<Setup, Failure> {
    let id = hex(&Sha256::digest(name.as_bytes()));
    let meta_path = config_dir.join("contexts/meta").join(&id).join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).map_err(|_| {
        Failure::Input(format!(
            "context: `{name}` ({from}) is not in {}; list them with `docker context ls`, then give --context NAME",
            config_dir.join("contexts").display()
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&meta).map_err(|err| {
        Failure::Input(format!(
            "context: {} is not JSON ({err}); recreate the context with docker context create",
            meta_path.display()
        ))
    })?;
    let endpoint = value.pointer("/Endpoints/docker");
    let host = endpoint
        .and_then(|e| e.get("Host"))
        .and_then(|h| h.as_str())
        .ok_or_else(|| {
            Failure::Input(format!(
                "context: `{name}` has no docker endpoint host; recreate it with docker context create {name} --docker host=tcp://HOST:2376,…"
            ))
        })?
        .to_owned();
    let mut found = Vec::new();
    if endpoint
        .and_then(|e| e.get("SkipTLSVerify"))
        .and_then(|v| v.as_bool())
        == Some(true)
    {
        found.push(Finding::english(Severity::Warning, format!("the context `{name}` skips verifying the daemon's certificate (skip-tls-verify)"), None, "recreate it with ca=…/ca.pem and without skip-tls-verify: the bundle's clients/NAME/docker-context.sh does".to_owned()));
    }
    Ok(Setup {
        host,
        cert_path: config_dir.join("contexts/tls").join(&id).join("docker"),
        source: format!("the docker context `{name}`, from {from}"),
        found,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
