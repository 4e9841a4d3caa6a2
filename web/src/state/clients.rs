//! The Clients step's inputs: the clients, their lifetime, the proxy and client.p12.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use portcullis_pki::{ClientName, Field, P12Password, ValidityDays};

use super::{Input, Seen, items};

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

impl super::StepCheck for ClientsInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let refused = match input {
            Input::Clients => items(&self.clients).find_map(|i| i.parse::<ClientName>().err()),
            Input::ClientDays => ValidityDays::parse(Field::ClientDays, &self.client_days).err(),
            Input::P12Password | Input::P12PasswordRepeat if !self.client_p12 => return None,
            Input::P12Password => P12Password::new(self.p12_password.clone()).err(),
            Input::P12PasswordRepeat if self.p12_password != self.p12_password_repeat => {
                return Some(seen.words.messages.p12_passwords_differ.to_owned());
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

    fn problem(inputs: &ClientsInputs, input: Input) -> Option<String> {
        problem_alone(inputs, input)
    }

    #[test]
    fn clients_are_checked_by_name_and_client_p12_only_when_chosen() {
        let mut clients = ClientsInputs::default();
        clients.clients = "alice bob/laptop".to_owned();
        clients.p12_password = "x".to_owned();
        let name = problem(&clients, Input::Clients).expect("a slash in a name");
        assert_eq!(
            name,
            "bob/laptop"
                .parse::<ClientName>()
                .expect_err("a slash")
                .to_string()
        );
        // No client.p12 asked for: its password is not checked.
        assert_eq!(problem(&clients, Input::P12Password), None);
        clients.client_p12 = true;
        assert!(problem(&clients, Input::P12Password).is_some());
        clients.p12_password = "a long enough password".to_owned();
        assert_eq!(problem(&clients, Input::P12Password), None);
        let differ = problem(&clients, Input::P12PasswordRepeat).expect("differ");
        assert!(
            differ.starts_with("client.p12 password: the two entries differ"),
            "{differ}"
        );
    }
}
