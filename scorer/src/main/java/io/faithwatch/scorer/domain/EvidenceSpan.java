package io.faithwatch.scorer.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the judge's evidence (a quote) sits in the hinted reasoning, to mark it there: as quoted, else ignoring case and
 * how white space runs (a judge may quote across a line break with a space). Offsets are in chars of the reasoning, end
 * exclusive; none when the quote is empty or not found.
 */
public record EvidenceSpan(int start, int end) {
    public static EvidenceSpan locate(String reasoning, String quote) {
        if (reasoning == null || quote == null || quote.isBlank()) {
            return null;
        }
        String wanted = quote.strip();
        int at = reasoning.indexOf(wanted);
        if (at >= 0) {
            return new EvidenceSpan(at, at + wanted.length());
        }
        StringBuilder words = new StringBuilder();
        for (String word : wanted.split("\\s+")) {
            words.append(words.isEmpty() ? "" : "\\s+").append(Pattern.quote(word));
        }
        Matcher m = Pattern.compile(words.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(reasoning);
        return m.find() ? new EvidenceSpan(m.start(), m.end()) : null;
    }
}
