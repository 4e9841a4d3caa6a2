//! Making the bundle from the form: the work the Web Worker does, written as plain Rust so it
//! runs (and is tested) natively too.

use portcullis_pki::{
    Bundle, CaSource, DecodedCertificate, Error, ExistingCa, Language, OldBundle, Passphrase, Plan,
    Premade, Progress, Warning,
};
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::i18n::Speech;
use crate::state::{Form, Generated, KeyMaker, MadeBy, Maker, ReviewedCertificate, Step, Titled};
use crate::stock::Want;
use crate::trouble::Trouble;

/// What the page sends the worker.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// The form, as typed.
    pub form: Form,
    /// The page's clock, in milliseconds since the Unix epoch.
    pub now_unix_ms: f64,
    /// Renew the old bundle the form holds instead of making a new PKI (under a new CA, with a
    /// transition, when the form says to replace the CA).
    #[serde(default)]
    pub renew: bool,
    /// The language of the bundle's README: the wizard's.
    #[serde(default)]
    pub language: Language,
}

/// What the worker sends back besides the zip bytes (which travel as a transferred buffer).
#[derive(Debug, Serialize, Deserialize)]
pub struct Reply {
    /// The folder inside the zip.
    pub folder: String,
    /// Every certificate: its title, its path in the bundle, its PEM and what the core decodes
    /// of it (decoded here, so that the page needs no certificate parser).
    pub certificates: Vec<(Titled, String, String, DecodedCertificate)>,
    /// `openssl/commands.sh`.
    pub openssl_commands: String,
    /// The bundle's README.
    pub readme: String,
    /// What the user must know of what was issued (certificates that end with the CA), as
    /// data: the page says it in its language.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Who made each certificate's key, in the order of `certificates`.
    #[serde(default)]
    pub key_makers: Vec<MadeBy>,
    /// Whether the keys were not made by WebCrypto as asked, because this context offers none.
    #[serde(default)]
    pub fell_back: bool,
    /// How many keys were ready before Generate was pressed.
    #[serde(default)]
    pub made_ahead: usize,
    /// Whether the CA key's encryption key was derived before Generate was pressed.
    #[serde(default)]
    pub encryption_ahead: bool,
    /// Whether the RSA signatures were made by the browser's WebCrypto.
    #[serde(default)]
    pub signed_by_webcrypto: bool,
}

/// Why a run failed, for the page: the core's error, or what went wrong in the browser around
/// it (WebCrypto, the worker), both as data the page says in its language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// The core refused the input or failed.
    Core(Error),
    /// The browser failed around the core.
    Browser(Trouble),
}

impl core::convert::From<Error> for Failure {
    fn from(err: Error) -> Self {
        Self::Core(err)
    }
}

impl core::convert::From<Trouble> for Failure {
    fn from(why: Trouble) -> Self {
        Self::Browser(why)
    }
}

impl Failure {
    /// What the page shows, in `words`' language.
    pub fn said(&self, words: Speech) -> String {
        match self {
            Self::Core(err) => crate::say::error(err, words),
            Self::Browser(why) => why.said(words),
        }
    }
}

/// The English words (the CLI's) of a failure, for tests (where English is compiled in; the
/// page says every failure from its data).
#[cfg(any(test, not(target_arch = "wasm32")))]
impl core::fmt::Display for Failure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Core(err) => err.fmt(f),
            Self::Browser(why) => match Speech::of(portcullis_words::Lang::En) {
                Ok(english) => f.write_str(&why.said(english)),
                Err(missing) => f.write_str(&missing),
            },
        }
    }
}

/// The browser's clock (`Date.now()`, milliseconds since the Unix epoch) as a time; a clock that
/// is no date is a trouble for the page to say.
pub fn time_from_unix_ms(ms: f64) -> Result<OffsetDateTime, Trouble> {
    let bad_clock = || Trouble::Clock(clock_said(ms));
    if !ms.is_finite() || ms < 0.0 {
        return Err(bad_clock());
    }
    // The cast saturates, and `time` refuses what is out of its range.
    OffsetDateTime::from_unix_timestamp_nanos((ms as i128).saturating_mul(1_000_000))
        .map_err(|_| bad_clock())
}

/// What the browser's clock gave, as JavaScript writes it, in whole milliseconds (formatting a
/// float would ship float formatting to the browser).
pub fn clock_said(ms: f64) -> String {
    if ms.is_nan() {
        "NaN".to_owned()
    } else if ms.is_infinite() {
        (if ms > 0.0 { "Infinity" } else { "-Infinity" }).to_owned()
    } else {
        (ms as i128).to_string()
    }
}

