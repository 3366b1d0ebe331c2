/**
 * dmon's control plane: {@link io.dmon.coordinator.CoordinatorNode} runs one coordinator (a
 * Hazelcast member and a gRPC server for agents and operators) from a
 * {@link io.dmon.coordinator.CoordinatorConfig}; {@link io.dmon.coordinator.CoordinatorCommand} is
 * the {@code dmon-coordinator} program around it.
 *
 * <p>Packages: {@code store} (the shared state; the only one that knows Hazelcast), {@code agents}
 * (agent sessions), {@code operator} (the operator API), {@code gates} (fleet load gates and the
 * oldest member's evaluator), {@code fleet} (ids, selectors, liveness, status rules, error mapping
 * shared by the services), {@code server} (wiring and the gRPC server).
 */
package io.dmon.coordinator;
