//! Renewal: an old bundle read back, so every leaf can be issued again with the same names, new
//! keys and new serials, under the same CA, which clients keep trusting.

use time::{Duration, OffsetDateTime};

use crate::Language;
use crate::bundle::{Bundle, proxy_dir, server_dirs};
use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::inspect::{Decoded, DecodedCertificate, inspect};
use crate::issue::Issued;
use crate::key_pair::KeyType;
use crate::key_pair::PrivateKeyPem;
use crate::plan::{CaSource, Plan, PlanBuilder};
use crate::plan_file::PLAN_FILE_NAME;
use crate::profile::CLOCK_SKEW_ALLOWANCE;
use crate::refusal::FileRefusal;
use crate::revoke::{RevocationList, revocation_list};
use crate::validity::{Port, ValidityDays};

/// What an old bundle says about its PKI.
#[derive(Clone, Debug)]
pub struct OldBundle {
    /// The CA certificate, PEM.
    pub ca_pem: String,
    /// The CA's key, when the bundle made its CA and so holds `ca/ca-key.pem` (encrypted unless
    /// its owner asked otherwise); `None` under an existing CA, whose key stayed with its owner.
    pub ca_key_pem: Option<PrivateKeyPem>,
    /// The servers, clients, key type, lifetimes and proxy: from the bundle's `portcullis.json`,
    /// or read off the certificates of a bundle that has none. The CA is for the caller to add.
    plan: PlanBuilder,
    /// Its `portcullis.json`, which the renewed bundle keeps as it was.
    plan_file: Option<String>,
    /// (name, certificate PEM) of each client.
    client_certs: Vec<(String, String)>,
    /// Each server's certificate PEM and key (none when the host made its own), in the plan's
    /// order: what a CA rotation keeps on the hosts until the cut-over.
    pub(crate) servers: Vec<(String, Option<PrivateKeyPem>)>,
    /// Its proxy's CRL and allow-list, which a renewal must keep: a revoked or removed client
    /// must not get back in.
    pub proxy_state: Option<(String, String)>,
    /// (what, when) for every certificate, soonest first.
    pub expiries: Vec<(String, OffsetDateTime)>,
    /// The language of the README of what is made from it (see [`OldBundle::in_language`]).
    pub(crate) language: Language,
}

/// The files of a bundle zip, by path below its folder.
struct Archive {
    folder: String,
    /// Each file's path and contents.
    files: Vec<(String, Vec<u8>)>,
}

fn refuse(why: FileRefusal) -> Error {
    Error::file(Field::OldBundle, why)
}

impl Archive {
    fn open(zip: &[u8]) -> Result<Self, Error> {
        let files = crate::archive::read(zip).map_err(refuse)?;
        // Every bundle has ca/ca.pem in its one folder.
        let folder = files
            .iter()
            .find_map(|(name, _)| name.strip_suffix("/ca/ca.pem"))
            .filter(|folder| !folder.contains('/'))
            .ok_or_else(|| refuse(FileRefusal::bundle_no_ca()))?
            .to_owned();
        Ok(Self { folder, files })
    }

    fn contents(&self, path: &str) -> Option<&[u8]> {
        let name = format!("{}/{path}", self.folder);
        self.files
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, contents)| contents.as_slice())
    }

    fn has(&self, path: &str) -> bool {
        self.contents(path).is_some()
    }

    fn text(&self, path: &str) -> Result<String, Error> {
        let contents = self
            .contents(path)
            .ok_or_else(|| refuse(FileRefusal::bundle_lacks(path.to_owned())))?;
        String::from_utf8(contents.to_vec())
            .map_err(|_| refuse(FileRefusal::bundle_not_text(path.to_owned())))
    }

    /// The names of the folders below `dir/` that hold `file`, e.g. the clients' names.
    fn folders(&self, dir: &str, file: &str) -> Vec<String> {
        let prefix = format!("{}/{dir}/", self.folder);
        let suffix = format!("/{file}");
        self.files
            .iter()
            .filter_map(|(n, _)| n.strip_prefix(&prefix)?.strip_suffix(&suffix))
            .filter(|name| !name.contains('/'))
            .map(str::to_owned)
            .collect()
    }
}

