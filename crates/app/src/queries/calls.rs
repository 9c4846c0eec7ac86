//! Reads of commands and calls to action: the commands and their members, the calls and their
//! steps, the confirmations that count now, the adherence dashboard (by organization, department
//! and sector), the announcements an organization sees, and the acts an assembly's feed relays.

use std::collections::BTreeMap;

use asamblea_rules::trigger::{Confirmation, tally};
use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::actions::calls::in_scope;
use crate::domain::{
    AccountId, Adherence, AssemblyId, CallId, CallKind, CallStatus, CommandId, ConfirmPurpose,
    DemandId, OrganizationId, ResolutionId, ScopeKind,
};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommandMember {
    pub account_id: AccountId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommandView {
    pub id: CommandId,
    pub assembly_id: AssemblyId,
    pub name: String,
    pub resolution_id: ResolutionId,
    pub resolution_number: i64,
    /// `k`: confirmations that fire or disarm a call.
    pub threshold: i64,
    pub window_seconds: i64,
    pub kinds: Vec<CallKind>,
    pub members: Vec<CommandMember>,
}

impl CommandView {
    pub fn window_minutes(&self) -> i64 {
        self.window_seconds / 60
    }

    pub fn has_member(&self, account: AccountId) -> bool {
        self.members.iter().any(|m| m.account_id == account)
    }
}

async fn command_members(store: &Store, id: CommandId) -> Result<Vec<CommandMember>, AppError> {
    let rows: Vec<(AccountId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT a.id, a.display_name FROM command_members m JOIN accounts a ON a.id = m.account_id \
         WHERE m.command_id = $1 ORDER BY a.display_name")
        .bind(id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(account_id, name)| CommandMember { account_id, name })
        .collect())
}

type CommandRow = (
    CommandId,
    AssemblyId,
    String,
    ResolutionId,
    i64,
    i64,
    i64,
    String,
);

async fn command_view(store: &Store, r: CommandRow) -> Result<CommandView, AppError> {
    let (id, assembly_id, name, resolution_id, resolution_number, threshold, window_seconds, kinds) =
        r;
    Ok(CommandView {
        id,
        assembly_id,
        name,
        resolution_id,
        resolution_number,
        threshold,
        window_seconds,
        kinds: serde_json::from_str(&kinds).unwrap_or_default(),
        members: command_members(store, id).await?,
    })
}

const COMMAND_COLUMNS: &str = "SELECT c.id, c.assembly_id, c.name, c.resolution_id, r.number, c.threshold, c.window_seconds, c.kinds \
     FROM commands c JOIN resolutions r ON r.id = c.resolution_id";

pub async fn commands(store: &Store, assembly: AssemblyId) -> Result<Vec<CommandView>, AppError> {
    let sql = format!("{COMMAND_COLUMNS} WHERE c.assembly_id = $1 ORDER BY c.id");
    let rows: Vec<CommandRow> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(assembly).fetch_all(pool).await)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(command_view(store, r).await?);
    }
    Ok(out)
}

