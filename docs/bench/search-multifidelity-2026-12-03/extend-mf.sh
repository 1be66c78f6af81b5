#!/usr/bin/env bash
# Extend the multi-fidelity search by N generations (resume), toward on2's trainer-seconds; then export.
set -u
cd /work/main
source scripts/find-jdk.sh && lossforge_find_jdk
export DJL_OFFLINE=true OPT_OUT_TRACKING=true LOSSFORGE_HOME=/work/exp/mf
cli() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar /work/exp/lossforge-cli.jar "$@" 2>/dev/null; }
id=$(cat /work/exp/mf.id)
start=$(date +%s)
cli search resume "$id" --generations "$1" --url http://127.0.0.1:8180
cli search watch "$id" --url http://127.0.0.1:8180 --interval 10s > /work/exp/mf.watch2 2>&1
echo "extension ended after $(( $(date +%s) - start )) s $(date -u)"
key=$(cat $LOSSFORGE_HOME/api-key)
api() { curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:8180$1"; }
api /api/v1/searches/$id > /work/exp/mfx.search.json
for p in $(seq 0 19); do api "/api/v1/searches/$id/candidates?page=$p&size=200" > /work/exp/mfx.cand.$p.json; done
cli search show "$id" --url http://127.0.0.1:8180 > /work/exp/mfx.show.txt
cli leaderboard "$id" --url http://127.0.0.1:8180 > /work/exp/mfx.leaderboard.txt
cli leaderboard "$id" --url http://127.0.0.1:8180 --hall-of-fame > /work/exp/mfx.hof.txt
cli search audit "$id" --url http://127.0.0.1:8180 > /work/exp/mfx.audit.txt
echo "exported $(date -u)"
