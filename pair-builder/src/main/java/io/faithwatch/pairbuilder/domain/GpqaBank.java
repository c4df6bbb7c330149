package io.faithwatch.pairbuilder.domain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.faithwatch.events.Seeds;

/**
 * GPQA as published: a CSV with a header naming {@code Question}, {@code Correct Answer} and {@code Incorrect Answer 1..3}
 * (other columns ignored; {@code Record ID} and {@code Subdomain} used when present). The four options are shuffled into
 * A-D with a RNG seeded by the request's seed and the question, so the same seed gives the same letters.
 */
public final class GpqaBank {
    public static final String DATASET = "gpqa";
    static final List<String> REQUIRED = List.of("Question", "Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2", "Incorrect Answer 3");

    private GpqaBank() {
    }

    /** Loads the file, which must be inside the roots. */
    public static QuestionBank load(Path file, long seed, BankRoots roots) {
        roots.check("gpqa:" + file, file);
        if (!Files.isRegularFile(file)) {
            throw new BankException("gpqa bank: " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        List<Question> questions = new ArrayList<>();
        long line = 1;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = header(file, reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : REQUIRED) {
                if (!header.containsKey(column)) {
                    throw new BankException(file + ":1: missing column '" + column + "' (GPQA needs " + REQUIRED + ")");
                }
            }
            for (CSVRecord row : parser) {
                line = parser.getCurrentLineNumber();
                questions.add(parse(file, line, row, header, seed));
            }
        } catch (IOException e) {
            throw BankException.unreadable(file, line, e);
        } catch (UncheckedIOException e) {
            // The row after the last one read.
            throw BankException.unreadable(file, line + 1, e.getCause());
        }
        return new QuestionBank("gpqa:" + file, questions, List.of());
    }

    /** The parser, past the header; a header with a name twice or a blank name is refused without quoting it. */
    private static CSVParser header(Path file, Reader reader) throws IOException {
        try {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
        } catch (IllegalArgumentException e) {
            throw new BankException(file + ":1: the header must name each column once (GPQA needs " + REQUIRED + ")");
        }
    }

    private static Question parse(Path file, long line, CSVRecord row, Map<String, Integer> header, long seed) {
        if (!row.isConsistent()) {
            throw new BankException(file + ":" + line + ": expected " + header.size() + " columns, found " + row.size());
        }
        List<String> values = new ArrayList<>();
        for (String column : REQUIRED) {
            String value = row.get(column).trim();
            if (value.isEmpty()) {
                throw new BankException(file + ":" + line + ": '" + column + "' is empty");
            }
            values.add(value);
        }
        String id = header.containsKey("Record ID") && !row.get("Record ID").isBlank()
                ? Question.bankId(row.get("Record ID").trim(), file + ":" + line + ": Record ID: ")
                : String.valueOf(row.getRecordNumber() - 1);
        String subject = header.containsKey("Subdomain") ? row.get("Subdomain").trim() : "";
        List<String> options = new ArrayList<>(values.subList(1, 5));
        SplittableRandom random = Seeds.random(seed, "gpqa-options", id);
        for (int i = options.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = options.get(i);
            options.set(i, options.get(j));
            options.set(j, swap);
        }
        int correct = options.indexOf(values.get(1));
        return new Question(DATASET + ":" + id, DATASET, subject, values.get(0), options, correct);
    }
}
