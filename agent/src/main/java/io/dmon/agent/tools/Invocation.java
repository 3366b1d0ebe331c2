package io.dmon.agent.tools;

import io.dmon.agent.process.DescriptorTable;
import io.dmon.agent.process.ProcSelf;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What denv was started with, as the exec'd command should see it again: the arguments and
 * environment as bytes, the descriptors it inherited, the signals it was told to ignore.
 * Read once, first thing in main, from /proc/self (Linux) through {@link ProcSelf}.
 *
 * <p>Why not just {@code args} and {@code System.getenv()}: the JVM decodes both with the
 * locale's charset, and under the C locale (LANG unset, as under many service managers) every
 * non-ASCII byte becomes U+FFFD, so {@code denv -I} would hand on mangled values. The raw bytes
 * are decoded as UTF-8 here, which the native layer encodes back unchanged; only bytes that are
 * not valid UTF-8 are still replaced. When /proc cannot be read, or its arguments are not the
 * ones the JVM decoded, the JVM's values are used.
 *
 * @param args             denv's arguments
 * @param environment      denv's environment, in its order
 * @param inheritedFds     descriptors above 2 that denv was started with, not the JVM's own
 * @param ignoredSignals   bit {@code sig - 1} set for each signal ignored when denv started
 */
record Invocation(List<String> args, Map<String, String> environment, Set<Integer> inheritedFds,
                  long ignoredSignals) {
    Invocation {
        args = List.copyOf(args);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        inheritedFds = Set.copyOf(inheritedFds);
    }

    /** Reads the state of this process; {@code decodedArgs} are main's arguments. */
    static Invocation capture(String[] decodedArgs) {
        // Descriptors first: the JDK opens private ones (without close-on-exec) on first use of
        // a FileChannel, which reading the other /proc files is.
        Set<Integer> fds = readInheritedFds();
        return new Invocation(rawArgs(decodedArgs), rawEnvironment(), fds, ProcSelf.ignoredSignals());
    }

    /** main's arguments are the last entries of /proc/self/cmdline, after the JVM's own. */
    private static List<String> rawArgs(String[] decoded) {
        List<byte[]> raw = ProcSelf.commandLine();
        if (raw == null || raw.size() < decoded.length) {
            return Arrays.asList(decoded);
        }
        Charset jvmCharset = jnuCharset();
        List<byte[]> tail = raw.subList(raw.size() - decoded.length, raw.size());
        List<String> out = new ArrayList<>(decoded.length);
        for (int i = 0; i < decoded.length; i++) {
            // The check that these are main's arguments: the JVM made decoded[i] from them.
            if (jvmCharset == null || !new String(tail.get(i), jvmCharset).equals(decoded[i])) {
                return Arrays.asList(decoded);
            }
            out.add(new String(tail.get(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> rawEnvironment() {
        List<byte[]> raw = ProcSelf.environment();
        if (raw == null) {
            return System.getenv();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (byte[] entry : raw) {
            String s = new String(entry, StandardCharsets.UTF_8);
            int eq = s.indexOf('=');
            if (eq > 0) {
                // A later duplicate wins, as it does when DMon copies environ entry by entry.
                env.remove(s.substring(0, eq));
                env.put(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return env;
    }

    /**
     * Open descriptors above 2, less the JVM's own: by the time main runs the JVM holds the
     * runtime image (under java.home) and class path jars open, without close-on-exec. Any
     * open jar counts as the JVM's, since a manifest's Class-Path can name jars that are not
     * in java.class.path; a program that hands denv a jar on a descriptor is not expected.
     */
    private static Set<Integer> readInheritedFds() {
        Set<Integer> fds = new HashSet<>();
        Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        Set<Path> classPath = new HashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        for (Map.Entry<Integer, Path> fd : DescriptorTable.open().entrySet()) {
            Path target = fd.getValue();
            boolean jvms = target.startsWith(javaHome) || classPath.contains(target)
                    || target.toString().endsWith(".jar") || DescriptorTable.isListing(target);
            if (fd.getKey() > 2 && !jvms) {
                fds.add(fd.getKey());
            }
        }
        return fds;
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
