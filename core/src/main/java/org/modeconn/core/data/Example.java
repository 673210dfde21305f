package org.modeconn.core.data;

/**
 * One labelled example.
 *
 * @param text  the text, or the first text of a pair
 * @param pair  the second text of a pair (NLI), {@code null} for single texts
 * @param label the class index, 0..k-1
 */
public record Example(String text, String pair, int label) {
}
