package io.dmon.coordinator.metrics;

import io.dmon.proto.v1.AgentMessage;
import io.dmon.proto.v1.AgentServiceGrpc;
import io.dmon.proto.v1.LogLine;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Counts the output lines, and their bytes, that agents send this coordinator
 * ({@code dmon_log_lines_received_total}, {@code dmon_log_bytes_received_total}, per host), as
 * they arrive on the agent sessions; lines a replay sends twice are counted twice (the store keeps
 * one).
 */
public final class LogIngestInterceptor implements ServerInterceptor {
    private final Counter lines;
    private final Counter bytes;

    public LogIngestInterceptor(PrometheusRegistry registry) {
        this.lines = Counter.builder().name("dmon_log_lines_received")
                .help("Output lines received from agents, per host").labelNames("host").register(registry);
        this.bytes = Counter.builder().name("dmon_log_bytes_received")
                .help("Bytes of output lines received from agents, per host").labelNames("host").register(registry);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        if (!call.getMethodDescriptor().getFullMethodName().equals(AgentServiceGrpc.getSessionMethod().getFullMethodName())) {
            return listener;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            private String host = "";

            @Override
            public void onMessage(Q message) {
                if (message instanceof AgentMessage m) {
                    if (m.hasRegister()) {
                        host = m.getRegister().getName();
                    } else if (m.hasLogs() && !host.isEmpty()) {
                        long size = 0;
                        for (LogLine line : m.getLogs().getLinesList()) {
                            size += line.getLine().size();
                        }
                        lines.labelValues(host).inc(m.getLogs().getLinesCount());
                        bytes.labelValues(host).inc(size);
                    }
                }
                super.onMessage(message);
            }
        };
    }
}
