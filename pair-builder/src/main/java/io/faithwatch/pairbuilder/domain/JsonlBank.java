package io.faithwatch.pairbuilder.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Events;

/**
 * A generic bank, one JSON object per line: {@code id}, {@code question}, {@code options} (2 to 26 strings),
 * {@code answer} (the option letter, or its 0-based index), optional {@code subject}. A file named
 * {@code <name>.dev.jsonl} beside it, if present, is its dev split.
 */
public final class JsonlBank {
    public static final String DATASET = "jsonl";

    private JsonlBank() {
    }

    /** Loads the file, and its dev split when that is inside the roots; the file must be inside them. */
    public static QuestionBank load(Path file, BankRoots roots) {
        roots.check("jsonl:" + file, file);
        if (!Files.isRegularFile(file)) {
            throw new BankException("jsonl bank: " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        Path dev = file.resolveSibling(name + ".dev.jsonl");
        List<Question> examples = !dev.equals(file) && roots.contains(dev) && Files.isRegularFile(dev) ? read(dev, name) : List.of();
        return new QuestionBank("jsonl:" + file, read(file, name), examples);
    }

    static List<Question> read(Path file, String dataset) {
        List<Question> questions = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        int number = 0;
        boolean opened = false;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            opened = true;
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Question question = parse(file, number, line);
                Integer first = lineOfId.putIfAbsent(question.id(), number);
                if (first != null) {
                    throw new BankException(file + ":" + number + ": id is not unique (the same as on line " + first + ")");
                }
                questions.add(question);
            }
        } catch (IOException e) {
            // The line being read when it failed.
            throw BankException.unreadable(file, opened ? number + 1 : 0, e);
        }
        return questions;
    }

    private static Question parse(Path file, int line, String text) {
        JsonNode node;
        String where = file + ":" + line + ": ";
        try {
            node = Events.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BankException(where + "not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new BankException(where + "not a JSON object");
        }
        String id = Question.bankId(text(node, "id", where), where);
        String question = text(node, "question", where);
        JsonNode options = node.get("options");
        if (options == null || !options.isArray() || options.size() < 2 || options.size() > 26) {
            throw new BankException(where + "options must be an array of 2 to 26 strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode option : options) {
            if (!option.isTextual() || option.asText().isBlank()) {
                throw new BankException(where + "options must be 2 to 26 non-empty strings");
            }
            values.add(option.asText().trim());
        }
        JsonNode answer = node.get("answer");
        int correct;
        if (answer != null && answer.isInt()) {
            correct = answer.asInt();
        } else if (answer != null && answer.isTextual() && answer.asText().trim().matches("[A-Za-z]")) {
            correct = Letters.index(answer.asText().trim().toUpperCase(java.util.Locale.ROOT));
        } else {
            throw new BankException(where + "answer must be an option letter or a 0-based index");
        }
        if (correct < 0 || correct >= values.size()) {
            throw new BankException(where + "answer must be one of the " + values.size() + " options (A-" + Letters.of(values.size() - 1)
                    + " or 0-" + (values.size() - 1) + ")");
        }
        String subject = node.hasNonNull("subject") ? node.get("subject").asText() : "";
        return new Question(DATASET + ":" + id, DATASET, subject, question, values, correct);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new BankException(where + field + " is required");
        }
        return value.asText().trim();
    }
}
