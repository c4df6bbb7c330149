package io.faithwatch.pairbuilder.domain;

/** Option letters: index 0 is A. */
public final class Letters {
    private Letters() {
    }

    public static String of(int index) {
        return String.valueOf((char) ('A' + index));
    }

    public static int index(String letter) {
        return letter.charAt(0) - 'A';
    }
}
