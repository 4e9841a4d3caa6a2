//! The wizard's words in English, German and Japanese.
//!
//! Each language is one value of the same structs: a text missing in one language is a field
//! left out, which does not compile, so no language ever falls back to another's words. So far
//! the lessons (the side panel of every step and tool), the steps' names and the inputs' labels
//! are here; the rest of the wizard's words follow into these structs, and the page offers a
//! language once every word (the core's refusals too) is in all three. Until then the page
//! reads only the English values, so the German and Japanese ones are not compiled into its
//! module, whose size is budgeted (`cargo xtask dist`): when the page speaks them, they are to
//! reach it as data beside the module rather than inside it.

use crate::state::{Input, Step};

mod de;
mod en;
mod ja;

/// A language the wizard is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// German, in the words of Docker's German documentation.
    De,
    /// Japanese, in the words of Docker's Japanese documentation.
    Ja,
}

impl Lang {
    /// Every language, in the order the page lists them.
    pub const ALL: [Self; 3] = [Self::En, Self::De, Self::Ja];

    /// The language's BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Ja => "ja",
        }
    }

    /// The language's name in itself, as a language list shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Ja => "日本語",
        }
    }

    /// The first of the user's languages (`navigator.languages`, most wanted first) that the
    /// wizard is written in, by primary subtag (`de-AT` is German); English if none is.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Self {
        tags.into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                Self::ALL
                    .into_iter()
                    .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
            })
            .unwrap_or_default()
    }

    /// The lessons in this language.
    pub fn lessons(self) -> &'static Lessons {
        match self {
            Self::En => &en::LESSONS,
            Self::De => &de::LESSONS,
            Self::Ja => &ja::LESSONS,
        }
    }

    /// The steps' names in this language.
    pub fn steps(self) -> &'static Steps {
        match self {
            Self::En => &en::STEPS,
            Self::De => &de::STEPS,
            Self::Ja => &ja::STEPS,
        }
    }

    /// The page's frame and the Overview in this language.
    pub fn frame(self) -> &'static Frame {
        match self {
            Self::En => &en::FRAME,
            Self::De => &de::FRAME,
            Self::Ja => &ja::FRAME,
        }
    }

    /// The CA, Server and Clients steps' words in this language.
    pub fn path(self) -> &'static Path {
        match self {
            Self::En => &en::PATH,
            Self::De => &de::PATH,
            Self::Ja => &ja::PATH,
        }
    }

    /// The Generate step's words in this language.
    pub fn generate(self) -> &'static Generate {
        match self {
            Self::En => &en::GENERATE,
            Self::De => &de::GENERATE,
            Self::Ja => &ja::GENERATE,
        }
    }

    /// The Review and Download steps' words in this language.
    pub fn results(self) -> &'static Results {
        match self {
            Self::En => &en::RESULTS,
            Self::De => &de::RESULTS,
            Self::Ja => &ja::RESULTS,
        }
    }

    /// The tools' words in this language.
    pub fn tools(self) -> &'static Tools {
        match self {
            Self::En => &en::TOOLS,
            Self::De => &de::TOOLS,
            Self::Ja => &ja::TOOLS,
        }
    }

    /// The inputs' labels in this language.
    pub fn labels(self) -> &'static Labels {
        match self {
            Self::En => &en::LABELS,
            Self::De => &de::LABELS,
            Self::Ja => &ja::LABELS,
        }
    }
}

/// One lesson: a title and its paragraphs.
#[derive(Debug)]
pub struct Lesson {
    /// The panel's heading.
    pub title: &'static str,
    /// The paragraphs, in order.
    pub paragraphs: &'static [&'static str],
}

/// The lesson of every step and tool, in one language.
#[derive(Debug)]
pub struct Lessons {
    /// The Overview.
    pub overview: Lesson,
    /// The CA step.
    pub ca: Lesson,
    /// The Server step.
    pub server: Lesson,
    /// The Clients step.
    pub clients: Lesson,
    /// The Generate step.
    pub generate: Lesson,
    /// The Review step.
    pub review: Lesson,
    /// The Download step.
    pub download: Lesson,
    /// The CSR tool.
    pub sign_csr: Lesson,
    /// The renew tool.
    pub renew: Lesson,
    /// The revoke tool.
    pub revoke: Lesson,
    /// The check tool.
    pub check: Lesson,
}

