//! Why an input is refused, as data: the reason and the values it names.
//!
//! Each reason is said from the templates of `portcullis-words` ([`Refusal::said_in`]): the
//! CLI in English ([`fmt::Display`], the words its tests pin), the wizard in the user's
//! language, with the same values. Reasons
//! not yet given as data carry their English words ([`Refusal::Words`]); they move here one
//! parser at a time.

use core::fmt;

mod listed;

pub use listed::{FileRefusal, InputRefusal};
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
    /// A server DNS name is empty.
    DnsEmpty,
    /// A server DNS name is an IP address.
    DnsIsIp {
        /// The name as given.
        name: String,
    },
    /// A server DNS name ends with a dot.
    DnsTrailingDot {
        /// The name as given.
        name: String,
        /// The name without its dot.
        stripped: String,
    },
    /// A server DNS name is not ASCII.
    DnsNotAscii {
        /// The name as given.
        name: String,
    },
    /// A server DNS name is too long.
    DnsTooLong {
        /// The name as given.
        name: String,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A server DNS name is a wildcard.
    DnsWildcard {
        /// The name as given.
        name: String,
    },
    /// A server DNS name has an empty label.
    DnsEmptyLabel {
        /// The name as given.
        name: String,
    },
    /// A label of a server DNS name is too long.
    DnsLabelTooLong {
        /// The name as given.
        name: String,
        /// The label.
        label: String,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A server DNS name has a character a host name cannot have.
    DnsBadCharacter {
        /// The name as given.
        name: String,
        /// The character.
        bad: char,
    },
    /// A label of a server DNS name starts or ends with a hyphen.
    DnsLabelHyphen {
        /// The name as given.
        name: String,
        /// The label.
        label: String,
    },
    /// A server DNS name's last label is all digits.
    DnsAllDigits {
        /// The name as given.
        name: String,
    },
    /// A server IP address is empty.
    IpEmpty,
    /// An IPv6 address in brackets.
    IpBrackets {
        /// The address as given.
        text: String,
        /// The address without brackets.
        inner: String,
    },
    /// A network (`/prefix`) instead of an address.
    IpNetwork {
        /// The text as given.
        text: String,
    },
    /// A host name given as an IP address.
    IpIsName {
        /// The text as given.
        text: String,
    },
    /// Not an IP address.
    IpMalformed {
        /// The text as given.
        text: String,
    },
    /// The unspecified (wildcard listen) address.
    IpUnspecified {
        /// The text as given.
        text: String,
    },
    /// A multicast or broadcast address.
    IpMulticast {
        /// The text as given.
        text: String,
    },
    /// A client name is empty.
    ClientEmpty,
    /// A client name is too long.
    ClientTooLong {
        /// The name as given.
        name: String,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A client name has a character a folder name should not have.
    ClientBadCharacter {
        /// The name, control characters escaped.
        name: String,
        /// The character as shown: in backticks, or escaped in quotes if a control character.
        shown: String,
    },
    /// A client name does not start with a letter or digit.
    ClientStart {
        /// The name as given.
        name: String,
    },
    /// The CA's name is empty.
    CaNameEmpty,
    /// The CA's name is too long.
    CaNameTooLong {
        /// The name as given.
        name: String,
        /// Its length in characters.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// The CA's name has a control character.
    CaNameControl {
        /// The name, control characters escaped.
        name: String,
    },
    /// A lifetime under one day.
    DaysTooFew {
        /// The days given.
        days: i64,
    },
    /// A lifetime over the most allowed.
    DaysTooMany {
        /// The days given.
        days: i64,
        /// The most allowed.
        max: u32,
    },
    /// A lifetime that is not a whole number.
    DaysNotNumber {
        /// The text as given.
        text: String,
    },
    /// Port 0.
    PortZero {
        /// Docker's TLS port.
        default: u16,
    },
    /// A port above 65535.
    PortTooHigh {
        /// The port given.
        port: u32,
        /// Docker's TLS port.
        default: u16,
    },
    /// A port that is not a number.
    PortNotNumber {
        /// The text as given.
        text: String,
        /// Docker's TLS port.
        default: u16,
    },
    /// No passphrase for a new CA key.
    PassphraseEmpty {
        /// The fewest characters allowed.
        min: usize,
    },
    /// A passphrase for a new CA key that is too short.
    PassphraseShort {
        /// Its characters.
        chars: usize,
        /// The fewest allowed.
        min: usize,
    },
    /// No passphrase for an existing, encrypted CA key.
    PassphraseMissing,
    /// Servers too many.
    ServersTooMany {
        /// The count.
        count: usize,
        /// The max.
        max: usize,
    },
    /// Clients too many.
    ClientsTooMany {
        /// The count.
        count: usize,
        /// The max.
        max: usize,
    },
    /// Servers none.
    ServersNone,
    /// Server folders clash.
    ServerFoldersClash {
        /// The first.
        first: usize,
        /// The second.
        second: usize,
        /// The host.
        host: String,
    },
    /// Clients none.
    ClientsNone,
    /// Client twice.
    ClientTwice {
        /// The name.
        name: String,
    },
    /// Ca passphrase none.
    CaPassphraseNone,
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
            Self::DnsEmpty => r.dns_empty.to_owned(),
            Self::DnsIsIp { name } => fill(r.dns_is_ip, &[("NAME", name)]),
            Self::DnsTrailingDot { name, stripped } => fill(
                r.dns_trailing_dot,
                &[("NAME", name), ("STRIPPED", stripped)],
            ),
            Self::DnsNotAscii { name } => fill(r.dns_not_ascii, &[("NAME", name)]),
            Self::DnsTooLong { name, len, max } => fill(
                r.dns_too_long,
                &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
            ),
            Self::DnsWildcard { name } => fill(r.dns_wildcard, &[("NAME", name)]),
            Self::DnsEmptyLabel { name } => fill(r.dns_empty_label, &[("NAME", name)]),
            Self::DnsLabelTooLong {
                name,
                label,
                len,
                max,
            } => fill(
                r.dns_label_too_long,
                &[
                    ("NAME", name),
                    ("LABEL", label),
                    ("LEN", &n(len)),
                    ("MAX", &n(max)),
                ],
            ),
            Self::DnsBadCharacter { name, bad } => {
                fill(r.dns_bad_character, &[("NAME", name), ("BAD", &n(bad))])
            }
            Self::DnsLabelHyphen { name, label } => {
                fill(r.dns_label_hyphen, &[("NAME", name), ("LABEL", label)])
            }
            Self::DnsAllDigits { name } => fill(r.dns_all_digits, &[("NAME", name)]),
            Self::IpEmpty => r.ip_empty.to_owned(),
            Self::IpBrackets { text, inner } => {
                fill(r.ip_brackets, &[("TEXT", text), ("INNER", inner)])
            }
            Self::IpNetwork { text } => fill(r.ip_network, &[("TEXT", text)]),
            Self::IpIsName { text } => fill(r.ip_is_name, &[("TEXT", text)]),
            Self::IpMalformed { text } => fill(r.ip_malformed, &[("TEXT", text)]),
            Self::IpUnspecified { text } => fill(r.ip_unspecified, &[("TEXT", text)]),
            Self::IpMulticast { text } => fill(r.ip_multicast, &[("TEXT", text)]),
            Self::ClientEmpty => r.client_empty.to_owned(),
            Self::ClientTooLong { name, len, max } => fill(
                r.client_too_long,
                &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
            ),
            Self::ClientBadCharacter { name, shown } => {
                fill(r.client_bad_character, &[("NAME", name), ("SHOWN", shown)])
            }
            Self::ClientStart { name } => fill(r.client_start, &[("NAME", name)]),
            Self::CaNameEmpty => r.ca_name_empty.to_owned(),
            Self::CaNameTooLong { name, len, max } => fill(
                r.ca_name_too_long,
                &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
            ),
            Self::CaNameControl { name } => fill(r.ca_name_control, &[("NAME", name)]),
            Self::DaysTooFew { days } => fill(r.days_too_few, &[("DAYS", &n(days))]),
            Self::DaysTooMany { days, max } => {
                fill(r.days_too_many, &[("DAYS", &n(days)), ("MAX", &n(max))])
            }
            Self::DaysNotNumber { text } => fill(r.days_not_number, &[("TEXT", text)]),
            Self::PortZero { default } => fill(r.port_zero, &[("DEFAULT", &n(default))]),
            Self::PortTooHigh { port, default } => fill(
                r.port_too_high,
                &[("PORT", &n(port)), ("DEFAULT", &n(default))],
            ),
            Self::PortNotNumber { text, default } => fill(
                r.port_not_number,
                &[("TEXT", text), ("DEFAULT", &n(default))],
            ),
            Self::PassphraseEmpty { min } => fill(r.passphrase_empty, &[("MIN", &n(min))]),
            Self::PassphraseShort { chars, min } => fill(
                r.passphrase_short,
                &[("CHARS", &n(chars)), ("MIN", &n(min))],
            ),
            Self::PassphraseMissing => r.passphrase_missing.to_owned(),
            Self::ServersTooMany { count, max } => fill(
                r.servers_too_many,
                &[("COUNT", &n(count)), ("MAX", &n(max))],
            ),
            Self::ClientsTooMany { count, max } => fill(
                r.clients_too_many,
                &[("COUNT", &n(count)), ("MAX", &n(max))],
            ),
            Self::ServersNone => r.servers_none.to_owned(),
            Self::ServerFoldersClash {
                first,
                second,
                host,
            } => fill(
                r.server_folders_clash,
                &[("FIRST", &n(first)), ("SECOND", &n(second)), ("HOST", host)],
            ),
            Self::ClientsNone => r.clients_none.to_owned(),
            Self::ClientTwice { name } => fill(r.client_twice, &[("NAME", name)]),
            Self::CaPassphraseNone => r.ca_passphrase_none.to_owned(),
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
            Self::DnsEmpty => ("DnsEmpty", vec![]),
            Self::DnsIsIp { name } => ("DnsIsIp", vec![name.clone()]),
            Self::DnsTrailingDot { name, stripped } => {
                ("DnsTrailingDot", vec![name.clone(), stripped.clone()])
            }
            Self::DnsNotAscii { name } => ("DnsNotAscii", vec![name.clone()]),
            Self::DnsTooLong { name, len, max } => (
                "DnsTooLong",
                vec![name.clone(), len.to_string(), max.to_string()],
            ),
            Self::DnsWildcard { name } => ("DnsWildcard", vec![name.clone()]),
            Self::DnsEmptyLabel { name } => ("DnsEmptyLabel", vec![name.clone()]),
            Self::DnsLabelTooLong {
                name,
                label,
                len,
                max,
            } => (
                "DnsLabelTooLong",
                vec![
                    name.clone(),
                    label.clone(),
                    len.to_string(),
                    max.to_string(),
                ],
            ),
            Self::DnsBadCharacter { name, bad } => {
                ("DnsBadCharacter", vec![name.clone(), bad.to_string()])
            }
            Self::DnsLabelHyphen { name, label } => {
                ("DnsLabelHyphen", vec![name.clone(), label.clone()])
            }
            Self::DnsAllDigits { name } => ("DnsAllDigits", vec![name.clone()]),
            Self::IpEmpty => ("IpEmpty", vec![]),
            Self::IpBrackets { text, inner } => ("IpBrackets", vec![text.clone(), inner.clone()]),
            Self::IpNetwork { text } => ("IpNetwork", vec![text.clone()]),
            Self::IpIsName { text } => ("IpIsName", vec![text.clone()]),
            Self::IpMalformed { text } => ("IpMalformed", vec![text.clone()]),
            Self::IpUnspecified { text } => ("IpUnspecified", vec![text.clone()]),
            Self::IpMulticast { text } => ("IpMulticast", vec![text.clone()]),
            Self::ClientEmpty => ("ClientEmpty", vec![]),
            Self::ClientTooLong { name, len, max } => (
                "ClientTooLong",
                vec![name.clone(), len.to_string(), max.to_string()],
            ),
            Self::ClientBadCharacter { name, shown } => {
                ("ClientBadCharacter", vec![name.clone(), shown.clone()])
            }
            Self::ClientStart { name } => ("ClientStart", vec![name.clone()]),
            Self::CaNameEmpty => ("CaNameEmpty", vec![]),
            Self::CaNameTooLong { name, len, max } => (
                "CaNameTooLong",
                vec![name.clone(), len.to_string(), max.to_string()],
            ),
            Self::CaNameControl { name } => ("CaNameControl", vec![name.clone()]),
            Self::DaysTooFew { days } => ("DaysTooFew", vec![days.to_string()]),
            Self::DaysTooMany { days, max } => {
                ("DaysTooMany", vec![days.to_string(), max.to_string()])
            }
            Self::DaysNotNumber { text } => ("DaysNotNumber", vec![text.clone()]),
            Self::PortZero { default } => ("PortZero", vec![default.to_string()]),
            Self::PortTooHigh { port, default } => {
                ("PortTooHigh", vec![port.to_string(), default.to_string()])
            }
            Self::PortNotNumber { text, default } => {
                ("PortNotNumber", vec![text.clone(), default.to_string()])
            }
            Self::PassphraseEmpty { min } => ("PassphraseEmpty", vec![min.to_string()]),
            Self::PassphraseShort { chars, min } => {
                ("PassphraseShort", vec![chars.to_string(), min.to_string()])
            }
            Self::PassphraseMissing => ("PassphraseMissing", vec![]),
            Self::ServersTooMany { count, max } => {
                ("ServersTooMany", vec![count.to_string(), max.to_string()])
            }
            Self::ClientsTooMany { count, max } => {
                ("ClientsTooMany", vec![count.to_string(), max.to_string()])
            }
            Self::ServersNone => ("ServersNone", vec![]),
            Self::ServerFoldersClash {
                first,
                second,
                host,
            } => (
                "ServerFoldersClash",
                vec![first.to_string(), second.to_string(), host.clone()],
            ),
            Self::ClientsNone => ("ClientsNone", vec![]),
            Self::ClientTwice { name } => ("ClientTwice", vec![name.clone()]),
            Self::CaPassphraseNone => ("CaPassphraseNone", vec![]),
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
            "DnsEmpty" => Self::DnsEmpty,
            "DnsIsIp" => Self::DnsIsIp {
                name: values.text()?,
            },
            "DnsTrailingDot" => Self::DnsTrailingDot {
                name: values.text()?,
                stripped: values.text()?,
            },
            "DnsNotAscii" => Self::DnsNotAscii {
                name: values.text()?,
            },
            "DnsTooLong" => Self::DnsTooLong {
                name: values.text()?,
                len: values.value()?,
                max: values.value()?,
            },
            "DnsWildcard" => Self::DnsWildcard {
                name: values.text()?,
            },
            "DnsEmptyLabel" => Self::DnsEmptyLabel {
                name: values.text()?,
            },
            "DnsLabelTooLong" => Self::DnsLabelTooLong {
                name: values.text()?,
                label: values.text()?,
                len: values.value()?,
                max: values.value()?,
            },
            "DnsBadCharacter" => Self::DnsBadCharacter {
                name: values.text()?,
                bad: values.value()?,
            },
            "DnsLabelHyphen" => Self::DnsLabelHyphen {
                name: values.text()?,
                label: values.text()?,
            },
            "DnsAllDigits" => Self::DnsAllDigits {
                name: values.text()?,
            },
            "IpEmpty" => Self::IpEmpty,
            "IpBrackets" => Self::IpBrackets {
                text: values.text()?,
                inner: values.text()?,
            },
            "IpNetwork" => Self::IpNetwork {
                text: values.text()?,
            },
            "IpIsName" => Self::IpIsName {
                text: values.text()?,
            },
            "IpMalformed" => Self::IpMalformed {
                text: values.text()?,
            },
            "IpUnspecified" => Self::IpUnspecified {
                text: values.text()?,
            },
            "IpMulticast" => Self::IpMulticast {
                text: values.text()?,
            },
            "ClientEmpty" => Self::ClientEmpty,
            "ClientTooLong" => Self::ClientTooLong {
                name: values.text()?,
                len: values.value()?,
                max: values.value()?,
            },
            "ClientBadCharacter" => Self::ClientBadCharacter {
                name: values.text()?,
                shown: values.text()?,
            },
            "ClientStart" => Self::ClientStart {
                name: values.text()?,
            },
            "CaNameEmpty" => Self::CaNameEmpty,
            "CaNameTooLong" => Self::CaNameTooLong {
                name: values.text()?,
                len: values.value()?,
                max: values.value()?,
            },
            "CaNameControl" => Self::CaNameControl {
                name: values.text()?,
            },
            "DaysTooFew" => Self::DaysTooFew {
                days: values.value()?,
            },
            "DaysTooMany" => Self::DaysTooMany {
                days: values.value()?,
                max: values.value()?,
            },
            "DaysNotNumber" => Self::DaysNotNumber {
                text: values.text()?,
            },
            "PortZero" => Self::PortZero {
                default: values.value()?,
            },
            "PortTooHigh" => Self::PortTooHigh {
                port: values.value()?,
                default: values.value()?,
            },
            "PortNotNumber" => Self::PortNotNumber {
                text: values.text()?,
                default: values.value()?,
            },
            "PassphraseEmpty" => Self::PassphraseEmpty {
                min: values.value()?,
            },
            "PassphraseShort" => Self::PassphraseShort {
                chars: values.value()?,
                min: values.value()?,
            },
            "PassphraseMissing" => Self::PassphraseMissing,
            "ServersTooMany" => Self::ServersTooMany {
                count: values.value()?,
                max: values.value()?,
            },
            "ClientsTooMany" => Self::ClientsTooMany {
                count: values.value()?,
                max: values.value()?,
            },
            "ServersNone" => Self::ServersNone,
            "ServerFoldersClash" => Self::ServerFoldersClash {
                first: values.value()?,
                second: values.value()?,
                host: values.text()?,
            },
            "ClientsNone" => Self::ClientsNone,
            "ClientTwice" => Self::ClientTwice {
                name: values.text()?,
            },
            "CaPassphraseNone" => Self::CaPassphraseNone,
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
struct Values(std::vec::IntoIter<String>);

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
            Refusal::DnsEmpty,
            Refusal::DnsIsIp {
                name: "a`b".to_owned(),
            },
            Refusal::DnsTrailingDot {
                name: "a`b".to_owned(),
                stripped: "a`b".to_owned(),
            },
            Refusal::DnsNotAscii {
                name: "a`b".to_owned(),
            },
            Refusal::DnsTooLong {
                name: "a`b".to_owned(),
                len: 70,
                max: 70,
            },
            Refusal::DnsWildcard {
                name: "a`b".to_owned(),
            },
            Refusal::DnsEmptyLabel {
                name: "a`b".to_owned(),
            },
            Refusal::DnsLabelTooLong {
                name: "a`b".to_owned(),
                label: "a`b".to_owned(),
                len: 70,
                max: 70,
            },
            Refusal::DnsBadCharacter {
                name: "a`b".to_owned(),
                bad: '_',
            },
            Refusal::DnsLabelHyphen {
                name: "a`b".to_owned(),
                label: "a`b".to_owned(),
            },
            Refusal::DnsAllDigits {
                name: "a`b".to_owned(),
            },
            Refusal::IpEmpty,
            Refusal::IpBrackets {
                text: "a`b".to_owned(),
                inner: "a`b".to_owned(),
            },
            Refusal::IpNetwork {
                text: "a`b".to_owned(),
            },
            Refusal::IpIsName {
                text: "a`b".to_owned(),
            },
            Refusal::IpMalformed {
                text: "a`b".to_owned(),
            },
            Refusal::IpUnspecified {
                text: "a`b".to_owned(),
            },
            Refusal::IpMulticast {
                text: "a`b".to_owned(),
            },
            Refusal::ClientEmpty,
            Refusal::ClientTooLong {
                name: "a`b".to_owned(),
                len: 70,
                max: 70,
            },
            Refusal::ClientBadCharacter {
                name: "a`b".to_owned(),
                shown: "a`b".to_owned(),
            },
            Refusal::ClientStart {
                name: "a`b".to_owned(),
            },
            Refusal::CaNameEmpty,
            Refusal::CaNameTooLong {
                name: "a`b".to_owned(),
                len: 70,
                max: 70,
            },
            Refusal::CaNameControl {
                name: "a`b".to_owned(),
            },
            Refusal::DaysTooFew { days: -3 },
            Refusal::DaysTooMany {
                days: -3,
                max: 36600,
            },
            Refusal::DaysNotNumber {
                text: "a`b".to_owned(),
            },
            Refusal::PortZero { default: 2376 },
            Refusal::PortTooHigh {
                port: 36600,
                default: 2376,
            },
            Refusal::PortNotNumber {
                text: "a`b".to_owned(),
                default: 2376,
            },
            Refusal::PassphraseEmpty { min: 70 },
            Refusal::PassphraseShort { chars: 70, min: 70 },
            Refusal::PassphraseMissing,
            Refusal::ServersTooMany { count: 70, max: 70 },
            Refusal::ClientsTooMany { count: 70, max: 70 },
            Refusal::ServersNone,
            Refusal::ServerFoldersClash {
                first: 70,
                second: 70,
                host: "a`b".to_owned(),
            },
            Refusal::ClientsNone,
            Refusal::ClientTwice {
                name: "a`b".to_owned(),
            },
            Refusal::CaPassphraseNone,
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
                refusal: Box::new(Refusal::DnsIsIp {
                    name: "10.0.0.1".to_owned(),
                }),
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
                refusal: Box::new(Refusal::PortTooHigh {
                    port: 70_000,
                    default: 2376,
                }),
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
