//! # portcullis-words
//!
//! The words of Portcullis in English, German and Japanese: the wizard's, and the core's
//! refusals (the CLI writes those from the English ones).
//!
//! Each language is one value of the same structs: a text missing in one language is a field
//! left out, which does not compile, so no language ever falls back to another's words.
//!
//! The page's module holds no words. Its size is budgeted (`cargo xtask dist`), and words are
//! the part of it gzip shrinks least, so every language's words, refusals and lessons reach it
//! as data beside the module.
//! This crate's `portcullis-words` program writes them ([`data_html`]) as `<script
//! type="application/json">` blocks, which Trunk inlines into the page before it builds
//! (`Trunk.toml`'s pre-build hook); the page reads a block back with
//! [`FromTexts::from_texts`]. The data is every text of a struct in the order of its fields
//! ([`Texts`]), so the page and its data are always built from the same structs.
//!
//! Natively (the tests, the data program) every language is compiled in: [`Lang::compiled`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
mod de;
mod en;
#[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
mod ja;

/// See [`Lang::english_refusals`].
static ENGLISH_REFUSALS: Refusals = en::REFUSALS;

/// A language the wizard is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// German, in the words of Docker's German documentation.
    De,
    /// Japanese, in the words of Docker's Japanese documentation.
    Ja,
}

impl Lang {
    /// Every language, in the order the page lists them.
    pub const ALL: [Self; 3] = [Self::En, Self::De, Self::Ja];

    /// The language's BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Ja => "ja",
        }
    }

    /// The language with this tag (exactly as [`Lang::tag`] writes it), as the page stores it.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's name in itself, as a language list shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Ja => "日本語",
        }
    }

    /// The first of the user's languages (`navigator.languages`, most wanted first) that the
    /// wizard is written in, by primary subtag (`de-AT` is German); English if none is.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Self {
        tags.into_iter()
            .find_map(|tag| {
                let primary = tag.split(['-', '_']).next().unwrap_or_default();
                Self::ALL
                    .into_iter()
                    .find(|lang| lang.tag().eq_ignore_ascii_case(primary))
            })
            .unwrap_or_default()
    }

    /// This language's words where they are compiled in: natively (or with the feature
    /// `compiled`). In the page every language's words, English too, are data
    /// ([`FromTexts::from_texts`]): the page's module is budgeted, and its words are the
    /// largest part of it that gzip cannot shrink away.
    pub fn compiled(self) -> Option<&'static Words> {
        #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
        {
            Some(self.words())
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "compiled")))]
        {
            None
        }
    }

    /// The English refusals alone, from which the core writes its own English (the CLI's
    /// refusals and warnings): compiled in everywhere, so that the core can say them, and
    /// apart from the rest, so that the workers' module, which needs only these, does not
    /// link every word of the wizard. The page never says anything from these (they are data
    /// there too).
    pub fn english_refusals() -> &'static Refusals {
        &ENGLISH_REFUSALS
    }

    /// This language's lessons, natively. In the page every language's lessons, English too,
    /// are data ([`data_html`]): they are the longest text, and the page needs them only for
    /// its side panel. (The feature `compiled` compiles every language in for the browser too,
    /// for the wizard's component tests, which run without the page's data.)
    #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
    pub fn lessons(self) -> &'static Lessons {
        match self {
            Self::En => &en::LESSONS,
            Self::De => &de::LESSONS,
            Self::Ja => &ja::LESSONS,
        }
    }

    /// This language's words, natively, where every language is compiled in.
    #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
    pub fn words(self) -> &'static Words {
        match self {
            Self::En => &en::WORDS,
            Self::De => &de::WORDS,
            Self::Ja => &ja::WORDS,
        }
    }

    /// This language's refusals and warnings (the core's, said at the edge), natively.
    #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
    pub fn refusals(self) -> &'static Refusals {
        match self {
            Self::En => &en::REFUSALS,
            Self::De => &de::REFUSALS,
            Self::Ja => &ja::REFUSALS,
        }
    }

    /// This language's refusals where they are compiled in: natively (or with the feature
    /// `compiled`). In the page every language's refusals, English too, are data: the page
    /// must never say a refusal from the English compiled in for the CLI
    /// ([`Lang::english_refusals`]), which would link every template into its module.
    pub fn compiled_refusals(self) -> Option<&'static Refusals> {
        #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
        {
            Some(self.refusals())
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "compiled")))]
        {
            None
        }
    }

    /// This language's lessons where they are compiled in: natively (or with the feature
    /// `compiled`); in the page they are data.
    pub fn compiled_lessons(self) -> Option<&'static Lessons> {
        #[cfg(any(not(target_arch = "wasm32"), feature = "compiled"))]
        {
            Some(self.lessons())
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "compiled")))]
        {
            None
        }
    }

    /// The id of the page's data block with this language's words.
    pub fn data_id(self) -> String {
        format!("portcullis-words-{}", self.tag())
    }

    /// The id of the page's data block with this language's refusals.
    pub fn refusals_id(self) -> String {
        format!("portcullis-refusals-{}", self.tag())
    }

    /// The id of the page's data block with this language's lessons.
    pub fn lessons_id(self) -> String {
        format!("portcullis-lessons-{}", self.tag())
    }
}

/// Words' texts in a fixed order: every `&'static str` of a struct, field by field, a slice as
/// its length and then its texts. The page's data is this list, so it is read back in the
/// same order into the same structs ([`FromTexts::from_texts`]).
pub trait Texts: Sized {
    /// Appends this value's texts.
    fn put(&self, out: &mut Vec<String>);
    /// Takes this value's texts, in [`Texts::put`]'s order, from `from`. Reading never stops
    /// halfway (that would cost the page's module a branch per text): a problem is kept in
    /// `from`, and the words read are used only when there is none.
    fn take(from: &mut Taker) -> Self;
}

/// The texts being read back into words. Each text is leaked once, so that the words loaded
/// for a language are `'static` like the compiled ones; the page loads a language at most once.
#[derive(Debug)]
pub struct Taker {
    texts: std::vec::IntoIter<String>,
    taken: usize,
    problem: Option<String>,
}

/// 1, for counting a struct's texts.
macro_rules! one {
    ($field:ident) => {
        1
    };
}

impl Taker {
    /// The next `N` texts. A loop, where `array::from_fn` was unrolled into one call per text
    /// (kilobytes per struct in the page's module).
    fn many<const N: usize>(&mut self) -> [&'static str; N] {
        let mut texts = [""; N];
        for text in &mut texts {
            *text = self.next();
        }
        texts
    }

    // Once, not at each of the hundreds of fields: the page's module is budgeted.
    #[inline(never)]
    fn next(&mut self) -> &'static str {
        match self.texts.next() {
            Some(text) => {
                self.taken += 1;
                Box::leak(text.into_boxed_str())
            }
            None => {
                self.problem.get_or_insert_with(|| {
                    format!(
                        "the data ends after {} texts, before this page's words do",
                        self.taken
                    )
                });
                ""
            }
        }
    }
}

impl Texts for &'static str {
    fn put(&self, out: &mut Vec<String>) {
        out.push((*self).to_owned());
    }

    fn take(from: &mut Taker) -> Self {
        from.next()
    }
}

impl Texts for &'static [&'static str] {
    fn put(&self, out: &mut Vec<String>) {
        out.push(self.len().to_string());
        out.extend(self.iter().map(|text| (*text).to_owned()));
    }

    fn take(from: &mut Taker) -> Self {
        let at = from.taken;
        let count = from.next();
        let Ok(count) = count.parse::<usize>() else {
            from.problem.get_or_insert_with(|| {
                format!("text {at} should count paragraphs, but is {count:?}")
            });
            return &[];
        };
        let texts: Vec<&'static str> = (0..count).map(|_| from.next()).collect();
        Box::leak(texts.into_boxed_slice())
    }
}

/// Defines a struct of words with its [`Texts`] in the order of its fields, so that a field
/// added to the struct is in the data too.
macro_rules! words {
    // Texts only: read back as one array, which the struct's layout (texts in order, repr(C))
    // takes whole, rather than one call per field: the page's module is budgeted, and it
    // reads hundreds of them.
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: &'static str, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[repr(C)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: &'static str, )*
        }

        impl Texts for $name {
            fn put(&self, out: &mut Vec<String>) {
                $( Texts::put(&self.$field, out); )*
            }

            fn take(from: &mut Taker) -> Self {
                let [$($field),*] = from.many::<{ 0 $(+ one!($field))* }>();
                Self { $($field),* }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, PartialEq)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl Texts for $name {
            fn put(&self, out: &mut Vec<String>) {
                $( Texts::put(&self.$field, out); )*
            }

            fn take(from: &mut Taker) -> Self {
                Self { $( $field: Texts::take(from), )* }
            }
        }
    };
}

words! {
/// Every word of the wizard in one language.
pub struct Words {
    /// The steps' names and the document's title.
    pub steps: Steps,
    /// The page's frame and the Overview.
    pub frame: Frame,
    /// The CA, Server and Clients steps.
    pub path: Path,
    /// The Generate step.
    pub generate: Generate,
    /// The Review and Download steps.
    pub results: Results,
    /// The tools.
    pub tools: Tools,
    /// The inputs' labels.
    pub labels: Labels,
    /// The wizard's own messages.
    pub messages: Messages,
}
}

