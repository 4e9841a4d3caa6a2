//! Every input of the form: its label, its id on the page, its step, and the core's field it
//! answers for.

use portcullis_pki::Field;

use super::Step;

/// One input of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// Whether to issue under an existing CA instead of making one ("true" or "").
    UseExistingCa,
    /// The existing CA's certificate, PEM.
    ExistingCaCert,
    /// The existing CA's private key, PEM (plain or encrypted).
    ExistingCaKey,
    /// The CA's common name (empty: the default name).
    CaName,
    /// The key type of every key.
    KeyType,
    /// The CA key's passphrase.
    CaPassphrase,
    /// The passphrase again.
    CaPassphraseRepeat,
    /// Whether to store the CA key unencrypted ("true" or "").
    UnencryptedCaKey,
    /// The CA's lifetime in days.
    CaDays,
    /// DNS names, one per line (commas and spaces also separate).
    ServerDns,
    /// IP addresses, likewise.
    ServerIp,
    /// The TLS port.
    Port,
    /// The server certificate's lifetime in days.
    ServerDays,
    /// The address the user plans to put into DOCKER_HOST (optional; for the SAN check).
    DockerHost,
    /// More Docker hosts, one per line: names and addresses, `:PORT` for a port of its own.
    OtherServers,
    /// Whether the (first) server makes its own key and sends a CSR ("true" or "").
    ServerOwnKey,
    /// That server's CSR, PEM.
    ServerCsr,
    /// Client names, one per line.
    Clients,
    /// The client certificates' lifetime in days.
    ClientDays,
    /// Whether to add the nginx proxy that can revoke clients ("true" or "").
    Proxy,
    /// Whether to add a `client.p12` per client ("true" or "").
    ClientP12,
    /// The password of the `client.p12` files.
    P12Password,
    /// That password again.
    P12PasswordRepeat,
    /// The CSR to sign, PEM.
    Csr,
    /// What to sign it as: "server" or "client".
    CsrProfile,
    /// Whether to take the names the CSR asks for ("true" or "").
    CsrUseNames,
    /// DNS names for a server certificate from a CSR.
    CsrDns,
    /// IP addresses for a server certificate from a CSR.
    CsrIp,
    /// The client's name for a client certificate from a CSR (empty: the CSR's CN).
    CsrClientName,
    /// The signed certificate's lifetime in days.
    CsrDays,
    /// Certificates to revoke, PEM, one after another.
    RevokeCerts,
    /// The CA's current CRL, PEM (empty: the first).
    RevokeCrl,
    /// Why they are revoked.
    RevokeReason,
    /// Days until the CRL's next update.
    RevokeDays,
    /// Who makes the keys: "webcrypto" (the browser's, for RSA keys and the CA key's PBKDF2)
    /// or "rust" (Portcullis' own code, the CLI's).
    KeyMaker,
    /// Whether the renew tool replaces the CA too, with a transition ("true" or "").
    RotateCa,
    /// The new CA's name (empty: the old one's with today's date).
    NewCaName,
    /// The new CA key's passphrase (empty: the old key's).
    NewCaPassphrase,
    /// That passphrase again.
    NewCaPassphraseRepeat,
    /// The check tool's ca.pem.
    CheckCa,
    /// The check tool's cert.pem.
    CheckCert,
    /// The check tool's key.pem.
    CheckKey,
    /// The check tool's DOCKER_HOST.
    CheckHost,
    /// How the host runs its daemon (a [`Platform`] name); every server's unless its line says.
    Platform,
}

