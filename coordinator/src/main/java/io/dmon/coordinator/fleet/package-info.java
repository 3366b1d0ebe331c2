/**
 * The coordinator's vocabulary, shared by the agent and operator services and free of transport
 * and store details: job ids and names, when a host is UP, how events move a job's status, and the
 * rejections a request can meet (the gRPC edge maps them to statuses).
 */
package io.dmon.coordinator.fleet;
