//! The core's errors in the language the page speaks.
//!
//! A refusal given as data (`portcullis_pki::Refusal`) is said from the page's words, with
//! the values the core names. What the core has not yet given as data (its other errors, and
//! [`Refusal::Words`]) is said in its English words, whole, rather than half translated.

use portcullis_pki::{Error, Field, Refusal, Warning};
use portcullis_words::{Refusals, Words, fill};

/// `err` in `words`' language, as the CLI would print it in English.
pub fn error(err: &Error, words: &Words) -> String {
    let said = match err {
        Error::InvalidInput { field, refusal } => {
            refusal_text(refusal, &words.refusals).map(|why| {
                fill(
                    words.refusals.field_says,
                    &[
                        ("FIELD", field_name(*field, &words.refusals)),
                        ("WHY", &why),
                    ],
                )
            })
        }
        _ => None,
    };
    said.unwrap_or_else(|| err.to_string())
}

/// `warning` in `words`' language; a warning whose words are not yet data (the lifetimes cut
/// short by the CA's end, which name certificates in English) in English, whole.
pub fn warning(warning: &Warning, words: &Words) -> String {
    let r = &words.refusals;
    match warning {
        Warning::UnencryptedCaKey => r.warning_unencrypted_ca_key.to_owned(),
        Warning::SingleLabelName(name) => {
            fill(r.warning_single_label_name, &[("NAME", name.as_str())])
        }
        Warning::LoopbackOnly => r.warning_loopback_only.to_owned(),
        other => other.to_string(),
    }
}

/// The field's name at the start of a refusal.
fn field_name(field: Field, refusals: &Refusals) -> &'static str {
    match field {
        Field::ServerDns => refusals.field_server_dns,
        Field::ServerIp => refusals.field_server_ip,
        Field::ServerNames => refusals.field_server_names,
        Field::Client => refusals.field_client,
        Field::CaCommonName => refusals.field_ca_name,
        Field::CaDays => refusals.field_ca_days,
        Field::ServerDays => refusals.field_server_days,
        Field::ClientDays => refusals.field_client_days,
        Field::Port => refusals.field_port,
        Field::KeyType => refusals.field_key_type,
        Field::CaPassphrase => refusals.field_ca_passphrase,
        Field::Document => refusals.field_document,
        Field::CaCertificate => refusals.field_ca_certificate,
        Field::CaKey => refusals.field_ca_key,
        Field::Csr => refusals.field_csr,
        Field::Crl => refusals.field_crl,
        Field::Revocation => refusals.field_revocation,
        Field::OldBundle => refusals.field_old_bundle,
        Field::PlanFile => refusals.field_plan_file,
        Field::P12Password => refusals.field_p12_password,
        Field::Platform => refusals.field_platform,
        Field::Language => refusals.field_language,
    }
}

