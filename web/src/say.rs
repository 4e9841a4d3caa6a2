//! The core's errors in the language the page speaks.
//!
//! A refusal given as data (`portcullis_pki::Refusal`) is said from the language's refusals,
//! with the values the core names. What the core has not yet given as data ([`Refusal::Words`])
//! is said in its English words, whole, rather than half translated.
//!
//! In the page every language's refusals, English too, are data (`i18n::refusals`), so the
//! page never says anything through the core's `Display`, which would compile the CLI's
//! English into its module (`cargo xtask dist` checks that it is not there). A copy of the
//! page without that data still shows that an input was refused and what the core named, and
//! says what is missing.

use portcullis_pki::{CertificateRequest, Error, Finding, KeyType, Warning};
use portcullis_words::{Lang, Refusals, Words, fill};

use crate::i18n::{Speech, refusals};

/// `err` in `speech`'s language, as the CLI would print it in English.
pub fn error(err: &Error, speech: Speech) -> String {
    let words = matches!(err, Error::InvalidInput { refusal, .. } if refusal.is_words());
    let lang = if words { Lang::En } else { speech.lang };
    said(lang, |r| err.said_in(r), || format!("{err:?}"))
}

/// What `say` makes of `lang`'s refusals; without them (a copy of the page without its data),
/// what the core named (`named`), with what is missing, in English, as the page says the
/// lessons are missing.
fn said(
    lang: Lang,
    say: impl FnOnce(&Refusals) -> String,
    named: impl FnOnce() -> String,
) -> String {
    match refusals(lang) {
        Ok(r) => say(r),
        Err(why) => format!(
            "{} (the words to say this are missing from this copy of the page: {why})",
            named()
        ),
    }
}

/// A key type's name in `words`' language: "ECDSA P-256 with SHA-256".
pub fn key_type(key_type: KeyType, words: &Words) -> &'static str {
    let said = &words.messages;
    match key_type {
        KeyType::EcdsaP256 => said.key_ecdsa_p256,
        KeyType::EcdsaP384 => said.key_ecdsa_p384,
        KeyType::Ed25519 => said.key_ed25519,
        KeyType::Rsa2048 => said.key_rsa2048,
        KeyType::Rsa3072 => said.key_rsa3072,
        KeyType::Rsa4096 => said.key_rsa4096,
    }
}

/// A CSR as the page describes it in `words`' language: its subject, key and names (the core's
/// `Display` of it is the CLI's English).
pub fn request(request: &CertificateRequest, words: &Words) -> String {
    let said = &words.messages;
    let names = request.names();
    let names = if names.is_empty() {
        said.csr_names_none.to_owned()
    } else {
        names.join(", ")
    };
    let key = match request.key.rsa_bits() {
        Some(bits) => fill(said.csr_key_rsa, &[("BITS", &bits.to_string())]),
        None => request.key.description().to_owned(),
    };
    let subject = if request.subject.is_empty() {
        said.csr_subject_empty
    } else {
        &request.subject
    };
    let template = if request.asks_for_ca {
        said.csr_request_asks_ca
    } else {
        said.csr_request
    };
    fill(
        template,
        &[("SUBJECT", subject), ("KEY", &key), ("NAMES", &names)],
    )
}

/// A finding of the check tool in `speech`'s language: what was found, and what to do (empty
/// when it is fine). A key's type, which the core names in English, is named in the page's
/// language.
pub fn finding(finding: &Finding, speech: Speech) -> (String, String) {
    let mut fix = String::new();
    let problem = said(
        speech.lang,
        |r| {
            fix = finding.fix_in(r);
            finding.problem_naming_keys(r, |key| key_type(key, &speech))
        },
        || format!("{:?}", finding.said),
    );
    (problem, fix)
}

/// `warning` in `speech`'s language.
pub fn warning(warning: &Warning, speech: Speech) -> String {
    said(
        speech.lang,
        |r| warning.said_in(r),
        || format!("{warning:?}"),
    )
}

