package io.dmon.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one dmon job is: the command, its optional log command, and every dmon option, as
 * {@code dmon} and {@code dmonctl run} produce it from DMon's option grammar
 * ({@link JobSpecParser}). Immutable; build one with {@link #builder()} or change a copy with
 * {@link #toBuilder()}.
 *
 * <p>Paths are kept as given: relative ones are resolved by whoever runs the job (relative to
 * {@link #workDir()} when there is one, as DMon changes directory before opening anything).
 */
public final class JobSpec {
    private final List<String> command;
    private final List<String> logCommand;
    private final String infoFile;
    private final String pidFile;
    private final String workDir;
    private final long intervalSeconds;
    private final long timeoutSeconds;
    private final double loadHigh;
    private final double loadLow;
    private final List<EnvChange> environ;
    private final UserSpec cmdUser;
    private final UserSpec logUser;
    private final boolean noDaemon;
    private final boolean once;
    private final int maxRespawns;
    private final boolean stderrRedir;
    private final boolean cmdSigs;
    private final boolean logSigs;
    private final List<ResourceLimit> limits;
    private final List<PressureMark> pressure;
    private final String cgroups;
    private final List<CgroupLimit> cgroupLimits;

    private JobSpec(Builder b) {
        command = List.copyOf(b.command);
        logCommand = List.copyOf(b.logCommand);
        infoFile = b.infoFile;
        pidFile = b.pidFile;
        workDir = b.workDir;
        intervalSeconds = b.intervalSeconds;
        timeoutSeconds = b.timeoutSeconds;
        loadHigh = b.loadHigh;
        // DMon's rule: with -L on, a load-low of zero (not given, or given as 0) means half of -L.
        loadLow = b.loadHigh > 0 && b.loadLow == 0 ? b.loadHigh / 2 : b.loadLow;
        environ = List.copyOf(b.environ);
        cmdUser = b.cmdUser;
        logUser = b.logUser;
        noDaemon = b.noDaemon;
        once = b.once;
        maxRespawns = b.maxRespawns;
        stderrRedir = b.stderrRedir;
        cmdSigs = b.cmdSigs;
        logSigs = b.logSigs;
        limits = List.copyOf(b.limits);
        pressure = List.copyOf(b.pressure.values());
        cgroups = b.cgroups;
        cgroupLimits = List.copyOf(b.cgroupLimits.values());
        check();
    }

    private void check() {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        if (command.get(0).isEmpty() || (!logCommand.isEmpty() && logCommand.get(0).isEmpty())) {
            throw new IllegalArgumentException("empty program name");
        }
        if (intervalSeconds < 0 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("negative interval or timeout");
        }
        if (!isLoad(loadHigh) || !isLoad(loadLow)) {
            throw new IllegalArgumentException("load marks must be finite and not negative");
        }
        if (loadHigh > 0 && loadLow > loadHigh) {
            throw new IllegalArgumentException("load-low " + loadLow + " above load-high " + loadHigh);
        }
        if (maxRespawns < -1) {
            throw new IllegalArgumentException("max-respawns below -1");
        }
        if (once && intervalSeconds > 0) {
            throw new IllegalArgumentException("interval with once");
        }
    }

    private static boolean isLoad(double load) {
        return load >= 0 && !Double.isInfinite(load);
    }

    /** A builder with DMon's defaults: no options, {@code maxRespawns} -1 (unlimited). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The command and its arguments; never empty. */
    public List<String> command() {
        return command;
    }

    /** The log command and its arguments (after {@code --}); empty when there is none. */
    public List<String> logCommand() {
        return logCommand;
    }

    /** {@code -I}: the file status lines are appended to. */
    public Optional<String> infoFile() {
        return Optional.ofNullable(infoFile);
    }

    /** {@code -p}: the file the supervisor's PID is written to. */
    public Optional<String> pidFile() {
        return Optional.ofNullable(pidFile);
    }

    /** {@code -W}: the directory to change to before anything else. */
    public Optional<String> workDir() {
        return Optional.ofNullable(workDir);
    }

    /** {@code -i}: seconds to wait after a successful exit before respawning; 0 for none. */
    public long intervalSeconds() {
        return intervalSeconds;
    }

    /** {@code -t}: seconds a run may last before it is stopped and respawned; 0 for no limit. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** {@code -L}: pause the command while the 1-minute load average is above this; 0 disables. */
    public double loadHigh() {
        return loadHigh;
    }

    /** {@code -l}: resume at or below this load; with {@link #loadHigh()} on, never 0 (defaults to half). */
    public double loadLow() {
        return loadLow;
    }

    /** {@code -E}: environment changes, in the order given. */
    public List<EnvChange> environ() {
        return environ;
    }

    /** {@code -u}: whom to run the command as. */
    public Optional<UserSpec> cmdUser() {
        return Optional.ofNullable(cmdUser);
    }

    /** {@code -U}: whom to run the log command as. */
    public Optional<UserSpec> logUser() {
        return Optional.ofNullable(logUser);
    }

    /** {@code -n}: stay in the foreground. */
    public boolean noDaemon() {
        return noDaemon;
    }

    /** {@code -1}: stop after the first run that exits with status 0. */
    public boolean once() {
        return once;
    }

    /** {@code -m}: how many respawns at most; -1 for no limit, 0 for none. */
    public int maxRespawns() {
        return maxRespawns;
    }

    /** {@code -e}: send the command's standard error to the log command as well. */
    public boolean stderrRedir() {
        return stderrRedir;
    }

    /** {@code -s}: forward CONT, ALRM, QUIT, USR1, USR2, HUP to the command. */
    public boolean cmdSigs() {
        return cmdSigs;
    }

    /** {@code -S}: forward the same signals to the log command. */
    public boolean logSigs() {
        return logSigs;
    }

    /** {@code -r}: resource limits for the command, in the order given. */
    public List<ResourceLimit> limits() {
        return limits;
    }

    /** {@code -P}: the pressure marks, one per metric at most, in the order given. */
    public List<PressureMark> pressure() {
        return pressure;
    }

    /** {@code -G}: which holder cmd's processes get (auto, v2, v1, off), as given. */
    public String cgroups() {
        return cgroups;
    }

    /** {@code -r memory-max=}, {@code -r cpu-max=}: limits on the job's whole cgroup, one per kind. */
    public List<CgroupLimit> cgroupLimits() {
        return cgroupLimits;
    }

    /** The values {@code -G} takes, best holder first. */
    public static final List<String> CGROUP_MODES = List.of("auto", "v2", "v1", "off");

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobSpec)) {
            return false;
        }
        JobSpec that = (JobSpec) o;
        return command.equals(that.command) && logCommand.equals(that.logCommand)
                && Objects.equals(infoFile, that.infoFile) && Objects.equals(pidFile, that.pidFile)
                && Objects.equals(workDir, that.workDir)
                && intervalSeconds == that.intervalSeconds && timeoutSeconds == that.timeoutSeconds
                && Double.compare(loadHigh, that.loadHigh) == 0 && Double.compare(loadLow, that.loadLow) == 0
                && environ.equals(that.environ)
                && Objects.equals(cmdUser, that.cmdUser) && Objects.equals(logUser, that.logUser)
                && noDaemon == that.noDaemon && once == that.once && maxRespawns == that.maxRespawns
                && stderrRedir == that.stderrRedir && cmdSigs == that.cmdSigs && logSigs == that.logSigs
                && limits.equals(that.limits) && pressure.equals(that.pressure) && cgroups.equals(that.cgroups)
                && cgroupLimits.equals(that.cgroupLimits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, logCommand, infoFile, pidFile, workDir, intervalSeconds, timeoutSeconds,
                loadHigh, loadLow, environ, cmdUser, logUser, noDaemon, once, maxRespawns, stderrRedir,
                cmdSigs, logSigs, limits, pressure, cgroups, cgroupLimits);
    }

    @Override
    public String toString() {
        return "JobSpec{command=" + command + ", logCommand=" + logCommand + ", infoFile=" + infoFile
                + ", pidFile=" + pidFile + ", workDir=" + workDir + ", intervalSeconds=" + intervalSeconds
                + ", timeoutSeconds=" + timeoutSeconds + ", loadHigh=" + loadHigh + ", loadLow=" + loadLow
                + ", environ=" + environ + ", cmdUser=" + cmdUser + ", logUser=" + logUser
                + ", noDaemon=" + noDaemon + ", once=" + once + ", maxRespawns=" + maxRespawns
                + ", stderrRedir=" + stderrRedir + ", cmdSigs=" + cmdSigs + ", logSigs=" + logSigs
                + ", limits=" + limits + ", pressure=" + pressure + ", cgroups=" + cgroups + ", cgroupLimits=" + cgroupLimits + "}";
    }

    /**
     * Collects a {@link JobSpec}. Setters take the values as the accessors return them;
     * {@link #build()} checks the invariants and throws {@link IllegalArgumentException} when one
     * is broken (user input is checked earlier, by {@link JobSpecParser}, with readable messages).
     */
    public static final class Builder {
        private List<String> command = List.of();
        private List<String> logCommand = List.of();
        private String infoFile;
        private String pidFile;
        private String workDir;
        private long intervalSeconds;
        private long timeoutSeconds;
        private double loadHigh;
        private double loadLow;
        private final List<EnvChange> environ = new ArrayList<>();
        private UserSpec cmdUser;
        private UserSpec logUser;
        private boolean noDaemon;
        private boolean once;
        private int maxRespawns = -1;
        private boolean stderrRedir;
        private boolean cmdSigs;
        private boolean logSigs;
        private final List<ResourceLimit> limits = new ArrayList<>();
        private final Map<PressureMetric, PressureMark> pressure = new LinkedHashMap<>();
        private String cgroups = "auto";
        private final Map<CgroupLimit.Kind, CgroupLimit> cgroupLimits = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(JobSpec s) {
            command = s.command;
            logCommand = s.logCommand;
            infoFile = s.infoFile;
            pidFile = s.pidFile;
            workDir = s.workDir;
            intervalSeconds = s.intervalSeconds;
            timeoutSeconds = s.timeoutSeconds;
            loadHigh = s.loadHigh;
            loadLow = s.loadLow;
            environ.addAll(s.environ);
            cmdUser = s.cmdUser;
            logUser = s.logUser;
            noDaemon = s.noDaemon;
            once = s.once;
            maxRespawns = s.maxRespawns;
            stderrRedir = s.stderrRedir;
            cmdSigs = s.cmdSigs;
            logSigs = s.logSigs;
            limits.addAll(s.limits);
            pressure(s.pressure);
            cgroups = s.cgroups;
            s.cgroupLimits.forEach(this::putCgroupLimit);
        }

        /** Adds a cgroup limit, in place of the one of the same kind if there is one (a later -r wins). */
        public Builder putCgroupLimit(CgroupLimit limit) {
            cgroupLimits.remove(limit.kind());
            cgroupLimits.put(limit.kind(), limit);
            return this;
        }

        /** {@code -G}: one of {@link #CGROUP_MODES}. */
        public Builder cgroups(String mode) {
            if (!CGROUP_MODES.contains(mode)) {
                throw new IllegalArgumentException("cgroups mode " + mode);
            }
            cgroups = mode;
            return this;
        }

        public Builder command(List<String> words) {
            command = List.copyOf(words);
            return this;
        }

        public Builder command(String... words) {
            return command(List.of(words));
        }

        public Builder logCommand(List<String> words) {
            logCommand = List.copyOf(words);
            return this;
        }

        public Builder logCommand(String... words) {
            return logCommand(List.of(words));
        }

        /** @param path the {@code -I} file, or {@code null} for none */
        public Builder infoFile(String path) {
            infoFile = path;
            return this;
        }

        /** @param path the {@code -p} file, or {@code null} for none */
        public Builder pidFile(String path) {
            pidFile = path;
            return this;
        }

        /** @param path the {@code -W} directory, or {@code null} for none */
        public Builder workDir(String path) {
            workDir = path;
            return this;
        }

        public Builder intervalSeconds(long seconds) {
            intervalSeconds = seconds;
            return this;
        }

        public Builder timeoutSeconds(long seconds) {
            timeoutSeconds = seconds;
            return this;
        }

        public Builder loadHigh(double load) {
            loadHigh = load;
            return this;
        }

        /** @param load the resume mark; 0 means half of {@code loadHigh} when that is set */
        public Builder loadLow(double load) {
            loadLow = load;
            return this;
        }

        /** Replaces the environment changes. */
        public Builder environ(List<EnvChange> changes) {
            environ.clear();
            environ.addAll(changes);
            return this;
        }

        public Builder addEnviron(EnvChange change) {
            environ.add(Objects.requireNonNull(change));
            return this;
        }

        /** @param user whom to run the command as, or {@code null} for dmon's own user */
        public Builder cmdUser(UserSpec user) {
            cmdUser = user;
            return this;
        }

        /** @param user whom to run the log command as, or {@code null} for dmon's own user */
        public Builder logUser(UserSpec user) {
            logUser = user;
            return this;
        }

        public Builder noDaemon(boolean on) {
            noDaemon = on;
            return this;
        }

        public Builder once(boolean on) {
            once = on;
            return this;
        }

        /** @param count the most respawns, 0 for none, -1 for no limit */
        public Builder maxRespawns(int count) {
            maxRespawns = count;
            return this;
        }

        public Builder stderrRedir(boolean on) {
            stderrRedir = on;
            return this;
        }

        public Builder cmdSigs(boolean on) {
            cmdSigs = on;
            return this;
        }

        public Builder logSigs(boolean on) {
            logSigs = on;
            return this;
        }

        /** Replaces the resource limits. */
        public Builder limits(List<ResourceLimit> newLimits) {
            limits.clear();
            limits.addAll(newLimits);
            return this;
        }

        public Builder addLimit(ResourceLimit limit) {
            limits.add(Objects.requireNonNull(limit));
            return this;
        }

        /** Replaces the pressure marks; a later mark on a metric replaces an earlier one. */
        public Builder pressure(List<PressureMark> marks) {
            pressure.clear();
            marks.forEach(this::putPressure);
            return this;
        }

        /** Adds a pressure mark, in place of the one on the same metric if there is one. */
        public Builder putPressure(PressureMark mark) {
            // Removed first so the list keeps the order the marks were last given in.
            pressure.remove(mark.metric());
            pressure.put(mark.metric(), mark);
            return this;
        }

        /**
         * The spec. With {@code loadHigh} on and {@code loadLow} 0, {@code loadLow} becomes
         * {@code loadHigh / 2}, as in DMon.
         *
         * @throws IllegalArgumentException when there is no command, a number is out of range,
         *                                  load-low is above load-high, or an interval is set with once
         */
        public JobSpec build() {
            return new JobSpec(this);
        }
    }
}
