//! What the page says of the browser's side of a run, as data said in the page's language: the
//! step a run is at ([`Doing`]), and what went wrong around the core ([`Trouble`]): a worker
//! that could not start or stopped, a garbled answer, WebCrypto, a file the browser could not
//! read. The browser's own words (an exception's message) stay as it gave them, as a library's
//! do in the core's failures.

use portcullis_pki::{Error, Next};
use portcullis_words::{Words, fill};
use serde::{Deserialize, Serialize};

use crate::i18n::Speech;

/// Who makes a run's RSA keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeysBy {
    /// The browser's WebCrypto.
    WebCrypto,
    /// Portcullis' Rust code, in parallel workers.
    RustWorkers,
    /// Portcullis' Rust code, in the run's worker.
    Rust,
}

/// The step a run is at, for its status line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Doing {
    /// The worker is starting.
    Starting,
    /// The run waits for its RSA keys.
    RsaKeys(KeysBy),
    /// Finishing the CA key's encryption key, started ahead.
    EncryptionKeyAhead,
    /// Deriving the CA key's encryption key by WebCrypto's PBKDF2.
    EncryptionKeyWebCrypto,
    /// Signing with the RSA keys by WebCrypto.
    SignaturesWebCrypto,
    /// Making the CA's key.
    CaKey,
    /// Encrypting the CA's key.
    EncryptingCaKey,
    /// Making the one server's key.
    ServerKey,
    /// Making the key of this server, one of several.
    ServerKeyFor(String),
    /// Making the key of this client.
    ClientKeyFor(String),
}

impl From<Next<'_>> for Doing {
    fn from(next: Next<'_>) -> Self {
        match next {
            Next::CaKey => Self::CaKey,
            Next::EncryptingCaKey => Self::EncryptingCaKey,
            Next::ServerKey => Self::ServerKey,
            Next::ServerKeyFor(name) => Self::ServerKeyFor(name.to_owned()),
            Next::ClientKeyFor(name) => Self::ClientKeyFor(name.to_owned()),
        }
    }
}

impl Doing {
    /// The step in `words`' language: "Making the CA key".
    pub fn said(&self, words: &Words) -> String {
        let said = &words.generate;
        let name = |template: &str, name: &str| fill(template, &[("NAME", name)]);
        match self {
            Self::Starting => said.doing_starting.to_owned(),
            Self::RsaKeys(KeysBy::WebCrypto) => said.doing_rsa_webcrypto.to_owned(),
            Self::RsaKeys(KeysBy::RustWorkers) => said.doing_rsa_rust_workers.to_owned(),
            Self::RsaKeys(KeysBy::Rust) => said.doing_rsa_rust.to_owned(),
            Self::EncryptionKeyAhead => said.doing_encryption_key_ahead.to_owned(),
            Self::EncryptionKeyWebCrypto => said.doing_encryption_key_webcrypto.to_owned(),
            Self::SignaturesWebCrypto => said.doing_signatures_webcrypto.to_owned(),
            Self::CaKey => said.doing_ca_key.to_owned(),
            Self::EncryptingCaKey => said.doing_encrypting_ca_key.to_owned(),
            Self::ServerKey => said.doing_server_key.to_owned(),
            Self::ServerKeyFor(server) => name(said.doing_server_key_for, server),
            Self::ClientKeyFor(client) => name(said.doing_client_key_for, client),
        }
    }
}

