package org.batchgfn.bench;

import org.batchgfn.bench.plot.ChartFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A report being written: the Markdown body, the headline lines, the plots saved beside it, and the results files
 * of the folder read by column name. Each experiment writes its own section into it
 * ({@link ReportSection}); the page itself knows no experiment.
 */
public final class ReportPage {

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<String> headlines = new ArrayList<>();

    /** @param dir the folder holding the results files; plots are written there */
    public ReportPage(Path dir) {
        this.dir = dir;
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /**
     * @param file    a results file of the folder
     * @param columns its columns
     * @return its rows (none if it does not exist)
     */
    public List<ResultRow> rows(String file, List<String> columns) {
        return ResultRow.read(dir.resolve(file), columns);
    }

    /**
     * Appends Markdown.
     *
     * @param text the text (a string, character or number, as {@link StringBuilder#append(Object)} writes it)
     * @return this
     */
    public ReportPage append(Object text) {
        md.append(text);
        return this;
    }

    /** @param line a headline number, one line */
    public void headline(String line) {
        headlines.add(line);
    }

    /** @return the headlines so far */
    public List<String> headlines() {
        return List.copyOf(headlines);
    }

    /** @return the body so far */
    public String body() {
        return md.toString();
    }

    /**
     * Saves a chart as PNG and SVG beside the report and links it.
     *
     * @param chart the chart
     * @param name  file name without extension
     * @param alt   alternative text
     */
    public void chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String name, String alt) {
        ChartFiles.save(chart, dir, name);
        md.append("![").append(alt).append("](").append(name).append(".png) ([SVG](").append(name)
                .append(".svg))\n\n");
    }

    /**
     * Writes text to a file of the folder atomically (a temporary sibling, then a rename).
     *
     * @param name the file name
     * @param text the content
     * @return the file
     */
    public Path writeAtomically(String name, String text) {
        Path file = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
