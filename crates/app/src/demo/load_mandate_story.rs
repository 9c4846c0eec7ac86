//! The demo's mandate and call to action, told by `asamblea serve --demo` after the demo story
//! (`load_demo_story`, whose Resolución N.º 1 answers a coup with a general strike): twelve base
//! organizations' secretaries; six demands, two of them merged; twelve rankings counted by
//! Schulze weighted by seats; a second session adopts the platform by vote (proposed as a motion
//! from the ranking) and it is recorded; Resolution No. 1 creates the Political Command (2 of 3),
//! which arms the general strike prepared in advance and fires it with two confirmations; the
//! twelve organizations report their adherence. Names and texts are illustrative.
//!
//! Every step is a call to the same action the HTTP API calls. Idempotence: skipped (returns
//! `false`) when the assembly already has demands, or when the demo story was not told (no
//! presidium account, no resolution).

use asamblea_store::{Store, on_read};

use super::load_demo::demo_file;
use crate::actions::accounts::create_account::{NewAccount, create_account};
use crate::actions::calls::arm_call::arm_call;
use crate::actions::calls::confirm_call::{Confirm, confirm_call};
use crate::actions::calls::create_command::{NewCommand, create_command};
use crate::actions::calls::issue_call::{NewCall, StepInput, issue_call};
use crate::actions::calls::report_adherence::{AdherenceReport, report_adherence};
use crate::actions::mandate::adopt_platform::{AdoptPlatform, adopt_platform};
use crate::actions::mandate::merge_demands::{MergeDemands, merge_demands};
use crate::actions::mandate::rank_demands::{RankDemands, rank_demands};
use crate::actions::mandate::set_mandate_rule::{MandateRule, set_mandate_rule};
use crate::actions::mandate::submit_demand::{NewDemand, submit_demand};
use crate::actions::sessions::add_agenda_item::{NewItem, add_agenda_item};
use crate::actions::sessions::cast_vote::CastInput;
use crate::actions::sessions::close_vote::close_vote;
use crate::actions::sessions::create_session::{NewSession, create_session};
use crate::actions::sessions::open_item::open_item;
use crate::actions::sessions::open_session::open_session;
use crate::actions::sessions::open_vote::{NewVote, open_vote};
use crate::actions::sessions::propose_motion::{NewMotion, propose_motion};
use crate::ballot_writer::BallotWriter;
use crate::domain::{
    AccountId, Adherence, AssemblyId, CallKind, ConfirmPurpose, DemandId, OrganizationId,
    RankingMethod, RankingWeight, ResolutionId, ScopeKind, VoteSubject,
};
use crate::queries::accounts::account;
use crate::queries::mandate::ranking;
use crate::{Actor, AppError, Role};

/// The six demands: (text, category).
const DEMANDS: [(&str, &str); 6] = [
    (
        "Nacionalización de la Gulf Oil sin indemnización",
        "hidrocarburos",
    ),
    (
        "Control obrero mayoritario en la COMIBOL, con derecho a veto",
        "minería",
    ),
    (
        "La tierra para quien la trabaja: fin del latifundio en el oriente",
        "tierra",
    ),
    (
        "Universidad única, autónoma y abierta a los trabajadores",
        "educación",
    ),
    (
        "Escala móvil de salarios frente a la devaluación",
        "salarios",
    ),
    (
        "Revertir al Estado las concesiones petroleras de la Gulf",
        "hidrocarburos",
    ),
];

/// Places reported with the adherence (illustrative).
const PLACES: [&str; 6] = [
    "Mina Siglo XX y Catavi ocupadas",
    "Refinería de Valle Hermoso",
    "Fábricas de Pura Pura",
    "Plaza Murillo",
    "Caminos a Oruro bloqueados",
    "Estación central de ferrocarriles",
];

async fn as_actor(store: &Store, id: AccountId) -> Result<Actor, AppError> {
    Ok(Actor::Account(
        account(store, id).await?.ok_or(AppError::NotFound)?,
    ))
}

async fn new_account(
    store: &Store,
    username: String,
    name: String,
    role: Role,
    org: Option<OrganizationId>,
) -> Result<Actor, AppError> {
    let input = NewAccount {
        username,
        display_name: name,
        role,
        organization_id: org,
    };
    let created = create_account(store, &Actor::System, input).await?;
    as_actor(store, created.id).await
}

