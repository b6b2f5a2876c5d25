package org.batchgfn.cli;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code acquire --strategy batchgfn} without options configures exactly the library's default strategy. */
class GflowNetOptionsDefaultsTest {

    @Test
    void theCommandLineDefaultsAreTheLibraryDefaults() {
        GflowNetOptions options = new GflowNetOptions();
        CommandLine cmd = new CommandLine(options);
        cmd.parseArgs();
        BatchGfnAcquisition fromCli = options.strategy(cmd);
        BatchGfnAcquisition library = BatchGfnAcquisition.defaults();
        assertEquals(library.trainerSettings(), fromCli.trainerSettings());
        assertEquals(library.policyArchitecture(), fromCli.policyArchitecture());
        assertEquals(library.samples(), fromCli.samples());
        assertEquals(library.carryOver(), fromCli.carryOver());
    }

    @Test
    void optionsOverrideOnlyWhatTheyName() {
        GflowNetOptions options = new GflowNetOptions();
        CommandLine cmd = new CommandLine(options);
        cmd.parseArgs("--steps", "7", "--temperature", "0.5", "--hidden-width", "8", "--samples", "3");
        BatchGfnAcquisition fromCli = options.strategy(cmd);
        BatchGfnAcquisition library = BatchGfnAcquisition.defaults();
        assertEquals(library.trainerSettings().withSteps(7).withTemperature(0.5), fromCli.trainerSettings());
        assertEquals(8, fromCli.policyArchitecture().hiddenWidth());
        assertEquals(library.policyArchitecture().inputFeatures(), fromCli.policyArchitecture().inputFeatures());
        assertEquals(3, fromCli.samples());
    }
}
