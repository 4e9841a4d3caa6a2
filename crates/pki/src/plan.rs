//! The [`Plan`]: everything the user decided, checked as a whole.
//!
//! Single fields are checked by their own types ([`DnsName`], [`ValidityDays`], …); the plan adds
//! the rules that involve several: at least one name per server, no duplicates, distinct server
//! folders, no leaf outliving the CA.

use core::fmt;
use std::sync::Arc;

use portcullis_words::{Lang, Refusals, fill};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::csr::CertificateRequest;
use crate::error::{Error, Field};
use crate::existing_ca::{CaSummary, ExistingCa};
use crate::key_pair::KeyType;
use crate::limits::{MAX_CLIENTS, MAX_SERVER_NAMES, MAX_SERVERS};
use crate::names::{ClientName, CommonName, DnsName, IpSan, MAX_COMMON_NAME_LEN};
use crate::passphrase::Passphrase;
use crate::platform::Platform;
use crate::refusal::{InputRefusal, Refusal};
use crate::validity::{DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS, Lifetime, Port, SetBy, ValidityDays};

/// How the CA's private key is stored in the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaKeyProtection {
    /// Encrypted PKCS#8 with this passphrase (the default and the recommendation).
    Passphrase(Passphrase),
    /// Unencrypted; only on explicit request, and the plan warns about it.
    Unencrypted,
}

/// Something the user should know before using the bundle; not an error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The CA key goes into the bundle without a passphrase.
    UnencryptedCaKey,
    /// A server name has a single label: clients must resolve it the same way.
    SingleLabelName(DnsName),
    /// The server is only reachable through loopback names and addresses.
    LoopbackOnly,
    /// Certificates whose default lifetime would have outlasted the CA end with it instead
    /// (found when issuing, since it depends on the time and the CA).
    EndsWithCa {
        /// Which.
        certificates: CutShort,
        /// The lifetime they would have had.
        days: ValidityDays,
        /// The CA's end, and so theirs.
        ca_end: OffsetDateTime,
    },
}

/// Which certificates a CA's end cut short ([`Warning::EndsWithCa`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CutShort {
    /// The server certificate of this host.
    Server(String),
    /// The client certificate of this client.
    Client(String),
    /// The client certificates of these clients (more than one).
    Clients(Vec<String>),
}

impl CutShort {
    /// The client certificates of `names`: one, or several.
    pub(crate) fn clients(names: &[&str]) -> Self {
        match names {
            [one] => Self::Client((*one).to_owned()),
            several => Self::Clients(several.iter().map(|name| (*name).to_owned()).collect()),
        }
    }

    fn said_in(&self, r: &Refusals) -> String {
        match self {
            Self::Server(name) => fill(r.cut_short_server, &[("NAME", name)]),
            Self::Client(name) => fill(r.cut_short_client, &[("NAME", name)]),
            Self::Clients(names) => fill(r.cut_short_clients, &[("NAMES", &names.join(", "))]),
        }
    }
}

impl Warning {
    /// This warning in the language of `r`.
    pub fn said_in(&self, r: &Refusals) -> String {
        match self {
            Self::UnencryptedCaKey => r.warning_unencrypted_ca_key.to_owned(),
            Self::SingleLabelName(name) => {
                fill(r.warning_single_label_name, &[("NAME", name.as_str())])
            }
            Self::LoopbackOnly => r.warning_loopback_only.to_owned(),
            Self::EndsWithCa {
                certificates,
                days,
                ca_end,
            } => fill(
                r.warning_ends_with_ca,
                &[
                    ("WHICH", &certificates.said_in(r)),
                    ("DATE", &crate::inspect::asn1_time(*ca_end)),
                    ("DAYS", &days.days().to_string()),
                ],
            ),
        }
    }

    /// On the wire (the worker sends what it issued to the page, which says it in its
    /// language): its kind and values as text, as [`Refusal`]'s.
    fn to_wire(&self) -> (&'static str, Vec<String>) {
        match self {
            Self::UnencryptedCaKey => ("UnencryptedCaKey", vec![]),
            Self::SingleLabelName(name) => ("SingleLabelName", vec![name.to_string()]),
            Self::LoopbackOnly => ("LoopbackOnly", vec![]),
            Self::EndsWithCa {
                certificates,
                days,
                ca_end,
            } => {
                let (which, names) = match certificates {
                    CutShort::Server(name) => ("Server", vec![name.clone()]),
                    CutShort::Client(name) => ("Client", vec![name.clone()]),
                    CutShort::Clients(names) => ("Clients", names.clone()),
                };
                let mut values = vec![
                    days.days().to_string(),
                    ca_end.unix_timestamp().to_string(),
                    which.to_owned(),
                ];
                values.extend(names);
                ("EndsWithCa", values)
            }
        }
    }

