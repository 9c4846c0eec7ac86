//! Verifying and exporting the record, page by page in constant memory.

use crate::Store;
use crate::error::StoreError;
use asamblea_record::{BreakReason, ChainVerifier, CheckpointLine, VerifyReport};
use std::io::Write;

/// Entries read per query while verifying or exporting.
const PAGE: i64 = 1000;

impl Store {
    /// Verifies the record with the key the database records: [`Store::verify_log`] with no
    /// pinned key and no earlier checkpoint.
    pub async fn verify(&self) -> Result<VerifyReport, StoreError> {
        self.verify_log(None, &[]).await
    }

    /// Writes the record as JSON lines (one [`asamblea_record::Entry`] per line) up to the
    /// current head, verifying it on the way, then signs that head and writes the checkpoint
    /// line `{"checkpoint":{...}}`. An empty record writes nothing.
    ///
    /// If the chain is broken, stops with `Err(StoreError::Broken(_))` after writing the
    /// entries before the bad position, and signs nothing.
    pub async fn export<W: Write>(&self, mut writer: W) -> Result<VerifyReport, StoreError> {
        let Some((head, _)) = self.head().await? else {
            writer.flush()?;
            return Ok(ChainVerifier::new().finish());
        };
        let mut verifier = ChainVerifier::new();
        self.walk(&mut verifier, head, |entry| {
            serde_json::to_writer(&mut writer, entry).map_err(std::io::Error::from)?;
            writer.write_all(b"\n")?;
            Ok(())
        })
        .await?;
        let mut report = verifier.finish();
        let cp = self
            .checkpoint_at(report.last_position, &report.last_hash)
            .await?;
        serde_json::to_writer(
            &mut writer,
            &CheckpointLine {
                checkpoint: cp.clone(),
            },
        )
        .map_err(std::io::Error::from)?;
        writer.write_all(b"\n")?;
        writer.flush()?;
        report.checkpoint = Some(cp);
        Ok(report)
    }

    /// Feeds entries `1..=up_to` to `verifier`, calling `each` on every verified entry.
    pub(crate) async fn walk<F>(
        &self,
        verifier: &mut ChainVerifier,
        up_to: i64,
        mut each: F,
    ) -> Result<(), StoreError>
    where
        F: FnMut(&asamblea_record::Entry) -> Result<(), StoreError>,
    {
        let mut after = 0;
        loop {
            let rows = self.rows_after(after, PAGE).await?;
            let done = (rows.len() as i64) < PAGE;
            for row in rows {
                if row.position > up_to {
                    return Ok(());
                }
                after = row.position;
                let entry = row
                    .into_entry()
                    .map_err(|detail| verifier.broken_here(BreakReason::BadRow { detail }))?;
                verifier.push(&entry)?;
                each(&entry)?;
            }
            if done {
                return Ok(());
            }
        }
    }
}
