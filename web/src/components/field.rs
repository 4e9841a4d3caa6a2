//! Labelled form controls that show the core's message beside the input as the user types.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{use_speech, use_words};

use super::Wizard;
use crate::state::{Action, Input};
use crate::trouble::Trouble;

/// The value of the input, textarea or select an event came from.
fn event_value(event: &Event) -> Option<String> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return Some(if input.type_() == "checkbox" {
            if input.checked() {
                "true".to_owned()
            } else {
                String::new()
            }
        } else {
            input.value()
        });
    }
    if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        return Some(area.value());
    }
    target
        .dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
}

fn on_edit(wizard: &Wizard, input: Input) -> Callback<Event> {
    let wizard = wizard.clone();
    Callback::from(move |event: Event| {
        if let Some(value) = event_value(&event) {
            wizard.dispatch(Action::Edit(input, value));
        }
    })
}

/// How a text control looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextKind {
    /// One line.
    #[default]
    Line,
    /// A list, one item per line.
    List,
    /// A secret: never shown, never spell-checked or autofilled.
    Secret,
    /// A whole number.
    Number,
}

/// A text input with its label, a hint and the message of the core's check.
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Which input.
    pub input: Input,
    /// What kind of control.
    #[prop_or_default]
    pub kind: TextKind,
    /// A line of help under the control.
    #[prop_or_default]
    pub hint: AttrValue,
    /// An example in the empty control.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Shows no message of its own (a tool shows the input's state itself).
    #[prop_or_default]
    pub quiet: bool,
}

/// See [`TextFieldProps`].
#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let input = props.input;
    let id = input.id();
    let value = wizard.form.value(input).to_owned();
    let error = wizard.visible_error(input).filter(|_| !props.quiet);
    let oninput = {
        let edit = on_edit(&wizard, input);
        Callback::from(move |event: InputEvent| edit.emit(event.into()))
    };
    let onchange = {
        let wizard = wizard.clone();
        Callback::from(move |_: Event| wizard.dispatch(Action::Commit(input)))
    };
    let described = format!("{id}-hint {id}-error");
    let invalid = if error.is_some() { "true" } else { "false" };
    let control = match props.kind {
        TextKind::List => html! {
            <textarea id={id} rows="3" value={value} {oninput} {onchange} spellcheck="false" autocomplete="off"
                autocapitalize="none" placeholder={props.placeholder.clone()}
                aria-invalid={invalid} aria-describedby={described} />
        },
        kind => {
            let (kind_attr, mode) = match kind {
                TextKind::Secret => ("password", "text"),
                TextKind::Number => ("text", "numeric"),
                _ => ("text", "text"),
            };
            let autocomplete = if kind == TextKind::Secret {
                "new-password"
            } else {
                "off"
            };
            html! {
                <input id={id} type={kind_attr} inputmode={mode} value={value} {oninput} {onchange}
                    spellcheck="false" autocomplete={autocomplete} autocapitalize="none"
                    placeholder={props.placeholder.clone()}
                    aria-invalid={invalid} aria-describedby={described} />
            }
        }
    };
    html! {
        <div class={classes!("field", error.is_some().then_some("has-error"))}>
            <label for={id}>{ input.label(said) }</label>
            { control }
            if !props.hint.is_empty() {
                <p class="hint" id={format!("{id}-hint")}>{ props.hint.clone() }</p>
            }
            // Always there, so that a screen reader hears an error the moment it appears (a
            // polite live region must exist before its text changes).
            <p class="error" id={format!("{id}-error")} aria-live="polite">{ error.unwrap_or_default() }</p>
        </div>
    }
}

/// A select with its label.
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// Which input.
    pub input: Input,
    /// (value, text) of each option.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// A line of help under the control.
    #[prop_or_default]
    pub hint: AttrValue,
}

/// See [`SelectFieldProps`].
#[function_component(SelectField)]
pub fn select_field(props: &SelectFieldProps) -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let input = props.input;
    let current = wizard.form.value(input).to_owned();
    let onchange = on_edit(&wizard, input);
    html! {
        <div class="field">
            <label for={input.id()}>{ input.label(said) }</label>
            <select id={input.id()} {onchange} aria-describedby={format!("{}-hint", input.id())}>
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == current}>{ text.clone() }</option>
                }) }
            </select>
            if !props.hint.is_empty() {
                <p class="hint" id={format!("{}-hint", input.id())}>{ props.hint.clone() }</p>
            }
        </div>
    }
}

/// A checkbox with its label.
#[derive(Properties, PartialEq)]
pub struct CheckboxFieldProps {
    /// Which input.
    pub input: Input,
}

/// See [`CheckboxFieldProps`].
#[function_component(CheckboxField)]
pub fn checkbox_field(props: &CheckboxFieldProps) -> Html {
    let said = use_words();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let input = props.input;
    let checked = !wizard.form.value(input).is_empty();
    let onchange = on_edit(&wizard, input);
    html! {
        <div class="field checkbox">
            <input id={input.id()} type="checkbox" {checked} {onchange} />
            <label for={input.id()}>{ input.label(said) }</label>
        </div>
    }
}

/// Warnings that do not block the step.
#[derive(Properties, PartialEq)]
pub struct WarningsProps {
    /// The warnings, said.
    pub warnings: Vec<String>,
}

/// See [`WarningsProps`].
#[function_component(Warnings)]
pub fn warnings(props: &WarningsProps) -> Html {
    let said = use_words();
    if props.warnings.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="warnings" aria-label={said.frame.warnings_label}>
            { for props.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }
        </ul>
    }
}

/// A file picker that puts the picked file's text into `input` (the file is read by the
/// browser, here; it goes nowhere).
#[derive(Properties, PartialEq)]
pub struct FilePickProps {
    /// Which input receives the text.
    pub input: Input,
    /// What the picker's label says.
    pub label: AttrValue,
}

/// See [`FilePickProps`].
#[function_component(FilePick)]
pub fn file_pick(props: &FilePickProps) -> Html {
    let said = use_speech();
    let Some(wizard) = use_context::<Wizard>() else {
        return Html::default();
    };
    let input = props.input;
    let failed = use_state(|| None::<Trouble>);
    let onchange = {
        let failed = failed.clone();
        Callback::from(move |event: Event| {
            let wizard = wizard.clone();
            let failed = failed.clone();
            crate::download::read_picked_text(&event, move |text| match text {
                Ok(text) => {
                    failed.set(None);
                    wizard.dispatch(Action::Edit(input, text));
                }
                Err(why) => failed.set(Some(why)),
            });
        })
    };
    let id = format!("{}-file", input.id());
    html! {
        <div class="field file">
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id} type="file" {onchange} />
            if let Some(why) = &*failed {
                <p class="error" role="alert">{ why.said(said) }</p>
            }
        </div>
    }
}
