package io.dmon.cli.command;

import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.output.GateListing;
import io.dmon.proto.v1.AddGateRequest;
import io.dmon.proto.v1.Gate;
import io.dmon.proto.v1.GateView;
import io.dmon.spec.PressureMetric;
import io.dmon.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl gate add}: a new fleet gate. */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {
            "dmonctl gate add NAME --watch (HOST|max|avg) [--watch-label KEY=VALUE]...",
            "                 [--metric load1|RES[.some|full][.avg10|avg60|avg300]]",
            "                 --high X [--low Y] SELECTOR",
            "  SELECTOR: JOB... | --all | [--host HOST] [--tag TAG] [--label KEY=VALUE]..."},
        description = {
            "Adds a gate.",
            "The gate NAME pauses the selected jobs while the watched metric is above "
                    + "X, and releases them when it falls to Y or below (see 'dmonctl gate --help'). "
                    + "The selector may match no job yet: jobs started later that match it are held "
                    + "too.",
            "Prints 'added gate NAME: watch W METRIC, high X, low Y (STATE, N jobs held)'. A name "
                    + "already taken is an error (exit 5), and so are a watched host the fleet does "
                    + "not know and a pressure metric the watched host does not report (no pressure "
                    + "stall information in its kernel) (exit 2)."})
public final class GateAddCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ParentCommand
    private GateCommand gate;

    @Option(names = "--watch", required = true, paramLabel = "HOST|max|avg",
            description = "What load to watch: that host's, or the highest (max) or mean (avg) of "
                    + "the UP hosts. max and avg in any case; any other word is a host name.")
    private String watch;

    @Option(names = "--watch-label", split = ",", paramLabel = "KEY=VALUE",
            description = "With max or avg: only hosts with this label (repeatable: all must match).")
    private List<String> watchLabels = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "What to watch: load1 (the 1-minute load, the default) or a pressure "
                    + "metric RES[.some|full][.avg10|avg60|avg300], RES cpu, io or memory, some and "
                    + "avg10 when left out (io = io.some.avg10): percent of time tasks stalled.")
    private String metric;

    @Option(names = "--high", required = true, paramLabel = "X",
            description = "The high mark: above it the gate closes (a number above 0).")
    private String high;

    @Option(names = "--low", paramLabel = "Y",
            description = "The low mark: at or below it the gate opens (0 to X; default: X/2).")
    private String low;

    @Mixin
    private JobSelectorOptions.AfterGateName selector = new JobSelectorOptions.AfterGateName();

    @Override
    public Integer call() {
        String name = selector.name();
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("gate name '" + name + "': 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Gate.Builder built = Gate.newBuilder().setName(name);
        watch(built);
        if (metric != null) {
            built.setMetric(metric(metric.trim()));
        }
        double highMark = GateMarks.high(high);
        built.setHigh(highMark);
        if (low != null) {
            built.setLow(GateMarks.low(low, highMark, high));
        }
        built.setSelector(selector.selector());
        DmonCtl dmonctl = gate.dmonctl();
        GateView added = dmonctl.client().addGate(AddGateRequest.newBuilder()
                .setGate(built).setBy(Requester.of(dmonctl.context())).build());
        dmonctl.context().out().print(GateListing.added(added));
        return ExitCode.OK;
    }

    /** load1, or a pressure metric by its full name; checked here as the coordinators check it. */
    private static String metric(String text) {
        if (text.equals("load1")) {
            return text;
        }
        if (!text.matches("(cpu|io|memory)(\\..*)?")) {
            throw CliException.usage("--metric: unknown metric '" + text
                    + "' (load1, or cpu|io|memory[.some|full][.avg10|avg60|avg300])");
        }
        try {
            return PressureMetric.parse(text).name();
        } catch (SpecException e) {
            throw CliException.usage("--" + e.getMessage());
        }
    }

    private void watch(Gate.Builder built) {
        String target = watch.trim();
        if (target.isEmpty()) {
            throw CliException.usage("--watch: empty; give a host name, max or avg");
        }
        Map<String, String> labels = KeyValues.parse("--watch-label", watchLabels);
        switch (target.toLowerCase(Locale.ROOT)) {
            case "max" -> built.setWatch(Gate.Watch.MAX);
            case "avg" -> built.setWatch(Gate.Watch.AVG);
            default -> {
                if (!labels.isEmpty()) {
                    throw CliException.usage("--watch-label goes only with --watch max or avg (not a host: " + target + ")");
                }
                built.setWatch(Gate.Watch.HOST).setWatchHost(target);
            }
        }
        built.putAllWatchLabels(labels);
    }
}
