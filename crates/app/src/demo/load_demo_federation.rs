//! The demo's federation chapter, told after the story (`load_demo_story`) by `serve --demo`: the
//! departmental People's Assemblies of Oruro and La Paz under the national one. Oruro adopts a
//! resolution and forwards it; the national presidium puts it on the agenda of a second session,
//! where an absent FSTPB titular's seat is held by the FSTPB's substitute, who votes; the national
//! assembly adopts it (Resolución N.º 2). La Paz allows proxies: a delegate gives one, the holder's
//! ballot carries it, and La Paz forwards its resolution, which waits in the national inbox.
//! People and texts are illustrative. Every step is an existing action.
//!
//! Idempotence: skipped once the Oruro assembly exists, or when the story was not told (its
//! presidium and commission accounts are needed).

use asamblea_store::{Store, on_read};

use crate::actions::accounts::create_account::{NewAccount, create_account};
use crate::actions::delegates::accredit_delegate::accredit_delegate;
use crate::actions::delegates::assign_assembly_role::assign_assembly_role;
use crate::actions::delegates::cast_ballot::{CastBallot, cast_ballot};
use crate::actions::delegates::check_in::check_in;
use crate::actions::delegates::check_out::check_out;
use crate::actions::delegates::close_election::close_election;
use crate::actions::delegates::give_proxy::{GiveProxy, give_proxy};
use crate::actions::delegates::nominate_candidate::{Nomination, nominate_candidate};
use crate::actions::delegates::open_election::{NewElection, open_election};
use crate::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use crate::actions::delegates::start_voting::start_voting;
use crate::actions::delegates::take_seat::{TakeSeat, take_seat};
use crate::actions::federation::accept_forward::{AcceptForward, accept_forward};
use crate::actions::federation::forward_resolution::forward_resolution;
use crate::actions::federation::set_delegation::{SetDelegation, set_delegation};
use crate::actions::federation::set_federation::{FederationSettings, set_federation};
use crate::actions::registry::create_assembly::{NewAssembly, create_assembly};
use crate::actions::registry::create_organization::{OrganizationInput, create_organization};
use crate::actions::registry::create_sector::{NewSector, create_sector};
use crate::actions::registry::set_seat_plan::{FixedSeats, SeatPlanInput, set_seat_plan};
use crate::actions::sessions::add_agenda_item::{NewItem, add_agenda_item};
use crate::actions::sessions::cast_vote::CastInput;
use crate::actions::sessions::close_session::close_session;
use crate::actions::sessions::close_vote::close_vote;
use crate::actions::sessions::create_session::{NewSession, create_session};
use crate::actions::sessions::open_item::open_item;
use crate::actions::sessions::open_session::open_session;
use crate::actions::sessions::open_vote::{NewVote, open_vote};
use crate::actions::sessions::propose_motion::{NewMotion, propose_motion};
use crate::ballot_writer::BallotWriter;
use crate::domain::{
    AccountId, ApportionMethod, AssemblyId, AssemblyLevel, AssemblyRole, DelegateId,
    ElectionMethod, ItemId, MemberId, MotionId, OrganizationId, OrganizationKind, ProxyScope,
    ResolutionId, SeatKind, SessionId, Unchecked, VoteSubject, VoteWeight,
};
use crate::queries::accounts::account;
use crate::{Actor, AppError, Role};

const ORURO: &str = "asamblea-popular-oruro-1971";
const LA_PAZ: &str = "asamblea-popular-la-paz-1971";

const ORURO_MOTION: &str = "Las minas nacionalizadas no se devuelven: los sindicatos mineros \
    las defienden con el control obrero colectivo.\n\nLa Asamblea Popular de Oruro pide a la \
    Asamblea Popular nacional que lo haga suyo.";
const LA_PAZ_MOTION: &str = "La universidad se pone al servicio del pueblo: los estudiantes y \
    los trabajadores gobiernan juntos la Universidad Mayor de San Andrés.";

/// A departmental assembly of the demo: its presidium, its delegates (as actors) in the hall.
struct Departmental {
    id: AssemblyId,
    chair: Actor,
    delegates: Vec<(DelegateId, Actor)>,
}

