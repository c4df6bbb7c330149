package io.faithwatch.pairbuilder.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A question bank as named in a checkpoint request: {@code kind:location}. */
public record BankSpec(String kind, Path location) {
    public static final List<String> KINDS = List.of("mmlu");

    public static BankSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BankException("banks: empty bank name");
        }
        int colon = spec.indexOf(':');
        String kind = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new BankException("banks: unknown bank kind '" + kind + "' in '" + spec + "' (expected one of " + KINDS + ")");
        }
        if (colon < 0 || spec.substring(colon + 1).isBlank()) {
            throw new BankException("banks: '" + spec + "' needs a location, e.g. " + kind + ":/path/to/data");
        }
        return new BankSpec(kind, Path.of(spec.substring(colon + 1).trim()));
    }

    public List<Question> load() {
        return switch (kind) {
            case "mmlu" -> MmluBank.load(location);
            default -> throw new BankException("banks: unknown bank kind '" + kind + "'");
        };
    }
}
