//! A witness sends a checkpoint of this log with its cosignature appended (the note as served by
//! `/api/v1/record/checkpoint`, plus its `— <name> <base64>` line). Each line from a witness an
//! administrator added that verifies over a checkpoint this server signed is kept (one per
//! witness and checkpoint) and is an act; lines from unknown names are ignored, as
//! c2sp.org/tlog-witness asks of logs.

use asamblea_record::NewAct;
use asamblea_record::witness::{parse_witness_vkey, split_note, verify_cosignature};
use asamblea_store::{Store, on_tx};
use serde_json::json;

use crate::AppError;
use crate::domain::ActKind;

/// The largest body accepted (a checkpoint and a few cosignature lines).
pub const MAX_BODY: usize = 16 * 1024;

/// Keeps the valid cosignatures in `note`; returns the names of the witnesses whose
/// cosignature was new. Not a checkpoint of this log: not found; no line from a known witness
/// verifies: forbidden.
pub async fn accept_cosignature(store: &Store, note: &str) -> Result<Vec<String>, AppError> {
    if note.len() > MAX_BODY {
        return Err(AppError::invalid("note", "witness-error-note"));
    }
    let (body, lines) = split_note(note).ok_or(AppError::invalid("note", "witness-error-note"))?;
    let size: i64 = body
        .lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .ok_or(AppError::invalid("note", "witness-error-note"))?;
    let mut tx = store.begin().await?;
    let stored: Option<String> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT note FROM checkpoints WHERE position = $1 AND note <> ''")
        .bind(size).fetch_optional(&mut **c).await)?;
    let Some(stored) = stored else {
        return Err(AppError::NotFound);
    };
    if split_note(&stored).map(|(b, _)| b) != Some(body) {
        return Err(AppError::NotFound);
    }
    let witnesses: Vec<(String, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT name, vkey FROM witnesses WHERE removed_at IS NULL").fetch_all(&mut **c).await)?;
    let mut verified = false;
    let mut new = Vec::new();
    for line in lines {
        let name = line
            .strip_prefix("\u{2014} ")
            .and_then(|r| r.split(' ').next())
            .unwrap_or_default();
        let Some((_, key)) = witnesses
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, vkey)| parse_witness_vkey(vkey))
        else {
            continue;
        };
        let Ok(signed_at) = verify_cosignature(line, name, &key, body.as_bytes()) else {
            continue;
        };
        verified = true;
        let inserted = on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO cosignatures (position, witness, signed_at, line) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (position, witness) DO NOTHING")
            .bind(size).bind(name).bind(signed_at as i64).bind(line)
            .execute(&mut **c).await.map(|r| r.rows_affected()))?;
        if inserted == 1 {
            tx.append(NewAct {
                actor: Some(format!("witness:{name}")),
                kind: ActKind::CheckpointCosigned.as_str().into(),
                scope: "instance".into(),
                payload: json!({"witness": name, "size": size, "signed_at": signed_at, "line": line}),
            })
            .await?;
            new.push(name.to_string());
        }
    }
    if !verified {
        return Err(AppError::Forbidden);
    }
    tx.commit().await?;
    Ok(new)
}
