/**
 * The {@code batchgfn bench} experiments: {@link org.batchgfn.bench.Benchmark} runs the selected
 * {@link org.batchgfn.bench.Experiment}s (gp, fidelity, jmi, al, speed, transfer) of a {@link org.batchgfn.bench.BenchConfig}
 * on a {@link org.batchgfn.bench.BenchData} into a run folder, one atomically recorded cell of a
 * {@link org.batchgfn.bench.ResultTable} at a time (so runs resume), under a {@link org.batchgfn.bench.RunLock},
 * and {@link org.batchgfn.bench.ReportWriter} turns the CSV files into plots and {@code report.md}, one
 * {@link org.batchgfn.bench.ReportSection} per experiment reading its columns by name. {@code bench suite}:
 * {@link org.batchgfn.bench.BenchmarkSuite} runs {@link org.batchgfn.bench.SuiteExperiment} for every strategy on
 * every data set of a {@link org.batchgfn.bench.SuiteConfig} and ranks them ({@link org.batchgfn.bench.SuiteRanking}).
 */
package org.batchgfn.bench;
