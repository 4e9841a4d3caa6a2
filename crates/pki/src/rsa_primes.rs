//! The RSA prime search on its own, so that a caller may run it in several places at once (the
//! wizard runs one search per Web Worker, p and q searched at the same time) and make the key
//! from the first two primes found.
//!
//! A prime is found as the rsa crate's own key generation finds it: a random odd number of half
//! the modulus' bits with its top two bits set (so that any two make a modulus of exactly the
//! key's size), then the first number from there on, in steps of two, that passes the
//! Baillie-PSW test (Miller-Rabin base 2 and a strong Lucas test). The same start gives the very
//! same prime as crypto-primes' own search (tested); only the way there is faster, which is what
//! the browser's Rust path waits on:
//! - the sieve strikes multiples of every odd prime below 2^20 (crypto-primes': below 17,864), so
//!   about 30% fewer candidates reach a Miller-Rabin test; the start's residues are computed in
//!   constant time, as crypto-primes does;
//! - Miller-Rabin's base-2 power is squarings and constant-time doublings, with none of a
//!   windowed power's multiplications: about 30% faster in wasm, where a limb product is a call.
//!
//! Only a candidate that passes base 2 gets crypto-primes' full test, and every prime found (and
//! every one handed over) is tested by crypto-primes itself. As in every prime search
//! (crypto-primes', OpenSSL's), which candidates the sieve strikes and that a candidate fails a
//! test show in the timing; the powers and the start's residues do not. The CLI's RSA keys come
//! from this search too (`KeyPair::generate`), so both of the wizard's Rust paths and the CLI
//! make keys alike.

use core::fmt;
use core::num::NonZeroU32;
use std::sync::OnceLock;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{
    BitOps, BoxedUint, CheckedAdd, CtAssign, Limb, MontyForm, MontyMultiplier, NonZero, Odd,
    RandomBits, Reciprocal,
};
use crypto_primes::{Flavor, is_prime};
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use crate::error::Error;
use crate::key_pair::{KeyPair, KeyType, Secret};

/// The public exponent of every RSA key Portcullis makes.
const PUBLIC_EXPONENT: u64 = 65_537;

/// One prime factor of an RSA key of a given type; zeroized when dropped, never shown by
/// `Debug`.
pub struct RsaPrime {
    key_type: KeyType,
    prime: BoxedUint,
}

impl RsaPrime {
    /// Searches for a prime for a key of `key_type` (an RSA type) with randomness from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(key_type: KeyType, rng: &mut R) -> Result<Self, Error> {
        let bits = half_bits(key_type)?;
        loop {
            if let Some(prime) = next_prime(random_start(rng, bits.get()), bits.get()) {
                return Ok(Self { key_type, prime });
            }
        }
    }

    /// The prime, big-endian, to hand to another thread; the caller wipes what it copies.
    pub fn to_be_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.prime.to_be_bytes().into_vec())
    }

    /// A prime another thread found ([`RsaPrime::to_be_bytes`]): refused unless it has the
    /// size and top bits a prime of `key_type` has and passes the primality test again.
    pub fn from_be_bytes(key_type: KeyType, bytes: &[u8]) -> Result<Self, Error> {
        let bits = half_bits(key_type)?;
        let refused = |why: &str| Error::KeyGeneration(format!("a prime handed over {why}"));
        let prime = BoxedUint::from_be_slice(bytes, bits.get())
            .map_err(|_| refused(&format!("has {} bytes, too many", bytes.len())))?;
        let width = prime.bit_width();
        if width != bits.get() || !prime.bit_vartime(bits.get() - 2) {
            return Err(refused(&format!(
                "has {width} bits, not {} with the top two set",
                bits.get()
            )));
        }
        if !is_prime(Flavor::Any, &prime) {
            return Err(refused("is not prime"));
        }
        Ok(Self { key_type, prime })
    }

    /// The key type this prime is for.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }
}

