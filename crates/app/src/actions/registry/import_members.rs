//! Members from a CSV file, in two steps: a preview that lists every row's problem and writes
//! nothing, then a confirmation that writes every row in one transaction with one act
//! (`members.imported`: the organization, the count and the file's SHA-256; no personal data).

use crate::domain::ActKind;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use asamblea_record::NewAct;
use asamblea_store::{Store, Tx, on_read, on_tx};
use serde::Serialize;
use serde_json::json;

use super::{is_email, may_manage_registry, require_act_for};
use crate::csv_rows::{Column, Problem, digest, mis_decoded, read};
use crate::domain::OrganizationId;
use crate::{Actor, AppError};

/// The columns of a members file. `organization` (a short name) is optional: rows without it
/// belong to the organization the file is imported into.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "member_number",
        aliases: &[
            "number",
            "numero",
            "nro",
            "no",
            "member_no",
            "numero_de_afiliado",
        ],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre", "nombre_completo", "full_name"],
        required: true,
    },
    Column {
        name: "organization",
        aliases: &["organizacion", "org", "sigla", "short_name"],
        required: false,
    },
    Column {
        name: "phone",
        aliases: &["telefono", "celular", "mobile"],
        required: false,
    },
    Column {
        name: "email",
        aliases: &["e_mail", "correo", "correo_electronico", "mail"],
        required: false,
    },
];

/// The header written by exports and shown in the help text.
pub const HEADER: [&str; 5] = ["member_number", "name", "organization", "phone", "email"];

/// One clean row of the file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberLine {
    pub line: u64,
    pub organization_id: OrganizationId,
    pub organization: String,
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// How far an import is, for a progress page: the rows to write (known once the file is
/// checked) and those written.
#[derive(Debug, Default)]
pub struct ImportProgress {
    pub total: AtomicUsize,
    pub written: AtomicUsize,
}

/// What a file would do: its rows and every problem. Importable only without problems.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MembersPreview {
    pub organization_id: OrganizationId,
    /// SHA-256 of the file (line breaks normalized); the confirmation must carry it.
    pub digest: String,
    pub rows: Vec<MemberLine>,
    pub problems: Vec<Problem>,
    /// Values that look already mis-decoded ("Jos\u{FFFD} P\u{FFFD}rez", "MarÃ\u{AD}a"), each
    /// with its line and column: they do not stop the import, the person decides.
    pub warnings: Vec<Problem>,
}

