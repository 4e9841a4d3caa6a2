use std::io::{Cursor, Read};

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use time::OffsetDateTime;

use super::*;
use crate::{Field, Language, Passphrase, PlanBuilder, Port, ValidityDays, issue};

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")
}

fn plan(key_type: KeyType) -> Plan {
    Plan::builder()
        .key_type(key_type)
        .server_dns("docker.example.com".parse().expect("dns"))
        .server_dns("localhost".parse().expect("dns"))
        .server_ip("192.0.2.10".parse().expect("ip"))
        .server_ip("2001:db8::10".parse().expect("ip"))
        .port("12376".parse().expect("port"))
        .client("alice".parse().expect("client"))
        .client("ci-runner".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Passphrase(
            Passphrase::new("correct horse battery".into()).expect("passphrase"),
        ))
        .build()
        .expect("plan")
}

fn bundle() -> Bundle {
    let plan = plan(KeyType::EcdsaP256);
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(9)).expect("issue");
    Bundle::new(&plan, &issued)
}

#[test]
fn every_file_of_the_spec_is_there_with_its_mode() {
    let bundle = bundle();
    assert_eq!(bundle.folder(), "docker-tls-docker.example.com");
    let expected = [
        ("README.md", 0o644),
        ("ca/ca.pem", 0o444),
        ("ca/ca-key.pem", 0o400),
        ("server/ca.pem", 0o444),
        ("server/server-cert.pem", 0o444),
        ("server/server-key.pem", 0o400),
        ("server/extfile.cnf", 0o644),
        ("server/override.conf", 0o644),
        ("server/daemon.json", 0o644),
        ("server/daemon-override.conf", 0o644),
        ("server/install.sh", 0o755),
        ("openssl/commands.sh", 0o755),
    ];
    for (path, mode) in expected {
        let file = bundle
            .file(path)
            .unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(file.mode, mode, "{path}");
    }
    for client in ["alice", "ci-runner"] {
        for (name, mode) in [
            ("ca.pem", 0o444),
            ("cert.pem", 0o444),
            ("key.pem", 0o400),
            ("extfile-client.cnf", 0o644),
            ("env.sh", 0o755),
            ("env.fish", 0o644),
            ("env.ps1", 0o644),
            ("env.cmd", 0o644),
            ("docker-context.sh", 0o755),
            ("curl.sh", 0o755),
        ] {
            let path = format!("clients/{client}/{name}");
            let file = bundle
                .file(&path)
                .unwrap_or_else(|| panic!("{path} missing"));
            assert_eq!(file.mode, mode, "{path}");
        }
    }
}

#[test]
fn no_placeholder_is_left_and_text_ends_with_a_newline() {
    for file in bundle().files() {
        let text = file.text();
        assert!(!text.is_empty(), "{}", file.path);
        assert!(
            !text.contains("{{"),
            "{} has an unfilled placeholder",
            file.path
        );
        assert!(
            text.ends_with('\n'),
            "{} does not end with a newline",
            file.path
        );
    }
}

#[test]
fn files_carry_the_users_values() {
    let bundle = bundle();
    let text = |path: &str| bundle.file(path).expect(path).text().to_owned();

    let override_conf = text("server/override.conf");
    let service: Vec<&str> = override_conf
        .lines()
        .skip_while(|line| *line != "[Service]")
        .collect();
    assert_eq!(service[1], "ExecStart=", "the empty ExecStart= comes first");
    assert!(
        service[2]
            .starts_with("ExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:12376 --tlsverify")
    );
    assert!(service[2].contains("--tlscacert=/etc/docker/tls/ca.pem"));

    let daemon_json = text("server/daemon.json");
    assert!(daemon_json.contains("\"tcp://0.0.0.0:12376\""));
    let daemon_override = text("server/daemon-override.conf");
    let exec_lines: Vec<&str> = daemon_override
        .lines()
        .filter(|line| line.starts_with("ExecStart="))
        .collect();
    assert_eq!(exec_lines, ["ExecStart=", "ExecStart=/usr/bin/dockerd"]);

    assert!(text("server/extfile.cnf").contains(
        "subjectAltName = DNS:docker.example.com, DNS:localhost, IP:192.0.2.10, IP:2001:db8::10"
    ));
    assert!(text("server/extfile.cnf").contains("keyUsage = critical, digitalSignature\n"));
    let env = text("clients/alice/env.sh");
    assert!(env.contains("export DOCKER_HOST=tcp://docker.example.com:12376"));
    assert!(env.contains("export DOCKER_TLS_VERIFY=1"));
    assert!(
        text("clients/ci-runner/curl.sh")
            .contains("\"https://${2:-docker.example.com:12376}/${1:-version}\"")
    );
    assert!(
        text("clients/alice/docker-context.sh")
            .contains("\ncontext docker.example.com tcp://docker.example.com:12376 'Docker on docker.example.com as alice (mutual TLS)'\n")
    );
    assert!(text("clients/alice/env.ps1").ends_with("$env:DOCKER_CERT_PATH = $PSScriptRoot\r\n"));
    let readme = text("README.md");
    assert!(readme.contains("`alice`, `ci-runner`"));
    // Issued 2027-01-15 08:00 UTC; the server certificate lasts the default 365 days.
    assert!(readme.contains("| server (docker.example.com) | 2028-01-15 08:00 UTC |"));
    assert!(
        text("openssl/commands.sh")
            .contains("-extfile \"$bundle/clients/ci-runner/extfile-client.cnf\"")
    );
}

