package org.modeconn.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of checking a whole dataset file ({@link DatasetReader#check(Path)}).
 *
 * @param file         the file checked
 * @param examples     examples that passed every check
 * @param classCounts  examples per class index: element {@code i} counts class {@code i}, for every class
 *                     of the spec (or up to the largest index seen where the spec gives no number)
 * @param problems     the first problems found, in file order, at most the checker's limit
 * @param moreProblems problems found beyond those listed
 * @param warnings     things that do not stop training but deserve a look: a class that never occurs
 */
public record DatasetCheck(Path file, int examples, List<Integer> classCounts, List<DatasetProblem> problems,
                           int moreProblems, List<DatasetProblem> warnings) {

    /** Copies the lists. */
    public DatasetCheck {
        classCounts = List.copyOf(classCounts);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** True if the file has no problems (warnings allowed). */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** Every problem found, listed or not. */
    public int problemCount() {
        return problems.size() + moreProblems;
    }

    /**
     * The problems one a line ({@code file:line:column: message}), then {@code and K more problem(s)}
     * if some were left out, then each warning as {@code warning: file: message}.
     */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add(p.toString()));
        if (moreProblems > 0) {
            lines.add("and " + moreProblems + " more problem" + (moreProblems == 1 ? "" : "s"));
        }
        warnings.forEach(w -> lines.add("warning: " + w));
        return lines;
    }
}