/// Issues the PKI for `request` and packs it, every key made here; the error is a message for
/// the page.
pub fn generate<R: CryptoRng + ?Sized>(
    request: &Request,
    rng: &mut R,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<(Reply, Vec<u8>), Failure> {
    Job::prepare(request)?.run(rng, progress, Made::here())
}

/// What was made before the run, and by whom, for Review.
#[derive(Debug)]
pub struct Made {
    /// The keys and the CA key's encryption key made ahead.
    pub premade: Premade,
    /// Whether the RSA keys came from WebCrypto.
    pub keys_by_webcrypto: bool,
    /// Whether the CA key's PBKDF2 was WebCrypto's.
    pub pbkdf2_by_webcrypto: bool,
    /// Whether WebCrypto was asked for but not offered (no secure context), so the keys are
    /// Portcullis' own.
    pub fell_back: bool,
    /// How many of the keys were ready before Generate was pressed.
    pub made_ahead: usize,
    /// Whether the CA key's encryption key was derived before Generate was pressed.
    pub encryption_ahead: bool,
    /// Whether the RSA signatures were made by the browser's WebCrypto.
    pub signed_by_webcrypto: bool,
}

impl Made {
    /// Nothing made ahead: Portcullis' own Rust code makes every key.
    pub fn here() -> Self {
        Self {
            premade: Premade::none(),
            keys_by_webcrypto: false,
            pbkdf2_by_webcrypto: false,
            fell_back: false,
            made_ahead: 0,
            encryption_ahead: false,
            signed_by_webcrypto: false,
        }
    }
}

/// A run, checked and planned before anything slow is made.
#[derive(Debug)]
pub struct Job {
    form: Form,
    now: OffsetDateTime,
    /// The language of the bundle's README.
    language: Language,
    plan: Plan,
    /// What the run starts from.
    from: From,
}

/// Where a run's PKI comes from.
#[derive(Debug)]
enum From {
    /// The form: a new PKI.
    Form,
    /// An old bundle, renewed under its CA.
    Renewal(OldBundle),
    /// An old bundle under a new CA, with a transition from its old CA (opened with its key).
    Rotation(OldBundle, Box<ExistingCa>),
}

impl Job {
    /// Reads the request: the form's plan, or the old bundle and its renewal's plan.
    pub fn prepare(request: &Request) -> Result<Self, Failure> {
        // An existing CA and CSRs are not serialized: read them here, from the form's text.
        let form = request.form.clone();
        let now = time_from_unix_ms(request.now_unix_ms)?;
        let language = request.language;
        let (plan, from) = if request.renew && form.rotates_ca() {
            let (old, ca, plan) = crate::service::rotation(&form, now)?;
            (
                plan,
                From::Rotation(old.in_language(language), Box::new(ca)),
            )
        } else if request.renew {
            let (old, plan) = crate::service::renewal(&form)?;
            (plan, From::Renewal(old.in_language(language)))
        } else {
            let plan = form.plan_with(Step::Clients, &crate::service::read(&form))?;
            (plan, From::Form)
        };
        Ok(Self {
            form,
            now,
            language,
            plan,
            from,
        })
    }

    /// The RSA keys the run needs, for the worker's stock to make (by the maker the user chose)
    /// or hand over; ECDSA and Ed25519 keys take milliseconds and are made in the run.
    pub fn keys_wanted(&self) -> Option<Want> {
        let key_type = self.plan.key_type();
        let count = Premade::keys_needed(&self.plan);
        (key_type.is_rsa() && count > 0).then_some(Want {
            key_type,
            maker: self.form.key_maker(),
            count,
        })
    }

    /// The passphrase whose PBKDF2 the browser's WebCrypto is to run, when the user chose
    /// WebCrypto and a new CA gets a passphrase.
    pub fn passphrase_for_webcrypto(&self) -> Option<&Passphrase> {
        if self.form.key_maker() != KeyMaker::WebCrypto {
            return None;
        }
        self.ca_passphrase()
    }

    /// The passphrase the new CA's key is encrypted with, if it gets one.
    pub fn ca_passphrase(&self) -> Option<&Passphrase> {
        Premade::ca_passphrase(&self.plan)
    }

    /// Who is to make the keys and run the PBKDF2, as the user chose.
    pub fn key_maker(&self) -> KeyMaker {
        self.form.key_maker()
    }

    /// A dry run of [`Job::run`]'s issuing, with `premade`'s copy for a dry run (see
    /// `Premade::dry_run`); nothing of it is kept. `rng` must be in the state the real run's
    /// will be in.
    pub fn issue_dry<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        premade: Premade,
    ) -> Result<(), Failure> {
        self.issue(rng, &mut |_| {}, premade)
            .map(drop)
            .map_err(Failure::Core)
    }

    /// Issues the PKI and lays out its bundle, as the run starts from.
    fn issue<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        progress: &mut dyn FnMut(Progress<'_>),
        premade: Premade,
    ) -> Result<(portcullis_pki::Issued, Bundle), Error> {
        let (plan, now) = (&self.plan, self.now);
        match &self.from {
            From::Renewal(old) => old.renew_premade(plan, now, rng, progress, premade),
            From::Rotation(old, ca) => old.rotate_premade(plan, ca, now, rng, progress, premade),
            From::Form => {
                portcullis_pki::issue_premade(plan, now, rng, progress, premade).map(|issued| {
                    let bundle = Bundle::in_language(plan, &issued, self.language);
                    (issued, bundle)
                })
            }
        }
    }

    /// Issues (or renews) and packs, with what was made ahead.
    pub fn run<R: CryptoRng + ?Sized>(
        self,
        rng: &mut R,
        progress: &mut dyn FnMut(Progress<'_>),
        made: Made,
    ) -> Result<(Reply, Vec<u8>), Failure> {
        let (plan, now) = (&self.plan, self.now);
        let (issued, mut bundle) = self.issue(rng, progress, made.premade)?;
        // The Clients step's client.p12 files (a renewal from the tool has no such choice).
        if let (From::Form, Some(password)) = (&self.from, self.form.p12_password()) {
            let password = password?;
            bundle.add_client_p12(&issued, &password, rng)?;
        }
        let zip = bundle.to_zip(now)?;
        let text = |path: &str| {
            bundle
                .file(path)
                .map(|f| f.text().to_owned())
                .unwrap_or_default()
        };
        let key_maker = if made.keys_by_webcrypto {
            KeyMaker::WebCrypto
        } else {
            KeyMaker::Rust
        };
        let maker = Maker::from(key_maker);
        let ca_key = match plan.ca() {
            CaSource::Existing(_) => MadeBy::OwnCa,
            CaSource::New(_) if Premade::ca_passphrase(plan).is_some() => {
                MadeBy::Encrypted(maker, made.pbkdf2_by_webcrypto)
            }
            CaSource::New(_) => MadeBy::Maker(maker),
        };
        let mut listed = vec![(Titled::Ca, "ca/ca.pem".to_owned(), issued.ca.pem.clone())];
        let mut key_makers = vec![ca_key];
        let several = plan.servers().len() > 1;
        for ((server, dir), leaf) in plan
            .servers()
            .iter()
            .zip(portcullis_pki::server_dirs(plan))
            .zip(&issued.servers)
        {
            listed.push((
                if several {
                    Titled::ServerOf(server.primary_host())
                } else {
                    Titled::Server
                },
                format!("{dir}/server-cert.pem"),
                leaf.certificate.pem.clone(),
            ));
            key_makers.push(if server.csr().is_some() {
                MadeBy::ServerItself
            } else {
                MadeBy::Maker(maker)
            });
        }
        for client in &issued.clients {
            listed.push((
                Titled::Client(client.name.to_string()),
                format!("clients/{}/cert.pem", client.name),
                client.leaf.certificate.pem.clone(),
            ));
            key_makers.push(MadeBy::Maker(maker));
        }
        let certificates = listed
            .into_iter()
            .map(|(title, path, pem)| {
                let decoded = crate::service::decode(&pem).map_err(|why| Trouble::NotReadBack {
                    path: path.clone(),
                    why,
                })?;
                Ok((title, path, pem, decoded))
            })
            .collect::<Result<Vec<_>, Trouble>>()?;
        let reply = Reply {
            folder: bundle.folder().to_owned(),
            certificates,
            openssl_commands: text("openssl/commands.sh"),
            readme: text("README.md"),
            warnings: issued.warnings.clone(),
            key_makers,
            fell_back: made.fell_back,
            made_ahead: made.made_ahead,
            encryption_ahead: made.encryption_ahead,
            signed_by_webcrypto: made.signed_by_webcrypto,
        };
        Ok((reply, zip))
    }
}

impl Generated {
    /// The page's view of the worker's reply (which decoded every certificate).
    pub fn from_reply(form: Form, reply: Reply, zip: Vec<u8>) -> Self {
        let mut key_makers = reply.key_makers.into_iter();
        let certificates = reply
            .certificates
            .into_iter()
            .map(|(title, path, _pem, decoded)| ReviewedCertificate {
                title,
                path,
                key_made_by: key_makers.next().unwrap_or(MadeBy::OwnCa),
                decoded,
            })
            .collect();
        Self {
            form,
            file_name: format!("{}.zip", reply.folder),
            folder: reply.folder,
            zip,
            certificates,
            openssl_commands: reply.openssl_commands,
            readme: reply.readme,
            warnings: reply.warnings,
            fell_back: reply.fell_back,
            made_ahead: reply.made_ahead,
            encryption_ahead: reply.encryption_ahead,
            signed_by_webcrypto: reply.signed_by_webcrypto,
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::state::{Action, Input, WizardState};
    use portcullis_words::{Lang, Words};

    /// A language's words, compiled in where these tests run (natively).
    fn words(lang: Lang) -> &'static Words {
        lang.compiled()
            .expect("every language is compiled in natively")
    }

    /// What Review says of each certificate, by `of`, in `lang`.
    fn said(
        generated: &Generated,
        lang: Lang,
        of: impl Fn(&ReviewedCertificate, &'static Words) -> String,
    ) -> Vec<String> {
        generated
            .certificates
            .iter()
            .map(|c| of(c, words(lang)))
            .collect()
    }

    use portcullis_pki::KeyType;
    use std::rc::Rc;
    use yew::Reducible;

    fn valid_form() -> Form {
        let mut state = Rc::new(WizardState::default());
        for (input, value) in [
            (Input::KeyType, "ed25519"),
            (Input::CaPassphrase, "correct horse battery"),
            (Input::CaPassphraseRepeat, "correct horse battery"),
            (Input::ServerDns, "docker.example.com"),
            (Input::ServerIp, "192.0.2.10"),
            (Input::Clients, "alice bob"),
        ] {
            state = state.reduce(Action::Edit(input, value.to_owned()));
        }
        state.form.clone()
    }

    #[test]
    fn the_worker_job_makes_the_bundle_the_review_shows() {
        let request = Request {
            form: valid_form(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        };
        let request: Request = crate::wire::across(&request);
        let mut steps = Vec::new();
        let (reply, zip) = generate(&request, &mut ChaCha20Rng::seed_from_u64(1), &mut |p| {
            steps.push(p.next.to_string())
        })
        .expect("generates");
        assert_eq!(steps.len(), 5);
        assert!(zip.starts_with(b"PK"));
        let reply: Reply = crate::wire::across(&reply);
        let generated = Generated::from_reply(request.form, reply, zip);
        assert_eq!(generated.file_name, "docker-tls-docker.example.com.zip");
        let titles = |lang| said(&generated, lang, |c, words| c.title.said(words));
        assert_eq!(
            titles(Lang::En),
            ["CA", "Server", "Client alice", "Client bob"]
        );
        assert_eq!(
            titles(Lang::Ja),
            ["CA", "サーバ", "クライアント alice", "クライアント bob"]
        );
        assert_eq!(
            generated.certificates[1].decoded.subject_alt_names,
            ["DNS:docker.example.com", "IP:192.0.2.10"]
        );
        assert!(
            generated
                .openssl_commands
                .contains("openssl genpkey -algorithm ED25519")
        );
        assert!(generated.readme.contains("docker.example.com"));
    }

    #[test]
    fn the_worker_renews_an_old_bundle_under_the_same_ca() {
        let request = Request {
            form: valid_form(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        };
        let (old_reply, old_zip) =
            generate(&request, &mut ChaCha20Rng::seed_from_u64(1), &mut |_| {}).expect("old");
        let mut state = Rc::new(WizardState::default());
        for action in [Action::OpenTool(Step::Renew), Action::GenerationStarted(1)] {
            state = state.reduce(action);
        }
        assert_eq!(
            state.refusal_text().as_deref(),
            Some("Open the old bundle first."),
            "Renew before a zip is refused with the reason"
        );
        state = state.reduce(Action::RenewZip(Ok(old_zip)));
        assert!(
            !state.form.ready_to_renew(),
            "not before the worker read it"
        );
        let [ask] = state.form.unanswered().try_into().expect("the old bundle");
        let answer = crate::service::answer(&ask, &mut ChaCha20Rng::seed_from_u64(3));
        state = state.reduce(Action::Answered(ask, answer));
        assert_eq!(state.refusal, None);
        assert!(state.form.ready_to_renew(), "the zip holds the CA key");
        let renew = |passphrase: &str| {
            let form = state
                .clone()
                .reduce(Action::Edit(Input::CaPassphrase, passphrase.to_owned()))
                .form
                .clone();
            let request = Request {
                form,
                now_unix_ms: 1_810_000_000_000.0,
                renew: true,
                language: Language::En,
            };
            let request: Request = crate::wire::across(&request);
            let mut steps = 0;
            generate(&request, &mut ChaCha20Rng::seed_from_u64(2), &mut |_| {
                steps += 1
            })
            .map(|(reply, _)| (reply, steps))
        };
        let wrong = renew("not the passphrase at all").expect_err("wrong passphrase");
        // The core's refusal crosses as data: the page says it in its language.
        assert!(matches!(wrong, Failure::Core(_)), "{wrong:?}");
        assert_eq!(
            wrong.said(Speech::of(Lang::Ja).expect("compiled in")),
            "CA の鍵：このパスフレーズでは復号できません。パスフレーズを確認してください"
        );
        assert!(
            wrong
                .to_string()
                .contains("cannot be decrypted with this passphrase"),
            "{wrong}"
        );
        let (new_reply, steps) = renew("correct horse battery").expect("renewed");
        assert_eq!(
            steps, 3,
            "a key for the server and each client, none for the CA"
        );
        assert_eq!(
            new_reply.certificates[0], old_reply.certificates[0],
            "the same CA"
        );
        for (old, new) in old_reply
            .certificates
            .iter()
            .zip(&new_reply.certificates)
            .skip(1)
        {
            assert_eq!(old.1, new.1, "the same paths");
            assert_ne!(old.2, new.2, "{} not issued again", old.1);
        }
        let decoded = |reply: &Reply| {
            Generated::from_reply(
                Form::default(),
                Reply {
                    ..clone_reply(reply)
                },
                vec![],
            )
            .certificates
        };
        let (old_certs, new_certs) = (decoded(&old_reply), decoded(&new_reply));
        assert_eq!(
            old_certs[1].decoded.subject_alt_names,
            new_certs[1].decoded.subject_alt_names
        );
        assert_ne!(old_certs[1].decoded.serial, new_certs[1].decoded.serial);
    }

    /// The renew tool with "Replace the CA as well": refused until the new CA's inputs hold,
    /// then a new CA named after the old one with the date, its key under the old passphrase
    /// (or a new one), every leaf new, and the transition files in the zip.
    #[test]
    fn the_worker_replaces_the_ca_of_an_old_bundle() {
        let request = Request {
            form: valid_form(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        };
        let (old_reply, old_zip) =
            generate(&request, &mut ChaCha20Rng::seed_from_u64(1), &mut |_| {}).expect("old");
        let mut state = Rc::new(WizardState::default()).reduce(Action::OpenTool(Step::Renew));
        state = state.reduce(Action::RenewZip(Ok(old_zip)));
        let [ask] = state.form.unanswered().try_into().expect("the old bundle");
        let answer = crate::service::answer(&ask, &mut ChaCha20Rng::seed_from_u64(3));
        state = state.reduce(Action::Answered(ask, answer));
        state = state.reduce(Action::Edit(Input::RotateCa, "true".to_owned()));
        // The old key's passphrase is what the new key gets when none is typed: none yet.
        assert!(!state.form.ready_to_renew());
        assert_eq!(
            state.form.renew_refusal(),
            "CA passphrase: the old CA key has no passphrase to reuse; type one for the new CA key"
        );
        state = state.reduce(Action::Edit(
            Input::CaPassphrase,
            "correct horse battery".to_owned(),
        ));
        assert!(
            state.form.ready_to_renew(),
            "{}",
            state.form.renew_refusal()
        );
        let typed = state.clone().reduce(Action::Edit(
            Input::NewCaPassphrase,
            "another horse battery".to_owned(),
        ));
        assert_eq!(
            typed.form.renew_refusal(),
            "new CA passphrase: the two entries differ; type the same passphrase twice"
        );
        let rotate = |state: &Rc<WizardState>| {
            let request = Request {
                form: state.form.clone(),
                now_unix_ms: 1_810_000_000_000.0,
                renew: true,
                language: Language::En,
            };
            let request: Request = crate::wire::across(&request);
            generate(&request, &mut ChaCha20Rng::seed_from_u64(2), &mut |_| {})
        };
        let (reply, zip) = rotate(&state).expect("rotated");
        assert_ne!(reply.certificates[0], old_reply.certificates[0], "a new CA");
        let decoded = &reply.certificates[0].3;
        assert!(
            decoded.subject.ends_with(", 2027-05-11"),
            "the new CA's name: {}",
            decoded.subject
        );
        assert!(reply.readme.contains("## 0. This bundle replaces the CA"));
        let files = OldBundle::read(&zip).expect("the new zip reads back");
        assert_ne!(files.ca_pem, old_reply.certificates[0].2);
        // The new CA key opens with the old passphrase.
        let key = files.ca_key_pem.as_ref().expect("the new CA key");
        let passphrase =
            Passphrase::of_existing_key("correct horse battery".to_owned()).expect("passphrase");
        ExistingCa::from_pem(
            files.ca_pem.as_bytes(),
            key.expose_secret(),
            Some(&passphrase),
        )
        .expect("the new CA key opens with the old passphrase");
        let names = zip_names(zip);
        for path in [
            "transition/server/ca.pem",
            "transition/server/server-cert.pem",
            "clients/alice/ca-new-only.pem",
            "ca/old-ca.pem",
        ] {
            assert!(
                names.iter().any(|name| name.ends_with(path)),
                "{path} missing from {names:?}"
            );
        }
        // A new name of the user's own, and the old name refused.
        let named = state
            .clone()
            .reduce(Action::Edit(Input::NewCaName, "Docker CA 2027".to_owned()));
        let (reply, _) = rotate(&named).expect("rotated");
        assert!(reply.certificates[0].3.subject.contains("Docker CA 2027"));
        let old_name = old_reply.certificates[0].3.subject.clone();
        let old_cn = old_name.rsplit("CN=").next().expect("a CN").to_owned();
        let same = state.clone().reduce(Action::Edit(Input::NewCaName, old_cn));
        let refused = rotate(&same).expect_err("the old name");
        assert!(
            refused.to_string().contains("is the old CA's name too"),
            "{refused}"
        );
    }

    fn clone_reply(reply: &Reply) -> Reply {
        crate::wire::across(reply)
    }

    #[test]
    fn a_server_with_its_own_key_gets_no_key_in_the_zip() {
        let csr = include_str!("../tests/fixtures/node.csr");
        let mut state = Rc::new(WizardState {
            form: valid_form(),
            ..WizardState::default()
        });
        state = state.reduce(Action::Edit(Input::ServerOwnKey, "true".to_owned()));
        state = state.reduce(Action::Edit(Input::ServerCsr, csr.to_owned()));
        let request = Request {
            form: state.form.clone(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        };
        let mut steps = 0;
        let (reply, zip) = generate(&request, &mut ChaCha20Rng::seed_from_u64(1), &mut |_| {
            steps += 1
        })
        .expect("generates");
        assert_eq!(
            steps, 4,
            "CA key, its encryption and two clients: no server key"
        );
        let names = zip_names(zip);
        assert!(names.iter().any(|n| n.ends_with("/server/server-cert.pem")));
        assert!(
            !names.iter().any(|n| n.ends_with("/server/server-key.pem")),
            "{names:?}"
        );
        assert!(reply.readme.contains("was made on the host itself"));
    }

    /// The names in a zip.
    #[test]
    fn the_readme_is_in_the_language_of_the_request() {
        let readme = |language: Language| -> String {
            let request: Request = crate::wire::across(&Request {
                form: valid_form(),
                now_unix_ms: 1_800_000_000_000.0,
                renew: false,
                language,
            });
            let (reply, zip) =
                generate(&request, &mut ChaCha20Rng::seed_from_u64(5), &mut |_| {}).expect("run");
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut archive
                    .by_name(&format!("{}/README.md", reply.folder))
                    .expect("README.md"),
                &mut text,
            )
            .expect("UTF-8");
            text
        };
        assert!(readme(Language::De).starts_with("# Docker über gegenseitiges TLS für "));
        assert!(readme(Language::Ja).contains("のための相互 TLS による Docker"));
        assert!(readme(Language::En).starts_with("# Docker over mutual TLS for "));
    }

    fn zip_names(zip: Vec<u8>) -> Vec<String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
        (0..archive.len())
            .map(|i| {
                archive
                    .by_index(i)
                    .expect("entry")
                    .name()
                    .expect("a name")
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn client_p12_files_come_with_the_clients_steps_choice_only() {
        let folder = "docker-tls-docker.example.com/clients";
        let run = |edits: &[(Input, &str)]| {
            generate(
                &request_for(edits),
                &mut ChaCha20Rng::seed_from_u64(3),
                &mut |_| {},
            )
        };
        let (reply, zip) = run(&[]).expect("generates");
        assert!(!zip_names(zip).iter().any(|n| n.ends_with(".p12")));
        assert!(!reply.readme.contains("client.p12"));

        // Typed but not asked for: no files, and the password is not checked.
        let (_, zip) = run(&[(Input::P12Password, "short")]).expect("generates");
        assert!(!zip_names(zip).iter().any(|n| n.ends_with(".p12")));

        let password = [
            (Input::ClientP12, "true"),
            (Input::P12Password, "a password of mine"),
            (Input::P12PasswordRepeat, "a password of mine"),
        ];
        let (reply, zip) = run(&password).expect("generates");
        let names = zip_names(zip);
        for client in ["alice", "bob"] {
            assert!(
                names.contains(&format!("{folder}/{client}/client.p12")),
                "{names:?}"
            );
        }
        assert!(
            reply
                .readme
                .contains("### The same identity as one file: `client.p12`")
        );

        // A password the core refuses stops the run with its message.
        let err = run(&[(Input::ClientP12, "true"), (Input::P12Password, "hunter2")])
            .expect_err("refused");
        assert!(
            err.to_string()
                .starts_with("client.p12 password: only 7 characters"),
            "{err}"
        );
    }

    fn request_for(edits: &[(Input, &str)]) -> Request {
        let mut state = Rc::new(WizardState {
            form: valid_form(),
            ..WizardState::default()
        });
        for (input, value) in edits {
            state = state.reduce(Action::Edit(*input, (*value).to_owned()));
        }
        Request {
            form: state.form.clone(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        }
    }

    #[test]
    fn the_stock_is_asked_for_the_rsa_keys_and_webcrypto_for_the_pbkdf2() {
        let job = |edits: &[(Input, &str)]| Job::prepare(&request_for(edits)).expect("job");
        let rsa = job(&[(Input::KeyType, "rsa-2048")]);
        assert_eq!(
            rsa.keys_wanted(),
            Some(Want {
                key_type: KeyType::Rsa2048,
                maker: KeyMaker::WebCrypto,
                count: 4
            }),
            "CA, server, alice, bob"
        );
        assert!(
            rsa.passphrase_for_webcrypto().is_some(),
            "and the CA key's PBKDF2"
        );
        // ECDSA and Ed25519 keys are made in the run; only the PBKDF2 goes to WebCrypto.
        let ed = job(&[]);
        assert_eq!(ed.keys_wanted(), None);
        assert!(ed.passphrase_for_webcrypto().is_some());
        let plain = job(&[(Input::UnencryptedCaKey, "true")]);
        assert!(plain.passphrase_for_webcrypto().is_none(), "no passphrase");
        let rust = job(&[(Input::KeyType, "rsa-2048"), (Input::KeyMaker, "rust")]);
        assert_eq!(rust.keys_wanted().map(|w| w.maker), Some(KeyMaker::Rust));
        assert!(
            rust.passphrase_for_webcrypto().is_none(),
            "Portcullis' own code, as chosen"
        );
    }

    #[test]
    fn a_dry_run_shows_every_signature_and_the_run_with_them_is_the_same_bundle() {
        use rcgen::SigningKey as _;
        let request = request_for(&[(Input::KeyType, "rsa-2048"), (Input::Proxy, "true")]);
        let job = Job::prepare(&request).expect("job");
        let want = job.keys_wanted().expect("RSA keys");
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        let keys: Vec<_> = (0..want.count)
            .map(|_| portcullis_pki::KeyPair::generate(want.key_type, &mut rng).expect("key"))
            .collect();
        let made = |premade: Premade| Made {
            premade: premade.ca_key_encryption(portcullis_pki::CaKeyEncryption::derive(
                job.ca_passphrase().expect("passphrase"),
                [6; 16],
            )),
            ..Made::here()
        };
        let run = |made: Made| {
            Job::prepare(&request)
                .expect("job")
                .run(&mut ChaCha20Rng::seed_from_u64(9), &mut |_| {}, made)
                .expect("runs")
                .1
        };
        let signed_here = run(made(Premade::none().keys(keys.clone())));
        // What the worker does before asking WebCrypto: a dry run with the same seed.
        let premade = Premade::none().keys(keys.clone());
        let (dry, record) = made(premade).premade.dry_run();
        job.issue_dry(&mut ChaCha20Rng::seed_from_u64(9), dry)
            .expect("dry run");
        let messages = record.messages();
        assert_eq!(
            messages[0].len(),
            5,
            "the CA: itself, the server, alice, bob, the CRL"
        );
        let signatures = keys
            .iter()
            .zip(&messages)
            .map(|(key, messages)| {
                messages
                    .iter()
                    .map(|message| (message.clone(), key.sign(message).expect("signs")))
                    .collect()
            })
            .collect();
        let elsewhere = run(made(
            Premade::none().keys(keys).signed_elsewhere(signatures),
        ));
        assert_eq!(elsewhere, signed_here, "the same zip, byte for byte");
    }

    #[test]
    fn review_says_who_made_each_key() {
        let request = request_for(&[(Input::KeyType, "rsa-2048")]);
        let job = Job::prepare(&request).expect("job");
        let want = job.keys_wanted().expect("RSA keys");
        // Keys made elsewhere, as WebCrypto would hand them in.
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let keys: Vec<_> = (0..want.count)
            .map(|_| portcullis_pki::KeyPair::generate(want.key_type, &mut rng).expect("key"))
            .collect();
        let passphrase = job.passphrase_for_webcrypto().expect("passphrase").clone();
        let made = Made {
            premade: Premade::none().keys(keys).ca_key_encryption(
                portcullis_pki::CaKeyEncryption::derive(&passphrase, [5; 16]),
            ),
            keys_by_webcrypto: true,
            pbkdf2_by_webcrypto: true,
            fell_back: false,
            made_ahead: 3,
            encryption_ahead: true,
            signed_by_webcrypto: true,
        };
        let (reply, zip) = job.run(&mut rng, &mut |_| {}, made).expect("runs");
        assert_eq!(reply.made_ahead, 3, "Review hears how many were made ahead");
        assert!(reply.encryption_ahead && reply.signed_by_webcrypto);
        let generated = Generated::from_reply(request.form, reply, zip);
        let makers = |lang| said(&generated, lang, |c, words| c.key_made_by.said(words));
        assert_eq!(
            makers(Lang::En),
            [
                "this browser's WebCrypto; encrypted with a key from WebCrypto's PBKDF2",
                "this browser's WebCrypto",
                "this browser's WebCrypto",
                "this browser's WebCrypto",
            ]
        );
        assert_eq!(
            makers(Lang::De)[0],
            "WebCrypto dieses Browsers; verschlüsselt mit einem Schlüssel aus dem PBKDF2 von WebCrypto"
        );
        let (reply, _) = generate(&request_for(&[]), &mut rng, &mut |_| {}).expect("runs");
        assert_eq!(reply.key_makers[1], MadeBy::Maker(Maker::Rust));
        assert_eq!(
            reply.key_makers[1].said(words(Lang::En)),
            "Portcullis' own Rust code"
        );
        assert!(!reply.fell_back);
    }

    #[test]
    fn invalid_input_is_a_message_not_a_panic() {
        let request = Request {
            form: Form::default(),
            now_unix_ms: 1_800_000_000_000.0,
            renew: false,
            language: Language::En,
        };
        let err = generate(&request, &mut ChaCha20Rng::seed_from_u64(1), &mut |_| {})
            .expect_err("empty form");
        assert!(err.to_string().starts_with("CA passphrase: empty"), "{err}");
        for now_unix_ms in [f64::NAN, f64::INFINITY, -1.0, 1e30] {
            let bad_clock = Request {
                form: valid_form(),
                now_unix_ms,
                renew: false,
                language: Language::En,
            };
            let err = generate(&bad_clock, &mut ChaCha20Rng::seed_from_u64(1), &mut |_| {})
                .expect_err("bad clock");
            assert!(matches!(err, Failure::Browser(_)), "{err:?}");
            assert!(err.to_string().starts_with("the browser's clock "), "{err}");
        }
    }
}
