package org.batchgfn.datasets;

import java.util.List;

/**
 * What is known about one shipped regression data set: where it came from, under which licence, and the
 * checksum of the shipped file.
 *
 * @param name           the name it is loaded by, e.g. {@code "diabetes"}
 * @param description    what a row is and what the target means
 * @param rows           number of data rows
 * @param featureColumns feature column names, in file order
 * @param targetColumn   target column name (the last column)
 * @param source         the package and file it was derived from, with version
 * @param licence        the licence the package ships it under
 * @param sha256         SHA-256 of the shipped {@code .csv.gz} resource
 */
public record RegressionDatasetInfo(String name, String description, int rows, List<String> featureColumns,
                                    String targetColumn, String source, String licence, String sha256) {

    /** Copies the column list. */
    public RegressionDatasetInfo {
        featureColumns = List.copyOf(featureColumns);
    }

    /** @return the classpath resource holding the data, a gzip-compressed CSV with a header row */
    public String resource() {
        return "/org/batchgfn/datasets/regression/" + name + ".csv.gz";
    }
}
