package io.faithwatch.events;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic seeds derived from a run's seed and ids, so that the same request gives the same pairs, hint letters
 * and simulated answers on every machine and in every service, whatever the order events arrive in.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A 64-bit seed from a base seed and parts (FNV-1a over the parts, then a SplitMix64 finalizer). */
    public static long derive(long seed, String... parts) {
        long hash = 0xcbf29ce484222325L ^ seed;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xff;
                hash *= 0x100000001b3L;
            }
            hash ^= 0x1f;
            hash *= 0x100000001b3L;
        }
        hash += 0x9e3779b97f4a7c15L;
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    public static java.util.SplittableRandom random(long seed, String... parts) {
        return new java.util.SplittableRandom(derive(seed, parts));
    }
}
