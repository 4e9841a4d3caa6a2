//! Keys before the click: the RSA keys a plan will need, made in the worker while the user is
//! still filling in the form, so that Generate finds them ready and only signs, encrypts and
//! zips. Plain Rust, tested natively; the worker (`worker.rs`) drives it.
//!
//! The page says what it wants ([`Want`]: a key type, who makes the keys, how many) each time
//! that changes. Keys of another kind are wiped at once (the user chose another key type or
//! key maker), so are keys beyond the count (fewer servers or clients than before), and so is
//! everything when the page is left. A run takes the keys it needs and the stock is empty
//! again. [`KeyPair`] zeroizes its secret when dropped: wiping is dropping.

use crate::state::KeyMaker;
use crate::trouble::Trouble;
use portcullis_pki::{KeyPair, KeyType};

/// What the page wants made ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Want {
    /// The key type: RSA only, since the other kinds take milliseconds.
    pub key_type: KeyType,
    /// Who makes them.
    pub maker: KeyMaker,
    /// How many: the new CA's, each server's, each client's, as far as the form is filled in.
    pub count: usize,
}

impl Want {
    /// Whether keys made for `other` serve this wish: the same key type, by the same maker.
    fn same_kind(&self, other: &Want) -> bool {
        self.key_type == other.key_type && self.maker == other.maker
    }
}

/// The keys made ahead, and those being made.
#[derive(Debug, Default)]
pub struct Stock {
    want: Option<Want>,
    keys: Vec<KeyPair>,
    /// Keys being made now for the current kind.
    in_flight: usize,
    /// Bumped whenever the kind changes or a run takes the stock: a key started before that
    /// arrives stale and is dropped.
    epoch: u64,
    /// Why the last key could not be made (WebCrypto refused), for the run that waits on it.
    failure: Option<Trouble>,
    /// Whether a run waits for the keys ([`Stock::reserve`]), rather than the page making them
    /// ahead.
    run_waits: bool,
}

/// What the page hears of the stock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Level {
    /// Keys ready.
    pub ready: usize,
    /// Keys wanted.
    pub wanted: usize,
    /// Whether the CA key's encryption key is derived ahead and waiting (see `ahead.rs`).
    pub encryption_ready: bool,
    /// Why a key could not be made ahead: none more is, until the kind changes, and a run
    /// tries again.
    pub failed: Option<Trouble>,
}

impl Stock {
    /// The page's wish changed: keys of another kind (type or maker) are wiped, and keys beyond
    /// the count too. `None` wipes everything (the page is left, or nothing is wanted).
    pub fn set_want(&mut self, want: Option<Want>) {
        self.run_waits = false;
        let same_kind = match (self.want, want) {
            (Some(old), Some(new)) => old.same_kind(&new),
            _ => false,
        };
        if !same_kind {
            self.wipe();
        }
        if let Some(want) = want {
            self.keys.truncate(want.count);
        }
        self.want = want;
    }

    fn wipe(&mut self) {
        // Dropping a KeyPair zeroizes its secret.
        self.keys.clear();
        self.in_flight = 0;
        self.epoch += 1;
        self.failure = None;
    }

    /// How many keys to start making now, at most `parallel` at a time, and the epoch they
    /// belong to. The caller makes them and hands each to [`Stock::arrived`].
    pub fn start(&mut self, parallel: usize) -> (usize, u64) {
        let Some(want) = self.want else {
            return (0, self.epoch);
        };
        if self.failure.is_some() {
            return (0, self.epoch);
        }
        let missing = want.count.saturating_sub(self.keys.len() + self.in_flight);
        let room = parallel.saturating_sub(self.in_flight);
        let starting = missing.min(room);
        self.in_flight += starting;
        (starting, self.epoch)
    }

