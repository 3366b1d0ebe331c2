package io.dmon.agent.tools;

import io.dmon.agent.output.ToolArgs;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the three log programs share around their loop: options from {@code $XXX_OPTIONS} then
 * the command line, {@code --help}, and failures reported as one line, {@code name: what was
 * wrong}, with exit status 1 (DMon's), never a stack trace.
 */
final class LogToolMain {
    private LogToolMain() {
    }

    /** One log program: how it reads its words, and its work once they are read. */
    interface Tool<A> {
        /** The arguments, or empty for {@code -h}/{@code --help} (as {@code DlogArgs.parse}). */
        Optional<A> parse(List<String> words) throws SpecException;

        /** Runs until the input ends or a signal stops it. */
        void run(A args) throws Exception;
    }

    /**
     * Parses {@code argv} after the words of {@code $envVariable} and runs the tool, or prints
     * {@code usage} on standard output for {@code -h}/{@code --help}.
     *
     * @return the exit status: 0 when the tool returns, 1 after a one-line message on standard error
     */
    static <A> int run(String name, String envVariable, String usage, Tool<A> tool, String[] argv) {
        return run(name, envVariable, System.getenv(), usage, tool, argv);
    }

    static <A> int run(String name, String envVariable, Map<String, String> env, String usage, Tool<A> tool,
                       String[] argv) {
        try {
            Optional<A> args = tool.parse(ToolArgs.withEnvironment(envVariable, env, List.of(argv)));
            if (args.isEmpty()) {
                System.out.print(usage);
                System.out.flush();
                return 0;
            }
            tool.run(args.get());
            return 0;
        } catch (SpecException | IOException e) {
            return fail(name, e.getMessage());
        } catch (Exception e) {
            return fail(name, e.toString());
        }
    }

    private static int fail(String name, String message) {
        String text = message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", "; ");
        System.err.println(name + ": " + text);
        return 1;
    }
}
