package io.dmon.cli.command;

import picocli.CommandLine.Command;

/** {@code dmonctl gate}: fleet gates (add, ls, rm). */
@Command(name = "gate", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(add | ls | rm)",
        description = {
            "Fleet gates: pause jobs while a watched load or pressure is high (add, ls, rm).",
            "A gate watches a metric (--metric): the 1-minute load (load1, the default) or a "
                    + "figure of the hosts' pressure stall information (io.some.avg10, "
                    + "cpu.full.avg60, ...: percent of time stalled), of one host, or the highest "
                    + "(max) or mean (avg) of the UP hosts, optionally only those with given labels "
                    + "(hosts without pressure stall information are left out of max and avg). When "
                    + "the value goes above the gate's high mark the gate CLOSES and every job it "
                    + "selects is paused; when it falls to the low mark or below it OPENS and they "
                    + "are released, unless something else still holds them (another gate, a manual "
                    + "pause, their own -L or -P). Between the marks nothing changes. A watched host "
                    + "that is DOWN counts, after a grace period, as below the low mark (ls says so "
                    + "in NOTE).",
            "The coordinators evaluate gates every half second; one decision per change, whichever "
                    + "coordinator takes it. Changes show in 'dmonctl events'."},
        subcommands = {GateAddCommand.class, GateListCommand.class, GateRemoveCommand.class})
public final class GateCommand extends CommandGroup {
}
