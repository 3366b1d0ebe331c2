/**
 * What dmonctl prints: tables, JSON, event lines, log lines. Pure functions of the messages (and
 * "now", passed in), except {@link io.dmon.cli.output.LinePrinter} and
 * {@link io.dmon.cli.output.JsonLogLines}, which write.
 */
package io.dmon.cli.output;
