# Does rung 0 predict the top rung? Re-train a fixed-seed random sample of rung-0-trained losses of the
# multi-fidelity search at the search's own (top-rung) task, one one-generation search with the sample as its
# seeds (stages off, no baselines), in the same database: already promoted ones come from the hash cache.
import json, glob, random, subprocess, sys, time, urllib.request

def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r
def spearmanr(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a); ma = sum(ra) / n; mb = sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5; vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb), float('nan')
BASE = 'http://127.0.0.1:8180'
KEY = open('/work/exp/mf/api-key').read().strip()
def api(path, body=None):
    req = urllib.request.Request(BASE + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={'Authorization': 'Bearer ' + KEY, 'Content-Type': 'application/json'})
    return json.load(urllib.request.urlopen(req))
mode, n = sys.argv[1], int(sys.argv[2])
items = []
for f in sorted(glob.glob(f'/work/exp/{mode}.cand.*.json')):
    items += json.load(open(f)).get('items', [])
search = json.load(open(f'/work/exp/{mode}.search.json'))
top = len(search['rungs']) - 1
low = {}
for c in items:
    if c['rung'] == 0 and c['baseline'] is None and c['fitness'] is not None and c['reuse'] == 'NONE':
        low.setdefault(c['hash'], c)
pool = sorted(low.values(), key=lambda c: c['evaluationId'])
random.Random(2026).shuffle(pool)
sample = pool[:n]
task = search['task']
body = {'name': 'rung-correlation', 'task': task,
        'search': {'populationSize': len(sample), 'generations': 1, 'baselines': [],
                   'seedLosses': [c['expression'] for c in sample], 'seed': 1,
                   'stages': {'gradientEquivalence': False, 'rejection': False}}}
created = api('/api/v1/searches', body)
sid = created['id']
print('correlation search', sid, 'with', len(sample), 'losses', flush=True)
while api(f'/api/v1/searches/{sid}')['state'] not in ('SUCCEEDED', 'FAILED', 'CANCELLED'):
    time.sleep(10)
full = {c['hash']: c for c in api(f'/api/v1/searches/{sid}/candidates?size=1000')['items']}
pairs = [(c['fitness'], full[c['hash']]['fitness']) for c in sample
         if c['hash'] in full and full[c['hash']]['fitness'] is not None]
rho, p = spearmanr([a for a, b in pairs], [b for a, b in pairs])
print(f'rung 0 vs top rung over {len(pairs)} random rung-0 losses: Spearman {rho:.3f}')
# the top quarter at rung 0: how many are in the top quarter at the top rung?
k = max(1, len(pairs) // 4)
by_low = sorted(range(len(pairs)), key=lambda i: -pairs[i][0])[:k]
by_high = set(sorted(range(len(pairs)), key=lambda i: -pairs[i][1])[:k])
print(f'of the top {k} at rung 0, {len(set(by_low) & by_high)} are in the top {k} at the top rung')
json.dump({'search': sid, 'pairs': pairs, 'spearman': rho, 'p': p}, open(f'/work/exp/{mode}.correlation.json', 'w'))
