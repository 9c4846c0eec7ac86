//! The board's documents: what trustees, the credential authority and the organizer publish
//! between the steps of an election (a directory of JSON files, or the server's board under
//! `/api/v1/boards/`). Each is public; a trustee's secrets never are. The names are the board's
//! (`election`, `trustee-I`, `dealing-I`, `check-I`, `manifest`, `ceremony`, `credentials`,
//! `tally`, `share-I`, `record`; ballots apart, one per credential).

use crate::RistrettoPoint;
use crate::ballot::{Ballot, Question};
use crate::codec;
use crate::dkg::{Dealing, SealedShare, Threshold};
use crate::record::Exclusion;
use crate::tally::EncryptedTally;
use serde::{Deserialize, Serialize};

/// The draft election (before the key exists).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Draft {
    pub election_id: String,
    pub title: String,
    pub questions: Vec<Question>,
    pub trustees: Threshold,
}

/// A trustee's ceremony key (shares are sealed to it).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrusteeKey {
    pub trustee: u32,
    #[serde(with = "codec::point")]
    pub ceremony_key: RistrettoPoint,
}

/// A trustee's dealing with the shares it sealed to each trustee.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PostedDealing {
    pub dealing: Dealing,
    pub shares: Vec<SealedShare>,
}

/// A trustee's check of the shares dealt to it: its complaints.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Check {
    pub trustee: u32,
    pub complaints: Vec<Exclusion>,
}

/// A ballot left out of the tally, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rejected {
    pub file: String,
    pub reason: String,
}

/// The checked ballots and their encrypted sum.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TallyFile {
    pub ballots: Vec<Ballot>,
    pub tally: EncryptedTally,
    pub rejected: Vec<Rejected>,
}

/// Who may publish a document: trustee `I`, the credential authority or the organizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publisher {
    Trustee(u32),
    Authority,
    Organizer,
}

/// The kind of a board document, from its name (`dealing-3` → `Dealing(3)`); `None` for a name
/// the board does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    Election,
    TrusteeKey(u32),
    Dealing(u32),
    Check(u32),
    Manifest,
    Ceremony,
    Credentials,
    Tally,
    Share(u32),
    Record,
}

impl Document {
    pub fn parse(name: &str) -> Option<Document> {
        let indexed = |prefix: &str| -> Option<u32> {
            let digits = name.strip_prefix(prefix)?;
            if digits.len() != 1 {
                return None;
            }
            digits
                .parse()
                .ok()
                .filter(|i| (1..=crate::dkg::MAX_TRUSTEES).contains(i))
        };
        Some(match name {
            "election" => Document::Election,
            "manifest" => Document::Manifest,
            "ceremony" => Document::Ceremony,
            "credentials" => Document::Credentials,
            "tally" => Document::Tally,
            "record" => Document::Record,
            _ => {
                if let Some(i) = indexed("trustee-") {
                    Document::TrusteeKey(i)
                } else if let Some(i) = indexed("dealing-") {
                    Document::Dealing(i)
                } else if let Some(i) = indexed("check-") {
                    Document::Check(i)
                } else if let Some(i) = indexed("share-") {
                    Document::Share(i)
                } else {
                    return None;
                }
            }
        })
    }

    /// Who publishes it.
    pub fn publisher(self) -> Publisher {
        match self {
            Document::TrusteeKey(i)
            | Document::Dealing(i)
            | Document::Check(i)
            | Document::Share(i) => Publisher::Trustee(i),
            Document::Credentials => Publisher::Authority,
            Document::Election
            | Document::Manifest
            | Document::Ceremony
            | Document::Tally
            | Document::Record => Publisher::Organizer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_boards_and_nothing_else() {
        assert_eq!(Document::parse("dealing-3"), Some(Document::Dealing(3)));
        assert_eq!(Document::parse("share-9"), Some(Document::Share(9)));
        assert_eq!(
            Document::parse("trustee-1").map(Document::publisher),
            Some(Publisher::Trustee(1))
        );
        assert_eq!(
            Document::parse("credentials").map(Document::publisher),
            Some(Publisher::Authority)
        );
        for bad in [
            "share-0",
            "share-10",
            "share-",
            "share-+1",
            "dealing-01",
            "../election",
            "ballots",
        ] {
            assert_eq!(Document::parse(bad), None, "{bad}");
        }
    }
}
