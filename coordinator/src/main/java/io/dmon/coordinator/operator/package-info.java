/**
 * The operator API ({@code dmon.v1.OperatorService}): a thin gRPC adapter
 * ({@link io.dmon.coordinator.operator.OperatorGrpcService}) over one collaborator per concern —
 * launching jobs, controlling them, listing the fleet, and feeding logs and events to followers.
 */
package io.dmon.coordinator.operator;
