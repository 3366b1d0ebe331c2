package io.dmon.wire;

import io.dmon.spec.CgroupLimit;
import io.dmon.spec.EnvChange;
import io.dmon.spec.JobSpec;
import io.dmon.spec.LimitKind;
import io.dmon.spec.PressureMark;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.ResourceLimit;
import io.dmon.spec.SpecException;
import io.dmon.spec.UserSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that converts the job model between its Java form ({@link JobSpec}) and its wire
 * form ({@link io.dmon.proto.v1.JobSpec}). Everything off the wire is checked again: a spec that
 * the Java model would refuse is bad input, whoever sent it.
 */
public final class JobSpecMapper {
    private JobSpecMapper() {
    }

    public static io.dmon.proto.v1.JobSpec toProto(JobSpec spec) {
        var b = io.dmon.proto.v1.JobSpec.newBuilder()
                .addAllCommand(spec.command())
                .addAllLogCommand(spec.logCommand())
                .setInfoFile(spec.infoFile().orElse(""))
                .setPidFile(spec.pidFile().orElse(""))
                .setWorkDir(spec.workDir().orElse(""))
                .setIntervalSeconds(spec.intervalSeconds())
                .setTimeoutSeconds(spec.timeoutSeconds())
                .setLoadHigh(spec.loadHigh())
                .setLoadLow(spec.loadLow())
                .setNoDaemon(spec.noDaemon())
                .setOnce(spec.once())
                .setMaxRespawns(spec.maxRespawns())
                .setStderrRedir(spec.stderrRedir())
                .setCmdSigs(spec.cmdSigs())
                .setLogSigs(spec.logSigs());
        for (EnvChange e : spec.environ()) {
            var eb = io.dmon.proto.v1.EnvChange.newBuilder().setName(e.name());
            if (!e.isUnset()) {
                eb.setValue(e.value());
            }
            b.addEnviron(eb);
        }
        spec.cmdUser().ifPresent(u -> b.setCmdUser(user(u)));
        spec.logUser().ifPresent(u -> b.setLogUser(user(u)));
        for (ResourceLimit l : spec.limits()) {
            b.addLimits(io.dmon.proto.v1.ResourceLimit.newBuilder().setName(l.kind().dmonName()).setValue(l.value()));
        }
        for (CgroupLimit l : spec.cgroupLimits()) {
            b.addLimits(io.dmon.proto.v1.ResourceLimit.newBuilder().setName(l.kind().optionName()).setValue(l.value()));
        }
        for (PressureMark m : spec.pressure()) {
            b.addPressure(io.dmon.proto.v1.PressureMark.newBuilder().setMetric(m.metric().name())
                    .setHigh(m.high()).setLow(m.low()));
        }
        return b.build();
    }

    /**
     * The Java model of a wire spec.
     *
     * @throws SpecException naming what is wrong with it (no command, unknown limit, bad numbers)
     */
    public static JobSpec fromProto(io.dmon.proto.v1.JobSpec p) throws SpecException {
        if (p.getCommandCount() == 0 || p.getCommand(0).isEmpty()) {
            throw new SpecException("no command to run given");
        }
        List<EnvChange> environ = new ArrayList<>();
        for (var e : p.getEnvironList()) {
            if (e.getName().isEmpty() || e.getName().contains("=")) {
                throw new SpecException("bad environment variable name '" + e.getName() + "'");
            }
            environ.add(e.hasValue() ? EnvChange.set(e.getName(), e.getValue()) : EnvChange.unset(e.getName()));
        }
        List<ResourceLimit> limits = new ArrayList<>();
        List<CgroupLimit> cgroupLimits = new ArrayList<>();
        for (var l : p.getLimitsList()) {
            var cgroupKind = CgroupLimit.Kind.byName(l.getName());
            if (cgroupKind.isPresent()) {
                try {
                    cgroupLimits.add(new CgroupLimit(cgroupKind.get(), l.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new SpecException("limit " + l.getName() + ": bad value " + l.getValue());
                }
                continue;
            }
            LimitKind kind = LimitKind.byDmonName(l.getName())
                    .orElseThrow(() -> new SpecException("unknown limit '" + l.getName() + "'"));
            if (l.getValue() < 0) {
                throw new SpecException("limit " + l.getName() + ": negative value " + l.getValue());
            }
            limits.add(new ResourceLimit(kind, l.getValue()));
        }
        List<PressureMark> pressure = new ArrayList<>();
        java.util.Set<PressureMetric> metrics = new java.util.HashSet<>();
        for (var m : p.getPressureList()) {
            PressureMetric metric = PressureMetric.parseOfJob(m.getMetric());
            if (!metrics.add(metric)) {
                throw new SpecException("pressure mark " + metric + " given twice");
            }
            try {
                pressure.add(new PressureMark(metric, m.getHigh(), m.getLow()));
            } catch (IllegalArgumentException e) {
                throw new SpecException("pressure mark " + metric + ": high " + m.getHigh() + ", low " + m.getLow()
                        + ": need 0 < high < 100 and 0 <= low <= high");
            }
        }
        try {
            var b = JobSpec.builder()
                    .command(p.getCommandList())
                    .logCommand(p.getLogCommandList())
                    .intervalSeconds(p.getIntervalSeconds())
                    .timeoutSeconds(p.getTimeoutSeconds())
                    .loadHigh(p.getLoadHigh())
                    .loadLow(p.getLoadLow())
                    .environ(environ)
                    .noDaemon(p.getNoDaemon())
                    .once(p.getOnce())
                    .maxRespawns(p.getMaxRespawns())
                    .stderrRedir(p.getStderrRedir())
                    .cmdSigs(p.getCmdSigs())
                    .logSigs(p.getLogSigs())
                    .limits(limits)
                    .pressure(pressure);
            cgroupLimits.forEach(b::putCgroupLimit);
            if (!p.getInfoFile().isEmpty()) {
                b.infoFile(p.getInfoFile());
            }
            if (!p.getPidFile().isEmpty()) {
                b.pidFile(p.getPidFile());
            }
            if (!p.getWorkDir().isEmpty()) {
                b.workDir(p.getWorkDir());
            }
            if (p.hasCmdUser()) {
                b.cmdUser(new UserSpec(p.getCmdUser().getUser(), p.getCmdUser().getGroupsList()));
            }
            if (p.hasLogUser()) {
                b.logUser(new UserSpec(p.getLogUser().getUser(), p.getLogUser().getGroupsList()));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage());
        }
    }

    private static io.dmon.proto.v1.UserSpec user(UserSpec u) {
        return io.dmon.proto.v1.UserSpec.newBuilder().setUser(u.user()).addAllGroups(u.groups()).build();
    }
}
