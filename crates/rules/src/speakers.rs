//! The order of a speakers' list, as pure functions.
//!
//! 1. Points of order come first, in the order they were asked.
//! 2. Then speakers the chair placed by hand (`manual_rank`), by that rank.
//! 3. Then the rest: when `first_time_first` is set, delegates who have not yet spoken on this
//!    item come before those who have; within each group, in the order they asked.
//!
//! Quotas per sector or delegation are checked when a delegate asks ([`quota_allows`]).
//!
//! A request is known by an id of the caller's choosing (`Id`): the rules only copy it.

/// One waiting request to speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<Id> {
    pub id: Id,
    pub point_of_order: bool,
    /// Position given by the chair, if any (lower first).
    pub manual_rank: Option<i64>,
    /// How many times this delegate has already spoken on this item.
    pub spoken_before: i64,
    /// The order of asking (e.g. the row id).
    pub seq: i64,
}

/// The ids of `requests` in speaking order.
pub fn speaking_order<Id: Copy>(requests: &[Request<Id>], first_time_first: bool) -> Vec<Id> {
    let mut v: Vec<&Request<Id>> = requests.iter().collect();
    v.sort_by_key(|r| {
        let group = if r.point_of_order {
            0
        } else if r.manual_rank.is_some() {
            1
        } else if first_time_first && r.spoken_before > 0 {
            3
        } else {
            2
        };
        let rank = if group == 1 {
            r.manual_rank.unwrap_or(0)
        } else {
            0
        };
        (group, rank, r.seq)
    });
    v.into_iter().map(|r| r.id).collect()
}

/// Whether one more speech from a group (sector or delegation) fits its quota: `quota` 0 means no
/// quota; `already` counts the group's speeches on this item (waiting, speaking or done).
/// Points of order never count against a quota.
pub fn quota_allows(quota: i64, already: i64, point_of_order: bool) -> bool {
    point_of_order || quota <= 0 || already < quota
}

/// Moves `id` one place up (`up`) or down in `order`; returns the new order (unchanged if `id`
/// is absent or already at that end).
pub fn move_one<Id: Copy + PartialEq>(order: &[Id], id: Id, up: bool) -> Vec<Id> {
    let mut v = order.to_vec();
    if let Some(i) = v.iter().position(|&x| x == id) {
        if up && i > 0 {
            v.swap(i, i - 1);
        } else if !up && i + 1 < v.len() {
            v.swap(i, i + 1);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: i64, order: bool, rank: Option<i64>, before: i64) -> Request<i64> {
        Request {
            id,
            point_of_order: order,
            manual_rank: rank,
            spoken_before: before,
            seq: id,
        }
    }

    #[test]
    fn points_of_order_first_then_first_time_speakers() {
        let list = [
            r(1, false, None, 1),
            r(2, false, None, 0),
            r(3, true, None, 2),
            r(4, false, None, 0),
            r(5, true, None, 0),
        ];
        assert_eq!(speaking_order(&list, true), [3, 5, 2, 4, 1]);
        assert_eq!(speaking_order(&list, false), [3, 5, 1, 2, 4]);
    }

    #[test]
    fn the_chair_places_by_hand() {
        let list = [
            r(1, false, None, 0),
            r(2, false, Some(2), 0),
            r(3, false, Some(1), 3),
            r(4, true, None, 0),
        ];
        assert_eq!(speaking_order(&list, true), [4, 3, 2, 1]);
    }

    #[test]
    fn quotas_and_moves() {
        assert!(quota_allows(0, 99, false));
        assert!(quota_allows(2, 1, false));
        assert!(!quota_allows(2, 2, false));
        assert!(quota_allows(2, 2, true));
        assert_eq!(move_one(&[1, 2, 3], 3, true), [1, 3, 2]);
        assert_eq!(move_one(&[1, 2, 3], 1, true), [1, 2, 3]);
        assert_eq!(move_one(&[1, 2, 3], 1, false), [2, 1, 3]);
        assert_eq!(move_one(&[1, 2, 3], 9, false), [1, 2, 3]);
    }
}
