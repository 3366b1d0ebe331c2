/**
 * One picocli command per class ({@code XxxCommand implements Callable<Integer>}): parse, call
 * the client, print through {@code output}. Failures are thrown as
 * {@link io.dmon.cli.CliException} and reported in one place.
 */
package io.dmon.cli.command;
