"""Stratified 80/20 split of the shipped shop intents (seed 42), as used in
docs/assistant.md: python3 split.py OUT_DIR writes OUT_DIR/shop_train.csv and
OUT_DIR/shop_test.csv."""
import csv, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
rows = []
for f in ['intents_bitext.csv', 'intents.csv']:
    rows += [(r['text'], r['intent']) for r in csv.DictReader(open(os.path.join(here, f), encoding='utf-8'))]
random.seed(42)
by = {}
for t, l in rows:
    by.setdefault(l, []).append(t)
out = sys.argv[1]
wt = csv.writer(open(os.path.join(out, 'shop_train.csv'), 'w', newline='', encoding='utf-8'))
we = csv.writer(open(os.path.join(out, 'shop_test.csv'), 'w', newline='', encoding='utf-8'))
wt.writerow(['text', 'intent'])
we.writerow(['text', 'intent'])
for l, ts in sorted(by.items()):
    random.shuffle(ts)
    n = max(1, round(len(ts) * 0.2))
    for t in ts[:n]:
        we.writerow([t, l])
    for t in ts[n:]:
        wt.writerow([t, l])
