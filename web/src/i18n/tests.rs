use super::*;
use crate::state::{Input, Step};
use portcullis_words::{Frame, Generate, Path, Results, Tools};

/// Every step and tool, the wizard's path and the tools off it.
const STEPS: [Step; 11] = [
    Step::Overview,
    Step::Ca,
    Step::Server,
    Step::Clients,
    Step::Generate,
    Step::Review,
    Step::Download,
    Step::SignCsr,
    Step::Renew,
    Step::Revoke,
    Step::Check,
];

/// The words of a paragraph that are names, not language: files, commands and their flags,
/// paths, ports. A translation keeps each as it is.
fn technical_names(paragraph: &str) -> Vec<&str> {
    paragraph
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| "\"“”„,.;:()?!".contains(c))
                .trim_end_matches("'s")
        })
        .filter(|word| {
            [
                ".pem",
                ".csr",
                ".json",
                ".p12",
                "--",
                "/",
                "\\",
                "serverAuth",
                "clientAuth",
            ]
            .iter()
            .any(|mark| word.contains(mark))
                || (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect()
}

#[test]
fn every_lesson_is_in_every_language_paragraph_for_paragraph() {
    for lang in Lang::ALL {
        for step in STEPS {
            let lesson = step.lesson(lang.lessons());
            let english = step.lesson(Lang::En.lessons());
            assert!(
                !lesson.title.trim().is_empty(),
                "{lang:?} {step:?}: no title"
            );
            assert_eq!(
                lesson.paragraphs.len(),
                english.paragraphs.len(),
                "{lang:?} {step:?}: a translation says as much as the English, paragraph for paragraph"
            );
            for (ours, theirs) in lesson.paragraphs.iter().zip(english.paragraphs) {
                assert!(
                    !ours.trim().is_empty(),
                    "{lang:?} {step:?}: an empty paragraph"
                );
                for name in technical_names(theirs) {
                    assert!(
                        ours.contains(name),
                        "{lang:?} {step:?}: `{name}` is a name, kept as it is, in {ours:?}"
                    );
                }
                if lang != Lang::En {
                    assert_ne!(ours, theirs, "{lang:?} {step:?}: left in English");
                }
            }
        }
    }
    // The check above looks at something: the lessons are full of such names.
    let names: usize = STEPS
        .iter()
        .flat_map(|step| step.lesson(Lang::En.lessons()).paragraphs.iter().copied())
        .map(|paragraph| technical_names(paragraph).len())
        .sum();
    assert!(names > 40, "{names}");
}

/// The ideas of the two documents Portcullis grew from (Docker's guide to protecting the
/// daemon socket, and its Swarm TLS overview), each where the user meets it, in each language.
#[test]
fn the_source_documents_ideas_are_taught_where_they_belong_in_every_language() {
    let expect: [(Step, [&[&str]; 3]); 6] = [
        (
            Step::Overview,
            [
                &[
                    "passport",
                    "issuer",
                    "valid",
                    "revocation",
                    "a way to ask for one",
                    "a check of who is asking",
                    "a decision",
                    "issuing",
                ],
                &[
                    "Reisepass",
                    "Issuer",
                    "gültig",
                    "Widerruf",
                    "zu beantragen",
                    "eine Prüfung, wer da beantragt",
                    "eine Entscheidung",
                    "die Ausstellung",
                ],
                &[
                    "パスポート",
                    "発行者",
                    "有効",
                    "失効",
                    "発行を申請する方法",
                    "申請者が誰かの確認",
                    "判断",
                    "発行そのもの",
                ],
            ],
        ),
        (
            Step::Ca,
            [
                &[
                    "outside certificate authority",
                    "in your organisation",
                    "self-signed",
                    "what Portcullis builds",
                ],
                &[
                    "externe Zertifizierungsstelle",
                    "in Ihrer Organisation",
                    "selbstsigniert",
                    "genau die baut Portcullis",
                ],
                &[
                    "外部の認証局",
                    "組織の中",
                    "自己署名",
                    "Portcullis が作るのもそれです",
                ],
            ],
        ),
        (
            Step::Server,
            [
                &[
                    "2375",
                    "plain HTTP",
                    "2376",
                    "Rootless Docker",
                    "RootlessKit",
                ],
                &[
                    "2375",
                    "einfachem HTTP",
                    "2376",
                    "Rootless Docker",
                    "RootlessKit",
                ],
                &[
                    "2375",
                    "平文の HTTP",
                    "2376",
                    "Rootless Docker",
                    "RootlessKit",
                ],
            ],
        ),
        (
            Step::Server,
            [
                &[
                    "Windows Firewall",
                    "--tls-client-ca",
                    "Docker Desktop is only a client",
                ],
                &[
                    "Windows-Firewall",
                    "--tls-client-ca",
                    "Docker Desktop ist hier nur ein Client",
                ],
                &[
                    "Windows ファイアウォール",
                    "--tls-client-ca",
                    "Docker Desktop はここではクライアントにすぎません",
                ],
            ],
        ),
        (
            Step::Download,
            [
                &[
                    "--tls alone",
                    "--tlsverify with ca.pem but no client certificate",
                    "A client certificate without --tlsverify",
                ],
                &[
                    "--tls allein",
                    "--tlsverify mit ca.pem, aber ohne Client-Zertifikat",
                    "Ein Client-Zertifikat ohne --tlsverify",
                ],
                &[
                    "--tls だけでは",
                    "ca.pem だけでクライアント証明書のない --tlsverify",
                    "--tlsverify なしのクライアント証明書",
                ],
            ],
        ),
        (
            Step::Clients,
            [
                &[
                    "TLS decides who may connect, not what they may do",
                    "authorization plugin",
                ],
                &[
                    "TLS entscheidet, wer sich verbinden darf, nicht, was er dann tun darf",
                    "Autorisierungs-Plugin",
                ],
                &["TLS が決めるのは誰が接続できるかであって", "認可プラグイン"],
            ],
        ),
    ];
    for (step, by_language) in expect {
        for (lang, words) in Lang::ALL.into_iter().zip(by_language) {
            let lesson = step.lesson(lang.lessons()).paragraphs.join(" ");
            for word in words {
                assert!(
                    lesson.contains(word),
                    "{lang:?} {step:?}'s lesson lacks {word:?}"
                );
            }
        }
    }
}

#[test]
fn the_users_first_language_the_wizard_speaks_is_chosen() {
    assert_eq!(Lang::preferred(["de-AT", "en-US"]), Lang::De);
    assert_eq!(Lang::preferred(["fr-FR", "ja", "de"]), Lang::Ja);
    assert_eq!(Lang::preferred(["JA_jp"]), Lang::Ja);
    assert_eq!(Lang::preferred(["fr", "es"]), Lang::En);
    assert_eq!(Lang::preferred([]), Lang::En);
    let names: Vec<_> = Lang::ALL.iter().map(|lang| lang.name()).collect();
    assert_eq!(names, ["English", "Deutsch", "日本語"]);
}

#[test]
fn every_input_has_a_label_in_every_language_that_keeps_its_names() {
    for lang in Lang::ALL {
        for step in STEPS {
            let inputs: Vec<Input> = Input::ALL
                .into_iter()
                .filter(|input| input.step() == step)
                .collect();
            let labels: Vec<&str> = inputs.iter().map(|i| i.label(lang.words())).collect();
            // Labels are accessible names: no two alike on one step.
            let mut unique = labels.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), labels.len(), "{lang:?} {step:?}: {labels:?}");
            for input in inputs {
                let ours = input.label(lang.words());
                let english = input.label(Lang::En.words());
                assert!(!ours.trim().is_empty(), "{lang:?} {input:?}");
                for name in [
                    "PEM",
                    "CSR",
                    "CRL",
                    "DNS",
                    "IP",
                    "nginx",
                    "client.p12",
                    ".pem",
                    "DOCKER_HOST",
                    "CA",
                ] {
                    assert_eq!(
                        ours.contains(name),
                        english.contains(name),
                        "{lang:?} {input:?}: {name} in {ours:?} as in {english:?}"
                    );
                }
            }
        }
    }
    // The page shows the English ones for now.
    assert_eq!(Input::CaName.label(Lang::En.words()), "CA name");
    assert_eq!(Input::CaName.label(Lang::De.words()), "Name der CA");
    assert_eq!(Input::CaName.label(Lang::Ja.words()), "CA の名前");
}

