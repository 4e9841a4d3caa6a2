//! Generate: the keys and certificates are made in a Web Worker, with progress and Cancel; the
//! page stays responsive even for RSA 4096.

use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use yew::prelude::*;

use super::Wizard;
use super::field::{SelectField, Warnings};
use crate::generate::{Failure, Request};
use crate::i18n::{Words, use_speech};
use crate::state::{Action, Generated, Generation, Input, KeyMaker, Step};
use crate::worker::{self, WorkerEvent};
use portcullis_pki::Language;

/// Run ids for the page's lifetime: a message from an earlier run never matches a later one,
/// even after this step was left and mounted again.
static NEXT_RUN: AtomicU32 = AtomicU32::new(1);

/// See the module docs.
#[function_component(GenerateStep)]
pub fn generate_step() -> Html {
    let speech = use_speech();
    let (said, language) = (speech, speech.readme());
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let ongenerate = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| start_run(&wizard, false, language))
    };
    // The worker is stopped by the app once the run is no longer running.
    let oncancel = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::GenerationCancelled))
    };
    let running = matches!(wizard.generation, Generation::Running { .. });
    let words = &said.generate;
    let summary = wizard.form.plan_up_to(Step::Clients).ok().map(|plan| {
        let clients: Vec<&str> = plan.clients().iter().map(|c| c.as_str()).collect();
        let several = plan.servers().len() > 1;
        html! {
            <dl class="summary">
                <dt>{ "CA" }</dt><dd>{ plan.ca_common_name().to_owned() }</dd>
                <dt>{ words.summary_keys }</dt><dd>{ crate::say::key_type(plan.key_type(), &said) }</dd>
                { for plan.servers().iter().enumerate().map(|(i, server)| html! {
                    <>
                        <dt>{ if several {
                            words.summary_server_n.replace("{N}", &(i + 1).to_string())
                        } else {
                            words.summary_server.to_owned()
                        } }</dt>
                        <dd>{ server.names().join(", ") }</dd>
                        <dt>{ "DOCKER_HOST" }</dt><dd><code>{ server.docker_host() }</code></dd>
                    </>
                }) }
                <dt>{ words.summary_clients }</dt><dd>{ clients.join(", ") }</dd>
            </dl>
        }
    });
    let stock = &wizard.stock;
    let status = match &wizard.generation {
        Generation::Idle if let Some(why) = &stock.failed => html! {
            <p class="stock">{ words.stock_failed.replace("{WHY}", &why.said(said)) }</p>
        },
        Generation::Idle if stock.wanted > 0 => html! {
            <p class="stock">{ words.stock_ready
                .replace("{READY}", &stock.ready.min(stock.wanted).to_string())
                .replace("{WANTED}", &stock.wanted.to_string())
                .replace(
                    "{AND_ENCRYPTION}",
                    if stock.encryption_ready { words.stock_and_encryption } else { "" },
                ) }</p>
        },
        Generation::Idle if stock.encryption_ready => html! {
            <p class="stock">{ words.stock_encryption_only }</p>
        },
        Generation::Idle => html! {
            <p>{ words.nothing_yet }</p>
        },
        Generation::Running {
            done, total, doing, ..
        } => {
            // Until the worker's first report the total is unknown (0): it may be finishing a
            // key it was making ahead.
            let line = if *total == 0 {
                words.waiting.to_owned()
            } else {
                words
                    .running_line
                    .replace("{DOING}", &doing.said(&said))
                    .replace("{N}", &(done + 1).to_string())
                    .replace("{TOTAL}", &total.to_string())
            };
            let total = (*total).max(1);
            html! {
                <>
                    <progress max={total.to_string()} value={done.to_string()} aria-label={words.progress} />
                    <p>{ line }</p>
                </>
            }
        }
        Generation::Done(generated) => html! {
            <>
                <p class="done">{ words
                    .done
                    .replace("{COUNT}", &generated.certificates.len().to_string())
                    .replace("{FILE}", &generated.file_name) }</p>
                if generated.made_ahead > 0 {
                    <p class="note">{ words.made_ahead.replace("{COUNT}", &generated.made_ahead.to_string()) }</p>
                }
                if generated.encryption_ahead {
                    <p class="note">{ words.encryption_ahead }</p>
                }
                if generated.signed_by_webcrypto {
                    <p class="note">{ words.signed_by_webcrypto }</p>
                }
                if generated.fell_back {
                    <p class="note">{ words.fell_back }</p>
                }
                <Warnings warnings={crate::say::warnings(&generated.warnings, said)} />
            </>
        },
        Generation::Failed(message) => html! {
            <p class="error" role="alert">{ words.failed.replace("{MESSAGE}", &message.said(said)) }</p>
        },
        Generation::Cancelled => html! { <p>{ words.cancelled }</p> },
    };
    html! {
        <>
            <p class="lead">{ words.lead }</p>
            { summary.unwrap_or_default() }
            <SelectField input={Input::KeyMaker} options={key_makers(said.words)}
                hint={words.key_maker_hint} />
            <div class="actions">
                <button type="button" class="primary" onclick={ongenerate} disabled={running}>{ words.generate }</button>
                if running {
                    <button type="button" class="secondary" onclick={oncancel}>{ words.cancel }</button>
                }
            </div>
            <div class="status" role="status" aria-live="polite">{ status }</div>
        </>
    }
}

/// The choices of who makes the keys.
fn key_makers(said: &'static Words) -> Vec<(AttrValue, AttrValue)> {
    let words = &said.generate;
    vec![
        (
            KeyMaker::WebCrypto.value().into(),
            words.maker_webcrypto.into(),
        ),
        (KeyMaker::Rust.value().into(), words.maker_rust.into()),
    ]
}

/// Starts a worker run: a new PKI from the form, or (`renew`) the renewal of the old bundle the
/// form holds. Refused (with the reason shown) while the input is not ready.
pub(crate) fn start_run(wizard: &Wizard, renew: bool, language: Language) {
    let ready = if renew {
        wizard.form.ready_to_renew()
    } else {
        wizard.ready_to_generate()
    };
    if !ready {
        wizard.dispatch(Action::GenerationStarted(0));
        return;
    }
    let id = NEXT_RUN.fetch_add(1, Ordering::Relaxed);
    let form = wizard.form.clone();
    wizard.dispatch(Action::GenerationStarted(id));
    let request = Request {
        form: form.clone(),
        now_unix_ms: js_sys::Date::now(),
        renew,
        // The README is written in the wizard's language.
        language,
    };
    let dispatcher = wizard.dispatcher();
    let on_event = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: WorkerEvent| {
            let action = match event {
                WorkerEvent::Progress { done, total, doing } => Action::GenerationProgress {
                    id,
                    done,
                    total,
                    doing,
                },
                WorkerEvent::Finished(reply, zip) => Action::GenerationFinished(
                    id,
                    Rc::new(Generated::from_reply(form.clone(), reply, zip)),
                ),
                WorkerEvent::Failed(message) => Action::GenerationFailed(id, message),
            };
            dispatcher.dispatch(action);
        })
    };
    if let Err(message) = worker::start(&request, on_event, &super::on_stock(wizard)) {
        dispatcher.dispatch(Action::GenerationFailed(id, Failure::Browser(message)));
    }
}
