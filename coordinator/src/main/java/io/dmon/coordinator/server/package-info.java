/**
 * Wiring: the services bound to one store with the threads they need, and the gRPC server that
 * carries them with the health service, on any {@link io.grpc.ServerBuilder}.
 */
package io.dmon.coordinator.server;