#[test]
fn the_steps_are_named_and_the_document_titled_in_every_language() {
    // The English ones, as the page has always shown them.
    assert_eq!(
        Step::Server.document_title(Lang::En.words()),
        "Step 3 of 7: Server — Portcullis"
    );
    assert_eq!(
        Step::Check.document_title(Lang::En.words()),
        "Check certificates — Portcullis"
    );
    assert_eq!(
        Step::Server.document_title(Lang::De.words()),
        "Schritt 3 von 7: Server — Portcullis"
    );
    assert_eq!(
        Step::Clients.document_title(Lang::Ja.words()),
        "ステップ 4/7：クライアント — Portcullis"
    );
    for lang in Lang::ALL {
        let mut names: Vec<&str> = STEPS.iter().map(|step| step.title(lang.words())).collect();
        assert!(names.iter().all(|name| !name.trim().is_empty()), "{lang:?}");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), STEPS.len(), "{lang:?}: two steps share a name");
        for step in STEPS {
            let title = step.document_title(lang.words());
            assert!(
                title.contains(step.title(lang.words())) && !title.contains('{'),
                "{title}"
            );
        }
    }
}

/// Every text of the frame, by name.
fn frame_texts(frame: &Frame) -> Vec<(&'static str, &'static str)> {
    vec![
        ("tagline", frame.tagline),
        ("wizard_buttons", frame.wizard_buttons),
        ("back_to_wizard", frame.back_to_wizard),
        ("back", frame.back),
        ("next", frame.next),
        ("check_the_copy", frame.check_the_copy),
        ("network_checking", frame.network_checking),
        ("network_checking_detail", frame.network_checking_detail),
        ("network_blocked", frame.network_blocked),
        ("network_blocked_detail", frame.network_blocked_detail),
        ("network_open", frame.network_open),
        ("network_open_detail", frame.network_open_detail),
        ("network_not_refused", frame.network_not_refused),
        (
            "network_not_refused_detail",
            frame.network_not_refused_detail,
        ),
        ("lead", frame.lead),
        ("plan_ca", frame.plan_ca),
        ("plan_server", frame.plan_server),
        ("plan_clients", frame.plan_clients),
        ("plan_last_steps", frame.plan_last_steps),
        ("plan_last", frame.plan_last),
        ("tools_title", frame.tools_title),
        ("tools_sign_csr", frame.tools_sign_csr),
        ("tools_renew", frame.tools_renew),
        ("tools_revoke", frame.tools_revoke),
        ("tools_check", frame.tools_check),
        ("plan_file_title", frame.plan_file_title),
        ("plan_file_open", frame.plan_file_open),
        ("plan_file_hint", frame.plan_file_hint),
        ("diagram_title", frame.diagram_title),
        ("diagram_description", frame.diagram_description),
        ("diagram_signs", frame.diagram_signs),
        ("diagram_mutual", frame.diagram_mutual),
        ("diagram_checks", frame.diagram_checks),
    ]
}

