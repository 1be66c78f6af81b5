#!/usr/bin/env bash
# Multi-fidelity on: the "on2" search of docs/search.md (stages on) with --rungs 3 --eta 3 --islands 4 --migration-interval 5 --tune-constants 1, in its own
# LOSSFORGE_HOME; then extended (resume) toward on2's trainer-seconds.
set -u
cd /work/main
source scripts/find-jdk.sh && lossforge_find_jdk
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
cli() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar /work/exp/lossforge-cli-isl.jar "$@" 2>/dev/null; }
mode=isl
export LOSSFORGE_HOME=/work/exp/$mode
mkdir -p "$LOSSFORGE_HOME"
[ -e "$LOSSFORGE_HOME/data" ] || ln -sfn /work/exp/data-home/data "$LOSSFORGE_HOME/data"
LOSSFORGE_HOME=/work/exp/data-home cli datasets fetch fashion-mnist
./lossforge up --port 8180 --trainer-port 8181 --internal-port 8190 || exit 1
start=$(date +%s)
id=$(cli search start --url http://127.0.0.1:8180 --json --name "stages-$mode" --dataset fashion-mnist --model mlp \
    --population 24 --generations 30 --train-samples 30000 --validation-samples 5000 --epochs 4 \
    --seed-losses ce,ngl --seed 7 --rungs 3 --eta 3 --islands 4 --migration-interval 5 --tune-constants 1 | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1)
echo "$id" > /work/exp/$mode.id
echo "$mode search $id started $(date -u)"
cli search watch "$id" --url http://127.0.0.1:8180 --interval 10s > /work/exp/$mode.watch 2>&1
echo "$mode ended after $(( $(date +%s) - start )) s $(date -u)"
key=$(cat $LOSSFORGE_HOME/api-key)
api() { curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:8180$1"; }
api /api/v1/searches/$id > /work/exp/$mode.search.json
for p in $(seq 0 9); do api "/api/v1/searches/$id/candidates?page=$p&size=200" > /work/exp/$mode.cand.$p.json; done
cli search show "$id" --url http://127.0.0.1:8180 > /work/exp/$mode.show.txt
cli leaderboard "$id" --url http://127.0.0.1:8180 > /work/exp/$mode.leaderboard.txt
echo "all done $(date -u)"
