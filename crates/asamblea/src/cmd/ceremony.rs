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

use asamblea_ballot_crypto::ballot::{Manifest, Method, Question, audit_ballot, encrypt_ballot};
use asamblea_ballot_crypto::board::{Check, Draft, PostedDealing, Rejected, TallyFile, TrusteeKey};
use asamblea_ballot_crypto::codec;
use asamblea_ballot_crypto::dkg::{
    Dealer, Threshold, combine_shares, joint_key, open_share, seal_share, verification_key,
    verify_dealing, verify_share,
};
use asamblea_ballot_crypto::record::{
    Ceremony, Credential, ElectionRecord, Exclusion, FORMAT, verify_ballots, verify_record,
};
use asamblea_ballot_crypto::tally::{
    combine, decryption_share, sum_ballots, verify_decryption_share,
};
use asamblea_ballot_crypto::{RistrettoPoint, Scalar, SigningKey};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::board::{Board, BoardArgs, io_err, refused, write, write_bytes};

#[derive(Debug, clap::Subcommand)]
pub enum TrusteeCommand {
    /// Join the ceremony as trustee INDEX: make a ceremony key and a secret polynomial, kept in
    /// the --secret file (mode 0600); publish the ceremony key's public part.
    Init {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        index: u32,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Publish the dealing: commitments, proof of knowledge, one share sealed to each trustee.
    Deal {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Open and check the shares dealt to this trustee; keep them; publish any complaint.
    Check {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        secret: PathBuf,
    },
    /// Publish this trustee's decryption share of the tally, with its proofs.
    Decrypt {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        secret: PathBuf,
    },
    /// An assembly's trustee in the hall: with `--board` the assembly's key board, decrypt every
    /// closed secret vote that waits for this trustee's share (each checked first), then look
    /// again every `--every` seconds (until stopped), or stop after one pass with `--once`.
    Follow {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        secret: PathBuf,
        #[arg(long)]
        once: bool,
        #[arg(long, default_value_t = 5)]
        every: u64,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ElectionCommand {
    /// Start an election on a new board.
    New {
        #[command(flatten)]
        at: BoardArgs,
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
        /// On a server's board: where to write the board's tokens (organizer, credential
        /// authority, each trustee; mode 0600), to hand to each.
        #[arg(long)]
        tokens_out: Option<PathBuf>,
    },
    /// Fix the election key from the qualified trustees' dealings.
    Key {
        #[command(flatten)]
        at: BoardArgs,
    },
    /// The credential authority: make COUNT credentials, write their secrets to --out (one per
    /// line, to hand to voters) and publish only their public parts.
    Credentials {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        count: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Encrypt and cast a ballot (in a directory a second ballot of one credential replaces the
    /// first; a server refuses it).
    Vote {
        #[command(flatten)]
        at: BoardArgs,
        /// The voter's credential (64 hex digits).
        #[arg(long)]
        credential: String,
        /// Per question, 0 or 1 per choice: `1,0,0;0,1,1` (questions separated by `;`).
        #[arg(long)]
        choices: String,
        /// Benaloh challenge: make the ballot and open it instead of casting it (a challenged
        /// ballot is spoiled, never counted); prints the challenge block for `election audit`.
        #[arg(long)]
        audit: bool,
    },
    /// Check a challenged ballot on this device: the block the vote page shows after "Check this
    /// ballot" (format `asamblea-challenge/1`), from CHALLENGE_FILE or standard input, against
    /// the election's manifest got from the board (never from the voting device). Exit 0
    /// verified, 1 refused (the reason named), 2 unreadable (line and column).
    Audit {
        /// The election's manifest: a file, or `http://HOST:PORT/api/v1/boards/ID/manifest`.
        #[arg(long)]
        manifest: String,
        /// The challenge block; `-` or none: standard input.
        #[arg(value_name = "CHALLENGE_FILE")]
        challenge: Option<PathBuf>,
    },
    /// Check every ballot on the board and sum the valid ones.
    Tally {
        #[command(flatten)]
        at: BoardArgs,
    },
    /// Combine the trustees' shares and write the election record.
    Publish {
        #[command(flatten)]
        at: BoardArgs,
        #[arg(long)]
        out: PathBuf,
    },
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
    /// The trustee's token for a server's board (none for a directory).
    #[serde(default)]
    token: Option<String>,
}

type Outcome = Result<(), (i32, String)>;

fn finish(r: Outcome, err: &mut dyn Write) -> i32 {
    match r {
        Ok(()) => 0,
        Err((code, msg)) => {
            let _ = writeln!(err, "{msg}");
            code
        }
    }
}

fn load_secret(p: &Path) -> Result<TrusteeSecret, (i32, String)> {
    let text = std::fs::read(p).map_err(|e| io_err("read", p, e))?;
    serde_json::from_slice(&text).map_err(|e| refused(format!("{}: {e}", p.display())))
}

pub fn run_trustee(cmd: TrusteeCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let r = match cmd {
        TrusteeCommand::Init { at, index, secret } => {
            Board::open(&at).and_then(|b| trustee_init(&b, index, &secret, out))
        }
        TrusteeCommand::Deal { at, secret } => {
            with_secret(&at, &secret, |b, s| trustee_deal(b, s, out))
        }
        TrusteeCommand::Check { at, secret } => {
            with_secret(&at, &secret, |b, s| trustee_check(b, s, &secret, out))
        }
        TrusteeCommand::Decrypt { at, secret } => {
            with_secret(&at, &secret, |b, s| trustee_decrypt(b, s, out))
        }
        TrusteeCommand::Follow {
            at,
            secret,
            once,
            every,
        } => trustee_follow(&at, &secret, once, every, out),
    };
    finish(r, err)
}

/// Opens the board with the trustee's token from its secret file (unless `--token` is given).
fn with_secret(
    at: &BoardArgs,
    secret: &Path,
    f: impl FnOnce(&Board, TrusteeSecret) -> Outcome,
) -> Outcome {
    let s = load_secret(secret)?;
    let board = Board::open(at)?.with_token(s.token.clone());
    f(&board, s)
}

fn trustee_init(board: &Board, index: u32, secret: &Path, out: &mut dyn Write) -> Outcome {
    let d: Draft = board.need("election")?;
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
            token: board.token(),
        },
        true,
    )?;
    let key = TrusteeKey {
        trustee: index,
        ceremony_key: RistrettoPoint::mul_base(&ceremony_secret),
    };
    if let Err(e) = board.put(&format!("trustee-{index}"), &key) {
        // Nothing was published: the secret would only stop a second try.
        let _ = std::fs::remove_file(secret);
        return Err(e);
    }
    let _ = writeln!(
        out,
        "trustee {index} of {}: secret kept in {}",
        d.election_id,
        secret.display()
    );
    Ok(())
}

fn trustee_deal(board: &Board, s: TrusteeSecret, out: &mut dyn Write) -> Outcome {
    let d: Draft = board.need("election")?;
    let dealer = Dealer::from_coefficients(s.trustee, s.coefficients.clone());
    let mut shares = Vec::new();
    for j in 1..=d.trustees.n {
        let key: TrusteeKey = board
            .get(&format!("trustee-{j}"))?
            .ok_or_else(|| refused(format!("trustee {j} has not joined yet")))?;
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
    board.put(&format!("dealing-{}", s.trustee), &posted)?;
    let _ = writeln!(
        out,
        "trustee {}: dealing published, {} shares sealed",
        s.trustee, d.trustees.n
    );
    Ok(())
}

fn trustee_check(
    board: &Board,
    mut s: TrusteeSecret,
    secret: &Path,
    out: &mut dyn Write,
) -> Outcome {
    let d: Draft = board.need("election")?;
    let me = s.trustee;
    let mut complaints = Vec::new();
    let mut received = Vec::new();
    for i in 1..=d.trustees.n {
        let Some(posted) = board
            .get::<PostedDealing>(&format!("dealing-{i}"))
            .unwrap_or(None)
        else {
            continue; // no dealing: `election key` excludes it, no complaint needed
        };
        let Some(key) = board
            .get::<TrusteeKey>(&format!("trustee-{i}"))
            .unwrap_or(None)
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
    board.put(
        &format!("check-{me}"),
        &Check {
            trustee: me,
            complaints: complaints.clone(),
        },
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

fn trustee_decrypt(board: &Board, s: TrusteeSecret, out: &mut dyn Write) -> Outcome {
    let m: Manifest = board.need("manifest")?;
    let c: Ceremony = board.need("ceremony")?;
    let t: TallyFile = board.need("tally")?;
    check_before_decrypting(&m, &c, &t)?;
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
    board.put(&format!("share-{}", s.trustee), &share)?;
    let _ = writeln!(out, "trustee {}: decryption share published", s.trustee);
    Ok(())
}

/// What a trustee checks before decrypting a tally, without trusting the board: the manifest's
/// key is the ceremony's, every ballot of the tally holds for this manifest (so none was made
/// for another election), no credential has two, and the tally is exactly their sum. A
/// trustee thus never decrypts anything but the sum of this election's ballots.
fn check_before_decrypting(m: &Manifest, c: &Ceremony, t: &TallyFile) -> Outcome {
    if joint_key(&c.dealings) != m.public_key {
        return Err(refused(
            "the manifest's key is not the ceremony's: not decrypting",
        ));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some((i, e)) = verify_ballots(m, &t.ballots, threads).into_iter().next() {
        return Err(refused(format!(
            "ballot {i} of the tally does not hold: {e}; not decrypting"
        )));
    }
    let mut creds = HashSet::new();
    if !t.ballots.iter().all(|b| creds.insert(b.credential)) {
        return Err(refused(
            "two ballots of one credential in the tally: not decrypting",
        ));
    }
    if sum_ballots(m, &t.ballots) != t.tally {
        return Err(refused(
            "the tally is not the sum of its ballots: not decrypting",
        ));
    }
    Ok(())
}

/// A board keyed by the assembly's ceremony, as `GET /api/v1/boards/KEY/votes` lists it.
#[derive(Deserialize)]
struct Keyed {
    election_id: String,
    tally: bool,
    shares: Vec<u32>,
    record: bool,
}

fn trustee_follow(
    at: &BoardArgs,
    secret: &Path,
    once: bool,
    every: u64,
    out: &mut dyn Write,
) -> Outcome {
    let s = load_secret(secret)?;
    let key = Board::open(at)?.with_token(s.token.clone());
    let Some(base) = at
        .board
        .trim_end_matches('/')
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .filter(|_| matches!(key, Board::Http(_)))
    else {
        return Err(refused(
            "trustee follow reads a server's key board: --board http://HOST:PORT/api/v1/boards/ID",
        ));
    };
    // Boards this trustee refused to decrypt (named once, not retried).
    let mut refused_here: HashSet<String> = HashSet::new();
    loop {
        let list: Vec<Keyed> = key.need("votes")?;
        for k in list {
            if !k.tally || k.record || k.shares.contains(&s.trustee) {
                continue;
            }
            if refused_here.contains(&k.election_id) {
                continue;
            }
            let vote = Board::open(&BoardArgs {
                board: format!("{base}/{}", k.election_id),
                token: at.token.clone(),
            })?
            .with_token(s.token.clone());
            let mine = load_secret(secret)?;
            match trustee_decrypt(&vote, mine, out) {
                Ok(()) => {
                    let _ = writeln!(out, "decrypted {}", k.election_id);
                }
                Err((code, msg)) => {
                    let _ = writeln!(out, "{}: {msg}", k.election_id);
                    if code != 2 {
                        refused_here.insert(k.election_id);
                    }
                }
            }
        }
        let _ = out.flush();
        if once {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_secs(every.max(1)));
    }
}

pub fn run_election(cmd: ElectionCommand, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let r = match cmd {
        ElectionCommand::New {
            at,
            id,
            title,
            trustees,
            threshold,
            question,
            tokens_out,
        } => Board::open(&at).and_then(|b| {
            election_new(
                &b,
                Draft {
                    election_id: id,
                    title,
                    questions: Vec::new(),
                    trustees: Threshold {
                        n: trustees,
                        t: threshold,
                    },
                },
                &question,
                tokens_out.as_deref(),
                out,
            )
        }),
        ElectionCommand::Key { at } => Board::open(&at).and_then(|b| election_key(&b, out)),
        ElectionCommand::Credentials {
            at,
            count,
            out: file,
        } => Board::open(&at).and_then(|b| election_credentials(&b, count, &file, out)),
        ElectionCommand::Vote {
            at,
            credential,
            choices,
            audit,
        } => Board::open(&at).and_then(|b| election_vote(&b, &credential, &choices, audit, out)),
        ElectionCommand::Audit {
            manifest,
            challenge,
        } => super::audit::election_audit(&manifest, challenge.as_deref(), out),
        ElectionCommand::Tally { at } => Board::open(&at).and_then(|b| election_tally(&b, out)),
        ElectionCommand::Publish { at, out: file } => {
            Board::open(&at).and_then(|b| election_publish(&b, &file, out))
        }
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
    board: &Board,
    mut d: Draft,
    qs: &[String],
    tokens_out: Option<&Path>,
    out: &mut dyn Write,
) -> Outcome {
    d.trustees.check().map_err(|e| refused(e.to_string()))?;
    d.questions = qs
        .iter()
        .map(|q| parse_question(q))
        .collect::<Result<Vec<_>, _>>()?;
    // Checks the questions against their methods with a placeholder key.
    Manifest {
        election_id: d.election_id.clone(),
        title: d.title.clone(),
        questions: d.questions.clone(),
        trustees: d.trustees,
        public_key: RistrettoPoint::mul_base(&Scalar::ONE),
    }
    .check()
    .map_err(|e| refused(e.to_string()))?;
    board.create(&d, tokens_out)?;
    let _ = writeln!(
        out,
        "election {}: {} of {} trustees decrypt",
        d.election_id, d.trustees.t, d.trustees.n
    );
    if let Some(p) = tokens_out {
        let _ = writeln!(out, "the board's tokens are in {}", p.display());
    }
    Ok(())
}

fn election_key(board: &Board, out: &mut dyn Write) -> Outcome {
    let d: Draft = board.need("election")?;
    let mut excluded = Vec::new();
    let mut dealings = Vec::new();
    for i in 1..=d.trustees.n {
        match board.get::<PostedDealing>(&format!("dealing-{i}")) {
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
        if let Ok(Some(c)) = board.get::<Check>(&format!("check-{j}")) {
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
    let key_only = d.questions.is_empty();
    let m = Manifest {
        election_id: d.election_id,
        title: d.title,
        questions: d.questions,
        trustees: d.trustees,
        public_key: joint_key(&dealings),
    };
    let qual: Vec<u32> = dealings.iter().map(|d| d.trustee).collect();
    if key_only {
        // An assembly's key board: the ceremony only; each secret vote's board carries a copy.
        board.put(
            "ceremony",
            &Ceremony {
                id: None,
                dealings,
                excluded: excluded.clone(),
            },
        )?;
        let _ = writeln!(
            out,
            "key fixed by trustees {qual:?}: the assembly's secret votes can open"
        );
        for e in excluded {
            let _ = writeln!(out, "excluded trustee {}: {}", e.trustee, e.reason);
        }
        return Ok(());
    }
    // The ceremony first: a server checks the manifest's key against it.
    board.put(
        "ceremony",
        &Ceremony {
            id: None,
            dealings,
            excluded: excluded.clone(),
        },
    )?;
    board.put("manifest", &m)?;
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

fn election_credentials(board: &Board, count: usize, file: &Path, out: &mut dyn Write) -> Outcome {
    if board.get::<serde_json::Value>("credentials")?.is_some() {
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
    board.put("credentials", &public)?;
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
    board: &Board,
    credential: &str,
    choices: &str,
    audit: bool,
    out: &mut dyn Write,
) -> Outcome {
    let m: Manifest = board.need("manifest")?;
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
        // The block `election audit` (or the board's audit page) checks on another device.
        let block = asamblea_ballot_crypto::challenge::challenge_of(&m, &ballot, &randomness, &sel);
        let _ = writeln!(out, "{}", block.to_text());
        return Ok(());
    }
    board.cast(&ballot)?;
    let _ = writeln!(out, "cast; tracking code {code}");
    Ok(())
}

fn election_tally(board: &Board, out: &mut dyn Write) -> Outcome {
    let m: Manifest = board.need("manifest")?;
    let creds: Vec<Credential> = board.need("credentials")?;
    let issued: HashSet<[u8; 32]> = creds.iter().map(|c| c.0).collect();
    let mut candidates = Vec::new();
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    let mut used = HashSet::new();
    for (file, ballot) in board.ballots()? {
        let ballot = match ballot {
            Ok(b) => b,
            Err(reason) => {
                rejected.push(Rejected { file, reason });
                continue;
            }
        };
        if !issued.contains(&ballot.credential) {
            rejected.push(Rejected {
                file,
                reason: "its credential was not issued".into(),
            });
        } else if !used.insert(ballot.credential) {
            rejected.push(Rejected {
                file,
                reason: "a second ballot of one credential".into(),
            });
        } else {
            candidates.push(ballot);
            files.push(file);
        }
    }
    // Signatures and proofs, in batches on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut false_ballots: HashMap<usize, String> = verify_ballots(&m, &candidates, threads)
        .into_iter()
        .collect();
    let mut ballots = Vec::with_capacity(candidates.len());
    for (i, (ballot, file)) in candidates.into_iter().zip(files).enumerate() {
        match false_ballots.remove(&i) {
            None => ballots.push(ballot),
            Some(reason) => rejected.push(Rejected { file, reason }),
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
    board.put(
        "tally",
        &TallyFile {
            ballots,
            tally,
            rejected,
        },
    )
}

fn election_publish(board: &Board, file: &Path, out: &mut dyn Write) -> Outcome {
    let m: Manifest = board.need("manifest")?;
    let ceremony: Ceremony = board.need("ceremony")?;
    let credentials: Vec<Credential> = board.need("credentials")?;
    let t: TallyFile = board.need("tally")?;
    let election = m.fingerprint();
    let mut shares = Vec::new();
    let mut rejected_shares = Vec::new();
    for j in 1..=m.trustees.n {
        match board.get(&format!("share-{j}")) {
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
    if let Board::Http(_) = board {
        board.put("record", &record)?;
    }
    let _ = writeln!(
        out,
        "record written to {}; result {:?}",
        file.display(),
        record.result
    );
    Ok(())
}
