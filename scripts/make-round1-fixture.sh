#!/usr/bin/env bash
# make-round1-fixture.sh — writes services/orchestrator/src/test/resources/round1/: the database a round-1
# orchestrator (commit e4c146a, schema V1 only) leaves when it is killed in the middle of a search, one CSV per
# table plus manifest.json. Tests load it with io.lossforge.orchestrator.round1.Round1Fixture to test the
# upgrade of a round-1 database (issue 9, design section 6, test 7). Run it once; commit its output.
#
# What it does:
#   1. builds commit e4c146a in a temporary `git worktree` outside the repo (package only, never install);
#   2. starts that round-1 trainer jar and orchestrator jar (embedded PostgreSQL 17) on free ports, with their
#      own LOSSFORGE_HOME in a temp dir whose `data` links to ~/.lossforge/data (no dataset is fetched);
#   3. through the round-1 API, all on one task (fashion-mnist, mlp, 6000/500 samples, 2 epochs,
#      seed 1; about 1.5 s a trial, slow enough to catch trials LEASED and QUEUED):
#        succeeded  pop 4 x 2 generations, seed 2, run to SUCCEEDED;
#        cancelled  pop 4 x 2, seed 3, cancelled while generation 0 trains;
#        failed     pop 4 x 3, seed 4, cancelled once in generation 1, then set FAILED with SQL at export
#                   (round 1's API cannot make a FAILED search; the manifest says so);
#        running    pop 8 x 3, seeds ce,ngl, seed 1: the orchestrator is `kill -9`ed as soon as generation 1
#                   has a LEASED and a QUEUED trial, so the database holds live work (and cache hits from
#                   the searches before it, which share its task);
#   4. stops the trainer and the orphaned PostgreSQL (SIGTERM to its postmaster), then starts ONLY PostgreSQL
#      again on that data directory (Round1FixtureExporter, zonky from the test classpath) and exports every
#      public table, flyway_schema_history included, with COPY ... TO STDOUT (csv, header), plus manifest.json.
#
# Usage: scripts/make-round1-fixture.sh            (about 5 minutes on 2 busy cores)
# Env:   ROUND1_WORK=dir  reuse a work directory (keeps the round-1 build there; default: a fresh temp dir,
#                         removed at the end)
set -euo pipefail

COMMIT=e4c146a
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT="$REPO/services/orchestrator/src/test/resources/round1"
WORK=${ROUND1_WORK:-$(mktemp -d /tmp/round1-fixture.XXXXXX)}
KEEP_WORK=${ROUND1_WORK:+yes}
SRC="$WORK/src"
HOME_DIR="$WORK/home"
START=$(date +%s)
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
# shellcheck source=find-jdk.sh
source "$REPO/scripts/find-jdk.sh"
lossforge_find_jdk
JAVA="$JAVA_HOME/bin/java"

log() { echo "[round1 $(( $(date +%s) - START ))s] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$HOME_DIR/postgres/postmaster.pid" ]; then
    kill "$(head -1 "$HOME_DIR/postgres/postmaster.pid")" 2>/dev/null || true
  fi
  if [ -z "$KEEP_WORK" ]; then
    git -C "$REPO" worktree remove --force "$SRC" 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# --- 1. the round-1 jars -------------------------------------------------------------------------------------
if [ ! -f "$SRC/services/orchestrator/target/lossforge-orchestrator.jar" ]; then
  log "building $COMMIT in $SRC"
  git -C "$REPO" worktree add --detach "$SRC" "$COMMIT" >/dev/null
  (cd "$SRC" && ./mvnw -B -q -DskipTests package -pl services/orchestrator,services/trainer -am) > "$WORK/build.log" 2>&1 \
    || { tail -50 "$WORK/build.log" >&2; exit 1; }
fi
[ "$(git -C "$SRC" rev-parse --short=7 HEAD)" = "$COMMIT" ] || { echo "$SRC is not $COMMIT" >&2; exit 1; }

# --- 2. round-1 trainer and orchestrator ---------------------------------------------------------------------
rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR"
ln -s "$HOME/.lossforge/data" "$HOME_DIR/data"
TRAINER_PORT=$(free_port); ORCH_PORT=$(free_port); DB_PORT=$(free_port)
TRAINER="http://127.0.0.1:$TRAINER_PORT"; API="http://127.0.0.1:$ORCH_PORT/api/v1"
LOSSFORGE_HOME="$HOME_DIR" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx768m \
  -jar "$SRC/services/trainer/target/lossforge-trainer.jar" --server.port="$TRAINER_PORT" \
  --lossforge.trainer.data-root="$HOME_DIR/data" > "$WORK/trainer.log" 2>&1 &