    fn from_wire(kind: &str, values: Vec<String>) -> Option<Self> {
        let mut values = values.into_iter();
        let warning = match kind {
            "UnencryptedCaKey" => Self::UnencryptedCaKey,
            "SingleLabelName" => Self::SingleLabelName(values.next()?.parse().ok()?),
            "LoopbackOnly" => Self::LoopbackOnly,
            "EndsWithCa" => {
                let days =
                    ValidityDays::new(Field::ServerDays, values.next()?.parse().ok()?).ok()?;
                let ca_end =
                    OffsetDateTime::from_unix_timestamp(values.next()?.parse().ok()?).ok()?;
                let which = values.next()?;
                let names: Vec<String> = values.by_ref().collect();
                let certificates = match (which.as_str(), names.as_slice()) {
                    ("Server", [name]) => CutShort::Server(name.clone()),
                    ("Client", [name]) => CutShort::Client(name.clone()),
                    ("Clients", [_, _, ..]) => CutShort::Clients(names),
                    _ => return None,
                };
                Self::EndsWithCa {
                    certificates,
                    days,
                    ca_end,
                }
            }
            _ => return None,
        };
        values.next().is_none().then_some(warning)
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (kind, values) = <(String, Vec<String>)>::deserialize(deserializer)?;
        Self::from_wire(&kind, values)
            .ok_or_else(|| serde::de::Error::custom(format!("not a warning of kind {kind:?}")))
    }
}

/// The CLI's English: the English words' templates.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_in(Lang::english_refusals()))
    }
}

/// The CA to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaPlan {
    /// Its common name.
    pub common_name: CommonName,
    /// Its lifetime.
    pub days: ValidityDays,
    /// How its key is stored.
    pub protection: CaKeyProtection,
}

/// What a plan holds of an existing CA.
///
/// The CLI and the wizard's worker hold the CA itself, an [`ExistingCa`] (behind an `Arc`),
/// which can issue. The wizard's page holds only what its worker read of the CA, a
/// [`CaSummary`]: enough to plan and check the form, never to issue, since
/// [`issue`](crate::issue) takes only a plan of the CA itself.
pub trait KnownCa: Clone + fmt::Debug + PartialEq + Eq {
    /// The CA's common name (or its whole subject, if it has none).
    fn common_name(&self) -> &str;
}

impl KnownCa for Arc<ExistingCa> {
    fn common_name(&self) -> &str {
        ExistingCa::common_name(self)
    }
}

impl KnownCa for CaSummary {
    fn common_name(&self) -> &str {
        CaSummary::common_name(self)
    }
}

/// Where the CA comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaSource<C = Arc<ExistingCa>> {
    /// A new CA, made with the bundle.
    New(CaPlan),
    /// An existing CA: its certificate goes into the bundle, its key stays where it is.
    Existing(C),
}

/// One Docker host as the builder collects it; what is left `None` takes the builder's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerSpec {
    /// The DNS names clients use to reach it.
    pub dns_names: Vec<DnsName>,
    /// Its IP addresses clients use.
    pub ip_addresses: Vec<IpSan>,
    /// Its TLS port (default: the builder's, 2376 unless set).
    pub port: Option<Port>,
    /// Its certificate's lifetime and who set it (default: the builder's, 365 days unless set).
    pub days: Option<Lifetime>,
    /// The server's own CSR: its key was made on the host and never leaves it, so the bundle
    /// holds its certificate but no key.
    pub csr: Option<Arc<CertificateRequest>>,
    /// How its daemon is run (default: the builder's, systemd unless set).
    pub platform: Option<Platform>,
}

/// A Docker host: the names clients use to reach it and the port dockerd listens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerPlan {
    dns_names: Vec<DnsName>,
    ip_addresses: Vec<IpSan>,
    port: Port,
    days: Lifetime,
    csr: Option<Arc<CertificateRequest>>,
    platform: Platform,
}

impl ServerPlan {
    /// How its daemon is run.
    pub fn platform(&self) -> Platform {
        self.platform
    }

    /// The DNS names, in the order given.
    pub fn dns_names(&self) -> &[DnsName] {
        &self.dns_names
    }

    /// The IP addresses, in the order given.
    pub fn ip_addresses(&self) -> &[IpSan] {
        &self.ip_addresses
    }

    /// The TLS port.
    pub fn port(&self) -> Port {
        self.port
    }

    /// The server certificate's lifetime.
    pub fn days(&self) -> ValidityDays {
        self.days.days
    }

    /// The server certificate's lifetime and who set it.
    pub fn lifetime(&self) -> &Lifetime {
        &self.days
    }

    /// The server's CSR, when its key is made on the host rather than here.
    pub fn csr(&self) -> Option<&CertificateRequest> {
        self.csr.as_deref()
    }

    /// Every name, DNS names first, as text.
    pub fn names(&self) -> Vec<String> {
        self.dns_names
            .iter()
            .map(ToString::to_string)
            .chain(self.ip_addresses.iter().map(ToString::to_string))
            .collect()
    }

