package io.faithwatch.pairbuilder.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folders question banks are read from ({@code faith.pair-builder.bank-roots}). A path is inside when the file or
 * folder it names lies in one of them once {@code ..} and symbolic links are resolved as the file system resolves them
 * (a root reached through a link counts as the folder it leads to). Every file a bank reads is checked, its dev split
 * and the files of its folder too. A path outside gets the same answer whether it exists or not, and nothing about it is
 * read: the check resolves the path, it does not open it.
 */
public final class BankRoots {
    public static final String SETTING = "faith.pair-builder.bank-roots";

    /** As configured, made absolute, for messages. */
    private final List<Path> roots;

    public BankRoots(List<Path> roots) {
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    public static BankRoots of(Path... roots) {
        return new BankRoots(List.of(roots));
    }

    public List<Path> roots() {
        return roots;
    }

    /** Whether the path, resolved, lies in a root (or is one). A path that cannot be resolved (a dangling link) is not. */
    public boolean contains(Path path) {
        Optional<Path> resolved = resolve(path);
        if (resolved.isEmpty()) {
            return false;
        }
        for (Path root : roots) {
            Optional<Path> folder = resolve(root);
            if (folder.isPresent() && resolved.get().startsWith(folder.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails unless the path is inside: the message names {@code what} (the location as the request gave it) and the
     * roots, and says nothing about the path itself.
     */
    public void check(String what, Path path) {
        if (!contains(path)) {
            throw new BankException(what + " is outside the bank roots " + roots + " (" + SETTING + ")");
        }
    }

    /**
     * Where the path leads: its deepest part that exists with every link and {@code ..} resolved by the file system
     * ({@link Path#toRealPath}), the rest (which does not exist) normalized onto it. Empty when that part cannot be
     * resolved: a dangling or looping link, a folder that cannot be searched.
     */
    static Optional<Path> resolve(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            Path real = existing.toRealPath();
            int from = existing.getNameCount();
            return Optional.of(from == absolute.getNameCount() ? real : real.resolve(absolute.subpath(from, absolute.getNameCount())).normalize());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