async fn as_actor(store: &Store, id: AccountId) -> Result<Actor, AppError> {
    Ok(Actor::Account(
        account(store, id).await?.ok_or(AppError::NotFound)?,
    ))
}

async fn account_id(store: &Store, username: &str) -> Result<Option<AccountId>, AppError> {
    Ok(on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM accounts WHERE username = $1").bind(username).fetch_optional(pool).await)?)
}

/// Tells the chapter; `false` when told already or when the story was not told.
pub async fn load_demo_federation(store: &Store) -> Result<bool, AppError> {
    let national_slug = super::load_demo::demo_file()?.assembly.slug;
    let national: Option<AssemblyId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM assemblies WHERE slug = $1").bind(&national_slug).fetch_optional(pool).await)?;
    let exists: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM assemblies WHERE slug = $1").bind(ORURO).fetch_one(pool).await)?;
    let (Some(national), Some(chair), Some(commission)) = (
        national,
        account_id(store, "demo-presidencia").await?,
        account_id(store, "demo-poderes").await?,
    ) else {
        return Ok(false);
    };
    if exists > 0 {
        return Ok(false);
    }
    let chair = as_actor(store, chair).await?;
    let commission = as_actor(store, commission).await?;
    let ballots = BallotWriter::start(store.clone());

    // Oruro: a resolution, forwarded up.
    let oruro = departmental(
        store,
        &commission,
        &national_slug,
        ORURO,
        "Oruro",
        "oruro",
        &["Minero", "Fabril", "Maestra"],
    )
    .await?;
    let (sid, item) = sitting(
        store,
        &oruro.chair,
        oruro.id,
        "Sesión de la Asamblea Popular de Oruro (demo)",
    )
    .await?;
    let motion = propose(
        store,
        &oruro.chair,
        item,
        "Defensa de las minas nacionalizadas",
        ORURO_MOTION,
    )
    .await?;
    vote_yes(store, &ballots, &oruro.chair, sid, motion, &oruro.delegates).await?;
    close_session(store, &oruro.chair, sid, None, true).await?;
    let oruro_forward = forward_resolution(
        store,
        &oruro.chair,
        first_resolution(store, oruro.id).await?,
    )
    .await?;

    // La Paz: proxies allowed; one given; a resolution adopted and forwarded (left pending).
    let la_paz = departmental(
        store,
        &commission,
        &national_slug,
        LA_PAZ,
        "La Paz",
        "lapaz",
        &["Universitaria", "Fabril", "Constructor"],
    )
    .await?;
    let settings = FederationSettings {
        substitutes_at_check_in: false,
        proxies: ProxyScope::Any,
        proxy_cap: 1,
        vote_weight: VoteWeight::Delegate,
    };
    set_federation(store, &Actor::System, la_paz.id, settings).await?;
    let (giver, holder) = (&la_paz.delegates[2], &la_paz.delegates[0]);
    give_proxy(
        store,
        &giver.1,
        la_paz.id,
        GiveProxy {
            holder_id: holder.0,
        },
    )
    .await?;
    let (sid, item) = sitting(
        store,
        &la_paz.chair,
        la_paz.id,
        "Sesión de la Asamblea Popular de La Paz (demo)",
    )
    .await?;
    let motion = propose(
        store,
        &la_paz.chair,
        item,
        "La universidad al servicio del pueblo",
        LA_PAZ_MOTION,
    )
    .await?;
    vote_yes(
        store,
        &ballots,
        &la_paz.chair,
        sid,
        motion,
        &la_paz.delegates[..2],
    )
    .await?;
    close_session(store, &la_paz.chair, sid, None, true).await?;
    forward_resolution(
        store,
        &la_paz.chair,
        first_resolution(store, la_paz.id).await?,
    )
    .await?;

    // National: a second session. An FSTPB titular leaves the hall; the commission seats the
    // FSTPB's substitute; the Oruro forward goes on the agenda and is adopted.
    let fstpb: Option<OrganizationId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM organizations WHERE short_name = 'FSTPB'").fetch_optional(pool).await)?;
    let fstpb = fstpb.ok_or(AppError::NotFound)?;
    let leaving: Option<DelegateId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT d.id FROM delegates d JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.organization_id = $2 AND d.position = 'titular' ORDER BY d.id LIMIT 1")
        .bind(national).bind(fstpb).fetch_optional(pool).await)?;
    let substitute: Option<DelegateId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM delegates WHERE assembly_id = $1 AND organization_id = $2 AND position = 'substitute' \
         AND status = 'accredited' ORDER BY substitute_rank, id LIMIT 1")
        .bind(national).bind(fstpb).fetch_optional(pool).await)?;
    let (Some(leaving), Some(substitute)) = (leaving, substitute) else {
        return Err(AppError::Internal(
            "demo: the FSTPB has no titular present or no substitute".into(),
        ));
    };
    let (sid, item) = sitting(store, &chair, national, "Tercera sesión ordinaria (demo)").await?;
    let motion = accept_forward(
        store,
        &chair,
        oruro_forward,
        AcceptForward {
            item_id: item,
            version: None,
        },
    )
    .await?;
    check_out(store, &commission, national, leaving).await?;
    check_in(store, &commission, national, substitute).await?;
    take_seat(
        store,
        &commission,
        TakeSeat {
            session_id: sid,
            titular_id: leaving,
        },
    )
    .await?;
    let voters: Vec<(DelegateId, AccountId)> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, d.account_id FROM delegates d JOIN attendance t ON t.delegate_id = d.id AND t.assembly_id = d.assembly_id \
         WHERE d.assembly_id = $1 AND d.status = 'accredited' AND d.seat_kind = 'voting' AND d.account_id IS NOT NULL ORDER BY d.id")
        .bind(national).fetch_all(pool).await)?;
    let mut national_voters = Vec::new();
    for (id, acc) in voters {
        national_voters.push((id, as_actor(store, acc).await?));
    }
    vote_yes(store, &ballots, &chair, sid, motion, &national_voters).await?;
    close_session(store, &chair, sid, None, true).await?;

    // Oruro and La Paz elect their delegations to the national assembly.
    elect_delegations(
        store,
        &commission,
        &national_slug,
        national,
        &[(ORURO, "Oruro", "ORURO"), (LA_PAZ, "La Paz", "LAPAZ")],
    )
    .await?;
    Ok(true)
}

