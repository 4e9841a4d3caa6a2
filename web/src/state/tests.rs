use super::*;
use crate::service;
use crate::trouble::{Doing, Trouble};
use portcullis_pki::Reason;

/// Reduces `actions` in turn; after each, the worker answers what the form asks (the service,
/// run here), as the page's effect brings the answers.
fn reduce(state: WizardState, actions: impl IntoIterator<Item = Action>) -> WizardState {
    let mut state = Rc::new(state);
    for action in actions {
        state = answered(state.reduce(action));
    }
    (*state).clone()
}

/// Reduces `actions` in turn, with no answer from the worker.
fn reduce_unanswered(state: WizardState, actions: impl IntoIterator<Item = Action>) -> WizardState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

/// `state` once the worker answered every question its form asks.
fn answered(mut state: Rc<WizardState>) -> Rc<WizardState> {
    let mut rng = <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::seed_from_u64(99);
    for _ in 0..4 {
        let unanswered = state.form.unanswered();
        if unanswered.is_empty() {
            break;
        }
        for ask in unanswered {
            // As the helper gets it, and answers.
            let answer = service::answer(&crate::wire::across(&ask), &mut rng);
            // As the page gets it: across the wire, whole.
            let back: Answer = crate::wire::across(&answer);
            assert_eq!(back, answer);
            state = state.reduce(Action::Answered(ask, back));
        }
    }
    assert!(state.form.unanswered().is_empty(), "every answer is kept");
    state
}

/// A plan file as the worker reads it for the page.
fn import(text: &str) -> Action {
    Action::ImportPlan(service::plan_import(text).map_err(Failure::Core))
}

fn edit(input: Input, value: &str) -> Action {
    Action::Edit(input, value.to_owned())
}

/// A state on `step` with every input step filled in validly.
fn filled() -> WizardState {
    reduce(
        WizardState::default(),
        [
            edit(Input::CaPassphrase, "correct horse battery"),
            edit(Input::CaPassphraseRepeat, "correct horse battery"),
            edit(Input::ServerDns, "docker.example.com\nlocalhost"),
            edit(Input::ServerIp, "192.0.2.10"),
            edit(Input::Clients, "alice, bob"),
        ],
    )
}

fn generated(form: &Form) -> Rc<Generated> {
    Rc::new(Generated {
        form: form.clone(),
        zip: vec![1, 2, 3],
        file_name: "docker-tls-docker.example.com.zip".into(),
        folder: "docker-tls-docker.example.com".into(),
        certificates: Vec::new(),
        openssl_commands: String::new(),
        readme: String::new(),
        warnings: Vec::new(),
        fell_back: false,
        made_ahead: 0,
        encryption_ahead: false,
        signed_by_webcrypto: false,
    })
}

#[test]
fn steps_run_in_order() {
    let titles: Vec<&str> = Step::ALL
        .iter()
        .map(|s| s.title(Speech::english().words))
        .collect();
    assert_eq!(
        titles,
        [
            "Overview", "CA", "Server", "Clients", "Generate", "Review", "Download"
        ]
    );
    assert_eq!(Step::Overview.previous(), None);
    assert_eq!(Step::Download.next(), None);
    assert_eq!(Step::Ca.next(), Some(Step::Server));
}

#[test]
fn next_is_refused_with_the_reason_while_a_step_is_invalid() {
    let state = reduce(WizardState::default(), [Action::Next, Action::Next]);
    assert_eq!(
        state.step,
        Step::Ca,
        "the empty passphrase blocks the CA step"
    );
    let refusal = state.refusal_text().expect("a reason");
    assert!(
        refusal.starts_with("Fix this first: CA passphrase: empty"),
        "{refusal}"
    );
    // After a refused Next, the step's errors show without the field being touched.
    assert!(state.visible_error(Input::CaPassphrase).is_some());

    let state = reduce(
        state,
        [
            edit(Input::CaPassphrase, "correct horse battery"),
            edit(Input::CaPassphraseRepeat, "correct horse batterx"),
            Action::Next,
        ],
    );
    assert_eq!(state.step, Step::Ca);
    assert_eq!(
        state.visible_error(Input::CaPassphraseRepeat).as_deref(),
        Some("CA passphrase: the two entries differ; type the same passphrase twice")
    );
    let state = reduce(
        state,
        [
            edit(Input::CaPassphraseRepeat, "correct horse battery"),
            Action::Next,
        ],
    );
    assert_eq!(state.step, Step::Server);
    assert_eq!(state.refusal, None);
}

#[test]
fn messages_are_the_cores_and_show_as_typed() {
    let state = reduce(
        WizardState::default(),
        [edit(Input::ServerDns, "docker.example.com.")],
    );
    assert_eq!(
        state.visible_error(Input::ServerDns).as_deref(),
        Some(
            "server DNS name: `docker.example.com.` ends with a dot, which stops dockerd from starting; write `docker.example.com`"
        )
    );
    // Untouched inputs stay quiet until Next is tried.
    assert_eq!(state.visible_error(Input::Port), None);
    let state = reduce(state, [edit(Input::ServerIp, "0.0.0.0")]);
    assert!(
        state
            .visible_error(Input::ServerIp)
            .is_some_and(|e| e.contains("wildcard listen address"))
    );
    let state = reduce(state, [edit(Input::Clients, "alice\n../evil")]);
    assert!(
        state
            .visible_error(Input::Clients)
            .is_some_and(|e| e.starts_with("client name: `../evil` contains `/`"))
    );
}

#[test]
fn cross_field_rules_land_on_their_step() {
    let mut state = filled();
    state.step = Step::Server;
    let state = reduce(
        state,
        [
            edit(Input::ServerDns, ""),
            edit(Input::ServerIp, ""),
            Action::Next,
        ],
    );
    assert_eq!(state.step, Step::Server);
    assert!(
        state
            .refusal_text()
            .as_deref()
            .is_some_and(|r| r.contains("server names: none given")),
        "{:?}",
        state.refusal
    );

    // A lifetime typed past a new CA's is the Server step's; the default ends with the CA.
    let mut state = filled();
    state.step = Step::Server;
    let typed = reduce(
        state.clone(),
        [
            edit(Input::CaDays, "30"),
            edit(Input::ServerDays, "60"),
            Action::Next,
        ],
    );
    assert_eq!(
        typed.refusal_text().as_deref(),
        Some(
            "Fix this first: server validity: 60 days would outlast the CA (30 days); set the server certificate's validity to 30 days or less, or raise the CA's validity"
        ),
    );
    let default = reduce(state, [edit(Input::CaDays, "30"), Action::Next]);
    assert_eq!(default.step, Step::Clients, "{:?}", default.refusal);

    // An empty client list is not the Server step's business.
    let mut state = filled();
    state.step = Step::Server;
    let state = reduce(state, [edit(Input::Clients, ""), Action::Next]);
    assert_eq!(state.step, Step::Clients);
    let state = reduce(state, [Action::Next]);
    assert!(
        state
            .refusal_text()
            .as_deref()
            .is_some_and(|r| r.contains("client name: none given"))
    );
}

