//! The Generate step's input: who makes the keys.

use serde::{Deserialize, Serialize};

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
    pub fn who(self) -> &'static str {
        match self {
            Self::WebCrypto => "this browser's WebCrypto",
            Self::Rust => "Portcullis' own Rust code",
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

    fn problem(&self, _input: Input, _seen: &Seen<'_>) -> Option<String> {
        // Either key maker is a valid choice.
        None
    }
}
