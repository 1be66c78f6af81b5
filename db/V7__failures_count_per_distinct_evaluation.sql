-- A trainer's run of failures counts distinct evaluations, not attempts: a poison loss retried on the same
-- trainer (evaluation 1, then 4, then 1 again) is one failure, not two. V2 remembered only the last failed
-- evaluation, so only an immediate repeat was recognised (found by QuarantineFaultIT when a retry of the
-- first failure came back to the failing trainer). Emptied when an attempt on the trainer succeeds.
alter table trainer add column failed_evaluation_ids bigint[] not null default '{}';
update trainer set failed_evaluation_ids = array[last_failed_evaluation_id] where last_failed_evaluation_id is not null;
alter table trainer drop column last_failed_evaluation_id;
