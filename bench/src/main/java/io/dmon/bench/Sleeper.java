package io.dmon.bench;

/**
 * A floor for memory and idle CPU: a JVM that loads nothing and sleeps for the number of seconds
 * given (default 1000), then exits.
 */
public final class Sleeper {
    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        Thread.sleep(seconds * 1000);
    }
}
