package org.modeconn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * A synthetic sentiment task, generated (deterministically, from a seed) so that the quick start runs
 * on a machine without any downloaded data. Sentences are templates over product nouns and polar
 * adjectives; negation ("not", "never") flips the label and intensifiers add noise words, so the task
 * needs more than a word list but a pre-trained encoder learns it in a few dozen steps.
 */
@Command(name = "synthetic-data", description = {"Write the synthetic sentiment task of the quick start (train.tsv, dev.tsv).",
        "Deterministic: the same seed gives the same files."})
final class SyntheticDataCommand implements Callable<Integer> {
    static final String[] NOUNS = {"film", "book", "phone", "meal", "hotel", "concert", "game", "camera", "service",
            "album", "show", "coffee", "laptop", "story", "trip", "chair"};
    static final String[] GOOD = {"good", "great", "wonderful", "excellent", "delightful", "superb", "lovely", "brilliant",
            "pleasant", "charming"};
    static final String[] BAD = {"bad", "awful", "terrible", "boring", "dreadful", "poor", "disappointing", "dull",
            "horrible", "mediocre"};
    static final String[] INTENSIFIERS = {"", "", "really ", "very ", "quite ", "truly ", "rather "};
    static final String[] TEMPLATES = {"the %s was %s%s%s .", "i thought the %s was %s%s%s .", "honestly , this %s is %s%s%s .",
            "my friends said the %s was %s%s%s .", "overall the %s felt %s%s%s ."};

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "folder for train.tsv and dev.tsv")
    Path out;

    @Option(names = "--train", description = "training examples (default: ${DEFAULT-VALUE})")
    int train = 2000;

    @Option(names = "--dev", description = "dev examples (default: ${DEFAULT-VALUE})")
    int dev = 200;

    @Option(names = "--seed", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed = 7;

    @Override
    public Integer call() throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(out);
        write(out.resolve("train.tsv"), examples(random, train));
        write(out.resolve("dev.tsv"), examples(random, dev));
        spec.commandLine().getOut().printf("wrote %d training and %d dev examples to %s%n", train, dev, out);
        return ExitCodes.OK;
    }

    /** Labelled sentences, balanced in expectation: 1 = positive, 0 = negative. */
    static List<String> examples(Random random, int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positiveWord = random.nextBoolean();
            boolean negated = random.nextInt(4) == 0;
            String adjective = positiveWord ? GOOD[random.nextInt(GOOD.length)] : BAD[random.nextInt(BAD.length)];
            String negation = negated ? (random.nextBoolean() ? "not " : "never ") : "";
            String sentence = String.format(TEMPLATES[random.nextInt(TEMPLATES.length)], NOUNS[random.nextInt(NOUNS.length)],
                    negation, INTENSIFIERS[random.nextInt(INTENSIFIERS.length)], adjective);
            rows.add(sentence + "\t" + (positiveWord != negated ? 1 : 0));
        }
        return rows;
    }

    private static void write(Path file, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("sentence\tlabel");
        lines.addAll(rows);
        Files.write(file, lines);
    }
}
