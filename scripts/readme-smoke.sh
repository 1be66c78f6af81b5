#!/usr/bin/env bash
# Runs the README's commands as written (with <id> and <hash> filled in), against the real stack on the
# default ports, so that the README cannot drift from what works. Called by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
trap './lossforge down >/dev/null 2>&1 || true' EXIT

step() { printf '\n$ %s\n' "$*"; }
fail() { echo "smoke: $*" >&2; exit 1; }

# Security is on: every curl of the documentation that calls /api must show the key header, or a reader
# copying it gets a 401.
for doc in README.md helm/README.md docker-compose.yml; do
  if grep -n 'curl .*/api/' "$doc" | grep -v 'Authorization: Bearer'; then
    fail "$doc has a curl to /api without -H \"Authorization: Bearer ...\" (lines above)"
  fi
done

home="${LOSSFORGE_HOME:-$HOME/.lossforge}"

step ./lossforge loss list;                          ./lossforge loss list
step ./lossforge loss show "'exp(2.4092 - p*(1 + y)) - cos(cos(sin(p)))'"
./lossforge loss show 'exp(2.4092 - p*(1 + y)) - cos(cos(sin(p)))' | head -8
step ./lossforge loss eval ngl ...;                  ./lossforge loss eval ngl --logits '[[1,2,3],[0,0,5]]' --labels '[2,0]' --json
step ./lossforge loss screen "'p * 2'"
set +e; ./lossforge loss screen 'p * 2'; code=$?; set -e
[ "$code" -eq 3 ] || { echo "smoke: loss screen exit code $code, README says 3" >&2; exit 1; }

step ./lossforge key new --role operator --name ci;  ./lossforge key new --role operator --name ci | tee /tmp/lossforge-smoke-key.txt
grep -q '^LOSSFORGE_ORCHESTRATOR_SECURITY_APIKEYS_0_SHA256=[0-9a-f]\{64\}$' /tmp/lossforge-smoke-key.txt \
  || fail "key new printed no SHA256 environment line"

step ./lossforge up;                                 ./lossforge up
# Zero set-up: up generated the key and both tokens, readable by this user only.
for f in api-key internal-token scrape-token; do
  [ "$(stat -c %a "$home/$f")" = 600 ] || fail "$home/$f has mode $(stat -c %a "$home/$f"), not 600"
done
[ "$(stat -c %a "$home")" = 700 ] || fail "$home has mode $(stat -c %a "$home"), not 700"
# The README's curls read ~/.lossforge/api-key; this is the same file ($LOSSFORGE_HOME when set).
auth="Authorization: Bearer $(cat "$home/api-key")"
step curl .../api/v1/searches "(no key: 401)"
status=$(curl -sS -o /tmp/lossforge-smoke-401.json -w '%{http_code}' localhost:8080/api/v1/searches)
cat /tmp/lossforge-smoke-401.json; echo
[ "$status" = 401 ] && grep -q 'urn:lossforge:problem:unauthorized' /tmp/lossforge-smoke-401.json \
  || fail "/api without a key answered $status, not the 401 unauthorized problem"
step curl .../actuator/health "(open)";            curl -fsS localhost:8080/actuator/health; echo
step curl .../actuator/prometheus "(scrape token)"
[ "$(curl -s -o /dev/null -w '%{http_code}' localhost:8080/actuator/prometheus)" = 401 ] \
  || fail "the metrics answered without the scrape token"
curl -fsS -o /tmp/lossforge-smoke-metrics.txt -H "Authorization: Bearer $(cat "$home/scrape-token")" \
  localhost:8080/actuator/prometheus || fail "the metrics refused the scrape token"
grep -m1 '^lossforge_' /tmp/lossforge-smoke-metrics.txt || fail "no lossforge_ metric in /actuator/prometheus"
step curl :8090/api/v1/searches "(the internal port serves no API: 404)"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" localhost:8090/api/v1/searches)" = 404 ] \
  || fail "the internal port served /api"
# up is idempotent: with the orchestrator running and its trainer gone, it starts only the trainer
trainer_pid=$(cat "$home/run/trainer.pid")
orchestrator_pid=$(cat "$home/run/orchestrator.pid")
kill -9 "$trainer_pid"
step ./lossforge up "(again, its trainer killed)";  ./lossforge up
[ "$(cat "$home/run/orchestrator.pid")" = "$orchestrator_pid" ] \
  || { echo "smoke: a second up replaced the running orchestrator" >&2; exit 1; }
[ "$(cat "$home/run/trainer.pid")" != "$trainer_pid" ] \
  || { echo "smoke: a second up did not start the missing trainer" >&2; exit 1; }
step ./lossforge datasets list;                      ./lossforge datasets list
step curl -X POST .../api/v1/searches
search=$(curl -s -X POST localhost:8080/api/v1/searches -H "$auth" -H 'Content-Type: application/json' -d '{
  "name": "fmnist-mlp",
  "task":   {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 4000, "validationSamples": 1000, "epochs": 1},
  "search": {"populationSize": 12, "generations": 4, "seedLosses": ["ce", "ngl"], "seed": 1}}')
