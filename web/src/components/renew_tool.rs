//! Renew a bundle: open the zip Portcullis made, give the CA key's passphrase, and every
//! certificate is issued again with new keys under the same CA (in the Web Worker) — or, when
//! the CA is to be replaced too, under a new CA with a transition that locks no client out.

use yew::prelude::*;

use super::Wizard;
use super::field::{CheckboxField, FilePick, TextField, TextKind, Warnings};
use super::generate_step::start_run;
use super::tool_ca::Saved;
use crate::download;
use crate::state::{Action, Generation, Input};

/// See the module docs.
#[function_component(RenewTool)]
pub fn renew_tool() -> Html {
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
    let read = match (&wizard.renew_file_error, &old) {
        (Some(why), _) => html! { <p class="error" role="alert">{ why.clone() }</p> },
        (None, Some(Err(err))) => html! { <p class="error" role="alert">{ err.to_string() }</p> },
        (None, Some(Ok(old))) => html! {
            <section aria-labelledby="expiries-title">
                <h2 id="expiries-title">{ "What the old bundle holds, and when it ends" }</h2>
                <table class="expiries">
                    <thead><tr><th>{ "certificate" }</th><th>{ "expires" }</th></tr></thead>
                    <tbody>
                        { for old.expiries().map(|(what, when)| html! {
                            <tr><td>{ what.to_owned() }</td><td>{ format!("{} {:02}:{:02} UTC", when.date(), when.hour(), when.minute()) }</td></tr>
                        }) }
                    </tbody>
                </table>
            </section>
        },
        (None, None) if !wizard.form.renew_zip().is_empty() => {
            html! { <p role="status">{ "Reading the old bundle…" }</p> }
        }
        (None, None) => Html::default(),
    };
    let key_in_zip = matches!(&old, Some(Ok(old)) if old.has_ca_key);
    let rotates = wizard.form.rotates_ca();
    let (doing_word, done_word, action) = if rotates {
        ("Replacing the CA", "rotated", "Replace the CA")
    } else {
        ("Renewing", "renewed", "Renew")
    };
    let onrenew = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| start_run(&wizard, true))
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
                <p>{ format!("{doing_word}: {doing} ({done} of {total})") }</p>
                <button type="button" class="secondary" onclick={oncancel}>{ "Cancel" }</button>
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
                        <p>{ format!("Rotated: a new CA and {leaves} new certificates, with transition/ for the daemons.") }</p>
                        <p>{ "Its README.md starts with the four steps, in order: daemons trust both CAs (transition/), clients move to their new folders, daemons cut over to the new CA, clients drop the old CA." }</p>
                        <Warnings warnings={generated.warnings.clone()} />
                        <button type="button" class="primary" onclick={onsave}>{ "Download the bundle with the new CA" }</button>
                        <Saved saved={(*saved).clone()} done="Saved. Follow section 0 of its README in order, and no client is locked out." />
                    </div>
                }
            } else {
                html! {
                    <div role="status">
                        <p>{ format!("Renewed: {leaves} certificates issued again with new keys, under the same CA.") }</p>
                        <Warnings warnings={generated.warnings.clone()} />
                        <button type="button" class="primary" onclick={onsave}>{ "Download the renewed bundle" }</button>
                        <Saved saved={(*saved).clone()} done="Saved. Install it as the README inside says; clients keep trusting the same CA." />
                    </div>
                }
            }
        }
        Generation::Failed(why) => {
            html! { <p class="error" role="alert">{ format!("Not {done_word}: {why}") }</p> }
        }
        Generation::Cancelled => html! { <p role="status">{ "Cancelled." }</p> },
        Generation::Idle => Html::default(),
    };
    html! {
        <>
            <p class="lead">{ "Every certificate of an old bundle, issued again: the same names, clients and lifetimes, new keys and serials, the same CA." }</p>
            <div class="field file">
                <label for="renew-zip">{ "Open the old bundle (the zip Portcullis made)" }</label>
                <input id="renew-zip" type="file" accept=".zip,application/zip" onchange={onpick} />
                <p class="hint">{ "Read here, in this tab; it goes nowhere." }</p>
            </div>
            { read }
            if !key_in_zip && matches!(old, Some(Ok(_))) {
                <p class="hint">{ "This bundle was issued by your own CA, whose key it does not hold: give the key." }</p>
                <TextField input={Input::ExistingCaKey} kind={TextKind::List} quiet=true
                    placeholder="-----BEGIN PRIVATE KEY-----" />
                <FilePick input={Input::ExistingCaKey} label="…or open the key's file" />
            }
            <TextField input={Input::CaPassphrase} kind={TextKind::Secret} quiet=true
                hint="The passphrase of the CA key (ca/ca-key.pem in the zip), if it is encrypted." />
            <CheckboxField input={Input::RotateCa} />
            <p class="hint">{ "For a CA near its end. The zip then also holds transition/: each daemon's current certificate with both CAs, so old and new clients get in while they move." }</p>
            if rotates {
                <TextField input={Input::NewCaName} placeholder="Docker CA for HOST, YYYY-MM-DD"
                    hint="Empty: the old CA's name with today's date. It must differ from the old name." />
                <TextField input={Input::NewCaPassphrase} kind={TextKind::Secret}
                    hint="Empty: the old key's passphrase, given above. Otherwise at least 8 characters." />
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