/// Words read back from their texts ([`Texts::put`]'s order), as the page reads its data.
pub trait FromTexts: Texts {
    /// Every text, in the order [`FromTexts::from_texts`] reads them.
    fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.put(&mut out);
        out
    }

    /// Words whose every text is empty: for the page's checks, where only whether a problem
    /// is said counts, in a copy of the page whose data cannot be read (which the page says).
    fn blank() -> Self {
        let mut from = Taker {
            texts: Vec::new().into_iter(),
            taken: 0,
            problem: None,
        };
        Self::take(&mut from)
    }

    /// The words read back from [`FromTexts::texts`]: an error names where the data and this
    /// page part ways (a page and data from different builds).
    fn from_texts(texts: Vec<String>) -> Result<Self, String> {
        let total = texts.len();
        let mut from = Taker {
            texts: texts.into_iter(),
            taken: 0,
            problem: None,
        };
        let words = Self::take(&mut from);
        match from.problem {
            Some(problem) => Err(problem),
            None if from.taken == total => Ok(words),
            None => Err(format!(
                "the data has {total} texts, but this page's words end after {}",
                from.taken
            )),
        }
    }
}

impl FromTexts for Words {}
impl FromTexts for Lessons {}
impl FromTexts for Refusals {}

/// `template` with each `{KEY}` of `values` replaced by its value, in one pass: a value is never
/// searched for placeholders, so text the user typed cannot fill one.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    fill_between(template, ("{", "}"), |key| {
        values
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, value)| *value)
    })
}

/// `template` with each placeholder between `open` and `close` replaced by `value` of its
/// name, in one pass. A placeholder without a value stays as it is. (The bundle's files use
/// `{{NAME}}`, the words `{NAME}`.)
pub fn fill_between<'a>(
    template: &str,
    (open, close): (&str, &str),
    value: impl Fn(&str) -> Option<&'a str>,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let found = after
            .find(close)
            .and_then(|end| value(&after[..end]).map(|value| (value, end)));
        match found {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + close.len()..];
            }
            None => {
                out.push_str(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page's data: for every language a `<script type="application/json">` block with the id
/// [`Lang::data_id`] that holds its [`Words`] ([`FromTexts::texts`]) as a JSON array, one with
/// the id [`Lang::refusals_id`] with its [`Refusals`] and one with the id [`Lang::lessons_id`]
/// with its [`Lessons`]. `<` is written as `\u003c`,
/// so no text can end the block.
#[cfg(not(target_arch = "wasm32"))]
pub fn data_html() -> String {
    let mut html = String::from(
        "<!-- The wizard's words, refusals and lessons in every language, as data beside the \
         page's module (portcullis-words). -->\n",
    );
    let mut block = |id: String, texts: Vec<String>| {
        html.push_str(&format!("<script type=\"application/json\" id=\"{id}\">"));
        html.push_str(&json_array(&texts));
        html.push_str("</script>\n");
    };
    for lang in Lang::ALL {
        block(lang.data_id(), lang.words().texts());
        block(lang.refusals_id(), lang.refusals().texts());
        block(lang.lessons_id(), lang.lessons().texts());
    }
    html
}

/// A JSON array of strings.
#[cfg(not(target_arch = "wasm32"))]
fn json_array(texts: &[String]) -> String {
    let mut json = String::from("[");
    for (n, text) in texts.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push('"');
        for c in text.chars() {
            match c {
                '"' => json.push_str("\\\""),
                '\\' => json.push_str("\\\\"),
                '\n' => json.push_str("\\n"),
                '<' => json.push_str("\\u003c"),
                c if u32::from(c) < 0x20 => json.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => json.push(c),
            }
        }
        json.push('"');
    }
    json.push(']');
    json
}

words! {
/// One lesson: a title and its paragraphs.
pub struct Lesson {
    /// The panel's heading.
    pub title: &'static str,
    /// The paragraphs, in order.
    pub paragraphs: &'static [&'static str],
}
}

words! {
/// The lesson of every step and tool, in one language.
pub struct Lessons {
    /// The Overview.
    pub overview: Lesson,
    /// The CA step.
    pub ca: Lesson,
    /// The Server step.
    pub server: Lesson,
    /// The Clients step.
    pub clients: Lesson,
    /// The Generate step.
    pub generate: Lesson,
    /// The Review step.
    pub review: Lesson,
    /// The Download step.
    pub download: Lesson,
    /// The CSR tool.
    pub sign_csr: Lesson,
    /// The renew tool.
    pub renew: Lesson,
    /// The revoke tool.
    pub revoke: Lesson,
    /// The check tool.
    pub check: Lesson,
}
}

words! {
/// Every input's label (also its accessible name), in one language.
pub struct Labels {
    /// `Input::UseExistingCa`.
    pub use_existing_ca: &'static str,
    /// `Input::ExistingCaCert`.
    pub existing_ca_cert: &'static str,
    /// `Input::ExistingCaKey`.
    pub existing_ca_key: &'static str,
    /// `Input::CaName`.
    pub ca_name: &'static str,
    /// `Input::KeyType`.
    pub key_type: &'static str,
    /// `Input::Platform`.
    pub platform: &'static str,
    /// `Input::CaPassphrase`.
    pub ca_passphrase: &'static str,
    /// `Input::CaPassphraseRepeat`.
    pub ca_passphrase_repeat: &'static str,
    /// `Input::UnencryptedCaKey`.
    pub unencrypted_ca_key: &'static str,
    /// `Input::CaDays`.
    pub ca_days: &'static str,
    /// `Input::ServerDns`.
    pub server_dns: &'static str,
    /// `Input::ServerIp`.
    pub server_ip: &'static str,
    /// `Input::Port`.
    pub port: &'static str,
    /// `Input::ServerDays`.
    pub server_days: &'static str,
    /// `Input::DockerHost`.
    pub docker_host: &'static str,
    /// `Input::OtherServers`.
    pub other_servers: &'static str,
    /// `Input::ServerOwnKey`.
    pub server_own_key: &'static str,
    /// `Input::ServerCsr`.
    pub server_csr: &'static str,
    /// `Input::Clients`.
    pub clients: &'static str,
    /// `Input::ClientDays`.
    pub client_days: &'static str,
    /// `Input::Proxy`.
    pub proxy: &'static str,
    /// `Input::ClientP12`.
    pub client_p12: &'static str,
    /// `Input::P12Password`.
    pub p12_password: &'static str,
    /// `Input::P12PasswordRepeat`.
    pub p12_password_repeat: &'static str,
    /// `Input::Csr`.
    pub csr: &'static str,
    /// `Input::CsrProfile`.
    pub csr_profile: &'static str,
    /// `Input::CsrUseNames`.
    pub csr_use_names: &'static str,
    /// `Input::CsrDns`.
    pub csr_dns: &'static str,
    /// `Input::CsrIp`.
    pub csr_ip: &'static str,
    /// `Input::CsrClientName`.
    pub csr_client_name: &'static str,
    /// `Input::CsrDays`.
    pub csr_days: &'static str,
    /// `Input::RevokeCerts`.
    pub revoke_certs: &'static str,
    /// `Input::RevokeCrl`.
    pub revoke_crl: &'static str,
    /// `Input::RevokeReason`.
    pub revoke_reason: &'static str,
    /// `Input::RevokeDays`.
    pub revoke_days: &'static str,
    /// `Input::KeyMaker`.
    pub key_maker: &'static str,
    /// `Input::RotateCa`.
    pub rotate_ca: &'static str,
    /// `Input::NewCaName`.
    pub new_ca_name: &'static str,
    /// `Input::NewCaPassphrase`.
    pub new_ca_passphrase: &'static str,
    /// `Input::NewCaPassphraseRepeat`.
    pub new_ca_passphrase_repeat: &'static str,
    /// `Input::CheckCa`.
    pub check_ca: &'static str,
    /// `Input::CheckCert`.
    pub check_cert: &'static str,
    /// `Input::CheckKey`.
    pub check_key: &'static str,
    /// `Input::CheckHost`.
    pub check_host: &'static str,
}
}

words! {
/// The names of the steps and tools, and the document's title, in one language.
pub struct Steps {
    /// `Step::Overview`.
    pub overview: &'static str,
    /// `Step::Ca`.
    pub ca: &'static str,
    /// `Step::Server`.
    pub server: &'static str,
    /// `Step::Clients`.
    pub clients: &'static str,
    /// `Step::Generate`.
    pub generate: &'static str,
    /// `Step::Review`.
    pub review: &'static str,
    /// `Step::Download`.
    pub download: &'static str,
    /// `Step::SignCsr`.
    pub sign_csr: &'static str,
    /// `Step::Renew`.
    pub renew: &'static str,
    /// `Step::Revoke`.
    pub revoke: &'static str,
    /// `Step::Check`.
    pub check: &'static str,
    /// The document's title on a step: `{N}`, `{TOTAL}`, `{STEP}`.
    pub step_title: &'static str,
    /// The document's title on a tool: `{STEP}`.
    pub tool_title: &'static str,
}
}

