package io.dmon.agent.host;

/**
 * Receives the host's events and status changes, on supervisor threads: must return at once,
 * never wait for the network.
 */
public interface HostListener {
    void event(HostEvent event);

    void status(JobReport report);
}
