package io.dmon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * What dmonctl needs to know about where its standard output goes: whether it is a terminal
 * (colours, truncated tables, job output with its control characters made visible) and how wide
 * that terminal is; and whether standard error is one (where {@code run -n} writes the jobs'
 * stderr lines).
 */
public interface Terminal {

    /** True when standard output is a terminal. */
    boolean stdoutIsTerminal();

    /** True when standard error is a terminal. */
    boolean stderrIsTerminal();

    /** The terminal's width in columns, when standard output is a terminal and it can be told. */
    OptionalInt columns();

    /** A terminal that is not one: captured output, pipes, files. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean stdoutIsTerminal() {
                return false;
            }

            @Override
            public boolean stderrIsTerminal() {
                return false;
            }

            @Override
            public OptionalInt columns() {
                return OptionalInt.empty();
            }
        };
    }

    /** A terminal of a fixed width on standard output and error (tests, and anyone who knows better). */
    static Terminal fixed(int columns) {
        return new Terminal() {
            @Override
            public boolean stdoutIsTerminal() {
                return true;
            }

            @Override
            public boolean stderrIsTerminal() {
                return true;
            }

            @Override
            public OptionalInt columns() {
                return OptionalInt.of(columns);
            }
        };
    }

    /**
     * This process's standard output and error, checked without native code: Linux names the file
     * behind descriptor 1 in {@code /proc/self/fd/1} (2 in {@code .../2}), and terminals live under {@code /dev/pts} or are
     * {@code /dev/tty*}. ({@code System.console()} needs stdin to be a terminal too, which says
     * nothing about where a table is going.) The width comes from {@code COLUMNS} when the shell
     * exported it, otherwise from {@code stty size} on the controlling terminal, asked only when
     * a table needs it.
     */
    static Terminal detect(Map<String, String> env) {
        boolean tty = isTerminal(Path.of("/proc/self/fd/1"));
        boolean errTty = isTerminal(Path.of("/proc/self/fd/2"));
        return new Terminal() {
            private OptionalInt width;

            @Override
            public boolean stdoutIsTerminal() {
                return tty;
            }

            @Override
            public boolean stderrIsTerminal() {
                return errTty;
            }

            @Override
            public synchronized OptionalInt columns() {
                if (!tty) {
                    return OptionalInt.empty();
                }
                if (width == null) {
                    width = positive(env.get("COLUMNS"));
                    if (width.isEmpty()) {
                        width = sttyColumns();
                    }
                }
                return width;
            }
        };
    }

    /** True when {@code fdLink} (a {@code /proc/.../fd/N} link) points at a terminal device. */
    static boolean isTerminal(Path fdLink) {
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static OptionalInt positive(String value) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value.trim());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt sttyColumns() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return OptionalInt.empty();
            }
            String[] rowsCols = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .trim().split("\\s+");
            return rowsCols.length == 2 ? positive(rowsCols[1]) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }
}
