//! The [`Bundle`]: every file an operator needs, filled with their own names, port and paths,
//! and packed into a zip that keeps unix modes.
//!
//! The text files come from `templates/` (carried deflated: `packed`) with `{{PLACEHOLDER}}`s;
//! this module decides the values and the modes. One folder per bundle, named after the (first)
//! server (`docker-tls-HOST/`). With one server its files are in `server/`; with several, each
//! has `servers/HOST/`.

mod calendar;
mod openssl;
mod packed;
mod platforms;
mod template;
mod words;
mod zip;

use core::fmt;

use rand_core::CryptoRng;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::Language;
use crate::issue::{Issued, IssuedClient};
use crate::key_pair::{KeyType, PrivateKeyPem};
use crate::names::ClientName;
use crate::pkcs12::{P12Password, client_p12};
use crate::plan::{CaKeyProtection, CaPlan, CaSource, Plan, ServerPlan};
use crate::plan_file::PLAN_FILE_NAME;
use crate::profile::{self, Role};
use template::{Values, fill, fill_one};
use words::{Words, words};

/// Where the daemon's TLS files live on the Docker host.
pub const SERVER_TLS_DIR: &str = "/etc/docker/tls";
/// dockerd's local socket, which the proxy forwards to.
pub const DOCKER_SOCKET: &str = "/var/run/docker.sock";

/// Mode of a private key in the zip: readable by its owner only.
const KEY_MODE: u32 = 0o400;
/// Mode of a certificate: public, and not to be edited by accident.
const CERT_MODE: u32 = 0o444;
/// Mode of documentation and configuration files.
const TEXT_MODE: u32 = 0o644;
/// Mode of scripts.
const SCRIPT_MODE: u32 = 0o755;

/// One file of the bundle.
#[derive(Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Path below the bundle's folder, with `/` separators, e.g. `server/server-key.pem`.
    pub path: String,
    /// The contents; wiped on drop, since some files are private keys.
    pub contents: Zeroizing<Vec<u8>>,
    /// Unix permission bits, e.g. `0o400` for keys.
    pub mode: u32,
}

impl BundleFile {
    fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>, mode: u32) -> Self {
        Self {
            path: path.into(),
            contents: Zeroizing::new(contents.into()),
            mode,
        }
    }

    /// The contents as text: empty for the one kind of file that is not UTF-8 (`client.p12`).
    pub fn text(&self) -> &str {
        core::str::from_utf8(&self.contents).unwrap_or_default()
    }
}

impl fmt::Debug for BundleFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BundleFile")
            .field("path", &self.path)
            .field("mode", &format_args!("{:o}", self.mode))
            .field("len", &self.contents.len())
            .finish()
    }
}

/// Every file for one Docker host, its clients and the CA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    folder: String,
    files: Vec<BundleFile>,
    /// The README's values, so that a section added later re-renders it whole.
    readme: Values,
    /// The README's language.
    language: Language,
}

impl Bundle {
    /// Lays out the files for `plan` with the certificates and keys in `issued`, its README in
    /// English.
    pub fn new(plan: &Plan, issued: &Issued) -> Self {
        Self::in_language(plan, issued, Language::En)
    }

    /// [`Bundle::new`] with the README in `language` (scripts and configuration files stay
    /// English).
    pub fn in_language(plan: &Plan, issued: &Issued, language: Language) -> Self {
        let words = words(language);
        let dirs = server_dirs(plan);
        let values = BundleValues::new(plan, issued, &dirs, words);
        let mut files = vec![BundleFile::new(
            "README.md",
            fill(words.readme.text(), &values.readme),
            TEXT_MODE,
        )];
        files.push(BundleFile::new(
            PLAN_FILE_NAME,
            plan.to_plan_file(),
            TEXT_MODE,
        ));
        let hosts: Vec<String> = plan
            .servers()
            .iter()
            .map(ServerPlan::primary_host)
            .collect();
        files.push(BundleFile::new(
            "renew.ics",
            calendar::renew_ics(issued, &hosts),
            TEXT_MODE,
        ));
        files.extend(ca_files(issued));
        for (((dir, leaf), server_values), server) in dirs
            .iter()
            .zip(&issued.servers)
            .zip(&values.servers)
            .zip(plan.servers())
        {
            files.extend(platforms::server_files(
                dir,
                server.platform(),
                &leaf.certificate.pem,
                leaf.key.as_ref(),
                &issued.ca.pem,
                server_values,
            ));
            if let Some(crl) = &issued.crl {
                files.extend(proxy_files(&proxy_dir(dir), plan, crl, server_values));
            }
        }
        for client in &issued.clients {
            files.extend(client_files(client, issued, plan, &values));
        }
        files.push(BundleFile::new(
            "openssl/commands.sh",
            fill(packed::OPENSSL_COMMANDS_SH.text(), &values.openssl),
            SCRIPT_MODE,
        ));
        Self {
            folder: format!("docker-tls-{}", plan.first_server().slug()),
            files,
            readme: values.readme,
            language,
        }
    }

