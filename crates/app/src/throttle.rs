//! Throttling of guesses (passwords, card codes, voting codes, badges at the door), counted in the
//! database so that it holds across restarts and across servers.
//!
//! Nobody can lock anyone else out: a password's failures count against the account *and the
//! address* they came from (an attacker elsewhere does not slow the owner down), and nothing is
//! locked outright: past a number of free failures in the window, each further attempt must wait
//! a delay that doubles with every failure (1 s, 2 s, 4 s, ... at most 15 minutes) after the
//! last one. Attempts refused for waiting are not counted. Guesses of codes that name no account
//! (card codes, voting codes) count against the address, except from the hall's own network
//! ([`set_hall_networks`], `serve --hall-network`): there a whole hall shares one address, and
//! the codes' length (about 59 bits) is the defence.
//!
//! Addresses are counted as the network a person holds: an IPv4 address alone, an IPv6 address
//! by its /64 (one household or phone gets a whole /64 and can change the rest at will).
//!
//! Asking for a card pickup, which anyone may do without logging in, counts every request (not
//! only failures) against the address: [`PICKUPS_PER_ADDRESS`] free ones in the window (more from
//! the hall's own network, where a whole hall shares one address), then growing delays.
//!
//! A login checks twice: [`check_before`] on the read pool, before any slow work (a refused
//! address costs no Argon2), and [`check`] in the write transaction that counts the attempt, so
//! attempts made at the same time are counted one after another.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::OnceLock;

use asamblea_store::{Store, Tx, now_rfc3339, on_read, on_tx};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

use crate::AppError;
use crate::group_commit::{Keys, select_in};

/// Free password failures per account-and-address in the window.
pub const PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Free failures per address in the window (card codes, voting codes, passwords of any account).
pub const PER_ADDRESS: i64 = 30;
/// Free wrong passwords for one account from all addresses together: beyond them every try
/// waits (never a lock), so changing address does not buy unlimited guesses.
pub const PER_ACCOUNT: i64 = 50;
/// Free failures per door keeper (badge numbers that find nobody) in the window.
pub const PER_DOOR_KEEPER: i64 = 10;
/// Free card pickups asked for per address in the window.
pub const PICKUPS_PER_ADDRESS: i64 = 10;
/// Free card pickups asked for per address of the hall's own network in the window.
pub const PICKUPS_PER_HALL_ADDRESS: i64 = 300;
/// The window, in minutes.
pub const WINDOW_MINUTES: i64 = 15;
/// The longest delay, in seconds.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// What failures count against.
#[derive(Debug, Clone)]
pub enum Subject<'a> {
    /// A password login: the account and the address.
    Login {
        account: Option<&'a str>,
        address: &'a str,
    },
    /// A card code or a voting code, from an address.
    Code { address: &'a str },
    /// A badge number typed at the door by this account.
    Door { keeper: i64 },
    /// A card pickup asked for from an address (every request counts).
    Pickup { address: &'a str },
}

/// A network, `address/prefix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for Network {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (a, p) = s.trim().split_once('/').unwrap_or((s.trim(), ""));
        let addr: IpAddr = a.parse().map_err(|_| format!("not an address: {a}"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = if p.is_empty() {
            max
        } else {
            p.parse::<u8>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or(format!("not a prefix length: {p}"))?
        };
        Ok(Network { addr, prefix })
    }
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> Option<u128> {
            match (self.addr, ip) {
                (IpAddr::V4(_), IpAddr::V4(v)) => Some(u128::from(u32::from(v)) << 96),
                (IpAddr::V6(_), IpAddr::V6(v)) => Some(u128::from(v)),
                (IpAddr::V4(_), IpAddr::V6(v)) => {
                    v.to_ipv4_mapped().map(|v| u128::from(u32::from(v)) << 96)
                }
                _ => None,
            }
        };
        let (Some(net), Some(ip)) = (bits(self.addr), bits(ip)) else {
            return false;
        };
        let mask = if self.prefix == 0 {
            0
        } else {
            u128::MAX << (128 - u32::from(self.prefix))
        };
        net & mask == ip & mask
    }
}

static HALL_NETWORKS: OnceLock<Vec<Network>> = OnceLock::new();

/// The hall's own networks (set once, at start-up): addresses there are not throttled as a whole.
pub fn set_hall_networks(networks: Vec<Network>) {
    let _ = HALL_NETWORKS.set(networks);
}

fn in_hall(address: &str) -> bool {
    let Ok(ip) = address.parse::<IpAddr>() else {
        return false;
    };
    HALL_NETWORKS
        .get()
        .is_some_and(|nets| nets.iter().any(|n| n.contains(ip)))
}

/// What an address is counted as: an IPv4 address itself (also when mapped into IPv6), an IPv6
/// address by its /64 network; anything else as written.
pub fn address_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let net = u128::from(v6) & (u128::MAX << 64);
                format!("{}/64", std::net::Ipv6Addr::from(net))
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.to_string(),
    }
}