/// Every text of the path's steps, by name.
fn path_texts(path: &Path) -> Vec<(&'static str, &'static str)> {
    vec![
        ("ca_p256_note", path.ca_p256_note),
        ("ca_rsa4096_note", path.ca_rsa4096_note),
        ("ca_key_type_hint", path.ca_key_type_hint),
        ("ca_existing_lead", path.ca_existing_lead),
        ("ca_existing_cert_hint", path.ca_existing_cert_hint),
        ("ca_existing_key_hint", path.ca_existing_key_hint),
        ("ca_lead", path.ca_lead),
        ("ca_name_hint", path.ca_name_hint),
        ("ca_passphrase_hint", path.ca_passphrase_hint),
        ("ca_days_hint", path.ca_days_hint),
        ("server_systemd", path.server_systemd),
        ("server_rootless", path.server_rootless),
        ("server_windows", path.server_windows),
        ("server_podman", path.server_podman),
        ("server_lead", path.server_lead),
        ("server_dns_hint", path.server_dns_hint),
        ("server_ip_hint", path.server_ip_hint),
        ("server_port_hint", path.server_port_hint),
        ("server_platform_hint", path.server_platform_hint),
        ("leaf_days_hint", path.leaf_days_hint),
        ("server_docker_host_hint", path.server_docker_host_hint),
        ("server_csr_hint", path.server_csr_hint),
        ("server_csr_file", path.server_csr_file),
        ("server_csr_valid", path.server_csr_valid),
        ("server_others_hint", path.server_others_hint),
        ("clients_lead", path.clients_lead),
        ("clients_hint", path.clients_hint),
        ("clients_proxy_hint", path.clients_proxy_hint),
        ("clients_p12_hint", path.clients_p12_hint),
        ("clients_p12_password_hint", path.clients_p12_password_hint),
        ("clients_plan_title", path.clients_plan_title),
        ("clients_plan_hint", path.clients_plan_hint),
        ("clients_plan_save", path.clients_plan_save),
        ("clients_plan_saved", path.clients_plan_saved),
    ]
}

