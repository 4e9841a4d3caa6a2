//! `portcullis.json`: a [`Plan`] as a file, so a PKI of many servers and clients can be written
//! once, kept with the bundle and issued again (renewed) later.
//!
//! The schema is versioned (`"version": 1`); unknown fields are refused, so a typing error never
//! goes unnoticed. Nothing secret goes into it: no key, no passphrase.
//!
//! ```json
//! {
//!   "version": 1,
//!   "key_type": "ecdsa-p256",
//!   "ca": { "common_name": "Docker CA for the swarm", "days": 3650 },
//!   "servers": [
//!     { "dns": ["manager1.example.com"], "ip": ["10.0.0.11"], "port": 2376, "days": 365 },
//!     { "dns": ["worker1.example.com"], "platform": "rootless" }
//!   ],
//!   "clients": ["alice", "ci"],
//!   "client_days": 365,
//!   "proxy": false
//! }
//! ```
//!
//! Only `version`, `servers` and `clients` are required; the rest take the same defaults as the
//! command line. `docs/portcullis-plan-v1.schema.json` is the JSON Schema of this version.

use serde::{Deserialize, Serialize};

use crate::csr::CertificateRequest;
use crate::error::{Error, Field};
use crate::plan::{CaSource, KnownCa, Plan, PlanBuilder, ServerSpec};
use crate::platform::Platform;
use crate::refusal::{FileRefusal, Refusal};
use crate::validity::{DEFAULT_LEAF_DAYS, Lifetime, Port, SetBy, ValidityDays};

/// The plan file's name, in a bundle and by convention.
pub const PLAN_FILE_NAME: &str = "portcullis.json";
/// The schema version this Portcullis writes and reads.
pub const PLAN_FILE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    /// Where editors find the JSON Schema (docs/portcullis-plan-v1.schema.json); ignored here.
    #[serde(rename = "$schema", default, skip_serializing)]
    _schema: Option<String>,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ca: Option<CaEntry>,
    servers: Vec<ServerEntry>,
    clients: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_days: Option<i64>,
    #[serde(default)]
    proxy: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    common_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<i64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerEntry {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    dns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ip: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    port: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<i64>,
    /// The server's own CSR (PEM), when its key is made on the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    csr: Option<String>,
    /// How its daemon is run; left out for systemd, the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    platform: Option<String>,
}

/// Only the version, read first so a newer file is named as such rather than as a typo.
#[derive(Deserialize)]
struct VersionOnly {
    version: Option<u32>,
}

fn refuse(refusal: FileRefusal) -> Error {
    Error::file(Field::PlanFile, refusal)
}

/// Wraps an item's own refusal with where it is in the file: `servers[1].dns[0]: …`.
fn at(path: impl core::fmt::Display) -> impl FnOnce(Error) -> Error {
    move |err| match err {
        Error::InvalidInput { field, refusal } => Error::refused(
            Field::PlanFile,
            Refusal::PlanFileAt {
                path: path.to_string(),
                field,
                refusal: Box::new(refusal),
            },
        ),
        // Only refusals come from an item's checks; anything else is no input's fault, and
        // goes on as it is (as data: the wizard's workers have no English to word it with).
        other => other,
    }
}

