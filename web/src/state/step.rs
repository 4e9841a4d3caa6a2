//! The wizard's steps and tools, in order, with their titles.

use crate::i18n::{Lesson, Lessons, Words};

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// What Portcullis does and the trust picture.
    Overview,
    /// The certificate authority.
    Ca,
    /// The Docker host: names, addresses, port.
    Server,
    /// The people and machines that may use the daemon.
    Clients,
    /// Making the keys and certificates.
    Generate,
    /// Every certificate decoded, and the openssl equivalent.
    Review,
    /// The zip and how to install it.
    Download,
    /// A tool off the wizard's path: sign a server's or client's CSR with an existing CA.
    SignCsr,
    /// A tool off the wizard's path: renew an old bundle's certificates under the same CA.
    Renew,
    /// A tool off the wizard's path: revoke certificates in a CRL for the bundle's proxy.
    Revoke,
    /// A tool off the wizard's path: check a client's ca.pem, cert.pem and key.pem, as
    /// `portcullis doctor` does before it connects.
    Check,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Self; 7] = [
        Self::Overview,
        Self::Ca,
        Self::Server,
        Self::Clients,
        Self::Generate,
        Self::Review,
        Self::Download,
    ];

    /// The step's name in `words`, its heading and its entry in the step list.
    pub fn title(self, words: &'static Words) -> &'static str {
        let steps = &words.steps;
        match self {
            Self::Overview => steps.overview,
            Self::Ca => steps.ca,
            Self::Server => steps.server,
            Self::Clients => steps.clients,
            Self::Generate => steps.generate,
            Self::Review => steps.review,
            Self::Download => steps.download,
            Self::SignCsr => steps.sign_csr,
            Self::Renew => steps.renew,
            Self::Revoke => steps.revoke,
            Self::Check => steps.check,
        }
    }

    /// The document's title on this step in `words`: "Step 3 of 7: Server — Portcullis", or
    /// the tool's name for a tool.
    pub fn document_title(self, words: &'static Words) -> String {
        let name = self.title(words);
        match Self::ALL.iter().position(|step| *step == self) {
            None => words.steps.tool_title.replace("{STEP}", name),
            Some(index) => words
                .steps
                .step_title
                .replace("{N}", &(index + 1).to_string())
                .replace("{TOTAL}", &Self::ALL.len().to_string())
                .replace("{STEP}", name),
        }
    }

    /// The step's lesson in `lessons`, for the teaching panel.
    pub fn lesson(self, lessons: &'static Lessons) -> &'static Lesson {
        match self {
            Self::Overview => &lessons.overview,
            Self::Ca => &lessons.ca,
            Self::Server => &lessons.server,
            Self::Clients => &lessons.clients,
            Self::Generate => &lessons.generate,
            Self::Review => &lessons.review,
            Self::Download => &lessons.download,
            Self::SignCsr => &lessons.sign_csr,
            Self::Renew => &lessons.renew,
            Self::Revoke => &lessons.revoke,
            Self::Check => &lessons.check,
        }
    }

    /// Whether this is a tool off the wizard's path rather than one of its steps.
    pub fn is_tool(self) -> bool {
        !Self::ALL.contains(&self)
    }

    pub(super) fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.index() + 1).copied()
    }

    /// The step before this one, if any.
    pub fn previous(self) -> Option<Self> {
        self.index().checked_sub(1).map(|i| Self::ALL[i])
    }
}
