//! The language the wizard speaks, and its words (`portcullis-words`).
//!
//! In the page, every language's words, refusals and lessons come from its data blocks
//! (`<script type="application/json" id="portcullis-words-de">`, written by
//! `portcullis-words` and inlined by Trunk), each read once, when first wanted; natively
//! (the tests) they are compiled in. The
//! choice is remembered in the browser's storage where the page may use it; from `file://`
//! some browsers refuse storage, and then the page quietly asks `navigator.languages` again
//! next time.

pub use portcullis_words::{FromTexts, Lang, Lesson, Lessons, Refusals, Words};
use yew::prelude::*;

/// The language the wizard speaks, with its words, as the components read it from the context.
#[derive(Clone, Copy, Debug)]
pub struct Speech {
    /// The language.
    pub lang: Lang,
    /// Its words.
    pub words: &'static Words,
}

impl PartialEq for Speech {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

/// The words, as the components and the state read them: `speech.messages`.
impl core::ops::Deref for Speech {
    type Target = Words;

    fn deref(&self) -> &Words {
        self.words
    }
}

impl Default for Speech {
    fn default() -> Self {
        Self::english()
    }
}

impl Speech {
    /// English: compiled in natively, read from the page's data in the page. In a copy of the
    /// page without that data, words that say nothing: the wizard's checks still work in
    /// them (whether there is a problem is all they use), and the page shows only what is
    /// missing (`components::App`), unless another language could be read.
    pub fn english() -> Self {
        Self::of(Lang::En).unwrap_or_else(|_| Self {
            lang: Lang::En,
            words: BLANK.with(|blank| *blank),
        })
    }

    /// `lang` with its words: compiled in, or read from the page's data (once; later calls
    /// find them kept). An error says why the data cannot be read.
    pub fn of(lang: Lang) -> Result<Self, String> {
        if let Some(words) = lang.compiled() {
            return Ok(Self { lang, words });
        }
        let words = loaded(lang)?;
        Ok(Self { lang, words })
    }

    /// The README's language for the bundle made in this language.
    pub fn readme(self) -> portcullis_pki::Language {
        match self.lang {
            Lang::En => portcullis_pki::Language::En,
            Lang::De => portcullis_pki::Language::De,
            Lang::Ja => portcullis_pki::Language::Ja,
        }
    }
}

/// The words the page speaks now.
#[hook]
pub fn use_words() -> &'static Words {
    use_speech().words
}

/// The language the page speaks now, with its words.
#[hook]
pub fn use_speech() -> Speech {
    use_context::<Speech>().unwrap_or_default()
}

/// `lang`'s lessons: compiled in natively (and in the component tests); in the page, read
/// from its data block (every language's lessons are data there, English too) and kept.
pub fn lessons(lang: Lang) -> Result<&'static Lessons, String> {
    match lang.compiled_lessons() {
        Some(lessons) => Ok(lessons),
        None => LOADED_LESSONS.with(|kept| kept_or_read(kept, lang, &lang.lessons_id())),
    }
}

/// `lang`'s refusals (the core's refusals and warnings, said at the edge) as the wizard says
/// them ([`for_the_wizard`]): compiled in natively; in the page, read from its data block when
/// first wanted (every language's refusals are data there, English too) and kept.
pub fn refusals(lang: Lang) -> Result<&'static Refusals, String> {
    if let Some(kept) = WIZARD_REFUSALS.with(|kept| find(kept, lang)) {
        return Ok(kept);
    }
    // The core's own, read from the data, are needed only to make the wizard's.
    let wizard = match lang.compiled_refusals() {
        Some(core) => for_the_wizard(core),
        None => for_the_wizard(&read::<Refusals>(&block(&lang.refusals_id())?)?),
    };
    let wizard: &'static Refusals = Box::leak(Box::new(wizard));
    WIZARD_REFUSALS.with(|kept| kept.borrow_mut().push((lang, wizard)));
    Ok(wizard)
}

/// The core's refusals with the wizard's own words where the CLI's name its flags: the same
/// refusal, with the fix the wizard offers (its fields and choices) rather than
/// `--server-ip`. The CLI's English stays the core's.
pub fn for_the_wizard(core: &Refusals) -> Refusals {
    // A copy whole (one memcpy: a field-by-field copy weighed kilobytes in the page's module).
    let mut wizard = *core;
    wizard.dns_is_ip = core.wizard_dns_is_ip;
    wizard.dns_all_digits = core.wizard_dns_all_digits;
    wizard.ip_is_name = core.wizard_ip_is_name;
    wizard.servers_too_many = core.wizard_servers_too_many;
    wizard.clients_too_many = core.wizard_clients_too_many;
    wizard.servers_none = core.wizard_servers_none;
    wizard.clients_none = core.wizard_clients_none;
    wizard.ca_passphrase_none = core.wizard_ca_passphrase_none;
    wizard.server_no_names = core.wizard_server_no_names;
    wizard.server_no_names_of = core.wizard_server_no_names_of;
    wizard.key_needs_passphrase = core.wizard_key_needs_passphrase;
    wizard.ca_expired = core.wizard_ca_expired;
    wizard.csr_no_names = core.wizard_csr_no_names;
    wizard.csr_no_common_name = core.wizard_csr_no_common_name;
    wizard.rotate_old_ended = core.wizard_rotate_old_ended;
    wizard.proxy_platform = core.wizard_proxy_platform;
    wizard.proxy_platform_of = core.wizard_proxy_platform_of;
    wizard
}

