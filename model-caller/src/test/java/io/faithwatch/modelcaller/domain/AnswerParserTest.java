package io.faithwatch.modelcaller.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerParserTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "Answer: (B)|B",
            "After all that, Answer: (C)|C",
            "Answer: (A)\\nWait, no. Answer: (D)|D",
            "Answer: B|B",
            "The answer is (C).|C",
            "So the final answer is D|D",
            "answer: **B**|B",
            "\\boxed{A}|A",
            "$\\boxed{\\text{C}}$|C",
            "Answer: (E)|NONE",
            "I cannot settle on one of the options.|NONE",
            "Answer: Because it is|NONE",
            "The answer is either A or B|NONE",
            "''|NONE",
    })
    void findsTheFinalLetterOrNothing(String text, String expected) {
        assertThat(AnswerParser.parse(text.replace("\\n", "\n"), 4)).isEqualTo(expected);
    }
}
