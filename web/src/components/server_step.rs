//! Server: every name and address clients use to reach the Docker host, and the port.

use yew::prelude::*;

use super::Wizard;
use portcullis_pki::Platform;

use super::field::{CheckboxField, FilePick, SelectField, TextField, TextKind, Warnings};
use crate::state::{Input, Step};

/// See the module docs.
#[function_component(ServerStep)]
pub fn server_step() -> Html {
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let platforms: Vec<(AttrValue, AttrValue)> = Platform::ALL
        .iter()
        .map(|p| {
            let label = match p {
                Platform::Systemd => "Docker Engine under systemd, as root (most Linux hosts)",
                Platform::Rootless => "Rootless Docker, as an ordinary user (systemctl --user)",
                Platform::Windows => "Docker Engine on Windows (a Windows service)",
                Platform::Podman => "Podman's Docker-compatible API service (Podman 5.7 or later)",
            };
            (p.name().into(), label.into())
        })
        .collect();
    html! {
        <>
            <p class="lead">{ "List every name and address a client will type in DOCKER_HOST: a certificate only matches the names written into it." }</p>
            <TextField input={Input::ServerDns} kind={TextKind::List} placeholder="docker.example.com"
                hint="One per line: the full name, the short name if clients use it, localhost for the host itself." />
            <TextField input={Input::ServerIp} kind={TextKind::List} placeholder="192.0.2.10"
                hint="One per line: the addresses clients connect to (not 0.0.0.0). 127.0.0.1 lets the host reach itself." />
            <TextField input={Input::Port} kind={TextKind::Number} hint="2376 is Docker's port for TLS." />
            <SelectField input={Input::Platform} options={platforms}
                hint="Decides where the zip's install script puts the files and how it restarts the daemon; the certificates are the same. Docker Desktop is a client: pick what the server runs." />
            <TextField input={Input::ServerDays} kind={TextKind::Number} hint="One year by default, ending with the CA if it ends sooner; a lifetime you type must fit." />
            <TextField input={Input::DockerHost} placeholder="tcp://docker.example.com:2376"
                hint="Optional: the address you will use, to check that the certificate will match it." />
            <CheckboxField input={Input::ServerOwnKey} />
            if !wizard.form.value(Input::ServerOwnKey).is_empty() {
                <TextField input={Input::ServerCsr} kind={TextKind::List}
                    placeholder="-----BEGIN CERTIFICATE REQUEST-----"
                    hint="On the host: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out /etc/docker/tls/server-key.pem, then openssl req -new -key /etc/docker/tls/server-key.pem -subj /CN=HOST -out server.csr. Only the CSR comes here; the names above go into the certificate." />
                <FilePick input={Input::ServerCsr} label="…or open the CSR's file" />
                if let Some(Ok(request)) = wizard.form.server_request() {
                    <p class="ok" role="status">{ format!("The CSR's signature is valid: {request}. Its key stays on the host; the zip will hold no server-key.pem.") }</p>
                }
            }
            <TextField input={Input::OtherServers} kind={TextKind::List}
                placeholder={"manager2.example.com 10.0.0.12\nworker1.example.com 10.0.0.21 :12376"}
                hint="Optional, for a Swarm or several hosts: one server per line, its names and addresses separated by spaces, and :PORT if it listens on another port, and @rootless, @windows, @podman or @systemd if it runs its daemon unlike the first. Each gets its own certificate and key and its own folder under servers/ in the zip." />
            <Warnings warnings={wizard.form.step_warnings(Step::Server)} />
        </>
    }
}