impl Lessons {
    /// The lesson of `step`.
    pub fn of(&self, step: Step) -> &Lesson {
        match step {
            Step::Overview => &self.overview,
            Step::Ca => &self.ca,
            Step::Server => &self.server,
            Step::Clients => &self.clients,
            Step::Generate => &self.generate,
            Step::Review => &self.review,
            Step::Download => &self.download,
            Step::SignCsr => &self.sign_csr,
            Step::Renew => &self.renew,
            Step::Revoke => &self.revoke,
            Step::Check => &self.check,
        }
    }
}

/// Every input's label (also its accessible name), in one language.
#[derive(Debug)]
pub struct Labels {
    /// `Input::UseExistingCa`.
    pub use_existing_ca: &'static str,
    /// `Input::ExistingCaCert`.
    pub existing_ca_cert: &'static str,
    /// `Input::ExistingCaKey`.
    pub existing_ca_key: &'static str,
    /// `Input::CaName`.
    pub ca_name: &'static str,
    /// `Input::KeyType`.
    pub key_type: &'static str,
    /// `Input::Platform`.
    pub platform: &'static str,
    /// `Input::CaPassphrase`.
    pub ca_passphrase: &'static str,
    /// `Input::CaPassphraseRepeat`.
    pub ca_passphrase_repeat: &'static str,
    /// `Input::UnencryptedCaKey`.
    pub unencrypted_ca_key: &'static str,
    /// `Input::CaDays`.
    pub ca_days: &'static str,
    /// `Input::ServerDns`.
    pub server_dns: &'static str,
    /// `Input::ServerIp`.
    pub server_ip: &'static str,
    /// `Input::Port`.
    pub port: &'static str,
    /// `Input::ServerDays`.
    pub server_days: &'static str,
    /// `Input::DockerHost`.
    pub docker_host: &'static str,
    /// `Input::OtherServers`.
    pub other_servers: &'static str,
    /// `Input::ServerOwnKey`.
    pub server_own_key: &'static str,
    /// `Input::ServerCsr`.
    pub server_csr: &'static str,
    /// `Input::Clients`.
    pub clients: &'static str,
    /// `Input::ClientDays`.
    pub client_days: &'static str,
    /// `Input::Proxy`.
    pub proxy: &'static str,
    /// `Input::ClientP12`.
    pub client_p12: &'static str,
    /// `Input::P12Password`.
    pub p12_password: &'static str,
    /// `Input::P12PasswordRepeat`.
    pub p12_password_repeat: &'static str,
    /// `Input::Csr`.
    pub csr: &'static str,
    /// `Input::CsrProfile`.
    pub csr_profile: &'static str,
    /// `Input::CsrUseNames`.
    pub csr_use_names: &'static str,
    /// `Input::CsrDns`.
    pub csr_dns: &'static str,
    /// `Input::CsrIp`.
    pub csr_ip: &'static str,
    /// `Input::CsrClientName`.
    pub csr_client_name: &'static str,
    /// `Input::CsrDays`.
    pub csr_days: &'static str,
    /// `Input::RevokeCerts`.
    pub revoke_certs: &'static str,
    /// `Input::RevokeCrl`.
    pub revoke_crl: &'static str,
    /// `Input::RevokeReason`.
    pub revoke_reason: &'static str,
    /// `Input::RevokeDays`.
    pub revoke_days: &'static str,
    /// `Input::KeyMaker`.
    pub key_maker: &'static str,
    /// `Input::RotateCa`.
    pub rotate_ca: &'static str,
    /// `Input::NewCaName`.
    pub new_ca_name: &'static str,
    /// `Input::NewCaPassphrase`.
    pub new_ca_passphrase: &'static str,
    /// `Input::NewCaPassphraseRepeat`.
    pub new_ca_passphrase_repeat: &'static str,
    /// `Input::CheckCa`.
    pub check_ca: &'static str,
    /// `Input::CheckCert`.
    pub check_cert: &'static str,
    /// `Input::CheckKey`.
    pub check_key: &'static str,
    /// `Input::CheckHost`.
    pub check_host: &'static str,
}