    /// Adds `clients/NAME/client.p12` for each client of `issued` (its key, certificate and the
    /// CA certificate, under `password`; salts and IVs from `rng`) next to its `key.pem`, and
    /// the README's section on them. `issued` is what the bundle was made from.
    pub fn add_client_p12<R: CryptoRng + ?Sized>(
        &mut self,
        issued: &Issued,
        password: &P12Password,
        rng: &mut R,
    ) -> Result<(), crate::Error> {
        for client in &issued.clients {
            let p12 = BundleFile::new(
                format!("clients/{}/client.p12", client.name),
                client_p12(client, &issued.ca, password, rng)?,
                // Encrypted, but a key all the same: its owner's alone.
                KEY_MODE,
            );
            if let Some(old) = self.files.iter_mut().find(|file| file.path == p12.path) {
                *old = p12;
            } else {
                self.insert_after(&format!("clients/{}/key.pem", client.name), p12);
            }
        }
        let section = fill(words(self.language).p12_section.text(), &self.readme);
        self.add_readme_section("P12_SECTION", &section);
        Ok(())
    }

    /// Turns a bundle of a new CA into the rotation of `transition.old_ca_pem`: the clients'
    /// `ca.pem` holds both CAs (and `ca-new-only.pem` the new one for afterwards),
    /// `transition/` holds each server's current certificate and key with both CAs (and, with the
    /// proxy, both CAs' CRLs), `ca/old-ca.pem` the old CA, and the README the order of steps.
    /// `plan` and `issued` are the ones the bundle was made from.
    pub(crate) fn add_rotation(&mut self, plan: &Plan, issued: &Issued, transition: &Transition) {
        let both = format!("{}{}", issued.ca.pem, transition.old_ca_pem);
        self.insert_after(
            "ca/",
            BundleFile::new("ca/old-ca.pem", transition.old_ca_pem.clone(), CERT_MODE),
        );
        for client in &issued.clients {
            let ca = format!("clients/{}/ca.pem", client.name);
            self.replace_text(&ca, &both);
            self.insert_after(
                &ca,
                BundleFile::new(
                    format!("clients/{}/ca-new-only.pem", client.name),
                    issued.ca.pem.clone(),
                    CERT_MODE,
                ),
            );
        }
        let dirs = server_dirs(plan);
        let words = words(self.language);
        let values = BundleValues::new(plan, issued, &dirs, words);
        let mut install = Vec::new();
        for (((dir, (cert, key)), server_values), server) in dirs
            .iter()
            .zip(&transition.servers)
            .zip(&values.servers)
            .zip(plan.servers())
        {
            let transition_dir = format!("transition/{dir}");
            self.files.extend(platforms::server_files(
                &transition_dir,
                server.platform(),
                cert,
                key.as_ref(),
                &both,
                server_values,
            ));
            let host = server_values.get("HOST").unwrap_or_default();
            match &transition.proxy {
                Some((crls, allowed)) => {
                    let proxy = format!("transition/{}", proxy_dir(dir));
                    let mut files = proxy_files(&proxy, plan, crls, server_values);
                    for file in &mut files {
                        if file.path.ends_with("/allowed-clients.conf") {
                            file.contents = Zeroizing::new(allowed.as_bytes().to_vec());
                        }
                    }
                    self.files.extend(files);
                    let (copy, script) = if dirs.len() == 1 {
                        ("transition/server transition/proxy", "proxy")
                    } else {
                        (transition_dir.as_str(), "proxy")
                    };
                    install.push(format!(
                        "ssh {host} 'mkdir -p docker-tls-transition' && scp -r {copy} {host}:docker-tls-transition/\nssh -t {host} 'sudo sh docker-tls-transition/{script}/install.sh'"
                    ));
                }
                None => install.push(platforms::install_commands(
                    words,
                    server.platform(),
                    host,
                    &transition_dir,
                    "docker-tls-transition",
                )),
            }
        }
        let mut section = self.readme.clone();
        section.set("NEW_CA", plan.ca_common_name());
        section.set("OLD_CA", &transition.old_ca_name);
        section.set("OLD_CA_END", &date(transition.old_ca_end));
        section.set(
            "EACH_HOST",
            if dirs.len() == 1 {
                words.each_host_one
            } else {
                words.each_host_many
            },
        );
        let install: Vec<String> = install
            .join("\n")
            .lines()
            .map(|line| format!("   {line}"))
            .collect();
        section.set("TRANSITION_INSTALL", &install.join("\n"));
        let systemd_hosts = plan
            .servers()
            .iter()
            .filter(|server| server.platform() == crate::Platform::Systemd)
            .count();
        section.set(
            "TRANSITION_HOW",
            match (systemd_hosts, plan.servers().len()) {
                (0, _) => "",
                (systemd, all) if systemd == all => words.transition_how_all,
                _ => words.transition_how_some,
            },
        );
        let (deadline, what) = &transition.deadline;
        section.set("DEADLINE", &date(*deadline));
        let what = match what {
            Deadline::OldCa => words.deadline_old_ca.to_owned(),
            Deadline::Server(None) => words.deadline_server.to_owned(),
            Deadline::Server(Some(host)) => fill_one(words.deadline_server_of, &[("HOST", host)]),
        };
        section.set("DEADLINE_WHAT", &what);
        let text = fill(words.rotation_section.text(), &section);
        self.add_readme_section("ROTATION_SECTION", &text);
    }

