//! Renew a bundle: open the zip Portcullis made, give the CA key's passphrase, and every
//! certificate is issued again with new keys under the same CA (in the Web Worker) — or, when
//! the CA is to be replaced too, under a new CA with a transition that locks no client out.

use yew::prelude::*;

use crate::i18n::use_speech;

use super::Wizard;
use super::field::{CheckboxField, FilePick, TextField, TextKind, Warnings};
use super::generate_step::start_run;
use super::tool_ca::Saved;
use crate::download;
use crate::state::{Action, Generation, Input};

/// See the module docs.
#[function_component(RenewTool)]
pub fn renew_tool() -> Html {
    let speech = use_speech();
    let (said, language) = (speech, speech.readme());
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let onpick = {
        let wizard = wizard.clone();
        Callback::from(move |event: Event| {
            let wizard = wizard.clone();
            download::read_picked_bytes(&event, move |bytes| {
                wizard.dispatch(Action::RenewZip(bytes));
            });
        })
    };
    let old = wizard.form.old_bundle();
    let words = &said.tools;
    let read = match (&wizard.renew_file_error, &old) {
        (Some(why), _) => html! { <p class="error" role="alert">{ why.said(said) }</p> },
        (None, Some(Err(err))) => {
            html! { <p class="error" role="alert">{ crate::say::error(err, said) }</p> }
        }
        (None, Some(Ok(old))) => html! {
            <section aria-labelledby="expiries-title">
                <h2 id="expiries-title">{ words.renew_holds }</h2>
                <table class="expiries">
                    <thead><tr><th>{ words.renew_certificate }</th><th>{ words.renew_expires }</th></tr></thead>
                    <tbody>
                        { for old.expiries().map(|(what, when)| html! {
                            <tr><td>{ what.to_owned() }</td><td>{ format!("{} {:02}:{:02} UTC", when.date(), when.hour(), when.minute()) }</td></tr>
                        }) }
                    </tbody>
                </table>
            </section>
        },
        (None, None) if !wizard.form.renew_zip().is_empty() => {
            html! { <p role="status">{ words.renew_reading }</p> }
        }
        (None, None) => Html::default(),
    };
    let key_in_zip = matches!(&old, Some(Ok(old)) if old.has_ca_key);
    let rotates = wizard.form.rotates_ca();
    let (running_line, done_word, action, failed) = if rotates {
        (
            words.renew_rotating,
            "rotated",
            words.renew_rotate,
            words.renew_not_rotated,
        )
    } else {
        (
            words.renew_renewing,
            "renewed",
            words.renew_renew,
            words.renew_not_renewed,
        )
    };
    let onrenew = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| start_run(&wizard, true, language))
    };
    let oncancel = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::GenerationCancelled))
    };
    let saved = use_state(|| None::<Result<(), String>>);
    let status = match &wizard.generation {
        Generation::Running {
            done, total, doing, ..
        } => html! {
            <div class="progress" role="status">
                <p>{ running_line
                    .replace("{DOING}", &doing.said(&said))
                    .replace("{DONE}", &done.to_string())
                    .replace("{TOTAL}", &total.to_string()) }</p>
                <button type="button" class="secondary" onclick={oncancel}>{ words.cancel }</button>
            </div>
        },
        Generation::Done(generated) => {
            let onsave = {
                let generated = generated.clone();
                let saved = saved.clone();
                Callback::from(move |_: MouseEvent| {
                    let name = format!("{done_word}-{}", generated.file_name);
                    saved.set(Some(download::save(
                        &name,
                        &generated.zip,
                        "application/zip",
                    )));
                })
            };
            let leaves = generated.certificates.len().saturating_sub(1);
            if rotates {
                html! {
                    <div role="status">
                        <p>{ words.renew_rotated.replace("{COUNT}", &leaves.to_string()) }</p>
                        <p>{ words.renew_rotated_steps }</p>
                        <Warnings warnings={crate::say::warnings(&generated.warnings, said)} />
                        <button type="button" class="primary" onclick={onsave}>{ words.renew_download_rotated }</button>
                        <Saved saved={(*saved).clone()} done={words.renew_saved_rotated} />
                    </div>
                }
            } else {
                html! {
                    <div role="status">
                        <p>{ words.renew_renewed.replace("{COUNT}", &leaves.to_string()) }</p>
                        <Warnings warnings={crate::say::warnings(&generated.warnings, said)} />
                        <button type="button" class="primary" onclick={onsave}>{ words.renew_download_renewed }</button>
                        <Saved saved={(*saved).clone()} done={words.renew_saved_renewed} />
                    </div>
                }
            }
        }
        Generation::Failed(why) => {
            html! { <p class="error" role="alert">{ failed.replace("{WHY}", &why.said(said)) }</p> }
        }
        Generation::Cancelled => html! { <p role="status">{ words.cancelled }</p> },
        Generation::Idle => Html::default(),
    };
    html! {
        <>
            <p class="lead">{ words.renew_lead }</p>
            <div class="field file">
                <label for="renew-zip">{ words.renew_open }</label>
                <input id="renew-zip" type="file" accept=".zip,application/zip" onchange={onpick} />
                <p class="hint">{ words.renew_read_here }</p>
            </div>
            { read }
            if !key_in_zip && matches!(old, Some(Ok(_))) {
                <p class="hint">{ words.renew_own_ca }</p>
                <TextField input={Input::ExistingCaKey} kind={TextKind::List} quiet=true
                    placeholder="-----BEGIN PRIVATE KEY-----" />
                <FilePick input={Input::ExistingCaKey} label={words.open_key} />
            }
            <TextField input={Input::CaPassphrase} kind={TextKind::Secret} quiet=true
                hint={words.renew_passphrase_hint} />
            <CheckboxField input={Input::RotateCa} />
            <p class="hint">{ words.renew_rotate_hint }</p>
            if rotates {
                <TextField input={Input::NewCaName} placeholder={said.frame.new_ca_name_example}
                    hint={words.renew_new_name_hint} />
                <TextField input={Input::NewCaPassphrase} kind={TextKind::Secret}
                    hint={words.renew_new_passphrase_hint} />
                <TextField input={Input::NewCaPassphraseRepeat} kind={TextKind::Secret} />
            }
            <div class="actions">
                <button type="button" class="primary" onclick={onrenew}
                    disabled={matches!(wizard.generation, Generation::Running { .. })}>{ action }</button>
            </div>
            { status }
        </>
    }
}
