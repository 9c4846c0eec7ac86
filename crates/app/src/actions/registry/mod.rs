//! Actions of the registry area, one file per action: sectors, organizations (nested, with their
//! membership and leadership term), members and their CSV import, secretaries, assemblies and
//! their seat plans.

pub mod add_member;
pub mod assign_secretary;
pub mod create_assembly;
pub mod create_organization;
pub mod create_sector;
pub mod import_members;
pub mod import_organizations;
pub mod remove_member;
pub mod set_quorum_basis;
pub mod set_seat_plan;
pub mod set_secret_ballots;
pub mod set_time_zone;
pub mod staged_imports;
pub mod update_member;
pub mod update_organization;

use crate::domain::OrganizationId;
use crate::{Actor, AppError, Role};

/// Whether `actor` may act for organization `org`: administrators for every organization, a
/// secretary for the organization of their account.
pub fn may_act_for(actor: &Actor, org: OrganizationId) -> bool {
    may_manage_registry(actor)
        || matches!(actor, Actor::Account(a) if a.role == Role::Secretary && a.organization_id == Some(org))
}

/// `Forbidden` unless [`may_act_for`].
pub fn require_act_for(actor: &Actor, org: OrganizationId) -> Result<(), AppError> {
    if may_act_for(actor, org) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether `actor` may shape the registry itself: sectors, organizations (every field, and their
/// import), secretaries, assemblies and seat plans. Administrators.
pub fn may_manage_registry(actor: &Actor) -> bool {
    actor.is_admin()
}

/// `Forbidden` unless [`may_manage_registry`].
pub fn require_manage_registry(actor: &Actor) -> Result<(), AppError> {
    if may_manage_registry(actor) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A date as `YYYY-MM-DD`, or `None` for an empty field.
pub fn parse_date(field: &'static str, raw: &str) -> Result<Option<String>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if is_date(raw) {
        Ok(Some(raw.to_string()))
    } else {
        Err(AppError::invalid(field, "error-registry-date"))
    }
}

/// True for a real calendar date written `YYYY-MM-DD`.
pub fn is_date(raw: &str) -> bool {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    raw.len() == 10 && time::Date::parse(raw, &fmt).is_ok()
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it, no spaces.
pub fn is_email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && raw.len() <= 254
        && !raw.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A trimmed text of 1..=`max` characters.
/// The largest membership an organization may declare (more than any federation has): bigger
/// numbers are typing errors, and sums of them must not overflow in the apportionment.
pub const MAX_MEMBERSHIP: i64 = 100_000_000;

/// Refuses a membership count outside `0..=MAX_MEMBERSHIP`.
pub fn valid_membership(n: i64) -> Result<i64, AppError> {
    if (0..=MAX_MEMBERSHIP).contains(&n) {
        Ok(n)
    } else {
        Err(AppError::invalid("membership", "error-registry-membership"))
    }
}

/// Whether a text carries control characters (NUL, escapes, line breaks...), which no name or
/// short text may hold.
pub fn has_control(t: &str) -> bool {
    t.chars().any(char::is_control)
}

pub fn required_text(field: &'static str, raw: &str, max: usize) -> Result<String, AppError> {
    let t = raw.trim();
    if has_control(t) {
        return Err(AppError::invalid(field, "error-text-control"));
    }
    if t.is_empty() || t.chars().count() > max {
        Err(AppError::invalid(field, "error-registry-text"))
    } else {
        Ok(t.to_string())
    }
}

/// A trimmed optional text of at most `max` characters; empty means `None`.
pub fn optional_text(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if has_control(t) => Err(AppError::invalid(field, "error-text-control")),
        Some(t) if t.chars().count() <= max => Ok(Some(t.to_string())),
        Some(_) => Err(AppError::invalid(field, "error-registry-text")),
    }
}

/// The leadership term, each end optional, `from` not after `to`.
pub fn term(from: &str, to: &str) -> Result<(Option<String>, Option<String>), AppError> {
    let from = parse_date("term_from", from)?;
    let to = parse_date("term_to", to)?;
    if let (Some(f), Some(t)) = (&from, &to)
        && f > t
    {
        return Err(AppError::invalid("term_to", "error-registry-term-order"));
    }
    Ok((from, to))
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    asamblea_store::now_rfc3339()[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_emails() {
        assert!(is_date("1971-05-01"));
        assert!(!is_date("1971-02-30"));
        assert!(!is_date("1971-5-1"));
        assert!(is_email("juana@fstmb.bo"));
        assert!(!is_email("juana@fstmb"));
        assert!(!is_email("juana fstmb.bo"));
        assert!(!is_email("a@b@c.bo"));
        assert!(term("1971-01-01", "1970-01-01").is_err());
        assert_eq!(
            term("", "1972-01-01").unwrap(),
            (None, Some("1972-01-01".into()))
        );
    }
}
