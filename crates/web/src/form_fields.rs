//! A form read as its fields by name: the forms whose fields are not all known in advance (one
//! box per demand or forward, one rank per demand, a ballot's options), and what each of them
//! reads from it. The mandate, federation and sessions forms share these.

use std::collections::HashMap;
use std::str::FromStr;

use asamblea_app::{Actor, AppError};

use crate::error::PageError;
use crate::page::PageCtx;

/// A form's fields by name.
pub type Fields = HashMap<String, String>;

/// Field `name`, trimmed; "" when the form has no such field.
pub fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map_or("", |s| s.trim())
}

/// The actor of the form: its `csrf` field checked, then the logged-in account
/// ([`PageCtx::form_actor`]).
pub fn form_actor(page: &PageCtx, f: &Fields) -> Result<Actor, PageError> {
    page.form_actor(field(f, "csrf"))
}

/// A typed value of field `name`; an unreadable (or missing) one is an invalid input on it.
pub fn parse<T: FromStr>(f: &Fields, name: &'static str) -> Result<T, AppError> {
    field(f, name)
        .parse()
        .map_err(|_| AppError::invalid(name, "error-invalid"))
}

/// A number typed in field `name`; an empty or unreadable one counts as left out.
pub fn number(f: &Fields, name: &str) -> Option<i64> {
    field(f, name).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_trimmed_and_typed() {
        let f: Fields = [("n", " 12 "), ("bad", "x"), ("empty", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(field(&f, "n"), "12");
        assert_eq!(field(&f, "missing"), "");
        assert_eq!(number(&f, "n"), Some(12));
        assert_eq!(number(&f, "bad"), None);
        assert_eq!(number(&f, "empty"), None);
        assert_eq!(parse::<i64>(&f, "n").ok(), Some(12));
        assert!(matches!(
            parse::<i64>(&f, "bad"),
            Err(AppError::Invalid { field: "bad", .. })
        ));
    }
}