/// The counters an attempt is counted against, each with its free failures.
fn counters(subject: &Subject) -> Vec<(String, i64)> {
    let mut out = Vec::with_capacity(3);
    match subject {
        Subject::Login { account, address } => {
            let key = address_key(address);
            if let Some(name) = account {
                out.push((format!("pair:{name}@{key}"), PER_ACCOUNT_AND_ADDRESS));
                out.push((format!("account:{name}"), PER_ACCOUNT));
            }
            if !in_hall(address) {
                out.push((format!("address:{key}"), PER_ADDRESS));
            }
        }
        Subject::Code { address } => {
            if !in_hall(address) {
                out.push((format!("address:{}", address_key(address)), PER_ADDRESS));
            }
        }
        Subject::Door { keeper } => out.push((format!("door:{keeper}"), PER_DOOR_KEEPER)),
        Subject::Pickup { address } => {
            let free = if in_hall(address) {
                PICKUPS_PER_HALL_ADDRESS
            } else {
                PICKUPS_PER_ADDRESS
            };
            out.push((format!("pickup:{}", address_key(address)), free));
        }
    }
    out
}

/// Whether an attempt by this subject is counted at all (a card code from the hall's network is
/// not): when not, a failure needs no write.
pub(crate) fn counted(subject: &Subject) -> bool {
    !counters(subject).is_empty()
}

/// The wait after the last failure before another attempt, with `failures` in the window.
pub fn delay_seconds(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let steps = (failures - free).min(20) as u32;
    (1i64 << steps).min(MAX_DELAY_SECONDS)
}

const FAILURES_SQL: &str =
    "SELECT COUNT(*), MAX(at) FROM login_failures WHERE subject = $1 AND at > $2";

fn waiting(failures: i64, last: Option<String>, free: i64) -> bool {
    let wait = delay_seconds(failures, free);
    if wait == 0 {
        return false;
    }
    let Some(last) = last.and_then(|l| OffsetDateTime::parse(&l, &Rfc3339).ok()) else {
        return false;
    };
    OffsetDateTime::now_utc() < last + Duration::seconds(wait)
}

fn window_start() -> String {
    asamblea_store::rfc3339_ago(Duration::minutes(WINDOW_MINUTES))
}

/// Refuses with [`AppError::Throttled`] while the subject must wait; reads the committed counts.
pub(crate) async fn check_before(store: &Store, subject: &Subject<'_>) -> Result<(), AppError> {
    let since = window_start();
    for (counter, free) in counters(subject) {
        let (n, last): (i64, Option<String>) = on_read!(store, pool => sqlx::query_as(FAILURES_SQL)
            .bind(&counter).bind(&since).fetch_one(pool).await)?;
        if waiting(n, last, free) {
            return Err(AppError::Throttled);
        }
    }
    Ok(())
}

/// [`check_before`] inside the write transaction that records the outcome.
pub(crate) async fn check(tx: &mut Tx, subject: &Subject<'_>) -> Result<(), AppError> {
    standing(tx, subject).await?.check()
}

/// The failures counted against a subject in the window, read once in the write transaction:
/// a batch of attempts from one address reads them once, [`Standing::check`]s each attempt as
/// [`check`] would, and counts each failure it records ([`Standing::failed`]) as [`check`]
/// would then read it.
pub(crate) struct Standing(Vec<(i64, Option<String>, i64)>);

/// The [`Standing`] of `subject` (one statement per counter, none when it is not counted).
pub(crate) async fn standing(tx: &mut Tx, subject: &Subject<'_>) -> Result<Standing, AppError> {
    let since = window_start();
    let mut counts = Vec::new();
    for (counter, free) in counters(subject) {
        let (n, last): (i64, Option<String>) = on_tx!(tx, c => sqlx::query_as(FAILURES_SQL)
            .bind(&counter).bind(&since).fetch_one(&mut **c).await)?;
        counts.push((n, last, free));
    }
    Ok(Standing(counts))
}