/// Why, from the words; `None` for a refusal not yet given as data.
fn refusal_text(refusal: &Refusal, r: &Refusals) -> Option<String> {
    let n = |number: &dyn ToString| number.to_string();
    let text = match refusal {
        Refusal::DnsEmpty => r.dns_empty.to_owned(),
        Refusal::DnsIsIp { name } => fill(r.dns_is_ip, &[("NAME", name)]),
        Refusal::DnsTrailingDot { name, stripped } => fill(
            r.dns_trailing_dot,
            &[("NAME", name), ("STRIPPED", stripped)],
        ),
        Refusal::DnsNotAscii { name } => fill(r.dns_not_ascii, &[("NAME", name)]),
        Refusal::DnsTooLong { name, len, max } => fill(
            r.dns_too_long,
            &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
        ),
        Refusal::DnsWildcard { name } => fill(r.dns_wildcard, &[("NAME", name)]),
        Refusal::DnsEmptyLabel { name } => fill(r.dns_empty_label, &[("NAME", name)]),
        Refusal::DnsLabelTooLong {
            name,
            label,
            len,
            max,
        } => fill(
            r.dns_label_too_long,
            &[
                ("NAME", name),
                ("LABEL", label),
                ("LEN", &n(len)),
                ("MAX", &n(max)),
            ],
        ),
        Refusal::DnsBadCharacter { name, bad } => {
            fill(r.dns_bad_character, &[("NAME", name), ("BAD", &n(bad))])
        }
        Refusal::DnsLabelHyphen { name, label } => {
            fill(r.dns_label_hyphen, &[("NAME", name), ("LABEL", label)])
        }
        Refusal::DnsAllDigits { name } => fill(r.dns_all_digits, &[("NAME", name)]),
        Refusal::IpEmpty => r.ip_empty.to_owned(),
        Refusal::IpBrackets { text, inner } => {
            fill(r.ip_brackets, &[("TEXT", text), ("INNER", inner)])
        }
        Refusal::IpNetwork { text } => fill(r.ip_network, &[("TEXT", text)]),
        Refusal::IpIsName { text } => fill(r.ip_is_name, &[("TEXT", text)]),
        Refusal::IpMalformed { text } => fill(r.ip_malformed, &[("TEXT", text)]),
        Refusal::IpUnspecified { text } => fill(r.ip_unspecified, &[("TEXT", text)]),
        Refusal::IpMulticast { text } => fill(r.ip_multicast, &[("TEXT", text)]),
        Refusal::ClientEmpty => r.client_empty.to_owned(),
        Refusal::ClientTooLong { name, len, max } => fill(
            r.client_too_long,
            &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
        ),
        Refusal::ClientBadCharacter { name, shown } => {
            fill(r.client_bad_character, &[("NAME", name), ("SHOWN", shown)])
        }
        Refusal::ClientStart { name } => fill(r.client_start, &[("NAME", name)]),
        Refusal::CaNameEmpty => r.ca_name_empty.to_owned(),
        Refusal::CaNameTooLong { name, len, max } => fill(
            r.ca_name_too_long,
            &[("NAME", name), ("LEN", &n(len)), ("MAX", &n(max))],
        ),
        Refusal::CaNameControl { name } => fill(r.ca_name_control, &[("NAME", name)]),
        Refusal::DaysTooFew { days } => fill(r.days_too_few, &[("DAYS", &n(days))]),
        Refusal::DaysTooMany { days, max } => {
            fill(r.days_too_many, &[("DAYS", &n(days)), ("MAX", &n(max))])
        }
        Refusal::DaysNotNumber { text } => fill(r.days_not_number, &[("TEXT", text)]),
        Refusal::PortZero { default } => fill(r.port_zero, &[("DEFAULT", &n(default))]),
        Refusal::PortTooHigh { port, default } => fill(
            r.port_too_high,
            &[("PORT", &n(port)), ("DEFAULT", &n(default))],
        ),
        Refusal::PortNotNumber { text, default } => fill(
            r.port_not_number,
            &[("TEXT", text), ("DEFAULT", &n(default))],
        ),
        Refusal::PassphraseEmpty { min } => fill(r.passphrase_empty, &[("MIN", &n(min))]),
        Refusal::PassphraseShort { chars, min } => fill(
            r.passphrase_short,
            &[("CHARS", &n(chars)), ("MIN", &n(min))],
        ),
        Refusal::PassphraseMissing => r.passphrase_missing.to_owned(),
        Refusal::Words(_) => return None,
    };
    Some(text)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use portcullis_pki::{ClientName, CommonName, DnsName, IpSan, Passphrase, Port, ValidityDays};
    use portcullis_words::Lang;

    use super::*;

    /// A refusal of every kind the core gives as data, from its own parsers.
    fn refusals() -> Vec<Error> {
        let long = "a".repeat(300);
        let mut errors: Vec<Error> = [
            "",
            "10.0.0.1",
            "docker.example.com.",
            "bücher.example",
            &format!("{}.com", "a.".repeat(130)),
            "*.example.com",
            "a..b",
            &format!("{}.com", "a".repeat(64)),
            "a_b.com",
            "-a.com",
            "host.123",
        ]
        .iter()
        .filter_map(|input| input.parse::<DnsName>().err())
        .collect();
        errors.extend(
            [
                "",
                "[::1]",
                "10.0.0.0/8",
                "docker",
                "1.2.3",
                "0.0.0.0",
                "224.0.0.1",
            ]
            .iter()
            .filter_map(|input| input.parse::<IpSan>().err()),
        );
        errors.extend(
            ["", long.as_str(), "a b", "-alice"]
                .iter()
                .filter_map(|input| input.parse::<ClientName>().err()),
        );
        errors.extend(
            ["", long.as_str(), "a\u{1}b"]
                .iter()
                .filter_map(|input| input.parse::<CommonName>().err()),
        );
        errors.extend(
            ["0", "99999999", "a year"]
                .iter()
                .filter_map(|input| ValidityDays::parse(Field::CaDays, input).err()),
        );
        errors.extend(
            ["0", "70000", "https"]
                .iter()
                .filter_map(|input| input.parse::<Port>().err()),
        );
        errors.extend(Passphrase::new(String::new()).err());
        errors.extend(Passphrase::new("short".into()).err());
        errors.extend(Passphrase::of_existing_key(String::new()).err());
        errors
    }

    #[test]
    fn every_refusal_given_as_data_is_said_in_english_exactly_as_the_cli_says_it() {
        let errors = refusals();
        // Each input above is refused, each for another reason, none in words alone.
        assert_eq!(errors.len(), 34);
        let mut kinds: Vec<String> = errors
            .iter()
            .map(|err| {
                let refusal = err.refusal().expect("a refusal of input");
                assert!(!matches!(refusal, Refusal::Words(_)), "{err}");
                format!("{refusal:?}")
                    .split([' ', '('])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), 34, "{kinds:?}");
        for err in &errors {
            assert_eq!(error(err, Lang::En.words()), err.to_string());
        }
    }

    #[test]
    fn german_and_japanese_say_each_refusal_with_its_values_and_nothing_left_over() {
        for lang in [Lang::De, Lang::Ja] {
            for err in refusals() {
                let english = err.to_string();
                let said = error(&err, lang.words());
                assert_ne!(said, english, "{lang:?}: {said}");
                assert!(
                    !said.contains('{') || english.contains('{'),
                    "{lang:?}: {said}"
                );
                // Every name in backticks, flag and number the English names, in the same
                // number, so that nothing the user must see is lost in translation.
                let names = |text: &str| -> Vec<String> {
                    let mut found: Vec<String> = text
                        .split('`')
                        .skip(1)
                        .step_by(2)
                        .map(str::to_owned)
                        .chain(
                            text.split(|c: char| c.is_whitespace() || "();,。、（）：".contains(c))
                                .filter(|word| {
                                    word.starts_with("--")
                                        || (!word.is_empty()
                                            && word.chars().all(|c| c.is_ascii_digit()))
                                })
                                .map(str::to_owned),
                        )
                        .collect();
                    found.sort_unstable();
                    found
                };
                assert_eq!(names(&said), names(&english), "{lang:?}: {said}\n{english}");
            }
        }
        assert_eq!(
            error(
                &"70000".parse::<Port>().expect_err("too high"),
                Lang::De.words()
            ),
            "Port: 70000 liegt über 65535; der TLS-Port von Docker ist 2376"
        );
        assert_eq!(
            error(&"".parse::<DnsName>().expect_err("empty"), Lang::Ja.words()),
            "サーバの DNS 名：空です。`docker.example.com` のようなホスト名を指定してください"
        );
    }

    #[test]
    fn refusals_not_yet_data_and_other_errors_stay_whole_in_english() {
        let words = Error::input(Field::Csr, "empty; paste the request");
        assert_eq!(
            error(&words, Lang::De.words()),
            "CSR: empty; paste the request"
        );
        let other = Error::Archive("disk full".into());
        assert_eq!(error(&other, Lang::Ja.words()), other.to_string());
    }

    #[test]
    fn warnings_given_as_data_are_said_in_each_language() {
        let name: DnsName = "nas".parse().expect("a name");
        for warning in [
            Warning::UnencryptedCaKey,
            Warning::SingleLabelName(name),
            Warning::LoopbackOnly,
        ] {
            assert_eq!(
                super::warning(&warning, Lang::En.words()),
                warning.to_string()
            );
            for lang in [Lang::De, Lang::Ja] {
                let said = super::warning(&warning, lang.words());
                assert_ne!(said, warning.to_string());
                assert_eq!(
                    said.matches("`nas`").count(),
                    warning.to_string().matches("`nas`").count()
                );
            }
        }
    }
}
