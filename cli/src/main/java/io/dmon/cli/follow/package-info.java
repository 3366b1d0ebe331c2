/**
 * Staying attached: {@link io.dmon.cli.follow.ForegroundRun} for {@code run -n} and
 * {@link io.dmon.cli.follow.LogFollower}, which shows each log line once across resumed streams.
 */
package io.dmon.cli.follow;
