/**
 * The gRPC edge's shared part: how the services' failures (a fleet {@code Rejection}, the store
 * unavailable, a bug) become the status a caller sees.
 */
package io.dmon.coordinator.rpc;