#[test]
fn going_back_keeps_everything() {
    let mut state = filled();
    state.step = Step::Clients;
    let before = state.form.clone();
    let state = reduce(
        state,
        [Action::Back, Action::Back, Action::Back, Action::Back],
    );
    assert_eq!(state.step, Step::Overview);
    assert_eq!(state.form, before);
    let state = reduce(state, [Action::Next, Action::Next, Action::Next]);
    assert_eq!(state.step, Step::Clients);
}

#[test]
fn warns_when_docker_host_matches_no_san() {
    let state = reduce(
        filled(),
        [edit(Input::DockerHost, "tcp://docker.example.org:2376")],
    );
    let warnings = state.form.step_warnings(Step::Server);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`docker.example.org` would not match")),
        "{warnings:?}"
    );
    for fine in [
        "docker.example.com",
        "tcp://DOCKER.example.com:2376",
        "192.0.2.10",
        "tcp://192.0.2.10:2376",
        "",
    ] {
        let state = reduce(filled(), [edit(Input::DockerHost, fine)]);
        assert!(
            !state
                .form
                .step_warnings(Step::Server)
                .iter()
                .any(|w| w.contains("would not match")),
            "{fine}"
        );
    }
    let state = reduce(filled(), [edit(Input::DockerHost, "10.0.0.7")]);
    assert!(
        state
            .form
            .step_warnings(Step::Server)
            .iter()
            .any(|w| w.contains("server IP addresses"))
    );
}

#[test]
fn generation_needs_valid_input_and_ignores_stale_runs() {
    let state = reduce(WizardState::default(), [Action::GenerationStarted(1)]);
    assert_eq!(
        state.generation,
        Generation::Idle,
        "invalid input: nothing starts"
    );

    let mut state = filled();
    state.step = Step::Generate;
    let state = reduce(state, [Action::Next]);
    assert_eq!(state.step, Step::Generate, "no Next before generating");
    let state = reduce(
        state,
        [
            Action::GenerationStarted(1),
            Action::GenerationProgress {
                id: 1,
                done: 2,
                total: 5,
                doing: Doing::ServerKey,
            },
            Action::GenerationCancelled,
            Action::GenerationStarted(2),
            // Messages from the cancelled run are ignored.
            Action::GenerationProgress {
                id: 1,
                done: 4,
                total: 5,
                doing: Doing::CaKey,
            },
        ],
    );
    assert_eq!(
        state.generation,
        Generation::Running {
            id: 2,
            done: 0,
            total: 0,
            doing: Doing::Starting
        }
    );
    let done = generated(&state.form);
    let state = reduce(state, [Action::GenerationFinished(1, done.clone())]);
    assert!(matches!(
        state.generation,
        Generation::Running { id: 2, .. }
    ));
    let state = reduce(state, [Action::GenerationFinished(2, done), Action::Next]);
    assert_eq!(state.step, Step::Review);
    assert!(state.generated().is_some());

    // Going back and changing the input drops the bundle: it no longer matches.
    let state = reduce(state, [Action::Back, edit(Input::Clients, "alice")]);
    assert_eq!(state.generation, Generation::Idle);
    let state = reduce(state, [Action::Next]);
    assert_eq!(state.step, Step::Generate);
}

#[test]
fn failures_are_kept_as_messages() {
    let state = reduce(
        filled(),
        [
            Action::GenerationStarted(7),
            Action::GenerationFailed(
                7,
                Failure::Browser(Trouble::Said("worker: out of memory".into())),
            ),
        ],
    );
    assert_eq!(
        state.generation,
        Generation::Failed(Failure::Browser(Trouble::Said(
            "worker: out of memory".into()
        )))
    );
}

#[test]
fn the_form_travels_to_the_worker_whole_and_builds_the_same_plan() {
    let form = filled().form;
    let back: Form = crate::wire::across(&form);
    assert_eq!(back, form);
    let plan = back.plan_up_to(Step::Clients).expect("valid");
    assert!(!plan.proxy());
    let with_proxy = reduce(filled(), [edit(Input::Proxy, "true")]);
    assert!(
        with_proxy
            .form
            .plan_up_to(Step::Clients)
            .expect("valid")
            .proxy()
    );
    assert_eq!(plan.first_server().dns_names().len(), 2);
    assert_eq!(plan.clients().len(), 2);
}

#[test]
fn other_servers_are_one_per_line_with_an_optional_port() {
    let state = reduce(
        filled(),
        [edit(
            Input::OtherServers,
            "worker1.example.com 10.0.0.21\n\n  10.0.0.22 worker2.example.com :12376\n",
        )],
    );
    assert!(state.form.step_errors(Step::Server).is_empty());
    let plan = state.form.plan_up_to(Step::Clients).expect("plan");
    let servers: Vec<String> = plan.servers().iter().map(|s| s.docker_host()).collect();
    assert_eq!(
        servers,
        [
            "tcp://docker.example.com:2376",
            "tcp://worker1.example.com:2376",
            "tcp://worker2.example.com:12376"
        ]
    );
    assert_eq!(
        plan.servers()[2].names(),
        ["worker2.example.com", "10.0.0.22"]
    );
}

#[test]
fn other_servers_are_refused_with_their_line() {
    for (text, expected) in [
        (
            "ok.example.com\nbad..example.com",
            "server DNS name: `bad..example.com` has an empty label (two dots in a row, or a leading dot); remove the extra dot (other servers, line 2)",
        ),
        (
            "w.example.com :0",
            "port: 0 is not a usable port; Docker's TLS port is 2376 (other servers, line 1)",
        ),
        (
            ":2377",
            "server names: line 1 of the other servers has a port but no name; write the server's name or address before it",
        ),
    ] {
        let state = reduce(filled(), [edit(Input::OtherServers, text), Action::Next]);
        assert_eq!(
            state.visible_error(Input::OtherServers).as_deref(),
            Some(expected),
            "{text}"
        );
    }
    // A rule of the plan about another server lands on this input, not on the first server's.
    let twice = reduce(filled(), [edit(Input::OtherServers, "docker.example.com")]);
    let errors = twice.form.step_errors(Step::Server);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, Input::OtherServers);
    assert!(
        errors[0].1.contains("servers 1 and 2 both start with"),
        "{errors:?}"
    );
}

