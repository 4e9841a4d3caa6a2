//! The CA step's inputs: a new CA's name, key type, lifetime and passphrase, or an existing CA's
//! certificate and key.

use portcullis_pki::{CommonName, Field, KeyType, Passphrase, ValidityDays};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::{Input, Seen};

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaInputs {
    pub(super) use_existing_ca: bool,
    pub(super) existing_ca_cert: String,
    pub(super) existing_ca_key: String,
    pub(super) ca_name: String,
    pub(super) key_type: String,
    pub(super) ca_passphrase: String,
    pub(super) ca_passphrase_repeat: String,
    pub(super) unencrypted_ca_key: bool,
    pub(super) ca_days: String,
}

impl Default for CaInputs {
    fn default() -> Self {
        Self {
            use_existing_ca: false,
            existing_ca_cert: String::new(),
            existing_ca_key: String::new(),
            ca_name: String::new(),
            key_type: KeyType::default().name().to_owned(),
            ca_passphrase: String::new(),
            ca_passphrase_repeat: String::new(),
            unencrypted_ca_key: false,
            ca_days: portcullis_pki::DEFAULT_CA_DAYS.to_string(),
        }
    }
}

impl Drop for CaInputs {
    fn drop(&mut self) {
        self.ca_passphrase.zeroize();
        self.ca_passphrase_repeat.zeroize();
        self.existing_ca_key.zeroize();
    }
}

impl super::StepInputs for CaInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::ExistingCaCert => Some(&self.existing_ca_cert),
            Input::ExistingCaKey => Some(&self.existing_ca_key),
            Input::CaName => Some(&self.ca_name),
            Input::KeyType => Some(&self.key_type),
            Input::CaPassphrase => Some(&self.ca_passphrase),
            Input::CaPassphraseRepeat => Some(&self.ca_passphrase_repeat),
            Input::CaDays => Some(&self.ca_days),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::ExistingCaCert => Some(&mut self.existing_ca_cert),
            Input::ExistingCaKey => Some(&mut self.existing_ca_key),
            Input::CaName => Some(&mut self.ca_name),
            Input::KeyType => Some(&mut self.key_type),
            Input::CaPassphrase => Some(&mut self.ca_passphrase),
            Input::CaPassphraseRepeat => Some(&mut self.ca_passphrase_repeat),
            Input::CaDays => Some(&mut self.ca_days),
            _ => None,
        }
    }

    fn flag(&self, input: Input) -> Option<bool> {
        match input {
            Input::UseExistingCa => Some(self.use_existing_ca),
            Input::UnencryptedCaKey => Some(self.unencrypted_ca_key),
            _ => None,
        }
    }

    fn flag_mut(&mut self, input: Input) -> Option<&mut bool> {
        match input {
            Input::UseExistingCa => Some(&mut self.use_existing_ca),
            Input::UnencryptedCaKey => Some(&mut self.unencrypted_ca_key),
            _ => None,
        }
    }
}

impl super::StepCheck for CaInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let existing = self.use_existing_ca;
        let refused = match input {
            Input::ExistingCaCert | Input::ExistingCaKey if !existing => return None,
            Input::ExistingCaCert if self.existing_ca_cert.trim().is_empty() => {
                return Some(seen.words.messages.ca_certificate_empty.to_owned());
            }
            Input::ExistingCaKey if self.existing_ca_key.trim().is_empty() => {
                return Some(seen.words.messages.ca_key_empty.to_owned());
            }
            // What the worker found reading the existing CA, beside the input it is about.
            Input::ExistingCaCert | Input::ExistingCaKey => seen.existing_ca_error(input),
            Input::CaPassphrase if existing => seen.existing_ca_error(input),
            // A new CA's inputs mean nothing while an existing CA is used.
            Input::CaName | Input::CaDays | Input::CaPassphraseRepeat | Input::UnencryptedCaKey
                if existing =>
            {
                return None;
            }
            Input::CaName if self.ca_name.trim().is_empty() => return None,
            Input::CaName => self.ca_name.parse::<CommonName>().err(),
            Input::KeyType => self.key_type.parse::<KeyType>().err(),
            Input::CaPassphrase if self.unencrypted_ca_key => return None,
            Input::CaPassphrase => Passphrase::new(self.ca_passphrase.clone()).err(),
            Input::CaPassphraseRepeat
                if !self.unencrypted_ca_key && self.ca_passphrase != self.ca_passphrase_repeat =>
            {
                return Some(seen.words.messages.ca_passphrases_differ.to_owned());
            }
            Input::CaDays => ValidityDays::parse(Field::CaDays, &self.ca_days).err(),
            _ => return None,
        };
        refused.map(|err| seen.say(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::super::problem_alone;
    use super::*;

    fn problem(inputs: &CaInputs, input: Input) -> Option<String> {
        problem_alone(inputs, input)
    }

    #[test]
    fn a_new_cas_inputs_are_checked_in_the_cores_words() {
        let mut ca = CaInputs::default();
        // Nothing typed yet: the name is optional, the passphrase is not.
        assert_eq!(problem(&ca, Input::CaName), None);
        let short = problem(&ca, Input::CaPassphrase).expect("empty passphrase");
        assert!(short.starts_with("CA passphrase:"), "{short}");
        ca.ca_passphrase = "correct horse battery staple".to_owned();
        ca.ca_passphrase_repeat = "correct horse battery stapel".to_owned();
        assert_eq!(problem(&ca, Input::CaPassphrase), None);
        let differ = problem(&ca, Input::CaPassphraseRepeat).expect("differ");
        assert!(differ.contains("the two entries differ"), "{differ}");
        // Unencrypted: no passphrase asked for, so no mismatch either.
        ca.unencrypted_ca_key = true;
        assert_eq!(problem(&ca, Input::CaPassphraseRepeat), None);
        ca.key_type = "rsa-1024".to_owned();
        let key_type = problem(&ca, Input::KeyType).expect("key type");
        assert_eq!(
            key_type,
            "rsa-1024"
                .parse::<KeyType>()
                .expect_err("no such key type")
                .to_string()
        );
        ca.ca_days = "0".to_owned();
        assert!(problem(&ca, Input::CaDays).is_some());
    }

    #[test]
    fn an_existing_ca_asks_for_its_certificate_and_key_and_ignores_a_new_cas_inputs() {
        let mut ca = CaInputs::default();
        ca.ca_days = "0".to_owned();
        assert_eq!(problem(&ca, Input::ExistingCaCert), None);
        ca.use_existing_ca = true;
        let cert = problem(&ca, Input::ExistingCaCert).expect("empty certificate");
        assert!(cert.starts_with("CA certificate: empty"), "{cert}");
        let key = problem(&ca, Input::ExistingCaKey).expect("empty key");
        assert!(key.contains("it stays in this page"), "{key}");
        // A new CA's lifetime means nothing now; the passphrase is the existing key's, and
        // the worker's reading of it decides (nothing read here).
        assert_eq!(problem(&ca, Input::CaDays), None);
        assert_eq!(problem(&ca, Input::CaPassphrase), None);
    }
}
