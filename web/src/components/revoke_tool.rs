//! Revoke: a certificate revocation list (CRL) signed by the CA, for the bundle's nginx proxy
//! (dockerd cannot check one).

use yew::prelude::*;

use crate::i18n::use_speech;

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
    let said = use_speech();
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
                        wizard.dispatch(Action::CrlMade(made));
                    }
                }),
            );
        })
    };
    let saved = use_state(|| None::<Result<(), String>>);
    let words = &said.tools;
    let result = match &wizard.made_crl {
        None if *making => html! { <p role="status">{ words.revoke_making }</p> },
        None => Html::default(),
        Some(Err(why)) => {
            html! { <p class="error" role="alert">{ words.revoke_failed.replace("{WHY}", &crate::say::error(why, said)) }</p> }
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
                <section aria-label={words.revoke_new}>
                    <p role="status">{ if *listed == 1 {
                        words.revoke_made_one.to_owned()
                    } else {
                        words.revoke_made_many.replace("{COUNT}", &listed.to_string())
                    } }</p>
                    <pre tabindex="0" role="region" aria-label="crl.pem">{ crl.clone() }</pre>
                    <button type="button" class="primary" onclick={onsave}>{ words.save_file.replace("{FILE}", "crl.pem") }</button>
                    <Saved saved={(*saved).clone()} done={words.revoke_saved} />
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
            <p class="lead">{ words.revoke_lead }</p>
            <ToolCa cert_hint={words.revoke_cert_hint} key_hint={words.revoke_key_hint} />
            <h2>{ words.revoke_what }</h2>
            <TextField input={Input::RevokeCerts} kind={TextKind::List}
                placeholder="-----BEGIN CERTIFICATE-----"
                hint={words.revoke_certs_hint} />
            <FilePick input={Input::RevokeCerts} label={words.open_a_certificate} />
            <TextField input={Input::RevokeCrl} kind={TextKind::List}
                placeholder="-----BEGIN X509 CRL-----"
                hint={words.revoke_crl_hint} />
            <FilePick input={Input::RevokeCrl} label={words.open_crl} />
            <SelectField input={Input::RevokeReason} options={reasons}
                hint={words.revoke_reason_hint} />
            <TextField input={Input::RevokeDays} kind={TextKind::Number}
                hint={words.revoke_days_hint} />
            <div class="actions">
                <button type="button" class="primary" onclick={onrevoke}>{ words.revoke_make }</button>
            </div>
            { result }
        </>
    }
}
