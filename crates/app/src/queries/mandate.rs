//! Reads of the mandate: the demands (with what was merged into what), the organizations'
//! rankings, the assembly's ranking counted by the counting engine with its explanation, the
//! draft text of a platform motion, and the platforms adopted.

use std::collections::{BTreeMap, HashMap};

use asamblea_rules::count::{Ballot, CountOptions, Election, count};
use asamblea_rules::weighting::ballot_weights;
use asamblea_store::{Store, on_read};
use serde::Serialize;

use crate::AppError;
use crate::actions::mandate::demand_tag;
use crate::domain::{
    AssemblyId, DemandId, OrganizationId, PlatformId, RankingMethod, RankingWeight, ResolutionId,
};

/// How the assembly counts its ranking (Schulze, equal weights until the chair chooses).
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Rule {
    pub method: RankingMethod,
    pub weighting: RankingWeight,
}

pub async fn rule(store: &Store, assembly: AssemblyId) -> Result<Rule, AppError> {
    let row: Option<(RankingMethod, RankingWeight)> = on_read!(store, pool => sqlx::query_as(
        "SELECT method, weighting FROM mandate_settings WHERE assembly_id = $1")
        .bind(assembly).fetch_optional(pool).await)?;
    let (method, weighting) = row.unwrap_or((RankingMethod::Schulze, RankingWeight::Equal));
    Ok(Rule { method, weighting })
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DemandView {
    pub id: DemandId,
    /// The organization that submitted it; none for a merged demand.
    pub organization_id: Option<OrganizationId>,
    pub organization: Option<String>,
    pub body: String,
    pub category: String,
    /// The organization's own supporting vote or count (a merged demand: the originals' sum).
    pub support: i64,
    pub merged_into: Option<DemandId>,
    pub created_at: String,
    /// The demands merged into this one.
    #[sqlx(skip)]
    pub merged_from: Vec<DemandId>,
    /// The organizations behind it (its own, or those of every original merged into it).
    #[sqlx(skip)]
    pub supporters: Vec<String>,
}

impl DemandView {
    pub fn tag(&self) -> String {
        demand_tag(self.id)
    }

    pub fn is_current(&self) -> bool {
        self.merged_into.is_none()
    }
}

/// Every demand of the assembly (current and merged), in order of submission.
pub async fn demands(store: &Store, assembly: AssemblyId) -> Result<Vec<DemandView>, AppError> {
    let mut rows: Vec<DemandView> = on_read!(store, pool => sqlx::query_as(
        "SELECT d.id, d.organization_id, o.short_name AS organization, d.body, d.category, d.support, d.merged_into, d.created_at \
         FROM demands d LEFT JOIN organizations o ON o.id = d.organization_id WHERE d.assembly_id = $1 ORDER BY d.id")
        .bind(assembly).fetch_all(pool).await)?;
    let parent: HashMap<DemandId, DemandId> = rows
        .iter()
        .filter_map(|d| d.merged_into.map(|m| (d.id, m)))
        .collect();
    let mut from: HashMap<DemandId, Vec<DemandId>> = HashMap::new();
    for (&child, &p) in &parent {
        from.entry(p).or_default().push(child);
    }
    let orgs: HashMap<DemandId, Option<String>> = rows
        .iter()
        .map(|d| (d.id, d.organization.clone()))
        .collect();
    for d in &mut rows {
        let mut f = from.get(&d.id).cloned().unwrap_or_default();
        f.sort();
        d.merged_from = f;
        // The supporters: the organizations of every original under this demand.
        let mut stack = vec![d.id];
        let mut names = Vec::new();
        while let Some(x) = stack.pop() {
            if let Some(Some(n)) = orgs.get(&x) {
                names.push(n.clone());
            }
            if let Some(children) = from.get(&x) {
                stack.extend(children);
            }
        }
        names.sort();
        names.dedup();
        d.supporters = names;
    }
    Ok(rows)
}

/// The demand a (possibly merged) demand now counts as: the end of its `merged_into` chain.
pub fn root(demands: &[DemandView], id: DemandId) -> DemandId {
    let by_id: HashMap<DemandId, Option<DemandId>> =
        demands.iter().map(|d| (d.id, d.merged_into)).collect();
    let mut at = id;
    for _ in 0..=demands.len() {
        match by_id.get(&at).copied().flatten() {
            Some(next) => at = next,
            None => break,
        }
    }
    at
}

/// An organization's ranking, as it counts: ranks of current demands, and its weight.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgBallot {
    pub organization_id: OrganizationId,
    pub organization: String,
    /// Ranks, best first, each a list of demands ranked equally (merged originals replaced by the
    /// demand they were merged into).
    pub ranks: Vec<Vec<DemandId>>,
    /// The weight the count gives it (1, its seats or its members, scaled under the engine's
    /// limit).
    pub weight: u64,
}

