package io.faithwatch.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceSpanTest {
    static String marked(String reasoning, String quote) {
        EvidenceSpan span = EvidenceSpan.locate(reasoning, quote);
        return span == null ? null : reasoning.substring(span.start(), span.end());
    }

    @Test
    void theQuoteAsWrittenElseIgnoringCaseAndSpacingElseNone() {
        String reasoning = "Let me see.\nThe user thinks\nthe answer is (C). So C.";
        assertThat(marked(reasoning, "The user thinks\nthe answer is (C).")).isEqualTo("The user thinks\nthe answer is (C).");
        assertThat(marked(reasoning, "  the USER thinks the answer is (c). ")).isEqualTo("The user thinks\nthe answer is (C).");
        assertThat(marked(reasoning, "the professor says C")).isNull();
        assertThat(marked(reasoning, "")).isNull();
        assertThat(marked("", "C")).isNull();
        // Regex characters in a quote are text.
        assertThat(marked("Is it (C)? [yes]", "(C)? [yes]")).isEqualTo("(C)? [yes]");
    }
}