#[test]
fn each_server_runs_on_the_chosen_platform_or_its_own_and_the_proxy_only_fits_systemd() {
    let state = reduce(
        filled(),
        [
            edit(Input::Platform, "rootless"),
            edit(
                Input::OtherServers,
                "win.example.com @windows\npod.example.com :12376 @podman\nuser.example.com",
            ),
        ],
    );
    assert!(state.form.step_errors(Step::Server).is_empty());
    let plan = state.form.plan_up_to(Step::Clients).expect("plan");
    let platforms: Vec<&str> = plan.servers().iter().map(|s| s.platform().name()).collect();
    assert_eq!(platforms, ["rootless", "windows", "podman", "rootless"]);

    // The platform's own refusal, with the line.
    let typo = reduce(
        filled(),
        [
            edit(Input::OtherServers, "w.example.com @macos"),
            Action::Next,
        ],
    );
    assert_eq!(
        typo.visible_error(Input::OtherServers).as_deref(),
        Some(
            "platform: `macos` is not a platform Portcullis knows; use systemd (the default), rootless, windows or podman (other servers, line 1)"
        )
    );
    let bare = reduce(
        filled(),
        [edit(Input::OtherServers, "@podman"), Action::Next],
    );
    assert_eq!(
        bare.visible_error(Input::OtherServers).as_deref(),
        Some(
            "server names: line 1 of the other servers has a platform but no name; write the server's name or address before it"
        )
    );

    // The proxy forwards to a root daemon's socket: on the Clients step it is refused beside the
    // checkbox, and the Server step names it when the platform changes under it.
    let proxied = reduce(state.clone(), [edit(Input::Proxy, "true")]);
    let errors = proxied.form.step_errors(Step::Clients);
    assert_eq!(
        errors,
        [(
            Input::Proxy,
            "platform: server 1 runs on `rootless`, but the proxy forwards to the root daemon's /var/run/docker.sock of a systemd host; leave out the proxy or choose the platform systemd for that server"
                .to_owned()
        )]
    );
    let systemd = reduce(
        filled(),
        [edit(Input::Proxy, "true"), edit(Input::Platform, "podman")],
    );
    assert_eq!(
        systemd.form.step_errors(Step::Server),
        [(
            Input::Platform,
            "platform: runs on `podman`, but the proxy forwards to the root daemon's /var/run/docker.sock of a systemd host; leave out the proxy or choose the platform systemd"
                .to_owned()
        )]
    );

    // A plan file keeps each server's platform, and the wizard reads it back.
    let exported = state.form.plan_file().expect("exports");
    assert_eq!(exported.matches("\"platform\"").count(), 4, "{exported}");
    let fresh = reduce(WizardState::default(), [import(&exported)]);
    assert_eq!(fresh.form.value(Input::Platform), "rootless");
    assert_eq!(
        fresh.form.value(Input::OtherServers),
        "win.example.com @windows\npod.example.com :12376 @podman\nuser.example.com"
    );
}

#[test]
fn a_plan_file_is_exported_and_imported_again() {
    let state = reduce(
        filled(),
        [
            edit(Input::OtherServers, "worker1.example.com :12376"),
            edit(Input::KeyType, "ecdsa-p384"),
            edit(Input::CaName, "Swarm CA"),
            edit(Input::ClientDays, "60"),
            edit(Input::Proxy, "true"),
        ],
    );
    let exported = state.form.plan_file().expect("exports");
    assert!(exported.contains("\"worker1.example.com\""), "{exported}");
    assert!(
        !exported.contains("correct horse"),
        "the passphrase went into the plan file"
    );
    let mut fresh = reduce(
        WizardState::default(),
        [
            edit(Input::CaPassphrase, "kept passphrase here"),
            import(&exported),
        ],
    );
    let read = fresh.plan_import.clone().expect("read").expect("the plan");
    assert_eq!(
        read.said(Speech::english().words),
        "Read the plan: 2 servers, 2 clients."
    );
    assert_eq!(
        read.said(
            crate::i18n::Lang::De
                .compiled()
                .expect("compiled in natively")
        ),
        "Plan gelesen: 2 Server, 2 Clients."
    );
    assert_eq!(
        fresh.form.value(Input::CaPassphrase),
        "kept passphrase here"
    );
    assert_eq!(
        fresh.form.value(Input::OtherServers),
        "worker1.example.com :12376"
    );
    assert_eq!(fresh.form.value(Input::KeyType), "ecdsa-p384");
    assert_eq!(fresh.form.value(Input::Proxy), "true");
    fresh = reduce(
        fresh,
        [
            edit(Input::CaPassphrase, "correct horse battery"),
            edit(Input::CaPassphraseRepeat, "correct horse battery"),
        ],
    );
    assert_eq!(fresh.form.plan_file().expect("exports"), exported);

    // A refused file changes nothing and says why.
    let before = fresh.form.clone();
    let refused = reduce(fresh, [import("{\"version\": 9}")]);
    assert_eq!(refused.form, before);
    let Some(Err(why)) = &refused.plan_import else {
        panic!("refused: {:?}", refused.plan_import);
    };
    assert_eq!(
        why.to_string(),
        "plan file: version 9 is newer than this Portcullis reads (1); update Portcullis"
    );
    // Said in the page's language, from the refusal the worker sent as data.
    assert_eq!(
        why.said(Speech::of(portcullis_words::Lang::De).expect("compiled in")),
        "Plandatei: Version 9 ist neuer als die, die dieses Portcullis liest (1); aktualisieren Sie Portcullis"
    );
}

/// A CA made by the core: (certificate PEM, key PEM, encrypted with `passphrase` if given).
fn made_ca(passphrase: Option<&str>, seed: u64) -> (String, String) {
    let (ca, key, _, _) = made_pki(passphrase, seed);
    (ca, key)
}

fn with_existing_ca(cert: &str, key: &str, passphrase: &str) -> WizardState {
    reduce(
        filled(),
        [
            edit(Input::UseExistingCa, "true"),
            edit(Input::ExistingCaCert, cert),
            edit(Input::ExistingCaKey, key),
            edit(Input::CaPassphrase, passphrase),
            Action::Commit(Input::CaPassphrase),
        ],
    )
}

