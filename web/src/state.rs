//! The wizard's state: a pure [`Reducible`], no DOM, unit-tested natively.
//!
//! The form keeps what the user typed as text, so going Back and Next never loses anything;
//! every check is the core's own parser, so the wizard and the CLI refuse the same input with the
//! same words.

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use portcullis_pki::{
    CaKeyProtection, CaSummary, CertificateRequest, CommonName, DecodedCertificate, Error, Field,
    FileRefusal, FormLifetime, InputKind, InputRefusal, KeyType, KnownCa, Lifetime, P12Password,
    Passphrase, Plan, PlanBuilder, Refusal, ServerSpec, SetBy, SignAs, ValidityDays, Warning,
};
use serde::{Deserialize, Serialize};
use yew::Reducible;
use zeroize::Zeroize;

use crate::ask::{
    Answer, Ask, BundleSummary, PlanImport, PlanRead, Secret, SecretBytes, SignedCsr,
};
use crate::generate::Failure;
use crate::i18n::Speech;
use crate::stock::{Level, Want};
use crate::trouble::{Doing, Trouble};

mod ca;
mod check;
mod clients;
mod facts;
mod generate;
mod input;
mod reduce;
mod renew;
mod revoke;
mod server;
mod sign_csr;
mod step;

use ca::CaInputs;
use check::CheckInputs;
use clients::ClientsInputs;
pub use facts::Facts;
use generate::GenerateInputs;
pub use generate::{KeyMaker, MadeBy, Maker, Titled};
pub use input::Input;
pub use reduce::{Action, Held};
use renew::RenewInputs;
use revoke::RevokeInputs;
use server::ServerInputs;
use sign_csr::SignCsrInputs;
pub use step::Step;

/// One step's (or tool's) inputs: each module owns its fields, and the form reaches an input only
/// through the step it is on.
trait StepInputs {
    /// The text of `input`, if it is a text input of this step.
    fn text(&self, input: Input) -> Option<&str>;
    /// [`StepInputs::text`], to change.
    fn text_mut(&mut self, input: Input) -> Option<&mut String>;
    /// Whether the checkbox `input` is on, if it is a checkbox of this step.
    fn flag(&self, _input: Input) -> Option<bool> {
        None
    }
    /// [`StepInputs::flag`], to change.
    fn flag_mut(&mut self, _input: Input) -> Option<&mut bool> {
        None
    }
}

/// One step's (or tool's) check of its inputs. A trait of its own, apart from
/// [`StepInputs`]: the workers' module reaches a step's inputs through that trait's objects,
/// and never checks them, so the checks and everything they say stay out of it.
trait StepCheck {
    /// The first problem with `input` (one of this step's) on its own, in the core's words.
    /// `seen` is all the check may know beyond this step's own inputs.
    fn problem(&self, input: Input, seen: &Seen<'_>) -> Option<String>;
}

/// A step's check of `input` knowing nothing beyond the step's own inputs (no answer of the
/// worker), for the steps' own tests.
#[cfg(test)]
fn problem_alone(inputs: &dyn StepCheck, input: Input) -> Option<String> {
    inputs.problem(
        input,
        &Seen {
            form: &Form::default(),
            words: Speech::english(),
        },
    )
}

/// What a step's checks may know beyond the step's own inputs: what the worker answered about
/// them. It lends nothing that could change another step's fields.
pub(super) struct Seen<'a> {
    form: &'a Form,
    /// The words the problems are said in.
    words: Speech,
}

impl Seen<'_> {
    /// `err` in the page's language.
    fn say(&self, err: &Error) -> String {
        crate::say::error(err, self.words)
    }

    /// The existing CA's problem for `input`, as the worker read the CA, if it has one there.
    fn existing_ca_error(&self, input: Input) -> Option<Error> {
        match self.form.ca_read() {
            Some(Err(err)) if err.field().and_then(Input::from_field) == Some(input) => {
                Some(err.clone())
            }
            _ => None,
        }
    }

    /// The first server's own CSR, as the worker read it (see [`Form::server_request`]).
    fn server_request(&self) -> Option<Result<CertificateRequest, Error>> {
        self.form.server_request()
    }

    /// What the worker answered about the CSR tool's request, if it did.
    fn csr_answer(&self) -> Option<&Answer> {
        self.form
            .csr_ask()
            .and_then(|ask| self.form.facts.answer(&ask))
    }
}

/// What was read of the inputs only the worker's crypto can read: on the page, the worker's
/// answers ([`CaSummary`]); in the worker, the CA itself, read there. `None`: not given (or,
/// on the page, not answered yet).
#[derive(Debug)]
pub struct Read<C> {
    /// The existing CA (or the tools' CA).
    pub ca: Option<Result<C, Error>>,
    /// The first server's own CSR.
    pub server_csr: Option<Result<Arc<CertificateRequest>, Error>>,
}

