package io.dmon.coordinator.store;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** {@link ClusterView} from Hazelcast's membership and the attributes each member set at start. */
final class HazelcastClusterView implements ClusterView {
    /** Member attribute: the coordinator's gRPC address. */
    static final String GRPC_ADDRESS = "dmon.grpc-address";
    /** Member attribute: the coordinator's start, in Unix milliseconds. */
    static final String STARTED = "dmon.started-unix-ms";

    private final Cluster cluster;

    HazelcastClusterView(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public List<CoordinatorMember> members() {
        List<CoordinatorMember> out = new ArrayList<>();
        for (Member member : cluster.getMembers()) {
            String grpc = member.getAttribute(GRPC_ADDRESS);
            out.add(new CoordinatorMember(member.getAddress().getHost() + ":" + member.getAddress().getPort(),
                    grpc == null ? "" : grpc, started(member), member.localMember()));
        }
        return out;
    }

    @Override
    public boolean isOldest() {
        Iterator<Member> members = cluster.getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }

    private static long started(Member member) {
        String text = member.getAttribute(STARTED);
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
