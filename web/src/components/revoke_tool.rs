//! Revoke: a certificate revocation list (CRL) signed by the CA, for the bundle's nginx proxy
//! (dockerd cannot check one).

use yew::prelude::*;

use super::Wizard;
use super::field::{FilePick, SelectField, TextField, TextKind};
use super::tool_ca::{Saved, ToolCa};
use crate::ask::{Answer, Ask};
use crate::download;
use crate::state::{Action, Input};
use crate::worker;

/// See the module docs.
#[function_component(RevokeTool)]
pub fn revoke_tool() -> Html {
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let making = use_state(|| false);
    let onrevoke = {
        let (wizard, making) = (wizard.clone(), making.clone());
        Callback::from(move |_: MouseEvent| {
            let ask = Ask::Revoke {
                form: Box::new(wizard.form.clone()),
                now_unix_ms: js_sys::Date::now(),
            };
            making.set(true);
            let (wizard, making) = (wizard.clone(), making.clone());
            worker::ask(
                ask,
                Callback::from(move |answer| {
                    making.set(false);
                    if let Answer::Crl(made) = answer {
                        wizard.dispatch(Action::CrlMade(made.map_err(|err| err.to_string())));
                    }
                }),
            );
        })
    };
    let saved = use_state(|| None::<Result<(), String>>);
    let result = match &wizard.made_crl {
        None if *making => html! { <p role="status">{ "Making the CRL…" }</p> },
        None => Html::default(),
        Some(Err(why)) => {
            html! { <p class="error" role="alert">{ format!("No CRL made: {why}") }</p> }
        }
        Some(Ok((crl, listed))) => {
            let onsave = {
                let crl = crl.clone();
                let saved = saved.clone();
                Callback::from(move |_: MouseEvent| {
                    saved.set(Some(download::save(
                        "crl.pem",
                        crl.as_bytes(),
                        "application/x-pem-file",
                    )));
                })
            };
            html! {
                <section aria-label="New CRL">
                    <p role="status">{ format!("A new CRL, signed by your CA: {listed} certificate{} revoked in all.", if *listed == 1 { "" } else { "s" }) }</p>
                    <pre tabindex="0" role="region" aria-label="crl.pem">{ crl.clone() }</pre>
                    <button type="button" class="primary" onclick={onsave}>{ "Save crl.pem" }</button>
                    <Saved saved={(*saved).clone()} done="Saved. Copy it over proxy/crl.pem on each Docker host and run proxy/install.sh there again." />
                </section>
            }
        }
    };
    let reasons: Vec<(AttrValue, AttrValue)> = portcullis_pki::Reason::ALL
        .iter()
        .map(|(_, name)| (AttrValue::from(*name), AttrValue::from(*name)))
        .collect();
    html! {
        <>
            <p class="lead">{ "Lock a lost laptop's certificate out: the bundle's nginx proxy refuses every certificate on your CA's revocation list." }</p>
            <ToolCa cert_hint="ca/ca.pem of the bundle, or your own CA's." key_hint="ca/ca-key.pem of the bundle: used here, in this tab, and nowhere else." />
            <h2>{ "What to revoke" }</h2>
            <TextField input={Input::RevokeCerts} kind={TextKind::List}
                placeholder="-----BEGIN CERTIFICATE-----"
                hint="clients/NAME/cert.pem of each client to lock out; paste several one after another." />
            <FilePick input={Input::RevokeCerts} label="…or open a certificate's file" />
            <TextField input={Input::RevokeCrl} kind={TextKind::List}
                placeholder="-----BEGIN X509 CRL-----"
                hint="proxy/crl.pem as it is now: its entries are kept. Empty only for the very first." />
            <FilePick input={Input::RevokeCrl} label="…or open the CRL's file" />
            <SelectField input={Input::RevokeReason} options={reasons}
                hint="key-compromise for a lost or stolen key." />
            <TextField input={Input::RevokeDays} kind={TextKind::Number}
                hint="nginx refuses every client once this date has passed: publish a new CRL before." />
            <div class="actions">
                <button type="button" class="primary" onclick={onrevoke}>{ "Make the CRL" }</button>
            </div>
            { result }
        </>
    }
}