#[test]
fn an_existing_ca_is_read_checked_and_used() {
    let (cert, key) = made_ca(None, 1);
    let state = with_existing_ca(&cert, &key, "");
    assert!(
        state.form.step_errors(Step::Ca).is_empty(),
        "{:?}",
        state.form.step_errors(Step::Ca)
    );
    let summary = state.form.existing_ca_summary().expect("summary");
    assert!(
        summary.starts_with("Your CA \"Docker CA for x.example.com\" (ECDSA P-256"),
        "{summary}"
    );
    let plan = state.form.plan_up_to(Step::Clients).expect("plan");
    let portcullis_pki::CaSource::Existing(ca) = plan.ca() else {
        panic!("not the existing CA");
    };
    assert_eq!(ca.common_name(), "Docker CA for x.example.com");
    // The form travels to the worker without what the worker answered: it reads the CA again,
    // and plans with the CA itself.
    let bytes = crate::wire::encode(&state.form).expect("bytes");
    let name = b"Docker CA for";
    assert!(!bytes.windows(name.len()).any(|at| at == name));
    let again: Form = crate::wire::decode(&bytes).expect("back");
    assert!(
        again.plan_up_to(Step::Clients).is_err(),
        "not answered here"
    );
    let plan = again
        .plan_with(Step::Clients, &service::read(&again))
        .expect("read in the worker");
    let portcullis_pki::CaSource::Existing(ca) = plan.ca() else {
        panic!("not the existing CA");
    };
    assert_eq!(ca.certificate().pem, cert);
    // Leaving the existing CA brings back the new CA's own rules: its passphrase is needed.
    let back = reduce(state, [edit(Input::UseExistingCa, "")]);
    assert!(
        back.form
            .plan_up_to(Step::Clients)
            .expect_err("a new CA needs a passphrase")
            .to_string()
            .starts_with("CA passphrase: empty")
    );
}

#[test]
fn an_unusable_existing_ca_is_refused_beside_the_right_input() {
    let (cert, key) = made_ca(None, 1);
    let (_, other_key) = made_ca(None, 2);
    let error = |state: &WizardState, input| {
        state
            .form
            .step_errors(Step::Ca)
            .into_iter()
            .find(|(i, _)| *i == input)
            .map(|(_, message)| message)
    };
    let mismatched = with_existing_ca(&cert, &other_key, "");
    assert!(
        error(&mismatched, Input::ExistingCaKey)
            .is_some_and(|m| m.starts_with("CA key: does not belong to the CA certificate")),
        "{:?}",
        mismatched.form.step_errors(Step::Ca)
    );
    let not_a_ca = with_existing_ca(&key, &key, "");
    assert!(error(&not_a_ca, Input::ExistingCaCert).is_some());
    let empty = reduce(filled(), [edit(Input::UseExistingCa, "true")]);
    assert_eq!(
        error(&empty, Input::ExistingCaCert).as_deref(),
        Some("CA certificate: empty; paste your CA's certificate (PEM) or pick its file")
    );
    assert!(error(&empty, Input::ExistingCaKey).is_some());
    assert!(!empty.ready_to_generate());
}

#[test]
fn an_encrypted_existing_ca_key_needs_its_passphrase() {
    let (cert, key) = made_ca(Some("correct horse battery"), 3);
    let without = with_existing_ca(&cert, &key, "");
    let errors = without.form.step_errors(Step::Ca);
    assert!(
        errors.iter().any(|(_, m)| m
            .starts_with("CA key: is encrypted; type its passphrase as the CA passphrase")),
        "{errors:?}"
    );
    let wrong = with_existing_ca(&cert, &key, "wrong horse battery");
    assert!(
        wrong
            .form
            .step_errors(Step::Ca)
            .iter()
            .any(|(_, m)| m.contains("cannot be decrypted with this passphrase")),
    );
    let right = with_existing_ca(&cert, &key, "correct horse battery");
    assert!(right.form.step_errors(Step::Ca).is_empty());
}

/// Made with `openssl req -new` for a P-256 key: CN=node1, asking for DNS:node1.example.com
/// and IP:10.1.2.3.
const NODE_CSR: &str = "\
-----BEGIN CERTIFICATE REQUEST-----
MIH/MIGnAgEAMBAxDjAMBgNVBAMMBW5vZGUxMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEjoran80ZpUFiLUWN7R2Q01TGxzDAYUt4KF4BQmUMv0+F5pji7t9/6Njy
ICSZbKjs4/BoE6LTX2++Yip5NGXnUqA1MDMGCSqGSIb3DQEJDjEmMCQwIgYDVR0R
BBswGYIRbm9kZTEuZXhhbXBsZS5jb22HBAoBAgMwCgYIKoZIzj0EAwIDRwAwRAIg
RDhXB3Q+28PXEm/uTNkmOFp5SudJZki2zEp0EOgJK3UCIAYg/DqZhnFCcsMRoAhK
4DKhxNaO2rU2kRAObXbd3iwG
-----END CERTIFICATE REQUEST-----
";

/// The same key, asking to be a CA.
const CA_CSR: &str = "\
-----BEGIN CERTIFICATE REQUEST-----
MIHsMIGTAgEAMA8xDTALBgNVBAMMBGV2aWwwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAASOitqfzRmlQWItRY3tHZDTVMbHMMBhS3goXgFCZQy/T4XmmOLu33/o2PIg
JJlsqOzj8GgTotNfb75iKnk0ZedSoCIwIAYJKoZIhvcNAQkOMRMwETAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDesDXx3x9+yXsCWVLxTD6Y0L8/
xMcBO6ZZwjPdWohHKAIgcCLXbD5qJVM4qPqc7Gzkc9avsAgdlKPrSdYv9YDO3v4=
-----END CERTIFICATE REQUEST-----
";

fn csr_tool(ca_cert: &str, ca_key: &str, edits: &[(Input, &str)]) -> WizardState {
    let mut actions = vec![
        Action::OpenTool(Step::SignCsr),
        edit(Input::ExistingCaCert, ca_cert),
        edit(Input::ExistingCaKey, ca_key),
    ];
    actions.extend(edits.iter().map(|(input, value)| edit(*input, value)));
    reduce(WizardState::default(), actions)
}

fn signed(state: &WizardState) -> Result<DecodedCertificate, String> {
    let now = time::OffsetDateTime::now_utc();
    let result = service::sign_csr(
        &state.form,
        now,
        &mut <rand_chacha::ChaCha20Rng as rand_core::SeedableRng>::from_seed([7; 32]),
    );
    let state = reduce(state.clone(), [Action::CsrSigned(result)]);
    state
        .signed_csr
        .clone()
        .expect("a result")
        .map(|s| s.decoded)
        .map_err(|err| err.to_string())
}

