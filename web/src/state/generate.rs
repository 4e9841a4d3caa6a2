//! The Generate step's input: who makes the keys.

use serde::{Deserialize, Serialize};

use portcullis_words::{Words, fill};

use super::{Input, Seen};

/// The Generate step's default: the browser's WebCrypto, where the browser offers it.
fn default_key_maker() -> String {
    KeyMaker::WebCrypto.value().to_owned()
}

/// Who makes the keys, as the Generate step offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMaker {
    /// The browser's WebCrypto: the RSA keys and the CA key's PBKDF2, at the browser's own speed.
    /// ECDSA and Ed25519 keys are Portcullis' own either way (already fast).
    WebCrypto,
    /// Portcullis' own Rust code, the same as the CLI's, for every key.
    Rust,
}

impl KeyMaker {
    /// The select's value.
    pub fn value(self) -> &'static str {
        match self {
            Self::WebCrypto => "webcrypto",
            Self::Rust => "rust",
        }
    }

    /// The maker a select's value names; anything else is the default, WebCrypto.
    pub fn from_value(value: &str) -> Self {
        if value == Self::Rust.value() {
            Self::Rust
        } else {
            Self::WebCrypto
        }
    }

    /// Who it is, for Review: "this browser's WebCrypto".
    pub fn who(self, words: &'static Words) -> &'static str {
        match self {
            Self::WebCrypto => words.messages.made_by_webcrypto,
            Self::Rust => words.messages.made_by_rust,
        }
    }
}

/// Which certificate of a bundle, for Review's headings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Titled {
    /// The CA's.
    Ca,
    /// The one server's.
    Server,
    /// One of several servers', by its first name.
    ServerOf(String),
    /// A client's, by its name.
    Client(String),
}

impl Titled {
    /// "CA", "Server", "Server w1.example.com", "Client alice", in `words`' language.
    pub fn said(&self, words: &'static Words) -> String {
        let said = &words.messages;
        match self {
            Self::Ca => said.title_ca.to_owned(),
            Self::Server => said.title_server.to_owned(),
            Self::ServerOf(host) => fill(said.title_server_of, &[("HOST", host)]),
            Self::Client(name) => fill(said.title_client, &[("NAME", name)]),
        }
    }
}

/// Who made a certificate's key, for Review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MadeBy {
    /// No key was made: the user's own CA.
    OwnCa,
    /// Made by this maker.
    Maker(Maker),
    /// The new CA's key, made by this maker and encrypted with a key from a PBKDF2 run by
    /// WebCrypto (`true`) or Portcullis' own code.
    Encrypted(Maker, bool),
    /// The server itself, which sent a CSR.
    ServerItself,
}

/// [`KeyMaker`] on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Maker {
    /// This browser's WebCrypto.
    WebCrypto,
    /// Portcullis' own Rust code.
    Rust,
}

impl From<KeyMaker> for Maker {
    fn from(maker: KeyMaker) -> Self {
        match maker {
            KeyMaker::WebCrypto => Self::WebCrypto,
            KeyMaker::Rust => Self::Rust,
        }
    }
}

impl MadeBy {
    /// Who made the key, in `words`' language.
    pub fn said(&self, words: &'static Words) -> String {
        let said = &words.messages;
        let who = |maker: &Maker| match maker {
            Maker::WebCrypto => KeyMaker::WebCrypto.who(words),
            Maker::Rust => KeyMaker::Rust.who(words),
        };
        match self {
            Self::OwnCa => said.made_by_own_ca.to_owned(),
            Self::Maker(maker) => who(maker).to_owned(),
            Self::Encrypted(maker, by_webcrypto) => fill(
                said.made_encrypted,
                &[
                    ("MAKER", who(maker)),
                    (
                        "PBKDF2",
                        if *by_webcrypto {
                            said.pbkdf2_webcrypto
                        } else {
                            said.pbkdf2_rust
                        },
                    ),
                ],
            ),
            Self::ServerItself => said.made_by_server.to_owned(),
        }
    }
}

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerateInputs {
    pub(super) key_maker: String,
}

impl Default for GenerateInputs {
    fn default() -> Self {
        Self {
            key_maker: default_key_maker(),
        }
    }
}

impl super::StepInputs for GenerateInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::KeyMaker => Some(&self.key_maker),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::KeyMaker => Some(&mut self.key_maker),
            _ => None,
        }
    }
}

impl super::StepCheck for GenerateInputs {
    fn problem(&self, _input: Input, _seen: &Seen<'_>) -> Option<String> {
        // Either key maker is a valid choice.
        None
    }
}