    /// The host name clients put into `DOCKER_HOST`: the first DNS name, else the first IP
    /// (bracketed if IPv6).
    pub fn primary_host(&self) -> String {
        match (self.dns_names.first(), self.ip_addresses.first()) {
            (Some(name), _) => name.to_string(),
            (None, Some(ip)) => ip.url_host(),
            // The plan guarantees one name at least; this arm is never taken.
            (None, None) => "localhost".to_owned(),
        }
    }

    /// The server certificate's common name: the first name that fits into a CN (Go ignores the
    /// CN; it is repeated as a SAN and only helps humans).
    pub fn common_name(&self) -> String {
        self.dns_names
            .iter()
            .map(DnsName::to_string)
            .chain(self.ip_addresses.iter().map(IpSan::to_string))
            .find(|name| name.len() <= MAX_COMMON_NAME_LEN)
            .unwrap_or_else(|| "Docker daemon".to_owned())
    }

    /// `tcp://HOST:PORT`, the value of `DOCKER_HOST`.
    pub fn docker_host(&self) -> String {
        format!("tcp://{}:{}", self.primary_host(), self.port)
    }

    /// The primary host made safe as a file or context name (IPv6 colons and brackets replaced):
    /// its folder in a bundle with several servers, and its docker context's name.
    pub fn slug(&self) -> String {
        slug(&self.primary_host())
    }
}

/// `host` with every character other than ASCII letters, digits, `.` and `-` replaced by `-`.
fn slug(host: &str) -> String {
    host.trim_matches(|c| c == '[' || c == ']')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Everything needed to issue a PKI for one or several Docker hosts; `C` is what it holds of an
/// existing CA (see [`KnownCa`]): only a plan of the CA itself can be issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan<C = Arc<ExistingCa>> {
    proxy: bool,
    key_type: KeyType,
    ca: CaSource<C>,
    servers: Vec<ServerPlan>,
    clients: Vec<ClientName>,
    client_days: Lifetime,
}

impl Plan {
    /// Starts a plan with the defaults: ECDSA P-256, a 10-year CA, 1-year leaves, port 2376.
    pub fn builder() -> PlanBuilder {
        PlanBuilder::default()
    }
}

impl<C: KnownCa> Plan<C> {
    /// Whether the bundle includes the nginx proxy that checks a CRL and an allow-list.
    pub fn proxy(&self) -> bool {
        self.proxy
    }

    /// The key type of every key.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// Where the CA comes from.
    pub fn ca(&self) -> &CaSource<C> {
        &self.ca
    }

    /// The CA's common name, new or existing.
    pub fn ca_common_name(&self) -> &str {
        match &self.ca {
            CaSource::New(ca) => ca.common_name.as_str(),
            CaSource::Existing(ca) => ca.common_name(),
        }
    }

    /// The Docker hosts, in the order given; never empty.
    pub fn servers(&self) -> &[ServerPlan] {
        &self.servers
    }

    /// The first Docker host: the one the bundle is named after and client scripts point to.
    pub fn first_server(&self) -> &ServerPlan {
        // `build` refuses a plan without servers.
        &self.servers[0]
    }

    /// The shortest server certificate lifetime (the proxy's CRL must be renewed before it).
    pub fn shortest_server_days(&self) -> ValidityDays {
        self.servers
            .iter()
            .map(ServerPlan::days)
            .min()
            .unwrap_or_else(|| self.first_server().days())
    }

    /// The clients, in the order given.
    pub fn clients(&self) -> &[ClientName] {
        &self.clients
    }

    /// The client certificates' lifetime.
    pub fn client_days(&self) -> ValidityDays {
        self.client_days.days
    }

    /// The client certificates' lifetime and who set it.
    pub fn client_lifetime(&self) -> &Lifetime {
        &self.client_days
    }

    /// Things to tell the user before they use the bundle.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if let CaSource::New(CaPlan {
            protection: CaKeyProtection::Unencrypted,
            ..
        }) = &self.ca
        {
            warnings.push(Warning::UnencryptedCaKey);
        }
        for name in self.servers.iter().flat_map(|server| &server.dns_names) {
            let warning = Warning::SingleLabelName(name.clone());
            if name.is_single_label()
                && name.as_str() != "localhost"
                && !warnings.contains(&warning)
            {
                warnings.push(warning);
            }
        }
        let loopback_only = self.servers.iter().all(|server| {
            server
                .dns_names
                .iter()
                .all(|name| name.as_str() == "localhost")
                && server.ip_addresses.iter().all(|ip| ip.addr().is_loopback())
        });
        if loopback_only {
            warnings.push(Warning::LoopbackOnly);
        }
        warnings
    }
}

/// Collects a [`Plan`]'s parts; [`PlanBuilder::build`] checks them together.
#[derive(Clone, Debug)]
pub struct PlanBuilder<C = Arc<ExistingCa>> {
    proxy: bool,
    key_type: KeyType,
    ca_common_name: Option<CommonName>,
    ca_days: ValidityDays,
    /// Where to raise the CA's lifetime, for a refusal's advice.
    ca_days_set_by: SetBy,
    protection: Option<CaKeyProtection>,
    existing_ca: Option<C>,
    servers: Vec<ServerSpec>,
    port: Port,
    platform: Platform,
    server_days: Lifetime,
    clients: Vec<ClientName>,
    client_days: Lifetime,
}