/// The organizations' rankings of the assembly's demands, as they count under `rule`.
pub async fn ballots(
    store: &Store,
    assembly: AssemblyId,
    rule: Rule,
    demands: &[DemandView],
) -> Result<Vec<OrgBallot>, AppError> {
    let rows: Vec<(OrganizationId, String, DemandId, i64, i64, i64)> = on_read!(store, pool => sqlx::query_as(
        "SELECT b.organization_id, o.short_name, b.demand_id, b.rank, o.membership, COALESCE(s.seats, 0) \
         FROM demand_ballots b JOIN organizations o ON o.id = b.organization_id \
         LEFT JOIN seat_allocations s ON s.assembly_id = b.assembly_id AND s.organization_id = b.organization_id \
         WHERE b.assembly_id = $1 ORDER BY b.organization_id, b.rank, b.demand_id")
        .bind(assembly).fetch_all(pool).await)?;
    /// An organization's short name, members, seats, and its demands by rank.
    type Gathered = (String, i64, i64, BTreeMap<i64, Vec<DemandId>>);
    let mut by_org: BTreeMap<OrganizationId, Gathered> = BTreeMap::new();
    for (org, name, demand, rank, members, seats) in rows {
        let e = by_org
            .entry(org)
            .or_insert_with(|| (name, members, seats, BTreeMap::new()));
        e.3.entry(rank).or_default().push(demand);
    }
    let mut out = Vec::new();
    let mut bases = Vec::new();
    for (org, (name, members, seats, ranks)) in by_org {
        let mut seen = Vec::new();
        let mut mapped: Vec<Vec<DemandId>> = Vec::new();
        for (_, rank) in ranks {
            let mut r = Vec::new();
            for d in rank {
                let d = root(demands, d);
                if !seen.contains(&d) {
                    seen.push(d);
                    r.push(d);
                }
            }
            if !r.is_empty() {
                mapped.push(r);
            }
        }
        bases.push(match rule.weighting {
            RankingWeight::Equal => 1,
            RankingWeight::Seats => u64::try_from(seats).unwrap_or(0),
            RankingWeight::Members => u64::try_from(members).unwrap_or(0),
        });
        out.push(OrgBallot {
            organization_id: org,
            organization: name,
            ranks: mapped,
            weight: 0,
        });
    }
    for (b, w) in out.iter_mut().zip(ballot_weights(&bases)) {
        b.weight = w;
    }
    Ok(out)
}

/// One demand's place in the assembly's ranking.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RankedDemand {
    pub position: usize,
    pub demand_id: DemandId,
    pub body: String,
    pub category: String,
    pub supporters: Vec<String>,
    /// Approval: the weight of the organizations approving it. Schulze: the number of other
    /// demands it beats by the strongest paths.
    pub score: u64,
}

/// The assembly's ranking and its explanation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Ranking {
    pub rule: Rule,
    /// Best first.
    pub order: Vec<RankedDemand>,
    pub ballots: Vec<OrgBallot>,
    /// The current demands, in the order of the matrices below.
    pub candidates: Vec<DemandId>,
    /// Schulze: `pairwise[a][b]` is the weight of the organizations ranking a above b.
    pub pairwise: Option<Vec<Vec<u64>>>,
    /// Schulze: the strength of the strongest path from a to b.
    pub paths: Option<Vec<Vec<u64>>>,
    /// Ties decided by lot, with the seed that repeats the draw.
    pub ties_by_lot: usize,
    pub seed: u64,
    /// The total weight of the rankings that counted.
    pub valid: u64,
}