/// Each departmental assembly gets its delegation (an organization of the national plan, in a
/// sector of its own with one seat each, the other sectors keeping their seats); its seated
/// delegates elect one titular and one substitute with their voting codes; the national
/// credentials commission accredits the elected.
async fn elect_delegations(
    store: &Store,
    commission: &Actor,
    national_slug: &str,
    national: AssemblyId,
    departments: &[(&str, &str, &str)],
) -> Result<(), AppError> {
    create_sector(
        store,
        &Actor::System,
        NewSector {
            key: "asambleas-departamentales".into(),
            name: "Asambleas departamentales".into(),
            colour: "#7a4b9c".into(),
        },
    )
    .await?;
    let mut orgs = Vec::new();
    for (slug, department, short) in departments {
        let org = create_organization(
            store,
            &Actor::System,
            OrganizationInput {
                name: format!("Delegación de la Asamblea Popular de {department} (demo)"),
                short_name: format!("AP-{short}"),
                kind: OrganizationKind::Other,
                sector: "asambleas-departamentales".into(),
                department: None,
                parent_id: None,
                membership: 0,
                term_from: None,
                term_to: None,
            },
        )
        .await?;
        set_delegation(
            store,
            &Actor::System,
            org,
            SetDelegation {
                assembly: (*slug).into(),
            },
        )
        .await?;
        orgs.push(org);
    }
    // The plan: every sector keeps its seats (shares equal to them), one more seat per
    // delegation.
    let (total, method, attached, fraternal, min, version): (
        i64,
        ApportionMethod,
        i64,
        i64,
        i64,
        i64,
    ) = on_read!(store, pool => sqlx::query_as(
        "SELECT total_seats, method, attached_seats, fraternal_seats, min_seats_per_org, version FROM seat_plans WHERE assembly_id = $1")
        .bind(national).fetch_one(pool).await)?;
    let sectors: Vec<(String, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT s.key, p.seats FROM seat_plan_sectors p JOIN sectors s ON s.id = p.sector_id WHERE p.assembly_id = $1")
        .bind(national).fetch_all(pool).await)?;
    let fixed: Vec<(OrganizationId, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT organization_id, seats FROM seat_plan_fixed WHERE assembly_id = $1 ORDER BY organization_id")
        .bind(national).fetch_all(pool).await)?;
    let added = orgs.len() as i64;
    let mut shares: std::collections::BTreeMap<String, i64> =
        sectors.into_iter().filter(|(_, n)| *n > 0).collect();
    shares.insert("asambleas-departamentales".into(), added);
    let fixed = fixed
        .into_iter()
        .chain(orgs.iter().map(|o| (*o, 1)))
        .map(|(organization_id, seats)| FixedSeats {
            organization_id,
            seats,
        })
        .collect();
    set_seat_plan(
        store,
        &Actor::System,
        national_slug,
        SeatPlanInput {
            expected_version: version,
            voting_seats: total + added,
            attached_seats: attached,
            fraternal_seats: fraternal,
            min_seats_per_organization: min,
            method,
            shares,
            fixed,
        },
    )
    .await?;
    for ((_, department, short), org) in departments.iter().zip(orgs) {
        let secretary = create_account(
            store,
            &Actor::System,
            NewAccount {
                username: format!("demo-delegacion-{}", short.to_lowercase()),
                display_name: format!("Secretaría de la delegación de {department} (demo)"),
                role: Role::Secretary,
                organization_id: Some(org),
            },
        )
        .await?
        .id;
        let secretary = as_actor(store, secretary).await?;
        let election = open_election(
            store,
            &secretary,
            NewElection {
                assembly_id: national,
                organization_id: org,
                method: Unchecked::from(ElectionMethod::Plurality),
                substitutes: 1,
            },
        )
        .await?;
        let members: Vec<MemberId> = on_read!(store, pool => sqlx::query_scalar(
            "SELECT id FROM members WHERE organization_id = $1 ORDER BY id").bind(org).fetch_all(pool).await)?;
        let mut candidates = Vec::new();
        for m in members.iter().take(2) {
            candidates.push(
                nominate_candidate(store, &secretary, election, Nomination { member_id: *m })
                    .await?,
            );
        }
        let codes = start_voting(store, &secretary, election, true).await?;
        // Two for the first candidate, one for the second.
        for (i, code) in codes.iter().enumerate() {
            let first = candidates[usize::from(i == 2)];
            cast_ballot(
                store,
                CastBallot {
                    code: code.code.clone(),
                    choices: vec![first.to_string()],
                    cast_key: None,
                    ballot_json: None,
                },
                "demo",
            )
            .await?;
        }
        let closed = close_election(store, &secretary, election).await?;
        for d in closed.delegates {
            accredit_delegate(
                store,
                commission,
                d,
                "Acta de la elección en la asamblea departamental en orden",
            )
            .await?;
        }
    }
    Ok(())
}

