//! Download: the zip, and what to do with it.

use portcullis_pki::Platform;
use yew::prelude::*;

use super::Wizard;
use crate::download;

/// See the module docs.
#[function_component(DownloadStep)]
pub fn download_step() -> Html {
    let saved = use_state(|| None::<Result<String, String>>);
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let Some(generated) = wizard.generated().cloned() else {
        return html! { <p>{ "Nothing to download yet: go back and generate." }</p> };
    };
    let ondownload = {
        let saved = saved.clone();
        let generated = generated.clone();
        Callback::from(move |_: MouseEvent| {
            let result = download::save(&generated.file_name, &generated.zip, "application/zip")
                .map(|()| generated.file_name.clone());
            saved.set(Some(result));
        })
    };
    let (host, platform, several) = wizard
        .form
        .plan_up_to(crate::state::Step::Clients)
        .map(|p| {
            let first = p.first_server();
            (
                first.primary_host(),
                first.platform(),
                p.servers().len() > 1,
            )
        })
        .unwrap_or_default();
    let run = match platform {
        Platform::Systemd | Platform::Podman => "sudo sh install.sh",
        Platform::Rootless => "sh install.sh (as the user who runs rootless Docker, without sudo)",
        Platform::Windows => {
            "powershell -ExecutionPolicy Bypass -File install.ps1 (in PowerShell as Administrator)"
        }
    };
    html! {
        <>
            <p class="lead">{ "One zip with every certificate, key and script, and a README written for whoever installs it." }</p>
            <div class="actions">
                <button type="button" class="primary" onclick={ondownload}>{ "Download bundle" }</button>
            </div>
            <div role="status" aria-live="polite">
                { match &*saved {
                    Some(Ok(name)) => html! { <p class="done">{ format!("Saved {name}. It holds private keys: keep it safe, delete it once installed.") }</p> },
                    Some(Err(message)) => html! { <p class="error" role="alert">{ format!("Could not save: {message}") }</p> },
                    None => Html::default(),
                } }
            </div>
            <h2>{ "Then" }</h2>
            <ol class="install">
                if several {
                    <li>{ "Unzip it and copy each " }<code>{ format!("{}/servers/HOST/", generated.folder) }</code>{ " folder to its host; run its install script there, as the README says for that host's platform." }</li>
                } else {
                    <li>{ "Unzip it and copy " }<code>{ format!("{}/server/", generated.folder) }</code>{ format!(" to {host}; run ") }<code>{ run }</code>{ " there." }</li>
                }
                <li>{ "Copy each " }<code>{ "clients/NAME/" }</code>{ " to that person's machine; run " }<code>{ ". clients/NAME/env.sh && docker version" }</code>{ "." }</li>
                if generated.form.p12_password().is_some() {
                    <li>{ "Where a program wants one file (Windows, macOS, a browser), import " }<code>{ "clients/NAME/client.p12" }</code>{ " with the password you chose; it is not in the zip." }</li>
                }
                <li>{ "Put " }<code>{ "ca/ca-key.pem" }</code>{ " somewhere offline: you need it only to renew." }</li>
            </ol>
            <details>
                <summary>{ "The whole install guide (README.md in the zip)" }</summary>
                <pre class="readme" tabindex="0" role="region" aria-label="README.md">{ generated.readme.clone() }</pre>
            </details>
        </>
    }
}
