//! The [`Bundle`]: every file an operator needs, filled with their own names, port and paths,
//! and packed into a zip that keeps unix modes.
//!
//! The text files come from `templates/` with `{{PLACEHOLDER}}`s; this module decides the values
//! and the modes. One folder per bundle, named after the (first) server (`docker-tls-HOST/`).
//! With one server its files are in `server/`; with several, each has `servers/HOST/`.

mod calendar;
mod openssl;
mod platforms;
mod template;
mod zip;

use core::fmt;

use rand_core::CryptoRng;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::issue::{Issued, IssuedClient};
use crate::key_pair::{KeyType, PrivateKeyPem};
use crate::names::ClientName;
use crate::pkcs12::{P12Password, client_p12};
use crate::plan::{CaKeyProtection, CaPlan, CaSource, Plan, ServerPlan};
use crate::plan_file::PLAN_FILE_NAME;
use crate::profile::{self, Role};
use template::{Values, fill};

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
}

impl Bundle {
    /// Lays out the files for `plan` with the certificates and keys in `issued`.
    pub fn new(plan: &Plan, issued: &Issued) -> Self {
        let dirs = server_dirs(plan);
        let values = BundleValues::new(plan, issued, &dirs);
        let mut files = vec![BundleFile::new(
            "README.md",
            readme_text(&values.readme),
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
            fill(
                include_str!("../../templates/openssl/commands.sh"),
                &values.openssl,
            ),
            SCRIPT_MODE,
        ));
        Self {
            folder: format!("docker-tls-{}", plan.first_server().slug()),
            files,
            readme: values.readme,
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
        let section = fill(include_str!("../../templates/p12-section.md"), &self.readme);
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
        let values = BundleValues::new(plan, issued, &dirs);
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
                "the Docker host"
            } else {
                "each Docker host"
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
                (systemd, all) if systemd == all => {
                    ", with the same\n   option you gave `install.sh` last time (`--daemon-json` or none)"
                }
                _ => {
                    " (on a systemd host\n   with the same option you gave `install.sh` last time: `--daemon-json` or none)"
                }
            },
        );
        let (deadline, what) = &transition.deadline;
        section.set("DEADLINE", &date(*deadline));
        section.set("DEADLINE_WHAT", what);
        let text = fill(
            include_str!("../../templates/rotation-section.md"),
            &section,
        );
        self.add_readme_section("ROTATION_SECTION", &text);
    }

    /// Sets the README's `{{name}}` to `section` and renders it again, whole.
    fn add_readme_section(&mut self, name: &'static str, section: &str) {
        self.readme.set(name, section);
        let text = readme_text(&self.readme);
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
    pub deadline: (OffsetDateTime, String),
}