impl<C> Default for PlanBuilder<C> {
    fn default() -> Self {
        // The defaults are constants within ValidityDays' bounds.
        let days = |field, days| ValidityDays::new(field, days).unwrap_or_else(|_| unreachable!());
        Self {
            proxy: false,
            key_type: KeyType::default(),
            ca_common_name: None,
            ca_days: days(Field::CaDays, i64::from(DEFAULT_CA_DAYS)),
            ca_days_set_by: SetBy::Option("--ca-days".into()),
            protection: None,
            existing_ca: None,
            servers: Vec::new(),
            port: Port::default(),
            platform: Platform::default(),
            server_days: Lifetime::default_days(days(
                Field::ServerDays,
                i64::from(DEFAULT_LEAF_DAYS),
            )),
            clients: Vec::new(),
            client_days: Lifetime::default_days(days(
                Field::ClientDays,
                i64::from(DEFAULT_LEAF_DAYS),
            )),
        }
    }
}

impl PlanBuilder {
    /// Issues under an existing CA instead of making one: the CA name, lifetime and key
    /// protection no longer apply, and leaves are checked against the CA's end when issued.
    pub fn existing_ca(mut self, ca: ExistingCa) -> Self {
        self.existing_ca = Some(Arc::new(ca));
        self
    }
}

impl<C: KnownCa> PlanBuilder<C> {
    /// Adds the nginx reverse proxy (proxy/ in the bundle): mutual TLS on the public port, the
    /// CA's CRL and an allow-list of client names checked before dockerd's local socket.
    pub fn proxy(mut self, proxy: bool) -> Self {
        self.proxy = proxy;
        self
    }

    /// The key type for every key (default ECDSA P-256).
    pub fn key_type(mut self, key_type: KeyType) -> Self {
        self.key_type = key_type;
        self
    }

    /// The CA's common name (default "Docker CA for HOST").
    pub fn ca_common_name(mut self, name: CommonName) -> Self {
        self.ca_common_name = Some(name);
        self
    }

    /// The CA's lifetime (default 3650 days).
    pub fn ca_days(mut self, days: ValidityDays) -> Self {
        self.ca_days = days;
        self
    }

    /// Where the CA's lifetime is raised, when a leaf the user set would outlast it (default
    /// the option `--ca-days`).
    pub fn ca_days_set_by(mut self, set_by: SetBy) -> Self {
        self.ca_days_set_by = set_by;
        self
    }

    /// How the CA key is stored; required.
    pub fn ca_key_protection(mut self, protection: CaKeyProtection) -> Self {
        self.protection = Some(protection);
        self
    }

    /// [`PlanBuilder::existing_ca`] with a CA already shared, or (in the wizard's page) what
    /// was read of it elsewhere.
    pub fn existing_ca_shared(mut self, ca: C) -> Self {
        self.existing_ca = Some(ca);
        self
    }

    /// Adds a DNS name of the first server.
    pub fn server_dns(mut self, name: DnsName) -> Self {
        self.first_server().dns_names.push(name);
        self
    }

    /// Adds an IP address of the first server.
    pub fn server_ip(mut self, ip: IpSan) -> Self {
        self.first_server().ip_addresses.push(ip);
        self
    }

    /// Signs the first server's own CSR instead of making its key here.
    pub fn server_csr(mut self, csr: Arc<CertificateRequest>) -> Self {
        self.first_server().csr = Some(csr);
        self
    }

    /// Adds a server after those given so far (a Swarm has several managers and workers).
    pub fn server(mut self, server: ServerSpec) -> Self {
        self.servers.push(server);
        self
    }

    fn first_server(&mut self) -> &mut ServerSpec {
        if self.servers.is_empty() {
            self.servers.push(ServerSpec::default());
        }
        &mut self.servers[0]
    }

    /// The TLS port of every server that does not set its own (default 2376).
    pub fn port(mut self, port: Port) -> Self {
        self.port = port;
        self
    }

