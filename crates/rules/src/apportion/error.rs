//! Why an apportionment could not be made.

use std::fmt;

/// An apportionment that cannot be made as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApportionError {
    /// More seats than [`super::MAX_SEATS`].
    TooManySeats { seats: u32 },
    /// An entry (or group) has an empty name.
    EmptyName,
    /// Two entries (or groups) share a name.
    DuplicateName(String),
    /// An entry's minimum is above its maximum.
    MinAboveMax { name: String, min: u32, max: u32 },
    /// The minimums add up to more seats than there are.
    MinimumsExceedSeats { minimums: u64, seats: u32 },
    /// Maximums, thresholds and entries without votes leave fewer places than seats.
    NotEnoughCapacity { capacity: u64, seats: u32 },
    /// Two tiers: an entry has no group although groups are in use.
    MissingGroup { entry: String },
    /// Two tiers: an entry names a group that is not in the list of groups.
    UnknownGroup { entry: String, group: String },
    /// Two tiers: some groups have a share and others do not.
    MixedShares,
    /// Two tiers: a group received seats but has no entries to give them to.
    EmptyGroup { group: String },
    /// Two tiers: an error inside one group.
    InGroup {
        group: String,
        error: Box<ApportionError>,
    },
}

impl fmt::Display for ApportionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManySeats { seats } => {
                write!(
                    f,
                    "{seats} seats is more than the {} an apportionment may have",
                    super::MAX_SEATS
                )
            }
            Self::EmptyName => write!(f, "a name is empty"),
            Self::DuplicateName(n) => write!(f, "the name {n:?} appears more than once"),
            Self::MinAboveMax { name, min, max } => {
                write!(f, "{name:?} has minimum {min} above its maximum {max}")
            }
            Self::MinimumsExceedSeats { minimums, seats } => {
                write!(
                    f,
                    "the minimums add up to {minimums} seats but there are only {seats}"
                )
            }
            Self::NotEnoughCapacity { capacity, seats } => write!(
                f,
                "only {capacity} seats can be given (maximums, threshold, entries without votes) \
                 but there are {seats}"
            ),
            Self::MissingGroup { entry } => write!(f, "{entry:?} has no group"),
            Self::UnknownGroup { entry, group } => {
                write!(f, "{entry:?} is in group {group:?}, which is not listed")
            }
            Self::MixedShares => write!(f, "either every group has a share or none has"),
            Self::EmptyGroup { group } => {
                write!(f, "group {group:?} receives seats but has no entries")
            }
            Self::InGroup { group, error } => write!(f, "in group {group:?}: {error}"),
        }
    }
}

impl std::error::Error for ApportionError {}