/// Every text of the Generate step, by name.
fn generate_texts(words: &Generate) -> Vec<(&'static str, &'static str)> {
    vec![
        ("summary_keys", words.summary_keys),
        ("summary_server", words.summary_server),
        ("summary_server_n", words.summary_server_n),
        ("summary_clients", words.summary_clients),
        ("stock_ready", words.stock_ready),
        ("stock_and_encryption", words.stock_and_encryption),
        ("stock_encryption_only", words.stock_encryption_only),
        ("stock_failed", words.stock_failed),
        ("nothing_yet", words.nothing_yet),
        ("waiting", words.waiting),
        ("running_line", words.running_line),
        ("doing_starting", words.doing_starting),
        ("doing_rsa_webcrypto", words.doing_rsa_webcrypto),
        ("doing_rsa_rust_workers", words.doing_rsa_rust_workers),
        ("doing_rsa_rust", words.doing_rsa_rust),
        (
            "doing_encryption_key_ahead",
            words.doing_encryption_key_ahead,
        ),
        (
            "doing_encryption_key_webcrypto",
            words.doing_encryption_key_webcrypto,
        ),
        (
            "doing_signatures_webcrypto",
            words.doing_signatures_webcrypto,
        ),
        ("doing_ca_key", words.doing_ca_key),
        ("doing_encrypting_ca_key", words.doing_encrypting_ca_key),
        ("doing_server_key", words.doing_server_key),
        ("doing_server_key_for", words.doing_server_key_for),
        ("doing_client_key_for", words.doing_client_key_for),
        ("progress", words.progress),
        ("done", words.done),
        ("made_ahead", words.made_ahead),
        ("encryption_ahead", words.encryption_ahead),
        ("signed_by_webcrypto", words.signed_by_webcrypto),
        ("fell_back", words.fell_back),
        ("failed", words.failed),
        ("cancelled", words.cancelled),
        ("lead", words.lead),
        ("key_maker_hint", words.key_maker_hint),
        ("generate", words.generate),
        ("cancel", words.cancel),
        ("maker_webcrypto", words.maker_webcrypto),
        ("maker_rust", words.maker_rust),
    ]
}

/// The `{NAME}`s of `text`, in order.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Every text of Review and Download, by name.
fn results_texts(words: &Results) -> Vec<(&'static str, &'static str)> {
    vec![
        ("review_nothing", words.review_nothing),
        ("review_lead", words.review_lead),
        ("review_openssl_title", words.review_openssl_title),
        ("review_openssl", words.review_openssl),
        ("review_openssl_region", words.review_openssl_region),
        ("review_certificate", words.review_certificate),
        ("review_none", words.review_none),
        ("review_subject", words.review_subject),
        ("review_issuer", words.review_issuer),
        ("review_serial", words.review_serial),
        ("review_valid_from", words.review_valid_from),
        ("review_valid_until", words.review_valid_until),
        ("review_sans", words.review_sans),
        ("review_key_usage", words.review_key_usage),
        ("review_extended_key_usage", words.review_extended_key_usage),
        ("review_basic_constraints", words.review_basic_constraints),
        ("review_key_type", words.review_key_type),
        ("review_key_made_by", words.review_key_made_by),
        ("review_signature", words.review_signature),
        ("review_fingerprint", words.review_fingerprint),
        ("download_nothing", words.download_nothing),
        ("download_run_rootless", words.download_run_rootless),
        ("download_run_windows", words.download_run_windows),
        ("download_lead", words.download_lead),
        ("download_button", words.download_button),
        ("download_saved", words.download_saved),
        ("download_failed", words.download_failed),
        ("download_then", words.download_then),
        ("download_servers", words.download_servers),
        ("download_server", words.download_server),
        ("download_clients", words.download_clients),
        ("download_p12", words.download_p12),
        ("download_ca_key", words.download_ca_key),
        ("download_guide", words.download_guide),
    ]
}