#[test]
fn rsa_leaves_get_key_encipherment_in_the_extfiles() {
    let plan = plan(KeyType::Rsa2048);
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(1)).expect("issue");
    let bundle = Bundle::new(&plan, &issued);
    let extfile = bundle
        .file("clients/alice/extfile-client.cnf")
        .expect("extfile")
        .text()
        .to_owned();
    assert!(extfile.contains("keyUsage = critical, digitalSignature, keyEncipherment\n"));
}

#[test]
fn ipv6_host_gets_a_safe_folder_and_context_name() {
    let plan = Plan::builder()
        .server_ip("2001:db8::10".parse().expect("ip"))
        .client("alice".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(9)).expect("issue");
    let bundle = Bundle::new(&plan, &issued);
    assert_eq!(bundle.folder(), "docker-tls-2001-db8--10");
    let script = bundle
        .file("clients/alice/docker-context.sh")
        .expect("script")
        .text();
    assert!(
        script.contains("\ncontext 2001-db8--10 tcp://[2001:db8::10]:2376 'Docker on [2001:db8::10] as alice (mutual TLS)'\n"),
        "{script}"
    );
}

/// Three servers, one with its own port, and the proxy.
fn swarm() -> (Plan, Issued, Bundle) {
    let spec = |dns: &str, port: Option<u16>| crate::ServerSpec {
        dns_names: vec![dns.parse().expect("dns")],
        port: port.map(|p| Port::new(u32::from(p)).expect("port")),
        ..Default::default()
    };
    let plan = Plan::builder()
        .server(spec("manager1.example.com", None))
        .server(spec("worker1.example.com", Some(12376)))
        .server(crate::ServerSpec {
            ip_addresses: vec!["10.0.0.3".parse().expect("ip")],
            ..Default::default()
        })
        .client("alice".parse().expect("client"))
        .client("ci".parse().expect("client"))
        .proxy(true)
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(12)).expect("issue");
    let bundle = Bundle::new(&plan, &issued);
    (plan, issued, bundle)
}

