//! Names the user types: the server's DNS names and IP addresses, client names and the CA's name.
//!
//! Each is parsed once, at the boundary, into a type that can only hold a value Docker and Go's
//! crypto/tls accept. The refusals cover the mistakes that break Docker TLS in practice: a
//! trailing dot (dockerd refuses to start, moby#51367), an IP address written as a DNS name (Go
//! only matches IPs against IP SANs), and the wildcard listen address `0.0.0.0`.

use core::fmt;
use core::net::IpAddr;
use core::str::FromStr;

use crate::error::{Error, Field};
use crate::refusal::{InputRefusal, Refusal};

/// The longest DNS name (RFC 1035: 255 octets on the wire, 253 as text).
const MAX_DNS_NAME_LEN: usize = 253;
/// The longest DNS label (RFC 1035).
const MAX_LABEL_LEN: usize = 63;
/// X.520's upper bound for a common name.
pub(crate) const MAX_COMMON_NAME_LEN: usize = 64;
/// Client names become folder names and common names, so both limits apply.
const MAX_CLIENT_NAME_LEN: usize = 64;

/// A DNS name the Docker host is reached by, as it goes into a `dNSName` SAN.
///
/// Lower-case ASCII, labels of letters, digits and inner hyphens, no trailing dot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DnsName(String);

impl DnsName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name has a single label (`localhost`, a short host name).
    pub fn is_single_label(&self) -> bool {
        !self.0.contains('.')
    }
}

impl FromStr for DnsName {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        let refuse = |why: Refusal| Error::refused(Field::ServerDns, why);
        let name = input.trim();
        if name.is_empty() {
            return Err(refuse(Refusal::from(InputRefusal::dns_empty())));
        }
        let named = || name.to_owned();
        if name.parse::<IpAddr>().is_ok()
            || name
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .is_some_and(|inner| inner.parse::<IpAddr>().is_ok())
        {
            return Err(refuse(Refusal::from(InputRefusal::dns_is_ip(named()))));
        }
        if let Some(stripped) = name.strip_suffix('.') {
            return Err(refuse(Refusal::from(InputRefusal::dns_trailing_dot(
                named(),
                stripped.to_owned(),
            ))));
        }
        if !name.is_ascii() {
            return Err(refuse(Refusal::from(InputRefusal::dns_not_ascii(named()))));
        }
        if name.len() > MAX_DNS_NAME_LEN {
            return Err(refuse(Refusal::from(InputRefusal::dns_too_long(
                named(),
                name.len(),
                MAX_DNS_NAME_LEN,
            ))));
        }
        if name.starts_with("*.") || name == "*" {
            return Err(refuse(Refusal::from(InputRefusal::dns_wildcard(named()))));
        }
        for label in name.split('.') {
            check_label(name, label).map_err(refuse)?;
        }
        let last = name.rsplit('.').next().unwrap_or(name);
        if name.contains('.') && last.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse(Refusal::from(InputRefusal::dns_all_digits(named()))));
        }
        Ok(Self(name.to_ascii_lowercase()))
    }
}

/// Checks one label of `name`: why it is refused, without the field.
fn check_label(name: &str, label: &str) -> Result<(), Refusal> {
    let name = name.to_owned();
    if label.is_empty() {
        return Err(Refusal::from(InputRefusal::dns_empty_label(name)));
    }
    if label.len() > MAX_LABEL_LEN {
        return Err(Refusal::from(InputRefusal::dns_label_too_long(
            name,
            label.to_owned(),
            label.len(),
            MAX_LABEL_LEN,
        )));
    }
    if let Some(bad) = label
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(Refusal::from(InputRefusal::dns_bad_character(name, bad)));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(Refusal::from(InputRefusal::dns_label_hyphen(
            name,
            label.to_owned(),
        )));
    }
    Ok(())
}