    /// How the daemon of every server that does not set its own is run (default systemd).
    pub fn platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }

    /// The certificate lifetime of every server that does not set its own, as `--server-days`
    /// sets it (default 365 days).
    pub fn server_days(self, days: ValidityDays) -> Self {
        self.server_lifetime(Lifetime {
            days,
            set_by: SetBy::Option("--server-days".into()),
        })
    }

    /// The certificate lifetime of every server that does not set its own, and who set it.
    pub fn server_lifetime(mut self, lifetime: Lifetime) -> Self {
        self.server_days = lifetime;
        self
    }

    /// One lifetime for every server, its own included (renewal's `--server-days`).
    pub fn every_server_lifetime(mut self, lifetime: Lifetime) -> Self {
        for server in &mut self.servers {
            server.days = None;
        }
        self.server_lifetime(lifetime)
    }

    /// Makes every lifetime so far a default: renewal carries the old bundle's lifetimes over,
    /// and they end with the CA when it ends sooner, where a lifetime typed now is refused.
    pub fn lifetimes_as_defaults(mut self) -> Self {
        let as_default = |lifetime: &mut Lifetime| lifetime.set_by = SetBy::Default;
        as_default(&mut self.server_days);
        as_default(&mut self.client_days);
        self.servers
            .iter_mut()
            .filter_map(|server| server.days.as_mut())
            .for_each(as_default);
        self
    }

    /// Adds a client.
    pub fn client(mut self, name: ClientName) -> Self {
        self.clients.push(name);
        self
    }

    /// The client certificates' lifetime, as `--client-days` sets it (default 365 days).
    pub fn client_days(self, days: ValidityDays) -> Self {
        self.client_lifetime(Lifetime {
            days,
            set_by: SetBy::Option("--client-days".into()),
        })
    }

    /// The client certificates' lifetime, and who set it.
    pub fn client_lifetime(mut self, lifetime: Lifetime) -> Self {
        self.client_days = lifetime;
        self
    }

    /// Checks the parts together and returns the plan.
    pub fn build(self) -> Result<Plan<C>, Error> {
        // Counted first: the checks below compare every pair.
        if self.servers.len() > MAX_SERVERS {
            return Err(Error::refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::servers_too_many(
                    self.servers.len(),
                    MAX_SERVERS,
                )),
            ));
        }
        if self.clients.len() > MAX_CLIENTS {
            return Err(Error::refused(
                Field::Client,
                Refusal::from(InputRefusal::clients_too_many(
                    self.clients.len(),
                    MAX_CLIENTS,
                )),
            ));
        }
        let several = self.servers.len() > 1;
        let servers = self
            .servers
            .into_iter()
            .enumerate()
            .map(|(index, spec)| {
                // Which one, when there are several.
                check_server(&spec, several.then_some(index + 1))?;
                Ok(ServerPlan {
                    dns_names: spec.dns_names,
                    ip_addresses: spec.ip_addresses,
                    port: spec.port.unwrap_or(self.port),
                    days: spec.days.unwrap_or_else(|| self.server_days.clone()),
                    csr: spec.csr,
                    platform: spec.platform.unwrap_or(self.platform),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        if self.proxy
            && let Some((index, server)) = servers
                .iter()
                .enumerate()
                .find(|(_, server)| !server.platform.has_root_docker_socket())
        {
            let platform = server.platform.to_string();
            let refusal = if several {
                InputRefusal::proxy_platform_of(index + 1, platform)
            } else {
                InputRefusal::proxy_platform(platform)
            };
            return Err(Error::refused(Field::Platform, refusal.into()));
        }
        if servers.is_empty() {
            return Err(Error::refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::servers_none()),
            ));
        }
        // Each server's folder is named after its first name; they must differ, also on
        // case-insensitive file systems.
        let folders: Vec<String> = servers
            .iter()
            .map(|s| s.slug().to_ascii_lowercase())
            .collect();
        if let Some(index) = (0..folders.len()).find(|&i| folders[..i].contains(&folders[i])) {
            let earlier = folders[..index]
                .iter()
                .position(|f| f == &folders[index])
                .unwrap_or_default();
            return Err(Error::refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::server_folders_clash(
                    earlier + 1,
                    index + 1,
                    servers[index].primary_host(),
                )),
            ));
        }
        if self.clients.is_empty() {
            return Err(Error::refused(
                Field::Client,
                Refusal::from(InputRefusal::clients_none()),
            ));
        }
        // Folder names must differ on case-insensitive file systems (macOS, Windows) too.
        let folded: Vec<String> = self
            .clients
            .iter()
            .map(|c| c.as_str().to_ascii_lowercase())
            .collect();
        if let Some(index) = (0..folded.len()).find(|&i| folded[..i].contains(&folded[i])) {
            return Err(Error::refused(
                Field::Client,
                Refusal::from(InputRefusal::client_twice(self.clients[index].to_string())),
            ));
        }
        let ca = match self.existing_ca {
            Some(existing) => CaSource::Existing(existing),
            None => {
                // A lifetime the user set must fit the new CA; a default ends with it when it
                // would not (issue says so in a warning).
                let leaves = servers
                    .iter()
                    .map(|server| (Field::ServerDays, server.lifetime()))
                    .chain([(Field::ClientDays, &self.client_days)]);
                for (field, lifetime) in leaves {
                    if lifetime.is_chosen() && lifetime.days > self.ca_days {
                        return Err(Error::refused(
                            field,
                            Refusal::OutlastsNewCa {
                                days: lifetime.days.days(),
                                ca_days: self.ca_days.days(),
                                set_by: lifetime.set_by.clone(),
                                ca_set_by: self.ca_days_set_by.clone(),
                            },
                        ));
                    }
                }
                let protection = self.protection.ok_or_else(|| {
                    Error::refused(
                        Field::CaPassphrase,
                        Refusal::from(InputRefusal::ca_passphrase_none()),
                    )
                })?;
                CaSource::New(CaPlan {
                    common_name: self
                        .ca_common_name
                        .unwrap_or_else(|| default_ca_name(&servers[0])),
                    days: self.ca_days,
                    protection,
                })
            }
        };
        Ok(Plan {
            proxy: self.proxy,
            key_type: self.key_type,
            ca,
            servers,
            clients: self.clients,
            client_days: self.client_days,
        })
    }
}