/// `warnings` in `speech`'s language, for the page's list of them.
pub fn warnings(warnings: &[Warning], speech: Speech) -> Vec<String> {
    warnings.iter().map(|w| warning(w, speech)).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use portcullis_pki::{
        ClientName, CommonName, CutShort, DnsName, Field, FileRefusal, FormLifetime, InputRefusal,
        IpSan, Passphrase, Port, Refusal, SetBy, ValidityDays,
    };
    use portcullis_words::Lang;

    use super::*;

    /// `lang` as the page speaks it (natively every language is compiled in).
    fn speech(lang: Lang) -> Speech {
        Speech::of(lang).expect("compiled in")
    }

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
        // The plan's rules, as the core words them (tested there against real plans).
        let refused = |field, refusal| Error::refused(field, refusal);
        errors.extend([
            refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::servers_too_many(65, 64)),
            ),
            refused(
                Field::Client,
                Refusal::from(InputRefusal::clients_too_many(1001, 1000)),
            ),
            refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::servers_none()),
            ),
            refused(
                Field::ServerNames,
                Refusal::from(InputRefusal::server_folders_clash(
                    1,
                    3,
                    "docker.example.com".into(),
                )),
            ),
            refused(Field::Client, Refusal::from(InputRefusal::clients_none())),
            refused(
                Field::Client,
                Refusal::from(InputRefusal::client_twice("Alice".into())),
            ),
            refused(
                Field::CaPassphrase,
                Refusal::from(InputRefusal::ca_passphrase_none()),
            ),
        ]);
        for server in [None, Some(2)] {
            errors.extend([
                refused(
                    Field::ServerNames,
                    Refusal::ServerTooManyNames {
                        server,
                        names: 70,
                        max: 64,
                    },
                ),
                refused(Field::ServerNames, Refusal::ServerNoNames { server }),
                refused(
                    Field::ServerDns,
                    Refusal::DnsTwice {
                        name: "docker.example.com".into(),
                        server,
                    },
                ),
                refused(
                    Field::ServerIp,
                    Refusal::IpTwice {
                        ip: "192.0.2.10".into(),
                        server,
                    },
                ),
            ]);
        }
        errors
    }

    /// Every name in backticks, flag and number `text` names, sorted: what a translation must
    /// keep, in the same number, so that nothing the user must see is lost.
    fn said_names(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .chain(
                text.split(|c: char| c.is_whitespace() || "();,:。、（）：「」„“".contains(c))
                    .flat_map(|word| -> Vec<&str> {
                        if word.starts_with("--") {
                            vec![word]
                        } else {
                            // A number joined to a word by a hyphen ("7-Schlüssel") counts.
                            word.split('-')
                                .filter(|part| {
                                    !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())
                                })
                                .collect()
                        }
                    })
                    .map(str::to_owned),
            )
            .collect();
        found.sort_unstable();
        found
    }

    /// `said` (in `lang`) holds each of `kept` as often as `english` does.
    pub(super) fn assert_keeps(lang: Lang, said: &str, english: &str, kept: &[&str]) {
        for kept in kept {
            assert_eq!(
                said.matches(kept).count(),
                english.matches(kept).count(),
                "{lang:?} {kept}: {said}"
            );
        }
    }

    /// Whether the CLI's words name one of its flags ("--server-ip").
    fn names_a_flag(text: &str) -> bool {
        text.split(|c: char| c.is_whitespace() || "(（「、：".contains(c))
            .any(|word| {
                word.strip_prefix("--")
                    .is_some_and(|flag| flag.starts_with(|c: char| c.is_ascii_lowercase()))
            })
    }

    /// `err` as the wizard says it in English: as the CLI says it, or, where the wizard has its
    /// own fix for a refusal whose CLI words name a flag, with that fix, which names none (and
    /// is said otherwise the same: its values, names and numbers). Which refusals have one is
    /// checked in `i18n`'s tests.
    fn said_in_english_by_the_wizard(err: &Error) -> String {
        let cli = err.to_string();
        let said = error(err, speech(Lang::En));
        if said != cli {
            assert!(names_a_flag(&cli) && !names_a_flag(&said), "{said}\n{cli}");
            let kept = |text: &str| -> Vec<String> {
                said_names(text)
                    .into_iter()
                    .filter(|name| !name.starts_with("--"))
                    .collect()
            };
            assert_eq!(kept(&said), kept(&cli), "{said}\n{cli}");
        }
        said
    }

    /// `err` is said in English as the CLI says it (with the wizard's fix where the CLI's names
    /// a flag), and in German and Japanese otherwise, every placeholder filled, with every
    /// name, flag and number the English has.
    fn assert_said_whole_in_every_language(err: &Error) {
        let english = said_in_english_by_the_wizard(err);
        for lang in [Lang::De, Lang::Ja] {
            let said = error(err, speech(lang));
            assert_ne!(said, english, "{lang:?}: {said}");
            assert!(!said.contains('{'), "{lang:?}: {said}");
            assert_eq!(
                said_names(&said),
                said_names(&english),
                "{lang:?}: {said}\n{english}"
            );
        }
    }

    #[test]
    fn every_refusal_given_as_data_is_said_in_english_exactly_as_the_cli_says_it() {
        let errors = refusals();
        // Each input above is refused, each for another reason (those about one of several
        // servers twice), none in words alone.
        assert_eq!(errors.len(), 34 + 15);
        let mut kinds: Vec<String> = errors
            .iter()
            .map(|err| {
                let refusal = err.refusal().expect("a refusal of input");
                assert!(!matches!(refusal, Refusal::Words(_)), "{err}");
                // Its kind on the wire.
                let (kind, _): (String, Vec<String>) =
                    serde_json::from_value(serde_json::json!(refusal)).expect("a wire form");
                kind
            })
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), 34 + 11, "{kinds:?}");
        let mut fixed = 0;
        for err in &errors {
            let said = said_in_english_by_the_wizard(err);
            fixed += usize::from(said != err.to_string());
        }
        // A name that is an address or the other way round (3), the plan's counts (5), and a
        // server without names (2): the wizard names its fields where the CLI names flags.
        assert_eq!(fixed, 10);
    }

    #[test]
    fn german_and_japanese_say_each_refusal_with_its_values_and_nothing_left_over() {
        for lang in [Lang::De, Lang::Ja] {
            for err in refusals() {
                let english = said_in_english_by_the_wizard(&err);
                let said = error(&err, speech(lang));
                assert_ne!(said, english, "{lang:?}: {said}");
                assert!(
                    !said.contains('{') || english.contains('{'),
                    "{lang:?}: {said}"
                );
                assert_eq!(
                    said_names(&said),
                    said_names(&english),
                    "{lang:?}: {said}\n{english}"
                );
            }
        }
        assert_eq!(
            error(
                &"70000".parse::<Port>().expect_err("too high"),
                speech(Lang::De)
            ),
            "Port: 70000 liegt über 65535; der TLS-Port von Docker ist 2376"
        );
        assert_eq!(
            error(&"".parse::<DnsName>().expect_err("empty"), speech(Lang::Ja)),
            "サーバの DNS 名：空です。`docker.example.com` のようなホスト名を指定してください"
        );
    }

    /// Every kind of refusal of a file, pasted text or typed value declared by a list, with a
    /// value of 7 (or `7`) for each of its values, as the wire brings it.
    fn listed_refusals() -> Vec<Error> {
        FileRefusal::KINDS
            .iter()
            .chain(InputRefusal::KINDS)
            .map(|&(kind, count)| {
                let json = serde_json::json!([kind, vec!["7"; count]]).to_string();
                let refusal: Refusal = serde_json::from_str(&json).expect(kind);
                Error::refused(Field::Document, refusal)
            })
            .collect()
    }

    #[test]
    fn every_listed_refusal_is_said_in_english_as_the_cli_says_it_and_in_german_and_japanese() {
        let line = Error::refused(
            Field::Port,
            Refusal::OtherServersLine {
                line: 2,
                refusal: Box::new(Refusal::from(InputRefusal::port_zero(2376))),
            },
        );
        for err in listed_refusals().into_iter().chain([line.clone()]) {
            assert_said_whole_in_every_language(&err);
        }
        assert_eq!(
            error(&line, speech(Lang::De)),
            "Port: 0 ist kein nutzbarer Port; der TLS-Port von Docker ist 2376 („Weitere Server“, Zeile 2)"
        );
        assert_eq!(
            line.to_string(),
            "port: 0 is not a usable port; Docker's TLS port is 2376 (other servers, line 2)"
        );
    }

    #[test]
    fn a_lifetime_that_would_outlast_the_ca_is_refused_with_advice_in_each_language() {
        let mut set_bys = vec![
            SetBy::Default,
            SetBy::Option("--server-days".into()),
            SetBy::PlanFile("servers[1].days".into()),
        ];
        set_bys.extend(FormLifetime::ALL.map(SetBy::Form));
        let mut errors = Vec::new();
        for set_by in &set_bys {
            for ca_set_by in &set_bys {
                errors.push(Refusal::OutlastsNewCa {
                    days: 400,
                    ca_days: 365,
                    set_by: set_by.clone(),
                    ca_set_by: ca_set_by.clone(),
                });
            }
            for most in [30, 0] {
                errors.push(Refusal::OutlastsCa {
                    days: 400,
                    date: "2030-01-15 08:00:00 UTC".into(),
                    set_by: set_by.clone(),
                    most,
                });
            }
        }
        for refusal in errors {
            assert_said_whole_in_every_language(&Error::refused(Field::ServerDays, refusal));
        }
        let in_form = Error::refused(
            Field::ServerDays,
            Refusal::OutlastsNewCa {
                days: 400,
                ca_days: 365,
                set_by: SetBy::Form(FormLifetime::Server),
                ca_set_by: SetBy::Form(FormLifetime::Ca),
            },
        );
        assert_eq!(
            error(&in_form, speech(Lang::Ja)),
            "サーバの有効期間：400 日では CA（365 日）より長く有効になってしまいます。サーバ証明書の有効期間を 365 日以下にするか、CA の有効期間を延ばしてください"
        );
    }

    #[test]
    fn refusals_not_yet_data_stay_whole_in_english_and_failures_name_their_cause_as_given() {
        let words = Error::input(Field::Csr, "empty; paste the request");
        assert_eq!(
            error(&words, speech(Lang::De)),
            "CSR: empty; paste the request"
        );
        // A failure says what failed in the page's language, its cause as the library said it.
        let other = Error::Archive("disk full".into());
        assert_eq!(error(&other, speech(Lang::En)), other.to_string());
        assert_eq!(
            error(&other, speech(Lang::Ja)),
            "zip アーカイブを書き出せませんでした：disk full"
        );
        assert_eq!(
            error(&Error::KeyGeneration("no entropy".into()), speech(Lang::De)),
            "die Schlüsselerzeugung ist fehlgeschlagen: no entropy"
        );
    }

    #[test]
    fn key_types_are_named_in_english_as_the_core_names_them() {
        for kind in KeyType::ALL {
            assert_eq!(key_type(kind, Lang::En.words()), kind.description());
            // The algorithm's name and its size stay as they are.
            for part in kind.description().split(' ').filter(|part| part != &"with") {
                let part = part.trim_end_matches("-bit");
                for lang in [Lang::De, Lang::Ja] {
                    assert!(
                        key_type(kind, lang.words()).contains(part),
                        "{lang:?} {kind:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn warnings_given_as_data_are_said_in_each_language() {
        let name: DnsName = "nas".parse().expect("a name");
        let ends = |certificates| Warning::EndsWithCa {
            certificates,
            days: ValidityDays::new(Field::ClientDays, 365).expect("days"),
            ca_end: time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time"),
        };
        for warning in [
            Warning::UnencryptedCaKey,
            Warning::SingleLabelName(name),
            Warning::LoopbackOnly,
            ends(CutShort::Server("nas".into())),
            ends(CutShort::Client("alice".into())),
            ends(CutShort::Clients(vec!["alice".into(), "bob".into()])),
        ] {
            let english = warning.to_string();
            assert_eq!(super::warning(&warning, speech(Lang::En)), english);
            for lang in [Lang::De, Lang::Ja] {
                let said = super::warning(&warning, speech(lang));
                assert_ne!(said, english);
                assert!(!said.contains('{'), "{said}");
                assert_eq!(
                    said.matches("`nas`").count(),
                    english.matches("`nas`").count()
                );
                // Names, the date, the days and the command stay.
                assert_keeps(
                    lang,
                    &said,
                    &english,
                    &[
                        "nas",
                        "alice",
                        "bob",
                        "2027-01-15",
                        "365",
                        "portcullis rotate-ca",
                    ],
                );
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod request_tests {
    use portcullis_pki::{CertificateRequest, KeyPair, KeyType};
    use portcullis_words::Lang;
    use rand_core::SeedableRng;

    use super::request;

    /// A CSR of a new key of `key_type` (empty subject, no names unless `named`), as the worker
    /// reads it.
    fn csr(key_type: KeyType, named: bool, is_ca: bool) -> CertificateRequest {
        let key = KeyPair::generate(key_type, &mut rand_chacha::ChaCha20Rng::seed_from_u64(5))
            .expect("key");
        let names = if named {
            vec!["node1.example.com".to_owned(), "10.1.2.3".to_owned()]
        } else {
            Vec::new()
        };
        let mut params = rcgen::CertificateParams::new(names).expect("params");
        params.distinguished_name = rcgen::DistinguishedName::new();
        if named {
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "node1");
        }
        if is_ca {
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        let pem = params
            .serialize_request(&key)
            .expect("csr")
            .pem()
            .expect("pem");
        CertificateRequest::parse(pem.as_bytes()).expect("parses")
    }

    #[test]
    fn a_csr_is_described_in_english_as_the_cli_does_and_in_german_and_japanese() {
        for asked in [
            csr(KeyType::EcdsaP256, true, false),
            csr(KeyType::Rsa2048, false, false),
            csr(KeyType::Ed25519, true, true),
        ] {
            let english = asked.to_string();
            assert_eq!(request(&asked, Lang::En.words()), english);
            for lang in [Lang::De, Lang::Ja] {
                let said = request(&asked, lang.words());
                assert_ne!(said, english, "{lang:?}");
                assert!(!said.contains('{'), "{lang:?}: {said}");
                super::tests::assert_keeps(
                    lang,
                    &said,
                    &english,
                    &[
                        "DNS:node1.example.com",
                        "IP:10.1.2.3",
                        "CN=node1",
                        "2048",
                        "P-256",
                    ],
                );
            }
        }
        let rsa = csr(KeyType::Rsa2048, false, false);
        assert_eq!(
            request(&rsa, Lang::En.words()),
            "subject (empty), key RSA 2048-bit, names (none)"
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod finding_tests {
    use portcullis_pki::{Finding, Found, KeyType, Severity};
    use portcullis_words::Lang;

    use super::{finding, key_type};
    use crate::i18n::Speech;

    #[test]
    fn a_keys_type_in_a_finding_is_named_in_the_pages_language() {
        for kind in KeyType::ALL {
            let found = Finding::listed(
                Severity::Ok,
                Found::found_key_fine(kind.name().to_owned()),
                None,
                None,
            );
            let english = Speech::of(Lang::En).expect("compiled");
            assert_eq!(finding(&found, english), (found.problem(), String::new()));
            for lang in [Lang::De, Lang::Ja] {
                let speech = Speech::of(lang).expect("compiled");
                let (said, fix) = finding(&found, speech);
                assert!(said.contains(key_type(kind, &speech)), "{said}");
                assert!(
                    said.contains("key.pem") && said.contains("cert.pem"),
                    "{said}"
                );
                assert!(!said.contains(" with ") && fix.is_empty(), "{said}");
            }
        }
    }
}
