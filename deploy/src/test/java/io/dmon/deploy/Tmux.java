package io.dmon.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An interactive program in a tmux session of its own: keys typed in, the screen read back. */
final class Tmux implements AutoCloseable {
    private final String name;

    Tmux(String name, List<String> command) throws IOException, InterruptedException {
        this.name = name;
        List<String> cmd = new ArrayList<>(List.of("tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "30"));
        cmd.add(String.join(" ", command.stream().map(Tmux::quoted).toList()));
        tmux(cmd);
        // Keys sent before the shell has set itself up would reach a program not ready for them.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!screen().contains(PROMPT)) {
            if (System.nanoTime() > deadline) {
                String screen = screen();
                close();
                throw new AssertionError(name + ": no prompt '" + PROMPT + "' within 30 s; the screen:\n" + screen);
            }
            Thread.sleep(100);
        }
    }

    /** The prompt the shells are given (PS1), the sign they are ready for keys. */
    static final String PROMPT = "shell-under-test>";

    String name() {
        return name;
    }

    /** The visible screen. */
    String screen() throws IOException, InterruptedException {
        return tmux(List.of("tmux", "capture-pane", "-t", name, "-p"));
    }

    /**
     * Clears the line, types {@code line} and a Tab, until the screen satisfies {@code done}
     * (a completion asked of a coordinator may come back empty on a busy machine), for up to a minute.
     */
    void typeUntil(String line, Predicate<String> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            tmux(List.of("tmux", "send-keys", "-t", name, "C-c"));
            tmux(List.of("tmux", "send-keys", "-t", name, "clear", "Enter"));
            // A completion still running (a JVM asking a busy coordinator) eats or reorders keys
            // typed meanwhile: type only at a bare prompt.
            if (!bareScreenWithin(Duration.ofSeconds(10))) {
                continue;
            }
            tmux(List.of("tmux", "send-keys", "-t", name, "-l", line));
            tmux(List.of("tmux", "send-keys", "-t", name, "Tab"));
            for (int i = 0; i < 30; i++) {
                Thread.sleep(100);
                screen = screen();
                if (done.test(screen)) {
                    return;
                }
            }
        }
        throw new AssertionError(name + ": '" + line + "' + Tab did not complete; the screen:\n" + screen);
    }

    /** True once the screen holds nothing but the prompt (the shell waits for keys). */
    private boolean bareScreenWithin(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (screen().strip().equals(PROMPT)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("tmux", "kill-session", "-t", name).start().waitFor(10, TimeUnit.SECONDS);
    }

    private static String tmux(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out.strip());
        }
        return out;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
