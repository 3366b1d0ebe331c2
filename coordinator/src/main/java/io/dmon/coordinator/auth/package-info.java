/**
 * Who is calling and what they may do: the principal a call's client certificate names (or, on
 * a plaintext listener, a stand-in), the one table of the role each RPC needs, and the
 * interceptors that enforce both before any service sees the call.
 */
package io.dmon.coordinator.auth;
