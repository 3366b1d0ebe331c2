package io.dmon.coordinator.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Times every unary call from its arrival to its close, per method and status code, into
 * {@code dmon_rpc_duration_seconds}. Streaming calls (an agent's session, a follower) last as long
 * as their peer wants: their duration says nothing about the coordinator, so they are counted in
 * {@code dmon_rpc_streams_total} instead.
 */
public final class RpcLatencyInterceptor implements ServerInterceptor {
    private final Histogram durations;
    private final io.prometheus.metrics.core.metrics.Counter streams;

    public RpcLatencyInterceptor(PrometheusRegistry registry) {
        this.durations = Histogram.builder()
                .name("dmon_rpc_duration_seconds")
                .help("Duration of unary gRPC calls served, from arrival to close")
                .unit(Unit.SECONDS)
                .labelNames("method", "code")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .classicOnly()
                .register(registry);
        this.streams = io.prometheus.metrics.core.metrics.Counter.builder()
                .name("dmon_rpc_streams")
                .help("Streaming gRPC calls ended, per method and status code")
                .labelNames("method", "code")
                .register(registry);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        boolean unary = call.getMethodDescriptor().getType() == MethodType.UNARY;
        long start = System.nanoTime();
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                String code = status.getCode().name();
                if (unary) {
                    durations.labelValues(method, code).observe((System.nanoTime() - start) / 1e9);
                } else {
                    streams.labelValues(method, code).inc();
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
