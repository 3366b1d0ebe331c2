package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only gathers subcommands ({@code gate}, {@code tls}, {@code tls ca}, ...): given
 * no subcommand, it is a usage error naming them, in the order the command declares them.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The program's root, for the subcommands. */
    DmonCtl dmonctl() {
        return (DmonCtl) spec.root().userObject();
    }

    @Override
    public Integer call() {
        String qualified = spec.qualifiedName(" ");
        String name = qualified.substring(spec.root().name().length() + 1);
        throw CliException.usage(name + " needs a subcommand: " + choices() + " (see '" + qualified + " --help')");
    }

    /** The subcommands' names as a phrase: {@code create}, {@code ca or cert}, {@code add, ls or rm}. */
    private String choices() {
        List<String> names = new ArrayList<>();
        for (CommandLine subcommand : new LinkedHashSet<>(spec.subcommands().values())) {
            names.add(subcommand.getCommandName());
        }
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }
}
