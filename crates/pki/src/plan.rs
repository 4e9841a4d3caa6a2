//! The [`Plan`]: everything the user decided, checked as a whole.
//!
//! Single fields are checked by their own types ([`DnsName`], [`ValidityDays`], …); the plan adds
//! the rules that involve several: at least one server name, no duplicates, no leaf outliving the
//! CA.

use core::fmt;
use std::sync::Arc;

use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::key_pair::KeyType;
use crate::names::{ClientName, CommonName, DnsName, IpSan, MAX_COMMON_NAME_LEN};
use crate::passphrase::Passphrase;
use crate::validity::{DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS, Port, ValidityDays};

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
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnencryptedCaKey => f.write_str(
                "CA key: stored without a passphrase; anyone who copies ca/ca-key.pem can issue certificates your daemon trusts, so keep it offline",
            ),
            Self::SingleLabelName(name) => write!(
                f,
                "server DNS name `{name}` has no dots; it only matches when clients connect with exactly `{name}`, so add the full name too"
            ),
            Self::LoopbackOnly => f.write_str(
                "server names: only loopback names and addresses; remote clients cannot connect until you add the host's real name or IP",
            ),
        }
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

/// Where the CA comes from.
#[derive(Clone, Debug)]
pub enum CaSource {
    /// A new CA, made with the bundle.
    New(CaPlan),
    /// An existing CA: its certificate goes into the bundle, its key stays where it is.
    Existing(Arc<ExistingCa>),
}

impl PartialEq for CaSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::New(a), Self::New(b)) => a == b,
            (Self::Existing(a), Self::Existing(b)) => a.certificate() == b.certificate(),
            _ => false,
        }
    }
}

impl Eq for CaSource {}

/// The Docker host: the names clients use to reach it and the port dockerd listens on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerPlan {
    dns_names: Vec<DnsName>,
    ip_addresses: Vec<IpSan>,
    port: Port,
    days: ValidityDays,
}

impl ServerPlan {
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
        self.days
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
}

/// Everything needed to issue a PKI for one Docker host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    proxy: bool,
    key_type: KeyType,
    ca: CaSource,
    server: ServerPlan,
    clients: Vec<ClientName>,
    client_days: ValidityDays,
}

impl Plan {
    /// Starts a plan with the defaults: ECDSA P-256, a 10-year CA, 1-year leaves, port 2376.
    pub fn builder() -> PlanBuilder {
        PlanBuilder::default()
    }

    /// Whether the bundle includes the nginx proxy that checks a CRL and an allow-list.
    pub fn proxy(&self) -> bool {
        self.proxy
    }

    /// The key type of every key.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// Where the CA comes from.
    pub fn ca(&self) -> &CaSource {
        &self.ca
    }

    /// The CA's common name, new or existing.
    pub fn ca_common_name(&self) -> &str {
        match &self.ca {
            CaSource::New(ca) => ca.common_name.as_str(),
            CaSource::Existing(ca) => ca.common_name(),
        }
    }

    /// The Docker host.
    pub fn server(&self) -> &ServerPlan {
        &self.server
    }

    /// The clients, in the order given.
    pub fn clients(&self) -> &[ClientName] {
        &self.clients
    }

    /// The client certificates' lifetime.
    pub fn client_days(&self) -> ValidityDays {
        self.client_days
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
        warnings.extend(
            self.server
                .dns_names
                .iter()
                .filter(|name| name.is_single_label() && name.as_str() != "localhost")
                .cloned()
                .map(Warning::SingleLabelName),
        );
        let loopback_only = self
            .server
            .dns_names
            .iter()
            .all(|name| name.as_str() == "localhost")
            && self
                .server
                .ip_addresses
                .iter()
                .all(|ip| ip.addr().is_loopback());
        if loopback_only {
            warnings.push(Warning::LoopbackOnly);
        }
        warnings
    }
}

/// Collects a [`Plan`]'s parts; [`PlanBuilder::build`] checks them together.
#[derive(Clone, Debug)]
pub struct PlanBuilder {
    proxy: bool,
    key_type: KeyType,
    ca_common_name: Option<CommonName>,
    ca_days: ValidityDays,
    protection: Option<CaKeyProtection>,
    existing_ca: Option<Arc<ExistingCa>>,
    dns_names: Vec<DnsName>,
    ip_addresses: Vec<IpSan>,
    port: Port,
    server_days: ValidityDays,
    clients: Vec<ClientName>,
    client_days: ValidityDays,
}

impl Default for PlanBuilder {
    fn default() -> Self {
        // The defaults are constants within ValidityDays' bounds.
        let days = |field, days| ValidityDays::new(field, days).unwrap_or_else(|_| unreachable!());
        Self {
            proxy: false,
            key_type: KeyType::default(),
            ca_common_name: None,
            ca_days: days(Field::CaDays, i64::from(DEFAULT_CA_DAYS)),
            protection: None,
            existing_ca: None,
            dns_names: Vec::new(),
            ip_addresses: Vec::new(),
            port: Port::default(),
            server_days: days(Field::ServerDays, i64::from(DEFAULT_LEAF_DAYS)),
            clients: Vec::new(),
            client_days: days(Field::ClientDays, i64::from(DEFAULT_LEAF_DAYS)),
        }
    }
}

impl PlanBuilder {
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

    /// How the CA key is stored; required.
    pub fn ca_key_protection(mut self, protection: CaKeyProtection) -> Self {
        self.protection = Some(protection);
        self
    }

