-- An election opened by mistake is cancelled, before or after its vote opens, with the reason.
-- It keeps its status (where it stopped); a cancelled election counts nothing and seats no one.
ALTER TABLE elections ADD COLUMN cancelled_at TEXT;
ALTER TABLE elections ADD COLUMN cancel_reason TEXT;
