//! [`Platform`]: how the Docker-compatible daemon on a host is run, which decides where its
//! certificates go, which files configure it and how its install script restarts it.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Field};
use crate::refusal::InputRefusal;

/// How a server's daemon is run. Every platform takes the same certificates; only the files
/// around them differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// dockerd as root under systemd (`docker.service`): the layout of Docker's own guide.
    #[default]
    Systemd,
    /// Rootless Docker: dockerd in a user namespace under the user's own systemd
    /// (`systemctl --user`), its TCP port published by RootlessKit.
    Rootless,
    /// dockerd as a Windows service (Windows Server, or Docker Engine on Windows).
    Windows,
    /// Podman's Docker-compatible API (`podman system service`) as a systemd unit.
    Podman,
}

impl Platform {
    /// Every platform, in the order they are offered.
    pub const ALL: [Self; 4] = [Self::Systemd, Self::Rootless, Self::Windows, Self::Podman];

    /// The name in the plan file and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Systemd => "systemd",
            Self::Rootless => "rootless",
            Self::Windows => "windows",
            Self::Podman => "podman",
        }
    }

    /// What it is, for people: "rootless Docker (systemctl --user)".
    pub fn description(self) -> &'static str {
        match self {
            Self::Systemd => "Docker Engine as root under systemd",
            Self::Rootless => "rootless Docker under the user's systemd (systemctl --user)",
            Self::Windows => "Docker Engine as a Windows service",
            Self::Podman => "Podman's Docker-compatible API service",
        }
    }

    /// Where the daemon's certificate, key and CA live on the host.
    pub fn tls_dir(self) -> &'static str {
        match self {
            Self::Systemd => crate::bundle::SERVER_TLS_DIR,
            Self::Rootless => "~/.config/docker/tls",
            Self::Windows => r"C:\ProgramData\docker\certs.d",
            Self::Podman => "/etc/containers/docker-tls",
        }
    }

    /// The command that restarts the daemon after its certificate changed.
    pub fn restart_command(self) -> &'static str {
        match self {
            Self::Systemd => "sudo systemctl restart docker",
            Self::Rootless => "systemctl --user restart docker",
            Self::Windows => "Restart-Service docker",
            Self::Podman => "sudo systemctl restart podman-docker-tls",
        }
    }

    /// Whether the proxy (nginx in front of `/var/run/docker.sock`) fits this platform.
    pub fn has_root_docker_socket(self) -> bool {
        self == Self::Systemd
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Platform {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let wanted = text.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|platform| platform.name() == wanted)
            .ok_or_else(|| {
                let text = text.trim().to_owned();
                Error::refused(Field::Platform, InputRefusal::platform_unknown(text).into())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_unknown_ones_are_refused_with_the_choices() {
        for platform in Platform::ALL {
            assert_eq!(platform.name().parse::<Platform>(), Ok(platform));
        }
        assert_eq!(" Rootless ".parse::<Platform>(), Ok(Platform::Rootless));
        assert_eq!(
            "docker-desktop"
                .parse::<Platform>()
                .expect_err("refused")
                .to_string(),
            "platform: `docker-desktop` is not a platform Portcullis knows; use systemd (the default), rootless, windows or podman"
        );
    }
}
