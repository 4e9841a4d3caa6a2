//! The CA step's inputs: a new CA's name, key type, lifetime and passphrase, or an existing CA's
//! certificate and key.

use portcullis_pki::KeyType;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::Input;

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
