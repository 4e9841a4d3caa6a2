//! Why an input is refused, as data: the reason and the values it names.
//!
//! Each reason is said from the templates of `portcullis-words` ([`Refusal::said_in`]): the
//! CLI in English ([`fmt::Display`], the words its tests pin), the wizard in the user's
//! language, with the same values. Most kinds are declared in lists ([`FileRefusal`],
//! [`InputRefusal`]); those that wrap another refusal, name one of several servers or keep who
//! set a lifetime are written here. An error that is no refusal, inside a plan file's item,
//! keeps its English words ([`Refusal::Words`]).

use core::fmt;

pub(crate) mod listed;

pub use listed::{FileKind, FileRefusal, InputKind, InputRefusal};
use portcullis_words::{Lang, Refusals, fill};
use serde::{Deserialize, Serialize};

use crate::error::Field;
use crate::validity::SetBy;

/// Why an input is refused. Values that came from the user are kept as they are, to be shown
/// in backticks; none is ever a passphrase.
///
/// Not `non_exhaustive`: a front end that says reasons in its own words matches every one, so
/// that a new reason does not compile until it has those words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Server too many names.
    ServerTooManyNames {
        /// Which server (from 1) when a plan has several.
        server: Option<usize>,
        /// The names.
        names: usize,
        /// The max.
        max: usize,
    },
    /// Server no names.
    ServerNoNames {
        /// Which server (from 1) when a plan has several.
        server: Option<usize>,
    },
    /// Dns twice.
    DnsTwice {
        /// The name.
        name: String,
        /// Which server (from 1) when a plan has several.
        server: Option<usize>,
    },
    /// Ip twice.
    IpTwice {
        /// The ip.
        ip: String,
        /// Which server (from 1) when a plan has several.
        server: Option<usize>,
    },
    /// Why a file or pasted text (a key, a certificate, a CSR, a CRL, an old bundle) is
    /// refused.
    File(FileRefusal),
    /// Why a typed value (a choice, a line) is refused.
    Input(InputRefusal),
    /// A refusal of a token on a line of the wizard's "Other servers".
    OtherServersLine {
        /// The line, from 1.
        line: usize,
        /// Why its token is refused.
        refusal: Box<Refusal>,
    },
    /// A refusal of an item of a plan file, at `path` in it (`servers[1].dns[0]`).
    PlanFileAt {
        /// Where the item is in the file.
        path: String,
        /// Which input the item is.
        field: Field,
        /// Why it is refused.
        refusal: Box<Refusal>,
    },
    /// A lifetime the user set that would outlast the new CA.
    OutlastsNewCa {
        /// The lifetime, in days.
        days: u32,
        /// The CA's, in days.
        ca_days: u32,
        /// Who set the lifetime: the advice names where to lower it.
        set_by: SetBy,
        /// Who set the CA's: the advice names where to raise it.
        ca_set_by: SetBy,
    },
    /// A lifetime the user set that would outlast the existing CA.
    OutlastsCa {
        /// The lifetime, in days.
        days: u32,
        /// When the CA expires.
        date: String,
        /// Who set the lifetime: the advice names where to lower it.
        set_by: SetBy,
        /// The most days it may have; under 1 when the CA ends within a day.
        most: i64,
    },
    /// A reason not yet given as data: its English words.
    Words(String),
}

impl From<FileRefusal> for Refusal {
    fn from(refusal: FileRefusal) -> Self {
        Self::File(refusal)
    }
}

impl From<InputRefusal> for Refusal {
    fn from(refusal: InputRefusal) -> Self {
        Self::Input(refusal)
    }
}

impl Refusal {
    /// Whether this refusal is English words not yet given as data (or wraps such words), to
    /// be said whole in English rather than half translated.
    pub fn is_words(&self) -> bool {
        match self {
            Self::Words(_) => true,
            Self::OtherServersLine { refusal, .. } | Self::PlanFileAt { refusal, .. } => {
                refusal.is_words()
            }
            _ => false,
        }
    }

