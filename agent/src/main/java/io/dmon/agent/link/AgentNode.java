package io.dmon.agent.link;

import io.dmon.agent.host.JobHost;
import io.dmon.agent.load.LoadAvgFile;
import io.dmon.agent.process.Posix;
import java.io.IOException;

/**
 * A running dmon-agent: the jobs of this host and the link to the coordinators. It picks up the
 * previous agent's assignment at once (ending the processes a killed agent left behind), so jobs
 * run whether or not a coordinator answers.
 */
public final class AgentNode implements AutoCloseable {
    private final JobHost host;
    private final AgentLink link;

    private AgentNode(JobHost host, AgentLink link) {
        this.host = host;
        this.link = link;
    }

    public static AgentNode start(AgentConfig config) throws IOException, InterruptedException {
        LoadAvgFile load = LoadAvgFile.fromEnvironment(config.env());
        AgentLink link = new AgentLink(config.name(), config.labels(), config.coordinators(), config.credentials(),
                load.file());
        JobHost host = new JobHost(Posix.instance(), config.stateDir(), config.name(), config.env(), load,
                config.spoolMaxBytes(), link.listener());
        host.recover();
        link.start(host);
        return new AgentNode(host, link);
    }

    public JobHost host() {
        return host;
    }

    /** The coordinator holding this agent's session, or null while disconnected. */
    public String connectedTo() {
        return link.connectedTo();
    }

    /** Stops the link, then every job (TERM, grace, KILL). */
    @Override
    public void close() throws InterruptedException {
        link.close();
        host.close();
    }
}
