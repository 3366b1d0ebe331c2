package io.dmon.cli.output;

import io.dmon.proto.v1.ClusterMember;
import java.util.List;
import java.util.OptionalInt;

/** {@code dmonctl cluster}: the coordinators as a table or as JSON. */
public final class ClusterListing {
    private ClusterListing() {
    }

    /**
     * {@code ADDRESS GRPC UPTIME AGENTS} after a first, unnamed column holding {@code *} for the
     * member that answered, in the order given (Hazelcast's: the oldest first).
     */
    public static String table(List<ClusterMember> members, long nowMillis, OptionalInt width) {
        Table table = new Table("", "ADDRESS", "GRPC", "UPTIME", "AGENTS");
        for (ClusterMember member : members) {
            long uptime = uptimeSeconds(member, nowMillis);
            table.row(member.getAnswering() ? "*" : "",
                    member.getHazelcastAddress(),
                    member.getGrpcAddress().isEmpty() ? "-" : member.getGrpcAddress(),
                    uptime < 0 ? "-" : HumanDuration.format(uptime),
                    Integer.toString(member.getAgents()));
        }
        return table.render(width);
    }

    /**
     * An array with one object per member: {@code address, grpc_address, started_unix_ms,
     * uptime_seconds} (null when the start is unknown), {@code agents, answering}.
     */
    public static String json(List<ClusterMember> members, long nowMillis) {
        JsonWriter w = new JsonWriter().beginArray();
        for (ClusterMember member : members) {
            long uptime = uptimeSeconds(member, nowMillis);
            w.beginObject()
                    .name("address").value(member.getHazelcastAddress())
                    .name("grpc_address").value(member.getGrpcAddress())
                    .name("started_unix_ms").value(member.getStartedUnixMs());
            w.name("uptime_seconds");
            if (uptime < 0) {
                w.nullValue();
            } else {
                w.value(uptime);
            }
            w.name("agents").value(member.getAgents())
                    .name("answering").value(member.getAnswering())
                    .endObject();
        }
        return w.endArray().toString() + "\n";
    }

    private static long uptimeSeconds(ClusterMember member, long nowMillis) {
        return member.getStartedUnixMs() <= 0 ? -1 : Math.max(0, (nowMillis - member.getStartedUnixMs()) / 1000);
    }
}