impl PlanBuilder {
    /// Reads a plan file (`portcullis.json`). The CA's key protection, or an existing CA, is for
    /// the caller to add: nothing secret is in the file.
    pub fn from_plan_file(text: &str) -> Result<Self, Error> {
        crate::limits::check_size(
            Field::PlanFile,
            text.len(),
            crate::limits::MAX_PLAN_FILE_BYTES,
        )?;
        let version = serde_json::from_str::<VersionOnly>(text)
            .map_err(|err| refuse(FileRefusal::plan_not_json(err.to_string())))?
            .version;
        match version {
            Some(PLAN_FILE_VERSION) => {}
            Some(newer) if newer > PLAN_FILE_VERSION => {
                return Err(refuse(FileRefusal::plan_version_newer(
                    newer,
                    PLAN_FILE_VERSION,
                )));
            }
            Some(other) => {
                return Err(refuse(FileRefusal::plan_version_unknown(
                    other,
                    PLAN_FILE_VERSION,
                )));
            }
            None => {
                return Err(refuse(FileRefusal::plan_no_version(PLAN_FILE_VERSION)));
            }
        }
        let file: PlanFile = serde_json::from_str(text)
            .map_err(|err| refuse(FileRefusal::plan_invalid(err.to_string())))?;
        if file.servers.is_empty() {
            return Err(refuse(FileRefusal::plan_no_servers()));
        }
        let mut builder = Plan::builder()
            .proxy(file.proxy)
            .ca_days_set_by(SetBy::PlanFile("ca.days".into()));
        if let Some(key_type) = &file.key_type {
            builder = builder.key_type(key_type.parse().map_err(at("key_type"))?);
        }
        if let Some(ca) = &file.ca {
            if let Some(name) = &ca.common_name {
                builder = builder.ca_common_name(name.parse().map_err(at("ca.common_name"))?);
            }
            if let Some(days) = ca.days {
                builder =
                    builder.ca_days(ValidityDays::new(Field::CaDays, days).map_err(at("ca.days"))?);
            }
        }
        for (i, server) in file.servers.iter().enumerate() {
            let mut spec = ServerSpec::default();
            for (j, name) in server.dns.iter().enumerate() {
                spec.dns_names
                    .push(name.parse().map_err(at(format!("servers[{i}].dns[{j}]")))?);
            }
            for (j, ip) in server.ip.iter().enumerate() {
                spec.ip_addresses
                    .push(ip.parse().map_err(at(format!("servers[{i}].ip[{j}]")))?);
            }
            if let Some(port) = server.port {
                spec.port = Some(Port::new(port).map_err(at(format!("servers[{i}].port")))?);
            }
            if let Some(days) = server.days {
                let field = format!("servers[{i}].days");
                spec.days = Some(Lifetime {
                    days: ValidityDays::new(Field::ServerDays, days).map_err(at(field.clone()))?,
                    set_by: SetBy::PlanFile(field.into()),
                });
            }
            if let Some(csr) = &server.csr {
                spec.csr = Some(std::sync::Arc::new(
                    CertificateRequest::parse(csr.as_bytes())
                        .map_err(at(format!("servers[{i}].csr")))?,
                ));
            }
            if let Some(platform) = &server.platform {
                spec.platform = Some(
                    platform
                        .parse()
                        .map_err(at(format!("servers[{i}].platform")))?,
                );
            }
            builder = builder.server(spec);
        }
        for (i, client) in file.clients.iter().enumerate() {
            builder = builder.client(client.parse().map_err(at(format!("clients[{i}]")))?);
        }
        if let Some(days) = file.client_days {
            builder = builder.client_lifetime(Lifetime {
                days: ValidityDays::new(Field::ClientDays, days).map_err(at("client_days"))?,
                set_by: SetBy::PlanFile("client_days".into()),
            });
        }
        Ok(builder)
    }
}

/// A lifetime as the plan file holds it: left out when it is the default nobody set, so that
/// reading the file back gives a default again (which ends with a CA that ends sooner).
fn written_days(lifetime: &Lifetime) -> Option<i64> {
    let unset = !lifetime.is_chosen() && lifetime.days.days() == DEFAULT_LEAF_DAYS;
    (!unset).then(|| i64::from(lifetime.days.days()))
}

