package io.dmon.cli.output;

import io.dmon.wire.JsonString;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A small JSON writer for dmonctl's {@code --json} output: arrays and objects, strings escaped
 * per RFC 8259 (quote, backslash, control characters, and lone surrogates so that nothing is lost
 * when the text is encoded as UTF-8), numbers, booleans and null. Non-finite doubles, which JSON
 * cannot express, are written as null. Objects in a top-level array go one per line, so that
 * {@code grep} and line-oriented tools still work.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Per open container: true once it holds a member (a comma goes before the next one). */
    private final Deque<Boolean> open = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(false);
        return this;
    }

    public JsonWriter endArray() {
        boolean any = open.pop();
        if (any && open.isEmpty()) {
            out.append('\n');
        }
        out.append(']');
        return this;
    }

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(false);
        return this;
    }

    public JsonWriter endObject() {
        open.pop();
        out.append('}');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        beforeValue();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** An array of these strings. */
    public JsonWriter values(List<String> values) {
        beginArray();
        values.forEach(this::value);
        return endArray();
    }

    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        string(value);
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            return nullValue();
        }
        beforeValue();
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** The document written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (open.isEmpty()) {
            return;
        }
        if (open.peek()) {
            out.append(',');
        }
        open.pop();
        open.push(true);
        if (open.size() == 1 && out.length() > 0) {
            // Members of the outermost container each start a line.
            out.append('\n');
        }
    }

    private void string(String s) {
        JsonString.append(out, s);
    }
}
