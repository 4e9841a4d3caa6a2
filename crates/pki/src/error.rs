//! The one error type of the core.
//!
//! Every message names the field the user filled in and says how to fix it, in one line, so the
//! CLI can print it as is and the wizard can show it beside the field.

use core::fmt;

use portcullis_words::{Lang, Refusals, fill};
use serde::{Deserialize, Serialize};

use crate::refusal::{FileRefusal, Refusal};

/// A field of the user's input, named the way the CLI and the wizard name it.
///
/// Not `non_exhaustive`, like [`Refusal`]: the wizard names every field in each language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `--server-dns`: a DNS name of the Docker host.
    ServerDns,
    /// `--server-ip`: an IP address of the Docker host.
    ServerIp,
    /// The set of server names as a whole.
    ServerNames,
    /// `--client`: a client (person or machine) name.
    Client,
    /// `--ca-cn`: the CA's common name.
    CaCommonName,
    /// `--ca-days`.
    CaDays,
    /// `--server-days`.
    ServerDays,
    /// `--client-days`.
    ClientDays,
    /// `--port`.
    Port,
    /// `--key-type`.
    KeyType,
    /// The CA passphrase.
    CaPassphrase,
    /// A PEM or DER document handed to `inspect`.
    Document,
    /// `--ca-cert`: an existing CA's certificate.
    CaCertificate,
    /// `--ca-key`: an existing CA's private key.
    CaKey,
    /// `--csr`: a certificate signing request.
    Csr,
    /// `--crl`: an earlier certificate revocation list.
    Crl,
    /// What to revoke: `--cert`, `--serial`, `--reason`.
    Revocation,
    /// `--bundle`: an earlier bundle to renew.
    OldBundle,
    /// `--plan`: a plan file (`portcullis.json`).
    PlanFile,
    /// The password of the clients' `client.p12` files.
    P12Password,
    /// `--platform`: how a server's daemon is run.
    Platform,
    /// `--lang`: the language of the bundle's README.
    Language,
}

impl Field {
    /// Every field.
    pub const ALL: [Self; 22] = [
        Self::ServerDns,
        Self::ServerIp,
        Self::ServerNames,
        Self::Client,
        Self::CaCommonName,
        Self::CaDays,
        Self::ServerDays,
        Self::ClientDays,
        Self::Port,
        Self::KeyType,
        Self::CaPassphrase,
        Self::Document,
        Self::CaCertificate,
        Self::CaKey,
        Self::Csr,
        Self::Crl,
        Self::Revocation,
        Self::OldBundle,
        Self::PlanFile,
        Self::P12Password,
        Self::Platform,
        Self::Language,
    ];

    /// The field's name at the start of a refusal, in the language of `r`.
    pub fn name_in(self, r: &Refusals) -> &'static str {
        match self {
            Self::ServerDns => r.field_server_dns,
            Self::ServerIp => r.field_server_ip,
            Self::ServerNames => r.field_server_names,
            Self::Client => r.field_client,
            Self::CaCommonName => r.field_ca_name,
            Self::CaDays => r.field_ca_days,
            Self::ServerDays => r.field_server_days,
            Self::ClientDays => r.field_client_days,
            Self::Port => r.field_port,
            Self::KeyType => r.field_key_type,
            Self::CaPassphrase => r.field_ca_passphrase,
            Self::Document => r.field_document,
            Self::CaCertificate => r.field_ca_certificate,
            Self::CaKey => r.field_ca_key,
            Self::Csr => r.field_csr,
            Self::Crl => r.field_crl,
            Self::Revocation => r.field_revocation,
            Self::OldBundle => r.field_old_bundle,
            Self::PlanFile => r.field_plan_file,
            Self::P12Password => r.field_p12_password,
            Self::Platform => r.field_platform,
            Self::Language => r.field_language,
        }
    }

    /// The name shown to the user at the start of a message (English).
    pub fn label(self) -> &'static str {
        self.name_in(Lang::english_refusals())
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Everything that can go wrong in the core.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The user's input for `field` is unusable; `refusal` says why and how to fix it.
    ///
    /// `refusal` holds the offending value (shown in backticks) where showing it is safe; it
    /// never holds a passphrase.
    InvalidInput {
        /// Which input.
        field: Field,
        /// Why it is refused and what to write instead.
        refusal: Refusal,
    },
    /// Generating a key failed (the RNG or the key generator reported an error).
    KeyGeneration(String),
    /// Signing or encoding a certificate failed.
    Certificate(String),
    /// Encoding or encrypting a private key failed.
    KeyEncoding(String),
    /// Writing the zip archive failed.
    Archive(String),
}

impl Error {
    /// A refusal of the user's input for `field`, in English words not yet given as data
    /// ([`Refusal::Words`]).
    pub fn input(field: Field, message: impl Into<String>) -> Self {
        Self::InvalidInput {
            field,
            refusal: Refusal::Words(message.into()),
        }
    }

    /// A refusal of the user's input for `field`, for `refusal`.
    pub fn refused(field: Field, refusal: Refusal) -> Self {
        Self::InvalidInput { field, refusal }
    }

