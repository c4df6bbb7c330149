package io.faithwatch.cli;

/** Reads a value out of a Prometheus text exposition. */
final class MetricsText {
    private MetricsText() {
    }

    /** The sum of every sample of a metric, optionally only those whose labels contain {@code labelFilter}. */
    static double sum(String exposition, String metric, String labelFilter) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric) && (line.length() > metric.length() && (line.charAt(metric.length()) == '{'
                    || line.charAt(metric.length()) == ' ')) && (labelFilter == null || line.contains(labelFilter))) {
                try {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    // a NaN or malformed sample adds nothing
                }
            }
        }
        return sum;
    }
}
