//! What differs between [`Platform`]s: each server folder's files around the certificates, the
//! README's rows and install steps for them, and the commands that install a folder on a host.

use crate::key_pair::PrivateKeyPem;
use crate::plan::{Plan, ServerPlan};
use crate::platform::Platform;

use super::packed;
use super::template::{Values, fill, fill_one};
use super::words::Words;
use super::{BundleFile, CERT_MODE, KEY_MODE, SCRIPT_MODE, TEXT_MODE, crlf};

/// One server's files in `dir`: its certificate, its key (none when the host made its own), the
/// CA certificates it trusts for clients, and its platform's files filled with its own `values`.
pub(super) fn server_files(
    dir: &str,
    platform: Platform,
    certificate_pem: &str,
    key: Option<&PrivateKeyPem>,
    ca_pem: &str,
    values: &Values,
) -> Vec<BundleFile> {
    let text = |file: &str, template: &str, mode| {
        BundleFile::new(format!("{dir}/{file}"), fill(template, values), mode)
    };
    // PowerShell and files a Windows host reads get Windows line endings.
    let windows_text = |file: &str, template: &str| {
        BundleFile::new(
            format!("{dir}/{file}"),
            crlf(&fill(template, values)),
            TEXT_MODE,
        )
    };
    let mut files = vec![
        BundleFile::new(format!("{dir}/ca.pem"), ca_pem, CERT_MODE),
        BundleFile::new(format!("{dir}/server-cert.pem"), certificate_pem, CERT_MODE),
        text("extfile.cnf", packed::SERVER_EXTFILE_CNF.text(), TEXT_MODE),
    ];
    files.extend(match platform {
        Platform::Systemd => vec![
            text(
                "override.conf",
                packed::SERVER_OVERRIDE_CONF.text(),
                TEXT_MODE,
            ),
            text("daemon.json", packed::SERVER_DAEMON_JSON.text(), TEXT_MODE),
            text(
                "daemon-override.conf",
                packed::SERVER_DAEMON_OVERRIDE_CONF.text(),
                TEXT_MODE,
            ),
            text("install.sh", packed::SERVER_INSTALL_SH.text(), SCRIPT_MODE),
        ],
        Platform::Rootless => vec![
            text(
                "daemon.json",
                packed::ROOTLESS_DAEMON_JSON.text(),
                TEXT_MODE,
            ),
            text(
                "override.conf",
                packed::ROOTLESS_OVERRIDE_CONF.text(),
                TEXT_MODE,
            ),
            text(
                "install.sh",
                packed::ROOTLESS_INSTALL_SH.text(),
                SCRIPT_MODE,
            ),
        ],
        Platform::Windows => vec![
            windows_text("daemon.json", packed::WINDOWS_DAEMON_JSON.text()),
            windows_text("install.ps1", packed::WINDOWS_INSTALL_PS1.text()),
        ],
        Platform::Podman => vec![
            text(
                "podman-docker-tls.service",
                packed::PODMAN_PODMAN_DOCKER_TLS_SERVICE.text(),
                TEXT_MODE,
            ),
            text("install.sh", packed::PODMAN_INSTALL_SH.text(), SCRIPT_MODE),
        ],
    });
    if let Some(key) = key {
        files.insert(
            2,
            BundleFile::new(
                format!("{dir}/server-key.pem"),
                key.expose_secret(),
                KEY_MODE,
            ),
        );
    }
    files
}

/// The values a server's templates take from its platform: where its TLS files live.
pub(super) fn set_values(values: &mut Values, platform: Platform) {
    values.set("TLS_DIR", platform.tls_dir());
    values.set("TLS_DIR_JSON", &platform.tls_dir().replace('\\', "\\\\"));
}