/// Every text of the tools, by name.
fn tools_texts(words: &Tools) -> Vec<(&'static str, &'static str)> {
    vec![
        ("your_ca", words.your_ca),
        ("csr_asks", words.csr_asks),
        ("open_certificate", words.open_certificate),
        ("open_key", words.open_key),
        ("passphrase_if_encrypted", words.passphrase_if_encrypted),
        ("sign_lead", words.sign_lead),
        ("key_used_here", words.key_used_here),
        ("sign_request", words.sign_request),
        ("open_csr", words.open_csr),
        ("sign_profile_server", words.sign_profile_server),
        ("sign_profile_client", words.sign_profile_client),
        ("sign_profile_hint", words.sign_profile_hint),
        ("sign_dns_hint", words.sign_dns_hint),
        ("sign_client_hint", words.sign_client_hint),
        ("sign", words.sign),
        ("signing", words.signing),
        ("sign_failed", words.sign_failed),
        ("signed", words.signed),
        ("signed_subject", words.signed_subject),
        ("signed_issuer", words.signed_issuer),
        ("signed_names", words.signed_names),
        ("signed_usage", words.signed_usage),
        ("signed_until", words.signed_until),
        ("signed_pem", words.signed_pem),
        ("save_file", words.save_file),
        ("signed_saved", words.signed_saved),
        ("renew_lead", words.renew_lead),
        ("renew_open", words.renew_open),
        ("renew_read_here", words.renew_read_here),
        ("renew_holds", words.renew_holds),
        ("renew_certificate", words.renew_certificate),
        ("renew_expires", words.renew_expires),
        ("renew_reading", words.renew_reading),
        ("renew_own_ca", words.renew_own_ca),
        ("renew_passphrase_hint", words.renew_passphrase_hint),
        ("renew_rotate_hint", words.renew_rotate_hint),
        ("renew_new_name_hint", words.renew_new_name_hint),
        ("renew_new_passphrase_hint", words.renew_new_passphrase_hint),
        ("renew_renew", words.renew_renew),
        ("renew_rotate", words.renew_rotate),
        ("renew_renewing", words.renew_renewing),
        ("renew_rotating", words.renew_rotating),
        ("cancel", words.cancel),
        ("renew_rotated", words.renew_rotated),
        ("renew_rotated_steps", words.renew_rotated_steps),
        ("renew_download_rotated", words.renew_download_rotated),
        ("renew_saved_rotated", words.renew_saved_rotated),
        ("renew_renewed", words.renew_renewed),
        ("renew_download_renewed", words.renew_download_renewed),
        ("renew_saved_renewed", words.renew_saved_renewed),
        ("renew_not_renewed", words.renew_not_renewed),
        ("renew_not_rotated", words.renew_not_rotated),
        ("cancelled", words.cancelled),
        ("revoke_lead", words.revoke_lead),
        ("revoke_cert_hint", words.revoke_cert_hint),
        ("revoke_key_hint", words.revoke_key_hint),
        ("revoke_what", words.revoke_what),
        ("revoke_certs_hint", words.revoke_certs_hint),
        ("open_a_certificate", words.open_a_certificate),
        ("revoke_crl_hint", words.revoke_crl_hint),
        ("open_crl", words.open_crl),
        ("revoke_reason_hint", words.revoke_reason_hint),
        ("revoke_days_hint", words.revoke_days_hint),
        ("revoke_make", words.revoke_make),
        ("revoke_making", words.revoke_making),
        ("revoke_failed", words.revoke_failed),
        ("revoke_new", words.revoke_new),
        ("revoke_made_one", words.revoke_made_one),
        ("revoke_made_many", words.revoke_made_many),
        ("revoke_saved", words.revoke_saved),
        ("check_lead", words.check_lead),
        ("check_ca_hint", words.check_ca_hint),
        ("check_cert_hint", words.check_cert_hint),
        ("check_key_hint", words.check_key_hint),
        ("check_host_hint", words.check_host_hint),
        ("open_file", words.open_file),
        ("check", words.check),
        ("checking", words.checking),
        ("check_found", words.check_found),
        ("check_fine", words.check_fine),
        ("check_problem_one", words.check_problem_one),
        ("check_problem_many", words.check_problem_many),
        ("check_error", words.check_error),
        ("check_warning", words.check_warning),
        ("check_ok", words.check_ok),
        ("check_docker_says", words.check_docker_says),
        ("check_fix", words.check_fix),
    ]
}

