//! The renew tool's inputs: the old bundle, and a new CA's name and passphrase when it replaces the
//! CA too.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::Input;

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RenewInputs {
    pub(super) renew_zip: Vec<u8>,
    pub(super) rotate_ca: bool,
    pub(super) new_ca_name: String,
    pub(super) new_ca_passphrase: String,
    pub(super) new_ca_passphrase_repeat: String,
}

impl Drop for RenewInputs {
    fn drop(&mut self) {
        self.renew_zip.zeroize();
        self.new_ca_passphrase.zeroize();
        self.new_ca_passphrase_repeat.zeroize();
    }
}

impl super::StepInputs for RenewInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::NewCaName => Some(&self.new_ca_name),
            Input::NewCaPassphrase => Some(&self.new_ca_passphrase),
            Input::NewCaPassphraseRepeat => Some(&self.new_ca_passphrase_repeat),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::NewCaName => Some(&mut self.new_ca_name),
            Input::NewCaPassphrase => Some(&mut self.new_ca_passphrase),
            Input::NewCaPassphraseRepeat => Some(&mut self.new_ca_passphrase_repeat),
            _ => None,
        }
    }

    fn flag(&self, input: Input) -> Option<bool> {
        match input {
            Input::RotateCa => Some(self.rotate_ca),
            _ => None,
        }
    }

    fn flag_mut(&mut self, input: Input) -> Option<&mut bool> {
        match input {
            Input::RotateCa => Some(&mut self.rotate_ca),
            _ => None,
        }
    }
}
