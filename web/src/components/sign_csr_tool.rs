//! Sign a CSR: a certificate for a key that never leaves its server (or a client's machine),
//! signed by an existing CA with Portcullis's own profile.

use yew::prelude::*;

use crate::i18n::use_speech;

use super::Wizard;
use super::field::{CheckboxField, FilePick, SelectField, TextField, TextKind, Warnings};
use super::tool_ca::{Saved, ToolCa};
use crate::ask::{Answer, Ask};
use crate::download;
use crate::state::{Action, Input};
use crate::worker;

/// See the module docs.
#[function_component(SignCsrTool)]
pub fn sign_csr_tool() -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let form = &wizard.form;
    let asks = match form.csr_request() {
        Some(Ok(request)) => html! {
            <p class="ok" role="status">{ &said.tools.csr_asks.replace("{REQUEST}", &crate::say::request(request, &said)) }</p>
        },
        _ => Html::default(),
    };
    let server = form.value(Input::CsrProfile) != "client";
    let signing = use_state(|| false);
    let onsign = {
        let (wizard, signing) = (wizard.clone(), signing.clone());
        Callback::from(move |_: MouseEvent| {
            let ask = Ask::SignCsr {
                form: Box::new(wizard.form.clone()),
                now_unix_ms: js_sys::Date::now(),
            };
            signing.set(true);
            let (wizard, signing) = (wizard.clone(), signing.clone());
            worker::ask(
                ask,
                Callback::from(move |answer| {
                    signing.set(false);
                    if let Answer::Signed(signed) = answer {
                        wizard.dispatch(Action::CsrSigned(signed));
                    }
                }),
            );
        })
    };
    let file_name = if server {
        "server-cert.pem"
    } else {
        "cert.pem"
    };
    let saved = use_state(|| None::<Result<(), String>>);
    let words = &said.tools;
    let result = match &wizard.signed_csr {
        None if *signing => html! { <p role="status">{ words.signing }</p> },
        None => Html::default(),
        Some(Err(why)) => {
            html! { <p class="error" role="alert">{ words.sign_failed.replace("{WHY}", &crate::say::error(why, said)) }</p> }
        }
        Some(Ok(signed)) => {
            let onsave = {
                let pem = signed.pem.clone();
                let saved = saved.clone();
                Callback::from(move |_: MouseEvent| {
                    saved.set(Some(download::save(
                        file_name,
                        pem.as_bytes(),
                        "application/x-pem-file",
                    )));
                })
            };
            let cert = &signed.decoded;
            html! {
                <section class="certificate" aria-label={words.signed}>
                    <h2>{ words.signed }</h2>
                    <dl>
                        <dt>{ words.signed_subject }</dt><dd>{ cert.subject.clone() }</dd>
                        <dt>{ words.signed_issuer }</dt><dd>{ cert.issuer.clone() }</dd>
                        <dt>{ words.signed_names }</dt><dd>{ cert.subject_alt_names.join(", ") }</dd>
                        <dt>{ words.signed_usage }</dt><dd>{ cert.extended_key_usage.join(", ") }</dd>
                        <dt>{ words.signed_until }</dt><dd>{ cert.not_after.clone() }</dd>
                    </dl>
                    <Warnings warnings={crate::say::warnings(&signed.warnings, said)} />
                    <pre tabindex="0" role="region" aria-label={words.signed_pem}>{ signed.pem.clone() }</pre>
                    <button type="button" class="primary" onclick={onsave}>{ words.save_file.replace("{FILE}", file_name) }</button>
                    <Saved saved={(*saved).clone()} done={words.signed_saved.replace("{FILE}", file_name)} />
                </section>
            }
        }
    };
    let profiles: Vec<(AttrValue, AttrValue)> = vec![
        ("server".into(), words.sign_profile_server.into()),
        ("client".into(), words.sign_profile_client.into()),
    ];
    html! {
        <>
            <p class="lead">{ words.sign_lead }</p>
            <ToolCa cert_hint="" key_hint={words.key_used_here} />
            <h2>{ words.sign_request }</h2>
            <TextField input={Input::Csr} kind={TextKind::List}
                placeholder="-----BEGIN CERTIFICATE REQUEST-----" />
            <FilePick input={Input::Csr} label={words.open_csr} />
            { asks }
            <SelectField input={Input::CsrProfile} options={profiles}
                hint={words.sign_profile_hint} />
            if server {
                <CheckboxField input={Input::CsrUseNames} />
                <TextField input={Input::CsrDns} kind={TextKind::List} placeholder="docker.example.com"
                    hint={words.sign_dns_hint} />
                <TextField input={Input::CsrIp} kind={TextKind::List} placeholder="192.0.2.10" />
            } else {
                <TextField input={Input::CsrClientName} placeholder="alice"
                    hint={words.sign_client_hint} />
            }
            <TextField input={Input::CsrDays} kind={TextKind::Number} hint={said.path.leaf_days_hint} />
            <div class="actions">
                <button type="button" class="primary" onclick={onsign}>{ words.sign }</button>
            </div>
            { result }
        </>
    }
}
