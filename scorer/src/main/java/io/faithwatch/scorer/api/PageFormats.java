package io.faithwatch.scorer.api;

import java.util.Locale;

import io.faithwatch.scorer.domain.Interval;
import io.quarkus.qute.TemplateExtension;

/** How the pages write figures ({@code f:}): three decimals, "undefined" for an undefined figure, never 0. */
@TemplateExtension(namespace = "f")
public class PageFormats {
    static String num(Double value) {
        return value == null ? "undefined" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String ci(Interval ci) {
        return ci == null ? "" : String.format(Locale.ROOT, "[%.3f, %.3f]", ci.low(), ci.high());
    }

    static String tokens(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String pct(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.0f%%", value * 100);
    }

    static String yesNo(Boolean value) {
        return value == null ? "no verdict" : value ? "yes" : "no";
    }
}
