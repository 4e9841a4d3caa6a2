//! Renewal: an old bundle read back, so every leaf can be issued again with the same names, new
//! keys and new serials, under the same CA, which clients keep trusting.

use std::io::{Cursor, Read};

use time::{Duration, OffsetDateTime};
use zip::ZipArchive;

use crate::bundle::Bundle;
use crate::error::{Error, Field};
use crate::inspect::{Decoded, DecodedCertificate, inspect};
use crate::issue::Issued;
use crate::key_pair::KeyType;
use crate::names::{ClientName, DnsName, IpSan};
use crate::plan::{CaSource, Plan, PlanBuilder};
use crate::profile::CLOCK_SKEW_ALLOWANCE;
use crate::revoke::{RevocationList, revocation_list};
use crate::validity::{Port, ValidityDays};

/// What an old bundle says about its PKI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldBundle {
    /// The CA certificate, PEM.
    pub ca_pem: String,
    /// The key type of the server's key.
    pub key_type: KeyType,
    /// The server's DNS names.
    pub dns_names: Vec<DnsName>,
    /// The server's IP addresses.
    pub ip_addresses: Vec<IpSan>,
    /// The TLS port.
    pub port: Port,
    /// The clients, by folder.
    pub clients: Vec<ClientName>,
    /// The server certificate's lifetime.
    pub server_days: ValidityDays,
    /// The client certificates' lifetime.
    pub client_days: ValidityDays,
    /// Whether it had the nginx proxy.
    pub proxy: bool,
    /// Its proxy's CRL and allow-list, which a renewal must keep: a revoked or removed client
    /// must not get back in.
    pub proxy_state: Option<(String, String)>,
    /// (what, when) for every certificate, soonest first.
    pub expiries: Vec<(String, OffsetDateTime)>,
}

impl OldBundle {
    /// Reads a bundle zip that Portcullis wrote.
    pub fn read(zip: &[u8]) -> Result<Self, Error> {
        let refuse = |why: String| Error::input(Field::OldBundle, why);
        let mut archive = ZipArchive::new(Cursor::new(zip)).map_err(|_| {
            refuse("is not a zip file; give the bundle zip Portcullis wrote".into())
        })?;
        let names: Vec<String> = archive
            .file_names()
            .map(|name| name.map(|n| n.into_owned()))
            .collect::<Result<_, _>>()
            .map_err(|_| {
                refuse("has an unreadable file name; give the bundle zip Portcullis wrote".into())
            })?;
        let folder = names
            .iter()
            .find_map(|n| n.strip_suffix("/server/server-cert.pem"))
            .ok_or_else(|| {
                refuse("has no server/server-cert.pem; give a bundle zip Portcullis wrote".into())
            })?
            .to_owned();
        let mut text = |path: &str| -> Result<String, Error> {
            let mut file = archive
                .by_name(&format!("{folder}/{path}"))
                .map_err(|_| refuse(format!("lacks {path}; give the whole bundle zip")))?;
            let mut content = String::new();
            file.read_to_string(&mut content)
                .map_err(|_| refuse(format!("{path} is not text")))?;
            Ok(content)
        };
        let ca_pem = text("ca/ca.pem")?;
        let server = certificate(&text("server/server-cert.pem")?, "server/server-cert.pem")?;
        let mut dns_names = Vec::new();
        let mut ip_addresses = Vec::new();
        for name in &server.subject_alt_names {
            if let Some(dns) = name.strip_prefix("DNS:") {
                dns_names.push(dns.parse()?);
            } else if let Some(ip) = name.strip_prefix("IP:") {
                ip_addresses.push(ip.parse()?);
            }
        }
        let mut clients = Vec::new();
        let mut expiries = vec![("server certificate".to_owned(), end(&server)?)];
        let mut client_days = None;
        let client_folders: Vec<String> = names
            .iter()
            .filter_map(|n| {
                n.strip_prefix(&format!("{folder}/clients/"))?
                    .strip_suffix("/cert.pem")
            })
            .map(str::to_owned)
            .collect();
        for name in client_folders {
            let cert = certificate(
                &text(&format!("clients/{name}/cert.pem"))?,
                "a client certificate",
            )?;
            expiries.push((format!("client certificate of {name}"), end(&cert)?));
            client_days.get_or_insert(lifetime(&cert, Field::ClientDays)?);
            clients.push(name.parse()?);
        }
        let proxy_state = match (text("proxy/crl.pem"), text("proxy/allowed-clients.conf")) {
            (Ok(crl), Ok(allowed)) => Some((crl, allowed)),
            _ => None,
        };
        let ca = certificate(&ca_pem, "ca/ca.pem")?;
        expiries.push(("CA certificate".to_owned(), end(&ca)?));
        expiries.sort_by_key(|(_, at)| *at);
        let env = text(&format!(
            "clients/{}/env.sh",
            clients.first().map_or("", ClientName::as_str)
        ))
        .unwrap_or_default();
        let port = env
            .lines()
            .find_map(|line| line.strip_prefix("export DOCKER_HOST=tcp://"))
            .and_then(|host| host.rsplit_once(':'))
            .map(|(_, port)| port.trim())
            .unwrap_or("2376")
            .parse()?;
        Ok(Self {
            ca_pem,
            key_type: key_type(&server.key_type)?,
            dns_names,
            ip_addresses,
            port,
            server_days: lifetime(&server, Field::ServerDays)?,
            client_days: client_days.unwrap_or(lifetime(&server, Field::ClientDays)?),
            clients,
            proxy: names
                .iter()
                .any(|n| n == &format!("{folder}/proxy/nginx.conf")),
            proxy_state,
            expiries,
        })
    }

