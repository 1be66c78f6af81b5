#!/usr/bin/env bash
# Stages off vs on: the same search (fixed seed) on Fashion-MNIST/mlp, each in its own LOSSFORGE_HOME (own
# database, so the hash cache of one run cannot serve the other), one after the other on a quiet machine.
set -u
cd /work/main
source scripts/find-jdk.sh && lossforge_find_jdk
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
cli() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar cli/target/lossforge-cli.jar "$@" 2>/dev/null; }
LOSSFORGE_HOME=/work/exp/data-home cli datasets fetch fashion-mnist
for mode in off on; do
  export LOSSFORGE_HOME=/work/exp/$mode
  mkdir -p "$LOSSFORGE_HOME"; ln -sfn /work/exp/data-home/data "$LOSSFORGE_HOME/data"
  ./lossforge up --port 8180 --trainer-port 8181 --internal-port 8190 || exit 1
  flags=(); [ $mode = off ] && flags=(--no-gradient-equivalence --no-rejection)
  start=$(date +%s)
  id=$(cli search start --url http://127.0.0.1:8180 --json --name "stages-$mode" --dataset fashion-mnist --model mlp \
      --population 24 --generations 30 --train-samples 30000 --validation-samples 5000 --epochs 4 \
      --seed-losses ce,ngl --seed 7 "${flags[@]}" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1)
  echo "$mode search $id started $(date -u)"
  cli search watch "$id" --url http://127.0.0.1:8180 --interval 10s > /work/exp/$mode.watch 2>&1
  echo "$mode ended after $(( $(date +%s) - start )) s"
  key=$(cat $LOSSFORGE_HOME/api-key)
  api() { curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:8180$1"; }
  api /api/v1/searches/$id > /work/exp/$mode.search.json
  api "/api/v1/searches/$id/leaderboard?group=none&limit=1000" > /work/exp/$mode.board-none.json
  api "/api/v1/searches/$id/leaderboard?limit=50" > /work/exp/$mode.board.json
  for p in 0 1 2 3 4 5 6 7; do api "/api/v1/searches/$id/candidates?page=$p&size=200" > /work/exp/$mode.cand.$p.json; done
  echo "$id" > /work/exp/$mode.id
  ./lossforge down
done
echo "all done $(date -u)"
