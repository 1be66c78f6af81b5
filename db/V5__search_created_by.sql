-- Issue 10: a search remembers the API key that started it, so that one key cannot run more than its
-- share of searches (lossforge.orchestrator.limits.running-searches-per-key). Searches from before API
-- keys have none and count against nobody.
alter table search add column created_by text;

-- The limit check counts a key's live searches on every start.
create index search_live_by_key on search (created_by) where state in ('QUEUED', 'RUNNING');