impl Labels {
    /// The label of `input`.
    pub fn of(&self, input: Input) -> &'static str {
        match input {
            Input::UseExistingCa => self.use_existing_ca,
            Input::ExistingCaCert => self.existing_ca_cert,
            Input::ExistingCaKey => self.existing_ca_key,
            Input::CaName => self.ca_name,
            Input::KeyType => self.key_type,
            Input::Platform => self.platform,
            Input::CaPassphrase => self.ca_passphrase,
            Input::CaPassphraseRepeat => self.ca_passphrase_repeat,
            Input::UnencryptedCaKey => self.unencrypted_ca_key,
            Input::CaDays => self.ca_days,
            Input::ServerDns => self.server_dns,
            Input::ServerIp => self.server_ip,
            Input::Port => self.port,
            Input::ServerDays => self.server_days,
            Input::DockerHost => self.docker_host,
            Input::OtherServers => self.other_servers,
            Input::ServerOwnKey => self.server_own_key,
            Input::ServerCsr => self.server_csr,
            Input::Clients => self.clients,
            Input::ClientDays => self.client_days,
            Input::Proxy => self.proxy,
            Input::ClientP12 => self.client_p12,
            Input::P12Password => self.p12_password,
            Input::P12PasswordRepeat => self.p12_password_repeat,
            Input::Csr => self.csr,
            Input::CsrProfile => self.csr_profile,
            Input::CsrUseNames => self.csr_use_names,
            Input::CsrDns => self.csr_dns,
            Input::CsrIp => self.csr_ip,
            Input::CsrClientName => self.csr_client_name,
            Input::CsrDays => self.csr_days,
            Input::RevokeCerts => self.revoke_certs,
            Input::RevokeCrl => self.revoke_crl,
            Input::RevokeReason => self.revoke_reason,
            Input::RevokeDays => self.revoke_days,
            Input::KeyMaker => self.key_maker,
            Input::RotateCa => self.rotate_ca,
            Input::NewCaName => self.new_ca_name,
            Input::NewCaPassphrase => self.new_ca_passphrase,
            Input::NewCaPassphraseRepeat => self.new_ca_passphrase_repeat,
            Input::CheckCa => self.check_ca,
            Input::CheckCert => self.check_cert,
            Input::CheckKey => self.check_key,
            Input::CheckHost => self.check_host,
        }
    }
}

/// The names of the steps and tools, and the document's title, in one language.
#[derive(Debug)]
pub struct Steps {
    /// `Step::Overview`.
    pub overview: &'static str,
    /// `Step::Ca`.
    pub ca: &'static str,
    /// `Step::Server`.
    pub server: &'static str,
    /// `Step::Clients`.
    pub clients: &'static str,
    /// `Step::Generate`.
    pub generate: &'static str,
    /// `Step::Review`.
    pub review: &'static str,
    /// `Step::Download`.
    pub download: &'static str,
    /// `Step::SignCsr`.
    pub sign_csr: &'static str,
    /// `Step::Renew`.
    pub renew: &'static str,
    /// `Step::Revoke`.
    pub revoke: &'static str,
    /// `Step::Check`.
    pub check: &'static str,
    /// The document's title on a step: `{N}`, `{TOTAL}`, `{STEP}`.
    pub step_title: &'static str,
    /// The document's title on a tool: `{STEP}`.
    pub tool_title: &'static str,
}

impl Steps {
    /// The name of `step`.
    pub fn of(&self, step: Step) -> &'static str {
        match step {
            Step::Overview => self.overview,
            Step::Ca => self.ca,
            Step::Server => self.server,
            Step::Clients => self.clients,
            Step::Generate => self.generate,
            Step::Review => self.review,
            Step::Download => self.download,
            Step::SignCsr => self.sign_csr,
            Step::Renew => self.renew,
            Step::Revoke => self.revoke,
            Step::Check => self.check,
        }
    }

    /// The document's title on `step`: "Step 3 of 7: Server — Portcullis", or the tool's name
    /// for a tool.
    pub fn document_title(&self, step: Step) -> String {
        let name = self.of(step);
        if step.is_tool() {
            self.tool_title.replace("{STEP}", name)
        } else {
            let number = Step::ALL
                .iter()
                .position(|s| *s == step)
                .unwrap_or_default()
                + 1;
            self.step_title
                .replace("{N}", &number.to_string())
                .replace("{TOTAL}", &Step::ALL.len().to_string())
                .replace("{STEP}", name)
        }
    }
}

