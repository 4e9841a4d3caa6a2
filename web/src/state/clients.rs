//! The Clients step's inputs: the clients, their lifetime, the proxy and client.p12.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::Input;

/// What the user typed on this step, as typed. Only this module and [`super::Form`] see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientsInputs {
    pub(super) clients: String,
    pub(super) client_days: String,
    pub(super) proxy: bool,
    pub(super) client_p12: bool,
    pub(super) p12_password: String,
    pub(super) p12_password_repeat: String,
}

impl Default for ClientsInputs {
    fn default() -> Self {
        Self {
            clients: String::new(),
            client_days: portcullis_pki::DEFAULT_LEAF_DAYS.to_string(),
            proxy: false,
            client_p12: false,
            p12_password: String::new(),
            p12_password_repeat: String::new(),
        }
    }
}

impl Drop for ClientsInputs {
    fn drop(&mut self) {
        self.p12_password.zeroize();
        self.p12_password_repeat.zeroize();
    }
}

impl super::StepInputs for ClientsInputs {
    fn text(&self, input: Input) -> Option<&str> {
        match input {
            Input::Clients => Some(&self.clients),
            Input::ClientDays => Some(&self.client_days),
            Input::P12Password => Some(&self.p12_password),
            Input::P12PasswordRepeat => Some(&self.p12_password_repeat),
            _ => None,
        }
    }

    fn text_mut(&mut self, input: Input) -> Option<&mut String> {
        match input {
            Input::Clients => Some(&mut self.clients),
            Input::ClientDays => Some(&mut self.client_days),
            Input::P12Password => Some(&mut self.p12_password),
            Input::P12PasswordRepeat => Some(&mut self.p12_password_repeat),
            _ => None,
        }
    }

    fn flag(&self, input: Input) -> Option<bool> {
        match input {
            Input::Proxy => Some(self.proxy),
            Input::ClientP12 => Some(self.client_p12),
            _ => None,
        }
    }

    fn flag_mut(&mut self, input: Input) -> Option<&mut bool> {
        match input {
            Input::Proxy => Some(&mut self.proxy),
            Input::ClientP12 => Some(&mut self.client_p12),
            _ => None,
        }
    }
}
