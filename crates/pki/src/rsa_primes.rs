//! The RSA prime search on its own, so that a caller may run it in several places at once (the
//! wizard runs one search per Web Worker, p and q searched at the same time) and make the key
//! from the first two primes found.
//!
//! A prime is searched for exactly as the rsa crate's own key generation does: a random odd
//! number of half the modulus' bits with its top two bits set (so that any two make a modulus
//! of exactly the key's size), then the next number past a small-factor sieve that passes the
//! Baillie-PSW test (Miller-Rabin base 2 and a strong Lucas test).

use core::fmt;
use core::num::NonZeroU32;

use crypto_bigint::{BitOps, BoxedUint, RandomBits};
use crypto_primes::hazmat::SmallFactorsSieve;
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
            let mut start = BoxedUint::random_bits(rng, bits.get());
            BitOps::set_bit_vartime(&mut start, 0, true);
            BitOps::set_bit_vartime(&mut start, bits.get() - 1, true);
            BitOps::set_bit_vartime(&mut start, bits.get() - 2, true);
            let mut sieve = SmallFactorsSieve::new(start, bits, false)
                .map_err(|err| Error::KeyGeneration(format!("{err:?}")))?;
            if let Some(prime) = sieve.find(|candidate| is_prime(Flavor::Any, candidate)) {
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