/// What went wrong in the browser around the core.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trouble {
    /// A worker was wanted before the page had loaded its code.
    NotLoaded,
    /// A worker's code could not be compiled: the browser's words.
    NotCompiled(String),
    /// A run's certificate could not be read back: its path, and why (the core's error, as data).
    NotReadBack {
        /// The certificate's path in the zip.
        path: String,
        /// Why.
        why: Error,
    },
    /// The browser's clock gives no date: what it gave, in whole milliseconds.
    Clock(String),
    /// A worker stopped before it started, and the browser said nothing.
    NotStarted,
    /// The key generator stopped: why.
    GeneratorStopped(Box<Trouble>),
    /// The key generator could not be started.
    GeneratorNotStarted,
    /// The key generator's answer could not be read: the wire reader's words.
    Garbled(String),
    /// The key generator sent a message the page does not know.
    UnknownMessage,
    /// The helper worker could not be started.
    HelperNotStarted,
    /// The helper's answer could not be read.
    HelperGarbled,
    /// The key generator lost keys of a run.
    KeysMissing {
        /// Keys it holds.
        held: usize,
        /// Keys the run wanted.
        wanted: usize,
    },
    /// The run's RSA keys could not be made: why.
    KeysFailed(Box<Trouble>),
    /// WebCrypto could not sign: the browser's words.
    WebCryptoSign(String),
    /// WebCrypto could not derive the CA key's encryption key: the browser's words.
    WebCryptoDerive(String),
    /// Reading a picked file was cut short: its name.
    FileCutShort(String),
    /// The browser could not read a picked file: its name.
    FileUnreadable(String),
    /// The core failed where it should not (a key it made, a prime it found): its error as
    /// data, which the page says in its language. The worker has no words, and would otherwise
    /// carry the core's English templates only to say this.
    Core(Error),
    /// The browser's own words, as it gave them (an exception, a message it wrote).
    Said(String),
}

impl Trouble {
    /// What went wrong, in `speech`'s language.
    pub fn said(&self, speech: Speech) -> String {
        let said = &speech.words.messages;
        let why = |template: &str, why: &str| fill(template, &[("WHY", why)]);
        let file = |template: &str, name: &str| fill(template, &[("FILE", name)]);
        match self {
            Self::NotLoaded => said.trouble_not_loaded.to_owned(),
            Self::NotCompiled(text) => why(said.trouble_not_compiled, text),
            Self::NotStarted => said.trouble_not_started.to_owned(),
            Self::NotReadBack { path, why } => fill(
                said.trouble_not_read_back,
                &[("PATH", path), ("WHY", &crate::say::error(why, speech))],
            ),
            Self::Clock(ms) => fill(said.trouble_clock, &[("MS", ms)]),
            Self::GeneratorStopped(inner) => {
                why(said.trouble_generator_stopped, &inner.said(speech))
            }
            Self::GeneratorNotStarted => said.trouble_generator_not_started.to_owned(),
            Self::Garbled(text) => why(said.trouble_generator_garbled, text),
            Self::UnknownMessage => said.trouble_generator_unknown.to_owned(),
            Self::HelperNotStarted => said.trouble_helper_not_started.to_owned(),
            Self::HelperGarbled => said.trouble_helper_garbled.to_owned(),
            Self::KeysMissing { held, wanted } => fill(
                said.trouble_keys_missing,
                &[("HELD", &held.to_string()), ("WANTED", &wanted.to_string())],
            ),
            Self::KeysFailed(inner) => why(said.trouble_keys_failed, &inner.said(speech)),
            Self::WebCryptoSign(text) => why(said.trouble_webcrypto_sign, text),
            Self::WebCryptoDerive(text) => why(said.trouble_webcrypto_derive, text),
            Self::FileCutShort(name) => file(said.trouble_file_cut_short, name),
            Self::FileUnreadable(name) => file(said.trouble_file_unreadable, name),
            Self::Core(err) => crate::say::error(err, speech),
            Self::Said(text) => text.clone(),
        }
    }
}

