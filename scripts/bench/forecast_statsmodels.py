#!/usr/bin/python3
"""Baseline for shopmind's forecast evaluation: statsmodels Holt-Winters and
seasonal naive on the same hold-out cut as `shopmind eval forecast`.

Protocol (identical to forecast.Backtest): hold out the last H points of each
series, fit on the rest, forecast H steps; MASE is scaled by the in-sample
seasonal naive MAE with period S (lag 1 when the training part is not longer
than S); sMAPE = mean 200|a-f|/(|a|+|f|). Series shorter than H+2 are skipped.
A training part shorter than two seasons gets the non-seasonal variant
(Holt), as shopmind does. Time is the wall-clock fit+forecast time over all
series, single process.

Usage (Debian's python3 with python3-statsmodels):
  /usr/bin/python3 scripts/bench/forecast_statsmodels.py \
      --data ../shared/data/aus-retail-turnover/aus_retail.csv.gz \
      --id-col SeriesID --date-col Month --value-col Turnover --horizon 24 --season 12
"""
import argparse
import csv
import gzip
import time
import warnings
from collections import OrderedDict

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing


def read_series(path, id_col, date_col, value_col):
    opener = gzip.open if path.endswith(".gz") else open
    series = OrderedDict()
    with opener(path, "rt", newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault(row[id_col], []).append((row[date_col], float(row[value_col])))
    return OrderedDict((k, np.array([v for _, v in sorted(rows)])) for k, rows in series.items())


def mase_scale(train, season):
    lag = season if len(train) > season else 1
    d = np.abs(train[lag:] - train[:-lag])
    return d.mean() if len(d) else 0.0


def smape(a, f):
    den = np.abs(a) + np.abs(f)
    terms = np.where(den > 0, 200 * np.abs(a - f) / np.where(den > 0, den, 1), 0.0)
    return terms.mean()


def snaive(train, h, season):
    m = season if len(train) > season else 1
    last = train[-m:]
    return np.array([last[i % m] for i in range(h)])


def holt_winters_fit(train, season, seasonal, damped):
    if len(train) >= 2 * season and season > 1:
        model = ExponentialSmoothing(train, trend="add", damped_trend=damped, seasonal=seasonal,
                                     seasonal_periods=season, initialization_method="estimated")
    else:
        model = ExponentialSmoothing(train, trend="add", damped_trend=damped, initialization_method="estimated")
    return model.fit()


def holt_winters(train, h, season, seasonal, damped):
    return holt_winters_fit(train, season, seasonal, damped).forecast(h)


def holt_winters_aic(train, h, season, damped=(False,)):
    """Additive and multiplicative seasonality both fitted (and with damped
    (False, True), both damped and not), the lowest AIC kept (the issue-15
    reference); a fit that fails or is not finite is skipped."""
    best = None
    for seasonal, d in [(s, d) for s in ("add", "mul") for d in damped]:
        try:
            fit = holt_winters_fit(train, season, seasonal, d)
        except Exception:
            continue
        f = np.asarray(fit.forecast(h), dtype=float)
        if np.isfinite(fit.aic) and np.all(np.isfinite(f)) and (best is None or fit.aic < best[0]):
            best = (fit.aic, f)
    if best is None:
        raise ValueError("no Holt-Winters fit")
    return best[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--id-col", default="id")
    ap.add_argument("--date-col", default="date")
    ap.add_argument("--value-col", default="value")
    ap.add_argument("--horizon", type=int, default=24)
    ap.add_argument("--season", type=int, default=12)
    ap.add_argument("--methods", default="snaive,sm-hw-add,sm-hw-mul,sm-hw-add-damped,sm-hw-mul-damped,sm-hw-aic",
                    help="comma-separated subset of the methods to run")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    series = read_series(args.data, args.id_col, args.date_col, args.value_col)
    h, s = args.horizon, args.season
    methods = OrderedDict([
        ("snaive", lambda tr: snaive(tr, h, s)),
        ("sm-hw-add", lambda tr: holt_winters(tr, h, s, "add", False)),
        ("sm-hw-mul", lambda tr: holt_winters(tr, h, s, "mul", False)),
        ("sm-hw-add-damped", lambda tr: holt_winters(tr, h, s, "add", True)),
        ("sm-hw-mul-damped", lambda tr: holt_winters(tr, h, s, "mul", True)),
        ("sm-hw-aic", lambda tr: holt_winters_aic(tr, h, s)),
        ("sm-hw-aic4", lambda tr: holt_winters_aic(tr, h, s, (False, True))),
    ])
    wanted = args.methods.split(",")
    unknown = [m for m in wanted if m not in methods]
    if unknown:
        ap.error(f"unknown methods {unknown}; choose from {list(methods)}")
    methods = OrderedDict((k, methods[k]) for k in wanted)
    print(f"{len(series)} series, horizon {h}, season {s}")
    print(f"{'method':<18} {'MASE':>7} {'medMASE':>8} {'sMAPE':>7} {'series':>6} {'failed':>6} {'seconds':>8}")
    for name, fn in methods.items():
        mases, smapes, failed, n = [], [], 0, 0
        start = time.perf_counter()
        for y in series.values():
            if len(y) < h + 2:
                continue
            n += 1
            train, test = y[:-h], y[-h:]
            try:
                f = np.asarray(fn(train), dtype=float)
            except Exception:
                failed += 1
                continue
            if not np.all(np.isfinite(f)):
                failed += 1
                continue
            sc = mase_scale(train, s)
            if sc > 0:
                mases.append(np.abs(test - f).mean() / sc)
            smapes.append(smape(test, f))
        secs = time.perf_counter() - start
        print(f"{name:<18} {np.mean(mases):7.4f} {np.median(mases):8.4f} {np.mean(smapes):7.3f} {n:6d} {failed:6d} {secs:8.2f}")


if __name__ == "__main__":
    main()