/// The commands that copy `dir` to `host` as `remote/` and run its install script there.
pub(super) fn install_commands(
    words: &Words,
    platform: Platform,
    host: &str,
    dir: &str,
    remote: &str,
) -> String {
    match platform {
        Platform::Systemd | Platform::Podman => {
            format!("scp -r {dir}/ {host}:{remote}/\nssh -t {host} 'sudo sh {remote}/install.sh'")
        }
        Platform::Rootless => format!(
            "scp -r {dir}/ {host}:{remote}/          {}\nssh {host} 'sh {remote}/install.sh'",
            words.rootless_copy_comment
        ),
        Platform::Windows => format!(
            "scp -r {dir}/ {host}:{remote}/          {}\n{}\npowershell -ExecutionPolicy Bypass -File {remote}\\install.ps1",
            words.windows_copy_comment,
            fill_one(words.windows_then, &[("HOST", host)])
        ),
    }
}

/// The README's rows about the files of a server folder `dir` on `platform` (`host` names where
/// they go).
fn file_rows(words: &Words, platform: Platform, dir: &str, host: &str, what: &str) -> String {
    let certificates = fill_one(
        words.certificates_row,
        &[
            ("DIR", dir),
            ("WHAT", what),
            ("TLS", platform.tls_dir()),
            ("HOST", host),
        ],
    );
    let rest = fill_one(
        words.file_rows[platform_index(platform)],
        &[("DIR", dir), ("HOST", host)],
    );
    format!("{certificates}\n{rest}")
}

/// Where `platform` is in `Platform::ALL`, which orders the per-platform words.
fn platform_index(platform: Platform) -> usize {
    Platform::ALL
        .iter()
        .position(|p| *p == platform)
        .unwrap_or_default()
}

/// The servers of `plan` with their folders, grouped by platform in the order each platform
/// first appears.
fn by_platform<'a>(
    plan: &'a Plan,
    dirs: &'a [String],
) -> Vec<(Platform, Vec<(&'a ServerPlan, &'a str)>)> {
    let mut groups: Vec<(Platform, Vec<(&ServerPlan, &str)>)> = Vec::new();
    for (server, dir) in plan.servers().iter().zip(dirs) {
        match groups.iter_mut().find(|(p, _)| *p == server.platform()) {
            Some((_, members)) => members.push((server, dir.as_str())),
            None => groups.push((server.platform(), vec![(server, dir.as_str())])),
        }
    }
    groups
}

/// Sets the README's platform-dependent values: the server folder's rows, the install section
/// (one per platform when the hosts differ), the renewal's install line, the podman clients.
pub(super) fn readme_values(readme: &mut Values, plan: &Plan, dirs: &[String], words: &Words) {
    let groups = by_platform(plan, dirs);
    let first = plan.first_server().platform();
    set_values(readme, first);
    let several = plan.servers().len() > 1;
    let mixed = groups.len() > 1;

    let rows: Vec<String> = groups
        .iter()
        .map(|(platform, members)| {
            let host = if several {
                words.its_host.to_owned()
            } else {
                members[0].0.primary_host()
            };
            let what = if mixed {
                let hosts: Vec<String> = members.iter().map(|(s, _)| s.primary_host()).collect();
                fill_one(
                    words.certificates_what_mixed,
                    &[("PLATFORM", platform.name()), ("HOSTS", &hosts.join(", "))],
                )
            } else {
                words.certificates_what.to_owned()
            };
            file_rows(words, *platform, members[0].1, &host, &what)
        })
        .collect();
    readme.set("SERVER_FILE_ROWS", &rows.join("\n"));

    let sections: Vec<String> = groups
        .iter()
        .map(|(platform, members)| {
            let mut values = readme.clone();
            set_values(&mut values, *platform);
            let install: Vec<String> = members
                .iter()
                .map(|(server, dir)| {
                    install_commands(
                        words,
                        *platform,
                        &server.primary_host(),
                        dir,
                        "docker-tls-server",
                    )
                })
                .collect();
            values.set("SERVER_INSTALL", &install.join("\n"));
            values.set("OWN_KEY_NOTE", &own_key_note(words, *platform, members));
            if mixed {
                values.set(
                    "INSTALL_WHAT",
                    if members.len() == 1 {
                        words.install_what_mixed_one
                    } else {
                        words.install_what_mixed_many
                    },
                );
            }
            let text = fill(words.install[platform_index(*platform)].text(), &values);
            if mixed {
                let hosts: Vec<String> = members.iter().map(|(s, _)| s.primary_host()).collect();
                format!(
                    "### {}: {}\n\n{text}",
                    words.platform[platform_index(*platform)],
                    hosts.join(", ")
                )
            } else {
                text
            }
        })
        .collect();
    readme.set("INSTALL_SECTION", &sections.join(""));

    let first_dir = &dirs[0];
    readme.set("RENEW_INSTALL", &{
        let (tls, restart) = (first.tls_dir(), first.restart_command());
        match first {
            Platform::Systemd | Platform::Podman => {
                format!("sudo install -m 0444 {first_dir}/server-cert.pem {tls}/ && {restart}")
            }
            Platform::Rootless => format!(
                "install -m 0444 {first_dir}/server-cert.pem {tls}/ && {restart}   {}",
                words.renew_rootless_comment
            ),
            Platform::Windows => format!(
                "{}\n# Copy-Item server-cert.pem {tls}\\ ; {restart}",
                words.renew_windows_comment
            ),
        }
    });

    let podman: Vec<&ServerPlan> = plan
        .servers()
        .iter()
        .filter(|server| server.platform() == Platform::Podman)
        .collect();
    if podman.is_empty() {
        readme.set("PODMAN_ROW", "");
        readme.set("PODMAN_CLIENTS", "");
    } else {
        readme.set("PODMAN_ROW", words.podman_row);
        let names: Vec<String> = podman.iter().map(|s| format!("`{}`", s.slug())).collect();
        readme.set(
            "PODMAN_CLIENTS",
            &fill_one(
                words.podman_clients,
                &[
                    (
                        "WHICH",
                        if podman.len() == 1 {
                            words.podman_one
                        } else {
                            words.podman_many
                        },
                    ),
                    ("NAMES", &names.join(", ")),
                    ("FIRST", &podman[0].slug()),
                ],
            ),
        );
    }
}

