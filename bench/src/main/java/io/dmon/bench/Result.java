package io.dmon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one measurement found: its rows, free-form notes (method, references), the raw samples,
 * or the reason it failed as a whole.
 */
public final class Result {
    private final String name;
    private final String title;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private String failure;
    private double seconds;

    public Result(String name, String title) {
        this.name = name;
        this.title = title;
    }

    public Result add(Figure f) {
        figures.add(f);
        return this;
    }

    public Result note(String text) {
        notes.add(text);
        return this;
    }

    public Result samples(String key, List<Double> values) {
        samples.put(key, List.copyOf(values));
        return this;
    }

    public Result fail(String reason) {
        this.failure = reason;
        return this;
    }

    void seconds(double s) {
        this.seconds = s;
    }

    public String name() {
        return name;
    }

    /** The rows so far. */
    List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** The table section: a heading, the rows, the notes. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append("== ").append(title).append(" [").append(name).append(String.format(java.util.Locale.ROOT,
                ", %.1f s]%n", seconds));
        for (Figure f : figures) {
            b.append(f.row()).append('\n');
        }
        if (failure != null) {
            b.append("FAILED: ").append(failure).append('\n');
        }
        for (String n : notes) {
            b.append("   note: ").append(n).append('\n');
        }
        return b.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("title", title);
        m.put("ok", failure == null && figures.stream().allMatch(f -> f.failure() == null));
        m.put("failure", failure);
        m.put("seconds", seconds);
        m.put("figures", figures.stream().map(Figure::toJson).toList());
        m.put("notes", notes);
        m.put("samples", samples);
        return m;
    }
}
