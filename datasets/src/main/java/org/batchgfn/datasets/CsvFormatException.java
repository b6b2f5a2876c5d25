package org.batchgfn.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A CSV file does not have the shape or content a numeric table needs. The message names the file, the 1-based
 * line number and, where one is concerned, the column, so the offending cell can be found in an editor.
 */
public final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String column;

    /**
     * @param file    the file being read
     * @param line    1-based line number where the problem is (for a multi-line record, its first line)
     * @param column  the column concerned, or {@code null} if the problem is not about one column
     * @param problem what is wrong, and where useful what is allowed
     */
    public CsvFormatException(Path file, long line, String column, String problem) {
        super(format(file, line, column, problem));
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.column = column;
    }

    private static String format(Path file, long line, String column, String problem) {
        StringBuilder sb = new StringBuilder().append(file).append(": line ").append(line);
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    /** @return the file being read */
    public Path file() {
        return file;
    }

    /** @return the 1-based line number of the problem */
    public long line() {
        return line;
    }

    /** @return the column concerned, or {@code null} */
    public String column() {
        return column;
    }
}
