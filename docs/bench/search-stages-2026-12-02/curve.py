import json, sys
res = {}
for mode in sys.argv[1:]:
    items = json.load(open(f'/work/exp/{mode}.cand.json'))['items']
    trained = sorted([c for c in items if c.get('trainedSeconds') is not None], key=lambda c: c['evaluationId'])
    cum, best, curve = 0.0, 0.0, []
    for c in trained:
        cum += c['trainedSeconds']
        if c['baseline'] is None and c['fitness'] is not None:
            best = max(best, c['fitness'])
        curve.append((cum, best))
    status = {}
    for c in items:
        k = c['status'] + ('/' + c['reuse'] if c.get('reuse') else '') + ('/' + c['reason'] if c.get('reason') else '')
        status[k] = status.get(k, 0) + 1
    res[mode] = dict(candidates=len(items), trained=len(trained), seconds=cum, curve=curve, status=status)
    print(mode, 'candidates', len(items), 'trained', len(trained), 'trainer-seconds %.1f' % cum, 'final best %.4f' % best)
    print('  ', dict(sorted(status.items())))
budget = min(r['seconds'] for r in res.values())
for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
    b = budget * frac
    row = []
    for mode, r in res.items():
        bb = max([f for s, f in r['curve'] if s <= b] or [0])
        row.append(f'{mode} {bb:.4f}')
    print(f'best evolved fitness within {b:.0f} trainer-seconds ({frac:.0%} of the smaller total):', ', '.join(row))
