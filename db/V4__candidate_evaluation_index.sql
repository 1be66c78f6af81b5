-- LossForge orchestrator schema, version 4: the searches following an evaluation are looked up when it
-- ends, after its followers left EVALUATING (so the partial candidate_followers index does not cover them):
-- without this index that lookup scanned the whole candidate table inside every result transaction.
create index candidate_evaluation on candidate (evaluation_id);