impl OldBundle {
    /// Reads a bundle zip that Portcullis wrote.
    pub fn read(zip: &[u8]) -> Result<Self, Error> {
        crate::limits::check_size(Field::OldBundle, zip.len(), crate::limits::MAX_BUNDLE_BYTES)?;
        let archive = Archive::open(zip)?;
        let ca_pem = archive.text("ca/ca.pem")?;
        let ca_key_pem = archive
            .has("ca/ca-key.pem")
            .then(|| archive.text("ca/ca-key.pem").map(PrivateKeyPem::new))
            .transpose()?;
        let plan_file = if archive.has(PLAN_FILE_NAME) {
            Some(archive.text(PLAN_FILE_NAME)?)
        } else {
            None
        };
        // The old lifetimes carry over as defaults: renewing under a CA that ends sooner ends
        // the new certificates with it rather than refusing.
        let plan = match &plan_file {
            Some(text) => PlanBuilder::from_plan_file(text)?,
            None => legacy_plan(&archive)?,
        }
        .lifetimes_as_defaults();
        // What the plan says is in the bundle; a plan only needs its CA to be complete.
        let laid_out = plan
            .clone()
            .ca_key_protection(crate::plan::CaKeyProtection::Unencrypted)
            .ca_days(ValidityDays::new(
                Field::CaDays,
                i64::from(crate::validity::MAX_DAYS),
            )?)
            .build()?;
        let dirs = server_dirs(&laid_out);
        let mut expiries = Vec::new();
        let mut servers = Vec::new();
        for (server, dir) in laid_out.servers().iter().zip(&dirs) {
            let path = format!("{dir}/server-cert.pem");
            let pem = archive.text(&path)?;
            let cert = certificate(&pem, &path)?;
            let key_path = format!("{dir}/server-key.pem");
            let key = archive
                .has(&key_path)
                .then(|| archive.text(&key_path).map(PrivateKeyPem::new))
                .transpose()?;
            servers.push((pem, key));
            let what = if dirs.len() == 1 {
                "server certificate".to_owned()
            } else {
                format!("server certificate of {}", server.primary_host())
            };
            expiries.push((what, end(&cert)?));
        }
        let mut client_certs = Vec::new();
        for name in laid_out.clients() {
            let path = format!("clients/{name}/cert.pem");
            let pem = archive.text(&path)?;
            let cert = certificate(&pem, "a client certificate")?;
            expiries.push((format!("client certificate of {name}"), end(&cert)?));
            client_certs.push((name.to_string(), pem));
        }
        let proxy_dir = proxy_dir(&dirs[0]);
        let proxy_state = match (
            archive.text(&format!("{proxy_dir}/crl.pem")),
            archive.text(&format!("{proxy_dir}/allowed-clients.conf")),
        ) {
            (Ok(crl), Ok(allowed)) => Some((crl, allowed)),
            _ => None,
        };
        let ca = certificate(&ca_pem, "ca/ca.pem")?;
        expiries.push(("CA certificate".to_owned(), end(&ca)?));
        expiries.sort_by_key(|(_, at)| *at);
        Ok(Self {
            ca_pem,
            ca_key_pem,
            plan,
            plan_file,
            client_certs,
            servers,
            proxy_state,
            expiries,
            language: Language::En,
        })
    }

