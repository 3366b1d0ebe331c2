package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl gate}: fleet load gates (add, ls, rm). */
@Command(name = "gate", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(add | ls | rm)",
        description = {
            "Fleet load gates: pause jobs while a watched load is high (add, ls, rm).",
            "A gate watches a load: one host's 1-minute load, or the highest (max) "
                    + "or mean (avg) 1-minute load of the UP hosts, optionally only those with "
                    + "given labels. When the load goes above the gate's high mark the gate CLOSES "
                    + "and every job it selects is paused; when the load falls to the low mark or "
                    + "below it OPENS and they are released, unless something else still holds "
                    + "them (another gate, a manual pause, their own -L). Between the marks nothing "
                    + "changes. A watched host that is DOWN counts, after a grace period, as below "
                    + "the low mark (ls says so in NOTE).",
            "The coordinators evaluate gates every half second; one decision per change, whichever "
                    + "coordinator takes it. Changes show in 'dmonctl events'."},
        subcommands = {GateAddCommand.class, GateListCommand.class, GateRemoveCommand.class})
public final class GateCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    /** The program's root, for the subcommands. */
    DmonCtl dmonctl() {
        return dmonctl;
    }

    @Override
    public Integer call() {
        throw CliException.usage("gate needs a subcommand: add, ls or rm (see 'dmonctl gate --help')");
    }
}
