//! Procedure: quorum and majorities, as integer arithmetic.
//!
//! A [`Majority`] is a fraction of a [`Base`] (votes cast, members voting, members present or
//! members seated) that the yes votes must exceed (`more than half`) or reach (`at least two
//! thirds`). A [`Quorum`] is a fraction of the seated members that must be present. [`evaluate`]
//! says whether the quorum was met, how many yes votes were required and whether the motion
//! passed. A motion never passes without at least one yes vote.
//!
//! ```
//! use asamblea_rules::procedure::{evaluate, Majority, Quorum, YesNoAbstain};
//! let tally = YesNoAbstain { yes: 120, no: 60, abstain: 20 };
//! let out = evaluate(&tally, 220, 200, Majority::TWO_THIRDS_OF_VOTES_CAST, Quorum::MORE_THAN_HALF).unwrap();
//! assert!(out.quorum_met && out.passed && out.required_yes == 120);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A fraction `num / den` with `0 < num <= den`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fraction {
    num: u32,
    den: u32,
}

impl Fraction {
    pub const HALF: Fraction = Fraction { num: 1, den: 2 };
    pub const TWO_THIRDS: Fraction = Fraction { num: 2, den: 3 };
    pub const THREE_FIFTHS: Fraction = Fraction { num: 3, den: 5 };
    pub const THREE_QUARTERS: Fraction = Fraction { num: 3, den: 4 };
    pub const ALL: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den` in lowest terms; `None` unless `0 < num <= den`.
    pub fn new(num: u32, den: u32) -> Option<Self> {
        if num == 0 || num > den {
            return None;
        }
        let (mut a, mut b) = (num, den);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        Some(Self {
            num: num / a,
            den: den / a,
        })
    }
    pub fn num(self) -> u32 {
        self.num
    }
    pub fn den(self) -> u32 {
        self.den
    }

    /// The smallest `x` with `x / total` above (`strict`) or at this fraction.
    fn least_of(self, total: u64, strict: bool) -> u64 {
        let (n, d) = (u64::from(self.num), u64::from(self.den));
        if strict {
            n * total / d + 1
        } else {
            (n * total).div_ceil(d)
        }
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.num, self.den) {
            (1, 2) => f.write_str("half"),
            (2, 3) => f.write_str("two thirds"),
            (3, 5) => f.write_str("three fifths"),
            (3, 4) => f.write_str("three quarters"),
            (n, d) if n == d => f.write_str("all"),
            (n, d) => write!(f, "{n}/{d}"),
        }
    }
}

/// What a majority is a fraction of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// Yes plus no (abstentions do not count).
    VotesCast,
    /// Yes plus no plus abstentions.
    Voting,
    /// Members present.
    Present,
    /// Members seated (the full membership).
    Seated,
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Base::VotesCast => "the votes cast",
            Base::Voting => "the members voting",
            Base::Present => "the members present",
            Base::Seated => "the members seated",
        })
    }
}

/// A required majority: yes votes must be more than (`strict`) or at least `fraction` of `base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Majority {
    pub fraction: Fraction,
    pub base: Base,
    pub strict: bool,
}

impl Majority {
    /// Simple majority: more yes than no (more than half of the votes cast).
    pub const SIMPLE: Majority = Majority {
        fraction: Fraction::HALF,
        base: Base::VotesCast,
        strict: true,
    };
    /// More than half of the members present.
    pub const ABSOLUTE_OF_PRESENT: Majority = Majority {
        fraction: Fraction::HALF,
        base: Base::Present,
        strict: true,
    };
    /// Absolute majority: more than half of the members seated.
    pub const ABSOLUTE_OF_SEATED: Majority = Majority {
        fraction: Fraction::HALF,
        base: Base::Seated,
        strict: true,
    };
    /// At least two thirds of the votes cast.
    pub const TWO_THIRDS_OF_VOTES_CAST: Majority = Majority {
        fraction: Fraction::TWO_THIRDS,
        base: Base::VotesCast,
        strict: false,
    };
    /// At least two thirds of the members present.
    pub const TWO_THIRDS_OF_PRESENT: Majority = Majority {
        fraction: Fraction::TWO_THIRDS,
        base: Base::Present,
        strict: false,
    };
    /// At least two thirds of the members seated.
    pub const TWO_THIRDS_OF_SEATED: Majority = Majority {
        fraction: Fraction::TWO_THIRDS,
        base: Base::Seated,
        strict: false,
    };
    /// At least three fifths of the votes cast.
    pub const THREE_FIFTHS_OF_VOTES_CAST: Majority = Majority {
        fraction: Fraction::THREE_FIFTHS,
        base: Base::VotesCast,
        strict: false,
    };
    /// Every vote cast is yes (and there is at least one).
    pub const UNANIMITY: Majority = Majority {
        fraction: Fraction::ALL,
        base: Base::VotesCast,
        strict: false,
    };

