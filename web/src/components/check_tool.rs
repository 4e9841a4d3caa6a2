//! Check certificates: a client's ca.pem, cert.pem and key.pem, and its DOCKER_HOST, checked as
//! `portcullis doctor` checks them before it connects (in the Web Worker; nothing leaves the
//! tab). The daemon's side needs a connection, which only the command line makes.

use portcullis_pki::{Finding, Severity};
use yew::prelude::*;

use super::Wizard;
use super::field::{FilePick, TextField, TextKind};
use crate::ask::{Answer, Ask, Secret};
use crate::state::Input;
use crate::worker;

/// The inputs a check was made of, and what it found.
type Checked = (Vec<String>, Vec<Finding>);

/// See the module docs.
#[function_component(CheckTool)]
pub fn check_tool() -> Html {
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let inputs = [
        Input::CheckCa,
        Input::CheckCert,
        Input::CheckKey,
        Input::CheckHost,
    ];
    let current: Vec<String> = inputs
        .iter()
        .map(|input| wizard.form.value(*input).to_owned())
        .collect();
    let checked = use_state(|| None::<Checked>);
    let checking = use_state(|| false);
    let oncheck = {
        let (wizard, checked, checking) = (wizard.clone(), checked.clone(), checking.clone());
        let current = current.clone();
        Callback::from(move |_: MouseEvent| {
            let form = &wizard.form;
            let ask = Ask::Check {
                ca: form.value(Input::CheckCa).to_owned(),
                cert: form.value(Input::CheckCert).to_owned(),
                key: Secret::new(form.value(Input::CheckKey)),
                host: form.value(Input::CheckHost).to_owned(),
                now_unix_ms: js_sys::Date::now(),
            };
            checking.set(true);
            let (checked, checking, current) = (checked.clone(), checking.clone(), current.clone());
            worker::ask(
                ask,
                Callback::from(move |answer| {
                    checking.set(false);
                    if let Answer::Checked(found) = answer {
                        checked.set(Some((current.clone(), found)));
                    }
                }),
            );
        })
    };
    // A report about other inputs than those on screen is not shown.
    let report = match &*checked {
        Some((made_of, found)) if *made_of == current => report(found),
        _ if *checking => html! { <p role="status">{ "Checking…" }</p> },
        _ => Html::default(),
    };
    html! {
        <>
            <p class="lead">{ "docker does not connect? Give the three files docker uses (from DOCKER_CERT_PATH, or ~/.docker) and DOCKER_HOST: each problem is named with the words docker prints for it, and the fix." }</p>
            <TextField input={Input::CheckCa} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN CERTIFICATE-----"
                hint="The CA that signed the daemon's certificate." />
            <FilePick input={Input::CheckCa} label="…or open ca.pem" />
            <TextField input={Input::CheckCert} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN CERTIFICATE-----"
                hint="This client's certificate." />
            <FilePick input={Input::CheckCert} label="…or open cert.pem" />
            <TextField input={Input::CheckKey} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN PRIVATE KEY-----"
                hint="This client's private key: read here, in this tab, and nowhere else." />
            <FilePick input={Input::CheckKey} label="…or open key.pem" />
            <TextField input={Input::CheckHost} quiet=true placeholder="tcp://docker.example.com:2376"
                hint="As docker has it: echo $DOCKER_HOST." />
            <div class="actions">
                <button type="button" class="primary" onclick={oncheck}>{ "Check" }</button>
            </div>
            { report }
        </>
    }
}

fn report(found: &[Finding]) -> Html {
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let summary = if errors == 0 {
        "Nothing here stops docker. What the daemon shows (its certificate, whether it takes yours) needs a connection: run portcullis doctor where docker runs.".to_owned()
    } else {
        format!(
            "docker will not connect: {errors} problem{} to fix.",
            if errors == 1 { "" } else { "s" }
        )
    };
    html! {
        <section aria-labelledby="check-title">
            <h2 id="check-title">{ "What the check found" }</h2>
            <p role="status">{ summary }</p>
            <ul class="findings">
                { for found.iter().map(|finding| {
                    let (class, word) = match finding.severity {
                        Severity::Error => ("error", "Problem"),
                        Severity::Warning => ("warning", "Warning"),
                        Severity::Ok => ("ok", "Fine"),
                    };
                    html! {
                        <li class={class}>
                            <strong>{ format!("{word}: ") }</strong>{ finding.problem.clone() }
                            if let Some(says) = &finding.docker_says {
                                <br />{ "docker says: " }<code>{ says.clone() }</code>
                            }
                            if !finding.fix.is_empty() {
                                <br />{ format!("Fix: {}", finding.fix) }
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
