package org.modeconn.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.spec.DatasetSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReaderTest {
    @TempDir
    Path dir;

    private static DatasetSpec spec(String format, List<String> text, String label, Map<String, Integer> map, Integer n) {
        return new DatasetSpec(format, text, label, map, n, Map.of());
    }

    @Test
    void readsTheSharedDatasetsInEveryFormat() throws Exception {
        Path data = SharedData.dir();
        List<Example> sst2 = new DatasetReader(spec("tsv", List.of("sentence"), "label", null, 2)).readAll(data.resolve("sst2/dev.tsv"));
        assertEquals(872, sst2.size());
        assertEquals("it 's a charming and often affecting journey . ", sst2.get(0).text());
        assertEquals(1, sst2.get(0).label());
        assertNull(sst2.get(0).pair());

        Map<String, Integer> nli = Map.of("entailment", 0, "neutral", 1, "contradiction", 2);
        List<Example> mnli = new DatasetReader(spec("jsonl", List.of("premise", "hypothesis"), "label", nli, null))
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

    @Test
    void csvWithQuotes() throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "text,label\n\"hello, world\",1\n\"she said \"\"no\"\"\",0\n");
        List<Example> rows = new DatasetReader(spec("csv", List.of("text"), "label", null, 2)).readAll(f);
        assertEquals(List.of(new Example("hello, world", null, 1), new Example("she said \"no\"", null, 0)), rows);
    }

    @Test
    void badRowsNameFileLineAndProblem() throws Exception {
        DatasetReader tsv = new DatasetReader(spec("tsv", List.of("sentence"), "label", null, 2));
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "sentence\tlabel\ngood\t1\ntoo\tmany\tfields\n");
        DatasetException e = assertThrows(DatasetException.class, () -> tsv.readAll(f));
        assertTrue(e.getMessage().contains("bad.tsv:3: 3 fields, the header has 2"), e.getMessage());

        Files.writeString(f, "sentence\tlabel\ngood\t7\n");
        e = assertThrows(DatasetException.class, () -> tsv.readAll(f));
        assertTrue(e.getMessage().contains("bad.tsv:2: label 7 is outside 0..1"), e.getMessage());

        Files.writeString(f, "sentence\tlabel\ngood\tpositive\n");
        e = assertThrows(DatasetException.class, () -> tsv.readAll(f));
        assertTrue(e.getMessage().contains("give a labelMap"), e.getMessage());

        Files.writeString(f, "text\tlabel\ngood\t1\n");
        e = assertThrows(DatasetException.class, () -> tsv.readAll(f));
        assertTrue(e.getMessage().contains("no column 'sentence'"), e.getMessage());

        Path j = dir.resolve("bad.jsonl");
        Files.writeString(j, "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"neutral\"}\n{oops\n");
        DatasetReader jsonl = new DatasetReader(spec("jsonl", List.of("premise", "hypothesis"), "label", Map.of("neutral", 1), null));
        e = assertThrows(DatasetException.class, () -> jsonl.readAll(j));
        assertTrue(e.getMessage().contains("bad.jsonl:2: not a JSON object"), e.getMessage());

        Files.writeString(j, "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"maybe\"}\n");
        e = assertThrows(DatasetException.class, () -> jsonl.readAll(j));
        assertTrue(e.getMessage().contains("label 'maybe' is not in the label map"), e.getMessage());

        e = assertThrows(DatasetException.class, () -> jsonl.readAll(dir.resolve("missing.jsonl")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
