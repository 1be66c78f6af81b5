-- Issue 11: gradient equivalence. A candidate whose gradient on fixed probe batches matches that of an
-- evaluation of the same task (GradientFingerprint + Equivalence in loss-core) follows that evaluation
-- instead of opening its own, across searches, as a hash-cache hit does.

-- GradientFingerprint.familyKey of the evaluation's loss: '' when its fingerprint is undefined (it is
-- equivalent to nothing), null when not computed yet (rows from before V6; filled at start-up).
alter table evaluation add column family_key text;
create index evaluation_family on evaluation (family_key, task_fingerprint, id) where status in ('OPEN', 'FINISHED');

-- A candidate that follows an evaluation of a different loss found gradient-equivalent to its own.
alter table candidate add column equivalent boolean not null default false;
alter table candidate add constraint candidate_equivalent_check check (not equivalent or reused);
