/**
 * JMH micro-benchmarks. Run with
 * {@code java -cp "$(cat benchmark-suite/target/classpath.txt):benchmark-suite/target/classes" org.openjdk.jmh.Main NAME}
 * after {@code mvn -q -pl benchmark-suite -am package -DskipTests} and
 * {@code mvn -q -pl benchmark-suite dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}.
 */
package org.batchgfn.bench.jmh;
