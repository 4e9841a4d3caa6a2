//! The [`Bundle`]: every file an operator needs, filled with their own names, port and paths,
//! and packed into a zip that keeps unix modes.
//!
//! The text files come from `templates/` with `{{PLACEHOLDER}}`s; this module decides the values
//! and the modes. One folder per bundle, named after the server (`docker-tls-HOST/`).

mod calendar;
mod openssl;
mod template;
mod zip;

use core::fmt;

use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::issue::{Issued, IssuedClient};
use crate::key_pair::KeyType;
use crate::names::ClientName;
use crate::plan::{CaKeyProtection, CaSource, Plan};
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

    /// The contents as text (every bundle file is UTF-8 text).
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
}

impl Bundle {
    /// Lays out the files for `plan` with the certificates and keys in `issued`.
    pub fn new(plan: &Plan, issued: &Issued) -> Self {
        let values = BundleValues::new(plan, issued);
        let mut files = vec![BundleFile::new(
            "README.md",
            fill(include_str!("../../templates/README.md"), &values.readme),
            TEXT_MODE,
        )];
        files.push(BundleFile::new(
            "renew.ics",
            calendar::renew_ics(issued, &plan.server().primary_host()),
            TEXT_MODE,
        ));
        files.extend(ca_files(issued));
        files.extend(server_files(issued, &values));
        for client in &issued.clients {
            files.extend(client_files(client, issued, &values));
        }
        if let Some(crl) = &issued.crl {
            files.extend(proxy_files(plan, crl, &values));
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
            folder: folder_name(&plan.server().primary_host()),
            files,
        }
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

/// `docker-tls-` and the host, with characters unsafe in a file name (IPv6 colons) replaced.
fn folder_name(host: &str) -> String {
    let safe: String = host
        .trim_matches(|c| c == '[' || c == ']')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("docker-tls-{safe}")
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

fn server_files(issued: &Issued, values: &BundleValues) -> Vec<BundleFile> {
    let server = &values.server;
    vec![
        BundleFile::new("server/ca.pem", issued.ca.pem.clone(), CERT_MODE),
        BundleFile::new(
            "server/server-cert.pem",
            issued.server.certificate.pem.clone(),
            CERT_MODE,
        ),
        BundleFile::new(
            "server/server-key.pem",
            issued.server.key.expose_secret(),
            KEY_MODE,
        ),
        BundleFile::new(
            "server/extfile.cnf",
            fill(include_str!("../../templates/server/extfile.cnf"), server),
            TEXT_MODE,
        ),
        BundleFile::new(
            "server/override.conf",
            fill(include_str!("../../templates/server/override.conf"), server),
            TEXT_MODE,
        ),
        BundleFile::new(
            "server/daemon.json",
            fill(include_str!("../../templates/server/daemon.json"), server),
            TEXT_MODE,
        ),
        BundleFile::new(
            "server/daemon-override.conf",
            fill(
                include_str!("../../templates/server/daemon-override.conf"),
                server,
            ),
            TEXT_MODE,
        ),
        BundleFile::new(
            "server/install.sh",
            fill(include_str!("../../templates/server/install.sh"), server),
            SCRIPT_MODE,
        ),
    ]
}

fn client_files(client: &IssuedClient, issued: &Issued, values: &BundleValues) -> Vec<BundleFile> {
    let name = &client.name;
    let mut client_values = values.common.clone();
    client_values.set("CLIENT", name.as_str());
    let dir = format!("clients/{name}");
    let text = |file: &str, template: &str, mode| {
        BundleFile::new(
            format!("{dir}/{file}"),
            fill(template, &client_values),
            mode,
        )
    };
    vec![
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
        text(
            "curl.sh",
            include_str!("../../templates/client/curl.sh"),
            SCRIPT_MODE,
        ),
    ]
}

/// The nginx proxy: its config, install script, allow-list (every client of the bundle) and the
/// CA's first CRL.
fn proxy_files(plan: &Plan, crl: &str, values: &BundleValues) -> Vec<BundleFile> {
    let allowed: String = plan
        .clients()
        .iter()
        .map(|name| format!("\"CN={name}\" 1;\n"))
        .collect();
    vec![
        BundleFile::new(
            "proxy/nginx.conf",
            fill(
                include_str!("../../templates/proxy/nginx.conf"),
                &values.common,
            ),
            TEXT_MODE,
        ),
        BundleFile::new(
            "proxy/install.sh",
            fill(
                include_str!("../../templates/proxy/install.sh"),
                &values.common,
            ),
            SCRIPT_MODE,
        ),
        BundleFile::new(
            "proxy/allowed-clients.conf",
            format!(
                "# Client certificates nginx lets through, by subject; one per line. Remove a line and run\n# proxy/install.sh again to lock that client out.\n{allowed}"
            ),
            TEXT_MODE,
        ),
        BundleFile::new("proxy/crl.pem", crl, CERT_MODE),
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
ssh {{HOST}} 'mkdir -p docker-tls' && scp -r server proxy {{HOST}}:docker-tls/
ssh -t {{HOST}} 'sudo apt-get install nginx && sudo sh docker-tls/proxy/install.sh'
```

To lock a client out, revoke its certificate and install the new CRL:

```sh
portcullis revoke --ca-cert ca/ca.pem --ca-key ca/ca-key.pem --ca-passphrase-env CA_PASSPHRASE \\
  --cert clients/NAME/cert.pem --reason key-compromise --crl proxy/crl.pem --out proxy/crl.pem
```

then copy `proxy/crl.pem` to the host and run `proxy/install.sh` again. A CRL has a next-update
date: publish a new one (the same command without `--cert`) before it passes, or nginx refuses
every client.
";

/// The placeholder values of every template, computed once.
struct BundleValues {
    /// Values every template may use.
    common: Values,
    /// Common values plus the server's.
    server: Values,
    /// The openssl script's values plus the README's.
    readme: Values,
    /// Common values plus the openssl script's.
    openssl: Values,
}

impl BundleValues {
    fn new(plan: &Plan, issued: &Issued) -> Self {
        let server = plan.server();
        let host = server.primary_host();
        let first_client = plan
            .clients()
            .first()
            .map(ClientName::as_str)
            .unwrap_or("NAME");
        let key_type = plan.key_type();

        let mut common = Values::default();
        common.set("HOST", &host);
        common.set("PORT", &server.port().to_string());
        common.set("DOCKER_HOST", &server.docker_host());
        common.set("TLS_DIR", SERVER_TLS_DIR);
        common.set("FIRST_CLIENT", first_client);
        common.set("CONTEXT", &context_name(&host));
        common.set("KEY_USAGE", &leaf_key_usage(key_type));
        common.set("DOCKER_SOCKET", DOCKER_SOCKET);

        let mut server_values = common.clone();
        server_values.set("SUBJECT_ALT_NAME", &extfile_sans(plan));

        // The README repeats the openssl commands for renewal, so it starts from their values.
        let openssl = openssl::values(plan, &common);
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
        let proxy_section = if plan.proxy() {
            fill(PROXY_README, &common)
        } else {
            String::new()
        };
        readme.set("PROXY_SECTION", &proxy_section);
        readme.set("CA_KEY_ROW", &key_row);
        readme.set("CA_KEY_PATH", &key_path);
        readme.set("CA_KEY_SECTION", &key_section);
        let san_list: Vec<String> = server.names().iter().map(|n| format!("`{n}`")).collect();
        readme.set("SAN_LIST", &san_list.join(", "));
        readme.set(
            "SERVER_NOT_AFTER",
            &date(issued.server.certificate.not_after),
        );
        let client_not_after = issued
            .clients
            .iter()
            .map(|c| c.leaf.certificate.not_after)
            .min()
            .unwrap_or(issued.issued_at);
        readme.set("CLIENT_NOT_AFTER", &date(client_not_after));
        readme.set("CA_NOT_AFTER", &date(issued.ca.not_after));
        Self {
            common,
            server: server_values,
            readme,
            openssl,
        }
    }
}

/// A docker context name for the host: its name, with characters contexts refuse replaced.
fn context_name(host: &str) -> String {
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
fn extfile_sans(plan: &Plan) -> String {
    let server = plan.server();
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
