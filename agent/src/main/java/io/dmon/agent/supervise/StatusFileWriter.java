package io.dmon.agent.supervise;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders job events as DMon's status lines ({@code -I}), byte for byte: {@code cmd start <pid>},
 * {@code cmd exit <pid> <raw status>}, {@code cmd timeout <pid>}, {@code cmd pause <pid>}, ...
 * One write per line, so a reader of the file (or FIFO) sees whole lines as they happen.
 */
public final class StatusFileWriter implements JobEvent.Listener {
    private final OutputStream out;
    private boolean failed;

    public StatusFileWriter(OutputStream out) {
        this.out = out;
    }

    /** The DMon line for an event, or null when DMon writes none. */
    public static String render(JobEvent e) {
        if (e.kind() == JobEvent.Kind.STATE || e.kind() == JobEvent.Kind.HOLD || e.kind() == JobEvent.Kind.LEASE_EXPIRED
                || (e.kind() == JobEvent.Kind.EXIT && e.afterStop())) {
            return null;
        }
        String who = e.role().name().toLowerCase(Locale.ROOT);
        String what = e.kind().name().toLowerCase(Locale.ROOT);
        return switch (e.kind()) {
            case EXIT, SIGNAL -> who + " " + what + " " + e.pid() + " " + e.value() + "\n";
            default -> who + " " + what + " " + e.pid() + "\n";
        };
    }

    @Override
    public void onEvent(JobEvent event) {
        String line = render(event);
        if (line == null || failed) {
            return;
        }
        try {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // Like DMon: warn once and keep supervising; the status file is a report, not the job.
            failed = true;
            System.err.println("dmon: writing the status file failed: " + e.getMessage());
        }
    }
}
