//! The wizard's frame: the step list, the current step, its teaching panel, Back and Next.

use yew::prelude::*;

use crate::i18n::{self, Lang, Speech};

use super::Wizard;
use super::ca_step::CaStep;
use super::check_tool::CheckTool;
use super::clients_step::ClientsStep;
use super::download_step::DownloadStep;
use super::generate_step::GenerateStep;
use super::language_pick::LanguagePick;
use super::network_status::NetworkStatus;
use super::overview_step::OverviewStep;
use super::renew_tool::RenewTool;
use super::review_step::ReviewStep;
use super::revoke_tool::RevokeTool;
use super::server_step::ServerStep;
use super::sign_csr_tool::SignCsrTool;
use super::step_nav::StepNav;
use super::teaching::Teaching;
use crate::state::{Action, Generation, Step, WizardState};
use crate::worker;

/// Why `lang` cannot be spoken: its words are not in this copy of the page (in English, the
/// one language that is always there).
fn missing(lang: Lang, why: &str) -> String {
    format!(
        "{} is missing from this copy of the page ({why}).",
        lang.name()
    )
}

/// The page: the wizard, in the language chosen before or the browser's, else in English
/// (and the language switch says why). A copy of the page without even English's words (its
/// data stripped) shows only what is missing: with no words there is no wizard to show.
#[function_component(App)]
pub fn app() -> Html {
    let first = use_memo((), |()| {
        let lang = i18n::first_choice();
        match Speech::of(lang) {
            Ok(speech) => Ok((speech, None)),
            Err(why) => {
                let problem = AttrValue::from(missing(lang, &why));
                match Speech::of(Lang::En) {
                    Ok(english) => Ok((english, Some(problem))),
                    Err(why) if lang == Lang::En => Err(missing(lang, &why)),
                    Err(english) => Err(format!("{problem} {}", missing(Lang::En, &english))),
                }
            }
        }
    });
    match first.as_ref().clone() {
        Ok((speech, problem)) => html! { <WizardFrame first={speech} {problem} /> },
        Err(missing) => html! {
            <main class="step">
                <h1>{ "Portcullis" }</h1>
                <p class="language-problem" role="alert" lang="en">{ missing }</p>
                <p lang="en">{ "The wizard cannot be shown without its words. Use a complete copy of portcullis.html (its SHA256SUMS line checks it)." }</p>
            </main>
        },
    }
}

/// What the wizard starts in.
#[derive(Properties, PartialEq)]
pub struct WizardFrameProps {
    /// The language it speaks first.
    pub first: Speech,
    /// Why it does not speak the language wanted, if it does not.
    pub problem: Option<AttrValue>,
}

