package io.dmon.agent.tools;

import io.dmon.agent.output.ToolArgs;
import io.dmon.spec.SpecException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * What the three log programs share around their loop: options from {@code $XXX_OPTIONS} then
 * the command line, {@code --help}, and failures reported as one line, {@code name: what was
 * wrong}, with exit status 1 (DMon's), never a stack trace.
 */
final class LogToolMain {
    private LogToolMain() {
    }

    /**
     * Parses {@code argv} into {@code args} (the command's option object) and runs the command.
     *
     * @return the exit status
     */
    static int run(String name, String envVariable, Callable<Integer> command, Object args, String[] argv) {
        return run(name, envVariable, System.getenv(), command, args, argv);
    }

    static int run(String name, String envVariable, Map<String, String> env, Callable<Integer> command,
                   Object args, String[] argv) {
        try {
            List<String> words = ToolArgs.withEnvironment(envVariable, env, List.of(argv));
            if (!ToolArgs.parse(args, words)) {
                new CommandLine(command).usage(System.out);
                return 0;
            }
            return command.call();
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
