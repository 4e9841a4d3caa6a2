//! The CA key's encryption key before the click: once the CA step is left with a passphrase,
//! the key worker runs its 600,000 PBKDF2 rounds (WebCrypto's `deriveBits`, or Portcullis' own
//! PBKDF2, as the user chose) with a fresh salt while the rest of the form is filled in, so that
//! Generate finds it ready. Plain Rust, tested natively; the worker (`in_worker.rs`) drives it.
//!
//! It serves only the passphrase and the maker it was derived for; another passphrase, another
//! maker or leaving the page wipes it, and a run takes it (a key is never used for two CA keys).

use portcullis_pki::{CaKeyEncryption, Passphrase};

use crate::state::KeyMaker;

/// The derivation the page wants ahead, and how far it is.
#[derive(Debug, Default)]
pub struct Ahead {
    wish: Option<(Passphrase, KeyMaker)>,
    /// The key, once derived, and whether WebCrypto derived it.
    ready: Option<(CaKeyEncryption, bool)>,
    /// Whether a derivation for the wish runs now.
    in_flight: bool,
    /// Bumped whenever the wish changes or a run takes the key: a derivation started before
    /// that arrives stale and is dropped.
    epoch: u64,
}

/// What a run finds for its passphrase.
#[derive(Debug)]
pub enum Found {
    /// Derived ahead for exactly this passphrase and maker: the key, and whether WebCrypto
    /// derived it.
    Ready(CaKeyEncryption, bool),
    /// Being derived for it now: wait.
    Pending,
    /// Nothing for it: derive it now.
    Nothing,
}

impl Ahead {
    /// The page's wish: derive for this passphrase and maker (`None`: nothing, and wipe what is
    /// held). Returns the epoch to start a derivation for, if one must start.
    pub fn wish(&mut self, wish: Option<(Passphrase, KeyMaker)>) -> Option<u64> {
        if wish == self.wish {
            return None;
        }
        self.wish = wish;
        // Dropping the key wipes it.
        self.ready = None;
        self.epoch += 1;
        self.in_flight = self.wish.is_some();
        self.in_flight.then_some(self.epoch)
    }

    /// A derivation started for `epoch` is done.
    pub fn arrived(&mut self, epoch: u64, derived: Result<(CaKeyEncryption, bool), String>) {
        if epoch != self.epoch {
            return;
        }
        self.in_flight = false;
        // A failure is left to the run, which derives again and says why if it fails too.
        self.ready = derived.ok();
    }

    /// Whether a key is derived and waiting.
    pub fn is_ready(&self) -> bool {
        self.ready.is_some()
    }

    /// What a run for `passphrase`, made by `maker`, finds; a key found is taken.
    pub fn take_for(&mut self, passphrase: &Passphrase, maker: KeyMaker) -> Found {
        let wished = self
            .wish
            .as_ref()
            .is_some_and(|(wish, wished_maker)| wish == passphrase && *wished_maker == maker);
        if !wished {
            return Found::Nothing;
        }
        match self.ready.take() {
            Some((key, by_webcrypto)) => {
                // Taken: the next run derives again, with another salt.
                self.wish = None;
                self.epoch += 1;
                Found::Ready(key, by_webcrypto)
            }
            None if self.in_flight => Found::Pending,
            None => Found::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passphrase(text: &str) -> Passphrase {
        Passphrase::new(text.to_owned()).expect("passphrase")
    }

    fn derived(text: &str) -> Result<(CaKeyEncryption, bool), String> {
        Ok((CaKeyEncryption::derive(&passphrase(text), [7; 16]), true))
    }

    #[test]
    fn a_key_derived_ahead_serves_only_its_passphrase_and_maker_once() {
        let mut ahead = Ahead::default();
        let wish = (passphrase("correct horse battery"), KeyMaker::WebCrypto);
        let epoch = ahead.wish(Some(wish.clone())).expect("starts");
        assert_eq!(
            ahead.wish(Some(wish.clone())),
            None,
            "the same wish starts nothing"
        );
        assert!(matches!(
            ahead.take_for(&wish.0, KeyMaker::WebCrypto),
            Found::Pending
        ));
        ahead.arrived(epoch, derived("correct horse battery"));
        assert!(matches!(
            ahead.take_for(&passphrase("another passphrase"), KeyMaker::WebCrypto),
            Found::Nothing
        ));
        assert!(matches!(
            ahead.take_for(&wish.0, KeyMaker::Rust),
            Found::Nothing
        ));
        let Found::Ready(key, by_webcrypto) = ahead.take_for(&wish.0, KeyMaker::WebCrypto) else {
            panic!("not ready");
        };
        assert!(by_webcrypto);
        assert_eq!(key.salt(), &[7; 16]);
        assert!(
            matches!(ahead.take_for(&wish.0, KeyMaker::WebCrypto), Found::Nothing),
            "taken once"
        );
    }

    #[test]
    fn another_wish_wipes_the_key_and_a_stale_derivation_is_dropped() {
        let mut ahead = Ahead::default();
        let first = (passphrase("correct horse battery"), KeyMaker::WebCrypto);
        let stale = ahead.wish(Some(first.clone())).expect("starts");
        let second = (passphrase("another passphrase"), KeyMaker::WebCrypto);
        let epoch = ahead.wish(Some(second.clone())).expect("starts again");
        ahead.arrived(stale, derived("correct horse battery"));
        assert!(matches!(
            ahead.take_for(&second.0, KeyMaker::WebCrypto),
            Found::Pending
        ));
        ahead.arrived(epoch, derived("another passphrase"));
        assert_eq!(ahead.wish(None), None, "nothing to start");
        assert!(
            matches!(
                ahead.take_for(&second.0, KeyMaker::WebCrypto),
                Found::Nothing
            ),
            "wiped"
        );
        // A failed derivation leaves the run to derive.
        let epoch = ahead.wish(Some(first.clone())).expect("starts");
        ahead.arrived(epoch, Err("refused".to_owned()));
        assert!(matches!(
            ahead.take_for(&first.0, KeyMaker::WebCrypto),
            Found::Nothing
        ));
    }
}
