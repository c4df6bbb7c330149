package io.faithwatch.pairbuilder.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A question bank as named in a checkpoint request: {@code mmlu:/path/to/dir}, {@code gpqa:/path/file.csv},
 * {@code jsonl:/path/file.jsonl} or {@code builtin}. A location is read only inside the {@link BankRoots}.
 */
public record BankSpec(String kind, Path location) {
    public static final List<String> KINDS = List.of("mmlu", "gpqa", "jsonl", "builtin");

    public static BankSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new BankException("empty bank name");
        }
        int colon = spec.indexOf(':');
        String kind = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new BankException("unknown bank kind '" + kind + "' in '" + spec + "' (expected one of " + KINDS + ")");
        }
        String location = colon < 0 ? "" : spec.substring(colon + 1).trim();
        if (kind.equals("builtin")) {
            if (!location.isEmpty()) {
                throw new BankException("'builtin' takes no location, was '" + spec + "'");
            }
            return new BankSpec(kind, null);
        }
        if (location.isEmpty()) {
            throw new BankException("'" + spec + "' needs a location, e.g. " + kind + ":/path/to/data");
        }
        return new BankSpec(kind, Path.of(location));
    }

    /** Fails unless the location is inside the roots (the built-in bank has none), before anything of it is read. */
    public void checkLocation(BankRoots roots) {
        if (location != null) {
            roots.check(kind + ":" + location, location);
        }
    }

    /** Loads the bank from inside the roots; GPQA's option order depends on the seed. */
    public QuestionBank load(long seed, BankRoots roots) {
        return switch (kind) {
            case "mmlu" -> MmluBank.load(location, roots);
            case "gpqa" -> GpqaBank.load(location, seed, roots);
            case "jsonl" -> JsonlBank.load(location, roots);
            case "builtin" -> BuiltinBank.load();
            default -> throw new BankException("unknown bank kind '" + kind + "'");
        };
    }

    /** Whether the loaded bank depends on the seed (and so must be cached per seed). */
    public boolean seeded() {
        return kind.equals("gpqa");
    }
}