PIDS+=($!)
LOSSFORGE_HOME="$HOME_DIR" "$JAVA" --enable-native-access=ALL-UNNAMED \
  -jar "$SRC/services/orchestrator/target/lossforge-orchestrator.jar" --server.port="$ORCH_PORT" \
  --lossforge.orchestrator.home="$HOME_DIR" --lossforge.orchestrator.database.port="$DB_PORT" \
  --lossforge.orchestrator.trainers="$TRAINER" --lossforge.orchestrator.dispatch.interval=100ms \
  > "$WORK/orchestrator.log" 2>&1 &
ORCH_PID=$!
PIDS+=("$ORCH_PID")

await_healthy() {  # url name
  for _ in $(seq 180); do
    curl -sf "$1/actuator/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "$2 did not become healthy; see $WORK/$2.log" >&2; exit 1
}
await_healthy "$TRAINER" trainer
await_healthy "http://127.0.0.1:$ORCH_PORT" orchestrator
log "trainer on $TRAINER_PORT, orchestrator on $ORCH_PORT, its PostgreSQL on $DB_PORT"

sql() { psql -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -Atqc "$1"; }
create() {  # name population generations seed -> id
  local response
  response=$(curl -s -H 'Content-Type: application/json' "$API/searches" -d "$(cat <<EOF
{"name": "$1", "task": {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 6000,
  "validationSamples": 500, "epochs": 2, "seed": 1},
 "search": {"populationSize": $2, "generations": $3, "seedLosses": ["ce", "ngl"], "seed": $4}}
EOF
)")
  jq -er .id <<<"$response" || { echo "creating search $1 failed: $response" >&2; return 1; }
}
await() {  # id jq-condition timeout-seconds
  for _ in $(seq "$3"); do
    curl -sf "$API/searches/$1" | jq -e "$2" >/dev/null && return 0
    sleep 1
  done
  echo "search $1 never satisfied $2: $(curl -sf "$API/searches/$1")" >&2; exit 1
}
cancel() { curl -s -X POST "$API/searches/$1/cancel" | jq -e .state >/dev/null || { echo "cancel $1 failed" >&2; return 1; }; }
trials() {  # id state [generation] -> count of that search's trials in that state
  sql "select count(*) from trial t join candidate c on c.id = t.candidate_id where c.search_id = '$1'
       and t.state = '$2' ${3:+and c.generation = $3}"
}

# --- 3. the searches -----------------------------------------------------------------------------------------
SUCCEEDED=$(create round1-succeeded 4 2 2)
await "$SUCCEEDED" '.state == "SUCCEEDED"' 600
log "succeeded: $SUCCEEDED"

CANCELLED=$(create round1-cancelled 4 2 3)
for _ in $(seq 600); do [ "$(trials "$CANCELLED" LEASED)" -ge 1 ] && break; sleep 0.1; done
cancel "$CANCELLED"
await "$CANCELLED" '.state == "CANCELLED"' 60
log "cancelled: $CANCELLED"

FAILED=$(create round1-failed 4 3 4)
await "$FAILED" '.generation >= 1' 600
cancel "$FAILED"
await "$FAILED" '.state == "CANCELLED"' 60
log "to be set FAILED: $FAILED"

RUNNING=$(create round1-running 8 3 1)
await "$RUNNING" '.generation >= 1' 600
live=no
for _ in $(seq 1200); do
  if [ "$(trials "$RUNNING" LEASED 1)" -ge 1 ] && [ "$(trials "$RUNNING" QUEUED 1)" -ge 1 ]; then live=yes; break; fi
  sleep 0.1
done
kill -9 "$ORCH_PID"
[ "$live" = yes ] || { echo "generation 1 of $RUNNING never had a LEASED and a QUEUED trial" >&2; exit 1; }
log "orchestrator killed in generation 1 of $RUNNING"

# --- 4. stop everything, restart only PostgreSQL and export ---------------------------------------------------
kill "${PIDS[0]}" 2>/dev/null || true  # the trainer: nothing may change the database any more
PG_PID=$(head -1 "$HOME_DIR/postgres/postmaster.pid")
kill "$PG_PID"
while kill -0 "$PG_PID" 2>/dev/null; do sleep 0.2; done
log "round-1 processes stopped; exporting"

(cd "$REPO" && ./mvnw -B -q -pl services/orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test) > "$WORK/export-build.log" 2>&1 \
  || { tail -50 "$WORK/export-build.log" >&2; exit 1; }
ORCH="$REPO/services/orchestrator"
"$JAVA" --enable-native-access=ALL-UNNAMED \
  -cp "$ORCH/target/test-classes:$ORCH/target/classes:$(cat "$WORK/classpath.txt")" \
  io.lossforge.orchestrator.round1.Round1FixtureExporter "$HOME_DIR/postgres" "$OUT" commit="$COMMIT" \
  search.running="$RUNNING" search.succeeded="$SUCCEEDED" search.cancelled="$CANCELLED" search.failed="$FAILED" \
  fail=failed

log "wrote $OUT in $(( $(date +%s) - START ))s:"
ls -l "$OUT" >&2