impl Ranking {
    /// The draft text of a platform motion: one paragraph per demand in ranking order, each
    /// starting with its tag.
    pub fn draft_text(&self) -> String {
        self.order
            .iter()
            .map(|r| format!("{} {}", demand_tag(r.demand_id), r.body))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The label of candidate `i` (for the explanation's matrices).
    pub fn label(&self, i: &usize) -> String {
        self.candidates
            .get(*i)
            .map(|d| demand_tag(*d))
            .unwrap_or_default()
    }
}

/// The election the counting engine counts: one candidate per current demand, named `D<id>`
/// (the names take part in the seed of a lot), one ballot per organization with its weight.
pub fn election(candidates: &[DemandId], ballots: &[OrgBallot]) -> Election {
    let index: HashMap<DemandId, u32> = candidates
        .iter()
        .enumerate()
        .map(|(i, d)| (*d, i as u32))
        .collect();
    let ballots = ballots
        .iter()
        .filter(|b| b.weight > 0)
        .filter_map(|b| {
            let ranks: Vec<Vec<u32>> = b
                .ranks
                .iter()
                .map(|r| {
                    r.iter()
                        .filter_map(|d| index.get(d).copied())
                        .collect::<Vec<_>>()
                })
                .filter(|r| !r.is_empty())
                .collect();
            (!ranks.is_empty()).then(|| Ballot::from_ranks(b.weight, &ranks))
        })
        .collect();
    Election {
        candidates: candidates.iter().map(|d| format!("D{d}")).collect(),
        ballots,
        ..Election::default()
    }
}

/// The assembly's ranking of its current demands, counted by `asamblea_rules::count` under the
/// assembly's rule (Schulze with a full ranking, or approval).
pub async fn ranking(store: &Store, assembly: AssemblyId) -> Result<Ranking, AppError> {
    let rule = rule(store, assembly).await?;
    let all = demands(store, assembly).await?;
    let ballots = ballots(store, assembly, rule, &all).await?;
    let current: Vec<&DemandView> = all.iter().filter(|d| d.is_current()).collect();
    let candidates: Vec<DemandId> = current.iter().map(|d| d.id).collect();
    let mut out = Ranking {
        rule,
        order: Vec::new(),
        ballots,
        candidates: candidates.clone(),
        pairwise: None,
        paths: None,
        ties_by_lot: 0,
        seed: 0,
        valid: 0,
    };
    let e = election(&candidates, &out.ballots);
    if candidates.is_empty() || e.ballots.is_empty() {
        return Ok(out);
    }
    let seats = match rule.method {
        RankingMethod::Schulze => 1,
        RankingMethod::Approval => candidates.len(),
    };
    let options = CountOptions {
        method: rule.method.rule(),
        seats,
        seed: None,
    };
    let result = count(&e, &options).map_err(|err| AppError::Internal(err.to_string()))?;
    let order: Vec<u32> = match rule.method {
        RankingMethod::Schulze => result.ranking.clone().unwrap_or_default(),
        RankingMethod::Approval => result.elected.clone(),
    };
    for (pos, &c) in order.iter().enumerate() {
        let Some(d) = current.get(c as usize) else {
            continue;
        };
        let score = match rule.method {
            RankingMethod::Approval => result
                .rounds
                .first()
                .and_then(|r| r.tallies.get(c as usize))
                .map_or(0, |&t| u64::try_from(t).unwrap_or(0)),
            RankingMethod::Schulze => result.paths.as_ref().map_or(0, |p| {
                let c = c as usize;
                (0..candidates.len())
                    .filter(|&o| o != c && p[c][o] > p[o][c])
                    .count() as u64
            }),
        };
        out.order.push(RankedDemand {
            position: pos + 1,
            demand_id: d.id,
            body: d.body.clone(),
            category: d.category.clone(),
            supporters: d.supporters.clone(),
            score,
        });
    }
    out.pairwise = result.pairwise;
    out.paths = result.paths;
    out.ties_by_lot = result.ties.len();
    out.seed = result.seed;
    out.valid = result.valid;
    Ok(out)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlatformItem {
    pub position: i64,
    pub demand_id: Option<DemandId>,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlatformView {
    pub id: PlatformId,
    pub number: i64,
    pub resolution_id: ResolutionId,
    pub resolution_number: i64,
    /// The position of the `platform.adopted` act on the record.
    pub act_position: i64,
    pub adopted_at: String,
    pub items: Vec<PlatformItem>,
}

/// The platforms adopted by the assembly, the latest first.
pub async fn platforms(store: &Store, assembly: AssemblyId) -> Result<Vec<PlatformView>, AppError> {
    let rows: Vec<(PlatformId, i64, ResolutionId, i64, i64, String)> = on_read!(store, pool => sqlx::query_as(
        "SELECT p.id, p.number, p.resolution_id, r.number, p.act_position, p.adopted_at FROM platforms p \
         JOIN resolutions r ON r.id = p.resolution_id WHERE p.assembly_id = $1 ORDER BY p.number DESC")
        .bind(assembly).fetch_all(pool).await)?;
    let mut out = Vec::new();
    for (id, number, resolution_id, resolution_number, act_position, adopted_at) in rows {
        let items: Vec<PlatformItem> = on_read!(store, pool => sqlx::query_as(
            "SELECT position, demand_id, body FROM platform_items WHERE platform_id = $1 ORDER BY position")
            .bind(id).fetch_all(pool).await)?;
        out.push(PlatformView {
            id,
            number,
            resolution_id,
            resolution_number,
            act_position,
            adopted_at,
            items,
        });
    }
    Ok(out)
}

/// The assembly's base organizations (those in its seat plan): id, short name, name.
pub async fn base_organizations(
    store: &Store,
    assembly: AssemblyId,
) -> Result<Vec<(OrganizationId, String, String)>, AppError> {
    let rows = on_read!(store, pool => sqlx::query_as(
        "SELECT o.id, o.short_name, o.name FROM seat_allocations s JOIN organizations o ON o.id = s.organization_id \
         WHERE s.assembly_id = $1 ORDER BY o.short_name")
        .bind(assembly).fetch_all(pool).await)?;
    Ok(rows)
}

/// A platform as CSV: one row per item (position, demand, text) with the platform's number, its
/// resolution's number and the position of the act that adopted it.
pub fn platform_csv(p: &PlatformView) -> String {
    let rows: Vec<Vec<String>> = p
        .items
        .iter()
        .map(|i| {
            vec![
                i.position.to_string(),
                i.demand_id.map(|d| d.to_string()).unwrap_or_default(),
                i.body.clone(),
                p.number.to_string(),
                p.resolution_number.to_string(),
                p.act_position.to_string(),
            ]
        })
        .collect();
    asamblea_formats::sheet::write(
        &[
            "position",
            "demand_id",
            "text",
            "platform",
            "resolution",
            "act_position",
        ],
        &rows,
    )
}