#[test]
fn several_servers_get_a_folder_each() {
    let (plan, issued, bundle) = swarm();
    assert_eq!(bundle.folder(), "docker-tls-manager1.example.com");
    assert!(bundle.file("server/server-cert.pem").is_none());
    assert!(bundle.file("proxy/nginx.conf").is_none());
    let text = |path: &str| {
        bundle
            .file(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .text()
            .to_owned()
    };
    for (i, (dir, port)) in [
        ("servers/manager1.example.com", 2376),
        ("servers/worker1.example.com", 12376),
        ("servers/10.0.0.3", 2376),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            text(&format!("{dir}/server-cert.pem")),
            issued.servers[i].certificate.pem
        );
        assert_eq!(
            text(&format!("{dir}/server-key.pem")),
            issued.servers[i]
                .key
                .as_ref()
                .expect("made here")
                .expose_secret()
        );
        assert_eq!(
            bundle
                .file(&format!("{dir}/server-key.pem"))
                .map(|f| f.mode),
            Some(0o400)
        );
        assert!(
            text(&format!("{dir}/override.conf")).contains(&format!("-H tcp://0.0.0.0:{port} ")),
            "{dir}"
        );
        assert!(text(&format!("{dir}/proxy/nginx.conf")).contains(&format!("listen {port} ssl;")));
        assert!(
            text(&format!("{dir}/proxy/install.sh")).contains("server=$(dirname -- \"$here\")\n"),
            "the proxy finds the server files in the folder it sits in"
        );
        assert_eq!(
            text(&format!("{dir}/proxy/crl.pem")),
            issued.crl.clone().expect("crl")
        );
    }
    assert!(text("servers/10.0.0.3/extfile.cnf").contains("subjectAltName = IP:10.0.0.3\n"));
    // The clients point at the first host and get a context for every host.
    assert!(
        text("clients/ci/env.sh").contains("export DOCKER_HOST=tcp://manager1.example.com:2376\n")
    );
    let contexts = text("clients/ci/docker-context.sh");
    for line in [
        "context manager1.example.com tcp://manager1.example.com:2376 'Docker on manager1.example.com as ci (mutual TLS)'",
        "context worker1.example.com tcp://worker1.example.com:12376 'Docker on worker1.example.com as ci (mutual TLS)'",
        "context 10.0.0.3 tcp://10.0.0.3:2376 'Docker on 10.0.0.3 as ci (mutual TLS)'",
    ] {
        assert!(contexts.contains(&format!("\n{line}\n")), "{contexts}");
    }
    assert!(
        text("clients/alice/curl.sh")
            .contains("the other hosts: worker1.example.com:12376, 10.0.0.3:2376")
    );
    // The plan file in the bundle reads back as the same plan.
    let again = PlanBuilder::from_plan_file(&text("portcullis.json"))
        .expect("plan file")
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    assert_eq!(again, plan);
    let readme = text("README.md");
    assert!(
        readme.starts_with("# Docker over mutual TLS for manager1.example.com and 2 more hosts\n")
    );
    assert!(readme.contains(
        "| `servers/worker1.example.com/` | worker1.example.com | 12376 | `worker1.example.com` |"
    ));
    assert!(readme.contains("scp -r servers/10.0.0.3/ 10.0.0.3:docker-tls-server/\n"));
    assert!(readme.contains("| server (worker1.example.com) |"));
    assert!(readme.contains("sudo sh docker-tls/worker1.example.com/proxy/install.sh"));
    let calendar = text("renew.ics").replace("\r\n ", "");
    assert!(
        calendar.contains("manager1.example.com and 2 more"),
        "{calendar}"
    );
    let commands = text("openssl/commands.sh");
    assert!(commands.contains("-extfile \"$bundle/servers/worker1.example.com/extfile.cnf\""));
    assert!(commands.contains("-purpose sslserver servers/10.0.0.3/server-cert.pem"));
}

#[test]
fn a_bundle_of_several_servers_has_no_placeholder_left() {
    let (_, _, bundle) = swarm();
    for file in bundle.files() {
        assert!(
            !file.text().contains("{{"),
            "{} has an unfilled placeholder",
            file.path
        );
        assert!(file.text().ends_with('\n'), "{}", file.path);
    }
}

#[test]
fn zip_holds_every_file_under_one_folder_with_modes() {
    let bundle = bundle();
    let bytes = bundle.to_zip(now()).expect("zip");
    let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes)).expect("readable zip");
    for file in bundle.files() {
        let name = format!("{}/{}", bundle.folder(), file.path);
        let mut entry = archive
            .by_name(&name)
            .unwrap_or_else(|_| panic!("{name} missing"));
        assert_eq!(
            entry.unix_mode().map(|m| m & 0o777),
            Some(file.mode),
            "{name}"
        );
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).expect("read");
        assert_eq!(contents, *file.contents, "{name}");
    }
    let dir = archive
        .by_name(&format!("{}/clients/alice/", bundle.folder()))
        .expect("folder entry");
    assert!(dir.is_dir());
}

