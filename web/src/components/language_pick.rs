//! The header's language switch: a select whose accessible name is "Language" in every
//! language, each option named in its own language.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::Lang;

/// See [`language_pick`].
#[derive(Properties, PartialEq)]
pub struct LanguagePickProps {
    /// The language spoken now.
    pub current: Lang,
    /// Why the last language picked could not be shown, if it could not.
    pub problem: Option<AttrValue>,
    /// Hears the language picked.
    pub onpick: Callback<Lang>,
}

/// See the module docs.
#[function_component(LanguagePick)]
pub fn language_pick(props: &LanguagePickProps) -> Html {
    let onchange = {
        let onpick = props.onpick.clone();
        Callback::from(move |event: Event| {
            let picked = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
                .and_then(|select| Lang::from_tag(&select.value()));
            if let Some(lang) = picked {
                onpick.emit(lang);
            }
        })
    };
    html! {
        <div class="language">
            // The same name in every language, so that anyone can find the way back.
            <label for="language" lang="en">{ "Language" }</label>
            <select id="language" {onchange}>
                { for Lang::ALL.into_iter().map(|lang| html! {
                    <option value={lang.tag()} lang={lang.tag()} selected={lang == props.current}>
                        { lang.name() }
                    </option>
                }) }
            </select>
            if let Some(problem) = props.problem.clone() {
                <p class="language-problem" role="alert" lang="en">{ problem }</p>
            }
        </div>
    }
}
