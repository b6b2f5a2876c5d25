package org.batchgfn.cli;

import org.batchgfn.datasets.CsvFeatureTable;
import org.batchgfn.datasets.CsvRegressionSource;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The labelled CSV file given to {@code predict} and {@code acquire} with {@code --train}: every column but the
 * target is a numeric feature. Other files (test rows, the unlabelled pool) must hold exactly the same feature
 * columns, in any order, and may hold the target column too, which is then ignored. Files are checked for
 * existence first so that a typo in a path gets a one-line message naming the option.
 */
final class TrainingFile {

    private final CsvRegressionSource source;

    private TrainingFile(CsvRegressionSource source) {
        this.source = source;
    }

    /**
     * Reads the training file.
     *
     * @param file   the CSV file
     * @param target the target column
     * @return the training data
     * @throws IllegalArgumentException naming the file (and line and column where relevant) if it is missing,
     *                                  unreadable, lacks the target column or holds a bad cell
     */
    static TrainingFile read(Path file, String target) {
        checkReadable(file, "--train");
        return new TrainingFile(new CsvRegressionSource(file, target));
    }

    /** @return the feature columns in file order */
    List<String> featureColumns() {
        return source.featureColumns();
    }

    /** @return the target column */
    String targetColumn() {
        return source.targetColumn();
    }

    /** @return the rows as a Tribuo dataset */
    MutableDataset<Regressor> dataset() {
        return source.toDataset();
    }

    /**
     * Reads the features of another file that must hold the same feature columns.
     *
     * @param file   the file
     * @param option the option that named it, e.g. {@code --pool}, for messages
     * @param order  the column order wanted (the model's)
     * @return one row of features per data row, columns in {@code order}
     * @throws IllegalArgumentException naming the file, and line and column where relevant, if it is missing,
     *                                  unreadable, has other feature columns than the training file, or a bad cell
     */
    double[][] matchingFeatures(Path file, String option, List<String> order) {
        checkReadable(file, option);
        return CsvFeatureTable.readExactly(file, order, source.targetColumn()).toArray();
    }

    private static void checkReadable(Path file, String option) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + " file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " file " + file + " is a directory, not a CSV file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " file " + file + " is not readable");
        }
    }
}
