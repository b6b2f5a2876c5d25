/**
 * The {@code ./batchgfn spark-acquire} example: one acquisition round on a generated pool in an in-process Spark,
 * with the time of every sequential step and an optional single-machine comparison.
 */
package org.batchgfn.spark.cli;
