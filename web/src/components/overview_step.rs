//! Overview: what the wizard makes, and the trust picture.

use yew::prelude::*;

use super::Wizard;
use crate::ask::{Answer, Ask};
use crate::download;
use crate::state::{Action, Step};
use crate::worker;

/// See the module docs.
#[function_component(OverviewStep)]
pub fn overview_step() -> Html {
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
                            wizard
                                .dispatch(Action::ImportPlan(read.map_err(|err| err.to_string())));
                        }
                    }),
                ),
                Err(why) => wizard.dispatch(Action::ImportPlan(Err(why))),
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
    html! {
        <>
            <p class="lead">
                { "Docker's API on TCP is root on the host for whoever reaches the port. Mutual TLS \
                   closes it: the daemon accepts only clients whose certificate your own CA signed, \
                   and clients talk only to a daemon that shows one." }
            </p>
            <TrustDiagram />
            <ol class="plan">
                <li><strong>{ "CA" }</strong>{ " — your certificate authority: a key that signs, and a certificate everyone trusts." }</li>
                <li><strong>{ "Server" }</strong>{ " — the names and addresses clients use to reach the Docker host." }</li>
                <li><strong>{ "Clients" }</strong>{ " — one certificate per person or machine." }</li>
                <li><strong>{ "Generate, Review, Download" }</strong>{ " — keys are made here, in this tab, then one zip with every file and an install guide." }</li>
            </ol>
            <section class="tools" aria-labelledby="tools-title">
                <h2 id="tools-title">{ "Already have a CA?" }</h2>
                <p class="hint">{ "The CA step can use your existing CA instead of making one. To certify a key that never leaves its server, sign the server's certificate signing request (CSR) here:" }</p>
                <button type="button" class="secondary" onclick={onsign}>{ "Sign a CSR" }</button>
                <p class="hint">{ "Certificates nearing their end? Open the zip Portcullis made and renew every certificate under the same CA:" }</p>
                <button type="button" class="secondary" onclick={onrenew}>{ "Renew a bundle" }</button>
                <p class="hint">{ "A laptop lost? With the bundle's nginx proxy, revoke its certificate:" }</p>
                <button type="button" class="secondary" onclick={onrevoke}>{ "Revoke a certificate" }</button>
                <p class="hint">{ "docker does not connect with certificates you already have? Check them:" }</p>
                <button type="button" class="secondary" onclick={oncheck}>{ "Check certificates" }</button>
            </section>
            <section class="plan-file" aria-labelledby="open-plan-title">
                <h2 id="open-plan-title">{ "Start from a plan" }</h2>
                <label for="open-plan">{ "Open a plan file (portcullis.json)" }</label>
                <input id="open-plan" type="file" accept=".json,application/json" onchange={onpick} />
                <p class="hint">{ "A plan saved from this wizard, or the portcullis.json inside an earlier zip: it fills in the servers, clients, key type and lifetimes. The file is read here and goes nowhere." }</p>
                { match &wizard.plan_import {
                    Some(Ok(read)) => html! { <p role="status">{ read.clone() }</p> },
                    Some(Err(why)) => html! { <p class="error" role="alert">{ why.clone() }</p> },
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
    html! {
        <figure class="trust">
            <svg viewBox="0 0 600 300" role="img" aria-labelledby="trust-title trust-desc">
                <title id="trust-title">{ "Who trusts whom" }</title>
                <desc id="trust-desc">
                    { "The CA signs the server certificate and the client certificate. The docker \
                       client checks the daemon's certificate against the CA, and the daemon checks \
                       the client's certificate against the same CA." }
                </desc>
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
                <text x="170" y="112" class="edge">{ "signs" }</text>
                <text x="430" y="112" class="edge">{ "signs" }</text>
                <line class="tls" x1="222" y1="213" x2="378" y2="213" marker-start="url(#arrow)" marker-end="url(#arrow)" />
                <text x="300" y="204" class="edge">{ "mutual TLS" }</text>
                <text x="300" y="280" class="edge">{ "each side checks the other's certificate against ca.pem" }</text>
            </svg>
        </figure>
    }
}
