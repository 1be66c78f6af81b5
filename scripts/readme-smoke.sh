#!/usr/bin/env bash
# Runs the README's commands as written (with <id> and <hash> filled in), against the real stack on the
# default ports, so that the README cannot drift from what works. Called by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
trap './lossforge down >/dev/null 2>&1 || true' EXIT

step() { printf '\n$ %s\n' "$*"; }

step ./lossforge loss list;                          ./lossforge loss list
step ./lossforge loss show "'exp(2.4092 - p*(1 + y)) - cos(cos(sin(p)))'"
./lossforge loss show 'exp(2.4092 - p*(1 + y)) - cos(cos(sin(p)))' | head -8
step ./lossforge loss eval ngl ...;                  ./lossforge loss eval ngl --logits '[[1,2,3],[0,0,5]]' --labels '[2,0]' --json
step ./lossforge loss screen "'p * 2'"
set +e; ./lossforge loss screen 'p * 2'; code=$?; set -e
[ "$code" -eq 3 ] || { echo "smoke: loss screen exit code $code, README says 3" >&2; exit 1; }

step ./lossforge up;                                 ./lossforge up
# up is idempotent: with the orchestrator running and its trainer gone, it starts only the trainer
trainer_pid=$(cat "${LOSSFORGE_HOME:-$HOME/.lossforge}/run/trainer.pid")
orchestrator_pid=$(cat "${LOSSFORGE_HOME:-$HOME/.lossforge}/run/orchestrator.pid")
kill -9 "$trainer_pid"
step ./lossforge up "(again, its trainer killed)";  ./lossforge up
[ "$(cat "${LOSSFORGE_HOME:-$HOME/.lossforge}/run/orchestrator.pid")" = "$orchestrator_pid" ] \
  || { echo "smoke: a second up replaced the running orchestrator" >&2; exit 1; }
[ "$(cat "${LOSSFORGE_HOME:-$HOME/.lossforge}/run/trainer.pid")" != "$trainer_pid" ] \
  || { echo "smoke: a second up did not start the missing trainer" >&2; exit 1; }
step ./lossforge datasets list;                      ./lossforge datasets list
step curl -X POST .../api/v1/searches
search=$(curl -s -X POST localhost:8080/api/v1/searches -H 'Content-Type: application/json' -d '{
  "name": "fmnist-mlp",
  "task":   {"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 4000, "validationSamples": 1000, "epochs": 1},
  "search": {"populationSize": 12, "generations": 4, "seedLosses": ["ce", "ngl"], "seed": 1}}')
echo "$search"
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<< "$search")
[ -n "$id" ] || { echo "smoke: no search id in the answer" >&2; exit 1; }
step curl .../api/v1/searches/$id;                   curl -fsS "localhost:8080/api/v1/searches/$id"; echo
step curl .../leaderboard;                           curl -fsS "localhost:8080/api/v1/searches/$id/leaderboard?limit=10"; echo
step curl .../generations;                           curl -fsS "localhost:8080/api/v1/searches/$id/generations"; echo
step curl .../losses/screen
screened=$(curl -fsS -X POST localhost:8080/api/v1/losses/screen -H 'Content-Type: application/json' -d '{"expression": "p*y"}')
echo "$screened"
hash=$(sed -n 's/.*"hash":"\([^"]*\)".*/\1/p' <<< "$screened")
step ./lossforge search list;                        ./lossforge search list
step ./lossforge search show "$id";                  ./lossforge search show "$id"
step ./lossforge leaderboard "$id" --limit 20;       ./lossforge leaderboard "$id" --limit 20
step ./lossforge export "$hash" --format pytorch;    ./lossforge export "$hash" --format pytorch
step ./lossforge status;                             ./lossforge status
step curl -X POST .../cancel
# With every evaluation already in the cache (a reused LOSSFORGE_HOME) the search may have ended by now:
# then the documented answer is 409 with the conflict problem, which is just as much the README's truth.
cancel_status=$(curl -sS -o /tmp/lossforge-smoke-cancel.json -w '%{http_code}' -X POST "localhost:8080/api/v1/searches/$id/cancel")
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
curl -sS -X POST "localhost:8080/api/v1/searches/$id/cancel" >/dev/null  # 202, or 409 if it ended meanwhile
curl -fsS -X POST "localhost:8080/api/v1/searches/$id/resume" -H 'Content-Type: application/json' -d '{"generations": 2}'; echo
curl -sS -X POST "localhost:8080/api/v1/searches/$id/cancel" >/dev/null  # 202, or 409 if it ended meanwhile
step curl .../api/v1/trainers;                       curl -fsS localhost:8080/api/v1/trainers; echo
step ./lossforge search start ... --watch
./lossforge search start --dataset fashion-mnist --model mlp --population 4 --generations 2 --train-samples 1000 \
  --validation-samples 500 --watch
step ./lossforge down;                               ./lossforge down
trap - EXIT
echo "smoke: the README's commands work"
