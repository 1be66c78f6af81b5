-- LossForge orchestrator schema, version 3: results live only in evaluations (V2 copied them there); the
-- round-1 trial table and the candidate columns that duplicated results are dropped.

drop table trial;
drop index candidate_pending;
drop index candidate_cache;
alter table candidate
    drop column outcome, drop column fitness, drop column validation_loss, drop column test_accuracy,
    drop column mean_confidence, drop column result, drop column trainer, drop column attempts,
    drop column cached_from;
alter table candidate
    add constraint candidate_status_check
        check (status in ('PENDING', 'EVALUATING', 'EVALUATED', 'REJECTED', 'UNEVALUATED')),
    add constraint candidate_evaluation_check
        check (status not in ('EVALUATING', 'EVALUATED') or evaluation_id is not null);
create index candidate_unfinished on candidate (search_id, generation) where status in ('PENDING', 'EVALUATING');
create index candidate_followers on candidate (evaluation_id) where status = 'EVALUATING';
create index candidate_hash on candidate (hash);
