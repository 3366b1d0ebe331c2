package io.dmon.coordinator.auth;

import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of what each RPC of a coordinator needs of its caller. A method that is not here
 * is {@link Access#DENIED}: a service added later is closed until it is given a row.
 */
public final class RoleMatrix {
    private static final Map<String, Access> TABLE = table();

    private RoleMatrix() {
    }

    /** What {@code fullMethodName} ({@code dmon.v1.OperatorService/Run}) needs. */
    public static Access of(String fullMethodName) {
        return TABLE.getOrDefault(fullMethodName, Access.DENIED);
    }

    /** The whole table, in the order written. */
    public static Map<String, Access> table() {
        Map<String, Access> t = new LinkedHashMap<>();
        row(t, AgentServiceGrpc.getSessionMethod(), Access.AGENT);

        row(t, OperatorServiceGrpc.getListJobsMethod(), Access.READ);
        row(t, OperatorServiceGrpc.getListHostsMethod(), Access.READ);
        row(t, OperatorServiceGrpc.getLogChunksMethod(), Access.READ);
        row(t, OperatorServiceGrpc.getEventsMethod(), Access.READ);
        row(t, OperatorServiceGrpc.getListGatesMethod(), Access.READ);
        row(t, OperatorServiceGrpc.getClusterMethod(), Access.READ);

        row(t, OperatorServiceGrpc.getRunMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getStopMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getRestartMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getSignalMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getPauseMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getResumeMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getRemoveMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getAddGateMethod(), Access.CHANGE);
        row(t, OperatorServiceGrpc.getRemoveGateMethod(), Access.CHANGE);

        // Load balancers and orchestrators probe health without a dmon identity.
        HealthGrpc.getServiceDescriptor().getMethods().forEach(m -> row(t, m, Access.OPEN));
        return Collections.unmodifiableMap(t);
    }

    private static void row(Map<String, Access> table, MethodDescriptor<?, ?> method, Access access) {
        table.put(method.getFullMethodName(), access);
    }
}
