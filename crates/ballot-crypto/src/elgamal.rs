//! Exponential ElGamal on ristretto255: `Enc(m; r) = (r·G, m·G + r·Y)` for the joint public key
//! `Y`. Ciphertexts add: the sum encrypts the sum of the messages, which is the tally.

use crate::codec;
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_TABLE;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ciphertext {
    #[serde(with = "codec::point")]
    pub a: RistrettoPoint,
    #[serde(with = "codec::point")]
    pub b: RistrettoPoint,
}

impl Ciphertext {
    pub fn encrypt(public_key: &RistrettoPoint, m: u64, r: &Scalar) -> Self {
        let g = RISTRETTO_BASEPOINT_TABLE;
        Ciphertext {
            a: r * g,
            b: &Scalar::from(m) * g + r * public_key,
        }
    }

    /// The encryption of 0 with randomness 0: the neutral element of the sum.
    pub fn zero() -> Self {
        Ciphertext {
            a: RistrettoPoint::identity(),
            b: RistrettoPoint::identity(),
        }
    }
}

impl std::ops::Add for Ciphertext {
    type Output = Ciphertext;
    fn add(self, o: Ciphertext) -> Ciphertext {
        Ciphertext {
            a: self.a + o.a,
            b: self.b + o.b,
        }
    }
}

impl std::ops::AddAssign for Ciphertext {
    fn add_assign(&mut self, o: Ciphertext) {
        self.a += o.a;
        self.b += o.b;
    }
}
