//! A value of a closed set as a client sent it, checked by the action after the actor's
//! permission: whoever may not act hears 401/403 whatever the body says, and only those who may
//! learn that the value is not one of the set's.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::AppError;

/// Text meant to be a `T` (a [`text_enum!`](crate::text_enum)), not parsed yet. In JSON and forms
/// it is a string; in the OpenAPI document a field of this type says `#[schema(value_type = T)]`
/// so the valid names are listed. Rust callers build it from a `T`.
pub struct Unchecked<T> {
    raw: String,
    of: PhantomData<fn() -> T>,
}

impl<T: FromStr> Unchecked<T> {
    /// The value, or `AppError::Invalid { field, key }` if the text is not one of `T`'s names.
    pub fn check(&self, field: &'static str, key: &'static str) -> Result<T, AppError> {
        self.raw.parse().map_err(|_| AppError::invalid(field, key))
    }
}

impl<T> Unchecked<T> {
    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<T: fmt::Display> From<T> for Unchecked<T> {
    fn from(value: T) -> Self {
        Unchecked {
            raw: value.to_string(),
            of: PhantomData,
        }
    }
}

impl<T> Clone for Unchecked<T> {
    fn clone(&self) -> Self {
        Unchecked {
            raw: self.raw.clone(),
            of: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Unchecked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unchecked({:?})", self.raw)
    }
}

impl<'de, T> serde::Deserialize<'de> for Unchecked<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Unchecked {
            raw: String::deserialize(d)?,
            of: PhantomData,
        })
    }
}

impl<T> serde::Serialize for Unchecked<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecallBy;

    #[test]
    fn checks_after_the_fact() {
        let good: Unchecked<RecallBy> = serde_json::from_str("\"members_vote\"").unwrap();
        assert_eq!(
            good.check("recall_by", "error-invalid").unwrap(),
            RecallBy::MembersVote
        );
        let bad: Unchecked<RecallBy> = serde_json::from_str("\"bogus\"").unwrap();
        assert!(matches!(
            bad.check("recall_by", "error-invalid"),
            Err(AppError::Invalid {
                field: "recall_by",
                key: "error-invalid"
            })
        ));
        assert_eq!(
            Unchecked::from(RecallBy::GoverningBody).as_str(),
            "governing_body"
        );
    }
}
