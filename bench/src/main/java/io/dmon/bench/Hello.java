package io.dmon.bench;

/** A floor for start-up: a JVM that starts, prints nothing and exits. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        // nothing: the cost measured is the JVM's own start and exit
    }
}
