//! How long certificates live, and the port the daemon listens on.

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Field};

/// The default lifetime of the CA: ten years, so it outlives many rounds of leaf renewal.
pub const DEFAULT_CA_DAYS: u32 = 3650;
/// The default lifetime of server and client certificates: one year.
pub const DEFAULT_LEAF_DAYS: u32 = 365;
/// An upper bound that catches typing errors (an extra digit) rather than limiting real use.
pub const MAX_DAYS: u32 = 100 * 366;
/// Docker's port for the TLS-protected API.
pub const DEFAULT_PORT: u16 = 2376;

/// A validity period in whole days, at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValidityDays(u32);

impl ValidityDays {
    /// Checks `days` for the given field (`--ca-days`, `--server-days` or `--client-days`).
    pub fn new(field: Field, days: i64) -> Result<Self, Error> {
        if days <= 0 {
            return Err(Error::input(
                field,
                format!("{days} days; a certificate must be valid for at least 1 day"),
            ));
        }
        match u32::try_from(days) {
            Ok(days) if days <= MAX_DAYS => Ok(Self(days)),
            _ => Err(Error::input(
                field,
                format!("{days} days is over {MAX_DAYS} (100 years); check for a typing error"),
            )),
        }
    }

    /// Parses the text the user typed for `field`.
    pub fn parse(field: Field, text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let days: i64 = text.parse().map_err(|_| {
            Error::input(
                field,
                format!("`{text}` is not a whole number of days; write e.g. `365`"),
            )
        })?;
        Self::new(field, days)
    }

    /// The number of days.
    pub fn days(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ValidityDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} days", self.0)
    }
}

/// The TCP port dockerd listens on for TLS connections (1 to 65535).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Port(u16);

impl Port {
    /// Checks a port number.
    pub fn new(port: u32) -> Result<Self, Error> {
        match u16::try_from(port) {
            Ok(0) => Err(Error::input(
                Field::Port,
                format!("0 is not a usable port; Docker's TLS port is {DEFAULT_PORT}"),
            )),
            Ok(port) => Ok(Self(port)),
            Err(_) => Err(Error::input(
                Field::Port,
                format!("{port} is above 65535; Docker's TLS port is {DEFAULT_PORT}"),
            )),
        }
    }

    /// The port number.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for Port {
    fn default() -> Self {
        Self(DEFAULT_PORT)
    }
}

impl FromStr for Port {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let port: u32 = text.parse().map_err(|_| {
            Error::input(
                Field::Port,
                format!("`{text}` is not a port number; Docker's TLS port is {DEFAULT_PORT}"),
            )
        })?;
        Self::new(port)
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_bounds() {
        assert_eq!(
            ValidityDays::new(Field::CaDays, 1).expect("1 day").days(),
            1
        );
        for bad in [0, -5] {
            let message = ValidityDays::new(Field::ServerDays, bad)
                .expect_err("bad")
                .to_string();
            assert!(message.starts_with("server validity: "), "{message}");
            assert!(message.contains("at least 1 day"), "{message}");
        }
        assert!(ValidityDays::new(Field::CaDays, i64::from(MAX_DAYS) + 1).is_err());
        assert!(ValidityDays::parse(Field::ClientDays, "1y").is_err());
    }

    #[test]
    fn ports() {
        assert_eq!("2376".parse::<Port>().expect("port").get(), 2376);
        assert_eq!(Port::default().get(), DEFAULT_PORT);
        for (text, expected) in [
            ("0", "not a usable port"),
            ("65536", "above 65535"),
            ("x", "not a port"),
        ] {
            let message = text.parse::<Port>().expect_err(text).to_string();
            assert!(message.starts_with("port: "), "{message}");
            assert!(message.contains(expected), "{message}");
        }
    }
}
