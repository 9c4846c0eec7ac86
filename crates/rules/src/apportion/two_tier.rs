//! Two tiers: seats to groups (sectors such as labour, peasants, students) first, then to the
//! entries within each group, by the same method.

use serde::Serialize;

use super::{ApportionError, Apportionment, Entry, Method, Options, Threshold, apportion};

/// A group of the upper tier and its share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupShare {
    pub name: String,
    /// Integer weight (e.g. 60 for labour's 60 %). When no group has a share, groups are weighed
    /// by the summed votes of their entries.
    pub share: Option<u32>,
}

impl GroupShare {
    pub fn new(name: impl Into<String>, share: Option<u32>) -> Self {
        Self {
            name: name.into(),
            share,
        }
    }
}

/// The result of a two-tier apportionment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TwoTier {
    /// The upper tier: seats per group, with its explanation (threshold not applied).
    pub groups: Apportionment,
    /// The lower tier: one apportionment per group, in group order.
    pub within: Vec<(String, Apportionment)>,
    /// Seats per entry, in input order.
    pub seats: Vec<(String, u32)>,
}

/// Apportions `seats` to groups, then within each group to its entries.
///
/// `groups` lists the groups with their shares; when it is empty the groups are those named by
/// the entries (in order of first appearance), weighed by their summed votes. Either every group
/// has a share or none has. The threshold of `options` applies within each group, relative to
/// the group's votes.
pub fn apportion_two_tier(
    groups: &[GroupShare],
    entries: &[Entry],
    seats: u32,
    method: Method,
    options: &Options,
) -> Result<TwoTier, ApportionError> {
    let groups: Vec<GroupShare> = if groups.is_empty() {
        let mut derived: Vec<GroupShare> = Vec::new();
        for e in entries {
            let g = e
                .group
                .as_deref()
                .ok_or_else(|| ApportionError::MissingGroup {
                    entry: e.name.clone(),
                })?;
            if !derived.iter().any(|d| d.name == g) {
                derived.push(GroupShare::new(g, None));
            }
        }
        derived
    } else {
        groups.to_vec()
    };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (i, e) in entries.iter().enumerate() {
        let g = e
            .group
            .as_deref()
            .ok_or_else(|| ApportionError::MissingGroup {
                entry: e.name.clone(),
            })?;
        let k = groups.iter().position(|x| x.name == g).ok_or_else(|| {
            ApportionError::UnknownGroup {
                entry: e.name.clone(),
                group: g.to_string(),
            }
        })?;
        members[k].push(i);
    }
    let with_share = groups.iter().filter(|g| g.share.is_some()).count();
    if with_share != 0 && with_share != groups.len() {
        return Err(ApportionError::MixedShares);
    }
    let upper: Vec<Entry> = groups
        .iter()
        .zip(&members)
        .map(|(g, m)| {
            let votes = match g.share {
                Some(s) => u64::from(s),
                None => m
                    .iter()
                    .fold(0u64, |acc, &i| acc.saturating_add(entries[i].votes)),
            };
            Entry::new(g.name.clone(), votes)
        })
        .collect();
    let upper_options = Options {
        threshold: Threshold::NONE,
        ..*options
    };
    let top = apportion(&upper, seats, method, &upper_options)?;

    let mut counts = vec![0u32; entries.len()];
    let mut within = Vec::with_capacity(groups.len());
    for ((g, m), (_, group_seats)) in groups.iter().zip(&members).zip(&top.seats) {
        if m.is_empty() {
            if *group_seats > 0 {
                return Err(ApportionError::EmptyGroup {
                    group: g.name.clone(),
                });
            }
            continue;
        }
        let sub: Vec<Entry> = m.iter().map(|&i| entries[i].clone()).collect();
        let result = apportion(&sub, *group_seats, method, options).map_err(|error| {
            ApportionError::InGroup {
                group: g.name.clone(),
                error: Box::new(error),
            }
        })?;
        for (&i, (_, s)) in m.iter().zip(&result.seats) {
            counts[i] = *s;
        }
        within.push((g.name.clone(), result));
    }
    let seats = entries
        .iter()
        .zip(counts)
        .map(|(e, s)| (e.name.clone(), s))
        .collect();
    Ok(TwoTier {
        groups: top,
        within,
        seats,
    })
}
