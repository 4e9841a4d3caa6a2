//! `--lang`: the language of the README.md of the bundles `bundle`, `renew` and `rotate-ca`
//! write. Without the flag, the locale's (LC_ALL, else LC_MESSAGES, else LANG, as POSIX orders
//! them), else English. Everything else the CLI prints stays English.

use clap::Args;
use portcullis_pki::Language;

use crate::failure::Failure;

/// The `--lang` flag.
#[derive(Debug, Args)]
pub struct LangArgs {
    /// The language of the bundle's README.md: en, de or ja (default: from LC_ALL, LC_MESSAGES
    /// or LANG, else en). Scripts, configuration files and this command's messages stay English.
    #[arg(long = "lang", value_name = "LANG")]
    lang: Option<String>,
}

impl LangArgs {
    /// The language asked for, or the locale's.
    pub fn language(&self) -> Result<Language, Failure> {
        match &self.lang {
            Some(name) => Ok(name.parse::<Language>()?),
            None => Ok(from_locale(|name| std::env::var(name).ok())),
        }
    }
}

/// The language of the locale `var` describes: the first of LC_ALL, LC_MESSAGES and LANG that
/// is set and not empty decides (C, POSIX or a language Portcullis does not write: English).
fn from_locale(var: impl Fn(&str) -> Option<String>) -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|value| !value.is_empty())
        .and_then(|locale| Language::from_locale(&locale))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(vars: &[(&str, &str)]) -> Language {
        from_locale(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn the_locale_decides_in_posix_order() {
        assert_eq!(locale(&[]), Language::En);
        assert_eq!(locale(&[("LANG", "de_DE.UTF-8")]), Language::De);
        assert_eq!(
            locale(&[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "ja_JP.UTF-8")]),
            Language::Ja
        );
        assert_eq!(
            locale(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C.UTF-8")]),
            Language::En
        );
        assert_eq!(
            locale(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "")]),
            Language::Ja
        );
        assert_eq!(locale(&[("LANG", "fr_FR.UTF-8")]), Language::En);
    }
}
