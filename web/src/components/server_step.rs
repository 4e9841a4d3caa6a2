//! Server: every name and address clients use to reach the Docker host, and the port.

use yew::prelude::*;

use crate::i18n::use_speech;

use super::Wizard;
use portcullis_pki::Platform;

use super::field::{CheckboxField, FilePick, SelectField, TextField, TextKind, Warnings};
use crate::state::{Input, Step};

/// See the module docs.
#[function_component(ServerStep)]
pub fn server_step() -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let words = &said.path;
    let platforms: Vec<(AttrValue, AttrValue)> = Platform::ALL
        .iter()
        .map(|p| {
            let label = match p {
                Platform::Systemd => words.server_systemd,
                Platform::Rootless => words.server_rootless,
                Platform::Windows => words.server_windows,
                Platform::Podman => words.server_podman,
            };
            (p.name().into(), label.into())
        })
        .collect();
    html! {
        <>
            <p class="lead">{ words.server_lead }</p>
            <TextField input={Input::ServerDns} kind={TextKind::List} placeholder="docker.example.com"
                hint={words.server_dns_hint} />
            <TextField input={Input::ServerIp} kind={TextKind::List} placeholder="192.0.2.10"
                hint={words.server_ip_hint} />
            <TextField input={Input::Port} kind={TextKind::Number} hint={words.server_port_hint} />
            <SelectField input={Input::Platform} options={platforms}
                hint={words.server_platform_hint} />
            <TextField input={Input::ServerDays} kind={TextKind::Number} hint={words.leaf_days_hint} />
            <TextField input={Input::DockerHost} placeholder="tcp://docker.example.com:2376"
                hint={words.server_docker_host_hint} />
            <CheckboxField input={Input::ServerOwnKey} />
            if !wizard.form.value(Input::ServerOwnKey).is_empty() {
                <TextField input={Input::ServerCsr} kind={TextKind::List}
                    placeholder="-----BEGIN CERTIFICATE REQUEST-----"
                    hint={words.server_csr_hint} />
                <FilePick input={Input::ServerCsr} label={words.server_csr_file} />
                if let Some(Ok(request)) = wizard.form.server_request() {
                    <p class="ok" role="status">{ words.server_csr_valid.replace("{REQUEST}", &crate::say::request(&request, &said)) }</p>
                }
            }
            <TextField input={Input::OtherServers} kind={TextKind::List}
                placeholder={"manager2.example.com 10.0.0.12\nworker1.example.com 10.0.0.21 :12376"}
                hint={words.server_others_hint} />
            <Warnings warnings={wizard.form.step_warnings_in(Step::Server, said)} />
        </>
    }
}
