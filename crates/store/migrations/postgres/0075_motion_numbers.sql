-- Motions (and their amendments) are numbered per assembly: an assembly's first motion is
-- "Moción #1" whatever other assemblies on the same server have proposed. Until now the number
-- shown was the row id, shared by every assembly. Existing motions are numbered in the order
-- they were proposed, within their assembly.
ALTER TABLE motions ADD COLUMN number BIGINT NOT NULL DEFAULT 0;
UPDATE motions SET number = n.num
    FROM (SELECT m.id AS id, ROW_NUMBER() OVER (PARTITION BY s.assembly_id ORDER BY m.id) AS num
          FROM motions m JOIN assembly_sessions s ON s.id = m.session_id) AS n
    WHERE motions.id = n.id;
