# Train the losses screening accepts and the rejection protocol rejects (found by FindRejected), with the
# protocol off, beside ce, on the task of the measured searches: would any have scored well?
import json, time, urllib.request
BASE = 'http://127.0.0.1:8180'
KEY = open('/work/exp/mf/api-key').read().strip()
def api(path, body=None):
    req = urllib.request.Request(BASE + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={'Authorization': 'Bearer ' + KEY, 'Content-Type': 'application/json'})
    return json.load(urllib.request.urlopen(req))
losses = [l.strip() for l in open('/work/exp/rejected.txt') if l.strip()]
task = json.load(open('/work/exp/mfx.search.json'))['task']
s = api('/api/v1/searches', {'name': 'rejected-trained', 'task': task,
        'search': {'populationSize': len(losses), 'generations': 1, 'baselines': ['ce'], 'seedLosses': losses,
                   'seed': 1, 'stages': {'gradientEquivalence': False, 'rejection': False}}})
sid = s['id']; print('search', sid, len(losses), 'losses', flush=True)
while api(f'/api/v1/searches/{sid}')['state'] not in ('SUCCEEDED', 'FAILED', 'CANCELLED'):
    time.sleep(10)
items = api(f'/api/v1/searches/{sid}/candidates?size=1000')['items']
ce = next(c['fitness'] for c in items if c['baseline'] == 'ce')
rows = [c for c in items if c['baseline'] is None]
fit = sorted([c['fitness'] for c in rows if c['fitness'] is not None], reverse=True)
print(f'ce {ce:.4f}; {len(rows)} rejected losses: {len(fit)} succeeded, '
      f'{sum(1 for c in rows if c["outcome"] == "DIVERGED")} diverged, {sum(1 for c in rows if c["status"] == "REJECTED")} screened out')
print('fitness, best first:', ' '.join(f'{f:.4f}' for f in fit))
print('within 0.02 of ce:', sum(1 for f in fit if f >= ce - 0.02), '; above 0.5:', sum(1 for f in fit if f > 0.5))
for c in sorted(rows, key=lambda c: -(c['fitness'] or -1))[:5]:
    print(f"  {c['fitness']}  {c['expression']}")
json.dump(items, open('/work/exp/rejected-trained.json', 'w'))
