//! Sign a CSR: a certificate for a key that never leaves its server (or a client's machine),
//! signed by an existing CA with Portcullis's own profile.

use yew::prelude::*;

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
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let form = &wizard.form;
    let asks = match form.csr_request() {
        Some(Ok(request)) => html! {
            <p class="ok" role="status">{ format!("The CSR's signature is valid. It asks for: {request}.") }</p>
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
                        wizard.dispatch(Action::CsrSigned(signed.map_err(|err| err.to_string())));
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
    let result = match &wizard.signed_csr {
        None if *signing => html! { <p role="status">{ "Signing…" }</p> },
        None => Html::default(),
        Some(Err(why)) => {
            html! { <p class="error" role="alert">{ format!("Not signed: {why}") }</p> }
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
                <section class="certificate" aria-label="Signed certificate">
                    <h2>{ "Signed certificate" }</h2>
                    <dl>
                        <dt>{ "Subject" }</dt><dd>{ cert.subject.clone() }</dd>
                        <dt>{ "Issuer" }</dt><dd>{ cert.issuer.clone() }</dd>
                        <dt>{ "Names" }</dt><dd>{ cert.subject_alt_names.join(", ") }</dd>
                        <dt>{ "Usage" }</dt><dd>{ cert.extended_key_usage.join(", ") }</dd>
                        <dt>{ "Valid until" }</dt><dd>{ cert.not_after.clone() }</dd>
                    </dl>
                    <Warnings warnings={signed.warnings.clone()} />
                    <pre tabindex="0" role="region" aria-label="The certificate as PEM">{ signed.pem.clone() }</pre>
                    <button type="button" class="primary" onclick={onsave}>{ format!("Save {file_name}") }</button>
                    <Saved saved={(*saved).clone()} done={format!("Saved {file_name}. Put it next to the key on its machine, with ca.pem.")} />
                </section>
            }
        }
    };
    let profiles: Vec<(AttrValue, AttrValue)> = vec![
        ("server".into(), "a Docker daemon (serverAuth)".into()),
        ("client".into(), "a docker client (clientAuth)".into()),
    ];
    html! {
        <>
            <p class="lead">{ "The server (or a client's machine) makes its own key and sends only a request; you sign it here with your CA." }</p>
            <ToolCa cert_hint="" key_hint="Used here, in this tab, and nowhere else." />
            <h2>{ "The request" }</h2>
            <TextField input={Input::Csr} kind={TextKind::List}
                placeholder="-----BEGIN CERTIFICATE REQUEST-----" />
            <FilePick input={Input::Csr} label="…or open the CSR's file" />
            { asks }
            <SelectField input={Input::CsrProfile} options={profiles}
                hint="Portcullis's own extensions go in, not the CSR's." />
            if server {
                <CheckboxField input={Input::CsrUseNames} />
                <TextField input={Input::CsrDns} kind={TextKind::List} placeholder="docker.example.com"
                    hint="Names clients use, besides (or instead of) the CSR's." />
                <TextField input={Input::CsrIp} kind={TextKind::List} placeholder="192.0.2.10" />
            } else {
                <TextField input={Input::CsrClientName} placeholder="alice"
                    hint="Empty: the CSR's common name." />
            }
            <TextField input={Input::CsrDays} kind={TextKind::Number} hint="One year by default, ending with the CA if it ends sooner; a lifetime you type must fit." />
            <div class="actions">
                <button type="button" class="primary" onclick={onsign}>{ "Sign" }</button>
            </div>
            { result }
        </>
    }
}
