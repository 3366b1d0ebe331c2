package io.dmon.agent.state;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the agent remembers of one job's operator pause (Job.pause), so that neither its own
 * restart nor the same pause sent again extends a lease or brings back one that ended.
 *
 * <p>Stored as Java properties ({@code job}, {@code pause}, {@code first_seen_unix_ms},
 * {@code until_unix_ms}, {@code ended}).
 *
 * @param pauseId         the Pause.id this is about
 * @param firstSeenUnixMs the agent's clock when it first saw that pause
 * @param untilUnixMs     when its lease ends by the agent's clock, 0 for a pause without a lease
 * @param ended           true once the agent ended it (lease expired): it does not hold again
 */
public record PauseRecord(String jobId, String pauseId, long firstSeenUnixMs, long untilUnixMs, boolean ended) {

    /** The same pause, ended by its lease. */
    public PauseRecord end() {
        return new PauseRecord(jobId, pauseId, firstSeenUnixMs, untilUnixMs, true);
    }

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("job", jobId);
        p.setProperty("pause", pauseId);
        p.setProperty("first_seen_unix_ms", Long.toString(firstSeenUnixMs));
        p.setProperty("until_unix_ms", Long.toString(untilUnixMs));
        p.setProperty("ended", Boolean.toString(ended));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "dmon-agent pause record");
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    static PauseRecord parse(byte[] bytes) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        String job = p.getProperty("job");
        String pause = p.getProperty("pause");
        if (job == null || job.isEmpty() || pause == null) {
            throw new IOException("no job or pause id");
        }
        try {
            return new PauseRecord(job, pause, Long.parseLong(p.getProperty("first_seen_unix_ms", "0")),
                    Long.parseLong(p.getProperty("until_unix_ms", "0")), Boolean.parseBoolean(p.getProperty("ended")));
        } catch (NumberFormatException e) {
            throw new IOException("bad value: " + e.getMessage());
        }
    }
}
