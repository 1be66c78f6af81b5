-- Issue 11: multi-fidelity (successive halving within a generation). A candidate promoted from rung r to
-- r + 1 gets a row of its own at rung r + 1 (same generation and position, the rung's task fingerprint),
-- so that each (candidate, rung) has its one evaluation and a rung's decisions are never overwritten.
-- Rung 0 is the smallest budget; searches with one rung (all rows before this migration) hold rung 0 only.
alter table candidate add column rung integer not null default 0;
alter table candidate add constraint candidate_rung_check check (rung >= 0);
alter table candidate drop constraint candidate_search_id_generation_position_key;
alter table candidate add constraint candidate_search_generation_position_rung
    unique (search_id, generation, position, rung);
