package org.batchgfn.cli;

/**
 * The {@code --run} rule shared by {@code bench} and {@code bench suite}: a run folder is a plain name under
 * {@code --out}, never a path that escapes it or a hidden folder.
 */
final class RunFolderName {

    private RunFolderName() {
    }

    /**
     * @param given        the {@code --run} value, or null for the configuration's own name
     * @param defaultName  the configuration's name (prefix and hash)
     * @return the folder name to use
     * @throws IllegalArgumentException if the name is blank, contains a path separator or starts with a dot
     */
    static String of(String given, String defaultName) {
        String name = given == null ? defaultName : given;
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("--run must be a plain folder name, got '" + name + "'");
        }
        return name;
    }
}