    /// The same, with the README of the renewed or rotated bundle in `language` (English until
    /// told otherwise).
    #[must_use]
    pub fn in_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Issues the renewed PKI under `plan` (from [`OldBundle::plan_builder`] with the same CA)
    /// and lays out its bundle, keeping the old proxy's revocations and allow-list.
    pub fn renew<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        now: OffsetDateTime,
        rng: &mut R,
    ) -> Result<(Issued, Bundle), Error> {
        self.renew_with_progress(plan, now, rng, &mut |_| {})
    }

    /// [`OldBundle::renew`], telling `progress` before each key (as [`crate::issue_with_progress`]).
    pub fn renew_with_progress<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        now: OffsetDateTime,
        rng: &mut R,
        progress: &mut dyn FnMut(crate::Progress<'_>),
    ) -> Result<(Issued, Bundle), Error> {
        self.renew_premade(plan, now, rng, progress, crate::Premade::none())
    }

    /// [`OldBundle::renew_with_progress`] with keys made ahead (see [`crate::Premade`]).
    pub fn renew_premade<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        now: OffsetDateTime,
        rng: &mut R,
        progress: &mut dyn FnMut(crate::Progress<'_>),
        premade: crate::Premade,
    ) -> Result<(Issued, Bundle), Error> {
        let mut issued = crate::issue_premade(plan, now, rng, progress, premade)?;
        let carried = match (&self.proxy_state, plan.ca()) {
            (Some((crl, allowed)), CaSource::Existing(ca)) => {
                let previous = RevocationList::parse(crl.as_bytes(), ca)?;
                issued.crl = Some(revocation_list(
                    ca,
                    Some(&previous),
                    &[],
                    now,
                    plan.shortest_server_days(),
                )?);
                Some(allowed)
            }
            _ => None,
        };
        let mut bundle = Bundle::in_language(plan, &issued, self.language);
        if let Some(allowed) = carried {
            for dir in server_dirs(plan) {
                bundle.replace_text(
                    &format!("{}/allowed-clients.conf", proxy_dir(&dir)),
                    allowed,
                );
            }
        }
        // The plan as the owner wrote it (a plan under an existing CA leaves the CA out).
        if let Some(text) = &self.plan_file {
            bundle.replace_text(PLAN_FILE_NAME, text);
        }
        Ok((issued, bundle))
    }

    /// The clients whose old certificate the proxy's CRL revokes: renewal would issue them a
    /// new one (with a new key), which only the allow-list then keeps out. Empty without a proxy.
    pub fn revoked_clients(&self, ca: &ExistingCa) -> Result<Vec<String>, Error> {
        let Some((crl, _)) = &self.proxy_state else {
            return Ok(Vec::new());
        };
        let revoked = RevocationList::parse(crl.as_bytes(), ca)?.revoked;
        let mut names = Vec::new();
        for (name, pem) in &self.client_certs {
            let serial = crate::revoke::serial_of(pem.as_bytes(), ca)?;
            if revoked.iter().any(|r| r.serial == serial) {
                names.push(name.clone());
            }
        }
        Ok(names)
    }

    /// A plan with the old bundle's servers, clients, key type, lifetimes (as defaults, see
    /// [`PlanBuilder::lifetimes_as_defaults`]) and proxy; the CA (the same one) is for the
    /// caller to add.
    pub fn plan_builder(&self) -> PlanBuilder {
        self.plan.clone()
    }
}

/// The plan of a bundle without `portcullis.json` (one server, made before there were plan
/// files), read off its certificates and scripts.
fn legacy_plan(archive: &Archive) -> Result<PlanBuilder, Error> {
    let server = certificate(
        &archive.text("server/server-cert.pem")?,
        "server/server-cert.pem",
    )?;
    let mut builder = PlanBuilder::default()
        .key_type(key_type(&server.key_type)?)
        .server_days(lifetime(&server, Field::ServerDays)?)
        .proxy(archive.has("proxy/nginx.conf"));
    for name in &server.subject_alt_names {
        if let Some(dns) = name.strip_prefix("DNS:") {
            builder = builder.server_dns(dns.parse()?);
        } else if let Some(ip) = name.strip_prefix("IP:") {
            builder = builder.server_ip(ip.parse()?);
        }
    }
    let clients = archive.folders("clients", "cert.pem");
    let mut client_days = None;
    for name in &clients {
        let cert = certificate(
            &archive.text(&format!("clients/{name}/cert.pem"))?,
            "a client certificate",
        )?;
        client_days.get_or_insert(lifetime(&cert, Field::ClientDays)?);
        builder = builder.client(name.parse()?);
    }
    if let Some(days) = client_days {
        builder = builder.client_days(days);
    }
    let env = archive
        .text(&format!(
            "clients/{}/env.sh",
            clients.first().map_or("", String::as_str)
        ))
        .unwrap_or_default();
    let port: Port = env
        .lines()
        .find_map(|line| line.strip_prefix("export DOCKER_HOST=tcp://"))
        .and_then(|host| host.rsplit_once(':'))
        .map(|(_, port)| port.trim())
        .unwrap_or("2376")
        .parse()?;
    Ok(builder.port(port))
}

fn certificate(pem: &str, what: &str) -> Result<DecodedCertificate, Error> {
    match inspect(pem.as_bytes()).map(|mut found| (!found.is_empty()).then(|| found.remove(0))) {
        Ok(Some(Decoded::Certificate(cert))) => Ok(*cert),
        _ => Err(refuse(FileRefusal::bundle_not_certificate(what.to_owned()))),
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
    parse_time(&cert.not_after)
        .ok_or_else(|| refuse(FileRefusal::bundle_bad_date(cert.not_after.clone())))
}

/// The lifetime it was issued with: notAfter − notBefore, less the clock-skew allowance.
fn lifetime(cert: &DecodedCertificate, field: Field) -> Result<ValidityDays, Error> {
    let start = parse_time(&cert.not_before)
        .ok_or_else(|| refuse(FileRefusal::bundle_bad_date(cert.not_before.clone())))?;
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
            return Err(refuse(FileRefusal::bundle_key_type(other.to_owned())));
        }
    })
}