impl<C: KnownCa> Plan<C> {
    /// The plan as `portcullis.json` (pretty, ending with a newline): everything needed to issue
    /// the same PKI again, nothing secret. An existing CA is left out: its certificate is in the
    /// bundle and its key stays with its owner.
    pub fn to_plan_file(&self) -> String {
        let file = PlanFile {
            _schema: None,
            version: PLAN_FILE_VERSION,
            key_type: Some(self.key_type().name().to_owned()),
            ca: match self.ca() {
                CaSource::New(ca) => Some(CaEntry {
                    common_name: Some(ca.common_name.as_str().to_owned()),
                    days: Some(i64::from(ca.days.days())),
                }),
                CaSource::Existing(_) => None,
            },
            servers: self
                .servers()
                .iter()
                .map(|server| ServerEntry {
                    dns: server.dns_names().iter().map(ToString::to_string).collect(),
                    ip: server
                        .ip_addresses()
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    port: Some(u32::from(server.port().get())),
                    days: written_days(server.lifetime()),
                    csr: server.csr().map(CertificateRequest::to_pem),
                    platform: (server.platform() != Platform::Systemd)
                        .then(|| server.platform().name().to_owned()),
                })
                .collect(),
            clients: self.clients().iter().map(ToString::to_string).collect(),
            client_days: written_days(self.client_lifetime()),
            proxy: self.proxy(),
        };
        // Plain strings and numbers always serialise.
        let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
        json.push('\n');
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::CaKeyProtection;

    fn parse(text: &str) -> Result<Plan, Error> {
        PlanBuilder::from_plan_file(text)?
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
    }

    fn refusal(text: &str) -> String {
        parse(text).expect_err("must be refused").to_string()
    }

    const SWARM: &str = r#"{
        "version": 1,
        "key_type": "ed25519",
        "ca": { "common_name": "Swarm CA", "days": 1000 },
        "servers": [
            { "dns": ["manager1.example.com", "swarm.example.com"], "ip": ["10.0.0.11"] },
            { "dns": ["worker1.example.com"], "port": 12376, "days": 90 }
        ],
        "clients": ["alice", "ci"],
        "client_days": 30,
        "proxy": true
    }"#;

    #[test]
    fn reads_every_field() {
        let plan = parse(SWARM).expect("plan");
        assert_eq!(plan.key_type(), crate::KeyType::Ed25519);
        assert_eq!(plan.ca_common_name(), "Swarm CA");
        let servers = plan.servers();
        assert_eq!(servers.len(), 2);
        assert_eq!(
            servers[0].names(),
            ["manager1.example.com", "swarm.example.com", "10.0.0.11"]
        );
        assert_eq!(servers[0].port().get(), 2376);
        assert_eq!(servers[0].days().days(), 365);
        assert_eq!(servers[1].docker_host(), "tcp://worker1.example.com:12376");
        assert_eq!(servers[1].days().days(), 90);
        assert_eq!(plan.clients().len(), 2);
        assert_eq!(plan.client_days().days(), 30);
        assert!(plan.proxy());
    }

    #[test]
    fn written_and_read_back_is_the_same_plan() {
        let plan = parse(SWARM).expect("plan");
        let text = plan.to_plan_file();
        assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
        assert!(text.ends_with("}\n"));
        assert_eq!(parse(&text).expect("read back"), plan);
    }

    #[test]
    fn a_servers_own_csr_goes_into_the_plan_and_back() {
        use rand_core::SeedableRng;
        let key = crate::KeyPair::generate(
            crate::KeyType::EcdsaP256,
            &mut rand_chacha::ChaCha20Rng::seed_from_u64(1),
        )
        .expect("key");
        let pem = rcgen::CertificateParams::default()
            .serialize_request(&key)
            .expect("csr")
            .pem()
            .expect("pem");
        let request = CertificateRequest::parse(pem.as_bytes()).expect("csr");
        assert_eq!(request.to_pem(), pem.replace("\r\n", "\n"));
        let plan = Plan::builder()
            .server_dns("own.example.com".parse().expect("dns"))
            .server_csr(std::sync::Arc::new(request))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let text = plan.to_plan_file();
        assert!(
            text.contains("\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----\\n"),
            "{text}"
        );
        assert_eq!(parse(&text).expect("read back"), plan);
        let spoiled = text.replacen("MI", "XX", 1);
        assert!(refusal(&spoiled).starts_with("plan file: servers[0].csr: CSR: "));
    }

