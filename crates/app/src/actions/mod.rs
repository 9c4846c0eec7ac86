//! One file per action. Each takes the store, the actor and a typed input.

pub mod create_account;
pub mod create_first_admin;
pub mod delegates;
pub mod ensure_setup_token;
pub mod issue_card;
pub mod load_demo;
pub mod load_demo_story;
pub mod login_with_card;
pub mod login_with_password;
pub mod logout;
pub mod registry;
pub mod sessions;
pub mod set_password;

mod session;
mod throttle;

pub use session::SESSION_DAYS;
