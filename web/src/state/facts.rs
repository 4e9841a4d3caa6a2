//! What the worker answered about the form: each answer kept with the question it answers, so
//! that an answer about earlier input is never taken for the input as it is now.

use crate::ask::{Answer, Ask};

/// The worker's answers the form still asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    answers: Vec<(Ask, Answer)>,
}

impl Facts {
    /// The answer to `ask`, if the worker gave it.
    pub fn answer(&self, ask: &Ask) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|(asked, _)| asked == ask)
            .map(|(_, answer)| answer)
    }

    /// Keeps `answer` to `ask` if the form still asks it (one of `wanted`), and drops answers
    /// to questions the form no longer asks. Returns whether anything changed.
    pub fn keep(&mut self, ask: Ask, answer: Answer, wanted: &[Ask]) -> bool {
        let before = self.answers.len();
        self.answers.retain(|(asked, _)| wanted.contains(asked));
        let dropped = self.answers.len() != before;
        if !wanted.contains(&ask) || self.answer(&ask).is_some() {
            return dropped;
        }
        self.answers.push((ask, answer));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr(pem: &str) -> Ask {
        Ask::Csr(pem.to_owned())
    }

    fn refused() -> Answer {
        Answer::Csr(Err(portcullis_pki::Error::KeyGeneration("test".into())))
    }

    #[test]
    fn an_answer_is_kept_only_while_its_question_is_asked() {
        let mut facts = Facts::default();
        assert!(!facts.keep(csr("old"), refused(), &[csr("new")]));
        assert_eq!(facts.answer(&csr("old")), None);
        assert!(facts.keep(csr("new"), refused(), &[csr("new")]));
        assert_eq!(facts.answer(&csr("new")), Some(&refused()));
        // Another question's answer comes: the first, no longer asked, goes.
        assert!(facts.keep(csr("newer"), refused(), &[csr("newer")]));
        assert_eq!(facts.answer(&csr("new")), None);
        assert!(facts.answer(&csr("newer")).is_some());
        // The same answer twice changes nothing.
        assert!(!facts.keep(csr("newer"), refused(), &[csr("newer")]));
    }
}
