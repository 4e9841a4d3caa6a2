//! How long certificates live, and the port the daemon listens on.

use core::fmt;
use core::str::FromStr;
use std::borrow::Cow;

use portcullis_words::{Refusals, fill};

use crate::error::{Error, Field};
use crate::refusal::{InputRefusal, Refusal};

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
            return Err(Error::refused(
                field,
                Refusal::from(InputRefusal::days_too_few(days)),
            ));
        }
        match u32::try_from(days) {
            Ok(days) if days <= MAX_DAYS => Ok(Self(days)),
            _ => Err(Error::refused(
                field,
                Refusal::from(InputRefusal::days_too_many(days, MAX_DAYS)),
            )),
        }
    }

    /// Parses the text the user typed for `field`.
    pub fn parse(field: Field, text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let days: i64 = text.parse().map_err(|_| {
            Error::refused(
                field,
                Refusal::from(InputRefusal::days_not_number(text.to_owned())),
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

/// Who set a lifetime, which decides what happens to a leaf certificate that would outlast its
/// CA, and names what to change in a refusal's advice.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SetBy {
    /// Nobody: the default, or what an old bundle had. A leaf that would outlast the CA ends
    /// with it instead, and a warning says so.
    Default,
    /// The user, with this command-line option (`--server-days`): outlasting the CA is refused.
    Option(Cow<'static, str>),
    /// The user, in this field of a plan file (`servers[1].days`).
    PlanFile(Cow<'static, str>),
    /// The user, in this field of the wizard.
    Form(FormLifetime),
}

/// A field of the wizard that sets a lifetime, named in a refusal's advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormLifetime {
    /// The server step's: "the server certificate's validity".
    Server,
    /// The clients step's: "the client certificates' validity".
    Clients,
    /// The CA step's: "the CA's validity".
    Ca,
    /// The CSR tool's: "the certificate's validity".
    Signed,
}

impl FormLifetime {
    /// Every one, in order.
    pub const ALL: [Self; 4] = [Self::Server, Self::Clients, Self::Ca, Self::Signed];
}

impl SetBy {
    /// How to bring the lifetime down to `days` or less, in the words of `r` and of where it
    /// was set.
    pub(crate) fn advice_in(&self, r: &Refusals, days: i64) -> String {
        let days = days.to_string();
        match self {
            Self::Default => fill(r.advice_default, &[("DAYS", &days)]),
            Self::Option(option) => fill(r.advice_option, &[("OPTION", option), ("DAYS", &days)]),
            Self::PlanFile(field) => fill(r.advice_plan_file, &[("FIELD", field), ("DAYS", &days)]),
            Self::Form(field) => fill(
                r.advice_form,
                &[("FIELD", field.name_in(r)), ("DAYS", &days)],
            ),
        }
    }

    /// How to raise a lifetime (the CA's), in the words of `r` and of where it is set.
    pub(crate) fn raise_in(&self, r: &Refusals) -> String {
        match self {
            Self::Default => r.raise_default.to_owned(),
            Self::Option(option) => fill(r.raise_option, &[("OPTION", option)]),
            Self::PlanFile(field) => fill(r.raise_plan_file, &[("FIELD", field)]),
            Self::Form(field) => fill(r.raise_form, &[("FIELD", field.name_in(r))]),
        }
    }

    /// On the wire: where, and its name.
    pub(crate) fn to_wire(&self) -> [String; 2] {
        match self {
            Self::Default => ["Default".to_owned(), String::new()],
            Self::Option(option) => ["Option".to_owned(), option.to_string()],
            Self::PlanFile(field) => ["PlanFile".to_owned(), field.to_string()],
            Self::Form(field) => ["Form".to_owned(), format!("{field:?}")],
        }
    }

    /// From the wire ([`SetBy::to_wire`]).
    pub(crate) fn from_wire(kind: &str, name: String) -> Option<Self> {
        Some(match kind {
            "Default" => Self::Default,
            "Option" => Self::Option(name.into()),
            "PlanFile" => Self::PlanFile(name.into()),
            "Form" => Self::Form(
                FormLifetime::ALL
                    .into_iter()
                    .find(|field| format!("{field:?}") == name)?,
            ),
            _ => return None,
        })
    }
}

impl FormLifetime {
    /// Its name in the words of `r`.
    pub fn name_in(self, r: &Refusals) -> &'static str {
        match self {
            Self::Server => r.lifetime_server,
            Self::Clients => r.lifetime_clients,
            Self::Ca => r.lifetime_ca,
            Self::Signed => r.lifetime_signed,
        }
    }
}

/// A leaf certificate's lifetime and who set it ([`SetBy`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lifetime {
    /// How long.
    pub days: ValidityDays,
    /// Who said so.
    pub set_by: SetBy,
}

impl Lifetime {
    /// A default lifetime (or one carried over from an old bundle): it ends with the CA when the
    /// CA ends sooner.
    pub fn default_days(days: ValidityDays) -> Self {
        Self {
            days,
            set_by: SetBy::Default,
        }
    }

    /// Whether the user set it, so that outlasting the CA is refused rather than cut short.
    pub fn is_chosen(&self) -> bool {
        self.set_by != SetBy::Default
    }
}

/// The TCP port dockerd listens on for TLS connections (1 to 65535).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Port(u16);

impl Port {
    /// Checks a port number.
    pub fn new(port: u32) -> Result<Self, Error> {
        match u16::try_from(port) {
            Ok(0) => Err(Error::refused(
                Field::Port,
                Refusal::from(InputRefusal::port_zero(DEFAULT_PORT)),
            )),
            Ok(port) => Ok(Self(port)),
            Err(_) => Err(Error::refused(
                Field::Port,
                Refusal::from(InputRefusal::port_too_high(port, DEFAULT_PORT)),
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
            Error::refused(
                Field::Port,
                Refusal::from(InputRefusal::port_not_number(text.to_owned(), DEFAULT_PORT)),
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