#[test]
fn a_bundle_under_an_existing_ca_carries_no_ca_key() {
    let first = issue(
        &plan(KeyType::EcdsaP256),
        now(),
        &mut ChaCha20Rng::seed_from_u64(20),
    )
    .expect("issue");
    let passphrase = Passphrase::new("correct horse battery".into()).expect("passphrase");
    let existing = || {
        crate::ExistingCa::from_pem(
            first.ca.pem.as_bytes(),
            first
                .ca_key
                .as_ref()
                .expect("a new CA has a key")
                .expose_secret(),
            Some(&passphrase),
        )
        .expect("imports")
    };
    let plan = Plan::builder()
        .key_type(KeyType::Ed25519)
        .server_dns("node2.example.com".parse().expect("dns"))
        .client("carol".parse().expect("client"))
        .existing_ca(existing())
        .build()
        .expect("plan");
    assert_eq!(plan.warnings(), vec![]);
    let later = now() + time::Duration::days(10);
    let issued = issue(&plan, later, &mut ChaCha20Rng::seed_from_u64(21)).expect("issue");
    assert_eq!(issued.ca, first.ca, "the same CA certificate");
    assert!(issued.ca_key.is_none());
    let bundle = Bundle::new(&plan, &issued);
    assert!(bundle.file("ca/ca-key.pem").is_none());
    assert_eq!(bundle.file("ca/ca.pem").expect("ca").text(), first.ca.pem);
    let readme = bundle.file("README.md").expect("readme").text().to_owned();
    assert!(readme.contains("is not in this\nbundle"), "{readme}");
    assert!(readme.contains("-CAkey YOUR-CA-KEY.pem"));
    for file in bundle.files() {
        assert!(!file.text().contains("{{"), "{}", file.path);
    }

    // 365-day leaves do not fit into what is left of the 3650-day CA after 3400 days: the
    // defaults end with it, a typed lifetime is refused.
    let late = now() + time::Duration::days(3400);
    let issued = issue(&plan, late, &mut ChaCha20Rng::seed_from_u64(22)).expect("cut short");
    assert_eq!(issued.servers[0].certificate.not_after, first.ca.not_after);
    assert_eq!(issued.warnings.len(), 2, "{:?}", issued.warnings);
    let typed = Plan::builder()
        .server_dns("node2.example.com".parse().expect("dns"))
        .server_days(ValidityDays::new(Field::ServerDays, 365).expect("days"))
        .client("carol".parse().expect("client"))
        .existing_ca(existing())
        .build()
        .expect("plan");
    let message = issue(&typed, late, &mut ChaCha20Rng::seed_from_u64(22))
        .expect_err("too long")
        .to_string();
    assert!(
        message.starts_with(
            "server validity: 365 days would outlast the CA, which expires on 2037-01-12"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("use --server-days 250 or less"),
        "{message}"
    );
}

#[test]
fn the_proxy_comes_only_when_asked_for() {
    assert!(
        bundle()
            .files()
            .iter()
            .all(|f| !f.path.starts_with("proxy/"))
    );
    assert!(
        !bundle()
            .file("README.md")
            .expect("readme")
            .text()
            .contains("## 7. The proxy")
    );

    let plan = Plan::builder()
        .server_dns("docker.example.com".parse().expect("dns"))
        .client("alice".parse().expect("client"))
        .client("bob".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .proxy(true)
        .build()
        .expect("plan");
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(30)).expect("issue");
    let bundle = Bundle::new(&plan, &issued);
    for (path, mode) in [
        ("proxy/nginx.conf", 0o644),
        ("proxy/install.sh", 0o755),
        ("proxy/allowed-clients.conf", 0o644),
        ("proxy/crl.pem", 0o444),
    ] {
        let file = bundle
            .file(path)
            .unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(file.mode, mode, "{path}");
        assert!(!file.text().contains("{{"), "{path} has a placeholder");
    }
    let allowed = bundle
        .file("proxy/allowed-clients.conf")
        .expect("list")
        .text()
        .to_owned();
    assert!(
        allowed.ends_with("\"CN=alice\" 1;\n\"CN=bob\" 1;\n"),
        "{allowed}"
    );
    let nginx = bundle
        .file("proxy/nginx.conf")
        .expect("conf")
        .text()
        .to_owned();
    assert!(nginx.contains("ssl_crl                 /etc/docker/tls/crl.pem;"));
    assert!(nginx.contains("proxy_pass         http://unix:/var/run/docker.sock:;"));
    let readme = bundle.file("README.md").expect("readme").text().to_owned();
    assert!(readme.contains("## 7. The proxy"));
    assert!(
        readme.contains("ssh -t docker.example.com 'sudo apt-get install nginx"),
        "{readme}"
    );
    assert!(
        !readme.contains("{{"),
        "a placeholder is left in the README"
    );
    assert!(
        bundle
            .file("proxy/crl.pem")
            .expect("crl")
            .text()
            .starts_with("-----BEGIN X509 CRL-----")
    );
}

#[test]
fn client_p12_files_come_only_when_asked_for_next_to_each_key() {
    let plan = plan(KeyType::Ed25519);
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(12)).expect("issue");
    let plain = Bundle::new(&plan, &issued);
    assert!(!plain.files().iter().any(|f| f.path.ends_with(".p12")));
    assert!(
        !plain
            .file("README.md")
            .expect("readme")
            .text()
            .contains("p12")
    );

    let password = P12Password::new("a password of mine".into()).expect("password");
    let mut with_p12 = plain.clone();
    let mut rng = ChaCha20Rng::seed_from_u64(13);
    with_p12
        .add_client_p12(&issued, &password, &mut rng)
        .expect("p12");
    assert_eq!(with_p12.files().len(), plain.files().len() + 2);
    for client in ["alice", "ci-runner"] {
        let at = |name: &str| {
            with_p12
                .files()
                .iter()
                .position(|f| f.path == format!("clients/{client}/{name}"))
                .unwrap_or_else(|| panic!("{client}/{name} missing"))
        };
        assert_eq!(at("client.p12"), at("key.pem") + 1);
        let p12 = &with_p12.files()[at("client.p12")];
        assert_eq!(p12.mode, 0o400);
        // A PFX (SEQUENCE, version 3), and never the key in the clear.
        assert_eq!(p12.contents[0], 0x30);
        let key = issued
            .clients
            .iter()
            .find(|c| c.name.as_str() == client)
            .expect("client");
        let key_der = crate::pkcs12::tests_support::pkcs8_der(key);
        assert!(
            !p12.contents
                .windows(key_der.len())
                .any(|window| window == key_der.as_slice()),
            "{client}'s key is in client.p12 unencrypted"
        );
    }
    let readme = with_p12
        .file("README.md")
        .expect("readme")
        .text()
        .to_owned();
    assert!(readme.contains("openssl pkcs12 -info -noout -in clients/alice/client.p12"));
    assert!(!readme.contains("{{"), "placeholder left in README.md");
    // Everything but README.md and the p12 files is as before.
    for file in plain.files() {
        if file.path != "README.md" {
            assert_eq!(with_p12.file(&file.path), Some(file), "{}", file.path);
        }
    }

    // Twice: replaced, not doubled; the zip (which refuses duplicate names) still reads.
    with_p12
        .add_client_p12(&issued, &password, &mut rng)
        .expect("p12 again");
    assert_eq!(with_p12.files().len(), plain.files().len() + 2);
    let zip = with_p12.to_zip(now()).expect("zip");
    let mut archive = ::zip::ZipArchive::new(Cursor::new(zip)).expect("zip reads");
    let mut bytes = Vec::new();
    archive
        .by_name("docker-tls-docker.example.com/clients/alice/client.p12")
        .expect("in zip")
        .read_to_end(&mut bytes)
        .expect("read");
    assert_eq!(
        bytes.as_slice(),
        with_p12
            .file("clients/alice/client.p12")
            .expect("p12")
            .contents
            .as_slice()
    );
}

