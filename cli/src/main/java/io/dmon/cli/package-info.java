/**
 * {@code dmonctl}, the operator's command line. {@link io.dmon.cli.DmonCtl} is the program;
 * {@link io.dmon.cli.CliContext} is everything it takes from the world (streams, environment,
 * terminal, clock, channels, Ctrl-C), so that tests run it whole and get its exit status back;
 * {@link io.dmon.cli.ExitCode} lists the statuses. It talks to the coordinators over gRPC only
 * ({@code client}), never to Hazelcast or an agent.
 */
package io.dmon.cli;
