//! The Server step's inputs: the first server's names, port, platform, lifetime and own CSR, the
//! other servers, and the address to check.

use portcullis_pki::{
    DnsName, Error, Field, InputRefusal, IpSan, Platform, Port, Refusal, ServerSpec,
};
use serde::{Deserialize, Serialize};

use super::{Input, Seen, items};

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerInputs {
    pub(super) server_dns: String,
    pub(super) server_ip: String,
    pub(super) port: String,
    pub(super) platform: String,
    pub(super) server_days: String,
    pub(super) docker_host: String,
    pub(super) other_servers: String,
    pub(super) server_own_key: bool,
    pub(super) server_csr: String,
}

impl Default for ServerInputs {
    fn default() -> Self {
        Self {
            server_dns: String::new(),
            server_ip: String::new(),
            port: portcullis_pki::DEFAULT_PORT.to_string(),
            platform: Platform::default().name().to_owned(),
            server_days: portcullis_pki::DEFAULT_LEAF_DAYS.to_string(),
            docker_host: String::new(),
            other_servers: String::new(),
            server_own_key: false,
            server_csr: String::new(),
        }
    }
}

impl ServerInputs {
    /// The servers after the first: one per line of "Other servers", each token a DNS name, an
    /// IP address, `:PORT` or `@PLATFORM`. A refusal says which line.
    pub(super) fn other_specs(&self) -> Result<Vec<ServerSpec>, Error> {
        let mut specs = Vec::new();
        for (index, line) in self.other_servers.lines().enumerate() {
            let mut spec = ServerSpec::default();
            for token in items(line) {
                // The core's message, with the line it is on.
                let at_line = |err: Error| match err {
                    Error::InvalidInput { field, refusal } => Error::InvalidInput {
                        field,
                        refusal: Refusal::OtherServersLine {
                            line: index + 1,
                            refusal: Box::new(refusal),
                        },
                    },
                    other => other,
                };
                if let Some(port) = token.strip_prefix(':') {
                    spec.port = Some(port.parse::<Port>().map_err(at_line)?);
                } else if let Some(platform) = token.strip_prefix('@') {
                    spec.platform = Some(platform.parse::<Platform>().map_err(at_line)?);
                } else if token.parse::<std::net::IpAddr>().is_ok() || token.contains(':') {
                    spec.ip_addresses
                        .push(token.parse::<IpSan>().map_err(at_line)?);
                } else {
                    spec.dns_names
                        .push(token.parse::<DnsName>().map_err(at_line)?);
                }
            }
            if spec.dns_names.is_empty() && spec.ip_addresses.is_empty() {
                if spec.port.is_some() || spec.platform.is_some() {
                    let line = index + 1;
                    return Err(Error::refused(
                        Field::ServerNames,
                        if spec.port.is_some() {
                            InputRefusal::other_servers_port_no_name(line)
                        } else {
                            InputRefusal::other_servers_platform_no_name(line)
                        }
                        .into(),
                    ));
                }
                continue;
            }
            specs.push(spec);
        }
        Ok(specs)
    }
}

impl super::StepInputs for ServerInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::ServerDns => Some(&self.server_dns),
            Input::ServerIp => Some(&self.server_ip),
            Input::Port => Some(&self.port),
            Input::Platform => Some(&self.platform),
            Input::ServerDays => Some(&self.server_days),
            Input::DockerHost => Some(&self.docker_host),
            Input::OtherServers => Some(&self.other_servers),
            Input::ServerCsr => Some(&self.server_csr),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::ServerDns => Some(&mut self.server_dns),
            Input::ServerIp => Some(&mut self.server_ip),
            Input::Port => Some(&mut self.port),
            Input::Platform => Some(&mut self.platform),
            Input::ServerDays => Some(&mut self.server_days),
            Input::DockerHost => Some(&mut self.docker_host),
            Input::OtherServers => Some(&mut self.other_servers),
            Input::ServerCsr => Some(&mut self.server_csr),
            _ => None,
        }
    }

    fn flag(&self, input: Input) -> Option<bool> {
        match input {
            Input::ServerOwnKey => Some(self.server_own_key),
            _ => None,
        }
    }

    fn flag_mut(&mut self, input: Input) -> Option<&mut bool> {
        match input {
            Input::ServerOwnKey => Some(&mut self.server_own_key),
            _ => None,
        }
    }
}

impl super::StepCheck for ServerInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let refused = match input {
            Input::Platform => self.platform.parse::<Platform>().err(),
            Input::ServerDns => items(&self.server_dns).find_map(|i| i.parse::<DnsName>().err()),
            Input::ServerIp => items(&self.server_ip).find_map(|i| i.parse::<IpSan>().err()),
            Input::Port => self.port.parse::<Port>().err(),
            Input::ServerDays => {
                portcullis_pki::ValidityDays::parse(Field::ServerDays, &self.server_days).err()
            }
            Input::OtherServers => self.other_specs().err(),
            Input::ServerCsr => seen.server_request().and_then(Result::err),
            // The address to check only warns (Form::step_warnings).
            _ => None,
        };
        refused.map(|err| seen.say(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_others(text: &str) -> ServerInputs {
        ServerInputs {
            other_servers: text.to_owned(),
            ..ServerInputs::default()
        }
    }

    #[test]
    fn other_servers_read_names_addresses_ports_and_platforms_and_skip_blank_lines() {
        let specs = with_others("w1.example.com 10.0.0.21 :12376 @podman\n\n  10.0.0.22\n")
            .other_specs()
            .expect("specs");
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[0].dns_names[0].to_string(), "w1.example.com");
        assert_eq!(specs[0].ip_addresses[0].to_string(), "10.0.0.21");
        assert_eq!(specs[0].port.map(Port::get), Some(12376));
        assert_eq!(specs[0].platform, Some(Platform::Podman));
        assert_eq!(specs[1].platform, None);
        assert_eq!(
            with_others("@rootless")
                .other_specs()
                .expect_err("no name")
                .to_string(),
            "server names: line 1 of the other servers has a platform but no name; write the server's name or address before it"
        );
    }
}