    /// The named majorities, with the names [`FromStr`] accepts.
    pub const NAMED: [(&'static str, Majority); 8] = [
        ("simple", Majority::SIMPLE),
        ("absolute-of-present", Majority::ABSOLUTE_OF_PRESENT),
        ("absolute", Majority::ABSOLUTE_OF_SEATED),
        ("two-thirds", Majority::TWO_THIRDS_OF_VOTES_CAST),
        ("two-thirds-of-present", Majority::TWO_THIRDS_OF_PRESENT),
        ("two-thirds-of-seated", Majority::TWO_THIRDS_OF_SEATED),
        ("three-fifths", Majority::THREE_FIFTHS_OF_VOTES_CAST),
        ("unanimity", Majority::UNANIMITY),
    ];
}

impl fmt::Display for Majority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.strict { "more than" } else { "at least" };
        write!(f, "{how} {} of {}", self.fraction, self.base)
    }
}

/// A majority name that is not one of [`Majority::NAMED`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMajority(pub String);

impl fmt::Display for UnknownMajority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Majority::NAMED.iter().map(|(n, _)| *n).collect();
        write!(
            f,
            "unknown majority {:?}; valid: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownMajority {}

impl FromStr for Majority {
    type Err = UnknownMajority;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_lowercase().replace(['_', ' '], "-");
        Majority::NAMED
            .iter()
            .find(|(n, _)| *n == key)
            .map(|(_, m)| *m)
            .ok_or_else(|| UnknownMajority(s.to_string()))
    }
}

/// A quorum: more than (`strict`) or at least `fraction` of the seated members present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quorum {
    pub fraction: Fraction,
    pub strict: bool,
}

impl Quorum {
    /// More than half of the seated members.
    pub const MORE_THAN_HALF: Quorum = Quorum {
        fraction: Fraction::HALF,
        strict: true,
    };
    /// At least two thirds of the seated members.
    pub const TWO_THIRDS: Quorum = Quorum {
        fraction: Fraction::TWO_THIRDS,
        strict: false,
    };

    /// Members that must be present when `seated` are seated.
    pub fn required(self, seated: u32) -> u64 {
        self.fraction.least_of(u64::from(seated), self.strict)
    }
}

impl fmt::Display for Quorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.strict { "more than" } else { "at least" };
        write!(f, "{how} {} of the members seated", self.fraction)
    }
}

/// The votes on a motion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YesNoAbstain {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// Counts that cannot be true together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureError {
    /// More members present than seated.
    PresentAboveSeated { present: u32, seated: u32 },
    /// More votes (yes + no + abstain) than members present.
    VotesAbovePresent { votes: u64, present: u32 },
}

impl fmt::Display for ProcedureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PresentAboveSeated { present, seated } => {
                write!(f, "{present} members present but only {seated} seated")
            }
            Self::VotesAbovePresent { votes, present } => {
                write!(f, "{votes} votes but only {present} members present")
            }
        }
    }
}

impl std::error::Error for ProcedureError {}

/// The outcome of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub quorum_met: bool,
    /// Members that had to be present.
    pub quorum_required: u64,
    /// The size of the majority's base (votes cast, voting, present or seated).
    pub base: u64,
    /// Yes votes needed to pass with these numbers (at least 1).
    pub required_yes: u64,
    /// Quorum met and at least `required_yes` yes votes.
    pub passed: bool,
}

