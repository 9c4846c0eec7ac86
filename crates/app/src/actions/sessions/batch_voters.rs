//! A batch's voters, read in one statement under the write lock ([`voters`], issue 15): for
//! each ballot (its vote, the voter's account, the delegate a teller names), the voter's own
//! delegate in the vote's assembly (as [`super::rows::own_delegate`] finds it), the standing at
//! the vote of the delegate the ballot is for (as `cast_vote::seat_at_vote` reads it), and that
//! delegate's mark at the vote if they had voted (as [`crate::mark_receipts::marks`] reads it).
//! These were three statements a batch, each a round trip while PostgreSQL held the record's
//! lock; read as a set by the voter's account, PostgreSQL had also read every accredited delegate
//! of the assembly to keep the batch's (1,874 rows dropped for 126).

use asamblea_store::{Tx, TxConn};

use super::cast_vote::Standing;
use crate::AppError;
use crate::domain::{
    AccountId, AssemblyId, DelegateId, DelegatePosition, DelegateStatus, OrganizationId, SeatKind,
    VoteId,
};
use crate::mark_receipts::Mark;

/// One ballot to read for: its vote and the vote's assembly, the voter's account (none for an
/// actor without one) and the delegate a teller names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Asked {
    pub vote_id: VoteId,
    pub assembly_id: AssemblyId,
    pub account_id: Option<AccountId>,
    pub named: Option<DelegateId>,
}

/// What [`voters`] read for one [`Asked`].
pub(crate) struct Voter {
    pub asked: Asked,
    /// The account's own delegate in the assembly ([`super::rows::own_delegate`]).
    pub own: Option<DelegateId>,
    /// The delegate the ballot is for (the named one, else the own), if they are a delegate of
    /// the vote's assembly, with their standing at the vote.
    pub standing: Option<Standing>,
    /// That delegate's mark at the vote, if they had voted.
    pub mark: Option<Mark>,
}

/// The own delegate of each ballot's voter `o`, after the list `b` (vote, assembly, account,
/// named delegate), found by a subquery per ballot through `delegates_account_assembly`;
/// materialized, as the statement reads it twice (SQLite had run the subquery for each).
const OWN: &str = concat!(
    "o AS MATERIALIZED (SELECT b.vote_id, b.assembly_id, b.account_id, b.named_id, (SELECT id ",
    super::rows::own_delegate_where!("b.assembly_id"),
    "= b.account_id ORDER BY CASE WHEN position = 'titular' THEN 0 ELSE 1 END, id LIMIT 1) AS own_id \
     FROM b)"
);

/// The statement of [`voters`], after `b` and [`OWN`]: the delegate each ballot is for joined
/// by id, their standing at the vote, their mark by the key of `vote_casts`.
const VOTERS: &str = concat!(
    "SELECT CAST(o.vote_id AS BIGINT) AS vote_id, CAST(o.assembly_id AS BIGINT) AS assembly_id, \
     CAST(o.account_id AS BIGINT) AS account_id, CAST(o.named_id AS BIGINT) AS named_id, o.own_id, ",
    super::cast_vote::standing_columns!("o.vote_id", "o.assembly_id"),
    ", c.delegate_id AS marked, c.answer, c.participation FROM o \
     LEFT JOIN delegates d ON d.id = COALESCE(o.named_id, o.own_id) AND d.assembly_id = o.assembly_id \
     LEFT JOIN vote_casts c ON c.vote_id = o.vote_id AND c.delegate_id = d.id"
);

/// A row of [`VOTERS`]: the standing's columns are null where the ballot is for no delegate of
/// the assembly.
#[derive(sqlx::FromRow)]
struct Row {
    vote_id: VoteId,
    assembly_id: AssemblyId,
    account_id: Option<AccountId>,
    named_id: Option<DelegateId>,
    own_id: Option<DelegateId>,
    id: Option<DelegateId>,
    status: Option<DelegateStatus>,
    position: Option<DelegatePosition>,
    seat_kind: Option<SeatKind>,
    organization_id: Option<OrganizationId>,
    held_by: Option<DelegateId>,
    holds_for: Option<DelegateId>,
    gave_proxy: i64,
    holds_proxies: i64,
    present: i64,
    marked: Option<i64>,
    answer: Option<Vec<u8>>,
    participation: Option<Vec<u8>>,
}

/// What the batch's ballots `asked` need read, in one statement (on SQLite a `VALUES` list of
/// bound ids, one statement text per number of ballots, kept prepared by the writer's
/// connection; on PostgreSQL the same statement each time, the ballots bound as four arrays).
pub(crate) async fn voters(tx: &mut Tx, asked: &[Asked]) -> Result<Vec<Voter>, AppError> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let account = |a: &Asked| a.account_id.map(AccountId::get);
    let named = |a: &Asked| a.named.map(DelegateId::get);
    let rows: Vec<Row> = match tx.conn() {
        TxConn::Sqlite(c) => {
            let sql = voters_sql(asked.len());
            asked
                .iter()
                .fold(sqlx::query_as(&sql), |q, a| {
                    q.bind(a.vote_id.get())
                        .bind(a.assembly_id.get())
                        .bind(account(a))
                        .bind(named(a))
                })
                .fetch_all(&mut **c)
                .await?
        }
        TxConn::Postgres(c) => {
            sqlx::query_as(&format!(
                "WITH b (vote_id, assembly_id, account_id, named_id) AS \
                 (SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[])), \
                 {OWN} {VOTERS}"
            ))
            .bind(asked.iter().map(|a| a.vote_id.get()).collect::<Vec<_>>())
            .bind(
                asked
                    .iter()
                    .map(|a| a.assembly_id.get())
                    .collect::<Vec<_>>(),
            )
            .bind(asked.iter().map(account).collect::<Vec<_>>())
            .bind(asked.iter().map(named).collect::<Vec<_>>())
            .fetch_all(&mut **c)
            .await?
        }
    };
    Ok(rows.into_iter().map(Row::into_voter).collect())
}

/// SQLite's statement of [`voters`] for `n` ballots, bound in [`Asked`]'s order, anonymous `?`
/// parameters (SQLite finds a numbered one's name by a walk of the list of names, each bind).
pub(crate) fn voters_sql(n: usize) -> String {
    let values = vec!["(?, ?, ?, ?)"; n].join(", ");
    format!(
        "WITH b (vote_id, assembly_id, account_id, named_id) AS (VALUES {values}), {OWN} {VOTERS}"
    )
}

impl Row {
    fn into_voter(self) -> Voter {
        let standing = match (
            self.id,
            self.status,
            self.position,
            self.seat_kind,
            self.organization_id,
        ) {
            (Some(_), Some(status), Some(position), Some(seat_kind), Some(organization_id)) => {
                Some(Standing {
                    status,
                    position,
                    seat_kind,
                    organization_id,
                    held_by: self.held_by,
                    holds_for: self.holds_for,
                    gave_proxy: self.gave_proxy,
                    holds_proxies: self.holds_proxies,
                    present: self.present,
                })
            }
            _ => None,
        };
        let mark = match (self.marked, self.id) {
            (Some(_), Some(d)) => Some(Mark {
                vote_id: self.vote_id.get(),
                delegate_id: d.get(),
                answer: self.answer,
                participation: self.participation,
                kept_outside: None,
            }),
            _ => None,
        };
        Voter {
            asked: Asked {
                vote_id: self.vote_id,
                assembly_id: self.assembly_id,
                account_id: self.account_id,
                named: self.named_id,
            },
            own: self.own_id,
            standing,
            mark,
        }
    }
}