words! {
/// The page's frame (header, the wizard's buttons, the network indicator) and the Overview, in
/// one language. `{CHECK}` and `{REASON}` are filled in where they stand.
pub struct Frame {
    /// The header's tagline.
    pub tagline: &'static str,
    /// The accessible name of the wizard's buttons.
    pub wizard_buttons: &'static str,
    /// Back, on a tool.
    pub back_to_wizard: &'static str,
    /// Back.
    pub back: &'static str,
    /// Next.
    pub next: &'static str,
    /// What to do about a copy whose policy allows the network.
    pub check_the_copy: &'static str,
    /// The accessible name of the list of steps.
    pub steps_label: &'static str,
    /// The accessible name of a list of warnings.
    pub warnings_label: &'static str,
    /// An example of a CA's name, shown in the empty CA name field.
    pub ca_name_example: &'static str,
    /// An example of a new CA's name, shown in the renew tool's empty field.
    pub new_ca_name_example: &'static str,
    /// The network indicator while it checks.
    pub network_checking: &'static str,
    /// What it does meanwhile: `{TO}`.
    pub network_checking_detail: &'static str,
    /// The network indicator when the policy refused the request.
    pub network_blocked: &'static str,
    /// What that means: `{TO}`.
    pub network_blocked_detail: &'static str,
    /// The network indicator when the request went through.
    pub network_open: &'static str,
    /// What that means: `{TO}`, `{CHECK}`.
    pub network_open_detail: &'static str,
    /// The network indicator when the request failed otherwise.
    pub network_not_refused: &'static str,
    /// What that means: `{REASON}`, `{CHECK}`.
    pub network_not_refused_detail: &'static str,
    /// The `{TO}` of a page a host served: where its request went.
    pub network_to_own_address: &'static str,
    /// The `{TO}` of a page opened from a file: where its request went, and why there.
    pub network_to_loopback: &'static str,
    /// The Overview's first paragraph.
    pub lead: &'static str,
    /// What the CA step is for, after its name.
    pub plan_ca: &'static str,
    /// What the Server step is for, after its name.
    pub plan_server: &'static str,
    /// What the Clients step is for, after its name.
    pub plan_clients: &'static str,
    /// The last three steps' names together.
    pub plan_last_steps: &'static str,
    /// What they are for, after their names.
    pub plan_last: &'static str,
    /// The tools' heading.
    pub tools_title: &'static str,
    /// Before the CSR tool's button.
    pub tools_sign_csr: &'static str,
    /// Before the renew tool's button.
    pub tools_renew: &'static str,
    /// Before the revoke tool's button.
    pub tools_revoke: &'static str,
    /// Before the check tool's button.
    pub tools_check: &'static str,
    /// The plan file's heading.
    pub plan_file_title: &'static str,
    /// The plan file's picker.
    pub plan_file_open: &'static str,
    /// What a plan file is.
    pub plan_file_hint: &'static str,
    /// The diagram's title.
    pub diagram_title: &'static str,
    /// The diagram's description.
    pub diagram_description: &'static str,
    /// The diagram's arrows from the CA.
    pub diagram_signs: &'static str,
    /// The diagram's line between client and daemon.
    pub diagram_mutual: &'static str,
    /// The diagram's last line.
    pub diagram_checks: &'static str,
}
}

words! {
/// The CA, Server and Clients steps' own words (their inputs' labels are in [`Labels`]), in one
/// language. `{REQUEST}` is filled in where it stands.
pub struct Path {
    /// The note on ECDSA P-256 in the key type list.
    pub ca_p256_note: &'static str,
    /// The note on RSA 4096.
    pub ca_rsa4096_note: &'static str,
    /// The key type's hint.
    pub ca_key_type_hint: &'static str,
    /// The lead with an existing CA.
    pub ca_existing_lead: &'static str,
    /// The existing CA certificate's hint.
    pub ca_existing_cert_hint: &'static str,
    /// The existing CA key's hint.
    pub ca_existing_key_hint: &'static str,
    /// The CA step's lead.
    pub ca_lead: &'static str,
    /// The CA name's hint.
    pub ca_name_hint: &'static str,
    /// The CA passphrase's hint.
    pub ca_passphrase_hint: &'static str,
    /// The CA lifetime's hint.
    pub ca_days_hint: &'static str,
    /// The systemd platform in the list.
    pub server_systemd: &'static str,
    /// The rootless platform.
    pub server_rootless: &'static str,
    /// The Windows platform.
    pub server_windows: &'static str,
    /// The Podman platform.
    pub server_podman: &'static str,
    /// The Server step's lead.
    pub server_lead: &'static str,
    /// The DNS names' hint.
    pub server_dns_hint: &'static str,
    /// The IP addresses' hint.
    pub server_ip_hint: &'static str,
    /// The port's hint.
    pub server_port_hint: &'static str,
    /// The platform's hint.
    pub server_platform_hint: &'static str,
    /// The server's and clients' lifetime hint.
    pub leaf_days_hint: &'static str,
    /// The address check's hint.
    pub server_docker_host_hint: &'static str,
    /// The server CSR's hint.
    pub server_csr_hint: &'static str,
    /// The CSR file picker.
    pub server_csr_file: &'static str,
    /// The CSR's check passed: `{REQUEST}`.
    pub server_csr_valid: &'static str,
    /// The other servers' hint.
    pub server_others_hint: &'static str,
    /// The Clients step's lead.
    pub clients_lead: &'static str,
    /// The client names' hint.
    pub clients_hint: &'static str,
    /// The proxy's explanation.
    pub clients_proxy_hint: &'static str,
    /// client.p12's explanation.
    pub clients_p12_hint: &'static str,
    /// client.p12's password hint.
    pub clients_p12_password_hint: &'static str,
    /// The plan section's heading.
    pub clients_plan_title: &'static str,
    /// The plan section's text.
    pub clients_plan_hint: &'static str,
    /// The plan's save button.
    pub clients_plan_save: &'static str,
    /// When it was saved.
    pub clients_plan_saved: &'static str,
}
}

words! {
/// The Generate step's words, in one language. `{NAME}`s are filled in where they stand.
pub struct Generate {
    /// The summary's key type.
    pub summary_keys: &'static str,
    /// The summary's one server.
    pub summary_server: &'static str,
    /// The summary's servers: `{N}`.
    pub summary_server_n: &'static str,
    /// The summary's clients.
    pub summary_clients: &'static str,
    /// What was made ahead: `{READY}`, `{WANTED}`, `{AND_ENCRYPTION}`.
    pub stock_ready: &'static str,
    /// `{AND_ENCRYPTION}` when the encryption key is ready too.
    pub stock_and_encryption: &'static str,
    /// When only the encryption key was made ahead.
    pub stock_encryption_only: &'static str,
    /// A key could not be made ahead (none more are, until the key type or maker changes;
    /// Generate tries again): `{WHY}`.
    pub stock_failed: &'static str,
    /// Before anything was made.
    pub nothing_yet: &'static str,
    /// Before the worker's first report.
    pub waiting: &'static str,
    /// A step of the run: `{DOING}`, `{N}`, `{TOTAL}`.
    pub running_line: &'static str,
    /// The worker is starting.
    pub doing_starting: &'static str,
    /// Waiting for the RSA keys made by WebCrypto.
    pub doing_rsa_webcrypto: &'static str,
    /// Waiting for the RSA keys made by the Rust code in parallel workers.
    pub doing_rsa_rust_workers: &'static str,
    /// Waiting for the RSA keys made by the Rust code.
    pub doing_rsa_rust: &'static str,
    /// Finishing the CA key's encryption key, started ahead.
    pub doing_encryption_key_ahead: &'static str,
    /// Deriving the CA key's encryption key by WebCrypto's PBKDF2.
    pub doing_encryption_key_webcrypto: &'static str,
    /// Signing with the RSA keys by WebCrypto.
    pub doing_signatures_webcrypto: &'static str,
    /// Making the CA's key.
    pub doing_ca_key: &'static str,
    /// Encrypting the CA's key.
    pub doing_encrypting_ca_key: &'static str,
    /// Making the one server's key.
    pub doing_server_key: &'static str,
    /// Making a server's key, one of several: `{NAME}`.
    pub doing_server_key_for: &'static str,
    /// Making a client's key: `{NAME}`.
    pub doing_client_key_for: &'static str,
    /// The progress bar's accessible name.
    pub progress: &'static str,
    /// The run is done: `{COUNT}`, `{FILE}`.
    pub done: &'static str,
    /// How many keys were made ahead: `{COUNT}`.
    pub made_ahead: &'static str,
    /// The encryption key was derived ahead.
    pub encryption_ahead: &'static str,
    /// WebCrypto made the RSA signatures.
    pub signed_by_webcrypto: &'static str,
    /// WebCrypto was asked for but this context offers none (no secure context).
    pub fell_back: &'static str,
    /// The run failed: `{MESSAGE}`.
    pub failed: &'static str,
    /// The run was cancelled.
    pub cancelled: &'static str,
    /// The step's lead.
    pub lead: &'static str,
    /// The key maker's hint.
    pub key_maker_hint: &'static str,
    /// The Generate button.
    pub generate: &'static str,
    /// The Cancel button.
    pub cancel: &'static str,
    /// The WebCrypto choice.
    pub maker_webcrypto: &'static str,
    /// The Rust choice.
    pub maker_rust: &'static str,
}
}

