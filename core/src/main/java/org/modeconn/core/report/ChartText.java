package org.modeconn.core.report;

/**
 * How much room the charts' text takes, computed without a font at hand (the SVG is drawn later, by a browser or
 * Batik, with whatever sans-serif it has): the advance widths of DejaVu Sans, the sans-serif of Debian's JVMs and so
 * of the report's PNG images, which is wider than Arial or Helvetica, so text that fits here fits in those too.
 * Used to keep titles and legend names inside the canvas.
 */
final class ChartText {
    /** DejaVu Sans advances of the characters 32 (space) to 126 (~), thousandths of an em (measured with AWT). */
    private static final short[] REGULAR = {318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318,
            337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770,
            632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685,
            390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635,
            635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838};
    /** The same for DejaVu Sans Bold. */
    private static final short[] BOLD = {348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380,
            365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830,
            683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725,
            457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716,
            716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838};
    /** The advance assumed for any other character (→ is 0.84 em, … 1.0, ε 0.54), thousandths of an em. */
    private static final int OTHER = 1000;
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
            return ChartText.fit(title(), width() - left() - 8, MIN_TITLE_SIZE, true);
        }
    }

    /** The width of {@code text} at {@code size} pixels, in pixels. */
    static double width(String text, double size, boolean bold) {
        short[] table = bold ? BOLD : REGULAR;
        long milli = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            milli += c >= 32 && c <= 126 ? table[c - 32] : OTHER;
        }
        return milli * size / 1000.0;
    }

    /** The bold title's font size (pixels) that fits {@code title} into {@code room} pixels, within [9, 14]. */
    static int titleSize(String title, double room) {
        for (int size = TITLE_SIZE; size > MIN_TITLE_SIZE; size--) {
            if (width(title, size, true) <= room) {
                return size;
            }
        }
        return MIN_TITLE_SIZE;
    }

    /** {@code text} if it fits into {@code room} pixels, else its longest start that fits with "…" after it. */
    static String fit(String text, double room, double size, boolean bold) {
        if (width(text, size, bold) <= room) {
            return text;
        }
        int n = text.length();
        while (n > 0 && width(text.substring(0, n) + "…", size, bold) > room) {
            n--;
        }
        return text.substring(0, n) + "…";
    }
}
