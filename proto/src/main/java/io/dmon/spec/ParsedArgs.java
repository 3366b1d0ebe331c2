package io.dmon.spec;

import java.util.Objects;

/** What dmon's arguments ask for: run a job, or print one of the help texts and exit with status 0. */
public final class ParsedArgs {

    /** The three things dmon's arguments can ask for. */
    public enum Action {
        /** Supervise the job in {@link #spec()}. */
        RUN,
        /** {@code -h}/{@code --help}: print {@link DmonUsage#usage()}. */
        HELP,
        /** {@code -r help}: print {@link DmonUsage#limitsHelp()}. */
        LIMITS_HELP
    }

    private static final ParsedArgs HELP = new ParsedArgs(Action.HELP, null);
    private static final ParsedArgs LIMITS_HELP = new ParsedArgs(Action.LIMITS_HELP, null);

    private final Action action;
    private final JobSpec spec;

    private ParsedArgs(Action action, JobSpec spec) {
        this.action = action;
        this.spec = spec;
    }

    /** Run {@code spec}. */
    public static ParsedArgs run(JobSpec spec) {
        return new ParsedArgs(Action.RUN, Objects.requireNonNull(spec));
    }

    /** Print the usage. */
    public static ParsedArgs help() {
        return HELP;
    }

    /** Print the list of resource limits. */
    public static ParsedArgs limitsHelp() {
        return LIMITS_HELP;
    }

    public Action action() {
        return action;
    }

    /**
     * The job to run.
     *
     * @throws IllegalStateException when {@link #action()} is not {@link Action#RUN}
     */
    public JobSpec spec() {
        if (spec == null) {
            throw new IllegalStateException("no job: the arguments asked for " + action);
        }
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedArgs && ((ParsedArgs) o).action == action
                && Objects.equals(((ParsedArgs) o).spec, spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, spec);
    }

    @Override
    public String toString() {
        return spec == null ? action.toString() : action + " " + spec;
    }
}
