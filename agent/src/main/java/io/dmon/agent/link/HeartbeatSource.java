package io.dmon.agent.link;

import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.load.PressureSample;
import io.dmon.agent.load.PressureSource;
import io.dmon.proto.v1.Heartbeat;
import io.dmon.proto.v1.HostPressure;
import io.dmon.proto.v1.PressureAverages;
import io.dmon.proto.v1.ResourcePressure;
import io.dmon.spec.PressureMetric.Resource;
import java.io.IOException;

/**
 * What each heartbeat says of the host: its load averages and its pressure stall information,
 * read afresh for every heartbeat. Used by the link's one thread only.
 */
public final class HeartbeatSource {
    private final LoadAvgFile load;
    private final PressureSource pressure;
    private double[] lastLoad = new double[3];

    /**
     * @param load     the agent's /proc/loadavg or DMON_LOADAVG_FILE
     * @param pressure the agent's /proc/pressure or DMON_PRESSURE_DIR
     */
    public HeartbeatSource(LoadAvgFile load, PressureSource pressure) {
        this.load = load;
        this.pressure = pressure;
    }

    /** The next heartbeat, stamped now, with the host's {@code condition} (empty when well). */
    Heartbeat next(String condition) {
        try {
            lastLoad = load.averages();
        } catch (IOException e) {
            // Keep the last good reading: a missing load file is no reason to look idle.
        }
        Heartbeat.Builder b = Heartbeat.newBuilder().setLoad1(lastLoad[0]).setLoad5(lastLoad[1]).setLoad15(lastLoad[2])
                .setUnixMs(System.currentTimeMillis()).setCondition(condition);
        PressureSample sample = pressure.pressure();
        // Unlike the load, no last good reading stands in: a gate must not go on seeing pressure
        // that can no longer be read, and "no PSI" is what the host's view then says.
        if (!sample.isEmpty()) {
            b.setPressure(toProto(sample));
        }
        return b.build();
    }

    /** The wire form of a reading: each resource read, its full line where the kernel has one. */
    static HostPressure toProto(PressureSample sample) {
        HostPressure.Builder b = HostPressure.newBuilder();
        sample.lines(Resource.CPU).ifPresent(l -> b.setCpu(resource(l)));
        sample.lines(Resource.IO).ifPresent(l -> b.setIo(resource(l)));
        sample.lines(Resource.MEMORY).ifPresent(l -> b.setMemory(resource(l)));
        return b.build();
    }

    private static ResourcePressure resource(PressureSample.Lines lines) {
        ResourcePressure.Builder b = ResourcePressure.newBuilder().setSome(averages(lines.some()));
        if (lines.full() != null) {
            b.setFull(averages(lines.full()));
        }
        return b.build();
    }

    private static PressureAverages averages(PressureSample.Averages a) {
        return PressureAverages.newBuilder().setAvg10(a.avg10()).setAvg60(a.avg60()).setAvg300(a.avg300()).build();
    }
}
