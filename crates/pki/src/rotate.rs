//! CA rotation without a flag day: an old bundle's PKI issued again under a new CA, with the files
//! for a transition in which the daemons trust both CAs while the clients move.
//!
//! The order that keeps every client connected (the rotated bundle's README says it too):
//! 1. each daemon gets `transition/`: its current certificate and key, and both CAs to check
//!    clients against, so old and new clients are accepted, and both trust the daemon;
//! 2. each client gets its new folder, whose `ca.pem` holds both CAs (it trusts the daemon's
//!    current certificate of the old CA, and its new one);
//! 3. each daemon gets its new folder: the new certificate, the new CA alone; old clients are
//!    refused from now on;
//! 4. the clients drop the old CA (`ca-new-only.pem`).

use time::OffsetDateTime;

use crate::bundle::{Bundle, Deadline, Transition, proxy_dir, server_dirs};
use crate::error::{Error, Field};
use crate::existing_ca::ExistingCa;
use crate::issue::Issued;
use crate::names::{CommonName, MAX_COMMON_NAME_LEN};
use crate::plan::{CaSource, Plan};
use crate::refusal::InputRefusal;
use crate::renew::OldBundle;
use crate::revoke::{RevocationList, revocation_list};

impl OldBundle {
    /// Issues the PKI of `plan` (from [`OldBundle::plan_builder`], with a new CA of another name)
    /// and lays out the rotation's bundle. `old_ca` is the old bundle's CA with its key: it signs
    /// the old CA's CRL again for the proxy's transition, and it must still be valid.
    pub fn rotate<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        old_ca: &ExistingCa,
        now: OffsetDateTime,
        rng: &mut R,
    ) -> Result<(Issued, Bundle), Error> {
        self.rotate_premade(plan, old_ca, now, rng, &mut |_| {}, crate::Premade::none())
    }

    /// [`OldBundle::rotate`] with progress and keys made ahead (see [`crate::Premade`]).
    pub fn rotate_premade<R: rand_core::CryptoRng + ?Sized>(
        &self,
        plan: &Plan,
        old_ca: &ExistingCa,
        now: OffsetDateTime,
        rng: &mut R,
        progress: &mut dyn FnMut(crate::Progress<'_>),
        premade: crate::Premade,
    ) -> Result<(Issued, Bundle), Error> {
        let CaSource::New(new_ca) = plan.ca() else {
            return Err(Error::refused(
                Field::CaCertificate,
                InputRefusal::rotate_existing_ca().into(),
            ));
        };
        if new_ca.common_name.as_str() == old_ca.common_name() {
            let name = old_ca.common_name().to_owned();
            return Err(Error::refused(
                Field::CaCommonName,
                InputRefusal::rotate_same_name(name).into(),
            ));
        }
        if now > old_ca.certificate().not_after {
            let date = crate::inspect::asn1_time(old_ca.certificate().not_after);
            return Err(Error::refused(
                Field::CaCertificate,
                InputRefusal::rotate_old_ended(date).into(),
            ));
        }
        let issued = crate::issue_premade(plan, now, rng, progress, premade)?;
        let mut bundle = Bundle::in_language(plan, &issued, self.language);
        let proxy = match (&issued.crl, &self.proxy_state) {
            (Some(new_crl), state) => {
                let previous = state
                    .as_ref()
                    .map(|(crl, _)| RevocationList::parse(crl.as_bytes(), old_ca))
                    .transpose()?;
                // The old CA's revocations carry on through the transition, in a CRL whose next
                // update lies beyond it; nginx wants one CRL per CA it trusts.
                let old_crl = revocation_list(
                    old_ca,
                    previous.as_ref(),
                    &[],
                    now,
                    plan.shortest_server_days(),
                )?;
                let allowed = match state {
                    Some((_, allowed)) => allowed.clone(),
                    None => bundle
                        .file(&format!(
                            "{}/allowed-clients.conf",
                            proxy_dir(&server_dirs(plan)[0])
                        ))
                        .map(|file| file.text().to_owned())
                        .unwrap_or_default(),
                };
                // A client removed from the allow-list stays out under the new CA too.
                for dir in server_dirs(plan) {
                    bundle.replace_text(
                        &format!("{}/allowed-clients.conf", proxy_dir(&dir)),
                        &allowed,
                    );
                }
                Some((format!("{new_crl}{old_crl}"), allowed))
            }
            (None, _) => None,
        };
        let transition = Transition {
            old_ca_pem: self.ca_pem.clone(),
            old_ca_name: old_ca.common_name().to_owned(),
            old_ca_end: old_ca.certificate().not_after,
            servers: self.servers.clone(),
            proxy,
            deadline: self.deadline(),
        };
        bundle.add_rotation(plan, &issued, &transition);
        Ok((issued, bundle))
    }

    /// When the transition must be over: the end of the old CA or of a current server
    /// certificate, whichever comes first, and which it is.
    fn deadline(&self) -> (OffsetDateTime, Deadline) {
        self.expiries
            .iter()
            .filter(|(what, _)| what.starts_with("server") || what == "CA certificate")
            .min_by_key(|(_, at)| *at)
            .map(|(what, at)| {
                let what = match what.strip_prefix("server certificate of ") {
                    _ if what == "CA certificate" => Deadline::OldCa,
                    Some(host) => Deadline::Server(Some(host.to_owned())),
                    None => Deadline::Server(None),
                };
                (*at, what)
            })
            .unwrap_or((OffsetDateTime::UNIX_EPOCH, Deadline::OldCa))
    }
}