    /// This refusal in the language of `r`: its template there, filled with its values. A
    /// refusal not yet given as data is its English words.
    pub fn said_in(&self, r: &Refusals) -> String {
        let n = |number: &dyn ToString| number.to_string();
        match self {
            Self::ServerTooManyNames { server, names, max } => of_server(
                (r.server_too_many_names, r.server_too_many_names_of),
                *server,
                &[("NAMES", &n(names)), ("MAX", &n(max))],
            ),
            Self::ServerNoNames { server } => {
                of_server((r.server_no_names, r.server_no_names_of), *server, &[])
            }
            Self::DnsTwice { name, server } => {
                of_server((r.dns_twice, r.dns_twice_of), *server, &[("NAME", name)])
            }
            Self::IpTwice { ip, server } => {
                of_server((r.ip_twice, r.ip_twice_of), *server, &[("IP", ip)])
            }
            Self::File(file) => file.said_in(r),
            Self::OutlastsNewCa {
                days,
                ca_days,
                set_by,
                ca_set_by,
            } => fill(
                r.outlasts_new_ca,
                &[
                    ("DAYS", &n(days)),
                    ("CA_DAYS", &n(ca_days)),
                    ("ADVICE", &set_by.advice_in(r, i64::from(*ca_days))),
                    ("RAISE", &ca_set_by.raise_in(r)),
                ],
            ),
            Self::OutlastsCa {
                days,
                date,
                set_by,
                most,
            } => {
                let advice = if *most >= 1 {
                    set_by.advice_in(r, *most)
                } else {
                    r.ca_ends_within_a_day.to_owned()
                };
                fill(
                    r.outlasts_ca,
                    &[("DAYS", &n(days)), ("DATE", date), ("ADVICE", &advice)],
                )
            }
            Self::Input(input) => input.said_in(r),
            Self::PlanFileAt {
                path,
                field,
                refusal,
            } => fill(
                r.plan_file_at,
                &[
                    ("PATH", path),
                    ("FIELD", field.name_in(r)),
                    ("WHY", &refusal.said_in(r)),
                ],
            ),
            Self::OtherServersLine { line, refusal } => fill(
                r.other_servers_line,
                &[("WHY", &refusal.said_in(r)), ("LINE", &n(line))],
            ),
            Self::Words(words) => words.clone(),
        }
    }
}

/// The CLI's English: the English words' templates.
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_in(Lang::english_refusals()))
    }
}

/// `one` filled with `values`, or, when the refusal is about server `server` of several,
/// `of` with its number as `{N}` too.
fn of_server((one, of): (&str, &str), server: Option<usize>, values: &[(&str, &str)]) -> String {
    match server {
        None => fill(one, values),
        Some(number) => {
            let number = number.to_string();
            let mut values = values.to_vec();
            values.push(("N", &number));
            fill(of, &values)
        }
    }
}

/// On the wire (the page and its workers exchange errors as JSON) a refusal is its kind and its
/// values as text: `["PortTooHigh", ["70000", "2376"]]`. Far smaller in the page's module than
/// serde's derived form, whose code for 35 kinds of named fields weighed 47 KB.
impl Refusal {
    fn to_wire(&self) -> (&'static str, Vec<String>) {
        match self {
            Self::ServerTooManyNames { server, names, max } => (
                "ServerTooManyNames",
                vec![
                    server.map_or_else(String::new, |n| n.to_string()),
                    names.to_string(),
                    max.to_string(),
                ],
            ),
            Self::ServerNoNames { server } => (
                "ServerNoNames",
                vec![server.map_or_else(String::new, |n| n.to_string())],
            ),
            Self::DnsTwice { name, server } => (
                "DnsTwice",
                vec![
                    name.clone(),
                    server.map_or_else(String::new, |n| n.to_string()),
                ],
            ),
            Self::IpTwice { ip, server } => (
                "IpTwice",
                vec![
                    ip.clone(),
                    server.map_or_else(String::new, |n| n.to_string()),
                ],
            ),
            Self::File(file) => file.to_wire(),
            Self::OutlastsNewCa {
                days,
                ca_days,
                set_by,
                ca_set_by,
            } => {
                let mut all = vec![days.to_string(), ca_days.to_string()];
                all.extend(set_by.to_wire());
                all.extend(ca_set_by.to_wire());
                ("OutlastsNewCa", all)
            }
            Self::OutlastsCa {
                days,
                date,
                set_by,
                most,
            } => {
                let mut all = vec![days.to_string(), date.clone(), most.to_string()];
                all.extend(set_by.to_wire());
                ("OutlastsCa", all)
            }
            Self::Input(input) => input.to_wire(),
            Self::OtherServersLine { line, refusal } => {
                let (kind, values) = refusal.to_wire();
                let mut all = vec![line.to_string(), kind.to_owned()];
                all.extend(values);
                ("OtherServersLine", all)
            }
            Self::PlanFileAt {
                path,
                field,
                refusal,
            } => {
                let (kind, values) = refusal.to_wire();
                let mut all = vec![path.clone(), format!("{field:?}"), kind.to_owned()];
                all.extend(values);
                ("PlanFileAt", all)
            }
            Self::Words(words) => ("Words", vec![words.clone()]),
        }
    }