impl Drop for RsaPrime {
    fn drop(&mut self) {
        self.prime.zeroize();
    }
}

impl fmt::Debug for RsaPrime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrime")
            .field("key_type", &self.key_type)
            .finish_non_exhaustive()
    }
}

/// Half the modulus' bits: the size of each prime.
fn half_bits(key_type: KeyType) -> Result<NonZeroU32, Error> {
    key_type
        .rsa_bits()
        .and_then(|bits| NonZeroU32::new((bits / 2) as u32))
        .ok_or_else(|| Error::KeyGeneration(format!("{key_type} keys have no primes")))
}

/// The sieve strikes multiples of the odd primes below this.
const SIEVE_LIMIT: usize = 1 << 20;

/// Candidates sieved at once: start, start + 2, …, start + 2 (WINDOW - 1). Primes of 1024 bits
/// and more are some 700 or more apart on average, so one window nearly always holds the prime.
const WINDOW: usize = 4096;

/// The odd primes below [`SIEVE_LIMIT`] and their reciprocals, computed once.
fn sieve_primes() -> &'static [(u32, Reciprocal)] {
    static PRIMES: OnceLock<Vec<(u32, Reciprocal)>> = OnceLock::new();
    PRIMES.get_or_init(|| {
        let mut composite = vec![false; SIEVE_LIMIT];
        let mut primes = Vec::with_capacity(82_025);
        for n in (3..SIEVE_LIMIT).step_by(2) {
            if composite[n] {
                continue;
            }
            for multiple in (n * n..SIEVE_LIMIT).step_by(2 * n) {
                composite[multiple] = true;
            }
            let limb = NonZero::new(Limb::from(n as u32)).expect("an odd prime is not zero");
            primes.push((n as u32, Reciprocal::new(limb)));
        }
        primes
    })
}

/// The first prime of `bits` bits at `start` (odd, and above the sieve's primes) or after it, in
/// steps of two; `None` when there is none below 2^bits (the caller starts again elsewhere).
/// Everything that tells of the prime (the start, the candidates, their residues and which of
/// them the sieve struck) is wiped when done.
fn next_prime(start: Zeroizing<BoxedUint>, bits: u32) -> Option<BoxedUint> {
    next_prime_in_windows(start, bits, WINDOW)
}

/// [`next_prime`], sieving `window` candidates at a time.
fn next_prime_in_windows(
    start: Zeroizing<BoxedUint>,
    bits: u32,
    window: usize,
) -> Option<BoxedUint> {
    let mut sieved = Sieved::new(start, window);
    loop {
        let mut budget = u32::MAX;
        match sieved.search(bits, &mut budget) {
            Slice::Found(prime) => return Some(prime),
            Slice::NoneBelowSize => return None,
            Slice::Paused => {}
        }
    }
}

/// A search that may stop between tests and go on later ([`RsaPrimeSearch`]).
pub struct RsaPrimeSearch {
    key_type: KeyType,
    bits: NonZeroU32,
    /// The window being searched; `None` before the first start, or after a prime (or none)
    /// was found.
    sieved: Option<Sieved>,
}

impl RsaPrimeSearch {
    /// A search for a prime of a key of `key_type` (an RSA type), the same search as
    /// [`RsaPrime::generate`] (from the same randomness, the same prime), made a few tests at a
    /// time: the wizard's prime-search workers run it in slices, a turn of their event loop
    /// apart, so that a worker ends at once when Cancel terminates it (a browser kills a worker
    /// that never yields only seconds later).
    pub fn new(key_type: KeyType) -> Result<Self, Error> {
        Ok(Self {
            key_type,
            bits: half_bits(key_type)?,
            sieved: None,
        })
    }

