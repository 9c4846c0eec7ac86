//! What every handler can reach.

use asamblea_store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Mark cookies `Secure` (set when served behind HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            secure_cookies: false,
        }
    }
}
