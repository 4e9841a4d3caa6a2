//! Clients: one certificate per person or machine.

use yew::prelude::*;

use super::Wizard;
use super::field::{CheckboxField, TextField, TextKind};
use super::tool_ca::Saved;
use crate::download;
use crate::state::Input;

/// See the module docs.
#[function_component(ClientsStep)]
pub fn clients_step() -> Html {
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
    html! {
        <>
            <p class="lead">{ "Give each person or machine its own certificate, so one can be replaced without the others." }</p>
            <TextField input={Input::Clients} kind={TextKind::List} placeholder="alice\nci-runner"
                hint="One per line: letters, digits, '-', '_' and '.'. Each becomes a folder in the zip." />
            <TextField input={Input::ClientDays} kind={TextKind::Number} hint="One year by default, ending with the CA if it ends sooner; a lifetime you type must fit." />
            <CheckboxField input={Input::Proxy} />
            <p class="hint">{ "dockerd cannot refuse a revoked certificate. With this, the zip also holds proxy/: nginx in front of dockerd, checking your CA's revocation list and an allow-list of client names, while dockerd keeps only its local socket." }</p>
            <CheckboxField input={Input::ClientP12} />
            <p class="hint">{ "For Windows' certificate store, macOS' keychain, browsers, Java and .NET, which import a client from one file. The docker CLI needs only the PEM files." }</p>
            if p12 {
                <TextField input={Input::P12Password} kind={TextKind::Secret}
                    hint="At least 8 characters, your own: it is not written into the zip. Whoever holds client.p12 can try passwords offline." />
                <TextField input={Input::P12PasswordRepeat} kind={TextKind::Secret} />
            }
            <section class="plan-file" aria-labelledby="plan-file-title">
                <h2 id="plan-file-title">{ "The plan" }</h2>
                <p class="hint">{ "portcullis.json holds every choice so far except the passphrase: open it here again later, or run portcullis bundle --plan portcullis.json. The zip holds a copy." }</p>
                <button type="button" class="secondary" onclick={onsave} disabled={plan_file.is_err()}>
                    { "Save the plan (portcullis.json)" }
                </button>
                <Saved saved={(*saved).clone()} done="Saved portcullis.json." />
            </section>
        </>
    }
}