/// `$form`'s inputs of `$step`, borrowed by `$borrow` (`&` or `&mut`) as the step trait's
/// object the caller returns ([`StepInputs`] or [`StepCheck`]); `None` for a step without
/// inputs. One match for [`Form::part`], [`Form::part_mut`] and [`Form::checks`].
macro_rules! inputs_of {
    ($form:ident, $step:expr, $($borrow:tt)+) => {
        Some(match $step {
            Step::Ca => $($borrow)+ $form.ca,
            Step::Server => $($borrow)+ $form.server,
            Step::Clients => $($borrow)+ $form.clients,
            Step::Generate => $($borrow)+ $form.generate,
            Step::SignCsr => $($borrow)+ $form.sign_csr,
            Step::Revoke => $($borrow)+ $form.revoke,
            Step::Renew => $($borrow)+ $form.renew,
            Step::Check => $($borrow)+ $form.check,
            _ => return None,
        })
    };
}

/// What the user typed, as typed. Serialized to hand it to the key-generation worker.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The passphrase the existing CA is read with: the passphrase input as it was when last
    /// committed (or when the certificate or key changed), so that the worker does not open the
    /// key at every key stroke.
    #[serde(skip)]
    ca_passphrase_read: String,
    /// What the worker answered about the form.
    #[serde(skip)]
    facts: Facts,
    #[serde(default)]
    ca: CaInputs,
    #[serde(default)]
    server: ServerInputs,
    #[serde(default)]
    clients: ClientsInputs,
    #[serde(default)]
    generate: GenerateInputs,
    #[serde(default)]
    sign_csr: SignCsrInputs,
    #[serde(default)]
    revoke: RevokeInputs,
    #[serde(default)]
    renew: RenewInputs,
    #[serde(default)]
    check: CheckInputs,
}

impl Drop for Form {
    fn drop(&mut self) {
        // Each step's inputs wipe their own secrets.
        self.ca_passphrase_read.zeroize();
    }
}

/// A list the user typed: items separated by new lines, commas or spaces.
fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|item| !item.is_empty())
}

/// A leaf lifetime as typed in the field `name`: the default as the field shows it is the
/// default (it ends with the CA if the CA ends sooner); anything else is the user's choice,
/// refused if it would outlast the CA.
fn lifetime(field: Field, text: &str, name: FormLifetime) -> Result<Lifetime, Error> {
    let days = ValidityDays::parse(field, text)?;
    Ok(if days.days() == portcullis_pki::DEFAULT_LEAF_DAYS {
        Lifetime::default_days(days)
    } else {
        Lifetime {
            days,
            set_by: SetBy::Form(name),
        }
    })
}

/// A CSR as pasted, as the worker read it (`answer`: `None` while it has not answered): its
/// signature checked, and refused if it asks to be a CA. `None` while unanswered.
fn signable_csr(text: &str, answer: Option<&Answer>) -> Option<Result<CertificateRequest, Error>> {
    if text.trim().is_empty() {
        return Some(Err(Error::file(Field::Csr, FileRefusal::csr_empty())));
    }
    match answer? {
        Answer::Csr(read) => Some(read.clone().and_then(|request| {
            portcullis_pki::refuse_ca_request(&request)?;
            Ok(request)
        })),
        _ => None,
    }
}

/// Whether the plan's refusal `err` names one of several servers (a name or address listed twice
/// for it, or two servers' folders that clash): those are typed under "Other servers".
fn about_other_servers(err: &Error) -> bool {
    match err.refusal() {
        Some(Refusal::DnsTwice { server, .. } | Refusal::IpTwice { server, .. }) => {
            server.is_some()
        }
        Some(Refusal::Input(refusal)) => refusal.kind() == InputKind::ServerFoldersClash,
        _ => false,
    }
}

impl Form {
    /// The text of an input (`UnencryptedCaKey`: "true" or "").
    pub fn value(&self, input: Input) -> &str {
        let Some(part) = self.part(input.step()) else {
            return "";
        };
        match part.flag(input) {
            Some(on) => {
                if on {
                    "true"
                } else {
                    ""
                }
            }
            None => part.text(input).unwrap_or_default(),
        }
    }

    /// The inputs of `step`, each of which owns its own.
    fn part(&self, step: Step) -> Option<&dyn StepInputs> {
        inputs_of!(self, step, &)
    }

    /// The check of `step`'s inputs (see [`StepCheck`] for why it is not [`Form::part`]).
    fn checks(&self, step: Step) -> Option<&dyn StepCheck> {
        inputs_of!(self, step, &)
    }

    /// [`Form::part`], to change.
    fn part_mut(&mut self, step: Step) -> Option<&mut dyn StepInputs> {
        inputs_of!(self, step, &mut)
    }