/// The page's frame (header, the wizard's buttons, the network indicator) and the Overview, in
/// one language. `{CHECK}` and `{REASON}` are filled in where they stand.
#[derive(Debug)]
pub struct Frame {
    /// The header's tagline.
    pub tagline: &'static str,
    /// The accessible name of the wizard's buttons.
    pub wizard_buttons: &'static str,
    /// Back, on a tool.
    pub back_to_wizard: &'static str,
    /// Back.
    pub back: &'static str,
    /// Next.
    pub next: &'static str,
    /// What to do about a copy whose policy allows the network.
    pub check_the_copy: &'static str,
    /// The network indicator while it checks.
    pub network_checking: &'static str,
    /// What it does meanwhile.
    pub network_checking_detail: &'static str,
    /// The network indicator when the policy refused the request.
    pub network_blocked: &'static str,
    /// What that means.
    pub network_blocked_detail: &'static str,
    /// The network indicator when the request went through.
    pub network_open: &'static str,
    /// What that means: `{CHECK}`.
    pub network_open_detail: &'static str,
    /// The network indicator when the request failed otherwise.
    pub network_not_refused: &'static str,
    /// What that means: `{REASON}`, `{CHECK}`.
    pub network_not_refused_detail: &'static str,
    /// The Overview's first paragraph.
    pub lead: &'static str,
    /// What the CA step is for, after its name.
    pub plan_ca: &'static str,
    /// What the Server step is for, after its name.
    pub plan_server: &'static str,
    /// What the Clients step is for, after its name.
    pub plan_clients: &'static str,
    /// The last three steps' names together.
    pub plan_last_steps: &'static str,
    /// What they are for, after their names.
    pub plan_last: &'static str,
    /// The tools' heading.
    pub tools_title: &'static str,
    /// Before the CSR tool's button.
    pub tools_sign_csr: &'static str,
    /// Before the renew tool's button.
    pub tools_renew: &'static str,
    /// Before the revoke tool's button.
    pub tools_revoke: &'static str,
    /// Before the check tool's button.
    pub tools_check: &'static str,
    /// The plan file's heading.
    pub plan_file_title: &'static str,
    /// The plan file's picker.
    pub plan_file_open: &'static str,
    /// What a plan file is.
    pub plan_file_hint: &'static str,
    /// The diagram's title.
    pub diagram_title: &'static str,
    /// The diagram's description.
    pub diagram_description: &'static str,
    /// The diagram's arrows from the CA.
    pub diagram_signs: &'static str,
    /// The diagram's line between client and daemon.
    pub diagram_mutual: &'static str,
    /// The diagram's last line.
    pub diagram_checks: &'static str,
}

/// The CA, Server and Clients steps' own words (their inputs' labels are in [`Labels`]), in one
/// language. `{REQUEST}` is filled in where it stands.
#[derive(Debug)]
pub struct Path {
    /// The note on ECDSA P-256 in the key type list.
    pub ca_p256_note: &'static str,
    /// The note on RSA 4096.
    pub ca_rsa4096_note: &'static str,
    /// The key type's hint.
    pub ca_key_type_hint: &'static str,
    /// The lead with an existing CA.
    pub ca_existing_lead: &'static str,
    /// The existing CA certificate's hint.
    pub ca_existing_cert_hint: &'static str,
    /// The existing CA key's hint.
    pub ca_existing_key_hint: &'static str,
    /// The CA step's lead.
    pub ca_lead: &'static str,
    /// The CA name's hint.
    pub ca_name_hint: &'static str,
    /// The CA passphrase's hint.
    pub ca_passphrase_hint: &'static str,
    /// The CA lifetime's hint.
    pub ca_days_hint: &'static str,
    /// The systemd platform in the list.
    pub server_systemd: &'static str,
    /// The rootless platform.
    pub server_rootless: &'static str,
    /// The Windows platform.
    pub server_windows: &'static str,
    /// The Podman platform.
    pub server_podman: &'static str,
    /// The Server step's lead.
    pub server_lead: &'static str,
    /// The DNS names' hint.
    pub server_dns_hint: &'static str,
    /// The IP addresses' hint.
    pub server_ip_hint: &'static str,
    /// The port's hint.
    pub server_port_hint: &'static str,
    /// The platform's hint.
    pub server_platform_hint: &'static str,
    /// The server's and clients' lifetime hint.
    pub leaf_days_hint: &'static str,
    /// The address check's hint.
    pub server_docker_host_hint: &'static str,
    /// The server CSR's hint.
    pub server_csr_hint: &'static str,
    /// The CSR file picker.
    pub server_csr_file: &'static str,
    /// The CSR's check passed: `{REQUEST}`.
    pub server_csr_valid: &'static str,
    /// The other servers' hint.
    pub server_others_hint: &'static str,
    /// The Clients step's lead.
    pub clients_lead: &'static str,
    /// The client names' hint.
    pub clients_hint: &'static str,
    /// The proxy's explanation.
    pub clients_proxy_hint: &'static str,
    /// client.p12's explanation.
    pub clients_p12_hint: &'static str,
    /// client.p12's password hint.
    pub clients_p12_password_hint: &'static str,
    /// The plan section's heading.
    pub clients_plan_title: &'static str,
    /// The plan section's text.
    pub clients_plan_hint: &'static str,
    /// The plan's save button.
    pub clients_plan_save: &'static str,
    /// When it was saved.
    pub clients_plan_saved: &'static str,
}

