package io.dmon.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.OperatorServiceGrpc;
import io.dmon.trust.Role;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

class RoleMatrixTest {

    @Test
    void everyMethodOfEveryServedServiceHasARow() {
        for (MethodDescriptor<?, ?> method : RawCalls.methods()) {
            assertThat(RoleMatrix.table()).as(method.getFullMethodName()).containsKey(method.getFullMethodName());
        }
        assertThat(RoleMatrix.table()).hasSize(RawCalls.methods().size());
    }

    @Test
    void aMethodWithoutARowIsDenied() {
        assertThat(RoleMatrix.of("dmon.v1.OperatorService/Destroy")).isEqualTo(Access.DENIED);
        assertThat(RoleMatrix.of("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isEqualTo(Access.DENIED);
        assertThat(Access.DENIED.role()).isEmpty();
    }

    @Test
    void readsNeedViewerChangesNeedOperatorTheSessionAnAgentAndHealthNothing() {
        assertThat(RoleMatrix.of(AgentServiceGrpc.getSessionMethod().getFullMethodName()).role()).contains(Role.AGENT);
        for (MethodDescriptor<?, ?> read : new MethodDescriptor<?, ?>[] {OperatorServiceGrpc.getListJobsMethod(),
                OperatorServiceGrpc.getListHostsMethod(), OperatorServiceGrpc.getLogChunksMethod(), OperatorServiceGrpc.getEventsMethod(),
                OperatorServiceGrpc.getListGatesMethod(), OperatorServiceGrpc.getClusterMethod()}) {
            assertThat(RoleMatrix.of(read.getFullMethodName())).as(read.getFullMethodName()).isEqualTo(Access.READ);
        }
        for (MethodDescriptor<?, ?> change : new MethodDescriptor<?, ?>[] {OperatorServiceGrpc.getRunMethod(),
                OperatorServiceGrpc.getStopMethod(), OperatorServiceGrpc.getRestartMethod(),
                OperatorServiceGrpc.getSignalMethod(), OperatorServiceGrpc.getPauseMethod(),
                OperatorServiceGrpc.getResumeMethod(), OperatorServiceGrpc.getAddGateMethod(),
                OperatorServiceGrpc.getRemoveGateMethod(), OperatorServiceGrpc.getRemoveMethod()}) {
            assertThat(RoleMatrix.of(change.getFullMethodName())).as(change.getFullMethodName()).isEqualTo(Access.CHANGE);
            assertThat(Access.CHANGE.audited()).isTrue();
        }
        assertThat(RoleMatrix.of(HealthGrpc.getCheckMethod().getFullMethodName())).isEqualTo(Access.OPEN);
        assertThat(Access.READ.audited()).isFalse();
    }
}