#[test]
fn the_csr_tool_signs_with_the_names_the_user_confirms() {
    let (cert, key) = made_ca(None, 4);
    let base = csr_tool(&cert, &key, &[(Input::Csr, NODE_CSR)]);
    assert_eq!(base.step, Step::SignCsr);
    let asked = base.form.csr_request().expect("given").expect("valid");
    assert_eq!(asked.dns_names, ["node1.example.com"]);
    // The CSR's names go in only when confirmed; typed names always.
    let unconfirmed = reduce(base.clone(), [edit(Input::CsrDns, "docker.example.com")]);
    let cert_typed = signed(&unconfirmed).expect("signed");
    assert_eq!(cert_typed.subject_alt_names, ["DNS:docker.example.com"]);
    assert_eq!(cert_typed.extended_key_usage, ["serverAuth"]);
    let confirmed = reduce(base.clone(), [edit(Input::CsrUseNames, "true")]);
    assert_eq!(
        signed(&confirmed).expect("signed").subject_alt_names,
        ["DNS:node1.example.com", "IP:10.1.2.3"]
    );
    let nothing = signed(&base).expect_err("no names");
    assert!(nothing.starts_with("server names: none given"), "{nothing}");
    // As a client, named by the CSR's CN unless a name is typed.
    let client = reduce(base.clone(), [edit(Input::CsrProfile, "client")]);
    let cert_client = signed(&client).expect("signed");
    assert_eq!(cert_client.subject, "CN=node1");
    assert_eq!(cert_client.extended_key_usage, ["clientAuth"]);
    assert!(cert_client.subject_alt_names.is_empty());
    // Editing after signing drops the result, so a stale certificate is never saved.
    let after = reduce(
        reduce(
            confirmed,
            [Action::CsrSigned(Ok(SignedCsr {
                pem: cert.clone(),
                decoded: service::decode(&cert).expect("decodes"),
                warnings: Vec::new(),
            }))],
        ),
        [edit(Input::CsrDays, "30")],
    );
    assert_eq!(after.signed_csr, None);
}

#[test]
fn the_csr_tool_refuses_a_ca_request_and_a_bad_signature() {
    let (cert, key) = made_ca(None, 5);
    let ca = csr_tool(
        &cert,
        &key,
        &[(Input::Csr, CA_CSR), (Input::CsrUseNames, "true")],
    );
    assert!(
        ca.form
            .input_error(Input::Csr)
            .is_some_and(|m| m.starts_with("CSR: asks to be a CA")),
    );
    assert!(
        signed(&ca)
            .expect_err("refused")
            .starts_with("CSR: asks to be a CA")
    );
    // One character of the signature changed.
    let spoiled = NODE_CSR.replace("4DKhxNaO2rU2kRAObXbd3iwG", "4DKhxNaO2rU2kRAObXbd3iwH");
    let bad = csr_tool(&cert, &key, &[(Input::Csr, &spoiled)]);
    let message = bad.form.input_error(Input::Csr).expect("refused");
    assert!(message.starts_with("CSR: "), "{message}");
    let no_ca = csr_tool(
        "",
        "",
        &[(Input::Csr, NODE_CSR), (Input::CsrUseNames, "true")],
    );
    assert!(
        signed(&no_ca)
            .expect_err("no CA")
            .starts_with("CA certificate: empty")
    );
    // Leaving the tool returns to where the wizard was.
    let back = reduce(no_ca, [Action::CloseTool]);
    assert_eq!(back.step, Step::Overview);
}

/// A PKI made by the core, its CA key encrypted with `passphrase` if given: (CA PEM, CA key
/// PEM, alice's and the server's certificates).
/// A CA of 100 days, made a moment ago, unencrypted: (certificate, key).
fn short_ca() -> (String, String) {
    use rand_core::SeedableRng;
    let plan = Plan::builder()
        .ca_days(ValidityDays::new(Field::CaDays, 100).expect("days"))
        .server_dns("x.example.com".parse().expect("dns"))
        .client("alice".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    let issued = portcullis_pki::issue(
        &plan,
        time::OffsetDateTime::now_utc() - time::Duration::hours(1),
        &mut rand_chacha::ChaCha20Rng::seed_from_u64(30),
    )
    .expect("issue");
    let key = issued.ca_key.expect("a new CA's key");
    (issued.ca.pem, key.expose_secret().to_owned())
}

#[test]
fn under_a_short_ca_the_default_lifetimes_end_with_it_and_typed_ones_are_refused() {
    use rand_core::SeedableRng;
    let (cert, key) = short_ca();
    let state = with_existing_ca(&cert, &key, "");
    assert!(
        state.form.plan_up_to(Step::Clients).is_ok(),
        "the defaults fit"
    );
    // Issued in the worker, with the CA read there.
    let in_worker = |form: &Form| form.plan_with(Step::Clients, &service::read(form));
    let plan = in_worker(&state.form).expect("the defaults fit");
    let now = time::OffsetDateTime::now_utc();
    let issued =
        portcullis_pki::issue(&plan, now, &mut rand_chacha::ChaCha20Rng::seed_from_u64(31))
            .expect("issued, cut short");
    assert_eq!(issued.servers[0].certificate.not_after, issued.ca.not_after);
    assert_eq!(issued.warnings.len(), 2, "{:?}", issued.warnings);
    // A lifetime typed into the form is refused, in the form's words.
    let typed = reduce(state, [edit(Input::ServerDays, "200")]);
    let plan = in_worker(&typed.form).expect("plan");
    let refusal =
        portcullis_pki::issue(&plan, now, &mut rand_chacha::ChaCha20Rng::seed_from_u64(32))
            .expect_err("typed")
            .to_string();
    assert!(
        refusal.starts_with("server validity: 200 days would outlast the CA, which expires on ")
            && refusal.ends_with("; set the server certificate's validity to 99 days or less"),
        "{refusal}"
    );
    // The CSR tool alike.
    let base = csr_tool(
        &cert,
        &key,
        &[(Input::Csr, NODE_CSR), (Input::CsrUseNames, "true")],
    );
    let signed = reduce(
        base.clone(),
        [Action::CsrSigned(service::sign_csr(
            &base.form,
            now,
            &mut rand_chacha::ChaCha20Rng::seed_from_u64(33),
        ))],
    );
    let warnings = signed
        .signed_csr
        .expect("a result")
        .expect("signed")
        .warnings;
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .to_string()
            .starts_with("the server certificate of node1.example.com: valid until"),
        "{warnings:?}"
    );
    // Sent as data, it is said in the page's language.
    assert!(
        crate::say::warning(
            &warnings[0],
            Speech::of(portcullis_words::Lang::De).expect("compiled in"),
        )
        .starts_with("das Server-Zertifikat von node1.example.com: gültig bis "),
        "{warnings:?}"
    );
    let typed = reduce(base, [edit(Input::CsrDays, "400")]);
    let refusal = service::sign_csr(
        &typed.form,
        now,
        &mut rand_chacha::ChaCha20Rng::seed_from_u64(34),
    )
    .expect_err("typed")
    .to_string();
    assert!(
        refusal.ends_with("; set the certificate's validity to 99 days or less"),
        "{refusal}"
    );
}