/// The Generate step's words, in one language. `{NAME}`s are filled in where they stand.
#[derive(Debug)]
pub struct Generate {
    /// The summary's key type.
    pub summary_keys: &'static str,
    /// The summary's one server.
    pub summary_server: &'static str,
    /// The summary's servers: `{N}`.
    pub summary_server_n: &'static str,
    /// The summary's clients.
    pub summary_clients: &'static str,
    /// What was made ahead: `{READY}`, `{WANTED}`, `{AND_ENCRYPTION}`.
    pub stock_ready: &'static str,
    /// `{AND_ENCRYPTION}` when the encryption key is ready too.
    pub stock_and_encryption: &'static str,
    /// When only the encryption key was made ahead.
    pub stock_encryption_only: &'static str,
    /// Before anything was made.
    pub nothing_yet: &'static str,
    /// Before the worker's first report.
    pub waiting: &'static str,
    /// A step of the run: `{DOING}`, `{N}`, `{TOTAL}`.
    pub running_line: &'static str,
    /// A step named by what it makes: `{WHAT}`.
    pub making: &'static str,
    /// The progress bar's accessible name.
    pub progress: &'static str,
    /// The run is done: `{COUNT}`, `{FILE}`.
    pub done: &'static str,
    /// How many keys were made ahead: `{COUNT}`.
    pub made_ahead: &'static str,
    /// The encryption key was derived ahead.
    pub encryption_ahead: &'static str,
    /// WebCrypto made the RSA signatures.
    pub signed_by_webcrypto: &'static str,
    /// WebCrypto was asked for but not used: `{WHY}`.
    pub fell_back: &'static str,
    /// The run failed: `{MESSAGE}`.
    pub failed: &'static str,
    /// The run was cancelled.
    pub cancelled: &'static str,
    /// The step's lead.
    pub lead: &'static str,
    /// The key maker's hint.
    pub key_maker_hint: &'static str,
    /// The Generate button.
    pub generate: &'static str,
    /// The Cancel button.
    pub cancel: &'static str,
    /// The WebCrypto choice.
    pub maker_webcrypto: &'static str,
    /// The Rust choice.
    pub maker_rust: &'static str,
}