impl MembersPreview {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What the checks need to know of the database.
struct Context {
    target: OrganizationId,
    /// Short name -> id, every organization.
    organizations: HashMap<String, OrganizationId>,
    /// Organizations this file may add members to.
    allowed: HashSet<OrganizationId>,
    /// Member numbers already taken, per organization.
    existing: HashSet<(OrganizationId, String)>,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: OrganizationId,
    parent_id: Option<OrganizationId>,
    short_name: String,
}

#[derive(sqlx::FromRow)]
struct NumberRow {
    organization_id: OrganizationId,
    member_number: String,
}

/// `whole_branch`: the file may add members to the organizations under `target` too (those
/// who [`may_manage_registry`] may import a federation's list with its unions' members).
fn context(
    target: OrganizationId,
    whole_branch: bool,
    orgs: Vec<OrgRow>,
    numbers: Vec<NumberRow>,
) -> Result<Context, AppError> {
    if !orgs.iter().any(|o| o.id == target) {
        return Err(AppError::NotFound);
    }
    let mut allowed = HashSet::from([target]);
    if whole_branch {
        loop {
            let before = allowed.len();
            for o in &orgs {
                if o.parent_id.is_some_and(|p| allowed.contains(&p)) {
                    allowed.insert(o.id);
                }
            }
            if allowed.len() == before {
                break;
            }
        }
    }
    Ok(Context {
        target,
        organizations: orgs.iter().map(|o| (o.short_name.clone(), o.id)).collect(),
        existing: numbers
            .into_iter()
            .filter(|n| allowed.contains(&n.organization_id))
            .map(|n| (n.organization_id, n.member_number))
            .collect(),
        allowed,
    })
}

const ORGS_SQL: &str = "SELECT id, parent_id, short_name FROM organizations";
const NUMBERS_SQL: &str = "SELECT organization_id, member_number FROM members";

/// Checks the file against the context: every row's problem, located.
fn check(text: &str, ctx: &Context) -> MembersPreview {
    let (rows, mut problems) = read(text, COLUMNS);
    let warnings = mis_decoded(&rows, COLUMNS);
    let short_of: HashMap<OrganizationId, &str> = ctx
        .organizations
        .iter()
        .map(|(s, id)| (*id, s.as_str()))
        .collect();
    let mut seen: HashMap<(OrganizationId, String), u64> = HashMap::new();
    let mut lines = Vec::new();
    for row in rows {
        let line = row.line;
        let mut ok = true;
        let org = match row.get(2) {
            None => Some(ctx.target),
            Some(short) => match ctx.organizations.get(short) {
                None => {
                    problems.push(
                        Problem::new(line, "csv-error-organization-unknown")
                            .column("organization")
                            .value(short),
                    );
                    None
                }
                Some(id) if !ctx.allowed.contains(id) => {
                    problems.push(
                        Problem::new(line, "csv-error-organization-outside")
                            .column("organization")
                            .value(short),
                    );
                    None
                }
                Some(id) => Some(*id),
            },
        };
        let (Some(number), Some(name)) = (row.get(0), row.get(1)) else {
            continue; // the reader already named the missing value
        };
        if let Some(org) = org {
            let key = (org, number.to_string());
            if let Some(first) = seen.get(&key) {
                problems.push(
                    Problem::new(line, "csv-error-duplicate-in-file")
                        .column("member_number")
                        .value(&format!("{number} ({first})")),
                );
                ok = false;
            } else if ctx.existing.contains(&key) {
                problems.push(
                    Problem::new(line, "csv-error-duplicate-existing")
                        .column("member_number")
                        .value(number),
                );
                ok = false;
            }
            seen.entry(key).or_insert(line);
        }
        if let Some(email) = row.get(4)
            && !is_email(email)
        {
            problems.push(
                Problem::new(line, "csv-error-email")
                    .column("email")
                    .value(email),
            );
            ok = false;
        }
        if let (Some(org), true) = (org, ok) {
            lines.push(MemberLine {
                line,
                organization_id: org,
                organization: short_of.get(&org).copied().unwrap_or("").to_string(),
                member_number: number.to_string(),
                name: name.to_string(),
                phone: row.get(3).map(str::to_string),
                email: row.get(4).map(str::to_string),
            });
        }
    }
    problems.sort_by_key(|p| p.line);
    MembersPreview {
        organization_id: ctx.target,
        digest: digest(text),
        rows: lines,
        problems,
        warnings,
    }
}

/// What the file would import into organization `organization_id`; writes nothing.
pub async fn preview_members(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    text: &str,
) -> Result<MembersPreview, AppError> {
    require_act_for(actor, organization_id)?;
    let orgs: Vec<OrgRow> =
        on_read!(store, pool => sqlx::query_as(ORGS_SQL).fetch_all(pool).await)?;
    let numbers: Vec<NumberRow> =
        on_read!(store, pool => sqlx::query_as(NUMBERS_SQL).fetch_all(pool).await)?;
    let ctx = context(organization_id, may_manage_registry(actor), orgs, numbers)?;
    Ok(check(text, &ctx))
}

/// The result of an import: the preview, and whether its rows were written.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub imported: bool,
    pub count: usize,
    #[serde(flatten)]
    pub preview: MembersPreview,
}

/// Imports the file into organization `organization_id`: checked again inside the transaction;
/// with any problem nothing is written (`imported: false`). `expected_digest`, when given (the
/// preview's), must match the file: a changed file is refused with a conflict.
pub async fn import_members(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    text: &str,
    expected_digest: Option<&str>,
) -> Result<ImportOutcome, AppError> {
    import_members_tracked(
        store,
        actor,
        organization_id,
        text,
        expected_digest,
        &ImportProgress::default(),
        None,
    )
    .await
}

