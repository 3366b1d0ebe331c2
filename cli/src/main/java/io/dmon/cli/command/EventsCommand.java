package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.EventStream;
import io.dmon.cli.output.EventJson;
import io.dmon.cli.output.EventLine;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import io.dmon.proto.v1.Selector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl events}: what happened to jobs, one line each. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {
            "Prints recent events of jobs and gates in time order, and with -f new ones as they "
                    + "happen, until Ctrl-C. One line each: TIME SUBJECT WHAT (STATE[, CAUSE]). With "
                    + "-f, when the coordinator goes away the events are followed on through another "
                    + "(--coordinator), without repeats.",
            "TIME is ISO-8601 UTC; SUBJECT the job, or 'gate NAME'. For what an agent saw, WHAT is "
                    + "DMon's status line (cmd start <pid>, cmd exit <pid> <raw wait status>, cmd "
                    + "timeout <pid>, cmd pause <pid>, cmd resume <pid>, cmd stop <pid>, cmd signal "
                    + "<pid> <sig>; 'log' for the log command), 'cmd lost <pid>' (the run ended "
                    + "unseen with its monitor), 'state' for a change DMon has no line for (a run taken "
                    + "over by a restarted agent among them), 'lease expired' (a timed pause ended on the agent), or 'spool full, "
                    + "N lines dropped'. For a coordinator's decision it is 'pause requested', "
                    + "'resume requested', or a gate's 'added', 'removed', 'closed', 'opened'.",
            "STATE is the job's state after the event (left out where the event has none); CAUSE "
                    + "who or what caused it: 'manual by alice@ops1 for 10m', 'gate dbload', "
                    + "'db1 load1 6.20 > high 4.00'.",
            "With a selector (job ids, --host, --tag, --label), only the events of the jobs it "
                    + "matches; gates' own events are left out then.",
            "--json prints one object per line: time, unix_ms, job_id (null for a gate's own event), "
                    + "host, gate, role (cmd, log), kind (start, exit, ...), what (as in the line), "
                    + "pid, value, run, state (null where none), cause."})
public final class EventsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selection;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until Ctrl-C.")
    private boolean follow;

    @Option(names = {"-n", "--recent"}, paramLabel = "N",
            description = "How many recent events to print first, at least 1 (default: 100, or every "
                    + "one kept with --since).")
    private Integer recent;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only events from this long ago (90s, 10m, 2h, 1d) or from this time on: "
                    + "2026-12-04T10:00 (or with seconds) in this machine's time zone, or with a zone: "
                    + "2026-12-04T10:00Z, 2026-12-04T10:00+01:00.")
    private String since;

    @Option(names = "--json", description = "One JSON object per event and line.")
    private boolean json;

    @Override
    public Integer call() {
        if (recent != null && recent < 1) {
            // The contract reads 0 as "the default", so "none" cannot be asked for.
            throw CliException.usage("-n: at least 1 recent event (got " + recent + ")");
        }
        CliContext context = dmonctl.context();
        EventsRequest.Builder request = EventsRequest.newBuilder().setFollow(follow)
                .setRecent(recent != null ? recent : since != null ? 0 : 100);
        if (since != null) {
            request.setSinceUnixMs(Since.parse("--since", since, context.clock()));
        }
        Selector selector = selection.selectorOrNone(dmonctl.client());
        if (selector != null) {
            request.setSelector(selector);
        }
        try (EventStream stream = dmonctl.client().events(request.build())
                .onResume(why -> context.err().println("dmonctl: " + why))) {
            for (JobEvent event = stream.next(); event != null; event = stream.next()) {
                context.out().println(json ? EventJson.render(event) : EventLine.render(event));
                context.out().flush();
                if (context.out().checkError()) {
                    throw CliException.outputClosed();
                }
            }
        }
        return ExitCode.OK;
    }
}