impl fmt::Display for DnsName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An IP address the Docker host is reached by, as it goes into an `iPAddress` SAN.
///
/// Never unspecified (`0.0.0.0`, `::`), multicast or the broadcast address: clients connect to a
/// real address of the host, and only an IP SAN with exactly that address matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpSan(IpAddr);

impl IpSan {
    /// The address.
    pub fn addr(self) -> IpAddr {
        self.0
    }

    /// The address as it goes into a URL host: IPv6 in brackets.
    pub fn url_host(self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        }
    }
}

impl FromStr for IpSan {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        let refuse = |why: Refusal| Error::refused(Field::ServerIp, why);
        let text = input.trim();
        if text.is_empty() {
            return Err(refuse(Refusal::from(InputRefusal::ip_empty())));
        }
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return Err(refuse(Refusal::from(InputRefusal::ip_brackets(
                text.to_owned(),
                inner.to_owned(),
            ))));
        }
        let addr: IpAddr = text.parse().map_err(|_| {
            let text = text.to_owned();
            refuse(if text.contains('/') {
                Refusal::from(InputRefusal::ip_network(text))
            } else if text.bytes().any(|b| b.is_ascii_alphabetic()) && !text.contains(':') {
                Refusal::from(InputRefusal::ip_is_name(text))
            } else {
                Refusal::from(InputRefusal::ip_malformed(text))
            })
        })?;
        if addr.is_unspecified() {
            return Err(refuse(Refusal::from(InputRefusal::ip_unspecified(
                text.to_owned(),
            ))));
        }
        if addr.is_multicast() || addr == IpAddr::from([255, 255, 255, 255]) {
            return Err(refuse(Refusal::from(InputRefusal::ip_multicast(
                text.to_owned(),
            ))));
        }
        Ok(Self(addr))
    }
}

impl fmt::Display for IpSan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The name of a client certificate: a person or a machine allowed to use the daemon.
///
/// It becomes the client's common name and its folder in the bundle (`clients/NAME/`), so it is
/// restricted to characters that are safe in a file name on every system.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientName(String);

impl ClientName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ClientName {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        let refuse = |why: Refusal| Error::refused(Field::Client, why);
        let name = input.trim();
        if name.is_empty() {
            return Err(refuse(Refusal::from(InputRefusal::client_empty())));
        }
        if name.len() > MAX_CLIENT_NAME_LEN {
            return Err(refuse(Refusal::from(InputRefusal::client_too_long(
                name.to_owned(),
                name.len(),
                MAX_CLIENT_NAME_LEN,
            ))));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            let shown = if bad.is_control() {
                format!("{:?}", bad)
            } else {
                format!("`{bad}`")
            };
            return Err(refuse(Refusal::from(InputRefusal::client_bad_character(
                name.escape_debug().to_string(),
                shown,
            ))));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(refuse(Refusal::from(InputRefusal::client_start(
                name.to_owned(),
            ))));
        }
        Ok(Self(name.to_owned()))
    }
}

impl fmt::Display for ClientName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The CA's common name, shown as issuer on every certificate it signs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommonName(String);

impl CommonName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CommonName {
    type Err = Error;

    fn from_str(input: &str) -> Result<Self, Error> {
        let refuse = |why: Refusal| Error::refused(Field::CaCommonName, why);
        let name = input.trim();
        if name.is_empty() {
            return Err(refuse(Refusal::from(InputRefusal::ca_name_empty())));
        }
        if name.chars().count() > MAX_COMMON_NAME_LEN {
            return Err(refuse(Refusal::from(InputRefusal::ca_name_too_long(
                name.to_owned(),
                name.chars().count(),
                MAX_COMMON_NAME_LEN,
            ))));
        }
        if name.chars().any(char::is_control) {
            return Err(refuse(Refusal::from(InputRefusal::ca_name_control(
                name.escape_debug().to_string(),
            ))));
        }
        Ok(Self(name.to_owned()))
    }
}

