//! The CSR tool's inputs: the request, what to sign it as, the names and the lifetime.

use portcullis_pki::{ClientName, DnsName, Error, IpSan, Lifetime, SignAs, ValidityDays};
use serde::{Deserialize, Serialize};

use super::{Input, Seen, items, signable_csr};

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignCsrInputs {
    pub(super) csr: String,
    pub(super) csr_profile: String,
    pub(super) csr_use_names: bool,
    pub(super) csr_dns: String,
    pub(super) csr_ip: String,
    pub(super) csr_client_name: String,
    pub(super) csr_days: String,
}

impl Default for SignCsrInputs {
    fn default() -> Self {
        Self {
            csr: String::new(),
            csr_profile: "server".to_owned(),
            csr_use_names: false,
            csr_dns: String::new(),
            csr_ip: String::new(),
            csr_client_name: String::new(),
            csr_days: portcullis_pki::DEFAULT_LEAF_DAYS.to_string(),
        }
    }
}

impl SignCsrInputs {
    /// What to sign the CSR as, with the names typed.
    pub(super) fn sign_as(&self) -> Result<SignAs, Error> {
        Ok(if self.csr_profile == "client" {
            SignAs::Client {
                name: match self.csr_client_name.trim() {
                    "" => None,
                    name => Some(name.parse()?),
                },
            }
        } else {
            SignAs::Server {
                dns_names: items(&self.csr_dns)
                    .map(str::parse)
                    .collect::<Result<_, _>>()?,
                ip_addresses: items(&self.csr_ip)
                    .map(str::parse)
                    .collect::<Result<_, _>>()?,
                use_csr_names: self.csr_use_names,
            }
        })
    }

    /// The CSR tool's lifetime, as typed, in the words of the certificate it signs.
    pub(super) fn lifetime(&self, sign_as: &SignAs) -> Result<Lifetime, Error> {
        super::lifetime(
            sign_as.days_field(),
            &self.csr_days,
            portcullis_pki::FormLifetime::Signed,
        )
    }
}

impl super::StepInputs for SignCsrInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::Csr => Some(&self.csr),
            Input::CsrProfile => Some(&self.csr_profile),
            Input::CsrDns => Some(&self.csr_dns),
            Input::CsrIp => Some(&self.csr_ip),
            Input::CsrClientName => Some(&self.csr_client_name),
            Input::CsrDays => Some(&self.csr_days),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::Csr => Some(&mut self.csr),
            Input::CsrProfile => Some(&mut self.csr_profile),
            Input::CsrDns => Some(&mut self.csr_dns),
            Input::CsrIp => Some(&mut self.csr_ip),
            Input::CsrClientName => Some(&mut self.csr_client_name),
            Input::CsrDays => Some(&mut self.csr_days),
            _ => None,
        }
    }

    fn flag(&self, input: Input) -> Option<bool> {
        match input {
            Input::CsrUseNames => Some(self.csr_use_names),
            _ => None,
        }
    }

    fn flag_mut(&mut self, input: Input) -> Option<&mut bool> {
        match input {
            Input::CsrUseNames => Some(&mut self.csr_use_names),
            _ => None,
        }
    }
}

impl super::StepCheck for SignCsrInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let refused = match input {
            Input::Csr => signable_csr(&self.csr, seen.csr_answer()).and_then(Result::err),
            Input::CsrDns => items(&self.csr_dns).find_map(|i| i.parse::<DnsName>().err()),
            Input::CsrIp => items(&self.csr_ip).find_map(|i| i.parse::<IpSan>().err()),
            Input::CsrClientName if self.csr_client_name.trim().is_empty() => return None,
            Input::CsrClientName => self.csr_client_name.trim().parse::<ClientName>().err(),
            Input::CsrDays => self
                .sign_as()
                .and_then(|sign_as| ValidityDays::parse(sign_as.days_field(), &self.csr_days))
                .err(),
            _ => None,
        };
        refused.map(|err| seen.say(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_signed_with_the_names_typed_and_a_client_with_its_name() {
        let server = SignCsrInputs {
            csr_dns: "a.example.com, b.example.com".to_owned(),
            csr_ip: "10.0.0.5".to_owned(),
            ..SignCsrInputs::default()
        };
        match server.sign_as().expect("server") {
            SignAs::Server {
                dns_names,
                ip_addresses,
                use_csr_names,
            } => {
                assert_eq!(dns_names.len(), 2);
                assert_eq!(ip_addresses.len(), 1);
                assert!(!use_csr_names);
            }
            other => panic!("signed as {other:?}"),
        }
        let client = SignCsrInputs {
            csr_profile: "client".to_owned(),
            csr_client_name: "bad name!".to_owned(),
            ..SignCsrInputs::default()
        };
        assert!(
            client
                .sign_as()
                .expect_err("refused")
                .to_string()
                .starts_with("client name: ")
        );
        // The default lifetime is a default: it ends with the CA if the CA ends sooner.
        let lifetime = SignCsrInputs::default()
            .lifetime(&server.sign_as().expect("server"))
            .expect("lifetime");
        assert!(!lifetime.is_chosen());
    }
}
