//! Login sessions remembered in memory for a short while (issue 15), so that a hall's ballots do
//! not each read `login_sessions` and `accounts` before they reach the ballot writer.
//!
//! A token found in the database is remembered with its account for at most [`TTL`]; unknown
//! tokens are never remembered (a guess costs a database read, as before). What ends or changes
//! a login takes effect:
//! - on this server at once: every transaction that ends a login or changes an account
//!   (logout, log out everywhere, a replaced card, a password set, a recall, a secretary's
//!   organization) calls `Tx::logins_changed`, and its commit raises `Store::logins_epoch`; an
//!   entry is used only while the epoch read before its lookup is still current, so it is
//!   dropped before the action answers (logout and "log out everywhere" also forget the token
//!   or the account: `forget_token`, `forget_account`);
//! - on every server as soon as its live feed sees the act: every act of kind `account.*`
//!   (password set, card replaced, organization set, ...), `delegate.recalled` and
//!   `delegation.revoked` (which end logins) empties the cache (`live.rs` delivers every act to
//!   every server: SQLite in-process, PostgreSQL by NOTIFY); a lagging feed empties it too;
//! - otherwise within [`TTL`]: a logout on another server (a logout is not an act) is honoured
//!   here at most five seconds later, as is an expiry.
//!
//! Why that is safe with several servers: nothing is trusted for longer than [`TTL`], and every
//! change of an account's standing is an act that reaches every server's feed; permissions in
//! assemblies (presidium, teller, ...) are read from the database by each action, never from
//! this cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asamblea_app::Account;
use asamblea_app::domain::AccountId;

/// How long a remembered session is trusted without reading the database again.
pub const TTL: Duration = Duration::from_secs(5);
/// Most sessions remembered; when full, the cache is emptied (it refills from the database).
const CAPACITY: usize = 100_000;

#[derive(Clone, Default)]
pub struct SessionCache {
    inner: Arc<Mutex<HashMap<String, Remembered>>>,
}

struct Remembered {
    account: Account,
    at: Instant,
    /// `Store::logins_epoch` read before the session was looked up.
    epoch: u64,
}

impl SessionCache {
    /// The account of `token` if it was found in the database less than [`TTL`] ago and no
    /// commit of this process has ended a login or changed an account since (`epoch`, the
    /// store's `logins_epoch` now).
    pub fn get(&self, token: &str, epoch: u64) -> Option<Account> {
        let map = self.inner.lock().ok()?;
        map.get(token)
            .filter(|r| r.epoch == epoch && r.at.elapsed() < TTL)
            .map(|r| r.account.clone())
    }

    /// Remembers the account `token` was found to belong to, by a lookup begun at `epoch`.
    pub fn put(&self, token: &str, account: &Account, epoch: u64) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= CAPACITY {
                map.clear();
            }
            let remembered = Remembered {
                account: account.clone(),
                at: Instant::now(),
                epoch,
            };
            map.insert(token.to_string(), remembered);
        }
    }

    /// Forgets one login (its logout).
    pub fn forget_token(&self, token: &str) {
        if let Ok(mut map) = self.inner.lock() {
            map.remove(token);
        }
    }

    /// Forgets every login of an account (log out everywhere).
    pub fn forget_account(&self, id: AccountId) {
        if let Ok(mut map) = self.inner.lock() {
            map.retain(|_, r| r.account.id != id);
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        if let Ok(mut map) = self.inner.lock() {
            map.clear();
        }
    }

    /// Whether an act of this kind may end a login or change an account.
    pub fn invalidated_by(kind: &str) -> bool {
        kind.starts_with("account.") || kind == "delegate.recalled" || kind == "delegation.revoked"
    }

    /// Empties the cache whenever the live feed brings an act that may change a login (or when
    /// it lagged and may have missed one). Needs a tokio runtime.
    pub fn follow(&self, live: &crate::live::LiveFeed) {
        let cache = self.clone();
        let mut entries = live.subscribe_every();
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match entries.recv().await {
                    Ok(e) if SessionCache::invalidated_by(&e.entry.kind) => cache.clear(),
                    Ok(_) => {}
                    Err(RecvError::Lagged(_)) => cache.clear(),
                    Err(RecvError::Closed) => break,
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::SessionCache;

    #[test]
    fn kinds_that_end_logins() {
        assert!(SessionCache::invalidated_by("account.card_replaced"));
        assert!(SessionCache::invalidated_by("account.password_set"));
        assert!(SessionCache::invalidated_by("delegate.recalled"));
        assert!(!SessionCache::invalidated_by("vote.ballots_cast"));
    }
}