/// The bundle's README.md from its values.
fn readme_text(values: &Values) -> String {
    fill(include_str!("../../templates/README.md"), values)
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
            include_str!("../../templates/client/extfile-client.cnf"),
            TEXT_MODE,
        ),
        text(
            "env.sh",
            include_str!("../../templates/client/env.sh"),
            SCRIPT_MODE,
        ),
        text(
            "env.fish",
            include_str!("../../templates/client/env.fish"),
            TEXT_MODE,
        ),
        // PowerShell and cmd.exe files get Windows line endings.
        BundleFile::new(
            format!("{dir}/env.ps1"),
            crlf(&fill(
                include_str!("../../templates/client/env.ps1"),
                &client_values,
            )),
            TEXT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/env.cmd"),
            crlf(&fill(
                include_str!("../../templates/client/env.cmd"),
                &client_values,
            )),
            TEXT_MODE,
        ),
        text(
            "docker-context.sh",
            include_str!("../../templates/client/docker-context.sh"),
            SCRIPT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/docker-context.ps1"),
            crlf(&fill(
                include_str!("../../templates/client/docker-context.ps1"),
                &client_values,
            )),
            TEXT_MODE,
        ),
        text(
            "curl.sh",
            include_str!("../../templates/client/curl.sh"),
            SCRIPT_MODE,
        ),
    ];
    if platforms::has_podman(plan) {
        files.push(text(
            "podman-connection.sh",
            include_str!("../../templates/client/podman-connection.sh"),
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
            fill(include_str!("../../templates/proxy/nginx.conf"), values),
            TEXT_MODE,
        ),
        BundleFile::new(
            format!("{dir}/install.sh"),
            fill(include_str!("../../templates/proxy/install.sh"), values),
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

/// The README's part about the proxy, when the bundle has one.
const PROXY_README: &str = "
## 7. The proxy: revocation and an allow-list

`proxy/` holds an nginx configuration that does what dockerd cannot: it refuses revoked
certificates (`proxy/crl.pem`) and clients not named in `proxy/allowed-clients.conf`, then
forwards to dockerd's local socket. With it, dockerd listens on no TCP port: install
`proxy/` *instead of* `server/override.conf` or `server/daemon.json`.

```sh
{{PROXY_INSTALL}}
```

To lock a client out, revoke its certificate and install the new CRL:

```sh
portcullis revoke --ca-cert ca/ca.pem --ca-key {{CA_KEY_PATH}} --ca-passphrase-env CA_PASSPHRASE \\
  --cert clients/NAME/cert.pem --reason key-compromise --crl {{CRL_PATH}} --out {{CRL_PATH}}
```

{{CRL_AFTER}} A CRL has a next-update date: publish a new one (the same command without
`--cert`) before it passes, or nginx refuses every client.
";

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
    fn new(plan: &Plan, issued: &Issued, dirs: &[String]) -> Self {
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
        readme.set("KEY_TYPE", key_type.description());
        let client_list: Vec<String> = plan.clients().iter().map(|c| format!("`{c}`")).collect();
        readme.set("CLIENT_LIST", &client_list.join(", "));
        let (key_row, key_path, key_section) = match plan.ca() {
            CaSource::New(ca) => {
                let state = match ca.protection {
                    CaKeyProtection::Passphrase(_) => {
                        "encrypted with your passphrase (PKCS#8, PBKDF2-SHA256 and AES-256)"
                    }
                    CaKeyProtection::Unencrypted => "**not encrypted**, as you asked",
                };
                (
                    format!(
                        "| `ca/ca-key.pem` | the CA's private key, {state} | **nowhere**: keep it offline; you need it only to issue or renew |"
                    ),
                    "ca/ca-key.pem".to_owned(),
                    format!(
                        "`ca/ca-key.pem` can make certificates that this daemon trusts. It is {state}.\nKeep it offline, on an encrypted disk or a USB stick in a drawer; it never goes onto the Docker\nhost or the clients. `openssl pkey -in ca/ca-key.pem -noout` checks that you still know the\npassphrase."
                    ),
                )
            }
            CaSource::Existing(existing) => (
                format!(
                    "| (no `ca/ca-key.pem`) | the key of your existing CA \"{}\" is not in this bundle | it stays where it was |",
                    existing.common_name()
                ),
                "YOUR-CA-KEY.pem".to_owned(),
                format!(
                    "These certificates were signed by your existing CA \"{}\". Its key is not in this\nbundle: it stays wherever you keep it, and only renewing needs it again.",
                    existing.common_name()
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
                    format!(
                        "then copy it to {} as well, copy each server's folder to its host and run its\n`proxy/install.sh` there again.",
                        others.join(", ")
                    )
                } else {
                    "then copy `proxy/crl.pem` to the host and run `proxy/install.sh` again.".to_owned()
                },
            );
            fill(PROXY_README, &proxy)
        } else {
            String::new()
        };
        readme.set("PROXY_SECTION", &proxy_section);
        readme.set("P12_SECTION", "");
        readme.set("ROTATION_SECTION", "");
        readme_servers(&mut readme, plan, issued, dirs);
        platforms::readme_values(&mut readme, plan, dirs);
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
fn readme_servers(readme: &mut Values, plan: &Plan, issued: &Issued, dirs: &[String]) {
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
    if let [server] = servers {
        readme.set("TITLE", &hosts[0]);
        readme.set(
            "SERVER_INTRO",
            &format!("a certificate for the Docker daemon on {}", bold[0]),
        );
        readme.set(
            "DAEMON_INTRO",
            &format!(
                "the daemon accepts connections on TCP port **{}**",
                server.port()
            ),
        );
        readme.set("THE_HOST", &hosts[0]);
        readme.set("SERVER_TABLE", "");
        readme.set("INSTALL_WHERE", &format!("the Docker host ({})", hosts[0]));
        readme.set("INSTALL_WHAT", "the `server/` folder");
        readme.set("MORE_HOSTS", "");
        readme.set(
            "SAN_SENTENCE",
            &format!(
                "The server certificate is valid for these names only: {}.",
                names(server)
            ),
        );
        readme.set(
            "SERVER_EXPIRY_ROWS",
            &format!(
                "| server ({}) | {} |",
                hosts[0],
                date(issued.servers[0].certificate.not_after)
            ),
        );
        readme.set("FIRST_SERVER_NOTE", "");
        return;
    }
    let (last, rest) = bold.split_last().unwrap_or((&bold[0], &[]));
    let listed = format!("{} and {last}", rest.join(", "));
    readme.set(
        "TITLE",
        &format!("{} and {} more hosts", hosts[0], hosts.len() - 1),
    );
    readme.set(
        "SERVER_INTRO",
        &format!("a certificate for each Docker daemon, on {listed},"),
    );
    readme.set(
        "DAEMON_INTRO",
        "each daemon accepts connections on its TCP port",
    );
    readme.set("THE_HOST", "its host");
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
        &format!(
            "\nEach Docker host has a folder of its own under `servers/`, with the files listed for\n`{}/` above:\n\n| folder | host | port | names in its certificate |\n|---|---|---|---|\n{}\n",
            dirs[0],
            rows.join("\n")
        ),
    );
    readme.set("INSTALL_WHERE", "each Docker host");
    readme.set("INSTALL_WHAT", "each host's folder under `servers/`");
    let contexts: Vec<String> = servers.iter().map(|s| format!("`{}`", s.slug())).collect();
    readme.set(
        "MORE_HOSTS",
        &format!(
            "\n`env.sh` and its siblings point at the first host, {}. `docker-context.sh` makes one\ncontext per host: {}. Switch with `docker context use NAME`, or point `env.sh`'s\n`DOCKER_HOST` at another host after sourcing it.\n",
            hosts[0],
            contexts.join(", ")
        ),
    );
    readme.set(
        "SAN_SENTENCE",
        "Each server certificate is valid only for the names listed for it in the table of folders\nabove.",
    );
    let expiry: Vec<String> = hosts
        .iter()
        .zip(&issued.servers)
        .map(|(host, leaf)| format!("| server ({host}) | {} |", date(leaf.certificate.not_after)))
        .collect();
    readme.set("SERVER_EXPIRY_ROWS", &expiry.join("\n"));
    readme.set(
        "FIRST_SERVER_NOTE",
        &format!(
            " {} (the others alike, each in its own folder)",
            first.primary_host()
        ),
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
