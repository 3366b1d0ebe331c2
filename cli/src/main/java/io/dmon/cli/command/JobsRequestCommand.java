package io.dmon.cli.command;

import io.dmon.cli.DmonCtl;
import io.dmon.cli.ExitCode;
import io.dmon.cli.client.OperatorClient;
import io.dmon.proto.v1.JobsRequest;
import io.dmon.proto.v1.JobsResponse;
import io.dmon.proto.v1.Selector;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A command that sends the selected jobs to the coordinators as one {@link JobsRequest} (stop,
 * restart) and prints the ids of the jobs acted on.
 */
abstract class JobsRequestCommand implements Callable<Integer> {

    @ParentCommand
    private DmonCtl dmonctl;

    @Mixin
    private JobSelectorOptions.Alone selection;

    private final BiFunction<OperatorClient, JobsRequest, JobsResponse> send;

    /** @param send the one call this command is, such as {@code OperatorClient::stop} */
    JobsRequestCommand(BiFunction<OperatorClient, JobsRequest, JobsResponse> send) {
        this.send = send;
    }

    @Override
    public Integer call() {
        OperatorClient client = dmonctl.client();
        JobsOutput.print(dmonctl.context(), send.apply(client, request(selection.selector(client))));
        return ExitCode.OK;
    }

    /** Ids go in job_ids, which every coordinator knows. */
    private static JobsRequest request(Selector selector) {
        if (selector.getJobIdsCount() > 0) {
            return JobsRequest.newBuilder().addAllJobIds(selector.getJobIdsList()).build();
        }
        return JobsRequest.newBuilder().setSelector(selector).build();
    }
}