impl From<wasm_bindgen::JsValue> for Trouble {
    /// An exception or error value the browser gave, in its words.
    fn from(value: wasm_bindgen::JsValue) -> Self {
        Self::Said(crate::js_error::describe(value))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use portcullis_words::Lang;

    use super::*;

    fn every_doing() -> Vec<Doing> {
        vec![
            Doing::Starting,
            Doing::RsaKeys(KeysBy::WebCrypto),
            Doing::RsaKeys(KeysBy::RustWorkers),
            Doing::RsaKeys(KeysBy::Rust),
            Doing::EncryptionKeyAhead,
            Doing::EncryptionKeyWebCrypto,
            Doing::SignaturesWebCrypto,
            Doing::CaKey,
            Doing::EncryptingCaKey,
            Doing::ServerKey,
            Doing::ServerKeyFor("w1.example.com".into()),
            Doing::ClientKeyFor("alice".into()),
        ]
    }

    /// The core's refusal of a short passphrase, which names its length.
    fn refused() -> Error {
        portcullis_pki::Passphrase::new("hunter2".into()).expect_err("7 characters")
    }

    fn every_trouble() -> Vec<Trouble> {
        let said = || "Out of memory 42".to_owned();
        vec![
            Trouble::NotLoaded,
            Trouble::NotCompiled(said()),
            Trouble::NotReadBack {
                path: "clients/alice/cert.pem".into(),
                why: refused(),
            },
            Trouble::Clock("-5".into()),
            Trouble::NotStarted,
            Trouble::GeneratorStopped(Box::new(Trouble::NotCompiled(said()))),
            Trouble::GeneratorNotStarted,
            Trouble::Garbled(said()),
            Trouble::UnknownMessage,
            Trouble::HelperNotStarted,
            Trouble::HelperGarbled,
            Trouble::KeysMissing { held: 2, wanted: 3 },
            Trouble::KeysFailed(Box::new(Trouble::Said(said()))),
            Trouble::WebCryptoSign(said()),
            Trouble::WebCryptoDerive(said()),
            Trouble::FileCutShort("ca.pem".into()),
            Trouble::FileUnreadable("ca.pem".into()),
            Trouble::Core(refused()),
            Trouble::KeysFailed(Box::new(Trouble::Core(refused()))),
            Trouble::Said(said()),
        ]
    }

    /// Names, paths and numbers in `text`, which every language must keep.
    fn kept(text: &str) -> Vec<&str> {
        let mut kept: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || "():;,.「」（）：、。".contains(c))
            .filter(|word| word.contains(['.', '/']) || word.chars().any(|c| c.is_ascii_digit()))
            .filter(|word| !word.is_empty())
            .collect();
        kept.sort_unstable();
        kept
    }

    fn speech(lang: Lang) -> Speech {
        Speech::of(lang).expect("compiled in")
    }

    #[test]
    fn every_step_and_trouble_is_said_in_every_language_with_its_names_and_numbers() {
        let english = Lang::En.words();
        let lines: Vec<(String, Vec<String>)> = every_doing()
            .iter()
            .map(|doing| {
                let said = Lang::ALL.map(|lang| doing.said(lang.words())).to_vec();
                (doing.said(english), said)
            })
            .chain(every_trouble().iter().map(|trouble| {
                let said = Lang::ALL.map(|lang| trouble.said(speech(lang))).to_vec();
                (trouble.said(speech(Lang::En)), said)
            }))
            .collect();
        for (english, said) in &lines {
            for (lang, text) in Lang::ALL.iter().zip(said) {
                assert!(!text.is_empty() && !text.contains('{'), "{lang:?}: {text}");
                assert_eq!(kept(text), kept(english), "{lang:?}: {text}\n{english}");
                if *lang != Lang::En && english != "Out of memory 42" {
                    assert_ne!(text, english, "{lang:?}");
                }
            }
        }
        // The English reads as the status line and the failures always did.
        let english_of = |doing: Doing| doing.said(english);
        assert_eq!(english_of(Doing::CaKey), "Making the CA key");
        assert_eq!(
            english_of(Doing::ClientKeyFor("alice".into())),
            "Making the client key for alice"
        );
        assert_eq!(english_of(Doing::EncryptingCaKey), "Encrypting the CA key");
        assert_eq!(
            Trouble::GeneratorStopped(Box::new(Trouble::NotLoaded)).said(speech(Lang::En)),
            "the key generator stopped: the page did not finish loading; reload it and try again"
        );
    }

    #[test]
    fn a_step_crosses_from_the_worker_as_data() {
        for doing in every_doing() {
            assert_eq!(crate::wire::across(&doing), doing);
        }
        for trouble in every_trouble() {
            assert_eq!(crate::wire::across(&trouble), trouble);
        }
        assert_eq!(
            Doing::from(Next::ServerKeyFor("w1.example.com")),
            Doing::ServerKeyFor("w1.example.com".into())
        );
    }
}