impl Input {
    /// Every input.
    pub const ALL: [Self; 44] = [
        Self::UseExistingCa,
        Self::ExistingCaCert,
        Self::ExistingCaKey,
        Self::CaName,
        Self::KeyType,
        Self::CaPassphrase,
        Self::CaPassphraseRepeat,
        Self::UnencryptedCaKey,
        Self::CaDays,
        Self::ServerDns,
        Self::ServerIp,
        Self::Port,
        Self::Platform,
        Self::ServerDays,
        Self::DockerHost,
        Self::OtherServers,
        Self::ServerOwnKey,
        Self::ServerCsr,
        Self::Clients,
        Self::ClientDays,
        Self::Proxy,
        Self::ClientP12,
        Self::P12Password,
        Self::P12PasswordRepeat,
        Self::Csr,
        Self::CsrProfile,
        Self::CsrUseNames,
        Self::CsrDns,
        Self::CsrIp,
        Self::CsrClientName,
        Self::CsrDays,
        Self::RevokeCerts,
        Self::RevokeCrl,
        Self::RevokeReason,
        Self::RevokeDays,
        Self::KeyMaker,
        Self::RotateCa,
        Self::NewCaName,
        Self::NewCaPassphrase,
        Self::NewCaPassphraseRepeat,
        Self::CheckCa,
        Self::CheckCert,
        Self::CheckKey,
        Self::CheckHost,
    ];

    /// The visible label in `words`, which is also the control's accessible name.
    pub fn label(self, words: &'static crate::i18n::Words) -> &'static str {
        let labels = &words.labels;
        match self {
            Self::UseExistingCa => labels.use_existing_ca,
            Self::ExistingCaCert => labels.existing_ca_cert,
            Self::ExistingCaKey => labels.existing_ca_key,
            Self::CaName => labels.ca_name,
            Self::KeyType => labels.key_type,
            Self::Platform => labels.platform,
            Self::CaPassphrase => labels.ca_passphrase,
            Self::CaPassphraseRepeat => labels.ca_passphrase_repeat,
            Self::UnencryptedCaKey => labels.unencrypted_ca_key,
            Self::CaDays => labels.ca_days,
            Self::ServerDns => labels.server_dns,
            Self::ServerIp => labels.server_ip,
            Self::Port => labels.port,
            Self::ServerDays => labels.server_days,
            Self::DockerHost => labels.docker_host,
            Self::OtherServers => labels.other_servers,
            Self::ServerOwnKey => labels.server_own_key,
            Self::ServerCsr => labels.server_csr,
            Self::Clients => labels.clients,
            Self::ClientDays => labels.client_days,
            Self::Proxy => labels.proxy,
            Self::ClientP12 => labels.client_p12,
            Self::P12Password => labels.p12_password,
            Self::P12PasswordRepeat => labels.p12_password_repeat,
            Self::Csr => labels.csr,
            Self::CsrProfile => labels.csr_profile,
            Self::CsrUseNames => labels.csr_use_names,
            Self::CsrDns => labels.csr_dns,
            Self::CsrIp => labels.csr_ip,
            Self::CsrClientName => labels.csr_client_name,
            Self::CsrDays => labels.csr_days,
            Self::RevokeCerts => labels.revoke_certs,
            Self::RevokeCrl => labels.revoke_crl,
            Self::RevokeReason => labels.revoke_reason,
            Self::RevokeDays => labels.revoke_days,
            Self::KeyMaker => labels.key_maker,
            Self::RotateCa => labels.rotate_ca,
            Self::NewCaName => labels.new_ca_name,
            Self::NewCaPassphrase => labels.new_ca_passphrase,
            Self::NewCaPassphraseRepeat => labels.new_ca_passphrase_repeat,
            Self::CheckCa => labels.check_ca,
            Self::CheckCert => labels.check_cert,
            Self::CheckKey => labels.check_key,
            Self::CheckHost => labels.check_host,
        }
    }

    /// The HTML id of the control.
    pub fn id(self) -> &'static str {
        match self {
            Self::UseExistingCa => "use-existing-ca",
            Self::ExistingCaCert => "existing-ca-cert",
            Self::ExistingCaKey => "existing-ca-key",
            Self::CaName => "ca-name",
            Self::KeyType => "key-type",
            Self::Platform => "platform",
            Self::CaPassphrase => "ca-passphrase",
            Self::CaPassphraseRepeat => "ca-passphrase-repeat",
            Self::UnencryptedCaKey => "unencrypted-ca-key",
            Self::CaDays => "ca-days",
            Self::ServerDns => "server-dns",
            Self::ServerIp => "server-ip",
            Self::Port => "port",
            Self::ServerDays => "server-days",
            Self::DockerHost => "docker-host",
            Self::OtherServers => "other-servers",
            Self::ServerOwnKey => "server-own-key",
            Self::ServerCsr => "server-csr",
            Self::Clients => "clients",
            Self::ClientDays => "client-days",
            Self::Proxy => "proxy",
            Self::ClientP12 => "client-p12",
            Self::P12Password => "p12-password",
            Self::P12PasswordRepeat => "p12-password-repeat",
            Self::Csr => "csr",
            Self::CsrProfile => "csr-profile",
            Self::CsrUseNames => "csr-use-names",
            Self::CsrDns => "csr-dns",
            Self::CsrIp => "csr-ip",
            Self::CsrClientName => "csr-client-name",
            Self::CsrDays => "csr-days",
            Self::RevokeCerts => "revoke-certs",
            Self::RevokeCrl => "revoke-crl",
            Self::RevokeReason => "revoke-reason",
            Self::RevokeDays => "revoke-days",
            Self::KeyMaker => "key-maker",
            Self::RotateCa => "rotate-ca",
            Self::NewCaName => "new-ca-name",
            Self::NewCaPassphrase => "new-ca-passphrase",
            Self::NewCaPassphraseRepeat => "new-ca-passphrase-repeat",
            Self::CheckCa => "check-ca",
            Self::CheckCert => "check-cert",
            Self::CheckKey => "check-key",
            Self::CheckHost => "check-host",
        }
    }