/// The largest plan the core takes (every count at its limit, the proxy, client.p12 files)
/// makes a bundle that the zip writer writes and the renewal reader reads back.
#[test]
fn the_largest_plan_fits_one_zip() {
    let mut builder = Plan::builder()
        .key_type(KeyType::Ed25519)
        .proxy(true)
        .ca_key_protection(CaKeyProtection::Unencrypted);
    for i in 0..crate::MAX_SERVERS {
        builder = builder.server(crate::ServerSpec {
            dns_names: vec![format!("host{i}.example.com").parse().expect("dns")],
            ..crate::ServerSpec::default()
        });
    }
    for i in 0..crate::MAX_CLIENTS {
        builder = builder.client(format!("client{i}").parse().expect("client"));
    }
    let plan = builder.build().expect("the largest plan");
    let mut rng = ChaCha20Rng::seed_from_u64(14);
    let issued = issue(&plan, now(), &mut rng).expect("issue");
    let mut bundle = Bundle::new(&plan, &issued);
    let password = P12Password::new("a password of mine".into()).expect("password");
    bundle
        .add_client_p12(&issued, &password, &mut rng)
        .expect("p12");
    let zip = bundle.to_zip(now()).expect("written");
    let old = crate::OldBundle::read(&zip).expect("read back");
    let again = old
        .plan_builder()
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("the plan it holds");
    assert_eq!(
        (again.servers().len(), again.clients().len()),
        (crate::MAX_SERVERS, crate::MAX_CLIENTS)
    );
}