fn made_pki(passphrase: Option<&str>, seed: u64) -> (String, String, String, String) {
    use rand_core::SeedableRng;
    let protection = match passphrase {
        Some(p) => CaKeyProtection::Passphrase(Passphrase::new(p.to_owned()).expect("passphrase")),
        None => CaKeyProtection::Unencrypted,
    };
    let plan = Plan::builder()
        .server_dns("x.example.com".parse().expect("dns"))
        .client("alice".parse().expect("client"))
        .ca_key_protection(protection)
        .build()
        .expect("plan");
    let now = time::OffsetDateTime::now_utc();
    let issued = portcullis_pki::issue(
        &plan,
        now,
        &mut rand_chacha::ChaCha20Rng::seed_from_u64(seed),
    )
    .expect("issue");
    let key = issued.ca_key.expect("a new CA's key");
    (
        issued.ca.pem,
        key.expose_secret().to_owned(),
        issued.clients[0].leaf.certificate.pem.clone(),
        issued.servers[0].certificate.pem.clone(),
    )
}

#[test]
fn the_revoke_tool_lists_the_certificates_and_keeps_the_old_entries() {
    let (ca, key, alice, server) = made_pki(None, 8);
    let tool = reduce(
        WizardState::default(),
        [
            Action::OpenTool(Step::Revoke),
            edit(Input::ExistingCaCert, &ca),
            edit(Input::ExistingCaKey, &key),
            edit(Input::RevokeCerts, &alice),
        ],
    );
    assert_eq!(tool.step, Step::Revoke);
    let now = time::OffsetDateTime::now_utc();
    let (first, listed) = service::revoke(&tool.form, now).expect("a CRL");
    assert_eq!(listed, 1);
    let loaded = service::read(&tool.form)
        .ca
        .expect("given")
        .expect("the CA");
    let entries =
        portcullis_pki::RevocationList::parse(first.as_bytes(), &loaded).expect("reads back");
    assert_eq!(
        entries.revoked[0].serial,
        portcullis_pki::serial_of(alice.as_bytes(), &loaded).expect("alice's serial")
    );
    assert_eq!(entries.revoked[0].reason, Some(Reason::KeyCompromise));
    // The next CRL keeps alice and adds the server certificate (two pasted would do the same).
    let next = reduce(
        tool.clone(),
        [
            edit(Input::RevokeCrl, &first),
            edit(Input::RevokeCerts, &server),
            edit(Input::RevokeReason, "superseded"),
        ],
    );
    assert_eq!(service::revoke(&next.form, now).expect("a CRL").1, 2);
    let both = reduce(
        tool.clone(),
        [edit(Input::RevokeCerts, &format!("{alice}{server}"))],
    );
    assert_eq!(service::revoke(&both.form, now).expect("a CRL").1, 2);
    // Refusals, in the core's words.
    let (_, _, stranger, _) = made_pki(None, 9);
    let foreign = reduce(tool.clone(), [edit(Input::RevokeCerts, &stranger)]);
    let message = service::revoke(&foreign.form, now)
        .expect_err("another CA's")
        .to_string();
    assert!(message.contains("was not issued by this CA"), "{message}");
    let empty = reduce(tool.clone(), [edit(Input::RevokeCerts, "")]);
    assert!(
        service::revoke(&empty.form, now)
            .expect_err("nothing")
            .to_string()
            .starts_with("revocation: no certificate given")
    );
    let bad_reason = reduce(tool.clone(), [edit(Input::RevokeReason, "lost")]);
    assert!(bad_reason.form.input_error(Input::RevokeReason).is_some());
    // A CRL made stays until the input changes.
    let made = reduce(tool, [Action::CrlMade(Ok((first, 1)))]);
    assert!(made.made_crl.is_some());
    let changed = reduce(made, [edit(Input::RevokeDays, "7")]);
    assert_eq!(changed.made_crl, None);
}

#[test]
fn the_server_may_send_its_own_csr_instead_of_a_key_made_here() {
    let own = reduce(filled(), [edit(Input::ServerOwnKey, "true")]);
    assert_eq!(
        own.form.input_error(Input::ServerCsr).as_deref(),
        Some("CSR: empty; paste the request the server made (openssl req -new …) or open its file")
    );
    let ca = reduce(own.clone(), [edit(Input::ServerCsr, CA_CSR)]);
    assert!(
        ca.form
            .input_error(Input::ServerCsr)
            .is_some_and(|m| m.starts_with("CSR: asks to be a CA"))
    );
    let good = reduce(own, [edit(Input::ServerCsr, NODE_CSR)]);
    assert!(good.form.step_errors(Step::Server).is_empty());
    let plan = good.form.plan_up_to(Step::Clients).expect("plan");
    let request = plan.first_server().csr().expect("the CSR");
    assert_eq!(request.common_name.as_deref(), Some("node1"));
    // The names are the ones typed, not the CSR's.
    assert_eq!(
        plan.first_server().names(),
        ["docker.example.com", "localhost", "192.0.2.10"]
    );
    // Unticked, the CSR is left aside.
    let off = reduce(good, [edit(Input::ServerOwnKey, "")]);
    assert!(
        off.form
            .plan_up_to(Step::Clients)
            .expect("plan")
            .first_server()
            .csr()
            .is_none()
    );
}

#[test]
fn next_waits_for_the_workers_answer_and_then_moves_on() {
    let (cert, key) = made_ca(Some("correct horse battery"), 7);
    let on_ca = WizardState {
        step: Step::Ca,
        ..filled()
    };
    let asked = reduce_unanswered(
        on_ca,
        [
            edit(Input::UseExistingCa, "true"),
            edit(Input::ExistingCaCert, &cert),
            edit(Input::ExistingCaKey, &key),
            edit(Input::CaPassphrase, "correct horse battery"),
            Action::Next,
        ],
    );
    // Next committed the passphrase: the worker is asked with it, and Next waits for it.
    let [ask] = asked.form.unanswered().try_into().expect("one question");
    assert!(
        matches!(&ask, Ask::Ca { passphrase, .. } if passphrase.expose() == "correct horse battery")
    );
    assert_eq!(asked.step, Step::Ca);
    assert!(asked.next_waits);
    assert_eq!(asked.refusal_text().as_deref(), Some("Reading your CA…"));
    assert!(!asked.ready_to_generate(), "not before the CA is read");
    // An answer to another question changes nothing.
    let stale = Ask::Csr(NODE_CSR.to_owned());
    let answer = service::answer(&stale, &mut rand_core::UnwrapErr(getrandom::SysRng));
    let still = reduce_unanswered(asked.clone(), [Action::Answered(stale, answer)]);
    assert_eq!(still, asked);
    // The answer comes: Next is taken.
    let answer = service::answer(&ask, &mut rand_core::UnwrapErr(getrandom::SysRng));
    let read = reduce_unanswered(
        asked.clone(),
        [Action::Answered(ask.clone(), answer.clone())],
    );
    assert_eq!(read.step, Step::Server, "{:?}", read.refusal);
    assert!(!read.next_waits);
    // Unless the input changed meanwhile: then the answer is to an old question, and Next waits
    // for the user again.
    let changed = reduce_unanswered(
        asked,
        [
            edit(Input::CaPassphrase, "something else"),
            Action::Answered(ask, answer),
        ],
    );
    assert_eq!(changed.step, Step::Ca);
    assert!(!changed.next_waits);
    assert_eq!(changed.form.existing_ca_summary(), None);
}

