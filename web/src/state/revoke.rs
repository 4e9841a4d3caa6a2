//! The revoke tool's inputs: the certificates to revoke, the CRL so far, the reason, the days.

use serde::{Deserialize, Serialize};

use super::Input;

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevokeInputs {
    pub(super) revoke_certs: String,
    pub(super) revoke_crl: String,
    pub(super) revoke_reason: String,
    pub(super) revoke_days: String,
}

impl Default for RevokeInputs {
    fn default() -> Self {
        Self {
            revoke_certs: String::new(),
            revoke_crl: String::new(),
            revoke_reason: "key-compromise".to_owned(),
            revoke_days: "30".to_owned(),
        }
    }
}

impl super::StepInputs for RevokeInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::RevokeCerts => Some(&self.revoke_certs),
            Input::RevokeCrl => Some(&self.revoke_crl),
            Input::RevokeReason => Some(&self.revoke_reason),
            Input::RevokeDays => Some(&self.revoke_days),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::RevokeCerts => Some(&mut self.revoke_certs),
            Input::RevokeCrl => Some(&mut self.revoke_crl),
            Input::RevokeReason => Some(&mut self.revoke_reason),
            Input::RevokeDays => Some(&mut self.revoke_days),
            _ => None,
        }
    }
}
