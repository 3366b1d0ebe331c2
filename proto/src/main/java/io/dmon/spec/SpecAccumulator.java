package io.dmon.spec;

import java.util.List;

/**
 * Applies options one by one, in the order dmon reads them, and finally checks the whole: later
 * options override earlier ones for single values, {@code -E} and {@code -r} add up, and so does
 * {@code -P} (a later mark on the same metric replaces the earlier one).
 */
final class SpecAccumulator {

    /** What to do after an option. */
    enum Step { CONTINUE, HELP, LIMITS_HELP }

    private final JobSpec.Builder builder = JobSpec.builder();
    private long interval;
    private boolean once;
    private double loadHigh;
    private double loadLow;

    /**
     * Applies one option.
     *
     * @return whether to go on or to stop and show a help text
     * @throws SpecException for a bad value, or {@code -C} anywhere but first on the command line
     */
    Step apply(OptionUse use) throws SpecException {
        try {
            return applyValue(use);
        } catch (SpecException e) {
            throw use.problem(e.getMessage());
        }
    }

    private Step applyValue(OptionUse use) throws SpecException {
        String name = use.spelling();
        String value = use.value();
        switch (use.option()) {
            case CONFIG -> throw new SpecException(
                    "option " + name + " must be the first option on the command line");
            case HELP -> {
                return Step.HELP;
            }
            case WRITE_INFO -> builder.infoFile(path(name, value));
            case PID_FILE -> builder.pidFile(path(name, value));
            case WORK_DIR -> builder.workDir(path(name, value));
            case INTERVAL -> interval = TimeValue.parseSeconds(name, value);
            case TIMEOUT -> builder.timeoutSeconds(TimeValue.parseSeconds(name, value));
            case LOAD_HIGH -> loadHigh = LoadValue.parse(name, value);
            case LOAD_LOW -> loadLow = LoadValue.parse(name, value);
            case PRESSURE -> builder.putPressure(PressureMark.parse(name, value));
            case CGROUPS -> {
                if (!JobSpec.CGROUP_MODES.contains(value)) {
                    throw new SpecException("option " + name + ": '" + value + "' is not one of auto, v2, v1, off");
                }
                builder.cgroups(value);
            }
            case ENVIRON -> builder.addEnviron(EnvChange.parse(name, value));
            case CMD_USER -> builder.cmdUser(UserSpec.parse(name, value));
            case LOG_USER -> builder.logUser(UserSpec.parse(name, value));
            case MAX_RESPAWNS -> builder.maxRespawns(maxRespawns(name, value));
            case LIMIT -> {
                if (value.equals("help")) {
                    return Step.LIMITS_HELP;
                }
                if (CgroupLimit.names(value)) {
                    builder.putCgroupLimit(CgroupLimit.parse(name, value));
                } else {
                    builder.addLimit(ResourceLimit.parse(name, value));
                }
            }
            case NO_DAEMON -> builder.noDaemon(!use.negated());
            case ONCE -> once = !use.negated();
            case STDERR_REDIR -> builder.stderrRedir(!use.negated());
            case CMD_SIGS -> builder.cmdSigs(!use.negated());
            case LOG_SIGS -> builder.logSigs(!use.negated());
        }
        return Step.CONTINUE;
    }

    /**
     * The job, once every option is in.
     *
     * @param rest the words after the options: the command, then maybe {@code --} and a log command
     * @throws SpecException when the options do not fit together or there is no command
     */
    JobSpec finish(List<String> rest) throws SpecException {
        // DMon checks only a non-zero interval: "-i 0 -1" is accepted.
        if (interval > 0 && once) {
            throw new SpecException("options -i and -1 cannot be used together");
        }
        // DMon does not check this; with low above high the command would be stopped and
        // continued every second while the load sits between the two marks.
        if (loadHigh > 0 && loadLow > loadHigh) {
            throw new SpecException("option -l: load " + plain(loadLow) + " is above the -L load "
                    + plain(loadHigh) + " (the command would be paused and resumed every second)");
        }
        int marker = rest.indexOf("--");
        List<String> command = marker < 0 ? rest : rest.subList(0, marker);
        // As in DMon, a "--" with nothing after it means no log command.
        List<String> logCommand = marker < 0 ? List.of() : rest.subList(marker + 1, rest.size());
        if (command.isEmpty()) {
            throw new SpecException("no command to run given");
        }
        if (command.get(0).isEmpty()) {
            throw new SpecException("the command to run is an empty word");
        }
        if (!logCommand.isEmpty() && logCommand.get(0).isEmpty()) {
            throw new SpecException("the log command is an empty word");
        }
        return builder.intervalSeconds(interval).once(once).loadHigh(loadHigh).loadLow(loadLow)
                .command(command).logCommand(logCommand).build();
    }

    private static String path(String option, String value) throws SpecException {
        if (value.isEmpty()) {
            throw new SpecException("option " + option + ": empty path");
        }
        return value;
    }

    private static int maxRespawns(String option, String value) throws SpecException {
        if (!value.matches("-?[0-9]+")) {
            throw new SpecException("option " + option + ": '" + value + "' is not a whole number");
        }
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SpecException("option " + option + ": '" + value + "' is too large");
        }
        // DMon's own default is -1 (no limit) and scripts pass it explicitly; below that is a mistake.
        if (count < -1) {
            throw new SpecException("option " + option + ": '" + value + "' is negative (-1 means no limit)");
        }
        return count;
    }

    private static String plain(double load) {
        boolean whole = load == Math.rint(load) && load < 1e15;
        return whole ? Long.toString((long) load) : Double.toString(load);
    }
}
