//! The wizard's reducer: what each [`Action`] does to the [`WizardState`]. The steps' own
//! inputs and checks are in their modules; this composes them.

use super::*;

/// What can happen to the wizard.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user picked the language the wizard speaks.
    Speak(Speech),
    /// The user changed an input.
    Edit(Input, String),
    /// Next: refused with a reason while the step is invalid.
    Next,
    /// Back; always allowed, nothing is lost.
    Back,
    /// A worker was started for run `id`.
    GenerationStarted(u32),
    /// The worker of run `id` reports progress.
    GenerationProgress {
        /// The run.
        id: u32,
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
        /// What it does next.
        doing: Doing,
    },
    /// The worker of run `id` finished.
    GenerationFinished(u32, Rc<Generated>),
    /// The worker of run `id` failed.
    GenerationFailed(u32, Failure),
    /// The user cancelled the running generation.
    GenerationCancelled,
    /// The user finished editing an input (it lost focus, or Enter).
    Commit(Input),
    /// The user opened a plan file (`portcullis.json`): what the worker read of it, or why it
    /// could not be read or was refused.
    ImportPlan(Result<PlanImport, Failure>),
    /// The user opened a tool (a step off the path, e.g. [`Step::SignCsr`]).
    OpenTool(Step),
    /// The user left the tool for the wizard, where they were.
    CloseTool,
    /// The CSR tool signed (the certificate, PEM) or refused (why).
    CsrSigned(Result<SignedCsr, Error>),
    /// The user opened an old bundle to renew: its bytes, or why they could not be read.
    RenewZip(Result<Vec<u8>, Trouble>),
    /// The revoke tool made a CRL (PEM, and how many it lists) or refused (why).
    CrlMade(Result<(String, usize), Error>),
    /// The worker reports the keys it has made ahead.
    Stock(Level),
    /// The worker answered a question about the form.
    Answered(Ask, Answer),
}

/// What was refused, kept rather than its words, so that it is said in the language spoken
/// when it shows (the user may switch while it is on show).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Next, for the step's reason ([`WizardState::next_refusal`]).
    Next,
    /// Next, held until the worker answers about an input.
    Waiting,
    /// Generate, with an earlier step invalid.
    EarlierSteps,
    /// Renew, for the tool's reason ([`Form::renew_refusal`]).
    Renew,
}

impl Reducible for WizardState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            // A refusal on show is said in the new language as it is shown (Held).
            Action::Speak(speech) => state.speech = speech,
            Action::Edit(input, value) => {
                if state.form.value(input) == value {
                    return self;
                }
                state.form.set(input, value);
                state.touched.insert(input);
                state.refusal = None;
                state.next_waits = false;
                // A certificate or CRL made from other input must not be saved by mistake.
                state.signed_csr = None;
                state.made_crl = None;
                // A bundle made from other input must not be downloaded by mistake, and a run
                // for other input is abandoned (its messages no longer match any run).
                state.generation = Generation::Idle;
            }
            Action::Next => {
                // Next may come before the passphrase was committed.
                state.form.commit_ca_passphrase();
                state.next();
            }
            Action::Back => {
                state.step = state.step.previous().unwrap_or(state.step);
                state.refusal = None;
            }
            Action::GenerationStarted(id) => {
                let ready = if state.step == Step::Renew {
                    state.form.ready_to_renew()
                } else {
                    state.ready_to_generate()
                };
                if !ready {
                    state.refusal = Some(if state.step == Step::Renew {
                        Held::Renew
                    } else {
                        Held::EarlierSteps
                    });
                    return Rc::new(state);
                }
                state.generation = Generation::Running {
                    id,
                    done: 0,
                    total: 0,
                    doing: Doing::Starting,
                };
                state.refusal = None;
            }
            Action::GenerationProgress {
                id,
                done,
                total,
                doing,
            } => {
                if state.running_id() != Some(id) {
                    return self;
                }
                state.generation = Generation::Running {
                    id,
                    done,
                    total,
                    doing,
                };
            }
            Action::GenerationFinished(id, generated) => {
                if state.running_id() != Some(id) || !generated.form.same_input(&state.form) {
                    return self;
                }
                state.generation = Generation::Done(generated);
            }
            Action::GenerationFailed(id, message) => {
                if state.running_id() != Some(id) {
                    return self;
                }
                state.generation = Generation::Failed(message);
            }
            Action::GenerationCancelled => {
                if state.running_id().is_some() {
                    state.generation = Generation::Cancelled;
                }
            }
            Action::Commit(Input::CaPassphrase) => {
                if state.form.ca_passphrase_read == state.form.ca.ca_passphrase {
                    return self;
                }
                state.form.commit_ca_passphrase();
            }
            Action::Commit(_) => return self,
            Action::ImportPlan(Err(why)) => state.plan_import = Some(Err(why)),
            Action::RenewZip(Err(why)) => state.renew_file_error = Some(why),
            Action::CrlMade(result) => state.made_crl = Some(result),
            Action::Stock(level) => {
                if state.stock == level {
                    return self;
                }
                state.stock = level;
            }
            Action::RenewZip(Ok(bytes)) => {
                state.renew_file_error = None;
                state.refusal = None;
                state.form.renew.renew_zip = bytes;
                // A bundle renewed from another zip must not be downloaded by mistake.
                state.generation = Generation::Idle;
            }
            Action::OpenTool(tool) => {
                if !state.step.is_tool() {
                    state.return_to = state.step;
                }
                state.step = tool;
                state.refusal = None;
            }
            Action::CloseTool => {
                state.step = state.return_to;
                state.refusal = None;
            }
            Action::CsrSigned(result) => {
                state.attempted.insert(Step::SignCsr);
                state.signed_csr = Some(result);
            }
            Action::ImportPlan(Ok(import)) => {
                let read = import.read.clone();
                state.form.apply_plan(import);
                state.plan_import = Some(Ok(read));
                state.generation = Generation::Idle;
                state.refusal = None;
                state.next_waits = false;
            }
            Action::Answered(ask, answer) => {
                if !state.form.keep_answer(ask, answer) {
                    return self;
                }
                if state.next_waits && !state.form.waits_on_worker(state.step) {
                    state.next();
                }
            }
        }
        Rc::new(state)
    }
}

impl WizardState {
    /// Next, as pressed: refused with the reason while the step is invalid, and held while
    /// the step waits for the worker's answer about an input (taken when it comes).
    fn next(&mut self) {
        self.next_waits = false;
        if self.form.waits_on_worker(self.step) {
            self.next_waits = true;
            self.refusal = Some(Held::Waiting);
            return;
        }
        match self.next_refusal() {
            Some(_) => {
                self.attempted.insert(self.step);
                self.refusal = Some(Held::Next);
            }
            None => {
                self.step = self.step.next().unwrap_or(self.step);
                if self.step.index() > self.furthest.index() && !self.step.is_tool() {
                    self.furthest = self.step;
                }
                self.refusal = None;
            }
        }
    }
}
