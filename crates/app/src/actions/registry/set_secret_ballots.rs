//! An administrator sets how an assembly's secret votes keep their ballots: `plaintext` (the
//! default) or `encrypted`. Not while a vote of the assembly is open. The first time it is set
//! to `encrypted` the assembly's key board is opened (`assembly-A-key`, trustees `t` of `n`) and
//! the answer carries its tokens, once: the organizer's (who runs `asamblea election key`) and
//! each trustee's (who runs `asamblea trustee init|deal|check`, then `trustee follow`). Secret
//! votes can be opened once the trustees have fixed the key. Back to `plaintext` and again to
//! `encrypted`, the same key board and trustees serve.
//!
//! A new key ceremony (`new_key`: a trustee lost their secret, or the trustees change): a new key
//! board (`assembly-A-key-2`, …) with its own trustees and tokens becomes the assembly's; the old
//! one stays as it is, so its votes' records still verify and their trustees still decrypt them
//! (`trustee follow` on the old key board). Votes already open keep their board and key, so this
//! is allowed while one is open; new secret votes wait for the new ceremony.

use asamblea_ballot_crypto::board::{Draft, Publisher};
use asamblea_ballot_crypto::dkg::Threshold;
use asamblea_store::{Store, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::require_manage_registry;
use crate::actions::boards::open_board::{Tokens, open_board_tx};
use crate::actions::boards::session_boards::{app, key_board_id};
use crate::actions::sessions::rows::act;
use crate::domain::{ActKind, AssemblyId, SecretBallots, Unchecked};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SecretBallotsInput {
    /// `plaintext` or `encrypted`.
    #[schema(value_type = SecretBallots)]
    pub secret_ballots: Unchecked<SecretBallots>,
    /// `encrypted`, the first time: the trustees of the key ceremony (1 to 9).
    #[serde(default)]
    pub trustees: Option<u32>,
    /// `encrypted`, the first time: how many trustees decrypt together.
    #[serde(default)]
    pub threshold: Option<u32>,
    /// `encrypted`: a new key ceremony with `trustees` and `threshold` (see the module's text).
    #[serde(default)]
    pub new_key: bool,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SecretBallotsSet {
    /// The assembly's key board (encrypted).
    pub key_board: Option<String>,
    /// The key board's tokens, `[publisher, token]`, when it was opened now (shown once).
    #[schema(value_type = Vec<Vec<String>>)]
    pub tokens: Tokens,
    /// A new key ceremony: the key board it replaced (kept as it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<String>,
}

/// Administrators only.
pub async fn set_secret_ballots(
    store: &Store,
    actor: &Actor,
    slug: &str,
    input: SecretBallotsInput,
) -> Result<SecretBallotsSet, AppError> {
    require_manage_registry(actor)?;
    let mode = input
        .secret_ballots
        .check("secret_ballots", "error-invalid")?;
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, String, Option<String>)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT id, name, key_board FROM assemblies WHERE slug = $1")
        .bind(slug).fetch_optional(&mut **c).await)?;
    let (id, name, key_board) = row.ok_or(AppError::NotFound)?;
    let current: SecretBallots = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT secret_ballots FROM assemblies WHERE id = $1")
        .bind(id).fetch_one(&mut **c).await)?;
    if input.new_key && mode != SecretBallots::Encrypted {
        return Err(AppError::invalid(
            "secret_ballots",
            "error-secret-ballots-new-key-plaintext",
        ));
    }
    // A new key leaves the open votes their own: only a change of mode waits for them.
    let renewing = input.new_key && current == SecretBallots::Encrypted && key_board.is_some();
    let open: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes v JOIN assembly_sessions s ON s.id = v.session_id WHERE s.assembly_id = $1 AND v.status = 'open'")
        .bind(id).fetch_one(&mut **c).await)?;
    if open > 0 && !renewing {
        return Err(AppError::Conflict {
            key: "fed-error-vote-open",
        });
    }
    let mut out = SecretBallotsSet {
        key_board: key_board.clone(),
        tokens: Vec::new(),
        replaced: None,
    };
    if mode == SecretBallots::Encrypted && (key_board.is_none() || input.new_key) {
        let (Some(n), Some(t)) = (input.trustees, input.threshold) else {
            return Err(AppError::invalid(
                "trustees",
                "error-secret-ballots-trustees",
            ));
        };
        let trustees = Threshold { n, t };
        trustees
            .check()
            .map_err(|_| AppError::invalid("trustees", "error-secret-ballots-trustees"))?;
        // The first key board, or the next free name after it.
        let earlier: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM secret_boards WHERE election_id = $1 OR election_id LIKE $2")
            .bind(key_board_id(id)).bind(format!("{}-%", key_board_id(id))).fetch_one(&mut **c).await)?;
        let draft = Draft {
            election_id: if earlier == 0 {
                key_board_id(id)
            } else {
                format!("{}-{}", key_board_id(id), earlier + 1)
            },
            title: name.chars().take(200).collect(),
            questions: Vec::new(),
            trustees,
        };
        let mut publishers = vec![Publisher::Organizer];
        publishers.extend((1..=n).map(Publisher::Trustee));
        out.tokens = open_board_tx(
            &mut tx,
            actor,
            &draft,
            &publishers,
            None,
            json!({"assembly_id": id, "key_of_assembly": true, "replaces": key_board}),
        )
        .await
        .map_err(app)?;
        out.replaced = key_board.clone();
        out.key_board = Some(draft.election_id);
    }
    on_tx!(&mut tx, c => sqlx::query("UPDATE assemblies SET secret_ballots = $1, key_board = $2 WHERE id = $3")
        .bind(mode).bind(&out.key_board).bind(id).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    let mut payload =
        json!({"assembly_id": id, "secret_ballots": mode, "key_board": out.key_board});
    if input.new_key {
        payload["new_key"] = json!(true);
        payload["previous_key_board"] = json!(key_board);
    }
    tx.append(act(actor, ActKind::AssemblySecretBallotsSet, id, payload))
        .await?;
    tx.commit().await?;
    Ok(out)
}