/// The new CA's default name: the old one's with `today`'s date in place of an earlier
/// rotation's (`Docker CA for host` → `Docker CA for host, 2027-03-01`), shortened to fit.
pub fn rotated_ca_name(old: &str, today: time::Date) -> CommonName {
    let base = match old.rsplit_once(", ") {
        Some((base, date)) if is_date(date) => base,
        _ => old,
    };
    let suffix = format!(
        ", {:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let room = MAX_COMMON_NAME_LEN.saturating_sub(suffix.chars().count());
    let base: String = base.chars().take(room).collect();
    format!("{}{suffix}", base.trim_end())
        .parse()
        .unwrap_or_else(|_| {
            "Docker CA"
                .parse()
                .unwrap_or_else(|_| unreachable!("a short printable name"))
        })
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;
    use time::Duration;

    use super::*;
    use crate::plan::CaKeyProtection;
    use crate::{Bundle, PlanBuilder, issue};

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time")
    }

    fn old_plan(proxy: bool, servers: &[&str]) -> PlanBuilder {
        let mut builder = PlanBuilder::default()
            .proxy(proxy)
            .client("alice".parse().expect("client"))
            .client("bob".parse().expect("client"))
            .ca_days(crate::ValidityDays::new(Field::CaDays, 400).expect("days"));
        for host in servers {
            builder = builder.server(crate::plan::ServerSpec {
                dns_names: vec![host.parse().expect("dns")],
                ..Default::default()
            });
        }
        builder
    }

    /// An old bundle (unencrypted CA key) as a zip read back, and its CA with the key.
    fn old_bundle(proxy: bool, servers: &[&str]) -> (OldBundle, ExistingCa) {
        old_bundle_of(old_plan(proxy, servers))
    }

    /// [`old_bundle`] of the plan `builder` makes.
    fn old_bundle_of(builder: PlanBuilder) -> (OldBundle, ExistingCa) {
        let plan = builder
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let issued = issue(&plan, now(), &mut ChaCha20Rng::seed_from_u64(1)).expect("issue");
        let zip = Bundle::new(&plan, &issued).to_zip(now()).expect("zip");
        let old = OldBundle::read(&zip).expect("read back");
        let key = old.ca_key_pem.clone().expect("the CA key");
        let ca = ExistingCa::from_pem(old.ca_pem.as_bytes(), key.expose_secret(), None)
            .expect("the old CA");
        (old, ca)
    }

    fn rotated(old: &OldBundle, ca: &ExistingCa, at: OffsetDateTime) -> Result<Bundle, Error> {
        let plan = old
            .plan_builder()
            .ca_common_name(rotated_ca_name(ca.common_name(), at.date()))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()?;
        old.rotate(&plan, ca, at, &mut ChaCha20Rng::seed_from_u64(2))
            .map(|(_, bundle)| bundle)
    }

    fn text<'a>(bundle: &'a Bundle, path: &str) -> &'a str {
        bundle
            .file(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .text()
    }

    fn certificates(pem: &str) -> usize {
        pem.matches("-----BEGIN CERTIFICATE-----").count()
    }

    #[test]
    fn the_transition_keeps_the_daemons_files_and_trusts_both_cas() {
        let (old, ca) = old_bundle(false, &["docker.example.com"]);
        let at = now() + Duration::days(300);
        let bundle = rotated(&old, &ca, at).expect("rotate");
        let new_ca = text(&bundle, "ca/ca.pem");
        assert_ne!(new_ca, old.ca_pem, "the CA is new");
        assert_eq!(text(&bundle, "ca/old-ca.pem"), old.ca_pem);
        let both = format!("{new_ca}{}", old.ca_pem);
        // The daemon during the transition: its current certificate and key, both CAs.
        assert_eq!(text(&bundle, "transition/server/ca.pem"), both);
        assert_eq!(
            text(&bundle, "transition/server/server-cert.pem"),
            old.servers[0].0
        );
        assert_eq!(
            text(&bundle, "transition/server/server-key.pem"),
            old.servers[0].1.as_ref().expect("key").expose_secret()
        );
        assert_eq!(
            bundle
                .file("transition/server/server-key.pem")
                .expect("key")
                .mode,
            0o400
        );
        for file in [
            "install.sh",
            "override.conf",
            "daemon.json",
            "daemon-override.conf",
        ] {
            assert_eq!(
                text(&bundle, &format!("transition/server/{file}")),
                text(&bundle, &format!("server/{file}")),
                "{file}"
            );
        }
        // The daemon after the cut-over: new certificate, the new CA alone.
        assert_eq!(text(&bundle, "server/ca.pem"), new_ca);
        assert_ne!(text(&bundle, "server/server-cert.pem"), old.servers[0].0);
        for client in ["alice", "bob"] {
            assert_eq!(text(&bundle, &format!("clients/{client}/ca.pem")), both);
            assert_eq!(
                text(&bundle, &format!("clients/{client}/ca-new-only.pem")),
                new_ca
            );
            assert_eq!(certificates(&both), 2);
        }
        let readme = text(&bundle, "README.md");
        assert!(!readme.contains("{{"), "a placeholder is left:\n{readme}");
        let steps: Vec<usize> = [
            "1. **Daemons trust both CAs.**",
            "2. **Clients move.**",
            "3. **Cut over.**",
            "4. **Drop the old CA on the clients.**",
        ]
        .iter()
        .map(|step| {
            readme
                .find(step)
                .unwrap_or_else(|| panic!("{step} missing"))
        })
        .collect();
        assert!(steps.windows(2).all(|w| w[0] < w[1]), "steps out of order");
        assert!(
            readme.contains("scp -r transition/server/ docker.example.com:docker-tls-transition/")
        );
        // The old server certificate ends 365 days after `now`, before the old CA (400).
        assert!(
            readme
                .contains("before 2028-01-15 08:00 UTC, when the current server certificate ends"),
            "{readme}"
        );
        assert!(readme.contains(&format!("\"{}\"", ca.common_name())));
    }

    #[test]
    fn each_platform_gets_its_own_transition_folder_and_install_command() {
        let mut builder = old_plan(false, &[]);
        for (host, platform) in [
            ("linux.example.com", crate::Platform::Systemd),
            ("user.example.com", crate::Platform::Rootless),
            ("win.example.com", crate::Platform::Windows),
        ] {
            builder = builder.server(crate::plan::ServerSpec {
                dns_names: vec![host.parse().expect("dns")],
                platform: Some(platform),
                ..Default::default()
            });
        }
        let (old, ca) = old_bundle_of(builder);
        let bundle = rotated(&old, &ca, now() + Duration::days(300)).expect("rotate");
        for (path, present) in [
            ("transition/servers/linux.example.com/override.conf", true),
            ("transition/servers/user.example.com/override.conf", true),
            (
                "transition/servers/user.example.com/daemon-override.conf",
                false,
            ),
            ("transition/servers/win.example.com/install.ps1", true),
            ("transition/servers/win.example.com/install.sh", false),
        ] {
            assert_eq!(bundle.file(path).is_some(), present, "{path}");
        }
        // The rootless daemon trusts both CAs through its own folder's ca.pem.
        assert_eq!(
            certificates(text(&bundle, "transition/servers/user.example.com/ca.pem")),
            2
        );
        let readme = text(&bundle, "README.md");
        for command in [
            "ssh -t linux.example.com 'sudo sh docker-tls-transition/install.sh'",
            "ssh user.example.com 'sh docker-tls-transition/install.sh'",
            "powershell -ExecutionPolicy Bypass -File docker-tls-transition\\install.ps1",
        ] {
            assert!(readme.contains(command), "{command} missing:\n{readme}");
        }
        assert!(readme.contains(
            "install the transition folder (on a systemd host\n   with the same option you gave `install.sh` last time"
        ));
        // A bundle of systemd hosts only says it plainly.
        let (old, ca) = old_bundle(false, &["docker.example.com"]);
        let bundle = rotated(&old, &ca, now() + Duration::days(300)).expect("rotate");
        assert!(text(&bundle, "README.md").contains(
            "install the transition folder, with the same\n   option you gave `install.sh` last time (`--daemon-json` or none):"
        ));
    }

    #[test]
    fn with_the_proxy_the_transition_holds_both_crls_and_the_allow_list() {
        let (mut old, ca) = old_bundle(true, &["a.example.com", "b.example.com"]);
        let allowed = "\"CN=alice\" 1;\n".to_owned();
        if let Some((_, list)) = old.proxy_state.as_mut() {
            *list = allowed.clone();
        }
        let bundle = rotated(&old, &ca, now() + Duration::days(10)).expect("rotate");
        for host in ["a.example.com", "b.example.com"] {
            let crls = text(&bundle, &format!("transition/servers/{host}/proxy/crl.pem"));
            assert_eq!(crls.matches("-----BEGIN X509 CRL-----").count(), 2);
            // The second is the old CA's, signed again.
            let old_crl = &crls[crls.rfind("-----BEGIN X509 CRL-----").expect("crl")..];
            RevocationList::parse(old_crl.as_bytes(), &ca).expect("the old CA's CRL");
            for dir in [
                format!("transition/servers/{host}"),
                format!("servers/{host}"),
            ] {
                assert_eq!(
                    text(&bundle, &format!("{dir}/proxy/allowed-clients.conf")),
                    allowed
                );
            }
            assert_eq!(
                certificates(text(&bundle, &format!("transition/servers/{host}/ca.pem"))),
                2
            );
        }
        let readme = text(&bundle, "README.md");
        assert!(
            readme.contains("sudo sh docker-tls-transition/proxy/install.sh"),
            "{readme}"
        );
    }

    #[test]
    fn refusals() {
        let (old, ca) = old_bundle(false, &["docker.example.com"]);
        let same = old
            .plan_builder()
            .ca_common_name(ca.common_name().parse().expect("name"))
            .ca_key_protection(CaKeyProtection::Unencrypted)
            .build()
            .expect("plan");
        let refusal = old
            .rotate(&same, &ca, now(), &mut ChaCha20Rng::seed_from_u64(3))
            .expect_err("the same name")
            .to_string();
        assert!(refusal.starts_with("CA name: "), "{refusal}");
        let ended = rotated(&old, &ca, now() + Duration::days(401))
            .expect_err("an ended CA")
            .to_string();
        assert!(
            ended.contains("portcullis bundle --plan portcullis.json"),
            "{ended}"
        );
    }

    #[test]
    fn the_new_name_carries_the_date_once() {
        let day = time::Date::from_calendar_date(2027, time::Month::March, 1).expect("a date");
        assert_eq!(
            rotated_ca_name("Docker CA for host", day).as_str(),
            "Docker CA for host, 2027-03-01"
        );
        assert_eq!(
            rotated_ca_name("Docker CA for host, 2026-12-02", day).as_str(),
            "Docker CA for host, 2027-03-01"
        );
        let long = "x".repeat(64);
        let name = rotated_ca_name(&long, day);
        assert_eq!(name.as_str().chars().count(), 64);
        assert!(name.as_str().ends_with(", 2027-03-01"));
        // Not a date: kept.
        assert_eq!(
            rotated_ca_name("CA, team b", day).as_str(),
            "CA, team b, 2027-03-01"
        );
    }

    #[test]
    fn a_rotation_says_its_four_steps_in_the_language_asked_for() {
        let (old, ca) = old_bundle(true, &["a.example.com", "b.example.com"]);
        let english = text(
            &rotated(&old, &ca, now() + Duration::days(300)).expect("rotate"),
            "README.md",
        )
        .to_owned();
        for (language, heading, deadline) in [
            (
                crate::Language::De,
                "## 0. Dieses Bundle ersetzt die CA",
                "das aktuelle Server-Zertifikat von a.example.com",
            ),
            (
                crate::Language::Ja,
                "## 0. このバンドルは CA を置き換えます",
                "a.example.com の現在のサーバ証明書",
            ),
        ] {
            let bundle = rotated(
                &old.clone().in_language(language),
                &ca,
                now() + Duration::days(300),
            )
            .expect("rotate");
            let readme = text(&bundle, "README.md");
            assert!(!readme.contains("{{"), "{language}: a placeholder is left");
            assert!(readme.contains(heading), "{language}:\n{readme}");
            assert!(readme.contains(deadline), "{language}:\n{readme}");
            // The same commands as in English, for the transition too.
            for line in english
                .lines()
                .filter(|line| line.contains("docker-tls-transition"))
            {
                assert!(readme.contains(line.trim()), "{language}: {line}");
            }
        }
    }
}
