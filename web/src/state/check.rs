//! The check tool's inputs: a client's ca.pem, cert.pem, key.pem and DOCKER_HOST.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::{Input, Seen};

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckInputs {
    pub(super) check_ca: String,
    pub(super) check_cert: String,
    pub(super) check_key: String,
    pub(super) check_host: String,
}

impl Drop for CheckInputs {
    fn drop(&mut self) {
        self.check_key.zeroize();
    }
}

impl super::StepInputs for CheckInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::CheckCa => Some(&self.check_ca),
            Input::CheckCert => Some(&self.check_cert),
            Input::CheckKey => Some(&self.check_key),
            Input::CheckHost => Some(&self.check_host),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::CheckCa => Some(&mut self.check_ca),
            Input::CheckCert => Some(&mut self.check_cert),
            Input::CheckKey => Some(&mut self.check_key),
            Input::CheckHost => Some(&mut self.check_host),
            _ => None,
        }
    }
}

impl super::StepCheck for CheckInputs {
    fn problem(&self, _input: Input, _seen: &Seen<'_>) -> Option<String> {
        // The check tool reports on its inputs itself, all at once.
        None
    }
}