pub async fn load_mandate_story(store: &Store) -> Result<bool, AppError> {
    let slug = demo_file()?.assembly.slug;
    let assembly: Option<AssemblyId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM assemblies WHERE slug = $1").bind(&slug).fetch_optional(pool).await)?;
    let Some(assembly) = assembly else {
        return Ok(false);
    };
    let demands: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM demands WHERE assembly_id = $1").bind(assembly).fetch_one(pool).await)?;
    let chair: Option<AccountId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM accounts WHERE username = 'demo-presidencia'").fetch_optional(pool).await)?;
    let resolution: Option<ResolutionId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM resolutions WHERE assembly_id = $1 AND number = 1").bind(assembly).fetch_optional(pool).await)?;
    let (Some(chair), Some(resolution)) = (chair, resolution) else {
        return Ok(false);
    };
    if demands > 0 {
        return Ok(false);
    }
    let chair = as_actor(store, chair).await?;

    // Twelve base organizations (the largest delegations) and their secretaries.
    let orgs: Vec<(OrganizationId, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT o.id, o.short_name FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
         WHERE s.assembly_id = $1 AND s.seats > 0 ORDER BY s.seats DESC, o.id LIMIT 12")
        .bind(assembly).fetch_all(pool).await)?;
    let mut secretaries = Vec::new();
    for (id, short) in &orgs {
        let username = format!("demo-mandato-{}", short.to_lowercase().replace(' ', "-"));
        let name = format!("Secretaría {short} (demo)");
        secretaries.push(new_account(store, username, name, Role::Secretary, Some(*id)).await?);
    }

    // Demands from six organizations; the two on the Gulf are merged.
    let mut ids = Vec::new();
    for (i, (body, category)) in DEMANDS.iter().enumerate() {
        let input = NewDemand {
            assembly_id: assembly,
            organization_id: orgs[i % orgs.len()].0,
            body: (*body).into(),
            category: (*category).into(),
            support: 400 + 150 * i as i64,
        };
        ids.push(submit_demand(store, &secretaries[i % orgs.len()], input).await?);
    }
    let merge = MergeDemands {
        assembly_id: assembly,
        demand_ids: vec![ids[0], ids[5]],
        body: "Nacionalización de la Gulf Oil y reversión de sus concesiones, sin indemnización"
            .into(),
        category: "hidrocarburos".into(),
    };
    let gulf = merge_demands(store, &chair, merge).await?;
    let current: [DemandId; 5] = [gulf, ids[1], ids[2], ids[3], ids[4]];
    let rule = MandateRule {
        assembly_id: assembly,
        method: RankingMethod::Schulze,
        weighting: RankingWeight::Seats,
    };
    set_mandate_rule(store, &chair, rule).await?;
    // Twelve rankings: each organization puts its own concern first, the rest in turns.
    for (i, ((org, _), secretary)) in orgs.iter().zip(&secretaries).enumerate() {
        let ranks: Vec<Vec<DemandId>> = (0..current.len())
            .map(|k| vec![current[(i * 2 + k * (1 + i % 2)) % current.len()]])
            .fold(Vec::new(), |mut acc, r| {
                if !acc.contains(&r) {
                    acc.push(r);
                }
                acc
            });
        let input = RankDemands {
            assembly_id: assembly,
            organization_id: *org,
            ranks,
        };
        rank_demands(store, secretary, input).await?;
    }

    // A second session adopts the platform by vote and the secretariat records it.
    let session = NewSession {
        assembly_id: assembly,
        title: "Segunda sesión ordinaria (demo)".into(),
        planned_at: Some("1971-06-23 10:00".into()),
        speaking_seconds: Some(300),
        first_time_first: Some(true),
        quota_kind: None,
        quota: None,
        min_supporters: None,
    };
    let sid = create_session(store, &chair, session).await?;
    let item = NewItem {
        title: "Plataforma de demandas".into(),
        description: Some("El orden de las demandas de las organizaciones de base.".into()),
        planned_start: Some("10:00".into()),
        planned_minutes: Some(60),
        links: None,
    };
    let item = add_agenda_item(store, &chair, sid, item).await?;
    open_session(store, &chair, sid, None).await?;
    open_item(store, &chair, item, None).await?;
    let draft = ranking(store, assembly).await?.draft_text();
    let motion = NewMotion {
        item_id: item,
        parent_id: None,
        parent_version: None,
        title: Some("Plataforma de demandas".into()),
        body: draft,
        op: None,
        paragraph: None,
        by_delegation: false,
    };
    let mid = propose_motion(store, &chair, motion).await?;
    let vote = NewVote {
        session_id: sid,
        item_id: Some(item),
        subject: VoteSubject::Motion,
        motion_id: Some(mid),
        question: None,
        method: None,
        options: Vec::new(),
        secret: false,
        majority: None,
        quorum: None,
        forward: false,
    };
    let vid = open_vote(store, &chair, vote).await?;
    let present: Vec<AccountId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT d.account_id FROM delegates d JOIN attendance a ON a.delegate_id = d.id AND a.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.status = 'accredited' AND d.account_id IS NOT NULL ORDER BY d.id")
        .bind(assembly).fetch_all(pool).await)?;
    let writer = BallotWriter::start(store.clone());
    for (i, who) in present.iter().enumerate() {
        let input = CastInput {
            choice: if i == 1 { "abstain" } else { "yes" }.into(),
            delegate_id: None,
            version: None,
            cast_key: None,
            ballot_json: None,
        };
        // A delegate who may not vote (no voting seat) is skipped.
        let _ = writer.cast(as_actor(store, *who).await?, vid, input).await;
    }
    close_vote(store, &chair, vid, None).await?;
    let adopted: Option<ResolutionId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM resolutions WHERE motion_id = $1").bind(mid).fetch_optional(pool).await)?;
    if let Some(r) = adopted {
        adopt_platform(store, &chair, AdoptPlatform { resolution_id: r }).await?;
    }

    // Resolution No. 1 creates the Political Command; it arms and fires the general strike.
    let lechin = new_account(
        store,
        "demo-comando-1".into(),
        "Comando Político: minero (demo)".into(),
        Role::Delegate,
        None,
    )
    .await?;
    let fabril = new_account(
        store,
        "demo-comando-2".into(),
        "Comando Político: fabril (demo)".into(),
        Role::Delegate,
        None,
    )
    .await?;
    let members: Vec<AccountId> = [&chair, &lechin, &fabril]
        .iter()
        .filter_map(|a| a.account().map(|a| a.id))
        .collect();
    let command = NewCommand {
        assembly_id: assembly,
        resolution_id: resolution,
        name: "Comando Político de la Asamblea Popular".into(),
        member_ids: members,
        threshold: 2,
        window_minutes: 60,
        kinds: vec![CallKind::Strike, CallKind::Occupation],
    };
    let command = create_command(store, &chair, command).await?;
    let call = NewCall {
        assembly_id: assembly,
        command_id: Some(command),
        resolution_id: Some(resolution),
        kind: CallKind::Strike,
        scope_kind: ScopeKind::Everyone,
        scope_ids: Vec::new(),
        title: "Huelga general indefinida y ocupación de los centros de trabajo".into(),
        body: "Ante el golpe, la Asamblea Popular llama a la huelga general y a la ocupación de \
               minas, fábricas y centros de trabajo, conforme a su Resolución N.º 1."
            .into(),
        demand_ids: vec![gulf],
        starts_at: Some("al conocerse el golpe".into()),
        steps: vec![
            StepInput {
                hours: Some(24),
                starts_at: None,
                condition: None,
            },
            StepInput {
                hours: Some(48),
                starts_at: None,
                condition: Some("si el golpe no es derrotado en 24 horas".into()),
            },
            StepInput {
                hours: None,
                starts_at: None,
                condition: Some("hasta la derrota del golpe".into()),
            },
        ],
        prepared: true,
    };
    let call = issue_call(store, &chair, call).await?;
    arm_call(store, &chair, call).await?;
    for who in [&lechin, &fabril] {
        confirm_call(
            store,
            who,
            call,
            Confirm {
                purpose: ConfirmPurpose::Fire,
            },
        )
        .await?;
    }

    // The twelve organizations report their adherence.
    let statuses = [
        Adherence::Joined,
        Adherence::Joined,
        Adherence::Partly,
        Adherence::Joined,
        Adherence::Not,
        Adherence::Joined,
    ];
    for (i, ((org, _), secretary)) in orgs.iter().zip(&secretaries).enumerate() {
        let status = statuses[i % statuses.len()];
        let members = if status == Adherence::Not {
            0
        } else {
            500 + 250 * i as i64
        };
        let report = AdherenceReport {
            organization_id: *org,
            step: None,
            status,
            members,
            places: PLACES[i % PLACES.len()].into(),
        };
        report_adherence(store, secretary, call, report).await?;
    }
    Ok(true)
}
