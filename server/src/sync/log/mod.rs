//! A user's change log (DESIGN §5), and the one way anything is added to
//! it: the ops a phone sends (`apply.rs`) and the changes the server makes
//! for a therapist (`care::patient::set_prescription`) alike. An append
//! locks the user's row, hands out the next change numbers, resolves each op
//! against what is stored by the op table's rule
//! (`app/src/domain/sync/table.rs`: [`replaces`](app::domain::sync::replaces), and [`therapist_stamp`](app::domain::sync::therapist_stamp)
//! for a therapist's change), and writes the change rows and the
//! applied-op rows (the replay guard).

use crate::db::entities::user;
use app::domain::sync::{Change, Op, OpRejection};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

mod batch;
use batch::Batch;

/// Who the ops of an append come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// A patient's device, by its id: its ops keep the stamps it gave them,
    /// and it cannot set a therapist's prescription.
    Device(Uuid),
    /// A linked therapist, by their account id, through the server: the
    /// server stamps the change by [`therapist_stamp`](app::domain::sync::therapist_stamp), and the log names the
    /// therapist's account as its device (no phone has that id).
    Therapist(Uuid),
}

impl Author {
    fn device_id(self) -> Uuid {
        match self {
            Author::Device(id) | Author::Therapist(id) => id,
        }
    }
}

/// What happened to one op of an append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Logged under this change number.
    Applied(i64),
    /// Applied before (its id is in the replay guard): nothing written.
    Duplicate,
    /// Refused, with the reason the patient is shown.
    Rejected(String),
}

/// One user's change log, locked for the rest of a transaction.
pub struct Log<'a> {
    txn: &'a DatabaseTransaction,
    user_id: Uuid,
    /// The last change number handed out before this append.
    last: i64,
}

/// What an append did: each op's outcome, in order, and the changes it
/// added to the log, as a pull would give them.
pub struct Appended {
    pub outcomes: Vec<Outcome>,
    pub changes: Vec<Change>,
    /// The last change number now handed out.
    pub last: i64,
}

impl<'a> Log<'a> {
    /// Locks `user_id`'s log; none when there is no such user.
    pub async fn lock(txn: &'a DatabaseTransaction, user_id: Uuid) -> Result<Option<Self>, DbErr> {
        // Writing the user's row first takes its lock (PostgreSQL) or the
        // write lock (SQLite): appends to one user's log get their change
        // numbers one after another, and commit in that order, so a puller
        // never skips a change.
        let locked = user::Entity::update_many()
            .col_expr(user::Column::ChangeSeq, Expr::col(user::Column::ChangeSeq))
            .filter(user::Column::Id.eq(user_id))
            .exec(txn)
            .await?;
        if locked.rows_affected == 0 {
            return Ok(None);
        }
        let last = user::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .map(|u| u.change_seq);
        Ok(last.map(|last| Self { txn, user_id, last }))
    }

    /// The last change number handed out before this append.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// Appends `ops` (those that failed their checks are given back
    /// rejected) from `author`, and keeps the last change number on the
    /// user's row. What the ops need is read up front and the rows are
    /// written in bulk at the end (see [`Batch`]), for one op or 500.
    pub async fn append(
        self,
        author: Author,
        ops: &[Result<Op, OpRejection>],
    ) -> Result<Appended, DbErr> {
        let mut seq = self.last;
        let mut batch = Batch::prefetch(self.txn, self.user_id, author, ops).await?;
        let mut outcomes = Vec::with_capacity(ops.len());
        for op in ops {
            let outcome = match op {
                Err(rejection) => Outcome::Rejected(rejection.to_string()),
                Ok(op) => batch.apply(op, seq + 1).await?,
            };
            if let Outcome::Applied(new_seq) = outcome {
                seq = new_seq;
            }
            outcomes.push(outcome);
        }
        let changes = batch.write_log().await?;
        if seq != self.last {
            user::Entity::update_many()
                .col_expr(user::Column::ChangeSeq, Expr::value(seq))
                .filter(user::Column::Id.eq(self.user_id))
                .exec(self.txn)
                .await?;
        }
        Ok(Appended {
            outcomes,
            changes,
            last: seq,
        })
    }
}