    /// A key started in `epoch` is made (or could not be): kept while it is still wanted,
    /// wiped otherwise.
    pub fn arrived(&mut self, epoch: u64, key: Result<KeyPair, Trouble>) {
        if epoch != self.epoch {
            return;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        let wanted = self.want.map_or(0, |want| want.count);
        match key {
            Ok(key) if self.keys.len() < wanted && Some(key.key_type()) == self.kind() => {
                self.keys.push(key);
            }
            Ok(_) => {}
            Err(why) => self.failure = Some(why),
        }
    }

    fn kind(&self) -> Option<KeyType> {
        self.want.map(|want| want.key_type)
    }

    /// What the stock holds of what is wanted.
    pub fn level(&self) -> Level {
        Level {
            encryption_ready: false,
            ready: self.keys.len(),
            wanted: self.want.map_or(0, |want| want.count),
            failed: self.failure.clone(),
        }
    }

    /// The epoch keys started now belong to.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// How many keys are being made now.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// The kind the stock makes now.
    pub fn want(&self) -> Option<Want> {
        self.want
    }

    /// Why making a key failed, if it did; the stock makes no more until the kind changes.
    pub fn failure(&self) -> Option<&Trouble> {
        self.failure.as_ref()
    }

    /// How many of the keys `want` asks for are ready now: those of its kind, up to its count.
    pub fn ready_for(&self, want: Want) -> usize {
        match self.want {
            Some(held) if held.same_kind(&want) => self.keys.len().min(want.count),
            _ => 0,
        }
    }

    /// A run takes `want.count` keys: those ready if they are of its kind (the rest are wiped
    /// when they are not), and the stock goes on making what is missing for it. A key that could
    /// not be made ahead is tried again: the run says only its own failure, not one from before
    /// the click (a worker that could not start then may start now).
    pub fn reserve(&mut self, want: Want) {
        self.set_want(Some(want));
        self.failure = None;
        self.run_waits = true;
    }

    /// Whether a run waits for the keys now: from [`Stock::reserve`] until it takes them, or the
    /// page asks anew.
    pub fn run_waits(&self) -> bool {
        self.run_waits
    }

    /// Whether the keys the last [`Stock::reserve`] asked for are all ready.
    pub fn is_full(&self) -> bool {
        let level = self.level();
        level.ready >= level.wanted
    }

    /// Takes every key ready and wants nothing more: what a run does once [`Stock::is_full`].
    pub fn take(&mut self) -> Vec<KeyPair> {
        let keys = std::mem::take(&mut self.keys);
        self.want = None;
        self.run_waits = false;
        self.in_flight = 0;
        self.epoch += 1;
        keys
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;

    fn key(key_type: KeyType) -> Result<KeyPair, Trouble> {
        KeyPair::generate(key_type, &mut ChaCha20Rng::seed_from_u64(7))
            .map_err(|e| Trouble::Said(e.to_string()))
    }

    fn want(key_type: KeyType, maker: KeyMaker, count: usize) -> Option<Want> {
        Some(Want {
            key_type,
            maker,
            count,
        })
    }

    /// Fills the stock as the worker does: start, make, arrive, until nothing more starts.
    fn fill(stock: &mut Stock, parallel: usize) -> usize {
        let mut made = 0;
        loop {
            let (starting, epoch) = stock.start(parallel);
            if starting == 0 {
                return made;
            }
            let key_type = stock
                .want()
                .map(|w| w.key_type)
                .unwrap_or(KeyType::EcdsaP256);
            for _ in 0..starting {
                stock.arrived(epoch, key(key_type));
                made += 1;
            }
        }
    }

    #[test]
    fn the_stock_makes_what_is_wanted_and_no_more() {
        let mut stock = Stock::default();
        assert_eq!(
            stock.start(4),
            (0, 0),
            "nothing is made before anything is wanted"
        );
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::Rust, 2));
        assert_eq!(fill(&mut stock, 1), 2);
        assert_eq!(
            stock.level(),
            Level {
                ready: 2,
                wanted: 2,
                encryption_ready: false,
                failed: None,
            }
        );
        // The Server step was left with three servers: one more CA + 3 servers = 4.
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::Rust, 4));
        assert_eq!(fill(&mut stock, 4), 2, "only the missing keys are made");
        assert!(stock.is_full());
    }

    #[test]
    fn keys_of_another_kind_or_beyond_the_count_are_wiped() {
        let mut stock = Stock::default();
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::Rust, 3));
        fill(&mut stock, 3);
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::Rust, 1));
        assert_eq!(
            stock.level(),
            Level {
                ready: 1,
                wanted: 1,
                encryption_ready: false,
                failed: None,
            },
            "fewer clients"
        );
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::WebCrypto, 1));
        assert_eq!(stock.level().ready, 0, "another key maker");
        fill(&mut stock, 1);
        stock.set_want(want(KeyType::EcdsaP384, KeyMaker::WebCrypto, 1));
        assert_eq!(stock.level().ready, 0, "another key type");
        fill(&mut stock, 1);
        stock.set_want(None);
        assert_eq!(stock.level(), Level::default(), "the page was left");
    }

    #[test]
    fn a_key_started_before_the_kind_changed_is_dropped() {
        let mut stock = Stock::default();
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::WebCrypto, 2));
        let (starting, epoch) = stock.start(4);
        assert_eq!(starting, 2);
        assert_eq!(stock.start(4).0, 0, "both are in flight already");
        stock.set_want(want(KeyType::EcdsaP384, KeyMaker::WebCrypto, 2));
        stock.arrived(epoch, key(KeyType::EcdsaP256));
        assert_eq!(stock.level().ready, 0);
        assert_eq!(stock.start(4).0, 2, "the new kind is made from scratch");
    }

    #[test]
    fn a_run_takes_the_keys_and_the_stock_wants_nothing_more() {
        let mut stock = Stock::default();
        stock.set_want(want(KeyType::EcdsaP256, KeyMaker::Rust, 2));
        fill(&mut stock, 1);
        let run = Want {
            key_type: KeyType::EcdsaP256,
            maker: KeyMaker::Rust,
            count: 3,
        };
        assert_eq!(stock.ready_for(run), 2, "made ahead for the run");
        let other = Want {
            maker: KeyMaker::WebCrypto,
            ..run
        };
        assert_eq!(stock.ready_for(other), 0, "of another maker: none");
        assert!(!stock.run_waits(), "made ahead, no run waits");
        stock.reserve(run);
        assert!(stock.run_waits());
        assert!(!stock.is_full());
        assert_eq!(fill(&mut stock, 1), 1, "the run's missing key");
        assert!(stock.is_full());
        assert_eq!(stock.take().len(), 3);
        assert!(!stock.run_waits(), "the run has its keys");
        assert_eq!(stock.level(), Level::default());
        assert_eq!(
            stock.start(4).0,
            0,
            "nothing is made after a run until the page asks"
        );
    }

    #[test]
    fn a_failure_stops_the_stock_until_the_kind_changes() {
        let mut stock = Stock::default();
        stock.set_want(want(KeyType::Rsa2048, KeyMaker::WebCrypto, 2));
        let (_, epoch) = stock.start(1);
        stock.arrived(
            epoch,
            Err(Trouble::Said("the operation is not supported".to_owned())),
        );
        assert_eq!(
            stock.failure(),
            Some(&Trouble::Said("the operation is not supported".to_owned()))
        );
        assert_eq!(stock.start(4).0, 0);
        // The page hears why, ahead of the click, and goes on hearing it while only the count
        // changes.
        stock.set_want(want(KeyType::Rsa2048, KeyMaker::WebCrypto, 3));
        assert_eq!(
            stock.level().failed,
            Some(Trouble::Said("the operation is not supported".to_owned()))
        );
        assert_eq!(stock.start(4).0, 0);
        stock.set_want(want(KeyType::Rsa2048, KeyMaker::Rust, 2));
        assert_eq!(stock.failure(), None);
        assert_eq!(stock.level().failed, None, "another maker: said no more");
        assert_eq!(stock.start(1).0, 1);
    }

    #[test]
    fn a_run_tries_again_what_failed_ahead_and_hears_only_its_own_failure() {
        let mut stock = Stock::default();
        let run = Want {
            key_type: KeyType::Rsa2048,
            maker: KeyMaker::WebCrypto,
            count: 2,
        };
        stock.set_want(Some(run));
        let (_, epoch) = stock.start(1);
        stock.arrived(epoch, Err(Trouble::Said("out of memory".to_owned())));
        assert!(stock.failure().is_some(), "failed ahead of the click");
        stock.reserve(run);
        assert!(stock.run_waits());
        assert_eq!(stock.failure(), None, "the run starts afresh");
        assert_eq!(
            stock.level().failed,
            None,
            "and the page no longer hears of it"
        );
        let (starting, epoch) = stock.start(2);
        assert_eq!(starting, 2);
        stock.arrived(epoch, Err(Trouble::Said("refused".to_owned())));
        assert_eq!(
            stock.failure(),
            Some(&Trouble::Said("refused".to_owned())),
            "the run's own failure is kept for it"
        );
        // The run that waited says why and wipes the stock: the page asks anew.
        stock.set_want(want(KeyType::Rsa2048, KeyMaker::Rust, 2));
        assert!(!stock.run_waits(), "the page's wish: made ahead again");
    }
}