    /// Sets the README's `{{name}}` to `section` and renders it again, whole.
    fn add_readme_section(&mut self, name: &'static str, section: &str) {
        self.readme.set(name, section);
        let text = fill(words(self.language).readme.text(), &self.readme);
        self.replace_text("README.md", &text);
    }

    /// Inserts `file` after the last file whose path starts with `after` (at the end if none).
    fn insert_after(&mut self, after: &str, file: BundleFile) {
        let at = self
            .files
            .iter()
            .rposition(|f| f.path.starts_with(after))
            .map_or(self.files.len(), |at| at + 1);
        self.files.insert(at, file);
    }

    /// The folder every file sits in inside the zip, e.g. `docker-tls-docker.example.com`.
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// The files, in the order they go into the zip.
    pub fn files(&self) -> &[BundleFile] {
        &self.files
    }

    /// The file at `path` (below the bundle's folder), if there is one.
    pub fn file(&self, path: &str) -> Option<&BundleFile> {
        self.files.iter().find(|file| file.path == path)
    }

    /// Replaces the text of the file at `path`, keeping its mode; false if there is none.
    pub fn replace_text(&mut self, path: &str, text: &str) -> bool {
        match self.files.iter_mut().find(|file| file.path == path) {
            Some(file) => {
                file.contents = Zeroizing::new(text.as_bytes().to_vec());
                true
            }
            None => false,
        }
    }

    /// The bundle as a zip archive, every entry dated `mtime` and carrying its unix mode.
    pub fn to_zip(&self, mtime: OffsetDateTime) -> Result<Vec<u8>, crate::Error> {
        zip::write(&self.folder, &self.files, mtime)
    }
}

/// What a CA rotation keeps from the old bundle for the transition (see
/// [`Bundle::add_rotation`]).
pub(crate) struct Transition {
    /// The old CA's certificate, PEM.
    pub old_ca_pem: String,
    pub old_ca_name: String,
    pub old_ca_end: OffsetDateTime,
    /// Each server's current certificate PEM and key (none when the host made its own), in the
    /// plan's order.
    pub servers: Vec<(String, Option<PrivateKeyPem>)>,
    /// With the proxy: both CAs' CRLs in one file, and the allow-list as it was.
    pub proxy: Option<(String, String)>,
    /// When the transition must be over, and what ends then.
    pub deadline: (OffsetDateTime, Deadline),
}

/// What ends when a CA rotation's transition must be over.
#[derive(Debug)]
pub(crate) enum Deadline {
    /// The old CA.
    OldCa,
    /// A current server certificate: of the one server, or of the host named.
    Server(Option<String>),
}

