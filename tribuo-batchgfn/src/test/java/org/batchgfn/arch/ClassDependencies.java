package org.batchgfn.arch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Package dependencies read from compiled classes: every {@code CONSTANT_Utf8} entry of a class file's constant
 * pool (class names, field and method descriptors, generic signatures) is searched for internal names under a
 * root package, so a dependency counts whether it is a call, a field type, a parameter or a type argument.
 * Packages are grouped one level below the root ({@code org.batchgfn.gflownet.train} counts as {@code gflownet}).
 */
final class ClassDependencies {

    private ClassDependencies() {
    }

    /**
     * @param classesDir a compiled-classes folder
     * @param root       the root package in internal form, e.g. {@code org/batchgfn}
     * @return for each top-level package under the root, the other top-level packages its classes refer to
     */
    static Map<String, Set<String>> topLevelGraph(Path classesDir, String root) {
        Pattern ref = Pattern.compile(Pattern.quote(root) + "/([A-Za-z0-9_]+)/");
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String rel = classesDir.relativize(f).toString().replace('\\', '/');
                Matcher own = ref.matcher(rel);
                if (!own.lookingAt()) {
                    continue;
                }
                String from = own.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (String s : utf8Constants(f)) {
                    Matcher m = ref.matcher(s);
                    while (m.find()) {
                        if (!m.group(1).equals(from)) {
                            to.add(m.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /**
     * @param graph a directed graph
     * @return every cycle found by a depth-first search, each as the list of its nodes with the first repeated at
     *         the end; empty if the graph is acyclic
     */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            dfs(start, graph, new ArrayDeque<>(), done, found);
        }
        return found;
    }

    private static void dfs(String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> done,
                            List<List<String>> found) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(node);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            dfs(next, graph, path, done, found);
        }
        path.pop();
        done.add(node);
    }

    /** The UTF-8 constants of a class file's constant pool (JVMS §4.4). */
    static List<String> utf8Constants(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            List<String> out = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException(classFile + ": unknown constant-pool tag " + tag);
                }
            }
            return out;
        }
    }
}
