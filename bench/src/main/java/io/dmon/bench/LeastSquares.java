package io.dmon.bench;

import java.util.List;

/** The slope of the least-squares line through points (x, y): a trend over a run's samples. */
final class LeastSquares {
    private LeastSquares() {
    }

    /** The slope in y per unit of x; NaN with fewer than three points or no spread in x. */
    static double slope(List<double[]> points) {
        int n = points.size();
        if (n < 3) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
