//! Organizations from a CSV file (administrators): a preview that lists every row's problem and
//! writes nothing, then a confirmation that writes all rows in one transaction with one act
//! (`organizations.imported`).

use crate::domain::ActKind;
use std::collections::{HashMap, HashSet};

use asamblea_record::NewAct;
use asamblea_store::{Store, on_read, on_tx};
use serde::Serialize;
use serde_json::json;

use super::create_organization::{OrganizationInput, insert, resolve, valid_short_name};
use super::{is_date, require_manage_registry};
use crate::csv_rows::{Column, Problem, digest, mis_decoded, read};
use crate::domain::{OrganizationId, OrganizationKind};
use crate::{Actor, AppError};

pub const COLUMNS: &[Column] = &[
    Column {
        name: "short_name",
        aliases: &["sigla", "short"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "kind",
        aliases: &["tipo"],
        required: true,
    },
    Column {
        name: "sector",
        aliases: &[],
        required: true,
    },
    Column {
        name: "parent",
        aliases: &["parent_short_name", "padre", "matriz"],
        required: false,
    },
    Column {
        name: "department",
        aliases: &["departamento"],
        required: false,
    },
    Column {
        name: "membership",
        aliases: &["afiliados", "members"],
        required: false,
    },
    Column {
        name: "term_from",
        aliases: &["gestion_desde", "desde"],
        required: false,
    },
    Column {
        name: "term_to",
        aliases: &["gestion_hasta", "hasta"],
        required: false,
    },
];

pub const HEADER: [&str; 9] = [
    "short_name",
    "name",
    "kind",
    "sector",
    "parent",
    "department",
    "membership",
    "term_from",
    "term_to",
];

/// One clean row.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationLine {
    pub line: u64,
    pub short_name: String,
    pub name: String,
    pub kind: OrganizationKind,
    pub sector: String,
    pub parent: Option<String>,
    pub department: Option<String>,
    pub membership: i64,
    pub term_from: Option<String>,
    pub term_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationsPreview {
    pub digest: String,
    pub rows: Vec<OrganizationLine>,
    pub problems: Vec<Problem>,
    /// Values that look already mis-decoded ("Jos\u{FFFD} P\u{FFFD}rez", "MarÃ\u{AD}a"), each
    /// with its line and column: they do not stop the import, the person decides.
    pub warnings: Vec<Problem>,
}

impl OrganizationsPreview {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

fn check(
    text: &str,
    existing: &HashSet<String>,
    sectors: &HashSet<String>,
) -> OrganizationsPreview {
    let (rows, mut problems) = read(text, COLUMNS);
    let warnings = mis_decoded(&rows, COLUMNS);
    let mut in_file: HashMap<String, u64> = HashMap::new();
    let mut lines = Vec::new();
    for row in rows {
        let line = row.line;
        let before = problems.len();
        let (Some(short), Some(name), Some(kind), Some(sector)) =
            (row.get(0), row.get(1), row.get(2), row.get(3))
        else {
            continue;
        };
        if valid_short_name(short).is_err() {
            problems.push(
                Problem::new(line, "csv-error-short-name")
                    .column("short_name")
                    .value(short),
            );
        } else if existing.contains(short) {
            problems.push(
                Problem::new(line, "csv-error-short-name-taken")
                    .column("short_name")
                    .value(short),
            );
        } else if let Some(first) = in_file.get(short) {
            problems.push(
                Problem::new(line, "csv-error-duplicate-in-file")
                    .column("short_name")
                    .value(&format!("{short} ({first})")),
            );
        }
        let kind = kind.to_lowercase();
        let kind = kind.parse::<OrganizationKind>().map_err(|_| {
            problems.push(
                Problem::new(line, "csv-error-kind")
                    .column("kind")
                    .value(&kind),
            );
        });
        let sector = sector.to_lowercase();
        if !sectors.contains(&sector) {
            problems.push(
                Problem::new(line, "csv-error-sector-unknown")
                    .column("sector")
                    .value(&sector),
            );
        }
        if let Some(p) = row.get(4)
            && !existing.contains(p)
            && !in_file.contains_key(p)
        {
            problems.push(
                Problem::new(line, "csv-error-organization-unknown")
                    .column("parent")
                    .value(p),
            );
        }
        let membership = match row.get(6) {
            None => 0,
            Some(m) => match m.replace(['.', ' ', '_'], "").parse::<i64>() {
                Ok(n) if super::valid_membership(n).is_ok() => n,
                _ => {
                    problems.push(
                        Problem::new(line, "csv-error-membership")
                            .column("membership")
                            .value(m),
                    );
                    0
                }
            },
        };
        for (i, col) in [(7, "term_from"), (8, "term_to")] {
            if let Some(d) = row.get(i)
                && !is_date(d)
            {
                problems.push(Problem::new(line, "csv-error-date").column(col).value(d));
            }
        }
        if let (Some(f), Some(t)) = (row.get(7), row.get(8))
            && is_date(f)
            && is_date(t)
            && f > t
        {
            problems.push(
                Problem::new(line, "csv-error-term-order")
                    .column("term_to")
                    .value(t),
            );
        }
        in_file.entry(short.to_string()).or_insert(line);
        if let (true, Ok(kind)) = (problems.len() == before, kind) {
            lines.push(OrganizationLine {
                line,
                short_name: short.to_string(),
                name: name.to_string(),
                kind,
                sector,
                parent: row.get(4).map(str::to_string),
                department: row.get(5).map(str::to_string),
                membership,
                term_from: row.get(7).map(str::to_string),
                term_to: row.get(8).map(str::to_string),
            });
        }
    }
    problems.sort_by_key(|p| p.line);
    OrganizationsPreview {
        digest: digest(text),
        rows: lines,
        problems,
        warnings,
    }
}

/// What the file would import; writes nothing. Administrators only.
pub async fn preview_organizations(
    store: &Store,
    actor: &Actor,
    text: &str,
) -> Result<OrganizationsPreview, AppError> {
    require_manage_registry(actor)?;
    let existing: Vec<String> = on_read!(store, pool => sqlx::query_scalar("SELECT short_name FROM organizations").fetch_all(pool).await)?;
    let sectors: Vec<String> = on_read!(store, pool => sqlx::query_scalar("SELECT key FROM sectors").fetch_all(pool).await)?;
    Ok(check(
        text,
        &existing.into_iter().collect(),
        &sectors.into_iter().collect(),
    ))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationsOutcome {
    pub imported: bool,
    pub ids: Vec<OrganizationId>,
    #[serde(flatten)]
    pub preview: OrganizationsPreview,
}

/// Imports the file: checked again in the transaction; with any problem nothing is written.
pub async fn import_organizations(
    store: &Store,
    actor: &Actor,
    text: &str,
    expected_digest: Option<&str>,
) -> Result<OrganizationsOutcome, AppError> {
    require_manage_registry(actor)?;
    if let Some(d) = expected_digest
        && d.trim() != digest(text)
    {
        return Err(AppError::Conflict {
            key: "error-registry-import-changed",
        });
    }
    let mut tx = store.begin().await?;
    let existing: Vec<(String, OrganizationId)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT short_name, id FROM organizations").fetch_all(&mut **c).await)?;
    let sectors: Vec<String> = on_tx!(&mut tx, c => sqlx::query_scalar("SELECT key FROM sectors").fetch_all(&mut **c).await)?;
    let mut ids_by_short: HashMap<String, OrganizationId> = existing.into_iter().collect();
    let preview = check(
        text,
        &ids_by_short.keys().cloned().collect(),
        &sectors.into_iter().collect(),
    );
    if !preview.is_clean() {
        tx.rollback().await?;
        return Ok(OrganizationsOutcome {
            imported: false,
            ids: Vec::new(),
            preview,
        });
    }
    let mut ids = Vec::new();
    for o in &preview.rows {
        let input = OrganizationInput {
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            kind: o.kind,
            sector: o.sector.clone(),
            department: o.department.clone(),
            parent_id: o.parent.as_ref().and_then(|p| ids_by_short.get(p).copied()),
            membership: o.membership,
            term_from: o.term_from.clone(),
            term_to: o.term_to.clone(),
        };
        let r = resolve(&mut tx, &input).await?;
        let id = insert(&mut tx, &r).await?;
        ids_by_short.insert(o.short_name.clone(), id);
        ids.push(id);
    }
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::OrganizationsImported.as_str().into(),
        scope: "instance".into(),
        payload: json!({"count": ids.len(), "ids": ids, "digest": preview.digest}),
    })
    .await?;
    tx.commit().await?;
    Ok(OrganizationsOutcome {
        imported: true,
        ids,
        preview,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_may_come_earlier_in_the_file() {
        let existing: HashSet<String> = ["COB".to_string()].into();
        let sectors: HashSet<String> = ["labour".to_string()].into();
        let p = check(
            "short_name,name,kind,sector,parent,membership,term_to\n\
             FSTMB,Mineros,federation,labour,COB,60000,1972-05-01\n\
             SMC,Catavi,union,labour,FSTMB,4000,\n\
             X,Equis,guild,farmers,NOPE,-1,1972-13-01\n",
            &existing,
            &sectors,
        );
        assert_eq!(p.rows.len(), 2);
        let keys: Vec<&str> = p.problems.iter().map(|x| x.key).collect();
        assert_eq!(
            keys,
            [
                "csv-error-kind",
                "csv-error-sector-unknown",
                "csv-error-organization-unknown",
                "csv-error-membership",
                "csv-error-date"
            ]
        );
        assert!(p.problems.iter().all(|x| x.line == 4));
    }
}
