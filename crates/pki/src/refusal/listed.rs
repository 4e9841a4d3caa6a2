//! Refusals declared by one list each: of a file or pasted text (a private key, a CA
//! certificate, a CSR, a CRL, a certificate to revoke, an old bundle, a plan file, a document
//! to inspect), and of a typed value (a name, an address, a port, a lifetime, a passphrase, a
//! choice, a line).
//!
//! Each kind names its values and the template of `portcullis-words` it is said in; the
//! macro writes the kinds, a function making each, its saying and its wire form from that one
//! list, so that a kind cannot be made without its values or said with values it lacks.

use core::fmt;

use portcullis_words::{Lang, Refusals, fill};

use super::Values;

/// A value a listed refusal holds: what text of it the wire accepts.
pub(crate) trait WireValue {
    /// Whether `text` is such a value.
    fn fits(text: &str) -> bool;
}

impl WireValue for String {
    fn fits(_: &str) -> bool {
        true
    }
}

macro_rules! parsed_on_the_wire {
    ($($ty:ty),*) => {
        $(
            impl WireValue for $ty {
                fn fits(text: &str) -> bool {
                    text.parse::<$ty>().is_ok()
                }
            }
        )*
    };
}

parsed_on_the_wire!(usize, u16, u32, u64, i64, char);

/// 1, for counting a kind's values.
macro_rules! one {
    ($field:ident) => {
        1
    };
}

