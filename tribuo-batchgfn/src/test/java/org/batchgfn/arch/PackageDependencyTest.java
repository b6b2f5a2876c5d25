package org.batchgfn.arch;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No cycles between the library's top-level packages ({@code acquisition}, {@code gflownet}, {@code gp},
 * {@code problem}, …), read from the compiled main classes. {@code acquisition} ⇄ {@code gflownet} was one
 * ({@code BatchGfnAcquisition} uses the GFlowNet, whose lookahead trainer used the acquisition problem); the shared
 * problem types now live in {@code problem}.
 */
class PackageDependencyTest {

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(BatchGfnAcquisition.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void topLevelPackagesHaveNoCycle() throws Exception {
        Map<String, Set<String>> graph = ClassDependencies.topLevelGraph(mainClasses(), "org/batchgfn");
        // The scan sees real dependencies (a scanner that found none would pass vacuously).
        assertTrue(graph.get("acquisition").contains("gflownet"), graph.toString());
        assertTrue(graph.get("gflownet").contains("problem"), graph.toString());
        assertEquals(List.of(), ClassDependencies.cycles(graph), "package cycles in " + graph);
    }

    @Test
    void theCheckFindsTheCycleThatWasRemoved() {
        // The graph as it was before the problem package: gflownet.train.LookaheadTrainer imported
        // acquisition.AcquisitionProblem while acquisition.BatchGfnAcquisition imported gflownet.
        Map<String, Set<String>> before = Map.of("acquisition", Set.of("gflownet", "gp"),
                "gflownet", Set.of("acquisition", "reward"), "gp", Set.of(), "reward", Set.of("gp"));
        List<List<String>> cycles = ClassDependencies.cycles(before);
        assertEquals(1, cycles.size(), cycles.toString());
        assertEquals(Set.of("acquisition", "gflownet"), Set.copyOf(cycles.get(0)));
    }

    @Test
    void aClassThatUsesAnotherPackageShowsUpInTheGraph() throws Exception {
        // The constant-pool reader finds this test class's own reference to acquisition.BatchGfnAcquisition.
        Path testClasses = Path.of(PackageDependencyTest.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Map<String, Set<String>> graph = ClassDependencies.topLevelGraph(testClasses, "org/batchgfn");
        assertTrue(graph.get("arch").contains("acquisition"), graph.toString());
    }
}
