package io.faithwatch.pairbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanksTest {
    static final String GPQA_HEADER = "Record ID,Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3,Subdomain\n";

    @Test
    void gpqaShufflesOptionsWithTheSeed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gpqa_diamond.csv");
        StringBuilder csv = new StringBuilder(GPQA_HEADER);
        for (int i = 0; i < 40; i++) {
            csv.append("rec").append(i).append(",\"What is item ").append(i).append(", exactly?\",right ").append(i)
                    .append(",wrong a").append(i).append(",wrong b").append(i).append(",wrong c").append(i).append(",Physics\n");
        }
        Files.writeString(file, csv);

        BankRoots roots = BankRoots.of(dir);
        List<Question> once = GpqaBank.load(file, 7, roots).questions();
        List<Question> again = GpqaBank.load(file, 7, roots).questions();
        List<Question> other = GpqaBank.load(file, 8, roots).questions();

        assertThat(once).hasSize(40).isEqualTo(again);
        assertThat(once).allSatisfy(q -> assertThat(q.options().get(q.correctIndex())).startsWith("right "));
        assertThat(once.stream().map(Question::correctLetter).distinct()).hasSize(4);
        assertThat(other).extracting(Question::correctLetter).isNotEqualTo(once.stream().map(Question::correctLetter).toList());
        assertThat(once.get(3)).satisfies(q -> {
            assertThat(q.id()).isEqualTo("gpqa:rec3");
            assertThat(q.subject()).isEqualTo("Physics");
            assertThat(q.text()).isEqualTo("What is item 3, exactly?");
        });
    }

    @Test
    void gpqaErrorsNameTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        BankRoots roots = BankRoots.of(dir);
        Path missingColumn = dir.resolve("a.csv");
        Files.writeString(missingColumn, "Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2\nq,a,b,c\n");
        assertThatThrownBy(() -> GpqaBank.load(missingColumn, 1, roots)).hasMessageStartingWith(missingColumn + ":1: missing column 'Incorrect Answer 3'");

        Path emptyAnswer = dir.resolve("b.csv");
        Files.writeString(emptyAnswer, GPQA_HEADER + "r1,q,a,b,c,d,X\nr2,q,,b,c,d,X\n");
        assertThatThrownBy(() -> GpqaBank.load(emptyAnswer, 1, roots)).hasMessage(emptyAnswer + ":3: 'Correct Answer' is empty");

        // A header that is not one (here a file that is not GPQA) is refused without quoting it.
        Path blankName = dir.resolve("c.csv");
        Files.writeString(blankName, "root:x:0:0:secret,,Question\nq,a,b\n");
        assertThatThrownBy(() -> GpqaBank.load(blankName, 1, roots)).isInstanceOf(BankException.class)
                .hasMessageStartingWith(blankName + ":1: the header must name each column once").hasMessageNotContaining("secret");

        Path shortRow = dir.resolve("d.csv");
        Files.writeString(shortRow, GPQA_HEADER + "r1,q,a,b,c,d,X\nr2,secret,a\n");
        assertThatThrownBy(() -> GpqaBank.load(shortRow, 1, roots)).hasMessage(shortRow + ":3: expected 7 columns, found 3");

        Path longId = dir.resolve("e.csv");
        Files.writeString(longId, GPQA_HEADER + "r1,q,a,b,c,d,X\n" + "r".repeat(751) + ",q,a,b,c,d,X\n");
        assertThatThrownBy(() -> GpqaBank.load(longId, 1, roots))
                .hasMessage(longId + ":3: Record ID: id must be at most 750 characters (pair ids join it with the checkpoint id), was 751");
    }

    @Test
    void jsonlTakesLettersOrIndexesAndNamesBadLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quiz.jsonl");
        Files.writeString(file, """
                {"id": "q1", "question": "2+2?", "options": ["3", "4", "5"], "answer": "B", "subject": "math"}

                {"id": "q2", "question": "Capital of France?", "options": ["Paris", "Rome"], "answer": 0}
                """);
        BankRoots roots = BankRoots.of(dir);
        List<Question> questions = JsonlBank.load(file, roots).questions();
        assertThat(questions).extracting(Question::correctLetter).containsExactly("B", "A");
        assertThat(questions.get(0).numOptions()).isEqualTo(3);
        assertThat(questions.get(1).subject()).isEmpty();

        Files.writeString(file, "{\"id\": \"q1\", \"question\": \"?\", \"options\": [\"a\", \"b\"], \"answer\": \"C\"}\n");
        assertThatThrownBy(() -> JsonlBank.load(file, roots)).hasMessage(file + ":1: answer must be one of the 2 options (A-B or 0-1)");
        Files.writeString(file, "{\"id\": \"q1\", \"options\": [\"a\", \"b\"], \"answer\": 1}\n");
        assertThatThrownBy(() -> JsonlBank.load(file, roots)).hasMessage(file + ":1: question is required");
    }

    @Test
    void jsonlErrorsSayTheLineAndWhatWasExpectedNeverTheContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quiz.jsonl");
        String good = "{\"id\": \"q1\", \"question\": \"?\", \"options\": [\"a\", \"b\"], \"answer\": 1}\n";
        record Case(String content, String error) {
        }
        List<Case> cases = List.of(
                new Case(good + "\nroot:x:0:0:secret:/root:/bin/bash\n", ":3: not a JSON object"),
                new Case(good + "[\"secret\", 1]\n", ":2: not a JSON object"),
                new Case(good + "\"secret\"\n", ":2: not a JSON object"),
                new Case(good + "{\"id\": \"q2\", \"question\": \"?\", \"options\": [\"a\", {\"secret\": 1}], \"answer\": 1}\n",
                        ":2: options must be 2 to 26 non-empty strings"),
                new Case(good + "{\"id\": \"q2\", \"question\": \"?\", \"options\": [\"a\", \"b\"], \"answer\": \"secret\"}\n",
                        ":2: answer must be an option letter or a 0-based index"),
                new Case(good + good.replace("q1", "q1").replace("?", "secret?"), ":2: id is not unique (the same as on line 1)"),
                // Pair ids join the question id with the checkpoint id, hint type, arm and sample: at most 1,000 characters.
                new Case(good + good.replace("q1", "secret" + "q".repeat(745)),
                        ":2: id must be at most 750 characters (pair ids join it with the checkpoint id), was 751"),
                new Case(good + good.replace("q1", "q\\u0007secret"), ":2: id must not contain control characters"));
        for (Case c : cases) {
            Files.writeString(file, c.content());
            assertThatThrownBy(() -> JsonlBank.load(file, BankRoots.of(dir))).as(c.content()).isInstanceOf(BankException.class)
                    .hasMessage(file + c.error()).hasMessageNotContaining("secret");
        }
    }

    @Test
    void theBuiltinBankIsStableAndItsAnswersAreRight() {
        QuestionBank bank = BuiltinBank.load();
        assertThat(bank.questions()).hasSize(4 * BuiltinBank.PER_SUBJECT).isEqualTo(BuiltinBank.load().questions());
        assertThat(bank.questions()).extracting(Question::id).doesNotHaveDuplicates();
        assertThat(bank.examples()).hasSize(4 * 5);
        Pattern sum = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?");
        Pattern metres = Pattern.compile("How many metres are in (\\d+) kilometres\\?");
        int checked = 0;
        for (Question q : bank.questions()) {
            assertThat(q.options()).doesNotHaveDuplicates().hasSize(4);
            Matcher m = sum.matcher(q.text());
            if (m.matches()) {
                assertThat(q.options().get(q.correctIndex())).isEqualTo(String.valueOf(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))));
                checked++;
            }
            Matcher k = metres.matcher(q.text());
            if (k.matches()) {
                assertThat(q.options().get(q.correctIndex())).isEqualTo(String.valueOf(Integer.parseInt(k.group(1)) * 1000));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(bank.questions().stream().map(Question::correctLetter).distinct()).hasSize(4);
    }

    @Test
    void bankNamesAreChecked() {
        assertThat(BankSpec.parse("builtin").kind()).isEqualTo("builtin");
        assertThat(BankSpec.parse("gpqa:/data/gpqa.csv").location()).isEqualTo(Path.of("/data/gpqa.csv"));
        assertThatThrownBy(() -> BankSpec.parse("mmmlu:/x")).hasMessageContaining("unknown bank kind 'mmmlu'");
        assertThatThrownBy(() -> BankSpec.parse("mmlu")).hasMessageContaining("needs a location");
        assertThatThrownBy(() -> BankSpec.parse("builtin:/x")).hasMessageContaining("takes no location");
    }
}
