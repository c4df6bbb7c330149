package io.faithwatch.pairbuilder.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faithwatch.events.HintType;
import io.faithwatch.events.testing.CheckpointRequestedBuilder;
import io.faithwatch.pairbuilder.store.BankCache;

/**
 * Banks are read only inside faith.pair-builder.bank-roots: a location that is, or resolves (through {@code ..} or a
 * symbolic link) to, a place outside is refused with a message that names the request's field and the roots and is the
 * same whether the place exists or not.
 */
class BankRootsTest {
    static final String JSONL = "{\"id\": \"q1\", \"question\": \"2+2?\", \"options\": [\"3\", \"4\"], \"answer\": \"B\"}\n";

    /** A root and, beside it, a folder outside it with a bank in it. */
    record Layout(Path root, Path outside, Path secret) {
        static Layout in(Path dir) throws Exception {
            Path root = Files.createDirectories(dir.resolve("banks"));
            Path outside = Files.createDirectories(dir.resolve("private"));
            Path secret = Files.writeString(outside.resolve("secret.jsonl"), JSONL);
            Files.writeString(root.resolve("quiz.jsonl"), JSONL);
            return new Layout(root, outside, secret);
        }

        BankRoots roots() {
            return BankRoots.of(root);
        }
    }

    static String outsideMessage(String location, Path root) {
        return location + " is outside the bank roots [" + root + "] (faith.pair-builder.bank-roots)";
    }

    @Test
    void aBankInsideARootIsRead(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        assertThat(layout.roots().contains(layout.root().resolve("quiz.jsonl"))).isTrue();
        assertThat(layout.roots().contains(layout.root())).isTrue();
        assertThat(layout.roots().contains(layout.root().resolve("sub/../quiz.jsonl"))).isTrue();
        assertThat(JsonlBank.load(layout.root().resolve("quiz.jsonl"), layout.roots()).questions()).hasSize(1);
    }

