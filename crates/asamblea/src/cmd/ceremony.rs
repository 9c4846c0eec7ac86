//! `asamblea trustee …` and `asamblea election …`: a secret election among separate processes
//! that share only a board (a directory of public JSON files). Trustees keep their secrets in
//! their own files; the credential authority hands out credentials and publishes only their
//! public parts; whoever runs the board (the server) never holds a key that decrypts a ballot.
//! The steps, in order (docs/election-record.md has the record they end in):
//!
//! 1. `election new` — the questions and the trustees `t` of `n`;
//! 2. `trustee init` on each trustee's machine, then `trustee deal`, then `trustee check`;
//! 3. `election key` — the qualified trustees' joint key (a trustee with a false dealing or an
//!    upheld complaint is excluded, named on the record);
//! 4. `election credentials` (the credential authority); `election vote` (each voter);
//! 5. `election tally`; `trustee decrypt` on `t` or more trustees' machines;
//! 6. `election publish` — the record, checked as `asamblea verify-election` would.
//!
//! Exit codes: 0 done; 1 refused (a check failed, named on standard error); 2 cannot read/write.

use asamblea_ballot_crypto::ballot::{
    Ballot, Manifest, Method, Question, audit_ballot, encrypt_ballot, verify_ballot,
};
use asamblea_ballot_crypto::codec;
use asamblea_ballot_crypto::dkg::{
    Dealer, Dealing, SealedShare, Threshold, combine_shares, joint_key, open_share, seal_share,
    verification_key, verify_dealing, verify_share,
};
use asamblea_ballot_crypto::record::{
    Ceremony, Credential, ElectionRecord, Exclusion, FORMAT, verify_record,
};
use asamblea_ballot_crypto::tally::{
    EncryptedTally, combine, decryption_share, sum_ballots, verify_decryption_share,
};
use asamblea_ballot_crypto::{RistrettoPoint, Scalar, SigningKey};
use rand_core::OsRng;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum TrusteeCommand {
    /// Join the ceremony as trustee INDEX: make a ceremony key and a secret polynomial, kept in
    /// the --secret file (mode 0600); publish the ceremony key's public part.
    Init {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        index: u32,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Publish the dealing: commitments, proof of knowledge, one share sealed to each trustee.
    Deal {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Open and check the shares dealt to this trustee; keep them; publish any complaint.
    Check {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Publish this trustee's decryption share of the tally, with its proofs.
    Decrypt {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        secret: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ElectionCommand {
    /// Start an election on a new board.
    New {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: String,
        /// Trustees in the ceremony (1 to 9).
        #[arg(long)]
        trustees: u32,
        /// Trustees needed to decrypt.
        #[arg(long)]
        threshold: u32,
        /// `TITLE|METHOD|CHOICE,CHOICE,…` with METHOD `choose_one`, `approval=K` or
        /// `yes_no_abstain`. Repeatable. Ranked ballots are not offered: they would need a mix-net.
        #[arg(long, required = true)]
        question: Vec<String>,
    },
    /// Fix the election key from the qualified trustees' dealings.
    Key {
        #[arg(long)]
        board: PathBuf,
    },
    /// The credential authority: make COUNT credentials, write their secrets to --out (one per
    /// line, to hand to voters) and publish only their public parts.
    Credentials {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Encrypt and cast a ballot (a second ballot of one credential replaces the first).
    Vote {
        #[arg(long)]
        board: PathBuf,
        /// The voter's credential (64 hex digits).
        #[arg(long)]
        credential: String,
        /// Per question, 0 or 1 per choice: `1,0,0;0,1,1` (questions separated by `;`).
        #[arg(long)]
        choices: String,
        /// Benaloh challenge: make the ballot and open it instead of casting it (a challenged
        /// ballot is spoiled, never counted).
        #[arg(long)]
        audit: bool,
    },
    /// Check every ballot on the board and sum the valid ones.
    Tally {
        #[arg(long)]
        board: PathBuf,
    },
    /// Combine the trustees' shares and write the election record.
    Publish {
        #[arg(long)]
        board: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

/// The draft election (before the key exists).
#[derive(Serialize, Deserialize)]
struct Draft {
    election_id: String,
    title: String,
    questions: Vec<Question>,
    trustees: Threshold,
}

#[derive(Serialize, Deserialize)]
struct TrusteeKey {
    trustee: u32,
    #[serde(with = "codec::point")]
    ceremony_key: RistrettoPoint,
}

#[derive(Serialize, Deserialize)]
struct PostedDealing {
    dealing: Dealing,
    shares: Vec<SealedShare>,
}

#[derive(Serialize, Deserialize)]
struct Check {
    trustee: u32,
    complaints: Vec<Exclusion>,
}

#[derive(Serialize, Deserialize)]
struct Received {
    from: u32,
    #[serde(with = "codec::scalar")]
    share: Scalar,
}

/// A trustee's own file: never on the board.
#[derive(Serialize, Deserialize)]
struct TrusteeSecret {
    election_id: String,
    trustee: u32,
    #[serde(with = "codec::scalar")]
    ceremony_secret: Scalar,
    #[serde(with = "codec::scalars")]
    coefficients: Vec<Scalar>,
    #[serde(default)]
    received: Vec<Received>,
}

#[derive(Serialize, Deserialize)]
struct Rejected {
    file: String,
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct TallyFile {
    ballots: Vec<Ballot>,
    tally: EncryptedTally,
    rejected: Vec<Rejected>,
}

type Outcome = Result<(), (i32, String)>;

fn io_err(what: &str, p: &Path, e: impl std::fmt::Display) -> (i32, String) {
    (2, format!("cannot {what} {}: {e}", p.display()))
}

fn refused(msg: impl Into<String>) -> (i32, String) {
    (1, msg.into())
}

fn read<T: DeserializeOwned>(p: &Path) -> Result<T, (i32, String)> {
    let text = std::fs::read(p).map_err(|e| io_err("read", p, e))?;
    serde_json::from_slice(&text).map_err(|e| refused(format!("{}: {e}", p.display())))
}

fn read_opt<T: DeserializeOwned>(p: &Path) -> Result<Option<T>, (i32, String)> {
    if p.exists() {
        read(p).map(Some)
    } else {
        Ok(None)
    }
}

/// Writes whole or not at all (a temporary file renamed into place); `private` files are 0600.
fn write<T: Serialize>(p: &Path, v: &T, private: bool) -> Outcome {
    let bytes = serde_json::to_vec_pretty(v).map_err(|e| io_err("encode", p, e))?;
    write_bytes(p, &bytes, private)
}

fn write_bytes(p: &Path, bytes: &[u8], private: bool) -> Outcome {
    let tmp = p.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let _ = private;
    let mut f = opts.open(&tmp).map_err(|e| io_err("write", &tmp, e))?;
    f.write_all(bytes).map_err(|e| io_err("write", &tmp, e))?;
    f.sync_all().map_err(|e| io_err("write", &tmp, e))?;
    std::fs::rename(&tmp, p).map_err(|e| io_err("write", p, e))
}

fn finish(r: Outcome, err: &mut dyn Write) -> i32 {
    match r {
        Ok(()) => 0,
        Err((code, msg)) => {
            let _ = writeln!(err, "{msg}");
            code
        }
    }
}

fn draft(board: &Path) -> Result<Draft, (i32, String)> {
    read(&board.join("election.json"))
}

fn load_secret(p: &Path) -> Result<TrusteeSecret, (i32, String)> {
    read(p)
}

pub fn run_trustee(cmd: TrusteeCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let r = match cmd {
        TrusteeCommand::Init {
            board,
            index,
            secret,
        } => trustee_init(&board, index, &secret, out),
        TrusteeCommand::Deal { board, secret } => trustee_deal(&board, &secret, out),
        TrusteeCommand::Check { board, secret } => trustee_check(&board, &secret, out),
        TrusteeCommand::Decrypt { board, secret } => trustee_decrypt(&board, &secret, out),
    };
    finish(r, err)
}

fn trustee_init(board: &Path, index: u32, secret: &Path, out: &mut dyn Write) -> Outcome {
    let d = draft(board)?;
    if secret.exists() {
        return Err(refused(format!(
            "{} exists: a trustee's secret is never overwritten",
            secret.display()
        )));
    }
    let dealer = Dealer::new(d.trustees, index, &mut OsRng).map_err(|e| refused(e.to_string()))?;
    let ceremony_secret = Scalar::random(&mut OsRng);
    write(
        secret,
        &TrusteeSecret {
            election_id: d.election_id.clone(),
            trustee: index,
            ceremony_secret,
            coefficients: dealer.coefficients().to_vec(),
            received: Vec::new(),
        },
        true,
    )?;
    let key = TrusteeKey {
        trustee: index,
        ceremony_key: RistrettoPoint::mul_base(&ceremony_secret),
    };
    write(&board.join(format!("trustee-{index}.json")), &key, false)?;
    let _ = writeln!(
        out,
        "trustee {index} of {}: secret kept in {}",
        d.election_id,
        secret.display()
    );
    Ok(())
}

fn trustee_deal(board: &Path, secret: &Path, out: &mut dyn Write) -> Outcome {
    let d = draft(board)?;
    let s = load_secret(secret)?;
    let dealer = Dealer::from_coefficients(s.trustee, s.coefficients.clone());
    let mut shares = Vec::new();
    for j in 1..=d.trustees.n {
        let key: TrusteeKey = read(&board.join(format!("trustee-{j}.json")))
            .map_err(|(_, m)| refused(format!("trustee {j} has not joined yet ({m})")))?;
        shares.push(
            seal_share(
                &d.election_id,
                s.trustee,
                &s.ceremony_secret,
                j,
                &key.ceremony_key,
                &dealer.share_for(j),
                &mut OsRng,
            )
            .map_err(|e| refused(e.to_string()))?,
        );
    }
    let posted = PostedDealing {
        dealing: dealer.dealing(&d.election_id, &mut OsRng),
        shares,
    };
    write(
        &board.join(format!("dealing-{}.json", s.trustee)),
        &posted,
        false,
    )?;
    let _ = writeln!(
        out,
        "trustee {}: dealing published, {} shares sealed",
        s.trustee, d.trustees.n
    );
    Ok(())
}

fn trustee_check(board: &Path, secret: &Path, out: &mut dyn Write) -> Outcome {
    let d = draft(board)?;
    let mut s = load_secret(secret)?;
    let me = s.trustee;
    let mut complaints = Vec::new();
    let mut received = Vec::new();
    for i in 1..=d.trustees.n {
        let Some(posted) =
            read_opt::<PostedDealing>(&board.join(format!("dealing-{i}.json"))).unwrap_or(None)
        else {
            continue; // no dealing: `election key` excludes it, no complaint needed
        };
        let Some(key) =
            read_opt::<TrusteeKey>(&board.join(format!("trustee-{i}.json"))).unwrap_or(None)
        else {
            continue;
        };
        let share = posted
            .shares
            .iter()
            .find(|x| x.to == me && x.from == i)
            .and_then(|x| open_share(&d.election_id, me, &s.ceremony_secret, &key.ceremony_key, x));
        match share {
            Some(v) if verify_share(&posted.dealing, me, &v) => {
                received.push(Received { from: i, share: v })
            }
            Some(_) => complaints.push(Exclusion {
                trustee: i,
                reason: format!("its share for trustee {me} does not match its commitments"),
            }),
            None => complaints.push(Exclusion {
                trustee: i,
                reason: format!("no share for trustee {me} that opens"),
            }),
        }
    }
    s.received = received;
    write(secret, &s, true)?;
    write(
        &board.join(format!("check-{me}.json")),
        &Check {
            trustee: me,
            complaints: complaints.clone(),
        },
        false,
    )?;
    let _ = writeln!(
        out,
        "trustee {me}: {} shares checked, {} complaint(s){}",
        s.received.len(),
        complaints.len(),
        complaints
            .iter()
            .map(|c| format!("; against {}: {}", c.trustee, c.reason))
            .collect::<String>()
    );
    Ok(())
}

fn trustee_decrypt(board: &Path, secret: &Path, out: &mut dyn Write) -> Outcome {
    let s = load_secret(secret)?;
    let m: Manifest = read(&board.join("manifest.json"))?;
    let c: Ceremony = read(&board.join("ceremony.json"))?;
    let t: TallyFile = read(&board.join("tally.json"))?;
    let mut mine = Vec::new();
    for d in &c.dealings {
        let r = s
            .received
            .iter()
            .find(|r| r.from == d.trustee)
            .ok_or_else(|| {
                refused(format!(
                    "trustee {}: no checked share from qualified trustee {}",
                    s.trustee, d.trustee
                ))
            })?;
        mine.push(r.share);
    }
    let x = combine_shares(&mine);
    if RistrettoPoint::mul_base(&x) != verification_key(&c.dealings, s.trustee) {
        return Err(refused(format!(
            "trustee {}: the key share does not match the ceremony",
            s.trustee
        )));
    }
    let share = decryption_share(&m.fingerprint(), s.trustee, &x, &t.tally, &mut OsRng);
    write(
        &board.join(format!("share-{}.json", s.trustee)),
        &share,
        false,
    )?;
    let _ = writeln!(out, "trustee {}: decryption share published", s.trustee);
    Ok(())
}

pub fn run_election(cmd: ElectionCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let r = match cmd {
        ElectionCommand::New {
            board,
            id,
            title,
            trustees,
            threshold,
            question,
        } => election_new(
            &board,
            id,
            title,
            Threshold {
                n: trustees,
                t: threshold,
            },
            &question,
            out,
        ),
        ElectionCommand::Key { board } => election_key(&board, out),
        ElectionCommand::Credentials {
            board,
            count,
            out: file,
        } => election_credentials(&board, count, &file, out),
        ElectionCommand::Vote {
            board,
            credential,
            choices,
            audit,
        } => election_vote(&board, &credential, &choices, audit, out),
        ElectionCommand::Tally { board } => election_tally(&board, out),
        ElectionCommand::Publish { board, out: file } => election_publish(&board, &file, out),
    };
    finish(r, err)
}

fn parse_question(s: &str) -> Result<Question, (i32, String)> {
    let parts: Vec<&str> = s.split('|').collect();
    let [title, method, choices] = parts.as_slice() else {
        return Err(refused(format!(
            "question {s:?}: expected TITLE|METHOD|CHOICE,CHOICE,…"
        )));
    };
    let method = match *method {
        "choose_one" => Method::ChooseOne,
        "yes_no_abstain" => Method::YesNoAbstain,
        "ranked" | "stv" => {
            return Err(refused(
                "ranked ballots cannot be counted on encrypted ballots (a mix-net would be needed); they stay on the plaintext path",
            ));
        }
        m => match m.strip_prefix("approval=").and_then(|k| k.parse().ok()) {
            Some(max) => Method::Approval { max },
            None => {
                return Err(refused(format!(
                    "method {m:?}: choose_one, approval=K or yes_no_abstain"
                )));
            }
        },
    };
    Ok(Question {
        title: title.to_string(),
        choices: choices.split(',').map(|c| c.trim().to_string()).collect(),
        method,
    })
}

fn election_new(
    board: &Path,
    id: String,
    title: String,
    th: Threshold,
    qs: &[String],
    out: &mut dyn Write,
) -> Outcome {
    th.check().map_err(|e| refused(e.to_string()))?;
    let questions = qs
        .iter()
        .map(|q| parse_question(q))
        .collect::<Result<Vec<_>, _>>()?;
    std::fs::create_dir_all(board.join("ballots")).map_err(|e| io_err("create", board, e))?;
    if board.join("election.json").exists() {
        return Err(refused(format!(
            "{} already holds an election",
            board.display()
        )));
    }
    // Checks the questions against their methods with a placeholder key.
    Manifest {
        election_id: id.clone(),
        title: title.clone(),
        questions: questions.clone(),
        trustees: th,
        public_key: RistrettoPoint::mul_base(&Scalar::ONE),
    }
    .check()
    .map_err(|e| refused(e.to_string()))?;
    write(
        &board.join("election.json"),
        &Draft {
            election_id: id.clone(),
            title,
            questions,
            trustees: th,
        },
        false,
    )?;
    let _ = writeln!(out, "election {id}: {} of {} trustees decrypt", th.t, th.n);
    Ok(())
}

fn election_key(board: &Path, out: &mut dyn Write) -> Outcome {
    let d = draft(board)?;
    let mut excluded = Vec::new();
    let mut dealings = Vec::new();
    for i in 1..=d.trustees.n {
        match read_opt::<PostedDealing>(&board.join(format!("dealing-{i}.json"))) {
            Ok(Some(p)) if p.dealing.trustee != i => excluded.push(Exclusion {
                trustee: i,
                reason: "its dealing names another trustee".into(),
            }),
            Ok(Some(p)) => match verify_dealing(&d.election_id, d.trustees, &p.dealing) {
                Ok(()) => dealings.push(p.dealing),
                Err(e) => excluded.push(Exclusion {
                    trustee: i,
                    reason: e.to_string(),
                }),
            },
            Ok(None) => excluded.push(Exclusion {
                trustee: i,
                reason: "no dealing".into(),
            }),
            Err((_, m)) => excluded.push(Exclusion {
                trustee: i,
                reason: format!("its dealing is not readable: {m}"),
            }),
        }
    }
    for j in 1..=d.trustees.n {
        if let Ok(Some(c)) = read_opt::<Check>(&board.join(format!("check-{j}.json"))) {
            for k in c.complaints {
                // A complaint excludes the accused (v1: no public answer to a complaint, so a
                // trustee can exclude another, never learn a key; docs/election-record.md).
                if dealings.iter().any(|d| d.trustee == k.trustee) {
                    dealings.retain(|d| d.trustee != k.trustee);
                    excluded.push(Exclusion {
                        trustee: k.trustee,
                        reason: format!("trustee {j} complained: {}", k.reason),
                    });
                }
            }
        }
    }
    if dealings.len() < d.trustees.t as usize {
        return Err(refused(format!(
            "only {} qualified trustees where {} are needed: {}",
            dealings.len(),
            d.trustees.t,
            excluded
                .iter()
                .map(|e| format!("trustee {}: {}", e.trustee, e.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let m = Manifest {
        election_id: d.election_id,
        title: d.title,
        questions: d.questions,
        trustees: d.trustees,
        public_key: joint_key(&dealings),
    };
    write(&board.join("manifest.json"), &m, false)?;
    let qual: Vec<u32> = dealings.iter().map(|d| d.trustee).collect();
    write(
        &board.join("ceremony.json"),
        &Ceremony {
            dealings,
            excluded: excluded.clone(),
        },
        false,
    )?;
    let _ = writeln!(
        out,
        "election key fixed by trustees {qual:?}; fingerprint {}",
        hex::encode(m.fingerprint())
    );
    for e in excluded {
        let _ = writeln!(out, "excluded trustee {}: {}", e.trustee, e.reason);
    }
    Ok(())
}

fn election_credentials(board: &Path, count: usize, file: &Path, out: &mut dyn Write) -> Outcome {
    if board.join("credentials.json").exists() {
        return Err(refused("credentials were already issued for this election"));
    }
    let keys: Vec<SigningKey> = (0..count)
        .map(|_| SigningKey::generate(&mut OsRng))
        .collect();
    let secrets: String = keys
        .iter()
        .map(|k| hex::encode(k.to_bytes()) + "\n")
        .collect();
    write_bytes(file, secrets.as_bytes(), true)?;
    let public: Vec<Credential> = keys
        .iter()
        .map(|k| Credential(k.verifying_key().to_bytes()))
        .collect();
    write(&board.join("credentials.json"), &public, false)?;
    let _ = writeln!(
        out,
        "{count} credentials: secrets in {}, public parts on the board",
        file.display()
    );
    Ok(())
}

fn parse_choices(s: &str) -> Result<Vec<Vec<u64>>, (i32, String)> {
    s.split(';')
        .map(|q| {
            q.split(',')
                .map(|v| v.trim().parse::<u64>().map_err(|_| refused(format!("choices {s:?}: 0 or 1 per choice, `,` between choices, `;` between questions"))))
                .collect()
        })
        .collect()
}

fn election_vote(
    board: &Path,
    credential: &str,
    choices: &str,
    audit: bool,
    out: &mut dyn Write,
) -> Outcome {
    let m: Manifest = read(&board.join("manifest.json"))?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(credential.trim(), &mut seed)
        .map_err(|_| refused("a credential is 64 hex digits"))?;
    let key = SigningKey::from_bytes(&seed);
    let sel = parse_choices(choices)?;
    let (ballot, randomness) =
        encrypt_ballot(&m, &key, &sel, &mut OsRng).map_err(|e| refused(e.to_string()))?;
    let code = ballot.tracking_code();
    if audit {
        let opened = audit_ballot(&m, &ballot, &randomness).map_err(|e| refused(e.to_string()))?;
        let _ = writeln!(
            out,
            "challenged ballot {code} (spoiled, not cast) encrypts {opened:?}"
        );
        return Ok(());
    }
    write(
        &board
            .join("ballots")
            .join(format!("{}.json", hex::encode(ballot.credential))),
        &ballot,
        false,
    )?;
    let _ = writeln!(out, "cast; tracking code {code}");
    Ok(())
}

fn election_tally(board: &Path, out: &mut dyn Write) -> Outcome {
    let m: Manifest = read(&board.join("manifest.json"))?;
    let creds: Vec<Credential> = read(&board.join("credentials.json"))?;
    let issued: HashSet<[u8; 32]> = creds.iter().map(|c| c.0).collect();
    let election = m.fingerprint();
    let dir = board.join("ballots");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| io_err("read", &dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    let mut ballots = Vec::new();
    let mut rejected = Vec::new();
    let mut used = HashSet::new();
    for p in names {
        let file = p
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ballot: Ballot = match read(&p) {
            Ok(b) => b,
            Err((_, reason)) => {
                rejected.push(Rejected { file, reason });
                continue;
            }
        };
        let verdict = if !issued.contains(&ballot.credential) {
            Err("its credential was not issued".to_string())
        } else if !used.insert(ballot.credential) {
            Err("a second ballot of one credential".to_string())
        } else {
            verify_ballot(&m, &election, &ballot).map_err(|e| e.to_string())
        };
        match verdict {
            Ok(()) => ballots.push(ballot),
            Err(reason) => rejected.push(Rejected { file, reason }),
        }
    }
    let tally = sum_ballots(&m, &ballots);
    let _ = writeln!(
        out,
        "{} ballots counted, {} refused",
        ballots.len(),
        rejected.len()
    );
    for r in &rejected {
        let _ = writeln!(out, "refused {}: {}", r.file, r.reason);
    }
    write(
        &board.join("tally.json"),
        &TallyFile {
            ballots,
            tally,
            rejected,
        },
        false,
    )
}

fn election_publish(board: &Path, file: &Path, out: &mut dyn Write) -> Outcome {
    let m: Manifest = read(&board.join("manifest.json"))?;
    let ceremony: Ceremony = read(&board.join("ceremony.json"))?;
    let credentials: Vec<Credential> = read(&board.join("credentials.json"))?;
    let t: TallyFile = read(&board.join("tally.json"))?;
    let election = m.fingerprint();
    let mut shares = Vec::new();
    let mut rejected_shares = Vec::new();
    for j in 1..=m.trustees.n {
        match read_opt(&board.join(format!("share-{j}.json"))) {
            Ok(None) => {}
            Ok(Some(s)) => {
                match verify_decryption_share(&election, &ceremony.dealings, &t.tally, &s) {
                    Ok(()) if s.trustee == j => shares.push(s),
                    Ok(()) => rejected_shares.push(Exclusion {
                        trustee: j,
                        reason: format!("it is trustee {}'s share", s.trustee),
                    }),
                    Err(e) => rejected_shares.push(Exclusion {
                        trustee: j,
                        reason: e.to_string(),
                    }),
                }
            }
            Err((_, m)) => rejected_shares.push(Exclusion {
                trustee: j,
                reason: format!("not a decryption share: {m}"),
            }),
        }
    }
    for r in &rejected_shares {
        let _ = writeln!(
            out,
            "refused the share of trustee {}: {}",
            r.trustee, r.reason
        );
    }
    let refs: Vec<_> = shares.iter().collect();
    let result = combine(&t.tally, &refs, m.trustees.t, t.ballots.len() as u64)
        .map_err(|e| refused(e.to_string()))?;
    let record = ElectionRecord {
        format: FORMAT.into(),
        manifest: m,
        ceremony,
        credentials,
        ballots: t.ballots,
        tally: t.tally,
        shares,
        rejected_shares,
        result,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let report = verify_record(&record, threads);
    if !report.ok() {
        return Err(refused(format!(
            "the record would not verify: {}",
            report.errors.join("; ")
        )));
    }
    write(file, &record, false)?;
    let _ = writeln!(
        out,
        "record written to {}; result {:?}",
        file.display(),
        record.result
    );
    Ok(())
}