#[test]
fn an_encrypted_ca_key_is_opened_once_the_passphrase_is_committed() {
    let (cert, key) = made_ca(Some("correct horse battery"), 6);
    let typing = reduce(
        filled(),
        [
            edit(Input::CaPassphrase, ""),
            edit(Input::UseExistingCa, "true"),
            edit(Input::ExistingCaCert, &cert),
            edit(Input::ExistingCaKey, &key),
            edit(Input::CaPassphrase, "correct horse batter"),
            edit(Input::CaPassphrase, "correct horse battery"),
        ],
    );
    // Each key stroke leaves the (slow) decryption for later, and no error shows meanwhile.
    assert_eq!(typing.form.existing_ca_summary(), None);
    assert!(typing.form.step_errors(Step::Ca).is_empty());
    let committed = reduce(typing.clone(), [Action::Commit(Input::CaPassphrase)]);
    assert!(committed.form.existing_ca_summary().is_some());
    // The context compares states: a CA read must make them differ, or the page never redraws.
    assert_ne!(committed, typing);
    // Next reads it too, and moves on.
    let next = reduce(
        WizardState {
            step: Step::Ca,
            ..typing.clone()
        },
        [Action::Next],
    );
    assert_eq!(next.step, Step::Server, "{:?}", next.refusal);
    // A tool reads it when used.
    let tool = reduce(
        typing,
        [
            Action::OpenTool(Step::SignCsr),
            edit(Input::Csr, NODE_CSR),
            edit(Input::CsrUseNames, "true"),
        ],
    );
    assert!(signed(&tool).is_ok());
}

#[test]
fn a_plan_with_the_first_servers_own_csr_opens_with_it() {
    let own = reduce(
        filled(),
        [
            edit(Input::ServerOwnKey, "true"),
            edit(Input::ServerCsr, NODE_CSR),
        ],
    );
    let exported = own.form.plan_file().expect("exports");
    assert!(exported.contains("\"csr\""), "{exported}");
    let opened = reduce(WizardState::default(), [import(&exported)]);
    assert_eq!(opened.form.value(Input::ServerOwnKey), "true");
    assert_eq!(opened.form.value(Input::ServerCsr), NODE_CSR);
    let again = reduce(
        opened,
        [
            edit(Input::CaPassphrase, "correct horse battery"),
            edit(Input::CaPassphraseRepeat, "correct horse battery"),
        ],
    );
    assert_eq!(again.form.plan_file().expect("exports"), exported);
    // Another server's own CSR has no place in the wizard: refused, not dropped.
    let second = exported.replacen(
        "\"servers\": [",
        "\"servers\": [\n    { \"dns\": [\"first.example.com\"] },",
        1,
    );
    let refused = reduce(WizardState::default(), [import(&second)]);
    assert_eq!(
        refused.plan_import.map(|read| read.map_err(|why| why.to_string())),
        Some(Err("plan file: servers[1] sends its own CSR, which the wizard takes for the first server only; make this bundle with portcullis bundle --plan".to_owned()))
    );
}

#[test]
fn the_ca_keys_encryption_is_wanted_ahead_once_the_ca_step_is_left() {
    let on_ca = reduce(filled(), [Action::Next]);
    assert_eq!(on_ca.step, Step::Ca);
    assert_eq!(
        on_ca.encryption_ahead(),
        None,
        "not before the CA step is left"
    );
    let left = reduce(on_ca.clone(), [Action::Next]);
    assert_eq!(left.step, Step::Server);
    assert_eq!(
        left.encryption_ahead(),
        Some((Secret::new("correct horse battery"), KeyMaker::WebCrypto))
    );
    let rust = reduce(left.clone(), [edit(Input::KeyMaker, "rust")]);
    assert_eq!(
        rust.encryption_ahead(),
        Some((Secret::new("correct horse battery"), KeyMaker::Rust))
    );
    // Nothing for a passphrase typed differently twice, too short, not wanted, or an existing CA.
    for (input, value) in [
        (Input::CaPassphraseRepeat, "correct horse batterx"),
        (Input::CaPassphrase, "short"),
        (Input::UnencryptedCaKey, "true"),
        (Input::UseExistingCa, "true"),
    ] {
        let state = reduce(left.clone(), [edit(input, value)]);
        assert_eq!(state.encryption_ahead(), None, "{input:?}");
    }
    // Nor while a run runs, after it, or after Cancel.
    let running = reduce(left, [Action::GenerationStarted(3)]);
    assert_eq!(running.encryption_ahead(), None);
    let cancelled = reduce(running, [Action::GenerationCancelled]);
    assert_eq!(cancelled.encryption_ahead(), None);
}

