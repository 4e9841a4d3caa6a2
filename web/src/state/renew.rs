//! The renew tool's inputs: the old bundle, and a new CA's name and passphrase when it replaces the
//! CA too.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use portcullis_pki::{CommonName, Passphrase};

use super::{Input, Seen};

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

impl super::StepCheck for RenewInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let refused = match input {
            // The new CA's inputs count only when the CA is to be replaced.
            _ if !self.rotate_ca => return None,
            Input::NewCaName if self.new_ca_name.trim().is_empty() => return None,
            Input::NewCaName => self.new_ca_name.parse::<CommonName>().err(),
            // Empty: the old key's passphrase, checked when the tool starts.
            Input::NewCaPassphrase if self.new_ca_passphrase.is_empty() => return None,
            Input::NewCaPassphrase => Passphrase::new(self.new_ca_passphrase.clone()).err(),
            Input::NewCaPassphraseRepeat
                if self.new_ca_passphrase != self.new_ca_passphrase_repeat =>
            {
                return Some(seen.words.messages.new_ca_passphrases_differ.to_owned());
            }
            _ => None,
        };
        refused.map(|err| seen.say(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::super::problem_alone;
    use super::*;

    fn problem(inputs: &RenewInputs, input: Input) -> Option<String> {
        problem_alone(inputs, input)
    }

    #[test]
    fn a_new_cas_inputs_count_only_when_the_ca_is_replaced() {
        let mut renew = RenewInputs::default();
        renew.new_ca_name = "x".repeat(80);
        renew.new_ca_passphrase = "short".to_owned();
        for input in [
            Input::NewCaName,
            Input::NewCaPassphrase,
            Input::NewCaPassphraseRepeat,
        ] {
            assert_eq!(problem(&renew, input), None, "{input:?}");
        }
        renew.rotate_ca = true;
        assert!(problem(&renew, Input::NewCaName).is_some());
        assert!(problem(&renew, Input::NewCaPassphrase).is_some());
        assert!(problem(&renew, Input::NewCaPassphraseRepeat).is_some());
        // An empty passphrase is the old key's, checked when the tool starts.
        renew.new_ca_passphrase.clear();
        assert_eq!(problem(&renew, Input::NewCaPassphrase), None);
    }
}
