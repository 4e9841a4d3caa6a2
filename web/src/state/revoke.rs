//! The revoke tool's inputs: the certificates to revoke, the CRL so far, the reason, the days.

use serde::{Deserialize, Serialize};

use portcullis_pki::{Field, Reason, ValidityDays};

use super::{Input, Seen};

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

impl super::StepCheck for RevokeInputs {
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String> {
        let refused = match input {
            Input::RevokeReason => self.revoke_reason.parse::<Reason>().err(),
            Input::RevokeDays => ValidityDays::parse(Field::Revocation, &self.revoke_days).err(),
            // The certificates and the CRL are read when the tool runs.
            _ => None,
        };
        refused.map(|err| seen.say(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::super::problem_alone;
    use super::*;

    #[test]
    fn the_reason_and_the_days_are_checked_the_rest_when_the_tool_runs() {
        let mut revoke = RevokeInputs {
            revoke_certs: "not a certificate".to_owned(),
            ..RevokeInputs::default()
        };
        assert_eq!(problem_alone(&revoke, Input::RevokeCerts), None);
        assert_eq!(problem_alone(&revoke, Input::RevokeReason), None);
        revoke.revoke_reason = "lost".to_owned();
        let reason = problem_alone(&revoke, Input::RevokeReason).expect("unknown reason");
        assert_eq!(
            reason,
            "lost"
                .parse::<Reason>()
                .expect_err("no such reason")
                .to_string()
        );
        revoke.revoke_days = "soon".to_owned();
        assert!(problem_alone(&revoke, Input::RevokeDays).is_some());
    }
}
