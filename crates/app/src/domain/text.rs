//! How a closed set of names becomes a Rust type: stored as TEXT on both databases, written as a
//! JSON string, listed with its allowed values in the OpenAPI document, parsed at the edge with a
//! message that names the valid values.

use std::fmt;

/// A name that is not one of a closed set's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The type, e.g. `DelegateStatus`.
    pub kind: &'static str,
    pub value: String,
    pub valid: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} {:?}; valid: {}",
            self.kind,
            self.value,
            self.valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

/// Declares an enum whose values are stored and sent as fixed names:
///
/// ```ignore
/// text_enum! {
///     /// Where a delegate stands.
///     pub enum DelegateStatus {
///         Elected = "elected",
///         Accredited = "accredited",
///     }
/// }
/// ```
///
/// It gets `as_str`, `ALL`, `NAMES`, `FromStr` (error: [`UnknownValue`]), `Display`, serde as the
/// name, a `utoipa` schema listing the names, and `sqlx` `Type`/`Encode`/`Decode` as TEXT for any
/// database whose `&str` is (SQLite and PostgreSQL).
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name stored in the database and sent in JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::domain::UnknownValue {
                        kind: stringify!($name),
                        value: s.chars().take(64).collect(),
                        valid: $name::NAMES,
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }

        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::NAMES.iter().copied()))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {}

        impl<DB: ::sqlx::Database> ::sqlx::Type<DB> for $name
        where
            str: ::sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as ::sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as ::sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: ::sqlx::Database> ::sqlx::Encode<'q, DB> for $name
        where
            &'q str: ::sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&'q str as ::sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }

        impl<'r, DB: ::sqlx::Database> ::sqlx::Decode<'r, DB> for $name
        where
            &'r str: ::sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let s = <&'r str as ::sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(s.parse::<$name>()?)
            }
        }
    };
}

/// Declares an id newtype over `i64`: transparent in JSON, in the database and in the OpenAPI
/// document (an integer), parsed from a path segment, and never mixed up with another entity's id.
#[macro_export]
macro_rules! id_type {
    ( $( $(#[$meta:meta])* $name:ident ),+ $(,)? ) => {
        $(
            $(#[$meta])*
            #[derive(
                Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                ::serde::Serialize, ::serde::Deserialize, ::sqlx::Type, ::utoipa::ToSchema,
            )]
            #[serde(transparent)]
            #[sqlx(transparent)]
            #[schema(value_type = i64)]
            pub struct $name(pub i64);

            impl $name {
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            impl ::std::fmt::Display for $name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.0, f)
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = ::std::num::ParseIntError;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    s.parse().map($name)
                }
            }

            impl From<$name> for i64 {
                fn from(id: $name) -> i64 {
                    id.0
                }
            }
        )+
    };
}

/// A boolean kept as an integer column (0 or 1) on both databases. Read a column into a `bool`
/// field with `#[sqlx(try_from = "IntBool")]`; bind a `bool` with `i64::from(b)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct IntBool(pub i64);

impl From<IntBool> for bool {
    fn from(b: IntBool) -> bool {
        b.0 != 0
    }
}