    /// Issues the renewed PKI under `plan` (from [`OldBundle::plan_builder`] with the same CA)
    /// and lays out its bundle, keeping the old proxy's revocations and allow-list.
    pub fn renew<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        now: OffsetDateTime,
        rng: &mut R,
    ) -> Result<(Issued, Bundle), Error> {
        let mut issued = crate::issue(plan, now, rng)?;
        if let (Some((crl, allowed)), CaSource::Existing(ca)) = (&self.proxy_state, plan.ca()) {
            let previous = RevocationList::parse(crl.as_bytes(), ca)?;
            issued.crl = Some(revocation_list(
                ca,
                Some(&previous),
                &[],
                now,
                plan.server().days(),
            )?);
            let mut bundle = Bundle::new(plan, &issued);
            bundle.replace_text("proxy/allowed-clients.conf", allowed);
            return Ok((issued, bundle));
        }
        let bundle = Bundle::new(plan, &issued);
        Ok((issued, bundle))
    }

    /// A plan with the old bundle's names, clients, port, key type, lifetimes and proxy; the CA
    /// (the same one) is for the caller to add.
    pub fn plan_builder(&self) -> PlanBuilder {
        let mut builder = PlanBuilder::default()
            .key_type(self.key_type)
            .port(self.port)
            .server_days(self.server_days)
            .client_days(self.client_days)
            .proxy(self.proxy);
        for name in &self.dns_names {
            builder = builder.server_dns(name.clone());
        }
        for ip in &self.ip_addresses {
            builder = builder.server_ip(*ip);
        }
        for client in &self.clients {
            builder = builder.client(client.clone());
        }
        builder
    }
}

fn certificate(pem: &str, what: &str) -> Result<DecodedCertificate, Error> {
    match inspect(pem.as_bytes()).map(|mut found| (!found.is_empty()).then(|| found.remove(0))) {
        Ok(Some(Decoded::Certificate(cert))) => Ok(*cert),
        _ => Err(Error::input(
            Field::OldBundle,
            format!("{what} is not a certificate; give the bundle zip Portcullis wrote"),
        )),
    }
}

/// inspect's format: `2027-11-23 17:33:29 UTC`.
fn parse_time(text: &str) -> Option<OffsetDateTime> {
    let (date, rest) = text.strip_suffix(" UTC")?.split_once(' ')?;
    let mut date = date.split('-').map(str::parse::<i32>);
    let mut clock = rest.split(':').map(str::parse::<u8>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let (hour, minute, second) = (
        clock.next()?.ok()?,
        clock.next()?.ok()?,
        clock.next()?.ok()?,
    );
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    Some(date.with_hms(hour, minute, second).ok()?.assume_utc())
}

fn end(cert: &DecodedCertificate) -> Result<OffsetDateTime, Error> {
    parse_time(&cert.not_after).ok_or_else(|| {
        Error::input(
            Field::OldBundle,
            format!("cannot read the date `{}`", cert.not_after),
        )
    })
}

/// The lifetime it was issued with: notAfter − notBefore, less the clock-skew allowance.
fn lifetime(cert: &DecodedCertificate, field: Field) -> Result<ValidityDays, Error> {
    let start = parse_time(&cert.not_before).ok_or_else(|| {
        Error::input(
            Field::OldBundle,
            format!("cannot read the date `{}`", cert.not_before),
        )
    })?;
    let days = (end(cert)? - start - CLOCK_SKEW_ALLOWANCE + Duration::hours(12)).whole_days();
    ValidityDays::new(field, days.max(1))
}

fn key_type(description: &str) -> Result<KeyType, Error> {
    Ok(match description {
        "ECDSA P-256" => KeyType::EcdsaP256,
        "ECDSA P-384" => KeyType::EcdsaP384,
        "Ed25519" => KeyType::Ed25519,
        "RSA 2048-bit" => KeyType::Rsa2048,
        "RSA 3072-bit" => KeyType::Rsa3072,
        "RSA 4096-bit" => KeyType::Rsa4096,
        other => {
            return Err(Error::input(
                Field::OldBundle,
                format!("its server key ({other}) is not a key type Portcullis makes"),
            ));
        }
    })
}
