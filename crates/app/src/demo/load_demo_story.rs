//! The demo story, told after the demo federation (`load_demo`) by `asamblea serve --demo`: an
//! election by the base in the oil workers' federation (FSTPB) with voting codes and secret
//! ballots, a paper count in the graphic workers' federation (FTGB), credentials accepted and one
//! rejected, check-in at the door, a recall by the governing body with the first substitute
//! seated, and a session of the assembly with its agenda, speakers, a motion with amendments,
//! open and secret votes, Resolución N.º 1 and its minutes. Names and texts are illustrative.
//!
//! Every step is a call to the same action the HTTP API calls, so every change is an act written
//! the normal way: ballots of the election go through `cast_ballot` with the one-time codes, the
//! assembly's votes through the server's ballot writer (`BallotWriter`). The story plays every part
//! (secretary, commission, presidium, delegates) as the accounts it creates; the codes and cards
//! the actions hand out are dropped, and no account has a password, so nobody can log in as a
//! demo person unless an administrator approves a card pickup for them.
//!
//! Idempotence: the story is many transactions, as its actions are. Its first act creates the
//! account `demo-sec-fstpb`; if that account, an election or a session already exists in the demo
//! assembly, the story is not told again (returns `false`). So a second start changes nothing,
//! and a start that stopped half-way leaves a partial story that the next start skips rather
//! than trips over.

use asamblea_store::{Store, on_read};

use super::load_demo::demo_file;
use crate::actions::accounts::create_account::{NewAccount, create_account};
use crate::actions::delegates::accredit_delegate::accredit_delegate;
use crate::actions::delegates::assign_assembly_role::assign_assembly_role;
use crate::actions::delegates::cast_ballot::{CastBallot, cast_ballot};
use crate::actions::delegates::check_in_by_badge::check_in_by_badge;
use crate::actions::delegates::close_election::close_election;
use crate::actions::delegates::enter_paper_count::{PaperCount, PaperLine, enter_paper_count};
use crate::actions::delegates::nominate_candidate::{Nomination, nominate_candidate};
use crate::actions::delegates::open_election::{NewElection, open_election};
use crate::actions::delegates::recall_delegate::recall_delegate;
use crate::actions::delegates::reject_delegate::reject_delegate;
use crate::actions::delegates::start_voting::start_voting;
use crate::actions::registry::add_member::{NewMember, add_member};
use crate::actions::registry::set_quorum_basis::{QuorumBasisInput, set_quorum_basis};
use crate::actions::sessions::add_agenda_item::{NewItem, add_agenda_item};
use crate::actions::sessions::call_next_speaker::call_next_speaker;
use crate::actions::sessions::cast_vote::CastInput;
use crate::actions::sessions::close_item::close_item;
use crate::actions::sessions::close_session::close_session;
use crate::actions::sessions::close_vote::close_vote;
use crate::actions::sessions::create_session::{NewSession, create_session};
use crate::actions::sessions::open_item::open_item;
use crate::actions::sessions::open_session::open_session;
use crate::actions::sessions::open_vote::{NewVote, open_vote};
use crate::actions::sessions::propose_motion::{NewMotion, propose_motion};
use crate::actions::sessions::recommend_motion::{Recommend, recommend_motion};
use crate::actions::sessions::request_to_speak::{SpeakInput, request_to_speak};
use crate::ballot_writer::BallotWriter;
use crate::domain::{
    AccountId, AmendmentOp, AssemblyId, AssemblyRole, DelegateId, ElectionMethod, ItemId, MemberId,
    MotionId, OrganizationId, QuorumBasis, Recommendation, SessionId, SpeakerKind, VoteId,
    VoteSubject,
};
use crate::queries::accounts::account;
use crate::{Actor, AppError, Role};

/// The story's first act creates this account: the marker that it has been told.
const MARKER: &str = "demo-sec-fstpb";