/// Decides a vote: quorum first, then the majority.
pub fn evaluate(
    tally: &YesNoAbstain,
    seated: u32,
    present: u32,
    majority: Majority,
    quorum: Quorum,
) -> Result<Outcome, ProcedureError> {
    let (yes, no, abstain) = (
        u64::from(tally.yes),
        u64::from(tally.no),
        u64::from(tally.abstain),
    );
    let votes = yes + no + abstain;
    check_counts(seated, present, votes)?;
    let quorum_required = quorum.required(seated);
    let quorum_met = u64::from(present) >= quorum_required;
    let (base, required_yes) = match majority.base {
        Base::VotesCast => (yes + no, required_against(majority, no)),
        Base::Voting => (votes, required_against(majority, no + abstain)),
        Base::Present => (
            u64::from(present),
            majority
                .fraction
                .least_of(u64::from(present), majority.strict),
        ),
        Base::Seated => (
            u64::from(seated),
            majority
                .fraction
                .least_of(u64::from(seated), majority.strict),
        ),
    };
    let required_yes = required_yes.max(1);
    Ok(Outcome {
        quorum_met,
        quorum_required,
        base,
        required_yes,
        passed: quorum_met && yes >= required_yes,
    })
}

/// Refuses counts that cannot be true together: more present than seated, or more votes (or
/// ballots) than present.
fn check_counts(seated: u32, present: u32, votes: u64) -> Result<(), ProcedureError> {
    if present > seated {
        return Err(ProcedureError::PresentAboveSeated { present, seated });
    }
    if votes > u64::from(present) {
        return Err(ProcedureError::VotesAbovePresent { votes, present });
    }
    Ok(())
}

/// Yes votes needed when the base is yes plus `others`: the least `y` with
/// `y / (y + others)` above or at the fraction; `u64::MAX` when impossible.
fn required_against(majority: Majority, others: u64) -> u64 {
    let (n, d) = (
        u64::from(majority.fraction.num),
        u64::from(majority.fraction.den),
    );
    // y d > n (y + o)  <=>  y (d - n) > n o     (strict)
    // y d >= n (y + o) <=>  y (d - n) >= n o    (at least)
    let gap = d - n;
    if gap == 0 {
        // "All": at least all needs no other votes; "more than all" is impossible.
        return if others == 0 && !majority.strict {
            0
        } else {
            u64::MAX
        };
    }
    if majority.strict {
        n * others / gap + 1
    } else {
        (n * others).div_ceil(gap)
    }
}

/// The outcome of a vote among options: choose one, or approval (each ballot approves one or
/// more options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceOutcome {
    pub quorum_met: bool,
    /// Members that had to be present.
    pub quorum_required: u64,
    /// The size of the majority's base: ballots cast (votes cast or members voting), members
    /// present or members seated; `None` for a plurality.
    pub base: Option<u64>,
    /// Votes the leading option needed (1 for a plurality).
    pub required: u64,
    /// The option with strictly more votes than every other, if there is one.
    pub leader: Option<usize>,
    /// The options tied for the most votes, when two or more are (then there is no leader).
    pub tied: Vec<usize>,
    /// Quorum met, a leader, and the leader has at least `required` votes.
    pub passed: bool,
}

/// Counts of a vote among options that cannot be true together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceError {
    Procedure(ProcedureError),
    /// An option has more votes than there are ballots.
    OptionAboveBallots {
        option: usize,
        votes: u32,
        ballots: u32,
    },
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Procedure(e) => e.fmt(f),
            Self::OptionAboveBallots {
                option,
                votes,
                ballots,
            } => write!(
                f,
                "option {option} has {votes} votes but only {ballots} ballots were cast"
            ),
        }
    }
}

impl std::error::Error for ChoiceError {}

