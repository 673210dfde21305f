package org.modeconn.core.report;

/**
 * How much room the charts' text takes, estimated without a font at hand (the SVG is drawn later, by a browser or
 * Batik, with whatever sans-serif it has): average advances of DejaVu Sans, the font the report's images use, as
 * fractions of the font size. Used to keep titles and legend names inside the canvas.
 */
final class ChartText {
    /** Average advance of DejaVu Sans, em (a legend character at 11 px: about 6.5 px). */
    static final double REGULAR_EM = 0.59;
    /** Average advance of DejaVu Sans Bold, em. */
    static final double BOLD_EM = 0.66;
    /** The title's font size when it fits, and the smallest it shrinks to, pixels. */
    static final int TITLE_SIZE = 14, MIN_TITLE_SIZE = 9;

    private ChartText() {
    }

    /** A chart's drawing with a title at its plot's left edge: the title's size and text as the template draws them. */
    interface Titled {
        String title();

        int width();

        int left();

        /** The title's font size: 14 pixels, or smaller (down to 9) for a title too long for the canvas. */
        default int titleSize() {
            return ChartText.titleSize(title(), width() - left() - 8);
        }

        /** The title as drawn: whole, or cut with "…" if it does not fit even at 9 pixels. */
        default String titleText() {
            return ChartText.titleText(title(), width() - left() - 8);
        }
    }

    /** The bold title's font size (pixels) that fits {@code title} into {@code room} pixels, within [9, 14]. */
    static int titleSize(String title, int room) {
        int fits = (int) Math.floor(room / (BOLD_EM * Math.max(1, title.length())));
        return Math.max(MIN_TITLE_SIZE, Math.min(TITLE_SIZE, fits));
    }

    /** {@code title}, cut with "…" if it does not fit into {@code room} pixels even at the smallest size. */
    static String titleText(String title, int room) {
        return cut(title, (int) (room / (BOLD_EM * MIN_TITLE_SIZE)));
    }

    /** {@code text} if it has at most {@code chars} characters, else its first {@code chars − 1} and "…". */
    static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, Math.max(0, chars - 1)) + "…";
    }
}