/// Each server's folder in the bundle, in the plan's order: `server` when there is one
/// (SPEC.md's layout), `servers/HOST` for each of several.
pub fn server_dirs(plan: &Plan) -> Vec<String> {
    match plan.servers() {
        [_] => vec!["server".to_owned()],
        servers => servers
            .iter()
            .map(|server| format!("servers/{}", server.slug()))
            .collect(),
    }
}

/// The proxy's folder for the server in `server_dir`: `proxy` beside `server`, or inside
/// `servers/HOST/`.
pub(crate) fn proxy_dir(server_dir: &str) -> String {
    if server_dir == "server" {
        "proxy".to_owned()
    } else {
        format!("{server_dir}/proxy")
    }
}

/// The CA certificate, and the CA key when the CA is new (an existing CA's key stays put).
fn ca_files(issued: &Issued) -> Vec<BundleFile> {
    let mut files = vec![BundleFile::new(
        "ca/ca.pem",
        issued.ca.pem.clone(),
        CERT_MODE,
    )];
    if let Some(key) = &issued.ca_key {
        files.push(BundleFile::new(
            "ca/ca-key.pem",
            key.expose_secret(),
            KEY_MODE,
        ));
    }
    files
}

fn client_files(
    client: &IssuedClient,
    issued: &Issued,
    plan: &Plan,
    values: &BundleValues,
) -> Vec<BundleFile> {
    let name = &client.name;
    let mut client_values = values.common.clone();
    client_values.set("CLIENT", name.as_str());
    client_values.set("CONTEXT_LIST", &values.context_list);
    let contexts: Vec<String> = values
        .contexts
        .iter()
        .map(|(context, docker_host, host)| {
            format!(
                "context {context} {docker_host} {}",
                openssl::shell_quote(&format!("Docker on {host} as {name} (mutual TLS)"))
            )
        })
        .collect();
    client_values.set("CONTEXT_COMMANDS", &contexts.join("\n"));
    platforms::client_values(&mut client_values, plan, name.as_str(), &values.contexts);
    let dir = format!("clients/{name}");
    let text = |file: &str, template: &str, mode| {
        BundleFile::new(
            format!("{dir}/{file}"),
            fill(template, &client_values),
            mode,
        )
    };
    let mut files = vec![
        BundleFile::new(format!("{dir}/ca.pem"), issued.ca.pem.clone(), CERT_MODE),
        BundleFile::new(
            format!("{dir}/cert.pem"),
            client.leaf.certificate.pem.clone(),
            CERT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/key.pem"),
            client.leaf.key.expose_secret(),
            KEY_MODE,
        ),
        text(
            "extfile-client.cnf",
            packed::CLIENT_EXTFILE_CLIENT_CNF.text(),
            TEXT_MODE,
        ),
        text("env.sh", packed::CLIENT_ENV_SH.text(), SCRIPT_MODE),
        text("env.fish", packed::CLIENT_ENV_FISH.text(), TEXT_MODE),
        // PowerShell and cmd.exe files get Windows line endings.
        BundleFile::new(
            format!("{dir}/env.ps1"),
            crlf(&fill(packed::CLIENT_ENV_PS1.text(), &client_values)),
            TEXT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/env.cmd"),
            crlf(&fill(packed::CLIENT_ENV_CMD.text(), &client_values)),
            TEXT_MODE,
        ),
        text(
            "docker-context.sh",
            packed::CLIENT_DOCKER_CONTEXT_SH.text(),
            SCRIPT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/docker-context.ps1"),
            crlf(&fill(
                packed::CLIENT_DOCKER_CONTEXT_PS1.text(),
                &client_values,
            )),
            TEXT_MODE,
        ),
        text("curl.sh", packed::CLIENT_CURL_SH.text(), SCRIPT_MODE),
    ];
    if platforms::has_podman(plan) {
        files.push(text(
            "podman-connection.sh",
            packed::CLIENT_PODMAN_CONNECTION_SH.text(),
            SCRIPT_MODE,
        ));
    }
    files
}

