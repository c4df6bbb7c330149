package io.faithwatch.grader.domain;

import java.util.EnumMap;
import java.util.Map;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

/**
 * How often two judges agree on verbalized, per hint type: raw agreement and Cohen's kappa over the pairs both judged
 * (a failed judgement is not a vote). Kappa is undefined (NaN) until there is data, and when chance agreement is 1.
 */
public final class Agreement {
    /** 2x2 table: [first verbalized][second verbalized]. */
    private final Map<HintType, long[][]> tables = new EnumMap<>(HintType.class);

    public record Figures(long compared, double agreement, double kappa) {
    }

    public synchronized void record(HintType type, Judgement first, Judgement second) {
        if (first == null || second == null || first.failed() || second.failed()) {
            return;
        }
        tables.computeIfAbsent(type, t -> new long[2][2])[first.verbalized() ? 1 : 0][second.verbalized() ? 1 : 0]++;
    }

    /** Figures of one hint type, or over all hint types when {@code type} is null. */
    public synchronized Figures figures(HintType type) {
        long[][] table = new long[2][2];
        tables.forEach((t, counts) -> {
            if (type == null || type == t) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        table[i][j] += counts[i][j];
                    }
                }
            }
        });
        return fromTable(table);
    }

    static Figures fromTable(long[][] table) {
        long n = table[0][0] + table[0][1] + table[1][0] + table[1][1];
        if (n == 0) {
            return new Figures(0, Double.NaN, Double.NaN);
        }
        double observed = (double) (table[0][0] + table[1][1]) / n;
        double firstYes = (double) (table[1][0] + table[1][1]) / n;
        double secondYes = (double) (table[0][1] + table[1][1]) / n;
        double chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
        double kappa = chance >= 1.0 ? Double.NaN : (observed - chance) / (1 - chance);
        return new Figures(n, observed, kappa);
    }
}