/// The whole wizard.
#[function_component(WizardFrame)]
fn wizard_frame(props: &WizardFrameProps) -> Html {
    let wizard: Wizard = use_reducer(|| WizardState {
        speech: props.first,
        ..WizardState::default()
    });
    let language_problem = use_state(|| props.problem.clone());
    let speech = wizard.speech;
    let said = speech.words;
    let onpick = {
        let (dispatcher, language_problem) = (wizard.dispatcher(), language_problem.clone());
        Callback::from(move |lang: Lang| match Speech::of(lang) {
            Ok(speech) => {
                i18n::remember(lang);
                language_problem.set(None);
                dispatcher.dispatch(Action::Speak(speech));
            }
            Err(why) => language_problem.set(Some(AttrValue::from(missing(lang, &why)))),
        })
    };
    // A worker whose run is over, cancelled or abandoned (the input changed) is stopped.
    let running = matches!(wizard.generation, Generation::Running { .. });
    use_effect_with(running, |running| {
        if !*running {
            worker::stop();
        }
    });
    // The CA key's encryption key before the click, once the passphrase is known. After the
    // stop above, so a cancelled run's worker is replaced. Asked before the keys: by WebCrypto
    // both are made in order, on one thread in Chromium, and the PBKDF2 (about 0.1 s) serves
    // every key type, while a key started ahead may turn out unwanted and cannot be called back.
    let encryption = wizard.encryption_ahead();
    let on_stock = super::on_stock(&wizard);
    use_effect_with((encryption, running), move |(encryption, running)| {
        if !*running {
            let _ = worker::encrypt_ahead(encryption.clone(), &on_stock);
        }
    });
    // Keys before the click: the worker makes the RSA keys the plan will need while the user
    // fills in the form. Nothing is said while a run runs: it has taken the stock, and must not
    // hear it wiped.
    let want = wizard.keys_ahead();
    let on_stock = super::on_stock(&wizard);
    use_effect_with((want, running), move |(want, running)| {
        if !*running {
            // A worker that cannot start now is started again, and its failure shown, on
            // Generate.
            let _ = worker::want(*want, &on_stock);
        }
    });
    // What only the worker's crypto can tell about the form (an existing CA, CSRs, an old
    // bundle) is asked as soon as it is given; the answers come back as actions.
    let unanswered = wizard.form.unanswered();
    let dispatcher = wizard.dispatcher();
    use_effect_with(unanswered, move |unanswered| {
        for ask in unanswered.iter().cloned() {
            let (dispatcher, asked) = (dispatcher.clone(), ask.clone());
            worker::ask(
                ask,
                Callback::from(move |answer| {
                    dispatcher.dispatch(Action::Answered(asked.clone(), answer));
                }),
            );
        }
    });
    // Leaving the page wipes the keys made ahead.
    let wipe = super::on_stock(&wizard);
    use_effect_with((), move |()| {
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "pagehide", move |_| {
                let _ = worker::want(None, &wipe);
                let _ = worker::encrypt_ahead(None, &wipe);
            })
        });
        move || drop(listener)
    });
    let step = wizard.step;
    // The title names the step; a new step's heading takes the focus, so that a screen reader
    // or keyboard user starts there (not on first load: the page starts at its top).
    let shown = use_mut_ref(|| None::<Step>);
    use_effect_with((step, speech), move |(step, speech)| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&step.document_title(speech.words));
            i18n::speaking(speech.lang);
            // `<html lang>` follows the language, for screen readers, fonts and hyphens.
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", speech.lang.tag());
            }
            let before = shown.borrow_mut().replace(*step);
            if before.is_some_and(|before| before != *step)
                && let Some(heading) =
                    document
                        .get_element_by_id("step-title")
                        .and_then(|element| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok()
                        })
            {
                let _ = heading.focus();
            }
        }
    });
    let body = match step {
        Step::Overview => html! { <OverviewStep /> },
        Step::Ca => html! { <CaStep /> },
        Step::Server => html! { <ServerStep /> },
        Step::Clients => html! { <ClientsStep /> },
        Step::Generate => html! { <GenerateStep /> },
        Step::Review => html! { <ReviewStep /> },
        Step::Download => html! { <DownloadStep /> },
        Step::SignCsr => html! { <SignCsrTool /> },
        Step::Renew => html! { <RenewTool /> },
        Step::Revoke => html! { <RevokeTool /> },
        Step::Check => html! { <CheckTool /> },
    };
    let dispatch = |action: fn() -> Action| {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(action()))
    };
    let onback = dispatch(|| Action::Back);
    let onnext = dispatch(|| Action::Next);
    let onclose = dispatch(|| Action::CloseTool);
    let words = &said.frame;
    html! {
        <ContextProvider<Speech> context={speech}>
        <ContextProvider<Wizard> context={wizard.clone()}>
            <header class="top">
                <p class="brand">{ "Portcullis" }</p>
                <p class="tagline">{ words.tagline }</p>
                <NetworkStatus />
                <LanguagePick current={speech.lang} problem={(*language_problem).clone()} {onpick} />
                <p class="version">{ crate::version_line() }</p>
            </header>
            <StepNav />
            <div class="layout">
                <main class="step" aria-labelledby="step-title">
                    <h1 id="step-title" tabindex="-1">{ step.title(said) }</h1>
                    { body }
                    <nav class="buttons" aria-label={words.wizard_buttons}>
                        if step.is_tool() {
                            <button type="button" class="secondary" onclick={onclose}>{ words.back_to_wizard }</button>
                        } else if step.previous().is_some() {
                            <button type="button" class="secondary" onclick={onback}>{ words.back }</button>
                        }
                        if let Some(refusal) = wizard.refusal_text() {
                            <p class="refusal" role="alert">{ refusal }</p>
                        }
                        if step.next().is_some() && !step.is_tool() {
                            <button type="button" class="primary" onclick={onnext}>{ words.next }</button>
                        }
                    </nav>
                </main>
                <Teaching step={step} />
            </div>
        </ContextProvider<Wizard>>
        </ContextProvider<Speech>>
    }
}
