//! What every handler can reach.

use asamblea_app::ballot_writer::BallotWriter;
use asamblea_app::member_ballot_writer::MemberBallotWriter;
use asamblea_store::Store;

use crate::import_jobs::ImportJobs;
use crate::live::LiveFeed;
use crate::session_cache::SessionCache;

#[derive(Clone)]
pub struct AppState {
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

impl AppState {
    /// The state of one server; starts its live feed and ballot writer, so it needs a tokio
    /// runtime.
    pub fn new(store: Store) -> Self {
        let live = LiveFeed::start(store.clone());
        let sessions = SessionCache::default();
        sessions.follow(&live);
        Self {
            live,
            sessions,
            casts: BallotWriter::start(store.clone()),
            member_casts: MemberBallotWriter::start(store.clone()),
            imports: ImportJobs::default(),
            store,
            secure_cookies: false,
            public_url: None,
        }
    }
}
