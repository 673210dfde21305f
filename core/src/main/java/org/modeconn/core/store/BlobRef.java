package org.modeconn.core.store;

import java.util.regex.Pattern;

/**
 * Where a blob lives and what it must hash to: travels in every event that points at a blob, so that
 * the reader can verify what it got. {@code uri} is {@code s3://bucket/key}.
 */
public record BlobRef(String uri, String sha256, long bytes) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BlobRef {
        if (uri == null || !uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("blob uri must be s3://bucket/key, got " + uri);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
    }

    public static BlobRef of(String bucket, String key, String sha256, long bytes) {
        return new BlobRef("s3://" + bucket + "/" + key, sha256, bytes);
    }

    public String bucket() {
        return uri.substring(5, uri.indexOf('/', 5));
    }

    public String key() {
        return uri.substring(uri.indexOf('/', 5) + 1);
    }
}
