package io.dmon.coordinator.audit;

import io.dmon.wire.JsonString;
import io.grpc.Grpc;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param time      when the call ended
 * @param principal who called: {@code operator/alice}, {@code plaintext}, or {@code none} when no
 *                  principal could be told
 * @param peer      the client's address as the transport saw it
 * @param method    the full gRPC method name, {@code dmon.v1.OperatorService/Pause}
 * @param target    what the call named (see {@link AuditTargets}); empty when it was refused unread
 * @param outcome   {@code ok}, or the status code ({@code PERMISSION_DENIED})
 */
public record AuditRecord(Instant time, String principal, String peer, String method, String target,
        String outcome) {

    /** The record of {@code call}, ended now with {@code status}. */
    public static AuditRecord of(Clock clock, ServerCall<?, ?> call, String principal, String target, Status status) {
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return new AuditRecord(clock.instant(), principal, peer == null ? "" : peer.toString(),
                call.getMethodDescriptor().getFullMethodName(), target,
                status.isOk() ? "ok" : status.getCode().name());
    }

    /** The record as one line of JSON, without the newline. */
    public String json() {
        StringBuilder out = new StringBuilder(160).append('{');
        field(out, "time", time.toString()).append(',');
        field(out, "principal", principal).append(',');
        field(out, "peer", peer).append(',');
        field(out, "method", method).append(',');
        field(out, "target", target).append(',');
        field(out, "outcome", outcome);
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        JsonString.append(out, name).append(':');
        return JsonString.append(out, value);
    }
}