    fn set(&mut self, input: Input, value: String) {
        self.set_text(input, value);
        // Pasted or opened in one go: read at once. The passphrase is typed a key at a time, and
        // opening a key Portcullis encrypted takes 600,000 PBKDF2 rounds: the CA is read with it
        // once it is committed (Action::Commit, or Next).
        if matches!(
            input,
            Input::UseExistingCa | Input::ExistingCaCert | Input::ExistingCaKey
        ) {
            self.commit_ca_passphrase();
        }
    }

    /// Reads the existing CA with the passphrase as typed now.
    fn commit_ca_passphrase(&mut self) {
        if self.ca_passphrase_read != self.ca.ca_passphrase {
            self.ca_passphrase_read.zeroize();
            self.ca_passphrase_read = self.ca.ca_passphrase.clone();
        }
    }

    fn set_text(&mut self, input: Input, value: String) {
        let Some(part) = self.part_mut(input.step()) else {
            return;
        };
        if let Some(flag) = part.flag_mut(input) {
            *flag = !value.is_empty() && value != "false";
        } else if let Some(slot) = part.text_mut(input) {
            *slot = value;
        }
    }

    /// Whether `other` holds the same input as this form: what the worker answered about it,
    /// and when the passphrase was last committed, aside.
    pub fn same_input(&self, other: &Self) -> bool {
        let plain = |form: &Self| {
            let mut form = form.clone();
            form.facts = Facts::default();
            form.ca_passphrase_read.zeroize();
            form
        };
        plain(self) == plain(other)
    }

    /// Who is to make the keys.
    pub fn key_maker(&self) -> KeyMaker {
        KeyMaker::from_value(&self.generate.key_maker)
    }

    /// The password of the clients' `client.p12` files, when they are asked for.
    pub fn p12_password(&self) -> Option<Result<P12Password, Error>> {
        self.clients
            .client_p12
            .then(|| P12Password::new(self.clients.p12_password.clone()))
    }

    /// Whether the CA key is to be stored without a passphrase.
    pub fn unencrypted_ca_key(&self) -> bool {
        self.ca.unencrypted_ca_key
    }

    /// Whether the certificates are to be issued under an existing CA.
    pub fn uses_existing_ca(&self) -> bool {
        self.ca.use_existing_ca
    }

    /// The question for the worker about the existing CA (also the tools' CA), once both its
    /// certificate and key are given: read it with the committed passphrase.
    pub fn ca_ask(&self) -> Option<Ask> {
        // Read whenever both are there: the tools use the CA whatever the CA step says.
        let given = !self.ca.existing_ca_cert.trim().is_empty()
            && !self.ca.existing_ca_key.trim().is_empty();
        given.then(|| Ask::Ca {
            certificate: self.ca.existing_ca_cert.clone(),
            key: Secret::new(&self.ca.existing_ca_key),
            passphrase: Secret::new(&self.ca_passphrase_read),
        })
    }

    /// The existing CA as the worker read it; `None` while it is not given, not answered yet,
    /// or its passphrase is being typed (it is read once the passphrase is committed).
    pub fn ca_read(&self) -> Option<Result<&CaSummary, &Error>> {
        if self.ca.ca_passphrase != self.ca_passphrase_read {
            return None;
        }
        match self.facts.answer(&self.ca_ask()?)? {
            Answer::Ca(read) => Some(read.as_ref()),
            _ => None,
        }
    }

    /// Whether the existing CA is given and the worker has not answered about it yet.
    fn ca_pending(&self) -> bool {
        self.ca_ask().is_some() && self.ca_read().is_none()
    }

    /// The tools' CA (and the CA step's existing one): its inputs, as the worker read them (or
    /// why not). Refused as empty while not given.
    pub fn tool_ca(&self) -> Result<&CaSummary, Error> {
        match self.ca_read() {
            Some(read) => read.map_err(Clone::clone),
            None => Err(Error::file(
                Field::CaCertificate,
                FileRefusal::tool_ca_empty(),
            )),
        }
    }

    /// The CSR tool's CSR, as the worker read it and checked its signature, if one was given
    /// and the worker answered.
    pub fn csr_request(&self) -> Option<Result<&CertificateRequest, &Error>> {
        match self.facts.answer(&self.csr_ask()?)? {
            Answer::Csr(read) => Some(read.as_ref()),
            _ => None,
        }
    }

    /// The question for the worker about the CSR tool's CSR, if one was given.
    fn csr_ask(&self) -> Option<Ask> {
        (!self.sign_csr.csr.trim().is_empty()).then(|| Ask::Csr(self.sign_csr.csr.clone()))
    }

    /// What to sign the CSR as, with the names typed.
    pub fn csr_sign_as(&self) -> Result<SignAs, Error> {
        self.sign_csr.sign_as()
    }

    /// The CSR tool's lifetime, as typed, in the words of the certificate it signs.
    pub fn csr_lifetime(&self, sign_as: &SignAs) -> Result<Lifetime, Error> {
        self.sign_csr.lifetime(sign_as)
    }

    /// The old bundle opened for renewal, as typed in bytes.
    pub fn renew_zip(&self) -> &[u8] {
        &self.renew.renew_zip
    }