echo "$search"
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<< "$search")
[ -n "$id" ] || { echo "smoke: no search id in the answer" >&2; exit 1; }
step curl .../api/v1/searches/$id;                   curl -fsS "localhost:8080/api/v1/searches/$id" -H "$auth"; echo
step curl .../leaderboard;                           curl -fsS "localhost:8080/api/v1/searches/$id/leaderboard?limit=10" -H "$auth"; echo
step curl .../generations;                           curl -fsS "localhost:8080/api/v1/searches/$id/generations" -H "$auth"; echo
step curl .../losses/screen
screened=$(curl -fsS -X POST localhost:8080/api/v1/losses/screen -H "$auth" -H 'Content-Type: application/json' -d '{"expression": "p*y"}')
echo "$screened"
hash=$(sed -n 's/.*"hash":"\([^"]*\)".*/\1/p' <<< "$screened")
step ./lossforge search list;                        ./lossforge search list
step ./lossforge search show "$id";                  ./lossforge search show "$id"
step ./lossforge leaderboard "$id" --limit 20;       ./lossforge leaderboard "$id" --limit 20
step ./lossforge leaderboard "$id" --hall-of-fame;  ./lossforge leaderboard "$id" --hall-of-fame
step ./lossforge search audit "$id";                 ./lossforge search audit "$id"
step ./lossforge export "$hash" --format pytorch;    ./lossforge export "$hash" --format pytorch
step ./lossforge status;                             ./lossforge status
step curl -X POST .../cancel
# With every evaluation already in the cache (a reused LOSSFORGE_HOME) the search may have ended by now:
# then the documented answer is 409 with the conflict problem, which is just as much the README's truth.
cancel_status=$(curl -sS -o /tmp/lossforge-smoke-cancel.json -w '%{http_code}' -X POST "localhost:8080/api/v1/searches/$id/cancel" -H "$auth")
cat /tmp/lossforge-smoke-cancel.json; echo
case "$cancel_status" in
  202) ;;
  409) grep -q 'urn:lossforge:problem:conflict' /tmp/lossforge-smoke-cancel.json \
         || { echo "smoke: cancel answered 409 without the conflict problem" >&2; exit 1; } ;;
  *) echo "smoke: cancel answered $cancel_status" >&2; exit 1 ;;
esac
# Cancelled, it resumes; ended SUCCEEDED (the 409 above), --generations extends it: both are 200.
step ./lossforge search resume "$id" --generations 2; ./lossforge search resume "$id" --generations 2
step curl -X POST .../resume
curl -sS -X POST "localhost:8080/api/v1/searches/$id/cancel" -H "$auth" >/dev/null  # 202, or 409 if it ended meanwhile
curl -fsS -X POST "localhost:8080/api/v1/searches/$id/resume" -H "$auth" -H 'Content-Type: application/json' -d '{"generations": 2}'; echo
curl -sS -X POST "localhost:8080/api/v1/searches/$id/cancel" -H "$auth" >/dev/null  # 202, or 409 if it ended meanwhile
step curl .../api/v1/trainers;                       curl -fsS localhost:8080/api/v1/trainers -H "$auth"; echo
step ./lossforge search start ... --watch
./lossforge search start --dataset fashion-mnist --model mlp --population 4 --generations 2 --train-samples 1000 \
  --validation-samples 500 --watch
step ./lossforge study start ... --watch
./lossforge study start --name small --loss poly1 --loss 'ce+l2=ce@weightDecay=0.0005' \
    --task 'fashion-mnist/mlp:trainSamples=1000,validationSamples=500,seed=1' \
    --task 'fashion-mnist/mlp:trainSamples=1000,validationSamples=500,seed=1,classGroups=[[0,2,4,6],[5,7,9]]' \
    --seeds 2 --watch | tee /tmp/lossforge-smoke-study.txt
study=$(sed -n 's/^study \([0-9a-f-]*\): .*/\1/p' /tmp/lossforge-smoke-study.txt | head -1)
[ -n "$study" ] || fail "study start printed no study id"
grep -q '^FINISHED ' /tmp/lossforge-smoke-study.txt || fail "the study did not finish"
step ./lossforge study show "$study";                ./lossforge study show "$study"
step ./lossforge study report "$study" --format markdown
./lossforge study report "$study" --format markdown | tee /tmp/lossforge-smoke-report.md
grep -q '^| `ce` |' /tmp/lossforge-smoke-report.md || fail "the study report has no ce row"
grep -q 'fashion-mnist/mlp 2 classes' /tmp/lossforge-smoke-report.md || fail "the report lacks the derived task"
if grep -q 'did not start from the reference' /tmp/lossforge-smoke-report.md; then
  fail "the study's losses did not start from the same initial weights"
fi
step ./lossforge down;                               ./lossforge down
trap - EXIT
echo "smoke: the README's commands work"