    @Test
    void aBankOutsideEveryRootIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        assertThat(layout.roots().contains(layout.secret())).isFalse();
        assertThatThrownBy(() -> JsonlBank.load(layout.secret(), layout.roots())).isInstanceOf(BankException.class)
                .hasMessage(outsideMessage("jsonl:" + layout.secret(), layout.root()));
        // A folder whose name starts with the root's is not in it.
        Path sibling = Files.createDirectories(dir.resolve("banks2"));
        Files.writeString(sibling.resolve("quiz.jsonl"), JSONL);
        assertThat(layout.roots().contains(sibling.resolve("quiz.jsonl"))).isFalse();
    }

    @Test
    void dotDotCannotLeaveARootWhetherThePlaceExistsOrNot(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        Path escaping = layout.root().resolve("../private/secret.jsonl");
        Path escapingToNothing = layout.root().resolve("../private/no-such.jsonl");
        Path throughAMissingFolder = layout.root().resolve("no-such/../../private/secret.jsonl");
        for (Path path : List.of(escaping, escapingToNothing, throughAMissingFolder)) {
            assertThat(layout.roots().contains(path)).as(path.toString()).isFalse();
            assertThatThrownBy(() -> JsonlBank.load(path, layout.roots())).as(path.toString())
                    .hasMessage(outsideMessage("jsonl:" + path, layout.root()));
        }
    }

    @Test
    void aLinkInsideARootThatLeadsOutsideIsRefused(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        Path fileLink = Files.createSymbolicLink(layout.root().resolve("innocent.jsonl"), layout.secret());
        Path folderLink = Files.createSymbolicLink(layout.root().resolve("more"), layout.outside());
        Path dangling = Files.createSymbolicLink(layout.root().resolve("gone.jsonl"), layout.outside().resolve("no-such.jsonl"));
        for (Path path : List.of(fileLink, folderLink.resolve("secret.jsonl"), folderLink.resolve("no-such.jsonl"), dangling)) {
            assertThat(layout.roots().contains(path)).as(path.toString()).isFalse();
            assertThatThrownBy(() -> JsonlBank.load(path, layout.roots())).as(path.toString())
                    .hasMessage(outsideMessage("jsonl:" + path, layout.root()));
        }
        // Through "..": the link's folder is /private, its parent the folder above the root.
        Path dotDotAfterLink = folderLink.resolve("../banks/quiz.jsonl");
        assertThat(layout.roots().contains(dotDotAfterLink)).isTrue();
        Path dotDotAfterLinkOutside = folderLink.resolve("../private/secret.jsonl");
        assertThat(layout.roots().contains(dotDotAfterLinkOutside)).isFalse();

        // A link that stays inside is followed.
        Path inner = Files.createSymbolicLink(layout.root().resolve("alias.jsonl"), layout.root().resolve("quiz.jsonl"));
        assertThat(JsonlBank.load(inner, layout.roots()).questions()).hasSize(1);
    }

    @Test
    void aRootReachedThroughALinkHoldsWhatIsInTheFolderItLeadsTo(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        Path rootLink = Files.createSymbolicLink(dir.resolve("datasets"), layout.root());
        BankRoots roots = BankRoots.of(rootLink);
        assertThat(roots.contains(rootLink.resolve("quiz.jsonl"))).isTrue();
        assertThat(roots.contains(layout.root().resolve("quiz.jsonl"))).isTrue();
        assertThat(roots.contains(rootLink.resolve("../private/secret.jsonl"))).isFalse();
        assertThat(roots.contains(layout.secret())).isFalse();
        assertThat(JsonlBank.load(rootLink.resolve("quiz.jsonl"), roots).questions()).hasSize(1);
    }

    @Test
    void aMissingBankInsideARootIsSaidToBeMissing(@TempDir Path dir) throws Exception {
        Layout layout = Layout.in(dir);
        Path missing = layout.root().resolve("no-such.jsonl");
        assertThat(layout.roots().contains(missing)).isTrue();
        assertThatThrownBy(() -> JsonlBank.load(missing, layout.roots())).hasMessage("jsonl bank: " + missing + " does not exist");
        assertThatThrownBy(() -> MmluBank.load(layout.root().resolve("no-such"), layout.roots()))
                .hasMessage("mmlu bank: " + layout.root().resolve("no-such") + " does not exist");
        // A root that does not exist (no datasets mounted) holds nothing that exists, and refuses what is elsewhere.
        BankRoots absent = BankRoots.of(dir.resolve("not-mounted"));
        assertThatThrownBy(() -> GpqaBank.load(dir.resolve("not-mounted/gpqa.csv"), 1, absent))
                .hasMessage("gpqa bank: " + dir.resolve("not-mounted/gpqa.csv") + " does not exist");
        assertThat(absent.contains(layout.secret())).isFalse();
    }

    @Test
    void outsideTheRootsAFileThatExistsAndOneThatDoesNotGetTheSameAnswer(@TempDir Path dir) {
        assumeThat(Path.of("/etc/passwd")).isRegularFile();
        assumeThat(Path.of("/etc/no-such-file")).doesNotExist();
        BankCache banks = new BankCache(BankRoots.of(dir));
        for (String kind : List.of("jsonl", "gpqa", "mmlu")) {
            String exists = error(banks, "builtin", kind + ":/etc/passwd");
            String missing = error(banks, "builtin", kind + ":/etc/no-such-file");
            assertThat(exists).isEqualTo("banks[1]: " + outsideMessage(kind + ":/etc/passwd", dir));
            assertThat(missing.replace("no-such-file", "passwd")).isEqualTo(exists);
            assertThat(error(banks, "builtin", kind + ":" + dir.resolve("../../etc/passwd")))
                    .isEqualTo("banks[1]: " + outsideMessage(kind + ":" + dir.resolve("../../etc/passwd"), dir));
        }
    }

    @Test
    void everyFileOfAnMmluFolderMustBeInsideAndADevSplitOutsideIsNotRead(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("mmlu/test"));
        Files.writeString(root.resolve("astronomy_test.csv"), "Which planet is largest?,Mercury,Venus,Earth,Jupiter,D\n");
        Path dev = Files.createDirectories(dir.resolve("mmlu/dev"));
        Files.writeString(dev.resolve("astronomy_dev.csv"), "Which planet is red?,Mercury,Mars,Earth,Jupiter,B\n");

        // Only mmlu/test is a root: its dev split beside it is outside, so the bank has none.
        BankRoots testOnly = BankRoots.of(root);
        assertThat(MmluBank.load(root, testOnly).examples()).isEmpty();
        assertThat(MmluBank.load(root, BankRoots.of(dir.resolve("mmlu"))).examples()).hasSize(1);

        // A file of the folder that is a link to a file outside refuses the bank.
        Path secret = Files.writeString(dir.resolve("secret.csv"), "secret?,a,b,c,d,A\n");
        Path link = Files.createSymbolicLink(root.resolve("law_test.csv"), secret);
        assertThatThrownBy(() -> MmluBank.load(root, testOnly))
                .hasMessage(outsideMessage("mmlu:" + root + ": " + link, root)).hasMessageNotContaining("secret?");
    }

    @Test
    void theFieldOfTheBankIsNamedForEveryBankError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quiz.jsonl"), JSONL + "{not json\n");
        BankCache banks = new BankCache(BankRoots.of(dir));
        assertThat(error(banks, "builtin", "jsonl:" + dir.resolve("quiz.jsonl"))).isEqualTo("banks[1]: " + dir.resolve("quiz.jsonl") + ":2: not a JSON object");
        assertThat(error(banks, "jsonl:" + dir.resolve("none.jsonl"), "builtin")).isEqualTo("banks[0]: jsonl bank: " + dir.resolve("none.jsonl") + " does not exist");
        assertThat(error(banks, "builtin", "csv:/x")).startsWith("banks[1]: unknown bank kind 'csv'");
    }

    /** The message planning a checkpoint of these banks fails with; its field is the one named. */
    static String error(BankCache banks, String... specs) {
        try {
            banks.plan(CheckpointRequestedBuilder.checkpoint("ckpt-roots").run("run-roots").banks(specs).sample(1).hintTypes(HintType.SYCOPHANCY).build());
        } catch (BankException e) {
            assertThat(e.getMessage()).startsWith(e.field() + ": ");
            return e.getMessage();
        }
        throw new AssertionError("planned " + List.of(specs));
    }
}