/// One server of each platform, the last one's key made on the host (a CSR).
fn every_platform() -> (Plan, Bundle) {
    let spec = |name: &str, platform| crate::ServerSpec {
        dns_names: vec![name.parse().expect("dns")],
        platform: Some(platform),
        ..crate::ServerSpec::default()
    };
    let key = crate::KeyPair::generate(KeyType::EcdsaP256, &mut ChaCha20Rng::seed_from_u64(3))
        .expect("key");
    let csr = rcgen::CertificateParams::default()
        .serialize_request(&key)
        .expect("csr")
        .pem()
        .expect("pem");
    let mut windows = spec("win.example.com", crate::Platform::Windows);
    windows.csr = Some(std::sync::Arc::new(
        crate::CertificateRequest::parse(csr.as_bytes()).expect("csr"),
    ));
    let plan = Plan::builder()
        .server(spec("linux.example.com", crate::Platform::Systemd))
        .server(spec("user.example.com", crate::Platform::Rootless))
        .server(spec("pod.example.com", crate::Platform::Podman))
        .server(windows)
        .client("alice".parse().expect("client"))
        .ca_key_protection(CaKeyProtection::Unencrypted)
        .build()
        .expect("plan");
    let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(4)).expect("issue");
    let bundle = Bundle::new(&plan, &issued);
    (plan, bundle)
}

#[test]
fn each_platform_gets_its_own_files_with_their_modes_and_nothing_unfilled() {
    let (_, bundle) = every_platform();
    let expected = [
        ("servers/linux.example.com/override.conf", 0o644),
        ("servers/linux.example.com/daemon-override.conf", 0o644),
        ("servers/linux.example.com/install.sh", 0o755),
        ("servers/user.example.com/server-key.pem", 0o400),
        ("servers/user.example.com/daemon.json", 0o644),
        ("servers/user.example.com/override.conf", 0o644),
        ("servers/user.example.com/install.sh", 0o755),
        ("servers/pod.example.com/server-key.pem", 0o400),
        ("servers/pod.example.com/podman-docker-tls.service", 0o644),
        ("servers/pod.example.com/install.sh", 0o755),
        ("servers/win.example.com/server-cert.pem", 0o444),
        ("servers/win.example.com/daemon.json", 0o644),
        ("servers/win.example.com/install.ps1", 0o644),
        ("clients/alice/docker-context.ps1", 0o644),
        ("clients/alice/podman-connection.sh", 0o755),
    ];
    for (path, mode) in expected {
        let file = bundle
            .file(path)
            .unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(file.mode, mode, "{path}");
    }
    // Each platform has only its own files; the Windows host made its own key.
    for absent in [
        "servers/user.example.com/daemon-override.conf",
        "servers/pod.example.com/daemon.json",
        "servers/pod.example.com/override.conf",
        "servers/win.example.com/install.sh",
        "servers/win.example.com/override.conf",
        "servers/win.example.com/server-key.pem",
    ] {
        assert!(bundle.file(absent).is_none(), "{absent} is there");
    }
    for file in bundle.files() {
        let text = file.text();
        assert!(!text.contains("{{"), "{} has a placeholder left", file.path);
        assert!(text.ends_with('\n'), "{} lacks a final newline", file.path);
    }
}

