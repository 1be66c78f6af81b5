#!/usr/bin/env bash
set -u
cd /work/main
source scripts/find-jdk.sh && lossforge_find_jdk
export DJL_OFFLINE=true OPT_OUT_TRACKING=true LOSSFORGE_HOME=/work/exp/mf
cli() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar /work/exp/lossforge-cli.jar "$@" 2>/dev/null; }
start=$(date +%s)
cli search retest "$(cat /work/exp/mf.id)" --top 3 --seeds 5 --url http://127.0.0.1:8180 > /work/exp/mfx.retest.txt
echo "retest took $(( $(date +%s) - start )) s"