    /// The question for the worker about the old bundle, once one is opened.
    fn old_bundle_ask(&self) -> Option<Ask> {
        (!self.renew.renew_zip.is_empty())
            .then(|| Ask::OldBundle(SecretBytes::new(&self.renew.renew_zip)))
    }

    /// The old bundle opened for renewal, as the worker read it (or why not); `None` while none
    /// is open or the worker has not answered.
    pub fn old_bundle(&self) -> Option<Result<&BundleSummary, &Error>> {
        match self.facts.answer(&self.old_bundle_ask()?)? {
            Answer::OldBundle(read) => Some(read.as_ref()),
            _ => None,
        }
    }

    /// Whether renewing can start: the old bundle reads, and its CA key is in it or given;
    /// for a new CA, its name and passphrase are fine.
    pub fn ready_to_renew(&self) -> bool {
        matches!(self.old_bundle(), Some(Ok(old))
            if old.has_ca_key || !self.ca.existing_ca_key.trim().is_empty())
            && self.rotation_error(Speech::english()).is_none()
    }

    /// Why renewing cannot start yet.
    pub fn renew_refusal(&self) -> String {
        self.renew_refusal_in(Speech::english())
    }

    /// [`Form::renew_refusal`], said in `words`' language.
    pub fn renew_refusal_in(&self, words: Speech) -> String {
        let said = &words.messages;
        match self.old_bundle() {
            None if !self.renew.renew_zip.is_empty() => said.renew_reading.to_owned(),
            None => said.renew_open_first.to_owned(),
            Some(Err(err)) => crate::say::error(err, words),
            Some(Ok(old)) if old.has_ca_key || !self.ca.existing_ca_key.trim().is_empty() => {
                self.rotation_error(words).unwrap_or_default()
            }
            Some(Ok(_)) => said.renew_no_ca_key.to_owned(),
        }
    }

    /// Whether the renew tool is to replace the CA too.
    pub fn rotates_ca(&self) -> bool {
        self.renew.rotate_ca
    }

    /// What is wrong with the new CA's inputs, when the CA is to be replaced.
    fn rotation_error(&self, words: Speech) -> Option<String> {
        if !self.renew.rotate_ca {
            return None;
        }
        [
            Input::NewCaName,
            Input::NewCaPassphrase,
            Input::NewCaPassphraseRepeat,
        ]
        .into_iter()
        .find_map(|input| self.input_error_in(input, words))
        .or_else(|| {
            self.new_ca_protection()
                .err()
                .map(|err| crate::say::error(&err, words))
        })
    }

    /// The new CA key's passphrase: the one typed for it, else the old key's (which opened the
    /// old key, so it holds no typo).
    pub fn new_ca_protection(&self) -> Result<Passphrase, Error> {
        if !self.renew.new_ca_passphrase.is_empty() {
            return Passphrase::new(self.renew.new_ca_passphrase.clone());
        }
        let refuse = |refusal: InputRefusal| Error::refused(Field::CaPassphrase, refusal.into());
        if self.ca.ca_passphrase.is_empty() {
            return Err(refuse(InputRefusal::renew_no_passphrase()));
        }
        Passphrase::new(self.ca.ca_passphrase.clone()).map_err(|_| {
            refuse(InputRefusal::renew_passphrase_short(
                portcullis_pki::MIN_PASSPHRASE_CHARS,
            ))
        })
    }

    /// The new CA's name as typed, if one was.
    pub fn new_ca_name(&self) -> Option<Result<CommonName, Error>> {
        let name = self.renew.new_ca_name.trim();
        (!name.is_empty()).then(|| name.parse())
    }

    /// The existing CA, once read: its name, key type and end, for people.
    pub fn existing_ca_summary(&self) -> Option<String> {
        self.existing_ca_summary_in(Speech::english())
    }

    /// [`Form::existing_ca_summary`], said in `words`' language.
    pub fn existing_ca_summary_in(&self, words: Speech) -> Option<String> {
        match self.ca_read() {
            Some(Ok(ca)) => Some(portcullis_words::fill(
                words.messages.ca_summary,
                &[
                    ("NAME", ca.common_name()),
                    ("KEY", crate::say::key_type(ca.key_type(), &words)),
                    ("END", &ca.not_after().date().to_string()),
                ],
            )),
            _ => None,
        }
    }

