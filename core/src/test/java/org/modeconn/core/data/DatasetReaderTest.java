package org.modeconn.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modeconn.core.spec.DatasetSpec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three formats read alike. Files are written from TSV-like lines (first line the header, a tab
 * between fields) by {@link #render}: CSV quotes where needed, JSONL writes one object a row and no
 * header line, so a JSONL file's line numbers are one less than the TSV's.
 */
class DatasetReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> NLI = Map.of("entailment", 0, "neutral", 1, "contradiction", 2);

    @TempDir
    Path dir;

    private static DatasetSpec spec(String format, List<String> text, String label, Map<String, Integer> map, Integer n) {
        return new DatasetSpec(format, text, label, map, n, Map.of());
    }

    private static DatasetReader binary(String format) {
        return new DatasetReader(spec(format, List.of("sentence"), "label", null, 2));
    }

    /** The lines as a file of the format; blank lines are written as they are. */
    private static String render(String format, String eol, String... lines) {
        List<String> header = List.of(lines[0].split("\t", -1));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                out.add(line);
                continue;
            }
            List<String> cells = List.of(line.split("\t", -1));
            switch (format) {
                case "tsv" -> out.add(line);
                case "csv" -> out.add(String.join(",", cells.stream().map(DatasetReaderTest::csvField).toList()));
                case "jsonl" -> {
                    if (i > 0) {
                        List<String> pairs = new ArrayList<>();
                        for (int c = 0; c < cells.size(); c++) {
                            pairs.add(json(header.get(c)) + ": " + json(cells.get(c)));
                        }
                        out.add("{" + String.join(", ", pairs) + "}");
                    }
                }
                default -> throw new IllegalArgumentException(format);
            }
        }
        return String.join(eol, out) + eol;
    }

    private static String csvField(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String json(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String format, String content) throws Exception {
        Path f = dir.resolve("d." + format);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    /** The line a TSV line number becomes in the format (JSONL has no header line). */
    private static int line(String format, int tsvLine) {
        return format.equals("jsonl") ? tsvLine - 1 : tsvLine;
    }

    private static List<String> messages(DatasetCheck check) {
        return check.problems().stream().map(DatasetProblem::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void aBomAtTheStartIsIgnored(String format) throws Exception {
        Path f = write(format, "\uFEFF" + render(format, "\n", "sentence\tlabel", "good\t1", "bad\t0"));
        assertEquals(List.of(new Example("good", null, 1), new Example("bad", null, 0)), binary(format).readAll(f));
    }

    @Test
    void theSharedBomCaseReads() throws Exception {
        for (String split : List.of("train.tsv", "dev.tsv")) {
            Path file = Path.of(getClass().getResource("/cases/utf8-bom-tsv/" + split).toURI());
            List<Example> rows = binary("tsv").readAll(file);
            assertEquals(6, rows.size());
            assertEquals(new Example("the film was good .", null, 1), rows.get(0));
            assertEquals(List.of(3, 3), binary("tsv").check(file).classCounts());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void crlfAndLfLineEndsReadTheSame(String format) throws Exception {
        String[] lines = {"label\tsentence", "1\tgood", "0\tbad"};
        List<Example> lf = binary(format).readAll(write(format, render(format, "\n", lines)));
        List<Example> crlf = binary(format).readAll(write(format, render(format, "\r\n", lines)));
        assertEquals(List.of(new Example("good", null, 1), new Example("bad", null, 0)), lf);
        assertEquals(lf, crlf);
        String noFinalLineEnd = render(format, "\r\n", lines).stripTrailing();
        assertEquals(lf, binary(format).readAll(write(format, noFinalLineEnd)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void blankAndWhitespaceOnlyLinesAreSkippedAndLineNumbersStayPhysical(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\tlabel", "", "good\t1", "  \t ", "bad\t7", "", "   "));
        DatasetCheck check = binary(format).check(f);
        int column = switch (format) {
            case "tsv", "csv" -> 5;
            default -> 30; // {"sentence": "bad", "label": "7"}
        };
        assertEquals(List.of(f + ":" + line(format, 5) + ":" + column + ": field 'label': label '7' is outside 0..1"), messages(check));
        assertEquals(1, check.examples());
    }

    @Test
    void csvLineNumbersCountTheLinesInsideQuotedFields() throws Exception {
        Path f = write("csv", "sentence,label\r\n"
                + "\"first line\r\nsecond line\",1\r\n"
                + "\"a \"\"quoted\"\" word, and a comma\",0\n"
                + "\"x\n\ny\",7\n"
                + "good,9\n");
        DatasetCheck check = binary("csv").check(f);
        assertEquals(List.of(
                f + ":7:4: field 'label': label '7' is outside 0..1",
                f + ":8:6: field 'label': label '9' is outside 0..1"), messages(check));
        Files.writeString(f, "sentence,label\r\n\"first line\r\nsecond line\",1\r\n\"a \"\"quoted\"\" word, and a comma\",0\n");
        assertEquals(List.of(new Example("first line\nsecond line", null, 1), new Example("a \"quoted\" word, and a comma", null, 0)),
                binary("csv").readAll(f), "a line end inside quotes is read as LF; a doubled quote is one quote");
    }

    @Test
    void aLineLongerThanOneMebibyteIsRefusedWithoutBeingHeld() throws Exception {
        Path f = write("tsv", "sentence\tlabel\ngood\t1\n" + "x".repeat(3 << 20) + "\t0\nbad\t0\n");
        DatasetCheck check = binary("tsv").check(f);
        assertEquals(1, check.problems().size(), messages(check).toString());
        assertTrue(messages(check).get(0).startsWith(f + ":3:1: the line is longer than 1048576 bytes"), messages(check).toString());
        assertEquals(2, check.examples(), "the lines around it still read");
    }

    @Test
    void malformedCsvQuotingIsRefusedWhereItStarts() throws Exception {
        Path f = write("csv", "sentence,label\n\"never closed,1\ngood,0\n");
        assertEquals(List.of(f + ":2:1: field 'sentence': quoted field is not closed before the end of the file"),
                messages(binary("csv").check(f)));
        Files.writeString(f, "sentence,label\n\"closed\" early,1\ngood,0\n");
        DatasetCheck check = binary("csv").check(f);
        assertEquals(List.of(f + ":2:9: field 'sentence': characters after the closing quote (write a quote inside a quoted field as \"\")"),
                messages(check));
        assertEquals(1, check.examples(), "the next record still reads");
        Files.writeString(f, "sentence,label\nsay \"hi\" twice,1\n");
        assertEquals(List.of(new Example("say \"hi\" twice", null, 1)), binary("csv").readAll(f),
                "a quote inside an unquoted field is an ordinary character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void aMissingColumnIsNamedWithTheHeaderEscaped(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\t\uFEFFlabel", "good\t1"));
        String expected = format.equals("jsonl")
                ? f + ":1: no field 'label' in ['sentence', '\\uFEFFlabel']"
                : f + ":1: no column 'label' in header ['sentence', '\\uFEFFlabel']";
        assertEquals(List.of(expected), messages(binary(format).check(f)));
        DatasetException e = assertThrows(DatasetException.class, () -> binary(format).readAll(f));
        assertEquals(expected, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv"})
    void headerNamesAreNotTrimmedAndTheMessageSaysSo(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence \tlabel", "good\t1"));
        assertEquals(List.of(f + ":1: no column 'sentence' in header ['sentence ', 'label'] (column 1 is 'sentence '; header names are not trimmed)"),
                messages(binary(format).check(f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void invisibleCharactersInValuesAreEscapedInMessages(String format) throws Exception {
        DatasetReader reader = new DatasetReader(spec(format, List.of("sentence"), "label", Map.of("neg", 0, "pos", 1), null));
        Path f = write(format, render(format, "\n", "sentence\tlabel", "good\tpo\u200Bs\u0000", "fine\tne\u00A0g"));
        int[] columns = switch (format) {
            case "tsv", "csv" -> new int[]{6, 6};
            default -> new int[]{31, 31}; // {"sentence": "good", "label": ...
        };
        assertEquals(List.of(
                f + ":" + line(format, 2) + ":" + columns[0] + ": field 'label': label 'po\\u200Bs\\u0000' is not in the label map ['neg', 'pos']",
                f + ":" + line(format, 3) + ":" + columns[1] + ": field 'label': label 'ne\\u00A0g' is not in the label map ['neg', 'pos']"),
                messages(reader.check(f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void bytesThatAreNotUtf8AreRefusedWithTheirLineAndColumn(String format) throws Exception {
        String text = render(format, "\n", "sentence\tlabel", "good\t1", "caf@\t1", "fine\t0");
        int at = text.indexOf('@');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // é in Latin-1
        bytes.write(text.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve("d." + format);
        Files.write(f, bytes.toByteArray());
        int column = format.equals("jsonl") ? 18 : 4; // {"sentence": "caf
        DatasetCheck check = binary(format).check(f);
        assertEquals(List.of(f + ":" + line(format, 3) + ":" + column + ": not valid UTF-8 (byte 0xE9); save the file as UTF-8"),
                messages(check));
        assertEquals(2, check.examples(), "the lines around it still read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void duplicateNamesAreRefused(String format) throws Exception {
        String content = format.equals("jsonl")
                ? "{\"sentence\": \"a\", \"label\": \"1\", \"label\": \"0\"}\n"
                : render(format, "\n", "sentence\tlabel\tlabel", "a\t1\t0");
        Path f = write(format, content);
        String expected = format.equals("jsonl")
                ? f + ":1:33: duplicate field 'label'"
                : f + ":1:16: duplicate column 'label' (columns 2 and 3)";
        assertEquals(List.of(expected), messages(binary(format).check(f)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void labelsMustBeClassIndices(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\tlabel", "a\t7", "b\t-1", "c\tpositive", "d\t ", "e\t1"));
        int column = format.equals("jsonl") ? 28 : 3; // {"sentence": "a", "label": ...
        assertEquals(List.of(
                f + ":" + line(format, 2) + ":" + column + ": field 'label': label '7' is outside 0..1",
                f + ":" + line(format, 3) + ":" + column + ": field 'label': label '-1' is outside 0..1",
                f + ":" + line(format, 4) + ":" + column + ": field 'label': label 'positive' is not an integer; give a labelMap",
                f + ":" + line(format, 5) + ":" + column + ": field 'label': empty label"), messages(binary(format).check(f)));

        DatasetReader gap = new DatasetReader(spec(format, List.of("sentence"), "label", Map.of("no", 0, "yes", 3), null));
        Path g = write(format, render(format, "\n", "sentence\tlabel", "a\tyes", "b\tmaybe"));
        assertEquals(List.of(
                g + ":" + line(format, 2) + ":" + column + ": field 'label': label 'yes' maps to class 3, outside 0..1",
                g + ":" + line(format, 3) + ":" + column + ": field 'label': label 'maybe' is not in the label map ['no', 'yes']"),
                messages(gap.check(g)), "a label map that escaped validation still cannot reach training");

        DatasetReader unsized = new DatasetReader(spec(format, List.of("sentence"), "label", null, null));
        write(format, render(format, "\n", "sentence\tlabel", "a\t7", "b\t-1", "e\t1"));
        DatasetCheck check = unsized.check(f);
        assertEquals(f + ":" + line(format, 3) + ":" + column + ": field 'label': label '-1' is negative", messages(check).get(0));
        assertEquals(List.of(0, 1, 0, 0, 0, 0, 0, 1), check.classCounts(), "without a number of classes, counts reach the largest label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void emptyTextsAreProblemsForEitherTextOfAPair(String format) throws Exception {
        DatasetReader nli = new DatasetReader(spec(format, List.of("premise", "hypothesis"), "gold", NLI, null));
        Path f = write(format, render(format, "\n", "premise\thypothesis\tgold", "\ta dog\tneutral", "a cat\t  \tentailment", "x\ty\tneutral"));
        int[] columns = switch (format) {
            case "tsv", "csv" -> new int[]{1, 7};
            default -> new int[]{13, 36}; // {"premise": "", ... / {"premise": "a cat", "hypothesis": "  "
        };
        DatasetCheck check = nli.check(f);
        assertEquals(List.of(
                f + ":" + line(format, 2) + ":" + columns[0] + ": field 'premise': empty text",
                f + ":" + line(format, 3) + ":" + columns[1] + ": field 'hypothesis': empty text"), messages(check));
        assertEquals(List.of(0, 1, 0), check.classCounts());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv"})
    void recordsNeedAsManyFieldsAsTheHeader(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\tlabel", "good\t1", "too\tmany\tfields", "few"));
        assertEquals(List.of(f + ":3: 3 fields, the header has 2", f + ":4: 1 fields, the header has 2"),
                messages(binary(format).check(f)));
    }

    @Test
    void jsonlLinesMustBeOneObjectWithTextValues() throws Exception {
        Path f = write("jsonl", String.join("\n",
                "{\"sentence\": \"a\", \"label\": 1}",
                "{oops",
                "[1, 2]",
                "{\"sentence\": null, \"label\": 1}",
                "{\"sentence\": [\"a\"], \"label\": 1}",
                "{\"sentence\": \"a\", \"label\": 1} {}",
                "{\"sentence\": \"a\"}",
                "{\"sentence\": \"b\", \"label\": 0, \"extra\": {\"any\": [null]}}") + "\n");
        DatasetCheck check = binary("jsonl").check(f);
        assertEquals(List.of(
                f + ":2:2: bad JSON: Unexpected character ('o' (code 111)): was expecting double-quote to start field name",
                f + ":3:1: expected a JSON object, got an array",
                f + ":4:14: field 'sentence': null, expected a string",
                f + ":5:14: field 'sentence': an array, expected a string",
                f + ":6:31: characters after the JSON object",
                f + ":7: no field 'label' in ['sentence']"), messages(check));
        assertEquals(2, check.examples(), "a numeric label reads as its digits; other fields may hold anything");
    }

    @Test
    void jsonlNumbersAreTakenAsWritten() throws Exception {
        Path f = write("jsonl", "{\"sentence\": 1e2, \"label\": 1}\n{\"sentence\": 12345678901234567890.5, \"label\": 0}\n"
                + "{\"sentence\": \"a\", \"label\": 1e0}\n");
        DatasetCheck check = binary("jsonl").check(f);
        assertEquals(List.of(f + ":3:28: field 'label': label '1e0' is not an integer; give a labelMap"), messages(check));
        DatasetException e = assertThrows(DatasetException.class, () -> binary("jsonl").readAll(f));
        assertTrue(e.getMessage().contains("'1e0'"), e.getMessage());
        Files.writeString(f, "{\"sentence\": 1e2, \"label\": 1}\n{\"sentence\": 12345678901234567890.5, \"label\": 0}\n");
        assertEquals(List.of("1e2", "12345678901234567890.5"), binary("jsonl").readAll(f).stream().map(Example::text).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void aFileWithoutExamplesIsAProblem(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\tlabel", "", "  "));
        assertEquals(List.of(f + ": no examples"), messages(binary(format).check(f)));
        DatasetException e = assertThrows(DatasetException.class, () -> binary(format).readAll(f));
        assertEquals(f + ": no examples", e.getMessage());

        Files.writeString(f, "\n \n");
        String expected = format.equals("jsonl") ? f + ": no examples" : f + ": no header row: the file is empty";
        assertEquals(List.of(expected), messages(binary(format).check(f)));
        assertEquals(List.of(dir.resolve("absent") + ": no such file"), messages(binary(format).check(dir.resolve("absent"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void manyProblemsAreCappedWithACount(String format) throws Exception {
        List<String> lines = new ArrayList<>(List.of("sentence\tlabel"));
        for (int i = 0; i < 30; i++) {
            lines.add(i % 6 == 0 ? "fine\t" + (i % 12 == 0 ? 0 : 1) : "bad " + i + "\t9");
        }
        Path f = write(format, render(format, "\n", lines.toArray(String[]::new)));
        DatasetCheck check = binary(format).check(f);
        assertEquals(20, check.problems().size());
        assertEquals(5, check.moreProblems());
        assertEquals(25, check.problemCount());
        assertFalse(check.ok());
        assertEquals(5, check.examples());
        assertEquals(List.of(3, 2), check.classCounts());
        assertEquals("and 5 more problems", check.report().get(20));
        assertEquals(21, check.report().size());
        assertTrue(check.report().get(0).startsWith(f + ":" + line(format, 3) + ":"), check.report().get(0));
        assertEquals(23, binary(format).check(f, 2).moreProblems(), "the limit is the caller's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "csv", "jsonl"})
    void readStopsAtTheFirstProblemWithTheMessageCheckGivesIt(String format) throws Exception {
        Path f = write(format, render(format, "\n", "sentence\tlabel", "good\t1", "\t7", "bad\tx"));
        DatasetCheck check = binary(format).check(f);
        assertEquals(3, check.problemCount(), check.report().toString());
        DatasetException e = assertThrows(DatasetException.class, () -> binary(format).readAll(f));
        assertEquals(check.problems().get(0), e.problem());
        assertEquals(check.problems().get(0).toString(), e.getMessage());
    }

    @Test
    void aClassThatNeverOccursIsAWarningNotAProblem() throws Exception {
        Path f = write("tsv", render("tsv", "\n", "premise\thypothesis\tgold", "a\tb\tneutral", "c\td\tentailment"));
        DatasetCheck check = new DatasetReader(spec("tsv", List.of("premise", "hypothesis"), "gold", NLI, null)).check(f);
        assertTrue(check.ok());
        assertEquals(List.of(1, 1, 0), check.classCounts());
        assertEquals(List.of("warning: " + f + ": class 2 ('contradiction') never occurs"), check.report());

        Path g = write("csv", render("csv", "\n", "sentence\tlabel", "a\t0", "b\t2"));
        DatasetCheck three = new DatasetReader(spec("csv", List.of("sentence"), "label", null, 3)).check(g);
        assertEquals(List.of(g + ": class 1 never occurs"), three.warnings().stream().map(DatasetProblem::toString).toList());
    }

    @Test
    void readsTheSharedDatasetsInEveryFormat() throws Exception {
        Path data = SharedData.dir();
        DatasetReader sst2Reader = binary("tsv");
        List<Example> sst2 = sst2Reader.readAll(data.resolve("sst2/dev.tsv"));
        assertEquals(872, sst2.size());
        assertEquals("it 's a charming and often affecting journey . ", sst2.get(0).text());
        assertEquals(1, sst2.get(0).label());
        assertEquals(null, sst2.get(0).pair());
        DatasetCheck sst2Check = sst2Reader.check(data.resolve("sst2/dev.tsv"));
        assertTrue(sst2Check.ok() && sst2Check.warnings().isEmpty(), sst2Check.report().toString());
        assertEquals(872, sst2Check.classCounts().stream().mapToInt(Integer::intValue).sum());

        List<Example> mnli = new DatasetReader(spec("jsonl", List.of("premise", "hypothesis"), "label", NLI, null))
                .readAll(data.resolve("nli/mnli_dev.jsonl"));
        assertEquals(9815, mnli.size());
        assertEquals("The new rights are nice enough", mnli.get(0).text());
        assertEquals("Everyone really likes the newest benefits ", mnli.get(0).pair());
        assertEquals(1, mnli.get(0).label());

        List<Example> rte = new DatasetReader(spec("tsv", List.of("sentence1", "sentence2"), "label",
                Map.of("entailment", 0, "not_entailment", 1), null)).readAll(data.resolve("rte/dev.tsv"));
        assertEquals(277, rte.size());

        List<Example> ag = new DatasetReader(spec("tsv", List.of("description"), "label",
                Map.of("1", 0, "2", 1, "3", 2, "4", 3), null)).readAll(data.resolve("ag_news/test.tsv"));
        assertEquals(7600, ag.size());
        assertEquals(2, ag.get(0).label(), "Business (3) maps to class 2");
    }

    /**
     * MNLI has no train split here, so a study cuts train and dev from its published dev set: the two
     * parts share no example, together are the whole file, keep file order, and the same seed always
     * cuts the same rows (read from ../shared/data, checked against the file's own lines).
     */
    @Test
    void splitsCutFromOneFileAreDisjointCompleteAndRepeatable() throws Exception {
        Path mnli = SharedData.dir().resolve("nli/mnli_dev.jsonl");
        Map<String, DatasetSpec.Rows> rows = Map.of("train", new DatasetSpec.Rows(0.0, 0.8, 7L),
                "dev", new DatasetSpec.Rows(0.8, 1.0, 7L));
        DatasetSpec d = new DatasetSpec("jsonl", List.of("premise", "hypothesis"), "label", NLI, null,
                Map.of("train", "nli/mnli_dev.jsonl", "dev", "nli/mnli_dev.jsonl"), rows);
        List<Example> all = new DatasetReader(d).readAll(mnli);
        List<Example> train = new DatasetReader(d).readSplit(mnli, "train");
        List<Example> dev = new DatasetReader(d).readSplit(mnli, "dev");
        assertEquals(9815, all.size());
        assertEquals(7852, train.size(), "floor(0.8 · 9815) rows");
        assertEquals(9815 - 7852, dev.size());
        java.util.IdentityHashMap<Example, Boolean> seen = new java.util.IdentityHashMap<>();
        train.forEach(e -> seen.put(e, true));
        dev.forEach(e -> assertFalse(seen.containsKey(e), "a dev example is also a training example"));
        List<Integer> trainAt = new ArrayList<>();
        List<Integer> devAt = new ArrayList<>();
        for (int i = 0, t = 0, v = 0; i < all.size(); i++) { // both in file order, together every row once
            if (t < train.size() && train.get(t).equals(all.get(i))) {
                trainAt.add(i);
                t++;
            } else {
                assertEquals(all.get(i), dev.get(v++), "row " + i + " is in neither part, or out of order");
                devAt.add(i);
            }
        }
        assertEquals(train.size(), trainAt.size());
        assertEquals(dev.size(), devAt.size());
        assertEquals(train, new DatasetReader(d).readSplit(mnli, "train"), "the same seed cuts the same rows");
        DatasetSpec other = new DatasetSpec("jsonl", List.of("premise", "hypothesis"), "label", NLI, null, d.splits(),
                Map.of("train", new DatasetSpec.Rows(0.0, 0.8, 8L), "dev", new DatasetSpec.Rows(0.8, 1.0, 8L)));
        assertFalse(train.equals(new DatasetReader(other).readSplit(mnli, "train")), "another seed cuts other rows");
        assertEquals(all, new DatasetReader(d).readSplit(mnli, "test"), "a split without rows reads every row");
    }
}