/// [`import_members`], counting in `progress` the rows as they are written; `staged`, the token
/// of a staged file (`staged_imports.rs`) to delete in the import's transaction.
pub(crate) async fn import_members_tracked(
    store: &Store,
    actor: &Actor,
    organization_id: OrganizationId,
    text: &str,
    expected_digest: Option<&str>,
    progress: &ImportProgress,
    staged: Option<&str>,
) -> Result<ImportOutcome, AppError> {
    require_act_for(actor, organization_id)?;
    if let Some(d) = expected_digest
        && d.trim() != digest(text)
    {
        return Err(AppError::Conflict {
            key: "error-registry-import-changed",
        });
    }
    let mut tx = store.begin().await?;
    let orgs: Vec<OrgRow> =
        on_tx!(&mut tx, c => sqlx::query_as(ORGS_SQL).fetch_all(&mut **c).await)?;
    let numbers: Vec<NumberRow> =
        on_tx!(&mut tx, c => sqlx::query_as(NUMBERS_SQL).fetch_all(&mut **c).await)?;
    let ctx = context(organization_id, may_manage_registry(actor), orgs, numbers)?;
    let preview = check(text, &ctx);
    if !preview.is_clean() {
        tx.rollback().await?;
        return Ok(ImportOutcome {
            imported: false,
            count: 0,
            preview,
        });
    }
    progress.total.store(preview.rows.len(), Ordering::Relaxed);
    insert_members(&mut tx, &preview.rows, &progress.written).await?;
    if let Some(token) = staged {
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM staged_imports WHERE token = $1")
            .bind(token).execute(&mut **c).await.map(|_| ()))?;
    }
    let count = preview.rows.len();
    tx.append(NewAct {
        actor: actor.record_name(),
        kind: ActKind::MembersImported.as_str().into(),
        scope: format!("organization:{organization_id}"),
        payload: json!({"organization_id": organization_id, "count": count, "digest": preview.digest}),
    })
    .await?;
    tx.commit().await?;
    Ok(ImportOutcome {
        imported: true,
        count,
        preview,
    })
}

/// Rows per `INSERT`: 5 values each, well under SQLite's and PostgreSQL's limits on parameters.
const INSERT_CHUNK: usize = 500;

/// Writes the rows with one multi-row `INSERT` per [`INSERT_CHUNK`] rows (a register of 200,000
/// members is 400 statements, not 200,000 round trips).
async fn insert_members(
    tx: &mut Tx,
    rows: &[MemberLine],
    written: &AtomicUsize,
) -> Result<(), AppError> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut sql = String::from(
            "INSERT INTO members (organization_id, member_number, name, phone, email) VALUES ",
        );
        for i in 0..chunk.len() {
            let p = i * 5;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5
            ));
        }
        on_tx!(tx, c => {
            let mut q = sqlx::query(&sql);
            for m in chunk {
                q = q.bind(m.organization_id).bind(&m.member_number).bind(&m.name).bind(&m.phone).bind(&m.email);
            }
            q.execute(&mut **c).await.map(|_| ())
        })?;
        written.fetch_add(chunk.len(), Ordering::Relaxed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        context(
            OrganizationId(1),
            false,
            vec![
                OrgRow {
                    id: OrganizationId(1),
                    parent_id: None,
                    short_name: "FSTMB".into(),
                },
                OrgRow {
                    id: OrganizationId(2),
                    parent_id: Some(OrganizationId(1)),
                    short_name: "SMCatavi".into(),
                },
            ],
            vec![NumberRow {
                organization_id: OrganizationId(1),
                member_number: "7".into(),
            }],
        )
        .unwrap()
    }

    #[test]
    fn clean_file_gives_rows() {
        let p = check(
            "member_number,name,email\n1,Juana Mamani,juana@fstmb.bo\n2,Pedro Quispe,\n",
            &ctx(),
        );
        assert!(p.is_clean(), "{:?}", p.problems);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].organization, "FSTMB");
        assert_eq!(p.rows[1].email, None);
    }

    #[test]
    fn every_row_problem_is_named() {
        let p = check(
            "member_number,name,organization,email\n1,A,,a@b.bo\n1,B,,\n7,C,,\n2,D,XYZ,\n3,E,SMCatavi,\n4,F,,bad\n",
            &ctx(),
        );
        let got: Vec<(u64, &str)> = p.problems.iter().map(|x| (x.line, x.key)).collect();
        assert_eq!(
            got,
            [
                (3, "csv-error-duplicate-in-file"),
                (4, "csv-error-duplicate-existing"),
                (5, "csv-error-organization-unknown"),
                (6, "csv-error-organization-outside"),
                (7, "csv-error-email"),
            ]
        );
    }
}
