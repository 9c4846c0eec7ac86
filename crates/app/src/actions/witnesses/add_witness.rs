//! An administrator adds a witness of the log by its verifier key
//! (`<name>+<key id>+<base64(0x04 || Ed25519 key)>`, printed by `asamblea witness key`) and,
//! optionally, the URL of its add-checkpoint service (c2sp.org/tlog-witness; the server then
//! pushes every new checkpoint to it, `crate::witness_push`): from then on its cosignatures are
//! accepted and shown with the checkpoints. A removed witness may be added again.

use asamblea_record::NewAct;
use asamblea_record::witness::parse_witness_vkey;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::Deserialize;
use serde_json::json;

use crate::domain::ActKind;
use crate::{Actor, AppError};

/// The longest verifier key accepted (a name of up to 200 characters and the key).
pub const MAX_VKEY: usize = 300;

/// The longest witness URL accepted.
pub const MAX_URL: usize = 300;

/// A witness to add.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWitness {
    /// `<name>+<key id>+<base64(0x04 || Ed25519 public key)>` (`asamblea witness key` prints it).
    pub vkey: String,
    /// The witness's submission prefix, e.g. `http://witness.example:7380` (the server posts to
    /// `<url>/add-checkpoint`); empty or absent: the witness pulls (`asamblea witness check`).
    #[serde(default)]
    pub url: Option<String>,
}

/// A witness URL: `None` if empty; refused unless `http://` followed by a host, at most
/// [`MAX_URL`] characters, with no spaces or control characters. The trailing `/` is dropped.
/// (The server has no TLS client: an `https://` witness is reached through a local address.)
pub fn parse_url(raw: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(url) = raw.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let url = url.trim_end_matches('/');
    let ok = url.chars().count() <= MAX_URL
        && url
            .strip_prefix("http://")
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(Some(url.to_string()))
    } else {
        Err(AppError::invalid("url", "witness-error-url"))
    }
}

/// Administrators only. Returns the witness's name. A name already added (and not removed) is
/// refused.
pub async fn add_witness(
    store: &Store,
    actor: &Actor,
    input: &NewWitness,
) -> Result<String, AppError> {
    if !super::may_manage_witnesses(actor) {
        return Err(AppError::Forbidden);
    }
    let vkey = input.vkey.trim();
    if vkey.chars().count() > MAX_VKEY {
        return Err(AppError::invalid("vkey", "witness-error-vkey"));
    }
    let (name, _) =
        parse_witness_vkey(vkey).ok_or(AppError::invalid("vkey", "witness-error-vkey"))?;
    let url = parse_url(input.url.as_deref())?;
    let mut tx = store.begin().await?;
    let removed: Option<Option<String>> = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT removed_at FROM witnesses WHERE name = $1").bind(&name).fetch_optional(&mut **c).await)?;
    let now = now_rfc3339();
    match removed {
        Some(None) => {
            return Err(AppError::Conflict {
                key: "witness-error-exists",
            });
        }
        // Added again after a removal: the same row (its old cosignatures stay with it).
        Some(Some(_)) => {
            on_tx!(&mut tx, c => sqlx::query(
                "UPDATE witnesses SET vkey = $2, url = $3, added_at = $4, removed_at = NULL WHERE name = $1")
                .bind(&name).bind(vkey).bind(&url).bind(&now).execute(&mut **c).await.map(|_| ()))?;
            on_tx!(&mut tx, c => sqlx::query("DELETE FROM witness_pushes WHERE witness = $1")
                .bind(&name).execute(&mut **c).await.map(|_| ()))?;
        }
        None => {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO witnesses (name, vkey, added_at, url) VALUES ($1, $2, $3, $4)")
                .bind(&name).bind(vkey).bind(&now).bind(&url).execute(&mut **c).await.map(|_| ()))?;
        }
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::WitnessAdded.as_str().into(),
        scope: "instance".into(),
        payload: json!({"name": name, "vkey": vkey, "url": url}),
    })
    .await?;
    tx.commit().await?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(parse_url(None).ok(), Some(None));
        assert_eq!(parse_url(Some("  ")).ok(), Some(None));
        assert_eq!(
            parse_url(Some(" http://w.example:7380/ ")).ok(),
            Some(Some("http://w.example:7380".to_string()))
        );
        assert_eq!(
            parse_url(Some("http://w.example/prefix")).ok(),
            Some(Some("http://w.example/prefix".to_string()))
        );
        for bad in [
            "https://w.example",
            "ftp://w.example",
            "http://",
            "http:///x",
            "http://a b",
            "w.example",
        ] {
            assert!(parse_url(Some(bad)).is_err(), "{bad}");
        }
        assert!(parse_url(Some(&format!("http://{}", "a".repeat(MAX_URL)))).is_err());
    }
}
