package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.proto.v1.HostView;
import io.dmon.proto.v1.JobView;
import io.dmon.proto.v1.ListJobsRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dmonctl __complete jobs|hosts}: what the shell completion scripts offer after a command
 * that takes job ids or a host, one a line, asked of the coordinators: a coordinator has
 * {@value #DEADLINE_MS} ms to answer once connected (connecting, this JVM's cold start of the
 * channel included, may take {@value #CONNECT_MS} ms). One that does not answer in time, or any
 * other failure, prints nothing at all and exits 1: a completion must never write over the line
 * being typed, nor make the operator wait.
 */
@Command(name = "__complete", hidden = true, description = "Job ids or host names for shell completion.")
public final class CompleteCommand implements Callable<Integer> {
    static final long DEADLINE_MS = 200;
    static final long CONNECT_MS = 1000;

    @ParentCommand
    private DmonCtl dmonctl;

    @Parameters(index = "0", paramLabel = "jobs|hosts")
    private String what;

    private io.dmon.cli.client.OperatorClient client() {
        return dmonctl.client(Duration.ofMillis(CONNECT_MS), Duration.ofMillis(DEADLINE_MS));
    }

    @Override
    public Integer call() {
        try {
            List<String> words = switch (what) {
                case "jobs" -> client().listJobs(ListJobsRequest.getDefaultInstance())
                        .getJobsList().stream().map(JobView::getJob).map(job -> job.getId()).toList();
                case "hosts" -> client().listHosts().getHostsList().stream()
                        .map(HostView::getName).toList();
                default -> List.of();
            };
            PrintStream out = dmonctl.context().out();
            new TreeSet<>(words).forEach(out::println);
            return words.isEmpty() ? 1 : 0;
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
