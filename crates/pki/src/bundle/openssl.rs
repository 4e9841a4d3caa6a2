//! The openssl side of the bundle: `openssl/commands.sh` and the flags it shares with the
//! README's renewal commands.

use super::template::Values;
use crate::key_pair::KeyType;
use crate::plan::{CaKeyProtection, CaSource, Plan};

/// The `openssl genpkey` command line that makes a key of `key_type`.
pub(crate) fn keygen_command(key_type: KeyType) -> String {
    match key_type {
        KeyType::EcdsaP256 => {
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256".into()
        }
        KeyType::EcdsaP384 => {
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384".into()
        }
        KeyType::Ed25519 => "openssl genpkey -algorithm ED25519".into(),
        KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => format!(
            "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:{}",
            key_type.rsa_bits().unwrap_or(4096)
        ),
    }
}

/// ` -sha256`, ` -sha384`, or nothing for Ed25519 (which hashes internally and refuses a digest).
pub(crate) fn digest_flag(key_type: KeyType) -> &'static str {
    match key_type {
        KeyType::EcdsaP384 => " -sha384",
        KeyType::Ed25519 => "",
        KeyType::EcdsaP256 | KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 => " -sha256",
    }
}

/// `-subj` for a common name, quoted for the shell, with openssl's separators escaped.
pub(crate) fn subject(common_name: &str) -> String {
    let mut escaped = String::from("/CN=");
    for c in common_name.chars() {
        if matches!(c, '/' | '+' | '\\' | '=' | ',') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    shell_quote(&escaped)
}

/// Single-quotes `text` for a POSIX shell.
pub(crate) fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The values of `openssl/commands.sh`; `server_dirs` are the servers' folders in the bundle.
pub(crate) fn values(plan: &Plan, common: &Values, server_dirs: &[String]) -> Values {
    let key_type = plan.key_type();
    let keygen = keygen_command(key_type);
    let digest = digest_flag(key_type);
    let mut values = common.clone();
    values.set("KEYGEN", &keygen);
    values.set("DIGEST", digest);
    values.set("CA_SUBJECT", &subject(plan.ca_common_name()));
    let first = plan.first_server();
    values.set("SERVER_SUBJECT", &subject(&first.common_name()));
    // With an existing CA the script still makes a CA of its own, as the lesson's first step.
    let (ca_days, encrypted) = match plan.ca() {
        CaSource::New(ca) => (
            ca.days.days(),
            matches!(ca.protection, CaKeyProtection::Passphrase(_)),
        ),
        CaSource::Existing(_) => (crate::DEFAULT_CA_DAYS, true),
    };
    values.set("CA_DAYS", &ca_days.to_string());
    values.set("SERVER_DAYS", &first.days().days().to_string());
    let server_commands: Vec<String> = plan
        .servers()
        .iter()
        .zip(server_dirs)
        .map(|(server, dir)| {
            format!(
                "{keygen} -out {dir}/server-key.pem\n\
                 openssl req -new -key {dir}/server-key.pem -subj {subject} -out {dir}/server.csr\n\
                 # shellcheck disable=SC2086\n\
                 openssl x509 -req -in {dir}/server.csr -CA ca/ca.pem -CAkey ca/ca-key.pem $pass_in \\\n  \
                 -CAcreateserial -days {days}{digest} -extfile \"$bundle/{dir}/extfile.cnf\" \\\n  \
                 -out {dir}/server-cert.pem",
                subject = subject(&server.common_name()),
                days = server.days().days(),
            )
        })
        .collect();
    values.set("SERVER_COMMANDS", &server_commands.join("\n"));
    let list = |each: &dyn Fn(&String) -> String, separator: &str| -> String {
        server_dirs
            .iter()
            .map(each)
            .collect::<Vec<_>>()
            .join(separator)
    };
    values.set("SERVER_DIRS", &list(&|dir| format!("\"$out/{dir}\""), " "));
    values.set(
        "SERVER_CSRS",
        &list(&|dir| format!("{dir}/server.csr"), " "),
    );
    values.set(
        "SERVER_VERIFY",
        &list(
            &|dir| {
                format!("openssl verify -CAfile ca/ca.pem -purpose sslserver {dir}/server-cert.pem")
            },
            "\n",
        ),
    );
    values.set(
        "CA_KEY_COMMAND",
        &if encrypted {
            format!(
                "# shellcheck disable=SC2086\n{keygen} |\n  openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter {} $pass_out -out ca/ca-key.pem",
                crate::CA_KEY_PBKDF2_ITERATIONS
            )
        } else {
            format!("# Unencrypted, as asked: keep it offline.\n{keygen} -out ca/ca-key.pem")
        },
    );
    let client_dirs: String = plan
        .clients()
        .iter()
        .map(|name| format!(" \"$out/clients/{name}\""))
        .collect();
    values.set("CLIENT_DIRS", &client_dirs);
    let days = plan.client_days().days();
    let commands: Vec<String> = plan
        .clients()
        .iter()
        .map(|name| {
            let dir = format!("clients/{name}");
            format!(
                "{keygen} -out {dir}/key.pem\n\
                 openssl req -new -key {dir}/key.pem -subj {subject} -out {dir}/client.csr\n\
                 # shellcheck disable=SC2086\n\
                 openssl x509 -req -in {dir}/client.csr -CA ca/ca.pem -CAkey ca/ca-key.pem $pass_in \\\n  \
                 -CAcreateserial -days {days}{digest} -extfile \"$bundle/{dir}/extfile-client.cnf\" \\\n  \
                 -out {dir}/cert.pem",
                subject = subject(name.as_str()),
            )
        })
        .collect();
    values.set("CLIENT_COMMANDS", &commands.join("\n"));
    let verify: Vec<String> = plan
        .clients()
        .iter()
        .map(|name| {
            format!("openssl verify -CAfile ca/ca.pem -purpose sslclient clients/{name}/cert.pem")
        })
        .collect();
    values.set("CLIENT_VERIFY", &verify.join("\n"));
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_escaped_and_quoted() {
        assert_eq!(subject("alice"), "'/CN=alice'");
        assert_eq!(subject("A/B+C it's"), r"'/CN=A\/B\+C it'\''s'");
    }
}
