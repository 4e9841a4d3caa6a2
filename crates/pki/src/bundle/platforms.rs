//! What differs between [`Platform`]s: each server folder's files around the certificates, the
//! README's rows and install steps for them, and the commands that install a folder on a host.

use crate::key_pair::PrivateKeyPem;
use crate::plan::{Plan, ServerPlan};
use crate::platform::Platform;

use super::template::{Values, fill};
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
        text(
            "extfile.cnf",
            include_str!("../../templates/server/extfile.cnf"),
            TEXT_MODE,
        ),
    ];
    files.extend(match platform {
        Platform::Systemd => vec![
            text(
                "override.conf",
                include_str!("../../templates/server/override.conf"),
                TEXT_MODE,
            ),
            text(
                "daemon.json",
                include_str!("../../templates/server/daemon.json"),
                TEXT_MODE,
            ),
            text(
                "daemon-override.conf",
                include_str!("../../templates/server/daemon-override.conf"),
                TEXT_MODE,
            ),
            text(
                "install.sh",
                include_str!("../../templates/server/install.sh"),
                SCRIPT_MODE,
            ),
        ],
        Platform::Rootless => vec![
            text(
                "daemon.json",
                include_str!("../../templates/rootless/daemon.json"),
                TEXT_MODE,
            ),
            text(
                "override.conf",
                include_str!("../../templates/rootless/override.conf"),
                TEXT_MODE,
            ),
            text(
                "install.sh",
                include_str!("../../templates/rootless/install.sh"),
                SCRIPT_MODE,
            ),
        ],
        Platform::Windows => vec![
            windows_text(
                "daemon.json",
                include_str!("../../templates/windows/daemon.json"),
            ),
            windows_text(
                "install.ps1",
                include_str!("../../templates/windows/install.ps1"),
            ),
        ],
        Platform::Podman => vec![
            text(
                "podman-docker-tls.service",
                include_str!("../../templates/podman/podman-docker-tls.service"),
                TEXT_MODE,
            ),
            text(
                "install.sh",
                include_str!("../../templates/podman/install.sh"),
                SCRIPT_MODE,
            ),
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
pub(super) fn install_commands(platform: Platform, host: &str, dir: &str, remote: &str) -> String {
    match platform {
        Platform::Systemd | Platform::Podman => {
            format!("scp -r {dir}/ {host}:{remote}/\nssh -t {host} 'sudo sh {remote}/install.sh'")
        }
        Platform::Rootless => format!(
            "scp -r {dir}/ {host}:{remote}/          # as the user who runs rootless Docker there\nssh {host} 'sh {remote}/install.sh'"
        ),
        Platform::Windows => format!(
            "scp -r {dir}/ {host}:{remote}/          # from here; or copy the folder any way you like\n# then on {host}, in PowerShell as Administrator:\npowershell -ExecutionPolicy Bypass -File {remote}\\install.ps1"
        ),
    }
}

/// The README's rows about the files of a server folder `dir` on `platform` (`host` names where
/// they go).
fn file_rows(platform: Platform, dir: &str, host: &str) -> String {
    let tls = platform.tls_dir();
    let certificates = format!(
        "| `{dir}/server-cert.pem`, `server-key.pem`, `ca.pem` | the daemon's certificate, key and CA | `{tls}/` on {host} |"
    );
    let rest = match platform {
        Platform::Systemd => format!(
            "| `{dir}/override.conf` | systemd drop-in that starts dockerd with TLS flags | `/etc/systemd/system/docker.service.d/override.conf` |\n\
             | `{dir}/daemon.json`, `daemon-override.conf` | the same settings as daemon.json, with the drop-in it needs | `/etc/docker/daemon.json` and the drop-in path above (use these *or* override.conf) |\n\
             | `{dir}/install.sh` | puts the server files in place and restarts Docker | run it on {host} |"
        ),
        Platform::Rootless => format!(
            "| `{dir}/daemon.json` | rootless dockerd's settings: its sockets and the TLS files (`$HOME` and `$XDG_RUNTIME_DIR` are written in when installed) | `~/.config/docker/daemon.json` |\n\
             | `{dir}/override.conf` | user-unit drop-in: RootlessKit publishes the TLS port | `~/.config/systemd/user/docker.service.d/portcullis-tls.conf` |\n\
             | `{dir}/install.sh` | puts the files in place, restarts the user's Docker, turns on lingering | run it on {host} as the user of rootless Docker, without sudo |"
        ),
        Platform::Windows => format!(
            "| `{dir}/daemon.json` | dockerd's settings: the named pipe, the TLS port and files | `C:\\ProgramData\\docker\\config\\daemon.json` |\n\
             | `{dir}/install.ps1` | puts the files in place, opens the port in Windows Firewall, restarts the docker service | run it on {host} as Administrator |"
        ),
        Platform::Podman => format!(
            "| `{dir}/podman-docker-tls.service` | systemd unit running `podman system service` with TLS | `/etc/systemd/system/podman-docker-tls.service` |\n\
             | `{dir}/install.sh` | puts the files in place and starts the service | run it on {host} as root |"
        ),
    };
    format!("{certificates}\n{rest}")
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
pub(super) fn readme_values(readme: &mut Values, plan: &Plan, dirs: &[String]) {
    let groups = by_platform(plan, dirs);
    let first = plan.first_server().platform();
    set_values(readme, first);
    let several = plan.servers().len() > 1;
    let mixed = groups.len() > 1;

    let rows: Vec<String> = groups
        .iter()
        .map(|(platform, members)| {
            let host = if several {
                "its host".to_owned()
            } else {
                members[0].0.primary_host()
            };
            let mut rows = file_rows(*platform, members[0].1, &host);
            if mixed {
                let hosts: Vec<String> = members.iter().map(|(s, _)| s.primary_host()).collect();
                rows = rows.replacen(
                    " | the daemon's certificate, key and CA |",
                    &format!(
                        " | the daemon's certificate, key and CA ({}: {}) |",
                        platform.name(),
                        hosts.join(", ")
                    ),
                    1,
                );
            }
            rows
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
                    install_commands(*platform, &server.primary_host(), dir, "docker-tls-server")
                })
                .collect();
            values.set("SERVER_INSTALL", &install.join("\n"));
            values.set("OWN_KEY_NOTE", &own_key_note(*platform, members));
            if mixed {
                values.set(
                    "INSTALL_WHAT",
                    if members.len() == 1 {
                        "its folder"
                    } else {
                        "each host's folder"
                    },
                );
            }
            let text = fill(install_template(*platform), &values);
            if mixed {
                let hosts: Vec<String> = members.iter().map(|(s, _)| s.primary_host()).collect();
                format!(
                    "### {}: {}\n\n{text}",
                    capitalised(platform.description()),
                    hosts.join(", ")
                )
            } else {
                text
            }
        })
        .collect();
    readme.set("INSTALL_SECTION", &sections.join(""));

    let first_dir = &dirs[0];
    readme.set(
        "RENEW_INSTALL",
        &{
            let (tls, restart) = (first.tls_dir(), first.restart_command());
            match first {
                Platform::Systemd | Platform::Podman => format!(
                    "sudo install -m 0444 {first_dir}/server-cert.pem {tls}/ && {restart}"
                ),
                Platform::Rootless => format!(
                    "install -m 0444 {first_dir}/server-cert.pem {tls}/ && {restart}   # on the host, as its user"
                ),
                Platform::Windows => format!(
                    "# on the host, in PowerShell as Administrator:\n# Copy-Item server-cert.pem {tls}\\ ; {restart}"
                ),
            }
        },
    );

    let podman: Vec<&ServerPlan> = plan
        .servers()
        .iter()
        .filter(|server| server.platform() == Platform::Podman)
        .collect();
    if podman.is_empty() {
        readme.set("PODMAN_ROW", "");
        readme.set("PODMAN_CLIENTS", "");
    } else {
        readme.set(
            "PODMAN_ROW",
            "| `clients/NAME/podman-connection.sh` | adds a podman connection for each Podman host | run once where you use `podman --remote` |\n",
        );
        let names: Vec<String> = podman.iter().map(|s| format!("`{}`", s.slug())).collect();
        readme.set(
            "PODMAN_CLIENTS",
            &format!(
                "\nPodman answers Docker's API, so `docker` works with {} as above. For the podman\nCLI, `sh clients/NAME/podman-connection.sh` adds the connection {} with this client's\ncertificate (`podman system connection add … --tls-ca … --tls-cert … --tls-key …`); then\n`podman --connection {} ps`.\n",
                if podman.len() == 1 {
                    "this Podman host"
                } else {
                    "these Podman hosts"
                },
                names.join(", "),
                podman[0].slug()
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

fn install_template(platform: Platform) -> &'static str {
    match platform {
        Platform::Systemd => include_str!("../../templates/install/systemd.md"),
        Platform::Rootless => include_str!("../../templates/install/rootless.md"),
        Platform::Windows => include_str!("../../templates/install/windows.md"),
        Platform::Podman => include_str!("../../templates/install/podman.md"),
    }
}

/// The README's note on servers whose key was made on the host, for the members of one platform.
fn own_key_note(platform: Platform, members: &[(&ServerPlan, &str)]) -> String {
    let own: Vec<String> = members
        .iter()
        .filter(|(server, _)| server.csr().is_some())
        .map(|(server, _)| format!("**{}**", server.primary_host()))
        .collect();
    if own.is_empty() {
        return String::new();
    }
    let (script, mode) = match platform {
        Platform::Systemd | Platform::Podman => ("`install.sh`", " (mode 0400, owned by root)"),
        Platform::Rootless => ("`install.sh`", " (mode 0400)"),
        Platform::Windows => ("`install.ps1`", ""),
    };
    let separator = if platform == Platform::Windows {
        "\\"
    } else {
        "/"
    };
    format!(
        "\nThe key of {} was made on the host itself and sent only a certificate signing\nrequest, so it is not in this bundle. {script} expects it at `{}{separator}server-key.pem`{mode}\nand leaves it there.\n",
        own.join(", "),
        platform.tls_dir()
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
