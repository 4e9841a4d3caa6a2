//! The wire between the page and its workers: every request, answer, step, reply and failure
//! crosses as postcard bytes in a `Uint8Array`, not as JSON.
//!
//! Both ends are this crate, built at once, so the wire needs no field names: postcard writes
//! the values in order. Against JSON this drops serde_json's parser and each type's field-name
//! matching from both wasm modules, and a key or an old bundle crosses as bytes, not as a JSON
//! array of numbers. Every wire type's `Deserialize` must read what its `Serialize` wrote
//! without `deserialize_any` (postcard does not describe itself): the tests round-trip every
//! kind of message through [`encode`] and [`decode`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use crate::trouble::Trouble;

/// `value` as wire bytes, wiped when dropped (a request holds the CA's passphrase, an answer
/// may hold a key).
pub fn encode<T: Serialize>(value: &T) -> Result<Zeroizing<Vec<u8>>, Trouble> {
    postcard::to_allocvec(value)
        .map(Zeroizing::new)
        .map_err(|err| Trouble::Said(err.to_string()))
}

/// A value read back from wire bytes; what cannot be read is garbled.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Trouble> {
    postcard::from_bytes(bytes).map_err(|err| Trouble::Garbled(err.to_string()))
}

/// `value` as a JavaScript `Uint8Array` of wire bytes, to post or to hand to the shim; the
/// copy in the module's memory is wiped.
pub fn to_js<T: Serialize>(value: &T) -> Result<js_sys::Uint8Array, Trouble> {
    Ok(js_sys::Uint8Array::from(encode(value)?.as_slice()))
}

/// A value read back from a `Uint8Array` of wire bytes (anything else is garbled). The
/// JavaScript buffer is wiped once read, as is the copy taken from it.
pub fn from_js<T: DeserializeOwned>(bytes: &wasm_bindgen::JsValue) -> Result<T, Trouble> {
    use wasm_bindgen::JsCast as _;
    let array = bytes
        .dyn_ref::<js_sys::Uint8Array>()
        .ok_or_else(|| Trouble::Garbled("not bytes".to_owned()))?;
    decode(&take(array))
}

/// The bytes of a JavaScript buffer, copied into the module (wiped when dropped), the buffer
/// itself wiped: for secrets that arrive from JavaScript (wire bytes, primes, exported keys).
pub fn take(array: &js_sys::Uint8Array) -> Zeroizing<Vec<u8>> {
    let copy = Zeroizing::new(array.to_vec());
    array.fill(0, 0, array.length());
    copy
}

/// `value` as the other end reads it: across the wire and back, for tests.
#[cfg(test)]
pub fn across<T: Serialize + DeserializeOwned>(value: &T) -> T {
    decode(&encode(value).expect("encodes")).expect("decodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbled_bytes_are_a_trouble_never_a_panic() {
        let value: Vec<String> = vec!["a".into(), "b".into()];
        let bytes = encode(&value).expect("encodes");
        assert_eq!(decode::<Vec<String>>(&bytes).expect("decodes"), value);
        for cut in 0..bytes.len() {
            assert!(matches!(
                decode::<Vec<String>>(&bytes[..cut]),
                Err(Trouble::Garbled(_))
            ));
        }
    }
}