    #[test]
    fn each_servers_platform_is_read_and_written_and_systemd_is_left_out() {
        let text = r#"{"version": 1, "servers": [{"dns": ["a.example"]}, {"dns": ["b.example"], "platform": "podman"}, {"dns": ["c.example"], "platform": "windows"}], "clients": ["x"]}"#;
        let plan = parse(text).expect("plan");
        let platforms: Vec<Platform> = plan.servers().iter().map(|s| s.platform()).collect();
        assert_eq!(
            platforms,
            [Platform::Systemd, Platform::Podman, Platform::Windows]
        );
        let written = plan.to_plan_file();
        assert_eq!(written.matches("\"platform\"").count(), 2, "{written}");
        assert!(written.contains("\"platform\": \"podman\""), "{written}");
        assert_eq!(parse(&written).expect("read back"), plan);
        assert_eq!(
            refusal(
                r#"{"version": 1, "servers": [{"dns": ["a.example"], "platform": "macos"}], "clients": ["x"]}"#
            ),
            "plan file: servers[0].platform: platform: `macos` is not a platform Portcullis knows; use systemd (the default), rootless, windows or podman"
        );
        assert_eq!(
            refusal(
                r#"{"version": 1, "servers": [{"dns": ["a.example"]}, {"dns": ["b.example"], "platform": "rootless"}], "clients": ["x"], "proxy": true}"#
            ),
            "platform: server 2 runs on `rootless`, but the proxy forwards to the root daemon's /var/run/docker.sock of a systemd host; leave out the proxy (--proxy) or use the platform systemd"
        );
    }

    #[test]
    fn refusals_say_where_and_how_to_fix() {
        assert_eq!(
            refusal(r#"{"version": 1, "servers": [{"dns": ["a..b"]}], "clients": ["x"]}"#),
            "plan file: servers[0].dns[0]: server DNS name: `a..b` has an empty label (two dots in a row, or a leading dot); remove the extra dot"
        );
        assert!(
            refusal(r#"{"version": 1, "servers": [{"dsn": ["a.b"]}], "clients": ["x"]}"#)
                .starts_with("plan file: unknown field `dsn`, expected one of `dns`, `ip`, `port`, `days`, `csr`, `platform` at line 1")
        );
        assert_eq!(
            refusal(r#"{"version": 2, "servers": [], "clients": [], "new": 1}"#),
            "plan file: version 2 is newer than this Portcullis reads (1); update Portcullis"
        );
        assert_eq!(
            refusal(r#"{"servers": [], "clients": []}"#),
            "plan file: has no \"version\"; start it with \"version\": 1"
        );
        assert!(refusal("{").starts_with("plan file: is not valid JSON"));
        assert!(
            refusal(r#"{"version": 1, "servers": [], "clients": ["x"]}"#)
                .starts_with("plan file: \"servers\" is empty")
        );
        assert!(
            refusal(
                r#"{"version": 1, "servers": [{"ip": ["1.2.3.4"], "port": 0}], "clients": ["x"]}"#
            )
            .starts_with("plan file: servers[0].port: port:")
        );
        assert!(
            refusal(
                r#"{"version": 1, "servers": [{"ip": ["1.2.3.4"]}], "clients": ["bad name!"]}"#
            )
            .starts_with("plan file: clients[0]: client name:")
        );
        // The plan's own rules still hold: here, two servers named alike.
        assert!(
            refusal(r#"{"version": 1, "servers": [{"dns": ["a.example"]}, {"dns": ["A.example"]}], "clients": ["x"]}"#)
                .starts_with("server names: servers 1 and 2 both start with")
        );
    }
}
