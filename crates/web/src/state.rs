//! What every handler can reach.

use asamblea_app::ballot_writer::BallotWriter;
use asamblea_app::member_ballot_writer::MemberBallotWriter;
use asamblea_store::Store;
use std::sync::Arc;

use crate::import_jobs::ImportJobs;
use crate::live::LiveFeed;
use crate::session_cache::SessionCache;

/// What every handler can reach, cheap to clone: the routes' layers and extractors clone the
/// state for every request (issue 15: cloning each part, a string among them, and dropping
/// the copies was nearly 6% of the request side's CPU under load).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
pub struct Shared {
    pub store: Store,
    /// Mark cookies `Secure` (set when served behind HTTPS).
    pub secure_cookies: bool,
    /// The address people use to reach this server (for links printed on cards), if set;
    /// otherwise taken from the request's `Host`.
    pub public_url: Option<String>,
    /// New record entries, read once and fanned out to live clients.
    pub live: LiveFeed,
    /// Ballots of session votes, committed in groups when they arrive together.
    pub casts: BallotWriter,
    /// Members' ballots (voting codes), committed in groups when they arrive together.
    pub member_casts: MemberBallotWriter,
    /// Members' imports running on this server, for their progress pages.
    pub imports: ImportJobs,
    /// Login sessions found lately (`session_cache.rs`).
    pub sessions: SessionCache,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state of one server; starts its live feed and ballot writer, so it needs a tokio
    /// runtime. Cookies are not marked `Secure` and links take the request's `Host`.
    pub fn new(store: Store) -> Self {
        Self::serving(store, false, None)
    }

    /// [`AppState::new`], with cookies marked `Secure` or not and the address people use to
    /// reach this server, if set.
    pub fn serving(store: Store, secure_cookies: bool, public_url: Option<String>) -> Self {
        let member_casts = MemberBallotWriter::start(store.clone());
        Self::with_parts(store, secure_cookies, public_url, member_casts)
    }

    /// [`AppState::new`] with its own writer of members' ballots (tests: one that looks for
    /// elections through a board rarely).
    #[doc(hidden)]
    pub fn with_member_casts(store: Store, member_casts: MemberBallotWriter) -> Self {
        Self::with_parts(store, false, None, member_casts)
    }

    fn with_parts(
        store: Store,
        secure_cookies: bool,
        public_url: Option<String>,
        member_casts: MemberBallotWriter,
    ) -> Self {
        let live = LiveFeed::start(store.clone());
        let sessions = SessionCache::default();
        sessions.follow(&live);
        Self(Arc::new(Shared {
            live,
            sessions,
            casts: BallotWriter::start(store.clone()),
            member_casts,
            imports: ImportJobs::default(),
            store,
            secure_cookies,
            public_url,
        }))
    }
}
