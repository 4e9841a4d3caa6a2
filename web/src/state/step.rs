//! The wizard's steps and tools, in order, with their titles.

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

    /// The step's title (English: the wizard speaks it until every word is in each language;
    /// see `i18n`).
    pub fn title(self) -> &'static str {
        crate::i18n::Lang::En.steps().of(self)
    }

    /// The document's title on this step: "Step 3 of 7: Server — Portcullis", or the tool's
    /// name for a tool.
    pub fn document_title(self) -> String {
        crate::i18n::Lang::En.steps().document_title(self)
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