/// One server's nginx proxy in `dir`: its config, install script, allow-list (every client of the
/// bundle) and the CA's first CRL.
fn proxy_files(dir: &str, plan: &Plan, crl: &str, values: &Values) -> Vec<BundleFile> {
    let allowed: String = plan
        .clients()
        .iter()
        .map(|name| format!("\"CN={name}\" 1;\n"))
        .collect();
    vec![
        BundleFile::new(
            format!("{dir}/nginx.conf"),
            fill(packed::PROXY_NGINX_CONF.text(), values),
            TEXT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/install.sh"),
            fill(packed::PROXY_INSTALL_SH.text(), values),
            SCRIPT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/allowed-clients.conf"),
            format!(
                "# Client certificates nginx lets through, by subject; one per line. Remove a line and run\n# proxy/install.sh again to lock that client out.\n{allowed}"
            ),
            TEXT_MODE,
        ),
        BundleFile::new(format!("{dir}/crl.pem"), crl, CERT_MODE),
    ]
}

fn crlf(text: &str) -> String {
    text.lines().map(|line| format!("{line}\r\n")).collect()
}

/// The placeholder values of every template, computed once.
struct BundleValues {
    /// Values every template may use; `HOST`, `PORT`, `DOCKER_HOST` and `CONTEXT` are the first
    /// server's, which the client scripts point to.
    common: Values,
    /// Per server, in the plan's order: common values with that server's own.
    servers: Vec<Values>,
    /// The openssl script's values plus the README's.
    readme: Values,
    /// Common values plus the openssl script's.
    openssl: Values,
    /// (context name, `DOCKER_HOST`, host) per server, for docker-context.sh.
    contexts: Vec<(String, String, String)>,
    /// The context names, for people.
    context_list: String,
}

