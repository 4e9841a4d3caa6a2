//! Refusals declared by one list each: of a file or pasted text (a private key, a CA
//! certificate, a CSR, a CRL, a certificate to revoke, an old bundle, a plan file, a document
//! to inspect), and of a typed choice or line.
//!
//! Each kind names its values and the template of `portcullis-words` it is said in; the
//! macro writes the kinds, a function making each, its saying and its wire form from that one
//! list, so that a kind cannot be made without its values or said with values it lacks.

use core::fmt;

use portcullis_words::{Lang, Refusals, fill};

use super::Values;

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
            /// it has that many values.
            pub(super) fn from_wire(kind: &str, values: &mut Values) -> Option<Self> {
                const ALL: &[$kind_name] = &[$($kind_name::$kind),*];
                let at = Self::KINDS.iter().position(|(name, _)| *name == kind)?;
                let values: Vec<String> = values.0.by_ref().collect();
                (values.len() == Self::KINDS[at].1).then(|| Self {
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
    /// A CA name with an over-long attribute identifier.
    CaNameLongOid {} => ca_name_long_oid,
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
    /// Why a typed value is refused: a choice Portcullis does not know, a line of the wizard's
    /// "Other servers", a passphrase a renewal would reuse.
    struct InputRefusal, kind InputKind;

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