/// The Review and Download steps' words, in one language. `{NAME}`s are filled in where they
/// stand (those marked code as `<code>`).
#[derive(Debug)]
pub struct Results {
    /// Review before anything was made.
    pub review_nothing: &'static str,
    /// Review's lead.
    pub review_lead: &'static str,
    /// The openssl section's heading.
    pub review_openssl_title: &'static str,
    /// The openssl section's text.
    pub review_openssl: &'static str,
    /// The commands' accessible name.
    pub review_openssl_region: &'static str,
    /// A certificate's heading: `{TITLE}`.
    pub review_certificate: &'static str,
    /// An empty list.
    pub review_none: &'static str,
    /// Subject.
    pub review_subject: &'static str,
    /// Issuer.
    pub review_issuer: &'static str,
    /// Serial.
    pub review_serial: &'static str,
    /// Valid from.
    pub review_valid_from: &'static str,
    /// Valid until.
    pub review_valid_until: &'static str,
    /// Subject alt names.
    pub review_sans: &'static str,
    /// Key usage.
    pub review_key_usage: &'static str,
    /// Extended key usage.
    pub review_extended_key_usage: &'static str,
    /// Basic constraints.
    pub review_basic_constraints: &'static str,
    /// Key type.
    pub review_key_type: &'static str,
    /// Who made the key.
    pub review_key_made_by: &'static str,
    /// Signature algorithm.
    pub review_signature: &'static str,
    /// SHA-256 fingerprint.
    pub review_fingerprint: &'static str,
    /// Download before anything was made.
    pub download_nothing: &'static str,
    /// How install.sh runs on a rootless host, after the command.
    pub download_run_rootless: &'static str,
    /// How install.ps1 runs, after the command.
    pub download_run_windows: &'static str,
    /// Download's lead.
    pub download_lead: &'static str,
    /// The download button.
    pub download_button: &'static str,
    /// After saving: `{NAME}`.
    pub download_saved: &'static str,
    /// When saving failed: `{MESSAGE}`.
    pub download_failed: &'static str,
    /// The steps' heading.
    pub download_then: &'static str,
    /// Installing several servers: `{DIR}` (code).
    pub download_servers: &'static str,
    /// Installing one server: `{DIR}`, `{RUN}` (code), `{HOST}`.
    pub download_server: &'static str,
    /// Setting up clients: `{DIR}`, `{RUN}` (code).
    pub download_clients: &'static str,
    /// Importing client.p12: `{FILE}` (code).
    pub download_p12: &'static str,
    /// Putting the CA key away: `{FILE}` (code).
    pub download_ca_key: &'static str,
    /// The README's summary line.
    pub download_guide: &'static str,
}