/// The [`Standing`] of each of `subjects`, in their order, in one statement for all their
/// counters (`group_commit::select_in`), not one per subject: a batch of ballots from phones
/// on as many addresses reads them together under the write lock (issue 15).
pub(crate) async fn standings(
    tx: &mut Tx,
    subjects: &[Subject<'_>],
) -> Result<Vec<Standing>, AppError> {
    let each: Vec<Vec<(String, i64)>> = subjects.iter().map(counters).collect();
    let mut keys: Vec<&str> = each.iter().flatten().map(|(c, _)| c.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let since = window_start();
    let rows: Vec<(String, i64, Option<String>)> =
        select_in(tx, FAILURES_BY_SUBJECT, &[&since], Keys::Text(&keys)).await?;
    let found: HashMap<String, (i64, Option<String>)> = rows
        .into_iter()
        .map(|(subject, n, last)| (subject, (n, last)))
        .collect();
    Ok(each
        .into_iter()
        .map(|counters| {
            Standing(
                counters
                    .into_iter()
                    .map(|(counter, free)| {
                        let (n, last) = found.get(&counter).cloned().unwrap_or((0, None));
                        (n, last, free)
                    })
                    .collect(),
            )
        })
        .collect())
}

/// [`standings`]' statement: the window's start is `$1`, the subjects follow.
const FAILURES_BY_SUBJECT: &str = "SELECT subject, COUNT(*), MAX(at) FROM login_failures \
    WHERE at > $1 AND subject {in} GROUP BY subject";

impl Standing {
    /// Refuses with [`AppError::Throttled`] while the subject must wait.
    pub(crate) fn check(&self) -> Result<(), AppError> {
        if self
            .0
            .iter()
            .any(|(n, last, free)| waiting(*n, last.clone(), *free))
        {
            return Err(AppError::Throttled);
        }
        Ok(())
    }

    /// One more failure, just now (recorded by the caller with [`record_failure`]).
    pub(crate) fn failed(&mut self) {
        let now = now_rfc3339();
        for (n, last, _) in &mut self.0 {
            *n += 1;
            *last = Some(now.clone());
        }
    }
}

/// Counts one failed attempt.
pub(crate) async fn record_failure(tx: &mut Tx, subject: &Subject<'_>) -> Result<(), AppError> {
    let now = now_rfc3339();
    for (counter, _) in counters(subject) {
        on_tx!(tx, c => sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
            .bind(&counter).bind(&now).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Forgets the failures of an account at an address (after a successful login there).
pub(crate) async fn forget(tx: &mut Tx, account: &str, address: &str) -> Result<(), AppError> {
    on_tx!(tx, c => sqlx::query("DELETE FROM login_failures WHERE subject = $1")
        .bind(format!("pair:{account}@{}", address_key(address))).execute(&mut **c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_are_bounded() {
        assert_eq!(delay_seconds(4, 5), 0);
        assert_eq!(delay_seconds(5, 5), 1);
        assert_eq!(delay_seconds(6, 5), 2);
        assert_eq!(delay_seconds(9, 5), 16);
        assert_eq!(delay_seconds(500, 5), MAX_DELAY_SECONDS);
    }

    #[test]
    fn ipv6_addresses_count_by_their_64() {
        assert_eq!(address_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            address_key("2001:db8:1:2::9")
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        let a = Subject::Code {
            address: "2001:db8::1",
        };
        let b = Subject::Code {
            address: "2001:db8::2",
        };
        assert_eq!(counters(&a), counters(&b));
    }

    #[test]
    fn networks_contain_their_addresses() {
        let n: Network = "10.1.0.0/16".parse().unwrap();
        assert!(n.contains("10.1.200.3".parse().unwrap()));
        assert!(!n.contains("10.2.0.1".parse().unwrap()));
        assert!(n.contains("::ffff:10.1.0.9".parse().unwrap()));
        let v6: Network = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("fe80::1".parse().unwrap()));
        let one: Network = "192.0.2.7".parse().unwrap();
        assert!(one.contains("192.0.2.7".parse().unwrap()));
        assert!(!one.contains("192.0.2.8".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<Network>().is_err());
        assert!("all".parse::<Network>().is_err());
    }

    /// A batch's addresses read together ([`standings`]) stand as each read alone
    /// ([`standing`]): the one past its free failures waits, the one with a few and the one
    /// with none do not, whatever their order in the batch.
    async fn standings_read_together_as_alone(db: &asamblea_store::testing::TestDb) {
        let (busy, few, clean) = ("198.51.100.7", "198.51.100.8", "2001:db8:5::1");
        let mut tx = db.store.begin().await.unwrap();
        for _ in 0..PER_ADDRESS + 2 {
            record_failure(&mut tx, &Subject::Code { address: busy })
                .await
                .unwrap();
        }
        for _ in 0..3 {
            record_failure(&mut tx, &Subject::Code { address: few })
                .await
                .unwrap();
        }
        let subjects = [clean, busy, few].map(|address| Subject::Code { address });
        let together = standings(&mut tx, &subjects).await.unwrap();
        let mut alone = Vec::new();
        for s in &subjects {
            alone.push(standing(&mut tx, s).await.unwrap());
        }
        let waits = |v: &[Standing]| v.iter().map(|s| s.check().is_err()).collect::<Vec<_>>();
        assert_eq!(waits(&together), [false, true, false]);
        assert_eq!(waits(&alone), waits(&together));
        let counts = |v: &[Standing]| {
            v.iter()
                .map(|s| s.0.iter().map(|c| c.0).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        assert_eq!(counts(&together), [vec![0], vec![PER_ADDRESS + 2], vec![3]]);
        assert_eq!(counts(&alone), counts(&together));
        drop(tx);
    }

    #[tokio::test]
    async fn sqlite_standings_read_together_as_alone() {
        let db = asamblea_store::testing::TestDb::sqlite().await;
        standings_read_together_as_alone(&db).await;
        db.cleanup().await;
    }

    #[tokio::test]
    async fn postgres_standings_read_together_as_alone() {
        let db = asamblea_store::testing::TestDb::postgres().await;
        standings_read_together_as_alone(&db).await;
        db.cleanup().await;
    }
}
