//! Check certificates: a client's ca.pem, cert.pem and key.pem, and its DOCKER_HOST, checked as
//! `portcullis doctor` checks them before it connects (in the Web Worker; nothing leaves the
//! tab). The daemon's side needs a connection, which only the command line makes.

use portcullis_pki::{Finding, Severity};
use yew::prelude::*;

use crate::i18n::{Speech, use_speech};

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
    let said = use_speech();
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
    let words = &said.tools;
    let open = |file: &str| words.open_file.replace("{FILE}", file);
    // A report about other inputs than those on screen is not shown.
    let report = match &*checked {
        Some((made_of, found)) if *made_of == current => report(said, found),
        _ if *checking => html! { <p role="status">{ words.checking }</p> },
        _ => Html::default(),
    };
    html! {
        <>
            <p class="lead">{ words.check_lead }</p>
            <TextField input={Input::CheckCa} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN CERTIFICATE-----"
                hint={words.check_ca_hint} />
            <FilePick input={Input::CheckCa} label={open("ca.pem")} />
            <TextField input={Input::CheckCert} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN CERTIFICATE-----"
                hint={words.check_cert_hint} />
            <FilePick input={Input::CheckCert} label={open("cert.pem")} />
            <TextField input={Input::CheckKey} kind={TextKind::List} quiet=true
                placeholder="-----BEGIN PRIVATE KEY-----"
                hint={words.check_key_hint} />
            <FilePick input={Input::CheckKey} label={open("key.pem")} />
            <TextField input={Input::CheckHost} quiet=true placeholder="tcp://docker.example.com:2376"
                hint={words.check_host_hint} />
            <div class="actions">
                <button type="button" class="primary" onclick={oncheck}>{ words.check }</button>
            </div>
            { report }
        </>
    }
}

fn report(said: Speech, found: &[Finding]) -> Html {
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let words = &said.tools;
    let summary = match errors {
        0 => words.check_fine.to_owned(),
        1 => words.check_problem_one.to_owned(),
        _ => words
            .check_problem_many
            .replace("{COUNT}", &errors.to_string()),
    };
    html! {
        <section aria-labelledby="check-title">
            <h2 id="check-title">{ words.check_found }</h2>
            <p role="status">{ summary }</p>
            <ul class="findings">
                { for found.iter().map(|finding| {
                    let (class, word) = match finding.severity {
                        Severity::Error => ("error", words.check_error),
                        Severity::Warning => ("warning", words.check_warning),
                        Severity::Ok => ("ok", words.check_ok),
                    };
                    let (problem, fix) = crate::say::finding(finding, said);
                    html! {
                        <li class={class}>
                            <strong>{ format!("{word}: ") }</strong>{ problem }
                            if let Some(says) = &finding.docker_says {
                                <br />{ words.check_docker_says }<code>{ says.clone() }</code>
                            }
                            if !fix.is_empty() {
                                <br />{ words.check_fix.replace("{FIX}", &fix) }
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
