package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.Terminal;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * How a listing (ps, hosts, cluster, gate ls) is printed, as a picocli mixin: {@code --json}, or
 * else a table cut to the terminal's width, whole when standard output is no terminal.
 */
final class ListingFormat {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    /**
     * Prints the listing: {@code json} with {@code --json}, else {@code table} made for the width
     * it may take. Only the one chosen is made (a table may need another call to the coordinators).
     */
    void print(CliContext context, Supplier<String> json, Function<OptionalInt, String> table) {
        if (this.json) {
            context.out().print(json.get());
        } else {
            Terminal terminal = context.terminal();
            context.out().print(table.apply(terminal.stdoutIsTerminal() ? terminal.columns() : OptionalInt.empty()));
        }
    }
}
