#!/usr/bin/env bash
# The discovery campaign's study: the search's 5 best evolved families (leaderboard order) against ce and poly1
# on CIFAR-10, Fashion-MNIST and CIFAR-10 vehicles vs animals, cnn-small, 5 seeds, 24,000 training images × 3
# epochs (3× the proxy's 8,000 × 3). Usage: study.sh SEARCH_ID [--url URL]
set -euo pipefail
search="$1"; shift
url="${URL:-http://127.0.0.1:18080}"
key="$(cat "${LOSSFORGE_HOME:-$HOME/.lossforge}/api-key")"
losses=$(curl -fsS -H "Authorization: Bearer $key" "$url/api/v1/searches/$search/leaderboard?limit=200" | python3 -c '
import json, sys
rows = [r for r in json.load(sys.stdin) if r.get("baseline") is None][:5]
print(json.dumps([{"loss": r["hash"], "label": "#%d %s" % (i + 1, r["expression"]), "reduction": r["reduction"]}
                  for i, r in enumerate(rows)] + [{"loss": "poly1"}, {"loss": "ce"}]))')
task() { echo "{\"dataset\": \"$1\", \"model\": \"cnn-small\", \"trainSamples\": 24000, \"validationSamples\": 2000, \"epochs\": 3, \"seed\": 1$2}"; }
body="{\"name\": \"campaign transfer\", \"seeds\": 5, \"losses\": $losses, \"tasks\": [$(task cifar-10 ''), $(task fashion-mnist ''), $(task cifar-10 ', "classGroups": [[0,1,8,9],[2,3,4,5,6,7]]')]}"
echo "$body" > "$(dirname "$0")/study-request.json"
curl -fsS -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body" "$url/api/v1/studies" \
  | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["id"], v["state"], v["progress"]["trials"])'