/// Decides a vote among options: quorum first, then the leading option against the majority.
///
/// `votes[i]` is the number of ballots choosing (or approving) option `i`; `ballots` the number
/// of ballots cast. With `majority == None` the vote is decided by plurality: the leading option
/// wins. Otherwise the leading option needs the majority of its base, where "votes cast" and
/// "members voting" both mean the ballots cast (a ballot among options has no abstention): a
/// simple majority is then more than half of the ballots, and an approval vote's leader must be
/// approved on more than half of them. A tie for the most votes decides nothing (no lot: the
/// assembly votes again) and is reported in `tied`.
///
/// ```
/// use asamblea_rules::procedure::{evaluate_choice, Majority, Quorum};
/// // 3 options, 100 ballots: 45 / 35 / 20. Plurality elects option 0; a simple majority does not.
/// let q = Quorum::MORE_THAN_HALF;
/// assert!(evaluate_choice(&[45, 35, 20], 100, 150, 120, None, q).unwrap().passed);
/// let o = evaluate_choice(&[45, 35, 20], 100, 150, 120, Some(Majority::SIMPLE), q).unwrap();
/// assert_eq!((o.leader, o.required, o.passed), (Some(0), 51, false));
/// ```
pub fn evaluate_choice(
    votes: &[u32],
    ballots: u32,
    seated: u32,
    present: u32,
    majority: Option<Majority>,
    quorum: Quorum,
) -> Result<ChoiceOutcome, ChoiceError> {
    check_counts(seated, present, u64::from(ballots)).map_err(ChoiceError::Procedure)?;
    if let Some((option, &v)) = votes.iter().enumerate().find(|(_, v)| **v > ballots) {
        return Err(ChoiceError::OptionAboveBallots {
            option,
            votes: v,
            ballots,
        });
    }
    let quorum_required = quorum.required(seated);
    let quorum_met = u64::from(present) >= quorum_required;
    let most = votes.iter().copied().max().unwrap_or(0);
    let top: Vec<usize> = (0..votes.len()).filter(|i| votes[*i] == most).collect();
    let (leader, tied) = match top.as_slice() {
        [one] if most > 0 => (Some(*one), Vec::new()),
        _ if most == 0 => (None, Vec::new()),
        _ => (None, top),
    };
    let (base, required) = match majority {
        None => (None, 1),
        Some(m) => {
            let base = match m.base {
                Base::VotesCast | Base::Voting => u64::from(ballots),
                Base::Present => u64::from(present),
                Base::Seated => u64::from(seated),
            };
            (Some(base), m.fraction.least_of(base, m.strict).max(1))
        }
    };
    let passed = quorum_met && leader.is_some_and(|l| u64::from(votes[l]) >= required);
    Ok(ChoiceOutcome {
        quorum_met,
        quorum_required,
        base,
        required,
        leader,
        tied,
        passed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(yes: u32, no: u32, abstain: u32) -> YesNoAbstain {
        YesNoAbstain { yes, no, abstain }
    }

    fn run(tally: YesNoAbstain, seated: u32, present: u32, m: Majority) -> Outcome {
        evaluate(&tally, seated, present, m, Quorum::MORE_THAN_HALF).unwrap()
    }

    #[test]
    fn simple_majority_is_more_yes_than_no() {
        assert!(run(t(11, 10, 50), 100, 80, Majority::SIMPLE).passed);
        assert!(
            !run(t(10, 10, 0), 100, 80, Majority::SIMPLE).passed,
            "a tie fails"
        );
        assert_eq!(
            run(t(10, 10, 0), 100, 80, Majority::SIMPLE).required_yes,
            11
        );
        assert!(
            !run(t(0, 0, 60), 100, 80, Majority::SIMPLE).passed,
            "no yes votes: fails"
        );
        assert!(run(t(1, 0, 60), 100, 80, Majority::SIMPLE).passed);
    }

    #[test]
    fn quorum_more_than_half() {
        assert_eq!(Quorum::MORE_THAN_HALF.required(220), 111);
        assert_eq!(Quorum::MORE_THAN_HALF.required(221), 111);
        assert_eq!(Quorum::TWO_THIRDS.required(220), 147);
        assert_eq!(Quorum::TWO_THIRDS.required(3), 2);
        let o = run(t(100, 0, 0), 220, 110, Majority::SIMPLE);
        assert!(!o.quorum_met && !o.passed);
        assert!(run(t(100, 0, 0), 220, 111, Majority::SIMPLE).passed);
        assert!(evaluate(&t(0, 0, 0), 0, 0, Majority::SIMPLE, Quorum::MORE_THAN_HALF).is_ok());
    }

    #[test]
    fn absolute_majority_counts_the_seated() {
        assert_eq!(
            run(t(110, 0, 0), 220, 200, Majority::ABSOLUTE_OF_SEATED).required_yes,
            111
        );
        assert!(!run(t(110, 0, 0), 220, 200, Majority::ABSOLUTE_OF_SEATED).passed);
        assert!(run(t(111, 89, 0), 220, 200, Majority::ABSOLUTE_OF_SEATED).passed);
        assert_eq!(
            run(t(0, 0, 0), 221, 200, Majority::ABSOLUTE_OF_SEATED).required_yes,
            111
        );
    }

    #[test]
    fn two_thirds_of_votes_cast_is_inclusive() {
        // 3 yes >= 2 (yes + no)
        assert!(run(t(20, 10, 5), 60, 40, Majority::TWO_THIRDS_OF_VOTES_CAST).passed);
        assert!(!run(t(19, 10, 5), 60, 40, Majority::TWO_THIRDS_OF_VOTES_CAST).passed);
        assert_eq!(
            run(t(0, 10, 0), 60, 40, Majority::TWO_THIRDS_OF_VOTES_CAST).required_yes,
            20
        );
        assert_eq!(
            run(t(0, 11, 0), 60, 40, Majority::TWO_THIRDS_OF_VOTES_CAST).required_yes,
            22
        );
        assert_eq!(
            run(t(0, 0, 0), 60, 40, Majority::TWO_THIRDS_OF_VOTES_CAST).required_yes,
            1
        );
    }

    #[test]
    fn two_thirds_of_seated_and_three_fifths() {
        assert_eq!(
            run(t(0, 0, 0), 220, 200, Majority::TWO_THIRDS_OF_SEATED).required_yes,
            147
        );
        assert_eq!(
            run(t(0, 0, 0), 300, 200, Majority::TWO_THIRDS_OF_SEATED).required_yes,
            200
        );
        assert_eq!(
            run(t(0, 40, 0), 300, 200, Majority::THREE_FIFTHS_OF_VOTES_CAST).required_yes,
            60
        );
        assert!(run(t(60, 40, 0), 300, 200, Majority::THREE_FIFTHS_OF_VOTES_CAST).passed);
    }

    #[test]
    fn majority_of_members_voting_counts_abstentions() {
        let m = Majority {
            fraction: Fraction::HALF,
            base: Base::Voting,
            strict: true,
        };
        assert!(!run(t(10, 5, 5), 60, 40, m).passed);
        assert!(run(t(11, 5, 5), 60, 40, m).passed);
        assert_eq!(run(t(11, 5, 5), 60, 40, m).base, 21);
    }

    #[test]
    fn unanimity() {
        assert!(run(t(30, 0, 4), 60, 40, Majority::UNANIMITY).passed);
        assert!(!run(t(30, 1, 0), 60, 40, Majority::UNANIMITY).passed);
        assert!(!run(t(0, 0, 40), 60, 40, Majority::UNANIMITY).passed);
        let never = Majority {
            strict: true,
            ..Majority::UNANIMITY
        };
        assert!(!run(t(40, 0, 0), 60, 40, never).passed);
    }

    #[test]
    fn impossible_counts_are_errors() {
        let e = evaluate(
            &t(0, 0, 0),
            10,
            11,
            Majority::SIMPLE,
            Quorum::MORE_THAN_HALF,
        );
        assert_eq!(
            e,
            Err(ProcedureError::PresentAboveSeated {
                present: 11,
                seated: 10
            })
        );
        let e = evaluate(
            &t(5, 5, 1),
            20,
            10,
            Majority::SIMPLE,
            Quorum::MORE_THAN_HALF,
        );
        assert_eq!(
            e,
            Err(ProcedureError::VotesAbovePresent {
                votes: 11,
                present: 10
            })
        );
        let big = evaluate(
            &t(u32::MAX, 0, 0),
            u32::MAX,
            u32::MAX,
            Majority::TWO_THIRDS_OF_SEATED,
            Quorum::TWO_THIRDS,
        );
        assert!(big.unwrap().passed);
    }

    #[test]
    fn fractions_and_names() {
        assert!(Fraction::new(0, 3).is_none());
        assert!(Fraction::new(4, 3).is_none());
        assert_eq!(Fraction::new(3, 3), Some(Fraction::ALL));
        for (name, m) in Majority::NAMED {
            assert_eq!(name.parse::<Majority>(), Ok(m));
        }
        assert!(
            "plurality"
                .parse::<Majority>()
                .unwrap_err()
                .to_string()
                .contains("two-thirds")
        );
        assert_eq!(
            Majority::TWO_THIRDS_OF_SEATED.to_string(),
            "at least two thirds of the members seated"
        );
        assert_eq!(
            Quorum::MORE_THAN_HALF.to_string(),
            "more than half of the members seated"
        );
    }

    /// The definition, checked directly: yes / base above (or at) the fraction.
    fn meets(m: Majority, yes: u64, base: u64) -> bool {
        let (n, d) = (u64::from(m.fraction.num()), u64::from(m.fraction.den()));
        if m.strict {
            yes * d > n * base
        } else {
            yes * d >= n * base
        }
    }

    #[test]
    fn required_yes_is_exactly_the_threshold_of_the_definition() {
        let quorum = Quorum {
            fraction: Fraction::new(1, 3).unwrap(),
            strict: false,
        };
        for (_, m) in Majority::NAMED {
            for seated in 0u32..13 {
                for present in 0..=seated {
                    for yes in 0..=present {
                        for no in 0..=(present - yes) {
                            for abstain in 0..=(present - yes - no) {
                                let t = YesNoAbstain { yes, no, abstain };
                                let o = evaluate(&t, seated, present, m, quorum).unwrap();
                                let (y, n, a) = (u64::from(yes), u64::from(no), u64::from(abstain));
                                let base = match m.base {
                                    Base::VotesCast => y + n,
                                    Base::Voting => y + n + a,
                                    Base::Present => u64::from(present),
                                    Base::Seated => u64::from(seated),
                                };
                                assert_eq!(o.base, base);
                                let quorum_met = u64::from(present) * 3 >= u64::from(seated);
                                assert_eq!(o.quorum_met, quorum_met);
                                let expected = quorum_met && yes > 0 && meets(m, y, base);
                                assert_eq!(
                                    o.passed, expected,
                                    "{m} {t:?} seated {seated} present {present}: {o:?}"
                                );
                                // `required_yes` is the least yes count that would pass with the
                                // other votes unchanged.
                                if o.required_yes < u64::MAX {
                                    let others = base.saturating_sub(y);
                                    let r = o.required_yes;
                                    let base_at = |yy: u64| match m.base {
                                        Base::VotesCast | Base::Voting => yy + others,
                                        _ => base,
                                    };
                                    assert!(meets(m, r, base_at(r)), "{m} {t:?}: {r}");
                                    if r > 1 {
                                        assert!(!meets(m, r - 1, base_at(r - 1)), "{m} {t:?}: {r}");
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn choice_plurality_and_majorities() {
        let q = Quorum::MORE_THAN_HALF;
        let o = evaluate_choice(&[45, 35, 20], 100, 150, 120, None, q).unwrap();
        assert_eq!((o.leader, o.required, o.passed), (Some(0), 1, true));
        let o = evaluate_choice(&[51, 29, 20], 100, 150, 120, Some(Majority::SIMPLE), q).unwrap();
        assert_eq!((o.base, o.required, o.passed), (Some(100), 51, true));
        let o = evaluate_choice(&[50, 30, 20], 100, 150, 120, Some(Majority::SIMPLE), q).unwrap();
        assert!(!o.passed, "exactly half is not more than half");
        // Absolute majority of the seated: 76 of 150.
        let o = evaluate_choice(
            &[75, 25, 0],
            100,
            150,
            120,
            Some(Majority::ABSOLUTE_OF_SEATED),
            q,
        )
        .unwrap();
        assert_eq!((o.required, o.passed), (76, false));
        // Approval: options may together exceed the ballots; each alone may not.
        let o = evaluate_choice(&[70, 60, 40], 100, 150, 120, Some(Majority::SIMPLE), q).unwrap();
        assert_eq!((o.leader, o.passed), (Some(0), true));
        assert_eq!(
            evaluate_choice(&[101, 0], 100, 150, 120, None, q),
            Err(ChoiceError::OptionAboveBallots {
                option: 0,
                votes: 101,
                ballots: 100
            })
        );
    }

    #[test]
    fn choice_tie_and_quorum_decide_nothing() {
        let q = Quorum::MORE_THAN_HALF;
        let o = evaluate_choice(&[40, 40, 20], 100, 150, 120, None, q).unwrap();
        assert_eq!(
            (o.leader, o.tied.clone(), o.passed),
            (None, vec![0, 1], false)
        );
        let o = evaluate_choice(&[0, 0], 0, 150, 120, None, q).unwrap();
        assert_eq!((o.leader, o.tied.len(), o.passed), (None, 0, false));
        let o = evaluate_choice(&[60, 10], 70, 150, 75, None, q).unwrap();
        assert!(
            !o.quorum_met && !o.passed,
            "75 of 150 is not more than half"
        );
        assert!(evaluate_choice(&[1], 2, 10, 1, None, q).is_err());
        assert!(evaluate_choice(&[1], 1, 10, 11, None, q).is_err());
    }
}