#[test]
fn windows_files_are_json_and_powershell_with_windows_paths_and_line_endings() {
    let (_, bundle) = every_platform();
    let json = bundle
        .file("servers/win.example.com/daemon.json")
        .expect("daemon.json")
        .text();
    assert!(
        json.split_inclusive('\n')
            .all(|line| line.ends_with("\r\n")),
        "{json}"
    );
    let config: serde_json::Value = serde_json::from_str(json).expect("daemon.json is JSON");
    assert_eq!(config["hosts"][0], "npipe://");
    assert_eq!(config["hosts"][1], "tcp://0.0.0.0:2376");
    assert_eq!(config["tlsverify"], true);
    for (key, file) in [
        ("tlscacert", "ca.pem"),
        ("tlscert", "server-cert.pem"),
        ("tlskey", "server-key.pem"),
    ] {
        assert_eq!(
            config[key],
            format!(r"C:\ProgramData\docker\certs.d\{file}"),
            "{key}"
        );
    }
    let script = bundle
        .file("servers/win.example.com/install.ps1")
        .expect("install.ps1")
        .text();
    assert!(script.contains("\r\n#Requires -RunAsAdministrator\r\n"));
    assert!(script.contains(r"$TlsDir = 'C:\ProgramData\docker\certs.d'"));
    assert!(script.contains("$Port = 2376\r\n"));
    assert!(script.contains("New-NetFirewallRule -Name $RuleName"));
    let context = bundle
        .file("clients/alice/docker-context.ps1")
        .expect("docker-context.ps1")
        .text();
    assert!(context.contains(
        "Set-Context 'win.example.com' 'tcp://win.example.com:2376' 'Docker on win.example.com as alice (mutual TLS)'\r\n"
    ));
    assert_eq!(context.matches("\r\nSet-Context '").count(), 4, "{context}");
}

#[test]
fn rootless_and_podman_files_point_where_their_daemons_look() {
    let (_, bundle) = every_platform();
    let text = |path: &str| bundle.file(path).expect(path).text().to_owned();
    let json = text("servers/user.example.com/daemon.json")
        .replace("$HOME", "/home/u")
        .replace("$XDG_RUNTIME_DIR", "/run/user/1000");
    let config: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(config["hosts"][0], "unix:///run/user/1000/docker.sock");
    assert_eq!(
        config["tlskey"],
        "/home/u/.config/docker/tls/server-key.pem"
    );
    assert!(text("servers/user.example.com/override.conf").contains(
        "\n[Service]\nEnvironment=\"DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=-p 0.0.0.0:2376:2376/tcp\"\n"
    ));
    let unit = text("servers/pod.example.com/podman-docker-tls.service");
    assert!(unit.contains(
        "\nExecStart=/usr/bin/podman system service --time=0 --tls-cert=/etc/containers/docker-tls/server-cert.pem --tls-key=/etc/containers/docker-tls/server-key.pem --tls-client-ca=/etc/containers/docker-tls/ca.pem tcp://0.0.0.0:2376\n"
    ));
    let podman = text("clients/alice/podman-connection.sh");
    assert!(podman.contains("\nconnection pod.example.com tcp://pod.example.com:2376\n"));
    assert_eq!(podman.matches("\nconnection ").count(), 1, "{podman}");
    // Without a Podman host, no client gets the podman script.
    assert!(
        self::bundle()
            .file("clients/alice/podman-connection.sh")
            .is_none()
    );
}

#[test]
fn the_readme_has_an_install_section_for_each_platform_with_its_commands() {
    let (_, bundle) = every_platform();
    let readme = bundle.file("README.md").expect("README").text();
    for heading in [
        "### Docker Engine as root under systemd: linux.example.com\n",
        "### Rootless Docker under the user's systemd (systemctl --user): user.example.com\n",
        "### Podman's Docker-compatible API service: pod.example.com\n",
        "### Docker Engine as a Windows service: win.example.com\n",
    ] {
        assert!(readme.contains(heading), "{heading} missing:\n{readme}");
    }
    assert!(readme.contains("ssh -t linux.example.com 'sudo sh docker-tls-server/install.sh'"));
    assert!(readme.contains("ssh user.example.com 'sh docker-tls-server/install.sh'"));
    assert!(readme.contains("ssh -t pod.example.com 'sudo sh docker-tls-server/install.sh'"));
    assert!(
        readme.contains("powershell -ExecutionPolicy Bypass -File docker-tls-server\\install.ps1")
    );
    assert!(readme.contains(
        "The key of **win.example.com** was made on the host itself and sent only a certificate signing\nrequest, so it is not in this bundle. `install.ps1` expects it at `C:\\ProgramData\\docker\\certs.d\\server-key.pem`"
    ));
    assert!(readme.contains("`podman --connection pod.example.com ps`"));
    assert!(readme.contains("Docker Desktop (macOS, Windows) is a client here"));
    // A bundle of one platform has no per-platform headings.
    let one = self::bundle();
    let readme = one.file("README.md").expect("README").text();
    assert!(!readme.contains("\n### "), "{readme}");
    assert!(!readme.contains("podman"), "{readme}");
}

