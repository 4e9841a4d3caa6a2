//! PEM as OpenSSL writes it, including the RFC 1421 headers (`Proc-Type`, `DEK-Info`) of legacy
//! encrypted keys, which strict RFC 7468 readers refuse.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block.
pub(crate) struct PemBlock {
    /// The label, e.g. `CERTIFICATE` or `RSA PRIVATE KEY`.
    pub label: String,
    /// `Name: value` header lines, in order.
    pub headers: Vec<(String, String)>,
    /// The decoded contents; wiped on drop, since they may be a private key.
    pub der: Zeroizing<Vec<u8>>,
}

impl PemBlock {
    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Why PEM text could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PemError {
    /// A BEGIN line without its END line.
    Unterminated(String),
    /// The base64 between them is damaged.
    BadBase64(String),
}

/// Every PEM block in `text`, in order; text outside blocks is ignored.
pub(crate) fn blocks(text: &str) -> Result<Vec<PemBlock>, PemError> {
    let mut found = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut headers = Vec::new();
        let mut body = Zeroizing::new(String::new());
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            match line.split_once(':') {
                Some((name, value)) if body.is_empty() => {
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
                _ => body.push_str(line),
            }
        }
        if !closed {
            return Err(PemError::Unterminated(label.to_owned()));
        }
        let der = Base64::decode_vec(&body).map_err(|_| PemError::BadBase64(label.to_owned()))?;
        found.push(PemBlock {
            label: label.to_owned(),
            headers,
            der: Zeroizing::new(der),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_with_and_without_headers() {
        let text = "junk\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\nAAEC\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nAw==\n-----END CERTIFICATE-----\n";
        let found = blocks(text).expect("parses");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].label, "RSA PRIVATE KEY");
        assert_eq!(found[0].header("dek-info"), Some("AES-256-CBC,00FF"));
        assert_eq!(*found[0].der, [0, 1, 2]);
        assert_eq!(found[1].label, "CERTIFICATE");
        assert!(found[1].headers.is_empty());
    }

    #[test]
    fn damaged_text_is_an_error() {
        assert_eq!(
            blocks("-----BEGIN CERTIFICATE-----\nAw==\n").err(),
            Some(PemError::Unterminated("CERTIFICATE".into()))
        );
        assert_eq!(
            blocks("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----").err(),
            Some(PemError::BadBase64("CERTIFICATE".into()))
        );
    }
}