impl BundleValues {
    fn new(plan: &Plan, issued: &Issued, dirs: &[String], words: &'static Words) -> Self {
        let first_client = plan
            .clients()
            .first()
            .map(ClientName::as_str)
            .unwrap_or("NAME");
        let key_type = plan.key_type();
        let several = plan.servers().len() > 1;

        let mut common = Values::default();
        common.set("TLS_DIR", SERVER_TLS_DIR);
        common.set("FIRST_CLIENT", first_client);
        common.set("KEY_USAGE", &leaf_key_usage(key_type));
        common.set("DOCKER_SOCKET", DOCKER_SOCKET);
        let others: Vec<String> = plan.servers()[1..]
            .iter()
            .map(|s| format!("{}:{}", s.primary_host(), s.port()))
            .collect();
        common.set(
            "OTHER_HOSTS",
            &if others.is_empty() {
                String::new()
            } else {
                format!(";\n#   the other hosts: {}", others.join(", "))
            },
        );
        let with_server = |values: &Values, server: &ServerPlan| {
            let mut values = values.clone();
            values.set("HOST", &server.primary_host());
            values.set("PORT", &server.port().to_string());
            values.set("DOCKER_HOST", &server.docker_host());
            values.set("CONTEXT", &server.slug());
            values
        };
        let common = with_server(&common, plan.first_server());
        let servers: Vec<Values> = plan
            .servers()
            .iter()
            .map(|server| {
                let mut values = with_server(&common, server);
                platforms::set_values(&mut values, server.platform());
                values.set("SUBJECT_ALT_NAME", &extfile_sans(server));
                // proxy/install.sh finds the server's files: `../server` beside `proxy/`, or the
                // folder `proxy/` sits in.
                values.set(
                    "SERVER_FROM_PROXY",
                    if several {
                        "$(dirname -- \"$here\")"
                    } else {
                        "$(dirname -- \"$here\")/server"
                    },
                );
                values
            })
            .collect();

        // The README repeats the openssl commands for renewal, so it starts from their values.
        let openssl = openssl::values(plan, &common, dirs);
        let mut readme = openssl.clone();
        readme.set("ISSUED", &date(issued.issued_at));
        readme.set(
            "KEY_TYPE",
            words.key_type[KeyType::ALL
                .iter()
                .position(|t| *t == key_type)
                .unwrap_or_default()],
        );
        let client_list: Vec<String> = plan.clients().iter().map(|c| format!("`{c}`")).collect();
        readme.set("CLIENT_LIST", &client_list.join(", "));
        let (key_row, key_path, key_section) = match plan.ca() {
            CaSource::New(ca) => {
                let state = match ca.protection {
                    CaKeyProtection::Passphrase(_) => words.ca_key_encrypted,
                    CaKeyProtection::Unencrypted => words.ca_key_unencrypted,
                };
                (
                    fill_one(words.ca_key_row, &[("STATE", state)]),
                    "ca/ca-key.pem".to_owned(),
                    fill_one(words.ca_key_section, &[("STATE", state)]),
                )
            }
            CaSource::Existing(existing) => (
                fill_one(words.existing_ca_key_row, &[("CA", existing.common_name())]),
                "YOUR-CA-KEY.pem".to_owned(),
                fill_one(
                    words.existing_ca_key_section,
                    &[("CA", existing.common_name())],
                ),
            ),
        };
        readme.set("CA_KEY_ROW", &key_row);
        readme.set("CA_KEY_PATH", &key_path);
        readme.set("CA_KEY_SECTION", &key_section);
        readme.set(
            "RENEW_PASSPHRASE",
            match plan.ca() {
                CaSource::New(CaPlan {
                    protection: CaKeyProtection::Unencrypted,
                    ..
                }) => "",
                _ => " --ca-passphrase-env CA_PASSPHRASE",
            },
        );
        let proxy_section = if plan.proxy() {
            let mut proxy = readme.clone();
            let proxy_dirs: Vec<String> = dirs.iter().map(|dir| proxy_dir(dir)).collect();
            let install: Vec<String> = plan
                .servers()
                .iter()
                .zip(dirs)
                .map(|(server, dir)| {
                    let host = server.primary_host();
                    let (copy, script) = if several {
                        (dir.clone(), format!("{}/proxy", server.slug()))
                    } else {
                        ("server proxy".to_owned(), "proxy".to_owned())
                    };
                    format!(
                        "ssh {host} 'mkdir -p docker-tls' && scp -r {copy} {host}:docker-tls/\nssh -t {host} 'sudo apt-get install nginx && sudo sh docker-tls/{script}/install.sh'"
                    )
                })
                .collect();
            proxy.set("PROXY_INSTALL", &install.join("\n"));
            proxy.set("CRL_PATH", &format!("{}/crl.pem", proxy_dirs[0]));
            proxy.set(
                "CRL_AFTER",
                &if several {
                    let others: Vec<String> = proxy_dirs[1..]
                        .iter()
                        .map(|dir| format!("`{dir}/crl.pem`"))
                        .collect();
                    fill_one(words.crl_after_several, &[("OTHERS", &others.join(", "))])
                } else {
                    words.crl_after_one.to_owned()
                },
            );
            fill(words.proxy_section.text(), &proxy)
        } else {
            String::new()
        };
        readme.set("PROXY_SECTION", &proxy_section);
        readme.set("P12_SECTION", "");
        readme.set("ROTATION_SECTION", "");
        readme_servers(&mut readme, plan, issued, dirs, words);
        platforms::readme_values(&mut readme, plan, dirs, words);
        let client_not_after = issued
            .clients
            .iter()
            .map(|c| c.leaf.certificate.not_after)
            .min()
            .unwrap_or(issued.issued_at);
        readme.set("CLIENT_NOT_AFTER", &date(client_not_after));
        readme.set("CA_NOT_AFTER", &date(issued.ca.not_after));
        let contexts: Vec<(String, String, String)> = plan
            .servers()
            .iter()
            .map(|s| (s.slug(), s.docker_host(), s.primary_host()))
            .collect();
        let context_list: Vec<&str> = contexts.iter().map(|(c, _, _)| c.as_str()).collect();
        let context_list = context_list.join(", ");
        Self {
            common,
            servers,
            readme,
            openssl,
            contexts,
            context_list,
        }
    }
}