/// A departmental assembly under the national one, with its presidium (a new demo account), the
/// demo commission as its credentials commission, and three delegates accredited and checked in.
async fn departmental(
    store: &Store,
    commission: &Actor,
    parent: &str,
    slug: &str,
    department: &str,
    user: &str,
    sectors: &[&str],
) -> Result<Departmental, AppError> {
    let id = create_assembly(
        store,
        &Actor::System,
        NewAssembly {
            slug: slug.into(),
            name: format!("Asamblea Popular de {department} (demo)"),
            level: AssemblyLevel::Departmental,
            department: Some(department.into()),
            parent: Some(parent.into()),
            time_zone: None,
        },
    )
    .await?;
    let chair = create_account(
        store,
        &Actor::System,
        NewAccount {
            username: format!("demo-presidencia-{user}"),
            display_name: format!("Presidencia de {department} (demo)"),
            role: Role::Delegate,
            organization_id: None,
        },
    )
    .await?
    .id;
    assign_assembly_role(
        store,
        &Actor::System,
        id,
        chair,
        AssemblyRole::Presidium.into(),
        true,
    )
    .await?;
    let commission_id = commission
        .account()
        .map(|a| a.id)
        .ok_or(AppError::NotFound)?;
    assign_assembly_role(
        store,
        &Actor::System,
        id,
        commission_id,
        AssemblyRole::Credentials.into(),
        true,
    )
    .await?;
    let orgs: Vec<OrganizationId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM organizations ORDER BY id LIMIT 3").fetch_all(pool).await)?;
    let mut delegates = Vec::new();
    for (i, (who, org)) in sectors.iter().zip(orgs).enumerate() {
        let name = format!("Delegada {who} de {department} (demo)");
        let acc = create_account(
            store,
            &Actor::System,
            NewAccount {
                username: format!("demo-{user}-{}", i + 1),
                display_name: name.clone(),
                role: Role::Delegate,
                organization_id: None,
            },
        )
        .await?
        .id;
        let d = register_delegate(
            store,
            &Actor::System,
            NewDelegate {
                assembly_id: id,
                organization_id: org,
                name,
                member_id: None,
                account_id: Some(acc),
                seat_kind: SeatKind::Voting,
                substitute_rank: None,
                election_id: None,
            },
        )
        .await?;
        accredit_delegate(
            store,
            commission,
            d,
            "Acta de la asamblea departamental en orden",
        )
        .await?;
        check_in(store, commission, id, d).await?;
        delegates.push((d, as_actor(store, acc).await?));
    }
    Ok(Departmental {
        id,
        chair: as_actor(store, chair).await?,
        delegates,
    })
}

