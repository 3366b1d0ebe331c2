/**
 * Agent sessions ({@code dmon.v1.AgentService}): registration and rehydration, the level-triggered
 * assignment and its changes, reports written to the store, log acknowledgements, and the routing
 * of operator signals to whichever coordinator holds a host's session.
 */
package io.dmon.coordinator.agents;