/// Client values for the PowerShell context script and the podman connections.
pub(super) fn client_values(
    values: &mut Values,
    plan: &Plan,
    client: &str,
    contexts: &[(String, String, String)],
) {
    let ps: Vec<String> = contexts
        .iter()
        .map(|(context, docker_host, host)| {
            format!(
                "Set-Context '{context}' '{docker_host}' 'Docker on {} as {} (mutual TLS)'",
                host.replace('\'', "''"),
                client.replace('\'', "''")
            )
        })
        .collect();
    values.set("CONTEXT_COMMANDS_PS", &ps.join("\n"));
    let podman: Vec<&ServerPlan> = plan
        .servers()
        .iter()
        .filter(|server| server.platform() == Platform::Podman)
        .collect();
    let list: Vec<String> = podman.iter().map(|s| s.slug()).collect();
    values.set("PODMAN_LIST", &list.join(", "));
    let commands: Vec<String> = podman
        .iter()
        .map(|s| format!("connection {} {}", s.slug(), s.docker_host()))
        .collect();
    values.set("PODMAN_COMMANDS", &commands.join("\n"));
}

/// Whether the clients get `podman-connection.sh`.
pub(super) fn has_podman(plan: &Plan) -> bool {
    plan.servers()
        .iter()
        .any(|server| server.platform() == Platform::Podman)
}

/// The README's note on servers whose key was made on the host, for the members of one platform.
fn own_key_note(words: &Words, platform: Platform, members: &[(&ServerPlan, &str)]) -> String {
    let own: Vec<String> = members
        .iter()
        .filter(|(server, _)| server.csr().is_some())
        .map(|(server, _)| format!("**{}**", server.primary_host()))
        .collect();
    if own.is_empty() {
        return String::new();
    }
    let (script, mode) = match platform {
        Platform::Systemd | Platform::Podman => ("`install.sh`", words.own_key_mode_root),
        Platform::Rootless => ("`install.sh`", words.own_key_mode_user),
        Platform::Windows => ("`install.ps1`", ""),
    };
    let separator = if platform == Platform::Windows {
        "\\"
    } else {
        "/"
    };
    fill_one(
        words.own_key_note,
        &[
            ("HOSTS", &own.join(", ")),
            ("SCRIPT", script),
            (
                "PATH",
                &format!("{}{separator}server-key.pem", platform.tls_dir()),
            ),
            ("MODE", mode),
        ],
    )
}