/// Members of the FSTPB (illustrative). The first nine stand; the last one does not vote.
const OIL_WORKERS: [&str; 13] = [
    "Ernesto Áñez Suárez",
    "Rosa Vaca Justiniano",
    "Julio Mendoza Rojas",
    "Carmen Cuéllar Ortiz",
    "Hugo Rivero Paz",
    "Marcelo Durán Saucedo",
    "Lidia Peña Montaño",
    "Félix Ribera Coímbra",
    "Gregorio Tapia Salvatierra",
    "Antonia Moreno Égüez",
    "Teodoro Aguilera Roca",
    "Norberto Zambrana Flores",
    "Elena Soliz Chávez",
];

/// The twelve ballots, as indices of the nine candidates in order of preference. Scottish STV
/// (quota 2) elects candidates 0 to 3 at the first stage, transfers candidate 0's surplus (two
/// thirds to 4, one third to 6), excludes 7, 6 (to 5) and 8 (to 5), and so elects 5 and then 4:
/// a count with a surplus and exclusions to show. With the six withdrawn, candidate 6 is
/// substitute 1 (7 of 12 ballots once 8 is excluded) and then candidate 7 substitute 2 (4 of 7).
const BALLOTS: [&[usize]; 12] = [
    &[0, 4, 6],
    &[0, 4, 7, 6],
    &[0, 6, 5],
    &[1, 6],
    &[1, 7, 6],
    &[2, 6, 8],
    &[2, 7],
    &[3, 6],
    &[3, 8, 7],
    &[4, 7],
    &[5, 6],
    &[8, 5, 6],
];

/// Members of the FTGB (illustrative), with the votes of the count made in their hall.
const GRAPHIC_WORKERS: [(&str, i64); 3] = [
    ("Mario Quispe Alanoca", 41),
    ("Raúl Gutiérrez Bustillos", 33),
    ("Nelly Torrez Vargas", 19),
];

const REJECTED_BECAUSE: &str = "Ocupa un cargo de confianza en la gerencia de la empresa \
    editora; el estatuto exige que el delegado sea trabajador de base.";
const RECALL_REFERENCE: &str =
    "Resolución del directorio de la FSTPB N.º 9/71 (ilustrativa): no informó a sus bases";

const MOTION: &str = "Ante cualquier intento de golpe de Estado, la Asamblea Popular convoca a \
    la huelga general indefinida.\n\nLos sindicatos ocupan sus centros de trabajo y los ponen \
    bajo control obrero.\n\nLa Asamblea Popular se declara en sesión permanente mientras dure la \
    amenaza.";
const AMENDMENT_ADOPTED: &str = "Los sindicatos ocupan las minas, las fábricas y los campos \
    petroleros; las federaciones campesinas y universitarias forman comités de defensa junto a \
    ellos.";
const AMENDMENT_REJECTED: &str = "Cada sindicato nombra desde hoy un comité de huelga y lo \
    comunica a la Asamblea en el plazo de ocho días.";

/// The demo accounts that play the story's offices.
struct People {
    oil_secretary: Actor,
    graphics_secretary: Actor,
    commission: Actor,
    chair: Actor,
}

/// An accredited delegate: their account as an actor, and the badge number of their card.
struct Accredited {
    id: DelegateId,
    actor: Actor,
    badge: String,
}

/// Tells the story into the demo assembly; returns `false` when it was told already (or the
/// assembly has elections or sessions of its own). Call it after `load_demo`.
pub async fn load_demo_story(store: &Store) -> Result<bool, AppError> {
    let slug = demo_file()?.assembly.slug;
    let assembly: Option<i64> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT id FROM assemblies WHERE slug = $1").bind(&slug).fetch_optional(pool).await)?;
    let assembly = assembly.ok_or_else(|| AppError::Internal("load the demo first".into()))?;
    let told: i64 = on_read!(store, pool => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM accounts WHERE username = $1) \
         + (SELECT COUNT(*) FROM elections WHERE assembly_id = $2) \
         + (SELECT COUNT(*) FROM assembly_sessions WHERE assembly_id = $2)")
        .bind(MARKER).bind(assembly).fetch_one(pool).await)?;
    if told > 0 {
        return Ok(false);
    }
    // The story is written for the demo plan: 6 seats for the FSTPB, 2 for the FTGB.
    let oil = organization(store, assembly, "FSTPB", 6).await?;
    let graphics = organization(store, assembly, "FTGB", 2).await?;
    let people = demo_people(store, assembly, oil, graphics).await?;
    let oil_delegates = election_with_codes(store, &people, assembly, oil).await?;
    let graphics_delegates = paper_count(store, &people, assembly, graphics).await?;
    let (oil_accredited, graphics_accredited) =
        credentials(store, &people, &oil_delegates, &graphics_delegates).await?;
    let present = check_in_and_recall(
        store,
        &people,
        assembly,
        oil_accredited,
        graphics_accredited,
    )
    .await?;
    // The story seats eight of the assembly's delegates, not its whole plan: its votes count
    // quorum over the accredited delegates, and say so (an act on the record, and every result).
    let slug = demo_file()?.assembly.slug;
    let basis = QuorumBasisInput {
        quorum_basis: QuorumBasis::Accredited.into(),
    };
    set_quorum_basis(store, &Actor::System, &slug, basis).await?;
    session(store, &people, assembly, &present).await?;
    Ok(true)
}

