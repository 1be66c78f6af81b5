-- LossForge orchestrator schema, version 2 (round 2): explicit evaluations and attempts, trainer liveness.
--
-- An evaluation is one loss under one task fingerprint: the unit of training work, shared by every candidate of
-- that loss and task. An attempt is one dispatch of an evaluation to a trainer; its id is the trial id the trainer
-- sees and the fencing token every callback names. Round-1 rows are carried over, live ones included: a running
-- search's queued candidates become OPEN evaluations, its leased trials RUNNING attempts with a short grace.

alter table trainer rename column last_seen to last_heartbeat;
alter table trainer rename column busy_until to backoff_until;
alter table trainer rename column failures to consecutive_failures;
alter table trainer
    add column state text not null default 'ACTIVE' check (state in ('ACTIVE', 'LOST', 'QUARANTINED')),
    add column instance_id uuid,                     -- new per trainer process; null for a round-1 trainer
    add column state_reason text,
    add column state_since timestamptz,
    add column quarantined_until timestamptz,
    add column quarantines integer not null default 0,
    add column last_failed_evaluation_id bigint;     -- failures count once per evaluation (a poison loss)

-- A trainer that refused a task (a 400 not about the loss) is not sent that task again for a while.
create table trainer_refusal (
    trainer_id       uuid        not null references trainer (id) on delete cascade,
    task_fingerprint text        not null,
    until            timestamptz not null,
    reason           text,
    primary key (trainer_id, task_fingerprint)
);

alter table search
    add column generation_limit integer,
    add column blocked_reason text,
    add column resumed_at timestamptz;
update search set generation_limit = (spec ->> 'generations')::int;
alter table search alter column generation_limit set not null;

create table evaluation (
    id                 bigserial primary key,
    hash               text        not null,
    task_fingerprint   text        not null,
    expression         text        not null,
    reduction          text        not null,
    task               jsonb       not null,
    dataset            text        not null,
    model              text        not null,
    status             text        not null check (status in ('OPEN', 'FINISHED', 'UNEVALUATED', 'ABANDONED')),
    outcome            text check (outcome in ('SUCCEEDED', 'DIVERGED', 'INVALID_LOSS')),
    fitness            double precision,
    validation_loss    double precision,
    test_accuracy      double precision,
    mean_confidence    double precision,
    result             jsonb,                   -- the trainer's full report (epochs, timings)
    trainer            text,                    -- URL of the trainer that produced the result
    live_attempt_id    uuid,                    -- the one attempt allowed to finish it (LEASED or RUNNING)
    attempts_started   integer     not null default 0,
    failures           integer     not null default 0,  -- budgeted infrastructure failures so far
    last_failure       text,
    ready_at           timestamptz not null,    -- not dispatched before (back-off after some failures)
    created_at         timestamptz not null,
    ended_at           timestamptz,
    first_candidate_id bigint,
    check ((status = 'FINISHED') = (outcome is not null)),
    check (status = 'OPEN' or live_attempt_id is null),
    check (outcome = 'SUCCEEDED' or fitness is null)
);
create unique index evaluation_open_key on evaluation (hash, task_fingerprint) where status = 'OPEN';
create index evaluation_queue on evaluation (ready_at, id) where status = 'OPEN' and live_attempt_id is null;
create index evaluation_reuse on evaluation (hash, task_fingerprint, id) where status = 'FINISHED';
create index evaluation_board on evaluation (dataset, model, fitness desc, id) where outcome = 'SUCCEEDED';

create table attempt (
    id               uuid primary key,
    evaluation_id    bigint      not null references evaluation (id) on delete cascade,
    number           integer     not null,
    trainer_id       uuid references trainer (id) on delete set null,
    trainer_url      text,
    state            text        not null
        check (state in ('LEASED', 'RUNNING', 'FINISHED', 'FAILED', 'EXPIRED', 'SUPERSEDED')),
    outcome          text,                      -- a candidate outcome (FINISHED) or why it ended otherwise
    detail           text,
    claimed_by       text        not null,      -- the orchestrator replica that claimed it
    claimed_at       timestamptz not null,
    sent_at          timestamptz,
    accepted_at      timestamptz,
    lease_deadline   timestamptz,               -- LEASED: confirm (accept or heartbeat) before this
    last_progress_at timestamptz,
    progress         bigint      not null default 0,
    phase            text,
    batches_done     bigint,
    batches_total    bigint,
    ended_at         timestamptz,
    late_report      jsonb,                     -- a report that arrived after the attempt was given up
    late_at          timestamptz,
    unique (evaluation_id, number),
    check ((state in ('LEASED', 'RUNNING')) = (ended_at is null))
);
create index attempt_live_deadline on attempt (lease_deadline) where state in ('LEASED', 'RUNNING');
create index attempt_live_trainer on attempt (trainer_id) where state in ('LEASED', 'RUNNING');
create index attempt_stall on attempt (last_progress_at) where state = 'RUNNING';
create index attempt_evaluation on attempt (evaluation_id);
alter table evaluation add constraint evaluation_live_attempt_fk foreign key (live_attempt_id)
    references attempt (id) deferrable initially deferred;

alter table candidate drop constraint candidate_status_check;   -- PostgreSQL's name for V1's inline check
alter table candidate
    add column evaluation_id bigint references evaluation (id),
    add column reused boolean not null default false;

