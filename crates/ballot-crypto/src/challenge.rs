//! A challenged (Benaloh) ballot as the voter carries it to another device: the ballot, the
//! randomness of each ciphertext and the choices the voting device says it holds (format
//! `asamblea-challenge/1`, docs/election-record.md "Challenged ballots"). The vote page shows it
//! as one block of JSON; `asamblea election audit` and the board's `/audit` page read it and
//! check it against a manifest they got for themselves, never one the voting device gave.

use crate::ballot::{Ballot, Manifest, Selections, verify_ballot};
use crate::elgamal::Ciphertext;
use curve25519_dalek::scalar::Scalar;
use serde::{Deserialize, Serialize};

/// The format's name, the block's `format` field.
pub const CHALLENGE_FORMAT: &str = "asamblea-challenge/1";

/// A challenged ballot, as the vote page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    pub format: String,
    pub election_id: String,
    pub tracking_code: String,
    /// What the voting device says the ballot holds: per question, 0 or 1 per choice.
    pub selections: Selections,
    /// Per question, per choice, the randomness of the ciphertext (hex scalars).
    #[serde(with = "randomness")]
    pub randomness: Vec<Vec<Scalar>>,
    pub ballot: Ballot,
}

mod randomness {
    use crate::codec;
    use curve25519_dalek::scalar::Scalar;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Row(#[serde(with = "codec::scalars")] Vec<Scalar>);

    pub fn serialize<S: Serializer>(v: &[Vec<Scalar>], s: S) -> Result<S::Ok, S::Error> {
        let rows: Vec<Row> = v.iter().map(|r| Row(r.clone())).collect();
        rows.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Scalar>>, D::Error> {
        Ok(Vec::<Row>::deserialize(d)?
            .into_iter()
            .map(|r| r.0)
            .collect())
    }
}

/// Why a text is not a challenge: where (line and column of the text, 1-based) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {detail}")]
pub struct BadChallenge {
    pub line: usize,
    pub column: usize,
    pub detail: String,
}

/// Why a well-formed challenge is refused: the device that made it did not tell the truth, or
/// it belongs to another election.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Challenge {
    /// Reads a challenge block (JSON; surrounding blank space allowed).
    pub fn parse(text: &str) -> Result<Challenge, BadChallenge> {
        let c: Challenge = serde_json::from_str(text.trim()).map_err(|e| {
            // serde_json counts from the trimmed text's start: add the lines trimmed before it.
            let skipped = text.len() - text.trim_start().len();
            let before = text[..skipped].matches('\n').count();
            BadChallenge {
                line: e.line() + before,
                column: e.column(),
                detail: e.to_string(),
            }
        })?;
        if c.format != CHALLENGE_FORMAT {
            return Err(BadChallenge {
                line: 1,
                column: 1,
                detail: format!(
                    "field `format`: {:?}, expected {CHALLENGE_FORMAT:?}",
                    c.format
                ),
            });
        }
        Ok(c)
    }

    /// The block as the vote page shows it.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the challenge against the election's manifest (got by the checker itself): the
    /// ballot is for this election and its signature and proofs hold, its tracking code is the
    /// one shown, and each ciphertext is exactly the encryption of the shown choice under the
    /// shown randomness and the election's key. Returns the shown choices.
    pub fn check(&self, m: &Manifest) -> Result<&Selections, Refused> {
        let refuse = |s: String| Err(Refused(s));
        if self.election_id != m.election_id {
            return refuse(format!(
                "this challenge is for election {:?}, the manifest is election {:?}",
                self.election_id, m.election_id
            ));
        }
        let fingerprint = m.fingerprint();
        if self.ballot.election != fingerprint {
            return refuse(format!(
                "the ballot was made for another manifest (fingerprint {}, this election's is {})",
                hex::encode(self.ballot.election),
                hex::encode(fingerprint)
            ));
        }
        verify_ballot(m, &fingerprint, &self.ballot).map_err(|e| Refused(e.to_string()))?;
        let code = self.ballot.tracking_code();
        if !self.tracking_code.trim().eq_ignore_ascii_case(&code) {
            return refuse(format!(
                "the tracking code shown, {}, is not this ballot's, {code}",
                self.tracking_code.trim()
            ));
        }
        crate::ballot::check_selections(m, &self.selections).map_err(|e| Refused(e.to_string()))?;
        if self.randomness.len() != m.questions.len() {
            return refuse(format!(
                "{} lists of randomness for {} questions",
                self.randomness.len(),
                m.questions.len()
            ));
        }
        for (qi, ((a, rs), sel)) in self
            .ballot
            .answers
            .iter()
            .zip(&self.randomness)
            .zip(&self.selections)
            .enumerate()
        {
            if rs.len() != a.choices.len() {
                return refuse(format!(
                    "question {}: {} randomness values for {} choices",
                    qi + 1,
                    rs.len(),
                    a.choices.len()
                ));
            }
            for (ci, ((ct, r), v)) in a.choices.iter().zip(rs).zip(sel).enumerate() {
                if Ciphertext::encrypt(&m.public_key, *v, r) != *ct {
                    return refuse(format!(
                        "question {}, choice {} ({}): the ballot does not hold the shown {} — its ciphertext is not the encryption of {v} under the shown randomness and the election's key",
                        qi + 1,
                        ci + 1,
                        m.questions[qi].choices[ci],
                        if *v == 1 { "mark" } else { "blank" }
                    ));
                }
            }
        }
        Ok(&self.selections)
    }
}

/// Makes the challenge block of a ballot (the voting device's side; tests and the CLI's `vote
/// --audit`).
pub fn challenge_of(
    m: &Manifest,
    ballot: &Ballot,
    randomness: &[Vec<Scalar>],
    selections: &Selections,
) -> Challenge {
    Challenge {
        format: CHALLENGE_FORMAT.into(),
        election_id: m.election_id.clone(),
        tracking_code: ballot.tracking_code(),
        selections: selections.clone(),
        randomness: randomness.to_vec(),
        ballot: ballot.clone(),
    }
}

/// One line of what a checked ballot holds, per question of the manifest: its head (the
/// question's title and what follows it, see [`line_head`]) and the choices marked, joined by
/// ", " (`None`: none marked; each reader says "none" in its own words). The board's audit page
/// and `asamblea election audit` write these lines; the vote page's script (`describe` in
/// web/static/encrypt.js) writes the phone's the same way.
pub fn shown_lines(m: &Manifest, shown: &Selections) -> Vec<(String, Option<String>)> {
    m.questions
        .iter()
        .zip(shown)
        .map(|(q, sel)| {
            let marked: Vec<&str> = q
                .choices
                .iter()
                .zip(sel)
                .filter(|(_, v)| **v == 1)
                .map(|(c, _)| c.as_str())
                .collect();
            (
                line_head(&q.title),
                (!marked.is_empty()).then(|| marked.join(", ")),
            )
        })
        .collect()
}

/// What stands before a question's marks: its title and a space when the title ends in `?` or
/// `:` (`¿Huelga? sí`), its title and `: ` otherwise (`Comando: Ana`), nothing for an untitled
/// question.
pub fn line_head(title: &str) -> String {
    let title = title.trim();
    match title.chars().last() {
        None => String::new(),
        Some('?' | ':') => format!("{title} "),
        Some(_) => format!("{title}: "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::{Method, Question, encrypt_ballot};
    use crate::dkg::Threshold;
    use curve25519_dalek::ristretto::RistrettoPoint;
    use ed25519_dalek::SigningKey;
    use rand_core::OsRng;

    fn manifest() -> Manifest {
        Manifest {
            election_id: "e".into(),
            title: "E".into(),
            questions: vec![Question {
                title: "Q".into(),
                choices: vec!["a".into(), "b".into(), "c".into()],
                method: Method::ChooseOne,
            }],
            trustees: Threshold { n: 1, t: 1 },
            public_key: RistrettoPoint::mul_base(&Scalar::from(7u64)),
        }
    }

    fn made() -> (Manifest, Challenge) {
        let m = manifest();
        let sel = vec![vec![0, 1, 0]];
        let (b, r) =
            encrypt_ballot(&m, &SigningKey::from_bytes(&[3; 32]), &sel, &mut OsRng).unwrap();
        let c = challenge_of(&m, &b, &r, &sel);
        (m, c)
    }

    #[test]
    fn a_challenge_reads_back_and_checks() {
        let (m, c) = made();
        let text = c.to_text();
        let back = Challenge::parse(&format!("\n\n  {text}\n")).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.check(&m).unwrap(), &vec![vec![0, 1, 0]]);
    }

    #[test]
    fn a_changed_choice_randomness_or_ciphertext_is_refused() {
        let (m, c) = made();
        let mut x = c.clone();
        x.selections = vec![vec![1, 0, 0]];
        assert!(
            x.check(&m)
                .unwrap_err()
                .0
                .contains("question 1, choice 1 (a)")
        );
        let mut x = c.clone();
        x.randomness[0].swap(0, 1);
        assert!(x.check(&m).unwrap_err().0.contains("question 1, choice 1"));
        let mut x = c.clone();
        x.ballot.answers[0].choices.swap(0, 1);
        assert!(x.check(&m).unwrap_err().0.contains("signature"));
        let mut x = c.clone();
        x.tracking_code = "00".repeat(32);
        assert!(x.check(&m).unwrap_err().0.contains("tracking code"));
        let mut other = m.clone();
        other.title = "Other".into();
        assert!(c.check(&other).unwrap_err().0.contains("another manifest"));
        other.election_id = "f".into();
        assert!(c.check(&other).unwrap_err().0.contains("election \"e\""));
    }

    #[test]
    fn bad_text_names_its_line() {
        let (_, c) = made();
        let text = c
            .to_text()
            .replacen("\"randomness\": [", "\"randomness\": [\"zz\",", 1);
        let e = Challenge::parse(&text).unwrap_err();
        let line = text.lines().position(|l| l.contains("\"zz\"")).unwrap() + 1;
        assert_eq!(e.line, line, "{e}");
        let e = Challenge::parse("{\"format\": 1}").unwrap_err();
        assert_eq!((e.line, e.column > 1), (1, true), "{e}");
        let text = c.to_text().replace(CHALLENGE_FORMAT, "other/1");
        assert!(
            Challenge::parse(&text)
                .unwrap_err()
                .detail
                .contains("format")
        );
    }

    #[test]
    fn a_line_reads_as_on_the_phone() {
        assert_eq!(
            line_head("¿Huelga general indefinida?"),
            "¿Huelga general indefinida? "
        );
        assert_eq!(line_head("Comando"), "Comando: ");
        assert_eq!(line_head("Lista: "), "Lista: ");
        assert_eq!(line_head("  "), "");
        let mut m = manifest();
        m.questions[0].title = "¿Cuál?".into();
        assert_eq!(
            shown_lines(&m, &vec![vec![0, 1, 1]]),
            vec![("¿Cuál? ".to_string(), Some("b, c".to_string()))]
        );
        assert_eq!(
            shown_lines(&m, &vec![vec![0, 0, 0]]),
            vec![("¿Cuál? ".to_string(), None)]
        );
    }
}
