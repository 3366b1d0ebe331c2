package io.dmon.agent.host;

import io.dmon.agent.monitor.MonitorDirs;
import io.dmon.agent.monitor.MonitorFinder;
import io.dmon.agent.monitor.MonitorJobProcesses;
import io.dmon.agent.state.JobRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a previous agent left in {@code STATE/monitors}, matched with the job records before any
 * job starts: for each record naming a monitor, what is found in its directory (a monitor to
 * re-attach to, one that ended in order, one that is gone); and the directories no record names
 * (their records damaged or lost), whose monitors must be ended.
 *
 * @param byJob what each job's record names, to take over as the job is assigned
 * @param stray the directories no record names
 */
public record MonitorRecovery(Map<String, MonitorJobProcesses.Left> byJob, List<String> stray) {

    /** Looks at every monitor directory and every record. */
    public static MonitorRecovery scan(MonitorDirs dirs, Collection<JobRecord> records) throws IOException,
            InterruptedException {
        Map<String, MonitorJobProcesses.Left> byJob = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        for (JobRecord r : records) {
            if (r.monitor() == null) {
                continue;
            }
            named.add(r.monitor());
            MonitorFinder.Found found = MonitorFinder.findOrAsk(dirs.dir(r.monitor()));
            byJob.put(r.jobId(), new MonitorJobProcesses.Left(r.monitor(), r.seqBase(), found, r.run(), r.pid(),
                    r.startTime(), r.restarts()));
        }
        List<String> stray = new ArrayList<>();
        for (String name : dirs.names()) {
            if (!named.contains(name)) {
                stray.add(name);
            }
        }
        return new MonitorRecovery(byJob, stray);
    }
}