words! {
/// The Review and Download steps' words, in one language. `{NAME}`s are filled in where they
/// stand (those marked code as `<code>`).
pub struct Results {
    /// Review before anything was made.
    pub review_nothing: &'static str,
    /// Review's lead.
    pub review_lead: &'static str,
    /// The openssl section's heading.
    pub review_openssl_title: &'static str,
    /// The openssl section's text.
    pub review_openssl: &'static str,
    /// The commands' accessible name.
    pub review_openssl_region: &'static str,
    /// A certificate's heading: `{TITLE}`.
    pub review_certificate: &'static str,
    /// An empty list.
    pub review_none: &'static str,
    /// Subject.
    pub review_subject: &'static str,
    /// Issuer.
    pub review_issuer: &'static str,
    /// Serial.
    pub review_serial: &'static str,
    /// Valid from.
    pub review_valid_from: &'static str,
    /// Valid until.
    pub review_valid_until: &'static str,
    /// Subject alt names.
    pub review_sans: &'static str,
    /// Key usage.
    pub review_key_usage: &'static str,
    /// Extended key usage.
    pub review_extended_key_usage: &'static str,
    /// Basic constraints.
    pub review_basic_constraints: &'static str,
    /// Key type.
    pub review_key_type: &'static str,
    /// Who made the key.
    pub review_key_made_by: &'static str,
    /// Signature algorithm.
    pub review_signature: &'static str,
    /// SHA-256 fingerprint.
    pub review_fingerprint: &'static str,
    /// Download before anything was made.
    pub download_nothing: &'static str,
    /// How install.sh runs on a rootless host, after the command.
    pub download_run_rootless: &'static str,
    /// How install.ps1 runs, after the command.
    pub download_run_windows: &'static str,
    /// Download's lead.
    pub download_lead: &'static str,
    /// The download button.
    pub download_button: &'static str,
    /// After saving: `{NAME}`.
    pub download_saved: &'static str,
    /// When saving failed: `{MESSAGE}`.
    pub download_failed: &'static str,
    /// The steps' heading.
    pub download_then: &'static str,
    /// Installing several servers: `{DIR}` (code).
    pub download_servers: &'static str,
    /// Installing one server: `{DIR}`, `{RUN}` (code), `{HOST}`.
    pub download_server: &'static str,
    /// Setting up clients: `{DIR}`, `{RUN}` (code).
    pub download_clients: &'static str,
    /// Importing client.p12: `{FILE}` (code).
    pub download_p12: &'static str,
    /// Putting the CA key away: `{FILE}` (code).
    pub download_ca_key: &'static str,
    /// The README's summary line.
    pub download_guide: &'static str,
}
}

words! {
/// The tools' words (CSR, renew, revoke, check, and the CA panel they share), in one language.
/// `{NAME}`s are filled in where they stand.
pub struct Tools {
    /// The tools' CA heading.
    pub your_ca: &'static str,
    /// The CSR read: `{REQUEST}`.
    pub csr_asks: &'static str,
    /// Open a certificate's file.
    pub open_certificate: &'static str,
    /// Open a key's file.
    pub open_key: &'static str,
    /// The CA passphrase's hint in a tool.
    pub passphrase_if_encrypted: &'static str,
    /// The CSR tool's lead.
    pub sign_lead: &'static str,
    /// Where the CA key is used.
    pub key_used_here: &'static str,
    /// The request's heading.
    pub sign_request: &'static str,
    /// Open the CSR's file.
    pub open_csr: &'static str,
    /// Sign as a server.
    pub sign_profile_server: &'static str,
    /// Sign as a client.
    pub sign_profile_client: &'static str,
    /// The profile's hint.
    pub sign_profile_hint: &'static str,
    /// The names' hint.
    pub sign_dns_hint: &'static str,
    /// The client name's hint.
    pub sign_client_hint: &'static str,
    /// The Sign button.
    pub sign: &'static str,
    /// While signing.
    pub signing: &'static str,
    /// Not signed: `{WHY}`.
    pub sign_failed: &'static str,
    /// The result's heading and accessible name.
    pub signed: &'static str,
    /// Subject.
    pub signed_subject: &'static str,
    /// Issuer.
    pub signed_issuer: &'static str,
    /// Names.
    pub signed_names: &'static str,
    /// Usage.
    pub signed_usage: &'static str,
    /// Valid until.
    pub signed_until: &'static str,
    /// The PEM's accessible name.
    pub signed_pem: &'static str,
    /// Save a file: `{FILE}`.
    pub save_file: &'static str,
    /// After saving: `{FILE}`.
    pub signed_saved: &'static str,
    /// The renew tool's lead.
    pub renew_lead: &'static str,
    /// Open the old bundle.
    pub renew_open: &'static str,
    /// Where the zip is read.
    pub renew_read_here: &'static str,
    /// The expiry table's heading.
    pub renew_holds: &'static str,
    /// The table's first column.
    pub renew_certificate: &'static str,
    /// The table's second column.
    pub renew_expires: &'static str,
    /// While reading the zip.
    pub renew_reading: &'static str,
    /// Under the user's own CA.
    pub renew_own_ca: &'static str,
    /// The passphrase's hint.
    pub renew_passphrase_hint: &'static str,
    /// Replacing the CA's explanation.
    pub renew_rotate_hint: &'static str,
    /// The new CA name's hint.
    pub renew_new_name_hint: &'static str,
    /// The new passphrase's hint.
    pub renew_new_passphrase_hint: &'static str,
    /// The renew button.
    pub renew_renew: &'static str,
    /// The rotate button.
    pub renew_rotate: &'static str,
    /// While renewing: `{DOING}`, `{DONE}`, `{TOTAL}`.
    pub renew_renewing: &'static str,
    /// While rotating: `{DOING}`, `{DONE}`, `{TOTAL}`.
    pub renew_rotating: &'static str,
    /// Cancel.
    pub cancel: &'static str,
    /// Rotated: `{COUNT}`.
    pub renew_rotated: &'static str,
    /// The rotated bundle's four steps.
    pub renew_rotated_steps: &'static str,
    /// Download the rotated bundle.
    pub renew_download_rotated: &'static str,
    /// After saving it.
    pub renew_saved_rotated: &'static str,
    /// Renewed: `{COUNT}`.
    pub renew_renewed: &'static str,
    /// Download the renewed bundle.
    pub renew_download_renewed: &'static str,
    /// After saving it.
    pub renew_saved_renewed: &'static str,
    /// Not renewed: `{WHY}`.
    pub renew_not_renewed: &'static str,
    /// Not rotated: `{WHY}`.
    pub renew_not_rotated: &'static str,
    /// Cancelled.
    pub cancelled: &'static str,
    /// The revoke tool's lead.
    pub revoke_lead: &'static str,
    /// The CA certificate's hint.
    pub revoke_cert_hint: &'static str,
    /// The CA key's hint.
    pub revoke_key_hint: &'static str,
    /// What to revoke.
    pub revoke_what: &'static str,
    /// The certificates' hint.
    pub revoke_certs_hint: &'static str,
    /// Open a certificate's file.
    pub open_a_certificate: &'static str,
    /// The current CRL's hint.
    pub revoke_crl_hint: &'static str,
    /// Open the CRL's file.
    pub open_crl: &'static str,
    /// The reason's hint.
    pub revoke_reason_hint: &'static str,
    /// The next update's hint.
    pub revoke_days_hint: &'static str,
    /// The button.
    pub revoke_make: &'static str,
    /// While making it.
    pub revoke_making: &'static str,
    /// No CRL: `{WHY}`.
    pub revoke_failed: &'static str,
    /// The result's accessible name.
    pub revoke_new: &'static str,
    /// One certificate revoked in all.
    pub revoke_made_one: &'static str,
    /// Several: `{COUNT}`.
    pub revoke_made_many: &'static str,
    /// After saving it.
    pub revoke_saved: &'static str,
    /// The check tool's lead.
    pub check_lead: &'static str,
    /// ca.pem's hint.
    pub check_ca_hint: &'static str,
    /// cert.pem's hint.
    pub check_cert_hint: &'static str,
    /// key.pem's hint.
    pub check_key_hint: &'static str,
    /// DOCKER_HOST's hint.
    pub check_host_hint: &'static str,
    /// Open a named file: `{FILE}`.
    pub open_file: &'static str,
    /// The button.
    pub check: &'static str,
    /// While checking.
    pub checking: &'static str,
    /// The report's heading.
    pub check_found: &'static str,
    /// Nothing stops docker.
    pub check_fine: &'static str,
    /// One problem.
    pub check_problem_one: &'static str,
    /// Several: `{COUNT}`.
    pub check_problem_many: &'static str,
    /// A problem.
    pub check_error: &'static str,
    /// A warning.
    pub check_warning: &'static str,
    /// Fine.
    pub check_ok: &'static str,
    /// What docker prints.
    pub check_docker_says: &'static str,
    /// The fix: `{FIX}`.
    pub check_fix: &'static str,
}
}

