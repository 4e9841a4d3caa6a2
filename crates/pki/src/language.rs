//! [`Language`]: the language a bundle's README.md is written in, for the person installing it.
//! Scripts, configuration files and their comments stay English whatever it is.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Field};
use crate::refusal::InputRefusal;

/// A language the bundle's README is written in (serialized as its name: `"de"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, the default.
    #[default]
    En,
    /// German.
    De,
    /// Japanese.
    Ja,
}

impl Language {
    /// Every language, in the order they are offered.
    pub const ALL: [Self; 3] = [Self::En, Self::De, Self::Ja];

    /// The name on the command line (`--lang`), a BCP 47 tag.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Ja => "ja",
        }
    }

    /// The language a POSIX locale names (`LANG=de_DE.UTF-8` is German), by its language part;
    /// `None` for the C and POSIX locales and for languages Portcullis does not write.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|lang| lang.name().eq_ignore_ascii_case(language))
    }
}

impl FromStr for Language {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|lang| lang.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                let text = text.to_owned();
                Error::refused(Field::Language, InputRefusal::language_unknown(text).into())
            })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_from_names_and_locales() {
        assert_eq!("de".parse::<Language>(), Ok(Language::De));
        assert_eq!(" JA ".parse::<Language>(), Ok(Language::Ja));
        let refused = "fr".parse::<Language>().expect_err("not written");
        assert_eq!(
            refused.to_string(),
            "language: `fr` is not a language Portcullis writes; use en (the default), de or ja"
        );
        assert_eq!(Language::from_locale("de_DE.UTF-8"), Some(Language::De));
        assert_eq!(Language::from_locale("ja_JP.eucJP"), Some(Language::Ja));
        assert_eq!(Language::from_locale("en_GB@euro"), Some(Language::En));
        assert_eq!(Language::from_locale("C.UTF-8"), None);
        assert_eq!(Language::from_locale("POSIX"), None);
        assert_eq!(Language::from_locale("fr_FR.UTF-8"), None);
        assert_eq!(Language::from_locale(""), None);
    }
}
