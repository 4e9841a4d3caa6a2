//! Download: the zip, and what to do with it.

use portcullis_pki::Platform;
use yew::prelude::*;

use crate::i18n::use_words;

use super::Wizard;
use crate::download;

/// See the module docs.
#[function_component(DownloadStep)]
pub fn download_step() -> Html {
    let said = use_words();
    let saved = use_state(|| None::<Result<String, String>>);
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let words = &said.results;
    let Some(generated) = wizard.generated().cloned() else {
        return html! { <p>{ words.download_nothing }</p> };
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
    let (command, how) = match platform {
        Platform::Systemd | Platform::Podman => ("sudo sh install.sh", None),
        Platform::Rootless => ("sh install.sh", Some(words.download_run_rootless)),
        Platform::Windows => (
            "powershell -ExecutionPolicy Bypass -File install.ps1",
            Some(words.download_run_windows),
        ),
    };
    let run = html! {
        <><code>{ command }</code>{ how.map(|how| format!(" {how}")).unwrap_or_default() }</>
    };
    let code = |text: String| html! { <code>{ text }</code> };
    html! {
        <>
            <p class="lead">{ words.download_lead }</p>
            <div class="actions">
                <button type="button" class="primary" onclick={ondownload}>{ words.download_button }</button>
            </div>
            <div role="status" aria-live="polite">
                { match &*saved {
                    Some(Ok(name)) => html! { <p class="done">{ words.download_saved.replace("{NAME}", name) }</p> },
                    Some(Err(message)) => html! { <p class="error" role="alert">{ words.download_failed.replace("{MESSAGE}", message) }</p> },
                    None => Html::default(),
                } }
            </div>
            <h2>{ words.download_then }</h2>
            <ol class="install">
                if several {
                    <li>{ filled(words.download_servers, &[("DIR", code(format!("{}/servers/HOST/", generated.folder)))]) }</li>
                } else {
                    <li>{ filled(words.download_server, &[
                        ("DIR", code(format!("{}/server/", generated.folder))),
                        ("HOST", html! { { host.clone() } }),
                        ("RUN", run),
                    ]) }</li>
                }
                <li>{ filled(words.download_clients, &[
                    ("DIR", code("clients/NAME/".to_owned())),
                    ("RUN", code(". clients/NAME/env.sh && docker version".to_owned())),
                ]) }</li>
                if generated.form.p12_password().is_some() {
                    <li>{ filled(words.download_p12, &[("FILE", code("clients/NAME/client.p12".to_owned()))]) }</li>
                }
                <li>{ filled(words.download_ca_key, &[("FILE", code("ca/ca-key.pem".to_owned()))]) }</li>
            </ol>
            <details>
                <summary>{ words.download_guide }</summary>
                <pre class="readme" tabindex="0" role="region" aria-label="README.md">{ generated.readme.clone() }</pre>
            </details>
        </>
    }
}

/// `template` with each `{NAME}` of `values` in its place (the text around them as text).
fn filled(template: &str, values: &[(&str, Html)]) -> Html {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}').map(|end| start + end) else {
            break;
        };
        parts.push(html! { { rest[..start].to_owned() } });
        let name = &rest[start + 1..end];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => parts.push(value.clone()),
            None => parts.push(html! { { rest[start..=end].to_owned() } }),
        }
        rest = &rest[end + 1..];
    }
    parts.push(html! { { rest.to_owned() } });
    html! { { for parts } }
}