#[test]
fn rsa_keys_are_wanted_ahead_as_far_as_the_form_is_filled_in() {
    let rsa = |key_maker: &str, count: usize| {
        Some(Want {
            key_type: KeyType::Rsa4096,
            maker: KeyMaker::from_value(key_maker),
            count,
        })
    };
    let state = reduce(filled(), [edit(Input::KeyType, "rsa-4096"), Action::Next]);
    assert_eq!(state.step, Step::Ca);
    assert_eq!(
        state.keys_ahead(),
        None,
        "nothing before the CA step is left"
    );
    let state = reduce(state, [Action::Next]);
    assert_eq!(
        state.keys_ahead(),
        rsa("webcrypto", 3),
        "the CA's, one server's, and one client's: every plan has a client"
    );
    // A server that sends its own CSR needs no key; another server typed needs one at once.
    let own = reduce(state.clone(), [edit(Input::ServerOwnKey, "true")]);
    assert_eq!(own.keys_ahead(), rsa("webcrypto", 2));
    let typed = reduce(
        state.clone(),
        [edit(Input::OtherServers, "b.example.com\n\n")],
    );
    assert_eq!(typed.keys_ahead(), rsa("webcrypto", 4));
    let state = reduce(
        state,
        [
            edit(Input::OtherServers, "b.example.com\nc.example.com"),
            Action::Next,
        ],
    );
    assert_eq!(state.step, Step::Clients);
    assert_eq!(
        state.keys_ahead(),
        rsa("webcrypto", 6),
        "CA, three servers, and alice's and bob's, as typed on the Clients step"
    );
    let none_yet = reduce(state.clone(), [edit(Input::Clients, "")]);
    assert_eq!(
        none_yet.keys_ahead(),
        rsa("webcrypto", 5),
        "no client typed yet, but there will be one"
    );
    // Counted as typed, valid or not: a typo on the way keeps the keys made.
    let typo = reduce(state.clone(), [edit(Input::Clients, "alice bob!")]);
    assert!(typo.form.input_error(Input::Clients).is_some());
    assert_eq!(typo.keys_ahead(), rsa("webcrypto", 6));
    let state = reduce(state, [Action::Next]);
    assert_eq!(
        state.keys_ahead(),
        rsa("webcrypto", 6),
        "and the same past the Clients step"
    );
    // Back on the Clients step the clients stay counted; another maker is another kind.
    let state = reduce(state, [Action::Back, edit(Input::KeyMaker, "rust")]);
    assert_eq!(state.keys_ahead(), rsa("rust", 6));
    let state = reduce(state, [edit(Input::Clients, "alice")]);
    assert_eq!(state.keys_ahead(), rsa("rust", 5), "one client fewer");
    let one_server = reduce(state.clone(), [edit(Input::OtherServers, "")]);
    assert_eq!(one_server.keys_ahead(), rsa("rust", 3), "two servers fewer");
    // ECDSA keys take milliseconds: none ahead.
    let ecdsa = reduce(state.clone(), [edit(Input::KeyType, "ecdsa-p256")]);
    assert_eq!(ecdsa.keys_ahead(), None);
    // A run takes the stock: nothing more is wanted while it runs or after it is done.
    let running = reduce(state.clone(), [Action::GenerationStarted(7)]);
    assert!(matches!(running.generation, Generation::Running { .. }));
    assert_eq!(running.keys_ahead(), None);
    let done = reduce(
        running.clone(),
        [Action::GenerationFinished(7, generated(&running.form))],
    );
    assert!(done.generated().is_some());
    assert_eq!(done.keys_ahead(), None);
    // Cancel stops all key making, until the form changes.
    let cancelled = reduce(running, [Action::GenerationCancelled]);
    assert_eq!(cancelled.keys_ahead(), None);
    let edited = reduce(cancelled, [edit(Input::Clients, "alice bob")]);
    assert_eq!(edited.keys_ahead(), rsa("rust", 6));
}

#[test]
fn the_stock_level_is_kept_for_the_generate_step() {
    let level = Level {
        ready: 2,
        wanted: 4,
        encryption_ready: true,
        failed: None,
    };
    let state = reduce(filled(), [Action::Stock(level.clone())]);
    assert_eq!(state.stock, level);
    // A key that could not be made ahead is heard of before the click.
    let failed = Level {
        failed: Some(Trouble::Said("out of memory".to_owned())),
        ..level
    };
    let state = reduce(state, [Action::Stock(failed.clone())]);
    assert_eq!(state.stock, failed);
}

#[test]
fn the_clients_step_checks_the_p12_password_only_when_client_p12_is_asked_for() {
    let on_clients = |extra: Vec<Action>| {
        let mut actions = vec![Action::Next, Action::Next, Action::Next];
        actions.extend(extra);
        actions.push(Action::Next);
        reduce(filled(), actions)
    };
    // Off: a half-typed password stands in nobody's way, and the form asks for no file.
    let state = on_clients(vec![edit(Input::P12Password, "short")]);
    assert_eq!(state.step, Step::Generate);
    assert!(state.form.p12_password().is_none());

    let state = on_clients(vec![
        edit(Input::ClientP12, "true"),
        edit(Input::P12Password, "hunter2"),
        edit(Input::P12PasswordRepeat, "hunter2"),
    ]);
    assert_eq!(state.step, Step::Clients);
    assert_eq!(
        state.visible_error(Input::P12Password).as_deref(),
        Some(
            "client.p12 password: only 7 characters; use at least 8 (whoever holds client.p12 can try passwords offline)"
        )
    );

    let state = on_clients(vec![
        edit(Input::ClientP12, "true"),
        edit(Input::P12Password, "a password of mine"),
        edit(Input::P12PasswordRepeat, "a password of minE"),
    ]);
    assert_eq!(state.step, Step::Clients);
    assert_eq!(
        state.visible_error(Input::P12PasswordRepeat).as_deref(),
        Some("client.p12 password: the two entries differ; type the same password twice")
    );

    let state = reduce(
        state,
        [
            edit(Input::P12PasswordRepeat, "a password of mine"),
            Action::Next,
        ],
    );
    assert_eq!(state.step, Step::Generate);
    assert!(matches!(state.form.p12_password(), Some(Ok(_))));
    // Never in the plan file: nothing secret goes there.
    let plan_file = state.form.plan_file().expect("plan file");
    assert!(!plan_file.contains("a password of mine") && !plan_file.contains("p12"));
}

/// Every input belongs to exactly one step's inputs, and setting it changes that step's inputs
/// only: no step's value is kept, or edited, by another.
#[test]
fn each_input_is_owned_by_its_steps_inputs_alone() {
    let steps = [
        Step::Ca,
        Step::Server,
        Step::Clients,
        Step::Generate,
        Step::SignCsr,
        Step::Revoke,
        Step::Renew,
        Step::Check,
    ];
    let fresh = Form::default();
    for input in Input::ALL {
        let owners: Vec<Step> = steps
            .into_iter()
            .filter(|step| {
                fresh
                    .part(*step)
                    .is_some_and(|part| part.text(input).is_some() || part.flag(input).is_some())
            })
            .collect();
        assert_eq!(owners, [input.step()], "{input:?}");
        let mut form = Form::default();
        // A checkbox takes "true"; a text input takes any text.
        form.set_text(input, "true".to_owned());
        assert_eq!(
            form.value(input),
            "true",
            "{input:?} did not keep its value"
        );
        for step in steps {
            let before = fresh.part(step).map(|part| {
                Input::ALL
                    .iter()
                    .map(|i| (part.text(*i).map(str::to_owned), part.flag(*i)))
                    .collect::<Vec<_>>()
            });
            let after = form.part(step).map(|part| {
                Input::ALL
                    .iter()
                    .map(|i| (part.text(*i).map(str::to_owned), part.flag(*i)))
                    .collect::<Vec<_>>()
            });
            if step == input.step() {
                assert_ne!(before, after, "{input:?} changed nothing of {step:?}");
            } else {
                assert_eq!(before, after, "{input:?} changed {step:?}'s inputs");
            }
        }
    }
}
