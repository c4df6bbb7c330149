package io.faithwatch.pairbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faithwatch.localstack.RepoRoot;

class MmluBankTest {
    static final Path SHARED_MMLU_TEST = RepoRoot.shared().resolve("datasets/mmlu/test");
    static final BankRoots SHARED = BankRoots.of(RepoRoot.shared().resolve("datasets"));

    @Test
    void loadsAllOfTheRealMmluTestSplit() {
        QuestionBank bank = MmluBank.load(SHARED_MMLU_TEST, SHARED);
        List<Question> questions = bank.questions();

        assertThat(questions).hasSize(14_042);
        assertThat(bank.examples()).hasSize(285).allSatisfy(e -> assertThat(e.id()).startsWith("mmlu:dev:"));
        Map<String, Long> bySubject = questions.stream().collect(Collectors.groupingBy(Question::subject, Collectors.counting()));
        assertThat(bySubject).hasSize(57).containsEntry("anatomy", 135L).containsEntry("high_school_psychology", 545L);
        assertThat(questions).extracting(Question::id).doesNotHaveDuplicates();
        Question first = questions.stream().filter(q -> q.id().equals("mmlu:anatomy:0")).findFirst().orElseThrow();
        assertThat(first.text()).startsWith("A lesion causing compression of the facial nerve at the stylomastoid foramen");
        assertThat(first.correctLetter()).isEqualTo("A");
    }

    @Test
    void loadsTheOriginalLayoutWithAnswerLetters(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("astronomy_test.csv"), """
                "What is true for a type-Ia (""type one-a"") supernova?","This type occurs in binary systems.","This type occurs in young galaxies.","This type produces gamma-ray bursts.","This type produces high amounts of X-rays.",A
                Why is Mars red?,Because the surface is covered with heavily oxidized ('rusted') minerals.,Because the atmosphere scatters more light at bluer wavelengths,Because Mars is covered with ancient lava flows,Because flowering plants cover its surface,A
                Which planet is largest?,Mercury,Venus,Earth,Jupiter,D
                """);

        List<Question> questions = MmluBank.load(dir, BankRoots.of(dir)).questions();

        assertThat(questions).hasSize(3);
        assertThat(questions.get(0).text()).isEqualTo("What is true for a type-Ia (\"type one-a\") supernova?");
        assertThat(questions.get(2)).satisfies(q -> {
            assertThat(q.subject()).isEqualTo("astronomy");
            assertThat(q.id()).isEqualTo("mmlu:astronomy:2");
            assertThat(q.correctLetter()).isEqualTo("D");
            assertThat(q.options()).containsExactly("Mercury", "Venus", "Earth", "Jupiter");
        });
    }

    @Test
    void badRowsNameFileAndLine(@TempDir Path dir) throws Exception {
        Path threeOptions = dir.resolve("bad_test.csv");
        Files.writeString(threeOptions, "question,choice0,choice1,choice2,choice3,answer\nQ1,a,b,c,d,0\nQ2,a,b,c,1\n");
        BankRoots roots = BankRoots.of(dir);
        assertThatThrownBy(() -> MmluBank.load(threeOptions, roots))
                .isInstanceOf(BankException.class)
                .hasMessage(threeOptions + ":3: expected 6 columns (question, 4 options, answer), found 5");

        Path badAnswer = dir.resolve("letters_test.csv");
        Files.writeString(badAnswer, "Q1,a,b,c,d,E\n");
        assertThatThrownBy(() -> MmluBank.load(badAnswer, roots)).hasMessage(badAnswer + ":1: answer must be a letter A-D");

        Path badIndex = dir.resolve("index_test.csv");
        Files.writeString(badIndex, "question,choice0,choice1,choice2,choice3,answer\nQ1,a,b,c,d,0\nQ2,a,b,c,d,secret-7\n");
        assertThatThrownBy(() -> MmluBank.load(badIndex, roots)).hasMessage(badIndex + ":3: answer must be an index 0-3");

        Path unclosed = dir.resolve("quotes_test.csv");
        Files.writeString(unclosed, "Q1,a,b,c,d,A\n\"secret never closes,a,b,c,d,B\n");
        assertThatThrownBy(() -> MmluBank.load(unclosed, roots))
                .hasMessage(unclosed + ":2: not valid CSV (a quoted field is not closed, or text follows its closing quote)");

        Path latin1 = dir.resolve("latin1_test.csv");
        Files.write(latin1, "Q1,a,b,c,d,A\nQ2,caf\u00e9,b,c,d,B\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> MmluBank.load(latin1, roots)).hasMessage(latin1 + ": not UTF-8 text");

        // Inside the roots, a missing bank is said to be missing.
        assertThatThrownBy(() -> MmluBank.load(dir.resolve("missing"), roots))
                .hasMessage("mmlu bank: " + dir.resolve("missing") + " does not exist");
    }
}
