package org.modeconn.core.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.modeconn.core.store.DataRef;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model references and evaluation targets: each form parsed into its type and written back as it was. */
class ReferencesTest {
    private static final String SHA = "ab".repeat(32);

    @ParameterizedTest
    @ValueSource(strings = {"builtin:all-MiniLM-L6-v2", "s3://bucket/models/m/", "s3://bucket/models/m",
            "s3://bucket/models/m/#sha256=abababababababababababababababababababababababababababababababab",
            "pretrain:tiny@40", "models/local", "/abs/dir", "file:/abs/dir", "file:rel/dir"})
    void everyModelReferencePrintsBackAsWritten(String text) {
        assertEquals(text, ModelRef.parse(text).toString());
    }

    @Test
    void modelReferencesParseIntoTheirKinds() {
        assertEquals(new ModelRef.Builtin("all-MiniLM-L6-v2"), ModelRef.parse("builtin:all-MiniLM-L6-v2"));
        assertEquals(new ModelRef.PretrainStep("tiny", 40), ModelRef.parse("pretrain:tiny@40"));
        ModelRef.Stored stored = assertInstanceOf(ModelRef.Stored.class, ModelRef.parse("s3://b/m/#sha256=" + SHA));
        assertEquals(new DataRef("s3://b/m/", SHA), stored.ref());
        assertEquals(Path.of("/abs/dir"), assertInstanceOf(ModelRef.LocalDir.class, ModelRef.parse("file:/abs/dir")).path());
        assertEquals(Path.of("rel/dir"), assertInstanceOf(ModelRef.LocalDir.class, ModelRef.parse("rel/dir")).path());
        assertEquals("/x/y", ModelRef.LocalDir.of(Path.of("/x/y")).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "builtin:gpt-5|unknown built-in model 'gpt-5' (known: [all-MiniLM-L6-v2])",
            "pretrain:tiny|a pre-training reference reads pretrain:RUN@STEP",
            "pretrain:tiny@x|a pre-training reference reads pretrain:RUN@STEP",
            "pretrain:tiny@050|without leading zeros",
            "pretrain:@5|a pre-training reference reads pretrain:RUN@STEP",
            "pretrain:tiny@0|a pre-training reference reads pretrain:RUN@STEP",
            "s3://bucket|an object-store model reads s3://bucket/prefix, got 's3://bucket'",
            "s3:///models|an object-store model reads s3://bucket/prefix",
            "s3://b/m#md5=00|the only fragment a location may carry is #sha256=HEX",
            "s3://b/m#sha256=XYZ|must be 64 lowercase hex digits",
            "https://hf.co/m|unsupported model location 'https://hf.co/m' (use builtin:, pretrain:, s3:// or a local directory)",
            "' '|no model reference given"})
    void malformedModelReferencesSayWhatIsWrong(String text, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelRef.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aNullModelReferenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse(null));
    }

    @Test
    void evaluationTargetsAreDatasetSlashSplit() {
        EvalTarget t = EvalTarget.parse("sst2/dev");
        assertEquals(new EvalTarget("sst2", "dev"), t);
        assertEquals("sst2/dev", t.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2", "/dev", "sst2/", "a/b/c", ""})
    void malformedEvaluationTargetsAreRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> EvalTarget.parse(text));
        assertEquals("write evaluation targets as dataset/split, got '" + text + "'", e.getMessage());
    }

    @Test
    void aDataRefGivesItsLocalPath() {
        assertEquals(Path.of("/data/x.tsv"), DataRef.parse("file:/data/x.tsv#sha256=" + SHA).localPath());
        assertEquals(Path.of("x.tsv"), DataRef.parse("x.tsv").localPath());
        assertThrows(IllegalArgumentException.class, () -> DataRef.parse("s3://b/x.tsv").localPath());
    }
}
