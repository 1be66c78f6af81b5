# Best evolved top-rung fitness against cumulative trainer-seconds (all rungs), for a multi-fidelity search.
import json, sys, glob
mode = sys.argv[1]
top = int(sys.argv[2])
items = []
for f in sorted(glob.glob(f'/work/exp/{mode}.cand.*.json')):
    items += json.load(open(f)).get('items', [])
trained = sorted([c for c in items if c.get('trainedSeconds') is not None], key=lambda c: c['evaluationId'])
cum, best, curve = 0.0, 0.0, []
by_rung = {}
for c in trained:
    cum += c['trainedSeconds']
    by_rung[c['rung']] = by_rung.get(c['rung'], 0) + c['trainedSeconds']
    if c['baseline'] is None and c['fitness'] is not None and c['rung'] == top:
        best = max(best, c['fitness'])
    curve.append((cum, best))
# best top-rung fitness also from reused rows (a promoted copy of an earlier-trained loss)
print(mode, 'rows', len(items), 'trained', len(trained), 'trainer-seconds %.1f' % cum,
      'by rung', {k: round(v, 1) for k, v in sorted(by_rung.items())}, 'final best %.4f' % best)
for b in [float(x) for x in sys.argv[3:]]:
    bb = max([f for s, f in curve if s <= b] or [0])
    print(f'best evolved top-rung fitness within {b:.0f} trainer-seconds: {bb:.4f}')
