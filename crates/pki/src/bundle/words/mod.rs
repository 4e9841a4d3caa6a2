//! Every word of the bundle's README.md, one value of [`Words`] per [`Language`]: a text
//! missing in one language is a field left out, which does not compile. Texts with `{{NAME}}`
//! are templates (`template::fill`); the names each takes are listed beside it. Commands, file
//! names and paths stay as they are in every language, and scripts and configuration files are
//! not here: they stay English.

use super::packed::Template;
use crate::Language;

mod de;
mod en;
mod ja;

/// The README's words in one language.
pub(crate) struct Words {
    /// The README itself (templates/README.md and its translations).
    pub readme: Template,
    /// The section on client.p12.
    pub p12_section: Template,
    /// Section 0 of a rotated bundle: the four steps.
    pub rotation_section: Template,
    /// Section 7, the proxy: `PROXY_INSTALL`, `CA_KEY_PATH`, `CRL_PATH`, `CRL_AFTER`.
    pub proxy_section: Template,
    /// Section 1 for each platform, in the order of `Platform::ALL`.
    pub install: [Template; 4],
    /// Each platform for people, in the order of `Platform::ALL`, as a heading begins.
    pub platform: [&'static str; 4],
    /// Each key type for people, in the order of `KeyType::ALL`.
    pub key_type: [&'static str; 6],

    /// The CA key's state when encrypted.
    pub ca_key_encrypted: &'static str,
    /// The CA key's state when not.
    pub ca_key_unencrypted: &'static str,
    /// The CA key's row of the file table: `STATE`.
    pub ca_key_row: &'static str,
    /// Section 4 for a new CA: `STATE`.
    pub ca_key_section: &'static str,
    /// The row in its place under an existing CA: `CA`.
    pub existing_ca_key_row: &'static str,
    /// Section 4 under an existing CA: `CA`.
    pub existing_ca_key_section: &'static str,

    /// What to do with a new CRL, one host.
    pub crl_after_one: &'static str,
    /// The same, several: `OTHERS`.
    pub crl_after_several: &'static str,

    /// The intro's words on the one server: `HOST` (bold).
    pub server_intro_one: &'static str,
    /// What the daemon does, one server: `PORT`.
    pub daemon_intro_one: &'static str,
    /// Section 1's heading's end, one server: `HOST`.
    pub install_where_one: &'static str,
    /// What to copy, one server.
    pub install_what_one: &'static str,
    /// The names a client may dial, one server: `NAMES`.
    pub san_sentence_one: &'static str,
    /// A server's row of the expiry table: `HOST`, `DATE`.
    pub expiry_row: &'static str,
    /// Between the items of a list.
    pub comma: &'static str,
    /// A list's last two items: `REST`, `LAST`.
    pub and: &'static str,
    /// The title, several servers: `HOST`, `MORE`.
    pub title_several: &'static str,
    /// The intro's words on the servers: `LIST`.
    pub server_intro_several: &'static str,
    /// What the daemons do, several.
    pub daemon_intro_several: &'static str,
    /// "its host", where a row stands for every server.
    pub its_host: &'static str,
    /// The table of server folders: `FIRST_DIR`, `ROWS`.
    pub server_table: &'static str,
    /// Section 1's heading's end, several.
    pub install_where_several: &'static str,
    /// What to copy, several.
    pub install_what_several: &'static str,
    /// The clients' words on several hosts: `FIRST_HOST`, `CONTEXTS`.
    pub more_hosts: &'static str,
    /// The names a client may dial, several.
    pub san_sentence_several: &'static str,
    /// The renewal's note on the first server: `HOST`.
    pub first_server_note: &'static str,

    /// The certificates row of a server folder: `DIR`, `WHAT`, `TLS`, `HOST`.
    pub certificates_row: &'static str,
    /// What those files are.
    pub certificates_what: &'static str,
    /// The same with mixed platforms: `PLATFORM`, `HOSTS`.
    pub certificates_what_mixed: &'static str,
    /// The other rows of a server folder per platform (`Platform::ALL` order): `DIR`, `HOST`.
    pub file_rows: [&'static str; 4],
    /// What to copy, mixed platforms, one host of the platform.
    pub install_what_mixed_one: &'static str,
    /// The same, several hosts of the platform.
    pub install_what_mixed_many: &'static str,
    /// The comment on copying a rootless host's folder.
    pub rootless_copy_comment: &'static str,
    /// The comment on copying a Windows host's folder.
    pub windows_copy_comment: &'static str,
    /// The comment before a Windows host's install line: `HOST`.
    pub windows_then: &'static str,
    /// The renewal's install comment on a rootless host.
    pub renew_rootless_comment: &'static str,
    /// The renewal's install comment on a Windows host.
    pub renew_windows_comment: &'static str,
    /// The row of podman-connection.sh.
    pub podman_row: &'static str,
    /// The podman CLI's paragraph: `WHICH`, `NAMES`, `FIRST`.
    pub podman_clients: &'static str,
    /// `WHICH` with one Podman host.
    pub podman_one: &'static str,
    /// `WHICH` with several.
    pub podman_many: &'static str,
    /// Servers whose key was made on the host: `HOSTS`, `SCRIPT`, `PATH`, `MODE`.
    pub own_key_note: &'static str,
    /// `MODE` where root owns the key.
    pub own_key_mode_root: &'static str,
    /// `MODE` where the user does.
    pub own_key_mode_user: &'static str,

    /// Step 1 of a rotation, one host.
    pub each_host_one: &'static str,
    /// Step 1 of a rotation, several.
    pub each_host_many: &'static str,
    /// How install.sh is run in the transition when every host is a systemd one.
    pub transition_how_all: &'static str,
    /// The same when some are.
    pub transition_how_some: &'static str,
    /// The transition's deadline: the old CA ends.
    pub deadline_old_ca: &'static str,
    /// The transition's deadline: the one server's certificate ends.
    pub deadline_server: &'static str,
    /// The transition's deadline: a server's certificate ends: `HOST`.
    pub deadline_server_of: &'static str,
}

/// The README's words in `language`.
pub(crate) fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &en::WORDS,
        Language::De => &de::WORDS,
        Language::Ja => &ja::WORDS,
    }
}