    fn from_wire(kind: &str, values: Vec<String>) -> Option<Self> {
        let mut values = Values(values.into_iter());
        let refusal = match kind {
            "ServerTooManyNames" => Self::ServerTooManyNames {
                server: values.optional()?,
                names: values.value()?,
                max: values.value()?,
            },
            "ServerNoNames" => Self::ServerNoNames {
                server: values.optional()?,
            },
            "DnsTwice" => Self::DnsTwice {
                name: values.text()?,
                server: values.optional()?,
            },
            "IpTwice" => Self::IpTwice {
                ip: values.text()?,
                server: values.optional()?,
            },
            "Words" => Self::Words(values.text()?),
            "OutlastsNewCa" => Self::OutlastsNewCa {
                days: values.value()?,
                ca_days: values.value()?,
                set_by: values.set_by()?,
                ca_set_by: values.set_by()?,
            },
            "OutlastsCa" => Self::OutlastsCa {
                days: values.value()?,
                date: values.text()?,
                most: values.value()?,
                set_by: values.set_by()?,
            },
            "PlanFileAt" => {
                let path = values.text()?;
                let field = values.text()?;
                let field = Field::ALL.into_iter().find(|f| format!("{f:?}") == field)?;
                let kind = values.text()?;
                let inner: Vec<String> = values.0.by_ref().collect();
                Self::PlanFileAt {
                    path,
                    field,
                    refusal: Box::new(Self::from_wire(&kind, inner)?),
                }
            }
            "OtherServersLine" => {
                let line = values.value()?;
                let kind = values.text()?;
                let inner: Vec<String> = values.0.by_ref().collect();
                Self::OtherServersLine {
                    line,
                    refusal: Box::new(Self::from_wire(&kind, inner)?),
                }
            }
            other if FileRefusal::KINDS.iter().any(|(kind, _)| *kind == other) => {
                Self::File(FileRefusal::from_wire(other, &mut values)?)
            }
            other => Self::Input(InputRefusal::from_wire(other, &mut values)?),
        };
        values.0.next().is_none().then_some(refusal)
    }
}

/// The values of a refusal on the wire, taken in order.
pub(crate) struct Values(pub(crate) std::vec::IntoIter<String>);

impl Values {
    fn text(&mut self) -> Option<String> {
        self.0.next()
    }

    fn value<T: core::str::FromStr>(&mut self) -> Option<T> {
        self.0.next()?.parse().ok()
    }

    /// Who set a lifetime: two values ([`SetBy::to_wire`]).
    fn set_by(&mut self) -> Option<SetBy> {
        let kind = self.0.next()?;
        SetBy::from_wire(&kind, self.0.next()?)
    }

    /// An optional number: empty for none.
    fn optional(&mut self) -> Option<Option<usize>> {
        match self.0.next()? {
            empty if empty.is_empty() => Some(None),
            number => number.parse().ok().map(Some),
        }
    }
}

impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Refusal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (kind, values) = <(String, Vec<String>)>::deserialize(deserializer)?;
        Self::from_wire(&kind, values)
            .ok_or_else(|| serde::de::Error::custom(format!("not a refusal of kind {kind:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_refusal_crosses_the_wire_whole() {
        let refusals = [
            Refusal::ServerTooManyNames {
                server: Some(2),
                names: 70,
                max: 70,
            },
            Refusal::ServerTooManyNames {
                server: None,
                names: 70,
                max: 70,
            },
            Refusal::ServerNoNames { server: Some(2) },
            Refusal::ServerNoNames { server: None },
            Refusal::DnsTwice {
                name: "a`b".to_owned(),
                server: Some(2),
            },
            Refusal::DnsTwice {
                name: "a`b".to_owned(),
                server: None,
            },
            Refusal::IpTwice {
                ip: "a`b".to_owned(),
                server: Some(2),
            },
            Refusal::IpTwice {
                ip: "a`b".to_owned(),
                server: None,
            },
            Refusal::Words("in words".to_owned()),
            Refusal::PlanFileAt {
                path: "servers[0].dns[1]".to_owned(),
                field: Field::ServerDns,
                refusal: Box::new(Refusal::from(InputRefusal::dns_is_ip(
                    "10.0.0.1".to_owned(),
                ))),
            },
            Refusal::OutlastsNewCa {
                days: 400,
                ca_days: 365,
                set_by: SetBy::Form(crate::validity::FormLifetime::Server),
                ca_set_by: SetBy::Option("--ca-days".into()),
            },
            Refusal::OutlastsCa {
                days: 400,
                date: "2030-01-01 00:00:00 UTC".to_owned(),
                set_by: SetBy::PlanFile("servers[1].days".into()),
                most: 0,
            },
            Refusal::OutlastsCa {
                days: 400,
                date: "2030-01-01 00:00:00 UTC".to_owned(),
                set_by: SetBy::Default,
                most: 30,
            },
            Refusal::OtherServersLine {
                line: 3,
                refusal: Box::new(Refusal::from(InputRefusal::port_too_high(70_000, 2376))),
            },
        ];
        let mut kinds: Vec<&str> = refusals.iter().map(|r| r.to_wire().0).collect();
        kinds.sort_unstable();
        kinds.dedup();
        // Each kind once, those about one of several servers twice (with and without), and
        // OutlastsCa twice.
        assert_eq!(kinds.len(), refusals.len() - 5);
        for refusal in refusals {
            let json = serde_json::to_string(&refusal).expect("serializes");
            let back: Refusal = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, refusal, "{json}");
        }
        for bad in [
            r#"["Nothing",[]]"#,
            r#"["PortZero",["x"]]"#,
            r#"["PortZero",[]]"#,
            r#"["IpEmpty",["1"]]"#,
        ] {
            assert!(serde_json::from_str::<Refusal>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_kind_of_file_refusal_crosses_the_wire_and_is_said_whole() {
        let kinds: Vec<(&str, usize)> = [FileRefusal::KINDS, InputRefusal::KINDS].concat();
        assert!(kinds.len() > 90, "{}", kinds.len());
        let english = Lang::english_refusals();
        for (kind, count) in kinds {
            let values = vec!["7".to_owned(); count];
            let json = serde_json::to_string(&(kind, &values)).expect("serializes");
            let refusal: Refusal = serde_json::from_str(&json).expect(kind);
            assert!(
                matches!(refusal, Refusal::File(_) | Refusal::Input(_)),
                "{kind}"
            );
            assert_eq!(serde_json::to_string(&refusal).expect("serializes"), json);
            // Every placeholder of its template is filled, and every value is said.
            let said = refusal.to_string();
            assert!(!said.contains('{') && !said.is_empty(), "{kind}: {said}");
            assert!(said.matches('7').count() >= count, "{kind}: {said}");
            assert_eq!(said, refusal.said_in(english));
            // One value too many or too few is not this kind.
            let more =
                serde_json::to_string(&(kind, vec!["7".to_owned(); count + 1])).expect("json");
            assert!(serde_json::from_str::<Refusal>(&more).is_err(), "{kind}");
            if count > 0 {
                let fewer =
                    serde_json::to_string(&(kind, vec!["7".to_owned(); count - 1])).expect("json");
                assert!(serde_json::from_str::<Refusal>(&fewer).is_err(), "{kind}");
            }
        }
    }
}
