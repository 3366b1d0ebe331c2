package io.dmon.cli.command;

import io.dmon.cli.CliContext;
import io.dmon.cli.CliException;
import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.ServerStream;
import io.dmon.cli.output.EventLine;
import io.dmon.proto.v1.EventsRequest;
import io.dmon.proto.v1.JobEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dmonctl events}: what happened to jobs, one line each. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {
            "Prints recent events of jobs and gates, and with -f new ones as they happen, until "
                    + "Ctrl-C. One line each: TIME SUBJECT WHAT (STATE[, CAUSE]).",
            "TIME is ISO-8601 UTC; SUBJECT the job, or 'gate NAME'. For what an agent saw, WHAT is "
                    + "DMon's status line (cmd start <pid>, cmd exit <pid> <raw wait status>, cmd "
                    + "timeout <pid>, cmd pause <pid>, cmd resume <pid>, cmd stop <pid>, cmd signal "
                    + "<pid> <sig>; 'log' for the log command), 'state' for a change DMon has no "
                    + "line for, 'lease expired' (a timed pause ended on the agent), or 'spool full, "
                    + "N lines dropped'. For a coordinator's decision it is 'pause requested', "
                    + "'resume requested', or a gate's 'added', 'removed', 'closed', 'opened'.",
            "STATE is the job's state after the event (left out where the event has none); CAUSE "
                    + "who or what caused it: 'manual by alice@ops1 for 10m', 'gate dbload', "
                    + "'db1 load1 6.20 > high 4.00'."})
public final class EventsCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until Ctrl-C.")
    private boolean follow;

    @Option(names = {"-n", "--recent"}, paramLabel = "N", defaultValue = "100",
            description = "How many recent events to print first, at least 1 (default: ${DEFAULT-VALUE}).")
    private int recent;

    @Override
    public Integer call() {
        if (recent < 1) {
            // The contract reads 0 as "the default" (100), so "none" cannot be asked for.
            throw CliException.usage("-n: at least 1 recent event");
        }
        CliContext context = dmonctl.context();
        EventsRequest request = EventsRequest.newBuilder().setFollow(follow).setRecent(recent).build();
        try (ServerStream<JobEvent> stream = dmonctl.client().events(request)) {
            for (JobEvent event = stream.next(); event != null; event = stream.next()) {
                context.out().println(EventLine.render(event));
                context.out().flush();
                if (context.out().checkError()) {
                    throw CliException.outputClosed();
                }
            }
        }
        return ExitCode.OK;
    }
}
