#!/usr/bin/env python3
"""Derives the shipped regression data sets (datasets/src/main/resources/org/batchgfn/datasets/regression/*.csv.gz)
from the files of two Debian packages, so anyone can check them:

    apt-get download python3-statsmodels   # 0.13.5+dfsg-7 (bookworm)
    apt-get download python3-sklearn       # 1.2.1+dfsg-1 (bookworm)
    dpkg-deb -x python3-statsmodels_0.13.5+dfsg-7_all.deb sm
    dpkg-deb -x python3-sklearn_1.2.1+dfsg-1_all.deb sk
    python3 datasets/tools/derive_regression_data.py sm/usr/lib/python3/dist-packages sk/usr/lib/python3/dist-packages OUT

Each output is a CSV with a header row: the feature columns, then the target column, values copied verbatim
(no rescaling), written with gzip mtime 0 so the bytes (and the SHA-256 in RegressionDatasets) are reproducible.
"""
import csv
import gzip
import io
import sys

sm, sk, out = sys.argv[1], sys.argv[2], sys.argv[3]


def write(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(f"{out}/{name}.csv.gz", "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(buf.getvalue().encode("utf-8"))


def statsmodels(path, features, target, delimiter=","):
    with open(f"{sm}/statsmodels/datasets/{path}", newline="") as f:
        r = csv.DictReader(f, delimiter=delimiter)
        return [[row[c].strip() for c in features + [target]] for row in r]


# scikit-learn's diabetes data (Efron et al. 2004): the raw, unscaled features and the target.
with gzip.open(f"{sk}/sklearn/datasets/data/diabetes_data_raw.csv.gz", "rt") as f:
    x = [line.split() for line in f if line.strip()]
with gzip.open(f"{sk}/sklearn/datasets/data/diabetes_target.csv.gz", "rt") as f:
    y = [repr(float(line.strip())) for line in f if line.strip()]
assert len(x) == len(y) == 442
write("diabetes", ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"],
      [a + [b] for a, b in zip(x, y)])

write("engel", ["income", "foodexp"], statsmodels("engel/engel.csv", ["income"], "foodexp"))
fair_features = ["rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation",
                 "occupation_husb"]
write("fair", fair_features + ["affairs"], statsmodels("fair/fair.csv", fair_features, "affairs"))
rand_features = ["lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf", "hlthp"]
write("randhie", rand_features + ["mdvis"], statsmodels("randhie/randhie.csv", rand_features, "mdvis"))
macro_features = ["realgdp", "realcons", "realinv", "realgovt", "realdpi"]
write("macrodata", macro_features + ["unemp"], statsmodels("macrodata/macrodata.csv", macro_features, "unemp"))
