use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

use super::*;
use crate::plan::CaKeyProtection;
use crate::{Issued, Plan, issue};

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")
}

fn issued(seed: u64) -> Issued {
    let plan = Plan::builder()
        .server_dns("docker.example.com".parse().expect("dns"))
        .server_ip("192.0.2.10".parse().expect("ip"))
        .client("alice".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(seed)).expect("issue")
}

fn files(issued: &Issued) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let client = &issued.clients[0].leaf;
    (
        issued.ca.pem.clone().into_bytes(),
        client.certificate.pem.clone().into_bytes(),
        client.key.expose_secret().as_bytes().to_vec(),
    )
}

fn check(ca: &[u8], cert: &[u8], key: &[u8], mode: u32, at: OffsetDateTime) -> Vec<Finding> {
    check_client_files(
        &ClientFiles {
            ca: Some(ca),
            cert: Some(cert),
            key: Some(key),
            key_mode: Some(mode),
        },
        at,
    )
}

fn errors(found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_bundles_client_folder_is_fine() {
    let issued = issued(1);
    let (ca, cert, key) = files(&issued);
    let found = check(&ca, &cert, &key, 0o400, now());
    assert!(
        found.iter().all(|f| f.severity == Severity::Ok),
        "{found:#?}"
    );
    assert_eq!(found.len(), 3, "one line per file: {found:#?}");
    // The key's type as the CLI always printed it; as data, by its name.
    assert_eq!(
        found[2].to_string(),
        "ok: key.pem: ECDSA P-256 with SHA-256, the key of cert.pem"
    );
    assert_eq!(found[2].key_named(), Some(KeyType::EcdsaP256));
}

#[test]
fn each_broken_file_is_named_with_dockers_words_and_a_fix() {
    let (ours, other) = (issued(1), issued(2));
    let (ca, cert, key) = files(&ours);
    let (other_ca, other_cert, other_key) = files(&other);

    let mismatched = errors(&check(&ca, &cert, &other_key, 0o400, now()));
    assert_eq!(mismatched.len(), 1, "{mismatched:?}");
    assert!(mismatched[0].contains("tls: private key does not match public key"));

    let foreign = errors(&check(&ca, &other_cert, &other_key, 0o400, now()));
    assert_eq!(foreign.len(), 1, "{foreign:?}");
    assert!(foreign[0].contains("not issued by the CA in ca.pem"));

    let expired = errors(&check(&ca, &cert, &key, 0o400, now() + Duration::days(400)));
    assert!(
        expired.iter().any(|e| e.contains("cert.pem")
            && e.contains("x509: certificate has expired or is not yet valid: current time")),
        "{expired:?}"
    );

    let server_as_client = errors(&check(
        &ca,
        ours.servers[0].certificate.pem.as_bytes(),
        ours.servers[0]
            .key
            .as_ref()
            .expect("key")
            .expose_secret()
            .as_bytes(),
        0o400,
        now(),
    ));
    assert!(
        server_as_client
            .iter()
            .any(|e| e.contains("without clientAuth") && e.contains("incompatible key usage")),
        "{server_as_client:?}"
    );

    let loose = check(&ca, &cert, &key, 0o644, now());
    assert!(errors(&loose).is_empty());
    assert!(
        loose
            .iter()
            .any(|f| f.severity == Severity::Warning && f.to_string().contains("chmod 0400")),
        "{loose:?}"
    );

    let encrypted =
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert!(errors(&check(&ca, &cert, encrypted, 0o400, now()))[0].contains("encrypted"));

    let missing = check_client_files(&ClientFiles::default(), now());
    assert_eq!(errors(&missing).len(), 3, "{missing:?}");

    let leaf_as_ca = errors(&check(&cert, &cert, &key, 0o400, now()));
    assert!(
        leaf_as_ca
            .iter()
            .any(|e| e.contains("not a CA certificate")),
        "{leaf_as_ca:?}"
    );
    let _ = other_ca;
}

#[test]
fn the_daemons_certificate_against_the_host_dialled() {
    let ours = issued(1);
    let chain = vec![ours.servers[0].certificate.der.clone()];
    let ca = ours.ca.pem.as_bytes();
    for host in ["docker.example.com", "DOCKER.example.com", "192.0.2.10"] {
        let found = check_daemon_certificate(&chain, Some(ca), host, now());
        assert!(!any_error(&found), "{host}: {found:?}");
    }
    let wrong = errors(&check_daemon_certificate(
        &chain,
        Some(ca),
        "192.0.2.99",
        now(),
    ));
    assert_eq!(
        wrong,
        [
            "error: the daemon's certificate is for docker.example.com, 192.0.2.10, not for 192.0.2.99, the host dialled (docker says: \"tls: failed to verify certificate: x509: certificate is valid for docker.example.com, 192.0.2.10, not 192.0.2.99\"); fix: connect with a name the certificate lists, or issue the daemon a certificate for 192.0.2.99: portcullis bundle --server-ip 192.0.2.99"
        ]
    );
    let other = issued(2);
    let stranger = errors(&check_daemon_certificate(
        &chain,
        Some(other.ca.pem.as_bytes()),
        "docker.example.com",
        now(),
    ));
    assert!(
        stranger[0].contains("x509: certificate signed by unknown authority"),
        "{stranger:?}"
    );
    let expired = errors(&check_daemon_certificate(
        &chain,
        Some(ca),
        "docker.example.com",
        now() + Duration::days(366),
    ));
    assert!(expired[0].contains("is after"), "{expired:?}");
}

#[test]
fn a_certificate_without_subject_alt_names_relies_on_the_common_name() {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "docker.example.com");
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&[1]));
    let key =
        KeyPair::generate(KeyType::EcdsaP256, &mut ChaCha20Rng::seed_from_u64(5)).expect("key");
    let cert = params.self_signed(&key).expect("cert");
    let found = errors(&check_daemon_certificate(
        &[cert.der().to_vec()],
        None,
        "docker.example.com",
        now(),
    ));
    assert!(
        found[0].contains("x509: certificate relies on legacy Common Name field, use SANs instead"),
        "{found:?}"
    );
}

