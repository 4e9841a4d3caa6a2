//! The CA key's passphrase: a secret that is zeroized on drop and never printed.

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, Field};
use crate::refusal::{InputRefusal, Refusal};

/// The shortest passphrase accepted for the CA key.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The passphrase that encrypts the CA's private key.
///
/// At least [`MIN_PASSPHRASE_CHARS`] characters. Its bytes are wiped when it is dropped and its
/// `Debug` output never shows them.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    /// Takes ownership of `text` (so no copy is left behind) and checks its length.
    pub fn new(text: String) -> Result<Self, Error> {
        // Wrap first, so the text is wiped on the error path too.
        let passphrase = Self(text);
        let chars = passphrase.0.chars().count();
        if chars == 0 {
            return Err(Error::refused(
                Field::CaPassphrase,
                Refusal::from(InputRefusal::passphrase_empty(MIN_PASSPHRASE_CHARS)),
            ));
        }
        if chars < MIN_PASSPHRASE_CHARS {
            return Err(Error::refused(
                Field::CaPassphrase,
                Refusal::from(InputRefusal::passphrase_short(chars, MIN_PASSPHRASE_CHARS)),
            ));
        }
        Ok(passphrase)
    }

    /// The passphrase of a key someone else encrypted (an existing CA's): only an empty one is
    /// refused, since `openssl` accepts four characters and the key is what it is.
    pub fn of_existing_key(text: String) -> Result<Self, Error> {
        let passphrase = Self(text);
        if passphrase.0.is_empty() {
            return Err(Error::refused(
                Field::CaPassphrase,
                Refusal::from(InputRefusal::passphrase_missing()),
            ));
        }
        Ok(passphrase)
    }

    /// The passphrase's bytes, for the key derivation function.
    pub fn expose_secret(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase([secret elided])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_keys_passphrase_may_be_short_but_not_empty() {
        assert!(Passphrase::of_existing_key("abcd".into()).is_ok());
        assert!(Passphrase::new("abcd".into()).is_err());
        assert_eq!(
            Passphrase::of_existing_key(String::new())
                .expect_err("empty")
                .to_string(),
            "CA passphrase: empty; give the passphrase the CA key is encrypted with"
        );
    }

    #[test]
    fn short_passphrases_are_refused_without_echoing_them() {
        let err = Passphrase::new("hunter2".into()).expect_err("7 chars");
        let message = err.to_string();
        assert!(
            message.starts_with("CA passphrase: only 7 characters"),
            "{message}"
        );
        assert!(!message.contains("hunter2"));
        assert!(Passphrase::new(String::new()).is_err());
        // Characters, not bytes: eight non-ASCII characters are enough.
        assert!(Passphrase::new("ääääääää".into()).is_ok());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let passphrase = Passphrase::new("correct horse battery".into()).expect("long enough");
        let shown = format!("{passphrase:?}");
        assert!(!shown.contains("horse"), "{shown}");
        assert_eq!(passphrase.expose_secret(), b"correct horse battery");
    }
}
