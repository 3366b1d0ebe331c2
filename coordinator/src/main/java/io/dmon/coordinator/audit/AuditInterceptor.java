package io.dmon.coordinator.audit;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Records every call of an audited method once it ends: its request's target (see
 * {@link AuditTargets}) and its outcome, the status it was closed with or CANCELLED when the
 * client went away first. A call of any other method is recorded only when a service refuses it
 * with PERMISSION_DENIED or UNAUTHENTICATED (an agent registering under another host's name).
 */
public final class AuditInterceptor implements ServerInterceptor {
    private final AuditLog audit;
    private final Clock clock;
    private final Predicate<String> audited;
    private final Supplier<String> principal;

    /**
     * @param audited   which full method names are recorded
     * @param principal how the audit log names the current call's caller (read while the call starts)
     */
    public AuditInterceptor(AuditLog audit, Clock clock, Predicate<String> audited, Supplier<String> principal) {
        this.audit = audit;
        this.clock = clock;
        this.audited = audited;
        this.principal = principal;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        boolean always = audited.test(call.getMethodDescriptor().getFullMethodName());
        String who = principal.get();
        // The target, not the request: a session's first message is kept no longer than it is read.
        AtomicReference<String> target = new AtomicReference<>("");
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicBoolean recorded = new AtomicBoolean();
        Recorder recorder = status -> {
            if ((always || refusal(status)) && recorded.compareAndSet(false, true)) {
                audit.write(AuditRecord.of(clock, call, who, target.get(), status));
            }
        };
        ServerCall<ReqT, RespT> watched = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                recorder.record(status);
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(watched, headers)) {
            @Override
            public void onMessage(ReqT message) {
                if (first.compareAndSet(true, false)) {
                    target.set(AuditTargets.of(message));
                }
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                recorder.record(Status.CANCELLED);
                super.onCancel();
            }
        };
    }

    private static boolean refusal(Status status) {
        return status.getCode() == Status.Code.PERMISSION_DENIED || status.getCode() == Status.Code.UNAUTHENTICATED;
    }

    @FunctionalInterface
    private interface Recorder {
        void record(Status status);
    }
}