/// German and Japanese `texts` (by name) against the English ones: each there and not empty,
/// with the same `{NAME}`s, with every word of the English one that `is_name` picks kept as it
/// is, and (when `translated`) none left in English.
fn check_translations(
    texts: impl Fn(Lang) -> Vec<(&'static str, &'static str)>,
    is_name: impl Fn(&str) -> bool,
    translated: bool,
) {
    let english = texts(Lang::En);
    assert!(!english.is_empty());
    for lang in [Lang::De, Lang::Ja] {
        for ((name, ours), (_, theirs)) in texts(lang).into_iter().zip(&english) {
            assert!(!ours.trim().is_empty(), "{lang:?} {name}");
            if translated {
                assert_ne!(ours, *theirs, "{lang:?} {name}: left in English");
            }
            let mut our_names = placeholders(ours);
            let mut their_names = placeholders(theirs);
            our_names.sort_unstable();
            their_names.sort_unstable();
            assert_eq!(our_names, their_names, "{lang:?} {name}: {ours:?}");
            for word in theirs.split_whitespace() {
                let word = word.trim_matches(|c: char| ",.;:()".contains(c));
                if is_name(word) {
                    assert!(ours.contains(word), "{lang:?} {name}: `{word}` in {ours:?}");
                }
            }
        }
    }
}

/// A word of English that is a command, flag, path, file, address or format, by its look.
fn looks_technical(word: &str) -> bool {
    (["/", "@", ".pem", ".json", ".csr", "{", "_", ":", "$"]
        .iter()
        .any(|mark| word.contains(mark))
        || word.starts_with('-')
        || (word.contains('.') && word.chars().any(|c| c.is_ascii_digit())))
        && word.chars().any(|c| c.is_ascii_alphanumeric())
}

#[test]
fn the_frame_is_in_every_language_with_its_placeholders_and_names() {
    let names = [
        "SHA-256",
        "SHA256SUMS",
        "Content-Security-Policy",
        "ca.pem",
        "portcullis.json",
        "nginx",
        "CSR",
        "TLS",
    ];
    check_translations(
        |lang| frame_texts(&lang.words().frame),
        |word| names.contains(&word),
        true,
    );
}

#[test]
fn the_path_is_in_every_language_with_its_placeholders_commands_and_names() {
    check_translations(|lang| path_texts(&lang.words().path), looks_technical, true);
}

#[test]
fn the_generate_step_is_in_every_language_with_its_placeholders() {
    let names = [
        "RSA",
        "PBKDF2",
        "WebCrypto",
        "ECDSA",
        "Ed25519",
        "Rust",
        "CLI",
    ];
    // "Server" is German too.
    check_translations(
        |lang| generate_texts(&lang.words().generate),
        |word| names.contains(&word),
        false,
    );
}

#[test]
fn review_and_download_are_in_every_language_with_their_placeholders() {
    let names = ["PKI", "README", "SHA-256", "sudo", "PowerShell"];
    // Subject and Issuer keep their X.509 names in German.
    check_translations(
        |lang| results_texts(&lang.words().results),
        |word| names.contains(&word) || looks_technical(word),
        false,
    );
}

#[test]
fn the_tools_are_in_every_language_with_their_placeholders_and_names() {
    let names = [
        "nginx",
        "serverAuth",
        "clientAuth",
        "key-compromise",
        "PEM",
        "CRL",
        "CSR",
    ];
    // "Problem" is German too.
    check_translations(
        |lang| tools_texts(&lang.words().tools),
        |word| names.contains(&word) || looks_technical(word),
        false,
    );
}

#[test]
fn german_and_japanese_read_from_their_data_as_compiled() {
    for lang in [Lang::De, Lang::Ja] {
        let json = serde_json::to_string(&lang.words().texts()).expect("JSON");
        assert_eq!(&read::<Words>(&json).expect("reads"), lang.words());
    }
    assert!(read::<Words>("{}").is_err());
    assert!(
        read::<Words>("[\"x\"]")
            .expect_err("too short")
            .contains("ends after 1 texts")
    );
}

#[test]
fn the_readme_is_written_in_the_wizards_language() {
    let readme = |lang| Speech::of(lang).expect("compiled").readme();
    assert_eq!(readme(Lang::En), portcullis_pki::Language::En);
    assert_eq!(readme(Lang::De), portcullis_pki::Language::De);
    assert_eq!(readme(Lang::Ja), portcullis_pki::Language::Ja);
}