    /// The step the input is on.
    pub fn step(self) -> Step {
        match self {
            Self::UseExistingCa
            | Self::ExistingCaCert
            | Self::ExistingCaKey
            | Self::CaName
            | Self::KeyType
            | Self::CaPassphrase
            | Self::CaPassphraseRepeat
            | Self::UnencryptedCaKey
            | Self::CaDays => Step::Ca,
            Self::ServerDns
            | Self::ServerIp
            | Self::Port
            | Self::Platform
            | Self::ServerDays
            | Self::DockerHost
            | Self::OtherServers
            | Self::ServerOwnKey
            | Self::ServerCsr => Step::Server,
            Self::Clients
            | Self::ClientDays
            | Self::Proxy
            | Self::ClientP12
            | Self::P12Password
            | Self::P12PasswordRepeat => Step::Clients,
            Self::Csr
            | Self::CsrProfile
            | Self::CsrUseNames
            | Self::CsrDns
            | Self::CsrIp
            | Self::CsrClientName
            | Self::CsrDays => Step::SignCsr,
            Self::RevokeCerts | Self::RevokeCrl | Self::RevokeReason | Self::RevokeDays => {
                Step::Revoke
            }
            Self::KeyMaker => Step::Generate,
            Self::RotateCa
            | Self::NewCaName
            | Self::NewCaPassphrase
            | Self::NewCaPassphraseRepeat => Step::Renew,
            Self::CheckCa | Self::CheckCert | Self::CheckKey | Self::CheckHost => Step::Check,
        }
    }

    /// The input a core error is about.
    pub(super) fn from_field(field: Field) -> Option<Self> {
        Some(match field {
            Field::ServerDns | Field::ServerNames => Self::ServerDns,
            Field::ServerIp => Self::ServerIp,
            Field::Client => Self::Clients,
            Field::CaCommonName => Self::CaName,
            Field::CaDays => Self::CaDays,
            Field::ServerDays => Self::ServerDays,
            Field::ClientDays => Self::ClientDays,
            Field::Port => Self::Port,
            Field::Platform => Self::Platform,
            Field::KeyType => Self::KeyType,
            Field::CaPassphrase => Self::CaPassphrase,
            Field::CaCertificate => Self::ExistingCaCert,
            Field::CaKey => Self::ExistingCaKey,
            Field::Csr => Self::ServerCsr,
            Field::P12Password => Self::P12Password,
            _ => return None,
        })
    }
}