    /// Issues under an existing CA instead of making one: the CA name, lifetime and key
    /// protection no longer apply, and leaves are checked against the CA's end when issued.
    pub fn existing_ca(mut self, ca: ExistingCa) -> Self {
        self.existing_ca = Some(Arc::new(ca));
        self
    }

    /// Adds a DNS name of the server.
    pub fn server_dns(mut self, name: DnsName) -> Self {
        self.dns_names.push(name);
        self
    }

    /// Adds an IP address of the server.
    pub fn server_ip(mut self, ip: IpSan) -> Self {
        self.ip_addresses.push(ip);
        self
    }

    /// The TLS port (default 2376).
    pub fn port(mut self, port: Port) -> Self {
        self.port = port;
        self
    }

    /// The server certificate's lifetime (default 365 days).
    pub fn server_days(mut self, days: ValidityDays) -> Self {
        self.server_days = days;
        self
    }

    /// Adds a client.
    pub fn client(mut self, name: ClientName) -> Self {
        self.clients.push(name);
        self
    }

    /// The client certificates' lifetime (default 365 days).
    pub fn client_days(mut self, days: ValidityDays) -> Self {
        self.client_days = days;
        self
    }

    /// Checks the parts together and returns the plan.
    pub fn build(self) -> Result<Plan, Error> {
        if self.dns_names.is_empty() && self.ip_addresses.is_empty() {
            return Err(Error::input(
                Field::ServerNames,
                "none given; add at least one DNS name (--server-dns) or IP address (--server-ip) clients use to reach the daemon",
            ));
        }
        if let Some(name) = first_duplicate(&self.dns_names) {
            return Err(Error::input(
                Field::ServerDns,
                format!("`{name}` is listed twice; list each name once"),
            ));
        }
        if let Some(ip) = first_duplicate(&self.ip_addresses) {
            return Err(Error::input(
                Field::ServerIp,
                format!("`{ip}` is listed twice; list each address once"),
            ));
        }
        if self.clients.is_empty() {
            return Err(Error::input(
                Field::Client,
                "none given; add at least one client (--client NAME), e.g. your user name",
            ));
        }
        // Folder names must differ on case-insensitive file systems (macOS, Windows) too.
        let folded: Vec<String> = self
            .clients
            .iter()
            .map(|c| c.as_str().to_ascii_lowercase())
            .collect();
        if let Some(index) = (0..folded.len()).find(|&i| folded[..i].contains(&folded[i])) {
            return Err(Error::input(
                Field::Client,
                format!(
                    "`{}` is listed twice (names differing only in case collide as folders); give each client its own name",
                    self.clients[index]
                ),
            ));
        }
        let server = ServerPlan {
            dns_names: self.dns_names,
            ip_addresses: self.ip_addresses,
            port: self.port,
            days: self.server_days,
        };
        let ca = match self.existing_ca {
            Some(existing) => CaSource::Existing(existing),
            None => {
                for (field, days, flag) in [
                    (Field::ServerDays, self.server_days, "--server-days"),
                    (Field::ClientDays, self.client_days, "--client-days"),
                ] {
                    if days > self.ca_days {
                        return Err(Error::input(
                            field,
                            format!(
                                "{days} would outlast the CA ({}); use {flag} {} or less, or raise --ca-days",
                                self.ca_days,
                                self.ca_days.days()
                            ),
                        ));
                    }
                }
                let protection = self.protection.ok_or_else(|| {
                    Error::input(
                        Field::CaPassphrase,
                        "none given; the CA key is encrypted with a passphrase (--ca-passphrase-env VAR or --ca-passphrase-file FILE), or pass --no-ca-passphrase to store it unencrypted",
                    )
                })?;
                CaSource::New(CaPlan {
                    common_name: self
                        .ca_common_name
                        .unwrap_or_else(|| default_ca_name(&server)),
                    days: self.ca_days,
                    protection,
                })
            }
        };
        Ok(Plan {
            proxy: self.proxy,
            key_type: self.key_type,
            ca,
            server,
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

    fn builder() -> PlanBuilder {
        Plan::builder()
            .server_dns("docker.example.com".parse().expect("dns"))
            .client("alice".parse().expect("client"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
    }

    fn refusal(builder: PlanBuilder) -> String {
        builder.build().expect_err("must be refused").to_string()
    }

    #[test]
    fn defaults() {
        let plan = builder().build().expect("plan");
        assert_eq!(plan.key_type(), KeyType::EcdsaP256);
        let CaSource::New(ca) = plan.ca() else {
            panic!("a new CA");
        };
        assert_eq!(ca.days.days(), 3650);
        assert_eq!(plan.server().days().days(), 365);
        assert_eq!(plan.client_days().days(), 365);
        assert_eq!(plan.server().docker_host(), "tcp://docker.example.com:2376");
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
        assert_eq!(plan.server().docker_host(), "tcp://[2001:db8::7]:2376");
        assert_eq!(plan.server().common_name(), "2001:db8::7");
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
    fn leaves_never_outlive_the_ca() {
        let ca_days = ValidityDays::new(Field::CaDays, 30).expect("days");
        let message = refusal(builder().ca_days(ca_days));
        assert_eq!(
            message,
            "server validity: 365 days would outlast the CA (30 days); use --server-days 30 or less, or raise --ca-days"
        );
        let message = refusal(
            builder()
                .ca_days(ca_days)
                .server_days(ValidityDays::new(Field::ServerDays, 30).expect("days")),
        );
        assert!(message.starts_with("client validity: 365 days would outlast the CA"));
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
