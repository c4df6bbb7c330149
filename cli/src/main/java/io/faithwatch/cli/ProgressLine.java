package io.faithwatch.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of `faith eval` progress, so that a slow model shows work going on: pairs scored, the model calls in flight
 * and waiting, the mean latency of the calls answered since the evaluation started, and an estimate of the time left.
 *
 * <p>The estimate takes the slower of two rates: pairs scored per second so far, and pairs in flight over the mean time
 * a pair takes in model-caller (Little's law, which holds from the first answered pair, long before the first pair is
 * scored when every call takes minutes). It is absent until one of them is known.
 */
record ProgressLine(long scored, long planned, double elapsedSeconds, double callsInFlight, double callsWaiting, double callsAnswered,
        double callSecondsAnswered, double pairsInFlight, double pairsAnswered, double pairSecondsAnswered, double errors) {

    String render() {
        StringBuilder line = new StringBuilder(bar(scored, planned)).append(String.format(Locale.ROOT, " %d/%d pairs", scored, planned));
        line.append(String.format(Locale.ROOT, " | calls: %.0f in flight, %.0f waiting", callsInFlight, callsWaiting));
        if (callsAnswered > 0) {
            line.append(", mean ").append(seconds(callSecondsAnswered / callsAnswered));
        }
        if (scored < planned) {
            Optional<Duration> left = timeLeft();
            if (left.isPresent()) {
                line.append(" | about ").append(duration(left.get())).append(" left");
            } else if (callsInFlight > 0) {
                line.append(" | first calls in flight for ").append(duration(Duration.ofMillis((long) (elapsedSeconds * 1000))));
            }
        }
        return line.append(String.format(Locale.ROOT, " | errors %.0f", errors)).toString();
    }

    /** The pairs left over the slower of the scoring rate so far and the rate of pairs through model-caller. */
    Optional<Duration> timeLeft() {
        double rate = Double.POSITIVE_INFINITY;
        if (scored > 0 && elapsedSeconds > 0) {
            rate = Math.min(rate, scored / elapsedSeconds);
        }
        if (pairsAnswered > 0 && pairsInFlight > 0 && pairSecondsAnswered > 0) {
            rate = Math.min(rate, pairsInFlight / (pairSecondsAnswered / pairsAnswered));
        }
        if (Double.isInfinite(rate) || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil((planned - scored) / rate * 1000)));
    }

    static String bar(long done, long total) {
        int width = 30;
        int filled = total == 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + (total == 0 ? 0 : done * 100 / total) + "%";
    }

    static String seconds(double value) {
        return value < 10 ? String.format(Locale.ROOT, "%.2f s", value) : String.format(Locale.ROOT, "%.0f s", value);
    }

    /** 42 s, 3 min 05 s, 2 h 10 min. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