/// "Docker CA for HOST", shortened to fit a common name.
fn default_ca_name(server: &ServerPlan) -> CommonName {
    let mut name = format!("Docker CA for {}", server.primary_host());
    if name.len() > MAX_COMMON_NAME_LEN {
        name = "Docker CA".to_owned();
    }
    name.parse()
        .unwrap_or_else(|_| unreachable!("a short printable name"))
}

/// The rules for one server's names; `server` is its number (from 1) when there are several.
fn check_server(spec: &ServerSpec, server: Option<usize>) -> Result<(), Error> {
    let names = spec.dns_names.len() + spec.ip_addresses.len();
    if names > MAX_SERVER_NAMES {
        return Err(Error::refused(
            Field::ServerNames,
            Refusal::ServerTooManyNames {
                server,
                names,
                max: MAX_SERVER_NAMES,
            },
        ));
    }
    if spec.dns_names.is_empty() && spec.ip_addresses.is_empty() {
        return Err(Error::refused(
            Field::ServerNames,
            Refusal::ServerNoNames { server },
        ));
    }
    if let Some(name) = first_duplicate(&spec.dns_names) {
        return Err(Error::refused(
            Field::ServerDns,
            Refusal::DnsTwice {
                name: name.to_string(),
                server,
            },
        ));
    }
    if let Some(ip) = first_duplicate(&spec.ip_addresses) {
        return Err(Error::refused(
            Field::ServerIp,
            Refusal::IpTwice {
                ip: ip.to_string(),
                server,
            },
        ));
    }
    if let Some(csr) = &spec.csr {
        crate::sign::refuse_ca_request(csr)?;
    }
    Ok(())
}

