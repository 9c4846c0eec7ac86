//! Actions of the sessions area, one file per action: sessions and their agenda, the speakers'
//! list, motions and amendments, votes (open and secret), resolutions.

pub mod add_agenda_item;
pub mod call_next_speaker;
pub mod cast_queue;
pub mod cast_vote;
pub mod close_item;
pub mod close_session;
pub mod close_vote;
mod common;
pub mod create_session;
pub mod move_item;
pub mod move_speaker;
pub mod open_item;
pub mod open_session;
pub mod open_vote;
pub mod propose_motion;
pub mod recommend_motion;
pub mod request_to_speak;
pub mod set_follow_up;
pub mod set_speakers_list;
pub mod support_motion;
pub mod text;
pub mod withdraw_motion;
pub mod withdraw_speaker;