-- (a) each trained result, and each loss round 1's trainer refused to compile, becomes a FINISHED evaluation
insert into evaluation (hash, task_fingerprint, expression, reduction, task, dataset, model, status, outcome,
                        fitness, validation_loss, test_accuracy, mean_confidence, result, trainer, attempts_started,
                        ready_at, created_at, ended_at, first_candidate_id)
select c.hash, c.task_fingerprint, c.expression, c.reduction, s.task, s.dataset, s.model, 'FINISHED',
       case when c.outcome = 'FAILED' then 'INVALID_LOSS' else c.outcome end,
       case when c.outcome = 'SUCCEEDED' then c.fitness end,
       c.validation_loss, c.test_accuracy, c.mean_confidence, c.result, c.trainer, c.attempts,
       c.created_at, c.created_at, coalesce(c.evaluated_at, c.created_at), c.id
from candidate c join search s on s.id = c.search_id
where c.status = 'DONE' and c.cached_from is null
  and (c.outcome in ('SUCCEEDED', 'DIVERGED')
       or (c.outcome = 'FAILED' and c.result ->> 'message' like 'refused by trainer %"field":"expression"%'));

-- (b) queued candidates of running searches: one OPEN evaluation per loss and task, oldest first
insert into evaluation (hash, task_fingerprint, expression, reduction, task, dataset, model, status, failures,
                        attempts_started, ready_at, created_at, first_candidate_id)
select distinct on (c.hash, c.task_fingerprint)
       c.hash, c.task_fingerprint, c.expression, c.reduction, s.task, s.dataset, s.model, 'OPEN',
       greatest(c.attempts - 1, 0),
       (select count(*) from trial t where t.candidate_id = c.id and t.state <> 'QUEUED'),
       coalesce((select min(t.created_at) from trial t where t.candidate_id = c.id and t.state = 'QUEUED'),
                c.created_at),
       c.created_at, c.id
from candidate c join search s on s.id = c.search_id and s.state = 'RUNNING'
where c.status = 'QUEUED'
order by c.hash, c.task_fingerprint, c.id;

update candidate c set evaluation_id = e.id, status = 'EVALUATED'
from evaluation e where e.first_candidate_id = c.id and e.status = 'FINISHED';
update candidate c set evaluation_id = e.id, status = 'EVALUATING', reused = (e.first_candidate_id <> c.id)
from evaluation e, search s
where s.id = c.search_id and s.state = 'RUNNING' and c.status = 'QUEUED'
  and e.status = 'OPEN' and e.hash = c.hash and e.task_fingerprint = c.task_fingerprint;
-- cache hits and WAITING followers take their leader's evaluation
update candidate c set evaluation_id = r.evaluation_id, reused = true,
       status = case when c.status = 'WAITING' then 'EVALUATING' else 'EVALUATED' end
from candidate r where c.cached_from = r.id and r.evaluation_id is not null and c.evaluation_id is null;

-- (c) the rest: REJECTED stays a result; an infrastructure FAILED/CANCELLED in a running search's current
--     generation is screened again with a fresh budget, older ones are UNEVALUATED (never ranked); unfinished
--     candidates of stopped searches wait, PENDING, for a resume
update candidate c set evaluation_id = null, status = case
        when c.status = 'DONE' and c.outcome = 'REJECTED' then 'REJECTED'
        when s.state = 'RUNNING' and c.generation in (-1, s.generation) then 'PENDING'
        when c.status in ('QUEUED', 'WAITING', 'PENDING') then 'PENDING'
        else 'UNEVALUATED' end
from search s
where s.id = c.search_id and c.evaluation_id is null and c.status in ('DONE', 'QUEUED', 'WAITING', 'PENDING');

-- (d) trials become attempts; a LEASED trial keeps its id (its trainer may still call back) and a grace lease
insert into attempt (id, evaluation_id, number, trainer_id, trainer_url, state, outcome, claimed_by, claimed_at,
                     sent_at, accepted_at, lease_deadline, last_progress_at, ended_at)
select t.id::uuid, e.id, t.attempt, t.trainer_id, tr.url,
       case t.state when 'LEASED' then 'RUNNING' when 'DONE' then 'FINISHED' when 'EXPIRED' then 'EXPIRED'
                    else 'SUPERSEDED' end,
       case t.state when 'EXPIRED' then 'LEASE_EXPIRED' when 'DONE' then e.outcome end,
       'round-1', coalesce(t.dispatched_at, t.created_at), t.dispatched_at, t.dispatched_at,
       case when t.state = 'LEASED' then now() + interval '2 minutes' end,
       case when t.state = 'LEASED' then now() end,
       case when t.state <> 'LEASED' then coalesce(t.finished_at, now()) end
from trial t
join candidate c on c.id = t.candidate_id
left join trainer tr on tr.id = t.trainer_id
join evaluation e on e.id = c.evaluation_id and e.first_candidate_id = c.id
where t.state <> 'QUEUED' and (t.state <> 'LEASED' or e.status = 'OPEN')
  and (t.state <> 'DONE' or e.status = 'FINISHED');
update evaluation e set live_attempt_id = a.id from attempt a where a.evaluation_id = e.id and a.state = 'RUNNING';