fn first_duplicate<T: PartialEq>(items: &[T]) -> Option<&T> {
    items
        .iter()
        .enumerate()
        .find(|(i, item)| items[..*i].contains(item))
        .map(|(_, item)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_warning_crosses_the_wire_whole_and_is_said_in_english_as_before() {
        let ca_end = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        let days = ValidityDays::new(Field::ServerDays, 365).expect("days");
        let ends = |certificates| Warning::EndsWithCa {
            certificates,
            days,
            ca_end,
        };
        let warnings = [
            Warning::UnencryptedCaKey,
            Warning::SingleLabelName("docker".parse().expect("name")),
            Warning::LoopbackOnly,
            ends(CutShort::Server("docker.example.com".into())),
            ends(CutShort::clients(&["alice"])),
            ends(CutShort::clients(&["alice", "bob"])),
        ];
        for warning in &warnings {
            let json = serde_json::to_string(warning).expect("serializes");
            let back: Warning = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(&back, warning, "{json}");
        }
        assert_eq!(
            warnings[5].to_string(),
            "the client certificates of alice, bob: valid until 2027-01-15 08:00:00 UTC, when the CA ends, rather than for 365 days; the CA itself must be replaced before then (portcullis rotate-ca moves every daemon and client to a new CA without locking anyone out)"
        );
        assert!(
            warnings[4]
                .to_string()
                .starts_with("the client certificate of alice: ")
        );
        for bad in [
            r#"["Nothing",[]]"#,
            r#"["LoopbackOnly",["x"]]"#,
            r#"["EndsWithCa",["365","1800000000","Clients","alice"]]"#,
            r#"["EndsWithCa",["365","1800000000","Server"]]"#,
        ] {
            assert!(serde_json::from_str::<Warning>(bad).is_err(), "{bad}");
        }
    }

    fn builder() -> PlanBuilder {
        Plan::builder()
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
    }

    /// A server's lifetime as a plan file sets it.
    fn in_plan_file(days: i64) -> Lifetime {
        Lifetime {
            days: ValidityDays::new(Field::ServerDays, days).expect("days"),
            set_by: SetBy::PlanFile("servers[1].days".into()),
        }
    }

    fn refusal(builder: PlanBuilder) -> String {
        builder.build().expect_err("must be refused").to_string()
    }

    fn host(i: usize) -> ServerSpec {
        ServerSpec {
            dns_names: vec![format!("host{i}.example.com").parse().expect("dns")],
            ..ServerSpec::default()
        }
    }

    #[test]
    fn the_counts_an_attacker_controls_are_limited() {
        // At each limit the plan is made; one more is refused, named, with a way out.
        let mut at_limit = Plan::builder().ca_key_protection(CaKeyProtection::Unencrypted);
        for i in 0..MAX_SERVERS {
            at_limit = at_limit.server(host(i));
        }
        for i in 0..MAX_CLIENTS {
            at_limit = at_limit.client(format!("client{i}").parse().expect("client"));
        }
        let plan = at_limit.clone().build().expect("the largest plan");
        assert_eq!(
            (plan.servers().len(), plan.clients().len()),
            (MAX_SERVERS, MAX_CLIENTS)
        );
        assert_eq!(
            refusal(at_limit.clone().server(host(MAX_SERVERS))),
            "server names: 201 servers; one plan holds at most 200: split the hosts into several plan files (--plan), each a bundle of its own"
        );
        assert_eq!(
            refusal(at_limit.client("one-more".parse().expect("client"))),
            "client name: 501 clients; one bundle holds at most 500: make several bundles under the same CA (--ca-cert and --ca-key)"
        );

        let mut names = builder();
        for i in 1..MAX_SERVER_NAMES {
            names = names.server_ip(
                format!("10.0.{}.{}", i / 200, i % 200 + 1)
                    .parse()
                    .expect("ip"),
            );
        }
        assert!(names.clone().build().is_ok(), "100 names and addresses");
        assert_eq!(
            refusal(names.server_dns("one-more.example.com".parse().expect("dns"))),
            "server names: has 101 names and addresses; a certificate holds at most 100: list only those clients use to reach the daemon"
        );
    }

    #[test]
    fn defaults() {
        let plan = builder().build().expect("plan");
        assert_eq!(plan.key_type(), KeyType::EcdsaP256);
        let CaSource::New(ca) = plan.ca() else {
            panic!("a new CA");
        };
        assert_eq!(ca.days.days(), 3650);
        assert_eq!(plan.first_server().days().days(), 365);
        assert_eq!(plan.client_days().days(), 365);
        assert_eq!(
            plan.first_server().docker_host(),
            "tcp://docker.example.com:2376"
        );
        assert_eq!(plan.ca_common_name(), "Docker CA for docker.example.com");
        assert_eq!(plan.warnings(), vec![Warning::UnencryptedCaKey]);
    }

    #[test]
    fn ipv6_only_server_uses_brackets_in_docker_host() {
        let plan = Plan::builder()
            .server_ip("2001:db8::7".parse().expect("ip"))
            .client("ci".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        assert_eq!(
            plan.first_server().docker_host(),
            "tcp://[2001:db8::7]:2376"
        );
        assert_eq!(plan.first_server().common_name(), "2001:db8::7");
    }

    #[test]
    fn cross_field_refusals() {
        let no_names = Plan::builder()
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted);
        assert!(refusal(no_names).starts_with("server names: none given"));

        let twice = builder().server_dns("Docker.Example.com".parse().expect("dns"));
        assert!(refusal(twice).contains("listed twice"));

        let ip_twice = builder()
            .server_ip("10.0.0.1".parse().expect("ip"))
            .server_ip("10.0.0.1".parse().expect("ip"));
        assert!(refusal(ip_twice).starts_with("server IP address: `10.0.0.1` is listed twice"));

        let clients_twice = builder().client("Alice".parse().expect("client"));
        assert!(refusal(clients_twice).starts_with("client name: `Alice` is listed twice"));

        let no_client = Plan::builder()
            .server_dns("docker.example.com".parse().expect("dns"))
            .ca_key_protection(CaKeyProtection::Unencrypted);
        assert!(refusal(no_client).starts_with("client name: none given"));

        let no_passphrase = Plan::builder()
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"));
        assert!(refusal(no_passphrase).starts_with("CA passphrase: none given"));
    }

    #[test]
    fn a_lifetime_the_user_set_never_outlives_a_new_ca() {
        let ca_days = ValidityDays::new(Field::CaDays, 30).expect("days");
        let message = refusal(
            builder()
                .ca_days(ca_days)
                .server_days(ValidityDays::new(Field::ServerDays, 365).expect("days")),
        );
        assert_eq!(
            message,
            "server validity: 365 days would outlast the CA (30 days); use --server-days 30 or less, or raise --ca-days"
        );
        let message = refusal(
            builder()
                .ca_days(ca_days)
                .ca_days_set_by(SetBy::Form(crate::FormLifetime::Ca))
                .client_lifetime(Lifetime {
                    days: ValidityDays::new(Field::ClientDays, 31).expect("days"),
                    set_by: SetBy::Form(crate::FormLifetime::Clients),
                }),
        );
        assert_eq!(
            message,
            "client validity: 31 days would outlast the CA (30 days); set the client certificates' validity to 30 days or less, or raise the CA's validity"
        );
        // Defaults are left for issue() to end with the CA.
        builder()
            .ca_days(ca_days)
            .build()
            .expect("default lifetimes");
    }

    #[test]
    fn renewal_makes_every_lifetime_a_default() {
        let days = |n| ValidityDays::new(Field::ServerDays, n).expect("days");
        let chosen = builder()
            .server_days(days(90))
            .server(ServerSpec {
                days: Some(Lifetime {
                    days: days(60),
                    set_by: SetBy::PlanFile("servers[1].days".into()),
                }),
                ..spec(&["worker1.example.com"], &[])
            })
            .client_days(ValidityDays::new(Field::ClientDays, 30).expect("days"));
        let plan = chosen.clone().build().expect("plan");
        assert!(plan.servers().iter().all(|s| s.lifetime().is_chosen()));
        assert!(plan.client_lifetime().is_chosen());
        let carried = chosen.lifetimes_as_defaults().build().expect("plan");
        let lifetimes: Vec<_> = carried.servers().iter().map(ServerPlan::lifetime).collect();
        assert_eq!(
            lifetimes,
            [
                &Lifetime::default_days(days(90)),
                &Lifetime::default_days(days(60))
            ]
        );
        assert!(!carried.client_lifetime().is_chosen());
        assert_eq!(carried.client_days().days(), 30);
        // renew --server-days: one lifetime, typed, for every server.
        let typed = Lifetime {
            days: days(10),
            set_by: SetBy::Option("--server-days".into()),
        };
        let every = builder()
            .server(ServerSpec {
                days: Some(Lifetime::default_days(days(60))),
                ..spec(&["worker1.example.com"], &[])
            })
            .every_server_lifetime(typed.clone())
            .build()
            .expect("plan");
        assert!(every.servers().iter().all(|s| s.lifetime() == &typed));
    }

    fn spec(dns: &[&str], ip: &[&str]) -> ServerSpec {
        ServerSpec {
            dns_names: dns.iter().map(|n| n.parse().expect("dns")).collect(),
            ip_addresses: ip.iter().map(|n| n.parse().expect("ip")).collect(),
            ..ServerSpec::default()
        }
    }

    #[test]
    fn several_servers_with_their_own_ports_and_lifetimes() {
        let plan = builder()
            .port(Port::new(2377).expect("port"))
            .server(ServerSpec {
                port: Some(Port::new(12376).expect("port")),
                days: Some(in_plan_file(90)),
                ..spec(&["worker1.example.com", "swarm.example.com"], &["10.0.0.2"])
            })
            .server(spec(&[], &["2001:db8::9"]))
            .build()
            .expect("plan");
        let servers = plan.servers();
        assert_eq!(servers.len(), 3);
        assert_eq!(servers[0].docker_host(), "tcp://docker.example.com:2377");
        assert_eq!(servers[1].docker_host(), "tcp://worker1.example.com:12376");
        assert_eq!(servers[1].days().days(), 90);
        assert_eq!(servers[2].days().days(), 365);
        assert_eq!(servers[2].slug(), "2001-db8--9");
        assert_eq!(plan.shortest_server_days().days(), 90);
        assert_eq!(plan.ca_common_name(), "Docker CA for docker.example.com");
    }

    #[test]
    fn several_servers_refusals() {
        let nameless = builder().server(spec(&[], &[]));
        assert_eq!(
            refusal(nameless),
            "server names: server 2 has none; give it at least one DNS name (--server-dns) or IP address (--server-ip) clients use to reach the daemon"
        );
        let twice = builder().server(spec(&["a.example.com", "A.example.com"], &[]));
        assert_eq!(
            refusal(twice),
            "server DNS name: `a.example.com` is listed twice for server 2; list each name once"
        );
        // A name shared by two servers (a load-balanced Swarm name) is fine, a shared folder not.
        let shared = builder().server(spec(&["b.example.com", "docker.example.com"], &[]));
        assert!(shared.build().is_ok());
        let same_folder = builder().server(spec(&["Docker.Example.com"], &[]));
        assert_eq!(
            refusal(same_folder),
            "server names: servers 1 and 2 both start with `docker.example.com`, which names their folders; list a name of its own first for each server"
        );
        let ca_days = ValidityDays::new(Field::CaDays, 400).expect("days");
        let outlives = builder().ca_days(ca_days).server(ServerSpec {
            days: Some(in_plan_file(500)),
            ..spec(&["c.example.com"], &[])
        });
        assert!(refusal(outlives).starts_with("server validity: 500 days would outlast the CA"));
    }

    #[test]
    fn warnings_for_short_and_loopback_names() {
        let plan = Plan::builder()
            .server_dns("localhost".parse().expect("dns"))
            .server_ip("127.0.0.1".parse().expect("ip"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Passphrase(
                Passphrase::new("long enough".into()).expect("passphrase"),
            ))
            .build()
            .expect("plan");
        assert_eq!(plan.warnings(), vec![Warning::LoopbackOnly]);
        let short = builder()
            .server_dns("nas".parse().expect("dns"))
            .build()
            .expect("plan");
        assert!(
            short
                .warnings()
                .contains(&Warning::SingleLabelName("nas".parse().expect("dns")))
        );
    }
}
