package io.faithwatch.pairbuilder.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.List;

import io.faithwatch.events.CheckpointRequested;
import io.faithwatch.events.PairCreated;
import io.faithwatch.pairbuilder.config.PairBuilderConfig;
import io.faithwatch.pairbuilder.domain.BankException;
import io.faithwatch.pairbuilder.domain.BankRoots;
import io.faithwatch.pairbuilder.domain.BankSpec;
import io.faithwatch.pairbuilder.domain.PairPlanner;
import io.faithwatch.pairbuilder.domain.QuestionBank;

/**
 * Loaded question banks, so that validating a request and planning it, or several checkpoints on the same bank, read
 * the files once. A bank whose files changed since it was loaded is read again. Only banks inside the bank roots are
 * read: a location outside is refused before anything of it is looked at, cached or not.
 */
@ApplicationScoped
public class BankCache {
    private final Cache<String, QuestionBank> banks = Caffeine.newBuilder().maximumSize(16).build();
    private final BankRoots roots;

    @Inject
    public BankCache(PairBuilderConfig config) {
        this(new BankRoots(config.bankRoots()));
    }

    public BankCache(BankRoots roots) {
        this.roots = roots;
    }

    /**
     * Every pair of a checkpoint; fails (naming the field, {@code banks[0]}, and the bank, file and line) before anything
     * is published.
     */
    public List<PairCreated> plan(CheckpointRequested request) {
        List<QuestionBank> loaded = new ArrayList<>();
        for (int i = 0; i < request.banks().size(); i++) {
            try {
                loaded.add(load(request.banks().get(i), request.seed()));
            } catch (BankException e) {
                throw e.of("banks[" + i + "]");
            }
        }
        return PairPlanner.plan(request, loaded);
    }

    public QuestionBank load(String spec, long seed) {
        BankSpec bank = BankSpec.parse(spec);
        bank.checkLocation(roots);
        String key = spec + (bank.seeded() ? "|seed=" + seed : "") + "|" + lastModified(bank.location());
        return banks.get(key, k -> bank.load(seed, roots));
    }

    private static String lastModified(Path location) {
        if (location == null || !Files.exists(location)) {
            return "-";
        }
        try (Stream<Path> files = Files.isDirectory(location) ? Files.list(location) : Stream.of(location)) {
            return String.valueOf(files.map(BankCache::modified).max(FileTime::compareTo).map(FileTime::toMillis).orElse(0L));
        } catch (IOException e) {
            return "-";
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