    /// Goes on for at most `tests` primality tests of candidates (a new start, when one is
    /// needed, with randomness from `rng`): the prime, if one was found, else `None`, and the
    /// search goes on from where it stopped at the next call.
    pub fn advance<R: CryptoRng + ?Sized>(&mut self, rng: &mut R, tests: u32) -> Option<RsaPrime> {
        let bits = self.bits.get();
        let mut budget = tests;
        loop {
            let sieved = self
                .sieved
                .get_or_insert_with(|| Sieved::new(random_start(rng, bits), WINDOW));
            match sieved.search(bits, &mut budget) {
                Slice::Found(prime) => {
                    self.sieved = None;
                    return Some(RsaPrime {
                        key_type: self.key_type,
                        prime,
                    });
                }
                Slice::NoneBelowSize => self.sieved = None,
                Slice::Paused => return None,
            }
        }
    }
}

/// Shows nothing of the search: where it is tells of the prime it will find.
impl fmt::Debug for RsaPrimeSearch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrimeSearch")
            .field("key_type", &self.key_type)
            .finish_non_exhaustive()
    }
}

/// A random odd start of `bits` bits with its top two bits set, as [`RsaPrime::generate`] and
/// the rsa crate's key generation take it.
fn random_start<R: CryptoRng + ?Sized>(rng: &mut R, bits: u32) -> Zeroizing<BoxedUint> {
    let mut start = Zeroizing::new(BoxedUint::random_bits(rng, bits));
    BitOps::set_bit_vartime(&mut *start, 0, true);
    BitOps::set_bit_vartime(&mut *start, bits - 1, true);
    BitOps::set_bit_vartime(&mut *start, bits - 2, true);
    start
}

/// What a slice of a search came to.
enum Slice {
    Found(BoxedUint),
    /// The candidates reached 2^bits: the search starts again elsewhere.
    NoneBelowSize,
    /// The tests allowed were made.
    Paused,
}

/// A window of candidates, base, base + 2, …, sieved, and the next one to look at. Wiped when
/// dropped.
struct Sieved {
    base: Zeroizing<BoxedUint>,
    residues: Zeroizing<Vec<u32>>,
    struck: Zeroizing<Vec<bool>>,
    next: usize,
}

impl Sieved {
    fn new(base: Zeroizing<BoxedUint>, window: usize) -> Self {
        let mut sieved = Self {
            base,
            residues: Zeroizing::new(vec![0u32; sieve_primes().len()]),
            struck: Zeroizing::new(vec![false; window]),
            next: 0,
        };
        sieved.sieve();
        sieved
    }

    /// Strikes the multiples of the sieve's primes from the window at `base`.
    fn sieve(&mut self) {
        let primes = sieve_primes();
        let window = self.struck.len();
        // Constant time in the base, as crypto-primes' own sieve.
        for (residue, (_, reciprocal)) in self.residues.iter_mut().zip(primes) {
            *residue = self.base.rem_limb_with_reciprocal(reciprocal).0 as u32;
        }
        self.struck.fill(false);
        for (&residue, &(prime, _)) in self.residues.iter().zip(primes) {
            // base + 2k is a multiple of `prime` when k = -residue / 2 (mod prime).
            let (p, r) = (u64::from(prime), u64::from(residue));
            let mut k = ((p - r) % p * p.div_ceil(2) % p) as usize;
            while k < window {
                self.struck[k] = true;
                k += prime as usize;
            }
        }
        self.next = 0;
    }

    /// Tests the candidates left that the sieve did not strike, window after window, at most
    /// `budget` of them (counted down).
    fn search(&mut self, bits: u32, budget: &mut u32) -> Slice {
        let window = self.struck.len();
        loop {
            while self.next < window {
                let k = self.next;
                if self.struck[k] {
                    self.next += 1;
                    continue;
                }
                if *budget == 0 {
                    return Slice::Paused;
                }
                *budget -= 1;
                self.next += 1;
                let Some(candidate) =
                    CheckedAdd::checked_add(&*self.base, &BoxedUint::from(2 * k as u64))
                        .into_option()
                        .map(Zeroizing::new)
                        .filter(|candidate| candidate.bit_width_vartime() <= bits)
                else {
                    return Slice::NoneBelowSize;
                };
                if passes_base_two(&candidate, bits) && is_prime(Flavor::Any, &*candidate) {
                    return Slice::Found(BoxedUint::clone(&candidate));
                }
            }
            // The old base is wiped as it goes.
            let step = BoxedUint::from(2 * window as u64);
            let Some(base) = CheckedAdd::checked_add(&*self.base, &step).into_option() else {
                return Slice::NoneBelowSize;
            };
            self.base = Zeroizing::new(base);
            self.sieve();
        }
    }
}