/// The tools' words (CSR, renew, revoke, check, and the CA panel they share), in one language.
/// `{NAME}`s are filled in where they stand.
#[derive(Debug)]
pub struct Tools {
    /// The tools' CA heading.
    pub your_ca: &'static str,
    /// The CSR read: `{REQUEST}`.
    pub csr_asks: &'static str,
    /// Open a certificate's file.
    pub open_certificate: &'static str,
    /// Open a key's file.
    pub open_key: &'static str,
    /// The CA passphrase's hint in a tool.
    pub passphrase_if_encrypted: &'static str,
    /// The CSR tool's lead.
    pub sign_lead: &'static str,
    /// Where the CA key is used.
    pub key_used_here: &'static str,
    /// The request's heading.
    pub sign_request: &'static str,
    /// Open the CSR's file.
    pub open_csr: &'static str,
    /// Sign as a server.
    pub sign_profile_server: &'static str,
    /// Sign as a client.
    pub sign_profile_client: &'static str,
    /// The profile's hint.
    pub sign_profile_hint: &'static str,
    /// The names' hint.
    pub sign_dns_hint: &'static str,
    /// The client name's hint.
    pub sign_client_hint: &'static str,
    /// The Sign button.
    pub sign: &'static str,
    /// While signing.
    pub signing: &'static str,
    /// Not signed: `{WHY}`.
    pub sign_failed: &'static str,
    /// The result's heading and accessible name.
    pub signed: &'static str,
    /// Subject.
    pub signed_subject: &'static str,
    /// Issuer.
    pub signed_issuer: &'static str,
    /// Names.
    pub signed_names: &'static str,
    /// Usage.
    pub signed_usage: &'static str,
    /// Valid until.
    pub signed_until: &'static str,
    /// The PEM's accessible name.
    pub signed_pem: &'static str,
    /// Save a file: `{FILE}`.
    pub save_file: &'static str,
    /// After saving: `{FILE}`.
    pub signed_saved: &'static str,
    /// The renew tool's lead.
    pub renew_lead: &'static str,
    /// Open the old bundle.
    pub renew_open: &'static str,
    /// Where the zip is read.
    pub renew_read_here: &'static str,
    /// The expiry table's heading.
    pub renew_holds: &'static str,
    /// The table's first column.
    pub renew_certificate: &'static str,
    /// The table's second column.
    pub renew_expires: &'static str,
    /// While reading the zip.
    pub renew_reading: &'static str,
    /// Under the user's own CA.
    pub renew_own_ca: &'static str,
    /// The passphrase's hint.
    pub renew_passphrase_hint: &'static str,
    /// Replacing the CA's explanation.
    pub renew_rotate_hint: &'static str,
    /// The new CA name's hint.
    pub renew_new_name_hint: &'static str,
    /// The new passphrase's hint.
    pub renew_new_passphrase_hint: &'static str,
    /// The renew button.
    pub renew_renew: &'static str,
    /// The rotate button.
    pub renew_rotate: &'static str,
    /// While renewing: `{DOING}`, `{DONE}`, `{TOTAL}`.
    pub renew_renewing: &'static str,
    /// While rotating: `{DOING}`, `{DONE}`, `{TOTAL}`.
    pub renew_rotating: &'static str,
    /// Cancel.
    pub cancel: &'static str,
    /// Rotated: `{COUNT}`.
    pub renew_rotated: &'static str,
    /// The rotated bundle's four steps.
    pub renew_rotated_steps: &'static str,
    /// Download the rotated bundle.
    pub renew_download_rotated: &'static str,
    /// After saving it.
    pub renew_saved_rotated: &'static str,
    /// Renewed: `{COUNT}`.
    pub renew_renewed: &'static str,
    /// Download the renewed bundle.
    pub renew_download_renewed: &'static str,
    /// After saving it.
    pub renew_saved_renewed: &'static str,
    /// Not renewed: `{WHY}`.
    pub renew_not_renewed: &'static str,
    /// Not rotated: `{WHY}`.
    pub renew_not_rotated: &'static str,
    /// Cancelled.
    pub cancelled: &'static str,
    /// The revoke tool's lead.
    pub revoke_lead: &'static str,
    /// The CA certificate's hint.
    pub revoke_cert_hint: &'static str,
    /// The CA key's hint.
    pub revoke_key_hint: &'static str,
    /// What to revoke.
    pub revoke_what: &'static str,
    /// The certificates' hint.
    pub revoke_certs_hint: &'static str,
    /// Open a certificate's file.
    pub open_a_certificate: &'static str,
    /// The current CRL's hint.
    pub revoke_crl_hint: &'static str,
    /// Open the CRL's file.
    pub open_crl: &'static str,
    /// The reason's hint.
    pub revoke_reason_hint: &'static str,
    /// The next update's hint.
    pub revoke_days_hint: &'static str,
    /// The button.
    pub revoke_make: &'static str,
    /// While making it.
    pub revoke_making: &'static str,
    /// No CRL: `{WHY}`.
    pub revoke_failed: &'static str,
    /// The result's accessible name.
    pub revoke_new: &'static str,
    /// One certificate revoked in all.
    pub revoke_made_one: &'static str,
    /// Several: `{COUNT}`.
    pub revoke_made_many: &'static str,
    /// After saving it.
    pub revoke_saved: &'static str,
    /// The check tool's lead.
    pub check_lead: &'static str,
    /// ca.pem's hint.
    pub check_ca_hint: &'static str,
    /// cert.pem's hint.
    pub check_cert_hint: &'static str,
    /// key.pem's hint.
    pub check_key_hint: &'static str,
    /// DOCKER_HOST's hint.
    pub check_host_hint: &'static str,
    /// Open a named file: `{FILE}`.
    pub open_file: &'static str,
    /// The button.
    pub check: &'static str,
    /// While checking.
    pub checking: &'static str,
    /// The report's heading.
    pub check_found: &'static str,
    /// Nothing stops docker.
    pub check_fine: &'static str,
    /// One problem.
    pub check_problem_one: &'static str,
    /// Several: `{COUNT}`.
    pub check_problem_many: &'static str,
    /// A problem.
    pub check_error: &'static str,
    /// A warning.
    pub check_warning: &'static str,
    /// Fine.
    pub check_ok: &'static str,
    /// What docker prints.
    pub check_docker_says: &'static str,
    /// The fix: `{FIX}`.
    pub check_fix: &'static str,
}

#[cfg(test)]
mod tests;
