//! Scenario 2: delegates in a session cast secret ballots (`POST /api/v1/votes/{id}/ballots`,
//! logged in with their card). The hall is seated once per server the way a hall does it: an
//! account each (with its card code), the credentials commission accrediting each delegate,
//! check-in at the door by badge, login with the card. Registering a delegate
//! has no HTTP route (elections do it), so that one step runs in-process on the server's
//! database; the rest goes through the API. Each run opens a session and as many secret yes/no
//! votes at once as it takes for the run's ballots (`ballots / delegates`, rounded up).

use futures_util::StreamExt;
use serde_json::json;

use asamblea_app::Actor;
use asamblea_app::actions::delegates::register_delegate::{NewDelegate, register_delegate};
use asamblea_app::domain::{AccountId, AssemblyId, OrganizationId, SeatKind};
use asamblea_store::Store;

use crate::Fallible;
use crate::api::{Api, id_of, token_of};
use crate::drive::Ballot;
use crate::encrypted::{self, BallotKind};
use crate::stats::Tally;

/// The seated delegates' bearer tokens.
pub struct Hall {
    pub tokens: Vec<std::sync::Arc<str>>,
}

const CHOICES: [&str; 3] = ["yes", "no", "abstain"];

/// Seats `n` delegates (spread over `organizations`) in the assembly `slug`.
#[allow(clippy::too_many_arguments)] // the set-up's context, passed once
pub async fn seat(
    api: &Api,
    store: &Store,
    admin: &str,
    slug: &str,
    assembly: i64,
    organizations: &[i64],
    n: usize,
    concurrency: usize,
) -> Fallible<Hall> {
    if organizations.is_empty() {
        return Err("the assembly's plan has no organization with seats".into());
    }
    let me = api.get_ok(admin, "/api/v1/me").await?;
    let admin_id = id_of(&me, "id")?;
    for role in ["credentials", "presidium"] {
        api.ok(
            admin,
            &format!("/api/v1/assemblies/{slug}/roles"),
            &json!({"account_id": admin_id, "role": role}),
        )
        .await?;
    }
    let results: Vec<Fallible<String>> = futures_util::stream::iter(0..n)
        .map(|i| {
            let org = organizations[i % organizations.len()];
            async move { seat_one(api, store, admin, slug, assembly, org, i).await }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let mut tokens = Vec::with_capacity(n);
    for r in results {
        tokens.push(std::sync::Arc::from(r?.as_str()));
    }
    Ok(Hall { tokens })
}

/// One delegate: account and card, registration, accreditation, check-in, login; its token.
async fn seat_one(
    api: &Api,
    store: &Store,
    admin: &str,
    slug: &str,
    assembly: i64,
    org: i64,
    i: usize,
) -> Fallible<String> {
    let acc = api
        .ok(
            admin,
            "/api/v1/accounts",
            &json!({"username": format!("load.d{i:06}"), "display_name": format!("Delegado {i}"),
                "role": "delegate"}),
        )
        .await?;
    let id = register_delegate(
        store,
        &Actor::System,
        NewDelegate {
            assembly_id: AssemblyId(assembly),
            organization_id: OrganizationId(org),
            name: format!("Delegado {i}"),
            member_id: None,
            account_id: acc["id"].as_i64().map(AccountId),
            seat_kind: SeatKind::Voting,
            substitute_rank: None,
            election_id: None,
        },
    )
    .await
    .map_err(|e| format!("registering delegate {i}: {e}"))?;
    let accredited = api
        .ok(
            admin,
            &format!("/api/v1/delegates/{id}/accredit"),
            &json!({}),
        )
        .await?;
    // The administrator who creates an account is shown its card code once (README: Known
    // gaps); a hall's phones would collect theirs by pickup, which is throttled per address.
    let code = acc["card_code"]
        .as_str()
        .ok_or_else(|| format!("no card code in {acc}"))?;
    api.ok(
        admin,
        &format!("/api/v1/assemblies/{slug}/check-in"),
        &json!({"badge": accredited["badge"]}),
    )
    .await?;
    let login = api
        .ok("", "/api/v1/session", &json!({"card_code": code}))
        .await?;
    token_of(&login)
}

/// Opens a session and `ceil(n / delegates)` secret votes; returns the vote ids and `n` ballots,
/// vote by vote (every delegate casts in the first vote, then in the second, ...), choices in
/// turn.
pub async fn prepare(
    api: &Api,
    admin: &str,
    assembly: i64,
    hall: &Hall,
    n: usize,
    label: &str,
    kind: BallotKind,
) -> Fallible<(Vec<i64>, Vec<Ballot>)> {
    let d = hall.tokens.len();
    if d == 0 {
        return Err("no delegate seated".into());
    }
    let s = api
        .ok(
            admin,
            "/api/v1/sessions",
            &json!({"assembly_id": assembly, "title": format!("Prueba de carga {label}")}),
        )
        .await?;
    let sid = id_of(&s, "id")?;
    api.ok(admin, &format!("/api/v1/sessions/{sid}/open"), &json!({}))
        .await?;
    let mut votes = Vec::new();
    for k in 0..n.div_ceil(d) {
        let v = api
            .ok(
                admin,
                "/api/v1/votes",
                &json!({"session_id": sid, "subject": "procedure",
                    "question": format!("¿Huelga general? ({label}, {})", k + 1), "secret": true}),
            )
            .await?;
        votes.push(id_of(&v, "id")?);
    }
    let choice_of = |i: usize| CHOICES[(i % d + i / d) % CHOICES.len()];
    // Device ballots are made now, vote by vote under its board's manifest (the choices are
    // yes, no, abstain in that order), as phones make theirs before they send.
    let mut made: Vec<String> = Vec::new();
    if kind == BallotKind::Device {
        for (k, &vote) in votes.iter().enumerate() {
            let board = board_of(api, vote).await?;
            let manifest = encrypted::manifest(api, &board).await?;
            let marks = (k * d..n.min((k + 1) * d))
                .map(|i| CHOICES.iter().position(|c| *c == choice_of(i)).unwrap_or(0))
                .collect();
            made.extend(encrypted::device_ballots(&manifest, marks).await?);
        }
    }
    let ballots = (0..n)
        .map(|i| {
            let (vote, who) = (votes[i / d], i % d);
            let choice = choice_of(i);
            let cast_key = format!("load-v{vote}-d{who:08}");
            let body = match made.get(i) {
                Some(ballot) => json!({"choice": "", "ballot_json": ballot, "cast_key": cast_key}),
                None => json!({"choice": choice, "cast_key": cast_key}),
            };
            Ballot {
                path: format!("/api/v1/votes/{vote}/ballots"),
                token: Some(hall.tokens[who].clone()),
                body,
                target: vote,
                choice: choice.to_string(),
            }
        })
        .collect();
    Ok((votes, ballots))
}

/// Closes one vote: its counted ballots by choice; `None` when the vote waits for its trustees
/// (encrypted): [`decrypted`] reads its count once they have decrypted.
pub async fn close(api: &Api, admin: &str, vote: i64) -> Fallible<Option<Tally>> {
    let closed = api
        .ok(admin, &format!("/api/v1/votes/{vote}/close"), &json!({}))
        .await?;
    if closed["counting"] == true {
        return Ok(None);
    }
    let r = &closed["result"];
    let mut tally = Tally::new();
    for c in CHOICES {
        let n = r[c]
            .as_i64()
            .ok_or_else(|| format!("no `{c}` in the result of vote {vote}: {closed}"))?;
        if n > 0 {
            tally.insert((vote, c.to_string()), n);
        }
    }
    Ok(Some(tally))
}

/// An encrypted vote's board.
pub async fn board_of(api: &Api, vote: i64) -> Fallible<String> {
    let v = api.get_ok("", &format!("/api/v1/votes/{vote}")).await?;
    v["board"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("vote {vote} has no board (is the assembly encrypted?): {v}"))
}

/// An encrypted vote's count: its board's tally as the trustees decrypted it.
pub async fn decrypted(api: &Api, vote: i64) -> Fallible<Tally> {
    let board = board_of(api, vote).await?;
    let mut tally = Tally::new();
    for (choice, n) in encrypted::decrypted(api, &board).await? {
        if n != 0 {
            tally.insert((vote, choice), n);
        }
    }
    Ok(tally)
}