words! {
/// The wizard's own messages: Next's reasons, the renew tool's, and the form's checks that are
/// the page's rather than the core's, in one language.
pub struct Messages {
    /// Next refused for one problem: `{PROBLEM}`.
    pub fix_this_first: &'static str,
    /// Next refused for several problems, the first being `{PROBLEM}`.
    pub fix_these_first: &'static str,
    /// Next on Generate while the keys are being made.
    pub wait_for_keys: &'static str,
    /// Next on Generate before Generate.
    pub press_generate_first: &'static str,
    /// Next on Download.
    pub last_step: &'static str,
    /// Next in a tool.
    pub tool_off_path: &'static str,
    /// Generate with an earlier step invalid.
    pub fix_earlier_steps: &'static str,
    /// Next while the existing CA is read.
    pub reading_ca: &'static str,
    /// Next while the server's CSR is checked.
    pub checking_csr: &'static str,
    /// Renew while the old bundle is read.
    pub renew_reading: &'static str,
    /// Renew before an old bundle is opened.
    pub renew_open_first: &'static str,
    /// Renew with an old bundle without a CA key, and none given.
    pub renew_no_ca_key: &'static str,
    /// The existing CA, read: `{NAME}`, `{KEY}` (its key type), `{END}` (its last day).
    pub ca_summary: &'static str,
    /// DOCKER_HOST's `{HOST}`, an IP address, is not among the server's.
    pub docker_host_not_ip: &'static str,
    /// DOCKER_HOST's `{HOST}`, a name, is not among the server's.
    pub docker_host_not_name: &'static str,
    /// The existing CA's certificate is empty.
    pub ca_certificate_empty: &'static str,
    /// The existing CA's key is empty.
    pub ca_key_empty: &'static str,
    /// The two CA passphrases differ.
    pub ca_passphrases_differ: &'static str,
    /// The two client.p12 passwords differ.
    pub p12_passwords_differ: &'static str,
    /// The two new CA passphrases differ.
    pub new_ca_passphrases_differ: &'static str,
    /// Review: the CA's certificate.
    pub title_ca: &'static str,
    /// Review: the one server's certificate.
    pub title_server: &'static str,
    /// Review: one of several servers' certificates, `{HOST}`.
    pub title_server_of: &'static str,
    /// Review: a client's certificate, `{NAME}`.
    pub title_client: &'static str,
    /// Review: no key was made (the user's own CA).
    pub made_by_own_ca: &'static str,
    /// Review: made by this browser's WebCrypto.
    pub made_by_webcrypto: &'static str,
    /// Review: made by Portcullis' own Rust code.
    pub made_by_rust: &'static str,
    /// Review: `{MAKER}`, and encrypted with a key from `{PBKDF2}`.
    pub made_encrypted: &'static str,
    /// Review: WebCrypto's PBKDF2.
    pub pbkdf2_webcrypto: &'static str,
    /// Review: Portcullis' own PBKDF2.
    pub pbkdf2_rust: &'static str,
    /// Review: the server's own key (it sent a CSR).
    pub made_by_server: &'static str,
    /// A plan file read: `{SERVERS}` and `{CLIENTS}`, each counted.
    pub plan_read: &'static str,
    /// One server.
    pub one_server: &'static str,
    /// `{N}` servers.
    pub servers: &'static str,
    /// One client.
    pub one_client: &'static str,
    /// `{N}` clients.
    pub clients: &'static str,
    /// The plan gave servers different lifetimes: every one gets the first's, `{DAYS}`.
    pub plan_same_days: &'static str,
    /// `KeyType::EcdsaP256`.
    pub key_ecdsa_p256: &'static str,
    /// `KeyType::EcdsaP384`.
    pub key_ecdsa_p384: &'static str,
    /// `KeyType::Ed25519`.
    pub key_ed25519: &'static str,
    /// `KeyType::Rsa2048`.
    pub key_rsa2048: &'static str,
    /// `KeyType::Rsa3072`.
    pub key_rsa3072: &'static str,
    /// `KeyType::Rsa4096`.
    pub key_rsa4096: &'static str,
    /// A CSR as the page describes it: `{SUBJECT}`, `{KEY}` (`csr_key_rsa` or the key's name), `{NAMES}`.
    pub csr_request: &'static str,
    /// The same, for a CSR that asks to be a CA.
    pub csr_request_asks_ca: &'static str,
    /// A CSR's empty subject.
    pub csr_subject_empty: &'static str,
    /// A CSR without names.
    pub csr_names_none: &'static str,
    /// A CSR's RSA key: `{BITS}`.
    pub csr_key_rsa: &'static str,
    /// A worker was wanted before the page had loaded its code.
    pub trouble_not_loaded: &'static str,
    /// A worker's code could not be compiled: `{WHY}` (the browser's words).
    pub trouble_not_compiled: &'static str,
    /// A worker stopped before it started, and the browser said nothing.
    pub trouble_not_started: &'static str,
    /// A run's certificate could not be read back: `{PATH}`, `{WHY}` (the core's English).
    pub trouble_not_read_back: &'static str,
    /// The browser's clock gives no date: `{MS}`.
    pub trouble_clock: &'static str,
    /// The key generator stopped: `{WHY}` (one of the `trouble_…`, or the browser's words).
    pub trouble_generator_stopped: &'static str,
    /// The key generator could not be started.
    pub trouble_generator_not_started: &'static str,
    /// The key generator's answer could not be read: `{WHY}` (the JSON reader's words).
    pub trouble_generator_garbled: &'static str,
    /// The key generator sent a message the page does not know.
    pub trouble_generator_unknown: &'static str,
    /// The helper worker could not be started.
    pub trouble_helper_not_started: &'static str,
    /// The helper worker's answer could not be read.
    pub trouble_helper_garbled: &'static str,
    /// The key generator lost keys of a run: `{HELD}`, `{WANTED}`.
    pub trouble_keys_missing: &'static str,
    /// The run's RSA keys could not be made: `{WHY}` (the browser's words).
    pub trouble_keys_failed: &'static str,
    /// WebCrypto could not sign: `{WHY}` (the browser's words).
    pub trouble_webcrypto_sign: &'static str,
    /// WebCrypto could not derive the CA key's encryption key: `{WHY}` (the browser's words).
    pub trouble_webcrypto_derive: &'static str,
    /// Reading a picked file was cut short: `{FILE}`.
    pub trouble_file_cut_short: &'static str,
    /// The browser could not read a picked file: `{FILE}`.
    pub trouble_file_unreadable: &'static str,
}
}