/// A session planned, opened, with one open item: (session, item).
async fn sitting(
    store: &Store,
    chair: &Actor,
    assembly: AssemblyId,
    title: &str,
) -> Result<(SessionId, ItemId), AppError> {
    let sid = create_session(
        store,
        chair,
        NewSession {
            assembly_id: assembly,
            title: title.into(),
            planned_at: Some("1971-07-10 10:00".into()),
            speaking_seconds: None,
            first_time_first: None,
            quota_kind: None,
            quota: None,
            min_supporters: None,
        },
    )
    .await?;
    let item = add_agenda_item(
        store,
        chair,
        sid,
        NewItem {
            title: "Resoluciones".into(),
            description: None,
            planned_start: None,
            planned_minutes: None,
            links: None,
        },
    )
    .await?;
    open_session(store, chair, sid, None).await?;
    open_item(store, chair, item, None).await?;
    Ok((sid, item))
}

async fn propose(
    store: &Store,
    chair: &Actor,
    item: ItemId,
    title: &str,
    body: &str,
) -> Result<MotionId, AppError> {
    propose_motion(
        store,
        chair,
        NewMotion {
            item_id: item,
            parent_id: None,
            parent_version: None,
            title: Some(title.into()),
            body: body.into(),
            op: None,
            paragraph: None,
            by_delegation: false,
        },
    )
    .await
}

/// A roll-call vote on `motion` where every voter votes yes; the chair closes it.
async fn vote_yes(
    store: &Store,
    ballots: &BallotWriter,
    chair: &Actor,
    sid: SessionId,
    motion: MotionId,
    voters: &[(DelegateId, Actor)],
) -> Result<(), AppError> {
    let vote = open_vote(
        store,
        chair,
        NewVote {
            session_id: sid,
            item_id: None,
            subject: VoteSubject::Motion,
            motion_id: Some(motion),
            question: None,
            method: None,
            options: Vec::new(),
            secret: false,
            majority: None,
            quorum: None,
            forward: false,
        },
    )
    .await?;
    for (_, v) in voters {
        let input = CastInput {
            choice: "yes".into(),
            delegate_id: None,
            version: None,
            cast_key: None,
            ballot_json: None,
        };
        ballots.cast(v.clone(), vote, input).await?;
    }
    close_vote(store, chair, vote, None).await?;
    Ok(())
}

async fn first_resolution(store: &Store, assembly: AssemblyId) -> Result<ResolutionId, AppError> {
    let id: Option<ResolutionId> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM resolutions WHERE assembly_id = $1 ORDER BY number LIMIT 1")
        .bind(assembly).fetch_optional(pool).await)?;
    id.ok_or(AppError::NotFound)
}