#[test]
fn docker_host_is_read_as_the_cli_reads_it() {
    let (host, found) = check_docker_host("tcp://docker.example.com:2376").expect("host");
    assert_eq!(
        host,
        DockerHost {
            host: "docker.example.com".into(),
            port: 2376
        }
    );
    assert!(found.is_empty());
    assert_eq!(
        check_docker_host("tcp://10.0.0.5").expect("host").0.port,
        2376
    );
    assert_eq!(
        check_docker_host("tcp://[2001:db8::1]:12376")
            .expect("host")
            .0
            .host,
        "2001:db8::1"
    );
    let (_, plain) = check_docker_host("tcp://h:2375").expect("host");
    assert!(plain[0].problem().contains("2375"));
    for bad in [
        "",
        "unix:///var/run/docker.sock",
        "tcp://:2376",
        "tcp://h:99999",
    ] {
        assert!(check_docker_host(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_daemons_demand_for_a_client_certificate() {
    let ours = issued(1);
    let cert = ours.clients[0].leaf.certificate.pem.as_bytes();
    let ca_name = crate::x509::Certificate::read(&ours.ca.der)
        .expect("ca")
        .subject_der;
    let handshake = |asked, alert| Handshake {
        asked_for_client_certificate: asked,
        acceptable_client_cas: std::slice::from_ref(&ca_name),
        sent_client_certificate: true,
        withheld_client_certificate: false,
        demands: None,
        alert,
        port: 2376,
    };
    let took = check_client_auth(&handshake(true, None), Some(cert));
    assert_eq!(took.len(), 1);
    assert_eq!(took[0].severity, Severity::Ok);

    let refused = errors(&check_client_auth(
        &handshake(true, Some("BadCertificate")),
        Some(cert),
    ));
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].contains("remote error: tls: bad certificate"),
        "{refused:?}"
    );
    assert!(
        refused[0].contains("It takes client certificates from: CN="),
        "{refused:?}"
    );

    let open = check_client_auth(&handshake(false, None), Some(cert));
    assert_eq!(open[0].severity, Severity::Warning);
    assert!(open[0].problem().contains("its --tlsverify is off"));
}

#[test]
fn every_kind_of_finding_and_fix_crosses_the_wire_and_is_said_whole() {
    fn check<T>(kinds: &[(&str, usize)], said: impl Fn(&T) -> (String, String))
    where
        T: Serialize + serde::de::DeserializeOwned,
    {
        for &(kind, count) in kinds {
            let json = serde_json::to_string(&(kind, vec!["7"; count])).expect("json");
            let read: T = serde_json::from_str(&json).expect(kind);
            assert_eq!(serde_json::to_string(&read).expect("json"), json);
            let (english, displayed) = said(&read);
            assert!(
                !english.contains('{') && !english.is_empty(),
                "{kind}: {english}"
            );
            assert!(english.matches('7').count() >= count, "{kind}: {english}");
            assert_eq!(english, displayed);
            let more = serde_json::to_string(&(kind, vec!["7"; count + 1])).expect("json");
            assert!(serde_json::from_str::<T>(&more).is_err(), "{kind}");
        }
        assert!(serde_json::from_str::<T>(r#"["NoSuchKind", []]"#).is_err());
    }
    let english = Lang::english_refusals();
    assert!(Found::KINDS.len() >= 29 && Fix::KINDS.len() >= 23);
    check::<Found>(Found::KINDS, |found| {
        (found.said_in(english), found.to_string())
    });
    check::<Fix>(Fix::KINDS, |fix| (fix.said_in(english), fix.to_string()));
}

#[test]
fn what_the_wizard_checks_is_found_as_data_and_its_text_is_the_english_of_that_data() {
    let now = OffsetDateTime::now_utc();
    let mut found = check_client_files(
        &ClientFiles {
            ca: Some(b"not a certificate"),
            cert: None,
            key: Some(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
            key_mode: Some(0o644),
        },
        now,
    );
    for host in [
        "",
        "unix:///var/run/docker.sock",
        "tcp://[::1",
        "tcp://:2376",
        "tcp://h:x",
    ] {
        found.push(check_docker_host(host).expect_err(host));
    }
    found.extend(
        check_docker_host("tcp://docker.example.com:2375")
            .expect("read")
            .1,
    );
    let english = Lang::english_refusals();
    assert_eq!(found.len(), 3 + 5 + 1);
    for finding in &found {
        let Said::Listed { found: what, .. } = &finding.said else {
            panic!("not as data: {finding}");
        };
        assert_eq!(finding.problem(), what.to_string());
        assert_eq!(finding.problem_in(english), finding.problem());
        assert!(!finding.fix().is_empty(), "{finding}");
        // And so it crosses to the page.
        let json = serde_json::to_string(finding).expect("json");
        assert_eq!(
            &serde_json::from_str::<Finding>(&json).expect("reads"),
            finding
        );
    }
}