pub async fn command(store: &Store, id: CommandId) -> Result<Option<CommandView>, AppError> {
    let sql = format!("{COMMAND_COLUMNS} WHERE c.id = $1");
    let row: Option<CommandRow> = on_read!(store, pool => sqlx::query_as(&sql)
        .bind(id).fetch_optional(pool).await)?;
    match row {
        Some(r) => Ok(Some(command_view(store, r).await?)),
        None => Ok(None),
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StepView {
    pub number: i64,
    /// None: indefinite.
    pub hours: Option<i64>,
    pub starts_at: Option<String>,
    pub condition: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CallSummary {
    pub id: CallId,
    pub assembly_id: AssemblyId,
    pub command_id: Option<CommandId>,
    pub resolution_id: Option<ResolutionId>,
    pub kind: CallKind,
    pub scope_kind: ScopeKind,
    #[serde(skip)]
    pub scope_ids: String,
    pub title: String,
    pub body: String,
    #[serde(skip)]
    pub demand_ids: String,
    pub starts_at: Option<String>,
    pub status: CallStatus,
    pub current_step: i64,
    pub round: i64,
    pub version: i64,
    pub created_at: String,
    pub fired_at: Option<String>,
    pub lifted_at: Option<String>,
}

impl CallSummary {
    pub fn scope_list(&self) -> Vec<i64> {
        serde_json::from_str(&self.scope_ids).unwrap_or_default()
    }

    pub fn demand_list(&self) -> Vec<DemandId> {
        serde_json::from_str(&self.demand_ids).unwrap_or_default()
    }

    pub fn is_active(&self) -> bool {
        self.status == CallStatus::Active
    }
}

const CALL_COLUMNS: &str = "SELECT id, assembly_id, command_id, resolution_id, kind, scope_kind, scope_ids, title, body, demand_ids, \
     starts_at, status, current_step, round, version, created_at, fired_at, lifted_at FROM calls";

/// The calls of an assembly, the latest first.
pub async fn calls(store: &Store, assembly: AssemblyId) -> Result<Vec<CallSummary>, AppError> {
    let sql = format!("{CALL_COLUMNS} WHERE assembly_id = $1 ORDER BY id DESC");
    let rows = on_read!(store, pool => sqlx::query_as(&sql).bind(assembly).fetch_all(pool).await)?;
    Ok(rows)
}

/// A call with its steps, its scope's names, the demands it serves, its command and the
/// confirmations that count now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CallView {
    #[serde(flatten)]
    pub call: CallSummary,
    pub steps: Vec<StepView>,
    pub scope: Vec<String>,
    pub demand_ids: Vec<DemandId>,
    pub command: Option<CommandView>,
    /// Members whose confirmation to fire counts now (armed calls).
    pub fire_confirmations: i64,
    /// Members whose confirmation to disarm counts now (armed calls).
    pub disarm_confirmations: i64,
}

impl CallView {
    pub fn step(&self) -> Option<&StepView> {
        self.steps
            .iter()
            .find(|s| s.number == self.call.current_step)
    }

    pub fn has_next_step(&self) -> bool {
        self.steps.iter().any(|s| s.number > self.call.current_step)
    }
}

pub async fn call(store: &Store, id: CallId, now: i64) -> Result<Option<CallView>, AppError> {
    let sql = format!("{CALL_COLUMNS} WHERE id = $1");
    let row: Option<CallSummary> =
        on_read!(store, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
    let Some(call) = row else {
        return Ok(None);
    };
    let steps: Vec<StepView> = on_read!(store, pool => sqlx::query_as(
        "SELECT number, hours, starts_at, condition FROM call_steps WHERE call_id = $1 ORDER BY number")
        .bind(id).fetch_all(pool).await)?;
    let table = match call.scope_kind {
        ScopeKind::Everyone => None,
        ScopeKind::Sectors => Some("SELECT name FROM sectors WHERE id = $1"),
        ScopeKind::Departments => Some("SELECT name FROM departments WHERE id = $1"),
        ScopeKind::Organizations => Some("SELECT short_name FROM organizations WHERE id = $1"),
    };
    let mut scope = Vec::new();
    if let Some(sql) = table {
        for sid in call.scope_list() {
            let name: Option<String> = on_read!(store, pool => sqlx::query_scalar(sql)
                .bind(sid).fetch_optional(pool).await)?;
            scope.extend(name);
        }
    }
    let command = match call.command_id {
        Some(c) => command(store, c).await?,
        None => None,
    };
    let (mut fire, mut disarm) = (0, 0);
    if let (CallStatus::Armed, Some(cmd)) = (call.status, &command) {
        let rows: Vec<(ConfirmPurpose, AccountId, i64)> = on_read!(store, pool => sqlx::query_as(
            "SELECT purpose, account_id, confirmed_at FROM call_confirmations WHERE call_id = $1 AND round = $2")
            .bind(id).bind(call.round).fetch_all(pool).await)?;
        let k = usize::try_from(cmd.threshold).unwrap_or(usize::MAX);
        for (purpose, slot) in [
            (ConfirmPurpose::Fire, &mut fire),
            (ConfirmPurpose::Disarm, &mut disarm),
        ] {
            let cs: Vec<Confirmation<AccountId>> = rows
                .iter()
                .filter(|r| r.0 == purpose)
                .map(|r| Confirmation {
                    member: r.1,
                    at: r.2,
                })
                .collect();
            *slot = tally(&cs, k, cmd.window_seconds, now).live as i64;
        }
    }
    Ok(Some(CallView {
        demand_ids: call.demand_list(),
        call,
        steps,
        scope,
        command,
        fire_confirmations: fire,
        disarm_confirmations: disarm,
    }))
}

/// An organization in a call's scope and its report for the step shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgAdherence {
    pub organization_id: OrganizationId,
    pub organization: String,
    pub sector: String,
    pub department: Option<String>,
    pub status: Option<Adherence>,
    pub members: i64,
    pub places: String,
    pub updated_at: Option<String>,
}

/// Adherence in a group of organizations (a department, a sector).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct GroupAdherence {
    pub name: String,
    pub in_scope: i64,
    pub joined: i64,
    pub partly: i64,
    pub not: i64,
    pub unreported: i64,
    pub members: i64,
}

impl GroupAdherence {
    fn add(&mut self, o: &OrgAdherence) {
        self.in_scope += 1;
        match o.status {
            Some(Adherence::Joined) => self.joined += 1,
            Some(Adherence::Partly) => self.partly += 1,
            Some(Adherence::Not) => self.not += 1,
            None => self.unreported += 1,
        }
        self.members += o.members;
    }

    /// The share of the group's organizations that joined (a half for "partly"), in thousandths;
    /// none when nobody reported.
    pub fn permille(&self) -> Option<u32> {
        let reported = self.in_scope - self.unreported;
        if reported == 0 || self.in_scope == 0 {
            return None;
        }
        let score = 2 * self.joined + self.partly;
        u32::try_from(score * 500 / self.in_scope).ok()
    }

    /// The same share in percent.
    pub fn percent(&self) -> Option<u32> {
        self.permille().map(|p| (p + 5) / 10)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub call_id: CallId,
    pub step: i64,
    pub organizations: Vec<OrgAdherence>,
    pub by_department: Vec<GroupAdherence>,
    pub by_sector: Vec<GroupAdherence>,
    pub total: GroupAdherence,
}

impl Dashboard {
    pub fn department(&self, name: &str) -> Option<&GroupAdherence> {
        self.by_department.iter().find(|g| g.name == name)
    }
}

/// Adherence to step `step` of a call: every base organization in its scope with its report,
/// and the sums by department and by sector.
pub async fn dashboard(
    store: &Store,
    call: &CallSummary,
    step: i64,
) -> Result<Dashboard, AppError> {
    type Row = (
        OrganizationId,
        String,
        i64,
        String,
        Option<i64>,
        Option<String>,
        Option<Adherence>,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = on_read!(store, pool => sqlx::query_as(
        "SELECT o.id, o.short_name, o.sector_id, s.name, o.department_id, d.name, r.status, r.members, r.places, r.updated_at \
         FROM seat_allocations a JOIN organizations o ON o.id = a.organization_id JOIN sectors s ON s.id = o.sector_id \
         LEFT JOIN departments d ON d.id = o.department_id \
         LEFT JOIN adherence_reports r ON r.call_id = $2 AND r.step = $3 AND r.organization_id = o.id \
         WHERE a.assembly_id = $1 ORDER BY o.short_name")
        .bind(call.assembly_id).bind(call.id).bind(step).fetch_all(pool).await)?;
    let scope = call.scope_list();
    let mut organizations = Vec::new();
    let mut deps: BTreeMap<String, GroupAdherence> = BTreeMap::new();
    let mut sectors: BTreeMap<String, GroupAdherence> = BTreeMap::new();
    let mut total = GroupAdherence::default();
    for (id, name, sector_id, sector, dep_id, dep, status, members, places, updated_at) in rows {
        if !in_scope(call.scope_kind, &scope, id, sector_id, dep_id) {
            continue;
        }
        let o = OrgAdherence {
            organization_id: id,
            organization: name,
            sector,
            department: dep,
            status,
            members: members.unwrap_or(0),
            places: places.unwrap_or_default(),
            updated_at,
        };
        if let Some(d) = &o.department {
            let g = deps.entry(d.clone()).or_default();
            g.name.clone_from(d);
            g.add(&o);
        }
        let g = sectors.entry(o.sector.clone()).or_default();
        g.name.clone_from(&o.sector);
        g.add(&o);
        total.add(&o);
        organizations.push(o);
    }
    Ok(Dashboard {
        call_id: call.id,
        step,
        organizations,
        by_department: deps.into_values().collect(),
        by_sector: sectors.into_values().collect(),
        total,
    })
}

/// The calls (not lifted more than a while ago: every active, armed or prepared one, and the
/// last lifted ones) whose scope includes an organization, across the assemblies it is a base
/// organization of. Prepared and armed calls are not announced.
pub async fn announced_to(
    store: &Store,
    org: OrganizationId,
) -> Result<Vec<CallSummary>, AppError> {
    let row: Option<(i64, Option<i64>)> = on_read!(store, pool => sqlx::query_as(
        "SELECT sector_id, department_id FROM organizations WHERE id = $1")
        .bind(org).fetch_optional(pool).await)?;
    let Some((sector, department)) = row else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "{CALL_COLUMNS} WHERE status IN ('active', 'lifted') AND assembly_id IN \
         (SELECT assembly_id FROM seat_allocations WHERE organization_id = $1) ORDER BY id DESC LIMIT 50"
    );
    let rows: Vec<CallSummary> =
        on_read!(store, pool => sqlx::query_as(&sql).bind(org).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter(|c| in_scope(c.scope_kind, &c.scope_list(), org, sector, department))
        .take(10)
        .collect())
}

/// An act an assembly's feed relays: a call issued (in effect), fired, escalated or lifted, a
/// platform adopted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedAct {
    pub position: i64,
    pub recorded_at: String,
    pub kind: String,
    pub payload: String,
}

/// The kinds of act the feed relays.
pub const FEED_KINDS: [&str; 5] = [
    "call.issued",
    "call.fired",
    "call.escalated",
    "call.lifted",
    "platform.adopted",
];

/// The latest acts of an assembly that its feed relays, the latest first (a prepared call's
/// issue is not announced: only its firing is).
pub async fn feed(
    store: &Store,
    assembly: AssemblyId,
    limit: i64,
) -> Result<Vec<FeedAct>, AppError> {
    let scope = format!("assembly:{assembly}");
    let rows: Vec<FeedAct> = on_read!(store, pool => sqlx::query_as(
        "SELECT position, recorded_at, kind, payload FROM record WHERE scope = $1 \
         AND kind IN ('call.issued', 'call.fired', 'call.escalated', 'call.lifted', 'platform.adopted') \
         ORDER BY position DESC LIMIT $2")
        .bind(scope).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter(|a| a.kind != "call.issued" || a.payload.contains("\"status\":\"active\""))
        .collect())
}

/// The accounts named by `usernames`, in order; none if any name is unknown.
pub async fn account_ids(
    store: &Store,
    usernames: &[&str],
) -> Result<Option<Vec<AccountId>>, AppError> {
    let mut out = Vec::new();
    for name in usernames {
        let id: Option<AccountId> = on_read!(store, pool => sqlx::query_scalar(
            "SELECT id FROM accounts WHERE username = $1")
            .bind(*name).fetch_optional(pool).await)?;
        match id {
            Some(id) => out.push(id),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The sectors and departments a call's scope can name: (id, name).
pub async fn scope_choices(
    store: &Store,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), AppError> {
    let sectors = on_read!(store, pool => sqlx::query_as("SELECT id, name FROM sectors ORDER BY name")
        .fetch_all(pool).await)?;
    let departments = on_read!(store, pool => sqlx::query_as("SELECT id, name FROM departments ORDER BY name")
        .fetch_all(pool).await)?;
    Ok((sectors, departments))
}

/// The assemblies an organization is a base organization of: (id, slug, name).
pub async fn assemblies_of(
    store: &Store,
    org: OrganizationId,
) -> Result<Vec<(AssemblyId, String, String)>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as(
        "SELECT a.id, a.slug, a.name FROM seat_allocations s JOIN assemblies a ON a.id = s.assembly_id \
         WHERE s.organization_id = $1 ORDER BY a.id")
        .bind(org).fetch_all(pool).await)?;
    Ok(rows)
}