/// The id of the demo organization `short`, which must have `seats` seats in the assembly.
async fn organization(
    store: &Store,
    assembly: i64,
    short: &str,
    seats: i64,
) -> Result<i64, AppError> {
    let id: Option<i64> = on_read!(store, pool => sqlx::query_scalar(
        "SELECT o.id FROM organizations o JOIN seat_allocations s ON s.organization_id = o.id \
         WHERE s.assembly_id = $1 AND o.short_name = $2 AND s.seats = $3")
        .bind(assembly).bind(short).bind(seats).fetch_optional(pool).await)?;
    id.ok_or_else(|| AppError::Internal(format!("demo: {short} should have {seats} seats")))
}

/// An account as the actor it is once logged in.
async fn as_actor(store: &Store, id: i64) -> Result<Actor, AppError> {
    Ok(Actor::Account(
        account(store, AccountId(id))
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

fn id_of(actor: &Actor) -> i64 {
    actor.account().map_or(0, |a| a.id.get())
}

/// Chapter 1: the demo accounts (the FSTPB's secretary first: the marker), and the assembly's
/// credentials commission and presidium.
async fn demo_people(
    store: &Store,
    assembly: i64,
    oil: i64,
    graphics: i64,
) -> Result<People, AppError> {
    let mut actors = Vec::new();
    for (username, name, role, org) in [
        (
            MARKER,
            "Secretaría General FSTPB (demo)",
            Role::Secretary,
            Some(oil),
        ),
        (
            "demo-sec-ftgb",
            "Secretaría General FTGB (demo)",
            Role::Secretary,
            Some(graphics),
        ),
        (
            "demo-poderes",
            "Comisión de Poderes (demo)",
            Role::Delegate,
            None,
        ),
        (
            "demo-presidencia",
            "Presidencia de la Asamblea (demo)",
            Role::Delegate,
            None,
        ),
    ] {
        let input = NewAccount {
            username: username.into(),
            display_name: name.into(),
            role,
            organization_id: org.map(OrganizationId),
        };
        let created = create_account(store, &Actor::System, input).await?;
        actors.push(as_actor(store, created.id.get()).await?);
    }
    let [oil_secretary, graphics_secretary, commission, chair] =
        <[Actor; 4]>::try_from(actors).map_err(|_| AppError::Internal("demo people".into()))?;
    for (who, office) in [
        (&commission, AssemblyRole::Credentials),
        (&chair, AssemblyRole::Presidium),
    ] {
        let (assembly, who) = (AssemblyId(assembly), AccountId(id_of(who)));
        assign_assembly_role(store, &Actor::System, assembly, who, office.into(), true).await?;
    }
    Ok(People {
        oil_secretary,
        graphics_secretary,
        commission,
        chair,
    })
}

/// Adds members to an organization (as its secretary); their ids in order.
async fn members(
    store: &Store,
    secretary: &Actor,
    org: i64,
    prefix: &str,
    names: &[&str],
) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let member = NewMember {
            member_number: format!("{prefix}-{:03}", i + 1),
            name: (*name).into(),
            ..NewMember::default()
        };
        ids.push(
            add_member(store, secretary, OrganizationId(org), member)
                .await?
                .get(),
        );
    }
    Ok(ids)
}

/// Chapter 2: the FSTPB elects its delegates and two substitutes by Scottish STV; members vote
/// with their one-time codes. Returns the delegates: titular first, then substitutes in order.
async fn election_with_codes(
    store: &Store,
    people: &People,
    assembly: i64,
    oil: i64,
) -> Result<Vec<DelegateId>, AppError> {
    let secretary = &people.oil_secretary;
    let members = members(store, secretary, oil, "FSTPB", &OIL_WORKERS).await?;
    let election = NewElection {
        assembly_id: AssemblyId(assembly),
        organization_id: OrganizationId(oil),
        method: ElectionMethod::ScottishStv.into(),
        substitutes: 2,
    };
    let eid = open_election(store, secretary, election).await?;
    let mut candidates = Vec::new();
    for &m in &members[..9] {
        let nomination = Nomination {
            member_id: MemberId(m),
        };
        candidates.push(nominate_candidate(store, secretary, eid, nomination).await?);
    }
    let codes = start_voting(store, secretary, eid, true).await?;
    for (code, ballot) in codes.iter().zip(BALLOTS) {
        let choices = ballot.iter().map(|&i| candidates[i].to_string()).collect();
        let input = CastBallot {
            code: code.code.clone(),
            choices,
            cast_key: None,
            ballot_json: None,
        };
        cast_ballot(store, input, "demo").await?;
    }
    Ok(close_election(store, secretary, eid).await?.delegates)
}

/// Chapter 3: the FTGB counted its vote on paper in its hall; its secretary enters the result.
async fn paper_count(
    store: &Store,
    people: &People,
    assembly: i64,
    graphics: i64,
) -> Result<Vec<DelegateId>, AppError> {
    let secretary = &people.graphics_secretary;
    let names: Vec<&str> = GRAPHIC_WORKERS.iter().map(|(n, _)| *n).collect();
    let members = members(store, secretary, graphics, "FTGB", &names).await?;
    let election = NewElection {
        assembly_id: AssemblyId(assembly),
        organization_id: OrganizationId(graphics),
        method: ElectionMethod::Plurality.into(),
        substitutes: 1,
    };
    let eid = open_election(store, secretary, election).await?;
    let mut lines = Vec::new();
    for (&m, (_, votes)) in members.iter().zip(GRAPHIC_WORKERS) {
        let nomination = Nomination {
            member_id: MemberId(m),
        };
        let candidate_id = nominate_candidate(store, secretary, eid, nomination).await?;
        lines.push(PaperLine {
            candidate_id,
            votes,
        });
    }
    enter_paper_count(store, secretary, eid, PaperCount { lines }).await
}

/// Chapter 4: the credentials commission accepts the FSTPB's delegates and substitutes and the
/// FTGB's first delegate, and rejects the FTGB's second. Returns the accredited FSTPB delegates
/// (titular, then substitutes 1 and 2) and the FTGB's.
async fn credentials(
    store: &Store,
    people: &People,
    oil: &[DelegateId],
    graphics: &[DelegateId],
) -> Result<(Vec<Accredited>, Accredited), AppError> {
    let mut accredited = Vec::new();
    for &id in oil.iter().chain(&graphics[..1]) {
        let a =
            accredit_delegate(store, &people.commission, id, "Acta de elección en orden").await?;
        accredited.push(Accredited {
            id,
            actor: as_actor(store, a.account_id.get()).await?,
            badge: a.badge,
        });
    }
    reject_delegate(store, &people.commission, graphics[1], REJECTED_BECAUSE).await?;
    let graphics_delegate = accredited.pop().ok_or(AppError::NotFound)?;
    Ok((accredited, graphics_delegate))
}

/// Chapter 5: at the door the commission checks in the FSTPB's delegates but the sixth, and the
/// FTGB's; the FSTPB's governing body recalls its third delegate, substitute 1 takes the seat
/// and is checked in. Returns the six present voters.
async fn check_in_and_recall(
    store: &Store,
    people: &People,
    assembly: i64,
    oil: Vec<Accredited>,
    graphics: Accredited,
) -> Result<Vec<Accredited>, AppError> {
    // oil: titular 0..=5, substitute 1 (6), substitute 2 (7).
    let door = &people.commission;
    for a in oil[..5].iter().chain([&graphics]) {
        check_in_by_badge(store, door, AssemblyId(assembly), &a.badge).await?;
    }
    let seated = recall_delegate(store, &people.oil_secretary, oil[2].id, RECALL_REFERENCE).await?;
    if seated != Some(oil[6].id) {
        return Err(AppError::Internal(
            "demo: substitute 1 was not seated".into(),
        ));
    }
    check_in_by_badge(store, door, AssemblyId(assembly), &oil[6].badge).await?;
    let mut present: Vec<Accredited> = oil
        .into_iter()
        .enumerate()
        .filter(|(i, _)| [0, 1, 3, 4, 6].contains(i))
        .map(|(_, a)| a)
        .collect();
    present.push(graphics);
    Ok(present)
}

/// The session's chair and its ballot writer (the one `BallotWriter` the server would have).
struct Presiding<'a> {
    store: &'a Store,
    actor: &'a Actor,
    ballots: BallotWriter,
}

