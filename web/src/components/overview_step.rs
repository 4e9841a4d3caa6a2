//! Overview: what the wizard makes, and the trust picture.

use yew::prelude::*;

use super::Wizard;
use crate::ask::{Answer, Ask};
use crate::download;
use crate::generate::Failure;
use crate::i18n::{use_speech, use_words};
use crate::state::{Action, Step};
use crate::worker;

/// See the module docs.
#[function_component(OverviewStep)]
pub fn overview_step() -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let onpick = {
        let wizard = wizard.clone();
        Callback::from(move |event: Event| {
            let wizard = wizard.clone();
            download::read_picked_text(&event, move |text| match text {
                // Read by the worker: the file may hold a CSR, whose signature it checks.
                Ok(text) => worker::ask(
                    Ask::PlanFile(text),
                    Callback::from(move |answer| {
                        if let Answer::PlanFile(read) = answer {
                            wizard.dispatch(Action::ImportPlan(read.map_err(Failure::Core)));
                        }
                    }),
                ),
                Err(why) => wizard.dispatch(Action::ImportPlan(Err(Failure::Browser(why)))),
            });
        })
    };
    let onrenew = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::OpenTool(Step::Renew)))
    };
    let onrevoke = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::OpenTool(Step::Revoke)))
    };
    let oncheck = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::OpenTool(Step::Check)))
    };
    let onsign = {
        let wizard = wizard.clone();
        Callback::from(move |_: MouseEvent| wizard.dispatch(Action::OpenTool(Step::SignCsr)))
    };
    let (words, steps) = (&said.frame, &said.steps);
    html! {
        <>
            <p class="lead">{ words.lead }</p>
            <TrustDiagram />
            <ol class="plan">
                <li><strong>{ steps.ca }</strong>{ words.plan_ca }</li>
                <li><strong>{ steps.server }</strong>{ words.plan_server }</li>
                <li><strong>{ steps.clients }</strong>{ words.plan_clients }</li>
                <li><strong>{ words.plan_last_steps }</strong>{ words.plan_last }</li>
            </ol>
            <section class="tools" aria-labelledby="tools-title">
                <h2 id="tools-title">{ words.tools_title }</h2>
                <p class="hint">{ words.tools_sign_csr }</p>
                <button type="button" class="secondary" onclick={onsign}>{ steps.sign_csr }</button>
                <p class="hint">{ words.tools_renew }</p>
                <button type="button" class="secondary" onclick={onrenew}>{ steps.renew }</button>
                <p class="hint">{ words.tools_revoke }</p>
                <button type="button" class="secondary" onclick={onrevoke}>{ steps.revoke }</button>
                <p class="hint">{ words.tools_check }</p>
                <button type="button" class="secondary" onclick={oncheck}>{ steps.check }</button>
            </section>
            <section class="plan-file" aria-labelledby="open-plan-title">
                <h2 id="open-plan-title">{ words.plan_file_title }</h2>
                <label for="open-plan">{ words.plan_file_open }</label>
                <input id="open-plan" type="file" accept=".json,application/json" onchange={onpick} />
                <p class="hint">{ words.plan_file_hint }</p>
                { match &wizard.plan_import {
                    Some(Ok(read)) => html! { <p role="status">{ read.said(said.words) }</p> },
                    Some(Err(why)) => html! { <p class="error" role="alert">{ why.said(said) }</p> },
                    None => Html::default(),
                } }
            </section>
        </>
    }
}

/// The CA signs the server's and the clients' certificates; each side checks the other's
/// certificate against the CA.
#[function_component(TrustDiagram)]
fn trust_diagram() -> Html {
    let said = use_words();
    let words = &said.frame;
    html! {
        <figure class="trust">
            <svg viewBox="0 0 600 300" role="img" aria-labelledby="trust-title trust-desc">
                <title id="trust-title">{ words.diagram_title }</title>
                <desc id="trust-desc">{ words.diagram_description }</desc>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                </defs>
                <rect class="box ca" x="210" y="10" width="180" height="56" rx="8" />
                <text x="300" y="34" class="label">{ "CA" }</text>
                <text x="300" y="54" class="sub">{ "ca.pem + ca-key.pem" }</text>
                <rect class="box" x="6" y="180" width="214" height="66" rx="8" />
                <text x="113" y="206" class="label">{ "docker CLI" }</text>
                <text x="113" y="228" class="sub">{ "cert.pem (clientAuth)" }</text>
                <rect class="box" x="380" y="180" width="214" height="66" rx="8" />
                <text x="487" y="206" class="label">{ "dockerd :2376" }</text>
                <text x="487" y="228" class="sub">{ "server-cert.pem (serverAuth)" }</text>
                <line class="sign" x1="250" y1="66" x2="130" y2="178" marker-end="url(#arrow)" />
                <line class="sign" x1="350" y1="66" x2="470" y2="178" marker-end="url(#arrow)" />
                <text x="170" y="112" class="edge">{ words.diagram_signs }</text>
                <text x="430" y="112" class="edge">{ words.diagram_signs }</text>
                <line class="tls" x1="222" y1="213" x2="378" y2="213" marker-start="url(#arrow)" marker-end="url(#arrow)" />
                <text x="300" y="204" class="edge">{ words.diagram_mutual }</text>
                <text x="300" y="280" class="edge">{ words.diagram_checks }</text>
            </svg>
        </figure>
    }
}