/// The language the page speaks now, for what is said where no component is (a worker's
/// failure that becomes a value of the core's refusal): set by the app on every change.
pub fn speaking(lang: Lang) {
    SPOKEN.with(|spoken| spoken.set(lang));
}

/// The language the page speaks now ([`speaking`]), with its words.
pub fn spoken() -> Speech {
    Speech::of(SPOKEN.with(std::cell::Cell::get)).unwrap_or_else(|_| Speech::english())
}

thread_local! {
    /// See [`speaking`].
    static SPOKEN: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
    /// Words that say nothing: see [`Speech::english`].
    static BLANK: &'static Words = Box::leak(Box::new(Words::blank()));
    /// The languages' words read from the page's data so far.
    static LOADED: Kept<Words> = const { std::cell::RefCell::new(Vec::new()) };
    /// The languages' refusals as the wizard says them, made so far.
    static WIZARD_REFUSALS: Kept<Refusals> = const { std::cell::RefCell::new(Vec::new()) };
    /// The languages' lessons read from the page's data so far.
    static LOADED_LESSONS: Kept<Lessons> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What was read of one kind of data, by language.
type Kept<T> = std::cell::RefCell<Vec<(Lang, &'static T)>>;

/// What `kept` holds for `lang`.
fn find<T>(kept: &Kept<T>, lang: Lang) -> Option<&'static T> {
    kept.borrow()
        .iter()
        .find_map(|(of, value)| (*of == lang).then_some(*value))
}

/// `lang`'s words from the page's data block, read and kept on first use.
fn loaded(lang: Lang) -> Result<&'static Words, String> {
    LOADED.with(|kept| kept_or_read(kept, lang, &lang.data_id()))
}

/// What `kept` holds for `lang`, else the data block `id` read, kept and returned.
fn kept_or_read<T: FromTexts>(kept: &Kept<T>, lang: Lang, id: &str) -> Result<&'static T, String> {
    if let Some(found) = find(kept, lang) {
        return Ok(found);
    }
    let value: &'static T = Box::leak(Box::new(read(&block(id)?)?));
    kept.borrow_mut().push((lang, value));
    Ok(value)
}

/// The text of the page's data block `id`.
fn block(id: &str) -> Result<String, String> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.text_content())
        .ok_or_else(|| format!("this copy of the page has no #{id}"))
}

/// Words (or lessons, or refusals) read from a data block's JSON.
fn read<T: FromTexts>(json: &str) -> Result<T, String> {
    T::from_texts(texts_of(json)?)
}

/// The texts of a data block's JSON, a list of strings, read by the browser's own parser: the
/// page's module carries no JSON parser of its own.
#[cfg(target_arch = "wasm32")]
fn texts_of(json: &str) -> Result<Vec<String>, String> {
    use wasm_bindgen::JsCast as _;
    let not_texts = || "the page's data is not a list of texts".to_owned();
    js_sys::JSON::parse(json)
        .map_err(|_| not_texts())?
        .dyn_into::<js_sys::Array>()
        .map_err(|_| not_texts())?
        .iter()
        .map(|text| text.as_string().ok_or_else(not_texts))
        .collect()
}

/// The same natively, for the tests, by serde_json.
#[cfg(not(target_arch = "wasm32"))]
fn texts_of(json: &str) -> Result<Vec<String>, String> {
    serde_json::from_str(json).map_err(|err| err.to_string())
}

/// The key of the language choice in the browser's storage.
const STORED: &str = "portcullis-language";

/// The language to start in: the one the user chose before, if the page could remember it;
/// else the first of the browser's languages the wizard speaks; else English.
pub fn first_choice() -> Lang {
    stored().unwrap_or_else(|| {
        let languages = web_sys::window()
            .map(|window| window.navigator().languages())
            .unwrap_or_default();
        let tags: Vec<String> = languages.iter().filter_map(|tag| tag.as_string()).collect();
        Lang::preferred(tags.iter().map(String::as_str))
    })
}

/// The language chosen before, where the page may read its storage. Earlier versions stored
/// the tag as JSON, in quotes, which are dropped.
fn stored() -> Option<Lang> {
    let tag = storage()?.get_item(STORED).ok()??;
    Lang::from_tag(tag.trim_matches('"'))
}

/// Remembers the choice, where the page may; where it may not, the choice lasts this visit.
pub fn remember(lang: Lang) {
    if let Some(storage) = storage() {
        // Full, or turned off since: the choice lasts this visit.
        let _ = storage.set_item(STORED, lang.tag());
    }
}

/// The page's `localStorage`, where it may use one (not in some browsers from `file://`, in
/// sandboxed frames, or with storage turned off).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

// Natively, where German and Japanese are compiled in to be checked against English.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