macro_rules! refusals {
    (
        $(#[doc = $enum_doc:literal])*
        struct $name:ident, kind $kind_name:ident;
        $(
            $(#[doc = $doc:literal])*
            $kind:ident { $( $(#[doc = $field_doc:literal])* $field:ident : $ty:ty = $place:literal ),* $(,)? } => $words:ident,
        )*
    ) => {
        /// Which kind of refusal it is.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $kind_name {
            $(
                $(#[doc = $doc])*
                $kind,
            )*
        }

        $(#[doc = $enum_doc])*
        ///
        /// Made by one function per kind, named after its template, which takes the kind's
        /// values typed; it keeps them as text, as they are said and sent. One small struct
        /// rather than an enum of fields, because the page's module must say and read every
        /// kind, and code per kind weighed kilobytes there.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name {
            kind: $kind_name,
            values: Vec<String>,
        }

        impl $name {
            $(
                $(#[doc = $doc])*
                $( $( #[doc = concat!("- `", stringify!($field), "`:", $field_doc)] )* )*
                pub fn $words($($field: $ty),*) -> Self {
                    Self {
                        kind: $kind_name::$kind,
                        values: vec![$($field.to_string()),*],
                    }
                }
            )*

            /// Which kind of refusal this is.
            pub fn kind(&self) -> $kind_name {
                self.kind
            }

            /// Its values as text, in the order of its kind's.
            pub fn values(&self) -> &[String] {
                &self.values
            }

            /// This refusal in the language of `r`: its template, filled with its values.
            pub fn said_in(&self, r: &Refusals) -> String {
                let (template, places): (&str, &[&str]) = match self.kind {
                    $( $kind_name::$kind => (r.$words, &[$($place),*]), )*
                };
                let values: Vec<(&str, &str)> = places
                    .iter()
                    .copied()
                    .zip(self.values.iter().map(String::as_str))
                    .collect();
                fill(template, &values)
            }

            /// Its kind and values as text (see [`super::Refusal`]'s wire form).
            pub(super) fn to_wire(&self) -> (&'static str, Vec<String>) {
                (Self::KINDS[self.kind as usize].0, self.values.clone())
            }

            /// The refusal of kind `kind` with the rest of `values`, if there is such a kind and
            /// they are its values (as many, each of its type).
            pub(super) fn from_wire(kind: &str, values: &mut Values) -> Option<Self> {
                const ALL: &[$kind_name] = &[$($kind_name::$kind),*];
                // Each kind's values, checked as their types would read them.
                const FITS: &[&[fn(&str) -> bool]] =
                    &[ $( &[ $( <$ty as WireValue>::fits ),* ] ),* ];
                let at = Self::KINDS.iter().position(|(name, _)| *name == kind)?;
                let values: Vec<String> = values.0.by_ref().collect();
                let fits = FITS[at];
                (values.len() == fits.len() && values.iter().zip(fits).all(|(value, fits)| fits(value)))
                    .then(|| Self {
                        kind: ALL[at],
                        values,
                    })
            }

            /// Every kind's name on the wire and how many values it has, in the order of
            /// the kinds: for the wire, and for tests that say each kind in each language.
            pub const KINDS: &[(&str, usize)] = &[ $( (stringify!($kind), 0 $(+ one!($field))*) ),* ];
        }

        /// The CLI's English, as [`super::Refusal`] says it.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.said_in(Lang::english_refusals()))
            }
        }
    };
}

/// For the other lists said from `portcullis-words`: the check tool's findings and fixes.
pub(crate) use {one, refusals};

refusals! {
    /// Why a file or pasted text is refused. Values that came from the file (labels, names,
    /// dates, algorithm identifiers) are kept as they are; none is ever secret.
    struct FileRefusal, kind FileKind;

    /// Larger than any real one of its kind.
    TooLarge {
        /// Its size in bytes.
        len: usize = "LEN",
        /// The most allowed.
        max: usize = "MAX",
    } => too_large,
    /// Damaged PEM text.
    PemDamaged {} => pem_damaged,
    /// A PEM block without its END line.
    PemUnterminated {
        /// The block's label.
        label: String = "LABEL",
    } => pem_unterminated,
    /// A PEM block whose base64 is damaged.
    PemBadBase64 {
        /// The block's label.
        label: String = "LABEL",
    } => pem_bad_base64,
    /// No private key in the file.
    KeyNone {} => key_none,
    /// The passphrase does not decrypt the key.
    KeyWrongPassphrase {} => key_wrong_passphrase,
    /// An encrypted PKCS#8 key that cannot be read.
    KeyEncryptedDamaged {} => key_encrypted_damaged,
    /// A key that cannot be read.
    KeyDamaged {
        /// Its form: `RSA`, `PKCS#8` or `EC`.
        form: String = "FORM",
    } => key_damaged,
    /// A kind of key block Portcullis does not read.
    KeyLabelUnsupported {
        /// The block's label.
        label: String = "LABEL",
    } => key_label_unsupported,
    /// An encrypted key and no passphrase.
    KeyNeedsPassphrase {} => key_needs_passphrase,
    /// A key of an algorithm Portcullis does not sign with.
    KeyAlgorithmUnsupported {
        /// The algorithm's object identifier.
        oid: String = "OID",
    } => key_algorithm_unsupported,
    /// An EC key on a curve Portcullis does not sign with.
    KeyCurveUnsupported {
        /// The curve's object identifier.
        curve: String = "CURVE",
    } => key_curve_unsupported,
    /// An EC key whose curve is not named.
    KeyCurveUnnamed {} => key_curve_unnamed,
    /// An RSA key of a size Portcullis does not make.
    KeyRsaBits {
        /// Its size.
        bits: usize = "BITS",
    } => key_rsa_bits,
    /// A legacy PEM key with an unknown `Proc-Type`.
    ProcTypeUnknown {
        /// The header's value.
        value: String = "VALUE",
    } => proc_type_unknown,
    /// A legacy encrypted PEM key without `DEK-Info`.
    DekInfoMissing {} => dek_info_missing,
    /// A legacy encrypted PEM key with a malformed `DEK-Info`.
    DekInfoMalformed {
        /// The header's value.
        value: String = "VALUE",
    } => dek_info_malformed,
    /// A legacy encrypted PEM key of a cipher Portcullis does not decrypt.
    CipherUnsupported {
        /// The cipher.
        cipher: String = "CIPHER",
    } => cipher_unsupported,
    /// An encrypted key asking for more PBKDF2 rounds than Portcullis runs.
    Pbkdf2TooMuch {
        /// The rounds it asks for.
        rounds: u32 = "ROUNDS",
        /// The most Portcullis runs.
        max: u32 = "MAX",
    } => pbkdf2_too_much,
    /// An encrypted key asking for more scrypt work than Portcullis runs.
    ScryptTooMuch {
        /// Its cost parameter.
        n: u64 = "N",
        /// Its block size.
        r: u32 = "R",
        /// Its parallelization.
        p: u32 = "P",
        /// The most blocks Portcullis runs.
        max: u64 = "MAX",
    } => scrypt_too_much,
    /// Not an X.509 certificate.
    CaCertInvalid {} => ca_cert_invalid,
    /// No `CERTIFICATE` block.
    CaNoCertificate {} => ca_no_certificate,
    /// A certificate that is not a CA's.
    CaNotCa {
        /// Its subject.
        subject: String = "SUBJECT",
    } => ca_not_ca,
    /// A CA that may not sign certificates.
    CaMayNotSign {
        /// Its subject.
        subject: String = "SUBJECT",
    } => ca_may_not_sign,
    /// A CA with an extended key usage that Docker's certificates would break on.
    CaEku {
        /// Its subject.
        subject: String = "SUBJECT",
    } => ca_eku,
    /// A key that is not the CA certificate's.
    CaKeyMismatch {
        /// The certificate's subject.
        subject: String = "SUBJECT",
    } => ca_key_mismatch,
    /// An expired CA.
    CaExpired {
        /// When it expired.
        date: String = "DATE",
    } => ca_expired,
    /// A CA not valid yet.
    CaNotYetValid {
        /// When it becomes valid.
        date: String = "DATE",
    } => ca_not_yet_valid,
    /// A CA whose name Portcullis could not write back byte for byte.
    CaNameNotReproduced {} => ca_name_not_reproduced,
    /// A CA name with a multi-valued part.
    CaNameMultiValued {} => ca_name_multi_valued,
    /// A CA name that is not valid text.
    CaNameNotText {} => ca_name_not_text,
    /// A CA name with a bad PrintableString.
    CaNameBadPrintable {} => ca_name_bad_printable,
    /// A CA name with a bad IA5String.
    CaNameBadIa5 {} => ca_name_bad_ia5,
    /// A CA name with a string type other than UTF8, Printable or IA5.
    CaNameStringType {} => ca_name_string_type,
    /// A CA name that repeats an attribute.
    CaNameRepeats {} => ca_name_repeats,
    /// No `CERTIFICATE REQUEST` block.
    CsrNone {} => csr_none,
    /// Not a CSR.
    CsrInvalid {} => csr_invalid,
    /// A CSR whose RSA key cannot be read.
    CsrRsaDamaged {} => csr_rsa_damaged,
    /// A CSR with too short an RSA key.
    CsrRsaShort {
        /// Its size.
        bits: usize = "BITS",
        /// The least allowed.
        min: usize = "MIN",
    } => csr_rsa_short,
    /// A CSR's EC key on a curve Portcullis does not sign.
    CsrCurveUnsupported {
        /// The curve's object identifier.
        curve: String = "CURVE",
    } => csr_curve_unsupported,
    /// A CSR's EC key whose curve is not named.
    CsrCurveUnnamed {} => csr_curve_unnamed,
    /// A CSR's key of an algorithm Portcullis does not sign.
    CsrAlgorithmUnsupported {
        /// The algorithm's object identifier.
        oid: String = "OID",
    } => csr_algorithm_unsupported,
    /// A CSR whose signature does not verify.
    CsrSignatureBad {} => csr_signature_bad,
    /// A CSR signed with an algorithm Portcullis does not verify.
    CsrSignatureUnsupported {
        /// The algorithm's object identifier.
        oid: String = "OID",
    } => csr_signature_unsupported,
    /// A CSR to be signed as a CA.
    CsrAsCa {} => csr_as_ca,
    /// A CSR asking to be a CA.
    CsrAsksCa {} => csr_asks_ca,
    /// A server CSR signed without names.
    CsrNoNames {} => csr_no_names,
    /// A client CSR without a common name, and no name given.
    CsrNoCommonName {} => csr_no_common_name,
    /// An unknown revocation reason.
    ReasonUnknown {
        /// The reason as given.
        reason: String = "REASON",
        /// The reasons there are, comma-separated.
        names: String = "NAMES",
    } => reason_unknown,
    /// No `X509 CRL` block.
    CrlNone {} => crl_none,
    /// Not a CRL.
    CrlInvalid {} => crl_invalid,
    /// A CRL of another CA.
    CrlOtherCa {} => crl_other_ca,
    /// A certificate to revoke whose PEM text is damaged.
    RevokePemDamaged {} => revoke_pem_damaged,
    /// No certificate to revoke in the file.
    RevokeNoCertificate {} => revoke_no_certificate,
    /// A certificate to revoke that cannot be read.
    RevokeInvalid {} => revoke_invalid,
    /// A certificate to revoke that another CA issued.
    RevokeOtherCa {
        /// Its subject.
        subject: String = "SUBJECT",
    } => revoke_other_ca,
    /// Pasted certificates whose PEM text is damaged.
    RevokeAllPemDamaged {} => revoke_all_pem_damaged,
    /// No certificate to revoke pasted.
    RevokeNone {} => revoke_none,
    /// An old bundle without `ca/ca.pem`.
    BundleNoCa {} => bundle_no_ca,
    /// An old bundle without a file it needs.
    BundleLacks {
        /// The file's path in the zip.
        path: String = "PATH",
    } => bundle_lacks,
    /// A file of an old bundle that is not text.
    BundleNotText {
        /// The file's path in the zip.
        path: String = "PATH",
    } => bundle_not_text,
    /// A file of an old bundle that is not a certificate.
    BundleNotCertificate {
        /// The file's path in the zip.
        path: String = "PATH",
    } => bundle_not_certificate,
    /// A date of an old bundle's certificate that cannot be read.
    BundleBadDate {
        /// The date as written.
        date: String = "DATE",
    } => bundle_bad_date,
    /// An old bundle's server key of a type Portcullis does not make.
    BundleKeyType {
        /// The key's type.
        kind: String = "KIND",
    } => bundle_key_type,
    /// Not a zip file.
    ZipNot {} => zip_not,
    /// A zip split over several disks.
    ZipDisks {} => zip_disks,
    /// A zip64 archive.
    Zip64 {} => zip64,
    /// A zip of more entries than a bundle has.
    ZipTooMany {
        /// The most allowed.
        max: usize = "MAX",
    } => zip_too_many,
    /// A zip entry whose name is not UTF-8.
    ZipBadName {} => zip_bad_name,
    /// A zip that holds a name twice.
    ZipTwice {
        /// The name.
        name: String = "NAME",
    } => zip_twice,
    /// An encrypted zip entry.
    ZipEncrypted {
        /// The entry's name.
        name: String = "NAME",
    } => zip_encrypted,
    /// A compressed zip entry.
    ZipCompressed {
        /// The entry's name.
        name: String = "NAME",
    } => zip_compressed,
    /// A zip holding more than a bundle does.
    ZipTooLarge {
        /// The most allowed, in MiB.
        mib: usize = "MIB",
    } => zip_too_large,
    /// A zip entry whose checksum does not match.
    ZipDamaged {
        /// The entry's name.
        name: String = "NAME",
    } => zip_damaged,
    /// A document to inspect whose PEM text is damaged.
    DocumentPemDamaged {} => document_pem_damaged,
    /// A PEM block of a kind Portcullis does not inspect.
    DocumentBlockUnknown {
        /// The block's label.
        label: String = "LABEL",
    } => document_block_unknown,
    /// A private key to inspect that is not valid DER.
    DocumentKeyInvalid {} => document_key_invalid,
    /// An encrypted key to inspect that is not valid DER.
    DocumentEncryptedKeyInvalid {} => document_encrypted_key_invalid,
    /// A CSR to inspect that is not valid DER.
    DocumentCsrInvalid {} => document_csr_invalid,
    /// Not a certificate, CSR or key.
    DocumentUnknown {} => document_unknown,
    /// An empty client.p12 password.
    P12Empty {
        /// The fewest characters allowed.
        min: usize = "MIN",
    } => p12_empty,
    /// Too short a client.p12 password.
    P12Short {
        /// Its length in characters.
        chars: usize = "CHARS",
        /// The fewest characters allowed.
        min: usize = "MIN",
    } => p12_short,
    /// No CSR pasted or opened (the wizard's).
    CsrEmpty {} => csr_empty,
    /// No CA given to a tool (the wizard's).
    ToolCaEmpty {} => tool_ca_empty,
    /// No existing CA given in the CA step (the wizard's).
    CaEmpty {} => ca_empty,
    /// No old bundle opened in the renew tool (the wizard's).
    BundleNotOpened {} => bundle_not_opened,
    /// An old bundle without the CA's key, and none pasted (the wizard's).
    BundleNoCaKey {} => bundle_no_ca_key,
    /// A plan file's later server that sends its own CSR (the wizard's).
    PlanServerOwnCsr {
        /// The server's index in the file's `servers`.
        server: usize = "N",
    } => plan_server_own_csr,
    /// The page's worker failed while reading (the wizard's).
    WorkerFailed {
        /// What the browser said.
        why: String = "WHY",
    } => worker_failed,
    /// A plan file that is not JSON.
    PlanNotJson {
        /// What the JSON reader said (in English).
        detail: String = "DETAIL",
    } => plan_not_json,
    /// A plan file newer than this Portcullis reads.
    PlanVersionNewer {
        /// The file's version.
        version: u32 = "VERSION",
        /// The version this Portcullis reads.
        reads: u32 = "READS",
    } => plan_version_newer,
    /// A plan file of an unknown version.
    PlanVersionUnknown {
        /// The file's version.
        version: u32 = "VERSION",
        /// The version to write.
        current: u32 = "CURRENT",
    } => plan_version_unknown,
    /// A plan file without a version.
    PlanNoVersion {
        /// The version to write.
        current: u32 = "CURRENT",
    } => plan_no_version,
    /// A plan file whose JSON is not a plan.
    PlanInvalid {
        /// What the JSON reader said (in English).
        detail: String = "DETAIL",
    } => plan_invalid,
    /// A plan file without servers.
    PlanNoServers {} => plan_no_servers,
}

refusals! {
    /// Why a typed value is refused: a server's name or address, a client's name, the CA's
    /// name, a lifetime, a port, a passphrase, the plan's counts, a choice Portcullis does not
    /// know, a line of the wizard's "Other servers", a passphrase a renewal would reuse.
    struct InputRefusal, kind InputKind;

    /// A server DNS name is empty.
    DnsEmpty {} => dns_empty,
    /// A server DNS name is an IP address.
    DnsIsIp {
        /// The name as given.
        name: String = "NAME",
    } => dns_is_ip,
    /// A server DNS name ends with a dot.
    DnsTrailingDot {
        /// The name as given.
        name: String = "NAME",
        /// The name without its dot.
        stripped: String = "STRIPPED",
    } => dns_trailing_dot,
    /// A server DNS name is not ASCII.
    DnsNotAscii {
        /// The name as given.
        name: String = "NAME",
    } => dns_not_ascii,
    /// A server DNS name is too long.
    DnsTooLong {
        /// The name as given.
        name: String = "NAME",
        /// Its length.
        len: usize = "LEN",
        /// The most allowed.
        max: usize = "MAX",
    } => dns_too_long,
    /// A server DNS name is a wildcard.
    DnsWildcard {
        /// The name as given.
        name: String = "NAME",
    } => dns_wildcard,
    /// A server DNS name has an empty label.
    DnsEmptyLabel {
        /// The name as given.
        name: String = "NAME",
    } => dns_empty_label,
    /// A label of a server DNS name is too long.
    DnsLabelTooLong {
        /// The name as given.
        name: String = "NAME",
        /// The label.
        label: String = "LABEL",
        /// Its length.
        len: usize = "LEN",
        /// The most allowed.
        max: usize = "MAX",
    } => dns_label_too_long,
    /// A server DNS name has a character a host name cannot have.
    DnsBadCharacter {
        /// The name as given.
        name: String = "NAME",
        /// The character.
        bad: char = "BAD",
    } => dns_bad_character,
    /// A label of a server DNS name starts or ends with a hyphen.
    DnsLabelHyphen {
        /// The name as given.
        name: String = "NAME",
        /// The label.
        label: String = "LABEL",
    } => dns_label_hyphen,
    /// A server DNS name's last label is all digits.
    DnsAllDigits {
        /// The name as given.
        name: String = "NAME",
    } => dns_all_digits,
    /// A server IP address is empty.
    IpEmpty {} => ip_empty,
    /// An IPv6 address in brackets.
    IpBrackets {
        /// The address as given.
        text: String = "TEXT",
        /// The address without brackets.
        inner: String = "INNER",
    } => ip_brackets,
    /// A network (`/prefix`) instead of an address.
    IpNetwork {
        /// The text as given.
        text: String = "TEXT",
    } => ip_network,
    /// A host name given as an IP address.
    IpIsName {
        /// The text as given.
        text: String = "TEXT",
    } => ip_is_name,
    /// Not an IP address.
    IpMalformed {
        /// The text as given.
        text: String = "TEXT",
    } => ip_malformed,
    /// The unspecified (wildcard listen) address.
    IpUnspecified {
        /// The text as given.
        text: String = "TEXT",
    } => ip_unspecified,
    /// A multicast or broadcast address.
    IpMulticast {
        /// The text as given.
        text: String = "TEXT",
    } => ip_multicast,
    /// A client name is empty.
    ClientEmpty {} => client_empty,
    /// A client name is too long.
    ClientTooLong {
        /// The name as given.
        name: String = "NAME",
        /// Its length.
        len: usize = "LEN",
        /// The most allowed.
        max: usize = "MAX",
    } => client_too_long,
    /// A client name has a character a folder name should not have.
    ClientBadCharacter {
        /// The name, control characters escaped.
        name: String = "NAME",
        /// The character as shown: in backticks, or escaped in quotes if a control character.
        shown: String = "SHOWN",
    } => client_bad_character,
    /// A client name does not start with a letter or digit.
    ClientStart {
        /// The name as given.
        name: String = "NAME",
    } => client_start,
    /// The CA's name is empty.
    CaNameEmpty {} => ca_name_empty,
    /// The CA's name is too long.
    CaNameTooLong {
        /// The name as given.
        name: String = "NAME",
        /// Its length in characters.
        len: usize = "LEN",
        /// The most allowed.
        max: usize = "MAX",
    } => ca_name_too_long,
    /// The CA's name has a control character.
    CaNameControl {
        /// The name, control characters escaped.
        name: String = "NAME",
    } => ca_name_control,
    /// A lifetime under one day.
    DaysTooFew {
        /// The days given.
        days: i64 = "DAYS",
    } => days_too_few,
    /// A lifetime over the most allowed.
    DaysTooMany {
        /// The days given.
        days: i64 = "DAYS",
        /// The most allowed.
        max: u32 = "MAX",
    } => days_too_many,
    /// A lifetime that is not a whole number.
    DaysNotNumber {
        /// The text as given.
        text: String = "TEXT",
    } => days_not_number,
    /// Port 0.
    PortZero {
        /// Docker's TLS port.
        default: u16 = "DEFAULT",
    } => port_zero,
    /// A port above 65535.
    PortTooHigh {
        /// The port given.
        port: u32 = "PORT",
        /// Docker's TLS port.
        default: u16 = "DEFAULT",
    } => port_too_high,
    /// A port that is not a number.
    PortNotNumber {
        /// The text as given.
        text: String = "TEXT",
        /// Docker's TLS port.
        default: u16 = "DEFAULT",
    } => port_not_number,
    /// No passphrase for a new CA key.
    PassphraseEmpty {
        /// The fewest characters allowed.
        min: usize = "MIN",
    } => passphrase_empty,
    /// A passphrase for a new CA key that is too short.
    PassphraseShort {
        /// Its characters.
        chars: usize = "CHARS",
        /// The fewest allowed.
        min: usize = "MIN",
    } => passphrase_short,
    /// No passphrase for an existing, encrypted CA key.
    PassphraseMissing {} => passphrase_missing,
    /// Servers too many.
    ServersTooMany {
        /// The count.
        count: usize = "COUNT",
        /// The max.
        max: usize = "MAX",
    } => servers_too_many,
    /// Clients too many.
    ClientsTooMany {
        /// The count.
        count: usize = "COUNT",
        /// The max.
        max: usize = "MAX",
    } => clients_too_many,
    /// Servers none.
    ServersNone {} => servers_none,
    /// Server folders clash.
    ServerFoldersClash {
        /// The first.
        first: usize = "FIRST",
        /// The second.
        second: usize = "SECOND",
        /// The host.
        host: String = "HOST",
    } => server_folders_clash,
    /// Clients none.
    ClientsNone {} => clients_none,
    /// Client twice.
    ClientTwice {
        /// The name.
        name: String = "NAME",
    } => client_twice,
    /// Ca passphrase none.
    CaPassphraseNone {} => ca_passphrase_none,
    /// A platform Portcullis does not know.
    PlatformUnknown {
        /// The text as given.
        text: String = "TEXT",
    } => platform_unknown,
    /// A key type Portcullis does not make.
    KeyTypeUnknown {
        /// The text as given.
        text: String = "TEXT",
        /// The key types there are, comma-separated.
        names: String = "NAMES",
    } => key_type_unknown,
    /// A language Portcullis does not write.
    LanguageUnknown {
        /// The text as given.
        text: String = "TEXT",
    } => language_unknown,
    /// A renewal's new CA key and no passphrase to reuse (the wizard's).
    RenewNoPassphrase {} => renew_no_passphrase,
    /// A renewal's old passphrase too short for a new CA key (the wizard's).
    RenewPassphraseShort {
        /// The fewest characters allowed.
        min: usize = "MIN",
    } => renew_passphrase_short,
    /// A line of "Other servers" with a port but no name (the wizard's).
    OtherServersPortNoName {
        /// The line, from 1.
        line: usize = "LINE",
    } => other_servers_port_no_name,
    /// A line of "Other servers" with a platform but no name (the wizard's).
    OtherServersPlatformNoName {
        /// The line, from 1.
        line: usize = "LINE",
    } => other_servers_platform_no_name,
    /// A rotation given an existing CA.
    RotateExistingCa {} => rotate_existing_ca,
    /// A rotation's new CA named as the old one.
    RotateSameName {
        /// The name.
        name: String = "NAME",
    } => rotate_same_name,
    /// A rotation of a CA that has ended.
    RotateOldEnded {
        /// When the old CA ended.
        date: String = "DATE",
    } => rotate_old_ended,
    /// A proxy for a server whose platform has no root daemon socket.
    ProxyPlatform {
        /// The server's platform.
        platform: String = "PLATFORM",
    } => proxy_platform,
    /// A proxy for one of several servers whose platform has no root daemon socket.
    ProxyPlatformOf {
        /// Which server, from 1.
        server: usize = "N",
        /// The server's platform.
        platform: String = "PLATFORM",
    } => proxy_platform_of,
}
