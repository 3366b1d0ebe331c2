/**
 * Fleet gates and the one evaluator of the cluster: what a gate watches (a host's load or pressure,
 * {@link io.dmon.coordinator.gates.GateMetric}), read from the hosts store
 * ({@link io.dmon.coordinator.gates.WatchedLoad}), when it closes and opens
 * ({@link io.dmon.coordinator.gates.GatePolicy}, pure), which jobs the closed gates hold
 * ({@link io.dmon.coordinator.gates.GateHolds}), and the loop that runs on the oldest member and
 * writes all of it back with compare-and-set ({@link io.dmon.coordinator.gates.GateEvaluator}).
 */
package io.dmon.coordinator.gates;