/// Miller-Rabin with base 2 for odd `n` of `bits` bits: 2^d mod n (n - 1 = 2^s d, d odd) by a
/// square for each of the `bits` bits of d and a doubling chosen in constant time, then up to
/// s - 1 squarings, as crypto-primes' `MillerRabin::test_base_two` (which gives the same answer,
/// tested) but without its windowed power's multiplications.
fn passes_base_two(n: &BoxedUint, bits: u32) -> bool {
    let Some(odd) = Odd::new(n.clone()).into_option() else {
        return false;
    };
    let params = BoxedMontyParams::new_vartime(odd);
    let one = BoxedMontyForm::one(&params);
    let minus_one = -one.clone();
    let n_less_one = Zeroizing::new(n.wrapping_sub(BoxedUint::one()));
    let s = n_less_one.trailing_zeros_vartime();
    let d = Zeroizing::new(n_less_one.wrapping_shr_vartime(s));
    let modulus = params.modulus().as_nz_ref();
    let mut multiplier = <BoxedMontyForm as MontyForm>::Multiplier::from(&params);
    let mut power = Zeroizing::new(one.clone());
    for bit in (0..bits).rev() {
        multiplier.square_assign(&mut power);
        let doubled = Zeroizing::new(power.as_montgomery().double_mod(modulus));
        power.as_montgomery_mut().ct_assign(&doubled, d.bit(bit));
    }
    if *power == one || *power == minus_one {
        return true;
    }
    for _ in 1..s {
        multiplier.square_assign(&mut power);
        if *power == one {
            return false;
        }
        if *power == minus_one {
            return true;
        }
    }
    false
}