/// The README's words about the server or servers.
fn readme_servers(
    readme: &mut Values,
    plan: &Plan,
    issued: &Issued,
    dirs: &[String],
    words: &Words,
) {
    let servers = plan.servers();
    let first = plan.first_server();
    let hosts: Vec<String> = servers.iter().map(ServerPlan::primary_host).collect();
    let bold: Vec<String> = hosts.iter().map(|host| format!("**{host}**")).collect();
    let mut ports: Vec<String> = servers.iter().map(|s| s.port().to_string()).collect();
    ports.dedup();
    readme.set("SERVER_DIR", &dirs[0]);
    readme.set("PORT_LIST", &ports.join(", "));
    let names = |server: &ServerPlan| -> String {
        let names: Vec<String> = server.names().iter().map(|n| format!("`{n}`")).collect();
        names.join(", ")
    };
    let expiry_row = |host: &str, leaf: &crate::issue::IssuedServer| {
        fill_one(
            words.expiry_row,
            &[("HOST", host), ("DATE", &date(leaf.certificate.not_after))],
        )
    };
    if let [server] = servers {
        readme.set("TITLE", &hosts[0]);
        readme.set(
            "SERVER_INTRO",
            &fill_one(words.server_intro_one, &[("HOST", &bold[0])]),
        );
        readme.set(
            "DAEMON_INTRO",
            &fill_one(
                words.daemon_intro_one,
                &[("PORT", &server.port().to_string())],
            ),
        );
        readme.set("THE_HOST", &hosts[0]);
        readme.set("SERVER_TABLE", "");
        readme.set(
            "INSTALL_WHERE",
            &fill_one(words.install_where_one, &[("HOST", &hosts[0])]),
        );
        readme.set("INSTALL_WHAT", words.install_what_one);
        readme.set("MORE_HOSTS", "");
        readme.set(
            "SAN_SENTENCE",
            &fill_one(words.san_sentence_one, &[("NAMES", &names(server))]),
        );
        readme.set(
            "SERVER_EXPIRY_ROWS",
            &expiry_row(&hosts[0], &issued.servers[0]),
        );
        readme.set("FIRST_SERVER_NOTE", "");
        return;
    }
    let (last, rest) = bold.split_last().unwrap_or((&bold[0], &[]));
    let listed = fill_one(
        words.and,
        &[("REST", &rest.join(words.comma)), ("LAST", last)],
    );
    readme.set(
        "TITLE",
        &fill_one(
            words.title_several,
            &[
                ("HOST", &hosts[0]),
                ("MORE", &(hosts.len() - 1).to_string()),
            ],
        ),
    );
    readme.set(
        "SERVER_INTRO",
        &fill_one(words.server_intro_several, &[("LIST", &listed)]),
    );
    readme.set("DAEMON_INTRO", words.daemon_intro_several);
    readme.set("THE_HOST", words.its_host);
    let rows: Vec<String> = servers
        .iter()
        .zip(dirs)
        .map(|(server, dir)| {
            format!(
                "| `{dir}/` | {} | {} | {} |",
                server.primary_host(),
                server.port(),
                names(server)
            )
        })
        .collect();
    readme.set(
        "SERVER_TABLE",
        &fill_one(
            words.server_table,
            &[("FIRST_DIR", &dirs[0]), ("ROWS", &rows.join("\n"))],
        ),
    );
    readme.set("INSTALL_WHERE", words.install_where_several);
    readme.set("INSTALL_WHAT", words.install_what_several);
    let contexts: Vec<String> = servers.iter().map(|s| format!("`{}`", s.slug())).collect();
    readme.set(
        "MORE_HOSTS",
        &fill_one(
            words.more_hosts,
            &[
                ("FIRST_HOST", &hosts[0]),
                ("CONTEXTS", &contexts.join(", ")),
            ],
        ),
    );
    readme.set("SAN_SENTENCE", words.san_sentence_several);
    let expiry: Vec<String> = hosts
        .iter()
        .zip(&issued.servers)
        .map(|(host, leaf)| expiry_row(host, leaf))
        .collect();
    readme.set("SERVER_EXPIRY_ROWS", &expiry.join("\n"));
    readme.set(
        "FIRST_SERVER_NOTE",
        &fill_one(words.first_server_note, &[("HOST", &first.primary_host())]),
    );
}

/// The leaves' keyUsage in openssl's words, from the same table the certificates use.
fn leaf_key_usage(key_type: KeyType) -> String {
    let words: Vec<&str> = profile::key_usages(&Role::Client, key_type.is_rsa())
        .iter()
        .map(|usage| match usage {
            rcgen::KeyUsagePurpose::DigitalSignature => "digitalSignature",
            rcgen::KeyUsagePurpose::KeyEncipherment => "keyEncipherment",
            _ => "",
        })
        .filter(|word| !word.is_empty())
        .collect();
    words.join(", ")
}

/// `DNS:a, DNS:b, IP:1.2.3.4` for the server's extfile.
fn extfile_sans(server: &ServerPlan) -> String {
    let sans: Vec<String> = server
        .dns_names()
        .iter()
        .map(|name| format!("DNS:{name}"))
        .chain(server.ip_addresses().iter().map(|ip| format!("IP:{ip}")))
        .collect();
    sans.join(", ")
}

/// A date for people: `2027-11-23 17:05 UTC`.
fn date(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests;