    /// Every question the form asks the worker now (the answers it needs to be checked).
    pub fn asks(&self) -> Vec<Ask> {
        [
            self.ca_ask(),
            self.server_csr_ask(),
            self.csr_ask(),
            self.old_bundle_ask(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Those of [`Form::asks`] the worker has not answered yet.
    pub fn unanswered(&self) -> Vec<Ask> {
        let mut asks = self.asks();
        asks.retain(|ask| self.facts.answer(ask).is_none());
        asks
    }

    /// Keeps the worker's answer, if the form still asks the question. Returns whether the
    /// form changed.
    fn keep_answer(&mut self, ask: Ask, answer: Answer) -> bool {
        let wanted = self.asks();
        self.facts.keep(ask, answer, &wanted)
    }

    /// Whether `step` waits for the worker's answer about one of its inputs (Next waits too).
    pub fn waits_on_worker(&self, step: Step) -> bool {
        match step {
            Step::Ca => self.ca.use_existing_ca && self.ca_pending(),
            Step::Server => self.server.server_own_key && self.server_request().is_none(),
            _ => false,
        }
    }

    /// The form filled from a plan file the worker read; the passphrase and what the file does
    /// not hold (the address check, the tools' inputs) are kept.
    pub fn apply_plan(&mut self, import: PlanImport) {
        self.ca.key_type = import.key_type;
        if let Some((name, days)) = import.ca {
            self.ca.ca_name = name;
            self.ca.ca_days = days;
        }
        self.server.server_dns = import.server_dns;
        self.server.server_ip = import.server_ip;
        self.server.port = import.port;
        self.server.platform = import.platform;
        self.server.server_days = import.server_days;
        self.server.other_servers = import.other_servers;
        self.clients.clients = import.clients;
        self.clients.client_days = import.client_days;
        self.clients.proxy = import.proxy;
        self.server.server_own_key = import.server_csr.is_some();
        self.server.server_csr = import.server_csr.unwrap_or_default();
    }

    /// The first problem with one input on its own, in the core's words: the check of the step
    /// (or tool) the input is on.
    pub fn input_error(&self, input: Input) -> Option<String> {
        self.input_error_in(input, Speech::english())
    }

    /// [`Form::input_error`], said in `words`' language.
    pub fn input_error_in(&self, input: Input, words: Speech) -> Option<String> {
        self.checks(input.step())?
            .problem(input, &Seen { form: self, words })
    }

    /// What the worker answered about the existing CA and the server's CSR, for planning here.
    fn read(&self) -> Read<CaSummary> {
        Read {
            ca: self
                .ca_read()
                .map(|read| read.cloned().map_err(Clone::clone)),
            server_csr: self.server_request().map(|request| request.map(Arc::new)),
        }
    }

    /// The plan as far as `up_to`, with what the worker answered (see [`Form::plan_with`]).
    pub fn plan_up_to(&self, up_to: Step) -> Result<Plan<CaSummary>, Error> {
        self.plan_with(up_to, &self.read())
    }

    /// Builds the plan, with `read`: what was read of the existing CA and the server's CSR.
    /// Inputs of steps after `up_to` are replaced by placeholders that cannot fail, so checking
    /// an early step never reports a later one.
    pub fn plan_with<C: KnownCa>(&self, up_to: Step, read: &Read<C>) -> Result<Plan<C>, Error> {
        let mut builder = PlanBuilder::<C>::default()
            .proxy(self.clients.proxy)
            .key_type(self.ca.key_type.parse()?);
        if self.ca.use_existing_ca {
            builder = match &read.ca {
                Some(Ok(ca)) => builder.existing_ca_shared(ca.clone()),
                Some(Err(err)) => return Err(err.clone()),
                None => {
                    return Err(Error::file(Field::CaCertificate, FileRefusal::ca_empty()));
                }
            };
        } else {
            builder = builder
                .ca_days(ValidityDays::parse(Field::CaDays, &self.ca.ca_days)?)
                .ca_days_set_by(SetBy::Form(FormLifetime::Ca));
            if !self.ca.ca_name.trim().is_empty() {
                builder = builder.ca_common_name(self.ca.ca_name.parse()?);
            }
            builder = builder.ca_key_protection(if self.ca.unencrypted_ca_key {
                CaKeyProtection::Unencrypted
            } else {
                CaKeyProtection::Passphrase(Passphrase::new(self.ca.ca_passphrase.clone())?)
            });
        }
        if up_to >= Step::Server {
            builder = builder
                .port(self.server.port.parse()?)
                .platform(self.server.platform.parse()?)
                .server_lifetime(lifetime(
                    Field::ServerDays,
                    &self.server.server_days,
                    FormLifetime::Server,
                )?);
            for name in items(&self.server.server_dns) {
                builder = builder.server_dns(name.parse()?);
            }
            for ip in items(&self.server.server_ip) {
                builder = builder.server_ip(ip.parse()?);
            }
            if let Some(request) = &read.server_csr {
                builder = builder.server_csr(request.clone()?);
            }
            for spec in self.other_server_specs()? {
                builder = builder.server(spec);
            }
        } else {
            builder = builder
                .server_dns("placeholder.invalid".parse()?)
                .server_days(ValidityDays::new(Field::ServerDays, 1)?);
        }
        if up_to >= Step::Clients {
            builder = builder.client_lifetime(lifetime(
                Field::ClientDays,
                &self.clients.client_days,
                FormLifetime::Clients,
            )?);
            for client in items(&self.clients.clients) {
                builder = builder.client(client.parse()?);
            }
        } else {
            builder = builder
                .client("placeholder".parse()?)
                .client_days(ValidityDays::new(Field::ClientDays, 1)?);
        }
        builder.build()
    }

    /// The question for the worker about the first server's own CSR, when it makes its own
    /// key and the CSR is given.
    fn server_csr_ask(&self) -> Option<Ask> {
        (self.server.server_own_key && !self.server.server_csr.trim().is_empty())
            .then(|| Ask::Csr(self.server.server_csr.clone()))
    }

    /// The first server's own CSR, when it makes its own key: as the worker read it, its
    /// signature checked, and refused if it asks to be a CA. `None` when it makes no CSR, or
    /// the worker has not answered yet.
    pub fn server_request(&self) -> Option<Result<CertificateRequest, Error>> {
        if !self.server.server_own_key {
            return None;
        }
        let answer = self
            .server_csr_ask()
            .and_then(|ask| self.facts.answer(&ask));
        signable_csr(&self.server.server_csr, answer)
    }

    /// The servers after the first (see [`ServerInputs::other_specs`]).
    pub fn other_server_specs(&self) -> Result<Vec<ServerSpec>, Error> {
        self.server.other_specs()
    }

    /// The plan as `portcullis.json`, once every step up to Clients is valid.
    pub fn plan_file(&self) -> Result<String, Error> {
        Ok(self.plan_up_to(Step::Clients)?.to_plan_file())
    }

    /// Every problem on `step`, by input: each input's own, then the plan's rules that tie
    /// inputs together (duplicates, a name at least, no leaf outliving the CA).
    pub fn step_errors(&self, step: Step) -> Vec<(Input, String)> {
        self.step_errors_in(step, Speech::english())
    }

    /// [`Form::step_errors`], said in `words`' language.
    pub fn step_errors_in(&self, step: Step, words: Speech) -> Vec<(Input, String)> {
        let mut errors: Vec<(Input, String)> = Input::ALL
            .into_iter()
            .filter(|input| input.step() == step)
            .filter_map(|input| self.input_error_in(input, words).map(|e| (input, e)))
            .collect();
        // The plan's rules only once every input up to here parses on its own; an error about a
        // later step's input is that step's business.
        let earlier_ok = Input::ALL
            .iter()
            .filter(|input| input.step() < step)
            .all(|input| self.input_error(*input).is_none());
        // A CA whose passphrase is still being typed is checked once it is committed and read.
        let ca_unread =
            self.ca.use_existing_ca && self.ca_ask().is_some() && self.ca_read().is_none();
        if errors.is_empty()
            && earlier_ok
            && !ca_unread
            && matches!(step, Step::Ca | Step::Server | Step::Clients)
            && let Err(err) = self.plan_up_to(step)
        {
            let input = if about_other_servers(&err) {
                Input::OtherServers
            } else if err.field() == Some(Field::Platform) && step == Step::Clients {
                // The proxy does not fit the platform chosen on the Server step.
                Input::Proxy
            } else {
                err.field()
                    .and_then(Input::from_field)
                    .unwrap_or(Input::ServerDns)
            };
            if input.step() == step {
                errors.push((input, crate::say::error(&err, words)));
            }
        }
        errors
    }

    /// Things worth knowing on `step` that do not block it.
    pub fn step_warnings(&self, step: Step) -> Vec<String> {
        self.step_warnings_in(step, Speech::english())
    }

    /// [`Form::step_warnings`], said in `words`' language.
    pub fn step_warnings_in(&self, step: Step, words: Speech) -> Vec<String> {
        let mut warnings = Vec::new();
        if step == Step::Server
            && let Some(warning) = self.docker_host_warning(words)
        {
            warnings.push(warning);
        }
        if let Ok(plan) = self.plan_up_to(step.min(Step::Clients)) {
            for warning in plan.warnings() {
                let text = crate::say::warning(&warning, words);
                let belongs = match warning {
                    Warning::UnencryptedCaKey => step == Step::Ca,
                    _ => step == Step::Server,
                };
                if belongs && !text.is_empty() {
                    warnings.push(text);
                }
            }
        }
        warnings
    }

    /// A warning when the address clients will use is not among the server's SANs: the TLS
    /// handshake would then fail with "certificate is valid for …, not …".
    fn docker_host_warning(&self, words: Speech) -> Option<String> {
        let wanted = self.server.docker_host.trim();
        let host = wanted
            .trim_start_matches("tcp://")
            .rsplit_once(':')
            .filter(|(host, port)| !host.ends_with(':') && port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(wanted.trim_start_matches("tcp://"), |(host, _)| host)
            .trim_matches(|c| c == '[' || c == ']');
        if host.is_empty() {
            return None;
        }
        let matches = match host.parse::<std::net::IpAddr>() {
            Ok(ip) => {
                items(&self.server.server_ip).any(|i| i.parse::<std::net::IpAddr>() == Ok(ip))
            }
            Err(_) => items(&self.server.server_dns).any(|n| n.eq_ignore_ascii_case(host)),
        };
        (!matches).then(|| {
            let said = &words.messages;
            let template = if host.parse::<std::net::IpAddr>().is_ok() {
                said.docker_host_not_ip
            } else {
                said.docker_host_not_name
            };
            portcullis_words::fill(template, &[("HOST", host)])
        })
    }
}

/// One certificate of a generated bundle, for the Review step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewedCertificate {
    /// Which certificate: "CA", "Server", "Client alice".
    pub title: Titled,
    /// Its path in the bundle.
    pub path: String,
    /// Who made its key: "this browser's WebCrypto", "the server itself (its CSR)", ….
    pub key_made_by: MadeBy,
    /// The certificate as decoded by the core.
    pub decoded: DecodedCertificate,
}

/// A finished bundle.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// The form it was made from: editing the form afterwards makes it stale.
    pub form: Form,
    /// The zip's bytes.
    pub zip: Vec<u8>,
    /// The download's file name.
    pub file_name: String,
    /// The folder inside the zip.
    pub folder: String,
    /// Every certificate, decoded.
    pub certificates: Vec<ReviewedCertificate>,
    /// `openssl/commands.sh`: the equivalent openssl commands with the user's values.
    pub openssl_commands: String,
    /// The bundle's README (the install guide).
    pub readme: String,
    /// What the user must know of what was issued (certificates that end with the CA), said
    /// when shown.
    pub warnings: Vec<Warning>,
    /// Whether the keys were not made as asked (no WebCrypto here).
    pub fell_back: bool,
    /// How many keys were ready before Generate was pressed (made while the form was filled in).
    pub made_ahead: usize,
    /// Whether the CA key's encryption key was derived before Generate was pressed.
    pub encryption_ahead: bool,
    /// Whether the RSA signatures were made by the browser's WebCrypto.
    pub signed_by_webcrypto: bool,
}

/// Where key generation is.
#[derive(Clone, Debug, PartialEq)]
pub enum Generation {
    /// Not started, or the form changed since.
    Idle,
    /// A worker is at it.
    Running {
        /// Which run: messages of a cancelled run are ignored.
        id: u32,
        /// Steps done.
        done: usize,
        /// Steps in all (0 until the worker reports).
        total: usize,
        /// What it is doing now.
        doing: Doing,
    },
    /// Finished.
    Done(Rc<Generated>),
    /// The worker reported a failure.
    Failed(Failure),
    /// The user cancelled.
    Cancelled,
}

/// The whole wizard.
#[derive(Clone, Debug, PartialEq)]
pub struct WizardState {
    /// The step shown.
    pub step: Step,
    /// What the user typed.
    pub form: Form,
    /// Inputs the user has changed: their errors show as they type.
    pub touched: BTreeSet<Input>,
    /// Steps where Next was refused: all their errors show.
    pub attempted: BTreeSet<Step>,
    /// Why the last Next (or Generate, or Renew) was refused, shown beside the button: see
    /// [`WizardState::refusal_text`].
    pub refusal: Option<Held>,
    /// Key generation.
    pub generation: Generation,
    /// What became of the last plan file opened: what was read, or why it was refused.
    pub plan_import: Option<Result<PlanRead, Failure>>,
    /// The wizard step to return to from a tool.
    pub return_to: Step,
    /// The CSR tool's last result: the certificate decoded with its PEM, or why not.
    pub signed_csr: Option<Result<SignedCsr, Error>>,
    /// Why the last old bundle could not even be read as a file.
    pub renew_file_error: Option<Trouble>,
    /// The revoke tool's last result: the CRL and how many it lists, or why not.
    pub made_crl: Option<Result<(String, usize), Error>>,
    /// The furthest step of the wizard's path Next has reached.
    pub furthest: Step,
    /// The keys the worker has made ahead, as it last said.
    pub stock: Level,
    /// Next was pressed while the step waited for the worker's answer about an input: taken
    /// once the answer comes (unless the input changes first).
    pub next_waits: bool,
    /// The language the wizard speaks: its problems and refusals are said in it.
    pub speech: Speech,
}

impl Default for WizardState {
    fn default() -> Self {
        Self {
            step: Step::Overview,
            form: Form::default(),
            touched: BTreeSet::new(),
            attempted: BTreeSet::new(),
            refusal: None,
            generation: Generation::Idle,
            plan_import: None,
            return_to: Step::Overview,
            signed_csr: None,
            renew_file_error: None,
            made_crl: None,
            furthest: Step::Overview,
            stock: Level::default(),
            next_waits: false,
            speech: Speech::english(),
        }
    }
}

impl WizardState {
    /// The error to show beside `input` now: after it was edited, or after Next was refused.
    pub fn visible_error(&self, input: Input) -> Option<String> {
        if !self.touched.contains(&input) && !self.attempted.contains(&input.step()) {
            return None;
        }
        self.form
            .step_errors_in(input.step(), self.speech)
            .into_iter()
            .find(|(i, _)| *i == input)
            .map(|(_, message)| message)
    }

    /// Why Next is refused on the current step, if it is, in the language spoken.
    pub fn next_refusal(&self) -> Option<String> {
        let said = &self.speech.words.messages;
        match self.step {
            Step::Ca | Step::Server | Step::Clients => {
                let errors = self.form.step_errors_in(self.step, self.speech);
                let first = errors.first()?;
                let template = if errors.len() == 1 {
                    said.fix_this_first
                } else {
                    said.fix_these_first
                };
                Some(portcullis_words::fill(template, &[("PROBLEM", &first.1)]))
            }
            Step::Generate => match &self.generation {
                Generation::Done(_) => None,
                Generation::Running { .. } => Some(said.wait_for_keys.to_owned()),
                _ => Some(said.press_generate_first.to_owned()),
            },
            Step::Download => Some(said.last_step.to_owned()),
            Step::SignCsr | Step::Renew | Step::Revoke | Step::Check => {
                Some(said.tool_off_path.to_owned())
            }
            Step::Overview | Step::Review => None,
        }
    }

    /// The refusal on show, said in the language spoken now.
    pub fn refusal_text(&self) -> Option<String> {
        let said = &self.speech.words.messages;
        match self.refusal? {
            Held::Next => self.next_refusal(),
            Held::Waiting => Some(
                match self.step {
                    Step::Ca => said.reading_ca,
                    _ => said.checking_csr,
                }
                .to_owned(),
            ),
            Held::EarlierSteps => Some(said.fix_earlier_steps.to_owned()),
            Held::Renew => Some(self.form.renew_refusal_in(self.speech)),
        }
    }

    /// The keys the worker should make ahead now, before Generate is pressed: RSA keys only
    /// (the other kinds take milliseconds), once the CA step is left (the key type is chosen):
    /// the new CA's, each server's that makes no CSR, and one client's, since every plan has at
    /// least one; once the Clients step is reached, each client's. Servers and clients count as
    /// they are typed, by name, valid or not yet: a typo on the way must not wipe keys already
    /// made. Nothing while a run runs or after it is done (a run takes the stock, and keys no
    /// run needs are not made), nor after Cancel, which stops all key making until the form
    /// changes.
    pub fn keys_ahead(&self) -> Option<Want> {
        if self.generation != Generation::Idle {
            return None;
        }
        let key_type: KeyType = self.form.ca.key_type.parse().ok()?;
        let reached = |step: Step| self.furthest.index() >= step.index();
        if !key_type.is_rsa() || !reached(Step::Server) {
            return None;
        }
        let form = &self.form;
        let ca = usize::from(!form.ca.use_existing_ca);
        let other_servers = form
            .server
            .other_servers
            .lines()
            .filter(|line| items(line).next().is_some())
            .count();
        let first_server = usize::from(!form.server.server_own_key);
        // The first client's key is started with the others, not when its name is typed: on
        // the Rust path an RSA-4096 key takes seconds, and there is always a first client.
        let clients = if reached(Step::Clients) {
            items(&form.clients.clients).count().max(1)
        } else {
            1
        };
        Some(Want {
            key_type,
            maker: form.key_maker(),
            count: ca + first_server + other_servers + clients,
        })
    }

    /// The CA key's encryption key the worker should derive ahead: once the CA step is left
    /// with a new CA and a valid passphrase, typed the same twice, so that Generate finds its
    /// 600,000 PBKDF2 rounds done. Nothing while a run runs, after it, or after Cancel.
    pub fn encryption_ahead(&self) -> Option<(Secret, KeyMaker)> {
        let form = &self.form;
        let wanted = self.generation == Generation::Idle
            && self.furthest.index() >= Step::Server.index()
            && !form.ca.use_existing_ca
            && !form.ca.unencrypted_ca_key
            && form.ca.ca_passphrase == form.ca.ca_passphrase_repeat
            && Passphrase::new(form.ca.ca_passphrase.clone()).is_ok();
        wanted.then(|| (Secret::new(&form.ca.ca_passphrase), form.key_maker()))
    }

    /// Whether every input step is valid, so generation may start.
    pub fn ready_to_generate(&self) -> bool {
        [Step::Ca, Step::Server, Step::Clients].iter().all(|step| {
            self.form.step_errors(*step).is_empty() && !self.form.waits_on_worker(*step)
        })
    }

    /// The finished bundle, if generation is done.
    pub fn generated(&self) -> Option<&Rc<Generated>> {
        match &self.generation {
            Generation::Done(generated) => Some(generated),
            _ => None,
        }
    }

    fn running_id(&self) -> Option<u32> {
        match self.generation {
            Generation::Running { id, .. } => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