impl KeyPair {
    /// The RSA key of primes `p` and `q` (of the same RSA key type), with exponent 65537.
    /// Refused when they are equal or 65537 divides either less one (then the caller keeps the
    /// later prime and searches for another to go with it).
    pub fn rsa_from_primes(p: RsaPrime, q: RsaPrime) -> Result<Self, Error> {
        let key_type = p.key_type;
        if q.key_type != key_type {
            return Err(Error::KeyGeneration(format!(
                "primes of a {key_type} key and a {} key make no key",
                q.key_type
            )));
        }
        if p.prime == q.prime {
            return Err(Error::KeyGeneration(
                "the two primes are the same".to_owned(),
            ));
        }
        let private = rsa::PrivateKey::from_p_q(
            p.prime.clone(),
            q.prime.clone(),
            BoxedUint::from(PUBLIC_EXPONENT),
        )
        .map_err(|err| Error::KeyGeneration(err.to_string()))?;
        let key = Self::from_secret(
            key_type,
            Secret::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(private))),
        )?;
        // The modulus of two primes with their top two bits set has exactly the key's size.
        match key_type.rsa_bits() {
            Some(bits) if key.rsa_modulus_bits() == Some(bits) => Ok(key),
            _ => Err(Error::KeyGeneration(format!(
                "the primes make no {key_type} modulus"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;

    /// crypto-primes' own search from the same start: its sieve, then its full test.
    fn crypto_primes_search(start: &BoxedUint, bits: u32) -> Option<BoxedUint> {
        let bits = NonZeroU32::new(bits).expect("bits");
        crypto_primes::hazmat::SmallFactorsSieve::new(start.clone(), bits, false)
            .expect("sieve")
            .find(|candidate| is_prime(Flavor::Any, candidate))
    }

    fn random_start(rng: &mut ChaCha20Rng, bits: u32) -> BoxedUint {
        let mut start = BoxedUint::random_bits(rng, bits);
        for bit in [0, bits - 1, bits - 2] {
            BitOps::set_bit_vartime(&mut start, bit, true);
        }
        start
    }

    #[test]
    fn the_search_finds_the_prime_crypto_primes_finds_from_the_same_start() {
        let mut rng = ChaCha20Rng::seed_from_u64(21);
        for (bits, window) in [
            (1024, WINDOW),
            (1024, WINDOW),
            (1024, 8),
            (1536, WINDOW),
            (2048, 3),
        ] {
            let start = random_start(&mut rng, bits);
            let ours = next_prime_in_windows(Zeroizing::new(start.clone()), bits, window);
            assert_eq!(
                ours,
                crypto_primes_search(&start, bits),
                "{bits} bits, window {window}"
            );
            assert!(ours.is_some());
        }
        // And RsaPrime::generate is that search from the rng's start.
        let prime = RsaPrime::generate(KeyType::Rsa2048, &mut ChaCha20Rng::seed_from_u64(22))
            .expect("prime");
        let start = random_start(&mut ChaCha20Rng::seed_from_u64(22), 1024);
        assert_eq!(
            Some(prime.prime.clone()),
            crypto_primes_search(&start, 1024)
        );
    }

    #[test]
    fn a_search_in_slices_finds_the_prime_of_the_search_in_one_go() {
        let whole = RsaPrime::generate(KeyType::Rsa2048, &mut ChaCha20Rng::seed_from_u64(23))
            .expect("prime");
        let mut rng = ChaCha20Rng::seed_from_u64(23);
        let mut search = RsaPrimeSearch::new(KeyType::Rsa2048).expect("an RSA type");
        // No test allowed: nothing found, and the search is where it was.
        assert!(search.advance(&mut rng, 0).is_none());
        let mut slices = 1;
        let sliced = loop {
            if let Some(prime) = search.advance(&mut rng, 1) {
                break prime;
            }
            slices += 1;
        };
        assert_eq!(sliced.prime, whole.prime);
        assert_eq!(sliced.key_type(), KeyType::Rsa2048);
        assert!(slices > 2, "one test a slice: {slices} slices");
        // The next prime is a new search from a new start.
        let next = search.advance(&mut rng, u32::MAX).expect("a prime");
        assert_ne!(next.prime, sliced.prime);
        assert!(RsaPrimeSearch::new(KeyType::EcdsaP256).is_err());
    }

    #[test]
    fn no_prime_past_the_size_is_taken() {
        // The last three primes of 64 bits are 2^64 - 95, - 83 and - 59: from 2^64 - 99 both
        // find the first, and past the last, neither finds one.
        let start = BoxedUint::from(u64::MAX - 98);
        let first = Some(BoxedUint::from(u64::MAX - 94));
        assert_eq!(crypto_primes_search(&start, 64), first);
        assert_eq!(next_prime_in_windows(Zeroizing::new(start), 64, 4), first);
        let start = BoxedUint::from(u64::MAX - 56);
        assert_eq!(crypto_primes_search(&start, 64), None);
        assert_eq!(next_prime_in_windows(Zeroizing::new(start), 64, 4), None);
    }

    #[test]
    fn base_two_agrees_with_crypto_primes_miller_rabin() {
        // Every odd number up to 20,000: the strong pseudoprimes to base 2 among them (2047,
        // 3277, 4033, 4681, 8321, 15841) pass both, as the primes do; the rest fail both.
        let mut pseudoprimes = 0;
        for n in (3u64..20_000).step_by(2) {
            let big = BoxedUint::from(n);
            let bits = big.bit_width_vartime();
            let theirs = crypto_primes::hazmat::MillerRabin::new(Odd::new(big.clone()).unwrap())
                .test_base_two()
                .is_probably_prime();
            assert_eq!(passes_base_two(&big, bits), theirs, "{n}");
            let prime = (3..n).take_while(|d| d * d <= n).all(|d| n % d != 0);
            pseudoprimes += usize::from(theirs && !prime);
        }
        assert_eq!(pseudoprimes, 6);
        // And big random odd numbers, where about one in 700 is a prime.
        let mut rng = ChaCha20Rng::seed_from_u64(23);
        for _ in 0..40 {
            let n = random_start(&mut rng, 1024);
            let theirs = crypto_primes::hazmat::MillerRabin::new(Odd::new(n.clone()).unwrap())
                .test_base_two()
                .is_probably_prime();
            assert_eq!(passes_base_two(&n, 1024), theirs);
        }
        let prime = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("prime");
        assert!(passes_base_two(&prime.prime, 1024));
    }

    #[test]
    fn two_primes_searched_apart_make_a_key_that_signs() {
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let p = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("p");
        let q = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("q");
        // As another thread hands them over.
        let p = RsaPrime::from_be_bytes(KeyType::Rsa2048, &p.to_be_bytes()).expect("p back");
        let q = RsaPrime::from_be_bytes(KeyType::Rsa2048, &q.to_be_bytes()).expect("q back");
        let key = KeyPair::rsa_from_primes(p, q).expect("key");
        assert_eq!(key.key_type(), KeyType::Rsa2048);
        assert_eq!(key.rsa_modulus_bits(), Some(2048));
        // The key works where a generated one does: PKCS#8 that reads back.
        let der = key.pkcs8_der().expect("pkcs8");
        let again = KeyPair::from_pkcs8_der(der.as_bytes()).expect("reads back");
        assert_eq!(again.spki_der(), key.spki_der());
    }

    #[test]
    fn what_is_no_prime_of_the_size_is_refused() {
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        let p = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("p");
        let bytes = p.to_be_bytes();
        assert_eq!(bytes.len(), 128);
        assert_eq!(bytes[0] & 0xc0, 0xc0, "the top two bits are set");
        // Another odd number of the same size: almost surely no prime.
        let mut not_prime = bytes.to_vec();
        let last = not_prime.len() - 1;
        not_prime[last] ^= 0x02;
        // About one time in 350 it is a prime too; then it is taken, rightly.
        if let Err(err) = RsaPrime::from_be_bytes(KeyType::Rsa2048, &not_prime) {
            assert!(err.to_string().contains("is not prime"), "{err}");
        }
        let short = RsaPrime::from_be_bytes(KeyType::Rsa2048, &bytes[1..]).expect_err("short");
        assert!(
            short.to_string().contains("not 1024 with the top two set"),
            "{short}"
        );
        let for_3072 = RsaPrime::from_be_bytes(KeyType::Rsa3072, &bytes).expect_err("size");
        assert!(for_3072.to_string().contains("not 1536"), "{for_3072}");
        assert!(RsaPrime::generate(KeyType::EcdsaP256, &mut rng).is_err());
    }

    #[test]
    fn the_same_prime_twice_or_of_two_sizes_makes_no_key() {
        let mut rng = ChaCha20Rng::seed_from_u64(13);
        let p = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("p");
        let same = RsaPrime::from_be_bytes(KeyType::Rsa2048, &p.to_be_bytes()).expect("copy");
        let err = KeyPair::rsa_from_primes(p, same).expect_err("p = q");
        assert!(err.to_string().contains("the same"), "{err}");
        let p = RsaPrime::generate(KeyType::Rsa2048, &mut rng).expect("p");
        let q = RsaPrime::generate(KeyType::Rsa3072, &mut rng).expect("q");
        assert!(KeyPair::rsa_from_primes(p, q).is_err());
    }
}
