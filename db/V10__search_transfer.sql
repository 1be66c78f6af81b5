-- Issue 12: a search may end with an automatic study of its best losses (transferTopK). transfer holds the
-- request's TransferSpec (null: none); transfer_study_id the study started once the search SUCCEEDED (null
-- until then). The study loop starts the missing ones, so a crash between the two cannot lose one.
alter table search add column transfer jsonb;
alter table search add column transfer_study_id uuid references study (id);
create index search_transfer_pending on search (id) where transfer is not null and transfer_study_id is null;