/// Every text of `value`, in field order, named by its place (leaked: a test's words).
fn all_texts(value: &impl portcullis_words::Texts) -> Vec<(&'static str, &'static str)> {
    let mut texts = Vec::new();
    value.put(&mut texts);
    texts
        .into_iter()
        .enumerate()
        .map(|(n, text)| {
            let name: &'static str = Box::leak(format!("text {n}").into_boxed_str());
            (name, &*Box::leak(text.into_boxed_str()))
        })
        .collect()
}

/// The texts of `texts(lang)` that are the same as English.
fn same_as_english(
    texts: impl Fn(Lang) -> Vec<(&'static str, &'static str)>,
    lang: Lang,
) -> Vec<&'static str> {
    texts(lang)
        .into_iter()
        .zip(texts(Lang::En))
        .filter(|((_, ours), (_, english))| ours == english)
        .map(|((_, ours), _)| ours)
        .collect()
}

#[test]
fn the_wizards_own_messages_are_in_every_language_with_their_placeholders_and_names() {
    let texts = |lang: Lang| all_texts(&lang.words().messages);
    // Quotes are each language's own („…“, 「…」), and so is a size's unit ("{BITS}-bit",
    // "{BITS} Bit"); the placeholders are checked anyway.
    check_translations(
        texts,
        |word| looks_technical(word) && !word.contains('"') && !word.ends_with("-bit"),
        false,
    );
    // Only names stay as they are: "CA" and "Ed25519" everywhere, "Server" and "Client" in
    // German.
    assert_eq!(same_as_english(texts, Lang::Ja), ["CA", "Ed25519"]);
    assert_eq!(
        same_as_english(texts, Lang::De),
        ["CA", "Server", "Server {HOST}", "Client {NAME}", "Ed25519"]
    );
}

#[test]
fn the_cores_refusals_and_fields_are_in_every_language_with_their_placeholders_and_names() {
    let texts = |lang: Lang| all_texts(lang.refusals());
    // Quotes around a certificate's subject are each language's own („…“, 「…」); the
    // placeholder inside is checked anyway.
    check_translations(
        texts,
        |word| looks_technical(word) && !word.contains('"'),
        false,
    );
    // Only names stay as they are.
    assert_eq!(same_as_english(texts, Lang::Ja), ["CSR", "CRL"]);
    assert_eq!(
        same_as_english(texts, Lang::De),
        ["{FIELD}: {WHY}", "CSR", "CRL", "{PATH}: {FIELD}: {WHY}"]
    );
}

#[test]
fn the_wizard_names_no_flag_of_the_cli_in_a_refusal_but_where_the_cli_is_the_fix() {
    let names_a_flag = |text: &str| {
        text.split(|c: char| c.is_whitespace() || "(（「、：".contains(c))
            .any(|word| {
                word.strip_prefix("--")
                    .is_some_and(|flag| flag.starts_with(|c: char| c.is_ascii_lowercase()))
            })
    };
    // Which of a language's refusals, as the wizard says them, name a flag.
    let flagged = |lang: Lang| -> Vec<&'static str> {
        let wizard: &'static Refusals = Box::leak(Box::new(for_the_wizard(lang.refusals())));
        all_texts(wizard)
            .into_iter()
            .map(|(_, text)| text)
            .filter(|text| names_a_flag(text))
            .collect()
    };
    let core = Lang::En.refusals();
    // Where the CLI itself is the fix (a plan the wizard cannot take whole), and the check
    // tool's findings and fixes (docker's --tlsverify; the commands that renew or sign).
    let cli_is_the_fix = [
        core.plan_server_own_csr,
        core.found_cert_missing,
        core.found_key_missing,
        core.fix_issue_client_cert,
        core.fix_renew_cert,
        core.fix_renew_cert_soon,
    ];
    assert_eq!(flagged(Lang::En), cli_is_the_fix);
    // Every language names a flag exactly where English does.
    for lang in [Lang::De, Lang::Ja] {
        assert_eq!(flagged(lang).len(), cli_is_the_fix.len(), "{lang:?}");
    }
    // The CLI's own words still name them.
    assert!(names_a_flag(core.dns_is_ip) && !names_a_flag(core.wizard_dns_is_ip));
}
