package org.batchgfn.bench;

/**
 * A part of a run's report that one experiment owns: it reads its own results files (by column name) and writes
 * its section, plots and headline numbers, or nothing if it has no results yet.
 */
@FunctionalInterface
public interface ReportSection {

    /** @param page the report being written */
    void writeSection(ReportPage page);
}