/// The README of several kinds of bundle (one host; a swarm with the proxy; every platform, one
/// host with its own key; client.p12) in `language`.
fn readmes(language: Language) -> Vec<(&'static str, String)> {
    let readme = |bundle: &Bundle| bundle.file("README.md").expect("readme").text().to_owned();
    let one = plan(KeyType::EcdsaP256);
    let issued = issue(&one, now(), &mut ChaCha20Rng::seed_from_u64(9)).expect("issue");
    let mut p12 = Bundle::in_language(&one, &issued, language);
    let single = readme(&p12);
    let password = P12Password::new("a long enough password".into()).expect("password");
    p12.add_client_p12(&issued, &password, &mut ChaCha20Rng::seed_from_u64(1))
        .expect("p12");
    let (swarm_plan, swarm_issued, _) = swarm();
    let (platforms_plan, _) = every_platform();
    let platforms_issued =
        issue(&platforms_plan, now(), &mut ChaCha20Rng::seed_from_u64(4)).expect("issue");
    vec![
        ("one host", single),
        ("client.p12", readme(&p12)),
        (
            "a swarm",
            readme(&Bundle::in_language(&swarm_plan, &swarm_issued, language)),
        ),
        (
            "every platform",
            readme(&Bundle::in_language(
                &platforms_plan,
                &platforms_issued,
                language,
            )),
        ),
    ]
}

/// `text` without its fenced code blocks, and the lines of those blocks with their trailing
/// `# comment` (words for people) taken off.
fn prose_and_code(text: &str) -> (String, Vec<String>) {
    let mut prose = String::new();
    let mut code = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if fenced {
            let command = line.split("   #").next().unwrap_or_default().trim_end();
            if !command.trim_start().starts_with('#') {
                code.push(command.to_owned());
            }
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    (prose, code)
}

/// The `inline code` of `prose`, spaces and line breaks alike.
fn code_spans(prose: &str) -> std::collections::BTreeSet<String> {
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|span| span.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn the_readme_in_german_and_japanese_keeps_every_command_name_and_path() {
    let english = readmes(Language::En);
    for language in [Language::De, Language::Ja] {
        for ((what, theirs), (_, ours)) in english.iter().zip(readmes(language)) {
            assert!(
                !ours.contains("{{"),
                "{language} {what}: a placeholder is left"
            );
            assert_ne!(&ours, theirs, "{language} {what}: not translated");
            let (their_prose, their_code) = prose_and_code(theirs);
            let (our_prose, our_code) = prose_and_code(&ours);
            assert_eq!(
                our_code, their_code,
                "{language} {what}: the commands differ"
            );
            assert_eq!(
                code_spans(&our_prose),
                code_spans(&their_prose),
                "{language} {what}: the names in `code` differ"
            );
            // The same sections and table rows, in the same order.
            let shape = |text: &str| -> Vec<String> {
                text.lines()
                    .filter(|line| line.starts_with('#') || line.starts_with('|'))
                    .map(|line| {
                        let hashes = line.chars().take_while(|c| *c == '#').count();
                        let cells = line.matches('|').count();
                        format!("{hashes}/{cells}")
                    })
                    .collect()
            };
            assert_eq!(
                shape(&our_prose),
                shape(&their_prose),
                "{language} {what}: the headings or tables differ"
            );
            // No English prose left: outside code and quoted messages, none of its commonest
            // words.
            let mut words = our_prose.clone();
            for span in code_spans(&our_prose) {
                words = words.replace(&span, " ");
            }
            let unquoted: String = words
                .split(['„', '“', '「', '」', '"'])
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            for english_word in [" the ", " and ", " with ", " your ", " is ", " to "] {
                assert!(
                    !unquoted.to_lowercase().contains(english_word),
                    "{language} {what}: {english_word:?} in:\n{ours}"
                );
            }
        }
    }
}
