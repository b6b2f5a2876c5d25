#!/usr/bin/env python3
"""Recomputes the joint mutual information of a batch printed by `./batchgfn acquire`, independently of the Java
code (standard library only): JMI = 1/2 log det(I + Sigma_B / noise), Sigma_B the exact GP posterior covariance of
the chosen pool rows given the training file, with the Matern-5/2 kernel and the hyperparameters `acquire` printed
(standardised units: every feature column and the target shifted and scaled by the training file's mean and
population standard deviation; the JMI does not depend on the target's scale).

usage: jmi_check.py TRAIN.csv POOL.csv TARGET "LS1,LS2,..." OUTPUTSCALE NOISE ROW [ROW ...]
  (lengthscales in the training file's feature-column order, as acquire prints them)
"""
import csv
import math
import sys


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [[float(v) for v in r] for r in rows[1:] if r]


def matern52(a, b, ls, s):
    r = math.sqrt(sum(((x - y) / l) ** 2 for x, y, l in zip(a, b, ls)))
    return s * (1 + math.sqrt(5) * r + 5 * r * r / 3) * math.exp(-math.sqrt(5) * r)


def cholesky(a):
    n = len(a)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = a[i][j] - sum(low[i][k] * low[j][k] for k in range(j))
            low[i][j] = math.sqrt(s) if i == j else s / low[j][j]
    return low


def solve_lower(low, b):
    x = []
    for i in range(len(b)):
        x.append((b[i] - sum(low[i][k] * x[k] for k in range(i))) / low[i][i])
    return x


def main():
    train_path, pool_path, target, ls_arg, outputscale, noise = sys.argv[1:7]
    batch = [int(r) for r in sys.argv[7:]]
    header, train = read(train_path)
    pool_header, pool = read(pool_path)
    features = [c for c in header if c != target]
    cols = [header.index(c) for c in features]
    pcols = [pool_header.index(c) for c in features]
    x = [[r[c] for c in cols] for r in train]
    mean = [sum(r[k] for r in x) / len(x) for k in range(len(cols))]
    std = [math.sqrt(sum((r[k] - mean[k]) ** 2 for r in x) / len(x)) or 1.0 for k in range(len(cols))]
    xs = [[(r[k] - mean[k]) / std[k] for k in range(len(cols))] for r in x]
    bs = [[(pool[i][pcols[k]] - mean[k]) / std[k] for k in range(len(cols))] for i in batch]
    ls = [float(v) for v in ls_arg.split(",")]
    s, sigma2 = float(outputscale), float(noise)
    kxx = [[matern52(a, b, ls, s) + (sigma2 if i == j else 0) for j, b in enumerate(xs)] for i, a in enumerate(xs)]
    low = cholesky(kxx)
    v = [solve_lower(low, [matern52(p, t, ls, s) for t in xs]) for p in bs]
    cov = [[matern52(p, q, ls, s) - sum(a * b for a, b in zip(v[i], v[j])) for j, q in enumerate(bs)]
           for i, p in enumerate(bs)]
    m = [[(1.0 if i == j else 0.0) + cov[i][j] / sigma2 for j in range(len(bs))] for i in range(len(bs))]
    print("jmi=%r" % sum(math.log(low_ii) for low_ii in (row[i] for i, row in enumerate(cholesky(m)))))


if __name__ == "__main__":
    main()