/// Casts one ballot per delegate (`choices[i]` for `voters[i]`) through the ballot writer and
/// closes the vote.
async fn vote(
    presiding: &Presiding<'_>,
    vote_id: VoteId,
    voters: &[Accredited],
    choices: &[&str],
) -> Result<(), AppError> {
    for (v, choice) in voters.iter().zip(choices) {
        let input = CastInput {
            choice: (*choice).into(),
            delegate_id: None,
            version: None,
            cast_key: None,
            ballot_json: None,
        };
        presiding
            .ballots
            .cast(v.actor.clone(), vote_id, input)
            .await?;
    }
    close_vote(presiding.store, presiding.actor, vote_id, None).await?;
    Ok(())
}

/// Puts delegates on an item's speakers' list (each asks for the floor) and gives each the floor.
async fn speakers(
    store: &Store,
    chair: &Actor,
    item_id: ItemId,
    who: &[(&Accredited, SpeakerKind)],
) -> Result<(), AppError> {
    for (d, kind) in who {
        let input = SpeakInput {
            kind: *kind,
            delegate_id: None,
            badge: None,
        };
        request_to_speak(store, &d.actor, item_id, input).await?;
    }
    for _ in who {
        call_next_speaker(store, chair, item_id, None).await?;
    }
    Ok(())
}

