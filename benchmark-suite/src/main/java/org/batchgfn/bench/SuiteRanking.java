package org.batchgfn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The suite's ranking in the reference benchmark's metric (Holzmüller et al., JMLR 2023): per strategy, the mean
 * over data sets × seed sets × acquisition rounds (1…R; round 0 is the shared seed set) of the log of the test
 * error, for RMSE, MAE and maximum error. Only (data set, seed set) pairs that every strategy finished count, so
 * an interrupted run compares like with like. The standard error is over seed sets: each seed set's mean over data
 * sets and rounds, their standard deviation / √S. The relative change against random (or BatchBALD) is
 * {@code exp(mean − mean_random) − 1}, the ratio of geometric-mean errors minus one.
 *
 * @param metric     the error column, e.g. {@code test_rmse}
 * @param strategy   the strategy
 * @param pairs      (data set, seed set) pairs averaged
 * @param meanLog    mean log error
 * @param stdErr     standard error over seed sets (NaN with one seed set)
 * @param vsRandom   relative change of the geometric-mean error against random (−0.1 = 10% lower)
 * @param vsBatchBald the same against BatchBALD
 */
public record SuiteRanking(String metric, String strategy, int pairs, double meanLog, double stdErr, double vsRandom,
                           double vsBatchBald) {

    /** The error columns ranked, in report order. */
    public static final List<String> METRICS = List.of("test_rmse", "test_mae", "test_max_error");

    /**
     * @param runDir     the suite's run folder (one sub-folder per data set)
     * @param datasets   the data sets
     * @param strategies the strategy names
     * @return one entry per metric and strategy, metrics in {@link #METRICS} order, strategies by mean log error
     */
    public static List<SuiteRanking> compute(Path runDir, List<String> datasets, List<String> strategies) {
        // dataset -> strategy -> seed set -> metric -> round -> value
        Map<String, Map<String, Map<Integer, Map<String, Map<Integer, Double>>>>> all = new LinkedHashMap<>();
        int maxRound = 0;
        for (String ds : datasets) {
            for (ResultRow r : ResultRow.read(runDir.resolve(ds).resolve(SuiteExperiment.FILE),
                    SuiteExperiment.COLUMNS)) {
                int round = r.integer("round");
                if (round == 0) {
                    continue;
                }
                maxRound = Math.max(maxRound, round);
                for (String m : METRICS) {
                    all.computeIfAbsent(ds, k -> new HashMap<>()).computeIfAbsent(r.get("strategy"),
                            k -> new HashMap<>()).computeIfAbsent(r.integer("seed_set"), k -> new HashMap<>())
                            .computeIfAbsent(m, k -> new HashMap<>()).put(round, r.num(m));
                }
            }
        }
        // Pairs every strategy finished.
        Set<List<Object>> complete = new LinkedHashSet<>();
        for (Map.Entry<String, Map<String, Map<Integer, Map<String, Map<Integer, Double>>>>> ds : all.entrySet()) {
            Set<Integer> seeds = new LinkedHashSet<>();
            ds.getValue().values().forEach(v -> seeds.addAll(v.keySet()));
            for (int s : seeds) {
                boolean ok = true;
                for (String st : strategies) {
                    Map<Integer, Map<String, Map<Integer, Double>>> bySeed = ds.getValue().get(st);
                    ok &= bySeed != null && bySeed.containsKey(s)
                            && bySeed.get(s).get(METRICS.get(0)).size() == maxRound;
                }
                if (ok) {
                    complete.add(List.of(ds.getKey(), s));
                }
            }
        }
        List<SuiteRanking> out = new ArrayList<>();
        if (complete.isEmpty()) {
            return out;
        }
        for (String m : METRICS) {
            Map<String, double[]> stats = new LinkedHashMap<>();
            for (String st : strategies) {
                Map<Integer, List<Double>> perSeed = new LinkedHashMap<>();
                double sum = 0;
                for (List<Object> pair : complete) {
                    double v = 0;
                    Map<Integer, Double> rounds = all.get((String) pair.get(0)).get(st).get((Integer) pair.get(1))
                            .get(m);
                    for (double e : rounds.values()) {
                        v += Math.log(e) / rounds.size();
                    }
                    sum += v;
                    perSeed.computeIfAbsent((Integer) pair.get(1), k -> new ArrayList<>()).add(v);
                }
                double[] seedMeans = perSeed.values().stream()
                        .mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                        .toArray();
                stats.put(st, new double[]{sum / complete.size(), Summary.of(seedMeans).stdErr()});
            }
            double random = stats.containsKey("random") ? stats.get("random")[0] : Double.NaN;
            double batchBald = stats.containsKey("batchbald") ? stats.get("batchbald")[0] : Double.NaN;
            List<SuiteRanking> block = new ArrayList<>();
            stats.forEach((st, v) -> block.add(new SuiteRanking(m, st, complete.size(), v[0], v[1],
                    Math.expm1(v[0] - random), Math.expm1(v[0] - batchBald))));
            block.sort((a, b) -> Double.compare(a.meanLog(), b.meanLog()));
            out.addAll(block);
        }
        return out;
    }
}
