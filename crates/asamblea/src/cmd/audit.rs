//! `asamblea election audit --manifest FILE|URL [CHALLENGE_FILE]`: checks, on a device other
//! than the one that voted, a ballot challenged on the vote page (Benaloh): that its ciphertexts
//! are exactly the encryptions of the choices shown under the randomness shown and the
//! election's key, that its signature and proofs hold, and prints those choices (in the
//! manifest's words) and the tracking code. The manifest comes from the board, not from the
//! voting device, which could lie in its own check.
//!
//! Against a server (`--manifest http://HOST/api/v1/boards/ID/manifest`), a verified challenge is
//! then sent to the board (`POST .../challenges`), which keeps its tracking code so that the
//! ballot can never be cast, and lists it on the board's page.
//!
//! Exit codes: 0 verified (and noted by the server's board, if one); 1 refused (the reason
//! named); 2 the challenge or the manifest cannot be read (for the challenge, its line and
//! column), or the server's board could not note it.

use asamblea_ballot_crypto::ballot::Manifest;
use asamblea_ballot_crypto::challenge::{Challenge, shown_lines};
use std::io::{Read, Write};
use std::path::Path;

use super::board::{Failure, io_err, refused};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| (2, format!("cannot start the async runtime: {e}")))
}

/// Sends a verified challenge to the server's board it came from (`…/manifest` → `…/challenges`);
/// returns what the board answered (`challenged`, `already_challenged`, `already_cast`).
fn note_on_board(manifest_at: &str, text: &str) -> Result<Option<String>, Failure> {
    let Some(base) = manifest_at
        .strip_prefix("http://")
        .and_then(|_| manifest_at.strip_suffix("/manifest"))
    else {
        return Ok(None);
    };
    let url = format!("{base}/challenges");
    runtime()?.block_on(async {
        let r = reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(text.to_string())
            .send()
            .await
            .map_err(|e| (2, format!("cannot reach {url}: {e}")))?;
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err((2, format!("{url}: {status}: {body}")));
        }
        let v: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| (2, format!("{url}: unreadable answer: {e}")))?;
        Ok(v["noted"].as_str().map(String::from))
    })
}

/// The manifest's text, from a file or over plain HTTP.
fn manifest_text(at: &str) -> Result<String, Failure> {
    if at.starts_with("https://") {
        return Err((
            2,
            "https:// is not built in: give the server's http:// address, or a file saved from the board".into(),
        ));
    }
    if !at.starts_with("http://") {
        return std::fs::read_to_string(at).map_err(|e| io_err("read", Path::new(at), e));
    }
    runtime()?.block_on(async {
        let r = reqwest::get(at)
            .await
            .map_err(|e| (2, format!("cannot reach {at}: {e}")))?;
        if !r.status().is_success() {
            return Err((2, format!("{at}: {} (no manifest there yet?)", r.status())));
        }
        r.text()
            .await
            .map_err(|e| (2, format!("cannot read {at}: {e}")))
    })
}

fn manifest(at: &str) -> Result<Manifest, Failure> {
    let m: Manifest = serde_json::from_str(&manifest_text(at)?)
        .map_err(|e| (2, format!("{at} is not an election manifest: {e}")))?;
    m.check()
        .map_err(|e| (2, format!("{at} is not a valid manifest: {e}")))?;
    Ok(m)
}

fn challenge_text(file: Option<&Path>) -> Result<(String, String), Failure> {
    match file {
        Some(p) if p != Path::new("-") => std::fs::read_to_string(p)
            .map(|t| (t, p.display().to_string()))
            .map_err(|e| io_err("read", p, e)),
        _ => {
            let mut t = String::new();
            std::io::stdin()
                .read_to_string(&mut t)
                .map_err(|e| (2, format!("cannot read standard input: {e}")))?;
            Ok((t, "standard input".into()))
        }
    }
}

pub fn election_audit(
    manifest_at: &str,
    file: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let (text, name) = challenge_text(file)?;
    let challenge = Challenge::parse(&text)
        .map_err(|e| (2, format!("{name} is not a challenged ballot: {e}")))?;
    let m = manifest(manifest_at)?;
    let shown = challenge
        .check(&m)
        .map_err(|e| refused(format!("challenge refused: {e}")))?;
    let _ = writeln!(
        out,
        "challenge verified: the ballot holds exactly the choices below, encrypted to the key of election {:?} ({})",
        m.election_id, m.title
    );
    let _ = writeln!(out, "tracking code {}", challenge.ballot.tracking_code());
    for (head, marked) in shown_lines(&m, shown) {
        let marked = marked.as_deref().unwrap_or("(none)");
        let _ = writeln!(out, "  {head}{marked}");
    }
    let _ = writeln!(
        out,
        "compare them with what you marked; this ballot showed its content, so it can never be cast"
    );
    match note_on_board(manifest_at, &text)?.as_deref() {
        Some("already_cast") => {
            let _ = writeln!(
                out,
                "the board holds a ballot with this tracking code already (cast before it was shown): not noted"
            );
        }
        Some(_) => {
            let _ = writeln!(
                out,
                "the board noted the challenge: it lists this tracking code and refuses the ballot if it is ever sent"
            );
        }
        None => {}
    }
    Ok(())
}