fn motion_vote(session_id: SessionId, motion_id: MotionId, secret: bool) -> NewVote {
    NewVote {
        session_id,
        item_id: None,
        subject: VoteSubject::Motion,
        motion_id: Some(motion_id),
        question: None,
        method: None,
        options: Vec::new(),
        secret,
        majority: None,
        quorum: None,
        forward: false,
    }
}

fn amendment(
    item_id: ItemId,
    parent: MotionId,
    title: &str,
    op: AmendmentOp,
    n: i64,
    body: &str,
) -> NewMotion {
    NewMotion {
        item_id,
        parent_id: Some(parent),
        parent_version: None,
        title: Some(title.into()),
        body: body.into(),
        op: Some(op),
        paragraph: Some(n),
        by_delegation: false,
    }
}

/// Chapter 6: the first session. The commission's report is approved by an open vote; the
/// political thesis is debated; the general-strike motion gets two amendments (one adopted by
/// secret ballot, one rejected by roll-call) and is adopted by roll-call: Resolución N.º 1.
/// The session closes, so its minutes cite the closing act.
async fn session(
    store: &Store,
    people: &People,
    assembly: i64,
    d: &[Accredited],
) -> Result<(), AppError> {
    let chair = &people.chair;
    let presiding = Presiding {
        store,
        actor: chair,
        ballots: BallotWriter::start(store.clone()),
    };
    let input = NewSession {
        assembly_id: AssemblyId(assembly),
        title: "Primera sesión ordinaria (demo)".into(),
        planned_at: Some("1971-06-22 10:00".into()),
        speaking_seconds: Some(300),
        first_time_first: Some(true),
        quota_kind: None,
        quota: None,
        min_supporters: None,
    };
    let sid = create_session(store, chair, input).await?;
    let mut items = Vec::new();
    for (title, description, start, minutes) in [
        (
            "Informe de la comisión de poderes",
            "Credenciales aceptadas y rechazadas.",
            "10:00",
            30,
        ),
        (
            "Tesis política",
            "Presentación de las tesis; el debate sigue en la próxima sesión.",
            "10:30",
            90,
        ),
        (
            "Huelga general en caso de golpe",
            "Moción de la FSTPB.",
            "12:00",
            60,
        ),
    ] {
        let item = NewItem {
            title: title.into(),
            description: Some(description.into()),
            planned_start: Some(start.into()),
            planned_minutes: Some(minutes),
            links: None,
        };
        items.push(add_agenda_item(store, chair, sid, item).await?);
    }
    open_session(store, chair, sid, None).await?;

    // 1. The credentials report, approved by an open (roll-call) vote.
    open_item(store, chair, items[0], None).await?;
    speakers(store, chair, items[0], &[(&d[5], SpeakerKind::For)]).await?;
    let report = NewVote {
        session_id: sid,
        item_id: Some(items[0]),
        subject: VoteSubject::Procedure,
        motion_id: None,
        question: Some("¿Se aprueba el informe de la comisión de poderes?".into()),
        method: None,
        options: Vec::new(),
        secret: false,
        majority: None,
        quorum: None,
        forward: false,
    };
    let vid = open_vote(store, chair, report).await?;
    vote(
        &presiding,
        vid,
        d,
        &["yes", "yes", "yes", "yes", "yes", "abstain"],
    )
    .await?;
    close_item(store, chair, items[0], None).await?;

    // 2. The political thesis: speakers only.
    open_item(store, chair, items[1], None).await?;
    speakers(
        store,
        chair,
        items[1],
        &[
            (&d[0], SpeakerKind::For),
            (&d[5], SpeakerKind::Against),
            (&d[3], SpeakerKind::Other),
        ],
    )
    .await?;
    close_item(store, chair, items[1], None).await?;

    // 3. The general strike: a motion, two amendments, three votes, a resolution.
    open_item(store, chair, items[2], None).await?;
    speakers(
        store,
        chair,
        items[2],
        &[
            (&d[1], SpeakerKind::For),
            (&d[4], SpeakerKind::Order),
            (&d[2], SpeakerKind::For),
        ],
    )
    .await?;
    let motion = NewMotion {
        item_id: items[2],
        parent_id: None,
        parent_version: None,
        title: Some("Huelga general y sesión permanente en caso de golpe".into()),
        body: MOTION.into(),
        op: None,
        paragraph: None,
        by_delegation: true,
    };
    let mid = propose_motion(store, &d[0].actor, motion).await?;
    let adopted = amendment(
        items[2],
        mid,
        "Enmienda: comités de defensa",
        AmendmentOp::Replace,
        2,
        AMENDMENT_ADOPTED,
    );
    let am1 = propose_motion(store, &d[5].actor, adopted).await?;
    let rejected = amendment(
        items[2],
        mid,
        "Enmienda: comités de huelga",
        AmendmentOp::Insert,
        3,
        AMENDMENT_REJECTED,
    );
    let am2 = propose_motion(store, &d[3].actor, rejected).await?;
    let recommend = Recommend {
        recommendation: Recommendation::Adopt,
        by: "Presidencia".into(),
    };
    recommend_motion(store, chair, mid, recommend).await?;
    let v1 = open_vote(store, chair, motion_vote(sid, am1, true)).await?;
    vote(
        &presiding,
        v1,
        d,
        &["yes", "yes", "no", "yes", "yes", "abstain"],
    )
    .await?;
    let v2 = open_vote(store, chair, motion_vote(sid, am2, false)).await?;
    vote(&presiding, v2, d, &["no", "yes", "no", "no", "no", "yes"]).await?;
    let v3 = open_vote(store, chair, motion_vote(sid, mid, false)).await?;
    vote(
        &presiding,
        v3,
        d,
        &["yes", "yes", "yes", "yes", "abstain", "yes"],
    )
    .await?;
    close_item(store, chair, items[2], None).await?;
    close_session(store, chair, sid, None, false).await?;
    Ok(())
}