impl fmt::Display for CommonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns_error(input: &str) -> String {
        match input.parse::<DnsName>() {
            Ok(name) => panic!("`{input}` was accepted as {name}"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn dns_names_that_docker_accepts() {
        for ok in [
            "docker.example.com",
            "localhost",
            "Node-1.Lan",
            "a",
            "xn--bcher-kva.example",
        ] {
            let name: DnsName = ok.parse().expect(ok);
            assert_eq!(name.as_str(), ok.to_ascii_lowercase());
        }
        let longest_label = "a".repeat(63);
        assert!(
            format!("{longest_label}.example")
                .parse::<DnsName>()
                .is_ok()
        );
    }

    #[test]
    fn dns_name_refusals_name_the_field_and_the_fix() {
        let cases = [
            ("", "empty"),
            ("docker.example.com.", "write `docker.example.com`"),
            ("foo..bar", "empty label"),
            (".foo", "empty label"),
            ("10.0.0.1", "--server-ip"),
            ("::1", "--server-ip"),
            ("[::1]", "--server-ip"),
            ("10.0.0", "last label is all digits"),
            ("foo_bar.example", "contains `_`"),
            ("foo bar", "contains ` `"),
            ("-foo.example", "hyphen"),
            ("*.example.com", "wildcard"),
            ("bücher.example", "punycode"),
        ];
        for (input, expected) in cases {
            let message = dns_error(input);
            assert!(
                message.starts_with("server DNS name: "),
                "{input}: {message}"
            );
            assert!(message.contains(expected), "{input}: {message}");
        }
        assert!(dns_error(&format!("{}.example", "a".repeat(64))).contains("at most 63"));
        let too_long = vec!["abcdefghi"; 26].join(".");
        assert!(dns_error(&too_long).contains("at most 253"));
    }

    #[test]
    fn ip_addresses() {
        assert_eq!(
            "192.0.2.10".parse::<IpSan>().expect("v4").to_string(),
            "192.0.2.10"
        );
        let v6: IpSan = "2001:db8::10".parse().expect("v6");
        assert_eq!(v6.url_host(), "[2001:db8::10]");
        for (input, expected) in [
            ("0.0.0.0", "wildcard listen address"),
            ("::", "wildcard listen address"),
            ("224.0.0.1", "multicast"),
            ("255.255.255.255", "broadcast"),
            ("docker.example.com", "--server-dns"),
            ("10.0.0.0/8", "network"),
            ("10.0.0.256", "not an IP address"),
            ("[::1]", "without brackets"),
            ("", "empty"),
        ] {
            let message = input.parse::<IpSan>().expect_err(input).to_string();
            assert!(message.starts_with("server IP address: "), "{message}");
            assert!(message.contains(expected), "{input}: {message}");
        }
    }

    #[test]
    fn client_names_are_safe_folder_names() {
        for ok in ["alice", "ci-runner.2", "Bob_Smith"] {
            assert_eq!(ok.parse::<ClientName>().expect(ok).as_str(), ok);
        }
        for (input, expected) in [
            ("", "empty"),
            ("../etc", "contains `/`"),
            ("..", "must start with a letter or digit"),
            (".hidden", "must start with a letter or digit"),
            ("a/b", "contains `/`"),
            ("a\\b", "contains `\\`"),
            ("alice smith", "contains ` `"),
            ("tab\there", "'\\t'"),
        ] {
            let message = input.parse::<ClientName>().expect_err(input).to_string();
            assert!(message.starts_with("client name: "), "{message}");
            assert!(message.contains(expected), "{input}: {message}");
        }
        assert!(
            "x".repeat(65)
                .parse::<ClientName>()
                .expect_err("long")
                .to_string()
                .contains("at most 64")
        );
    }

    #[test]
    fn common_names() {
        assert!("Example Docker CA".parse::<CommonName>().is_ok());
        assert!("".parse::<CommonName>().is_err());
        assert!("x".repeat(65).parse::<CommonName>().is_err());
        assert!("bad\nname".parse::<CommonName>().is_err());
    }
}