    /// A refusal of the file or pasted text given for `field`.
    pub fn file(field: Field, refusal: FileRefusal) -> Self {
        Self::InvalidInput {
            field,
            refusal: Refusal::File(refusal),
        }
    }

    /// Why the input was refused, if this is a refusal of input.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Self::InvalidInput { refusal, .. } => Some(refusal),
            _ => None,
        }
    }

    /// The input field this error is about, if it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::InvalidInput { field, .. } => Some(*field),
            _ => None,
        }
    }
}

impl Error {
    /// This error in the language of `r`: a refusal with its field's name, a failure with
    /// what failed (its cause, from the library that failed, stays as that library said it).
    pub fn said_in(&self, r: &Refusals) -> String {
        let (template, why) = match self {
            Self::InvalidInput { field, refusal } => {
                return fill(
                    r.field_says,
                    &[("FIELD", field.name_in(r)), ("WHY", &refusal.said_in(r))],
                );
            }
            Self::KeyGeneration(why) => (r.failed_key_generation, why),
            Self::Certificate(why) => (r.failed_certificate, why),
            Self::KeyEncoding(why) => (r.failed_key_encoding, why),
            Self::Archive(why) => (r.failed_archive, why),
        };
        fill(template, &[("WHY", why)])
    }
}

/// The CLI's English: the English words' templates.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said_in(Lang::english_refusals()))
    }
}

impl core::error::Error for Error {}

impl From<rcgen::Error> for Error {
    fn from(err: rcgen::Error) -> Self {
        Self::Certificate(err.to_string())
    }
}

/// On the wire a field is its variant's name, as serde's derived form wrote it; written by
/// hand, as [`Refusal`]'s wire is, because the derived code weighed kilobytes in the page.
impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{self:?}"))
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::ALL
            .into_iter()
            .find(|field| format!("{field:?}") == name)
            .ok_or_else(|| serde::de::Error::custom(format!("not a field: {name:?}")))
    }
}

/// On the wire an error is its kind and either its field and refusal or its cause:
/// `["InvalidInput", "Port", ["PortZero", ["2376"]]]`, `["Archive", "disk full"]`.
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A sequence with its length, not a tuple: the two kinds differ in length, and a
        // format that does not describe itself (the wizard's wire) reads the length first.
        use serde::ser::SerializeSeq;
        let (kind, why) = match self {
            Self::InvalidInput { field, refusal } => {
                let mut seq = serializer.serialize_seq(Some(3))?;
                seq.serialize_element("InvalidInput")?;
                seq.serialize_element(field)?;
                seq.serialize_element(refusal)?;
                return seq.end();
            }
            Self::KeyGeneration(why) => ("KeyGeneration", why),
            Self::Certificate(why) => ("Certificate", why),
            Self::KeyEncoding(why) => ("KeyEncoding", why),
            Self::Archive(why) => ("Archive", why),
        };
        let mut seq = serializer.serialize_seq(Some(2))?;
        seq.serialize_element(kind)?;
        seq.serialize_element(why)?;
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Error;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error: its kind, then its field and refusal or its cause")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Error, A::Error> {
                let missing = || serde::de::Error::custom("an error without its values");
                let kind: String = seq.next_element()?.ok_or_else(missing)?;
                if kind == "InvalidInput" {
                    let field = seq.next_element()?.ok_or_else(missing)?;
                    let refusal = seq.next_element()?.ok_or_else(missing)?;
                    return Ok(Error::InvalidInput { field, refusal });
                }
                let why: String = seq.next_element()?.ok_or_else(missing)?;
                Ok(match kind.as_str() {
                    "KeyGeneration" => Error::KeyGeneration(why),
                    "Certificate" => Error::Certificate(why),
                    "KeyEncoding" => Error::KeyEncoding(why),
                    "Archive" => Error::Archive(why),
                    other => {
                        return Err(serde::de::Error::custom(format!("not an error: {other:?}")));
                    }
                })
            }
        }
        deserializer.deserialize_seq(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refusal::InputRefusal;

    #[test]
    fn every_kind_of_error_and_every_field_crosses_the_wire_whole() {
        let mut errors: Vec<Error> = Field::ALL
            .into_iter()
            .map(|field| Error::refused(field, InputRefusal::port_zero(2376).into()))
            .collect();
        errors.extend([
            Error::KeyGeneration("no entropy".into()),
            Error::Certificate("bad".into()),
            Error::KeyEncoding("bad".into()),
            Error::Archive("disk full".into()),
        ]);
        for error in errors {
            let json = serde_json::to_string(&error).expect("serializes");
            let back: Error = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, error, "{json}");
        }
        assert_eq!(
            serde_json::to_string(&Error::refused(
                Field::Port,
                InputRefusal::port_zero(2376).into()
            ))
            .expect("json"),
            r#"["InvalidInput","Port",["PortZero",["2376"]]]"#
        );
        for bad in [
            r#"["Nothing","x"]"#,
            r#"["InvalidInput","Nowhere",["PortZero",["1"]]]"#,
            r#"["Archive"]"#,
        ] {
            assert!(serde_json::from_str::<Error>(bad).is_err(), "{bad}");
        }
    }
}
