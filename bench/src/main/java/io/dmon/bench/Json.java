package io.dmon.bench;

import io.dmon.wire.JsonString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps (objects, in their iteration order), lists, strings, numbers, booleans and nulls as
 * indented JSON. Non-finite numbers become null, since JSON has no NaN.
 */
public final class Json {
    private Json() {
    }

    /** The JSON text of {@code value}, ending in a newline. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object v, String indent) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                out.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(d);
            }
        } else if (v instanceof Number n) {
            out.append(n.longValue());
        } else if (v instanceof Map<?, ?> m) {
            container(out, m.entrySet().iterator(), indent, '{', '}', true);
        } else if (v instanceof List<?> l) {
            container(out, l.iterator(), indent, '[', ']', false);
        } else {
            string(out, v.toString());
        }
    }

    private static void container(StringBuilder out, Iterator<?> it, String indent, char open, char close,
                                  boolean object) {
        out.append(open);
        if (!it.hasNext()) {
            out.append(close);
            return;
        }
        String inner = indent + "  ";
        while (it.hasNext()) {
            Object item = it.next();
            out.append('\n').append(inner);
            if (object) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                write(out, e.getValue(), inner);
            } else {
                write(out, item, inner);
            }
            if (it.hasNext()) {
                out.append(',');
            }
        }
        out.append('\n').append(indent).append(close);
    }

    private static void string(StringBuilder out, String s) {
        JsonString.append(out, s);
    }
}