words! {
/// The core's refusals of input (`portcullis_pki::Refusal`) and the names of the fields they
/// are about, in one language. Placeholders: `{NAME}`, `{TEXT}`, `{LABEL}`, `{STRIPPED}`,
/// `{INNER}`, `{BAD}`, `{SHOWN}`, `{LEN}`, `{MAX}`, `{DAYS}`, `{PORT}`, `{DEFAULT}`, `{CHARS}`,
/// `{MIN}`: each the value the core names. The English ones are the CLI's words exactly
/// (tested in the wizard, which renders them).
pub struct Refusals {
    /// A refusal of a field: `{FIELD}` and `{WHY}`.
    pub field_says: &'static str,
    /// `Field::ServerDns`.
    pub field_server_dns: &'static str,
    /// `Field::ServerIp`.
    pub field_server_ip: &'static str,
    /// `Field::ServerNames`.
    pub field_server_names: &'static str,
    /// `Field::Client`.
    pub field_client: &'static str,
    /// `Field::CaCommonName`.
    pub field_ca_name: &'static str,
    /// `Field::CaDays`.
    pub field_ca_days: &'static str,
    /// `Field::ServerDays`.
    pub field_server_days: &'static str,
    /// `Field::ClientDays`.
    pub field_client_days: &'static str,
    /// `Field::Port`.
    pub field_port: &'static str,
    /// `Field::KeyType`.
    pub field_key_type: &'static str,
    /// `Field::CaPassphrase`.
    pub field_ca_passphrase: &'static str,
    /// `Field::Document`.
    pub field_document: &'static str,
    /// `Field::CaCertificate`.
    pub field_ca_certificate: &'static str,
    /// `Field::CaKey`.
    pub field_ca_key: &'static str,
    /// `Field::Csr`.
    pub field_csr: &'static str,
    /// `Field::Crl`.
    pub field_crl: &'static str,
    /// `Field::Revocation`.
    pub field_revocation: &'static str,
    /// `Field::OldBundle`.
    pub field_old_bundle: &'static str,
    /// `Field::PlanFile`.
    pub field_plan_file: &'static str,
    /// `Field::P12Password`.
    pub field_p12_password: &'static str,
    /// `Field::Platform`.
    pub field_platform: &'static str,
    /// `Field::Language`.
    pub field_language: &'static str,
    /// `InputRefusal::dns_empty`.
    pub dns_empty: &'static str,
    /// `InputRefusal::dns_is_ip`.
    pub dns_is_ip: &'static str,
    /// `InputRefusal::dns_trailing_dot`.
    pub dns_trailing_dot: &'static str,
    /// `InputRefusal::dns_not_ascii`.
    pub dns_not_ascii: &'static str,
    /// `InputRefusal::dns_too_long`.
    pub dns_too_long: &'static str,
    /// `InputRefusal::dns_wildcard`.
    pub dns_wildcard: &'static str,
    /// `InputRefusal::dns_empty_label`.
    pub dns_empty_label: &'static str,
    /// `InputRefusal::dns_label_too_long`.
    pub dns_label_too_long: &'static str,
    /// `InputRefusal::dns_bad_character`.
    pub dns_bad_character: &'static str,
    /// `InputRefusal::dns_label_hyphen`.
    pub dns_label_hyphen: &'static str,
    /// `InputRefusal::dns_all_digits`.
    pub dns_all_digits: &'static str,
    /// `InputRefusal::ip_empty`.
    pub ip_empty: &'static str,
    /// `InputRefusal::ip_brackets`.
    pub ip_brackets: &'static str,
    /// `InputRefusal::ip_network`.
    pub ip_network: &'static str,
    /// `InputRefusal::ip_is_name`.
    pub ip_is_name: &'static str,
    /// `InputRefusal::ip_malformed`.
    pub ip_malformed: &'static str,
    /// `InputRefusal::ip_unspecified`.
    pub ip_unspecified: &'static str,
    /// `InputRefusal::ip_multicast`.
    pub ip_multicast: &'static str,
    /// `InputRefusal::client_empty`.
    pub client_empty: &'static str,
    /// `InputRefusal::client_too_long`.
    pub client_too_long: &'static str,
    /// `InputRefusal::client_bad_character`.
    pub client_bad_character: &'static str,
    /// `InputRefusal::client_start`.
    pub client_start: &'static str,
    /// `InputRefusal::ca_name_empty`.
    pub ca_name_empty: &'static str,
    /// `InputRefusal::ca_name_too_long`.
    pub ca_name_too_long: &'static str,
    /// `InputRefusal::ca_name_control`.
    pub ca_name_control: &'static str,
    /// `InputRefusal::days_too_few`.
    pub days_too_few: &'static str,
    /// `InputRefusal::days_too_many`.
    pub days_too_many: &'static str,
    /// `InputRefusal::days_not_number`.
    pub days_not_number: &'static str,
    /// `InputRefusal::port_zero`.
    pub port_zero: &'static str,
    /// `InputRefusal::port_too_high`.
    pub port_too_high: &'static str,
    /// `InputRefusal::port_not_number`.
    pub port_not_number: &'static str,
    /// `InputRefusal::passphrase_empty`.
    pub passphrase_empty: &'static str,
    /// `InputRefusal::passphrase_short`.
    pub passphrase_short: &'static str,
    /// `InputRefusal::passphrase_missing`.
    pub passphrase_missing: &'static str,
    /// `InputRefusal::servers_too_many`.
    pub servers_too_many: &'static str,
    /// `InputRefusal::clients_too_many`.
    pub clients_too_many: &'static str,
    /// `InputRefusal::servers_none`.
    pub servers_none: &'static str,
    /// `InputRefusal::server_folders_clash`.
    pub server_folders_clash: &'static str,
    /// `InputRefusal::clients_none`.
    pub clients_none: &'static str,
    /// `InputRefusal::client_twice`.
    pub client_twice: &'static str,
    /// `InputRefusal::ca_passphrase_none`.
    pub ca_passphrase_none: &'static str,
    /// `Refusal::ServerTooManyNames`, the only server.
    pub server_too_many_names: &'static str,
    /// `Refusal::ServerTooManyNames`, server `{N}` of several.
    pub server_too_many_names_of: &'static str,
    /// `Refusal::ServerNoNames`, the only server.
    pub server_no_names: &'static str,
    /// `Refusal::ServerNoNames`, server `{N}` of several.
    pub server_no_names_of: &'static str,
    /// `Refusal::DnsTwice`, the only server.
    pub dns_twice: &'static str,
    /// `Refusal::DnsTwice`, server `{N}` of several.
    pub dns_twice_of: &'static str,
    /// `Refusal::IpTwice`, the only server.
    pub ip_twice: &'static str,
    /// `Refusal::IpTwice`, server `{N}` of several.
    pub ip_twice_of: &'static str,
    /// `Warning::UnencryptedCaKey`.
    pub warning_unencrypted_ca_key: &'static str,
    /// `Warning::SingleLabelName`: `{NAME}`.
    pub warning_single_label_name: &'static str,
    /// `Warning::LoopbackOnly`.
    pub warning_loopback_only: &'static str,
    /// `Warning::EndsWithCa`: `{WHICH}` (one of the `cut_short_…`), `{DATE}`, `{DAYS}`.
    pub warning_ends_with_ca: &'static str,
    /// `CutShort::Server`: `{NAME}`.
    pub cut_short_server: &'static str,
    /// `CutShort::Client`: `{NAME}`.
    pub cut_short_client: &'static str,
    /// `CutShort::Clients`: `{NAMES}`, comma-separated.
    pub cut_short_clients: &'static str,
    /// `FileRefusal::TooLarge`: `{LEN}`, `{MAX}`.
    pub too_large: &'static str,
    /// `FileRefusal::PemDamaged`.
    pub pem_damaged: &'static str,
    /// `FileRefusal::PemUnterminated`: `{LABEL}`.
    pub pem_unterminated: &'static str,
    /// `FileRefusal::PemBadBase64`: `{LABEL}`.
    pub pem_bad_base64: &'static str,
    /// `FileRefusal::KeyNone`.
    pub key_none: &'static str,
    /// `FileRefusal::KeyWrongPassphrase`.
    pub key_wrong_passphrase: &'static str,
    /// `FileRefusal::KeyEncryptedDamaged`.
    pub key_encrypted_damaged: &'static str,
    /// `FileRefusal::KeyDamaged`: `{FORM}`.
    pub key_damaged: &'static str,
    /// `FileRefusal::KeyLabelUnsupported`: `{LABEL}`.
    pub key_label_unsupported: &'static str,
    /// `FileRefusal::KeyNeedsPassphrase`.
    pub key_needs_passphrase: &'static str,
    /// `FileRefusal::KeyAlgorithmUnsupported`: `{OID}`.
    pub key_algorithm_unsupported: &'static str,
    /// `FileRefusal::KeyCurveUnsupported`: `{CURVE}`.
    pub key_curve_unsupported: &'static str,
    /// `FileRefusal::KeyCurveUnnamed`.
    pub key_curve_unnamed: &'static str,
    /// `FileRefusal::KeyRsaBits`: `{BITS}`.
    pub key_rsa_bits: &'static str,
    /// `FileRefusal::ProcTypeUnknown`: `{VALUE}`.
    pub proc_type_unknown: &'static str,
    /// `FileRefusal::DekInfoMissing`.
    pub dek_info_missing: &'static str,
    /// `FileRefusal::DekInfoMalformed`: `{VALUE}`.
    pub dek_info_malformed: &'static str,
    /// `FileRefusal::CipherUnsupported`: `{CIPHER}`.
    pub cipher_unsupported: &'static str,
    /// `FileRefusal::Pbkdf2TooMuch`: `{ROUNDS}`, `{MAX}`.
    pub pbkdf2_too_much: &'static str,
    /// `FileRefusal::ScryptTooMuch`: `{N}`, `{R}`, `{P}`, `{MAX}`.
    pub scrypt_too_much: &'static str,
    /// `FileRefusal::CaCertInvalid`.
    pub ca_cert_invalid: &'static str,
    /// `FileRefusal::CaNoCertificate`.
    pub ca_no_certificate: &'static str,
    /// `FileRefusal::CaNotCa`: `{SUBJECT}`.
    pub ca_not_ca: &'static str,
    /// `FileRefusal::CaMayNotSign`: `{SUBJECT}`.
    pub ca_may_not_sign: &'static str,
    /// `FileRefusal::CaEku`: `{SUBJECT}`.
    pub ca_eku: &'static str,
    /// `FileRefusal::CaKeyMismatch`: `{SUBJECT}`.
    pub ca_key_mismatch: &'static str,
    /// `FileRefusal::CaExpired`: `{DATE}`.
    pub ca_expired: &'static str,
    /// `FileRefusal::CaNotYetValid`: `{DATE}`.
    pub ca_not_yet_valid: &'static str,
    /// `FileRefusal::CaNameNotReproduced`.
    pub ca_name_not_reproduced: &'static str,
    /// `FileRefusal::CaNameMultiValued`.
    pub ca_name_multi_valued: &'static str,
    /// `FileRefusal::CaNameNotText`.
    pub ca_name_not_text: &'static str,
    /// `FileRefusal::CaNameBadPrintable`.
    pub ca_name_bad_printable: &'static str,
    /// `FileRefusal::CaNameBadIa5`.
    pub ca_name_bad_ia5: &'static str,
    /// `FileRefusal::CaNameStringType`.
    pub ca_name_string_type: &'static str,
    /// `FileRefusal::CaNameRepeats`.
    pub ca_name_repeats: &'static str,
    /// `FileRefusal::CsrNone`.
    pub csr_none: &'static str,
    /// `FileRefusal::CsrInvalid`.
    pub csr_invalid: &'static str,
    /// `FileRefusal::CsrRsaDamaged`.
    pub csr_rsa_damaged: &'static str,
    /// `FileRefusal::CsrRsaShort`: `{BITS}`, `{MIN}`.
    pub csr_rsa_short: &'static str,
    /// `FileRefusal::CsrCurveUnsupported`: `{CURVE}`.
    pub csr_curve_unsupported: &'static str,
    /// `FileRefusal::CsrCurveUnnamed`.
    pub csr_curve_unnamed: &'static str,
    /// `FileRefusal::CsrAlgorithmUnsupported`: `{OID}`.
    pub csr_algorithm_unsupported: &'static str,
    /// `FileRefusal::CsrSignatureBad`.
    pub csr_signature_bad: &'static str,
    /// `FileRefusal::CsrSignatureUnsupported`: `{OID}`.
    pub csr_signature_unsupported: &'static str,
    /// `FileRefusal::CsrAsCa`.
    pub csr_as_ca: &'static str,
    /// `FileRefusal::CsrAsksCa`.
    pub csr_asks_ca: &'static str,
    /// `FileRefusal::CsrNoNames`.
    pub csr_no_names: &'static str,
    /// `FileRefusal::CsrNoCommonName`.
    pub csr_no_common_name: &'static str,
    /// `FileRefusal::ReasonUnknown`: `{REASON}`, `{NAMES}`.
    pub reason_unknown: &'static str,
    /// `FileRefusal::CrlNone`.
    pub crl_none: &'static str,
    /// `FileRefusal::CrlInvalid`.
    pub crl_invalid: &'static str,
    /// `FileRefusal::CrlOtherCa`.
    pub crl_other_ca: &'static str,
    /// `FileRefusal::RevokePemDamaged`.
    pub revoke_pem_damaged: &'static str,
    /// `FileRefusal::RevokeNoCertificate`.
    pub revoke_no_certificate: &'static str,
    /// `FileRefusal::RevokeInvalid`.
    pub revoke_invalid: &'static str,
    /// `FileRefusal::RevokeOtherCa`: `{SUBJECT}`.
    pub revoke_other_ca: &'static str,
    /// `FileRefusal::RevokeAllPemDamaged`.
    pub revoke_all_pem_damaged: &'static str,
    /// `FileRefusal::RevokeNone`.
    pub revoke_none: &'static str,
    /// `FileRefusal::BundleNoCa`.
    pub bundle_no_ca: &'static str,
    /// `FileRefusal::BundleLacks`: `{PATH}`.
    pub bundle_lacks: &'static str,
    /// `FileRefusal::BundleNotText`: `{PATH}`.
    pub bundle_not_text: &'static str,
    /// `FileRefusal::BundleNotCertificate`: `{PATH}`.
    pub bundle_not_certificate: &'static str,
    /// `FileRefusal::BundleBadDate`: `{DATE}`.
    pub bundle_bad_date: &'static str,
    /// `FileRefusal::BundleKeyType`: `{KIND}`.
    pub bundle_key_type: &'static str,
    /// `FileRefusal::ZipNot`.
    pub zip_not: &'static str,
    /// `FileRefusal::ZipDisks`.
    pub zip_disks: &'static str,
    /// `FileRefusal::Zip64`.
    pub zip64: &'static str,
    /// `FileRefusal::ZipTooMany`: `{MAX}`.
    pub zip_too_many: &'static str,
    /// `FileRefusal::ZipBadName`.
    pub zip_bad_name: &'static str,
    /// `FileRefusal::ZipTwice`: `{NAME}`.
    pub zip_twice: &'static str,
    /// `FileRefusal::ZipEncrypted`: `{NAME}`.
    pub zip_encrypted: &'static str,
    /// `FileRefusal::ZipCompressed`: `{NAME}`.
    pub zip_compressed: &'static str,
    /// `FileRefusal::ZipTooLarge`: `{MIB}`.
    pub zip_too_large: &'static str,
    /// `FileRefusal::ZipDamaged`: `{NAME}`.
    pub zip_damaged: &'static str,
    /// `FileRefusal::DocumentPemDamaged`.
    pub document_pem_damaged: &'static str,
    /// `FileRefusal::DocumentBlockUnknown`: `{LABEL}`.
    pub document_block_unknown: &'static str,
    /// `FileRefusal::DocumentKeyInvalid`.
    pub document_key_invalid: &'static str,
    /// `FileRefusal::DocumentEncryptedKeyInvalid`.
    pub document_encrypted_key_invalid: &'static str,
    /// `FileRefusal::DocumentCsrInvalid`.
    pub document_csr_invalid: &'static str,
    /// `FileRefusal::DocumentUnknown`.
    pub document_unknown: &'static str,
    /// `FileRefusal::P12Empty`: `{MIN}`.
    pub p12_empty: &'static str,
    /// `FileRefusal::P12Short`: `{CHARS}`, `{MIN}`.
    pub p12_short: &'static str,
    /// `FileRefusal::CsrEmpty`.
    pub csr_empty: &'static str,
    /// `FileRefusal::ToolCaEmpty`.
    pub tool_ca_empty: &'static str,
    /// `FileRefusal::CaEmpty`.
    pub ca_empty: &'static str,
    /// `FileRefusal::BundleNotOpened`.
    pub bundle_not_opened: &'static str,
    /// `FileRefusal::BundleNoCaKey`.
    pub bundle_no_ca_key: &'static str,
    /// `InputRefusal::RenewNoPassphrase`.
    pub renew_no_passphrase: &'static str,
    /// `InputRefusal::RenewPassphraseShort`: `{MIN}`.
    pub renew_passphrase_short: &'static str,
    /// `FileRefusal::PlanServerOwnCsr`: `{N}`.
    pub plan_server_own_csr: &'static str,
    /// `FileRefusal::WorkerFailed`: `{WHY}`.
    pub worker_failed: &'static str,
    /// `InputRefusal::OtherServersPortNoName`: `{LINE}`.
    pub other_servers_port_no_name: &'static str,
    /// `InputRefusal::OtherServersPlatformNoName`: `{LINE}`.
    pub other_servers_platform_no_name: &'static str,
    /// `Refusal::OtherServersLine`: the refusal `{WHY}` of a token on line `{LINE}` of the
    /// wizard's "Other servers".
    pub other_servers_line: &'static str,
    /// `FileRefusal::PlanNotJson`: `{DETAIL}`.
    pub plan_not_json: &'static str,
    /// `FileRefusal::PlanVersionNewer`: `{VERSION}`, `{READS}`.
    pub plan_version_newer: &'static str,
    /// `FileRefusal::PlanVersionUnknown`: `{VERSION}`, `{CURRENT}`.
    pub plan_version_unknown: &'static str,
    /// `FileRefusal::PlanNoVersion`: `{CURRENT}`.
    pub plan_no_version: &'static str,
    /// `FileRefusal::PlanInvalid`: `{DETAIL}`.
    pub plan_invalid: &'static str,
    /// `FileRefusal::PlanNoServers`.
    pub plan_no_servers: &'static str,
    /// `Refusal::PlanFileAt`: the refusal `{WHY}` of the item at `{PATH}` of a plan file,
    /// which is a `{FIELD}`.
    pub plan_file_at: &'static str,
    /// `InputRefusal::PlatformUnknown`: `{TEXT}`.
    pub platform_unknown: &'static str,
    /// `InputRefusal::KeyTypeUnknown`: `{TEXT}`, `{NAMES}`.
    pub key_type_unknown: &'static str,
    /// `InputRefusal::LanguageUnknown`: `{TEXT}`.
    pub language_unknown: &'static str,
    /// `InputRefusal::RotateExistingCa`.
    pub rotate_existing_ca: &'static str,
    /// `InputRefusal::RotateSameName`: `{NAME}`.
    pub rotate_same_name: &'static str,
    /// `InputRefusal::RotateOldEnded`: `{DATE}`.
    pub rotate_old_ended: &'static str,
    /// `InputRefusal::ProxyPlatform`: `{PLATFORM}`.
    pub proxy_platform: &'static str,
    /// `InputRefusal::ProxyPlatformOf`: `{N}`, `{PLATFORM}`.
    pub proxy_platform_of: &'static str,
    /// `Refusal::OutlastsNewCa`: `{DAYS}`, `{CA_DAYS}`, `{ADVICE}` (one of the `advice_…`), `{RAISE}` (one of the `raise_…`).
    pub outlasts_new_ca: &'static str,
    /// `Refusal::OutlastsCa`: `{DAYS}`, `{DATE}`, `{ADVICE}`.
    pub outlasts_ca: &'static str,
    /// The advice of `Refusal::OutlastsCa` when the CA ends within a day.
    pub ca_ends_within_a_day: &'static str,
    /// How to lower a default lifetime: `{DAYS}`.
    pub advice_default: &'static str,
    /// How to lower a lifetime set by a command-line option: `{OPTION}`, `{DAYS}`.
    pub advice_option: &'static str,
    /// How to lower a lifetime set in a plan file: `{FIELD}` (its path), `{DAYS}`.
    pub advice_plan_file: &'static str,
    /// How to lower a lifetime set in the wizard: `{FIELD}` (one of the `lifetime_…`), `{DAYS}`.
    pub advice_form: &'static str,
    /// How to raise the CA's default lifetime.
    pub raise_default: &'static str,
    /// How to raise the CA's lifetime set by a command-line option: `{OPTION}`.
    pub raise_option: &'static str,
    /// How to raise the CA's lifetime set in a plan file: `{FIELD}`.
    pub raise_plan_file: &'static str,
    /// How to raise the CA's lifetime set in the wizard: `{FIELD}`.
    pub raise_form: &'static str,
    /// `FormLifetime::Server`.
    pub lifetime_server: &'static str,
    /// `FormLifetime::Clients`.
    pub lifetime_clients: &'static str,
    /// `FormLifetime::Ca`.
    pub lifetime_ca: &'static str,
    /// `FormLifetime::Signed`.
    pub lifetime_signed: &'static str,
    /// `Error::KeyGeneration`: `{WHY}`, its cause.
    pub failed_key_generation: &'static str,
    /// `Error::Certificate`: `{WHY}`.
    pub failed_certificate: &'static str,
    /// `Error::KeyEncoding`: `{WHY}`.
    pub failed_key_encoding: &'static str,
    /// `Error::Archive`: `{WHY}`.
    pub failed_archive: &'static str,
    // The wizard's own words for refusals whose CLI words name the CLI's flags: the same
    // refusal, with the fix the wizard offers (its fields and choices). Each has the
    // placeholders of the template it stands for.
    /// The wizard's `dns_is_ip`.
    pub wizard_dns_is_ip: &'static str,
    /// The wizard's `dns_all_digits`.
    pub wizard_dns_all_digits: &'static str,
    /// The wizard's `ip_is_name`.
    pub wizard_ip_is_name: &'static str,
    /// The wizard's `servers_too_many`.
    pub wizard_servers_too_many: &'static str,
    /// The wizard's `clients_too_many`.
    pub wizard_clients_too_many: &'static str,
    /// The wizard's `servers_none`.
    pub wizard_servers_none: &'static str,
    /// The wizard's `clients_none`.
    pub wizard_clients_none: &'static str,
    /// The wizard's `ca_passphrase_none`.
    pub wizard_ca_passphrase_none: &'static str,
    /// The wizard's `server_no_names`.
    pub wizard_server_no_names: &'static str,
    /// The wizard's `server_no_names_of`.
    pub wizard_server_no_names_of: &'static str,
    /// The wizard's `key_needs_passphrase`.
    pub wizard_key_needs_passphrase: &'static str,
    /// The wizard's `ca_expired`.
    pub wizard_ca_expired: &'static str,
    /// The wizard's `csr_no_names`.
    pub wizard_csr_no_names: &'static str,
    /// The wizard's `csr_no_common_name`.
    pub wizard_csr_no_common_name: &'static str,
    /// The wizard's `rotate_old_ended`.
    pub wizard_rotate_old_ended: &'static str,
    /// The wizard's `proxy_platform`.
    pub wizard_proxy_platform: &'static str,
    /// The wizard's `proxy_platform_of`.
    pub wizard_proxy_platform_of: &'static str,
    // The check tool's findings and fixes (`portcullis_pki::Found`, `portcullis_pki::Fix`).
    // The English ones are `portcullis doctor`'s words exactly.
    /// `Found::CaMissing`.
    pub found_ca_missing: &'static str,
    /// `Found::CaNoCertificate`.
    pub found_ca_no_certificate: &'static str,
    /// `Found::CaNotCa`: `{SUBJECT}`.
    pub found_ca_not_ca: &'static str,
    /// `Found::CaEku`: `{SUBJECT}`, `{EKU}`.
    pub found_ca_eku: &'static str,
    /// `Found::CaNotValid`: `{SUBJECT}`, `{DATE}` (its end).
    pub found_ca_not_valid: &'static str,
    /// `Found::CaEndsSoon`: `{SUBJECT}`, `{DATE}`.
    pub found_ca_ends_soon: &'static str,
    /// `Found::CaFine`: `{NAMES}` (the CAs' names).
    pub found_ca_fine: &'static str,
    /// `Found::CertMissing`.
    pub found_cert_missing: &'static str,
    /// `Found::CertNoCertificate`.
    pub found_cert_no_certificate: &'static str,
    /// `Found::CertIsCa`: `{SUBJECT}`.
    pub found_cert_is_ca: &'static str,
    /// `Found::CertNotForClients`: `{SUBJECT}`, `{EKU}`.
    pub found_cert_not_for_clients: &'static str,
    /// `Found::CertNotValid`: `{SUBJECT}`, `{DATE}`.
    pub found_cert_not_valid: &'static str,
    /// `Found::CertEndsSoon`: `{SUBJECT}`, `{DATE}`.
    pub found_cert_ends_soon: &'static str,
    /// `Found::CertOtherCa`: `{SUBJECT}`.
    pub found_cert_other_ca: &'static str,
    /// `Found::CertFine`: `{SUBJECT}`, `{DATE}`.
    pub found_cert_fine: &'static str,
    /// `Found::KeyMissing`.
    pub found_key_missing: &'static str,
    /// `Found::KeyEncrypted`.
    pub found_key_encrypted: &'static str,
    /// `Found::KeyUnreadable`.
    pub found_key_unreadable: &'static str,
    /// `Found::KeyNotOfCert`.
    pub found_key_not_of_cert: &'static str,
    /// `Found::KeyReadable`: `{MODE}` (octal).
    pub found_key_readable: &'static str,
    /// `Found::KeyFine`: `{KEY}` (its type, as the core names it).
    pub found_key_fine: &'static str,
    /// `Found::HostUnset`.
    pub found_host_unset: &'static str,
    /// `Found::HostNotTcp`: `{VALUE}`.
    pub found_host_not_tcp: &'static str,
    /// `Found::HostNoBracket`: `{VALUE}`.
    pub found_host_no_bracket: &'static str,
    /// `Found::HostNoHost`: `{VALUE}`.
    pub found_host_no_host: &'static str,
    /// `Found::HostBadPort`: `{VALUE}`.
    pub found_host_bad_port: &'static str,
    /// `Found::HostPlainPort`.
    pub found_host_plain_port: &'static str,
    /// `Found::ClockNotADate`: `{MS}`.
    pub found_clock_not_a_date: &'static str,
    /// `Found::WorkerFailed`: `{WHY}` (the browser's words).
    pub found_worker_failed: &'static str,
    /// `Fix::CopyCa`.
    pub fix_copy_ca: &'static str,
    /// `Fix::CaPemIsTheCa`.
    pub fix_ca_pem_is_the_ca: &'static str,
    /// `Fix::PutSigningCa`.
    pub fix_put_signing_ca: &'static str,
    /// `Fix::CaWithoutEku`.
    pub fix_ca_without_eku: &'static str,
    /// `Fix::CaEkuBoth`.
    pub fix_ca_eku_both: &'static str,
    /// `Fix::ReplaceCa`.
    pub fix_replace_ca: &'static str,
    /// `Fix::RotateCaSoon`.
    pub fix_rotate_ca_soon: &'static str,
    /// `Fix::CopyCert`.
    pub fix_copy_cert: &'static str,
    /// `Fix::CertPemIsTheClients`.
    pub fix_cert_pem_is_the_clients: &'static str,
    /// `Fix::UseClientCert`.
    pub fix_use_client_cert: &'static str,
    /// `Fix::IssueClientCert`.
    pub fix_issue_client_cert: &'static str,
    /// `Fix::RenewCert`.
    pub fix_renew_cert: &'static str,
    /// `Fix::RenewCertSoon`.
    pub fix_renew_cert_soon: &'static str,
    /// `Fix::OneFolder`.
    pub fix_one_folder: &'static str,
    /// `Fix::CopyKey`.
    pub fix_copy_key: &'static str,
    /// `Fix::DecryptKey`.
    pub fix_decrypt_key: &'static str,
    /// `Fix::KeyPemIsTheClients`.
    pub fix_key_pem_is_the_clients: &'static str,
    /// `Fix::SameFolder`.
    pub fix_same_folder: &'static str,
    /// `Fix::ChmodKey`.
    pub fix_chmod_key: &'static str,
    /// `Fix::SetDockerHost`.
    pub fix_set_docker_host: &'static str,
    /// `Fix::Use2376`.
    pub fix_use_2376: &'static str,
    /// `Fix::SetClock`.
    pub fix_set_clock: &'static str,
    /// `Fix::ReloadPage`.
    pub fix_reload_page: &'static str,
}
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
