/**
 * What dmonctl prints: tables, JSON, event lines, log lines. Pure functions of the messages (and
 * "now", passed in), except {@link io.dmon.cli.output.LinePrinter}, which writes.
 */
package io.dmon.cli.output;
