import csv, gzip, random, sys
MAP = {
 'track_order':'order_status',
 'cancel_order':'cancel_order','check_cancellation_fee':'cancel_order',
 'change_order':'change_order','change_shipping_address':'change_order','set_up_shipping_address':'change_order',
 'get_refund':'return_refund','check_refund_policy':'return_refund','track_refund':'return_refund',
 'delivery_options':'delivery','delivery_period':'delivery',
 'check_payment_methods':'payment','payment_issue':'payment','check_invoice':'payment','get_invoice':'payment',
 'create_account':'account','delete_account':'account','edit_account':'account','recover_password':'account',
 'registration_problems':'account','switch_account':'account','newsletter_subscription':'account',
 'complaint':'complaint',
 'contact_human_agent':'human','contact_customer_service':'human',
}
TARGET = 140  # examples kept per shop intent, shared evenly by its Bitext intents (seeded sample)
rows = list(csv.DictReader(gzip.open(sys.argv[1], 'rt', encoding='utf-8')))
random.seed(7)
by = {}
for r in rows:
    if r['intent'] in MAP:
        by.setdefault(r['intent'], []).append(r['instruction'].strip())
w = csv.writer(open('intents_bitext.csv', 'w', newline='', encoding='utf-8'), lineterminator='\n')
w.writerow(['text', 'intent', 'source'])
for k in sorted(by):
    xs = sorted(set(by[k])); random.shuffle(xs)
    n = -(-TARGET // sum(1 for v in MAP.values() if v == MAP[k]))
    for t in xs[:n]:
        w.writerow([t, MAP[k], 'bitext:' + k])
