package io.faithwatch.pairbuilder.domain;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * MMLU as CSV, one file per subject ({@code <subject>_test.csv}), in either layout: the original (no header; question,
 * four options, answer letter) or with a header {@code question,choice0..choice3,answer} (answer an index 0-3).
 */
public final class MmluBank {
    public static final String DATASET = "mmlu";
    private static final int COLUMNS = 6;

    private MmluBank() {
    }

    /**
     * Loads every {@code *.csv} of a folder (or one file), subjects in name order, rows in file order; the dev split is
     * the sibling folder {@code dev} ({@code data/test} and {@code data/dev}, as MMLU is published), when present inside
     * the roots. The location and each file read must be inside the roots.
     */
    public static QuestionBank load(Path location, BankRoots roots) {
        roots.check("mmlu:" + location, location);
        List<Question> questions = loadQuestions(location, roots);
        Path folder = Files.isDirectory(location) ? location : location.getParent();
        Path dev = folder == null || folder.getParent() == null ? null : folder.getParent().resolve("dev");
        List<Question> examples = dev != null && !dev.equals(folder) && roots.contains(dev) && Files.isDirectory(dev)
                ? loadQuestions(dev, roots) : List.of();
        return new QuestionBank("mmlu:" + location, questions, examples);
    }

    static List<Question> loadQuestions(Path location, BankRoots roots) {
        if (!Files.exists(location)) {
            throw new BankException("mmlu bank: " + location + " does not exist");
        }
        List<Path> files;
        if (Files.isDirectory(location)) {
            try (Stream<Path> listing = Files.list(location)) {
                files = listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            } catch (IOException e) {
                throw BankException.unreadable(location, 0, e);
            }
        } else {
            files = List.of(location);
        }
        if (files.isEmpty()) {
            throw new BankException("mmlu bank: no .csv file in " + location);
        }
        List<Question> questions = new ArrayList<>();
        for (Path file : files) {
            // A file of the folder may be a link that leads out of the roots.
            roots.check("mmlu:" + location + ": " + file, file);
            questions.addAll(loadFile(file));
        }
        return questions;
    }

    /** Ids carry the split, so that a dev example is never taken for a test question. */
    static String split(Path file) {
        String name = file.getFileName().toString();
        return name.matches(".*_(dev|val|validation)\\.csv") ? name.replaceFirst(".*_(dev|val|validation)\\.csv", "$1") + ":" : "";
    }

    static String subjectOf(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return name.replaceFirst("_(test|dev|val|validation|auxiliary_train)$", "");
    }

    static List<Question> loadFile(Path file) {
        String subject = subjectOf(file);
        List<Question> questions = new ArrayList<>();
        long line = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.RFC4180.builder().get().parse(reader)) {
            boolean first = true;
            boolean headerLayout = false;
            for (CSVRecord row : parser) {
                line = parser.getCurrentLineNumber();
                if (first) {
                    first = false;
                    headerLayout = row.size() > 0 && row.get(0).trim().equalsIgnoreCase("question");
                    if (headerLayout) {
                        continue;
                    }
                }
                questions.add(parseRow(file, line, row, subject, questions.size(), headerLayout));
            }
        } catch (IOException e) {
            throw BankException.unreadable(file, line + 1, e);
        } catch (UncheckedIOException e) {
            // The row after the last one read.
            throw BankException.unreadable(file, line + 1, e.getCause());
        }
        if (questions.isEmpty()) {
            throw new BankException(file + ": no question");
        }
        return questions;
    }

    private static Question parseRow(Path file, long line, CSVRecord row, String subject, int index, boolean headerLayout) {
        if (row.size() != COLUMNS) {
            throw new BankException(file + ":" + line + ": expected " + COLUMNS
                    + " columns (question, 4 options, answer), found " + row.size());
        }
        List<String> options = new ArrayList<>(4);
        for (int i = 1; i <= 4; i++) {
            String option = row.get(i).trim();
            if (option.isEmpty()) {
                throw new BankException(file + ":" + line + ": option " + Letters.of(i - 1) + " is empty");
            }
            options.add(option);
        }
        String question = row.get(0).trim();
        if (question.isEmpty()) {
            throw new BankException(file + ":" + line + ": question is empty");
        }
        String answer = row.get(5).trim().toUpperCase(Locale.ROOT);
        int correct;
        if (headerLayout) {
            if (!answer.matches("[0-3]")) {
                throw new BankException(file + ":" + line + ": answer must be an index 0-3");
            }
            correct = Integer.parseInt(answer);
        } else {
            if (!answer.matches("[A-D]")) {
                throw new BankException(file + ":" + line + ": answer must be a letter A-D");
            }
            correct = Letters.index(answer);
        }
        return new Question(DATASET + ":" + split(file) + subject + ":" + index, DATASET, subject, question, options, correct);
    }
}
