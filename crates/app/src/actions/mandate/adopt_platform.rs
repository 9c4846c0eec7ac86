//! The assembly's secretariat records the platform that a resolution adopted. The platform was
//! proposed as a motion (one paragraph per demand, each starting with its `[D<id>]` tag; the
//! mandate page drafts it from the current ranking), amended and voted like any motion; this
//! action reads the adopted resolution's final text and records its paragraphs, in order, as the
//! platform's items, each linked to its demand where the tag names one of the assembly's demands
//! (a paragraph added by amendment stands on its own text). One platform per resolution; each new
//! platform gets the next number and is announced.

use asamblea_rules::amendments::paragraphs;
use asamblea_store::{Store, now_rfc3339, on_tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{may_curate, split_tag};
use crate::actions::sessions::rows::{act, is_chair};
use crate::domain::{ActKind, AssemblyId, DemandId, PlatformId, ResolutionId};
use crate::{Actor, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AdoptPlatform {
    pub resolution_id: ResolutionId,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlatformAdopted {
    pub id: PlatformId,
    pub number: i64,
    /// The position of the `platform.adopted` act on the record.
    pub act_position: i64,
}

pub async fn adopt_platform(
    store: &Store,
    actor: &Actor,
    input: AdoptPlatform,
) -> Result<PlatformAdopted, AppError> {
    let mut tx = store.begin().await?;
    let row: Option<(AssemblyId, i64, String)> = on_tx!(&mut tx, c => sqlx::query_as(
        "SELECT assembly_id, number, body FROM resolutions WHERE id = $1")
        .bind(input.resolution_id).fetch_optional(&mut **c).await)?;
    let (assembly_id, resolution_number, body) = row.ok_or(AppError::NotFound)?;
    if !may_curate(is_chair(&mut tx, actor, assembly_id).await?) {
        return Err(AppError::Forbidden);
    }
    let taken: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM platforms WHERE resolution_id = $1")
        .bind(input.resolution_id).fetch_one(&mut **c).await)?;
    if taken > 0 {
        return Err(AppError::Conflict {
            key: "error-mandate-platform-recorded",
        });
    }
    let mut items: Vec<(Option<DemandId>, String)> = Vec::new();
    for p in paragraphs(&body) {
        let (tag, text) = split_tag(&p);
        let demand = match tag {
            Some(d) => {
                let a: Option<AssemblyId> = on_tx!(&mut tx, c => sqlx::query_scalar(
                    "SELECT assembly_id FROM demands WHERE id = $1")
                    .bind(d).fetch_optional(&mut **c).await)?;
                (a == Some(assembly_id)).then_some(d)
            }
            None => None,
        };
        let text = if demand.is_some() { text } else { p.trim() };
        items.push((demand, text.to_string()));
    }
    if items.is_empty() {
        return Err(AppError::invalid(
            "resolution_id",
            "error-mandate-platform-empty",
        ));
    }
    let number: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM platforms WHERE assembly_id = $1")
        .bind(assembly_id).fetch_one(&mut **c).await)?;
    let payload_items: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, (d, t))| json!({"position": i + 1, "demand_id": d, "body": t}))
        .collect();
    // The act first: the platform keeps its position, which its page and exports cite.
    let entry = tx
        .append(act(
            actor,
            ActKind::PlatformAdopted,
            assembly_id,
            json!({"number": number, "resolution_id": input.resolution_id,
                   "resolution_number": resolution_number, "items": payload_items}),
        ))
        .await?;
    let id: PlatformId = on_tx!(&mut tx, c => sqlx::query_scalar(
        "INSERT INTO platforms (assembly_id, number, resolution_id, act_position, adopted_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(assembly_id).bind(number).bind(input.resolution_id).bind(entry.position)
        .bind(now_rfc3339()).fetch_one(&mut **c).await)?;
    for (i, (d, t)) in items.iter().enumerate() {
        on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO platform_items (platform_id, position, demand_id, body) VALUES ($1, $2, $3, $4)")
            .bind(id).bind(i as i64 + 1).bind(*d).bind(t).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    tx.commit().await?;
    Ok(PlatformAdopted {
        id,
        number,
        act_position: entry.position,
    })
}
