package io.dmon.agent.tools;

import io.dmon.agent.process.Posix;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code denv [options] command [command-options...]}: DMon 0.6's denv. Builds an environment
 * from the options (see {@link DenvArguments#USAGE}) and executes the command in place, so the
 * command keeps denv's pid and its exit status is the command's own.
 *
 * <p>Any failure of denv's own (bad options, no command, an unreadable -d or -f, a command
 * that cannot be executed) is one line {@code denv: <what was wrong>} on stderr and exit
 * status 111. DMon's option parser exits 1 instead; one status for every failure of denv's own
 * is what a supervisor can tell apart from the command's statuses.
 */
public final class DenvCommand {
    static final int FAILURE = 111;

    private DenvCommand() {
    }

    public static void main(String[] args) {
        // First thing: /proc/self still shows only what denv was started with.
        Invocation invocation = Invocation.capture(args);
        System.exit(run(invocation, Posix::load));
    }

    /** Execs the command, so it returns only the status for help or a failure. */
    static int run(Invocation invocation, Supplier<Posix> posix) {
        try {
            DenvArguments parsed = DenvArguments.parse(invocation.args());
            if (parsed.help()) {
                System.out.print(DenvArguments.USAGE);
                System.out.flush();
                return 0;
            }
            if (parsed.command().isEmpty()) {
                throw new DenvException("No command specified.");
            }
            List<String> env = new EnvironmentBuilder(invocation.environment()).apply(parsed.steps()).entries();
            throw new InPlaceExec(posix.get(), invocation).exec(parsed.command(), env);
        } catch (DenvException e) {
            return fail(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // The native library missing, or a bug: still one line, still 111.
            return fail(e.toString());
        }
    }

    private static int fail(String message) {
        System.err.println("denv: " + message);
        System.err.flush();
        return FAILURE;
    }
}
