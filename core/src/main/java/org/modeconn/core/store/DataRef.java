package org.modeconn.core.store;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A location of study input (a dataset split, a corpus file, a base-model directory) with, optionally,
 * the SHA-256 of the content it must name: {@code s3://bucket/key#sha256=HEX}. The hash is part of the
 * spec's text and therefore of the study id, so changed input makes a new study and identical input
 * resumes the old one; readers verify what they fetch against it. For a directory (a prefix ending in
 * '/') the hash is {@link #treeHash} over its files. Locations without a hash ({@code file:}, absolute
 * paths, unpinned {@code s3://}) are accepted as they are.
 *
 * @param location the location without the fragment
 * @param sha256   64 lowercase hex digits, or null when the reference is not pinned
 */
public record DataRef(String location, String sha256) {
    private static final String FRAGMENT = "#sha256=";
    private static final String FILE = "file:";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DataRef {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no location given");
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("the sha256 of " + location + " must be 64 lowercase hex digits, got '" + sha256 + "'");
        }
    }

    /**
     * Parses {@code LOCATION} or {@code LOCATION#sha256=HEX}.
     *
     * @throws IllegalArgumentException for an empty location or a malformed hash
     */
    public static DataRef parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no location given");
        }
        int at = text.indexOf('#');
        if (at < 0) {
            return new DataRef(text, null);
        }
        if (!text.startsWith(FRAGMENT, at)) {
            throw new IllegalArgumentException("'" + text + "': the only fragment a location may carry is " + FRAGMENT + "HEX");
        }
        return new DataRef(text.substring(0, at), text.substring(at + FRAGMENT.length()));
    }

    /** A reference to {@code s3://bucket/key} pinned to {@code sha256}. */
    public static DataRef pinned(String bucket, String key, String sha256) {
        return new DataRef("s3://" + bucket + "/" + key, sha256);
    }

    /** Whether the location is {@code s3://...} (else it is a local path, {@link #localPath()}). */
    public boolean inObjectStore() {
        return location.startsWith("s3://");
    }

    /**
     * A local location as a path: {@code file:} removed, relative paths left relative.
     *
     * @throws IllegalArgumentException for an object-store location
     */
    public java.nio.file.Path localPath() {
        if (inObjectStore()) {
            throw new IllegalArgumentException(location + " is in the object store, not a local path");
        }
        return java.nio.file.Path.of(location.startsWith(FILE) ? location.substring(FILE.length()) : location);
    }

    public Optional<String> hash() {
        return Optional.ofNullable(sha256);
    }

    /** The object key of an {@code s3://} location in {@code bucket}. */
    public String key(String bucket) {
        String prefix = "s3://" + bucket + "/";
        if (!location.startsWith(prefix)) {
            throw new IllegalArgumentException(location + " is not in this deployment's bucket " + bucket);
        }
        return location.substring(prefix.length());
    }

    /**
     * The hash of a directory: SHA-256 of the lines {@code "<sha256 of file>  <file name>\n"} sorted by
     * name (the output of {@code sha256sum *} in a sorted directory), so it is computable from a listing.
     */
    public static String treeHash(java.util.SortedMap<String, String> fileHashes) {
        StringBuilder lines = new StringBuilder();
        fileHashes.forEach((name, sha) -> lines.append(sha).append("  ").append(name).append('\n'));
        return Sha256.of(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return sha256 == null ? location : location + FRAGMENT + sha256;
    }
}
