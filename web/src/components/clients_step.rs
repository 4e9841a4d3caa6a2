//! Clients: one certificate per person or machine.

use yew::prelude::*;

use crate::i18n::use_words;

use super::Wizard;
use super::field::{CheckboxField, TextField, TextKind};
use super::tool_ca::Saved;
use crate::download;
use crate::state::Input;

/// See the module docs.
#[function_component(ClientsStep)]
pub fn clients_step() -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let saved = use_state(|| None::<Result<(), String>>);
    let plan_file = wizard.form.plan_file();
    let p12 = wizard.form.value(Input::ClientP12) == "true";
    let onsave = {
        let plan_file = plan_file.clone();
        let saved = saved.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(text) = &plan_file {
                saved.set(Some(download::save(
                    portcullis_pki::PLAN_FILE_NAME,
                    text.as_bytes(),
                    "application/json",
                )));
            }
        })
    };
    let words = &said.path;
    html! {
        <>
            <p class="lead">{ words.clients_lead }</p>
            <TextField input={Input::Clients} kind={TextKind::List} placeholder="alice\nci-runner"
                hint={words.clients_hint} />
            <TextField input={Input::ClientDays} kind={TextKind::Number} hint={words.leaf_days_hint} />
            <CheckboxField input={Input::Proxy} />
            <p class="hint">{ words.clients_proxy_hint }</p>
            <CheckboxField input={Input::ClientP12} />
            <p class="hint">{ words.clients_p12_hint }</p>
            if p12 {
                <TextField input={Input::P12Password} kind={TextKind::Secret}
                    hint={words.clients_p12_password_hint} />
                <TextField input={Input::P12PasswordRepeat} kind={TextKind::Secret} />
            }
            <section class="plan-file" aria-labelledby="plan-file-title">
                <h2 id="plan-file-title">{ words.clients_plan_title }</h2>
                <p class="hint">{ words.clients_plan_hint }</p>
                <button type="button" class="secondary" onclick={onsave} disabled={plan_file.is_err()}>
                    { words.clients_plan_save }
                </button>
                <Saved saved={(*saved).clone()} done={words.clients_plan_saved} />
            </section>
        </>
    }
}
